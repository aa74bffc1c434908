//! Finding a table inside a sheet: its anchor (title or `公开NN表` label), the
//! 部门名称/年度/金额单位 line, the header block and the label path of every column.
//! Nothing here depends on fixed coordinates: tables may sit anywhere in any sheet.

use super::grid::{cell_name, normalize, Grid};
use crate::amount::half_width_digit;
use crate::model::{SourceUnit, TableKind};

/// Where one table starts in a sheet.
#[derive(Debug, Clone)]
pub struct Anchor {
    pub kind: TableKind,
    /// First row of the table (the title or label row, whichever comes first).
    pub start: usize,
    /// Last row (inclusive) before the next table on the same sheet.
    pub end: usize,
    pub label: Option<String>,
    pub title: String,
}

/// Rows of the sheet that could be the `公开NN表` label; returns the number.
fn label_number(key: &str) -> Option<u32> {
    // `公开０２表` typed with full-width digits is the same label.
    let key: String = key.chars().map(half_width_digit).collect();
    let rest = key.strip_prefix("公开")?;
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() || !rest[digits.len()..].starts_with('表') {
        return None;
    }
    if key.chars().count() > digits.len() + 4 {
        return None;
    }
    digits.parse().ok()
}

/// A `公开NN表` label written in the same cell as the title, before or after it
/// (`公开01表 收入支出决算总表`, `收入支出决算总表（公开01表）`): the number and the
/// title as written, without the label and the brackets or separators around it.
fn label_within(text: &str) -> Option<(u32, String)> {
    // `部门决算公开相关信息统计表（公开10表）`: the title has a 公开 of its own.
    let (start, end, n) = text.match_indices("公开").find_map(|(start, _)| {
        let end = start + text[start..].find('表')? + '表'.len_utf8();
        Some((start, end, label_number(&normalize(&text[start..end]))?))
    })?;
    let trim = |c: char| c.is_whitespace() || "（）()[]【】：:-—/|".contains(c);
    let before = text[..start].trim_matches(trim);
    let after = text[end..].trim_matches(trim);
    let title = match (before.is_empty(), after.is_empty()) {
        (true, false) => after,
        (false, true) => before,
        _ => return None,
    };
    Some((n, title.to_string()))
}

/// Which table a title cell names. Longest title wins (`财政拨款收入支出决算总表` must not
/// be read as `收入支出决算总表`). Lines of a table of contents (`一、收入决算表`) and notes
/// are not titles.
/// The continuation of a table on a sheet of its own: a title or label with 续
/// (`收入决算表（续）`, `公开02表续`, `续表`) in the sheet's top rows, with its cell.
pub fn continuation(grid: &Grid) -> Option<(String, TableKind)> {
    (0..grid.rows().min(6)).find_map(|r| {
        grid.row_texts(r).into_iter().find_map(|(c, t)| {
            let key = normalize(&t);
            if !key.contains('续') {
                return None;
            }
            let bare: String = key
                .replace("（续）", "")
                .replace("(续)", "")
                .replace("续表", "")
                .replace('续', "");
            let kind = title_kind(&bare)
                .or_else(|| label_number(&bare).and_then(|n| TableKind::from_number(n as _)))?;
            Some((
                format!("{}!{} “{}”", grid.sheet, cell_name(r, c), t.trim()),
                kind,
            ))
        })
    })
}

fn title_kind(key: &str) -> Option<TableKind> {
    // `…决算总表（表一）`: the number after the title.
    let key = match key.rsplit_once('（') {
        Some((title, tail)) if tail.starts_with('表') && tail.ends_with('）') => title,
        _ => key,
    };
    // Every title ends with 表; checked first, as this runs for most cells of a sheet.
    if !key.ends_with('表') || key.starts_with('注') || key.starts_with("说明") {
        return None;
    }
    // `一、收入支出决算总表` (Shanghai numbers its titles): the title after the number. A
    // table of contents lists such lines too; `find_anchors` keeps a title only with a
    // table below it.
    let key = match key.split_once('、') {
        Some((n, rest))
            if !n.is_empty() && n.chars().all(|c| "一二三四五六七八九十".contains(c)) =>
        {
            rest
        }
        _ => key,
    };
    let mut best: Option<(usize, TableKind)> = None;
    for kind in TableKind::ALL {
        for title in kind.titles() {
            let title = normalize(title);
            if key.ends_with(&title) && key.chars().count() <= title.chars().count() + 30 {
                let len = title.chars().count();
                if best.is_none_or(|(l, _)| len > l) {
                    best = Some((len, kind));
                }
            }
        }
    }
    best.map(|(_, k)| k)
}

/// Words that appear in the header rows of the 公开表 (any kind). A row made only of
/// these (and 栏次 numbers) is a header row; a data row always has something else.
const HEADER_WORDS: &[&str] = &[
    "项目",
    "收入",
    "支出",
    "科目代码",
    "科目编码",
    "科目名称",
    "功能分类",
    "经济分类",
    "类",
    "款",
    "项",
    "行次",
    "金额",
    "栏次",
    "预算数",
    "决算数",
    "人员经费",
    "公用经费",
    "小计",
    "合计",
    "本年收入合计",
    "财政拨款收入",
    "上级补助收入",
    "事业收入",
    "经营收入",
    "附属单位上缴收入",
    "其他收入",
    "本年支出合计",
    // Columns some exports add beside the figures; read past, never as amounts.
    "备注",
    "序号",
    "收入合计",
    "支出合计",
    "基本支出",
    "项目支出",
    "上缴上级支出",
    "经营支出",
    "对附属单位补助支出",
    "一般公共预算财政拨款",
    "政府性基金预算财政拨款",
    "国有资本经营预算财政拨款",
    "年初结转和结余",
    "本年收入",
    "本年支出",
    "年末结转和结余",
    "因公出国（境）费",
    "公务用车购置及运行维护费",
    "公务用车购置费",
    "公务用车运行维护费",
    "购置费",
    "运行维护费",
    "公务接待费",
    "统计数",
    "数量",
    // A 09 laid out by item with last year's figure beside (read past, not a figure of
    // this year's table).
    "上年决算数",
    "三公经费",
];

