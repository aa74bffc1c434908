//! Stage 1: a 公开表 workbook (.xlsx, .xls, .ods) → the typed `Gongkai` model.
//!
//! Tables are found by their `公开NN表` label or their title, on any sheet, in any order;
//! headers by their labels; units from the 金额单位 line. See `locate` and `tables`.

mod cells;
mod error;
pub mod grid;
mod guard;
mod locate;
mod ods;
mod ole;
mod open;
mod shown_format;
mod tables;
mod xlsx_scan;

pub use error::IngestError;
pub use locate::parse_year;
pub use open::{open_workbook, Workbook};
pub use tables::part_name;

use std::collections::BTreeMap;
use std::path::Path;

use crate::model::*;
use cells::Ctx;
use grid::Grid;
use locate::{find_anchors, find_header, find_meta, Anchor};

/// The note for a workbook without 公开10表 (the case drops it when the profile gives
/// what the table would have).
pub const NO_T10: &str = "没有找到公开10表（部门决算公开相关信息统计表）。部分省份不设此表；政府采购、机关运行经费、国有资产数据需在部门信息文件中填写";

/// Read a 公开表 workbook from disk.
pub fn read_gongkai(path: &Path) -> Result<Gongkai, IngestError> {
    let mut book = open_workbook(path)?;
    let file = book.file.clone();
    let grids = book.grids()?;
    read_gongkai_grids(&file, &grids).map_err(|e| match e {
        // A table not found may be on a sheet whose contents the file lacks.
        IngestError::MissingTable {
            file,
            label,
            title,
            sheets,
        } if !book.missing_sheets.is_empty() => IngestError::MissingTable {
            file,
            label,
            title,
            sheets: format!(
                "{sheets}；另有工作表 {} 的内容在文件中缺失，文件可能已损坏，请重新导出",
                crate::files::quoted_list(&book.missing_sheets)
            ),
        },
        e => e,
    })
}

