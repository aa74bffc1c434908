//! The 勾稽关系 within and between the 公开表.

use rust_decimal::Decimal;

use super::{at, label, Report, Severity};
use crate::derive::strip_numbering;
use crate::model::*;

/// 01 and 04: 本年合计 = numbered lines above it; 总计 = 本年合计 + top-level lines below;
/// an indented part list (年初结转和结余 → 一般公共预算财政拨款 …) adds to its line; on a
/// side with several amount columns (04's 支出: 合计 and one per kind of 财政拨款), each
/// line's first column is the sum of the others.
fn check_summary(r: &mut Report, t: &SummaryTable, kind: TableKind, rule: &str) {
    let tab = label(kind);
    for (side, lines) in [("收入", &t.income), ("支出", &t.expense)] {
        parts_of_lines(r, lines, &tab, side, rule);
        let year_pos = lines.iter().position(Line::is_year_total);
        let total_pos = lines.iter().position(Line::is_grand_total);
        missing_lines(r, lines, &tab, side, rule, year_pos, total_pos);
        let (Some(year_pos), Some(total_pos)) = (year_pos, total_pos) else {
            continue;
        };
        let cols = lines[year_pos].amounts.len();
        for c in 0..cols {
            let value = |l: &Line| l.amounts.get(c).copied().unwrap_or_default();
            let parts: Vec<Decimal> = lines[..year_pos]
                .iter()
                .filter(|l| !l.label.is_empty() && !l.sub)
                .map(value)
                .collect();
            // Named by its header (合计, 一般公共预算财政拨款 …): the printed 栏次 count
            // both sides, so the position on one side is not its number.
            let col = match t.expense_columns.get(c) {
                Some(name) if cols > 1 && side == "支出" => format!("“{name}”栏"),
                _ if cols > 1 => format!("第{}个金额栏", c + 1),
                _ => String::new(),
            };
            r.sum(
                rule,
                &tab,
                at(
                    format!("{side}“{}”{col}", lines[year_pos].label),
                    lines[year_pos].cells.get(c),
                ),
                &parts,
                value(&lines[year_pos]),
                "与各项之和",
            );
            let mut below: Vec<Decimal> = vec![value(&lines[year_pos])];
            below.extend(
                lines[year_pos + 1..total_pos]
                    .iter()
                    .filter(|l| !l.label.is_empty() && !l.sub)
                    .map(value),
            );
            r.sum(
                rule,
                &tab,
                at(format!("{side}“总计”{col}"), lines[total_pos].cells.get(c)),
                &below,
                value(&lines[total_pos]),
                "与本年合计及结转结余之和",
            );
        }
    }
    if let (Some(a), Some(b)) = (grand_total(&t.income), grand_total(&t.expense)) {
        r.sum(
            rule,
            &tab,
            at("收入总计与支出总计".into(), b.cells.first()),
            &[a.amount()],
            b.amount(),
            "收支总计",
        );
    }
    // 04's 支出 side: 合计 | 一般公共预算财政拨款 | 政府性基金预算财政拨款 | 国有资本….
    let cols = &t.expense_columns;
    if cols.len() > 1 && cols[0].contains("合计") {
        for l in t.expense.iter().filter(|l| !l.label.is_empty()) {
            if l.amounts.len() < 2 {
                continue;
            }
            r.sum(
                rule,
                &tab,
                at(format!("支出“{}”“{}”", l.label, cols[0]), l.cells.first()),
                &l.amounts[1..],
                l.amounts[0],
                "与各类财政拨款栏之和",
            );
        }
    }
}

/// A side of 01/04 without its 本年…合计 or 总计 line: the narrative's totals would read
/// as 0, so it is an error that lists what the side holds instead. (A table read with
/// no line at all is an empty table: nothing is missing.)
fn missing_lines(
    r: &mut Report,
    lines: &[Line],
    tab: &str,
    side: &str,
    rule: &str,
    year_pos: Option<usize>,
    total_pos: Option<usize>,
) {
    let named: Vec<&Line> = lines.iter().filter(|l| !l.label.is_empty()).collect();
    if named.is_empty() {
        return;
    }
    // The rows read below the last named line, where the missing one usually sits.
    let last = named
        .iter()
        .rev()
        .take(4)
        .rev()
        .map(|l| match l.cells.first() {
            Some(c) => format!("“{}”（{c}）", l.label),
            None => format!("“{}”", l.label),
        })
        .collect::<Vec<_>>()
        .join("、");
    for (missing, expected) in [
        (year_pos.is_none(), format!("一行“本年{side}合计”")),
        (total_pos.is_none(), "一行“总计”".to_string()),
    ] {
        if missing {
            r.push(
                Severity::Error,
                rule,
                tab,
                format!("{side}一侧"),
                expected,
                format!("没有这一行（该侧最后几行为 {last}）"),
                "请核对项目名称是否被改写或整行被删除；缺少此行时总额无从核对，说明中的总数也无法计算".into(),
            );
        }
    }
}

/// A 结转和结余 line followed by its indented parts: the line is their sum.
fn parts_of_lines(r: &mut Report, lines: &[Line], tab: &str, side: &str, rule: &str) {
    for (i, l) in lines.iter().enumerate() {
        if l.sub || !l.label.contains("结转和结余") {
            continue;
        }
        let parts: Vec<&Line> = lines[i + 1..]
            .iter()
            .take_while(|x| x.sub && !x.label.is_empty())
            .collect();
        if parts.is_empty() {
            continue;
        }
        for c in 0..l.amounts.len() {
            let values: Vec<Decimal> = parts
                .iter()
                .map(|x| x.amounts.get(c).copied().unwrap_or_default())
                .collect();
            r.sum(
                rule,
                tab,
                at(format!("{side}“{}”", l.label), l.cells.get(c)),
                &values,
                l.amounts[c],
                "与其下各项之和",
            );
        }
    }
}

