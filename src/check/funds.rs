//! The three kinds of 财政拨款 across 公开01表, 04 and 07.

use rust_decimal::Decimal;

use super::{at, label, Report};
use crate::derive::strip_numbering;
use crate::model::*;

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
    let income = t.fund_income(fund).map(|l| value(l, 0));
    // The sub-line named `fund` under the (年初|年末) 结转和结余 line of one side.
    let sub_under = |lines: &[Line], which: &str| -> Option<(Decimal, Option<CellRef>)> {
        let head = lines
            .iter()
            .position(|l| !l.sub && l.label.contains(which) && l.label.contains("结转和结余"))?;
        lines[head + 1..]
            .iter()
            .take_while(|l| l.sub)
            .find(|l| crate::ingest::part_name(&l.label) == fund)
            .map(|l| value(l, 0))
    };
    let carry_in = sub_under(&t.income, "年初");
    let col = t.expense_columns.iter().position(|c| c == fund);
    let spent = col.and_then(|c| {
        t.expense
            .iter()
            .find(|l| l.is_year_total())
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
pub(super) fn fiscal_funds(r: &mut Report, g: &Gongkai) {
    let t04 = label(TableKind::T04);
    for fund in FUNDS {
        let f = fund_in_04(&g.t04, fund);
        let in01 = g
            .t01
            .income
            .iter()
            .find(|l| !l.sub && strip_numbering(&l.label).starts_with(fund));
        if let (Some(line), Some((b, cell))) = (in01, &f.income) {
            // 01's cell too: either of the two may be the wrong one.
            let what = match line.cells.first() {
                Some(c) => format!("与公开01表同名收入行（{c}）"),
                None => "与公开01表同名收入行".to_string(),
            };
            r.sum(
                "X-04对01",
                &t04,
                at(format!("收入“{fund}”"), cell.as_ref()),
                &[line.amount()],
                *b,
                &what,
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
        // 07, and 08 in Shanghai's layout, give the fund's income and 结转 too.
        let fund_table = match fund {
            f if f == FUNDS[1] => Some((&g.t07, TableKind::T07)),
            f if f == FUNDS[2] => Some((&g.t08, TableKind::T08)),
            _ => None,
        };
        if let Some((t, kind)) = fund_table {
            for (col, side) in [
                ("本年收入", &f.income),
                ("年初结转和结余", &f.carry_in),
                ("年末结转和结余", &f.carry_out),
            ] {
                let (Some(ci), Some((v04, cell04))) = (t.column(col), side) else {
                    continue;
                };
                r.sum(
                    &format!("X-{:02}对04", kind.number()),
                    &label(kind),
                    at(format!("合计行“{col}”"), t.total_cell(ci)),
                    &[*v04],
                    t.total[ci],
                    &format!(
                        "与公开04表{fund}{}",
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
