//! A sheet as a plain grid of cells with absolute coordinates, whatever the file format.

use std::collections::HashMap;

use super::error::Refusal;
use calamine::Data;

/// Column letters for a 0-based column index: 0 → A, 26 → AA.
pub fn col_name(mut col: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// `C9` for row 8, column 2 (0-based).
pub fn cell_name(row: usize, col: usize) -> String {
    format!("{}{}", col_name(col), row + 1)
}

/// One sheet, rows × columns from A1, with calamine's cells.
pub struct Grid {
    pub sheet: String,
    cells: Vec<Vec<Data>>,
    width: usize,
    /// Cells holding a formula but no stored result (written by a program that does not
    /// calculate): their formula text, by (row, col). Such a cell reads as empty.
    uncalculated: HashMap<(usize, usize), String>,
    /// Numeric cells whose number format shows another number than they hold
    /// (`0!.0000`: 元 shown as 万元), with that format (.xlsx).
    pub scaled: HashMap<(usize, usize), String>,
    /// Numbers shown as a percentage (`1` shown as `100%`), with the text shown: what a
    /// text cell (an indicator's 指标值) says to the clerk (.xlsx, .ods).
    pub shown: HashMap<(usize, usize), String>,
    /// A hidden sheet (often an old copy of a table a clerk kept): a table found on a
    /// visible sheet wins over the same table on a hidden one.
    pub hidden: bool,
    /// Rows hidden in Excel (.xlsx) or LibreOffice (.ods), from 0: read like the others,
    /// and said.
    pub hidden_rows: Vec<usize>,
    /// Columns hidden in Excel (from 0): read like the others, and said.
    pub hidden_cols: Vec<usize>,
    /// Merged cells (.xlsx, .xls, .ods): only the first cell of a merge keeps its content,
    /// so a message about another of its cells says so.
    pub merges: Vec<Merge>,
}

/// A merged range of cells, from its first (top-left) to its last cell, 0-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    pub first: (usize, usize),
    pub last: (usize, usize),
}

impl Merge {
    /// `C10:E10`.
    pub fn name(&self) -> String {
        format!(
            "{}:{}",
            cell_name(self.first.0, self.first.1),
            cell_name(self.last.0, self.last.1)
        )
    }

    pub fn contains(&self, row: usize, col: usize) -> bool {
        (self.first.0..=self.last.0).contains(&row) && (self.first.1..=self.last.1).contains(&col)
    }
}

/// Excel's last row and column (0-based): 1,048,576 rows, 16,384 columns.
const EXCEL_MAX_ROW: u32 = 1_048_575;
const EXCEL_MAX_COL: u32 = 16_383;
/// Cell positions a sheet's rows may hold (about 0.6 GB); a 50,000-row table of 10
/// columns needs 500,000.
const MAX_SLOTS: usize = 20_000_000;

impl Grid {
    /// From a dense range (the .xls and .ods readers).
    pub fn new(sheet: String, range: &calamine::Range<Data>) -> Grid {
        let mut cells: Vec<Vec<Data>> = Vec::new();
        let mut width = 0;
        if let (Some((r0, c0)), Some((r1, c1))) = (range.start(), range.end()) {
            let (r0, c0, r1, c1) = (r0 as usize, c0 as usize, r1 as usize, c1 as usize);
            width = c1 + 1;
            cells = vec![Vec::new(); r1 + 1];
            for (r, row) in range.rows().enumerate() {
                let abs = r0 + r;
                let mut line = vec![Data::Empty; c0];
                line.extend(row.iter().cloned().map(|mut d| {
                    if let Data::String(s) = &mut d {
                        strip_controls(s);
                    }
                    d
                }));
                // Trim trailing empties so empty rows cost nothing.
                while matches!(line.last(), Some(Data::Empty)) {
                    line.pop();
                }
                cells[abs] = line;
            }
        }
        Grid {
            sheet,
            cells,
            width,
            uncalculated: HashMap::new(),
            scaled: HashMap::new(),
            shown: HashMap::new(),
            hidden: false,
            hidden_rows: Vec::new(),
            hidden_cols: Vec::new(),
            merges: Vec::new(),
        }
    }