/// Read the tables from already loaded sheets (also used by tests and fuzzing).
pub fn read_gongkai_grids(file: &str, grids: &[Grid]) -> Result<Gongkai, IngestError> {
    // Every place each table is named, then one chosen per table.
    let mut candidates: BTreeMap<TableKind, Vec<(usize, Anchor)>> = BTreeMap::new();
    for (gi, grid) in grids.iter().enumerate() {
        for anchor in find_anchors(grid) {
            candidates
                .entry(anchor.kind)
                .or_default()
                .push((gi, anchor));
        }
    }
    let mut found: BTreeMap<TableKind, (usize, Anchor)> = BTreeMap::new();
    let mut warnings = Vec::new();
    for (kind, mut list) in candidates {
        // A table of contents names every table without a header below the name: where
        // a real table is found too, the mere mentions are dropped.
        if list.iter().any(|(gi, a)| has_header_rows(&grids[*gi], a)) {
            list.retain(|(gi, a)| has_header_rows(&grids[*gi], a));
        }
        // A hidden sheet holding a copy of a table (an old version, a template) yields
        // to the visible one; two visible copies are ambiguous.
        if list.iter().any(|(gi, _)| !grids[*gi].hidden) {
            let (visible, hidden): (Vec<_>, Vec<_>) =
                list.into_iter().partition(|(gi, _)| !grids[*gi].hidden);
            for (gi, _) in &hidden {
                warnings.push(format!(
                    "{file}：{}在隐藏的工作表“{}”中也有一份，已使用可见的工作表“{}”",
                    display_name(kind),
                    grids[*gi].sheet,
                    grids[visible[0].0].sheet
                ));
            }
            list = visible;
        }
        if list.len() > 1 {
            let (g0, a0) = &list[0];
            let (g1, a1) = &list[1];
            // On one sheet: most often the title repeated at a page break of the export.
            let second = if g0 == g1 {
                format!(
                    "同一工作表的第{}行；若是分页时重复的标题和表头，请删去重复的几行",
                    a1.start + 1
                )
            } else {
                format!("工作表“{}”第{}行", grids[*g1].sheet, a1.start + 1)
            };
            return Err(IngestError::DuplicateTable {
                file: file.to_string(),
                table: display_name(kind),
                first: format!("工作表“{}”第{}行", grids[*g0].sheet, a0.start + 1),
                second,
            });
        }
        if let Some(one) = list.into_iter().next() {
            found.insert(kind, one);
        }
    }
    // Two tables starting on the same rows of one sheet sit side by side: each one's
    // header rows hold the other's labels too, so neither reads.
    let placed: Vec<&(usize, Anchor)> = found.values().collect();
    for (i, (g0, a0)) in placed.iter().enumerate() {
        if let Some((_, a1)) = placed[i + 1..]
            .iter()
            .find(|(g1, a1)| g1 == g0 && a1.start.abs_diff(a0.start) <= 2)
        {
            return Err(IngestError::SideBySide {
                file: file.to_string(),
                sheet: grids[*g0].sheet.clone(),
                first: display_name(a0.kind),
                second: display_name(a1.kind),
            });
        }
    }
    // A sheet holding no table but a table's continuation (`收入决算表（续）`, a table
    // split over two sheets): its rows are not read, and the clerk must hear it.
    for (gi, grid) in grids.iter().enumerate() {
        if found.values().any(|(g, _)| *g == gi) {
            continue;
        }
        if let Some((at, kind)) = locate::continuation(grid) {
            warnings.push(format!(
                "{file}：工作表“{}”像是{}的续表（{at}），其中的行未读入；请把这些行移到{}的表内（“注”行之前）",
                grid.sheet,
                display_name(kind),
                kind.label()
            ));
        }
    }
    // What the clerk does not see in Excel, or sees other than it reads: said.
    for (kind, (gi, anchor)) in &found {
        let grid = &grids[*gi];
        let end = table_end(&found, *gi, anchor);
        hidden_rows_note(file, *kind, grid, anchor.start..end, &mut warnings);
        merged_amounts_note(file, *kind, grid, anchor.start..end, &mut warnings);
    }
    let mut sheets = crate::files::quoted_list(grids.iter().map(|g| &g.sheet));
    if sheets.is_empty() {
        sheets = "工作簿中没有可读的工作表".into();
    }
    let mut department: Option<String> = None;
    let mut year = None;
    let mut unit = None;
    let mut below_cent = false;

    macro_rules! table {
        ($kind:expr, $parse:ident) => {{
            let (gi, anchor) = found.get(&$kind).ok_or_else(|| IngestError::MissingTable {
                file: file.to_string(),
                label: $kind.label(),
                title: $kind.title().to_string(),
                sheets: match locate::label_beside_others(grids, $kind) {
                    Some(at) => format!(
                        "{sheets}；{at} 写着“{}”，但同一行还有其他表的内容：几张表左右并排在一张工作表上时读不出，请把每张表放在单独的工作表，或上下排列",
                        $kind.label()
                    ),
                    None => match blank_sheet_named(grids, &$kind.label()) {
                        Some(name) => format!(
                            "{sheets}；工作表“{name}”名为{}，却是空白的：表的内容可能没有复制进来",
                            $kind.label()
                        ),
                        None => sheets.clone(),
                    },
                },
            })?;
            let grid = &grids[*gi];
            let (mut ctx, meta, after) =
                prepare(file, grid, anchor, &mut warnings, &mut below_cent)?;
            department = department.or(meta.department.clone());
            year = year.or(meta.year);
            unit = unit.or(Some(meta.unit));
            let header = find_header(grid, anchor, after);
            if header.is_none() {
                ctx.no_header = locate::why_no_header(grid, anchor, after);
            }
            let table = tables::$parse(&mut ctx, anchor, header.as_ref(), meta)?;
            let width = header.as_ref().map_or(grid.width(), |h| h.paths.len());
            formula_errors(&ctx, anchor, width)?;
            table
        }};
    }

    let t01 = table!(TableKind::T01, parse_summary);
    let t02 = table!(TableKind::T02, parse_code_table);
    let t03 = table!(TableKind::T03, parse_code_table);
    let t04 = table!(TableKind::T04, parse_summary);
    let t05 = table!(TableKind::T05, parse_code_table);
    let t06 = table!(TableKind::T06, parse_basic_detail);
    let t07 = table!(TableKind::T07, parse_code_table);
    let t08 = table!(TableKind::T08, parse_code_table);
    for (kind, t) in [
        (TableKind::T02, &t02),
        (TableKind::T03, &t03),
        (TableKind::T05, &t05),
        (TableKind::T07, &t07),
        (TableKind::T08, &t08),
    ] {
        // The checks then compare the rows with a total of 0: the cause said first.
        let has_money = t.rows.iter().any(|r| r.values.iter().any(|v| !v.is_zero()));
        if t.total_at.is_none() && t.total.iter().all(|v| v.is_zero()) && has_money {
            warnings.push(format!(
                "{file}：{}没有找到合计行（第一列或科目名称列写着“合计”的一行）：合计按 0 计，核对时会与各行之和对不上；请补上合计行",
                display_name(kind)
            ));
        }
    }
    let t09 = table!(TableKind::T09, parse_sangong);
    let t10 = match found.get(&TableKind::T10) {
        None => {
            warnings.push(format!("{file}：{NO_T10}"));
            None
        }
        Some((gi, anchor)) => {
            let grid = &grids[*gi];
            let (mut ctx, meta, after) =
                prepare(file, grid, anchor, &mut warnings, &mut below_cent)?;
            let table = tables::parse_info(&mut ctx, anchor, after, meta)?;
            formula_errors(&ctx, anchor, grid.width())?;
            Some(table)
        }
    };
    if department.is_none() {
        warnings.push(format!(
            "{file}：各表都没有“部门名称：”行，部门名称需在部门信息文件中填写"
        ));
    }
    Ok(Gongkai {
        source: file.to_string(),
        department: department.unwrap_or_default(),
        year,
        unit: unit.unwrap_or(SourceUnit::Wanyuan),
        t01,
        t02,
        t03,
        t04,
        t05,
        t06,
        t07,
        t08,
        t09,
        t10,
        warnings,
        yuan_below_cent: below_cent,
    })
}

