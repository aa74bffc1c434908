//! The 公开表 reader on arbitrary .xlsx bytes: never a panic, every error names the file.
#![no_main]

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::read_workbook(data, "xlsx", |path| {
        juesuan::ingest::read_gongkai(path).map(drop)
    });
});
