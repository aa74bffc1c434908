//! `juesuan diff`: what changed between two versions of a case (or two workbooks) — every
//! table cell and every narrative figure — in words a reviewer can read.

use rust_decimal::Decimal;
use serde_json::{json, Value};

use crate::jixiao::ProjectView;
use crate::model::{CellRef, CodeRow, EconRow, Gongkai, StatLine, TableKind};

/// One changed value, by its path in the model or the narrative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub path: String,
    pub before: String,
    pub after: String,
}

fn leaf(v: &Value) -> String {
    match v {
        Value::String(s) if s.is_empty() => "（空）".into(),
        Value::String(s) => s.clone(),
        Value::Null => "（无）".into(),
        // A part that is there on one side only (a paragraph 按项 where the other says
        // 按类, a 科目 added): said in words, not as JSON. A figure is its printed text.
        Value::Object(o) => match o.get("text") {
            Some(Value::String(t)) => t.clone(),
            _ => {
                let parts: Vec<String> = (o.iter())
                    .filter(|(_, v)| !is_nothing(v))
                    .map(|(k, v)| format!("{}：{}", describe_path(k), leaf(v)))
                    .collect();
                crate::files::shown(&parts.join("；"), 300)
            }
        },
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter(|v| !is_nothing(v)).map(leaf).collect();
            crate::files::shown(&format!("〔{}〕", parts.join("，")), 300)
        }
        other => other.to_string(),
    }
}

/// A value that says nothing when a part is listed: empty, absent, `false`.
fn is_nothing(v: &Value) -> bool {
    match v {
        Value::Null | Value::Bool(false) => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        // (A figure not printed: `{"text": "", "value": null}`.)
        Value::Object(o) => o.is_empty() || o.get("text").is_some_and(is_nothing),
        _ => false,
    }
}

/// Rows of code tables are matched by 科目代码 and lines by their label, not by position,
/// so an inserted row shows as one change and not as a shift of everything below it.
fn key_of(item: &Value) -> Option<String> {
    if let Some((label, _)) = labelled(item) {
        return Some(label.to_string());
    }
    let o = item.as_object()?;
    // A 科目 shows as `208 社会保障和就业支出`, as in the tables.
    if let (Some(Value::String(c)), Some(Value::String(n))) = (o.get("code"), o.get("name")) {
        if !c.is_empty() && !n.is_empty() {
            return Some(format!("{c} {n}"));
        }
    }
    for k in ["code", "label", "name"] {
        if let Some(Value::String(s)) = o.get(k) {
            if !s.is_empty() {
                return Some(s.clone());
            }
        }
    }
    None
}

/// A (label, value) pair, as the grade counts are listed (`["优", 5]`): keyed by its label,
/// compared by its value.
fn labelled(item: &Value) -> Option<(&str, &Value)> {
    match item.as_array()?.as_slice() {
        [Value::String(label), value] if !label.is_empty() => Some((label, value)),
        _ => None,
    }
}

