//! juesuan: the 部门决算公开 document from the finance system's Excel exports.
//!
//! Pipeline: `ingest` (workbook → typed model) → `derive` (narrative figures) and
//! `check` (勾稽关系) → `render` (view model → Typst → PDF).

pub mod amount;
pub mod ingest;
pub mod model;
pub mod render;