/// 02/03/05/07/08: the `row_total` column of each row = the `parts` columns; 类 = Σ 款;
/// 款 = Σ 项; 合计 = Σ 类.
fn check_code_table(
    r: &mut Report,
    t: &CodeTable,
    kind: TableKind,
    row_total: usize,
    parts: &[usize],
) {
    let tab = label(kind);
    let rule_row = format!("R{:02}-行合计", kind.number());
    let rule_tree = format!("R{:02}-类款项", kind.number());
    let Some(total_name) = t.columns.get(row_total) else {
        return;
    };
    let check_row =
        |r: &mut Report, place: String, values: &[Decimal], cells: &[Option<CellRef>]| {
            let addends: Vec<Decimal> = parts
                .iter()
                .map(|&i| values.get(i).copied().unwrap_or_default())
                .collect();
            r.sum(
                &rule_row,
                &tab,
                at(place, cells.get(row_total).and_then(Option::as_ref)),
                &addends,
                values.get(row_total).copied().unwrap_or_default(),
                &format!("“{total_name}”与各栏之和"),
            );
        };
    check_row(r, "合计行".into(), &t.total, &t.total_cells);
    // A 合计 with money and not one row under it: the rows were deleted or cut off
    // (by a `注：` line right under the 合计); the table would print its total alone.
    if t.rows.is_empty() {
        if let Some(ci) = t.total.iter().position(|v| !v.is_zero()) {
            r.push(
                Severity::Error,
                &rule_tree,
                &tab,
                at(format!("合计行“{}”", t.columns[ci]), t.total_cell(ci)),
                "其下各科目行（类、款、项）".into(),
                format!("没有科目行，合计却为 {}", t.total[ci]),
                "科目行可能被删除，或在“注”“说明”行之后而未读入；请补上各科目行".into(),
            );
        }
    }
    for row in &t.rows {
        check_row(
            r,
            format!("{} {}", row.code, row.name),
            &row.values,
            &row.cells,
        );
    }
    // Rows by their parent's code, once: a table of many thousand rows stays linear.
    let mut children_of: std::collections::HashMap<&str, Vec<&CodeRow>> =
        std::collections::HashMap::new();
    for row in t.rows.iter().filter(|x| x.code.len() > 3) {
        children_of
            .entry(&row.code[..row.code.len() - 2])
            .or_default()
            .push(row);
    }
    let codes: std::collections::HashSet<&str> = t.rows.iter().map(|x| x.code.as_str()).collect();
    // A 类 or 款 with money and no row under it, where the table details others a level
    // further: its 款/项 rows were deleted, and no sum above can see it.
    for parent in t.rows.iter().filter(|x| x.code.len() < 7) {
        let deeper = parent.code.len() + 2;
        let detailed = t.rows.iter().any(|x| x.code.len() == deeper);
        let Some(ci) = parent.values.iter().position(|v| !v.is_zero()) else {
            continue;
        };
        if detailed && !children_of.contains_key(parent.code.as_str()) {
            let (level, below) = if parent.code.len() == 3 {
                ("类", "款")
            } else {
                ("款", "项")
            };
            r.push(
                Severity::Error,
                &rule_tree,
                &tab,
                at(
                    format!("{} {}“{}”", parent.code, parent.name, t.columns[ci]),
                    parent.cells.get(ci).and_then(Option::as_ref),
                ),
                format!("其下所属各{below}的行"),
                format!("该{level}有金额 {}，其下却没有{below}", parent.values[ci]),
                format!("{below}的行可能被删除；表中其他{level}都列到了{below}"),
            );
        }
    }
    for (ci, col) in t.columns.iter().enumerate() {
        let classes: Vec<Decimal> = t
            .rows
            .iter()
            .filter(|x| x.code.len() == 3)
            .map(|x| x.values[ci])
            .collect();
        if !classes.is_empty() {
            r.sum(
                &rule_tree,
                &tab,
                at(format!("合计行“{col}”"), t.total_cell(ci)),
                &classes,
                t.total[ci],
                "与各类之和",
            );
        }
        for parent in &t.rows {
            let len = parent.code.len();
            if len == 7 {
                continue;
            }
            let children: Vec<Decimal> = children_of
                .get(parent.code.as_str())
                .map(|kids| kids.iter().map(|x| x.values[ci]).collect())
                .unwrap_or_default();
            if children.is_empty() {
                continue;
            }
            r.sum(
                &rule_tree,
                &tab,
                at(
                    format!("{} {}“{col}”", parent.code, parent.name),
                    parent.cells.get(ci).and_then(Option::as_ref),
                ),
                &children,
                parent.values[ci],
                if len == 3 {
                    "与所属各款之和"
                } else {
                    "与所属各项之和"
                },
            );
        }
    }
    // The same 科目代码 twice would be counted twice in every sum above.
    let mut seen = std::collections::BTreeMap::new();
    for row in &t.rows {
        if let Some(first) = seen.insert(row.code.as_str(), &row.at) {
            r.push(
                Severity::Error,
                &rule_tree,
                &tab,
                format!("{} {}（{}）", row.code, row.name, row.at),
                "每个科目代码只出现一次".into(),
                format!("与 {first} 重复"),
                "科目代码重复".into(),
            );
        }
    }
    // A 项 or 款 without its parent row.
    for row in &t.rows {
        if row.code.len() > 3 {
            let parent = &row.code[..row.code.len() - 2];
            if !codes.contains(parent) {
                r.push(
                    Severity::Error,
                    &rule_tree,
                    &tab,
                    format!("{} {}（{}）", row.code, row.name, row.at),
                    format!("上级科目 {parent} 的行"),
                    "没有".into(),
                    "科目缺少所属的类/款".into(),
                );
            }
        }
    }
    // Each 款 sits under its 类 and each 项 under its 款, in the sheet's order: sums go by
    // code, so a row moved under another class adds up and is still printed in the wrong
    // place.
    let (mut lei, mut kuan): (Option<&CodeRow>, Option<&CodeRow>) = (None, None);
    for row in &t.rows {
        let above = match row.code.len() {
            3 => {
                (lei, kuan) = (Some(row), None);
                continue;
            }
            5 => {
                let above = lei;
                kuan = Some(row);
                above
            }
            _ => kuan.or(lei),
        };
        let parent = &row.code[..row.code.len() - 2];
        if let Some(above) = above {
            if !row.code.starts_with(above.code.as_str()) && codes.contains(parent) {
                r.push(
                    Severity::Error,
                    &format!("R{:02}-科目位置", kind.number()),
                    &tab,
                    format!("{} {}（{}）", row.code, row.name, row.at),
                    format!("排在上级科目 {parent} 之下"),
                    format!("排在 {} {} 之下", above.code, above.name),
                    "这一行放错了位置，印出的表会把它列在别的类/款下".into(),
                );
            }
        }
    }
    super::crossing::point_at_crossings(r, t, &rule_row, &rule_tree, row_total, parts);
}

