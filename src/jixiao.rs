//! The 项目支出绩效自评表 workbook: one project per sheet, found by content. Derived
//! figures (结余, 执行率, 预算执行得分, 总分, 等级) are computed here and the workbook's own
//! values are checked against them, never trusted.

use std::path::Path;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::amount::{
    cents, decimal_from_f64, format_money_places, parse_amount_text_with_unit, percent,
};
use crate::ingest::grid::{cell_name, normalize, Grid};
use crate::ingest::{open_workbook, IngestError};

#[derive(Debug, Clone, Serialize)]
pub struct Funds {
    pub label: String,
    pub declared: Decimal,
    pub planned: Decimal,
    pub year_budget: Decimal,
    pub executed: Decimal,
    pub balance: Decimal,
    /// 执行率 in percent, 2 places; `None` when the budget is 0.
    pub rate: Option<Decimal>,
    pub score: Decimal,
    /// 偏差原因分析及改进措施 of the row.
    pub deviation: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Indicator {
    pub level1: String,
    pub level2: String,
    pub name: String,
    pub initial: String,
    pub adjusted: String,
    pub actual: String,
    pub max: Decimal,
    pub score: Decimal,
    pub deviation: String,
    /// The rows its 分值 and 得分 cells span: 1, more when one 分值 is merged over the
    /// indicators below it, 0 for those (theirs is the one above).
    pub points_rows: u32,
    /// The cell of the 分值 (`项目1!H12`), for messages.
    #[serde(skip)]
    pub max_cell: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Project {
    pub sheet: String,
    /// The year the form states (`（2023年度）`) and its cell, when it states one.
    pub year: Option<(i32, String)>,
    /// Rows of the form hidden in Excel, read like the others (`项目1!B12：产出指标 …`).
    pub hidden_rows: Vec<String>,
    pub title: String,
    pub name: String,
    pub department: String,
    pub unit: String,
    /// The label of `unit` as the form has it: 预算单位, or 实施单位 on the national form.
    pub unit_label: String,
    pub sources: Vec<Funds>,
    pub total: Funds,
    /// The form has a 目标申报数 column (the national form has one 年初预算数 column
    /// only: its 目标申报数 cells print blank, not 0).
    pub declared_column: bool,
    /// The points 预算执行 weighs in the 总分 (10 on the national form, 0 on a form
    /// without them).
    pub execution_points: Decimal,
    pub goal: String,
    pub achieved: String,
    pub indicators: Vec<Indicator>,
    pub total_score: Decimal,
    pub grade: String,
    /// (label, text) of the analysis rows.
    pub analysis: Vec<(String, String)>,
    pub remark: String,
}

/// A stored value in the workbook that disagrees with the computed one.
#[derive(Debug, Clone, Serialize)]
pub struct Mismatch {
    pub project: String,
    pub cell: String,
    /// The figure: `执行率`, `总分` …
    pub what: String,
    pub expected: String,
    pub found: String,
    /// What is wrong with it: `与计算值不符`, `超过分值` …
    pub note: String,
    /// A hint rather than an error (执行数 above the budget: possible, worth a look).
    pub warning: bool,
}

impl Mismatch {
    /// An error at `cell` (`项目1!F7`) of `project`'s form.
    fn new(
        project: &str,
        cell: String,
        what: impl Into<String>,
        expected: impl Into<String>,
        found: impl Into<String>,
        note: impl Into<String>,
    ) -> Mismatch {
        Mismatch {
            project: project.to_string(),
            cell,
            what: what.into(),
            expected: expected.into(),
            found: found.into(),
            note: note.into(),
            warning: false,
        }
    }

    /// The same as a hint (possible, worth a look) rather than an error.
    fn hint(self) -> Mismatch {
        self.hint_if(true)
    }

    fn hint_if(mut self, hint: bool) -> Mismatch {
        self.warning = hint;
        self
    }
}

/// Grade bands, high to low: (minimum score, label). The last label is the fallback.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct GradeBands {
    pub bands: Vec<(Decimal, String)>,
    pub fallback: String,
}

impl Default for GradeBands {
    fn default() -> Self {
        GradeBands {
            bands: vec![
                (Decimal::from(90), "优".into()),
                (Decimal::from(80), "良".into()),
                (Decimal::from(60), "中".into()),
            ],
            fallback: "差".into(),
        }
    }
}

impl GradeBands {
    /// Shanghai's grades: 优 ≥ 90, 良 ≥ 80, 合格 ≥ 60, else 不合格.
    pub fn shanghai() -> GradeBands {
        GradeBands {
            bands: vec![
                (Decimal::from(90), "优".into()),
                (Decimal::from(80), "良".into()),
                (Decimal::from(60), "合格".into()),
            ],
            fallback: "不合格".into(),
        }
    }

    pub fn grade(&self, score: Decimal) -> String {
        self.bands
            .iter()
            .find(|(min, _)| score >= *min)
            .map_or(self.fallback.clone(), |(_, l)| l.clone())
    }

