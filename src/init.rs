//! `juesuan init`: a new case folder from a 公开表 workbook — the workbook copied in, and
//! a profile filled with what the workbook gives and a placeholder for everything else.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use crate::ingest::read_gongkai;
use crate::profile::PLACEHOLDER;

fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

pub fn profile_template(g: &crate::model::Gongkai) -> String {
    let p = q(PLACEHOLDER);
    let mut t = String::new();
    let _ = writeln!(t, "# 部门信息（TOML 格式：键名须加英文双引号）。金额单位为万元，可写 \"1,367.52\" 或 1367.52。");
    let _ = writeln!(
        t,
        "# 把每个 {PLACEHOLDER} 换成实际内容；juesuan check 会列出尚未填写的地方。\n"
    );
    let _ = writeln!(t, "\"部门名称\" = {}", q(&g.department));
    let _ = writeln!(t, "\"年度\" = {}", g.year.unwrap_or(0));
    let _ = writeln!(t, "\"其他需要说明的事项\" = \"无\"\n");
    let _ = writeln!(
        t,
        "[\"部门概况\"]\n\"职责\" = [{p}]\n\"机构设置\" = [{p}]\n"
    );
    let _ = writeln!(
        t,
        "# 上年决算数（或把上年的公开表放进本文件夹，文件名含“上年”）"
    );
    let _ = writeln!(t, "[\"上年\"]");
    for k in [
        "收入总计",
        "支出总计",
        "财政拨款收入总计",
        "财政拨款支出总计",
        "一般公共预算财政拨款支出",
        "机关运行经费",
    ] {
        let _ = writeln!(t, "\"{k}\" = {p}");
    }
    let classes: Vec<(&str, &str)> = g
        .t05
        .rows
        .iter()
        .filter(|r| r.code.len() == 3)
        .map(|r| (r.code.as_str(), r.name.as_str()))
        .collect();
    let _ = writeln!(t, "\n[\"上年\".\"一般公共预算财政拨款支出按科目\"]");
    for (code, name) in &classes {
        let _ = writeln!(t, "\"{code}\" = {p}  # {name}");
    }
    let _ = writeln!(t, "\n[\"上年\".\"三公经费\"]");
    for k in [
        "合计",
        "因公出国（境）费",
        "公务用车购置费",
        "公务用车运行维护费",
        "公务接待费",
    ] {
        let _ = writeln!(t, "\"{k}\" = {p}");
    }
    let _ = writeln!(
        t,
        "\n[\"年初预算\"]\n\"一般公共预算财政拨款支出\" = {p}\n\n[\"年初预算\".\"按科目\"]"
    );
    for (code, name) in &classes {
        let _ = writeln!(t, "\"{code}\" = {p}  # {name}");
    }
    let _ = writeln!(t, "\n[\"三公经费\"]");
    for k in [
        "出国团组数",
        "出国人次",
        "购置公务用车数",
        "公务用车保有量",
        "国内公务接待批次",
        "国内公务接待人次",
        "外事接待批次",
        "外事接待人次",
    ] {
        let _ = writeln!(t, "\"{k}\" = 0");
    }
    let _ = writeln!(
        t,
        "\n[\"政府采购\"]\n\"授予中小企业合同金额\" = {p}\n\"授予小微企业合同金额\" = {p}\n"
    );
    let _ = writeln!(t, "[\"原因\"]");
    for k in [
        "收入支出总计",
        "财政拨款收支总计",
        "一般公共预算财政拨款支出",
        "机关运行经费",
    ] {
        let _ = writeln!(t, "\"{k}\" = {p}");
    }
    let _ = writeln!(t, "\n[\"原因\".\"按科目\"]");
    for (code, name) in &classes {
        let _ = writeln!(t, "\"{code}\" = {p}  # {name}：与上年相比变化的原因");
    }
    let _ = writeln!(t, "\n[\"原因\".\"三公经费\"]");
    for k in [
        "因公出国（境）费",
        "公务用车购置费",
        "公务用车运行维护费",
        "公务接待费",
    ] {
        let _ = writeln!(t, "\"{k}\" = {p}");
    }
    let _ = writeln!(t, "\n[\"用途\".\"按科目\"]");
    for (code, name) in &classes {
        let _ = writeln!(t, "\"{code}\" = {p}  # {name}：主要用于");
    }
    let _ = writeln!(
        t,
        "\n# 自评项目多于附件项目时填写；否则删除本节，按附件统计"
    );
    let _ = writeln!(
        t,
        "[\"绩效自评\"]\n\"自评项目个数\" = 0\n\"自评项目资金\" = 0\n"
    );
    t
}

pub fn init_case(workbook: &Path, dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let g = read_gongkai(workbook)?;
    let profile = dir.join(crate::case::PROFILE_FILE);
    if profile.exists() {
        bail!(
            "{} 已存在，为免覆盖已填写的内容，未做任何改动",
            profile.display()
        );
    }
    std::fs::create_dir_all(dir).with_context(|| format!("无法创建文件夹 {}", dir.display()))?;
    let ext = workbook
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_else(|| "xlsx".into());
    let book = dir.join(format!("公开表.{ext}"));
    std::fs::copy(workbook, &book).with_context(|| format!("无法复制到 {}", book.display()))?;
    std::fs::write(&profile, profile_template(&g))
        .with_context(|| format!("无法写入 {}", profile.display()))?;
    Ok(vec![book, profile])
}
