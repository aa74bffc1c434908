//! Reading errors. Each message is in Chinese and names the file, and where it can the
//! sheet and cell, what was expected and what was found.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum IngestError {
    #[error("无法读取文件 {file}：{reason}")]
    Io { file: String, reason: String },

    #[error("{file}：这不是 Excel/WPS 工作簿（应为 .xlsx、.xls 或 .ods 文件，实际{found}）")]
    NotAWorkbook { file: String, found: String },

    #[error("{file}：文件已设置打开密码（加密），无法读取。请在 Excel/WPS 中取消密码（文件→信息→保护工作簿→用密码进行加密，清空密码）后另存再试")]
    Encrypted { file: String },

    #[error("{file}：工作簿已损坏或不完整，无法打开（{reason}）。请从财务系统重新导出")]
    Corrupt { file: String, reason: String },

    /// Not damaged, but far more than any 公开表 (a sheet filled to its far corner): read,
    /// it would take gigabytes.
    #[error("{file}：工作簿的内容远超正常的决算工作簿，未读取（{reason}）。请删去多余的内容后另存，或从财务系统重新导出")]
    TooMuch { file: String, reason: String },

    #[error("{file}：文件过大（{size} 字节，上限 {limit} 字节），不像是部门决算公开表")]
    TooLarge { file: String, size: u64, limit: u64 },

    #[error("{file}：找不到{label}（{title}）。应有一张工作表的前几行写着“{label}”或标题“{title}”，但各工作表都没有（已查看：{sheets}）")]
    MissingTable {
        file: String,
        label: String,
        title: String,
        sheets: String,
    },

    #[error("{file}：工作表“{sheet}”上的{first}和{second}左右并排（从同一行开始），这样读不出；请把每张表放在单独的工作表，或上下排列")]
    SideBySide {
        file: String,
        sheet: String,
        first: String,
        second: String,
    },

    #[error("{file}：{table}出现了两次（{first} 与 {second}），不知道用哪一份")]
    DuplicateTable {
        file: String,
        table: String,
        first: String,
        second: String,
    },

    #[error("{file}：{table}（工作表“{sheet}”）找不到表头：应有{expected}，{found}")]
    MissingHeader {
        file: String,
        table: String,
        sheet: String,
        expected: String,
        found: String,
    },

    #[error("{file}：{table} 单元格 {cell}：应为{expected}，实为“{}”{}", crate::files::shown(.found, 100), .note.as_deref().map_or("", |n| n.as_str()))]
    BadCell {
        file: String,
        table: String,
        cell: String,
        expected: Box<str>,
        found: String,
        /// Why the cell reads as it does, when the file explains it (a merge). Boxed
        /// (as `expected`): the error stays small enough to return cheaply.
        note: Option<Box<String>>,
    },

    /// A formula saved without its calculated result (e.g. written by a program, never
    /// opened in Excel): the reader sees no value at all.
    #[error("{file}：{table} 单元格 {cell}：应为金额（数字），实为“公式 ={formula} 没有计算结果”（请在 Excel 或 WPS 中打开、重新计算并保存后再导出）")]
    Uncalculated {
        file: String,
        table: String,
        cell: String,
        formula: String,
    },
}

/// Why the reader stops short of a workbook, before the file name is known to the
/// message: damage, or more content than any 公开表 holds (said differently: the clerk
/// can delete the excess, not re-export).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    Damaged(String),
    TooMuch(String),
}

impl From<&str> for Refusal {
    fn from(reason: &str) -> Self {
        Refusal::Damaged(reason.to_string())
    }
}

impl From<String> for Refusal {
    fn from(reason: String) -> Self {
        Refusal::Damaged(reason)
    }
}
