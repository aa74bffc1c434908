//! One parser per kind of table. Each receives the located anchor, meta line and header
//! and returns the typed table; layout knowledge stays in this module and `locate`.

use rust_decimal::Decimal;

use super::cells::{code_text, Amount, Ctx};
use super::error::IngestError;
use super::grid::{cell_name, normalize, Grid};
use super::locate::{header_key, is_header_word, is_note_row, note_text, Anchor, Header};
use crate::model::*;

/// The labels of the 本年支出 total column of 05 and 08.
const SPENDING_TOTAL: &[&str] = &[
    "合计",
    "小计",
    "本年支出合计",
    "支出合计",
    "本年支出",
    "决算数",
];

/// The amount columns of a code table kind: canonical name and the header labels that
/// mean it (matched against the column's last header label).
pub fn code_columns(kind: TableKind) -> &'static [(&'static str, &'static [&'static str])] {
    match kind {
        TableKind::T02 => &[
            (
                "本年收入合计",
                &[
                    "本年收入合计",
                    "收入合计",
                    "合计",
                    "本年收入",
                    "收入",
                    "决算数",
                ],
            ),
            ("财政拨款收入", &["财政拨款收入", "财政拨款"]),
            ("上级补助收入", &["上级补助收入"]),
            ("事业收入", &["事业收入"]),
            ("经营收入", &["经营收入"]),
            ("附属单位上缴收入", &["附属单位上缴收入"]),
            ("其他收入", &["其他收入"]),
        ],
        TableKind::T03 => &[
            (
                "本年支出合计",
                &[
                    "本年支出合计",
                    "支出合计",
                    "合计",
                    "本年支出",
                    "支出",
                    "决算数",
                ],
            ),
            ("基本支出", &["基本支出"]),
            ("项目支出", &["项目支出"]),
            ("上缴上级支出", &["上缴上级支出"]),
            ("经营支出", &["经营支出"]),
            ("对附属单位补助支出", &["对附属单位补助支出"]),
        ],
        TableKind::T05 => &[
            ("合计", SPENDING_TOTAL),
            ("基本支出", &["基本支出"]),
            ("项目支出", &["项目支出"]),
        ],
        // 08 as the national form has it (合计 | 基本支出 | 项目支出), or laid out as 07
        // with its balance columns (Shanghai's 收入支出决算表).
        TableKind::T08 => &[
            ("年初结转和结余", &["年初结转和结余"]),
            ("本年收入", &["本年收入"]),
            ("合计", SPENDING_TOTAL),
            ("基本支出", &["基本支出"]),
            ("项目支出", &["项目支出"]),
            ("年末结转和结余", &["年末结转和结余"]),
        ],
        TableKind::T07 => &[
            ("年初结转和结余", &["年初结转和结余"]),
            ("本年收入", &["本年收入"]),
            ("本年支出", &["小计", "合计", "本年支出"]),
            ("基本支出", &["基本支出"]),
            ("项目支出", &["项目支出"]),
            ("年末结转和结余", &["年末结转和结余"]),
        ],
        _ => &[],
    }
}

/// 公开07表's (and 08's) spending columns (本年支出 and its parts), as against their
/// balance columns.
fn is_expense_column(name: &str) -> bool {
    matches!(name, "本年支出" | "合计" | "基本支出" | "项目支出")
}

/// Collect the 注/说明 lines from `row` to the end of the table.
fn notes_from(grid: &Grid, row: usize, end: usize) -> Vec<String> {
    (row..=end)
        .flat_map(|r| grid.row_texts(r).into_iter().map(|(_, t)| t))
        .filter_map(|t| note_text(&t))
        .collect()
}

/// Data rows of a table: from after the header to the 注 line, empty rows skipped.
/// Returns the rows and the notes. A row under the notes that starts with a 科目代码 is
/// not read (a row added below the table by hand): said, with its cell.
fn data_rows(ctx: &mut Ctx, header: &Header, anchor: &Anchor) -> (Vec<usize>, Vec<String>) {
    let grid = ctx.grid;
    let mut rows = Vec::new();
    for r in header.last_row + 1..=anchor.end {
        if is_note_row(grid, r) {
            for late in r + 1..=anchor.end {
                let texts = grid.row_texts(late);
                let Some((c, first)) = texts.first() else {
                    continue;
                };
                let code = first.trim();
                if (3..=7).contains(&code.len()) && code.chars().all(|ch| ch.is_ascii_digit()) {
                    ctx.warnings.push(format!(
                        "{}：{}!{} 的“{}”一行在表下的“注”之后，未读入；若是表中的数据，请移到“注”之前",
                        ctx.table,
                        grid.sheet,
                        cell_name(late, *c),
                        texts.iter().take(3).map(|(_, t)| t.trim()).collect::<Vec<_>>().join(" ")
                    ));
                }
            }
            return (rows, notes_from(grid, r, anchor.end));
        }
        if !grid.row_is_empty(r) {
            rows.push(r);
        }
    }
    (rows, Vec::new())
}

fn missing_header(ctx: &Ctx, expected: &str, header: Option<&Header>) -> IngestError {
    let found = match header {
        Some(h) => {
            let labels: Vec<String> = h
                .paths
                .iter()
                .filter(|p| !p.is_empty())
                .map(|p| p.join("/"))
                .collect();
            format!(
                "实际表头为：{}{}",
                labels.join("、"),
                unknown_label_below(ctx.grid, h)
            )
        }
        None => ctx
            .no_header
            .clone()
            .unwrap_or_else(|| "标题下方没有可识别的表头行".to_string()),
    };
    IngestError::MissingHeader {
        file: ctx.file.to_string(),
        table: ctx.table.clone(),
        sheet: ctx.grid.sheet.clone(),
        expected: expected.to_string(),
        found,
    }
}

/// The row under a header that stopped early, when it reads as more header with a label
/// not known (a typo, `上级补助收人`; another wording, `本年决算数`): the label named,
/// with its cell, since it is why the header ends there.
fn unknown_label_below(grid: &Grid, h: &Header) -> String {
    let r = h.last_row + 1;
    let cells = grid.row_texts(r);
    let (known, unknown): (Vec<_>, Vec<_>) = cells
        .iter()
        .partition(|(_, t)| is_header_word(&normalize(t)));
    if known.is_empty() || unknown.is_empty() || unknown.len() > 2 {
        return String::new();
    }
    let named: Vec<String> = unknown
        .iter()
        .map(|(c, t)| format!("“{}”（{}!{}）", t.trim(), grid.sheet, cell_name(r, *c)))
        .collect();
    format!(
        "；下一行的{}不是认识的栏目名称，表头因此在这里中断（是否有错别字？）",
        named.join("、")
    )
}