/// What a 科目 spent from 财政拨款 (05 一般公共预算, 07 政府性基金, 08 国有资本经营) is
/// part of all it spent (03): per code, never more. Two rows swapped in 05 add up
/// everywhere else and only show here.
fn fiscal_within_spending(r: &mut Report, g: &Gongkai) {
    use std::collections::HashMap;
    // Rows by code, once per table: a table of a few thousand rows stays linear.
    fn by_code(t: &CodeTable) -> HashMap<&str, &CodeRow> {
        t.rows.iter().map(|x| (x.code.as_str(), x)).collect()
    }
    let spent_rows = by_code(&g.t03);
    let tables = [&g.t05, &g.t07, &g.t08];
    let rows: Vec<HashMap<&str, &CodeRow>> = tables.iter().map(|t| by_code(t)).collect();
    let mut seen = std::collections::HashSet::new();
    let codes: Vec<&str> = tables
        .iter()
        .flat_map(|t| t.rows.iter().map(|x| x.code.as_str()))
        .filter(|code| seen.insert(*code))
        .collect();
    // The whole, then each kind of spending: 基本支出 and 项目支出 swapped within a table
    // keep every total and only show here.
    for (spent_name, names) in [
        ("本年支出合计", ["合计", "本年支出", "合计"]),
        ("基本支出", ["基本支出"; 3]),
        ("项目支出", ["项目支出"; 3]),
    ] {
        let Some(spent_col) = g.t03.column(spent_name) else {
            continue;
        };
        let cols: Vec<Option<usize>> = tables
            .iter()
            .zip(names)
            .map(|(t, name)| t.column(name))
            .collect();
        for code in &codes {
            let mut fiscal = Decimal::ZERO;
            let mut shown = Vec::new();
            let mut nonzero = 0;
            let mut first: Option<&CodeRow> = None;
            for (rows, col) in rows.iter().zip(&cols) {
                let Some(row) = rows.get(code) else { continue };
                let v = col
                    .and_then(|i| row.values.get(i))
                    .copied()
                    .unwrap_or_default();
                if v.is_zero() {
                    continue;
                }
                fiscal += v;
                nonzero += 1;
                let cell = col
                    .and_then(|i| row.cells.get(i).cloned().flatten())
                    .map_or_else(|| row.at.to_string(), |c| c.to_string());
                shown.push(format!("{cell} {v}"));
                first.get_or_insert(row);
            }
            let Some(row) = first else { continue };
            let spent_row = spent_rows.get(code);
            let spent = spent_row
                .and_then(|x| x.values.get(spent_col))
                .copied()
                .unwrap_or_default();
            if fiscal - spent > super::rounding_tail(nonzero + 1) {
                let column = if spent_name == "本年支出合计" {
                    String::new()
                } else {
                    format!("“{spent_name}”")
                };
                r.push(
                    Severity::Error,
                    "X-财政拨款对03",
                    &label(TableKind::T03),
                    match spent_row {
                        Some(x) => {
                            let cell = x
                                .cells
                                .get(spent_col)
                                .cloned()
                                .flatten()
                                .unwrap_or_else(|| x.at.clone());
                            format!("{code} {}{column}（{cell}）", x.name)
                        }
                        None => format!("{code} {}（公开03表中没有此科目）", row.name),
                    },
                    format!("不小于财政拨款{}支出 {fiscal}（{}）", if column.is_empty() { "" } else { spent_name.trim_end_matches("支出") }, shown.join(" + ")),
                    spent.to_string(),
                    if column.is_empty() {
                        "同一科目的财政拨款支出不能多于它的全部支出；某一行的数填错或两行数对调了".into()
                    } else {
                        format!("同一科目财政拨款的{spent_name}不能多于它的全部{spent_name}；基本支出和项目支出两栏的数可能对调了")
                    },
                );
            }
        }
    }
}

/// A table with 年初结转和结余, 本年收入, 本年支出 and 年末结转和结余 columns (07, and 08 in
/// Shanghai's layout): on each row what is left at the end is what there was, plus
/// income, less spending.
fn carry_over_balance(r: &mut Report, t: &CodeTable, kind: TableKind, spent_column: &str) {
    let col = |pred: &dyn Fn(&str) -> bool| t.columns.iter().position(|c| pred(c));
    let (Some(start), Some(income), Some(spent), Some(end)) = (
        col(&|c| c.starts_with("年初") && c.contains("结转")),
        col(&|c| c == "本年收入"),
        col(&|c| c == spent_column),
        col(&|c| c.starts_with("年末") && c.contains("结转")),
    ) else {
        return;
    };
    let tab = label(kind);
    let mut check = |place: String, values: &[Decimal], cells: &[Option<CellRef>]| {
        let v = |i: usize| values.get(i).copied().unwrap_or_default();
        r.sum(
            &format!("R{:02}-结转平衡", kind.number()),
            &tab,
            at(place, cells.get(end).and_then(Option::as_ref)),
            &[v(start), v(income), -v(spent)],
            v(end),
            "与“年初结转和结余 + 本年收入 − 本年支出”",
        );
    };
    check("合计行“年末结转和结余”".into(), &t.total, &t.total_cells);
    for row in &t.rows {
        check(
            format!("{} {}“年末结转和结余”", row.code, row.name),
            &row.values,
            &row.cells,
        );
    }
}

