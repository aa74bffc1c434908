//! Stage 2: every figure of the 情况说明, computed from the tables and the profile with
//! `Decimal`, 四舍五入 to 2 places from the displayed 万元 figures. The result is
//! formatted for printing (`1,156.59`, `15.42`) and carries no wording: the templates do.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::amount::{cents, format_money, format_plain, percent};
use crate::model::*;
use crate::profile::{Money, Profile};

/// A formatted amount beside its exact value.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Amt {
    /// `1,156.59`
    pub text: String,
    #[serde(with = "rust_decimal::serde::str")]
    pub value: Decimal,
}

/// A percentage, or the reason it cannot be one (zero denominator).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Pct {
    /// `15.42` (no % sign; the template adds it), `None` when the base is zero.
    pub text: Option<String>,
}

/// Change against last year.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Change {
    /// `增加`, `减少`, `持平`, or `无上年数据` when the profile gives no prior figure.
    pub direction: String,
    /// `增长` / `下降` for the rate.
    pub rate_word: String,
    pub amount: Amt,
    /// Rate on last year's figure; `None` when last year was zero (上年无此项支出).
    pub rate: Option<String>,
    pub prior: Option<Amt>,
}

/// How the 情况说明 prints numbers (a district setting): `1,156.59` or `1156.59`,
/// `100.00%` or `100%`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberStyle {
    pub thousands: bool,
    /// `100.00` → `100`, `15.40` → `15.4`.
    pub trim_percent: bool,
}

impl Default for NumberStyle {
    fn default() -> Self {
        NumberStyle {
            thousands: true,
            trim_percent: false,
        }
    }
}

impl NumberStyle {
    pub fn amt(&self, v: Decimal) -> Amt {
        Amt {
            text: if self.thousands {
                format_money(v)
            } else {
                format_plain(v)
            },
            value: cents(v),
        }
    }

    fn percent_text(&self, p: Decimal) -> String {
        if self.trim_percent {
            p.normalize().to_string()
        } else {
            p.to_string()
        }
    }

    pub fn pct(&self, part: Decimal, whole: Decimal) -> Pct {
        Pct {
            text: percent(part, whole).map(|p| self.percent_text(p)),
        }
    }