/// `合计`, `总计`, `合计数`, and as exports also write them: `合计：`, `本年合计`,
/// `合计（万元）`.
fn is_total_label(key: &str) -> bool {
    let key = key.trim_end_matches(['：', ':']);
    let key = key
        .strip_suffix("（万元）")
        .or_else(|| key.strip_suffix("（元）"))
        .unwrap_or(key);
    matches!(key, "合计" | "总计" | "合计数" | "本年合计")
}

/// A code as the model keeps it: 3, 5 or 7 digits.
fn valid_code(code: &str) -> bool {
    matches!(code.len(), 3 | 5 | 7) && code.chars().all(|c| c.is_ascii_digit())
}

/// 02, 03, 05, 07, 08.
pub fn parse_code_table(
    ctx: &mut Ctx,
    anchor: &Anchor,
    header: Option<&Header>,
    meta: TableMeta,
) -> Result<CodeTable, IngestError> {
    let kind = anchor.kind;
    let Some(header) = header else {
        if let Some(notes) = stated_empty(ctx.grid, anchor) {
            // 08's national form: 合计 | 基本支出 | 项目支出.
            let columns: Vec<String> = code_columns(kind)
                .iter()
                .filter(|(n, _)| kind != TableKind::T08 || is_expense_column(n))
                .map(|(n, _)| n.to_string())
                .collect();
            return Ok(CodeTable {
                meta: TableMeta {
                    notes,
                    empty: true,
                    ..meta
                },
                total: vec![cents0(); columns.len()],
                total_cells: vec![None; columns.len()],
                columns,
                total_at: None,
                rows: Vec::new(),
            });
        }
        return Err(missing_header(
            ctx,
            "“科目代码/科目编码”“科目名称”及金额栏",
            None,
        ));
    };
    let grid = ctx.grid;
    // Code columns: one 科目代码 column, or three 类/款/项 columns under 科目编码.
    let split: Vec<usize> = ["类", "款", "项"]
        .iter()
        .filter_map(|l| (0..header.paths.len()).find(|&c| header.last_label(c) == *l))
        .collect();
    let single = (0..header.paths.len()).find(|&c| {
        let last = header.last_label(c);
        last == "科目代码" || last == "科目编码"
    });
    let code_cols: Vec<usize> = if split.len() == 3 {
        split
    } else if let Some(c) = single {
        vec![c]
    } else {
        return Err(missing_header(
            ctx,
            "“科目代码”（或“科目编码”下的类、款、项三栏）",
            Some(header),
        ));
    };
    let name_col = (0..header.paths.len())
        .find(|&c| header.last_label(c) == "科目名称")
        .ok_or_else(|| missing_header(ctx, "“科目名称”栏", Some(header)))?;
    let specs = code_columns(kind);
    let mut columns = Vec::new();
    let mut value_cols: Vec<Option<usize>> = Vec::new();
    // A 小计 under a group label is that group's column: 基本支出 split into 小计 |
    // 人员经费 | 公用经费 (its parts are not columns of the model).
    let label_of = |c: usize| -> &str {
        let path = &header.paths[c];
        match path.as_slice() {
            [.., group, last] if matches!(last.as_str(), "小计" | "合计") => group,
            _ => header.last_label(c),
        }
    };
    let found: Vec<Option<usize>> = specs
        .iter()
        .map(|(_, alts)| {
            (0..header.paths.len())
                .find(|&c| !code_cols.contains(&c) && c != name_col && alts.contains(&label_of(c)))
        })
        .collect();
    // 07 as exported before 2019 (政府性基金预算财政拨款支出决算表) has only 合计 |
    // 基本支出 | 项目支出: no balance columns at all, and so has 08 in the national form.
    // They are left out of the model, not read as 0, so nothing is said or checked about
    // a 结转 the table does not show.
    let expense_only = matches!(kind, TableKind::T07 | TableKind::T08)
        && specs
            .iter()
            .zip(&found)
            .all(|((name, _), f)| f.is_some() == is_expense_column(name));
    let required = if matches!(kind, TableKind::T07 | TableKind::T08) {
        2
    } else {
        0
    };
    for (i, ((name, alts), found)) in specs.iter().zip(found).enumerate() {
        if found.is_none() && i == required {
            return Err(missing_header(
                ctx,
                &format!("“{}”栏", alts[0]),
                Some(header),
            ));
        }
        if found.is_none() && expense_only {
            continue;
        }
        if found.is_none() {
            ctx.warnings
                .push(format!("{}：表头中没有“{}”栏，按 0 处理", ctx.table, name));
        }
        columns.push(name.to_string());
        value_cols.push(found);
    }
    let (rows, notes) = data_rows(ctx, header, anchor);
    let mut total = vec![cents0(); columns.len()];
    let mut total_at = None;
    let mut total_cells = Vec::new();
    let mut out = Vec::new();
    let mut last_lei = String::new();
    let mut last_kuan = String::new();
    for r in rows {
        let mut values = Vec::with_capacity(value_cols.len());
        for vc in &value_cols {
            values.push(match vc {
                Some(c) => ctx.amount(r, *c)?,
                None => cents0(),
            });
        }
        let cells: Vec<Option<CellRef>> = value_cols
            .iter()
            .map(|vc| vc.map(|c| grid.at(r, c)))
            .collect();
        let first_text = normalize(&grid.text(r, code_cols[0]));
        let name_text = grid.text(r, name_col);
        if is_total_label(&first_text) || is_total_label(&normalize(&name_text)) {
            // A second 合计 row with other figures (an old total left below the table):
            // which one is right cannot be told, and the last would silently win.
            if let (Some(first), Some(i)) = (
                &total_at,
                (0..values.len()).find(|&i| total[i] != values[i]),
            ) {
                let c = value_cols[i].unwrap_or(code_cols[0]);
                let mut e = ctx.bad(
                    r,
                    c,
                    &format!("与第一个合计行（{first}）相同的数，或删去其中一行"),
                    format!("第二个合计行，{} 而不是 {}", values[i], total[i]),
                );
                if let IngestError::BadCell { note, .. } = &mut e {
                    *note = Some(Box::new(
                        "（表中有两个合计行且数字不同，无法判断哪个是对的）".into(),
                    ));
                }
                return Err(e);
            }
            total = values;
            total_at = value_cols[0].map(|c| grid.at(r, c));
            total_cells = cells;
            continue;
        }
        // The code, joined from 类/款/项 when split.
        let (code, name) = if code_cols.len() == 3 {
            let lei = code_text(grid.get(r, code_cols[0]));
            let kuan = code_text(grid.get(r, code_cols[1]));
            let xiang = code_text(grid.get(r, code_cols[2]));
            // Merged 类 and 款 cells read once, on their first row: a 项 row below leaves
            // both blank. A new 类 starts its own 款.
            if !lei.is_empty() && lei != last_lei {
                last_kuan.clear();
            }
            let kuan = if kuan.is_empty() && !xiang.is_empty() {
                last_kuan.clone()
            } else {
                kuan
            };
            let lei = if lei.is_empty() && !kuan.is_empty() {
                last_lei.clone()
            } else {
                lei
            };
            let pad = |s: &str| {
                if s.len() == 1 {
                    format!("0{s}")
                } else if s.len() == 5 || s.len() == 7 {
                    // Some exports repeat the full code in every column.
                    s[s.len() - 2..].to_string()
                } else {
                    s.to_string()
                }
            };
            let mut code = lei.clone();
            if !kuan.is_empty() {
                code.push_str(&pad(&kuan));
            }
            if !xiang.is_empty() {
                code.push_str(&pad(&xiang));
            }
            if !lei.is_empty() {
                last_lei = lei;
            }
            if !kuan.is_empty() {
                last_kuan = kuan;
            }
            (code, name_text)
        } else {
            let raw = code_text(grid.get(r, code_cols[0]));
            // `2013201行政运行` in one cell, name column empty.
            let digits: String = raw.chars().take_while(|c| c.is_ascii_digit()).collect();
            if name_text.is_empty() && !digits.is_empty() && digits.len() < raw.len() {
                (digits.clone(), raw[digits.len()..].to_string())
            } else {
                (raw, name_text)
            }
        };
        if code.is_empty() && name.is_empty() {
            if values.iter().all(|v| v.is_zero()) {
                continue;
            }
            return Err(ctx.bad(
                r,
                code_cols[0],
                "科目代码",
                "空白（该行有金额却没有科目代码）".into(),
            ));
        }
        if !valid_code(&code) {
            // The cell as typed (`1.本表反映…`, not the `1` read off its front); a line of
            // text under the table is most likely a note that lost its `注：`.
            let cell = grid.text(r, code_cols[0]);
            let cell = cell.trim();
            let found = if code.is_empty() {
                "空白".into()
            } else if !cell.is_empty() && cell != code {
                cell.to_string()
            } else {
                code
            };
            let mut e = ctx.bad(
                r,
                code_cols[0],
                "科目代码（类3位、款5位、项7位数字）",
                found,
            );
            if cell.chars().count() > 12 && values.iter().all(|v| v.is_zero()) {
                if let IngestError::BadCell { note, .. } = &mut e {
                    *note = Some(Box::new(
                        "（像是表下的说明文字：请在前面写上“注：”，或把它移到表格之外）".into(),
                    ));
                }
            }
            return Err(e);
        }
        // A code without its name would print an empty cell and a sentence without
        // its subject.
        if one_line(&name).is_empty() {
            return Err(ctx.bad(
                r,
                name_col,
                "科目名称",
                blank_name(grid, r, name_col, &code),
            ));
        }
        out.push(CodeRow {
            code,
            name: one_line(&name),
            values,
            at: grid.at(r, value_cols[0].unwrap_or(name_col)),
            cells,
        });
    }
    let empty = total.iter().all(|v| v.is_zero())
        && out.iter().all(|r| r.values.iter().all(|v| v.is_zero()));
    Ok(CodeTable {
        meta: TableMeta {
            notes,
            empty,
            ..meta
        },
        columns,
        total,
        total_at,
        total_cells,
        rows: out,
    })
}