/// Each 类 row of a code table against the 支出 line of a summary table with the same
/// name (03 against 01; 05, 07, 08 against their 财政拨款 column of 04).
#[allow(clippy::too_many_arguments)]
fn classes_against_lines(
    r: &mut Report,
    rule: &str,
    table: &CodeTable,
    kind: TableKind,
    column: &str,
    summary: &SummaryTable,
    summary_column: usize,
    summary_kind: TableKind,
) {
    let Some(ci) = table.column(column) else {
        return;
    };
    for row in table.rows.iter().filter(|x| x.code.len() == 3) {
        let line = summary
            .expense
            .iter()
            .find(|l| !l.sub && strip_numbering(&l.label) == row.name);
        let place = at(
            format!("{} {}“{column}”", row.code, row.name),
            row.cells.get(ci).and_then(Option::as_ref),
        );
        match line {
            Some(l) => {
                let in_summary = l.amounts.get(summary_column).copied().unwrap_or_default();
                let where_ = l
                    .cells
                    .get(summary_column)
                    .map(|c| format!("（{c}）"))
                    .unwrap_or_default();
                r.sum(
                    rule,
                    &label(kind),
                    place,
                    &[in_summary],
                    row.values[ci],
                    &format!("与{}同名支出行{where_}", summary_kind.label()),
                );
            }
            None if !row.values[ci].is_zero() => r.push(
                Severity::Warning,
                rule,
                &label(kind),
                place,
                format!("{}中有同名支出行", summary_kind.label()),
                "没有".into(),
                "无法核对该类".into(),
            ),
            None => {}
        }
    }
    // The other way: a 支出 line of the summary with money must have its 类 in the code
    // table. A line whose figure sits under another name in the code table was already
    // pointed out above as a naming difference.
    let unmatched: Vec<Decimal> = table
        .rows
        .iter()
        .filter(|x| x.code.len() == 3)
        .filter(|x| {
            !summary
                .expense
                .iter()
                .any(|l| !l.sub && strip_numbering(&l.label) == x.name)
        })
        .map(|x| x.values[ci])
        .collect();
    let end = summary
        .expense
        .iter()
        .position(Line::is_year_total)
        .unwrap_or(0);
    for l in summary.expense[..end]
        .iter()
        .filter(|l| !l.sub && !l.label.is_empty())
    {
        let v = l.amounts.get(summary_column).copied().unwrap_or_default();
        let name = strip_numbering(&l.label);
        let in_table = table
            .rows
            .iter()
            .any(|x| x.code.len() == 3 && x.name == name);
        if v.is_zero() || in_table || unmatched.contains(&v) {
            continue;
        }
        let column_name = match &summary.expense_columns[..] {
            [_, _, ..] => summary
                .expense_columns
                .get(summary_column)
                .map(|c| format!("“{c}”"))
                .unwrap_or_default(),
            _ => String::new(),
        };
        r.push(
            Severity::Error,
            rule,
            &label(summary_kind),
            at(
                format!("支出“{}”{column_name}", l.label),
                l.cells.get(summary_column),
            ),
            format!("{}中有“{name}”类，金额 {v}", kind.label()),
            format!("{}中没有这一类", kind.label()),
            "两表的功能分类不一致：金额列在了别的类下，或漏了这一类".into(),
        );
    }
}

/// 02's income columns against 01's income lines: 财政拨款收入 = the 财政拨款 lines,
/// 上级补助收入 = 四、上级补助收入 and so on.
fn income_columns_against_01(r: &mut Report, g: &Gongkai) {
    let t02 = &g.t02;
    for (ci, col) in t02.columns.iter().enumerate().skip(1) {
        let lines: Vec<&Line> = g
            .t01
            .income
            .iter()
            .filter(|l| !l.sub && !l.label.is_empty())
            .filter(|l| {
                let name = strip_numbering(&l.label);
                if col == "财政拨款收入" {
                    // 一般公共预算财政拨款收入, also as 一般公共预算拨款收入 or 财政拨款.
                    name.ends_with("拨款收入") || name.ends_with("拨款")
                } else {
                    name == col.as_str()
                }
            })
            .collect();
        if lines.is_empty() {
            continue;
        }
        let values: Vec<Decimal> = lines.iter().map(|l| l.amount()).collect();
        r.sum(
            "X-02对01",
            &label(TableKind::T02),
            at(format!("合计行“{col}”"), t02.total_cell(ci)),
            &values,
            t02.total[ci],
            &format!(
                "与公开01表{}",
                lines
                    .iter()
                    .map(|l| match l.cells.first() {
                        Some(c) => format!("“{}”（{c}）", l.label),
                        None => format!("“{}”", l.label),
                    })
                    .collect::<Vec<_>>()
                    .join("、")
            ),
        );
    }
}