pub fn is_header_word(key: &str) -> bool {
    HEADER_WORDS.contains(&header_key(key).as_str())
}

/// A header label in its common form: `功能分类科目编码` (Shanghai's 02/03/05) and
/// `经济分类科目编码` (its 06) label the same column as `科目编码`; so do `支出功能分类
/// 科目编码` and the like; `经济分类科目名称` labels `科目名称`. Other labels are returned
/// as they are.
pub fn header_key(key: &str) -> String {
    // `决算数（万元）`: the unit written into the label (see `unit_in_header`).
    let key = ["（万元）", "（元）"]
        .iter()
        .find_map(|u| key.strip_suffix(u))
        .unwrap_or(key);
    // The 三公 items with 费用 for 费 (`公务接待费用`).
    if let Some(item) = key.strip_suffix("费用") {
        if matches!(
            item,
            "公务接待" | "因公出国（境）" | "公务用车购置" | "公务用车运行维护"
        ) {
            return format!("{item}费");
        }
    }
    for code in ["科目编码", "科目代码", "科目名称"] {
        if let Some(prefix) = key.strip_suffix(code) {
            if !prefix.is_empty() && prefix.ends_with("分类") {
                return code.to_string();
            }
        }
    }
    // The group label over code and name: `功能分类科目`, `支出功能分类科目`.
    for group in ["功能分类", "经济分类"] {
        if key.ends_with(&format!("{group}科目")) || (key.ends_with(group) && key != group) {
            return group.to_string();
        }
    }
    // The group label over the 三公 items (`财政拨款“三公”经费`), as the published
    // table lays them out with 预算数 | 决算数 under each item.
    if key.ends_with("\"三公\"经费") || key == "三公经费" {
        return "三公经费".into();
    }
    // The 2017–2019 wording of the vehicle items (`公务用车运行费`).
    match key {
        "公务用车运行费" => return "公务用车运行维护费".into(),
        "公务用车购置及运行费" => return "公务用车购置及运行维护费".into(),
        // 预算数 columns as 收支总表 of some provinces word them beside 决算数.
        "年初预算数" | "年初预算" | "全年预算数" | "调整预算数" | "本年预算数" | "预算" => {
            return "预算数".into()
        }
        _ => {}
    }
    // `基本支出决算`, `本年支出决算数`, `支出决算`: a column's label with 决算 added;
    // `决算` alone, and `本年决算数`, are `决算数`.
    if matches!(key, "决算" | "本年决算" | "本年决算数") {
        return "决算数".into();
    }
    for suffix in ["决算数", "决算"] {
        if let Some(prefix) = key.strip_suffix(suffix) {
            if HEADER_WORDS.contains(&prefix) {
                return prefix.to_string();
            }
        }
    }
    key.to_string()
}

/// Where a table's `公开NN表` label sits in a row crowded with other cells (tables laid
/// side by side on one sheet, which `find_anchors` does not read): `工作表“S”的 F2`.
pub fn label_beside_others(grids: &[Grid], kind: TableKind) -> Option<String> {
    let want = kind.label();
    grids.iter().find_map(|grid| {
        (0..grid.rows()).find_map(|row| {
            let cells = grid.row_texts(row);
            if cells.len() <= 4 {
                return None;
            }
            cells.iter().find_map(|(col, text)| {
                let key = normalize(text);
                let n = label_number(&key)?;
                (format!("公开{n:02}表") == want).then(|| {
                    format!(
                        "工作表“{}”的 {}",
                        grid.sheet,
                        super::grid::cell_name(row, *col)
                    )
                })
            })
        })
    })
}

