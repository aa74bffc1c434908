//! A bound on an .ods file's repeated cells, checked before calamine reads it.
//!
//! OpenDocument compresses runs of equal cells: `table:number-columns-repeated="N"` on a
//! cell and `table:number-rows-repeated="N"` on a row. calamine expands a repeated cell
//! that holds a value into N copies, so a few bytes can ask for billions of cells. Empty
//! repeated cells (LibreOffice pads every sheet with them) are skipped by calamine and are
//! harmless; only cells with content are counted here.

use std::io::{Cursor, Read};

/// More cells with content than any 公开表 workbook holds (the reference has about 1,500;
/// a 50,000-row table with 8 columns has 400,000).
pub const MAX_FILLED_CELLS: u64 = 5_000_000;

/// The number of cells with content `content.xml` expands to, or `None` when the archive
/// has no readable `content.xml` (calamine then reports the damage itself).
pub fn filled_cells(bytes: &[u8]) -> Option<u64> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut entry = archive.by_name("content.xml").ok()?;
    let mut xml = Vec::new();
    entry.read_to_end(&mut xml).ok()?;
    Some(count_filled(&xml))
}

/// Scan the start tags: rows set the row repeat, cells with content add
/// `rows × columns` repeats. Saturating: a hostile count stays a large number.
fn count_filled(xml: &[u8]) -> u64 {
    let mut total: u64 = 0;
    let mut rows: u64 = 1;
    let mut at = 0;
    while let Some(off) = find(&xml[at..], b"<table:") {
        let start = at + off;
        let Some(len) = find(&xml[start..], b">") else {
            break;
        };
        let tag = &xml[start..start + len + 1];
        at = start + len + 1;
        let self_closing = tag.ends_with(b"/>");
        if tag.starts_with(b"<table:table-row ") || tag.starts_with(b"<table:table-row>") {
            rows = repeat(tag, b"table:number-rows-repeated=\"");
        } else if tag.starts_with(b"<table:table-cell")
            || tag.starts_with(b"<table:covered-table-cell")
        {
            let has_value =
                find(tag, b"office:value-type").is_some() || find(tag, b"table:formula").is_some();
            if has_value || !self_closing {
                let cols = repeat(tag, b"table:number-columns-repeated=\"");
                total = total.saturating_add(rows.saturating_mul(cols));
            }
        }
    }
    total
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

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_only_cells_with_content() {
        let xml = br#"<table:table-row table:number-rows-repeated="3"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="4"><text:p>1</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1000"/></table:table-row><table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row><table:table-row><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#;
        assert_eq!(count_filled(xml), 3 * 4 + 1);
    }

    #[test]
    fn hostile_repeats_saturate() {
        let xml = br#"<table:table-row table:number-rows-repeated="99999999999999999999999"><table:table-cell office:value-type="float" table:number-columns-repeated="1000000"/></table:table-row>"#;
        assert!(count_filled(xml) > MAX_FILLED_CELLS);
    }
}
