//! `juesuan diff`: load two versions (case folders or workbooks) and list what changed, in
//! the order a reviewer reads the document: 部门概况, the tables, the 情况说明's figures,
//! its reasons and uses, the 绩效 forms.

use std::path::Path;
use std::process::ExitCode;

use juesuan::case::Case;
use juesuan::diff::{dedupe, diff_projects, diff_tables, diff_values, format_changes, Change};
use juesuan::jixiao::ProjectView;
use juesuan::model::Gongkai;
use serde_json::{json, Value};

/// What one version holds for the comparison.
struct Side {
    tables: Gongkai,
    /// Only for a case folder: what the document prints beyond the tables.
    case: Option<CaseSide>,
}

struct CaseSide {
    department: String,
    overview: Value,
    narrative: Value,
    /// (sheet, form) of each attached 绩效 form.
    projects: Vec<(String, ProjectView)>,
    /// 勾稽关系 errors: a version with any is not generated.
    errors: usize,
}

/// Narrative fields that hold the clerk's words (from 部门信息.toml), not figures.
const TEXT_FIELDS: &[&str] = &[
    "reason",
    "budget_reason",
    "uses",
    "other_notes",
    "rules",
    "mechanism",
    "other_vehicle_uses",
];

/// The settings a version is read with: the district's under the case's own, and the
/// style asked for, as `generate` reads them.
#[derive(Clone, Copy)]
pub struct Settings<'a> {
    pub district: Option<&'a Path>,
    pub style: Option<&'a str>,
}

fn load(p: &Path, side: &str, with: Settings) -> anyhow::Result<Side> {
    if !p.exists() {
        anyhow::bail!(
            "{side}的版本 {} 不存在（应为案例文件夹或公开表工作簿）{}",
            p.display(),
            juesuan::files::backslash_hint(p)
        );
    }
    let loaded = || -> anyhow::Result<Side> {
        if !p.is_dir() {
            return Ok(Side {
                tables: juesuan::ingest::read_gongkai(p)?,
                case: None,
            });
        }
        // With the case's and the district's settings: they decide which figures the
        // text prints (per 类 or per 项, the style).
        let mut dirs = vec![p];
        dirs.extend(with.district);
        let mut settings = juesuan::settings::load(&dirs).map_err(anyhow::Error::msg)?;
        settings.apply_style(with.style.map(str::to_string));
        let case = Case::load_with(p, settings)?;
        let view = case.view();
        let mut narrative = serde_json::to_value(&view.narrative)?;
        // Figures of the level the text does not tell are not changes to explain.
        let unused = if case.narrative_per_item() {
            "details"
        } else {
            "details_by_item"
        };
        if let Some(s5) = narrative
            .get_mut("s5_general")
            .and_then(|v| v.as_object_mut())
        {
            s5.remove(unused);
        }
        // Projects with their sheet: matched by name, so a moved sheet is not a change.
        let projects = case
            .projects
            .iter()
            .map(|p| p.sheet.clone())
            .zip(view.attachments.iter().cloned())
            .collect();
        let overview = json!({
            "department": view.department,
            "year": view.year,
            "duties": view.profile.duties,
            "organization": view.profile.organization,
            "units": serde_json::to_value(&view.profile.units)?,
        });
        let errors = juesuan::check::check_case(&case).errors();
        Ok(Side {
            case: Some(CaseSide {
                department: view.department.clone(),
                overview,
                narrative,
                projects,
                errors,
            }),
            tables: case.gongkai,
        })
    };
    // Said with the full-width colon (anyhow's context chain joins with ": ").
    loaded().map_err(|e| anyhow::anyhow!("{side}（{}）：{e:#}", p.display()))
}

/// A narrative change is about words when its field (the last name in its path) is one
/// of the clerk's texts.
fn is_text(change: &Change) -> bool {
    let field = change
        .path
        .rsplit('.')
        .find(|seg| *seg != "text" && *seg != "value")
        .unwrap_or_default();
    let field = field.split('[').next().unwrap_or_default();
    TEXT_FIELDS.contains(&field)
}

/// A 绩效自评表 workbook, known as `inspect` and a case know it (by its name).
fn is_jixiao_book(p: &Path) -> bool {
    p.is_file() && juesuan::files::is_jixiao_file(p)
}