/// All tables of a sheet, in row order.
pub fn find_anchors(grid: &Grid) -> Vec<Anchor> {
    let mut titles: Vec<(usize, TableKind, String)> = Vec::new();
    let mut labels: Vec<(usize, u32, String)> = Vec::new();
    for row in 0..grid.rows() {
        let cells = grid.row_texts(row);
        // Title and label rows carry few cells; a data row with a matching name would not.
        if cells.len() > 4 {
            continue;
        }
        for (col, text) in &cells {
            let key = normalize(text);
            if let Some(n) = label_number(&key) {
                labels.push((row, n, format!("公开{n:02}表")));
                continue;
            }
            // `收入支出决算总表（公开01表）` in one cell: both at this row.
            let (label, title) = match label_within(text) {
                Some((n, title)) if title_kind(&normalize(&title)).is_some() => (Some(n), title),
                _ => (None, grid.text(row, *col)),
            };
            if let Some(kind) = title_kind(&normalize(&title)) {
                if looks_like_table_below(grid, row) {
                    if let Some(n) = label {
                        labels.push((row, n, format!("公开{n:02}表")));
                    }
                    titles.push((row, kind, title));
                }
            }
        }
    }
    let mut anchors: Vec<Anchor> = Vec::new();
    let mut used_labels = vec![false; labels.len()];
    for (row, kind, title) in &titles {
        let mut anchor = Anchor {
            kind: *kind,
            start: *row,
            end: grid.rows().saturating_sub(1),
            label: None,
            title: title.clone(),
        };
        if let Some(i) = labels
            .iter()
            .position(|(lr, _, _)| lr.abs_diff(*row) <= 3)
            .filter(|i| !used_labels[*i])
        {
            used_labels[i] = true;
            anchor.label = Some(labels[i].2.clone());
            anchor.start = anchor.start.min(labels[i].0);
            // A title worded as another table's (`政府性基金…支出决算表` ends as 03's
            // `支出决算表`) under an explicit `公开07表`: the national number decides.
            if let Some(k) = TableKind::from_number(labels[i].1) {
                anchor.kind = k;
            }
        }
        anchors.push(anchor);
    }
    // A label without a recognisable title (a renamed title): trust the national number.
    for (i, (row, n, key)) in labels.iter().enumerate() {
        if used_labels[i] {
            continue;
        }
        // The label is explicit enough on its own: even a table whose header is damaged
        // must be found, so that the clerk hears about the header and not a lost table.
        if let Some(kind) = TableKind::from_number(*n) {
            {
                anchors.push(Anchor {
                    kind,
                    start: row.saturating_sub(1),
                    end: grid.rows().saturating_sub(1),
                    label: Some(key.clone()),
                    title: kind.title().to_string(),
                });
            }
        }
    }
    anchors.sort_by_key(|a| a.start);
    let starts: Vec<usize> = anchors.iter().map(|a| a.start).collect();
    for (i, a) in anchors.iter_mut().enumerate() {
        if let Some(next) = starts.get(i + 1) {
            a.end = next.saturating_sub(1).max(a.start);
        }
    }
    anchors
}

/// A real table has header words within a few rows of its title; a cover page or a table
/// of contents does not.
fn looks_like_table_below(grid: &Grid, row: usize) -> bool {
    (row + 1..(row + 9).min(grid.rows())).any(|r| {
        grid.row_texts(r)
            .iter()
            .filter(|(_, t)| is_header_word(&normalize(t)))
            .count()
            >= 2
    })
}

/// A unit written into the header labels (`金额（万元）`, `本年收入合计（元）`) of the rows
/// from `from` on, for a table whose meta line names none.
pub fn unit_in_header(grid: &Grid, from: usize, to: usize) -> Option<SourceUnit> {
    (from..=to).find_map(|r| {
        grid.row_texts(r).iter().find_map(|(_, t)| {
            let k = normalize(t);
            if k.ends_with("（万元）") {
                Some(SourceUnit::Wanyuan)
            } else if k.ends_with("（元）") {
                Some(SourceUnit::Yuan)
            } else {
                None
            }
        })
    })
}

/// `金额单位：元` written under a table instead of above it: looked for in the last few
/// filled rows of the table's range (its notes and footer).
pub fn unit_in_footer(grid: &Grid, from: usize, to: usize) -> Option<SourceUnit> {
    (from..=to)
        .rev()
        .filter(|&r| !grid.row_texts(r).is_empty())
        .take(8)
        .find_map(|r| {
            let cells = grid.row_texts(r);
            cells
                .iter()
                .enumerate()
                .find_map(|(i, (_, t))| match unit_in(&normalize(t))? {
                    UnitText::Known(u) => Some(u),
                    UnitText::InNextCell => cells.get(i + 1).and_then(|(_, next)| {
                        match unit_of(&format!("单位：{}", normalize(next))) {
                            Some(UnitText::Known(u)) => Some(u),
                            _ => None,
                        }
                    }),
                    UnitText::Unknown(_) => None,
                })
        })
}

/// The labels of the department on the meta line, as exports and provinces word them.
const DEPARTMENT_LABELS: &[&str] = &[
    "部门名称：",
    "单位名称：",
    "部门（单位）名称：",
    "单位（部门）名称：",
    "编制单位：",
    "编制部门：",
    "填报单位：",
    "编报单位：",
    "预算单位：",
    "主管部门：",
    "部门：",
    "单位：",
];

/// The 部门名称/年度/金额单位 line of a table.
#[derive(Debug, Clone)]
pub struct MetaLine {
    pub row: Option<usize>,
    pub department: Option<String>,
    pub year: Option<i32>,
    pub unit: Option<SourceUnit>,
    /// The unit text as written, when it is neither 元 nor 万元.
    pub unknown_unit: Option<(usize, usize, String)>,
}

