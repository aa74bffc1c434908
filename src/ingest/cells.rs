//! Reading one cell as an amount, a code or a count, with precise errors.

use calamine::Data;
use rust_decimal::Decimal;

use super::error::IngestError;
use super::grid::{cell_name, cell_text, Grid};
use crate::amount::{cents, decimal_from_f64, is_blank_marker, parse_amount_text_with_unit};
use crate::model::SourceUnit;

/// What a parser needs to read cells of one table and to say where a problem is.
pub struct Ctx<'a> {
    pub file: &'a str,
    /// `公开02表（收入决算表）`
    pub table: String,
    pub grid: &'a Grid,
    pub unit: SourceUnit,
    pub warnings: &'a mut Vec<String>,
    /// Set when an amount in 元 rounds to 0.00 万元 (see `Gongkai::yuan_below_cent`).
    pub below_cent: &'a mut bool,
    /// When no header was found: what the row where it belongs holds instead.
    pub no_header: Option<String>,
}

/// A cell read as an amount: a number, or `─` (does not apply).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Amount {
    Value(Decimal),
    NotApplicable,
}

impl Ctx<'_> {
    pub fn bad(&self, row: usize, col: usize, expected: &str, found: String) -> IngestError {
        IngestError::BadCell {
            file: self.file.to_string(),
            table: self.table.clone(),
            cell: format!("{}!{}", self.grid.sheet, cell_name(row, col)),
            expected: expected.into(),
            found,
            note: self.grid.merge_note(row, col),
        }
    }

    /// The raw number in the cell (before unit conversion), or `None` for an empty cell.
    fn raw_number(&self, row: usize, col: usize) -> Result<Option<Decimal>, IngestError> {
        let n = self.raw_number_unchecked(row, col)?;
        match n {
            Some(v) if !crate::amount::in_range(v) => Err(self.bad(
                row,
                col,
                "金额（绝对值不超过 10 的 15 次方）",
                format!("{}（数字过大，可能是错误的数据）", v.normalize()),
            )),
            _ => Ok(n),
        }
    }

    fn raw_number_unchecked(&self, row: usize, col: usize) -> Result<Option<Decimal>, IngestError> {
        // A number shown through a scaling format (`0!.0000`: 1234567.89 元 shown as
        // 123.4568) is not the figure the clerk sees: which one is meant cannot be told.
        if let Some(code) = self.grid.scaled.get(&(row, col)) {
            let shown = match self.grid.get(row, col) {
                Data::Float(f) if *f != 0.0 => Some(self.grid.text(row, col)),
                Data::Int(i) if *i != 0 => Some(i.to_string()),
                _ => None,
            };
            if let Some(stored) = shown {
                return Err(self.bad(
                    row,
                    col,
                    "金额（单元格中存的数与显示的数一致）",
                    format!(
                        "存的数是 {stored}，单元格格式“{code}”把它显示成了另一个数；请把单元格格式改为“数值”，按存的数核对（元或万元写在“金额单位”行）"
                    ),
                ));
            }
        }
        match self.grid.get(row, col) {
            Data::Empty => match self.grid.uncalculated_formula(row, col) {
                // A formula saved without its result would silently read as no amount.
                Some(formula) => Err(IngestError::Uncalculated {
                    file: self.file.to_string(),
                    table: self.table.clone(),
                    cell: format!("{}!{}", self.grid.sheet, cell_name(row, col)),
                    formula: formula.trim().trim_start_matches('=').to_string(),
                }),
                None => Ok(None),
            },
            Data::Int(i) => Ok(Some(Decimal::from(*i))),
            // Beyond what a Decimal holds (1E+300): said as too large, in short form.
            Data::Float(f) if f.is_finite() && f.abs() >= 1e15 => Err(self.bad(
                row,
                col,
                "金额（绝对值不超过 10 的 15 次方）",
                format!("{f:E}（数字过大，可能是错误的数据）"),
            )),
            // A number past what a spreadsheet holds (`1e400` in the file) reads as
            // infinite: said as too large, not as `inf`.
            Data::Float(f) if !f.is_finite() => Err(self.bad(
                row,
                col,
                "金额（数字）",
                if f.is_nan() {
                    "不是数字的数值（NaN）".to_string()
                } else {
                    "超出范围的数字（文件中的数值过大，可能是错误的数据）".to_string()
                },
            )),
            Data::Float(f) => decimal_from_f64(*f)
                .map(Some)
                .ok_or_else(|| self.bad(row, col, "金额（数字）", f.to_string())),
            Data::String(s) => {
                if is_blank_marker(s) {
                    Ok(None)
                } else {
                    let (value, unit) = parse_amount_text_with_unit(s)
                        .ok_or_else(|| self.bad(row, col, "金额（数字）", s.trim().to_string()))?;
                    let table_unit = match self.unit {
                        SourceUnit::Wanyuan => "万元",
                        SourceUnit::Yuan => "元",
                    };
                    match unit {
                        Some(u) if u != table_unit => Err(self.bad(
                            row,
                            col,
                            &format!("以{table_unit}为单位的金额（本表金额单位为{table_unit}）"),
                            format!("{}（单位是{u}）", s.trim()),
                        )),
                        _ => Ok(Some(value)),
                    }
                }
            }
            Data::DateTime(d) => Err(self.bad(
                row,
                col,
                "金额（数字）",
                format!(
                    "日期格式的单元格（{}），请把单元格格式改为“数值”",
                    d.as_f64()
                ),
            )),
            Data::DateTimeIso(s) | Data::DurationIso(s) => {
                Err(self.bad(row, col, "金额（数字）", format!("日期/时间 {s}")))
            }
            Data::Bool(b) => Err(self.bad(row, col, "金额（数字）", b.to_string())),
            Data::Error(e) => Err(self.bad(
                row,
                col,
                "金额（数字）",
                format!("公式错误 {e}，请在 Excel 中修正公式后重新保存"),
            )),
        }
    }

    /// An amount in 万元, rounded to 2 places (四舍五入). Blank, `-`, `—`, `────` are 0.
    pub fn amount(&mut self, row: usize, col: usize) -> Result<Decimal, IngestError> {
        Ok(match self.amount_or_na(row, col)? {
            Amount::Value(v) => v,
            Amount::NotApplicable => Decimal::ZERO,
        })
    }

    /// Like `amount`, but tells `────` (not applicable) apart from zero.
    pub fn amount_or_na(&mut self, row: usize, col: usize) -> Result<Amount, IngestError> {
        if let Data::String(s) = self.grid.get(row, col) {
            let t = s.trim();
            if !t.is_empty() && t.chars().all(|c| matches!(c, '─' | '━' | ' ' | '\u{3000}')) {
                return Ok(Amount::NotApplicable);
            }
        }
        let Some(raw) = self.raw_number(row, col)? else {
            return Ok(Amount::Value(cents(Decimal::ZERO)));
        };
        let value = match self.unit {
            SourceUnit::Wanyuan => raw,
            SourceUnit::Yuan => raw / Decimal::from(10_000),
        };
        let rounded = cents(value);
        if self.unit == SourceUnit::Yuan && rounded.is_zero() && !raw.is_zero() {
            *self.below_cent = true;
        }
        // Digits beyond a millionth of 万元 (a hundredth of a 元) are calculation noise,
        // not a figure anyone typed: rounded silently.
        let noise = (rounded - value).abs() < Decimal::new(1, 6);
        if self.unit == SourceUnit::Wanyuan && rounded != value && !noise {
            self.warnings.push(format!(
                "{} 单元格 {}!{}：金额 {} 超过两位小数，已四舍五入为 {}",
                self.table,
                self.grid.sheet,
                cell_name(row, col),
                raw.normalize(),
                rounded
            ));
        }
        Ok(Amount::Value(rounded))
    }

    /// A count (车辆数, 设备台数): never unit-converted.
    pub fn count(&mut self, row: usize, col: usize) -> Result<Decimal, IngestError> {
        // `2辆`, `3台（套）`, `1个`: the count with its unit typed after it.
        let typed = match self.grid.get(row, col) {
            Data::String(s) => {
                let t = s.trim();
                ["台（套）", "台(套)", "辆", "台", "套", "个"]
                    .iter()
                    .find_map(|u| t.strip_suffix(u))
                    .map(|n| code_text(&Data::String(n.to_string())))
                    .and_then(|n| n.parse::<u32>().ok())
            }
            _ => None,
        };
        let n = match typed {
            Some(n) => Decimal::from(n),
            // A text that is no count: said as a count, not as an amount.
            None => self
                .raw_number(row, col)
                .map_err(|e| match e {
                    IngestError::BadCell {
                        file,
                        table,
                        cell,
                        expected,
                        found,
                        note,
                    } if expected.contains("金额") => IngestError::BadCell {
                        file,
                        table,
                        cell,
                        expected: "不小于 0 的整数（辆、台套的个数）".into(),
                        found,
                        note,
                    },
                    other => other,
                })?
                .unwrap_or_default(),
        };
        if n.fract() != Decimal::ZERO || n < Decimal::ZERO {
            return Err(self.bad(
                row,
                col,
                "不小于 0 的整数（辆、台套的个数）",
                n.normalize().to_string(),
            ));
        }
        Ok(n)
    }

    /// A 行次/栏次 number.
    pub fn line_no(&self, row: usize, col: Option<usize>) -> Option<u32> {
        let col = col?;
        // `32`, `３２`, `32.00` (a number formatted as text): numbered as 栏次 are.
        super::locate::column_number(&code_text(self.grid.get(row, col)))
            .and_then(|n| u32::try_from(n).ok())
    }
}

/// Normalise a 科目代码 cell: numbers (`201.0`), text with spaces, full-width digits.
pub fn code_text(data: &Data) -> String {
    cell_text(data)
        .chars()
        // `'2013202`: the apostrophe Excel takes as "text", stored with the code by
        // programs that write it literally.
        .filter(|c| !c.is_whitespace() && !matches!(c, '\'' | '‘' | '’'))
        .map(crate::amount::half_width_digit)
        .collect()
}
