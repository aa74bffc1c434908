//! juesuan: the 部门决算公开 document from the finance system's Excel exports.
//!
//! Pipeline: `ingest` (workbook → typed model) → `derive` (narrative figures) and
//! `check` (勾稽关系) → `render` (view model → Typst → PDF).

pub mod amount;
pub mod case;
pub mod check;
pub mod derive;
pub mod diff;
pub mod files;
pub mod ingest;
pub mod init;
pub mod jixiao;
pub mod model;
pub mod output;
pub mod profile;
pub mod render;
pub mod settings;
pub mod text_limits;
pub mod toml_error;
pub mod view;
