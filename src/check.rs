//! Stage 2b: the 勾稽关系 between the tables, and the profile against the tables.
//! A gap within the rounding tail of 万元 data (a cent per addend) is a warning stating
//! its size; a larger gap is an error. Each finding names its rule, table, place,
//! expected and found values.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::derive::strip_numbering;
use crate::model::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Severity {
    #[serde(rename = "错误")]
    Error,
    #[serde(rename = "提示")]
    Warning,
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// Rule id and name: `R02-类款项` …
    pub rule: String,
    pub table: String,
    /// Row, code or cell.
    pub place: String,
    pub expected: String,
    pub found: String,
    pub note: String,
}

impl Finding {
    /// A gap within the rounding tail of its addends (see `Report::sum`).
    pub fn is_rounding_tail(&self) -> bool {
        self.severity == Severity::Warning && self.note.contains("尾差范围内")
    }
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "[{}] {} {}：应为 {}，实为 {}",
            self.rule, self.table, self.place, self.expected, self.found
        )?;
        if !self.note.is_empty() {
            write!(f, "（{}）", self.note)?;
        }
        Ok(())
    }
}

#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub findings: Vec<Finding>,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.findings.len() - self.errors()
    }

    /// Compare `found` against the sum of `addends`.
    ///
    /// Each figure was rounded to 万元 on its own, so a sum of n non-zero rounded figures
    /// may differ from the rounded total by up to a cent per addend: such a gap is a
    /// warning stating its size. With one non-zero addend (or the same figure printed in
    /// two places) both sides are the same rounding of the same amount and must agree
    /// exactly; blank columns never widen the allowance.
    pub fn sum(
        &mut self,
        rule: &str,
        table: &str,
        place: String,
        addends: &[Decimal],
        found: Decimal,
        what: &str,
    ) {
        let expected: Decimal = addends.iter().sum();
        let gap = (expected - found).abs();
        if gap.is_zero() {
            return;
        }
        let nonzero = addends.iter().filter(|a| !a.is_zero()).count();
        let tail = if nonzero > 1 {
            Decimal::new(nonzero as i64, 2)
        } else {
            Decimal::ZERO
        };
        let (severity, note) = if gap <= tail {
            (
                Severity::Warning,
                format!(
                    "{what}相差 {gap}，在万元取整的尾差范围内（{nonzero} 个非零数，每个至多 0.01）"
                ),
            )
        } else {
            (Severity::Error, format!("{what}相差 {gap}"))
        };
        self.findings.push(Finding {
            severity,
            rule: rule.into(),
            table: table.into(),
            place,
            expected: expected.to_string(),
            found: found.to_string(),
            note,
        });
    }

    #[allow(clippy::too_many_arguments)]
    pub fn push(
        &mut self,
        severity: Severity,
        rule: &str,
        table: &str,
        place: String,
        expected: String,
        found: String,
        note: String,
    ) {
        self.findings.push(Finding {
            severity,
            rule: rule.into(),
            table: table.into(),
            place,
            expected,
            found,
            note,
        });
    }

    /// Errors first, then warnings; stable within each group.
    pub fn sorted(mut self) -> Report {
        self.findings.sort_by_key(|f| f.severity);
        self
    }
}

fn label(kind: TableKind) -> String {
    format!("{}（{}）", kind.label(), kind.title())
}

/// `place（公开02表!C9）` when the cell is known.
fn at(place: String, cell: Option<&CellRef>) -> String {
    match cell {
        Some(c) if !c.cell.is_empty() => format!("{place}（{c}）"),
        _ => place,
    }
}

fn find_line<'a>(lines: &'a [Line], name: &str) -> Option<&'a Line> {
    lines.iter().find(|l| l.label == name)
}