/// `公开02表（收入决算表）`
fn display_name(kind: TableKind) -> String {
    format!("{}（{}）", kind.label(), kind.title())
}

/// The meta line of a table, its unit, and a reading context.
fn prepare<'a>(
    file: &'a str,
    grid: &'a Grid,
    anchor: &Anchor,
    warnings: &'a mut Vec<String>,
    below_cent: &'a mut bool,
) -> Result<(Ctx<'a>, TableMeta, usize), IngestError> {
    let meta_line = find_meta(grid, anchor);
    let table = display_name(anchor.kind);
    if let Some((r, c, text)) = &meta_line.unknown_unit {
        return Err(IngestError::BadCell {
            file: file.to_string(),
            table,
            cell: format!("{}!{}", grid.sheet, grid::cell_name(*r, *c)),
            expected: if text.contains("表头另一处") {
                "表头只写一个金额单位（元或万元）"
            } else {
                "金额单位“元”或“万元”"
            }
            .into(),
            found: text.clone(),
            note: None,
        });
    }
    let header_unit = || {
        let from = meta_line.row.unwrap_or(anchor.start);
        locate::unit_in_header(grid, from, (from + 6).min(anchor.end))
    };
    let footer_unit = || locate::unit_in_footer(grid, anchor.start, anchor.end);
    let unit = match meta_line.unit.or_else(header_unit).or_else(footer_unit) {
        Some(u) => u,
        None => {
            warnings.push(format!(
                "{table}（工作表“{}”）：没有找到“金额单位：”，按万元读取",
                grid.sheet
            ));
            SourceUnit::Wanyuan
        }
    };
    let after = meta_line.row.unwrap_or_else(|| {
        // No meta line: the header starts after the title/label rows.
        (anchor.start..=anchor.end)
            .take_while(|&r| grid.row_texts(r).len() <= 2 && !locate_header_row(grid, r))
            .last()
            .unwrap_or(anchor.start)
    });
    let meta = TableMeta {
        sheet: grid.sheet.clone(),
        label: anchor.label.clone(),
        title: anchor.title.clone(),
        department: meta_line.department.clone(),
        // `2023年度收入决算表`: the year in the title when the meta line has none.
        year: meta_line
            .year
            .or_else(|| locate::parse_year(&grid::normalize(&anchor.title))),
        unit,
        notes: Vec::new(),
        empty: false,
    };
    let ctx = Ctx {
        file,
        table,
        grid,
        unit,
        warnings,
        below_cent,
        no_header: None,
    };
    Ok((ctx, meta, after))
}

/// A formula error (`#N/A`, `#REF!`) left in a label, code or note cell of the table would
/// be printed as its text (`主要包括#N/A`); an amount cell with one is refused as it is
/// read. Looked for once the table has read, in the columns its header spans.
fn formula_errors(ctx: &Ctx, anchor: &Anchor, width: usize) -> Result<(), IngestError> {
    for r in anchor.start..=anchor.end {
        for c in 0..width {
            if let calamine::Data::Error(e) = ctx.grid.get(r, c) {
                return Err(ctx.bad(
                    r,
                    c,
                    "文字或数字",
                    format!("公式错误 {e}，请在 Excel 中修正公式后重新保存"),
                ));
            }
        }
    }
    Ok(())
}

