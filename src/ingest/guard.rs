//! The spreadsheet library can panic on some damaged files (found by `tests/fuzz_smoke.rs`:
//! a truncated .xls slices past its end). A damaged file must give a message, never a
//! crash: calls into it run under `catch_unwind`, with the panic message kept quiet.

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

fn install_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(|q| q.get()) {
                default(info);
            }
        }));
    });
}

/// Run `f`; a panic inside becomes `Err(message)`.
pub fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    install_hook();
    QUIET.with(|q| q.set(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    result.map_err(|payload| {
        let text = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        in_chinese(&text)
    })
}

/// The clerk reads the reason: the library's panic text said in Chinese, with the
/// original kept in brackets for whoever reports the file to us.
fn in_chinese(text: &str) -> String {
    let what = if text.contains("overflow") {
        "文件中的数值或位置超出范围"
    } else if text.contains("out of bounds") || text.contains("out of range") {
        "文件结构不完整"
    } else {
        "读取库无法解析此文件"
    };
    if text.is_empty() {
        what.to_string()
    } else {
        format!("{what}；{}", text.chars().take(80).collect::<String>())
    }
}