/// 06's 公务接待费, 公务用车运行维护费, 因公出国（境）费用 are the 基本支出 part of 09's
/// 决算数 (which also holds 项目支出): never more. 09's vehicle costs need vehicles in 10.
fn sangong_against_06_and_10(r: &mut Report, g: &Gongkai) {
    let s = &g.t09.actual;
    let t09 = label(TableKind::T09);
    let cell = |key: &str| g.t09.cells.get(&format!("决算数.{key}"));
    for (needle, in09, key) in [
        ("公务接待", s.reception, "公务接待费"),
        ("公务用车运行维护", s.vehicle_running, "公务用车运行维护费"),
        ("因公出国", s.abroad, "因公出国（境）费"),
    ] {
        let in06: Vec<&EconRow> = g
            .t06
            .public
            .iter()
            .chain(&g.t06.personnel)
            .filter(|x| x.code.len() == 5 && x.name.contains(needle))
            .collect();
        for row in in06 {
            let v = row.amount.unwrap_or_default();
            if v > in09 {
                r.push(
                    Severity::Error,
                    "X-09对06",
                    &t09,
                    at(format!("决算数“{key}”"), cell(key)),
                    format!(
                        "不少于公开06表 {} {} 的 {v}（{}）",
                        row.code, row.name, row.at
                    ),
                    in09.to_string(),
                    "“三公”经费决算含基本支出和项目支出，不应少于基本支出中的同项".into(),
                );
            }
        }
    }
    if let Some(t10) = &g.t10 {
        let vehicles = t10
            .lines
            .iter()
            .find(|l| l.is_asset() && l.label.contains("车辆") && l.label.contains("合计"));
        if let Some(v) = vehicles {
            if v.value.is_zero() && !s.vehicle_running.is_zero() {
                r.push(
                    Severity::Warning,
                    "X-09对10",
                    &t09,
                    at(
                        "决算数“公务用车运行维护费”".into(),
                        cell("公务用车运行维护费"),
                    ),
                    format!("公开10表车辆数合计为 0（{}）时应为 0", v.at),
                    s.vehicle_running.to_string(),
                    "没有公务用车却有运行维护费，请核实".into(),
                );
            }
        }
    }
}

/// Negative figures: a refund can leave an income or expense line negative (a warning to
/// look at), but 三公 amounts, 政府采购 and counts of 公开10表 never are.
fn negatives(r: &mut Report, g: &Gongkai) {
    let mut warn = |kind: TableKind, place: String, v: Decimal, fatal: bool| {
        r.push(
            if fatal {
                Severity::Error
            } else {
                Severity::Warning
            },
            "R-负数",
            &label(kind),
            place,
            "不小于 0".into(),
            v.to_string(),
            if fatal {
                "此处不可能为负数".into()
            } else {
                "负数，请核实是否冲减".into()
            },
        );
    };
    for (kind, t) in [(TableKind::T01, &g.t01), (TableKind::T04, &g.t04)] {
        for l in t.income.iter().chain(&t.expense) {
            for (c, v) in l.amounts.iter().enumerate() {
                if v.is_sign_negative() && !v.is_zero() {
                    warn(
                        kind,
                        at(format!("“{}”", l.label), l.cells.get(c)),
                        *v,
                        false,
                    );
                }
            }
        }
    }
    for (kind, t) in g.code_tables() {
        for row in &t.rows {
            for (c, v) in row.values.iter().enumerate() {
                if v.is_sign_negative() && !v.is_zero() {
                    let place = format!("{} {}“{}”", row.code, row.name, t.columns[c]);
                    warn(
                        kind,
                        at(place, row.cells.get(c).and_then(Option::as_ref)),
                        *v,
                        false,
                    );
                }
            }
        }
    }
    for row in g.t06.personnel.iter().chain(&g.t06.public) {
        if let Some(v) = row.amount.filter(|v| v.is_sign_negative() && !v.is_zero()) {
            warn(
                TableKind::T06,
                at(format!("{} {}", row.code, row.name), Some(&row.at)),
                v,
                false,
            );
        }
    }
    for (side, s) in [("预算数", &g.t09.budget), ("决算数", &g.t09.actual)] {
        for (name, v) in s.items() {
            if v.is_sign_negative() && !v.is_zero() {
                let cell = g.t09.cells.get(&format!("{side}.{name}"));
                warn(TableKind::T09, at(format!("{side}“{name}”"), cell), v, true);
            }
        }
    }
    if let Some(t10) = &g.t10 {
        for l in &t10.lines {
            if l.value.is_sign_negative() && !l.value.is_zero() {
                warn(
                    TableKind::T10,
                    at(format!("“{}”", l.label), Some(&l.at)),
                    l.value,
                    true,
                );
            }
        }
    }
}

/// Every table of one workbook belongs to one department and year: a table pasted in
/// from another export is refused (another year) or pointed out (another name).
fn identification(r: &mut Report, g: &Gongkai) {
    // Tables of one export share one unit: a table in 元 among tables in 万元 (or the
    // reverse) is most often a unit line typed wrong, which makes its figures 10,000
    // times off against the others.
    let metas = g.metas();
    let in_yuan = metas
        .iter()
        .filter(|(_, m)| m.unit == SourceUnit::Yuan)
        .count();
    // The fewer tables carry the odd unit (元 on a tie).
    let (odd, usual) = if in_yuan * 2 <= metas.len() {
        (SourceUnit::Yuan, "万元")
    } else {
        (SourceUnit::Wanyuan, "元")
    };
    if in_yuan > 0 && in_yuan < metas.len() {
        for (kind, meta) in metas.iter().filter(|(_, m)| m.unit == odd) {
            r.push(
                Severity::Warning,
                "R-表头",
                &label(*kind),
                format!("工作表“{}”的金额单位", meta.sheet),
                format!("{usual}（与其他表相同）"),
                if odd == SourceUnit::Yuan { "元" } else { "万元" }.into(),
                "各表金额单位不一致：本表按所写单位折算；若数字其实与其他表同一单位，请改正表头的金额单位"
                    .into(),
            );
        }
    }
    // A note the clerk meant to finish (`注：【待填写】`) would be printed as it is.
    for (kind, meta) in g.metas() {
        for (i, note) in meta.notes.iter().enumerate() {
            if crate::profile::is_left_in_workbook(note) {
                r.push(
                    Severity::Error,
                    "R-待填写",
                    &label(kind),
                    format!("工作表“{}”表下第{}行说明", meta.sheet, i + 1),
                    "写好的说明".into(),
                    format!("“{note}”"),
                    "留有占位文字，文档会原样印出；请在公开表中改写或删去".into(),
                );
            }
        }
    }
    for (kind, meta) in g.metas() {
        let place = format!("工作表“{}”的表头说明行", meta.sheet);
        if let (Some(y), Some(main)) = (meta.year, g.year) {
            if y != main {
                r.push(
                    Severity::Error,
                    "R-表头",
                    &label(kind),
                    place.clone(),
                    format!("{main}年度（与其他表相同）"),
                    format!("{y}年度"),
                    "各表年度不一致，可能混入了其他年度的表".into(),
                );
            }
        }
        if let Some(d) = meta.department.as_deref().filter(|d| !d.is_empty()) {
            if !g.department.is_empty() && !same_department(d, &g.department) {
                r.push(
                    Severity::Warning,
                    "R-表头",
                    &label(kind),
                    place,
                    format!("{}（与其他表相同）", g.department),
                    d.to_string(),
                    "各表单位名称不一致，可能混入了其他部门的表，请核实".into(),
                );
            }
        }
    }
}

