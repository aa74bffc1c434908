//! The ten tables as the templates print them: every amount already formatted.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::amount::{format_money, format_plain};
use crate::model::*;

/// How table cells print amounts. Tables in the published documents print `1156.59`
/// (no separators) and leave zero cells blank; a district may want `1,156.59` and `0.00`.
#[derive(Debug, Clone, Copy, Serialize, serde::Deserialize)]
pub struct TableNumberStyle {
    pub thousands: bool,
    pub zero_blank: bool,
}

impl Default for TableNumberStyle {
    fn default() -> Self {
        TableNumberStyle {
            thousands: false,
            zero_blank: true,
        }
    }
}

impl TableNumberStyle {
    pub fn cell(&self, v: Decimal) -> String {
        if v.is_zero() && self.zero_blank {
            String::new()
        } else if self.thousands {
            format_money(v)
        } else {
            format_plain(v)
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TableHead {
    /// `01` … `10` (national kind).
    pub kind: String,
    /// `公开01表`, or empty when the style does not number tables.
    pub label: String,
    pub title: String,
    pub department: String,
    /// `2023年度`
    pub year: String,
    /// `金额单位：万元`
    pub unit: String,
    pub notes: Vec<String>,
    pub empty: bool,
    /// Position in the printed order, from 1 (the `一、` of its heading); 0 when the
    /// table is not printed.
    pub seq: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct SummaryLineView {
    pub label: String,
    pub line_no: String,
    pub sub: bool,
    pub amounts: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SummaryRowView {
    pub income: Option<SummaryLineView>,
    pub expense: Option<SummaryLineView>,
    /// 本年收入合计 / 总计 rows are printed bold.
    pub total: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct SummaryView {
    pub head: TableHead,
    pub has_line_no: bool,
    pub expense_columns: Vec<String>,
    pub rows: Vec<SummaryRowView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CodeRowView {
    pub code: String,
    /// 类 / 款 / 项 parts for styles that print split code columns.
    pub lei: String,
    pub kuan: String,
    pub xiang: String,
    pub level: String,
    pub name: String,
    pub values: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CodeTableView {
    pub head: TableHead,
    pub columns: Vec<String>,
    pub total: Vec<String>,
    pub rows: Vec<CodeRowView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EconRowView {
    pub code: String,
    pub name: String,
    /// `────` where the code does not apply.
    pub amount: String,
    pub level: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct BasicDetailView {
    pub head: TableHead,
    pub personnel: Vec<EconRowView>,
    pub public: Vec<EconRowView>,
    pub personnel_total: String,
    pub public_total: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SanGongView {
    pub head: TableHead,
    /// 合计, 因公出国（境）费, 小计, 购置费, 运行维护费, 公务接待费 — 预算数 then 决算数.
    pub budget: Vec<String>,
    pub actual: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatLineView {
    pub label: String,
    pub line_no: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatSectionView {
    pub title: String,
    pub lines: Vec<StatLineView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct InfoView {
    pub head: TableHead,
    pub sections: Vec<StatSectionView>,
}

/// All tables, each under its national key; `order` says which to print and how.
#[derive(Debug, Clone, Serialize)]
pub struct TablesView {
    pub t01: SummaryView,
    pub t02: CodeTableView,
    pub t03: CodeTableView,
    pub t04: SummaryView,
    pub t05: CodeTableView,
    pub t06: BasicDetailView,
    pub t07: CodeTableView,
    pub t08: CodeTableView,
    pub t09: SanGongView,
    pub t10: Option<InfoView>,
    /// Kinds to print, in order (a district setting; 10 only when the workbook has it).
    pub order: Vec<String>,
}

/// Which tables print, in what order, under what label (district settings).
#[derive(Debug, Clone, Default)]
pub struct TableOptions {
    pub numbers: TableNumberStyle,
    /// `公开{NN}表` (`{NN}`: national number, `{序号}`: position); `""`: no label;
    /// `None`: the national `公开NN表`.
    pub label: Option<String>,
    /// `None`: all tables in the national order.
    pub order: Option<Vec<String>>,
}

impl TablesView {
    fn heads_mut(&mut self) -> Vec<&mut TableHead> {
        let mut v = vec![
            &mut self.t01.head,
            &mut self.t02.head,
            &mut self.t03.head,
            &mut self.t04.head,
            &mut self.t05.head,
            &mut self.t06.head,
            &mut self.t07.head,
            &mut self.t08.head,
            &mut self.t09.head,
        ];
        if let Some(t) = self.t10.as_mut() {
            v.push(&mut t.head);
        }
        v
    }

    /// Apply the order and the label pattern to every table head.
    fn number(&mut self, opts: &TableOptions) {
        let has10 = self.t10.is_some();
        let order: Vec<String> = match &opts.order {
            Some(list) => list.clone(),
            None => crate::settings::TABLE_KINDS
                .iter()
                .map(|k| k.to_string())
                .collect(),
        };
        let order: Vec<String> = order.into_iter().filter(|k| k != "10" || has10).collect();
        for h in self.heads_mut() {
            let pos = order.iter().position(|k| *k == h.kind);
            h.seq = pos.map_or(0, |p| p + 1);
            if let Some(pattern) = &opts.label {
                h.label = pattern.replace("{NN}", &h.kind).replace(
                    "{序号}",
                    &pos.map_or(String::new(), |p| (p + 1).to_string()),
                );
            }
        }
        self.order = order;
    }
}

pub fn head(meta: &TableMeta, kind: TableKind, department: &str, year: i32) -> TableHead {
    TableHead {
        kind: format!("{:02}", kind.number()),
        label: kind.label(),
        title: kind.title().to_string(),
        department: department.to_string(),
        year: format!("{year}年度"),
        unit: "金额单位：万元".to_string(),
        notes: notes(meta),
        empty: meta.empty,
        seq: kind.number() as usize,
    }
}

/// The table's 注 as the workbook gives them, and for a table this tool converted from 元
/// the rounding it introduced: its figures, each rounded to 万元 on its own, need not add
/// up to the cent (an export in 万元 says so itself).
fn notes(meta: &TableMeta) -> Vec<String> {
    let mut notes: Vec<String> = meta
        .notes
        .iter()
        .filter(|n| !n.contains("本表无数据"))
        .cloned()
        .collect();
    if meta.unit == SourceUnit::Yuan && !meta.empty && !notes.iter().any(|n| n.contains("尾数")) {
        // As the exports in 万元 say it: a sentence after the table's own 注.
        const TAIL: &str = "本表金额由元折算为万元，各数分别四舍五入，可能存在尾数误差。";
        match notes.last_mut() {
            Some(last) => {
                if !last.ends_with(['。', '；', '.']) {
                    last.push('。');
                }
                last.push_str(TAIL);
            }
            None => notes.push(format!("注：{TAIL}")),
        }
    }
    notes
}

fn level_name(code: &str) -> &'static str {
    match code.len() {
        3 => "类",
        5 => "款",
        _ => "项",
    }
}

fn summary(
    t: &SummaryTable,
    kind: TableKind,
    dept: &str,
    year: i32,
    s: TableNumberStyle,
) -> SummaryView {
    let line = |l: &Line| SummaryLineView {
        label: l.label.clone(),
        line_no: l.line_no.map(|n| n.to_string()).unwrap_or_default(),
        sub: l.sub,
        // A row with no item on this side (the 收入 side is shorter than 支出) holds no
        // figure: blank even when zeros print as 0.00.
        amounts: l
            .amounts
            .iter()
            .map(|a| {
                if l.label.is_empty() && a.is_zero() {
                    String::new()
                } else {
                    s.cell(*a)
                }
            })
            .collect(),
    };
    let n = t.income.len().max(t.expense.len());
    let rows = (0..n)
        .map(|i| {
            let inc = t.income.get(i);
            let exp = t.expense.get(i);
            let is_total = |l: Option<&Line>| {
                l.is_some_and(|l| l.label.contains("合计") || l.is_grand_total())
            };
            SummaryRowView {
                income: inc.map(line),
                expense: exp.map(line),
                total: is_total(inc) || is_total(exp),
            }
        })
        .collect();
    SummaryView {
        head: head(&t.meta, kind, dept, year),
        has_line_no: t
            .income
            .iter()
            .chain(t.expense.iter())
            .any(|l| l.line_no.is_some()),
        expense_columns: t.expense_columns.clone(),
        rows,
    }
}

fn code_table(
    t: &CodeTable,
    kind: TableKind,
    dept: &str,
    year: i32,
    s: TableNumberStyle,
) -> CodeTableView {
    let mut head = head(&t.meta, kind, dept, year);
    // 07 without its balance columns is the older 支出决算表, and 08 with them the
    // 收入支出决算表: each titled so.
    let balances = t.column("本年收入").is_some();
    if (kind == TableKind::T07 && !balances) || (kind == TableKind::T08 && balances) {
        head.title = kind.titles()[1].to_string();
    }
    CodeTableView {
        head,
        columns: t.columns.clone(),
        total: t.total.iter().map(|v| s.cell(*v)).collect(),
        rows: t
            .rows
            .iter()
            .map(|r| CodeRowView {
                code: r.code.clone(),
                lei: r.code.get(0..3).unwrap_or_default().to_string(),
                kuan: r.code.get(3..5).unwrap_or_default().to_string(),
                xiang: r.code.get(5..7).unwrap_or_default().to_string(),
                level: level_name(&r.code).to_string(),
                name: r.name.clone(),
                values: r.values.iter().map(|v| s.cell(*v)).collect(),
            })
            .collect(),
    }
}

pub fn tables_view(g: &Gongkai, dept: &str, year: i32, opts: &TableOptions) -> TablesView {
    let s = opts.numbers;
    let econ = |rows: &[EconRow]| {
        rows.iter()
            .map(|r| EconRowView {
                code: r.code.clone(),
                name: r.name.clone(),
                amount: r.amount.map_or("────".to_string(), |a| s.cell(a)),
                level: if r.code.len() == 3 { "类" } else { "款" }.to_string(),
            })
            .collect()
    };
    let sg = |x: &SanGong| {
        [
            x.total,
            x.abroad,
            x.vehicle,
            x.vehicle_purchase,
            x.vehicle_running,
            x.reception,
        ]
        .iter()
        .map(|v| s.cell(*v))
        .collect()
    };
    let mut view = TablesView {
        t01: summary(&g.t01, TableKind::T01, dept, year, s),
        t02: code_table(&g.t02, TableKind::T02, dept, year, s),
        t03: code_table(&g.t03, TableKind::T03, dept, year, s),
        t04: summary(&g.t04, TableKind::T04, dept, year, s),
        t05: code_table(&g.t05, TableKind::T05, dept, year, s),
        t06: BasicDetailView {
            head: head(&g.t06.meta, TableKind::T06, dept, year),
            personnel: econ(&g.t06.personnel),
            public: econ(&g.t06.public),
            personnel_total: s.cell(g.t06.personnel_total),
            public_total: s.cell(g.t06.public_total),
        },
        t07: code_table(&g.t07, TableKind::T07, dept, year, s),
        t08: code_table(&g.t08, TableKind::T08, dept, year, s),
        t09: SanGongView {
            head: head(&g.t09.meta, TableKind::T09, dept, year),
            budget: sg(&g.t09.budget),
            actual: sg(&g.t09.actual),
        },
        t10: g.t10.as_ref().map(|t| {
            let mut sections: Vec<StatSectionView> = Vec::new();
            for l in &t.lines {
                if sections.last().is_none_or(|x| x.title != l.section) {
                    sections.push(StatSectionView {
                        title: l.section.clone(),
                        lines: Vec::new(),
                    });
                }
                let value = if l.count {
                    l.value.normalize().to_string()
                } else {
                    s.cell(l.value)
                };
                if let Some(sec) = sections.last_mut() {
                    sec.lines.push(StatLineView {
                        label: l.label.clone(),
                        line_no: l.line_no.map(|n| n.to_string()).unwrap_or_default(),
                        value,
                    });
                }
            }
            InfoView {
                head: head(&t.meta, TableKind::T10, dept, year),
                sections,
            }
        }),
        order: Vec::new(),
    };
    view.number(opts);
    view
}