/// 01 and 04: 本年合计 = numbered lines above it; 总计 = 本年合计 + top-level lines below;
/// an indented part list (年初结转和结余 → 一般公共预算财政拨款 …) adds to its line; on a
/// side with several amount columns (04's 支出: 合计 and one per kind of 财政拨款), each
/// line's first column is the sum of the others.
fn check_summary(r: &mut Report, t: &SummaryTable, kind: TableKind, rule: &str) {
    let tab = label(kind);
    for (side, lines) in [("收入", &t.income), ("支出", &t.expense)] {
        parts_of_lines(r, lines, &tab, side, rule);
        let Some(year_pos) = lines
            .iter()
            .position(|l| l.label.starts_with("本年") && l.label.ends_with("合计"))
        else {
            continue;
        };
        let Some(total_pos) = lines.iter().position(|l| l.label == "总计") else {
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
            let col = if cols > 1 {
                format!("第{}栏", c + 1)
            } else {
                String::new()
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
    if let (Some(a), Some(b)) = (find_line(&t.income, "总计"), find_line(&t.expense, "总计")) {
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
    for row in &t.rows {
        check_row(
            r,
            format!("{} {}", row.code, row.name),
            &row.values,
            &row.cells,
        );
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
            let children: Vec<Decimal> = t
                .rows
                .iter()
                .filter(|x| x.code.len() == len + 2 && x.code.starts_with(&parent.code))
                .map(|x| x.values[ci])
                .collect();
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
            if t.row(parent).is_none() {
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
                    name.ends_with("财政拨款收入") || name.ends_with("财政拨款")
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
                    .map(|l| format!("“{}”", l.label))
                    .collect::<Vec<_>>()
                    .join("、")
            ),
        );
    }
}

/// The three kinds of 财政拨款, as 公开04表 names its lines and columns.
const FUNDS: [&str; 3] = [
    "一般公共预算财政拨款",
    "政府性基金预算财政拨款",
    "国有资本经营预算财政拨款",
];

/// One kind of 财政拨款 in 公开04表: its income line, its share of 年初结转和结余, of 本年
/// 支出 and of 年末结转和结余, each with its cell.
struct FundIn04 {
    income: Option<(Decimal, Option<CellRef>)>,
    carry_in: Option<(Decimal, Option<CellRef>)>,
    spent: Option<(Decimal, Option<CellRef>)>,
    carry_out: Option<(Decimal, Option<CellRef>)>,
}

fn fund_in_04(t: &SummaryTable, fund: &str) -> FundIn04 {
    let value = |l: &Line, c: usize| {
        (
            l.amounts.get(c).copied().unwrap_or_default(),
            l.cells.get(c).cloned(),
        )
    };
    let income = t
        .income
        .iter()
        .find(|l| {
            !l.sub && !l.label.contains("结转") && strip_numbering(&l.label).starts_with(fund)
        })
        .map(|l| value(l, 0));
    // The sub-line named `fund` under the (年初|年末) 结转和结余 line of one side.
    let sub_under = |lines: &[Line], which: &str| -> Option<(Decimal, Option<CellRef>)> {
        let head = lines
            .iter()
            .position(|l| !l.sub && l.label.contains(which) && l.label.contains("结转和结余"))?;
        lines[head + 1..]
            .iter()
            .take_while(|l| l.sub)
            .find(|l| strip_numbering(&l.label) == fund)
            .map(|l| value(l, 0))
    };
    let carry_in = sub_under(&t.income, "年初");
    let col = t.expense_columns.iter().position(|c| c == fund);
    let spent = col.and_then(|c| {
        t.expense
            .iter()
            .find(|l| l.label.starts_with("本年") && l.label.ends_with("合计"))
            .map(|l| value(l, c))
    });
    let carry_out = match col {
        Some(c) => t
            .expense
            .iter()
            .find(|l| !l.sub && l.label.contains("年末") && l.label.contains("结转和结余"))
            .map(|l| value(l, c)),
        None => sub_under(&t.expense, "年末"),
    };
    FundIn04 {
        income,
        carry_in,
        spent,
        carry_out,
    }
}

/// 04's 财政拨款 income lines against 01's; each kind balancing within 04 (年初 + 收入 −
/// 支出 = 年末); 07's income and carry-overs against 04's 政府性基金.
fn fiscal_funds(r: &mut Report, g: &Gongkai) {
    let t04 = label(TableKind::T04);
    for fund in FUNDS {
        let f = fund_in_04(&g.t04, fund);
        let in01 = g
            .t01
            .income
            .iter()
            .find(|l| !l.sub && strip_numbering(&l.label).starts_with(fund))
            .map(|l| l.amount());
        if let (Some(a), Some((b, cell))) = (in01, &f.income) {
            r.sum(
                "X-04对01",
                &t04,
                at(format!("收入“{fund}”"), cell.as_ref()),
                &[a],
                *b,
                "与公开01表同名收入行",
            );
        }
        if let (Some((inc, _)), Some((cin, _)), Some((out, _)), Some((cout, cell))) =
            (&f.income, &f.carry_in, &f.spent, &f.carry_out)
        {
            r.sum(
                "R04-收支平衡",
                &t04,
                at(
                    format!("支出“年末财政拨款结转和结余”“{fund}”"),
                    cell.as_ref(),
                ),
                &[*cin, *inc, -*out],
                *cout,
                "与年初结转和结余加本年收入减本年支出",
            );
        }
        if fund == FUNDS[1] {
            let t07 = &g.t07;
            for (col, side) in [
                ("本年收入", &f.income),
                ("年初结转和结余", &f.carry_in),
                ("年末结转和结余", &f.carry_out),
            ] {
                let (Some(ci), Some((v04, cell04))) = (t07.column(col), side) else {
                    continue;
                };
                r.sum(
                    "X-07对04",
                    &label(TableKind::T07),
                    at(format!("合计行“{col}”"), t07.total_cell(ci)),
                    &[*v04],
                    t07.total[ci],
                    &format!(
                        "与公开04表政府性基金预算财政拨款{}",
                        cell04
                            .as_ref()
                            .map(|c| format!("（{c}）"))
                            .unwrap_or_default()
                    ),
                );
            }
        }
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
        let vehicles = t10.lines.iter().find(|l| {
            l.section.contains("资产") && l.label.contains("车辆") && l.label.contains("合计")
        });
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
    for (kind, t) in [
        (TableKind::T02, &g.t02),
        (TableKind::T03, &g.t03),
        (TableKind::T05, &g.t05),
        (TableKind::T07, &g.t07),
        (TableKind::T08, &g.t08),
    ] {
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

/// Names written with or without a suffix such as `（本级）` are the same department.
pub(crate) fn same_department(a: &str, b: &str) -> bool {
    let key = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    let (a, b) = (key(a), key(b));
    a == b || a.starts_with(&b) || b.starts_with(&a)
}

pub fn check_tables(g: &Gongkai) -> Report {
    let mut r = Report::default();
    identification(&mut r, g);
    check_summary(&mut r, &g.t01, TableKind::T01, "R01-总表");
    check_summary(&mut r, &g.t04, TableKind::T04, "R04-财政拨款总表");
    check_code_table(&mut r, &g.t02, TableKind::T02, 0, &[1, 2, 3, 4, 5, 6]);
    check_code_table(&mut r, &g.t03, TableKind::T03, 0, &[1, 2, 3, 4, 5]);
    check_code_table(&mut r, &g.t05, TableKind::T05, 0, &[1, 2]);
    // 07: 年初结转和结余 | 本年收入 | 本年支出 (小计 | 基本支出 | 项目支出) | 年末….
    check_code_table(&mut r, &g.t07, TableKind::T07, 2, &[3, 4]);
    check_code_table(&mut r, &g.t08, TableKind::T08, 0, &[1, 2]);
    negatives(&mut r, g);

    // Between tables.
    let year_income = find_line(&g.t01.income, "本年收入合计")
        .map(|l| l.amount())
        .unwrap_or_default();
    let year_expense = find_line(&g.t01.expense, "本年支出合计")
        .map(|l| l.amount())
        .unwrap_or_default();
    r.sum(
        "X-02对01",
        &label(TableKind::T02),
        at("合计行“本年收入合计”".into(), g.t02.total_cell(0)),
        &[year_income],
        g.t02.total_of("本年收入合计"),
        "与公开01表本年收入合计",
    );
    income_columns_against_01(&mut r, g);
    r.sum(
        "X-03对01",
        &label(TableKind::T03),
        at("合计行“本年支出合计”".into(), g.t03.total_cell(0)),
        &[year_expense],
        g.t03.total_of("本年支出合计"),
        "与公开01表本年支出合计",
    );
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
    let t04_year = find_line(&g.t04.expense, "本年支出合计");
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
            r.sum(
                rule,
                &label(TableKind::T04),
                at(
                    format!("本年支出合计“{col04_name}”"),
                    t04_year.and_then(|l| l.cells.get(c)),
                ),
                &[table.total_of(column)],
                v,
                what,
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
            if kids.iter().all(|k| k.is_zero()) || class.amount.is_none() {
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
    fiscal_funds(&mut r, g);
    if let Some(t10) = &g.t10 {
        let t = label(TableKind::T10);
        let proc: Vec<&StatLine> = t10
            .lines
            .iter()
            .filter(|l| l.section.contains("政府采购"))
            .collect();
        if let Some(total) = proc.iter().find(|l| l.label.contains("合计")) {
            let parts: Vec<Decimal> = proc
                .iter()
                .filter(|l| !l.label.contains("合计"))
                .map(|l| l.value)
                .collect();
            r.sum(
                "R10-政府采购",
                &t,
                format!("政府采购“合计”（{}）", total.at),
                &parts,
                total.value,
                "与货物、工程、服务之和",
            );
        }
        let assets: Vec<&StatLine> = t10
            .lines
            .iter()
            .filter(|l| l.section.contains("资产"))
            .collect();
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
        if running != t06.public_total {
            r.push(
                Severity::Warning,
                "X-10对06",
                &t,
                "机关运行经费".into(),
                t06.public_total.to_string(),
                running.to_string(),
                "机关运行经费与公开06表公用经费合计不同；行政单位一般应相等，请核实".into(),
            );
        }
    }
    r
}

/// The profile against the tables, and texts the narrative needs.
pub fn check_profile(case: &crate::case::Case, r: &mut Report) {
    let p = &case.profile;
    let g = &case.gongkai;
    for key in p.placeholders_located() {
        r.push(
            Severity::Error,
            "P-待填写",
            crate::case::PROFILE_FILE,
            key,
            "已填写的内容".into(),
            crate::profile::PLACEHOLDER.into(),
            "仍是占位符，请填写".into(),
        );
    }
    // 第一部分 cannot be left empty.
    for (key, empty) in [
        ("部门概况.职责", p.overview.duties.is_empty()),
        (
            "部门概况.机构设置",
            p.overview.organization.is_empty() && p.overview.units.is_empty(),
        ),
    ] {
        if empty {
            r.push(
                Severity::Warning,
                "P-缺项",
                crate::case::PROFILE_FILE,
                key.into(),
                "部门概况的内容".into(),
                "未填写".into(),
                "第一部分部门概况中这一节将是空的".into(),
            );
        }
    }
    if let Some(total) = p.budget.general {
        let classes: Vec<Decimal> = p
            .budget
            .by_code
            .iter()
            .filter(|(k, _)| k.len() == 3)
            .map(|(_, v)| v.0)
            .collect();
        if !classes.is_empty() {
            r.sum(
                "P-年初预算",
                crate::case::PROFILE_FILE,
                "年初预算.一般公共预算财政拨款支出".into(),
                &classes,
                total.0,
                "与按科目（类）之和",
            );
        }
    }
    for code in p
        .budget
        .by_code
        .keys()
        .chain(p.prior.general_by_code.keys())
    {
        if g.t05.row(code).is_none() && !p.prior.general_by_code.contains_key(code) {
            r.push(
                Severity::Warning,
                "P-科目",
                crate::case::PROFILE_FILE,
                format!("科目 {code}"),
                "公开05表中存在的科目代码".into(),
                "公开05表中没有".into(),
                "该科目的年初预算不会出现在说明中".into(),
            );
        }
    }
    // Every change, every 决算 that differs from its 年初预算 and every 三公 item needs
    // its reason. Without a prior figure there is no change to explain.
    let n = &case.narrative();
    let mut need = |ok: bool, place: &str, why: &str| {
        if !ok {
            r.push(
                Severity::Warning,
                "P-原因",
                crate::case::PROFILE_FILE,
                place.into(),
                "原因说明".into(),
                "未填写".into(),
                why.into(),
            );
        }
    };
    let unchanged =
        |c: &crate::derive::Change| matches!(c.direction.as_str(), "持平" | "无上年数据");
    const CHANGED: &str = "数字有变化却没有说明原因";
    need(
        unchanged(&n.s1_totals.income_change) || n.s1_totals.reason.is_some(),
        "原因.收入支出总计",
        CHANGED,
    );
    need(
        unchanged(&n.s4_fiscal.income_change) || n.s4_fiscal.reason.is_some(),
        "原因.财政拨款收支总计",
        CHANGED,
    );
    need(
        unchanged(&n.s10_running.change) || n.s10_running.reason.is_some(),
        "原因.机关运行经费",
        CHANGED,
    );
    // The level the style tells 五（三）at: per 类 by default, per 项 in Shanghai's.
    let per_item = match case.settings.layout.narrative_detail.as_deref() {
        Some(level) => level != "类",
        None => case.settings.style.as_deref() == Some("shanghai"),
    };
    let details = if per_item {
        &n.s5_general.details_by_item
    } else {
        &n.s5_general.details
    };
    for d in details {
        let place = format!("原因.按科目.\"{}\"（{}）", d.code, d.name);
        let changed = !unchanged(&d.change);
        let off_budget = d.budget.as_ref().is_some_and(|b| b.value != d.actual.value);
        let why = match (changed, off_budget) {
            (true, true) => "与上年相比有变化、决算数也与年初预算数不同，却没有说明原因",
            (true, false) => CHANGED,
            _ => "决算数与年初预算数不同却没有说明原因",
        };
        need(!(changed || off_budget) || d.reason.is_some(), &place, why);
    }
    // Styles that discuss the two vehicle items together take one reason for both.
    let vehicles_together = case
        .profile
        .reasons
        .sangong
        .contains_key("公务用车购置及运行维护费");
    for item in &n.s9_sangong.items {
        need(
            item.reason.is_some() || (vehicles_together && item.name.starts_with("公务用车")),
            &format!("原因.三公经费.{}", item.name),
            "每项“三公”经费都应说明情况",
        );
    }
    check_statistics_in_profile(case, r);
    // Reference error 4: one 三公 item's reason pasted under every item. Each item has its
    // own figure, so the same text under two items is almost always a copy.
    let sangong = &n.s9_sangong.items;
    for (i, item) in sangong.iter().enumerate() {
        // Placeholders are reported as such, not as copies of each other.
        let Some(reason) = item
            .reason
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty() && !t.contains(crate::profile::PLACEHOLDER))
        else {
            continue;
        };
        if let Some(first) = sangong[..i]
            .iter()
            .find(|o| o.reason.as_deref().map(str::trim) == Some(reason))
        {
            r.push(
                Severity::Warning,
                "P-原因重复",
                crate::case::PROFILE_FILE,
                format!("原因.三公经费.{}", item.name),
                "本项自己的原因".into(),
                format!("与“{}”的原因相同：“{reason}”", first.name),
                "原因像是从别的项目复制来的".into(),
            );
        }
    }
    identity_against_workbooks(case, r);
    for (key, given, read) in &case.prior_conflicts {
        r.push(
            Severity::Error,
            "P-上年",
            crate::case::PROFILE_FILE,
            key.clone(),
            format!("{read}（上年公开表）"),
            given.to_string(),
            "部门信息与上年公开表不一致".into(),
        );
    }
    for m in &case.jixiao_mismatches {
        r.push(
            Severity::Error,
            "J-绩效自评",
            &format!("绩效自评表“{}”", m.project),
            m.cell.clone(),
            m.expected.clone(),
            m.found.clone(),
            format!("{}：{}", m.what, m.note),
        );
    }
    for sheet in &case.jixiao_skipped {
        r.push(
            Severity::Warning,
            "J-工作表",
            "绩效自评表",
            format!("工作表“{sheet}”"),
            "一个项目的自评表（含“项目名称”）".into(),
            "只有标题，没有项目名称".into(),
            "此工作表未读入附件，请核实是否漏填".into(),
        );
    }
    if let Some(n_eval) = p.performance.projects {
        if (n_eval as usize) < case.projects.len() {
            r.push(
                Severity::Warning,
                "J-项目数",
                crate::case::PROFILE_FILE,
                "绩效自评.自评项目个数".into(),
                format!("不少于附件中的 {} 个项目", case.projects.len()),
                n_eval.to_string(),
                "自评项目个数少于附件项目数".into(),
            );
        }
    }
}

/// Print grouped, errors first.
pub fn format_report(r: &Report) -> String {
    let mut out = String::new();
    let errors: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    let warnings: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .collect();
    if !errors.is_empty() {
        out.push_str(&format!(
            "错误（{} 项，必须修正后才能生成）：\n",
            errors.len()
        ));
        for f in errors {
            out.push_str(&format!("  ✗ {f}\n"));
        }
    }
    // Rounding tails come last, apart: a clerk reads what needs a look first.
    let (tails, others): (Vec<&Finding>, Vec<&Finding>) =
        warnings.into_iter().partition(|f| f.is_rounding_tail());
    if !others.is_empty() {
        out.push_str(&format!("提示（{} 项，请核实）：\n", others.len()));
        for f in others {
            out.push_str(&format!("  · {f}\n"));
        }
    }
    if !tails.is_empty() {
        out.push_str(&format!(
            "取整尾差（{} 项，万元取整所致，核实无误即可发布）：\n",
            tails.len()
        ));
        for f in tails {
            out.push_str(&format!("  · {f}\n"));
        }
    }
    if r.findings.is_empty() {
        out.push_str("核对通过：没有发现问题。\n");
    } else if r.errors() == 0 {
        out.push_str("没有错误。\n");
    }
    out
}

/// 政府采购 and 机关运行经费 given in the profile (for workbooks without 公开10表): the
/// parts against the total; and, when the workbook has 公开10表 after all, the profile's
/// figures against the table's, which win (a different figure would silently vanish).
fn check_statistics_in_profile(case: &crate::case::Case, r: &mut Report) {
    let p = &case.profile;
    let pr = &p.procurement;
    let file = crate::case::PROFILE_FILE;
    let parts: Vec<Decimal> = [pr.goods, pr.works, pr.services]
        .iter()
        .flatten()
        .map(|m| m.0)
        .collect();
    if let (Some(total), false) = (pr.total, parts.is_empty()) {
        r.sum(
            "P-政府采购",
            file,
            "政府采购.合计".into(),
            &parts,
            total.0,
            "与货物、工程、服务之和",
        );
    }
    internal_profile_figures(case, r);
    let Some(t10) = &case.gongkai.t10 else {
        return;
    };
    let table = |section: &str, needle: &str| {
        t10.find(section, &[needle])
            .map(|l| l.value)
            .unwrap_or_default()
    };
    let given = [
        ("政府采购.合计", pr.total, table("政府采购", "合计")),
        ("政府采购.货物", pr.goods, table("政府采购", "货物")),
        ("政府采购.工程", pr.works, table("政府采购", "工程")),
        ("政府采购.服务", pr.services, table("政府采购", "服务")),
        ("机关运行经费", p.running_costs, t10.running_costs()),
    ];
    for (key, profile, in_table) in given {
        if let Some(m) = profile {
            if m.0 != in_table {
                r.push(
                    Severity::Error,
                    "P-10表",
                    file,
                    key.into(),
                    format!("{in_table}（公开10表）"),
                    m.0.to_string(),
                    "部门信息与公开10表不一致；以公开10表为准，请删去或改正部门信息中的数".into(),
                );
            }
        }
    }
}

/// The profile's 部门名称 and 年度 against the workbook's, and last year's workbook
/// against both: a document titled 2022 over 2023 figures, or last year's figures taken
/// from another department, must not be published.
fn identity_against_workbooks(case: &crate::case::Case, r: &mut Report) {
    let p = &case.profile;
    let g = &case.gongkai;
    let file = crate::case::PROFILE_FILE;
    if let (Some(given), Some(read)) = (p.year, g.year) {
        if given != read {
            r.push(
                Severity::Error,
                "P-年度",
                file,
                "年度".into(),
                format!("{read}（公开表 {}）", g.source),
                given.to_string(),
                "部门信息的年度与公开表不一致".into(),
            );
        }
    }
    if let Some(given) = p.department.as_deref().filter(|d| !d.is_empty()) {
        if !g.department.is_empty() && !same_department(given, &g.department) {
            r.push(
                Severity::Warning,
                "P-部门名称",
                file,
                "部门名称".into(),
                format!("{}（公开表 {}）", g.department, g.source),
                given.to_string(),
                "部门信息的部门名称与公开表不同，请核实".into(),
            );
        }
    }
    let Some(book) = &case.prior_book else {
        return;
    };
    let this_year = p.year.or(g.year);
    if let (Some(y), Some(last)) = (this_year, book.year) {
        if last != y - 1 {
            r.push(
                Severity::Error,
                "P-上年表",
                &book.file,
                "年度".into(),
                format!("{}年度", y - 1),
                format!("{last}年度"),
                "上年公开表应为上一年度的决算".into(),
            );
        }
    }
    let dept = case.department();
    if !book.department.is_empty() && !dept.is_empty() && !same_department(&book.department, &dept)
    {
        r.push(
            Severity::Warning,
            "P-上年表",
            &book.file,
            "部门名称".into(),
            dept,
            book.department.clone(),
            "上年公开表的部门名称与本年不同，请核实是否为本部门的表".into(),
        );
    }
}

/// Figures of the profile that bound or add up to each other.
fn internal_profile_figures(case: &crate::case::Case, r: &mut Report) {
    let p = &case.profile;
    let file = crate::case::PROFILE_FILE;
    let g = &case.gongkai;
    let mut over = |key: &str, value: Decimal, limit: Decimal, limit_name: String| {
        if value > limit {
            r.push(
                Severity::Error,
                "P-统计数",
                file,
                key.into(),
                format!("不超过{limit_name} {limit}"),
                value.to_string(),
                "部分不能大于整体".into(),
            );
        }
    };
    let procurement_total = match &g.t10 {
        Some(t10) => t10
            .find("政府采购", &["合计"])
            .map(|l| (l.value, format!("政府采购合计（{}）", l.at))),
        None => p
            .procurement
            .total
            .map(|m| (m.0, "政府采购.合计".to_string())),
    };
    let pr = &p.procurement;
    if let (Some(sme), Some((total, name))) = (pr.sme, &procurement_total) {
        over("政府采购.授予中小企业合同金额", sme.0, *total, name.clone());
    }
    if let (Some(small), Some(sme)) = (pr.small, pr.sme) {
        over(
            "政府采购.授予小微企业合同金额",
            small.0,
            sme.0,
            "政府采购.授予中小企业合同金额".into(),
        );
    }
    // The grade counts must account for every project evaluated: given in the profile,
    // or counted from the attached projects when those are all of them.
    let perf = &p.performance;
    if let Some(projects) = perf.projects {
        let n = case.narrative();
        let counted: u32 = n.s10_performance.grades.iter().map(|(_, c)| c).sum();
        if counted != projects {
            r.push(
                Severity::Error,
                "P-绩效等级",
                file,
                "绩效自评.等级个数".into(),
                format!("合计 {projects}（自评项目个数）"),
                counted.to_string(),
                if perf.grades.is_empty() {
                    format!(
                        "未填写各等级个数，按附件的 {} 个项目计数，与自评项目个数不符；请填写 [\"绩效自评\".\"等级个数\"]",
                        case.projects.len()
                    )
                } else {
                    "各等级项目个数之和应等于自评项目个数".into()
                },
            );
        }
        if projects == 0 && !case.projects.is_empty() {
            r.push(
                Severity::Error,
                "P-绩效等级",
                file,
                "绩效自评.自评项目个数".into(),
                format!("不少于附件中的 {} 个项目", case.projects.len()),
                "0".into(),
                "自评项目个数未填写".into(),
            );
        }
    }
    if case.projects.is_empty() {
        r.push(
            Severity::Warning,
            "P-缺项",
            file,
            "绩效自评表工作簿".into(),
            "案例文件夹中有绩效自评表（文件名含“绩效”）".into(),
            "没有".into(),
            "文档将没有附件（项目支出绩效自评表）".into(),
        );
    }
    // 授予中小企业/小微企业 come only from the profile: left out, the sentence would say 0.
    let pr = &p.procurement;
    let shanghai_terms = [
        pr.sme_reserved,
        pr.small_reserved,
        pr.sme_awarded_reserved,
        pr.small_awarded_reserved,
        pr.sme_awarded_other,
    ]
    .iter()
    .any(Option::is_some);
    let has_procurement = !shanghai_terms
        && procurement_total
            .as_ref()
            .is_some_and(|(t, _)| !t.is_zero());
    for (key, given) in [
        ("政府采购.授予中小企业合同金额", p.procurement.sme),
        ("政府采购.授予小微企业合同金额", p.procurement.small),
    ] {
        if has_procurement && given.is_none() {
            r.push(
                Severity::Warning,
                "P-缺项",
                file,
                key.into(),
                "金额（没有则填 0）".into(),
                "未填写".into(),
                "说明中此项将印为 0.00".into(),
            );
        }
    }
    // Last year's figures are amounts spent or received: never negative.
    let prior = &p.prior;
    let mut negative_prior: Vec<(String, Decimal)> = [
        ("上年.收入总计", prior.income_total),
        ("上年.支出总计", prior.expense_total),
        ("上年.财政拨款收入总计", prior.fiscal_income_total),
        ("上年.财政拨款支出总计", prior.fiscal_expense_total),
        ("上年.一般公共预算财政拨款支出", prior.general),
        ("上年.机关运行经费", prior.running_costs),
        ("上年.三公经费.合计", prior.sangong.total),
        ("上年.三公经费.因公出国（境）费", prior.sangong.abroad),
        (
            "上年.三公经费.公务用车购置费",
            prior.sangong.vehicle_purchase,
        ),
        (
            "上年.三公经费.公务用车运行维护费",
            prior.sangong.vehicle_running,
        ),
        ("上年.三公经费.公务接待费", prior.sangong.reception),
    ]
    .into_iter()
    .filter_map(|(k, m)| m.map(|m| (k.to_string(), m.0)))
    .collect();
    negative_prior.extend(
        prior
            .general_by_code
            .iter()
            .map(|(c, m)| (format!("上年.一般公共预算财政拨款支出按科目.{c}"), m.0)),
    );
    for (key, v) in negative_prior
        .into_iter()
        .filter(|(_, v)| v.is_sign_negative() && !v.is_zero())
    {
        r.push(
            Severity::Error,
            "P-上年",
            file,
            key,
            "不小于 0".into(),
            v.to_string(),
            "上年数不会是负数，请核对".into(),
        );
    }
    // 公务用车保有量 is what 公开10表 counts.
    let held = p.sangong.vehicles_held;
    if let Some(line) = g.t10.as_ref().and_then(|t| {
        t.lines.iter().find(|l| {
            l.section.contains("资产") && l.label.contains("车辆") && l.label.contains("合计")
        })
    }) {
        if Decimal::from(held) != line.value && held != 0 {
            r.push(
                Severity::Error,
                "P-统计数",
                file,
                "三公经费.公务用车保有量".into(),
                format!("{}（公开10表 {}）", line.value, line.at),
                held.to_string(),
                "公务用车保有量与公开10表车辆数不一致".into(),
            );
        }
    }
    // Last year's own figures add up as this year's do.
    let pr = &p.prior;
    let s = &pr.sangong;
    if let (Some(total), Some(a), Some(b), Some(c), Some(d)) = (
        s.total,
        s.abroad,
        s.vehicle_purchase,
        s.vehicle_running,
        s.reception,
    ) {
        r.sum(
            "P-上年",
            file,
            "上年.三公经费.合计".into(),
            &[a.0, b.0, c.0, d.0],
            total.0,
            "与各项之和",
        );
    }
    for (a_key, a, b_key, b) in [
        (
            "上年.收入总计",
            pr.income_total,
            "上年.支出总计",
            pr.expense_total,
        ),
        (
            "上年.财政拨款收入总计",
            pr.fiscal_income_total,
            "上年.财政拨款支出总计",
            pr.fiscal_expense_total,
        ),
    ] {
        if let (Some(a), Some(b)) = (a, b) {
            r.sum(
                "P-上年",
                file,
                b_key.into(),
                &[a.0],
                b.0,
                &format!("与{a_key}（收支总计应相等）"),
            );
        }
    }
}

/// All checks of a case.
pub fn check_case(case: &crate::case::Case) -> Report {
    let mut r = check_tables(&case.gongkai);
    check_profile(case, &mut r);
    r.sorted()
}
