//! A bound on an .ods file's repeated cells, checked before calamine reads it.
//!
//! OpenDocument compresses runs of equal cells: `table:number-columns-repeated="N"` on a
//! cell and `table:number-rows-repeated="N"` on a row. calamine expands a repeated cell
//! that holds a value into N copies, so a few bytes can ask for billions of cells. Empty
//! repeated cells (LibreOffice pads every sheet with them) are skipped by calamine and are
//! harmless; only cells with content are counted here.
//!
//! The same walk collects what calamine does not give for .ods: the merged cells and the
//! hidden rows and columns of each sheet (see [`Layout`]).

use std::io::{Cursor, Read};

use super::grid::Merge;

/// More cells with content than any 公开表 workbook holds (the reference has about 1,500;
/// a 50,000-row table with 8 columns has 400,000).
pub const MAX_FILLED_CELLS: u64 = 5_000_000;

/// calamine builds each sheet as a dense grid from its first to its last cell with
/// content: a value at A1 and one at row 1,000,000 column 16,000 would be 16 billion
/// cells. Each costs some 30 bytes there and as much again in the grid read from it:
/// 4 million cells a sheet, 8 million in all, stay under a gigabyte.
pub const MAX_SHEET_AREA: u64 = 4_000_000;
pub const MAX_TOTAL_AREA: u64 = 8_000_000;

/// Spaces written as `<text:s text:c="N"/>`, expanded by calamine into the text: a few
/// bytes can ask for gigabytes.
pub const MAX_SPACES: u64 = 1_000_000;

/// Text in cells, repeats expanded (bytes of their XML, spaces counted out): a long
/// text in a cell repeated over many rows and columns is copied into every one of them.
/// The same bound as the shared text of an .xlsx.
pub const MAX_TEXT: u64 = 64 * 1024 * 1024;

/// Merges and hidden rows or columns kept for the whole workbook: a 公开表 sheet has a
/// few dozen merges; a damaged or hostile file may claim millions.
const MAX_MERGES: usize = 100_000;
const MAX_HIDDEN: usize = 1_000_000;

/// What Excel's sheet XML says beside the cells and calamine reads for .xlsx and .xls
/// only: merged cells, hidden rows and columns (0-based, within the sheet's content).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layout {
    pub merges: Vec<Merge>,
    pub hidden_rows: Vec<usize>,
    pub hidden_cols: Vec<usize>,
    /// Formula errors (.ods): (row, column, the text shown, `#DIV/0!` or `Err:502`).
    /// LibreOffice saves them as an empty string value, which calamine reads as blank.
    pub errors: Vec<(usize, usize, String)>,
    /// Percentages (.ods `office:value-type="percentage"`): (row, column, the text shown,
    /// `100%`), which calamine reads as the bare fraction.
    pub percents: Vec<(usize, usize, String)>,
}

/// Formula errors kept for the whole workbook: the first is what a message names.
const MAX_ERRORS: usize = 1_000;

/// What `content.xml` expands to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scan {
    /// Cells with content, repeats expanded.
    pub filled: u64,
    /// The largest sheet's dense area: rows × columns up to its last cell with content.
    pub largest_area: u64,
    /// That sheet's rows and columns.
    pub largest: (u64, u64),
    /// The dense areas of all sheets together.
    pub total_area: u64,
    /// Spaces the `<text:s>` elements expand to.
    pub spaces: u64,
    /// Bytes of cell content, repeats expanded (see [`MAX_TEXT`]).
    pub text: u64,
    /// The first cell typed as a number with no `office:value` (its sheet, row and column
    /// from 0): calamine reads it as 0, whatever its text shows.
    pub number_without_value: Option<(String, u64, u64)>,
    /// Each sheet's layout, by its name as written in the XML (`&amp;` not unescaped).
    pub layouts: Vec<(String, Layout)>,
}

/// The error of a cell as LibreOffice shows it (`#DIV/0!`, or `Err:502` for its own
/// kinds, given as `#VALUE!`).
pub fn error_type(shown: &str) -> calamine::CellErrorType {
    use calamine::CellErrorType as E;
    match shown {
        "#DIV/0!" => E::Div0,
        "#N/A" => E::NA,
        "#NAME?" => E::Name,
        "#NULL!" => E::Null,
        "#NUM!" => E::Num,
        "#REF!" => E::Ref,
        _ => E::Value,
    }
}

/// Scan `content.xml`, or `None` when the archive has no readable one (calamine then
/// reports the damage itself).
pub fn scan(bytes: &[u8]) -> Option<Scan> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut entry = archive.by_name("content.xml").ok()?;
    let mut xml = Vec::new();
    entry.read_to_end(&mut xml).ok()?;
    Some(scan_xml(&xml))
}

