//! Reasons that say the opposite of their figure: `人员减少，缴费下降` under a 类 that grew,
//! `办公经费增加` under 机关运行经费 that stayed where it was. A clerk who keeps last year's
//! text beside this year's figures publishes exactly this; the check points at it.
//!
//! The words are read plainly: a reason that only speaks of rising (增加, 提高, 新增…)
//! under a figure that fell, or only of falling (减少, 压减, 节约…) under one that rose, or
//! of either under one that did not move. A reason naming both directions (人员增加，
//! 公用经费压减) is taken as explaining a net change and is left alone.

use super::{Report, Severity};
use crate::derive::{Amt, Change, Narrative};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Way {
    Up,
    Down,
    Level,
}

impl Way {
    fn of_change(c: &Change) -> Option<Way> {
        match c.direction.as_str() {
            "增加" => Some(Way::Up),
            "减少" => Some(Way::Down),
            "持平" => Some(Way::Level),
            _ => None,
        }
    }

    /// 决算 against 年初预算.
    fn of_budget(actual: &Amt, budget: &Amt) -> Way {
        match actual.value.cmp(&budget.value) {
            std::cmp::Ordering::Greater => Way::Up,
            std::cmp::Ordering::Less => Way::Down,
            std::cmp::Ordering::Equal => Way::Level,
        }
    }
}

const UP_WORDS: &[&str] = &[
    "增加", "增长", "增多", "上升", "提高", "新增", "上涨", "扩大", "追加", "加大", "增设",
];
const DOWN_WORDS: &[&str] = &[
    "减少", "下降", "降低", "压减", "压缩", "缩减", "削减", "节约", "节省", "减半", "下调",
];
/// `未增加`, `没有减少`: the word is denied, not said.
const DENIALS: &[&str] = &["未", "没有", "不再", "不", "无"];

/// Whether a word of the list occurs in the text other than denied.
fn says(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| {
        text.match_indices(w).any(|(i, _)| {
            let before = &text[..i];
            !DENIALS.iter().any(|d| before.ends_with(d))
        })
    })
}

/// The one direction a reason speaks of, if it speaks of exactly one.
fn stated(reason: &str) -> Option<Way> {
    match (says(reason, UP_WORDS), says(reason, DOWN_WORDS)) {
        (true, false) => Some(Way::Up),
        (false, true) => Some(Way::Down),
        _ => None,
    }
}

/// What the figure did, in words for the finding: `增加 2.09 万元`, `与上年持平`.
fn describe(c: &Change) -> String {
    match c.direction.as_str() {
        "持平" => "与上年持平".into(),
        d => format!("较上年{d} {} 万元", c.amount.text),
    }
}

/// One reason against what it explains: the change against last year and, where the
/// same text also explains 决算 against 年初预算, that too. The reason contradicts only
/// if it contradicts everything it may be explaining.
fn check_one(
    r: &mut Report,
    place: String,
    reason: Option<&str>,
    change: Option<&Change>,
    budget: Option<Way>,
) {
    let Some(reason) = reason.map(str::trim).filter(|t| !t.is_empty()) else {
        return;
    };
    if reason.contains(crate::profile::PLACEHOLDER) {
        return;
    }
    let Some(said) = stated(reason) else {
        return;
    };
    let ways: Vec<Way> = change
        .and_then(Way::of_change)
        .into_iter()
        .chain(budget)
        .collect();
    if ways.is_empty() || ways.contains(&said) {
        return;
    }
    let Some(change) = change.filter(|c| Way::of_change(c).is_some()) else {
        return;
    };
    let word = if said == Way::Up { "增加" } else { "减少" };
    r.push(
        Severity::Warning,
        "P-原因矛盾",
        crate::case::PROFILE_FILE,
        place,
        format!("与“{}”相符的原因", describe(change)),
        format!("“{reason}”"),
        if Way::of_change(change) == Some(Way::Level) {
            format!("数字与上年持平，原因却说{word}；是否沿用了往年或别处的说明？请核实")
        } else {
            format!("原因只说{word}，与数字的变化方向不符；是否沿用了往年或别处的说明？请核实")
        },
    );
}