    pub fn labels(&self) -> Vec<String> {
        self.bands
            .iter()
            .map(|(_, l)| l.clone())
            .chain([self.fallback.clone()])
            .collect()
    }
}

fn num(grid: &Grid, r: usize, c: usize) -> Result<Decimal, String> {
    let v = num_unchecked(grid, r, c)?;
    if crate::amount::in_range(v) {
        Ok(v)
    } else {
        Err(format!("{}（数字过大）", v.normalize()))
    }
}

fn num_unchecked(grid: &Grid, r: usize, c: usize) -> Result<Decimal, String> {
    if let Some(f) = grid.uncalculated_formula(r, c) {
        return Err(format!("公式 ={f} 没有计算结果"));
    }
    // Shown through a scaling format (`0!.0000`): the clerk sees another number.
    if let Some(code) = grid.scaled.get(&(r, c)) {
        if !grid.is_empty(r, c) && grid.text(r, c) != "0" {
            return Err(format!(
                "存的数是 {}，单元格格式“{code}”把它显示成了另一个数；请把单元格格式改为“数值”",
                grid.text(r, c)
            ));
        }
    }
    match grid.get(r, c) {
        calamine::Data::Empty => Ok(Decimal::ZERO),
        calamine::Data::Int(i) => Ok(Decimal::from(*i)),
        calamine::Data::Float(f) => decimal_from_f64(*f).ok_or_else(|| f.to_string()),
        calamine::Data::String(s) => {
            let t = s.trim();
            if crate::amount::is_blank_marker(t) {
                Ok(Decimal::ZERO)
            } else {
                // The form is in 万元: `30元` would read as 30 万元.
                match parse_amount_text_with_unit(t) {
                    Some((_, Some("元"))) => {
                        Err(format!("{}（单位是元；本表金额单位为万元）", s.trim()))
                    }
                    Some((v, _)) => Ok(v),
                    None => Err(s.clone()),
                }
            }
        }
        calamine::Data::DateTime(d) => Err(format!(
            "日期格式的单元格（{}），请把单元格格式改为“数值”",
            d.as_f64()
        )),
        other => Err(crate::ingest::grid::cell_text(other)),
    }
}

/// A 执行率 cell: a number, or text with its % (`49.61%`, `49.61％`).
fn rate_num(grid: &Grid, r: usize, c: usize) -> Result<Decimal, String> {
    if let calamine::Data::String(s) = grid.get(r, c) {
        if let Some(n) = s.trim().strip_suffix(['%', '％']) {
            return crate::amount::parse_amount_text_with_unit(n.trim())
                .filter(|(_, unit)| unit.is_none())
                .map(|(v, _)| v)
                .ok_or_else(|| s.clone());
        }
    }
    num(grid, r, c)
}

/// The signature line under a form: `填表人：`, `审核人：`, `填报日期：` and the like.
fn is_signature(key: &str) -> bool {
    [
        "填表人",
        "填报人",
        "制表人",
        "审核人",
        "复核人",
        "负责人",
        "单位负责人",
        "财务负责人",
        "联系人",
        "联系电话",
        "填报日期",
        "填表日期",
        "制表日期",
    ]
    .iter()
    .any(|w| key.starts_with(w))
}

/// The stamp that opens a signature line: `填报单位（盖章）：`, `单位名称（盖章）：`.
fn is_stamp(key: &str) -> bool {
    key.contains("盖章") || key.contains("（章）") || key.contains("(章)")
}

/// A stored grade as clerks write it (`良好`, `优秀`, `等级：良`) against the computed
/// label (`良`).
fn same_grade(stored: &str, grade: &str) -> bool {
    let s = normalize(stored);
    let s = s
        .rsplit_once(['：', ':'])
        .map_or(s.as_str(), |(_, rest)| rest);
    s == grade || (s.starts_with(grade) && matches!(&s[grade.len()..], "好" | "秀" | "等"))
}

/// A score or 分值 cell: also `20分` as a clerk types it; the text itself when it is
/// not a number.
fn score_num(grid: &Grid, r: usize, c: usize) -> Result<Decimal, String> {
    if let calamine::Data::String(s) = grid.get(r, c) {
        if let Some(n) = s.trim().strip_suffix('分') {
            return crate::amount::parse_amount_text_with_unit(n.trim())
                .filter(|(_, unit)| unit.is_none())
                .map(|(v, _)| v)
                .ok_or_else(|| s.clone());
        }
    }
    num(grid, r, c)
}

/// A header cell naming `label`, also as the national form writes it with a letter or
/// a unit after it: `全年预算数（A）`, `全年预算数(万元)`.
fn header_is(text: &str, label: &str) -> bool {
    text == label
        || text
            .strip_prefix(label)
            .is_some_and(|rest| rest.starts_with(['（', '(']) && rest.ends_with(['）', ')']))
}

/// The labels of an indicator table's value columns, as a second header row has them
/// under a merged `指标值`.
const INDICATOR_VALUE_LABELS: [&str; 5] = [
    "年初指标值",
    "调整后指标值",
    "年度指标值",
    "全年指标值",
    "实际完成值",
];

/// The label of a grade (`评价等级`, `自评等级：`, `等次`), its value right of it.
fn is_grade_label(k: &str) -> bool {
    let k = k.trim_end_matches(['：', ':']);
    k.ends_with("等级") || matches!(k, "评级" | "等次" | "评价结果")
}

/// The 一级指标 header as forms word it (`一级指标`, `一级指标名称`).
fn is_level1_label(t: &str) -> bool {
    matches!(t, "一级指标" | "一级指标名称")
}

/// The label of the 总分 row (`总分`, `总分：`, `自评总分`, `合计得分`).
fn is_total_score_label(t: &str) -> bool {
    matches!(
        total_label(t),
        "总分" | "自评总分" | "总得分" | "合计得分" | "得分合计" | "综合得分"
    )
}

/// A 总分 label without its colon and the points it is out of (`总分（100分）：`).
fn total_label(t: &str) -> &str {
    // (`总分：89.96分`: the label before the score typed into its cell.)
    let t = t.split(['：', ':']).next().unwrap_or(t);
    let bare = t
        .strip_suffix(['）', ')'])
        .and_then(|x| x.rsplit_once(['（', '(']))
        .filter(|(_, inner)| inner.ends_with('分') && inner.chars().any(|c| c.is_ascii_digit()));
    bare.map_or(t, |(label, _)| label)
}

fn find_cell(grid: &Grid, pred: impl Fn(&str) -> bool) -> Option<(usize, usize)> {
    (0..grid.rows()).find_map(|r| {
        grid.row_texts(r)
            .into_iter()
            .find(|(_, t)| pred(&normalize(t)))
            .map(|(c, _)| (r, c))
    })
}

/// Text of the first non-empty cell right of (r, c).
fn right_of(grid: &Grid, r: usize, c: usize) -> String {
    grid.row_texts(r)
        .into_iter()
        .find(|(x, _)| *x > c)
        .map(|(_, t)| t)
        .unwrap_or_default()
}

/// The form's title as clerks and provinces word it: `…项目支出绩效自评表`,
/// `…绩效目标自评表`, `…自评表（2023年度）`, `…自评表(表2)`, `…绩效自评报告`.
fn is_title(t: &str) -> bool {
    t.contains("绩效")
        && (t.contains("自评表") || t.ends_with("自评报告"))
        && t.chars().count() <= 80
}

/// The first row of each form on a sheet, from the rows of their 项目名称 (one per form,
/// top to bottom): a form starts at its title when one stands in the few rows above its
/// 项目名称, else at the year line (`（2023年度）`) right above it, else at its 项目名称.
/// The first form takes the rows above it too.
fn form_starts(grid: &Grid, names: &[(usize, usize)]) -> Vec<usize> {
    let mut starts = vec![0];
    for pair in names.windows(2) {
        let (previous, this) = (pair[0].0, pair[1].0);
        let above = (previous + 1).max(this.saturating_sub(4))..this;
        let texts = |r: usize| grid.row_texts(r).into_iter().map(|(_, t)| normalize(&t));
        let title = above
            .clone()
            .rev()
            .find(|&r| texts(r).any(|t| is_title(&t)));
        let year_line = |r: usize| {
            let t: Vec<String> = texts(r).collect();
            t.len() == 1 && t[0].contains("年度") && t[0].chars().count() <= 12
        };
        let start = title.unwrap_or_else(|| match this.checked_sub(1) {
            Some(r) if above.contains(&r) && year_line(r) => r,
            _ => this,
        });
        starts.push(start);
    }
    starts
}

/// The 年度目标 and 实际完成情况 texts. Most forms head two columns with the labels and put
/// the texts on the row below (`年度目标 | 实际完成情况` over `目标… | 完成…`); others put
/// each text right of its label, one row each (`年度总体目标 | 目标…` then
/// `实际完成情况 | 完成…`, with or without a `预期目标` between).
fn goal_and_achieved(grid: &Grid, goal_r: usize) -> (String, String) {
    let is_label = |t: &str| {
        let t = normalize(t);
        (t.contains("目标") || t.contains("实际完成")) && t.chars().count() <= 8
    };
    let texts = |r: usize| -> Vec<(usize, String)> {
        (grid.row_texts(r).into_iter())
            .filter(|(_, t)| !is_label(t))
            .collect()
    };
    if let Some((_, goal)) = texts(goal_r).into_iter().next() {
        let achieved = (goal_r + 1..(goal_r + 3).min(grid.rows())).find_map(|r| {
            let row = grid.row_texts(r);
            let at = row
                .iter()
                .position(|(_, t)| normalize(t).contains("实际完成"))?;
            row[at + 1..]
                .iter()
                .find(|(_, t)| !is_label(t))
                .map(|(_, t)| t.clone())
        });
        return (goal, achieved.unwrap_or_default());
    }
    // Without a label repeated from the row above (a merged label unmerged and written
    // into every cell, as WPS and .xls exports do).
    let below: Vec<(usize, String)> = grid
        .row_texts(goal_r + 1)
        .into_iter()
        .filter(|(c, t)| grid.text(goal_r, *c) != *t)
        .collect();
    let achieved = below.get(1).map(|(_, t)| t.clone()).unwrap_or_default();
    let goal = below
        .first()
        .map(|(_, t)| t.clone())
        .unwrap_or_else(|| right_of(grid, goal_r + 1, 0));
    (goal, achieved)
}

/// Labels found on every form, for one whose title cell is blank.
const FORM_MARKS: &[&str] = &["一级指标", "一级指标名称", "年度总体目标", "全年预算数"];

/// A label without the colon a clerk may type after it (`项目名称：`).
fn label(t: &str) -> &str {
    t.trim_end_matches(['：', ':'])
}

/// The title without a year in brackets at its end (the year is printed under it).
fn title_without_year(title: &str) -> String {
    let t = title.trim();
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(inner) = t.strip_suffix(close).and_then(|x| x.rsplit_once(open)) {
            if inner.1.contains("年度") {
                return inner.0.trim_end().to_string();
            }
        }
    }
    t.to_string()
}

/// The labels of the form's identification rows.
const ID_LABELS: &[&str] = &[
    "项目名称",
    "主管部门及代码",
    "主管部门",
    "预算单位",
    "实施单位",
];

/// The value filled in right of an identification label; "" when the cell is blank
/// (the next cell is then another label, not the value).
fn value_right_of(grid: &Grid, r: usize, c: usize) -> String {
    let v = right_of(grid, r, c);
    if ID_LABELS.contains(&label(&normalize(&v))) {
        String::new()
    } else {
        v
    }
}

