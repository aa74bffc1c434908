//! `generate --watch`: regenerate when a file of the case or of the district changes.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use super::generate::GenOpts;

/// What the watch compares: the newest modification time and the files under `dirs`
/// (recursively) by name and size, so a file copied in with an old time, removed or
/// renamed (`cover.typ.txt` → `cover.typ`, as a hint asks) counts too. PDFs and
/// temporary files (our own output) are left out.
type Stamp = (PathBuf, u64, Option<std::time::SystemTime>);
type Snapshot = (Option<std::time::SystemTime>, Vec<Stamp>);

/// The files that differ between two snapshots (changed, added or removed), by name.
fn changed(before: &Snapshot, now: &Snapshot) -> Vec<String> {
    let mut names: Vec<String> = (now.1.iter().filter(|f| !before.1.contains(f)))
        .chain(
            before
                .1
                .iter()
                .filter(|f| !now.1.iter().any(|n| n.0 == f.0)),
        )
        .map(|f| f.0.display().to_string())
        .collect();
    names.dedup();
    names
}

fn snapshot(dirs: &[&Path]) -> Snapshot {
    fn walk(p: &Path, newest: &mut Option<std::time::SystemTime>, files: &mut Vec<Stamp>) {
        if let Ok(rd) = std::fs::read_dir(p) {
            for e in rd.flatten() {
                let path = e.path();
                if path.is_dir() {
                    walk(&path, newest, files);
                } else if !path.extension().is_some_and(|x| x == "pdf" || x == "tmp") {
                    let meta = e.metadata().ok();
                    let modified = meta.as_ref().and_then(|m| m.modified().ok());
                    if let Some(m) = modified {
                        if newest.is_none_or(|n| m > n) {
                            *newest = Some(m);
                        }
                    }
                    files.push((path, meta.map_or(0, |m| m.len()), modified));
                }
            }
        }
    }
    let (mut newest, mut files) = (None, Vec::new());
    for d in dirs {
        walk(d, &mut newest, &mut files);
    }
    files.sort();
    (newest, files)
}

/// Regenerate whenever a file of the case or the district templates changes.
///
/// Each generation is a process of its own: a template that never finishes (Typst cannot
/// be stopped from inside) is ended by that process's time limit, said, and the session
/// goes on watching; a save while one runs stops it and starts again with the new files.
pub fn watch_loop(
    case: &Path,
    output: Option<PathBuf>,
    opts: &GenOpts,
) -> anyhow::Result<ExitCode> {
    let mut dirs: Vec<&Path> = vec![case];
    if let Some(d) = &opts.district {
        dirs.push(d);
    }
    let exe = std::env::current_exe()
        .map_err(|e| anyhow::anyhow!("找不到本程序自身的位置，无法监视：{e}"))?;
    let watched: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
    let mut seen: Option<Snapshot> = None;
    // The last snapshot generated from, to say which files a new run is for.
    let mut last: Option<Snapshot> = None;
    let mut runs = 0;
    loop {
        let now = Some(snapshot(&dirs));
        if now != seen {
            seen = now;
            runs += 1;
            if let (Some(before), Some(now)) = (&last, &seen) {
                let files = changed(before, now);
                if !files.is_empty() {
                    outln!("第{runs}次生成：改动了 {}", files.join("、"));
                }
            }
            last = seen.clone();
            let mut command = Command::new(&exe);
            command.arg("generate").arg(case);
            if let Some(o) = &output {
                command.arg("-o").arg(o);
            }
            let mut child = command
                .args(opts.as_args())
                .spawn()
                .map_err(|e| anyhow::anyhow!("无法启动生成：{e}"))?;
            // The district's templates and settings are read again by each run: a
            // template author edits them while watching.
            loop {
                if child.try_wait()?.is_some() {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(200));
                let now = Some(snapshot(&dirs));
                if now != seen {
                    // Ours, by its handle: a run of files already replaced.
                    let _ = child.kill();
                    let _ = child.wait();
                    outln!("文件有改动，本次生成已停止，按新文件重新生成…");
                    seen = None;
                    break;
                }
            }
            if seen.is_some() {
                outln!("正在监视 {} 的改动（Ctrl+C 退出）…", watched.join(" 和 "));
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
}

#[cfg(test)]
mod tests {
    use super::{changed, snapshot};

    /// The files a new run is for: the one edited, the one added, the one removed.
    #[test]
    fn the_changed_files_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b, c) = (
            dir.path().join("a.typ"),
            dir.path().join("b.typ"),
            dir.path().join("c.typ"),
        );
        std::fs::write(&a, "1").unwrap();
        std::fs::write(&b, "1").unwrap();
        let before = snapshot(&[dir.path()]);
        std::fs::write(&a, "22").unwrap();
        std::fs::remove_file(&b).unwrap();
        std::fs::write(&c, "1").unwrap();
        let mut names = changed(&before, &snapshot(&[dir.path()]));
        names.sort();
        let shown = |p: &std::path::Path| p.display().to_string();
        assert_eq!(names, [shown(&a), shown(&b), shown(&c)]);
    }

    /// A rename keeps the time and the count of files: it is still a change.
    #[test]
    fn a_renamed_file_is_a_change() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("cover.typ.txt"), "封面").unwrap();
        let before = snapshot(&[dir.path()]);
        assert_eq!(before, snapshot(&[dir.path()]));
        std::fs::rename(
            dir.path().join("cover.typ.txt"),
            dir.path().join("cover.typ"),
        )
        .unwrap();
        assert_ne!(before, snapshot(&[dir.path()]));
    }
}