/// Whether `tag` is the start tag of element `name` (`<table:table-row` must not match
/// `<table:table-row-group`).
fn is_start(tag: &[u8], name: &[u8]) -> bool {
    tag.len() > name.len()
        && tag[1..].starts_with(name)
        && matches!(
            tag[1 + name.len()],
            b' ' | b'>' | b'/' | b'\t' | b'\n' | b'\r'
        )
}

/// One sheet as the walk goes: its name, the extent of its content and its layout, the
/// hidden rows and columns as (first, count) runs until the extent bounds them.
#[derive(Default)]
struct Sheet {
    name: String,
    extent: Option<(u64, u64)>,
    next_col: u64,
    hidden_rows: Vec<(u64, u64)>,
    hidden_cols: Vec<(u64, u64)>,
    merges: Vec<Merge>,
    errors: Vec<(usize, usize, String)>,
    percents: Vec<(usize, usize, String)>,
}

impl Sheet {
    /// Add the sheet's area to the totals and its layout to the list. Hidden runs are
    /// cut at the last cell with content: LibreOffice writes "the rest of the sheet"
    /// as one run of a million rows.
    fn close(self, out: &mut Scan) {
        let (last_row, last_col) = self.extent.unwrap_or((0, 0));
        if let Some((r, c)) = self.extent {
            let (r, c) = (r.saturating_add(1), c.saturating_add(1));
            let area = r.saturating_mul(c);
            out.total_area = out.total_area.saturating_add(area);
            if area > out.largest_area {
                out.largest_area = area;
                out.largest = (r, c);
            }
        }
        let mut budget = MAX_HIDDEN.saturating_sub(
            out.layouts
                .iter()
                .map(|(_, l)| l.hidden_rows.len() + l.hidden_cols.len())
                .sum(),
        );
        let mut within = |runs: &[(u64, u64)], last: u64| -> Vec<usize> {
            let mut all = Vec::new();
            for &(first, count) in runs {
                let end = first.saturating_add(count).min(last.saturating_add(1));
                let take = end.saturating_sub(first).min(budget as u64);
                budget -= take as usize;
                all.extend((first..first + take).filter_map(|i| usize::try_from(i).ok()));
            }
            all
        };
        let layout = Layout {
            hidden_rows: within(&self.hidden_rows, last_row),
            hidden_cols: within(&self.hidden_cols, last_col),
            merges: self.merges,
            errors: self.errors,
            percents: self.percents,
        };
        if self.extent.is_some() && layout != Layout::default() {
            out.layouts.push((self.name, layout));
        }
    }
}

/// `table:visibility="collapse"` (hidden) or `"filter"` (filtered out): not seen.
fn hidden(tag: &[u8]) -> bool {
    matches!(
        attr(tag, b"table:visibility=\"").as_deref(),
        Some("collapse" | "filter")
    )
}