/// A table printed without its frame, only a sentence saying it has nothing
/// (`说明：本单位2023年度无政府性基金预算财政拨款收入支出，故本表无数据。`): that sentence,
/// when the table holds no figure at all below its title.
fn stated_empty(grid: &Grid, anchor: &Anchor) -> Option<Vec<String>> {
    let mut said = Vec::new();
    for r in anchor.start..=anchor.end {
        for (c, text) in grid.row_texts(r) {
            if matches!(
                grid.get(r, c),
                calamine::Data::Float(_) | calamine::Data::Int(_)
            ) {
                return None;
            }
            let t = normalize(&text);
            if t.contains("无数据")
                || t.contains("本表无")
                || t.contains("不涉及")
                || t.contains("本表为空")
            {
                said.push(text.trim().to_string());
            }
        }
    }
    (!said.is_empty()).then_some(said)
}

fn cents0() -> Decimal {
    crate::amount::cents(Decimal::ZERO)
}

/// How far the raw label is indented, in half-width spaces.
fn indent(grid: &Grid, row: usize, col: usize) -> usize {
    match grid.get(row, col) {
        calamine::Data::String(s) => s
            .chars()
            .take_while(|c| matches!(c, ' ' | '\u{3000}' | '\u{a0}' | '\t'))
            .map(|c| if c == '\u{3000}' { 2 } else { 1 })
            .sum(),
        _ => 0,
    }
}

/// What a blank name cell holds, for the message: nothing, or a formula never
/// calculated.
fn blank_name(grid: &Grid, r: usize, c: usize, code: &str) -> String {
    match grid.uncalculated_formula(r, c) {
        Some(f) => {
            format!("公式 ={f} 没有计算结果（请在 Excel 或 WPS 中打开、重新计算并保存后再导出）")
        }
        None => format!("空白（科目代码 {code} 的名称没有填）"),
    }
}

/// A name as one line: a line break typed in the cell (Alt+Enter, to fit a narrow column)
/// is no part of the name and must not break the narrative's sentences.
fn one_line(name: &str) -> String {
    name.lines().map(str::trim).collect()
}