    /// From the non-empty cells at their absolute (row, col), in any order. Memory follows
    /// the cells, not their bounding box: a stray cell at XFD1048576 costs one long row.
    /// A position beyond Excel's limits, or rows that together would hold more than
    /// `MAX_SLOTS` cells (a damaged or hostile file), is an error, not an allocation.
    pub(crate) fn from_cells(
        sheet: String,
        cells: impl IntoIterator<Item = ((u32, u32), Data)>,
    ) -> Result<Grid, Refusal> {
        let mut rows: Vec<Vec<Data>> = Vec::new();
        let mut width = 0;
        let mut slots = 0usize;
        for ((r, c), mut data) in cells {
            if matches!(data, Data::Empty) {
                continue;
            }
            if let Data::String(s) = &mut data {
                strip_controls(s);
            }
            if r > EXCEL_MAX_ROW || c > EXCEL_MAX_COL {
                return Err(Refusal::Damaged(format!(
                    "单元格 {} 超出 Excel 的行列上限",
                    cell_name(r as usize, c as usize)
                )));
            }
            let (r, c) = (r as usize, c as usize);
            if rows.len() <= r {
                rows.resize_with(r + 1, Vec::new);
            }
            let line = &mut rows[r];
            if line.len() <= c {
                slots += c + 1 - line.len();
                if slots > MAX_SLOTS {
                    return Err(Refusal::TooMuch(format!(
                        "有内容的单元格分布过散（超过 {MAX_SLOTS} 个单元格位置）"
                    )));
                }
                line.resize(c + 1, Data::Empty);
            }
            line[c] = data;
            width = width.max(c + 1);
        }
        Ok(Grid {
            sheet,
            cells: rows,
            width,
            uncalculated: HashMap::new(),
            scaled: HashMap::new(),
            shown: HashMap::new(),
            hidden: false,
            hidden_rows: Vec::new(),
            hidden_cols: Vec::new(),
            merges: Vec::new(),
        })
    }

    /// Record formulas (absolute position, formula text) of cells that have no value.
    /// Formulas of cells that hold a value are ignored.
    pub fn mark_uncalculated(&mut self, formulas: impl IntoIterator<Item = ((u32, u32), String)>) {
        for ((r, c), formula) in formulas {
            let (r, c) = (r as usize, c as usize);
            if !formula.trim().is_empty() && matches!(self.get(r, c), Data::Empty) {
                self.uncalculated.insert((r, c), formula);
            }
        }
    }

    /// Re-decode the sheet name and every text cell (Excel 95 text, see `open.rs`).
    pub fn recode(&mut self, decode: impl Fn(&str) -> String) {
        self.sheet = decode(&self.sheet);
        for data in self.cells.iter_mut().flatten() {
            if let Data::String(s) = data {
                *s = decode(s);
            }
        }
    }

    /// The formula of a cell that has one but no calculated value.
    pub fn uncalculated_formula(&self, row: usize, col: usize) -> Option<&str> {
        self.uncalculated.get(&(row, col)).map(|f| f.as_str())
    }

    pub fn rows(&self) -> usize {
        self.cells.len()
    }

    /// Mark a cell as holding a formula error, where the reader lost it (an .ods error
    /// reads as blank text): it is then refused like an error read from .xlsx.
    pub fn set_error(&mut self, row: usize, col: usize, e: calamine::CellErrorType) {
        if let Some(cell) = self.cells.get_mut(row).and_then(|r| r.get_mut(col)) {
            if matches!(cell, Data::Empty) || matches!(cell, Data::String(s) if s.trim().is_empty())
            {
                *cell = Data::Error(e);
            }
        } else if (row + 1).saturating_mul(self.width.max(col + 1))
            <= super::ods::MAX_SHEET_AREA as usize
        {
            // Beyond the content calamine kept (an error in the last row or column);
            // within the area the .ods scan allows a sheet.
            if self.cells.len() <= row {
                self.cells.resize(row + 1, Vec::new());
            }
            let r = &mut self.cells[row];
            if r.len() <= col {
                r.resize(col + 1, Data::Empty);
            }
            r[col] = Data::Error(e);
            self.width = self.width.max(col + 1);
        }
    }

    pub fn width(&self) -> usize {
        self.width
    }

