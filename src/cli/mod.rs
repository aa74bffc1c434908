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

/// The case's own content cannot be typeset (too long, a character no font has): an
/// error in the case, as `check` reports it (exit 1), not a failure to run (exit 2).
/// `--force` cannot help, so the message does not offer it.
#[derive(Debug)]
pub struct CaseRefused(pub String);

impl std::fmt::Display for CaseRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CaseRefused {}

/// Whether an error is the case's (exit 1) rather than the run's (exit 2).
pub fn is_case_error(e: &anyhow::Error) -> bool {
    e.downcast_ref::<CheckFailed>().is_some() || e.downcast_ref::<CaseRefused>().is_some()
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