/// The lines under a 结转和结余 line that name a fund (`一般公共预算财政拨款`, as the
/// income side's own lines above do) or start with `其中` are its parts, however they are
/// indented: by typed spaces (read above), by Excel's alignment indent (a cell style the
/// reader does not see), or not at all. Counted as top-level lines, they would be added
/// twice in the totals.
fn mark_carry_sub_lines(income: &mut [Line], expense: &mut [Line]) {
    let funds: Vec<String> = income
        .iter()
        .take_while(|l| !l.label.contains("结转"))
        .filter(|l| !l.sub && !l.label.is_empty())
        .map(|l| part_name(&l.label).to_string())
        .collect();
    // The parts of 年末结转和结余 and of 结余分配 as older exports list them, indented
    // (if at all) by the cell's alignment, which the reader does not see.
    const KINDS: &[&str] = &[
        "基本支出结转",
        "项目支出结转",
        "经营结余",
        "交纳所得税",
        "缴纳所得税",
        "提取职工福利基金",
        "转入事业基金",
    ];
    for lines in [income, expense] {
        let mut under = false;
        for l in lines.iter_mut() {
            let name = part_name(&l.label)
                .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == '．');
            let kind = KINDS.iter().any(|k| name.starts_with(k));
            // (`项目支出结转和结余` is a part of 年末结转和结余, not a heading of its own.)
            let heading = l.label.contains("结转和结余") || l.label.contains("结余分配");
            if heading && !l.sub && !(under && kind) {
                under = true;
                continue;
            }
            let part = l.label.starts_with("其中") || funds.iter().any(|f| f == name) || kind;
            if under && part && !l.label.is_empty() {
                l.sub = true;
            } else {
                under = under && l.sub;
            }
        }
    }
}

/// A line's name without its numbering or `其中：`: `其中：一般公共预算财政拨款`,
/// `一、一般公共预算财政拨款` and `（一）一般公共预算财政拨款` all name the same fund.
pub fn part_name(label: &str) -> &str {
    let l = label
        .trim_start_matches("其中")
        .trim_start_matches(['：', ':']);
    let l = l.split_once('、').map_or(l, |(_, rest)| rest);
    match l.strip_prefix('（').and_then(|x| x.split_once('）')) {
        Some((n, rest)) if n.chars().count() <= 3 => rest,
        _ => l,
    }
}

/// 01 and 04: 收入 lines on the left, 支出 lines on the right.
pub fn parse_summary(
    ctx: &mut Ctx,
    anchor: &Anchor,
    header: Option<&Header>,
    meta: TableMeta,
) -> Result<SummaryTable, IngestError> {
    let Some(header) = header else {
        return Err(missing_header(
            ctx,
            "“项目”“金额”等栏（收入、支出两侧）",
            None,
        ));
    };
    let grid = ctx.grid;
    let item_cols: Vec<usize> = (0..header.paths.len())
        .filter(|&c| header.last_label(c) == "项目")
        .collect();
    if item_cols.len() < 2 {
        return Err(missing_header(
            ctx,
            "收入、支出两侧各一个“项目”栏",
            Some(header),
        ));
    }
    let (rows, notes) = data_rows(ctx, header, anchor);
    // 收入 is on the left in the national form; an export with 支出 on the left is told by
    // its 收入/支出 header cells, or else by where its 本年收入合计 line stands.
    let (mut inc_item, mut exp_item) = (item_cols[0], item_cols[1]);
    let said = |col: usize, word: &str| header.paths[col].iter().any(|l| l.starts_with(word));
    let total_at = |col: usize, word: &str| {
        rows.iter()
            .any(|&r| strip_numbering(&grid.text(r, col)).starts_with(word))
    };
    let swapped = if said(inc_item, "收入") || said(exp_item, "支出") {
        false
    } else if said(inc_item, "支出") || said(exp_item, "收入") {
        true
    } else {
        total_at(inc_item, "本年支出") && total_at(exp_item, "本年收入")
    };
    if swapped {
        std::mem::swap(&mut inc_item, &mut exp_item);
    }
    // A side's columns run from its 项目 column to the next 项目 column or the header's end.
    let side = |from: usize| -> (Option<usize>, Vec<usize>) {
        let to = if from == item_cols[0] {
            item_cols[1]
        } else {
            header.paths.len()
        };
        let line = (from + 1..to).find(|&c| header.last_label(c) == "行次");
        let amounts: Vec<usize> = (from + 1..to)
            .filter(|&c| {
                let l = header.last_label(c);
                !l.is_empty() && l != "行次" && l != "栏次"
            })
            .collect();
        // Sides printed with 预算数 beside 决算数 (some provinces' 收支总表): the 决算数
        // columns are the table's figures.
        let says = |c: usize, w: &str| header.paths[c].iter().any(|l| l.contains(w));
        let budget = |c: usize| says(c, "预算") && !says(c, "决算");
        let amounts: Vec<usize> =
            if amounts.iter().any(|&c| budget(c)) && amounts.iter().any(|&c| says(c, "决算")) {
                amounts.into_iter().filter(|&c| !budget(c)).collect()
            } else {
                amounts
            };
        // Last year's figures beside this year's (`上年决算数`): not this table's.
        let amounts = if amounts.iter().any(|&c| says(c, "上年"))
            && amounts.iter().any(|&c| !says(c, "上年"))
        {
            amounts.into_iter().filter(|&c| !says(c, "上年")).collect()
        } else {
            amounts
        };
        (line, amounts)
    };
    let (inc_line, inc_amounts) = side(inc_item);
    let (exp_line, exp_amounts) = side(exp_item);
    if inc_amounts.is_empty() || exp_amounts.is_empty() {
        return Err(missing_header(
            ctx,
            "收入、支出两侧的“金额”栏",
            Some(header),
        ));
    }
    let expense_columns = exp_amounts
        .iter()
        .map(|&c| header.last_label(c).to_string())
        .collect();
    let mut income = Vec::new();
    let mut expense = Vec::new();
    // A sub-line is indented further than the side's top-level lines; some exports
    // indent every label, so the measure is relative.
    let base = |col: usize| {
        rows.iter()
            .filter(|&&r| !grid.text(r, col).is_empty())
            .map(|&r| indent(grid, r, col))
            .min()
            .unwrap_or(0)
    };
    let (inc_base, exp_base) = (base(inc_item), base(exp_item));
    for &r in &rows {
        for (item, line_col, amount_cols, out, base) in [
            (inc_item, inc_line, &inc_amounts, &mut income, inc_base),
            (exp_item, exp_line, &exp_amounts, &mut expense, exp_base),
        ] {
            let mut amounts = Vec::new();
            for &c in amount_cols.iter() {
                amounts.push(ctx.amount(r, c)?);
            }
            let label = grid.text(r, item);
            // An empty label is kept, so that 收入 and 支出 lines stay paired row by row,
            // unless it carries money nobody can name.
            if label.is_empty() && amounts.iter().any(|a| !a.is_zero()) {
                return Err(ctx.bad(
                    r,
                    item,
                    "项目名称",
                    "空白（该行有金额却没有项目名称）".into(),
                ));
            }
            out.push(Line {
                label: label.split_whitespace().collect::<Vec<_>>().join(""),
                line_no: ctx.line_no(r, line_col),
                sub: indent(grid, r, item) > base,
                amounts,
                cells: amount_cols.iter().map(|&c| grid.at(r, c)).collect(),
            });
        }
    }
    for (line_col, lines) in [(inc_line, &income), (exp_line, &expense)] {
        if let Some(c) = line_col {
            line_numbers_in_sequence(ctx, &rows, c, lines)?;
        }
    }
    mark_carry_sub_lines(&mut income, &mut expense);
    let empty = income
        .iter()
        .chain(expense.iter())
        .all(|l| l.amounts.iter().all(|a| a.is_zero()));
    Ok(SummaryTable {
        meta: TableMeta {
            notes,
            empty,
            ..meta
        },
        expense_columns,
        income,
        expense,
    })
}