#[derive(Debug, Serialize)]
pub struct Read {
    pub projects: Vec<Project>,
    pub mismatches: Vec<Mismatch>,
    /// Sheets titled as a 绩效自评表 not read, with why: without a form (no 项目名称),
    /// or hidden.
    pub skipped: Vec<(String, &'static str)>,
}

/// Whether a workbook holds 绩效自评表 forms (a sheet with a 项目名称 and 一级指标), for a
/// case whose file names do not say which workbook is which (a system exports each
/// project's form under the project's name).
pub fn holds_forms(path: &Path) -> bool {
    let Ok(mut book) = open_workbook(path) else {
        return false;
    };
    book.grids().is_ok_and(|grids| {
        grids.iter().any(|g| {
            find_cell(g, |t| label(t) == "项目名称").is_some()
                && find_cell(g, is_level1_label).is_some()
        })
    })
}

pub fn read_jixiao(path: &Path, bands: &GradeBands) -> Result<Read, IngestError> {
    read_jixiao_named(path, bands, false)
}

/// Like [`read_jixiao`]; `qualified`: the case holds several 绩效 workbooks (the system
/// exports one per project), and each sheet is named with its file as Excel names a cell
/// of another workbook (`[项目A.xlsx]Sheet1!F7`): `Sheet1` alone would not say which.
pub fn read_jixiao_named(
    path: &Path,
    bands: &GradeBands,
    qualified: bool,
) -> Result<Read, IngestError> {
    let mut book = open_workbook(path)?;
    let file = book.file.clone();
    let mut grids = book.grids()?;
    if qualified {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for grid in &mut grids {
            grid.sheet = format!("[{name}]{}", grid.sheet);
        }
    }
    // Each sheet of this workbook may be a project: one whose contents the file lacks
    // would silently leave the 附件 a project short.
    if !book.missing_sheets.is_empty() {
        return Err(IngestError::Corrupt {
            file,
            reason: format!(
                "工作表{}的内容在文件中缺失，其中的项目无法读取",
                crate::files::quoted_list(&book.missing_sheets)
            ),
        });
    }
    let mut projects = Vec::new();
    let mut mismatches = Vec::new();
    let mut skipped = Vec::new();
    for grid in &grids {
        let titled = find_cell(grid, is_title).is_some();
        let form = find_cell(grid, |t| label(t) == "项目名称").is_some();
        // A form whose title cell was left blank is still a project. Every form has
        // indicators: a sheet listing projects with their figures (a 汇总) has none.
        let indicators = find_cell(grid, is_level1_label).is_some();
        let untitled_form =
            form && indicators && find_cell(grid, |t| FORM_MARKS.contains(&t)).is_some();
        if !titled && !untitled_form {
            if form && !indicators && find_cell(grid, |t| FORM_MARKS.contains(&t)).is_some() {
                skipped.push((
                    grid.sheet.clone(),
                    "没有绩效指标（一级指标），不是自评表（如汇总表）",
                ));
            }
            continue;
        }
        if !form {
            skipped.push((grid.sheet.clone(), "只有标题，没有项目名称"));
            continue;
        }
        // A list of the projects titled like a form (`…绩效自评表（汇总）`): 项目名称 is a
        // column heading beside 序号, and no indicators follow.
        let listing = find_cell(grid, |t| t.contains("汇总")).is_some()
            || find_cell(grid, |t| label(t) == "项目名称").is_some_and(|(r, _)| {
                grid.row_texts(r)
                    .iter()
                    .any(|(_, t)| normalize(t) == "序号")
            });
        if !indicators && listing {
            skipped.push((
                grid.sheet.clone(),
                "没有绩效指标（一级指标），不是自评表（如汇总表）",
            ));
            continue;
        }
        // A hidden sheet (an old copy kept out of sight) is not what the clerk sees.
        if grid.hidden {
            skipped.push((grid.sheet.clone(), "是隐藏的工作表"));
            continue;
        }
        // Forms stacked on one sheet (a system's export of all projects): each read on
        // its own rows. Two side by side cannot be told apart by rows: refused.
        let names: Vec<(usize, usize)> = (0..grid.rows())
            .flat_map(|r| {
                grid.row_texts(r)
                    .into_iter()
                    .filter(|(_, t)| label(&normalize(t)) == "项目名称")
                    .map(move |(c, _)| (r, c))
            })
            .collect();
        if let Some(pair) = names.windows(2).find(|p| p[0].0 == p[1].0) {
            let ((r, c1), (_, c2)) = (pair[0], pair[1]);
            return Err(IngestError::BadCell {
                file,
                table: "项目支出绩效自评表".into(),
                cell: format!("{}!{}", grid.sheet, cell_name(r, c2)),
                expected: "每张自评表在各自的行上（一张在另一张下面，或各占一张工作表）".into(),
                found: format!(
                    "与 {}!{} 同一行的又一张自评表的项目名称（两张表左右并排）",
                    grid.sheet,
                    cell_name(r, c1)
                ),
                note: Some(Box::new(
                    "：请把并排的自评表移到下方，或放在单独的工作表".to_string(),
                )),
            });
        }
        let starts = form_starts(grid, &names);
        for (k, &start) in starts.iter().enumerate() {
            let end = starts.get(k + 1).copied().unwrap_or(grid.rows());
            let form = if starts.len() > 1 {
                &grid.rows_between(start..end)
            } else {
                grid
            };
            let (p, m) = read_project(&file, form, bands)?;
            projects.push(p);
            mismatches.extend(m);
        }
    }
    // A workbook named 绩效 that holds none (the 公开表 saved under the wrong name) must
    // not silently drop the 附件.
    // A 汇总 workbook beside the projects' own (several 绩效 workbooks in the case) adds
    // no form: said as its sheets skipped, not a refusal of the case.
    if projects.is_empty() && (!qualified || skipped.is_empty()) {
        return Err(IngestError::MissingTable {
            file,
            label: "项目支出绩效自评表".into(),
            title: "某某项目支出绩效自评表".into(),
            sheets: crate::files::quoted_list(grids.iter().map(|g| &g.sheet)),
        });
    }
    Ok(Read {
        projects,
        mismatches,
        skipped,
    })
}

fn read_project(
    file: &str,
    grid: &Grid,
    bands: &GradeBands,
) -> Result<(Project, Vec<Mismatch>), IngestError> {
    // A cell of this sheet as messages name it: `项目1!F7`.
    let cell_at = |r: usize, c: usize| format!("{}!{}", grid.sheet, cell_name(r, c));
    let bad = |r: usize, c: usize, expected: &str, found: String| IngestError::BadCell {
        file: file.to_string(),
        table: "项目支出绩效自评表".into(),
        cell: cell_at(r, c),
        expected: expected.into(),
        found,
        note: grid.merge_note(r, c),
    };
    let missing = |what: &str| IngestError::MissingHeader {
        file: file.to_string(),
        table: "项目支出绩效自评表".into(),
        sheet: grid.sheet.clone(),
        expected: what.into(),
        found: "该表中没有".into(),
    };
    let (nr, nc) =
        find_cell(grid, |t| label(t) == "项目名称").ok_or_else(|| missing("“项目名称”"))?;
    let project_name = value_right_of(grid, nr, nc);
    // The national form's title is the same on every form (`项目支出绩效自评表`): the
    // project's name before it tells the attachments (and their 目录 lines) apart.
    let title = match find_cell(grid, is_title).map(|(r, c)| title_without_year(&grid.text(r, c))) {
        Some(t) if t.starts_with("项目") && !t.contains(project_name.trim()) => {
            format!("{}{t}", project_name.trim())
        }
        Some(t) => t,
        None => format!("{project_name}项目支出绩效自评表"),
    };
    // `（2023年度）` in the rows above the form: a form of another year must not be
    // printed under this year's heading.
    // (From the form's first row: a form stacked under another starts further down.)
    let top = (0..nr).find(|&r| !grid.row_is_empty(r)).unwrap_or(0);
    // The year line (`（2023年度）`) wins over a year in the title: a carried-over
    // project's name often holds an earlier year (`2022年度乡村振兴结转资金项目…`).
    let years: Vec<(i32, String, bool)> = (top..nr.min(top + 6))
        .flat_map(|r| grid.row_texts(r).into_iter().map(move |(c, t)| (r, c, t)))
        .filter_map(|(r, c, t)| {
            let t = normalize(&t);
            let at = t.find("年度")?;
            let digits: String = t[..at]
                .chars()
                .rev()
                .take_while(char::is_ascii_digit)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let y = digits.parse::<i32>().ok().filter(|_| digits.len() == 4)?;
            let line = t.chars().filter(|ch| !"（）()：:".contains(*ch)).count() <= 8;
            Some((y, cell_at(r, c), line))
        })
        .collect();
    let year = (years.iter().find(|y| y.2))
        .or(years.first())
        .map(|(y, cell, _)| (*y, cell.clone()));
    let name = value_right_of(grid, nr, nc);
    let dept_at = find_cell(grid, |t| t.starts_with("主管部门"));
    let department = dept_at
        .map(|(r, c)| value_right_of(grid, r, c))
        .unwrap_or_default();
    let unit_at = find_cell(grid, |t| matches!(label(t), "预算单位" | "实施单位"));
    // The national form (财预〔2020〕10号) says 实施单位 where others say 预算单位:
    // printed as the form says it.
    let unit_label = unit_at
        .map(|(r, c)| label(&normalize(&grid.text(r, c))).to_string())
        .unwrap_or_else(|| "预算单位".into());
    let unit = unit_at
        .map(|(r, c)| value_right_of(grid, r, c))
        .unwrap_or_default();

    // Funds block.
    let (fr, _) =
        find_cell(grid, |t| header_is(t, "全年预算数")).ok_or_else(|| missing("“全年预算数”"))?;
    let col = |label: &str| -> Option<usize> {
        (fr..fr + 2).find_map(|r| {
            grid.row_texts(r)
                .into_iter()
                .find(|(_, t)| header_is(&normalize(t), label))
                .map(|(c, _)| c)
        })
    };
    let c_budget = col("全年预算数").ok_or_else(|| missing("“全年预算数”"))?;
    let c_exec = col("全年执行数").ok_or_else(|| missing("“全年执行数”"))?;
    // The 附件 prints the funds in 万元, as the national form states them: a form kept in
    // 元 (`项目资金（元）`, `全年预算数（元）`) would be printed ten thousand times over.
    if let Some((r, c, t)) = (fr.saturating_sub(1)..fr + 2)
        .flat_map(|r| grid.row_texts(r).into_iter().map(move |(c, t)| (r, c, t)))
        .find(|(_, _, t)| {
            let t = normalize(t);
            ["（元）", "(元)", "单位：元", "单位:元"]
                .iter()
                .any(|u| t.contains(u))
        })
    {
        return Err(IngestError::BadCell {
            file: file.to_string(),
            table: "项目支出绩效自评表".into(),
            cell: cell_at(r, c),
            expected: "以万元为单位的项目资金（附件按万元印出）".into(),
            found: format!("以元为单位：{}", t.trim()),
            note: Some(Box::new(
                "：请把这张表的金额换算为万元（除以 10000）并把单位改为万元".to_string(),
            )),
        });
    }
    // The national form (财预〔2020〕10号) has one 年初预算数 column, without 目标申报数
    // and 预算编制数 under it: that is the 预算编制数.
    let (c_decl, c_plan) = match (col("目标申报数"), col("预算编制数")) {
        (None, None) => (None, col("年初预算数")),
        found => found,
    };
    let c_bal = col("资金结(转)余").or_else(|| col("资金结（转）余"));
    let c_rate = col("执行率");
    let c_score = col("得分");
    let c_fund_dev = col("偏差原因分析及改进措施");
    let (goal_r, _) = find_cell(grid, |t| {
        t.contains("年度绩效目标") || t == "年度目标" || t == "年度总体目标"
    })
    .ok_or_else(|| missing("“项目年度绩效目标”"))?;
    // The points 预算执行 weighs: the funds block's 分值 (the national form's 10; some
    // provinces give it 20), else 10 where the block scores it (a 得分 column), else
    // none (older forms whose indicators make the 100 alone).
    let weight = col("分值")
        .and_then(|c| {
            (fr + 1..goal_r).find_map(|r| num(grid, r, c).ok().filter(|w| *w > Decimal::ZERO))
        })
        .unwrap_or(if c_score.is_some() {
            Decimal::TEN
        } else {
            Decimal::ZERO
        });
    let mut mism = Vec::new();
    // A blank identification would print the form with an empty 项目名称 or 主管部门.
    for (at, what, value) in [
        (Some((nr, nc)), "项目名称", &name),
        (dept_at, "主管部门及代码", &department),
        (unit_at, unit_label.as_str(), &unit),
    ] {
        if let (Some((r, c)), true) = (at, value.trim().is_empty()) {
            let project = if name.is_empty() { &grid.sheet } else { &name };
            mism.push(
                Mismatch::new(
                    project,
                    // The label's cell: the value's cell is somewhere right of it (merged).
                    cell_at(r, c),
                    what,
                    format!("在其右侧填写{what}"),
                    "空白",
                    "未填写，附件中这一格将是空的",
                )
                .hint_if(what != "项目名称"),
            );
        }
    }
    let mut sources = Vec::new();
    // The row of each source, and whether its own figures are wrong (a budget of 0
    // beside money spent, a negative amount): its derived figures are then not checked,
    // since they would only repeat the error.
    let mut source_rows: Vec<(usize, bool)> = Vec::new();
    for r in fr + 1..goal_r {
        let texts = grid.row_texts(r);
        // A formula saved without its result counts as a filled cell (and is refused
        // below): a row of them must not vanish and leave its 其中 row as the total.
        let filled = |c: usize| {
            texts.iter().any(|(x, _)| *x == c) || grid.uncalculated_formula(r, c).is_some()
        };
        if !filled(c_budget) && !filled(c_exec) {
            continue;
        }
        // The header's second row, its merged labels written into every cell (as WPS
        // and .xls exports unmerge them): `全年预算数` again under itself.
        if header_is(&normalize(&grid.text(r, c_budget)), "全年预算数") {
            continue;
        }
        let get = |c: Option<usize>| -> Result<Decimal, IngestError> {
            match c {
                Some(c) => num(grid, r, c).map_err(|f| bad(r, c, "金额（数字）", f)),
                None => Ok(Decimal::ZERO),
            }
        };
        let executed = get(Some(c_exec))?;
        // A blank 全年预算数 beside a 预算编制数: the form's own rule (备注: 年初预算数未
        // 调整的，取预算编制数) gives it; computed so, and said as a hint below.
        let planned_for_blank = c_plan
            .filter(|_| grid.is_empty(r, c_budget) && !grid.is_empty(r, c_exec))
            .and_then(|c| num(grid, r, c).ok())
            .filter(|p| !p.is_zero() && !p.is_sign_negative());
        let year_budget = match planned_for_blank {
            Some(p) => p,
            None => get(Some(c_budget))?,
        };
        let errors_before = mism.len();
        let mut flag = |c: usize, what: &str, expected: &str, found: String, note: &str| {
            mism.push(Mismatch::new(
                &name,
                cell_at(r, c),
                what,
                expected,
                found,
                note,
            ))
        };
        if grid.is_empty(r, c_budget) && !grid.is_empty(r, c_exec) && planned_for_blank.is_none() {
            flag(
                c_budget,
                "全年预算数",
                "数字",
                "空白".into(),
                "有执行数却没有填写",
            );
        } else if year_budget.is_zero() && !executed.is_zero() {
            flag(
                c_budget,
                "全年预算数",
                "大于 0（有执行数）",
                "0".into(),
                "全年预算为 0 却有执行数，无法计算执行率",
            );
        }
        for (c, what, v) in [
            (c_budget, "全年预算数", year_budget),
            (c_exec, "全年执行数", executed),
        ] {
            if v.is_sign_negative() && !v.is_zero() {
                flag(
                    c,
                    what,
                    "不小于 0",
                    v.normalize().to_string(),
                    "金额不能为负数",
                );
            }
        }
        // A blank 执行数 beside a budget would read as nothing spent: 0 must be written.
        let exec_blank = grid.is_empty(r, c_exec) && !grid.is_empty(r, c_budget);
        if exec_blank {
            mism.push(Mismatch::new(
                &name,
                cell_at(r, c_exec),
                "全年执行数",
                "数字（未执行时填 0）",
                "空白",
                "有全年预算数却没有填写执行数",
            ));
        }
        let label = texts
            .iter()
            .find(|(c, t)| *c < c_decl.or(c_plan).unwrap_or(c_budget) && !t.contains("项目资金"))
            .map(|(_, t)| t.trim_end_matches(['：', ':']).to_string())
            .unwrap_or_else(|| {
                // Unlabelled rows in the national form's order: 资金总额, 其中：财政资金,
                // 其他资金.
                if sources.is_empty() {
                    "资金总额".into()
                } else if sources.len() > 1 {
                    "其他资金".into()
                } else {
                    "其中：财政资金".into()
                }
            });
        let inputs_wrong = mism.len() > errors_before;
        if let Some(p) = planned_for_blank {
            mism.push(
                Mismatch::new(
                    &name,
                    cell_at(r, c_budget),
                    "全年预算数",
                    "数字（年初预算未调整时同预算编制数）",
                    "空白",
                    format!("已按预算编制数 {} 计算执行率；请在表中填上", p.normalize()),
                )
                .hint(),
            );
        }
        let balance = year_budget - executed;
        let rate = percent(executed, year_budget);
        // 执行率 × 10 from the exact ratio (14.8935 / 30 → 4.9645 → 4.96). Forms that
        // multiply the rate already rounded (49.65% → 4.97) are as right: a stored score
        // made that way is taken, so that 总分 agrees with the form.
        let exact_score = executed
            .checked_mul(weight)
            .and_then(|x| x.checked_div(year_budget))
            .map(|x| cents(x).clamp(Decimal::ZERO, weight));
        let rate_score =
            rate.map(|p| cents(p * weight / Decimal::ONE_HUNDRED).clamp(Decimal::ZERO, weight));
        let stored_score = c_score
            .filter(|&c| !grid.is_empty(r, c))
            .and_then(|c| score_num(grid, r, c).ok());
        let score = match (exact_score, rate_score, stored_score) {
            (Some(e), Some(alt), Some(s)) if s != e && cents(s) == alt => alt,
            (Some(e), _, _) => e,
            _ => Decimal::ZERO,
        };
        // A mistyped 执行数 (41.882 for 14.882) beside a 结余 and 执行率 that agree with
        // each other and with another 执行数: said once, at the 执行数, not as every cell
        // after it (结余, 执行率, 得分, 总分, 等级) being wrong.
        let stored =
            |c: Option<usize>, read: fn(&Grid, usize, usize) -> Result<Decimal, String>| {
                c.filter(|&c| !grid.is_empty(r, c))
                    .and_then(|c| read(grid, r, c).ok())
            };
        let implied = stored(c_bal, num)
            .map(|b| year_budget - b)
            .filter(|implied| {
                let rate_agrees = stored(c_rate, rate_num).is_some_and(|p| {
                    let p = if p.abs() <= Decimal::TWO {
                        p * Decimal::ONE_HUNDRED
                    } else {
                        p
                    };
                    Some(crate::amount::round(p, 2)) == percent(*implied, year_budget)
                });
                *implied != executed && *implied >= Decimal::ZERO && rate_agrees
            });
        let exec_typo = !exec_blank && !inputs_wrong && !year_budget.is_zero() && implied.is_some();
        if let Some(implied) = implied.filter(|_| exec_typo) {
            mism.push(Mismatch::new(
                &name,
                cell_at(r, c_exec),
                "全年执行数",
                format!("{}（与本行的资金结余、执行率相符）", implied.normalize()),
                executed.normalize().to_string(),
                "本行的结余、执行率相互一致，只与执行数不符：多半是执行数填错了",
            ));
        }
        // Spent more than the year's budget: possible (funds added late), but a slip of
        // a digit as often; the score is capped at 10 either way.
        if !inputs_wrong && !exec_typo && executed > year_budget && !year_budget.is_zero() {
            mism.push(
                Mismatch::new(
                    &name,
                    cell_at(r, c_exec),
                    "全年执行数",
                    format!("不超过全年预算数 {}", year_budget.normalize()),
                    format!(
                        "{}（执行率 {}%）",
                        executed.normalize(),
                        rate.unwrap_or_default()
                    ),
                    "执行数超过全年预算数，请核实",
                )
                .hint(),
            );
        }
        let project = name.clone();
        let mut verify = |c: Option<usize>, what: &str, expected: Decimal, dp: u32| {
            if let Some(c) = c {
                // Blank or `—` (as the national form fills its 其中 rows): not given,
                // and computed anyway.
                if grid.is_empty(r, c) || crate::amount::is_blank_marker(&grid.text(r, c)) {
                    return;
                }
                // A score typed `4.96分` as the indicators' are.
                let read = match what {
                    "预算执行得分" => score_num,
                    "执行率" => rate_num,
                    _ => num,
                };
                match read(grid, r, c) {
                    // A stored figure that is not a number (#DIV/0!, a text) is named
                    // like a wrong one: the form would be published beside it.
                    Err(text) => mism.push(Mismatch::new(
                        &project,
                        cell_at(r, c),
                        what,
                        expected.normalize().to_string(),
                        format!("“{text}”"),
                        "不是数字",
                    )),
                    Ok(found) => {
                        // A stored figure rounded to fewer places (结余 15.12 for 15.118) is
                        // compared at its own precision; a rate stored as a fraction under a
                        // percent format (0.4961 shown as 49.61%) as the percentage.
                        // (A rate typed to one place, 49.6 for 49.61, is a rate; one
                        // rounded to a whole number says too little to tell.)
                        let least = if what == "执行率" { 1 } else { 2 };
                        let same = |f: Decimal| {
                            let places = dp.min(f.normalize().scale()).max(least);
                            crate::amount::round(f, places)
                                == crate::amount::round(expected, places)
                        };
                        let as_percent = what == "执行率"
                            && found.abs() <= Decimal::TWO
                            && same(found * Decimal::ONE_HUNDRED);
                        // A rate is said with its %.
                        let pct = if what == "执行率" { "%" } else { "" };
                        if !same(found) && !as_percent {
                            mism.push(Mismatch::new(
                                &project,
                                cell_at(r, c),
                                what,
                                format!("{}{pct}", expected.normalize()),
                                // 0.4971 under a percent format is what Excel shows as 49.71%.
                                if what == "执行率"
                                    && found.abs() <= Decimal::TWO
                                    && !found.is_zero()
                                {
                                    format!(
                                        "{}（即 {}%）",
                                        found.normalize(),
                                        (found * Decimal::ONE_HUNDRED).normalize()
                                    )
                                } else {
                                    format!("{}{pct}", found.normalize())
                                },
                                "与计算值不符",
                            ));
                        }
                    }
                }
            }
        };
        if !exec_blank && !inputs_wrong && !exec_typo {
            verify(c_bal, "资金结(转)余", balance, 3);
            verify(c_rate, "执行率", rate.unwrap_or_default(), 2);
            verify(c_score, "预算执行得分", score, 2);
        }
        sources.push(Funds {
            label,
            declared: get(c_decl)?,
            planned: get(c_plan)?,
            year_budget,
            executed,
            balance,
            rate,
            score,
            deviation: c_fund_dev.map(|c| grid.text(r, c)).unwrap_or_default(),
        });
        source_rows.push((r, inputs_wrong || exec_blank || exec_typo));
    }
    if sources.is_empty() {
        return Err(missing("资金行（全年预算数、全年执行数）"));
    }
    // The total row is the one labelled so (资金总额, 合计), wherever it sits; without a
    // label, the first row (the national form puts it first).
    let total_at = sources
        .iter()
        .position(|f| ["总额", "合计", "总计"].iter().any(|k| f.label.contains(k)))
        .unwrap_or(0);
    let total = sources.remove(total_at);
    let (total_row, total_wrong) = source_rows.remove(total_at);
    // The 其中 rows against 资金总额, column by column: all of them add up to it; one
    // alone (财政资金, the other sources not listed) is at most it.
    type Column<'a> = (Option<usize>, &'a str, fn(&Funds) -> Decimal);
    let columns: [Column; 4] = [
        (c_decl, "目标申报数", |f: &Funds| f.declared),
        (c_plan, "预算编制数", |f: &Funds| f.planned),
        (Some(c_budget), "全年预算数", |f: &Funds| f.year_budget),
        (Some(c_exec), "全年执行数", |f: &Funds| f.executed),
    ];
    // Not when a row's own figures are already wrong (a blank 执行数 read as 0): the sum
    // would only repeat that error.
    let any_wrong = total_wrong || source_rows.iter().any(|(_, wrong)| *wrong);
    for (c, what, value) in columns {
        let Some(c) = c.filter(|_| !any_wrong) else {
            continue;
        };
        if sources.len() >= 2 {
            let sum: Decimal = sources.iter().map(value).sum();
            if sum != value(&total) {
                mism.push(Mismatch::new(
                    &name,
                    cell_at(total_row, c),
                    format!("{}的{what}", total.label),
                    format!("{}（其中各项之和）", sum.normalize()),
                    value(&total).normalize().to_string(),
                    "与其中各项之和不符",
                ));
            }
        } else if let (Some(part), Some((r, _))) = (sources.first(), source_rows.first()) {
            if value(part) != value(&total) {
                // Less is possible (the other sources not listed), more is not.
                let more = value(part) > value(&total);
                mism.push(
                    Mismatch::new(
                        &name,
                        cell_at(*r, c),
                        format!("{}的{what}", part.label),
                        if more {
                            format!("不超过{} {}", total.label, value(&total).normalize())
                        } else {
                            format!(
                                "{} {}（或列出其余资金来源）",
                                total.label,
                                value(&total).normalize()
                            )
                        },
                        value(part).normalize().to_string(),
                        if more {
                            "其中一项大于总额"
                        } else {
                            "只列出这一项资金来源，比总额少，其余来源未列出，请核实"
                        },
                    )
                    .hint_if(!more),
                );
            }
        }
    }
    let (goal, achieved) = goal_and_achieved(grid, goal_r);