/// The attached forms of a 绩效 workbook as the document prints them.
fn jixiao_forms(p: &Path, side: &str) -> anyhow::Result<Vec<(String, ProjectView)>> {
    let read = juesuan::jixiao::read_jixiao(p, &Default::default())
        .map_err(|e| anyhow::anyhow!("{side}（{}）：{e}", p.display()))?;
    let places = juesuan::jixiao::amount_places(&read.projects);
    Ok(read
        .projects
        .iter()
        .map(|pj| {
            let year = pj.year.as_ref().map_or(0, |(y, _)| *y);
            (pj.sheet.clone(), pj.view(year, places))
        })
        .collect())
}

/// Two 绩效 workbooks: their forms compared, project by project.
fn run_jixiao(before: &Path, after: &Path) -> anyhow::Result<ExitCode> {
    let a = jixiao_forms(before, "修改前")?;
    let b = jixiao_forms(after, "修改后")?;
    let changes = dedupe(diff_projects(&a, &b));
    if changes.is_empty() {
        outln!("两个版本的绩效自评表完全相同。");
    } else {
        out!("{}", format_changes("绩效自评表", &changes));
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run(
    before: &Path,
    after: &Path,
    district: Option<&Path>,
    style: Option<String>,
) -> anyhow::Result<ExitCode> {
    let with = Settings {
        district,
        style: style.as_deref(),
    };
    match (is_jixiao_book(before), is_jixiao_book(after)) {
        (true, true) => return run_jixiao(before, after),
        (true, false) | (false, true) => anyhow::bail!(
            "一边是绩效自评表工作簿、一边不是，无法比较：请比较两份绩效自评表、两份公开表，或两个案例文件夹"
        ),
        (false, false) => {}
    }
    let a = load(before, "修改前", with)?;
    let b = load(after, "修改后", with)?;
    let name = |s: &Side| {
        s.case
            .as_ref()
            .map_or(s.tables.department.clone(), |c| c.department.clone())
    };
    let (da, db) = (name(&a), name(&b));
    if da != db && !da.is_empty() && !db.is_empty() {
        errln!("提示：两个版本的部门名称不同（“{da}”与“{db}”），比较的可能不是同一部门");
    }
    if let (Some(ya), Some(yb)) = (a.tables.year, b.tables.year) {
        if ya != yb {
            errln!("提示：两个版本的年度不同（{ya}年度与{yb}年度），比较的可能不是同一份决算");
        }
    }
    if a.case.is_some() != b.case.is_some() {
        errln!("提示：一边是案例文件夹、一边是工作簿，只比较表格数据");
    } else if a.case.is_none() {
        errln!("提示：比较的是两份公开表，只比较表格数据；比较两个案例文件夹才会列出情况说明中随之变化的数字");
    }
    let mut sections: Vec<(&str, Vec<Change>)> = Vec::new();
    if let (Some(ca), Some(cb)) = (&a.case, &b.case) {
        let mut overview = Vec::new();
        diff_values("", &ca.overview, &cb.overview, &mut overview);
        sections.push(("部门概况", dedupe(overview)));
    }
    sections.push(("表格数据（万元）", diff_tables(&a.tables, &b.tables)));
    if let (Some(ca), Some(cb)) = (&a.case, &b.case) {
        let mut narrative = Vec::new();
        diff_values("", &ca.narrative, &cb.narrative, &mut narrative);
        let (texts, figures): (Vec<Change>, Vec<Change>) = narrative.into_iter().partition(is_text);
        sections.push(("情况说明中的数字", dedupe(figures)));
        sections.push(("情况说明中的原因和用途", dedupe(texts)));
        let projects = diff_projects(&ca.projects, &cb.projects);
        sections.push(("绩效自评表", dedupe(projects)));
    }
    if sections.iter().all(|(_, c)| c.is_empty()) {
        outln!("两个版本的部门概况、表格数据、情况说明和绩效自评表完全相同。");
    } else {
        for (title, changes) in &sections {
            out!("{}", format_changes(title, changes));
        }
    }
    if let Some(c) = b.case.as_ref().filter(|c| c.errors > 0) {
        errln!(
            "注意：修改后的版本核对有 {} 个错误，juesuan generate 不会生成它；用 juesuan check {} 查看。",
            c.errors,
            juesuan::files::for_command(after)
        );
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_and_uses_are_texts() {
        let change = |path: &str| Change {
            path: path.into(),
            before: String::new(),
            after: String::new(),
        };
        assert!(is_text(&change("s9_sangong.items[公务接待费].reason")));
        assert!(is_text(&change("s5_general.details[208].uses")));
        assert!(!is_text(&change("s5_general.details[208].completion.text")));
        assert!(!is_text(&change("s10_running.change.rate_word")));
    }
}
