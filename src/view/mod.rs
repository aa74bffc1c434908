//! The view model: everything the Typst templates print, numbers already formatted.
//! It is serialised to `/data.json` for the templates.

pub mod tables;

use serde::Serialize;

pub use tables::{TableNumberStyle, TableOptions, TablesView};

#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    pub department: String,
    pub year: i32,
    /// `中共长治市屯留区委组织部2023年度部门决算公开`
    pub title: String,
    pub profile: ProfileView,
    pub tables: TablesView,
    pub narrative: crate::derive::Narrative,
    pub attachments: Vec<crate::jixiao::ProjectView>,
    /// The district's layout choices (`data.settings` in the templates).
    pub settings: crate::settings::Layout,
    /// Generated with `--force` although `check` found errors: marked as a draft.
    pub draft: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProfileView {
    /// 一、部门职责 items, without their （一） numbering (the template numbers them).
    pub duties: Vec<String>,
    /// 二、机构设置情况 paragraphs.
    pub organization: Vec<String>,
    /// 部门决算单位构成 (Shanghai), the department itself first; empty when not given.
    pub units: Vec<crate::profile::Unit>,
}