    // Indicators.
    let (ir, _) = find_cell(grid, is_level1_label).ok_or_else(|| missing("“一级指标”"))?;
    // A header over two rows: `指标值` merged over `年初指标值 | 调整后指标值` in the row
    // below (the other labels merged down over both). That row is header, not the
    // first indicator, and its labels name the columns under `指标值`.
    let sub_header = {
        let texts = grid.row_texts(ir + 1);
        let labelled = texts.iter().any(|(_, t)| {
            let t = normalize(t);
            INDICATOR_VALUE_LABELS.iter().any(|l| t.starts_with(l))
        });
        let numbers = texts
            .iter()
            .any(|(_, t)| crate::amount::parse_amount_text(t).is_some());
        labelled && !numbers
    };
    let header_rows: Vec<usize> = if sub_header {
        vec![ir + 1, ir]
    } else {
        vec![ir]
    };
    // The column of the first of `labels` the header rows have (each also with words
    // after it: `偏差原因分析及改进措施`); the lower header row first, since its labels
    // are the more precise.
    let icol_any = |labels: &[&str]| {
        labels.iter().find_map(|label| {
            header_rows.iter().find_map(|&r| {
                grid.row_texts(r)
                    .into_iter()
                    .find(|(_, t)| normalize(t).starts_with(label))
                    .map(|(c, _)| c)
            })
        })
    };
    let icol = |label: &str| icol_any(&[label]);
    let c1 = icol("一级指标").unwrap_or(1);
    let c2 = icol("二级指标").unwrap_or(c1 + 1);
    let c3 = icol("三级指标").unwrap_or(c2 + 1);
    // The national form has one 年度指标值; other provinces write 全年指标值.
    let c_init = icol_any(&["年初指标值", "年度指标值", "全年指标值", "指标值"]);
    let c_adj = icol("调整后指标值");
    let c_act = icol_any(&["实际完成值", "全年实际值", "实际值", "完成值"]);
    // 分值 is 权重 or 标准分 on some forms; 得分 is 自评得分 or 评分.
    let c_max = icol_any(&["分值", "权重", "标准分"]).ok_or_else(|| missing("“分值”"))?;
    let c_sc = icol_any(&["得分", "自评得分", "评分"]).ok_or_else(|| missing("“得分”"))?;
    let c_dev = icol("偏差原因");
    // A header the form has and this reader does not know: its column would be left
    // out of the attachment without a word.
    let known = [
        Some(c1),
        Some(c2),
        Some(c3),
        c_init,
        c_adj,
        c_act,
        Some(c_max),
        Some(c_sc),
        c_dev,
    ];
    for (r, c, t) in header_rows
        .iter()
        .flat_map(|&r| grid.row_texts(r).into_iter().map(move |(c, t)| (r, c, t)))
    {
        let t = normalize(&t);
        // `指标值` over its two columns, the labels of the row above repeated in the
        // row below (as WPS unmerges them): headings of columns already known.
        let spanning = r == ir && t == "指标值" && c_adj.is_some();
        let repeated = r != ir && grid.row_texts(ir).iter().any(|(_, u)| normalize(u) == t);
        if !known.contains(&Some(c))
            && !spanning
            && !repeated
            && t != "绩效指标"
            && !t.starts_with("备注")
        {
            mism.push(
                Mismatch::new(
                    &name,
                    cell_at(r, c),
                    "指标栏目",
                    "一级指标、二级指标、三级指标、年初指标值、调整后指标值、实际完成值、分值、得分、偏差原因",
                    format!("“{t}”"),
                    "不是认识的栏目名称，这一栏不会印在附件中",
                )
                .hint(),
            );
        }
    }
    // Some forms label the 总分 row 合计: taken below the indicators only, where no
    // funds row is.
    // (Below the indicators first: a form may repeat its 总分 above them.)
    let below = |r: usize| {
        grid.row_texts(r)
            .iter()
            .any(|(_, t)| is_total_score_label(&normalize(t)))
    };
    let total_r = (ir + 1..grid.rows())
        .find(|&r| below(r))
        .or_else(|| find_cell(grid, is_total_score_label).map(|(r, _)| r))
        .or_else(|| {
            // Below the indicators a first cell `合计`, or `自评得分` (elsewhere the
            // 得分 column's heading), ends them.
            (ir + 1..grid.rows()).find(|&r| {
                grid.row_texts(r).first().is_some_and(|(_, t)| {
                    matches!(total_label(&normalize(t)), "合计" | "总计" | "自评得分")
                })
            })
        })
        .ok_or_else(|| {
            missing("“总分”（或 自评总分、总得分、综合得分、合计得分，写在指标下方的一行）")
        })?;
    let first = header_rows[0] + 1;
    let txt = |r: usize, c: Option<usize>| c.map(|c| grid.text(r, c)).unwrap_or_default();
    // The indicator of row `r`, under its groups, with its 分值 and 得分.
    let indicator = |r: usize, l1: &str, l2: &str, (max, score), points_rows| Indicator {
        level1: l1.to_string(),
        level2: l2.to_string(),
        name: grid.text(r, c3),
        initial: txt(r, c_init),
        adjusted: txt(r, c_adj),
        actual: txt(r, c_act),
        max,
        score,
        deviation: txt(r, c_dev),
        points_rows,
        max_cell: cell_at(r, c_max),
    };
    let mut indicators = Vec::new();
    let (mut l1, mut l2) = (String::new(), String::new());
    // A 分值 or 得分 typed as words (`十分`, `满分`) is said at its cell and read as 0, so
    // that every such cell of every form is listed in one `check`; the 总分 and 等级
    // are then not compared, since they would only repeat it.
    let mut unreadable = false;
    // The 总分 above the indicators (under the identification rows, as some forms put
    // it): the indicators then run to the first row that starts left of them (the
    // analysis block's label) or with the 备注 or the signatures.
    let above = total_r < ir;
    let ind_end = if above {
        (first..grid.rows())
            .find(|&r| {
                grid.row_texts(r).first().is_some_and(|(c, t)| {
                    let k = normalize(t);
                    (*c < c1 && k != "绩效指标")
                        || k.starts_with("项目绩效分析")
                        || k.starts_with("备注")
                        || is_signature(&k)
                        || is_stamp(&k)
                })
            })
            .unwrap_or(grid.rows())
    } else {
        total_r
    };
    // Where the indicators since the last 小计 row start (a bare 小计 adds up those).
    let mut group_start = 0;
    // The merge a cell of the indicators lies under, when it is not its first cell.
    let covered = |r: usize, c: usize| {
        grid.merges
            .iter()
            .any(|m| m.contains(r, c) && m.first.0 < r && m.first.0 >= first)
    };
    // Indicators whose 分值 or 得分 is merged over the rows below: (index, row), their
    // score against their 分值 checked once the rows are added up.
    let mut heads: Vec<(usize, usize)> = Vec::new();
    for r in first..ind_end {
        if grid.row_is_empty(r) {
            continue;
        }
        // A 小计 row (`产出指标小计`, or `小计` under its group) adds up the indicators
        // of its 一级指标 (a bare one, those since the last 小计), and a `合计` row all
        // of them: not an indicator (it would count twice in 总分); its figures are
        // checked instead.
        let labels = [c1, c2, c3].map(|c| normalize(&grid.text(r, c)));
        if let Some(t) = labels.iter().find(|t| t.ends_with("小计") || *t == "合计") {
            let named = t.trim_end_matches("小计");
            let group: Vec<&Indicator> = if *t == "合计" {
                indicators.iter().collect()
            } else if indicators.iter().any(|i| normalize(&i.level1) == named) {
                (indicators.iter())
                    .filter(|i| normalize(&i.level1) == named)
                    .collect()
            } else {
                indicators[group_start..].iter().collect()
            };
            let what = if *t == "合计" { "合计" } else { "小计" };
            for (c, part, sum) in [
                (c_max, "分值", group.iter().map(|i| i.max).sum::<Decimal>()),
                (c_sc, "得分", group.iter().map(|i| i.score).sum::<Decimal>()),
            ] {
                match score_num(grid, r, c) {
                    _ if grid.is_empty(r, c) => {}
                    Ok(found) if found == sum => {}
                    found => mism.push(Mismatch::new(
                        &name,
                        cell_at(r, c),
                        format!("{what}{part}"),
                        format!("{}（其上各指标之和）", sum.normalize()),
                        found.map_or_else(|t| format!("“{t}”"), |f| f.normalize().to_string()),
                        "与其上各指标之和不符",
                    )),
                }
            }
            group_start = indicators.len();
            continue;
        }
        let a = grid.text(r, c1);
        let b = grid.text(r, c2);
        // A 一级指标 of its own with its 二级 left blank: not the group above's 二级.
        if !a.is_empty() && a != l1 && b.is_empty() && !covered(r, c2) {
            l2.clear();
        }
        if !a.is_empty() {
            l1 = a;
        }
        if !b.is_empty() {
            l2 = b;
        }
        // A row of the blank template kept (a 二级指标 named, nothing under it, or `—`
        // and 0 in it): no indicator, and not printed as one scoring 0 of 0.
        let nothing = |c: usize| {
            let t = grid.text(r, c);
            t.trim().is_empty() || crate::amount::is_blank_marker(&t)
        };
        let unnamed = nothing(c3);
        if unnamed
            && [c_init, c_adj, c_act, c_dev]
                .into_iter()
                .flatten()
                .all(nothing)
            && [c_max, c_sc]
                .into_iter()
                .all(|c| nothing(c) || score_num(grid, r, c).is_ok_and(|v| v.is_zero()))
            && !covered(r, c_max)
            && !covered(r, c_sc)
            && grid.uncalculated_formula(r, c_sc).is_none()
        {
            continue;
        }
        if unnamed {
            mism.push(
                Mismatch::new(
                    &name,
                    cell_at(r, c3),
                    "三级指标",
                    "指标名称",
                    "空白",
                    "有分值或指标值的一行没有填三级指标名称，附件中这一格将是空的",
                )
                .hint(),
            );
        }
        // One 分值 and 得分 merged over this indicator and those above it: theirs,
        // counted once, printed once across the rows. Only one of them merged (one
        // 分值 over two 得分, or the other way): the other's figures are added to it.
        if covered(r, c_max) || covered(r, c_sc) {
            let add = |c: usize| match covered(r, c) || grid.is_empty(r, c) {
                true => Ok(Decimal::ZERO),
                false => score_num(grid, r, c),
            };
            let (max, score) = match (add(c_max), add(c_sc)) {
                (Ok(m), Ok(s)) => (m, s),
                (m, s) => {
                    for (c, bad) in [(c_max, m.err()), (c_sc, s.err())] {
                        if let Some(text) = bad {
                            mism.push(Mismatch::new(
                                &name,
                                cell_at(r, c),
                                if c == c_max {
                                    "指标分值"
                                } else {
                                    "指标得分"
                                },
                                "数字（如 10 或 10分）",
                                format!("“{}”", crate::files::shown(text.trim(), 40)),
                                "不是数字",
                            ));
                        }
                    }
                    unreadable = true;
                    (Decimal::ZERO, Decimal::ZERO)
                }
            };
            if let Some(owner) = indicators.iter_mut().rev().find(|i| i.points_rows > 0) {
                owner.points_rows += 1;
                owner.max += max;
                owner.score += score;
            }
            indicators.push(indicator(r, &l1, &l2, (Decimal::ZERO, Decimal::ZERO), 0));
            continue;
        }
        let head = grid.merges.iter().any(|m| {
            m.first.0 == r && m.last.0 > r && (m.contains(r, c_max) || m.contains(r, c_sc))
        });
        if head {
            heads.push((indicators.len(), r));
        }
        let mut row_unreadable = false;
        let mut points = |c: usize, what: &str| {
            score_num(grid, r, c).unwrap_or_else(|text| {
                row_unreadable = true;
                mism.push(Mismatch::new(
                    &name,
                    cell_at(r, c),
                    what,
                    "数字（如 10 或 10分）",
                    format!("“{}”", crate::files::shown(text.trim(), 40)),
                    "不是数字",
                ));
                Decimal::ZERO
            })
        };
        let max = points(c_max, "指标分值");
        let score = points(c_sc, "指标得分");
        // A 得分 left blank beside its 分值 reads as 0: said here, where it is, rather
        // than as a 总分 that does not add up.
        if !row_unreadable
            && !max.is_zero()
            && grid.text(r, c_sc).trim().is_empty()
            && grid.uncalculated_formula(r, c_sc).is_none()
        {
            row_unreadable = true;
            mism.push(Mismatch::new(
                &name,
                cell_at(r, c_sc),
                "指标得分",
                "数字（0 分也请填 0）",
                "空白",
                format!("分值为 {} 的指标没有填得分", max.normalize()),
            ));
        }
        unreadable |= row_unreadable;
        if score.is_sign_negative() && !score.is_zero() {
            mism.push(Mismatch::new(
                &name,
                cell_at(r, c_sc),
                "指标得分",
                "不小于 0",
                score.normalize().to_string(),
                "得分不能为负数",
            ));
        }
        if row_unreadable || head {
            // Said above; a comparison with the 0 it reads as would only repeat it. (A
            // merged 分值 or 得分 is compared once its rows are added up, below.)
        } else if score > max && grid.text(r, c_max).trim().is_empty() {
            // A blank 分值 reads as 0: say it is blank, not that the score is above 0.
            mism.push(Mismatch::new(
                &name,
                cell_at(r, c_max),
                "指标分值",
                "分值（数字）",
                "空白",
                format!("得分为 {} 的指标没有填分值", score.normalize()),
            ));
        } else if score > max {
            mism.push(Mismatch::new(
                &name,
                cell_at(r, c_sc),
                "指标得分",
                format!("不超过 {}", max.normalize()),
                score.normalize().to_string(),
                "超过分值",
            ));
        }
        indicators.push(indicator(r, &l1, &l2, (max, score), 1));
    }
    for (i, r) in heads {
        let ind = &indicators[i];
        if ind.score > ind.max {
            mism.push(Mismatch::new(
                &name,
                cell_at(r, c_sc),
                "指标得分",
                format!("不超过 {}（合并的各行分值之和）", ind.max.normalize()),
                format!("{}（合并的各行得分之和）", ind.score.normalize()),
                "超过分值",
            ));
        }
    }
    let total_score = total.score + indicators.iter().map(|i| i.score).sum::<Decimal>();
    // Graded as printed: 89.995 prints 90.00, and 90.00 is 优, not 良.
    let grade = bands.grade(cents(total_score));
    // A score over its 分值 is said at its cell; a 总分 and 等级 "corrected" to include it
    // would only lock the error in.
    let over_max = indicators
        .iter()
        .any(|i| !i.max.is_zero() && i.score > i.max);
    // A formula saved without its result stores nothing to compare: the computed 总分
    // is printed, as for the other derived cells.
    // Above the indicators the 总分 stands beside its label, not under 得分.
    let c_sc = match grid
        .row_texts(total_r)
        .into_iter()
        .skip(1)
        .find(|(c, _)| score_num(grid, total_r, *c).is_ok())
    {
        Some((c, _))
            if above
                && (grid.is_empty(total_r, c_sc) || score_num(grid, total_r, c_sc).is_err()) =>
        {
            c
        }
        _ => c_sc,
    };
    let uncached = grid.uncalculated_formula(total_r, c_sc).is_some();
    // The 总分 typed after its label in one cell (`总分：89.96分`), the 得分 column
    // left empty.
    let inline = (grid.row_texts(total_r).into_iter().next())
        .filter(|_| grid.is_empty(total_r, c_sc) && !uncached)
        .and_then(|(c, t)| {
            let t = normalize(&t);
            let (_, v) = t.split_once('：')?;
            (!v.is_empty()).then(|| (c, v.to_string()))
        });
    // The score: the number up to `分` (a grade may follow it in the same cell).
    let inline_score = |v: &str| -> String {
        let number: String = v
            .chars()
            .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c) || ".．".contains(*c))
            .collect();
        if number.is_empty() {
            v.split('分').next().unwrap_or(v).to_string()
        } else {
            number
        }
    };
    let total_at = inline.as_ref().map_or(c_sc, |(c, _)| *c);
    let stored_total = match &inline {
        _ if uncached => Ok(Decimal::ZERO),
        Some((_, v)) => {
            let score = inline_score(v);
            crate::amount::parse_amount_text(&score).ok_or(score)
        }
        None => score_num(grid, total_r, c_sc),
    };
    match stored_total {
        Err(text) => mism.push(Mismatch::new(
            &name,
            cell_at(total_r, total_at),
            "总分",
            total_score.normalize().to_string(),
            format!("“{text}”"),
            "不是数字",
        )),
        Ok(_) if total_wrong || uncached || over_max || unreadable => {}
        // Left blank: the 附件 prints the computed 总分, and says so.
        Ok(_) if grid.is_empty(total_r, total_at) => mism.push(
            Mismatch::new(
                &name,
                cell_at(total_r, total_at),
                "总分",
                cents(total_score).to_string(),
                "空白",
                "总分未填写，附件中印出计算的总分；请在表中填上",
            )
            .hint(),
        ),
        Ok(found) => {
            if cents(found) != cents(total_score) {
                mism.push(Mismatch::new(
                    &name,
                    cell_at(total_r, total_at),
                    "总分",
                    total_score.normalize().to_string(),
                    found.normalize().to_string(),
                    "与计算值（预算执行得分加各指标得分）不符；若总分无误，则是某项指标的得分填错了",
                ));
            }
        }
    }
    // A 总分 stated a second time (a form may repeat it above the indicators): not
    // printed, but it must agree with the computed one as well.
    let mut again_rows = Vec::new();
    for r in (0..grid.rows()).filter(|&r| r != total_r && !header_rows.contains(&r)) {
        let Some((c, t)) = grid
            .row_texts(r)
            .into_iter()
            .find(|(_, t)| is_total_score_label(&normalize(t)))
        else {
            continue;
        };
        again_rows.push(r);
        let typed = normalize(&t)
            .split_once('：')
            .map(|(_, v)| inline_score(v))
            .filter(|v| !v.is_empty());
        let (at, again) = match typed {
            Some(v) => (c, crate::amount::parse_amount_text(&v)),
            None => match grid.row_texts(r).into_iter().find(|(k, _)| *k > c) {
                Some((k, _)) => (k, score_num(grid, r, k).ok()),
                None => continue,
            },
        };
        match again {
            Some(v)
                if cents(v) != cents(total_score)
                    && !(total_wrong || uncached || over_max || unreadable) =>
            {
                mism.push(Mismatch::new(
                    &name,
                    cell_at(r, at),
                    "总分",
                    total_score.normalize().to_string(),
                    v.normalize().to_string(),
                    format!(
                        "表中又写了一处总分，与计算值（预算执行得分加各指标得分）不符；附件印出的是 {} 的总分",
                        cell_at(total_r, total_at)
                    ),
                ));
            }
            _ => {}
        }
    }
    // The grade is the text of the 总分 row that is no number (a 100 under 分值 may
    // sit between the score and it), right of the 得分 column or, on forms whose
    // columns moved, anywhere after the label.
    let grade_cell = |from: usize| {
        grid.row_texts(total_r).into_iter().find(|(c, t)| {
            let k = normalize(t);
            // (`评价等级`, `自评等级：` are the grade's label, its value right of it.)
            *c > from
                && !is_total_score_label(&k)
                && k != "合计"
                && !is_grade_label(&k)
                && score_num(grid, total_r, *c).is_err()
        })
    };
    // Or in a row of its own under the 总分 (`评价等级 | 良`): that row is no analysis.
    // (`自评等级：良` in one cell: the grade after its label.)
    let grade_row = (total_r + 1..grid.rows())
        .find(|&r| !grid.row_is_empty(r))
        .filter(|&r| {
            grid.row_texts(r).first().is_some_and(|(_, t)| {
                let t = normalize(t);
                is_grade_label(t.split('：').next().unwrap_or_default())
            })
        });
    // Or after the 总分 in its cell: `总分：89.96分 评价等级：良`.
    let inline_grade = inline
        .as_ref()
        .filter(|(_, v)| v.contains("等级") || v.contains("等次"))
        .and_then(|(c, v)| Some((*c, v.rsplit_once('：')?.1.to_string())));
    let in_grade_row = grade_row.map(|r| {
        let texts = grid.row_texts(r);
        let (c, first) = texts[0].clone();
        let after = normalize(&first)
            .split_once('：')
            .map(|(_, v)| v.to_string())
            .filter(|v| !v.is_empty());
        (
            r,
            match after {
                Some(v) => (c, v),
                None => texts.into_iter().nth(1).unwrap_or((c_sc, String::new())),
            },
        )
    });
    // Every place the form states a grade, the printed one first.
    // (In a repeated 总分 row: the text after a grade label, in its cell or the next.)
    let labelled_grade = |r: usize| {
        let texts = grid.row_texts(r);
        let at = texts.iter().position(|(_, t)| {
            let t = normalize(t);
            is_grade_label(t.split('：').next().unwrap_or_default())
        })?;
        let (c, t) = &texts[at];
        match normalize(t).split_once('：') {
            Some((_, v)) if !v.is_empty() => Some((r, (*c, v.to_string()))),
            _ => texts.get(at + 1).map(|found| (r, found.clone())),
        }
    };
    let stated = [
        grade_cell(c_sc)
            .or_else(|| grade_cell(0))
            .map(|found| (total_r, found)),
        in_grade_row,
        inline_grade.map(|found| (total_r, found)),
    ];
    let mut stated =
        (stated.into_iter().flatten()).chain(again_rows.iter().filter_map(|&r| labelled_grade(r)));
    // (Not there: named as the cell right of the 总分, where forms keep it.)
    let (grade_r, (grade_col, stored_grade)) = stated
        .next()
        .unwrap_or((total_r, (c_sc + 1, String::new())));
    if stored_grade.is_empty() {
        mism.push(
            Mismatch::new(
                &name,
                cell_at(grade_r, grade_col),
                "等级",
                grade.clone(),
                "空白",
                "等级未填写，附件中印出按总分评定的等级；请在表中填上",
            )
            .hint(),
        );
    } else if !same_grade(&stored_grade, &grade) && !total_wrong && !over_max && !unreadable {
        mism.push(Mismatch::new(&name, cell_at(grade_r, grade_col), "等级", grade.clone(), stored_grade.clone(), "与总分对应的等级不符（等级按 设置.toml [\"绩效等级\"] 的分数线判定，未设置时用版式的默认等级）"));
    }
    // A grade stated a second time (in the 总分 row and again in a row of its own) is
    // not printed, but a reader of the workbook sees it: it must agree too.
    for (r, (c, again)) in stated {
        if !again.is_empty()
            && !same_grade(&again, &grade)
            && !total_wrong
            && !over_max
            && !unreadable
        {
            mism.push(Mismatch::new(
                &name,
                cell_at(r, c),
                "等级",
                grade.clone(),
                again,
                format!(
                    "表中又写了一处等级，与总分对应的等级不符；附件印出的是 {} 的等级",
                    cell_at(grade_r, grade_col)
                ),
            ));
        }
    }
    let mut analysis = Vec::new();
    let mut remark = String::new();
    for r in if above { ind_end } else { total_r + 1 }..grid.rows() {
        if Some(r) == grade_row {
            continue;
        }
        let texts = grid.row_texts(r);
        if let Some((_, t)) = texts.first() {
            if normalize(t).starts_with("备注") {
                remark = t.clone();
                break;
            }
            // The form's signature line (填表人：李四 审核人：王五 填报日期：…, or one that
            // starts with the stamp: 填报单位（盖章）：… 填表人：…) is the end of the form,
            // not an analysis row: names of staff are not published.
            let first = normalize(t);
            let signatures = texts
                .iter()
                .filter(|(_, t)| is_signature(&normalize(t)))
                .count();
            if is_signature(&first) || is_stamp(&first) && signatures > 0 || signatures > 1 {
                break;
            }
        }
        let texts: Vec<(usize, String)> = texts
            .into_iter()
            .filter(|(_, t)| !t.contains("项目绩效分析") && !t.contains("自评结果分析"))
            .collect();
        match texts.as_slice() {
            [] => {}
            [(c, label)] => {
                // A label without its text (主要经验做法 left blank): the form would print
                // an empty box; worth a look, not a reason to refuse the document.
                mism.push(
                    Mismatch::new(
                        &name,
                        cell_at(r, *c),
                        label.replace(['\n', '\r'], ""),
                        "在其右侧填写",
                        "空白",
                        "未填写，附件中这一格将是空的",
                    )
                    .hint_if(true),
                );
                analysis.push((label.clone(), String::new()));
            }
            [(_, label), rest @ ..] => {
                let mut text: Vec<&str> = rest.iter().map(|(_, t)| t.as_str()).collect();
                // A merged text cell unmerged into copies of itself is said once.
                text.dedup();
                analysis.push((label.clone(), text.join("")));
            }
        }
    }
    // A formula error left in a text cell (`#REF!` as the 项目名称) would be printed as
    // its text; figures with one are refused as they are read, and stored results
    // (执行率, 得分, 总分) are said among the mismatches above.
    for r in 0..grid.rows() {
        for c in 0..grid.width() {
            // A placeholder the clerk meant to replace (`【待填写】`, `XXXXXX`).
            if let calamine::Data::String(t) = grid.get(r, c) {
                if crate::profile::is_left_in_workbook(t) {
                    mism.push(Mismatch::new(
                        &name,
                        cell_at(r, c),
                        "文字",
                        "写好的内容",
                        format!("“{}”", t.trim()),
                        "留有占位文字，附件会原样印出；请在自评表中改写",
                    ));
                }
            }
            let said = || mism.iter().any(|m| m.cell == cell_at(r, c));
            if let calamine::Data::Error(e) = grid.get(r, c) {
                if said() {
                    continue;
                }
                return Err(bad(
                    r,
                    c,
                    "文字或数字",
                    format!("公式错误 {e}，请在 Excel 中修正公式后重新保存"),
                ));
            }
            // A formula saved without its result (as programs that do not calculate
            // write them) reads empty: a 项目名称 or an indicator's value would be
            // printed blank. Only the figures this form derives anyway (结余, 执行率,
            // 得分 of the funds, the 总分 row) may be left so.
            let derived = r == total_r
                || (source_rows.iter().any(|(row, _)| *row == r) || r == total_row)
                    && [c_bal, c_rate, c_score].contains(&Some(c));
            if let Some(f) = grid.uncalculated_formula(r, c).filter(|_| !derived) {
                if said() {
                    continue;
                }
                return Err(bad(
                    r,
                    c,
                    "文字或数字",
                    format!(
                        "公式 ={f} 没有计算结果，附件中这一格将是空的（请在 Excel 或 WPS 中打开、重新计算并保存）"
                    ),
                ));
            }
        }
    }
    Ok((
        Project {
            sheet: grid.sheet.clone(),
            year,
            hidden_rows: grid
                .hidden_rows
                .iter()
                .filter_map(|&r| {
                    let texts = grid.row_texts(r);
                    let (c, _) = texts.first()?;
                    let shown: Vec<String> = texts.iter().take(4).map(|(_, t)| t.clone()).collect();
                    Some(format!(
                        "{}!{}：{}",
                        grid.sheet,
                        cell_name(r, *c),
                        shown.join(" ")
                    ))
                })
                .collect(),
            title,
            name,
            department,
            unit,
            unit_label,
            sources,
            total,
            declared_column: c_decl.is_some(),
            execution_points: weight,
            goal,
            achieved,
            indicators,
            total_score,
            grade,
            analysis,
            remark,
        },
        mism,
    ))
}

