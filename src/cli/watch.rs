//! `generate --watch`: regenerate when a file of the case or of the district changes.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::generate::{generate, Dest, GenOpts};

/// Newest modification time of any file under `dirs` (recursively).
fn newest_mtime(dirs: &[&Path]) -> Option<std::time::SystemTime> {
    fn walk(p: &Path, newest: &mut Option<std::time::SystemTime>) {
        if let Ok(rd) = std::fs::read_dir(p) {
            for e in rd.flatten() {
                let path = e.path();
                if path.is_dir() {
                    walk(&path, newest);
                } else if path.extension().is_some_and(|x| x != "pdf" && x != "tmp") {
                    if let Ok(m) = e.metadata().and_then(|m| m.modified()) {
                        if newest.is_none_or(|n| m > n) {
                            *newest = Some(m);
                        }
                    }
                }
            }
        }
    }
    let mut newest = None;
    for d in dirs {
        walk(d, &mut newest);
    }
    newest
}

/// Regenerate whenever a file of the case or the district templates changes.
pub fn watch_loop(
    case: &Path,
    output: Option<PathBuf>,
    opts: &GenOpts,
) -> anyhow::Result<ExitCode> {
    let mut dirs: Vec<&Path> = vec![case];
    if let Some(d) = &opts.district {
        dirs.push(d);
    }
    let mut seen = None;
    loop {
        let now = newest_mtime(&dirs);
        if now != seen {
            seen = now;
            let dest = match &output {
                Some(o) => Dest::File(o.clone()),
                None => Dest::CaseDir,
            };
            match generate(case, dest, opts, None, &|_| Ok(())) {
                Ok(g) => outln!("已生成 {}", g.path.display()),
                Err(e) => errln!("错误：{e:#}"),
            }
            outln!("正在监视 {} 的改动（Ctrl+C 退出）…", case.display());
        }
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
}