    pub fn get(&self, row: usize, col: usize) -> &Data {
        static EMPTY: Data = Data::Empty;
        self.cells
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&EMPTY)
    }

    /// The cell as trimmed text ("" for empty; numbers in their shortest form).
    pub fn text(&self, row: usize, col: usize) -> String {
        match self.shown.get(&(row, col)) {
            Some(shown) if matches!(self.get(row, col), Data::Float(_) | Data::Int(_)) => {
                shown.clone()
            }
            _ => cell_text(self.get(row, col)),
        }
    }

    /// The cell's text with all whitespace removed, for matching labels.
    pub fn key(&self, row: usize, col: usize) -> String {
        normalize(&self.text(row, col))
    }

    pub fn is_empty(&self, row: usize, col: usize) -> bool {
        self.text(row, col).is_empty()
    }

    pub fn row_is_empty(&self, row: usize) -> bool {
        // Only the cells the row holds: a sheet 16384 columns wide costs nothing extra.
        self.cells
            .get(row)
            .is_none_or(|line| line.iter().all(|d| cell_text(d).is_empty()))
    }

    /// Non-empty cells of a row as (column, text).
    pub fn row_texts(&self, row: usize) -> Vec<(usize, String)> {
        (0..self.cells.get(row).map_or(0, |r| r.len()))
            .filter_map(|c| {
                let t = self.text(row, c);
                (!t.is_empty()).then_some((c, t))
            })
            .collect()
    }

    /// For a cell inside a merge other than its first: why it reads empty, to follow
    /// a message about it.
    pub fn merge_note(&self, row: usize, col: usize) -> Option<Box<String>> {
        let m = self
            .merges
            .iter()
            .find(|m| m.contains(row, col) && m.first != (row, col))?;
        Some(Box::new(format!(
            "（{} 是合并单元格，合并后只保留了 {} 的内容，其余读作空白：请取消合并，把各格的内容填回）",
            m.name(),
            cell_name(m.first.0, m.first.1)
        )))
    }

    /// The same sheet with only `rows` kept (the others read empty): one of several forms
    /// stacked on a sheet, its cells still named where they are.
    pub fn rows_between(&self, rows: std::ops::Range<usize>) -> Grid {
        let keep = |r: &usize| rows.contains(r);
        Grid {
            sheet: self.sheet.clone(),
            cells: self
                .cells
                .iter()
                .enumerate()
                .map(|(r, line)| if keep(&r) { line.clone() } else { Vec::new() })
                .collect(),
            width: self.width,
            uncalculated: (self.uncalculated.iter())
                .filter(|((r, _), _)| keep(r))
                .map(|(k, v)| (*k, v.clone()))
                .collect(),
            scaled: (self.scaled.iter())
                .filter(|((r, _), _)| keep(r))
                .map(|(k, v)| (*k, v.clone()))
                .collect(),
            shown: (self.shown.iter())
                .filter(|((r, _), _)| keep(r))
                .map(|(k, v)| (*k, v.clone()))
                .collect(),
            hidden: self.hidden,
            hidden_rows: self.hidden_rows.iter().copied().filter(keep).collect(),
            hidden_cols: self.hidden_cols.clone(),
            merges: (self.merges.iter())
                .filter(|m| keep(&m.first.0))
                .copied()
                .collect(),
        }
    }

    pub fn at(&self, row: usize, col: usize) -> crate::model::CellRef {
        crate::model::CellRef {
            sheet: self.sheet.clone(),
            cell: cell_name(row, col),
        }
    }
}

/// Control characters (escape sequences, NUL, bell; direction overrides; zero-width
/// characters) are never part
/// of a name or a figure: a damaged or hostile file's, they would be printed as garbage or
/// turn text around. Line breaks and tabs (a cell typed with Alt+Enter) stay.
fn strip_controls(s: &mut String) {
    let bad = |c: char| {
        (c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
            // Zero-width spaces and joiners: invisible, they keep a label from matching.
            || matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
    };
    if s.contains(bad) {
        s.retain(|c| !bad(c));
    }
}

/// `2023年12月31日` (and ` 14:30` when the cell holds a time of day) for a date cell;
/// none for a duration or a serial outside the years a form can mean.
fn excel_date_text(d: &calamine::ExcelDateTime) -> Option<String> {
    if d.is_duration() {
        return None;
    }
    let serial = d.as_f64();
    if !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    // Excel's day 0 is 1899-12-30 in the 1900 system (its phantom 1900-02-29 is before
    // any date a form holds).
    let days = serial.floor() as i64;
    let date = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?
        .checked_add_signed(chrono::TimeDelta::try_days(days)?)?;
    use chrono::Datelike;
    let mut text = format!("{}年{}月{}日", date.year(), date.month(), date.day());
    let minutes = ((serial - serial.floor()) * 1440.0).round() as i64;
    if minutes > 0 && minutes < 1440 {
        text.push_str(&format!(" {:02}:{:02}", minutes / 60, minutes % 60));
    }
    Some(text)
}

pub fn cell_text(data: &Data) -> String {
    match data {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{}", *f as i64)
            } else {
                format!("{f}")
            }
        }
        Data::Bool(b) => b.to_string(),
        // A date as a Chinese reader writes it (`2023年12月31日`), not Excel's serial.
        Data::DateTime(d) => excel_date_text(d).unwrap_or_else(|| d.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("{e}"),
    }
}

/// Remove every kind of whitespace and unify the quote marks, so `本年收入\n合计`
/// matches `本年收入合计` and `"三公"` matches `“三公”`.
pub fn normalize(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .map(|c| match c {
            '"' | '＂' | '“' | '”' | '「' | '」' => '"',
            '(' => '（',
            ')' => '）',
            ':' => '：',
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(cell_name(8, 2), "C9");
        assert_eq!(col_name(25), "Z");
        assert_eq!(col_name(26), "AA");
        assert_eq!(col_name(27), "AB");
        assert_eq!(normalize(" 本年收入\n合计 "), "本年收入合计");
        assert_eq!(
            normalize("财政拨款\"三公\"经费支出决算表"),
            normalize("财政拨款“三公”经费支出决算表")
        );
    }

    #[test]
    fn control_characters_leave_the_text_at_the_edge() {
        let grid = Grid::from_cells(
            "公开02表".into(),
            [(
                (0, 0),
                Data::String("行政\u{7}\u{1b}[31m运行\u{0}\u{202e}\n（\u{200b}项）".into()),
            )],
        )
        .unwrap();
        assert_eq!(grid.text(0, 0), "行政[31m运行\n（项）");
    }
}