/// Walk the start tags: a table starts a sheet, a row advances the row index by its
/// repeat, a cell the column index by its repeat; cells with content are counted and
/// extend the sheet's area. Saturating: a hostile count stays a large number.
fn scan_xml(xml: &[u8]) -> Scan {
    let mut out = Scan {
        filled: 0,
        largest_area: 0,
        largest: (0, 0),
        total_area: 0,
        spaces: 0,
        text: 0,
        number_without_value: None,
        layouts: Vec::new(),
    };
    let mut sheet = Sheet::default();
    // Per sheet: next row index, current row and its repeat, column.
    let (mut next_row, mut row, mut rows, mut col) = (0u64, 0u64, 1u64, 0u64);
    let mut merges = 0;
    let mut errors = 0;
    let mut at = 0;
    while let Some(off) = find(&xml[at..], b"<table:") {
        let start = at + off;
        let Some(len) = find(&xml[start..], b">") else {
            break;
        };
        let tag = &xml[start..start + len + 1];
        at = start + len + 1;
        if is_start(tag, b"table:table") {
            std::mem::take(&mut sheet).close(&mut out);
            next_row = 0;
            sheet.name = attr(tag, b"table:name=\"").unwrap_or_default();
        } else if is_start(tag, b"table:table-column") {
            let cols = repeat(tag, b"table:number-columns-repeated=\"");
            if hidden(tag) {
                sheet.hidden_cols.push((sheet.next_col, cols));
            }
            sheet.next_col = sheet.next_col.saturating_add(cols);
        } else if is_start(tag, b"table:table-row") {
            row = next_row;
            rows = repeat(tag, b"table:number-rows-repeated=\"");
            next_row = row.saturating_add(rows);
            col = 0;
            if hidden(tag) {
                sheet.hidden_rows.push((row, rows));
            }
        } else if is_start(tag, b"table:table-cell") || is_start(tag, b"table:covered-table-cell") {
            let cols = repeat(tag, b"table:number-columns-repeated=\"");
            let has_value =
                find(tag, b"office:value-type").is_some() || find(tag, b"table:formula").is_some();
            let numeric = ["float", "currency", "percentage"]
                .iter()
                .any(|t| attr(tag, b"office:value-type=\"").as_deref() == Some(t));
            if numeric
                && find(tag, b"office:value=").is_none()
                && out.number_without_value.is_none()
            {
                out.number_without_value = Some((sheet.name.clone(), row, col));
            }
            let error = attr(tag, b"calcext:value-type=\"").as_deref() == Some("error");
            let percent = attr(tag, b"office:value-type=\"").as_deref() == Some("percentage");
            if (error || percent) && errors < MAX_ERRORS {
                let content = find(&xml[at..], b"</table:table-cell>")
                    .map_or(&[][..], |end| &xml[at..at + end]);
                let shown = String::from_utf8_lossy(content)
                    .split('<')
                    .filter_map(|part| part.split_once('>').map(|(_, text)| text))
                    .collect::<String>();
                if let (Ok(r), Ok(c)) = (usize::try_from(row), usize::try_from(col)) {
                    let list = if error {
                        &mut sheet.errors
                    } else {
                        &mut sheet.percents
                    };
                    list.push((r, c, shown.trim().to_string()));
                    errors += 1;
                }
            }
            let spanned = |name: &[u8]| find(tag, name).map(|_| repeat(tag, name));
            let across = spanned(b"table:number-columns-spanned=\"");
            let down = spanned(b"table:number-rows-spanned=\"");
            if (across.is_some() || down.is_some()) && merges < MAX_MERGES {
                let last = |from: u64, span: Option<u64>| {
                    usize::try_from(from.saturating_add(span.unwrap_or(1) - 1))
                        .unwrap_or(usize::MAX)
                };
                let first = (row as usize, col as usize);
                let merge = Merge {
                    first,
                    last: (last(row, down), last(col, across)),
                };
                if merge.first != merge.last {
                    sheet.merges.push(merge);
                    merges += 1;
                }
            }
            if !tag.ends_with(b"/>") {
                // The cell's content, copied into each of its repeats.
                let content = find(&xml[at..], b"</table:table-cell>")
                    .map_or(&xml[at..], |end| &xml[at..at + end]);
                let mut size = content.len() as u64;
                let mut i = 0;
                while let Some(off) = find(&content[i..], b"<text:s") {
                    let tag_end =
                        find(&content[i + off..], b">").map_or(content.len(), |e| i + off + e + 1);
                    let tag = &content[i + off..tag_end];
                    if is_start(tag, b"text:s") {
                        size = size.saturating_add(repeat(tag, b"text:c=\""));
                    }
                    i = tag_end;
                }
                out.text = out
                    .text
                    .saturating_add(size.saturating_mul(rows.saturating_mul(cols)));
            }
            if has_value || !tag.ends_with(b"/>") {
                out.filled = out.filled.saturating_add(rows.saturating_mul(cols));
                let last_row = row.saturating_add(rows - 1);
                let last_col = col.saturating_add(cols - 1);
                sheet.extent = Some(match sheet.extent {
                    Some((r, c)) => (r.max(last_row), c.max(last_col)),
                    None => (last_row, last_col),
                });
            }
            col = col.saturating_add(cols);
        }
    }
    sheet.close(&mut out);
    let mut at = 0;
    while let Some(off) = find(&xml[at..], b"<text:s") {
        let start = at + off;
        let end = find(&xml[start..], b">").map_or(xml.len(), |e| start + e + 1);
        let tag = &xml[start..end];
        at = end;
        if is_start(tag, b"text:s") {
            let count = repeat(tag, b"text:c=\"");
            out.spaces = out.spaces.saturating_add(count);
        }
    }
    out
}

/// The value of an attribute (`table:name="`, with its opening quote) of a start tag.
fn attr(tag: &[u8], name: &[u8]) -> Option<String> {
    let i = find(tag, name)? + name.len();
    let len = tag[i..].iter().position(|&b| b == b'"')?;
    Some(String::from_utf8_lossy(&tag[i..i + len]).into_owned())
}

fn repeat(tag: &[u8], attr: &[u8]) -> u64 {
    let Some(i) = find(tag, attr) else {
        return 1;
    };
    let digits = &tag[i + attr.len()..];
    let end = digits
        .iter()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(digits.len());
    std::str::from_utf8(&digits[..end])
        .ok()
        .and_then(|d| d.parse::<u64>().ok())
        .unwrap_or(u64::MAX)
        .max(1)
}

