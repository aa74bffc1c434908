//! A case that runs far longer than any document takes — a district template that loops
//! for ever, say; Typst has no evaluation budget — stops the run with a message instead of
//! hanging it. A previous PDF is never touched: the PDF is written only after compiling.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// Seconds one case may take; `JUESUAN_CASE_TIMEOUT` overrides (the sample takes 0.3 s).
const DEFAULT_LIMIT_SECS: u64 = 300;

struct Running {
    cases: Mutex<BTreeMap<usize, (Instant, PathBuf)>>,
    limit: Duration,
}

fn running() -> &'static Running {
    static RUNNING: OnceLock<Running> = OnceLock::new();
    RUNNING.get_or_init(|| {
        let limit = match std::env::var("JUESUAN_CASE_TIMEOUT") {
            Err(_) => DEFAULT_LIMIT_SECS,
            Ok(v) => match v.trim().parse::<u64>() {
                Ok(s) if s > 0 => s,
                _ => {
                    errln!(
                        "提示：JUESUAN_CASE_TIMEOUT 应为正整数秒数，实为“{v}”，按默认 {DEFAULT_LIMIT_SECS} 秒"
                    );
                    DEFAULT_LIMIT_SECS
                }
            },
        };
        let r = Running {
            cases: Mutex::new(BTreeMap::new()),
            limit: Duration::from_secs(limit),
        };
        std::thread::spawn(watch);
        r
    })
}

fn watch() {
    loop {
        std::thread::sleep(Duration::from_millis(500));
        let r = running();
        let cases = r.cases.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((start, case)) = cases.values().find(|(s, _)| s.elapsed() > r.limit) {
            // Typst cannot be stopped inside a compile: the whole run ends, saying which
            // documents it wrote, so that the others can be run again without this case.
            super::interrupt::stop_now(
                &format!(
                    "错误：案例 {} 已处理 {} 秒仍未完成（模板可能有死循环或过大的计算），已中止，原有的 PDF 未被改动；",
                    case.display(),
                    start.elapsed().as_secs()
                ),
                2,
            );
        }
    }
}

/// While alive, the case counts as running.
pub struct Guard(usize);

pub fn begin(case: &Path) -> Guard {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    running()
        .cases
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(id, (Instant::now(), case.to_path_buf()));
    Guard(id)
}

impl Drop for Guard {
    fn drop(&mut self) {
        running()
            .cases
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&self.0);
    }
}
