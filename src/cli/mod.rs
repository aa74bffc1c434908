//! The command line's own pieces (the library does the work): generating one case or a
//! batch, watching for changes.

pub mod batch;
pub mod diff;
pub mod generate;
pub mod interrupt;
pub mod watch;
pub mod watchdog;

/// The case has 勾稽关系 errors: exit 1, as `check` does, not 2 (could not run).
#[derive(Debug)]
pub struct CheckFailed {
    pub case: String,
    pub errors: usize,
}

impl std::fmt::Display for CheckFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}：核对有 {} 项错误（见上方列出的错误），未生成 PDF（已有的 PDF 不会被改动）。修正后重试，或加 --force 强制生成",
            self.case, self.errors
        )
    }
}

/// A batch line names the case itself: the reason without the case's path in front.
pub fn reason_without_case(case: &std::path::Path, reason: &str) -> String {
    let prefix = format!("{}：", case.display());
    reason.strip_prefix(&prefix).unwrap_or(reason).to_string()
}

impl std::error::Error for CheckFailed {}

/// A note about one case (`提示：{case}：…`) on stderr. On a terminal the line first
/// clears a progress bar drawn there by a batch, which redraws it on its next step.
pub fn note(case: &std::path::Path, text: &str) {
    err_ctl!((clear_line(), format!("提示：{}：{text}\n", case.display())));
}

/// Carriage return and "erase line": the control codes that clear a progress bar.
pub const CLEAR_LINE: &str = "\r\x1b[2K";

/// What clears the line a progress bar may be drawn on: nothing when stderr is not a
/// terminal.
pub fn clear_line() -> &'static str {
    use std::io::IsTerminal;
    if std::io::stderr().is_terminal() {
        CLEAR_LINE
    } else {
        ""
    }
}