/// A project as the attachment template prints it.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectView {
    pub title: String,
    pub year: String,
    pub name: String,
    pub department: String,
    pub unit: String,
    pub unit_label: String,
    /// label, 目标申报数, 预算编制数, 全年预算数, 全年执行数, 结余, 执行率, 得分, 偏差原因
    pub funds: Vec<Vec<String>>,
    pub goal: String,
    pub achieved: String,
    pub indicators: Vec<Indicator>,
    pub total_score: String,
    pub grade: String,
    pub analysis: Vec<(String, String)>,
    pub remark: String,
}

/// Decimals of the amounts of the attached forms: as many as the most precise amount of
/// any of them, at least 2 (`30.000` beside `14.882`, not `30.00`) and at most 4 (万元 to
/// the 元), so that all the forms of one document print their amounts alike.
pub fn amount_places(projects: &[Project]) -> u32 {
    projects
        .iter()
        .flat_map(|p| std::iter::once(&p.total).chain(p.sources.iter()))
        .flat_map(|f| [f.declared, f.planned, f.year_budget, f.executed, f.balance])
        .map(|v| v.normalize().scale())
        .max()
        .unwrap_or(2)
        .clamp(2, 4)
}

impl Project {
    /// The form as printed, its amounts with `places` decimals (see [`amount_places`]).
    pub fn view(&self, year: i32, places: u32) -> ProjectView {
        let money = |v: Decimal| format_money_places(v, places);
        let row = |f: &Funds| {
            vec![
                f.label.clone(),
                if self.declared_column {
                    money(f.declared)
                } else {
                    String::new()
                },
                money(f.planned),
                money(f.year_budget),
                money(f.executed),
                money(f.balance),
                f.rate.map_or("—".into(), |r| format!("{r}%")),
                // A form that does not score 预算执行 prints no 0.00 for it.
                if self.execution_points.is_zero() {
                    String::new()
                } else {
                    format!("{}", cents(f.score))
                },
                f.deviation.clone(),
            ]
        };
        ProjectView {
            title: self.title.clone(),
            year: format!("（{year}年度）"),
            name: self.name.clone(),
            department: self.department.clone(),
            unit: self.unit.clone(),
            unit_label: self.unit_label.clone(),
            funds: std::iter::once(&self.total)
                .chain(self.sources.iter())
                .map(row)
                .collect(),
            goal: self.goal.clone(),
            achieved: self.achieved.clone(),
            indicators: self.indicators.clone(),
            total_score: cents(self.total_score).to_string(),
            grade: self.grade.clone(),
            analysis: self.analysis.clone(),
            remark: self.remark.clone(),
        }
    }
}