/// Every reason of the 情况说明 against its figure.
///
/// The default style prints a 科目's or a 三公 item's reason after its change against
/// last year, and after its gap to the budget only when there is no change to explain
/// (持平, no prior figure): a reason that fits only the budget gap then contradicts the
/// sentence it ends. Shanghai's wording may take it for either.
pub fn contradicting_reasons(n: &Narrative, per_item: bool, shanghai: bool, r: &mut Report) {
    let budget_way = |change: &Change, way: Way| {
        let explains_change =
            !shanghai && matches!(Way::of_change(change), Some(Way::Up | Way::Down));
        (!explains_change).then_some(way)
    };
    check_one(
        r,
        "原因.收入支出总计".into(),
        n.s1_totals.reason.as_deref(),
        Some(&n.s1_totals.income_change),
        None,
    );
    check_one(
        r,
        "原因.财政拨款收支总计".into(),
        n.s4_fiscal.reason.as_deref(),
        Some(&n.s4_fiscal.income_change),
        None,
    );
    check_one(
        r,
        "原因.机关运行经费".into(),
        n.s10_running.reason.as_deref(),
        Some(&n.s10_running.change),
        None,
    );
    let details = if per_item {
        &n.s5_general.details_by_item
    } else {
        &n.s5_general.details
    };
    for d in details {
        check_one(
            r,
            format!("原因.按科目.\"{}\"（{}）", d.code, d.name),
            d.reason.as_deref(),
            Some(&d.change),
            d.budget
                .as_ref()
                .and_then(|b| budget_way(&d.change, Way::of_budget(&d.actual, b))),
        );
    }
    for item in &n.s9_sangong.items {
        // An item with no money at all is described as such; its reason is not a change.
        if item.actual.value.is_zero() && item.budget.value.is_zero() {
            continue;
        }
        check_one(
            r,
            format!("原因.三公经费.{}", item.name),
            item.reason.as_deref(),
            Some(&item.change),
            budget_way(&item.change, Way::of_budget(&item.actual, &item.budget)),
        );
    }
    // The two 决算-against-预算 reasons have no change of their own.
    for (place, reason, actual, budget) in [
        (
            "原因.一般公共预算财政拨款支出决算与预算",
            n.s5_general.budget_reason.as_deref(),
            &n.s5_general.total,
            n.s5_general.budget.as_ref(),
        ),
        (
            "原因.三公经费决算与预算",
            n.s9_sangong.budget_reason.as_deref(),
            &n.s9_sangong.actual,
            Some(&n.s9_sangong.budget),
        ),
    ] {
        let (Some(reason), Some(budget)) = (reason, budget) else {
            continue;
        };
        let way = Way::of_budget(actual, budget);
        let said = stated(reason);
        if way != Way::Level && said.is_some_and(|s| s != way) {
            let (rel, word) = if way == Way::Up {
                ("大于", "减少")
            } else {
                ("小于", "增加")
            };
            r.push(
                Severity::Warning,
                "P-原因矛盾",
                crate::case::PROFILE_FILE,
                place.into(),
                format!(
                    "决算数 {} 万元{rel}年初预算数 {} 万元的原因",
                    actual.text, budget.text
                ),
                format!("“{}”", reason.trim()),
                format!("原因只说{word}，与决算{rel}预算不符；请核实"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_speaks_of_one_direction_or_none() {
        assert_eq!(stated("人员减少，缴费下降"), Some(Way::Down));
        assert_eq!(
            stated("主题教育办公室办公设施设备购置经费增加"),
            Some(Way::Up)
        );
        assert_eq!(stated("人员增加，公用经费压减"), None);
        assert_eq!(stated("人员变动"), None);
        // A denied word is not said.
        assert_eq!(stated("严格控制支出，未增加新的项目"), None);
        assert_eq!(stated("办公经费压减，未增加新的项目"), Some(Way::Down));
    }
}