pub fn diff_values(path: &str, a: &Value, b: &Value, out: &mut Vec<Change>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, va) in x {
                if matches!(
                    k.as_str(),
                    "at" | "total_at"
                        | "source"
                        | "warnings"
                        | "sheet"
                        | "personnel_total_at"
                        | "public_total_at"
                ) {
                    continue;
                }
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                match y.get(k) {
                    // A change's amount is unsigned: said with its direction (`减少 204.23`),
                    // or a reviewer cannot tell a smaller fall from a smaller rise.
                    Some(vb) if k == "amount" && x.contains_key("direction") => {
                        let dir = |o: &serde_json::Map<String, Value>| {
                            o.get("direction")
                                .and_then(Value::as_str)
                                .unwrap_or("")
                                .to_string()
                        };
                        let (da, db) = (dir(x), dir(y));
                        let mut sub = Vec::new();
                        diff_values(&p, va, vb, &mut sub);
                        let signed = |d: &str, v: String| {
                            if d.is_empty() || v == "（无）" {
                                v
                            } else {
                                format!("{d} {v}")
                            }
                        };
                        out.extend(sub.into_iter().map(|c| Change {
                            before: signed(&da, c.before),
                            after: signed(&db, c.after),
                            ..c
                        }));
                    }
                    Some(vb) => diff_values(&p, va, vb, out),
                    None => out.push(Change {
                        path: p,
                        before: leaf(va),
                        after: "（无）".into(),
                    }),
                }
            }
            for (k, vb) in y {
                if !x.contains_key(k) {
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    out.push(Change {
                        path: p,
                        before: "（无）".into(),
                        after: leaf(vb),
                    });
                }
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            let keyed = x.iter().chain(y.iter()).all(|v| key_of(v).is_some());
            if keyed {
                diff_keyed(path, x, y, out);
            } else {
                diff_sequence(path, x, y, out);
            }
        }
        _ => {
            if a != b {
                out.push(Change {
                    path: path.to_string(),
                    before: leaf(a),
                    after: leaf(b),
                });
            }
        }
    }
}

/// Items keyed by 科目代码, label or name: the n-th item of a key before against the n-th
/// of that key after (two indicators may share a name), so that an inserted item is one
/// change and not a shift of everything after it.
fn diff_keyed(path: &str, x: &[Value], y: &[Value], out: &mut Vec<Change>) {
    // `key`, and `key（第2个）` for a key's later occurrences.
    let named = |items: &[Value]| -> Vec<String> {
        let mut seen: std::collections::HashMap<String, usize> = Default::default();
        items
            .iter()
            .map(|v| {
                let k = key_of(v).unwrap_or_default();
                let n = seen.entry(k.clone()).or_default();
                *n += 1;
                if *n == 1 {
                    k
                } else {
                    format!("{k}（第{n}个）")
                }
            })
            .collect()
    };
    let (kx, ky) = (named(x), named(y));
    for (va, k) in x.iter().zip(&kx) {
        match ky.iter().position(|kb| kb == k) {
            Some(i) => {
                let (va, vb) = match (labelled(va), labelled(&y[i])) {
                    (Some((_, va)), Some((_, vb))) => (va, vb),
                    _ => (va, &y[i]),
                };
                diff_values(&format!("{path}[{k}]"), va, vb, out)
            }
            None => out.push(Change {
                path: format!("{path}[{k}]"),
                before: "存在".into(),
                after: "删除".into(),
            }),
        }
    }
    for k in ky.iter().filter(|k| !kx.contains(k)) {
        out.push(Change {
            path: format!("{path}[{k}]"),
            before: "（无）".into(),
            after: "新增".into(),
        });
    }
}