pub fn find_meta(grid: &Grid, anchor: &Anchor) -> MetaLine {
    let mut meta = MetaLine {
        row: None,
        department: None,
        year: None,
        unit: None,
        unknown_unit: None,
    };
    let last = (anchor.start + 8).min(anchor.end);
    // Where the unit was read: a second, different unit on the table's head (`单位：元`
    // beside `金额单位：万元`) leaves the figures' unit in doubt.
    let mut unit_at: Option<(usize, usize, SourceUnit)> = None;
    let mut set_unit = |meta: &mut MetaLine, u: SourceUnit, row: usize, col: usize| {
        match unit_at {
            Some((r, c, first)) if first != u && meta.unknown_unit.is_none() => {
                let name = |u: SourceUnit| {
                    if u == SourceUnit::Yuan {
                        "元"
                    } else {
                        "万元"
                    }
                };
                meta.unknown_unit = Some((
                    row,
                    col,
                    format!(
                        "{}（表头另一处写着{}，{}!{}；两个单位不知以哪个为准）",
                        name(u),
                        name(first),
                        grid.sheet,
                        cell_name(r, c)
                    ),
                ));
            }
            Some(_) => {}
            None => unit_at = Some((row, col, u)),
        }
        meta.unit = Some(u);
    };
    for row in anchor.start..=last {
        let cells = grid.row_texts(row);
        let mut hit = false;
        for (i, (col, text)) in cells.iter().enumerate() {
            let key = normalize(text);
            // `金额单位：` | `元` and `部门名称：` | `某局` in two cells.
            let next = || {
                cells
                    .get(i + 1)
                    .map(|(_, t)| normalize(t))
                    .unwrap_or_default()
            };
            for prefix in DEPARTMENT_LABELS {
                if let Some(name) = key.strip_prefix(prefix) {
                    // `单位：` alone names the unit (`单位：元`, and on 10 `单位：个`), never
                    // the department.
                    let is_unit = *prefix == "单位：";
                    let name = if name.is_empty() && *prefix != "单位：" {
                        next()
                    } else {
                        name.to_string()
                    };
                    let name = cut_department(&name);
                    if !name.is_empty() && !is_unit {
                        meta.department = Some(name);
                    }
                    hit = true;
                    break;
                }
            }
            match unit_in(&key) {
                Some(UnitText::Known(u)) => {
                    set_unit(&mut meta, u, row, *col);
                    hit = true;
                }
                Some(UnitText::Unknown(u)) => {
                    meta.unknown_unit = Some((row, *col, u));
                    hit = true;
                }
                Some(UnitText::InNextCell) => {
                    hit = true;
                    match unit_of(&format!("单位：{}", next())) {
                        Some(UnitText::Known(u)) => {
                            let c = cells.get(i + 1).map_or(*col, |(c, _)| *c);
                            set_unit(&mut meta, u, row, c);
                        }
                        Some(UnitText::Unknown(u)) => {
                            let c = cells.get(i + 1).map_or(*col, |(c, _)| *c);
                            meta.unknown_unit = Some((row, c, u));
                        }
                        _ => {}
                    }
                }
                None => {}
            }
            if let Some(year) = parse_year(&key) {
                if key.len() <= 16 || hit || key.contains("年度：") {
                    meta.year = Some(year);
                    hit = true;
                }
            }
        }
        // A year stored as the number 2023 and shown as `2023年度` by its cell format.
        // Not the value of a labelled field (`单位编码：` | `2011`).
        if hit && meta.year.is_none() {
            meta.year = cells.iter().enumerate().find_map(|(i, (_, t))| {
                let labelled = i > 0 && {
                    let label = normalize(&cells[i - 1].1);
                    label.ends_with('：')
                        && !label.ends_with("年度：")
                        && !label.ends_with("年份：")
                };
                if labelled {
                    return None;
                }
                let k = normalize(t);
                let k = k.strip_suffix(".0").unwrap_or(&k);
                (k.len() == 4 && k.chars().all(|c| c.is_ascii_digit()))
                    .then(|| k.parse::<i32>().ok())
                    .flatten()
                    .filter(|y| (1990..=2100).contains(y))
            });
        }
        // A date shown as `2023年度` by its cell format (`yyyy"年度"`): its year.
        if hit && meta.year.is_none() {
            meta.year = cells.iter().find_map(|(c, _)| match grid.get(row, *c) {
                calamine::Data::DateTime(d) => excel_serial_year(d.as_f64()),
                _ => None,
            });
        }
        if hit {
            meta.row = Some(row);
            // The line is one row; a unit may sit on the row above or below the name.
            if meta.unit.is_some() && meta.department.is_some() {
                break;
            }
        }
    }
    meta
}

