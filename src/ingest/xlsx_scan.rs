//! A bound on what an .xlsx expands to in memory, checked before calamine reads it.
//!
//! The archive's inflated size is bounded already (`check_zip_sizes`), but a sheet's XML
//! can still ask for more than its bytes: every cell becomes a value of its own, and a
//! cell referring to a shared string gets its own copy of that string, so one 100 KB text
//! used by 20,000 cells is 2 GB. Both are counted here from the raw XML.

use std::io::{Cursor, Read};

use super::ods::find;

/// Cells in all sheets: far more than any 公开表 or 绩效 workbook (the reference has about
/// 1,500; a 50,000-row table with 8 columns has 400,000).
pub const MAX_CELLS: u64 = 2_000_000;

/// Characters of shared text the cells copy, in all sheets (UTF-8 bytes, counted from
/// the XML of each string): a real workbook has well under a megabyte.
pub const MAX_SHARED_TEXT: u64 = 64 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Scan {
    pub cells: u64,
    pub shared_text: u64,
}

/// Count the cells of every worksheet and the shared text they refer to; `None` when the
/// archive cannot be read (calamine reports that itself).
pub fn scan(bytes: &[u8]) -> Option<Scan> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let names: Vec<String> = archive.file_names().map(str::to_string).collect();
    let mut read = |name: &str| -> Option<Vec<u8>> {
        let mut entry = archive.by_name(name).ok()?;
        let mut xml = Vec::new();
        entry.read_to_end(&mut xml).ok()?;
        Some(xml)
    };
    let lower = |n: &str| n.to_ascii_lowercase();
    let strings = names
        .iter()
        .find(|n| lower(n).ends_with("sharedstrings.xml"))
        .and_then(|n| read(n))
        .map(|xml| string_lengths(&xml))
        .unwrap_or_default();
    let mut out = Scan::default();
    for name in names
        .iter()
        .filter(|n| lower(n).contains("worksheets/") && lower(n).ends_with(".xml"))
    {
        if let Some(xml) = read(name) {
            let s = scan_sheet(&xml, &strings);
            out.cells = out.cells.saturating_add(s.cells);
            out.shared_text = out.shared_text.saturating_add(s.shared_text);
        }
    }
    Some(out)
}

/// The byte length of each `<si>` of `sharedStrings.xml`, in order.
fn string_lengths(xml: &[u8]) -> Vec<u64> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(off) = find(&xml[at..], b"<si") {
        let start = at + off;
        // `<si>` or `<si …>`, not `<sin…>`.
        if !matches!(xml.get(start + 3), Some(b'>' | b' ' | b'/')) {
            at = start + 3;
            continue;
        }
        let end = find(&xml[start..], b"</si>").map_or(xml.len(), |e| start + e);
        out.push((end - start) as u64);
        at = end.max(start + 3);
    }
    out
}

/// One sheet: its `<c …>` cells, and for those of type `s` the length of the string
/// their `<v>` names.
fn scan_sheet(xml: &[u8], strings: &[u64]) -> Scan {
    let mut out = Scan::default();
    let mut at = 0;
    while let Some(off) = find(&xml[at..], b"<c") {
        let start = at + off;
        at = start + 2;
        // `<c>` or `<c …>`, not `<col…>` or `<cfRule…>`.
        if !matches!(
            xml.get(start + 2),
            Some(b'>' | b' ' | b'/' | b'\t' | b'\n' | b'\r')
        ) {
            continue;
        }
        out.cells += 1;
        let Some(len) = find(&xml[start..], b">") else {
            break;
        };
        let tag = &xml[start..start + len];
        at = start + len;
        if find(tag, b"t=\"s\"").is_none() || tag.ends_with(b"/") {
            continue;
        }
        // The index in `<v>N</v>` right after.
        let rest = &xml[at..xml.len().min(at + 64)];
        if let Some(v) = find(rest, b"<v>") {
            let digits: Vec<u8> = rest[v + 3..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .copied()
                .collect();
            let index = std::str::from_utf8(&digits)
                .ok()
                .and_then(|d| d.parse::<usize>().ok());
            if let Some(len) = index.and_then(|i| strings.get(i)) {
                out.shared_text = out.shared_text.saturating_add(*len);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_cells_and_the_shared_text_they_copy() {
        let strings = string_lengths(b"<sst><si><t>ab</t></si><si><t>long text</t></si></sst>");
        assert_eq!(strings, vec![13, 20]);
        let sheet = br#"<sheetData><row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1" t="s"><v>1</v></c><c r="C1"><v>3</v></c><c r="D1"/></row></sheetData><cols><col min="1"/></cols>"#;
        assert_eq!(
            scan_sheet(sheet, &strings),
            Scan {
                cells: 4,
                shared_text: 40
            }
        );
    }
}
