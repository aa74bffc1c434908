//! The files below a folder a user points us at (a district's template folder, a font
//! folder), read within bounds: a link leading out of the folder is refused (a template
//! could otherwise `#read` any file on the machine through it), link loops are not
//! followed twice, and a folder far larger than any template or font set (`--district
//! /usr`) is refused instead of read.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::error::RenderError;

/// How much a folder may hold.
pub struct Limits {
    pub max_files: usize,
    pub max_bytes: u64,
    pub max_depth: usize,
    /// What the folder is, for messages: `模板文件夹`, `字体文件夹`.
    pub what: &'static str,
    /// The error for a file or folder of it that cannot be read.
    pub io_error: fn(PathBuf, std::io::Error) -> RenderError,
}

/// Regular files below `root`, sorted, hidden entries (`.name`) skipped; `keep` selects
/// which of them count (by path).
pub fn files_below(
    root: &Path,
    limits: &Limits,
    keep: &dyn Fn(&Path) -> bool,
) -> Result<Vec<PathBuf>, RenderError> {
    let io_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| (limits.io_error)(path, source)
    };
    let base = root.canonicalize().map_err(io_err(root))?;
    let mut out = Vec::new();
    let mut bytes = 0u64;
    let mut seen = HashSet::new();
    let mut stack = vec![(root.to_path_buf(), 0usize)];
    while let Some((dir, depth)) = stack.pop() {
        let real = dir.canonicalize().map_err(io_err(&dir))?;
        if !seen.insert(real) {
            continue;
        }
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map_err(io_err(&dir))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for path in entries.into_iter().rev() {
            if path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            {
                continue;
            }
            let meta = std::fs::symlink_metadata(&path).map_err(io_err(&path))?;
            if meta.file_type().is_symlink() {
                let target = path.canonicalize().map_err(io_err(&path))?;
                if !target.starts_with(&base) {
                    return Err(RenderError::LinkOutside {
                        what: limits.what,
                        path,
                    });
                }
            }
            let meta = std::fs::metadata(&path).map_err(io_err(&path))?;
            if meta.is_dir() {
                if depth + 1 > limits.max_depth {
                    return Err(too_large(root, limits));
                }
                stack.push((path, depth + 1));
            } else if meta.is_file() && keep(&path) {
                bytes += meta.len();
                out.push(path);
                if out.len() > limits.max_files || bytes > limits.max_bytes {
                    return Err(too_large(root, limits));
                }
            }
        }
    }
    out.sort();
    Ok(out)
}

fn too_large(root: &Path, limits: &Limits) -> RenderError {
    RenderError::DirTooLarge {
        what: limits.what,
        path: root.to_path_buf(),
        limit: format!(
            "至多 {} 个文件、共 {} MB、{} 层子文件夹",
            limits.max_files,
            limits.max_bytes / 1_000_000,
            limits.max_depth
        ),
    }
}
