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

    /// Compare `found` against the sum `expected` of `addends` values.
    #[allow(clippy::too_many_arguments)]
    pub fn sum(
        &mut self,
        rule: &str,
        table: &str,
        place: String,
        expected: Decimal,
        found: Decimal,
        addends: usize,
        what: &str,
    ) {
        let gap = (expected - found).abs();
        if gap.is_zero() {
            return;
        }
        // `addends` is the number of rounded figures summed; 0 means the same figure printed
        // in two places, which must agree exactly.
        let tail = Decimal::new(addends as i64, 2);
        let (severity, note) = if gap <= tail {
            (
                Severity::Warning,
                format!("{what}相差 {gap}，在万元取整的尾差范围内（{addends} 项，每项至多 0.01）"),
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

fn find_line<'a>(lines: &'a [Line], name: &str) -> Option<&'a Line> {
    lines.iter().find(|l| l.label == name)
}

/// 01 and 04: 本年合计 = numbered lines above it; 总计 = 本年合计 + top-level lines below.
fn check_summary(r: &mut Report, t: &SummaryTable, kind: TableKind, rule: &str) {
    let tab = label(kind);
    for (side, lines) in [("收入", &t.income), ("支出", &t.expense)] {
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
            let parts: Vec<Decimal> = lines[..year_pos]
                .iter()
                .filter(|l| !l.label.is_empty() && !l.sub)
                .map(|l| l.amounts.get(c).copied().unwrap_or_default())
                .filter(|a| !a.is_zero())
                .collect();
            let col = if cols > 1 {
                format!("第{}栏", c + 1)
            } else {
                String::new()
            };
            r.sum(
                rule,
                &tab,
                format!("{side}“{}”{col}", lines[year_pos].label),
                parts.iter().sum(),
                lines[year_pos].amounts[c],
                parts.len(),
                "与各项之和",
            );
            let below: Vec<Decimal> = lines[year_pos + 1..total_pos]
                .iter()
                .filter(|l| !l.label.is_empty() && !l.sub)
                .map(|l| l.amounts.get(c).copied().unwrap_or_default())
                .collect();
            r.sum(
                rule,
                &tab,
                format!("{side}“总计”{col}"),
                lines[year_pos].amounts[c] + below.iter().sum::<Decimal>(),
                lines[total_pos].amounts.get(c).copied().unwrap_or_default(),
                below.len() + 1,
                "与本年合计及结转结余之和",
            );
        }
    }
    if let (Some(a), Some(b)) = (find_line(&t.income, "总计"), find_line(&t.expense, "总计")) {
        r.sum(
            rule,
            &tab,
            "收入总计与支出总计".into(),
            a.amount(),
            b.amount(),
            0,
            "收支总计",
        );
    }
}

