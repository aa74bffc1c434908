//! The clerk's profile, and the 绩效 workbook, against the tables.

use rust_decimal::Decimal;
use std::collections::BTreeMap;

use super::tables::same_department;
use super::{Report, Severity};

/// The profile against the tables, and texts the narrative needs.
pub fn check_profile(case: &crate::case::Case, r: &mut Report) {
    let p = &case.profile;
    let g = &case.gongkai;
    let lines: Vec<&str> = p.source.lines().collect();
    for (key, line) in p
        .placeholders_located()
        .into_iter()
        .zip(p.placeholder_lines.iter().chain(std::iter::repeat(&None)))
    {
        // What the line holds: init's mark, or a stand-in a clerk typed (`待填写`, `XXX`).
        let written = line
            .and_then(|l| lines.get(l.wrapping_sub(1)))
            .map(|l| {
                l.split_once('=')
                    .map_or(*l, |(_, v)| v)
                    .trim()
                    .trim_end_matches(',')
            })
            .filter(|v| !v.contains(crate::profile::PLACEHOLDER));
        let (found, note) = match written {
            Some(v) => (
                crate::files::shown(v, 60),
                "这是占位的文字，不是实际内容：请填写实际的原因、用途或数字".to_string(),
            ),
            None => (
                crate::profile::PLACEHOLDER.to_string(),
                format!(
                    "仍含占位符，请填写，并删去“{}”标记本身",
                    crate::profile::PLACEHOLDER
                ),
            ),
        };
        r.push(
            Severity::Error,
            super::PLACEHOLDER_RULE,
            crate::case::PROFILE_FILE,
            key,
            "已填写的内容".into(),
            found,
            note,
        );
    }
    // An amount with more than two decimals (`"1,367.525"`) is rounded to the cent as it
    // is read: said, since the clerk may have typed a digit too many.
    for (path, text) in &p.over_two_decimals {
        let rounded = crate::amount::parse_amount_text_with_unit(text)
            .map_or(String::new(), |(v, _)| crate::amount::cents(v).to_string());
        r.push(
            Severity::Warning,
            "P-小数",
            crate::case::PROFILE_FILE,
            path.clone(),
            "两位小数的金额（万元）".into(),
            text.clone(),
            format!("已四舍五入为 {rounded}；若多打了一位数字，请改正"),
        );
    }
    // 第一部分 cannot be left empty.
    for (key, empty) in [
        (
            "部门概况.职责",
            p.overview.duties.iter().all(|t| t.trim().is_empty()),
        ),
        (
            "部门概况.机构设置",
            p.overview.organization.iter().all(|t| t.trim().is_empty())
                && p.overview.units.is_empty(),
        ),
    ] {
        if empty {
            r.push(
                Severity::Error,
                "P-缺项",
                crate::case::PROFILE_FILE,
                key.into(),
                "部门概况的内容".into(),
                "未填写".into(),
                "第一部分部门概况中这一节将是空的".into(),
            );
        }
    }
    // An item left empty (its placeholder deleted, the quotes kept) prints a heading
    // with nothing under it.
    for (key, items) in [
        ("部门概况.职责", &p.overview.duties),
        ("部门概况.机构设置", &p.overview.organization),
    ] {
        for (i, item) in items.iter().enumerate() {
            if item.trim().is_empty() && items.iter().any(|t| !t.trim().is_empty()) {
                r.push(
                    Severity::Error,
                    "P-缺项",
                    crate::case::PROFILE_FILE,
                    format!("{key}[{}]", i + 1),
                    "这一项的内容".into(),
                    "空白".into(),
                    "部门概况中将印出一个空的条目：请填写，或删去这一项".into(),
                );
            }
        }
    }
    // The 类 (three-digit codes) of a by-code table of the profile.
    let classes_of = |by_code: &std::collections::BTreeMap<String, crate::profile::Money>| {
        by_code
            .iter()
            .filter(|(k, _)| k.len() == 3)
            .map(|(_, v)| v.0)
            .collect::<Vec<Decimal>>()
    };
    // 年初预算 by 科目 may also give the 政府性基金 and 国有资本经营 科目 (the Shanghai
    // style tells their completion too): a code only 07 or 08 has is not part of the
    // 一般公共预算 total, nor of a 一般公共预算 类 above it.
    let has = |t: &crate::model::CodeTable, k: &str| t.rows.iter().any(|r| r.code == k);
    let fund_only = |k: &str| !has(&g.t05, k) && (has(&g.t07, k) || has(&g.t08, k));
    let (fund_budget, general_budget): (BTreeMap<_, _>, BTreeMap<_, _>) = p
        .budget
        .by_code
        .iter()
        .map(|(k, v)| (k.clone(), *v))
        .partition(|(k, _)| fund_only(k));
    if let Some(total) = p.budget.general {
        // Each 类 as given, or, where only its 款 or 项 are given, as their sum: budgets
        // given per 项 with one 类 written out (`"212" = 0`) still add up to the total.
        let by_code = &general_budget;
        let given_classes = by_code.keys().any(|k| k.len() == 3);
        let given = |k: Option<&str>| k.is_some_and(|k| by_code.contains_key(k));
        let counted = |k: &str| match k.len() {
            3 => true,
            5 => !given(k.get(..3)),
            7 => !given(k.get(..3)) && !given(k.get(..5)),
            _ => false,
        };
        let classes: Vec<Decimal> = if given_classes {
            by_code
                .iter()
                .filter(|(k, _)| counted(k))
                .map(|(_, v)| v.0)
                .collect()
        } else {
            Vec::new()
        };
        // Where the parts are, as the total's line is named: one of them may be the typo.
        let lines: Vec<usize> = by_code
            .keys()
            .filter(|k| given_classes && counted(k))
            .filter_map(|k| p.line_of(&format!("年初预算.按科目.{k}")))
            .collect();
        let parts = match (lines.iter().min(), lines.iter().max()) {
            (Some(a), Some(b)) if a != b => format!("与按科目（类）之和（第{a}～{b}行）"),
            (Some(a), _) => format!("与按科目（类）之和（第{a}行）"),
            _ => "与按科目（类）之和".to_string(),
        };
        if !classes.is_empty() {
            r.sum(
                "P-年初预算",
                crate::case::PROFILE_FILE,
                "年初预算.一般公共预算财政拨款支出".into(),
                &classes,
                total.0,
                &parts,
            );
        }
    }
    budget_tree(&general_budget, "年初预算.按科目", &|_| false, r);
    budget_tree(&fund_budget, "年初预算.按科目", &|_| false, r);
    // A 科目 whose 上年 figure differs from last year's workbook is said as that conflict,
    // not again as not adding up to the workbook's figures under it.
    let prior_key = "上年.一般公共预算财政拨款支出按科目";
    let conflicted = |code: &str| {
        let key = format!("{prior_key}.{code}");
        case.prior_conflicts.iter().any(|c| c.0 == key)
    };
    budget_tree(&p.prior.general_by_code, prior_key, &conflicted, r);
    if let Some(total) = p.prior.general {
        let classes = classes_of(&p.prior.general_by_code);
        if !classes.is_empty() {
            parts_within("上年.一般公共预算财政拨款支出".into(), total.0, &classes, r);
        }
    }
    prior_totals(p, r);
    for code in p
        .budget
        .by_code
        .keys()
        .chain(p.prior.general_by_code.keys())
    {
        // 05 and the fund tables 07 and 08: their 项 are told with their 年初预算 too.
        let budgeted = [&g.t05, &g.t07, &g.t08]
            .iter()
            .any(|t| t.row(code).is_some());
        if !budgeted && !p.prior.general_by_code.contains_key(code) {
            r.push(
                Severity::Warning,
                "P-科目",
                crate::case::PROFILE_FILE,
                format!("科目 {code}"),
                "公开05表（或07、08表）中存在的科目代码".into(),
                "公开05、07、08表中都没有".into(),
                "该科目的年初预算不会出现在说明中".into(),
            );
        }
    }
    // A reason or a use under a code no table has is never printed: a mistyped code
    // (`212` for `221`) would silently drop it.
    let in_tables = |code: &str| {
        [&g.t02, &g.t03, &g.t05, &g.t07, &g.t08]
            .iter()
            .any(|t| t.row(code).is_some())
    };
    // A 科目 with money last year and none this year is told (its spending stopped), with
    // its reason.
    let stopped = |code: &str| {
        p.prior
            .general_by_code
            .get(code)
            .is_some_and(|m| !m.0.is_zero())
    };
    for (section, texts) in [("原因", &p.reasons), ("用途", &p.uses)] {
        for code in texts.by_code.keys() {
            if !in_tables(code) && !stopped(code) {
                // A space or an invisible character (pasted from a web page) around the
                // digits: the code looks right and still matches nothing.
                let digits: String = code.chars().filter(char::is_ascii_digit).collect();
                let found = if digits != *code && in_tables(&digits) {
                    format!(
                        "“{}”中除数字 {digits} 外还有空格或看不见的字符",
                        code.escape_debug()
                    )
                } else {
                    format!("各表都没有科目 {code}")
                };
                r.push(
                    Severity::Error,
                    "P-科目",
                    crate::case::PROFILE_FILE,
                    format!("{section}.按科目.\"{}\"", code.escape_debug()),
                    "公开表中存在的科目代码".into(),
                    found,
                    format!("这段{section}不会出现在文档中；科目代码写错了？"),
                );
            }
        }
    }
    // The 情况说明 tells 一般公共预算 spending per 类 or per 项 (设置.toml [情况说明]
    // 细化到): a reason or a use given at another level is never printed.
    let per_item = case.narrative_per_item();
    for (section, texts) in [("原因", &p.reasons), ("用途", &p.uses)] {
        for code in texts.by_code.keys() {
            let printed = if per_item {
                code.len() == 7
            } else {
                code.len() == 3
            };
            if printed || !code.chars().all(|c| c.is_ascii_digit()) || !in_tables(code) {
                continue;
            }
            let instead = if per_item {
                let items: Vec<String> = g
                    .t05
                    .rows
                    .iter()
                    .filter(|row| row.code.len() == 7 && row.code.starts_with(code.as_str()))
                    .map(|row| format!("\"{}\"", row.code))
                    .take(3)
                    .collect();
                if items.is_empty() {
                    "写在项级科目（7 位代码）下".to_string()
                } else {
                    format!("写在其下的项级科目下，如 {}", items.join("、"))
                }
            } else {
                format!("写在类级科目 \"{}\" 下", &code[..3.min(code.len())])
            };
            r.push(
                Severity::Warning,
                "P-科目",
                crate::case::PROFILE_FILE,
                format!("{section}.按科目.\"{code}\""),
                if per_item {
                    "项级科目（7 位代码）"
                } else {
                    "类级科目（3 位代码）"
                }
                .into(),
                format!("{} 位代码的科目", code.len()),
                format!(
                    "本版式的情况说明按{}说明（{}），这段{section}不会出现在文档中；请{instead}",
                    if per_item { "项" } else { "类" },
                    // The Shanghai style always goes by 项: its setting does not apply.
                    if case.settings.style.as_deref() == Some("shanghai") {
                        "上海版式固定按项"
                    } else {
                        "设置.toml [情况说明] 细化到"
                    }
                ),
            );
        }
    }
    // Named by its code only when last year's workbook is not in the case.
    for (code, m) in &p.prior.general_by_code {
        if !m.0.is_zero() && !in_tables(code) && !p.prior.names_by_code.contains_key(code) {
            r.push(
                Severity::Warning,
                "P-科目",
                crate::case::PROFILE_FILE,
                format!("上年.一般公共预算财政拨款支出按科目.\"{}\"", code.escape_debug()),
                "本年公开表中有的科目，或上年公开表（以取得科目名称）".into(),
                format!("上年 {} 万元，本年各表都没有科目 {code}", m.0),
                format!("情况说明将写这项支出本年减少为 0，但只能称它为“科目{code}”；请把上年的公开表放进案例文件夹（文件名含“上年”），或核对科目代码"),
            );
        }
    }
    // Every change, every 决算 that differs from its 年初预算 and every 三公 item needs
    // its reason. Without a prior figure there is no change to explain.
    let n = &case.narrative();
    // `无` typed as the reason is not printed (`主要原因是无。`): said as what it is.
    let typed = |place: &str| -> Option<&String> {
        let reasons = &case.profile.reasons;
        let key = place.split('（').next().unwrap_or(place);
        match key {
            "原因.收入支出总计" => reasons.totals.as_ref(),
            "原因.财政拨款收支总计" => reasons.fiscal_totals.as_ref(),
            "原因.机关运行经费" => reasons.running_costs.as_ref(),
            _ => match key.strip_prefix("原因.三公经费.") {
                Some(item) => reasons.sangong.get(item),
                None => key
                    .strip_prefix("原因.按科目.")
                    .and_then(|code| reasons.by_code.get(code.trim_matches('"'))),
            },
        }
        .filter(|t| crate::derive::says_nothing(t))
    };
    let mut need = |ok: bool, place: &str, why: &str| {
        if !ok {
            let (found, why) = match typed(place) {
                Some(t) if why.contains("“无”") => (format!("“{}”", t.trim()), why.into()),
                Some(t) => (
                    format!("“{}”", t.trim()),
                    format!("{why}；填的“{}”不会印出，请写明原因", t.trim()),
                ),
                None => ("未填写".into(), why.into()),
            };
            r.push(
                Severity::Warning,
                "P-原因",
                crate::case::PROFILE_FILE,
                place.into(),
                "原因说明".into(),
                found,
                why,
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
    let per_item = case.narrative_per_item();
    let shanghai = case.settings.style.as_deref() == Some("shanghai");
    let details = if per_item {
        &n.s5_general.details_by_item
    } else {
        &n.s5_general.details
    };
    let mut idle: Vec<(String, bool)> = Vec::new();
    for d in details {
        let place = format!("原因.按科目.\"{}\"（{}）", d.code, d.name);
        let changed = !unchanged(&d.change);
        let off_budget = d.budget.as_ref().is_some_and(|b| b.value != d.actual.value);
        let why = match (changed, off_budget) {
            (true, true) => "与上年相比有变化、决算数也与年初预算数不同，却没有说明原因",
            (true, false) => CHANGED,
            _ => "决算数与年初预算数不同却没有说明原因",
        };
        // Shanghai's per-项 text explains 决算 against 预算 only: a change against last
        // year asks for no reason there, and a reason is printed only beside a budget gap.
        let explains = off_budget || (changed && !shanghai);
        need(!explains || d.reason.is_some(), &place, why);
        // A reason with nothing to explain is not printed: said (below), so that the
        // clerk's text is not dropped unseen.
        if d.reason.is_some() && !explains {
            idle.push((place, d.budget.is_none()));
        }
    }
    // Styles that discuss the two vehicle items together take one reason for both.
    let vehicles_together = case
        .profile
        .reasons
        .sangong
        .contains_key("公务用车购置及运行维护费");
    for item in &n.s9_sangong.items {
        let nothing = item.is_idle();
        // `无` given for an item that moved is no reason (and is not printed).
        let why = match case.profile.reasons.sangong.get(&item.name) {
            Some(t) if crate::derive::says_nothing(t) => {
                "填的是“无”：这项经费有支出或与上年不同，请写明原因"
            }
            _ => "每项“三公”经费都应说明情况",
        };
        need(
            nothing
                || item.reason.is_some()
                || (vehicles_together && item.name.starts_with("公务用车")),
            &format!("原因.三公经费.{}", item.name),
            why,
        );
    }
    for (place, no_budget) in idle {
        let (expected, note) = match (shanghai, no_budget) {
            (true, true) => (
                "无需说明原因（没有年初预算数）",
                "本版式按项说明决算数与年初预算数的差异；没有年初预算数，这条原因不会印出",
            ),
            (true, false) => (
                "无需说明原因（决算数与预算数相同）",
                "决算数与预算数相同，这条原因不会印出",
            ),
            _ => (
                "无需说明原因（没有变化）",
                "与上年持平（或无上年数）且决算数与年初预算数相同，这条原因不会印出",
            ),
        };
        r.push(
            Severity::Warning,
            "P-原因",
            crate::case::PROFILE_FILE,
            place,
            expected.into(),
            "填写了原因".into(),
            note.into(),
        );
    }
    if shanghai {
        shanghai_texts(n, r);
    }
    // Each paragraph of a 类 (or 项) with money says what it was spent on.
    for d in details.iter().filter(|d| !d.actual.value.is_zero()) {
        if d.uses.is_none() {
            let place = format!("用途.按科目.\"{}\"（{}）", d.code, d.name);
            let found = match p.uses.by_code.get(&d.code) {
                Some(t) => format!("“{}”", t.trim()),
                None => "未填写".into(),
            };
            r.push(
                Severity::Warning,
                "P-用途",
                crate::case::PROFILE_FILE,
                place,
                "用途说明".into(),
                found,
                "这项支出有决算数，说明中这一段应写明“主要用于…”；未填（或填“无”）时这一句不写"
                    .into(),
            );
        }
    }
    missing_figures(n, details, per_item, r);
    sangong_counts(n, r);
    reception_parts(case, r);
    // Shanghai's 十 states the evaluated projects' budget alone, with no parts under it.
    if case.settings.style.as_deref() != Some("shanghai") {
        performance_funds(p, n, r);
    }
    check_statistics_in_profile(case, n, r);
    // A figure typed with a digit too many or too few (`72.80` for `7.28`) still makes a
    // sentence: a change of more than five times either way is pointed out.
    // A thousand times more is no typo but an amount in 元 (`72800` for 7.28 万元): an
    // error, which would otherwise print `下降99.99%`.
    let mut far = |place: String, what: &str, current: Decimal, other: Decimal| {
        let (hi, lo) = (current.max(other), current.min(other));
        if lo > Decimal::ZERO && hi >= Decimal::ONE && hi >= lo * Decimal::from(5) {
            let times = (hi / lo).floor();
            let in_yuan = other > current && times >= Decimal::from(1000);
            r.push(
                if in_yuan {
                    Severity::Error
                } else {
                    Severity::Warning
                },
                "P-数量级",
                crate::case::PROFILE_FILE,
                place,
                format!("与本年决算 {current} 相近的数"),
                other.to_string(),
                if in_yuan {
                    format!(
                        "{what}是本年决算的 {times} 倍，像是按元填写的：本文件的金额以万元为单位，{other} 元应写作 {}",
                        crate::amount::cents(other / Decimal::from(10_000))
                    )
                } else {
                    format!("{what}与本年决算相差 {times} 倍以上，是否多打或少打了一位？")
                },
            );
        }
    };
    let before = |c: &crate::derive::Change| c.prior.as_ref().map(|p| p.value);
    let totals = [
        (
            "上年.收入总计",
            &n.s1_totals.income_total,
            &n.s1_totals.income_change,
        ),
        (
            "上年.财政拨款收入总计",
            &n.s4_fiscal.income_total,
            &n.s4_fiscal.income_change,
        ),
        (
            "上年.一般公共预算财政拨款支出",
            &n.s5_general.total,
            &n.s5_general.change,
        ),
        (
            "上年.机关运行经费",
            &n.s10_running.amount,
            &n.s10_running.change,
        ),
    ];
    for (key, now, change) in totals {
        if let Some(prior) = before(change) {
            far(key.into(), "上年数", now.value, prior);
        }
    }
    for d in &n.s5_general.details {
        if let Some(prior) = before(&d.change) {
            far(
                format!("上年.一般公共预算财政拨款支出按科目.\"{}\"", d.code),
                "上年数",
                d.actual.value,
                prior,
            );
        }
        if let Some(b) = &d.budget {
            far(
                format!("年初预算.按科目.\"{}\"", d.code),
                "年初预算数",
                d.actual.value,
                b.value,
            );
        }
    }
    // A reason saying there was no such spending beside money spent (last year's text
    // kept): `本单位无公务接待支出` under 1.50 万元.
    for item in &n.s9_sangong.items {
        let Some(reason) = item.reason.as_deref() else {
            continue;
        };
        let says_none = ["本单位无", "无此项", "没有", "未发生", "无公务", "无因公"]
            .iter()
            .any(|w| reason.contains(w))
            || reason.trim_start().starts_with('无');
        if says_none && !item.actual.value.is_zero() {
            r.push(
                Severity::Warning,
                "P-原因矛盾",
                crate::case::PROFILE_FILE,
                format!("原因.三公经费.{}", item.name),
                format!("与本年支出 {} 万元相符的原因", item.actual.text),
                format!("“{reason}”"),
                "原因说没有这项支出，表中却有支出；是否沿用了往年的说明？".into(),
            );
        }
    }
    // A 三公 item's reason about another item (reference error 4: `本单位无因公出国（境）
    // 支出` pasted under 公务接待费): it would be printed as this item's reason.
    for item in &n.s9_sangong.items {
        let Some(reason) = item.reason.as_deref() else {
            continue;
        };
        let subject = |name: &str| {
            SANGONG_SUBJECTS
                .iter()
                .find(|(_, words)| words.iter().any(|w| name.contains(w)))
                .map(|(s, _)| *s)
        };
        let Some(own) = subject(&item.name) else {
            continue;
        };
        let named: Vec<&str> = SANGONG_SUBJECTS
            .iter()
            .filter(|(_, words)| words.iter().any(|w| reason.contains(w)))
            .map(|(s, _)| *s)
            .collect();
        if let Some(other) = named.iter().find(|s| **s != own) {
            if !named.contains(&own) {
                r.push(
                    Severity::Error,
                    "P-原因矛盾",
                    crate::case::PROFILE_FILE,
                    format!("原因.三公经费.{}", item.name),
                    format!("说明{}本身的原因", item.name),
                    format!("“{reason}”"),
                    format!("这条原因说的是{other}，不是本项；是否从别的项目复制来的？"),
                );
            }
        }
    }
    super::reasons::contradicting_reasons(n, per_item, shanghai, r);
    if shanghai {
        shanghai_procurement(&p.procurement, r);
    }
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
        // Items without any money may well share a text that names none of them
        // (`本单位无此项支出`); one naming an item (`本单位无因公出国（境）支出`) is a copy.
        let generic = !SANGONG_SUBJECTS
            .iter()
            .any(|(_, words)| words.iter().any(|w| reason.contains(w)));
        if let Some(first) = sangong[..i]
            .iter()
            .filter(|o| !(generic && o.is_idle() && item.is_idle()))
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
    if let Some(first) = case.prior_placeholders.first() {
        r.push(
            Severity::Warning,
            "P-上年",
            crate::case::PROFILE_FILE,
            if case.prior_placeholders.len() == 1 {
                first.clone()
            } else {
                format!("{} 等 {} 处", first, case.prior_placeholders.len())
            },
            "上年数由上年公开表给出，不必填写".into(),
            crate::profile::PLACEHOLDER.into(),
            format!(
                "已按上年公开表取数；可删去部门信息.toml [\"上年\"] 中仍是占位符的这些行：{}",
                case.prior_placeholders.join("、")
            ),
        );
    }
    for (key, given, read, cell) in &case.prior_conflicts {
        let book = case
            .prior_book
            .as_ref()
            .map_or("上年公开表", |b| b.file.as_str());
        r.push(
            Severity::Error,
            "P-上年",
            crate::case::PROFILE_FILE,
            key.clone(),
            if cell.is_empty() {
                format!("{read}（{book}）")
            } else {
                format!("{read}（{book} {cell}）")
            },
            given.to_string(),
            "部门信息与上年公开表不一致".into(),
        );
    }
    for m in &case.jixiao_mismatches {
        r.push(
            if m.warning {
                Severity::Warning
            } else {
                Severity::Error
            },
            "J-绩效自评",
            &format!("绩效自评表“{}”", m.project),
            m.cell.clone(),
            m.expected.clone(),
            m.found.clone(),
            format!("{}：{}", m.what, m.note),
        );
    }
    for (sheet, why) in &case.jixiao_skipped {
        r.push(
            Severity::Warning,
            "J-工作表",
            "绩效自评表",
            format!("工作表“{sheet}”"),
            "一个可见的项目自评表（含“项目名称”）".into(),
            why.to_string(),
            "此工作表未读入附件，请核实".into(),
        );
    }
    // Rows hidden in Excel are read and printed, though the clerk never saw them.
    for pj in &case.projects {
        for row in &pj.hidden_rows {
            let (cell, text) = row.split_once('：').unwrap_or((row, ""));
            r.push(
                Severity::Warning,
                "J-隐藏行",
                &format!("绩效自评表“{}”", pj.name),
                cell.to_string(),
                "可见的行".into(),
                format!("隐藏的行（{text}）"),
                "隐藏的行已照常读入并将印在附件中，请核实".into(),
            );
        }
    }
    // The indicators' 分值 and the 10 (or as the form weighs it) of 预算执行 make 100: a total over 100 (or short of
    // it) means a 分值 typed wrong, and the grade is read from that total.
    for pj in &case.projects {
        let points: Decimal =
            pj.indicators.iter().map(|i| i.max).sum::<Decimal>() + pj.execution_points;
        // A 分值 that is not a number is said at its cell (J-绩效自评): its sum would
        // only repeat it.
        let unreadable = case
            .jixiao_mismatches
            .iter()
            .any(|m| pj.indicators.iter().any(|i| i.max_cell == m.cell));
        if !pj.indicators.is_empty() && points != Decimal::ONE_HUNDRED && !unreadable {
            // Over 100 the 总分 can pass 100 and grade a project 优 on points it cannot
            // have: an error. Short of 100 a form may weigh otherwise: a hint.
            let over = points > Decimal::ONE_HUNDRED;
            r.push(
                if over {
                    Severity::Error
                } else {
                    Severity::Warning
                },
                "J-分值",
                "绩效自评表",
                // The 分值 cells: one of them is the typo.
                match (pj.indicators.first(), pj.indicators.last()) {
                    (Some(a), Some(b)) if !a.max_cell.is_empty() => format!(
                        "工作表“{}”（{}）的分值（{}～{}）",
                        pj.sheet,
                        pj.name,
                        a.max_cell,
                        b.max_cell.rsplit('!').next().unwrap_or_default()
                    ),
                    _ => format!("工作表“{}”（{}）", pj.sheet, pj.name),
                },
                if pj.execution_points.is_zero() {
                    "各指标分值之和共 100 分".into()
                } else {
                    format!(
                        "各指标分值之和加预算执行的 {} 分共 100 分",
                        pj.execution_points.normalize()
                    )
                },
                format!("{} 分", points.normalize()),
                if over {
                    "满分超过 100 分，总分和等级将按错误的分值计算；请改正各指标的分值".into()
                } else {
                    "总分和等级按这些分值计算；请核实各指标的分值".into()
                },
            );
        }
        if pj.indicators.is_empty() {
            r.push(
                Severity::Warning,
                "J-分值",
                "绩效自评表",
                format!("工作表“{}”（{}）", pj.sheet, pj.name),
                "绩效指标（一级、二级、三级指标及分值、得分）".into(),
                "一个也没有读到".into(),
                "附件中这张表将没有指标；请核实表格".into(),
            );
        }
    }
    // The same project twice (a sheet copied) would be attached twice.
    for (i, pj) in case.projects.iter().enumerate() {
        if let Some(first) = case.projects[..i].iter().find(|o| o.name == pj.name) {
            r.push(
                Severity::Error,
                "J-重复",
                "绩效自评表",
                format!("工作表“{}”", pj.sheet),
                "每个项目一张自评表".into(),
                format!("与工作表“{}”是同一项目“{}”", first.sheet, pj.name),
                "同一项目会在附件中出现两次；请删去多余的工作表".into(),
            );
        }
    }
    // A form of another year (last year's workbook left in the case). When every form
    // states the 公开表's year and only the profile says otherwise, P-年度 is the one
    // mistake: not repeated once per form.
    let year = case.year();
    let profile_alone = case.gongkai.year.is_some_and(|read| {
        read != year
            && case
                .projects
                .iter()
                .all(|pj| pj.year.as_ref().is_none_or(|(y, _)| *y == read))
    });
    for pj in case.projects.iter().filter(|_| !profile_alone) {
        if let Some((y, cell)) = &pj.year {
            if *y != year {
                r.push(
                    Severity::Error,
                    "J-年度",
                    &format!("绩效自评表“{}”", pj.name),
                    cell.clone(),
                    format!("{year}年度"),
                    format!("{y}年度"),
                    "自评表的年度与本案例不同，是否放错了工作簿？".into(),
                );
            }
        }
    }
    // A form of another department (its workbook copied into this case): its 主管部门 and
    // 预算单位 both name another body. A unit's own form names its parent as 主管部门,
    // so either matching is enough.
    // Held against the profile's name and the workbook's (P-部门名称 says when those two
    // differ).
    let dept = case.department();
    let ours = [dept.as_str(), case.gongkai.department.as_str()];
    for pj in &case.projects {
        let names = [&pj.department, &pj.unit].map(|n| without_unit_code(n));
        if dept.is_empty() || names.iter().all(|n| n.is_empty()) {
            continue;
        }
        let matches = |n: &str| ours.iter().any(|d| !d.is_empty() && same_department(n, d));
        if !names.iter().any(|n| !n.is_empty() && matches(n)) {
            r.push(
                Severity::Error,
                "J-部门",
                &format!("绩效自评表“{}”", pj.name),
                format!("工作表“{}”的主管部门及预算单位", pj.sheet),
                dept.clone(),
                [&pj.department, &pj.unit]
                    .iter()
                    .filter(|n| !n.is_empty())
                    .map(|n| n.as_str())
                    .collect::<Vec<_>>()
                    .join("，"),
                "自评表的主管部门和预算单位都不是本部门，是否放错了工作簿？".into(),
            );
        }
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

/// What each 三公 item is about, by the words a reason uses for it.
const SANGONG_SUBJECTS: &[(&str, &[&str])] = &[
    ("因公出国（境）", &["出国", "出境", "因公出"]),
    ("公务用车", &["用车", "车辆", "公车"]),
    ("公务接待", &["接待"]),
];

/// `007-中共长治市屯留区委组织部` → the name without its unit code.
fn without_unit_code(s: &str) -> &str {
    let t = s.trim();
    // A code in brackets: `[101001]`, `【101001】`, `（101001）`, `(101001)`.
    for (open, close) in [('[', ']'), ('【', '】'), ('（', '）'), ('(', ')')] {
        if let Some((code, rest)) = t.strip_prefix(open).and_then(|r| r.split_once(close)) {
            if !code.is_empty() && code.chars().all(|c| c.is_ascii_alphanumeric()) {
                return rest.trim();
            }
        }
    }
    let rest = t.trim_start_matches(|c: char| c.is_ascii_digit() || c.is_ascii_alphabetic());
    // One separator after the code (`007-`, `007 `): a name may itself begin with a
    // character that also separates (`.`).
    let mut chars = rest.chars();
    match chars.next() {
        Some(c) if rest.len() < t.len() && "-－—_ 　:：.、".contains(c) => {
            chars.as_str().trim()
        }
        _ => rest.trim(),
    }
}

/// Figures by 科目代码 (年初预算 or 上年): the 项 (and 款) given under a 类 can never add
/// up to more than it; less is only a hint, since a 项 budgeted but not spent has no row
/// in the tables and may have been left out.
fn budget_tree(
    by_code: &std::collections::BTreeMap<String, crate::profile::Money>,
    key: &str,
    skip: &dyn Fn(&str) -> bool,
    r: &mut Report,
) {
    for (parent, value) in by_code.iter().filter(|(k, _)| k.len() < 7 && !skip(k)) {
        let level = |len: usize| -> Vec<Decimal> {
            by_code
                .iter()
                .filter(|(k, _)| k.len() == len && k.starts_with(parent.as_str()))
                .map(|(_, v)| v.0)
                .collect()
        };
        // Under a 类 the 款 when given, else its 项 directly.
        let mut children = level(parent.len() + 2);
        if children.is_empty() && parent.len() == 3 {
            children = level(7);
        }
        if children.is_empty() {
            continue;
        }
        parts_within(format!("{key}.\"{parent}\""), value.0, &children, r);
    }
}

/// 上年 and 年初预算 figures the narrative compares with but the profile (or last year's
/// workbook) does not give: the sentence silently loses its comparison, so say so.
fn missing_figures(
    n: &crate::derive::Narrative,
    details: &[crate::derive::ClassDetail],
    per_item: bool,
    r: &mut Report,
) {
    let no_prior = |c: &crate::derive::Change| c.direction == "无上年数据";
    let mut prior_keys: Vec<String> = Vec::new();
    // A figure of 0 this year without last year's is left alone: a 事业单位 has no
    // 机关运行经费 and often no 三公, and says nothing about them.
    for (c, now, key) in [
        (
            &n.s1_totals.income_change,
            &n.s1_totals.income_total,
            "收入总计",
        ),
        (
            &n.s1_totals.expense_change,
            &n.s1_totals.expense_total,
            "支出总计",
        ),
        (
            &n.s4_fiscal.income_change,
            &n.s4_fiscal.income_total,
            "财政拨款收入总计",
        ),
        (
            &n.s4_fiscal.expense_change,
            &n.s4_fiscal.expense_total,
            "财政拨款支出总计",
        ),
        (
            &n.s5_general.change,
            &n.s5_general.total,
            "一般公共预算财政拨款支出",
        ),
        (&n.s10_running.change, &n.s10_running.amount, "机关运行经费"),
        (&n.s9_sangong.change, &n.s9_sangong.actual, "三公经费.合计"),
    ] {
        if no_prior(c) && !now.value.is_zero() {
            prior_keys.push(format!("上年.{key}"));
        }
    }
    for item in &n.s9_sangong.items {
        if no_prior(&item.change) && !item.actual.value.is_zero() {
            prior_keys.push(format!("上年.三公经费.{}", item.name));
        }
    }
    let with_money = |d: &&crate::derive::ClassDetail| !d.actual.value.is_zero();
    // Per-项 paragraphs compare with the 年初预算 only; per-类 ones also with last year.
    if !per_item {
        for d in details.iter().filter(with_money) {
            if no_prior(&d.change) {
                prior_keys.push(format!(
                    "上年.一般公共预算财政拨款支出按科目.\"{}\"（{}）",
                    d.code, d.name
                ));
            }
        }
    }
    for key in prior_keys {
        r.push(
            Severity::Warning,
            "P-缺项",
            crate::case::PROFILE_FILE,
            key,
            "上年决算数".into(),
            "未填写".into(),
            "说明中将没有与上年的比较；上年没有这项支出请填 0".into(),
        );
    }
    let mut budget_keys: Vec<String> = Vec::new();
    if n.s5_general.budget.is_none() {
        budget_keys.push("年初预算.一般公共预算财政拨款支出".into());
    }
    for d in details.iter().filter(with_money) {
        if d.budget.is_none() {
            budget_keys.push(format!("年初预算.按科目.\"{}\"（{}）", d.code, d.name));
        }
    }
    for key in budget_keys {
        r.push(
            Severity::Warning,
            "P-缺项",
            crate::case::PROFILE_FILE,
            key,
            "年初预算数".into(),
            "未填写".into(),
            "说明中将没有年初预算和完成率；没有年初预算请填 0".into(),
        );
    }
}

/// The Shanghai template's sentences that need the clerk's words: why 决算 differs from
/// 预算 (五（三）and 七（一）), what each 项 and each 三公 item was spent on (主要用于,
/// 开支内容包括). Without them the sentence is left out, which a reader of the template
/// notices: said as hints.
fn shanghai_texts(n: &crate::derive::Narrative, r: &mut Report) {
    let mut hint = |place: String, expected: &str, why: &str| {
        r.push(
            Severity::Warning,
            if expected == "原因说明" {
                "P-原因"
            } else {
                "P-用途"
            },
            crate::case::PROFILE_FILE,
            place,
            expected.into(),
            "未填写".into(),
            why.into(),
        );
    };
    let g = &n.s5_general;
    if g.budget.as_ref().is_some_and(|b| b.value != g.total.value) && g.budget_reason.is_none() {
        hint(
            "原因.一般公共预算财政拨款支出决算与预算".into(),
            "原因说明",
            "决算数与年初预算数不同，上海版式五（三）要写“决算数大于（小于）预算数的主要原因”",
        );
    }
    let sg = &n.s9_sangong;
    if sg.budget.value != sg.actual.value && sg.budget_reason.is_none() {
        hint(
            "原因.三公经费决算与预算".into(),
            "原因说明",
            "“三公”经费决算数与预算数不同，上海版式七（一）要写其主要原因",
        );
    }
    for item in sg.items.iter().filter(|i| !i.actual.value.is_zero()) {
        if item.uses.is_none() {
            hint(
                format!("用途.三公经费.{}", item.name),
                "用途说明",
                "上海版式七（二）写明各项“三公”经费的开支内容或用途，未填时这一句不写",
            );
        }
    }
}

/// The Shanghai 十一（二）prints five 中小企业 figures that no table holds: each one not
/// given would print as a figure nobody supplied.
fn shanghai_procurement(pr: &crate::profile::Procurement, r: &mut Report) {
    for (key, given) in [
        ("面向中小企业预留项目预算金额", pr.sme_reserved.is_some()),
        ("面向小微企业预留项目预算金额", pr.small_reserved.is_some()),
        (
            "预留项目中小企业中标成交金额",
            pr.sme_awarded_reserved.is_some(),
        ),
        (
            "预留项目小微企业中标成交金额",
            pr.small_awarded_reserved.is_some(),
        ),
        (
            "其他项目中小企业中标成交金额",
            pr.sme_awarded_other.is_some(),
        ),
    ] {
        if !given {
            r.push(
                Severity::Error,
                "P-缺项",
                crate::case::PROFILE_FILE,
                format!("政府采购.{key}"),
                "上海版式十一（二）印出的金额（万元；没有的填 0）".into(),
                "未填写".into(),
                "上海版式的政府采购一段逐一写出面向中小企业预留和中标成交的五个金额，表中没有这些数".into(),
            );
        }
    }
}

/// The 三公 counts live only in the profile (`init` writes them as 0): spending with a
/// count of 0, or a count without spending, is almost always a count left unedited.
fn sangong_counts(n: &crate::derive::Narrative, r: &mut Report) {
    let s = &n.s9_sangong;
    let actual = |name: &str| {
        s.items
            .iter()
            .find(|i| i.name == name)
            .map(|i| i.actual.value)
            .unwrap_or_default()
    };
    for (item, counts) in [
        (
            "因公出国（境）费",
            vec![
                ("出国团组数", s.abroad_groups),
                ("出国人次", s.abroad_people),
            ],
        ),
        (
            "公务用车购置费",
            vec![("购置公务用车数", s.vehicles_bought)],
        ),
        (
            "公务接待费",
            vec![
                ("国内公务接待批次", s.reception_batches),
                ("国内公务接待人次", s.reception_people),
            ],
        ),
    ] {
        let spent = actual(item);
        for (key, count) in counts {
            let (expected, note) = match (spent.is_zero(), count) {
                (false, 0) => (
                    "大于 0".to_string(),
                    format!("{item}支出 {spent} 万元，个数却是 0，请核实"),
                ),
                (true, c) if c > 0 => (
                    "0".to_string(),
                    format!("{item}没有支出，个数却是 {c}，请核实"),
                ),
                _ => continue,
            };
            r.push(
                Severity::Warning,
                "P-三公个数",
                crate::case::PROFILE_FILE,
                format!("三公经费.{key}"),
                expected,
                count.to_string(),
                note,
            );
        }
    }
}

/// The parts of 公务接待费 the profile gives: 国内 within the whole (the rest is 国（境）外),
/// 外事 within 国内, in money and in counts.
fn reception_parts(case: &crate::case::Case, r: &mut Report) {
    let sg = &case.profile.sangong;
    let total = case.gongkai.t09.actual.reception;
    let domestic = sg.domestic_reception.map_or(total, |m| m.0);
    let mut over = |key: &str, part: String, whole: String, whole_name: &str| {
        r.push(
            Severity::Error,
            "P-三公个数",
            crate::case::PROFILE_FILE,
            format!("三公经费.{key}"),
            format!("不超过{whole_name} {whole}"),
            part,
            "部分不能大于整体".into(),
        );
    };
    if domestic > total {
        over(
            "国内公务接待费",
            domestic.to_string(),
            total.to_string(),
            "公开09表公务接待费决算数",
        );
    }
    if let Some(foreign) = sg.foreign_reception {
        if foreign.0 > domestic {
            over(
                "外事接待费",
                foreign.0.to_string(),
                domestic.to_string(),
                "国内公务接待费",
            );
        }
    }
    for (key, part, whole, whole_name) in [
        (
            "外事接待批次",
            sg.foreign_batches,
            sg.reception_batches,
            "国内公务接待批次",
        ),
        (
            "外事接待人次",
            sg.foreign_people,
            sg.reception_people,
            "国内公务接待人次",
        ),
    ] {
        if part > whole {
            over(key, part.to_string(), whole.to_string(), whole_name);
        }
    }
}

/// 十（四）prints `资金X万元，其中：一般公共预算项目支出…、政府性基金…`: the parts come
/// from the tables' 项目支出, the whole from the profile's 自评项目资金. Apart, the
/// sentence says something that does not add up (the reference prints 1,066.79 “of
/// which” 853.15): pointed out, since 结转 funds may legitimately be evaluated too.
fn performance_funds(p: &crate::profile::Profile, n: &crate::derive::Narrative, r: &mut Report) {
    let s = &n.s10_performance;
    let Some(given) = p.performance.funds else {
        // Funds summed from the attached projects alone: when the department's 项目支出
        // is more, the text cannot list it under them, and "所有项目" would be untrue.
        if !s.parts_within_funds {
            r.push(
                Severity::Warning,
                "P-绩效资金",
                crate::case::PROFILE_FILE,
                "绩效自评.自评项目资金".into(),
                "全部自评项目的资金（不少于各类项目支出之和）".into(),
                format!("未填写（取附件中 {} 个项目之和 {}）", s.attached, s.funds.text),
                "说明十（四）将不列“其中：…项目支出”；若自评项目多于附件，请填写 自评项目个数 和 自评项目资金".into(),
            );
        }
        return;
    };
    let parts: Vec<Decimal> = [
        Some(&s.general_project),
        Some(&s.fund_project),
        Some(&s.capital_project),
        s.social_insurance_project.as_ref(),
    ]
    .into_iter()
    .flatten()
    .map(|a| a.value)
    .collect();
    let sum: Decimal = parts.iter().sum();
    if sum != given.0 {
        r.push(
            Severity::Warning,
            "P-绩效资金",
            crate::case::PROFILE_FILE,
            "绩效自评.自评项目资金".into(),
            format!("各类项目支出之和 {sum}（说明中“其中”所列各项）"),
            given.0.to_string(),
            format!(
                "说明中“资金{}万元，其中：…”的各项之和与总数相差 {}；若自评资金含结转资金，请在其他说明中交代",
                given.0,
                (given.0 - sum).abs()
            ),
        );
    }
}

/// Parts given under a figure of the profile can never add up to more than it; less
/// is only a hint, since a 科目 budgeted (or spent last year) but without a row in this
/// year's tables may have been left out.
fn parts_within(place: String, whole: Decimal, parts: &[Decimal], r: &mut Report) {
    let sum: Decimal = parts.iter().sum();
    let tail = super::rounding_tail(parts.iter().filter(|v| !v.is_zero()).count());
    let gap = sum - whole;
    if gap.abs() <= tail {
        return;
    }
    if gap > Decimal::ZERO {
        r.push(
            Severity::Error,
            "P-科目合计",
            crate::case::PROFILE_FILE,
            place,
            format!("不小于其下各科目之和 {sum}"),
            whole.to_string(),
            format!("其下各科目合计比它多 {gap}，某个数字填错了"),
        );
    } else {
        r.push(
            Severity::Warning,
            "P-科目合计",
            crate::case::PROFILE_FILE,
            place,
            format!("其下各科目之和 {sum}"),
            whole.to_string(),
            format!(
                "其下各科目合计比它少 {}；若有本年表中没有的科目未列出可不理会",
                -gap
            ),
        );
    }
}

/// 上年 totals the profile gives: the 财政拨款 part within the whole.
fn prior_totals(p: &crate::profile::Profile, r: &mut Report) {
    let pr = &p.prior;
    for (part_key, part, whole_key, whole) in [
        (
            "财政拨款收入总计",
            pr.fiscal_income_total,
            "收入总计",
            pr.income_total,
        ),
        (
            "财政拨款支出总计",
            pr.fiscal_expense_total,
            "支出总计",
            pr.expense_total,
        ),
        (
            "一般公共预算财政拨款支出",
            pr.general,
            "财政拨款支出总计",
            pr.fiscal_expense_total,
        ),
    ] {
        if let (Some(part), Some(whole)) = (part, whole) {
            if part.0 > whole.0 {
                r.push(
                    Severity::Error,
                    "P-上年",
                    crate::case::PROFILE_FILE,
                    format!("上年.{part_key}"),
                    format!("不超过上年.{whole_key} {}", whole.0),
                    part.0.to_string(),
                    "部分不能大于整体".into(),
                );
            }
        }
    }
}

/// 政府采购 and 机关运行经费 given in the profile (for workbooks without 公开10表): the
/// parts against the total; and, when the workbook has 公开10表 after all, the profile's
/// figures against the table's, which win (a different figure would silently vanish).
fn check_statistics_in_profile(
    case: &crate::case::Case,
    n: &crate::derive::Narrative,
    r: &mut Report,
) {
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
    internal_profile_figures(case, n, r);
    let Some(t10) = &case.gongkai.t10 else {
        // Without 公开10表 the profile is the only source: a figure left out would be
        // printed as 0.00 (机关运行经费 "下降100%" under a reason that says it rose).
        let given_procurement = [pr.total, pr.goods, pr.works, pr.services]
            .iter()
            .any(Option::is_some);
        for (key, given, severity, why) in [
            (
                "机关运行经费",
                p.running_costs.is_some(),
                Severity::Error,
                "说明十将印出机关运行经费 0.00 万元",
            ),
            (
                "政府采购.合计",
                given_procurement,
                Severity::Error,
                "说明十将印出政府采购支出总额 0.00 万元",
            ),
            (
                "国有资产",
                p.assets.is_some(),
                Severity::Warning,
                "说明十将印出车辆、设备均为 0",
            ),
        ] {
            if !given {
                r.push(
                    severity,
                    "P-缺项",
                    file,
                    key.into(),
                    "填写（工作簿中没有公开10表）".into(),
                    "未填写".into(),
                    why.into(),
                );
            }
        }
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
    if p.year.is_none() && g.year.is_none() {
        // Every heading, the cover and the 上年 comparisons name the year.
        r.push(
            Severity::Error,
            "P-年度",
            file,
            "年度".into(),
            "四位年份（如 \"年度\" = 2023）".into(),
            "部门信息中没有填写，公开表的表头说明行中也没有读到".into(),
            "请在部门信息中填写年度".into(),
        );
    }
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
    // A name of punctuation alone (`..`, `/`) names no department: the cover, the
    // title and the file name would be without one.
    let dept = case.department();
    if !dept.is_empty() && !dept.chars().any(char::is_alphanumeric) {
        r.push(
            Severity::Error,
            "P-部门名称",
            file,
            "部门名称".into(),
            "部门的名称（汉字）".into(),
            format!("“{dept}”"),
            "部门名称只有标点符号，封面、标题和文件名中将没有部门名称".into(),
        );
    }
    if let Some(given) = p.department.as_deref().filter(|d| !d.is_empty()) {
        if !g.department.is_empty() && !same_department(given, &g.department) {
            // The tables are printed under the profile's name: a workbook of another
            // department would be published as this one's.
            r.push(
                Severity::Error,
                "P-部门名称",
                file,
                "部门名称".into(),
                format!("{}（公开表 {}）", g.department, g.source),
                given.to_string(),
                "部门信息的部门名称与公开表不同：是否放错了公开表？若部门已更名，请把公开表各表的单位名称也改为新名称".into(),
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
        // Another department's figures would be printed as this one's last year.
        r.push(
            Severity::Error,
            "P-上年表",
            &book.file,
            "部门名称".into(),
            dept,
            book.department.clone(),
            "上年公开表的部门名称与本年不同，像是其他部门的表；若部门已更名，请删去这份上年公开表，改在部门信息的 [\"上年\"] 中填写上年数".into(),
        );
    }
    // This year's 年初结转和结余 is last year's 年末 unless it was adjusted (调整): a hint.
    if let (Some((last_out, last_cell)), Some(this_in)) = (
        &book.carry_out,
        crate::case::carry_line(&g.t01.income, "年初"),
    ) {
        if *last_out != this_in.amount() {
            r.push(
                Severity::Warning,
                "P-上年表",
                "公开01表（收入支出决算总表）",
                crate::check::at(format!("收入“{}”", this_in.label), this_in.cells.first()),
                format!("{last_out}（{} 的年末结转和结余，{last_cell}）", book.file),
                this_in.amount().to_string(),
                "本年年初结转和结余一般等于上年年末结转和结余；若有调整，请在说明中交代".into(),
            );
        }
    }
}

/// Figures of the profile that bound or add up to each other.
fn internal_profile_figures(
    case: &crate::case::Case,
    n: &crate::derive::Narrative,
    r: &mut Report,
) {
    let p = &case.profile;
    let file = crate::case::PROFILE_FILE;
    let g = &case.gongkai;
    let pr = &p.procurement;
    // Amounts given both in the profile and in 公开10表 must agree.
    if let Some(t10) = &g.t10 {
        for (key, who, given) in [
            ("政府采购.授予中小企业合同金额", "中小企业", pr.sme),
            ("政府采购.授予小微企业合同金额", "小微企业", pr.small),
        ] {
            if let (Some(given), Some(line)) = (given, t10.procurement_awarded(who)) {
                if given.0 != line.value {
                    r.push(
                        Severity::Error,
                        "P-政府采购",
                        file,
                        key.into(),
                        format!("{}（公开10表“{}”，{}）", line.value, line.label, line.at),
                        given.0.to_string(),
                        "公开10表已有此数，部门信息中可删去此项".into(),
                    );
                }
            }
        }
    }
    // Without 公开10表, a 合计 given without its 货物, 工程 and 服务 would print them as
    // 0.00 that nobody stated.
    let from_table = g
        .t10
        .as_ref()
        .is_some_and(|t| t.find("政府采购", &["合计"]).is_some());
    if !from_table && pr.total.is_some_and(|t| !t.0.is_zero()) {
        for (key, part) in [
            ("政府采购.货物", pr.goods),
            ("政府采购.工程", pr.works),
            ("政府采购.服务", pr.services),
        ] {
            if part.is_none() {
                r.push(
                    Severity::Error,
                    "P-缺项",
                    file,
                    key.into(),
                    "金额（没有则填 0）".into(),
                    "未填写".into(),
                    "填了政府采购合计，货物、工程、服务须一并填写，说明中逐项列出".into(),
                );
            }
        }
    }
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
        // The total the document prints: given, or the sum of the parts given, or 0.
        None => Some((
            n.s10_procurement.total.value,
            "政府采购总额（部门信息中的合计或货物、工程、服务之和）".to_string(),
        )),
    };
    let awarded = |who, given| crate::derive::procurement_awarded(g, who, given);
    let (sme, small) = (awarded("中小企业", pr.sme), awarded("小微企业", pr.small));
    if let (Some(sme), Some((total, name))) = (sme, &procurement_total) {
        over("政府采购.授予中小企业合同金额", sme, *total, name.clone());
    }
    if let (Some(small), Some(sme)) = (small, sme) {
        over(
            "政府采购.授予小微企业合同金额",
            small,
            sme,
            "政府采购.授予中小企业合同金额".into(),
        );
    }
    // The grade counts must account for every project evaluated: given in the profile,
    // or counted from the attached projects when those are all of them.
    let perf = &p.performance;
    // A grade the style does not have (中 under Shanghai's 合格) would be dropped from the
    // count: named instead.
    let labels: Vec<String> = n
        .s10_performance
        .grades
        .iter()
        .map(|(l, _)| l.clone())
        .collect();
    let mut unknown_grade = false;
    for (grade, count) in &perf.grades {
        if *count > 0 && !labels.contains(grade) {
            unknown_grade = true;
            r.push(
                Severity::Error,
                "P-绩效等级",
                file,
                format!("绩效自评.等级个数.{grade}"),
                format!("本版式的等级之一：{}", labels.join("、")),
                format!("“{grade}” {count} 个"),
                "等级名称与版式的绩效等级设置不符（可在 设置.toml 的 [\"绩效等级\"] 中设定）"
                    .into(),
            );
        }
    }
    // The attached projects are among those evaluated: each grade given in the profile
    // counts at least the attached projects of that grade.
    if !perf.grades.is_empty() && !unknown_grade {
        for label in &labels {
            let attached = case.projects.iter().filter(|pj| &pj.grade == label).count();
            let given = perf.grades.get(label).copied().unwrap_or(0);
            if (given as usize) < attached {
                r.push(
                    Severity::Warning,
                    "P-绩效等级",
                    file,
                    format!("绩效自评.等级个数.{label}"),
                    format!("不少于附件中评为“{label}”的 {attached} 个项目"),
                    given.to_string(),
                    "附件的项目都在自评项目之中，各等级个数不应少于附件中该等级的项目数".into(),
                );
            }
        }
    }
    if let Some(projects) = perf.projects {
        let counted: u32 = n.s10_performance.grades.iter().map(|(_, c)| c).sum();
        // Grades under names the style lacks are said above; the sum would only repeat it.
        if counted != projects && !unknown_grade {
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
        if projects > 0 && (projects as usize) < case.projects.len() {
            r.push(
                Severity::Warning,
                "P-绩效等级",
                file,
                "绩效自评.自评项目个数".into(),
                format!("不少于附件中的 {} 个项目", case.projects.len()),
                projects.to_string(),
                "附件中的项目都是自评项目，自评项目个数不应少于附件的项目数".into(),
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
    // Shanghai's document has no 附件 of 绩效自评表.
    if case.projects.is_empty() && case.settings.style.as_deref() != Some("shanghai") {
        r.push(
            Severity::Warning,
            "P-缺项",
            file,
            "绩效自评表工作簿".into(),
            "案例文件夹中有绩效自评表（文件名含“绩效”或“自评”）".into(),
            "没有".into(),
            "文档将没有附件（项目支出绩效自评表）".into(),
        );
    }
    // 授予中小企业/小微企业 come only from the profile: left out, the sentence is not written.
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
    for (key, who, given) in [
        (
            "政府采购.授予中小企业合同金额",
            "中小企业",
            p.procurement.sme,
        ),
        (
            "政府采购.授予小微企业合同金额",
            "小微企业",
            p.procurement.small,
        ),
    ] {
        let in_table = g
            .t10
            .as_ref()
            .is_some_and(|t| t.procurement_awarded(who).is_some());
        if has_procurement && given.is_none() && !in_table {
            r.push(
                Severity::Warning,
                "P-缺项",
                file,
                key.into(),
                "金额（没有则填 0）".into(),
                "未填写".into(),
                // The template leaves the sentence out rather than print a 0.00 that
                // was never stated.
                format!("说明中将不写授予{who}合同金额这一句；确实没有请填 0"),
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
    if let Some(line) = g.t10.as_ref().and_then(|t| t.vehicles_held()) {
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
        // A side that differs from last year's workbook is said as that conflict: the
        // two totals then differ as a consequence, not as a second error.
        let conflicted = |k: &str| case.prior_conflicts.iter().any(|c| c.0 == k);
        if conflicted(a_key) || conflicted(b_key) {
            continue;
        }
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

#[cfg(test)]
mod tests {
    use super::without_unit_code;

    /// The unit code and one separator go; a name beginning with a dot keeps it.
    #[test]
    fn unit_codes_are_cut_once() {
        assert_eq!(
            without_unit_code("007-中共长治市屯留区委组织部"),
            "中共长治市屯留区委组织部"
        );
        assert_eq!(without_unit_code("007001 某局"), "某局");
        assert_eq!(without_unit_code("007某局"), "某局");
        assert_eq!(without_unit_code("007-.某局"), ".某局");
        assert_eq!(without_unit_code("某局"), "某局");
        assert_eq!(without_unit_code("[101001]某局"), "某局");
        assert_eq!(without_unit_code("【101001】某局"), "某局");
        assert_eq!(without_unit_code("（101001）某局"), "某局");
        // A bracket that is part of the name stays.
        assert_eq!(without_unit_code("（某市）某局"), "（某市）某局");
    }
}
