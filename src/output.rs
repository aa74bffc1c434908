//! Writing the PDF safely: a temporary file in the same folder, then a rename, so a
//! failed run never leaves a partial PDF and never replaces the previous good one.

use std::io::Write;
use std::path::{Path, PathBuf};

/// The default output name pattern (a district may set its own in 设置.toml).
pub const DEFAULT_PATTERN: &str = "{部门名称}{年度}年度部门决算公开.pdf";

/// `{部门名称}{年度}年度部门决算公开.pdf`, made safe: no path separators, no `..`, no
/// control characters, whatever the department name holds.
pub fn default_file_name(department: &str, year: i32) -> String {
    file_name(DEFAULT_PATTERN, department, year)
}

/// The output name from a pattern with `{部门名称}` and `{年度}`, made safe the same way:
/// the result is always one plain file name ending in `.pdf`.
pub fn file_name(pattern: &str, department: &str, year: i32) -> String {
    let pattern = pattern.trim();
    let pattern = pattern
        .strip_suffix(".pdf")
        .or_else(|| pattern.strip_suffix(".PDF"))
        .unwrap_or(pattern);
    let pattern = safe_chars(pattern).replace("{年度}", &year.to_string());
    // A long name is cut in the department part, so the year and the rest of the
    // pattern stay (two long names of different years never collide).
    let rest = pattern.replace("{部门名称}", "").len();
    let department = cut_to_bytes(&safe_chars(department), MAX_NAME_BYTES.saturating_sub(rest));
    let mut safe = cut_to_bytes(&pattern.replace("{部门名称}", &department), MAX_NAME_BYTES);
    while safe.starts_with('.') {
        safe.remove(0);
    }
    if safe.trim().is_empty() {
        safe = format!("部门决算公开{year}");
    }
    format!("{safe}.pdf")
}

/// When the file name cannot hold the department name as written (characters a file
/// name cannot have, a name cut for length, leading dots): what it holds instead, to say.
pub fn name_note(pattern: &str, department: &str, year: i32) -> Option<String> {
    let name = file_name(pattern, department, year);
    (pattern.contains("{部门名称}") && !name.contains(department))
        .then(|| format!("部门名称“{department}”不能原样用作文件名，文件名为 {name}"))
}

/// File systems allow 255 bytes per name; the temporary name adds a dot, the process id
/// and `.tmp` (about 25 bytes), and `.pdf` comes on top.
const MAX_NAME_BYTES: usize = 200;

/// No path separators, no control characters, and no invisible format characters (a
/// right-to-left override turns `…gnp.exe` around on screen).
fn safe_chars(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}'))
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect()
}

/// At most `max` bytes of `text`, cut at a character boundary.
fn cut_to_bytes(text: &str, max: usize) -> String {
    let mut end = 0;
    for (i, c) in text.char_indices() {
        if i + c.len_utf8() > max {
            break;
        }
        end = i + c.len_utf8();
    }
    text[..end].to_string()
}

/// Why a file could not be written, for a clerk.
pub fn write_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "文件夹不存在且无法创建".into(),
        PermissionDenied | ReadOnlyFilesystem => "没有写入权限".into(),
        AlreadyExists | NotADirectory => "路径中有同名文件，挡住了要创建的文件夹".into(),
        IsADirectory => "这是一个文件夹，请给出文件名".into(),
        StorageFull => "磁盘已满".into(),
        _ => e.to_string(),
    }
}

/// Write `bytes` to `path` through a temporary file and a rename. Only a `.pdf` is ever
/// written (a mistyped `-o 公开表.xlsx` must not destroy the workbook), and a PDF the
/// user made read-only is left alone.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let is_pdf = path
        .extension()
        .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case("pdf"));
    if !is_pdf {
        return Err(std::io::Error::other(
            "输出文件名应以 .pdf 结尾（以免覆盖工作簿或其他文件）",
        ));
    }
    if std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly()) {
        return Err(std::io::Error::other(
            "已有的同名 PDF 是只读文件，未覆盖；如需替换，请先取消其只读属性",
        ));
    }
    replace_file(path, bytes)
}

/// Write `bytes` to `path` through a hidden temporary file in the same folder and a
/// rename: a failed write (a full disk) leaves the previous file, or none, never a
/// truncated one. For the PDF, the case's profile and workbook, the view dump.
pub fn replace_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir)?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out.pdf".into());
    // Unique per process and per call: batch threads never share a temporary file.
    static SEQ: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let seq = SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = dir.join(format!(".{file_name}.{}-{seq}.tmp", std::process::id()));
    in_flight().push(tmp.clone());
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    in_flight().retain(|t| t != &tmp);
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    } else {
        remove_abandoned_temporaries(&dir, &file_name);
    }
    result
}

/// Temporary files being written now, by any thread.
fn in_flight() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    static FILES: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());
    FILES.lock().unwrap_or_else(|e| e.into_inner())
}

/// Remove the temporary files still being written: a run stopped by Ctrl+C leaves no
/// hidden half-written file behind (the PDFs themselves are only ever renamed into
/// place, so none of them is half-written).
pub fn remove_unfinished() {
    for tmp in in_flight().drain(..) {
        let _ = std::fs::remove_file(tmp);
    }
}