/// 02/03/05/07/08: row total = its parts; 类 = Σ 款; 款 = Σ 项; 合计 = Σ 类.
fn check_code_table(r: &mut Report, t: &CodeTable, kind: TableKind, parts: &[usize]) {
    let tab = label(kind);
    let rule_row = format!("R{:02}-行合计", kind.number());
    let rule_tree = format!("R{:02}-类款项", kind.number());
    let check_row = |r: &mut Report, place: String, values: &[Decimal]| {
        let sum: Decimal = parts
            .iter()
            .map(|&i| values.get(i).copied().unwrap_or_default())
            .sum();
        r.sum(
            &rule_row,
            &tab,
            place,
            sum,
            values[0],
            parts.len(),
            &format!("“{}”与各栏之和", t.columns[0]),
        );
    };
    check_row(r, "合计行".into(), &t.total);
    for row in &t.rows {
        check_row(
            r,
            format!("{} {}（{}）", row.code, row.name, row.at),
            &row.values,
        );
    }
    for (ci, col) in t.columns.iter().enumerate() {
        let classes: Vec<&CodeRow> = t.rows.iter().filter(|x| x.code.len() == 3).collect();
        if !classes.is_empty() {
            let sum: Decimal = classes.iter().map(|x| x.values[ci]).sum();
            r.sum(
                &rule_tree,
                &tab,
                format!("合计行“{col}”"),
                sum,
                t.total[ci],
                classes.len(),
                "与各类之和",
            );
        }
        for parent in &t.rows {
            let len = parent.code.len();
            if len == 7 {
                continue;
            }
            let children: Vec<&CodeRow> = t
                .rows
                .iter()
                .filter(|x| x.code.len() == len + 2 && x.code.starts_with(&parent.code))
                .collect();
            if children.is_empty() {
                continue;
            }
            let sum: Decimal = children.iter().map(|x| x.values[ci]).sum();
            let nonzero = children.iter().filter(|x| !x.values[ci].is_zero()).count();
            r.sum(
                &rule_tree,
                &tab,
                format!("{} {}“{col}”", parent.code, parent.name),
                sum,
                parent.values[ci],
                nonzero,
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

pub fn check_tables(g: &Gongkai) -> Report {
    let mut r = Report::default();
    check_summary(&mut r, &g.t01, TableKind::T01, "R01-总表");
    check_summary(&mut r, &g.t04, TableKind::T04, "R04-财政拨款总表");
    check_code_table(&mut r, &g.t02, TableKind::T02, &[1, 2, 3, 4, 5, 6]);
    check_code_table(&mut r, &g.t03, TableKind::T03, &[1, 2, 3, 4, 5]);
    check_code_table(&mut r, &g.t05, TableKind::T05, &[1, 2]);
    check_code_table(&mut r, &g.t07, TableKind::T07, &[3, 4]);
    check_code_table(&mut r, &g.t08, TableKind::T08, &[1, 2]);

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
        "合计行“本年收入合计”".into(),
        year_income,
        g.t02.total_of("本年收入合计"),
        0,
        "与公开01表本年收入合计",
    );
    r.sum(
        "X-03对01",
        &label(TableKind::T03),
        "合计行“本年支出合计”".into(),
        year_expense,
        g.t03.total_of("本年支出合计"),
        0,
        "与公开01表本年支出合计",
    );
    for row in g.t03.rows.iter().filter(|x| x.code.len() == 3) {
        let line = g
            .t01
            .expense
            .iter()
            .find(|l| strip_numbering(&l.label) == row.name);
        match line {
            Some(l) => r.sum(
                "X-03类对01",
                &label(TableKind::T03),
                format!("{} {}", row.code, row.name),
                l.amount(),
                row.values[0],
                0,
                "与公开01表同名支出行",
            ),
            None => r.push(
                Severity::Warning,
                "X-03类对01",
                &label(TableKind::T03),
                format!("{} {}", row.code, row.name),
                "公开01表中有同名支出行".into(),
                "没有".into(),
                "无法核对该类".into(),
            ),
        }
    }
    let t04_year = find_line(&g.t04.expense, "本年支出合计");
    if let Some(l) = t04_year {
        let col = |name: &str| {
            g.t04
                .expense_columns
                .iter()
                .position(|c| c == name)
                .and_then(|i| l.amounts.get(i).copied())
        };
        if let Some(v) = col("一般公共预算财政拨款") {
            r.sum(
                "X-04对05",
                &label(TableKind::T04),
                "本年支出合计“一般公共预算财政拨款”".into(),
                g.t05.total_of("合计"),
                v,
                0,
                "与公开05表合计",
            );
        }
        if let Some(v) = col("政府性基金预算财政拨款") {
            r.sum(
                "X-04对07",
                &label(TableKind::T04),
                "本年支出合计“政府性基金预算财政拨款”".into(),
                g.t07.total_of("本年支出"),
                v,
                0,
                "与公开07表本年支出",
            );
        }
        if let Some(v) = col("国有资本经营预算财政拨款") {
            r.sum(
                "X-04对08",
                &label(TableKind::T04),
                "本年支出合计“国有资本经营预算财政拨款”".into(),
                g.t08.total_of("合计"),
                v,
                0,
                "与公开08表合计",
            );
        }
    }
    let t06 = &g.t06;
    r.sum(
        "X-05对06",
        &label(TableKind::T05),
        "合计行“基本支出”".into(),
        t06.personnel_total + t06.public_total,
        g.t05.total_of("基本支出"),
        2,
        "与公开06表人员经费合计、公用经费合计之和",
    );
    for (name, rows, total) in [
        ("人员经费合计", &t06.personnel, t06.personnel_total),
        ("公用经费合计", &t06.public, t06.public_total),
    ] {
        let classes: Vec<&EconRow> = rows.iter().filter(|x| x.code.len() == 3).collect();
        r.sum(
            "R06-明细",
            &label(TableKind::T06),
            format!("“{name}”"),
            classes.iter().filter_map(|x| x.amount).sum(),
            total,
            classes.len(),
            "与各类之和",
        );
        for class in &classes {
            let kids: Vec<Decimal> = rows
                .iter()
                .filter(|x| x.code.len() == 5 && x.code.starts_with(&class.code))
                .filter_map(|x| x.amount)
                .filter(|a| !a.is_zero())
                .collect();
            if kids.is_empty() || class.amount.is_none() {
                continue;
            }
            r.sum(
                "R06-明细",
                &label(TableKind::T06),
                format!("{} {}（{}）", class.code, class.name, class.at),
                kids.iter().sum(),
                class.amount.unwrap_or_default(),
                kids.len(),
                "与所属各款之和",
            );
        }
    }
    for (side, s) in [("预算数", &g.t09.budget), ("决算数", &g.t09.actual)] {
        let t = label(TableKind::T09);
        r.sum(
            "R09-三公",
            &t,
            format!("{side}“合计”"),
            s.abroad + s.vehicle + s.reception,
            s.total,
            3,
            "与三项之和",
        );
        r.sum(
            "R09-三公",
            &t,
            format!("{side}“公务用车购置及运行维护费”"),
            s.vehicle_purchase + s.vehicle_running,
            s.vehicle,
            2,
            "与购置费、运行维护费之和",
        );
    }
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
                parts.iter().sum(),
                total.value,
                parts.len(),
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
    for key in p.placeholders() {
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
                classes.iter().sum(),
                total.0,
                classes.len(),
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
        let Some(reason) = item
            .reason
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
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
            format!("{}与计算值不符", m.what),
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
            parts.iter().sum(),
            total.0,
            parts.len(),
            "与货物、工程、服务之和",
        );
    }
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

/// All checks of a case.
pub fn check_case(case: &crate::case::Case) -> Report {
    let mut r = check_tables(&case.gongkai);
    check_profile(case, &mut r);
    r.sorted()
}
