//! `generate --watch`: regenerate when a file of the case or of the district changes.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::generate::{generate, Dest, GenOpts};

/// What the watch compares: the newest modification time and the number of files under
/// `dirs` (recursively), so a file copied in with an old time, or removed, counts too.
/// PDFs and temporary files (our own output) are left out.
fn snapshot(dirs: &[&Path]) -> (Option<std::time::SystemTime>, usize) {
    fn walk(p: &Path, newest: &mut Option<std::time::SystemTime>, count: &mut usize) {
        if let Ok(rd) = std::fs::read_dir(p) {
            for e in rd.flatten() {
                let path = e.path();
                if path.is_dir() {
                    walk(&path, newest, count);
                } else if !path.extension().is_some_and(|x| x == "pdf" || x == "tmp") {
                    *count += 1;
                    if let Ok(m) = e.metadata().and_then(|m| m.modified()) {
                        if newest.is_none_or(|n| m > n) {
                            *newest = Some(m);
                        }
                    }
                }
            }
        }
    }
    let (mut newest, mut count) = (None, 0);
    for d in dirs {
        walk(d, &mut newest, &mut count);
    }
    (newest, count)
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
        let now = Some(snapshot(&dirs));
        if now != seen {
            seen = now;
            let dest = match &output {
                Some(o) => Dest::File(o.clone()),
                None => Dest::CaseDir,
            };
            // The district's templates and settings are read again: a template author
            // edits them while watching.
            let result = opts
                .reloaded()
                .and_then(|fresh| generate(case, dest, &fresh, None, &|_, _| Ok(())));
            match result {
                Ok(g) => outln!("已生成 {}", g.path.display()),
                Err(e) => errln!("错误：{e:#}"),
            }
            let watched: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
            outln!("正在监视 {} 的改动（Ctrl+C 退出）…", watched.join(" 和 "));
        }
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
}
