//! Helpers shared by the integration tests (each test crate uses part of them).
#![allow(dead_code, unused_imports, unused_macros)]

pub mod book;
pub mod build;

/// The sample case's folder.
pub const SAMPLE_CASE: &str = "input-samples/tunliu-zuzhibu-2023";

/// A copy of the sample case (workbooks and profile) in `dir/case`, to corrupt.
pub fn sample_case_copy(dir: &std::path::Path) -> std::path::PathBuf {
    let case = dir.join("case");
    std::fs::create_dir_all(&case).unwrap();
    for f in ["公开表.xlsx", "绩效自评表.xlsx", "部门信息.toml"] {
        std::fs::copy(std::path::Path::new(SAMPLE_CASE).join(f), case.join(f)).unwrap();
    }
    case
}
