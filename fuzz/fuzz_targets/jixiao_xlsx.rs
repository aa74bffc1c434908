//! The 绩效自评 reader on arbitrary .xlsx bytes, with the default grade bands.
#![no_main]

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::read_workbook(data, "xlsx", |path| {
        juesuan::jixiao::read_jixiao(path, &Default::default()).map(drop)
    });
});