/// 01, 04: a side's 行次 run 1, 2, 3 … (the expense side on from the income side's last).
/// A cell that breaks the run where its neighbours keep it — a figure with decimals, or a
/// number other than the one between them — is an amount typed one column too far left:
/// the line would print without it.
fn line_numbers_in_sequence(
    ctx: &Ctx,
    rows: &[usize],
    col: usize,
    lines: &[Line],
) -> Result<(), IngestError> {
    let grid = ctx.grid;
    let numbered: Vec<(usize, Option<u32>)> = rows
        .iter()
        .zip(lines)
        .filter(|(&r, _)| !code_text(grid.get(r, col)).is_empty())
        .map(|(&r, l)| (r, l.line_no))
        .collect();
    for (i, &(r, n)) in numbered.iter().enumerate() {
        let at = |j: Option<usize>| j.and_then(|j| numbered.get(j)).and_then(|x| x.1);
        let (prev2, prev, next, next2) = (
            at(i.checked_sub(2)),
            at(i.checked_sub(1)),
            at(Some(i + 1)),
            at(Some(i + 2)),
        );
        // Between two lines that keep the run; at an end beside two that do, only a
        // figure with decimals (an end line — 总计 — may be numbered on from blank lines).
        let between = matches!((prev, next), (Some(p), Some(q)) if q == p + 2);
        let expected = match (prev2, prev, next, next2) {
            (_, Some(p), Some(_), _) if between => Some(p + 1),
            (Some(o), Some(p), None, _) if i + 1 == numbered.len() && p == o + 1 => Some(p + 1),
            (_, None, Some(q), Some(u)) if i == 0 && u == q + 1 && q > 1 => Some(q - 1),
            _ => None,
        };
        let Some(expected) = expected else {
            continue;
        };
        if n == Some(expected) {
            continue;
        }
        let typed = grid.text(r, col);
        let amount_like = n.is_none()
            && crate::amount::parse_amount_text(typed.trim()).is_some_and(|v| !v.is_zero());
        if (n.is_some() && between) || amount_like {
            let mut e = ctx.bad(
                r,
                col,
                &format!("行次 {expected}"),
                typed.trim().to_string(),
            );
            if let IngestError::BadCell { note, .. } = &mut e {
                *note = Some(Box::new(
                    "（行次应依次编号；是否把金额填进了行次栏？金额应填在右边的金额栏）".into(),
                ));
            }
            return Err(e);
        }
    }
    Ok(())
}

