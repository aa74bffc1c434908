//! Where a row's sum and a column's 类/款/项 sum fail together, the one cell they share is
//! most likely the wrong one: a sum alone cannot say which addend is wrong, but a wrong
//! figure breaks both the row it sits in and the column above it by the same amount.
//! The findings of both sums then name that cell.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::{at, Report, Severity};
use crate::model::{CellRef, CodeTable};

/// A row of the table as the sums see it: the 合计 row has no code and no parent.
struct SumRow<'a> {
    code: Option<&'a str>,
    /// The place a finding of this row's own sum names (without the cell).
    place: String,
    /// The place a finding of this row's column `c` sum names.
    column_place: Box<dyn Fn(&str) -> String + 'a>,
    values: &'a [Decimal],
    cells: &'a [Option<CellRef>],
}

/// Gaps within this of what one wrong cell predicts still point at it: the other
/// figures of the two sums carry their own rounding tails.
fn close(a: Decimal, b: Decimal) -> bool {
    !a.is_zero() && (a - b).abs() <= Decimal::new(2, 2)
}

/// Adds to the findings of `rule_row` and `rule_tree` the cell both point at.
pub(super) fn point_at_crossings(
    r: &mut Report,
    t: &CodeTable,
    rule_row: &str,
    rule_tree: &str,
    row_total: usize,
    parts: &[usize],
) {
    let mut rows: Vec<SumRow> = vec![SumRow {
        code: None,
        place: "合计行".into(),
        column_place: Box::new(|col| format!("合计行“{col}”")),
        values: &t.total,
        cells: &t.total_cells,
    }];
    for row in &t.rows {
        rows.push(SumRow {
            code: Some(&row.code),
            place: format!("{} {}", row.code, row.name),
            column_place: Box::new(move |col| format!("{} {}“{col}”", row.code, row.name)),
            values: &row.values,
            cells: &row.cells,
        });
    }
    let index: HashMap<&str, usize> = rows
        .iter()
        .enumerate()
        .filter_map(|(i, x)| Some((x.code?, i)))
        .collect();
    // The parent of each row (the 合计 row for a 类), and the children of each.
    let parent_of = |x: &SumRow| -> Option<usize> {
        let code = x.code?;
        if code.len() == 3 {
            Some(0)
        } else {
            index.get(&code[..code.len() - 2]).copied()
        }
    };
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); rows.len()];
    for (i, x) in rows.iter().enumerate() {
        if let Some(p) = parent_of(x) {
            children[p].push(i);
        }
    }
    let value = |i: usize, c: usize| rows[i].values.get(c).copied().unwrap_or_default();
    // Σ children − parent in column c, when the row has children.
    let tree_gap = |p: usize, c: usize| -> Option<Decimal> {
        if children[p].is_empty() {
            return None;
        }
        Some(children[p].iter().map(|&k| value(k, c)).sum::<Decimal>() - value(p, c))
    };
    let mut notes: Vec<(String, String, String)> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let row_gap = parts.iter().map(|&c| value(i, c)).sum::<Decimal>() - value(i, row_total);
        let row_place = at(
            row.place.clone(),
            row.cells.get(row_total).and_then(Option::as_ref),
        );
        if row_gap.is_zero() || !is_error(r, rule_row, &row_place) {
            continue;
        }
        let mut found = Vec::new();
        for &c in parts.iter().chain(std::iter::once(&row_total)) {
            // The change of cell (i, c) that explains the row's gap.
            let delta = if c == row_total { -row_gap } else { row_gap };
            let as_child = parent_of(row).map(|p| (p, tree_gap(p, c), delta));
            let as_parent = Some((i, tree_gap(i, c), -delta));
            let sums: Vec<(usize, Decimal, Decimal)> = [as_child, as_parent]
                .into_iter()
                .flatten()
                .filter_map(|(p, gap, want)| Some((p, gap?, want)))
                .collect();
            if !sums.is_empty() && sums.iter().all(|&(_, gap, want)| close(gap, want)) {
                found.push((c, sums));
            }
        }
        let [(c, sums)] = found.as_slice() else {
            continue;
        };
        let Some(cell) = row.cells.get(*c).and_then(Option::as_ref) else {
            continue;
        };
        let col = &t.columns[*c];
        let note = format!("；本行与“{col}”列的上下级之和同时不符，多半错在 {cell}");
        notes.push((rule_row.to_string(), row_place.clone(), note.clone()));
        for &(p, _, _) in sums {
            let place = at(
                (rows[p].column_place)(col),
                rows[p].cells.get(*c).and_then(Option::as_ref),
            );
            notes.push((rule_tree.to_string(), place, note.clone()));
        }
    }
    for (rule, place, note) in notes {
        if let Some(f) = r
            .findings
            .iter_mut()
            .find(|f| f.severity == Severity::Error && f.rule == rule && f.place == place)
        {
            if !f.note.contains(&note) {
                f.note.push_str(&note);
            }
        }
    }
}

fn is_error(r: &Report, rule: &str, place: &str) -> bool {
    r.findings
        .iter()
        .any(|f| f.severity == Severity::Error && f.rule == rule && f.place == place)
}
