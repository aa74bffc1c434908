//! The profile (部门信息.toml) parser on arbitrary text: never a panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = juesuan::profile::Profile::parse("部门信息.toml", text);
    }
});