/// 06: groups of (科目代码, 科目名称, 决算数) columns, 人员经费 and 公用经费.
pub fn parse_basic_detail(
    ctx: &mut Ctx,
    anchor: &Anchor,
    header: Option<&Header>,
    meta: TableMeta,
) -> Result<BasicDetailTable, IngestError> {
    let Some(header) = header else {
        return Err(missing_header(
            ctx,
            "“科目代码”“科目名称”“决算数”栏组",
            None,
        ));
    };
    let grid = ctx.grid;
    struct Group {
        code: usize,
        name: usize,
        amount: usize,
        personnel: Option<bool>,
    }
    let mut groups = Vec::new();
    let code_cols: Vec<usize> = (0..header.paths.len())
        .filter(|&c| matches!(header.last_label(c), "科目代码" | "科目编码"))
        .collect();
    let is_amount = |x: usize| {
        matches!(
            header.last_label(x),
            "决算数" | "金额" | "合计" | "本年支出" | "支出"
        )
    };
    let name_cols: Vec<usize> = (0..header.paths.len())
        .filter(|&c| header.last_label(c) == "科目名称")
        .collect();
    let amount_cols: Vec<usize> = (0..header.paths.len()).filter(|&c| is_amount(c)).collect();
    // Groups in another order than 代码 | 名称 | 决算数 (决算数 first, 名称 before 代码):
    // as many of each label as groups, the n-th of each in the n-th group, each group's
    // columns side by side, not interleaved with the next group's.
    let reordered = code_cols.len() == name_cols.len()
        && code_cols.len() == amount_cols.len()
        && (0..code_cols.len())
            .any(|i| !(code_cols[i] < name_cols[i] && name_cols[i] < amount_cols[i]))
        && (1..code_cols.len()).all(|i| {
            let prev = code_cols[i - 1]
                .max(name_cols[i - 1])
                .max(amount_cols[i - 1]);
            prev < code_cols[i].min(name_cols[i]).min(amount_cols[i])
        });
    let personnel_of = |c: usize| {
        if header.path_has(c, "人员经费") {
            Some(true)
        } else if header.path_has(c, "公用经费") {
            Some(false)
        } else {
            None
        }
    };
    if reordered {
        for ((&code, &name), &amount) in code_cols.iter().zip(&name_cols).zip(&amount_cols) {
            groups.push(Group {
                code,
                name,
                amount,
                personnel: personnel_of(code),
            });
        }
    }
    let in_order = if reordered { &[][..] } else { &code_cols[..] };
    for (i, &c) in in_order.iter().enumerate() {
        // A group's columns end where the next group's code column begins: a name
        // header left blank must not borrow the next group's names.
        let end = code_cols.get(i + 1).copied().unwrap_or(header.paths.len());
        let name = (c + 1..end).find(|&x| header.last_label(x) == "科目名称");
        let amount = (c + 1..end).find(|&x| is_amount(x));
        if let (None, Some(amount)) = (name, amount) {
            if amount > c + 1 {
                // The row where the code column is labelled holds the name label too.
                let row = (0..=header.last_row)
                    .rev()
                    .find(|&r| {
                        matches!(
                            header_key(&normalize(&grid.text(r, c))).as_str(),
                            "科目代码" | "科目编码"
                        )
                    })
                    .unwrap_or(header.last_row);
                return Err(ctx.bad(
                    row,
                    c + 1,
                    "表头“科目名称”（科目代码与决算数之间一栏的栏目名称）",
                    match grid.text(row, c + 1) {
                        t if t.is_empty() => "空白".into(),
                        t => t,
                    },
                ));
            }
        }
        if let (Some(name), Some(amount)) = (name, amount) {
            groups.push(Group {
                code: c,
                name,
                amount,
                personnel: personnel_of(c),
            });
        }
    }
    if groups.is_empty() {
        return Err(missing_header(
            ctx,
            "“科目代码”“科目名称”“决算数”栏组",
            Some(header),
        ));
    }
    let (rows, notes) = data_rows(ctx, header, anchor);
    // Rows are collected per column group, so that the codes come out in their own
    // order (302, 30201, …, 307, …) whatever the number of groups the export used.
    let mut by_group: Vec<Vec<(bool, EconRow)>> = (0..groups.len()).map(|_| Vec::new()).collect();
    let mut personnel_total = None;
    let mut public_total = None;
    let mut section: Option<bool> = None;
    for r in rows {
        // A totals row: 人员经费合计 … 294.06 … 公用经费合计 … 9.37
        let texts = grid.row_texts(r);
        let has_total_label = texts
            .iter()
            .any(|(_, t)| normalize(t).ends_with("经费合计"));
        if has_total_label {
            for (i, (c, t)) in texts.iter().enumerate() {
                let k = normalize(t);
                if !k.ends_with("经费合计") {
                    continue;
                }
                // The section of the row the label heads: from the start of its column
                // group to the next label's group. Its figure is the filled amount cell
                // of a group there (before the label when 决算数 comes first in a group,
                // or in the last group); without known groups, the next filled cell.
                let span = |g: &Group| {
                    let cols = [g.code, g.name, g.amount];
                    (
                        *cols.iter().min().unwrap_or(&0),
                        *cols.iter().max().unwrap_or(&0),
                    )
                };
                let group_start = |col: usize| {
                    groups
                        .iter()
                        .map(span)
                        .find(|(a, b)| (*a..=*b).contains(&col))
                        .map_or(col, |(a, _)| a)
                };
                let next_label = texts[i + 1..]
                    .iter()
                    .find(|(_, t)| normalize(t).ends_with("经费合计"))
                    .map(|(c, _)| *c);
                let (start, end) = (group_start(*c), next_label.map_or(usize::MAX, group_start));
                let value_col = groups
                    .iter()
                    .map(|g| g.amount)
                    .filter(|a| (start..end).contains(a) && !grid.text(r, *a).is_empty())
                    .min()
                    .or_else(|| {
                        texts[i + 1..]
                            .iter()
                            .take_while(|(_, t)| !normalize(t).ends_with("经费合计"))
                            .map(|(c, _)| *c)
                            .next()
                    });
                let (value, at) = match value_col {
                    Some(vc) => (ctx.amount(r, vc)?, Some(grid.at(r, vc))),
                    None => (cents0(), Some(grid.at(r, *c))),
                };
                if k.starts_with("人员") {
                    personnel_total = Some((value, at));
                } else {
                    public_total = Some((value, at));
                }
            }
            continue;
        }
        for (gi, g) in groups.iter().enumerate() {
            let code = code_text(grid.get(r, g.code));
            let name = one_line(&grid.text(r, g.name));
            // `人员经费` / `公用经费` on a row of its own: the section the rows below it
            // belong to (a 06 of one column group).
            if name.is_empty() && matches!(code.as_str(), "人员经费" | "公用经费") {
                section = Some(code == "人员经费");
                continue;
            }
            // A 合计 line of 人员经费 and 公用经费 together (a one-group 06 puts it on
            // top): the two totals are what the document uses, and are checked.
            if is_total_label(&normalize(&code))
                || (code.is_empty() && is_total_label(&normalize(&name)))
            {
                ctx.amount_or_na(r, g.amount)?;
                continue;
            }
            if code.is_empty() && name.is_empty() {
                // Still reject stray text in an amount cell.
                ctx.amount_or_na(r, g.amount)?;
                continue;
            }
            if !(code.len() == 3 || code.len() == 5) || !code.chars().all(|c| c.is_ascii_digit()) {
                return Err(ctx.bad(
                    r,
                    g.code,
                    "经济分类科目代码（类3位、款5位数字）",
                    if code.is_empty() {
                        "空白".into()
                    } else {
                        code
                    },
                ));
            }
            if name.is_empty() {
                return Err(ctx.bad(
                    r,
                    g.name,
                    "经济分类科目名称",
                    blank_name(grid, r, g.name, &code),
                ));
            }
            let amount = match ctx.amount_or_na(r, g.amount)? {
                Amount::Value(v) => Some(v),
                Amount::NotApplicable => None,
            };
            let is_personnel = g
                .personnel
                .or(section)
                .unwrap_or_else(|| code.starts_with("301") || code.starts_with("303"));
            let row = EconRow {
                code,
                name,
                amount,
                at: grid.at(r, g.amount),
            };
            by_group[gi].push((is_personnel, row));
        }
    }
    let (personnel, public): (Vec<_>, Vec<_>) =
        by_group.into_iter().flatten().partition(|(p, _)| *p);
    let personnel: Vec<EconRow> = personnel.into_iter().map(|(_, r)| r).collect();
    let public: Vec<EconRow> = public.into_iter().map(|(_, r)| r).collect();
    let empty = personnel
        .iter()
        .chain(public.iter())
        .all(|r| r.amount.is_none_or(|a| a.is_zero()))
        && personnel_total.as_ref().is_none_or(|(v, _)| v.is_zero())
        && public_total.as_ref().is_none_or(|(v, _)| v.is_zero());
    if personnel_total.is_none() || public_total.is_none() {
        ctx.warnings.push(format!(
            "{}：没有找到“人员经费合计”/“公用经费合计”行，合计按明细相加",
            ctx.table
        ));
    }
    let sum = |rows: &[EconRow]| -> Decimal {
        rows.iter()
            .filter(|r| r.code.len() == 3)
            .filter_map(|r| r.amount)
            .sum()
    };
    let (pt, pt_at) = personnel_total.unwrap_or_else(|| (sum(&personnel), None));
    let (ut, ut_at) = public_total.unwrap_or_else(|| (sum(&public), None));
    Ok(BasicDetailTable {
        meta: TableMeta {
            notes,
            empty,
            ..meta
        },
        column_groups: groups.len(),
        personnel,
        public,
        personnel_total: crate::amount::cents(pt),
        public_total: crate::amount::cents(ut),
        personnel_total_at: pt_at,
        public_total_at: ut_at,
    })
}

