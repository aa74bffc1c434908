//! Many cases at once: workers, deterministic output names, progress, the summary.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::generate::{generate, Dest, GenOpts, Generated};

/// Progress of a batch: a bar redrawn in place on a terminal, plain lines otherwise
/// (logs, CI, a pipe), so that a clerk at a terminal sees how far it is.
struct Progress {
    total: usize,
    /// Cases finished; counted and drawn under the lock, so the count never goes back.
    done: std::sync::Mutex<usize>,
    bar: bool,
}

impl Progress {
    fn new(total: usize) -> Progress {
        use std::io::IsTerminal;
        Progress {
            total,
            done: Default::default(),
            bar: std::io::stderr().is_terminal(),
        }
    }

    fn step(&self, case: &Path, r: &Result<Generated, String>) {
        let mut done = self.done.lock().unwrap_or_else(|e| e.into_inner());
        *done += 1;
        let n = *done;
        let total = self.total;
        if self.bar {
            const WIDTH: usize = 30;
            let filled = WIDTH * n / total.max(1);
            let bar = format!(
                "[{}{}] {n}/{total}",
                "#".repeat(filled),
                "-".repeat(WIDTH - filled)
            );
            if let Err(e) = r {
                let failed = format!(
                    "失败 {}：{}\n",
                    case.display(),
                    super::reason_without_case(case, e.lines().next().unwrap_or(""))
                );
                err_ctl!((super::CLEAR_LINE, failed), ("\r", bar));
            } else {
                err_ctl!(("\r", bar));
            }
            if n == total {
                errln!();
            }
        } else {
            match r {
                Ok(g) => outln!("[{n}/{total}] 完成 {}", g.path.display()),
                Err(e) => outln!(
                    "[{n}/{total}] 失败 {}：{}",
                    case.display(),
                    super::reason_without_case(case, e.lines().next().unwrap_or(""))
                ),
            }
        }
    }
}

/// What a case claimed: its output file and its document (`{部门名称}{年度}年度`).
type Claim = (PathBuf, String);

/// Documents claimed by the cases of a batch: two cases must never write the same file,
/// nor make the same department's document of the same year twice (two versions of one
/// case left side by side), wherever they write. The earlier case in the list keeps the
/// claim, whatever the thread timing: a claim waits until every earlier case has claimed
/// or failed.
struct Claims {
    /// Per case: `None` not yet settled, `Some(None)` failed before claiming,
    /// `Some(Some((file, document)))` claimed.
    slots: std::sync::Mutex<Vec<Option<Option<Claim>>>>,
    settled: std::sync::Condvar,
}

impl Claims {
    fn new(n: usize) -> Claims {
        Claims {
            slots: std::sync::Mutex::new(vec![None; n]),
            settled: std::sync::Condvar::new(),
        }
    }

    fn claim(&self, i: usize, out: &Path, doc: &str, cases: &[PathBuf]) -> Result<(), String> {
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        slots[i] = Some(Some((out.to_path_buf(), doc.to_string())));
        self.settled.notify_all();
        // Cases are taken in list order, so every earlier case is already being worked on
        // and settles without waiting for this one.
        while slots[..i].iter().any(Option::is_none) {
            slots = self.settled.wait(slots).unwrap_or_else(|e| e.into_inner());
        }
        let earlier = |same: &dyn Fn(&Claim) -> bool| {
            slots[..i]
                .iter()
                .position(|s| s.as_ref().and_then(Option::as_ref).is_some_and(same))
        };
        let refused = if let Some(j) = earlier(&|(_, d)| d == doc) {
            Some(format!(
                "与案例 {} 是同一部门同一年度的文档（{doc}），未生成；请只保留一个版本",
                cases[j].display()
            ))
        } else {
            earlier(&|(p, _)| p == out).map(|j| {
                format!(
                    "输出文件 {} 与案例 {} 的相同（两个部门名称在文件名中写法相同），未生成；可在 设置.toml 的 [\"输出\"] 中改文件名",
                    out.display(),
                    cases[j].display()
                )
            })
        };
        match refused {
            Some(why) => {
                slots[i] = Some(None);
                Err(why)
            }
            None => Ok(()),
        }
    }