/// Does the table's region hold a header row (two or more header words), as a real
/// table does and a line of a table of contents does not?
fn has_header_rows(grid: &Grid, anchor: &Anchor) -> bool {
    let last = anchor.end.min(anchor.start + 12);
    (anchor.start..=last).any(|r| {
        grid.row_texts(r)
            .iter()
            .filter(|(_, t)| locate::is_header_word(&grid::normalize(t)))
            .count()
            >= 2
    })
}

fn locate_header_row(grid: &Grid, row: usize) -> bool {
    grid.row_texts(row)
        .iter()
        .any(|(_, t)| locate::is_header_word(&grid::normalize(t)))
}

/// A merge over an amount and the cells beside or below it keeps only the first one's
/// figure: the others read as empty (a clerk merging cells for looks loses figures
/// without seeing it). Said with the range, whatever the checks find after.
fn merged_amounts_note(
    file: &str,
    kind: TableKind,
    grid: &Grid,
    rows: std::ops::Range<usize>,
    warnings: &mut Vec<String>,
) {
    let inside = |m: &&grid::Merge| m.first.0 > rows.start && m.first.0 < rows.end;
    for m in grid
        .merges
        .iter()
        .filter(inside)
        .filter(|m| m.first != m.last)
    {
        let (r, c) = m.first;
        let amount = match grid.get(r, c) {
            calamine::Data::Float(_) | calamine::Data::Int(_) => grid.text(r, c),
            calamine::Data::String(t) if crate::amount::parse_amount_text(t).is_some() => {
                t.trim().to_string()
            }
            _ => continue,
        };
        warnings.push(format!(
            "{file}：{}的 {}!{} 是合并单元格：只读入了 {} 的数（{amount}），其余各格读作空白。金额单元格不能合并，请取消合并，把各格的数填回",
            display_name(kind),
            grid.sheet,
            m.name(),
            grid::cell_name(r, c),
        ));
    }
}

/// A sheet named for a table (`公开05表`) that holds nothing at all: why the table is
/// missing, said rather than listed among the sheets looked at.
fn blank_sheet_named<'a>(grids: &'a [Grid], label: &str) -> Option<&'a str> {
    grids
        .iter()
        .find(|g| {
            grid::normalize(&g.sheet).contains(label)
                && (0..g.rows()).all(|r| g.row_texts(r).is_empty())
        })
        .map(|g| g.sheet.as_str())
}

/// The row after the last row of a table: the next table named on the same sheet.
fn table_end(found: &BTreeMap<TableKind, (usize, Anchor)>, gi: usize, anchor: &Anchor) -> usize {
    found
        .values()
        .filter(|(g, a)| *g == gi && a.start > anchor.start)
        .map(|(_, a)| a.start)
        .min()
        .unwrap_or(usize::MAX)
}

/// Rows of a table hidden in Excel: read like the others (their figures are in the
/// totals), but the clerk never saw them, and they will be printed. Said, with the cell.
fn hidden_rows_note(
    file: &str,
    kind: TableKind,
    grid: &Grid,
    rows: std::ops::Range<usize>,
    warnings: &mut Vec<String>,
) {
    // Where the clerk would have hidden it: Excel for .xlsx/.xls, another program for .ods.
    let program = if file.to_lowercase().ends_with(".ods") {
        "WPS 或 LibreOffice"
    } else {
        "Excel"
    };
    for &r in grid
        .hidden_rows
        .iter()
        .filter(|&&r| r > rows.start && r < rows.end)
    {
        let texts = grid.row_texts(r);
        let Some((c, _)) = texts.first() else {
            continue;
        };
        let shown: Vec<String> = texts.iter().take(3).map(|(_, t)| t.clone()).collect();
        warnings.push(format!(
            "{file}：{}第{}行（{}!{}：{}）在 {program} 中是隐藏的，已照常读入并将印在文档中；请核实",
            display_name(kind),
            r + 1,
            grid.sheet,
            grid::cell_name(r, *c),
            shown.join(" ")
        ));
    }
    // Hidden columns likewise: a hidden column of old figures under the same header
    // as a visible one may be the one read.
    let last = rows.end.min(grid.rows()).max(rows.start + 1);
    for &c in &grid.hidden_cols {
        let filled: Vec<usize> = (rows.start..last)
            .filter(|&r| !grid.is_empty(r, c))
            .collect();
        let Some(&first) = filled.first() else {
            continue;
        };
        warnings.push(format!(
            "{file}：{}的{}列（{}!{}起，{} 个单元格有内容）在 {program} 中是隐藏的，已照常读入；若其中是不用的旧数字，请删去这一列",
            display_name(kind),
            grid::col_name(c),
            grid.sheet,
            grid::cell_name(first, c),
            filled.len()
        ));
    }
}
