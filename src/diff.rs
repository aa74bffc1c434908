//! `juesuan diff`: what changed between two versions of a case (or two workbooks) — every
//! table cell and every narrative figure — in words a reviewer can read.

use serde_json::Value;

/// One changed value, by its path in the model or the narrative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub path: String,
    pub before: String,
    pub after: String,
}

fn leaf(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "（无）".into(),
        other => other.to_string(),
    }
}

/// Rows of code tables are matched by 科目代码 and lines by their label, not by position,
/// so an inserted row shows as one change and not as a shift of everything below it.
fn key_of(item: &Value) -> Option<String> {
    let o = item.as_object()?;
    for k in ["code", "label", "name"] {
        if let Some(Value::String(s)) = o.get(k) {
            if !s.is_empty() {
                return Some(s.clone());
            }
        }
    }
    None
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
                for va in x {
                    let k = key_of(va).unwrap_or_default();
                    match y.iter().find(|vb| key_of(vb).as_deref() == Some(&k)) {
                        Some(vb) => diff_values(&format!("{path}[{k}]"), va, vb, out),
                        None => out.push(Change {
                            path: format!("{path}[{k}]"),
                            before: "存在".into(),
                            after: "删除".into(),
                        }),
                    }
                }
                for vb in y {
                    let k = key_of(vb).unwrap_or_default();
                    if !x.iter().any(|va| key_of(va).as_deref() == Some(&k)) {
                        out.push(Change {
                            path: format!("{path}[{k}]"),
                            before: "（无）".into(),
                            after: "新增".into(),
                        });
                    }
                }
            } else {
                for i in 0..x.len().max(y.len()) {
                    let p = format!("{path}[{}]", i + 1);
                    match (x.get(i), y.get(i)) {
                        (Some(va), Some(vb)) => diff_values(&p, va, vb, out),
                        (Some(va), None) => out.push(Change {
                            path: p,
                            before: leaf(va),
                            after: "（无）".into(),
                        }),
                        (None, Some(vb)) => out.push(Change {
                            path: p,
                            before: "（无）".into(),
                            after: leaf(vb),
                        }),
                        (None, None) => {}
                    }
                }
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

/// Narrative figures carry their value twice (`text` and `value`): keep one line per figure.
pub fn dedupe(changes: Vec<Change>) -> Vec<Change> {
    changes
        .into_iter()
        .filter(|c| !c.path.ends_with(".value"))
        .collect()
}

pub fn format_changes(title: &str, changes: &[Change]) -> String {
    let mut s = format!("{title}（{} 处变化）：\n", changes.len());
    for c in changes {
        s.push_str(&format!("  {}：{} → {}\n", c.path, c.before, c.after));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