    /// Mark a case that ended without claiming (it failed early) as settled.
    fn settle(&self, i: usize) {
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        if slots[i].is_none() {
            slots[i] = Some(None);
        }
        self.settled.notify_all();
    }
}

/// Many cases in parallel; one failure never stops the others.
pub fn batch(
    cases: &[PathBuf],
    out_dir: Option<PathBuf>,
    opts: &GenOpts,
    jobs: Option<usize>,
) -> anyhow::Result<ExitCode> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;
    let workers = jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
        .clamp(1, cases.len().max(1));
    let next = AtomicUsize::new(0);
    // Cases that failed for another reason than their 核对 errors (unreadable, unwritable).
    let could_not_run = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, Result<Generated, String>)>> = Mutex::new(Vec::new());
    let claims = Claims::new(cases.len());
    let total = cases.len();
    let progress = Progress::new(total);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(case) = cases.get(i) else { break };
                let dest = match &out_dir {
                    Some(d) => Dest::Dir(d.clone()),
                    None => Dest::CaseDir,
                };
                let claim = |out: &Path, doc: &str| claims.claim(i, out, doc, cases);
                // A defect met by one case (a panic) fails that case only.
                let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    generate(case, dest, opts, None, &claim).map_err(|e| {
                        if !super::is_case_error(&e) {
                            could_not_run.fetch_add(1, Ordering::SeqCst);
                        }
                        format!("{e:#}")
                    })
                }))
                .unwrap_or_else(|_| {
                    could_not_run.fetch_add(1, Ordering::SeqCst);
                    Err("程序内部错误（见上方的提示），此案例未生成".into())
                });
                claims.settle(i);
                progress.step(case, &r);
                results
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((i, r));
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    results.sort_by_key(|(i, _)| *i);
    let failed: Vec<_> = results.iter().filter(|(_, r)| r.is_err()).collect();
    let warned: Vec<_> = results
        .iter()
        .filter(|(_, r)| r.as_ref().is_ok_and(|g| g.warnings + g.notes > 0))
        .collect();
    outln!(
        "\n共 {total} 个案例：成功 {}（其中有提示的 {}），失败 {}。",
        total - failed.len(),
        warned.len(),
        failed.len()
    );
    // Where the documents went: under a terminal the progress bar has overwritten the
    // lines that named them.
    if failed.len() < total {
        match &out_dir {
            Some(d) => outln!("生成的 PDF 在 {} 中。", d.display()),
            None => outln!("生成的 PDF 在各自的案例文件夹中。"),
        }
    }
    for (i, r) in &results {
        if let Ok(g) = r {
            if g.forced_errors > 0 {
                outln!(
                    "  ‼ {}：{} 个错误未改正（--force 强制生成的草稿，不宜公开）",
                    cases[*i].display(),
                    g.forced_errors
                );
            }
        }
    }
    for (i, r) in &warned {
        if let Ok(g) = r {
            let mut said = Vec::new();
            if g.warnings > 0 {
                said.push(format!(
                    "{} 条核对提示（用 juesuan check 查看）",
                    g.warnings
                ));
            }
            if g.notes > 0 {
                said.push(format!("{} 条其他提示（见上方）", g.notes));
            }
            outln!("  ! {}：{}", cases[*i].display(), said.join("，"));
        }
    }
    for (i, r) in &failed {
        if let Err(e) = r {
            outln!(
                "  ✗ {}：{}",
                cases[*i].display(),
                super::reason_without_case(&cases[*i], e)
            );
        }
    }
    // As `check`: 1 when cases have 核对 errors, 2 when any could not be made at all.
    Ok(if failed.is_empty() {
        ExitCode::SUCCESS
    } else if could_not_run.load(Ordering::SeqCst) > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::from(1)
    })
}