/// A 科目代码 names one 科目 in every table: a code printed beside another name (two
/// rows' codes swapped, a name retyped) is printed so in the tables and the 情况说明.
/// The name most tables give is taken as the right one (the first table's on a tie),
/// so the error falls on the table that differs.
fn names_agree(r: &mut Report, g: &Gongkai) {
    let key = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '(' => '（',
                ')' => '）',
                _ => c,
            })
            .collect()
    };
    let mut by_code: std::collections::BTreeMap<&str, Vec<(TableKind, &CodeRow)>> =
        Default::default();
    for (kind, t) in g.code_tables() {
        for row in &t.rows {
            by_code
                .entry(row.code.as_str())
                .or_default()
                .push((kind, row));
        }
    }
    for rows in by_code.values().filter(|rows| rows.len() > 1) {
        let count = |name: &str| {
            rows.iter()
                .filter(|(_, o)| key(&o.name) == key(name))
                .count()
        };
        let Some(&(right_kind, right)) = rows
            .iter()
            .max_by_key(|(k, row)| (count(&row.name), std::cmp::Reverse(*k as usize)))
        else {
            continue;
        };
        for (kind, row) in rows {
            if key(&row.name) != key(&right.name) {
                r.push(
                    Severity::Error,
                    "X-科目名称",
                    &label(*kind),
                    format!("{} 一行（{} 所在行）", row.code, row.at),
                    format!(
                        "{}（{} {} 所在行）",
                        right.name,
                        right_kind.label(),
                        right.at
                    ),
                    row.name.clone(),
                    "同一科目代码在各表中的名称应相同：是否两行的代码对调了，或名称改错了？".into(),
                );
            }
        }
    }
}

/// Names written with or without a suffix such as `（本级）` are the same department.
pub(crate) fn same_department(a: &str, b: &str) -> bool {
    // Quotes are the same quotes however they were typed: the workbook reader reads
    // full-width “” as "" (`“三农”服务中心`).
    // Brackets and colons likewise, typed half- or full-width (`某局(本级)` is
    // `某局（本级）`: the workbook reader makes them full-width), and characters that do
    // not show (a zero-width space pasted in) do not count.
    let key = |s: &str| -> String {
        s.chars()
            .filter(|c| {
                !c.is_whitespace()
                    && !matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
            })
            .map(|c| match c {
                '“' | '”' | '＂' | '「' | '」' => '"',
                '‘' | '’' | '＇' => '\'',
                // Full-width ASCII forms (（）：，) as their half-width selves.
                _ => crate::amount::half_width(c),
            })
            .collect()
    };
    let (a, b) = (key(a), key(b));
    // One name may add a bracketed note or 本级/机关 to the other (`某局（本级）`), not a
    // unit of its own (`某部办公室` is another body).
    let adds_a_note = |long: &str, short: &str| {
        long.strip_prefix(short).is_some_and(|rest| {
            rest.starts_with(['（', '(', '[', '【']) || matches!(rest, "本级" | "机关" | "本部")
        })
    };
    a == b || adds_a_note(&a, &b) || adds_a_note(&b, &a)
}