/// Where `needle` first occurs in `hay` (also used by the .xlsx scan).
pub(super) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_only_cells_with_content() {
        let xml = br#"<table:table-row table:number-rows-repeated="3"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="4"><text:p>1</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1000"/></table:table-row><table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row><table:table-row><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#;
        let scan = scan_xml(xml);
        assert_eq!(scan.filled, 3 * 4 + 1);
        // Rows 0–2 hold the repeated cell; the string is on row 3 + 1,048,000.
        assert_eq!(scan.largest, (1_048_004, 4));
    }

    #[test]
    fn repeated_text_is_counted_in_every_copy() {
        let xml = br#"<table:table-row table:number-rows-repeated="200"><table:table-cell table:number-columns-repeated="100" office:value-type="string"><text:p>xxxxxxxxxx<text:s text:c="90"/></text:p></table:table-cell></table:table-row>"#;
        // `<text:p>` + 10 letters + the `<text:s …/>` tag + 90 spaces + `</text:p>`,
        // in 20,000 cells.
        let one = (b"<text:p>xxxxxxxxxx<text:s text:c=\"90\"/></text:p>".len() + 90) as u64;
        assert_eq!(scan_xml(xml).text, one * 200 * 100);
    }

    #[test]
    fn hostile_repeats_saturate() {
        let xml = br#"<table:table-row table:number-rows-repeated="99999999999999999999999"><table:table-cell office:value-type="float" table:number-columns-repeated="1000000"/></table:table-row>"#;
        assert!(scan_xml(xml).filled > MAX_FILLED_CELLS);
    }

    #[test]
    fn a_far_cell_makes_a_large_area() {
        let xml = br#"<table:table table:name="a"><table:table-row><table:table-cell office:value-type="float"/></table:table-row><table:table-row table:number-rows-repeated="999999"><table:table-cell table:number-columns-repeated="1024"/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="15999"/><table:table-cell office:value-type="float"/></table:table-row></table:table><table:table table:name="b"><table:table-row-group><table:table-row><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table-row-group></table:table>"#;
        let scan = scan_xml(xml);
        assert_eq!(scan.filled, 3);
        assert_eq!(scan.largest, (1_000_001, 16_000));
        assert_eq!(scan.total_area, 1_000_001 * 16_000 + 1);
    }

    #[test]
    fn a_number_without_its_value_is_found() {
        let xml = r#"<table:table table:name="公开02表"><table:table-row><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell><table:table-cell office:value-type="float"><text:p>1083.51</text:p></table:table-cell></table:table-row></table:table>"#;
        assert_eq!(
            scan_xml(xml.as_bytes()).number_without_value,
            Some(("公开02表".into(), 0, 1))
        );
    }

    #[test]
    fn formula_errors_are_collected_with_their_text() {
        // As LibreOffice saves `=9.37/0` in C2: an empty string value, the error shown.
        let xml = br#"<table:table table:name="t"><table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="2"/><table:table-cell table:formula="of:=9.37/0" office:value-type="string" office:string-value="" calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell></table:table-row></table:table>"#;
        let scan = scan_xml(xml);
        let (_, layout) = &scan.layouts[0];
        assert_eq!(layout.errors, [(1, 2, "#DIV/0!".to_string())]);
        assert_eq!(error_type("#DIV/0!"), calamine::CellErrorType::Div0);
        assert_eq!(error_type("Err:502"), calamine::CellErrorType::Value);
    }

    #[test]
    fn merges_and_hidden_rows_and_columns_are_collected() {
        let xml = br#"<table:table table:name="a&amp;b"><table:table-column table:number-columns-repeated="2"/><table:table-column table:visibility="collapse" table:number-columns-repeated="2000"/><table:table-row><table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="3" office:value-type="string"><text:p>x</text:p></table:table-cell><table:covered-table-cell/><table:table-cell table:number-columns-spanned="1" office:value-type="float" office:value="1"/></table:table-row><table:table-row table:visibility="filter"><table:table-cell table:number-columns-repeated="3"/><table:table-cell office:value-type="float" office:value="2"/></table:table-row><table:table-row table:visibility="collapse" table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table><table:table table:name="plain"><table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row></table:table>"#;
        let scan = scan_xml(xml);
        assert_eq!(scan.layouts.len(), 1, "a sheet without any is not listed");
        let (name, layout) = &scan.layouts[0];
        assert_eq!(name, "a&amp;b");
        // A 1×1 "span" is no merge.
        assert_eq!(
            layout.merges,
            [Merge {
                first: (0, 0),
                last: (2, 1)
            }]
        );
        // The runs end at the last cell with content (row 1, column D).
        assert_eq!(layout.hidden_rows, [1]);
        assert_eq!(layout.hidden_cols, [2, 3]);
    }

    #[test]
    fn repeated_spaces_are_counted() {
        let xml =
            br#"<text:p>a<text:s text:c="2000000000"/>b<text:s/><text:span>c</text:span></text:p>"#;
        assert_eq!(scan_xml(xml).spaces, 2_000_000_001);
    }
}
