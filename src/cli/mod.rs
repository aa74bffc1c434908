//! The command line's own pieces (the library does the work): generating one case or a
//! batch, watching for changes.

pub mod batch;
pub mod generate;
pub mod watch;
pub mod watchdog;

/// The case has 勾稽关系 errors: exit 1, as `check` does, not 2 (could not run).
#[derive(Debug)]
pub struct CheckFailed(String);

impl std::fmt::Display for CheckFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}：核对有错误，未生成 PDF（原有 PDF 保持不变）。修正后重试，或加 --force 强制生成",
            self.0
        )
    }
}

impl std::error::Error for CheckFailed {}
