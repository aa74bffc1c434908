//! What every workbook target shares: the readers take a path (they check the file's size
//! and kind before calamine opens it), so the input is written to a file first.

use std::path::{Path, PathBuf};

/// The one scratch file of this fuzzing process, with the extension the reader dispatches
/// on (`m.xlsx`, `m.xls`, `m.ods`).
fn scratch(ext: &str) -> PathBuf {
    std::env::temp_dir().join(format!("juesuan-fuzz-{}.{ext}", std::process::id()))
}

/// Writes `data` as a workbook with extension `ext` and hands its path to `read`; a reader
/// error must be a message naming the file (a clerk has several workbooks open).
pub fn read_workbook<E: std::fmt::Display>(
    data: &[u8],
    ext: &str,
    read: impl FnOnce(&Path) -> Result<(), E>,
) {
    let path = scratch(ext);
    if std::fs::write(&path, data).is_err() {
        return;
    }
    if let Err(e) = read(&path) {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let message = e.to_string();
        assert!(
            message.contains(name),
            "error without the file name: {message}"
        );
    }
}