/// 09: one data row of 预算数 and 决算数 columns.
pub fn parse_sangong(
    ctx: &mut Ctx,
    anchor: &Anchor,
    header: Option<&Header>,
    meta: TableMeta,
) -> Result<SanGongTable, IngestError> {
    let Some(header) = header else {
        if let Some(notes) = stated_empty(ctx.grid, anchor) {
            let zero = SanGong::default().rounded();
            return Ok(SanGongTable {
                meta: TableMeta {
                    notes,
                    empty: true,
                    ..meta
                },
                budget: zero.clone(),
                actual: zero,
                at: None,
                cells: Default::default(),
            });
        }
        return Err(missing_header(
            ctx,
            "“预算数”“决算数”下的三公经费各栏",
            None,
        ));
    };
    let grid = ctx.grid;
    #[derive(Clone, Copy)]
    enum Item {
        Total,
        Abroad,
        Vehicle,
        Purchase,
        Running,
        Reception,
    }
    let mut cols: Vec<(bool, Item, usize)> = Vec::new();
    for c in 0..header.paths.len() {
        let path = &header.paths[c];
        // Last year's figures beside this year's (`上年决算数`) are not this table's.
        if path.is_empty() || path.iter().any(|l| l.contains("上年")) {
            continue;
        }
        let actual = if path.iter().any(|l| l.contains("决算")) {
            true
        } else if path.iter().any(|l| l.contains("预算")) {
            false
        } else {
            continue;
        };
        // The item is the deepest label other than the side: 预算数 | 决算数 sit above the
        // items in the export, and under each item in the published layout.
        let side_word = |l: &str| l.contains("预算") || l.contains("决算");
        let last = path
            .iter()
            .rev()
            .find(|l| !side_word(l))
            .map_or("", String::as_str);
        let in_vehicle = path.iter().any(|l| l == "公务用车购置及运行维护费");
        // A header without merges repeats a label to the right (公务用车运行维护费 over
        // the 公务接待费 columns): an item above the deepest label wins.
        let above = |w: &str| path.iter().any(|l| l.contains(w));
        let last = if above("出国") && !last.contains("出国") {
            "因公出国（境）费"
        } else if above("接待") && !last.contains("接待") {
            "公务接待费"
        } else {
            last
        };
        let item = if last == "合计" {
            Item::Total
        } else if last.contains("出国") {
            Item::Abroad
        } else if last == "小计" && in_vehicle || last == "公务用车购置及运行维护费" {
            Item::Vehicle
        } else if last.ends_with("购置费") {
            Item::Purchase
        } else if last.ends_with("运行维护费") {
            Item::Running
        } else if last.contains("接待") {
            Item::Reception
        } else {
            continue;
        };
        cols.push((actual, item, c));
    }
    let (rows, notes) = data_rows(ctx, header, anchor);
    let mut budget = SanGong::default();
    let mut actual = SanGong::default();
    let mut at = None;
    let mut cells = std::collections::BTreeMap::new();
    let mut put = |is_actual: bool, item: Item, v: Decimal, cell: CellRef| {
        // `Item` lists the figures in the order `SanGong::items` names them.
        let name = SanGong::default().items()[item as usize].0;
        let side_name = if is_actual { "决算数" } else { "预算数" };
        cells.insert(format!("{side_name}.{name}"), cell);
        let side = if is_actual { &mut actual } else { &mut budget };
        match item {
            Item::Total => side.total = v,
            Item::Abroad => side.abroad = v,
            Item::Vehicle => side.vehicle = v,
            Item::Purchase => side.vehicle_purchase = v,
            Item::Running => side.vehicle_running = v,
            Item::Reception => side.reception = v,
        }
    };
    if cols.is_empty() {
        // Some provinces print the table turned: 项目 | 预算数 | 决算数, one line per
        // item (`2.公务用车购置及运行维护费`, `其中：公务用车购置费`).
        let side_col = |word: &str, not: &str| {
            (0..header.paths.len()).find(|&c| {
                let path = &header.paths[c];
                path.iter().any(|l| l.contains(word))
                    && !path.iter().any(|l| l.contains(not) || l.contains("上年"))
            })
        };
        let item_col = (0..header.paths.len()).find(|&c| header.last_label(c) == "项目");
        let (Some(item_col), Some(budget_col), Some(actual_col)) =
            (item_col, side_col("预算", "决算"), side_col("决算", "预算"))
        else {
            return Err(missing_header(
                ctx,
                "“预算数”“决算数”下的三公经费各栏（或“项目”“预算数”“决算数”三栏）",
                Some(header),
            ));
        };
        let item_of = |label: &str| {
            let l = normalize(label);
            if l.contains("合计") || l.contains("总计") {
                Some(Item::Total)
            } else if l.contains("出国") {
                Some(Item::Abroad)
            } else if l.contains("购置及运行") {
                Some(Item::Vehicle)
            } else if l.contains("购置费") {
                Some(Item::Purchase)
            } else if l.contains("运行维护费") || l.contains("运行费") {
                Some(Item::Running)
            } else if l.contains("接待") {
                Some(Item::Reception)
            } else {
                None
            }
        };
        let mut seen: Vec<(usize, usize)> = Vec::new();
        for &r in &rows {
            let label = grid.text(r, item_col);
            let b = ctx.amount(r, budget_col)?;
            let a = ctx.amount(r, actual_col)?;
            let Some(item) = item_of(&label) else {
                if b.is_zero() && a.is_zero() {
                    continue;
                }
                return Err(ctx.bad(
                    r,
                    item_col,
                    "三公经费的项目（合计、因公出国（境）费、公务用车购置及运行维护费、公务用车购置费、公务用车运行维护费、公务接待费）",
                    if label.is_empty() { "空白".into() } else { label },
                ));
            };
            if let Some((first, _)) = seen.iter().find(|(_, i)| *i == item as usize) {
                return Err(ctx.bad(
                    r,
                    item_col,
                    &format!("每个项目一行（第{}行已有这一项）", first + 1),
                    label,
                ));
            }
            seen.push((r, item as usize));
            at.get_or_insert_with(|| grid.at(r, budget_col));
            put(false, item, b, grid.at(r, budget_col));
            put(true, item, a, grid.at(r, actual_col));
        }
    } else {
        // The table has one row of figures: figures on a later row (a second
        // department, a row inserted above the real one) would otherwise be dropped
        // without a word.
        for &r in rows.iter().skip(1) {
            for (_, _, c) in &cols {
                let v = ctx.amount(r, *c)?;
                if !v.is_zero() {
                    let first = rows[0] + 1;
                    return Err(ctx.bad(
                        r,
                        *c,
                        &format!("三公经费表只有一行数字（第{first}行）"),
                        format!(
                            "第{}行还有金额 {v}（请删去多余的行，或把数字移到第{first}行）",
                            r + 1
                        ),
                    ));
                }
            }
        }
        if let Some(&r) = rows.first() {
            at = Some(grid.at(r, cols[0].2));
            for (is_actual, item, c) in &cols {
                let v = ctx.amount(r, *c)?;
                put(*is_actual, *item, v, grid.at(r, *c));
            }
        }
    }
    let (budget, actual) = (budget.rounded(), actual.rounded());
    let empty = budget == SanGong::default().rounded() && actual == SanGong::default().rounded();
    Ok(SanGongTable {
        meta: TableMeta {
            notes,
            empty,
            ..meta
        },
        budget,
        actual,
        at,
        cells,
    })
}