pub fn check_tables(g: &Gongkai) -> Report {
    let mut r = Report {
        yuan_source: g.metas().iter().any(|(_, m)| m.unit == SourceUnit::Yuan),
        yuan_below_cent: g.yuan_below_cent,
        ..Report::default()
    };
    identification(&mut r, g);
    check_summary(&mut r, &g.t01, TableKind::T01, "R01-总表");
    check_summary(&mut r, &g.t04, TableKind::T04, "R04-财政拨款总表");
    check_code_table(&mut r, &g.t02, TableKind::T02, 0, &[1, 2, 3, 4, 5, 6]);
    check_code_table(&mut r, &g.t03, TableKind::T03, 0, &[1, 2, 3, 4, 5]);
    check_code_table(&mut r, &g.t05, TableKind::T05, 0, &[1, 2]);
    // 07: 年初结转和结余 | 本年收入 | 本年支出 (小计 | 基本支出 | 项目支出) | 年末…, or
    // (exported before 2019) 本年支出 | 基本支出 | 项目支出 alone: found by name.
    if let [Some(spent), Some(basic), Some(project)] =
        ["本年支出", "基本支出", "项目支出"].map(|c| g.t07.column(c))
    {
        check_code_table(&mut r, &g.t07, TableKind::T07, spent, &[basic, project]);
    }
    if let [Some(spent), Some(basic), Some(project)] =
        ["合计", "基本支出", "项目支出"].map(|c| g.t08.column(c))
    {
        check_code_table(&mut r, &g.t08, TableKind::T08, spent, &[basic, project]);
    }
    carry_over_balance(&mut r, &g.t07, TableKind::T07, "本年支出");
    carry_over_balance(&mut r, &g.t08, TableKind::T08, "合计");
    negatives(&mut r, g);
    names_agree(&mut r, g);

    // Between tables.
    // 01's line and its cell: either table may be the wrong one.
    // (A side without that line is said by check_summary; nothing to compare with.)
    let line_01 = |lines: &[Line]| {
        let line = year_total(lines)?;
        let cell = line
            .cells
            .first()
            .map(|c| format!("（{c}）"))
            .unwrap_or_default();
        Some((line.amount(), format!("与公开01表{}{cell}", line.label)))
    };
    if let Some((year_income, income_what)) = line_01(&g.t01.income) {
        r.sum(
            "X-02对01",
            &label(TableKind::T02),
            at("合计行“本年收入合计”".into(), g.t02.total_cell(0)),
            &[year_income],
            g.t02.total_of("本年收入合计"),
            &income_what,
        );
    }
    income_columns_against_01(&mut r, g);
    if let Some((year_expense, expense_what)) = line_01(&g.t01.expense) {
        r.sum(
            "X-03对01",
            &label(TableKind::T03),
            at("合计行“本年支出合计”".into(), g.t03.total_cell(0)),
            &[year_expense],
            g.t03.total_of("本年支出合计"),
            &expense_what,
        );
    }
    classes_against_lines(
        &mut r,
        "X-03类对01",
        &g.t03,
        TableKind::T03,
        "本年支出合计",
        &g.t01,
        0,
        TableKind::T01,
    );
    let t04_year = year_total(&g.t04.expense);
    let col04 = |name: &str| g.t04.expense_columns.iter().position(|c| c == name);
    for (rule, kind, table, column, col04_name, what) in [
        (
            "X-04对05",
            TableKind::T05,
            &g.t05,
            "合计",
            "一般公共预算财政拨款",
            "与公开05表合计",
        ),
        (
            "X-04对07",
            TableKind::T07,
            &g.t07,
            "本年支出",
            "政府性基金预算财政拨款",
            "与公开07表本年支出",
        ),
        (
            "X-04对08",
            TableKind::T08,
            &g.t08,
            "合计",
            "国有资本经营预算财政拨款",
            "与公开08表合计",
        ),
    ] {
        let Some(c) = col04(col04_name) else {
            continue;
        };
        if let Some(v) = t04_year.and_then(|l| l.amounts.get(c).copied()) {
            // The other table's cell too: either of the two may be the wrong one.
            let other = table
                .column(column)
                .and_then(|i| table.total_cell(i))
                .map_or(what.to_string(), |cell| format!("{what}（{cell}）"));
            r.sum(
                rule,
                &label(TableKind::T04),
                at(
                    format!("本年支出合计“{col04_name}”"),
                    t04_year.and_then(|l| l.cells.get(c)),
                ),
                &[table.total_of(column)],
                v,
                &other,
            );
        }
        let class_rule = format!("X-{:02}类对04", kind.number());
        classes_against_lines(
            &mut r,
            &class_rule,
            table,
            kind,
            column,
            &g.t04,
            c,
            TableKind::T04,
        );
    }
    fiscal_within_spending(&mut r, g);
    // 04's 年初财政拨款结转和结余 is a part of 01's 年初结转和结余.
    fn carry(t: &SummaryTable) -> Option<&Line> {
        t.income
            .iter()
            .find(|l| !l.sub && l.label.contains("年初") && l.label.contains("结转和结余"))
    }
    if let (Some(a), Some(b)) = (carry(&g.t01), carry(&g.t04)) {
        if b.amount() > a.amount() {
            r.push(
                Severity::Error,
                "X-04对01",
                &label(TableKind::T04),
                at(format!("收入“{}”", b.label), b.cells.first()),
                format!(
                    "不超过公开01表“{}”{}{}",
                    a.label,
                    a.amount(),
                    a.cells
                        .first()
                        .map(|c| format!("（{c}）"))
                        .unwrap_or_default()
                ),
                b.amount().to_string(),
                "财政拨款结转结余是全部结转结余的一部分".into(),
            );
        }
    }
    let t06 = &g.t06;
    r.sum(
        "X-05对06",
        &label(TableKind::T05),
        at(
            "合计行“基本支出”".into(),
            g.t05.column("基本支出").and_then(|i| g.t05.total_cell(i)),
        ),
        &[t06.personnel_total, t06.public_total],
        g.t05.total_of("基本支出"),
        "与公开06表人员经费合计、公用经费合计之和",
    );
    for (name, rows, total, total_at) in [
        (
            "人员经费合计",
            &t06.personnel,
            t06.personnel_total,
            &t06.personnel_total_at,
        ),
        (
            "公用经费合计",
            &t06.public,
            t06.public_total,
            &t06.public_total_at,
        ),
    ] {
        let classes: Vec<&EconRow> = rows.iter().filter(|x| x.code.len() == 3).collect();
        let class_values: Vec<Decimal> = classes.iter().filter_map(|x| x.amount).collect();
        r.sum(
            "R06-明细",
            &label(TableKind::T06),
            at(format!("“{name}”"), total_at.as_ref()),
            &class_values,
            total,
            "与各类之和",
        );
        for class in &classes {
            let kids: Vec<Decimal> = rows
                .iter()
                .filter(|x| x.code.len() == 5 && x.code.starts_with(&class.code))
                .filter_map(|x| x.amount)
                .collect();
            // A 类 without its 款 rows (a layout that lists only some) cannot be summed;
            // 款 rows listed and left blank under a 类 with money can.
            let listed = rows
                .iter()
                .any(|x| x.code.len() == 5 && x.code.starts_with(&class.code));
            if !listed || (kids.iter().all(|k| k.is_zero()) && class.amount.is_none()) {
                continue;
            }
            // `────` marks a 类 that does not apply: nothing may be booked under it.
            if class.amount.is_none() {
                r.push(
                    Severity::Error,
                    "R06-明细",
                    &label(TableKind::T06),
                    format!("{} {}（{}）", class.code, class.name, class.at),
                    format!("其下各款之和 {}", kids.iter().sum::<Decimal>()),
                    "────（不适用）".into(),
                    "类标为不适用，其下的款却有金额".into(),
                );
                continue;
            }
            r.sum(
                "R06-明细",
                &label(TableKind::T06),
                format!("{} {}（{}）", class.code, class.name, class.at),
                &kids,
                class.amount.unwrap_or_default(),
                "与所属各款之和",
            );
        }
    }
    for (side, s) in [("预算数", &g.t09.budget), ("决算数", &g.t09.actual)] {
        let t = label(TableKind::T09);
        let cell = |key: &str| g.t09.cells.get(&format!("{side}.{key}"));
        r.sum(
            "R09-三公",
            &t,
            at(format!("{side}“合计”"), cell("合计")),
            &[s.abroad, s.vehicle, s.reception],
            s.total,
            "与三项之和",
        );
        r.sum(
            "R09-三公",
            &t,
            at(
                format!("{side}“公务用车购置及运行维护费”"),
                cell("公务用车购置及运行维护费"),
            ),
            &[s.vehicle_purchase, s.vehicle_running],
            s.vehicle,
            "与购置费、运行维护费之和",
        );
    }
    sangong_against_06_and_10(&mut r, g);
    super::funds::fiscal_funds(&mut r, g);
    if let Some(t10) = &g.t10 {
        let t = label(TableKind::T10);
        for (rule, section, parts_name) in [
            ("R10-政府采购", "政府采购", "与货物、工程、服务之和"),
            (
                "R10-机关运行经费",
                "机关运行经费",
                "与行政单位、参公事业单位之和",
            ),
        ] {
            let (totals, parts) = t10.total_and_parts(section);
            if let (Some(total), false) = (totals.first(), parts.is_empty()) {
                let parts: Vec<Decimal> = parts.iter().map(|l| l.value).collect();
                r.sum(
                    rule,
                    &t,
                    format!("{section}“合计”（{}）", total.at),
                    &parts,
                    total.value,
                    parts_name,
                );
            }
        }
        let assets: Vec<&StatLine> = t10.lines.iter().filter(|l| l.is_asset()).collect();
        if let Some(total) = assets
            .iter()
            .find(|l| l.label.contains("车辆") && l.label.contains("合计"))
        {
            let parts: Vec<Decimal> = assets
                .iter()
                .filter(|l| l.label.contains("用车"))
                .map(|l| l.value)
                .collect();
            let gap = parts.iter().sum::<Decimal>() - total.value;
            if !gap.is_zero() {
                r.push(
                    Severity::Error,
                    "R10-车辆",
                    &t,
                    format!("车辆数合计（{}）", total.at),
                    parts.iter().sum::<Decimal>().to_string(),
                    total.value.to_string(),
                    "车辆数合计应等于各类用车之和".into(),
                );
            }
        }
        let running = t10.running_costs();
        let running_at = t10
            .lines
            .iter()
            .find(|l| l.section.contains("机关运行经费"))
            .map_or("机关运行经费".to_string(), |l| {
                format!("机关运行经费（{}）", l.at)
            });
        // 机关运行经费 is the 日常公用经费 of the administrative units among the 公用经费
        // of 06: more than all of it is a wrong figure (an extra digit), less is normal for
        // a department with 事业单位.
        // Summed from its lines (行政单位 + 参公事业单位), each rounded to 万元 on its own,
        // it may pass the 06 total by their rounding tail.
        let (totals, parts) = t10.total_and_parts("机关运行经费");
        let n = if totals.is_empty() { parts.len() } else { 1 };
        let tail = if r.yuan_source {
            super::yuan_rounding_tail(n)
        } else {
            super::rounding_tail(n)
        };
        if running > t06.public_total && running - t06.public_total <= tail {
            r.push(
                Severity::Warning,
                "X-10对06",
                &t,
                running_at,
                format!("不超过公开06表公用经费合计 {}", t06.public_total),
                running.to_string(),
                format!(
                    "各行之和多出 {}，在万元取整的尾差范围内（{n} 行，各自四舍五入）",
                    running - t06.public_total
                ),
            );
        } else if running > t06.public_total {
            r.push(
                Severity::Error,
                "X-10对06",
                &t,
                running_at,
                format!("不超过公开06表公用经费合计 {}", t06.public_total),
                running.to_string(),
                "机关运行经费是公用经费的一部分，不能多于公开06表的公用经费合计".into(),
            );
        } else if running != t06.public_total {
            r.push(
                Severity::Warning,
                "X-10对06",
                &t,
                running_at,
                // A rule of thumb, not a sum: the figure it is compared with says so.
                format!(
                    "{}（公开06表公用经费合计；行政单位一般相等）",
                    t06.public_total
                ),
                running.to_string(),
                "机关运行经费与公开06表公用经费合计不同；含事业单位的部门可以不同，请核实".into(),
            );
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::same_department;

    /// One name however its quotes and spaces were typed; a different name is different.
    #[test]
    fn department_names_compare_past_quotes_and_spaces() {
        assert!(same_department(
            "长治市屯留区“三农”服务中心",
            "长治市屯留区\"三农\"服务中心"
        ));
        assert!(same_department(
            "中共长治市屯留区委 组织部",
            "中共长治市屯留区委组织部"
        ));
        assert!(!same_department("长治市屯留区财政局", "长治市屯留区民政局"));
        assert!(same_department(
            "长治市屯留区财政局（本级）",
            "长治市屯留区财政局"
        ));
        assert!(same_department(
            "长治市屯留区财政局",
            "长治市屯留区财政局本级"
        ));
        assert!(!same_department(
            "中共长治市屯留区委组织部办公室",
            "中共长治市屯留区委组织部"
        ));
        // Brackets and colons half- or full-width; a zero-width space pasted in.
        assert!(same_department(
            "长治市屯留区财政局(本级)",
            "长治市屯留区财政局（本级）"
        ));
        assert!(same_department("屯留区:局", "屯留区：局"));
        assert!(same_department(
            "长治市屯留区\u{200B}信访局",
            "长治市屯留区信访局"
        ));
        assert!(!same_department(
            "长治市屯留区财政局(一)",
            "长治市屯留区财政局（二）"
        ));
    }
}