/// A run stopped (a power cut, a kill) while writing leaves its hidden temporary file
/// (`.NAME.pdf.PID-N.tmp`): the next run that writes the same PDF removes those whose
/// process no longer runs. Only where that can be told (Linux's /proc).
fn remove_abandoned_temporaries(dir: &Path, file_name: &str) {
    if !cfg!(target_os = "linux") || !Path::new("/proc/self").exists() {
        return;
    }
    let prefix = format!(".{file_name}.");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".tmp"))
            .and_then(|rest| rest.split_once('-'))
            .and_then(|(pid, seq)| {
                seq.bytes().all(|b| b.is_ascii_digit()).then_some(pid)?;
                pid.parse::<u32>().ok()
            })
        else {
            continue;
        };
        if pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The temporary file of a run that was stopped goes with the next write of the same
    /// PDF; a running process's, and other files, stay.
    #[cfg(target_os = "linux")]
    #[test]
    fn an_abandoned_temporary_goes_with_the_next_write() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        // No process has this number (Linux's pid_max is at most 4,194,304).
        let abandoned = d.join(".a.pdf.999999999-0.tmp");
        let running = d.join(format!(".a.pdf.{}-77.tmp", std::process::id()));
        let other = d.join(".b.pdf.999999999-0.tmp");
        for f in [&abandoned, &running, &other] {
            std::fs::write(f, b"x").unwrap();
        }
        write_atomically(&d.join("a.pdf"), b"%PDF").unwrap();
        assert!(!abandoned.exists());
        assert!(running.exists() && other.exists());
        assert_eq!(std::fs::read(d.join("a.pdf")).unwrap(), b"%PDF");
    }

    /// A department name the file name cannot hold as written is said, with the name.
    #[test]
    fn a_changed_department_name_is_said() {
        assert_eq!(
            name_note(DEFAULT_PATTERN, "中共长治市屯留区委组织部", 2023),
            None
        );
        assert_eq!(
            name_note(DEFAULT_PATTERN, "..", 2023).as_deref(),
            Some("部门名称“..”不能原样用作文件名，文件名为 2023年度部门决算公开.pdf")
        );
        assert_eq!(
            name_note(DEFAULT_PATTERN, "应急局/区地震局", 2023).as_deref(),
            Some("部门名称“应急局/区地震局”不能原样用作文件名，文件名为 应急局_区地震局2023年度部门决算公开.pdf")
        );
        assert!(name_note(DEFAULT_PATTERN, &"很长的部门名称".repeat(20), 2023).is_some());
    }

    #[test]
    fn names_cannot_escape() {
        assert_eq!(
            default_file_name("中共长治市屯留区委组织部", 2023),
            "中共长治市屯留区委组织部2023年度部门决算公开.pdf"
        );
        assert_eq!(
            file_name("{年度}/{部门名称}决算.pdf", "x", 2024),
            "2024_x决算.pdf"
        );
        let n = default_file_name("../../etc/x\u{7}", 2023);
        assert!(
            !n.contains('/') && !n.starts_with('.') && !n.contains('\u{7}'),
            "{n}"
        );
    }

    #[test]
    fn atomic_write_replaces_whole_file() {
        let dir = std::env::temp_dir().join(format!("juesuan-out-{}", std::process::id()));
        let p = dir.join("a.pdf");
        write_atomically(&p, b"one").unwrap();
        write_atomically(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn only_pdfs_are_written_and_read_only_ones_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("公开表.xlsx");
        std::fs::write(&book, b"workbook").unwrap();
        let e = write_atomically(&book, b"%PDF").unwrap_err();
        assert!(e.to_string().contains("应以 .pdf 结尾"), "{e}");
        assert_eq!(std::fs::read(&book).unwrap(), b"workbook");

        let pdf = dir.path().join("定稿.pdf");
        std::fs::write(&pdf, b"final").unwrap();
        let mut perms = std::fs::metadata(&pdf).unwrap().permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&pdf, perms).unwrap();
        let e = write_atomically(&pdf, b"new").unwrap_err();
        assert!(e.to_string().contains("只读"), "{e}");
        assert_eq!(std::fs::read(&pdf).unwrap(), b"final");
    }

    #[test]
    fn names_lose_invisible_controls_and_stay_short() {
        let n = default_file_name("组织部\u{202e}gnp.exe", 2023);
        assert_eq!(n, "组织部gnp.exe2023年度部门决算公开.pdf");
        // Cut in the name, never in the year: 200 bytes, then `.pdf`.
        for long in ["局".repeat(300), "🏛".repeat(100), "a".repeat(400)] {
            let n = default_file_name(&long, 2023);
            assert!(n.ends_with("2023年度部门决算公开.pdf"), "{n}");
            assert!(n.len() <= 204, "{}", n.len());
            assert!(n.len() > 190, "{}", n.len());
        }
    }

    /// The longest name still leaves room for the temporary file beside it.
    #[test]
    fn a_long_name_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir
            .path()
            .join(default_file_name(&"很长的部门名称".repeat(40), 2023));
        write_atomically(&path, b"%PDF").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"%PDF");
    }
}
