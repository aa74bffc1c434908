//! Helpers shared by the integration tests (each test crate uses part of them).
#![allow(dead_code, unused_imports, unused_macros)]

pub mod book;
pub mod build;
