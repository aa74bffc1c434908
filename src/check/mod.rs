//! Stage 2b: the 勾稽关系 between the tables, and the profile against the tables.
//! A gap within the rounding tail of 万元 data (a cent per addend) is a warning stating
//! its size; a larger gap is an error. Each finding names its rule, table, place,
//! expected and found values.
//!
//! `tables`: within and between the 公开表; `funds`: the kinds of 财政拨款 across 01, 04 and
//! 07; `profile`: the clerk's profile and the 绩效 workbook against the tables.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::model::*;

mod crossing;
mod funds;
mod profile;
mod reasons;
mod tables;

pub use profile::check_profile;
pub use tables::check_tables;

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

/// The note of a difference between two tables (see `Report::sum`).
const CROSS: &str = "两表之一有误，若另一张表自身的核对也报错，多半错在那张表";

impl Finding {
    /// A gap within the rounding tail of its addends (see `Report::sum`).
    pub fn is_rounding_tail(&self) -> bool {
        self.severity == Severity::Warning && self.note.contains("尾差范围内")
    }
}

/// A value from the clerk's files, as a finding shows it: at most 200 characters.
fn shown(text: &str) -> String {
    crate::files::shown(text, 200)
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Two tables that disagree: neither figure is "the right one" (the note names
        // the other table's cell).
        if self.severity == Severity::Error
            && self.rule.starts_with("X-")
            && self.note.contains(CROSS)
        {
            return write!(
                f,
                "[{}] {} {}：本表为 {}，对照的数为 {}（{}）",
                self.rule,
                self.table,
                self.place,
                shown(&self.found),
                shown(&self.expected),
                self.note
            );
        }
        write!(
            f,
            "[{}] {} {}：应为 {}，实为 {}",
            self.rule,
            self.table,
            shown(&self.place),
            shown(&self.expected),
            shown(&self.found)
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
    /// The workbook was exported in 元: an amount under 50 元 shows as 0.00 万元 and
    /// still carries its rounding, so every addend counts towards the rounding tail.
    #[serde(skip)]
    pub yuan_source: bool,
    /// …and some amount under 50 元 shows as 0.00: only then do zero addends count.
    #[serde(skip)]
    pub yuan_below_cent: bool,
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
    /// may differ from the rounded total: up to a cent per addend (the spec's allowance,
    /// see `rounding_tail`) is a warning stating its size; more is an error. With one
    /// non-zero addend (or the same figure printed in two places) both sides are the same
    /// rounding of the same amount and must agree exactly; blank columns never widen the
    /// allowance.
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
        // From a workbook in 元 every figure, blank ones too (40 元 shows as 0.00), was
        // rounded here on its own from the exact amount: the total and its parts then differ
        // by at most ⌊n / 2⌋ cents, and a wider gap is an error in the 元 figures. A
        // workbook in 万元 may have summed figures already rounded: a cent per addend.
        let (tail, counted) = if self.yuan_source {
            // A figure shown as 0.00 is exactly 0 unless the workbook has amounts under
            // 50 元 (see `Gongkai::yuan_below_cent`): then any of them may carry a tail.
            let n = if self.yuan_below_cent {
                addends.len()
            } else {
                addends.iter().filter(|a| !a.is_zero()).count()
            };
            (
                yuan_rounding_tail(n),
                format!(
                    "{n} 个数由元折算为万元，各自四舍五入，合计至多相差 {}",
                    yuan_rounding_tail(n)
                ),
            )
        } else {
            let n = addends.iter().filter(|a| !a.is_zero()).count();
            (rounding_tail(n), format!("{n} 个非零数，每个至多 0.01"))
        };
        let (severity, note) = if gap <= tail {
            (
                Severity::Warning,
                format!("{what}相差 {gap}，在万元取整的尾差范围内（{counted}）"),
            )
        } else if rule.starts_with("X-") {
            // Between two tables the figure said to be wrong may be the right one.
            (Severity::Error, format!("{what}相差 {gap}；{CROSS}"))
        } else if rule.starts_with("P-") {
            // The clerk typed both the total and its parts: either may be the typo.
            (
                Severity::Error,
                format!("{what}相差 {gap}；合计和各项都是填写的，错的可能是其中任何一处，请都核对"),
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
    /// Errors first; among them those saying a whole file is of another year or
    /// department, which explain many of the rest.
    pub fn sorted(mut self) -> Report {
        self.findings
            .sort_by_key(|f| (f.severity, !ROOT_CAUSES.contains(&f.rule.as_str())));
        self
    }
}

/// The rounding tail allowed between `n` non-zero addends and their total: a cent per
/// addend, as the spec sets it; none for a single figure. Independent rounding alone
/// stays within ⌊n / 2⌋ cents (each figure and the total within half a cent); the rest
/// is room for subtotals that exports sum from figures already rounded.
pub(crate) fn rounding_tail(n: usize) -> Decimal {
    if n > 1 {
        Decimal::new(n as i64, 2)
    } else {
        Decimal::ZERO
    }
}

/// The rounding tail between `n` figures converted from 元 (each rounded to 万元 on its
/// own) and their total converted the same way: within half a cent each, so at most
/// ⌊n / 2⌋ cents in all (see the test below).
pub(crate) fn yuan_rounding_tail(n: usize) -> Decimal {
    Decimal::new((n / 2) as i64, 2)
}

/// The rule of a placeholder `init` left in the profile.
pub const PLACEHOLDER_RULE: &str = "P-待填写";

/// Rules whose finding makes others follow: a table, a profile or a workbook of another
/// year or department, a profile figure typed in 元.
const ROOT_CAUSES: &[&str] = &["R-表头", "P-年度", "P-上年表", "J-年度", "P-数量级"];

pub(super) fn label(kind: TableKind) -> String {
    format!("{}（{}）", kind.label(), kind.title())
}

/// `place（公开02表!C9）` when the cell is known.
pub(super) fn at(place: String, cell: Option<&CellRef>) -> String {
    match cell {
        Some(c) if !c.cell.is_empty() => format!("{place}（{c}）"),
        _ => place,
    }
}

/// Print grouped, errors first.
pub fn format_report(r: &Report) -> String {
    format_report_with(r, true)
}

/// Like [`format_report`]; with `list_tails` off, the rounding tails are counted in one
/// line instead of listed (a folder of many cases: `check` of one case lists them).
pub fn format_report_with(r: &Report, list_tails: bool) -> String {
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
    // Placeholders left by `init` are listed by line only, under one heading: after a
    // fresh `init` there are dozens, and they all say the same.
    let placeholders = errors.iter().filter(|f| f.rule == PLACEHOLDER_RULE).count();
    let many = placeholders > 3;
    if many {
        out.push_str(&format!(
            "待填写（{placeholders} 处，{} 中仍是“{}”，必须填写后才能生成）：\n",
            crate::case::PROFILE_FILE,
            crate::profile::PLACEHOLDER
        ));
        for f in errors.iter().filter(|f| f.rule == PLACEHOLDER_RULE) {
            out.push_str(&format!("  ✗ {}\n", f.place));
        }
    }
    let errors: Vec<&Finding> = errors
        .into_iter()
        .filter(|f| !many || f.rule != PLACEHOLDER_RULE)
        .collect();
    let mut group = |title: &str, note: &str, mark: &str, items: &[&Finding]| {
        if !items.is_empty() {
            out.push_str(&format!("{title}（{} 项，{note}）：\n", items.len()));
            for f in items {
                out.push_str(&format!("  {mark} {f}\n"));
            }
        }
    };
    group("错误", "必须修正后才能生成", "✗", &errors);
    // Rounding tails come last, apart: a clerk reads what needs a look first.
    let (tails, others): (Vec<&Finding>, Vec<&Finding>) =
        warnings.into_iter().partition(|f| f.is_rounding_tail());
    group("提示", "请核实", "·", &others);
    // While the profile is mostly unfilled, the tails wait (they only need a look at the end).
    if list_tails && !many {
        group("取整尾差", "万元取整所致，核实无误即可发布", "·", &tails);
    } else if !tails.is_empty() {
        let note = if many {
            "填完待填写的内容后逐项列出"
        } else {
            "单独核对此案例时逐项列出"
        };
        out.push_str(&format!(
            "取整尾差 {} 项（万元取整所致；{note}）\n",
            tails.len()
        ));
    }
    if r.findings.is_empty() {
        out.push_str("核对通过：没有发现问题。\n");
    } else if r.errors() == 0 {
        out.push_str("没有错误。\n");
    }
    out
}

/// All checks of a case.
pub fn check_case(case: &crate::case::Case) -> Report {
    // What `generate` refuses to typeset, `check` says first — and alone: tables of tens
    // of thousands of rows (a botched export) are not worth comparing row by row, and
    // some comparisons grow with the square of the rows.
    if let Some(why) = case.too_long_to_typeset() {
        let mut r = Report::default();
        r.push(
            Severity::Error,
            "R-篇幅",
            "案例",
            "篇幅".into(),
            "可排版的篇幅".into(),
            "过长".into(),
            why,
        );
        return r;
    }
    let mut r = check_tables(&case.gongkai);
    check_profile(case, &mut r);
    // A finding about a key the profile sets names its line, as placeholders do.
    for f in r.findings.iter_mut() {
        if f.table != crate::case::PROFILE_FILE || f.place.contains("（第") {
            continue;
        }
        let path = f.place.split('（').next().unwrap_or_default().trim();
        if let Some(line) = case.profile.line_of(path) {
            f.place = format!("{}（第{line}行）", f.place);
        }
    }
    r.sorted()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::RoundingStrategy;

    fn round2(d: Decimal) -> Decimal {
        d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
    }

    /// Exact amounts in 元 (4 places of 万元), rounded one by one and as a sum, never
    /// differ by more than the allowance: at most ⌊n / 2⌋ cents, and that is reached.
    #[test]
    fn rounding_tail_covers_every_independent_rounding() {
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for n in 1..=8usize {
            let mut widest = Decimal::ZERO;
            for _ in 0..20_000 {
                // Amounts near a half cent are where the tail comes from.
                let exact: Vec<Decimal> = (0..n)
                    .map(|_| Decimal::new((next() % 2_000_000) as i64 - 500_000, 4))
                    .collect();
                let shown: Decimal = exact.iter().copied().map(round2).sum();
                let total = round2(exact.iter().sum());
                let gap = (shown - total).abs();
                assert!(
                    gap <= rounding_tail(n) || n == 1 && gap.is_zero(),
                    "n={n} {exact:?}"
                );
                assert!(gap <= yuan_rounding_tail(n), "n={n} {exact:?}");
                widest = widest.max(gap);
            }
            // 0.0049 × n: every addend rounds to 0, the sum to ⌊n / 2⌋ cents or so.
            let edge: Vec<Decimal> = vec![Decimal::new(49, 4); n];
            let gap = (round2(edge.iter().sum()) - Decimal::ZERO).abs();
            widest = widest.max(gap);
            assert_eq!(widest, yuan_rounding_tail(n), "n={n}");
            assert!(widest <= rounding_tail(n));
        }
    }
}