    pub fn change(&self, current: Decimal, prior: Option<Money>) -> Change {
        let Some(Money(prior)) = prior else {
            return Change {
                direction: "无上年数据".into(),
                rate_word: String::new(),
                amount: self.amt(Decimal::ZERO),
                rate: None,
                prior: None,
            };
        };
        let diff = cents(current) - cents(prior);
        let (direction, rate_word) = if diff.is_zero() {
            ("持平", "")
        } else if diff.is_sign_positive() {
            ("增加", "增长")
        } else {
            ("减少", "下降")
        };
        Change {
            direction: direction.into(),
            rate_word: rate_word.into(),
            amount: self.amt(diff.abs()),
            rate: percent(diff.abs(), prior).map(|p| self.percent_text(p)),
            prior: Some(self.amt(prior)),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Share {
    pub name: String,
    pub amount: Amt,
    pub share: Pct,
}

#[derive(Debug, Clone, Serialize)]
pub struct TotalsSection {
    pub income_total: Amt,
    pub expense_total: Amt,
    pub income_change: Change,
    pub expense_change: Change,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SharesSection {
    pub total: Amt,
    pub items: Vec<Share>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClassDetail {
    pub code: String,
    pub name: String,
    /// `类` or `项`.
    pub level: String,
    pub budget: Option<Amt>,
    pub actual: Amt,
    pub completion: Pct,
    pub change: Change,
    pub uses: Option<String>,
    pub reason: Option<String>,
    /// Names of the 项's 类 and 款 in the same table (for `…（类）…（款）…（项）`).
    pub lei_name: Option<String>,
    pub kuan_name: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GeneralSection {
    pub total: Amt,
    /// 占本年支出合计.
    pub share_of_all: Pct,
    pub change: Change,
    pub reason: Option<String>,
    pub classes: Vec<Share>,
    pub budget: Option<Amt>,
    pub completion: Pct,
    /// Why 决算 differs from 年初预算 (原因.一般公共预算财政拨款支出决算与预算).
    pub budget_reason: Option<String>,
    /// Per 类 (or per 项 for styles that want it).
    pub details: Vec<ClassDetail>,
    pub details_by_item: Vec<ClassDetail>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BasicSection {
    pub total: Amt,
    pub personnel: Amt,
    pub personnel_items: Vec<String>,
    pub public: Amt,
    pub public_items: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FundSection {
    pub has_data: bool,
    pub total: Amt,
    pub basic: Amt,
    pub project: Amt,
    pub classes: Vec<Share>,
    /// 本年收入: the table's column, or (08 has none) the fund's income line of 公开04表.
    pub income: Amt,
    /// The table has 本年收入 and the carry-over columns (07; 08 has 支出 only).
    pub has_income: bool,
    pub carry_in: Amt,
    pub carry_out: Amt,
    /// Per 项, with 年初预算, 用途 and 原因 by 科目代码 from the profile.
    pub details_by_item: Vec<ClassDetail>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SanGongItem {
    pub name: String,
    pub budget: Amt,
    pub actual: Amt,
    pub completion: Pct,
    pub change: Change,
    pub reason: Option<String>,
    pub uses: Option<String>,
    /// Share of the 三公 决算 total.
    pub share: Pct,
}

impl SanGongItem {
    /// Nothing budgeted, nothing spent, nothing last year: the text says 持平 / 无此项支出,
    /// and no reason is needed.
    pub fn is_idle(&self) -> bool {
        self.budget.value.is_zero()
            && self.actual.value.is_zero()
            && self.change.prior.as_ref().is_none_or(|p| p.value.is_zero())
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SanGongSection {
    pub budget: Amt,
    pub actual: Amt,
    pub completion: Pct,
    pub change: Change,
    pub items: Vec<SanGongItem>,
    /// 公务用车购置及运行维护费 as one item (styles that discuss three items).
    pub vehicle: SanGongItem,
    /// Why 决算 differs from 预算 (原因.三公经费决算与预算).
    pub budget_reason: Option<String>,
    /// 国内公务接待支出 (the whole 公务接待费 unless the profile says otherwise) and the
    /// 外事（外宾）接待支出 within it.
    pub domestic_reception: Amt,
    pub foreign_reception: Amt,
    /// 国（境）外接待费: 公务接待费 less 国内公务接待费.
    pub overseas_reception: Amt,
    pub overseas_batches: u32,
    pub overseas_people: u32,
    pub abroad_groups: u32,
    pub abroad_people: u32,
    pub vehicles_bought: u32,
    pub vehicles_held: u32,
    pub reception_batches: u32,
    pub reception_people: u32,
    pub foreign_batches: u32,
    pub foreign_people: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct RunningCosts {
    pub amount: Amt,
    pub change: Change,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProcurementSection {
    pub total: Amt,
    pub goods: Amt,
    pub works: Amt,
    pub services: Amt,
    pub sme: Option<Amt>,
    pub sme_share: Pct,
    pub small: Option<Amt>,
    pub small_share: Pct,
    /// Shanghai wording: amounts reserved for (预留) and awarded to SMEs.
    pub sme_reserved: Option<Amt>,
    pub small_reserved: Option<Amt>,
    pub sme_awarded_reserved: Option<Amt>,
    pub small_awarded_reserved: Option<Amt>,
    pub sme_awarded_other: Option<Amt>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CountLine {
    pub label: String,
    pub count: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AssetsSection {
    pub vehicles: String,
    pub vehicle_types: Vec<CountLine>,
    /// 设备 counted in all (the usual one line: 单价100万元（含）以上设备).
    pub equipment: String,
    /// Each 设备 line of 公开10表 with its own label, for tables that split them
    /// (单价50万元以上通用设备, 单价100万元以上专用设备); one line from the profile.
    pub equipment_lines: Vec<CountLine>,
    /// What the 其他用车 are used for (profile 国有资产.其他用车用途).
    pub other_vehicle_uses: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PerformanceSection {
    pub projects: u32,
    pub funds: Amt,
    pub general_project: Amt,
    pub fund_project: Amt,
    pub capital_project: Amt,
    /// (label, count) in the grade order of the style: 优, 良, 中, 差.
    pub grades: Vec<(String, u32)>,
    pub attached: usize,
    pub other_notes: Option<String>,
    /// 管理制度 and 工作机制 texts (Shanghai 十).
    pub rules: Option<String>,
    pub mechanism: Option<String>,
    pub target_projects: Option<u32>,
    pub target_funds: Option<Amt>,
    pub tracked_projects: Option<u32>,
    pub tracked_funds: Option<Amt>,
    /// `99.33`, or none when neither given nor computable.
    pub average_score: Option<String>,
    pub problems: Option<u32>,
    pub problems_fixed: Option<u32>,
    pub problems_fixing: Option<u32>,
    pub social_insurance_project: Option<Amt>,
    /// The kinds of 项目支出 (一般公共预算, 政府性基金, …) add up to no more than `funds`:
    /// only then may the text list them as `其中`. (Funds taken from the attached projects
    /// alone are often less than the department's 项目支出.)
    pub parts_within_funds: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Narrative {
    pub s1_totals: TotalsSection,
    pub s2_income: SharesSection,
    pub s3_expense: SharesSection,
    pub s4_fiscal: TotalsSection,
    pub s5_general: GeneralSection,
    pub s6_basic: BasicSection,
    pub s7_fund: FundSection,
    pub s8_capital: FundSection,
    pub s9_sangong: SanGongSection,
    pub s10_running: RunningCosts,
    pub s10_procurement: ProcurementSection,
    pub s10_assets: AssetsSection,
    pub s10_performance: PerformanceSection,
}

pub use crate::model::strip_numbering;

/// The three 三公 items the narrative discusses, with their amounts.
pub fn sangong_items(s: &SanGong) -> [(&'static str, Decimal); 4] {
    [
        ("因公出国（境）费", s.abroad),
        ("公务用车购置费", s.vehicle_purchase),
        ("公务用车运行维护费", s.vehicle_running),
        ("公务接待费", s.reception),
    ]
}

/// Names of the economic items with money (款 level), for 六's 主要包括 lists.
fn items_with_money(rows: &[EconRow]) -> Vec<String> {
    rows.iter()
        .filter(|r| r.code.len() == 5 && r.amount.is_some_and(|a| !a.is_zero()))
        .map(|r| r.name.clone())
        .collect()
}

/// One row of a 科目 table told against its 年初预算 and last year's figure, with its
/// 用途 and 原因 from the profile (by 科目代码).
/// The names of a code table's rows by code, built once per table: looking each
/// parent up in the rows would make a table of many thousand 项 quadratic.
fn code_names(t: &CodeTable) -> std::collections::HashMap<&str, &str> {
    t.rows
        .iter()
        .map(|r| (r.code.as_str(), r.name.as_str()))
        .collect()
}

fn class_detail(
    f: &NumberStyle,
    p: &Profile,
    (t, names): (&CodeTable, &std::collections::HashMap<&str, &str>),
    total_col: &str,
    r: &CodeRow,
    prior: Option<Money>,
) -> ClassDetail {
    let actual = t
        .column(total_col)
        .and_then(|i| r.values.get(i))
        .copied()
        .unwrap_or_default();
    detail_of(f, p, &r.code, r.name.clone(), actual, prior, |c| {
        names.get(c).map(|name| name.to_string())
    })
}

/// One 科目's paragraph figures: 年初预算 and its completion, the change against last
/// year, 用途 and 原因 from the profile; `name_of` names the 类 and 款 above it.
fn detail_of(
    f: &NumberStyle,
    p: &Profile,
    code: &str,
    name: String,
    actual: Decimal,
    prior: Option<Money>,
    name_of: impl Fn(&str) -> Option<String>,
) -> ClassDetail {
    let budget = p.budget.by_code.get(code).map(|m| m.0);
    let parent = |len: usize| {
        code.get(..len)
            .filter(|_| code.len() > len)
            .and_then(&name_of)
    };
    ClassDetail {
        code: code.to_string(),
        name,
        level: if code.len() == 3 { "类" } else { "项" }.into(),
        budget: budget.map(|v| f.amt(v)),
        actual: f.amt(actual),
        completion: match budget {
            Some(b) => f.pct(actual, b),
            None => Pct { text: None },
        },
        change: f.change(actual, prior),
        uses: meaningful(p.uses.by_code.get(code)),
        reason: meaningful(p.reasons.by_code.get(code)),
        lei_name: parent(3),
        kuan_name: parent(5),
    }
}

/// 科目 of the given code length that had money last year and have no row this year: their
/// paragraph says the spending stopped (决算 0.00, 减少 …, 下降100.00%), placed by
/// `in_code_order`.
/// Named as last year's workbook named them, else by their code (`check` asks for that
/// workbook then).
fn vanished(f: &NumberStyle, p: &Profile, t05: &CodeTable, len: usize) -> Vec<ClassDetail> {
    let names = &p.prior.names_by_code;
    p.prior
        .general_by_code
        .iter()
        .filter(|(code, m)| code.len() == len && !m.0.is_zero() && t05.row(code).is_none())
        .map(|(code, m)| {
            let name = names
                .get(code)
                .cloned()
                .unwrap_or_else(|| format!("科目{code}"));
            detail_of(f, p, code, name, Decimal::ZERO, Some(*m), |c| {
                names.get(c).cloned()
            })
        })
        .collect()
}

/// This year's paragraphs in the table's order, each stopped 科目 placed among them by its
/// code (2050201 among 205's items, not after 221's): a reader looks for it there.
fn in_code_order(rows: Vec<ClassDetail>, stopped: Vec<ClassDetail>) -> Vec<ClassDetail> {
    let mut out = rows;
    for d in stopped {
        // After the last paragraph whose code sorts before it.
        let at = out
            .iter()
            .rposition(|x| x.code < d.code)
            .map_or(0, |i| i + 1);
        out.insert(at, d);
    }
    out
}

/// `income_04`: the fund's income line of 公开04表, for a table without 本年收入 (08).
fn fund_section(
    f: &NumberStyle,
    p: &Profile,
    t: &CodeTable,
    total_col: &str,
    income_04: Option<Decimal>,
) -> FundSection {
    let total = t.total_of(total_col);
    let names = code_names(t);
    FundSection {
        has_data: !t.meta.empty,
        total: f.amt(total),
        basic: f.amt(t.total_of("基本支出")),
        project: f.amt(t.total_of("项目支出")),
        classes: t
            .rows
            .iter()
            .filter(|r| r.code.len() == 3)
            .map(|r| {
                let v = t.value(&r.code, total_col);
                Share {
                    name: r.name.clone(),
                    amount: f.amt(v),
                    share: f.pct(v, total),
                }
            })
            .collect(),
        income: f.amt(match t.column("本年收入") {
            Some(_) => t.total_of("本年收入"),
            None => income_04.unwrap_or_default(),
        }),
        has_income: t.column("本年收入").is_some(),
        carry_in: f.amt(t.total_of("年初结转和结余")),
        carry_out: f.amt(t.total_of("年末结转和结余")),
        details_by_item: t
            .rows
            .iter()
            .filter(|r| r.code.len() == 7)
            .map(|r| class_detail(f, p, (t, &names), total_col, r, None))
            .collect(),
    }
}

pub struct Inputs<'a> {
    pub gongkai: &'a Gongkai,
    pub profile: &'a Profile,
    /// 绩效自评 projects attached (count, funds, grade labels).
    pub attached_projects: &'a [crate::jixiao::Project],
    pub grade_labels: &'a [String],
    pub style: NumberStyle,
}

/// A clerk's text that says nothing: `无`, `没有`, `不涉及`, a dash.
pub fn says_nothing(text: &str) -> bool {
    let t = text.trim().trim_end_matches(['。', '；', ';', '.']);
    matches!(t, "无" | "没有" | "不涉及" | "/" | "-" | "—" | "——" | "－")
}

/// A reason or use as printed: `无` would read `主要原因是无。`, so it is none (`check`
/// asks for a real one where the figure needs it).
fn meaningful(text: Option<&String>) -> Option<String> {
    text.filter(|t| !says_nothing(t)).cloned()
}

pub fn derive(inp: &Inputs) -> Narrative {
    let g = inp.gongkai;
    let fund_income = |fund: &str| g.t04.fund_income(fund).map(|l| l.amount());
    let f = &inp.style;
    let p = inp.profile;
    let t01 = &g.t01;
    let income_total = grand_total(&t01.income)
        .map(Line::amount)
        .unwrap_or_default();
    let expense_total = grand_total(&t01.expense)
        .map(Line::amount)
        .unwrap_or_default();

    // 二: sources of 本年收入合计 (02 合计 row, whose columns are the sources).
    let t02 = &g.t02;
    let income_sum = t02.total_of("本年收入合计");
    let s2_items = t02.columns[1..]
        .iter()
        .map(|c| Share {
            name: c.clone(),
            amount: f.amt(t02.total_of(c)),
            share: f.pct(t02.total_of(c), income_sum),
        })
        .collect();
    let t03 = &g.t03;
    let expense_sum = t03.total_of("本年支出合计");
    let s3_items = t03.columns[1..]
        .iter()
        .map(|c| Share {
            name: c.clone(),
            amount: f.amt(t03.total_of(c)),
            share: f.pct(t03.total_of(c), expense_sum),
        })
        .collect();

    // 四: 04 总计.
    let fiscal_in = grand_total(&g.t04.income)
        .map(Line::amount)
        .unwrap_or_default();
    let fiscal_out = grand_total(&g.t04.expense)
        .map(Line::amount)
        .unwrap_or_default();

    // 五: 一般公共预算财政拨款 (05).
    let t05 = &g.t05;
    let general = t05.total_of("合计");
    let budget_total = p.budget.general.map(|m| m.0);
    let names05 = code_names(t05);
    let detail = |r: &CodeRow| {
        class_detail(
            f,
            p,
            (t05, &names05),
            "合计",
            r,
            p.prior.general_by_code.get(&r.code).copied(),
        )
    };
    let classes: Vec<&CodeRow> = t05.rows.iter().filter(|r| r.code.len() == 3).collect();
    let s5 = GeneralSection {
        total: f.amt(general),
        share_of_all: f.pct(general, expense_sum),
        change: f.change(general, p.prior.general),
        reason: meaningful(p.reasons.general.as_ref()),
        classes: classes
            .iter()
            .map(|r| Share {
                name: r.name.clone(),
                amount: f.amt(t05.value(&r.code, "合计")),
                share: f.pct(t05.value(&r.code, "合计"), general),
            })
            .collect(),
        budget: budget_total.map(|v| f.amt(v)),
        completion: match budget_total {
            Some(b) => f.pct(general, b),
            None => Pct { text: None },
        },
        budget_reason: meaningful(p.reasons.general_budget.as_ref()),
        details: in_code_order(
            classes.iter().map(|r| detail(r)).collect(),
            vanished(f, p, t05, 3),
        ),
        details_by_item: in_code_order(
            t05.rows
                .iter()
                .filter(|r| r.code.len() == 7)
                .map(detail)
                .collect(),
            vanished(f, p, t05, 7),
        ),
    };

    // 六: basic expenditure from 05 合计 基本支出; parts from 06.
    let t06 = &g.t06;
    let s6 = BasicSection {
        total: f.amt(t05.total_of("基本支出")),
        personnel: f.amt(t06.personnel_total),
        personnel_items: items_with_money(&t06.personnel),
        public: f.amt(t06.public_total),
        public_items: items_with_money(&t06.public),
    };

    // 九: 三公. `无` typed as the reason of an item without money says nothing: not
    // printed (`主要原因是无`); an item that moved still needs a reason (check says so).
    let sangong_reasons: BTreeMap<String, String> = (p.reasons.sangong.iter())
        .filter(|(_, t)| !says_nothing(t))
        .map(|(k, t)| (k.clone(), t.clone()))
        .collect();
    let t09 = &g.t09;
    let prior_sg = &p.prior.sangong;
    let prior_items = [
        prior_sg.abroad,
        prior_sg.vehicle_purchase,
        prior_sg.vehicle_running,
        prior_sg.reception,
    ];
    let sangong_item =
        |name: &str, budget: Decimal, actual: Decimal, prior: Option<Money>| SanGongItem {
            name: name.to_string(),
            budget: f.amt(budget),
            actual: f.amt(actual),
            completion: f.pct(actual, budget),
            change: f.change(actual, prior),
            reason: sangong_reasons.get(name).cloned(),
            uses: meaningful(p.uses.sangong.get(name)),
            share: f.pct(actual, t09.actual.total),
        };
    let items = sangong_items(&t09.budget)
        .iter()
        .zip(sangong_items(&t09.actual))
        .zip(prior_items)
        .map(|(((name, budget), (_, actual)), prior)| sangong_item(name, *budget, actual, prior))
        .collect();
    let prior_vehicle = match (prior_sg.vehicle_purchase, prior_sg.vehicle_running) {
        (Some(a), Some(b)) => Some(Money(a.0 + b.0)),
        _ => None,
    };
    let mut vehicle = sangong_item(
        "公务用车购置及运行维护费",
        t09.budget.vehicle,
        t09.actual.vehicle,
        prior_vehicle,
    );
    // Styles that discuss the two vehicle items as one take their texts when the
    // profile gives them per item (as `check` asks) and not for the pair.
    let both = |texts: &BTreeMap<String, String>| {
        let part = |k: &str| {
            texts
                .get(k)
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
        };
        match (part("公务用车购置费"), part("公务用车运行维护费")) {
            (Some(a), Some(b)) if a == b => Some(a),
            (Some(a), Some(b)) => Some(format!("购置费方面，{a}；运行维护费方面，{b}")),
            (a, b) => a.or(b),
        }
    };
    if vehicle.reason.is_none() {
        vehicle.reason = both(&sangong_reasons);
    }
    if vehicle.uses.is_none() {
        let uses = (p.uses.sangong.iter())
            .filter(|(_, t)| !says_nothing(t))
            .map(|(k, t)| (k.clone(), t.clone()))
            .collect();
        vehicle.uses = both(&uses);
    }
    let sg = &p.sangong;
    let domestic = sg.domestic_reception.map_or(t09.actual.reception, |m| m.0);
    let s9 = SanGongSection {
        budget: f.amt(t09.budget.total),
        actual: f.amt(t09.actual.total),
        completion: f.pct(t09.actual.total, t09.budget.total),
        change: f.change(t09.actual.total, prior_sg.total),
        items,
        vehicle,
        budget_reason: meaningful(p.reasons.sangong_budget.as_ref()),
        domestic_reception: f.amt(domestic),
        foreign_reception: f.amt(sg.foreign_reception.map_or(Decimal::ZERO, |m| m.0)),
        overseas_reception: f.amt(t09.actual.reception - domestic),
        overseas_batches: sg.overseas_batches,
        overseas_people: sg.overseas_people,
        abroad_groups: sg.abroad_groups,
        abroad_people: sg.abroad_people,
        vehicles_bought: sg.vehicles_bought,
        // 公开10表 counts them; the profile gives them only for a workbook without it.
        vehicles_held: g
            .t10
            .as_ref()
            .and_then(|t| t.vehicles_held())
            .and_then(|l| rust_decimal::prelude::ToPrimitive::to_u32(&l.value))
            .filter(|_| sg.vehicles_held == 0)
            .unwrap_or(sg.vehicles_held),
        reception_batches: sg.reception_batches,
        reception_people: sg.reception_people,
        foreign_batches: sg.foreign_batches,
        foreign_people: sg.foreign_people,
    };

    // 十: 10表.
    let find = |section: &str, needles: &[&str]| -> Decimal {
        g.t10
            .as_ref()
            .and_then(|t| t.find(section, needles))
            .map(|l| l.value)
            .unwrap_or_default()
    };
    // Without 公开10表 (Shanghai), these figures come from the profile.
    let pr = &p.procurement;
    let running: Decimal = match &g.t10 {
        Some(t) => t.running_costs(),
        None => p.running_costs.map_or(Decimal::ZERO, |m| m.0),
    };
    let part = |needle: &str, given: Option<Money>| match &g.t10 {
        Some(_) => find("政府采购", &[needle]),
        None => given.map_or(Decimal::ZERO, |m| m.0),
    };
    let (goods, works, services) = (
        part("货物", pr.goods),
        part("工程", pr.works),
        part("服务", pr.services),
    );
    let proc_total = match (&g.t10, pr.total) {
        // Its 合计 (or 总额) line; a table with the three kinds only, their sum.
        (Some(t), _) => t
            .section_total("政府采购")
            .map_or(goods + works + services, |l| l.value),
        (None, Some(m)) => m.0,
        (None, None) => goods + works + services,
    };
    let opt_amt = |m: Option<Money>| m.map(|m| f.amt(m.0));
    let sme = procurement_awarded(g, "中小企业", p.procurement.sme);
    let small = procurement_awarded(g, "小微企业", p.procurement.small);
    let (vehicles, vehicle_types, equipment) = match &g.t10 {
        Some(t) => {
            let assets: Vec<&StatLine> = t.lines.iter().filter(|l| l.is_asset()).collect();
            let kinds: Vec<&&StatLine> =
                assets.iter().filter(|l| l.label.contains("用车")).collect();
            let vehicles = t
                .vehicles_held()
                .map(|l| l.value)
                .unwrap_or_else(|| kinds.iter().map(|l| l.value).sum())
                .normalize()
                .to_string();
            let types = kinds
                .iter()
                .map(|l| CountLine {
                    // `1.主要负责人用车`, `其中：一般公务用车`: the kind's name alone (the
                    // sentence says 其中 itself).
                    label: l
                        .label
                        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == '．')
                        .trim_start_matches("其中")
                        .trim_start_matches(['：', ':'])
                        .to_string(),
                    count: l.value.normalize().to_string(),
                })
                .collect();
            let equipment: Vec<CountLine> = assets
                .iter()
                .filter(|l| l.label.contains("设备"))
                .map(|l| CountLine {
                    label: equipment_label(&l.label),
                    count: l.value.normalize().to_string(),
                })
                .collect();
            (vehicles, types, equipment)
        }
        // Without 公开10表: the profile's counts, every kind of the wording listed.
        None => match &p.assets {
            Some(a) => {
                let kinds = a.vehicle_kinds();
                (
                    kinds.iter().map(|(_, n)| n).sum::<u32>().to_string(),
                    kinds
                        .iter()
                        .map(|(label, n)| CountLine {
                            label: label.to_string(),
                            count: n.to_string(),
                        })
                        .collect(),
                    vec![CountLine {
                        label: "单价100万元（含）以上设备（不含车辆）".into(),
                        count: a.equipment.to_string(),
                    }],
                )
            }
            None => ("0".into(), Vec::new(), Vec::new()),
        },
    };
    let equipment_lines = equipment;
    let equipment = equipment_lines
        .iter()
        .filter_map(|l| l.count.parse::<Decimal>().ok())
        .sum::<Decimal>()
        .normalize()
        .to_string();

    // 十(四): from the profile when it states more projects than are attached.
    let attached = inp.attached_projects;
    let projects = p.performance.projects.unwrap_or(attached.len() as u32);
    let funds = p
        .performance
        .funds
        .map(|m| m.0)
        .unwrap_or_else(|| attached.iter().map(|x| x.total.year_budget).sum());
    // 项目支出 of 05, 07 and 08: the kinds listed under the funds (`其中`).
    let project_parts = [
        t05.total_of("项目支出"),
        g.t07.total_of("项目支出"),
        g.t08.total_of("项目支出"),
    ];
    let average_score = p
        .performance
        .average_score
        .map(|m| m.0)
        .or_else(|| {
            // The mean of the attached projects, when they are all the evaluated ones.
            (!attached.is_empty() && projects as usize == attached.len()).then(|| {
                attached.iter().map(|x| x.total_score).sum::<Decimal>()
                    / Decimal::from(attached.len())
            })
        })
        .map(format_plain);
    let grades =
        inp.grade_labels
            .iter()
            .map(|label| {
                let count = p.performance.grades.get(label).copied().unwrap_or_else(|| {
                    attached.iter().filter(|x| &x.grade == label).count() as u32
                });
                (label.clone(), count)
            })
            .collect();

    Narrative {
        s1_totals: TotalsSection {
            income_total: f.amt(income_total),
            expense_total: f.amt(expense_total),
            income_change: f.change(income_total, p.prior.income_total),
            expense_change: f.change(expense_total, p.prior.expense_total),
            reason: meaningful(p.reasons.totals.as_ref()),
        },
        s2_income: SharesSection {
            total: f.amt(income_sum),
            items: s2_items,
        },
        s3_expense: SharesSection {
            total: f.amt(expense_sum),
            items: s3_items,
        },
        s4_fiscal: TotalsSection {
            income_total: f.amt(fiscal_in),
            expense_total: f.amt(fiscal_out),
            income_change: f.change(fiscal_in, p.prior.fiscal_income_total),
            expense_change: f.change(fiscal_out, p.prior.fiscal_expense_total),
            reason: meaningful(p.reasons.fiscal_totals.as_ref()),
        },
        s5_general: s5,
        s6_basic: s6,
        s7_fund: fund_section(
            f,
            p,
            &g.t07,
            "本年支出",
            fund_income("政府性基金预算财政拨款"),
        ),
        s8_capital: fund_section(
            f,
            p,
            &g.t08,
            "合计",
            fund_income("国有资本经营预算财政拨款"),
        ),
        s9_sangong: s9,
        s10_running: RunningCosts {
            amount: f.amt(running),
            change: f.change(running, p.prior.running_costs),
            reason: meaningful(p.reasons.running_costs.as_ref()),
        },
        s10_procurement: ProcurementSection {
            total: f.amt(proc_total),
            goods: f.amt(goods),
            works: f.amt(works),
            services: f.amt(services),
            sme: sme.map(|v| f.amt(v)),
            sme_share: sme.map_or(Pct { text: None }, |v| f.pct(v, proc_total)),
            small: small.map(|v| f.amt(v)),
            small_share: small.map_or(Pct { text: None }, |v| f.pct(v, proc_total)),
            sme_reserved: opt_amt(pr.sme_reserved),
            small_reserved: opt_amt(pr.small_reserved),
            sme_awarded_reserved: opt_amt(pr.sme_awarded_reserved),
            small_awarded_reserved: opt_amt(pr.small_awarded_reserved),
            sme_awarded_other: opt_amt(pr.sme_awarded_other),
        },
        s10_assets: AssetsSection {
            vehicles,
            vehicle_types,
            equipment,
            equipment_lines,
            other_vehicle_uses: meaningful(p.assets.as_ref().and_then(|a| a.other_uses.as_ref())),
        },
        s10_performance: PerformanceSection {
            projects,
            funds: f.amt(funds),
            general_project: f.amt(project_parts[0]),
            fund_project: f.amt(project_parts[1]),
            capital_project: f.amt(project_parts[2]),
            grades,
            attached: attached.len(),
            other_notes: p.other_notes.clone(),
            rules: p.performance.rules.clone(),
            mechanism: p.performance.mechanism.clone(),
            target_projects: p.performance.target_projects,
            target_funds: opt_amt(p.performance.target_funds),
            tracked_projects: p.performance.tracked_projects,
            tracked_funds: opt_amt(p.performance.tracked_funds),
            average_score,
            problems: p.performance.problems,
            problems_fixed: p.performance.problems_fixed,
            problems_fixing: p.performance.problems_fixing,
            social_insurance_project: opt_amt(p.performance.social_insurance_project),
            parts_within_funds: project_parts.iter().sum::<Decimal>()
                + p.performance
                    .social_insurance_project
                    .map_or(Decimal::ZERO, |m| m.0)
                <= funds,
        },
    }
}

/// The 政府采购 amount awarded to `who` (中小企业, 小微企业) that the document prints: the
/// profile's, else the line of 公开10表 that some provinces carry (a difference between
/// the two is a check error).
/// A 设备 line's label as the sentence takes it: without its numbering (`（二）`) and
/// its unit (`（台）`, `（台/套）`), which the sentence writes after the count.
fn equipment_label(label: &str) -> String {
    let mut l = label.trim();
    if let Some(rest) = l.strip_prefix('（').and_then(|r| r.split_once('）')) {
        if rest.0.chars().all(|c| "一二三四五六七八九十".contains(c)) {
            l = rest.1;
        }
    }
    let l = l.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == '．');
    for unit in [
        "（台/套）",
        "（台、套）",
        "（台（套））",
        "（台/件）",
        "（台）",
        "（套）",
        "（件）",
    ] {
        if let Some(stripped) = l.strip_suffix(unit) {
            return stripped.to_string();
        }
    }
    l.to_string()
}

pub fn procurement_awarded(g: &Gongkai, who: &str, given: Option<Money>) -> Option<Decimal> {
    given.map(|m| m.0).or_else(|| {
        g.t10
            .as_ref()
            .and_then(|t| t.procurement_awarded(who))
            .map(|l| l.value)
    })
}
