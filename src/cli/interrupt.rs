//! Ctrl+C, SIGTERM, SIGHUP: the run stops at once, but says what it leaves behind. A batch's progress
//! bar would otherwise stay half-drawn with no word of which documents were written.

use std::path::PathBuf;
use std::sync::Mutex;

/// The PDFs written so far by this run, in the order they were written.
static WRITTEN: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Install the handler (once per process; later calls do nothing).
pub fn install() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // Without a handler (another one is installed) Ctrl+C keeps its default: the
        // process stops, its temporary files are removed by the next run.
        let _ = ctrlc::set_handler(on_interrupt);
    });
}

/// A PDF this run has written.
pub fn written(path: PathBuf) {
    WRITTEN.lock().unwrap_or_else(|e| e.into_inner()).push(path);
}

fn on_interrupt() {
    stop_now(
        "已中断（Ctrl+C 或终止信号）：正在生成的文档没有写出，原有的同名 PDF 保持不变；",
        130,
    );
}

/// Stop the process: temporary PDFs removed, `why` said with the PDFs written so far.
pub fn stop_now(why: &str, code: i32) -> ! {
    juesuan::output::remove_unfinished();
    let written = WRITTEN.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let mut text = format!("{}{why}", super::clear_line());
    if written.is_empty() {
        text.push_str("本次没有写出 PDF。\n");
    } else {
        text.push_str(&format!("本次已写出 {} 个 PDF：\n", written.len()));
        for p in written.iter().take(20) {
            text.push_str(&format!("  {}\n", p.display()));
        }
        if written.len() > 20 {
            text.push_str(&format!("  …等 {} 个\n", written.len()));
        }
    }
    // One write, so that worker threads printing at the same moment do not split it.
    use std::io::Write;
    let _ = std::io::stderr().write_all(text.as_bytes());
    std::process::exit(code);
}