/// A list without keys (职责, 机构设置 texts): aligned on the items that stayed the same
/// (longest common subsequence), so that one inserted 职责 is one addition, not every
/// later 职责 rewritten. Between two unchanged items, removed and added items are paired
/// as changes; the rest are removals or additions. Numbered as after the change.
fn diff_sequence(path: &str, x: &[Value], y: &[Value], out: &mut Vec<Change>) {
    // Long lists are compared position by position: the table is n × m.
    let lcs = if x.len().saturating_mul(y.len()) <= 250_000 {
        let mut t = vec![vec![0u32; y.len() + 1]; x.len() + 1];
        for i in (0..x.len()).rev() {
            for j in (0..y.len()).rev() {
                t[i][j] = if x[i] == y[j] {
                    t[i + 1][j + 1] + 1
                } else {
                    t[i + 1][j].max(t[i][j + 1])
                };
            }
        }
        Some(t)
    } else {
        None
    };
    let (mut i, mut j) = (0, 0);
    let (mut gone, mut came): (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
    let flush = |gone: &mut Vec<usize>, came: &mut Vec<usize>, out: &mut Vec<Change>| {
        for k in 0..gone.len().max(came.len()) {
            match (gone.get(k), came.get(k)) {
                (Some(&a), Some(&b)) => {
                    diff_values(&format!("{path}[{}]", b + 1), &x[a], &y[b], out)
                }
                (Some(&a), None) => out.push(Change {
                    path: format!("{path}[{}]", a + 1),
                    before: leaf(&x[a]),
                    after: "（无）".into(),
                }),
                (None, Some(&b)) => out.push(Change {
                    path: format!("{path}[{}]", b + 1),
                    before: "（无）".into(),
                    after: leaf(&y[b]),
                }),
                (None, None) => {}
            }
        }
        gone.clear();
        came.clear();
    };
    while i < x.len() || j < y.len() {
        let same = i < x.len() && j < y.len() && x[i] == y[j];
        match &lcs {
            _ if same => {
                flush(&mut gone, &mut came, out);
                i += 1;
                j += 1;
            }
            Some(t) if i < x.len() && (j == y.len() || t[i + 1][j] >= t[i][j + 1]) => {
                gone.push(i);
                i += 1;
            }
            Some(_) => {
                came.push(j);
                j += 1;
            }
            // By position: each index is a pair.
            None => {
                if i < x.len() {
                    gone.push(i);
                    i += 1;
                }
                if j < y.len() {
                    came.push(j);
                    j += 1;
                }
                flush(&mut gone, &mut came, out);
            }
        }
    }
    flush(&mut gone, &mut came, out);
}

/// Every table cell that differs between two readings of a workbook, named the way a
/// reviewer finds it: table, row (科目代码 and name, or line label), column, and the cell
/// in the later workbook (`公开05表 208 社会保障和就业支出“合计”（公开05表!C15）`).
/// Rows are matched by 科目代码 or label, so an inserted row is one change.
pub fn diff_tables(a: &Gongkai, b: &Gongkai) -> Vec<Change> {
    let mut out = Vec::new();
    let mut push = |place: String, before: String, after: String| {
        if before != after {
            out.push(Change {
                path: place,
                before,
                after,
            });
        }
    };
    let cell = |c: Option<&CellRef>| c.map(|c| format!("（{c}）")).unwrap_or_default();
    let show = |v: Option<Decimal>| v.map_or("（无此行）".to_string(), |v| v.to_string());
    for (kind, ta, tb) in [
        (TableKind::T01, &a.t01, &b.t01),
        (TableKind::T04, &a.t04, &b.t04),
    ] {
        for (side, la, lb) in [
            ("收入", &ta.income, &tb.income),
            ("支出", &ta.expense, &tb.expense),
        ] {
            let labels = union(
                la.iter().map(|l| l.label.clone()),
                lb.iter().map(|l| l.label.clone()),
            );
            for label in labels.iter().filter(|l| !l.is_empty()) {
                let x = la.iter().find(|l| &l.label == label);
                let y = lb.iter().find(|l| &l.label == label);
                let cols = x
                    .map_or(0, |l| l.amounts.len())
                    .max(y.map_or(0, |l| l.amounts.len()));
                for c in 0..cols {
                    let col = if cols > 1 {
                        ta.expense_columns
                            .get(c)
                            .map(|n| format!("“{n}”"))
                            .unwrap_or_default()
                    } else {
                        String::new()
                    };
                    push(
                        format!(
                            "{} {side}“{label}”{col}{}",
                            kind.label(),
                            cell(y.and_then(|l| l.cells.get(c)))
                        ),
                        show(x.and_then(|l| l.amounts.get(c).copied())),
                        show(y.and_then(|l| l.amounts.get(c).copied())),
                    );
                }
            }
        }
    }
    for (kind, ta, tb) in [
        (TableKind::T02, &a.t02, &b.t02),
        (TableKind::T03, &a.t03, &b.t03),
        (TableKind::T05, &a.t05, &b.t05),
        (TableKind::T07, &a.t07, &b.t07),
        (TableKind::T08, &a.t08, &b.t08),
    ] {
        for (ci, col) in tb.columns.iter().enumerate() {
            push(
                format!("{} 合计行“{col}”{}", kind.label(), cell(tb.total_cell(ci))),
                show(ta.total.get(ci).copied()),
                show(tb.total.get(ci).copied()),
            );
        }
        let codes = union(
            ta.rows.iter().map(|r| r.code.clone()),
            tb.rows.iter().map(|r| r.code.clone()),
        );
        for code in &codes {
            let x = ta.row(code);
            let y = tb.row(code);
            let name = y.or(x).map(|r| r.name.as_str()).unwrap_or("");
            // A row added or removed is one change, not one per column.
            if let (None, Some(r)) | (Some(r), None) = (x, y) {
                let figures = row_figures(&tb.columns, r);
                let (before, after) = if x.is_none() {
                    ("（无此行）".to_string(), format!("新增此行：{figures}"))
                } else {
                    (figures, "（此行已删除）".to_string())
                };
                push(
                    format!("{} {code} {name}{}", kind.label(), cell(y.map(|r| &r.at))),
                    before,
                    after,
                );
                continue;
            }
            // A 科目名称 retyped is printed in the tables and the 情况说明.
            if let (Some(x), Some(y)) = (x, y) {
                push(
                    format!("{} {code} 科目名称{}", kind.label(), cell(Some(&y.at))),
                    x.name.clone(),
                    y.name.clone(),
                );
            }
            for (ci, col) in tb.columns.iter().enumerate() {
                push(
                    format!(
                        "{} {code} {name}“{col}”{}",
                        kind.label(),
                        cell(y.and_then(|r| r.cells.get(ci)).and_then(Option::as_ref))
                    ),
                    show(x.and_then(|r| r.values.get(ci).copied())),
                    show(y.and_then(|r| r.values.get(ci).copied())),
                );
            }
        }
    }
    let econ = |t: &Gongkai| -> Vec<EconRow> {
        t.t06
            .personnel
            .iter()
            .chain(&t.t06.public)
            .cloned()
            .collect()
    };
    let (ea, eb) = (econ(a), econ(b));
    for code in union(
        ea.iter().map(|r| r.code.clone()),
        eb.iter().map(|r| r.code.clone()),
    ) {
        let x = ea.iter().find(|r| r.code == code);
        let y = eb.iter().find(|r| r.code == code);
        let name = y.or(x).map(|r| r.name.as_str()).unwrap_or("");
        if let (Some(x), Some(y)) = (x, y) {
            push(
                format!(
                    "{} {code} 科目名称{}",
                    TableKind::T06.label(),
                    cell(Some(&y.at))
                ),
                x.name.clone(),
                y.name.clone(),
            );
        }
        push(
            format!(
                "{} {code} {name}{}",
                TableKind::T06.label(),
                cell(y.map(|r| &r.at))
            ),
            show(x.and_then(|r| r.amount)),
            show(y.and_then(|r| r.amount)),
        );
    }
    for (name, x, y, at) in [
        (
            "人员经费合计",
            a.t06.personnel_total,
            b.t06.personnel_total,
            &b.t06.personnel_total_at,
        ),
        (
            "公用经费合计",
            a.t06.public_total,
            b.t06.public_total,
            &b.t06.public_total_at,
        ),
    ] {
        push(
            format!("{} {name}{}", TableKind::T06.label(), cell(at.as_ref())),
            x.to_string(),
            y.to_string(),
        );
    }
    for (side, x, y) in [
        ("预算数", &a.t09.budget, &b.t09.budget),
        ("决算数", &a.t09.actual, &b.t09.actual),
    ] {
        for ((name, vx), (_, vy)) in x.items().into_iter().zip(y.items()) {
            push(
                format!(
                    "{} {side}“{name}”{}",
                    TableKind::T09.label(),
                    cell(b.t09.cells.get(&format!("{side}.{name}")))
                ),
                vx.to_string(),
                vy.to_string(),
            );
        }
    }
    let lines = |t: &Gongkai| -> Vec<StatLine> {
        t.t10.as_ref().map(|t| t.lines.clone()).unwrap_or_default()
    };
    let (la, lb) = (lines(a), lines(b));
    for key in union(
        la.iter().map(|l| format!("{}|{}", l.section, l.label)),
        lb.iter().map(|l| format!("{}|{}", l.section, l.label)),
    ) {
        let find = |ls: &[StatLine]| {
            ls.iter()
                .find(|l| format!("{}|{}", l.section, l.label) == key)
                .cloned()
        };
        let (x, y) = (find(&la), find(&lb));
        let label = y
            .as_ref()
            .or(x.as_ref())
            .map(|l| l.label.clone())
            .unwrap_or_default();
        push(
            format!(
                "{} “{label}”{}",
                TableKind::T10.label(),
                cell(y.as_ref().map(|l| &l.at))
            ),
            show(x.map(|l| l.value)),
            show(y.map(|l| l.value)),
        );
    }
    // In table order (01, 02, …), each table's changes in the order found.
    out.sort_by_key(|c| c.path.split(' ').next().unwrap_or_default().to_string());
    out
}

/// Keys of both versions, in the order of the later one, then those only in the earlier.
/// A row's non-zero figures by column (`本年支出合计 22.74、基本支出 22.74`), or 0.00.
fn row_figures(columns: &[String], r: &CodeRow) -> String {
    let shown: Vec<String> = columns
        .iter()
        .zip(&r.values)
        .filter(|(_, v)| !v.is_zero())
        .map(|(c, v)| format!("{c} {v}"))
        .collect();
    if shown.is_empty() {
        "各栏均为 0.00".into()
    } else {
        shown.join("、")
    }
}

fn union(a: impl Iterator<Item = String>, b: impl Iterator<Item = String>) -> Vec<String> {
    let a: Vec<String> = a.collect();
    let mut out: Vec<String> = Vec::new();
    for k in b.chain(a) {
        if !out.contains(&k) {
            out.push(k);
        }
    }
    out
}

/// A 绩效 form as `diff_values` compares it: the funds rows by their label, the indicators
/// by their 二级指标 and name, the analysis rows by their label, every column by its
/// heading, so a change reads `资金 › 资金总额 › 全年执行数` rather than by position.
pub fn project_value(p: &ProjectView) -> Value {
    const FUNDS_COLUMNS: [&str; 8] = [
        "目标申报数",
        "预算编制数",
        "全年预算数",
        "全年执行数",
        "资金结（转）余",
        "执行率",
        "预算执行得分",
        "偏差原因分析及改进措施",
    ];
    let funds: Vec<Value> = p
        .funds
        .iter()
        .map(|row| {
            let mut o = serde_json::Map::new();
            o.insert(
                "label".into(),
                json!(row.first().cloned().unwrap_or_default()),
            );
            for (k, v) in FUNDS_COLUMNS.iter().zip(row.iter().skip(1)) {
                o.insert((*k).into(), json!(v));
            }
            Value::Object(o)
        })
        .collect();
    let indicators: Vec<Value> = p
        .indicators
        .iter()
        .map(|i| {
            json!({
                "label": format!("{} {}", i.level2, i.name).trim().to_string(),
                "年初指标值": i.initial,
                "调整后指标值": i.adjusted,
                "实际完成值": i.actual,
                "分值": i.max.normalize().to_string(),
                "得分": i.score.normalize().to_string(),
                "偏差原因": i.deviation,
            })
        })
        .collect();
    let analysis: Vec<Value> = p
        .analysis
        .iter()
        .map(|(label, text)| json!({ "label": label, "text": text }))
        .collect();
    json!({
        "项目名称": p.name,
        "主管部门": p.department,
        "预算单位": p.unit,
        "资金": funds,
        "年度目标": p.goal,
        "实际完成情况": p.achieved,
        "绩效指标": indicators,
        "总分": p.total_score,
        "等级": p.grade,
        "分析": analysis,
        "备注": p.remark,
    })
}

/// The 绩效 forms of two versions, matched by project name: a form added or removed is
/// one line naming its sheet, a changed form lists its changed cells.
pub fn diff_projects(a: &[(String, ProjectView)], b: &[(String, ProjectView)]) -> Vec<Change> {
    let mut out = Vec::new();
    for (sheet, pa) in a {
        match b.iter().find(|(_, pb)| pb.name == pa.name) {
            Some((_, pb)) => {
                diff_values(&pa.name, &project_value(pa), &project_value(pb), &mut out)
            }
            None => out.push(Change {
                path: pa.name.clone(),
                before: format!("自评表（原工作表 {sheet}）"),
                after: "整张删除".into(),
            }),
        }
    }
    for (sheet, pb) in b {
        if !a.iter().any(|(_, pa)| pa.name == pb.name) {
            out.push(Change {
                path: pb.name.clone(),
                before: "（无）".into(),
                after: format!("新增自评表（工作表 {sheet}）"),
            });
        }
    }
    out
}

/// A narrative path (`s5_general.details[208].completion.text`) in words:
/// `五、一般公共预算财政拨款支出 › 208 › 完成年初预算（%）`.
pub fn describe_path(path: &str) -> String {
    const WORDS: &[(&str, &str)] = &[
        ("s1_totals", "一、收入支出决算总体情况"),
        ("s2_income", "二、收入决算情况"),
        ("s3_expense", "三、支出决算情况"),
        ("s4_fiscal", "四、财政拨款收支总体情况"),
        ("s5_general", "五、一般公共预算财政拨款支出"),
        ("s6_basic", "六、一般公共预算财政拨款基本支出"),
        ("s7_fund", "七、政府性基金预算财政拨款"),
        ("s8_capital", "八、国有资本经营预算财政拨款"),
        ("s9_sangong", "九、“三公”经费"),
        ("s10_running", "十、机关运行经费"),
        ("s10_procurement", "十、政府采购"),
        ("s10_assets", "十、国有资产占用"),
        ("s10_performance", "十、预算绩效管理"),
        ("income_total", "收入总计"),
        ("expense_total", "支出总计"),
        ("income_change", "收入较上年"),
        ("expense_change", "支出较上年"),
        ("classes", "按类"),
        ("details_by_item", "按项"),
        ("details", "按科目"),
        ("items", "各项"),
        ("amount", "金额"),
        ("share", "占比（%）"),
        ("completion", "完成年初预算（%）"),
        ("budget", "年初预算"),
        ("actual", "决算数"),
        ("prior", "上年数"),
        ("change", "较上年"),
        ("rate", "增减率（%）"),
        ("direction", "增减"),
        ("rate_word", "增减用词"),
        ("total", "合计"),
        ("personnel", "人员经费"),
        ("public", "公用经费"),
        ("reason", "原因"),
        ("budget_reason", "决算与预算差异的原因"),
        ("uses", "用途"),
        ("name", "名称"),
        ("funds", "资金"),
        ("grades", "等级个数"),
        ("projects", "项目个数"),
        ("indicators", "绩效指标"),
        ("score", "得分"),
        ("max", "分值"),
        ("points_rows", "分值合并行数"),
        ("execution_points", "预算执行分值"),
        ("unit_label", "预算单位栏名"),
        ("initial", "年初指标值"),
        ("adjusted", "调整后指标值"),
        ("deviation", "偏差原因"),
        ("total_score", "总分"),
        ("grade", "等级"),
        ("goal", "年度目标"),
        ("achieved", "实际完成情况"),
        ("analysis", "分析"),
        ("remark", "备注"),
        ("other_notes", "其他说明"),
        ("year", "年度"),
        ("level1", "一级指标"),
        ("level2", "二级指标"),
        ("unit", "预算单位"),
        ("department", "部门名称"),
        ("duties", "职责"),
        ("organization", "机构设置"),
        ("units", "部门决算单位构成"),
        ("note", "备注"),
        ("title", "标题"),
        ("abroad_groups", "出国团组数"),
        ("abroad_people", "出国人次"),
        ("attached", "附件项目个数"),
        ("average_score", "平均分"),
        ("basic", "基本支出"),
        ("project", "项目支出"),
        ("capital_project", "国有资本经营预算项目支出"),
        ("fund_project", "政府性基金预算项目支出"),
        ("general_project", "一般公共预算项目支出"),
        ("social_insurance_project", "社会保险基金预算项目支出"),
        ("carry_in", "年初结转和结余"),
        ("carry_out", "年末结转和结余"),
        ("code", "科目代码"),
        ("count", "个数"),
        ("domestic_reception", "国内公务接待支出"),
        ("foreign_reception", "外事接待支出"),
        ("foreign_batches", "外事接待批次"),
        ("foreign_people", "外事接待人次"),
        ("overseas_reception", "国（境）外接待费"),
        ("overseas_batches", "国（境）外接待批次"),
        ("overseas_people", "国（境）外接待人次"),
        ("reception_batches", "国内公务接待批次"),
        ("reception_people", "国内公务接待人次"),
        ("equipment", "单价100万元以上设备"),
        ("equipment_lines", "设备（各行）"),
        ("goods", "货物"),
        ("works", "工程"),
        ("services", "服务"),
        ("has_data", "是否有数据"),
        ("has_income", "是否有收入栏"),
        ("income", "本年收入"),
        ("kuan_name", "所属款"),
        ("lei_name", "所属类"),
        ("label", "名称"),
        ("level", "级次"),
        ("mechanism", "工作机制"),
        ("rules", "管理制度"),
        ("other_vehicle_uses", "其他用车用途"),
        ("parts_within_funds", "是否列出其中各项"),
        ("personnel_items", "人员经费各项"),
        ("public_items", "公用经费各项"),
        ("problems", "发现问题个数"),
        ("problems_fixed", "已完成整改个数"),
        ("problems_fixing", "正在整改个数"),
        ("share_of_all", "占支出合计（%）"),
        ("small", "授予小微企业合同金额"),
        ("small_share", "小微企业占比（%）"),
        ("sme", "授予中小企业合同金额"),
        ("sme_share", "中小企业占比（%）"),
        ("small_reserved", "预留小微企业份额"),
        ("sme_reserved", "预留中小企业份额"),
        ("small_awarded_reserved", "预留份额授予小微企业"),
        ("sme_awarded_reserved", "预留份额授予中小企业"),
        ("sme_awarded_other", "其他授予中小企业"),
        ("target_funds", "编报绩效目标项目资金"),
        ("target_projects", "编报绩效目标项目个数"),
        ("tracked_funds", "绩效监控项目资金"),
        ("tracked_projects", "绩效监控项目个数"),
        ("vehicle", "公务用车购置及运行维护费"),
        ("vehicle_types", "车辆分类"),
        ("vehicles", "车辆"),
        ("vehicles_bought", "购置公务用车数"),
        ("vehicles_held", "公务用车保有量"),
    ];
    let mut parts = Vec::new();
    for seg in path.split('.') {
        let (name, key) = match seg.split_once('[') {
            Some((n, k)) => (n, Some(k.trim_end_matches(']'))),
            None => (seg, None),
        };
        if name == "text" || name == "value" {
            continue;
        }
        let word = WORDS
            .iter()
            .find(|(k, _)| *k == name)
            .map_or(name.to_string(), |(_, w)| w.to_string());
        parts.push(word);
        if let Some(k) = key {
            parts.push(k.to_string());
        }
    }
    parts.join(" › ")
}

/// Narrative figures carry their value twice (`text` and `value`): keep one line per figure.
/// The verb of a change (`增长`) goes with its direction (`增加 → 持平`): one line is enough.
pub fn dedupe(changes: Vec<Change>) -> Vec<Change> {
    changes
        .into_iter()
        .filter(|c| !c.path.ends_with(".value") && !c.path.ends_with(".rate_word"))
        .map(|c| Change {
            path: describe_path(&c.path),
            ..c
        })
        .collect()
}

/// One section of `diff`'s listing; nothing for a section without changes.
pub fn format_changes(title: &str, changes: &[Change]) -> String {
    if changes.is_empty() {
        return String::new();
    }
    let mut s = format!("{title}（{} 处变化）：\n", changes.len());
    for c in changes {
        s.push_str(&format!("  {}：{} → {}\n", c.path, c.before, c.after));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(path: &str, before: &str, after: &str) -> Change {
        Change {
            path: path.into(),
            before: before.into(),
            after: after.into(),
        }
    }

    /// One 职责 inserted at the top is one addition; one rewritten is one change.
    #[test]
    fn lists_are_aligned_on_unchanged_items() {
        let a = json!({"duties": ["甲", "乙", "丙"]});
        let b = json!({"duties": ["新", "甲", "乙", "丙"]});
        let mut out = Vec::new();
        diff_values("", &a, &b, &mut out);
        assert_eq!(out, vec![change("duties[1]", "（无）", "新")]);
        let b = json!({"duties": ["甲", "乙二", "丙"]});
        let mut out = Vec::new();
        diff_values("", &a, &b, &mut out);
        assert_eq!(out, vec![change("duties[2]", "乙", "乙二")]);
        let b = json!({"duties": ["甲", "丙"]});
        let mut out = Vec::new();
        diff_values("", &a, &b, &mut out);
        assert_eq!(out, vec![change("duties[2]", "乙", "（无）")]);
    }

    /// The grade counts, listed as (label, count) pairs: named by their grade.
    #[test]
    fn labelled_pairs_are_named_by_their_label() {
        let a = json!({"s10_performance": {"grades": [["优", 5], ["良", 16], ["中", 0]]}});
        let b = json!({"s10_performance": {"grades": [["优", 6], ["良", 15], ["中", 0]]}});
        let mut out = Vec::new();
        diff_values("", &a, &b, &mut out);
        assert_eq!(
            dedupe(out),
            vec![
                change("十、预算绩效管理 › 等级个数 › 优", "5", "6"),
                change("十、预算绩效管理 › 等级个数 › 良", "16", "15"),
            ]
        );
    }

    /// Two indicators of one name: the second against the second.
    #[test]
    fn items_sharing_a_key_are_paired_in_order() {
        let a = json!([{"name": "数量", "score": "10"}, {"name": "数量", "score": "20"}]);
        let b = json!([{"name": "数量", "score": "10"}, {"name": "数量", "score": "15"}]);
        let mut out = Vec::new();
        diff_values("i", &a, &b, &mut out);
        assert_eq!(out, vec![change("i[数量（第2个）].score", "20", "15")]);
    }

    #[test]
    fn a_part_on_one_side_only_is_said_in_words() {
        let row = json!({
            "code": "2010601",
            "name": "行政运行",
            "amount": {"text": "1.00", "value": "1"},
            "reason": "",
            "items": [],
            "completion": {"text": "", "value": null},
        });
        assert_eq!(leaf(&row), "科目代码：2010601；名称：行政运行；金额：1.00");
        assert_eq!(
            leaf(&json!([{"name": "甲"}, {"name": "乙"}])),
            "〔名称：甲，名称：乙〕"
        );
    }

    #[test]
    fn keyed_rows_and_leaves() {
        let a = json!({"rows": [{"code": "201", "values": ["1.00"]}, {"code": "208", "values": ["2.00"]}]});
        let b = json!({"rows": [{"code": "201", "values": ["1.50"]}, {"code": "208", "values": ["2.00"]}]});
        let mut out = Vec::new();
        diff_values("", &a, &b, &mut out);
        assert_eq!(
            out,
            vec![Change {
                path: "rows[201].values[1]".into(),
                before: "1.00".into(),
                after: "1.50".into()
            }]
        );
    }
}