fn is_header_row(grid: &Grid, r: usize) -> bool {
    let texts = grid.row_texts(r);
    !texts.is_empty() && texts.iter().all(|(_, t)| is_header_word(&normalize(t)))
}

/// The column, right of each line's label, that holds 1, 2, 3 … down the lines (at least
/// three of them, none skipped): the 行次 of a table printed without its header rows.
fn numbered_column(ctx: &Ctx, rows: impl Iterator<Item = usize>) -> Option<usize> {
    let grid = ctx.grid;
    let mut next: std::collections::BTreeMap<usize, Option<u32>> = Default::default();
    for r in rows {
        let texts = grid.row_texts(r);
        // A section heading copied across its row (a merge undone) numbers nothing.
        if texts.iter().all(|(_, t)| *t == texts[0].1) {
            continue;
        }
        for (c, _) in texts.iter().skip(1) {
            let slot = next.entry(*c).or_insert(Some(1));
            *slot = match (*slot, ctx.line_no(r, Some(*c))) {
                (Some(want), Some(n)) if n == want => Some(want + 1),
                _ => None,
            };
        }
    }
    next.into_iter()
        .find(|(_, n)| n.is_some_and(|n| n > 3))
        .map(|(c, _)| c)
}

/// 10: sections of (项目, 行次, 统计数) lines.
pub fn parse_info(
    ctx: &mut Ctx,
    anchor: &Anchor,
    after_meta: usize,
    meta: TableMeta,
) -> Result<InfoTable, IngestError> {
    let grid = ctx.grid;
    let mut section = String::new();
    let mut label_col: Option<usize> = None;
    let mut line_col: Option<usize> = None;
    let mut value_col: Option<usize> = None;
    let mut lines = Vec::new();
    let mut notes = Vec::new();
    let rows = (after_meta + 1..=anchor.end).take_while(|&r| !is_note_row(grid, r));
    // Without header rows, the 行次 column is known by its numbers 1, 2, 3 …: else a line
    // whose figure is blank would take its 行次 as its value.
    if !rows.clone().any(|r| is_header_row(grid, r)) {
        line_col = numbered_column(ctx, rows);
    }
    for r in after_meta + 1..=anchor.end {
        if is_note_row(grid, r) {
            notes = notes_from(grid, r, anchor.end);
            break;
        }
        let texts = grid.row_texts(r);
        if texts.is_empty() {
            continue;
        }
        let keys: Vec<String> = texts.iter().map(|(_, t)| normalize(t)).collect();
        if keys.iter().all(|k| is_header_word(k)) {
            for ((c, _), k) in texts.iter().zip(&keys) {
                match k.as_str() {
                    "项目" => label_col = Some(*c),
                    "行次" => line_col = Some(*c),
                    _ => value_col = Some(*c),
                }
            }
            continue;
        }
        let first = &keys[0];
        // A section heading is one text, written once (merged) or copied into every cell
        // of the row (the merge undone).
        if keys.iter().all(|k| k == first)
            && first
                .chars()
                .next()
                .is_some_and(|c| "一二三四五六七八九十".contains(c))
            && first.contains('、')
        {
            section = first.clone();
            continue;
        }
        let lc = label_col.unwrap_or(texts[0].0);
        let label = normalize(&grid.text(r, lc));
        let vc = value_col.unwrap_or_else(|| {
            texts
                .iter()
                .rev()
                .find(|(c, _)| Some(*c) != line_col)
                .map_or(lc, |(c, _)| *c)
        });
        // Counts are known by their section or their unit, or (a renamed or missing
        // section heading, never a section about money: 公务用车运行维护费 is money) by
        // what they count: vehicles and 单价100万元以上设备.
        let count = section.contains("资产")
            || label.contains('辆')
            || (!crate::model::money_section(&section)
                && (label.contains("用车")
                    || label.contains("车辆")
                    || (label.contains("设备") && label.contains("以上"))))
            || label.contains("台（套）")
            || label.contains("（台")
            || label.contains("（个");
        let value = if vc == lc {
            cents0()
        } else if count {
            ctx.count(r, vc)?.normalize()
        } else {
            ctx.amount(r, vc)?
        };
        lines.push(StatLine {
            section: section.clone(),
            label,
            line_no: ctx.line_no(r, line_col),
            value,
            count,
            at: grid.at(r, vc),
        });
    }
    let empty = lines.iter().all(|l| l.value.is_zero());
    Ok(InfoTable {
        meta: TableMeta {
            notes,
            empty,
            ..meta
        },
        lines,
    })
}