/// The year of an Excel date serial (days since 1899-12-30), within 1990–2100.
fn excel_serial_year(serial: f64) -> Option<i32> {
    use chrono::Datelike;
    if !serial.is_finite() || !(0.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let date = base.checked_add_days(chrono::Days::new(serial as u64))?;
    Some(date.year()).filter(|y| (1990..=2100).contains(y))
}

/// What follows a `单位：` of the meta line.
#[derive(Debug, PartialEq)]
enum UnitText {
    Known(SourceUnit),
    /// A money unit we do not convert (`千元`, `亿元`).
    Unknown(String),
    /// `金额单位：` with the unit in the next cell.
    InNextCell,
}

/// The amount unit of a meta-line cell (normalised): `金额单位：万元`, `（单位：元）`,
/// `计量单位：元`, `编制单位：某局单位：元` (one cell, spaces gone). A `单位：` followed by
/// an organisation's name is not a unit.
fn unit_in(key: &str) -> Option<UnitText> {
    key.match_indices("单位：").find_map(|(pos, _)| {
        let before = key[..pos].trim_end_matches(['（', '【', '[']);
        let explicit = ["金额", "计量", "货币"].iter().any(|w| before.ends_with(w));
        let rest = &key[pos..];
        match unit_of(rest) {
            None if explicit || before.is_empty() => {
                let after = rest["单位：".len()..].trim_matches(|c| "（）【】[]".contains(c));
                after.is_empty().then_some(UnitText::InNextCell)
            }
            found => found,
        }
    })
}

/// `单位：万元…` → 万元; `单位：元）` → 元; `单位：千元` → unknown; `单位：某局` → none.
fn unit_of(text: &str) -> Option<UnitText> {
    let unit = text.strip_prefix("单位：")?;
    // `人民币元`, `人民币万元`: the currency named before the unit.
    let unit = unit.strip_prefix("人民币").unwrap_or(unit);
    let unit: String = unit
        .chars()
        .take_while(|c| !"（）【】[]，,；;、".contains(*c))
        .collect();
    if unit.starts_with("万元") {
        Some(UnitText::Known(SourceUnit::Wanyuan))
    } else if unit.starts_with('元') {
        Some(UnitText::Known(SourceUnit::Yuan))
    } else if unit.ends_with('元') && unit.chars().count() <= 3 {
        Some(UnitText::Unknown(unit))
    } else {
        None
    }
}

/// A department name read from a meta-line cell that also holds the year or the unit
/// (`某局2023年度金额单位：万元`, spaces gone): the name only.
fn cut_department(name: &str) -> String {
    let mut end = name.len();
    for marker in ["金额单位", "计量单位", "货币单位", "单位："] {
        if let Some(p) = name.find(marker) {
            end = end.min(p);
        }
    }
    let head = &name[..end];
    // A year (`2023年度`, `2023年`) ends the name.
    let chars: Vec<(usize, char)> = head.char_indices().collect();
    for w in chars.windows(5) {
        if w[..4].iter().all(|(_, c)| c.is_ascii_digit()) && w[4].1 == '年' {
            let at = w[0].0;
            let digit_before = head[..at]
                .chars()
                .last()
                .is_some_and(|c| c.is_ascii_digit());
            // `某局2023年度` / `某局2023年` at the end: the year of the table. Inside a
            // name (`北京2022年冬奥会组织委员会`) a year is part of the name.
            let after = &head[w[4].0 + '年'.len_utf8()..];
            let ends_here = after.is_empty() || after.starts_with('度');
            if !digit_before && ends_here && parse_year(&head[at..]).is_some() {
                end = end.min(at);
                break;
            }
        }
    }
    let name = name[..end].trim_end_matches(['（', '(', '，', ',', '；']);
    // The budget unit's code, as finance systems print it: `[101001]某局`, `某局【101001】`.
    let code = |c: &str| c.len() >= 3 && c.chars().all(|c| c.is_ascii_digit());
    let mut name = name;
    for (open, close) in [('[', ']'), ('【', '】'), ('（', '）'), ('(', ')')] {
        if let Some((c, rest)) = name.strip_prefix(open).and_then(|r| r.split_once(close)) {
            if code(c) && !rest.is_empty() {
                name = rest;
            }
        }
        if let Some((rest, c)) = name.strip_suffix(close).and_then(|r| r.rsplit_once(open)) {
            if code(c) && !rest.is_empty() {
                name = rest;
            }
        }
    }
    // `007001-某局`; `101001某局` (a code of six or more digits run into the name).
    let digits = name.chars().take_while(char::is_ascii_digit).count();
    match name[digits..].strip_prefix(['-', '－', '—', '_']) {
        Some(rest) if digits >= 3 && !rest.is_empty() => rest.to_string(),
        _ if digits >= 6 && digits < name.len() => name[digits..].to_string(),
        _ => name.to_string(),
    }
}

/// `2023年度` / `2023年` / `二〇二三年度` / `２０２３年` → 2023.
pub fn parse_year(key: &str) -> Option<i32> {
    // Chinese and full-width digits as a clerk may type a year.
    let key: String = key
        .chars()
        .map(|c| match c {
            '〇' | '○' | '零' => '0',
            '一' => '1',
            '二' => '2',
            '三' => '3',
            '四' => '4',
            '五' => '5',
            '六' => '6',
            '七' => '7',
            '八' => '8',
            '九' => '9',
            _ => half_width_digit(c),
        })
        .collect();
    // `年度：2023` / `所属年度：2023年度`: the label before the figure.
    if let Some(rest) = ["年度：", "年度:", "年份：", "年份:"]
        .iter()
        .find_map(|l| key.find(l).map(|p| &key[p + l.len()..]))
    {
        let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
        let after = &rest[digits.len()..];
        let ends = after.is_empty()
            || after.starts_with('年')
            || !after.starts_with(|c: char| c.is_alphanumeric());
        return (digits.len() == 4 && ends)
            .then(|| digits.parse().ok())
            .flatten()
            .filter(|y| (1990..=2100).contains(y));
    }
    let idx = key.find('年')?;
    let digits = &key[..idx];
    let tail: String = digits
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if tail.len() == 4 && tail.chars().all(|c| c.is_ascii_digit()) {
        let before = &digits[..digits.len() - 4];
        if before.chars().last().is_some_and(|c| c.is_ascii_digit()) {
            return None;
        }
        tail.parse().ok().filter(|y| (1990..=2100).contains(y))
    } else {
        None
    }
}

/// The header block of a table: its rows and the label path of each column.
#[derive(Debug, Clone)]
pub struct Header {
    /// Last header row (the 栏次 row when there is one).
    pub last_row: usize,
    /// Per column, the labels from top to bottom (normalised), merged cells inherited.
    pub paths: Vec<Vec<String>>,
}

impl Header {
    pub fn last_label(&self, col: usize) -> &str {
        self.paths
            .get(col)
            .and_then(|p| p.last())
            .map_or("", |s| s.as_str())
    }

    pub fn path_has(&self, col: usize, label: &str) -> bool {
        self.paths
            .get(col)
            .is_some_and(|p| p.iter().any(|l| l == label))
    }
}

/// Is this row a 栏次 row: the word 栏次, or consecutive integers 1, 2, 3 … left to right?
fn is_column_number_row(grid: &Grid, row: usize) -> bool {
    let cells = grid.row_texts(row);
    if cells
        .iter()
        .any(|(_, t)| matches!(normalize(t).as_str(), "栏次" | "栏号" | "栏目"))
    {
        return true;
    }
    // `甲 | 乙 | 1 | 2 | 3`: the label columns lettered 甲乙丙…, the amounts numbered.
    const STEMS: &[&str] = &["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛"];
    let lettered = cells
        .iter()
        .filter(|(_, t)| STEMS.contains(&normalize(t).as_str()))
        .count();
    let nums: Vec<i64> = cells.iter().filter_map(|(_, t)| column_number(t)).collect();
    (nums.len() >= 3 || (lettered > 0 && !nums.is_empty()))
        && nums.len() + lettered == cells.len()
        && nums.iter().enumerate().all(|(i, n)| *n == i as i64 + 1)
}

/// A 栏次 number as exports type it: `1`, `(1)`, `（1）`, `１`, or `1.00` (a number the
/// exporter formatted as text).
pub(super) fn column_number(text: &str) -> Option<i64> {
    let t: String = text.trim().chars().map(crate::amount::half_width).collect();
    let t = t
        .strip_prefix('(')
        .and_then(|t| t.strip_suffix(')'))
        .unwrap_or(&t);
    if let Ok(n) = t.parse::<i64>() {
        return Some(n);
    }
    let (whole, fraction) = t.split_once('.')?;
    let n = whole.parse::<i64>().ok()?;
    (!fraction.is_empty() && fraction.chars().all(|c| c == '0')).then_some(n)
}

fn is_header_row(grid: &Grid, row: usize) -> bool {
    let cells = grid.row_texts(row);
    // A lone 合计 is the total row of an empty table, not a column label.
    if cells.len() == 1 && matches!(normalize(&cells[0].1).as_str(), "合计" | "总计") {
        return false;
    }
    !cells.is_empty() && cells.iter().all(|(_, t)| is_header_word(&normalize(t)))
}

/// Why no header was found after the meta line: what the first row there holds. A row
/// of known labels with one or two not known is a header with a typo (`基本支岀`) or
/// another wording: those are named with their cells. `None` when that row is a header
/// row after all (the header fails for another reason).
pub fn why_no_header(grid: &Grid, anchor: &Anchor, after: usize) -> Option<String> {
    let Some(row) =
        (after + 1..=anchor.end).find(|&r| !grid.row_is_empty(r) && !is_note_row(grid, r))
    else {
        return Some("标题下方没有任何内容".into());
    };
    if is_header_row(grid, row) {
        return None;
    }
    if is_column_number_row(grid, row) {
        return Some(format!(
            "标题下方第{}行是栏次行，其上没有栏目名称（“项目”“科目编码”“合计”等）所在的表头行：表头可能被清空或删除",
            row + 1
        ));
    }
    let cells = grid.row_texts(row);
    let named = |cells: &[&(usize, String)]| {
        cells
            .iter()
            .take(4)
            .map(|(c, t)| {
                format!(
                    "“{}”（{}!{}）",
                    crate::files::shown(t.trim(), 40),
                    grid.sheet,
                    cell_name(row, *c)
                )
            })
            .collect::<Vec<_>>()
            .join("、")
    };
    let (known, unknown): (Vec<_>, Vec<_>) = cells
        .iter()
        .partition(|(_, t)| is_header_word(&normalize(t)));
    if !known.is_empty() && unknown.len() <= 2.max(known.len() / 2) {
        return Some(format!(
            "表头行中的{}不是认识的栏目名称（是否有错别字？）",
            named(&unknown)
        ));
    }
    let more = if cells.len() > 4 { " 等" } else { "" };
    Some(format!(
        "标题下方第一行为 {}{more}，不是表头",
        named(&cells.iter().collect::<Vec<_>>())
    ))
}

/// Find the header block after the meta line. `None` when no header row is there.
pub fn find_header(grid: &Grid, anchor: &Anchor, after: usize) -> Option<Header> {
    let mut row = after + 1;
    // A `注：` line between the meta line and the header (some provinces put the note on
    // top) is read past.
    while row <= anchor.end && (grid.row_is_empty(row) || is_note_row(grid, row)) {
        row += 1;
    }
    let first = row;
    let mut last: Option<usize> = None;
    let mut number_row: Option<usize> = None;
    while row <= anchor.end && row < first + 6 {
        if is_column_number_row(grid, row) {
            number_row = Some(row);
            last = Some(row);
            break;
        }
        // The lower half of header cells merged over two rows reads as an empty row.
        if grid.row_is_empty(row) && last.is_some() {
            row += 1;
            continue;
        }
        // `人员经费` alone on a row under the 科目代码 row (a 06 of one column group) heads
        // a section of the data, not a header row.
        let section = matches!(
            grid.row_texts(row).as_slice(),
            [(_, t)] if matches!(normalize(t).as_str(), "人员经费" | "公用经费")
        );
        let under_codes = last.is_some_and(|l| {
            grid.row_texts(l)
                .iter()
                .any(|(_, t)| matches!(header_key(&normalize(t)).as_str(), "科目代码" | "科目编码"))
        });
        if section && under_codes {
            break;
        }
        if is_header_row(grid, row) {
            last = Some(row);
            row += 1;
        } else {
            break;
        }
    }
    let last = last?;
    let label_rows: Vec<usize> = (first..=last)
        .filter(|r| Some(*r) != number_row && !grid.row_is_empty(*r))
        .collect();
    if label_rows.is_empty() {
        return None;
    }
    let width = grid.width();
    let mut paths = vec![Vec::new(); width];
    let mut effective: Vec<Vec<String>> = vec![vec![String::new(); width]; label_rows.len()];
    for (i, &r) in label_rows.iter().enumerate() {
        for c in 0..width {
            let mut key = header_key(&grid.key(r, c));
            // An empty cell under a spanning group label (a merged cell) inherits it from
            // the left when the rows below still label this column.
            if key.is_empty() && c > 0 {
                let labelled_below = label_rows[i + 1..].iter().any(|&lr| !grid.is_empty(lr, c));
                if labelled_below {
                    key = effective[i][c - 1].clone();
                }
            }
            effective[i][c] = key;
        }
    }
    for (c, path) in paths.iter_mut().enumerate() {
        for row in &effective {
            if !row[c].is_empty() && path.last() != Some(&row[c]) {
                path.push(row[c].clone());
            }
        }
    }
    Some(Header {
        last_row: last,
        paths,
    })
}

/// The note a cell's text holds, in the form the document prints (`注：…`): `附注：`,
/// `填报说明：`, `※`, `（注）`, `Note:` and a bare `本表反映…` become `注：…`; `注`, `说明`
/// and `备注` lines stay as written. Signature lines and `本表无数据` are not notes.
pub fn note_text(text: &str) -> Option<String> {
    let k = text.trim();
    let key = normalize(k);
    if key.starts_with('注') || key.starts_with("说明") || key.starts_with("备注") {
        return Some(k.to_string());
    }
    let mut rest = k.trim_start_matches(['*', '＊', '※', ' ', '\u{3000}']);
    if rest.starts_with('注') {
        return Some(rest.to_string());
    }
    for marker in [
        "（注）",
        "(注)",
        "【注】",
        "附注",
        "填报说明",
        "Note",
        "NOTE",
        "note",
    ] {
        if let Some(r) = rest.strip_prefix(marker) {
            rest = r.trim_start_matches(['：', ':', ' ', '\u{3000}']);
            return Some(format!("注：{rest}"));
        }
    }
    normalize(rest)
        .starts_with("本表反映")
        .then(|| format!("注：{rest}"))
}

/// Does this row end the data: a 注/说明/备注 line in any of the ways exports write it
/// (`附注：`, `填报说明：`, `*注：`, `※`, `（注）`), or the note of an empty table
/// (`本表无数据`, `本部门无…`, `无`)?
pub fn is_note_row(grid: &Grid, row: usize) -> bool {
    grid.row_texts(row).first().is_some_and(|(_, t)| {
        let k = normalize(t);
        let k = k.trim_start_matches(['*', '＊', '※', '（', '(', '【']);
        // Signature lines under a table end it too.
        const ENDS: &[&str] = &[
            "注",
            "说明",
            "备注",
            "附注",
            "填报说明",
            "本表反映",
            "本表无数据",
            "本部门无",
            "本单位无",
            "单位负责人",
            "财务负责人",
            "制表人",
            "填表人",
            "审核人",
            "填报日期",
            "编制日期",
        ];
        ENDS.iter().any(|w| k.starts_with(w))
            || k == "无"
            || k.starts_with("无。")
            || k.to_ascii_lowercase().starts_with("note")
            || numbered_text(k)
            || page_footer(k)
    })
}

/// `1.本表反映…。`: a numbered sentence (a note without its 注：). Numbered labels of
/// 公开10表 (`1.主要负责人用车`) are no sentences: a note speaks of 本表 or ends with 。.
fn numbered_text(k: &str) -> bool {
    let rest = k.trim_start_matches(|c: char| c.is_ascii_digit());
    rest.len() < k.len()
        && rest
            .strip_prefix(['.', '．', '、'])
            .and_then(|r| r.chars().next())
            .is_some_and(|c| !c.is_ascii())
        && (k.contains("本表") || k.ends_with('。'))
}

/// A page footer printed into the sheet (`第1页，共1页`, `共2页`), or the line giving
/// the source of the data: the end of the table, not a row of it.
fn page_footer(k: &str) -> bool {
    let paged =
        (k.starts_with('第') || k.starts_with('共')) && k.contains('页') && k.chars().count() <= 12;
    paged
        || ["数据来源", "资料来源", "填表说明"]
            .iter()
            .any(|w| k.starts_with(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_notes_and_page_footers_end_a_table() {
        for k in [
            "1.本表反映部门收入",
            "2、本表",
            "3.单位：万元。",
            "第1页，共1页",
            "共2页",
            "数据来源：财务系统",
            "填表说明：…",
        ] {
            assert!(numbered_text(k) || page_footer(k), "{k}");
        }
        for k in [
            "2010101",
            "201",
            "1.5",
            "1.主要负责人用车",
            "第一部分部门概况说明材料汇总表格",
            "一般公共服务支出",
        ] {
            assert!(!numbered_text(k) && !page_footer(k), "{k}");
        }
    }

    #[test]
    fn column_numbers_as_exports_type_them() {
        for (text, n) in [
            ("1", 1),
            ("(2)", 2),
            ("（3）", 3),
            ("４", 4),
            ("5.00", 5),
            (" 6 ", 6),
        ] {
            assert_eq!(column_number(text), Some(n), "{text}");
        }
        for text in ["1.5", "1.", "(1", "一", "1,000", ""] {
            assert_eq!(column_number(text), None, "{text}");
        }
    }

    #[test]
    fn labels_and_titles() {
        assert_eq!(label_number("公开02表"), Some(2));
        assert_eq!(label_number("公开10表"), Some(10));
        assert_eq!(label_number("公开表"), None);
        assert_eq!(title_kind("收入支出决算总表"), Some(TableKind::T01));
        assert_eq!(title_kind("财政拨款收入支出决算总表"), Some(TableKind::T04));
        assert_eq!(title_kind("2023年度收入决算表"), Some(TableKind::T02));
        assert_eq!(title_kind("二、收入决算表"), Some(TableKind::T02));
        assert_eq!(title_kind("收入支出决算总表（表一）"), Some(TableKind::T01));
        assert_eq!(
            title_kind(&normalize("财政拨款\"三公\"经费支出决算表")),
            Some(TableKind::T09)
        );
        assert_eq!(
            label_within("收入支出决算总表（公开01表）"),
            Some((1, "收入支出决算总表".into()))
        );
        assert_eq!(
            label_within("公开04表：财政拨款收入支出决算总表"),
            Some((4, "财政拨款收入支出决算总表".into()))
        );
        assert_eq!(
            label_within("部门决算公开相关信息统计表 (公开10表)"),
            Some((10, "部门决算公开相关信息统计表".into()))
        );
        assert_eq!(label_within("公开01表"), None);
        assert_eq!(label_within("见公开01表的说明"), None);
        assert_eq!(parse_year("2023年度"), Some(2023));
        assert_eq!(parse_year("二〇二三年度"), Some(2023));
        assert_eq!(parse_year("２０２３年"), Some(2023));
        assert_eq!(parse_year("第一年"), None);
        assert_eq!(parse_year("年度：2023"), Some(2023));
        assert_eq!(parse_year("所属年度：2023年度"), Some(2023));
        assert_eq!(parse_year("年度:２０２３年"), Some(2023));
        assert_eq!(parse_year("年度：20231"), None);
        assert_eq!(parse_year("12023年"), None);
    }

    #[test]
    fn units_and_names_of_the_meta_line() {
        use UnitText::*;
        let unit = |t: &str| unit_in(&normalize(t));
        assert_eq!(unit("金额单位：万元"), Some(Known(SourceUnit::Wanyuan)));
        assert_eq!(unit("（单位：元）"), Some(Known(SourceUnit::Yuan)));
        assert_eq!(unit("(单位:元)"), Some(Known(SourceUnit::Yuan)));
        assert_eq!(unit("（金额单位：元）"), Some(Known(SourceUnit::Yuan)));
        assert_eq!(unit("计量单位：元"), Some(Known(SourceUnit::Yuan)));
        assert_eq!(unit("货币单位：元"), Some(Known(SourceUnit::Yuan)));
        assert_eq!(
            unit("编制单位：某某局    单位：元"),
            Some(Known(SourceUnit::Yuan))
        );
        assert_eq!(unit("金额单位："), Some(InNextCell));
        assert_eq!(unit("金额单位：千元"), Some(Unknown("千元".into())));
        assert_eq!(unit("金额单位：人民币元"), Some(Known(SourceUnit::Yuan)));
        assert_eq!(unit("单位：人民币万元"), Some(Known(SourceUnit::Wanyuan)));
        assert_eq!(unit("单位：某某局"), None);
        assert_eq!(unit("编制单位：某某局"), None);
        assert_eq!(
            cut_department(&normalize(
                "中共长治市屯留区委组织部 2023年度 金额单位：万元"
            )),
            "中共长治市屯留区委组织部"
        );
        assert_eq!(cut_department("某某局单位：元"), "某某局");
        assert_eq!(cut_department("第2023号局"), "第2023号局");
        assert_eq!(
            cut_department("北京2022年冬奥会和冬残奥会组织委员会"),
            "北京2022年冬奥会和冬残奥会组织委员会"
        );
        assert_eq!(cut_department("某局2023年"), "某局");
        assert_eq!(cut_department("007001-某局"), "某局");
        assert_eq!(cut_department("007001－某局2023年度"), "某局");
        assert_eq!(cut_department("12-某局"), "12-某局");
        assert_eq!(cut_department("[101001]某局"), "某局");
        assert_eq!(cut_department("（101001）某局"), "某局");
        assert_eq!(cut_department("某局【101001】"), "某局");
        assert_eq!(cut_department("101001某局"), "某局");
        assert_eq!(cut_department("（某市）某局"), "（某市）某局");
        assert_eq!(cut_department("8341部队"), "8341部队");
        for (cell, note) in [
            ("注：本表反映收入。", Some("注：本表反映收入。")),
            ("附注：本表反映收入。", Some("注：本表反映收入。")),
            ("※注：本表反映收入。", Some("注：本表反映收入。")),
            ("（注）本表反映收入。", Some("注：本表反映收入。")),
            ("Note: 本表反映收入。", Some("注：本表反映收入。")),
            ("本表反映收入。", Some("注：本表反映收入。")),
            ("单位负责人：张三", None),
            ("本表无数据", None),
        ] {
            assert_eq!(note_text(cell).as_deref(), note, "{cell}");
        }
    }
}
