//! A small builder: a workbook is sheets of rows of cells, written with rust_xlsxwriter
//! (or as .ods). Shared by the ingest and corpus tests.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Format, Formula, Workbook};

#[derive(Debug, Clone)]
pub enum C {
    Empty,
    Text(String),
    Num(f64),
    /// A formula saved without a calculated result: `<c><f>F7+F8</f></c>`, no `<v>`,
    /// as written by programs that do not calculate (openpyxl, many exporters).
    NoResult(String),
    /// A number in a cell formatted as a date (`yyyy-mm-dd`).
    Date(f64),
    /// A formula with its cached result (`#DIV/0!`, `"text"`, `12.5`).
    Formula(String, String),
    /// A number shown through a number format (`0!.0000`).
    Formatted(f64, String),
}

impl From<()> for C {
    fn from(_: ()) -> C {
        C::Empty
    }
}
impl From<&str> for C {
    fn from(s: &str) -> C {
        C::Text(s.to_string())
    }
}
impl From<f64> for C {
    fn from(n: f64) -> C {
        C::Num(n)
    }
}
impl From<i32> for C {
    fn from(n: i32) -> C {
        C::Num(n.into())
    }
}

/// `row![…]`: a row of cells from `()`, text, numbers.
macro_rules! row {
    ($($x:expr),* $(,)?) => { vec![$($crate::common::build::C::from($x)),*] };
}
pub(crate) use row;

pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<C>>,
    /// Written as a hidden sheet (.xlsx only).
    pub hidden: bool,
    /// Merged ranges (`H12:H13`), .xlsx only: the first cell keeps its value.
    pub merges: Vec<String>,
}

impl Sheet {
    pub fn new(name: &str, rows: Vec<Vec<C>>) -> Sheet {
        Sheet {
            name: name.to_string(),
            rows,
            hidden: false,
            merges: Vec::new(),
        }
    }

    /// Set one cell by its A1 name (`C9`).
    pub fn set(&mut self, a1: &str, value: impl Into<C>) -> &mut Sheet {
        let (row, col) = parse_a1(a1);
        if self.rows.len() <= row {
            self.rows.resize_with(row + 1, Vec::new);
        }
        let line = &mut self.rows[row];
        if line.len() <= col {
            line.resize(col + 1, C::Empty);
        }
        line[col] = value.into();
        self
    }

    /// Replace every text cell equal to `from`.
    pub fn replace_text(&mut self, from: &str, to: &str) -> &mut Sheet {
        for c in self.rows.iter_mut().flatten() {
            if matches!(c, C::Text(t) if t == from) {
                *c = C::Text(to.to_string());
            }
        }
        self
    }
}

pub fn parse_a1(a1: &str) -> (usize, usize) {
    let letters: String = a1.chars().take_while(|c| c.is_ascii_uppercase()).collect();
    let col = letters
        .bytes()
        .fold(0usize, |acc, b| acc * 26 + (b - b'A' + 1) as usize)
        - 1;
    let row: usize = a1[letters.len()..].parse().expect("A1 row");
    (row - 1, col)
}

pub struct Book {
    pub sheets: Vec<Sheet>,
}

/// The result rust_xlsxwriter writes for a `NoResult` formula, removed afterwards.
const MARKER: &str = "JUESUAN-NO-RESULT";

impl Book {
    pub fn sheet(&mut self, name: &str) -> &mut Sheet {
        self.sheets
            .iter_mut()
            .find(|s| s.name == name)
            .unwrap_or_else(|| panic!("no sheet {name}"))
    }

    pub fn save(&self, dir: &Path, file: &str) -> PathBuf {
        let mut wb = Workbook::new();
        let mut no_result = 0;
        let date = Format::new().set_num_format("yyyy-mm-dd");
        for sheet in &self.sheets {
            let ws = wb.add_worksheet();
            ws.set_name(&sheet.name).unwrap();
            if sheet.hidden {
                ws.set_hidden(true);
            }
            // Merged first: the cells written below then fill their first cells.
            for range in &sheet.merges {
                let (first, last) = range.split_once(':').expect("A1:B2");
                let ((r1, c1), (r2, c2)) = (parse_a1(first), parse_a1(last));
                ws.merge_range(
                    r1 as u32,
                    c1 as u16,
                    r2 as u32,
                    c2 as u16,
                    "",
                    &Format::new(),
                )
                .unwrap();
            }
            for (r, line) in sheet.rows.iter().enumerate() {
                for (c, cell) in line.iter().enumerate() {
                    let (r, c) = (r as u32, c as u16);
                    match cell {
                        C::Empty => {}
                        C::Text(t) => {
                            ws.write_string(r, c, t).unwrap();
                        }
                        C::Num(n) => {
                            ws.write_number(r, c, *n).unwrap();
                        }
                        C::NoResult(f) => {
                            ws.write_formula(r, c, Formula::new(f).set_result(MARKER))
                                .unwrap();
                            no_result += 1;
                        }
                        C::Date(n) => {
                            ws.write_number_with_format(r, c, *n, &date).unwrap();
                        }
                        C::Formatted(n, code) => {
                            let format = Format::new().set_num_format(code);
                            ws.write_number_with_format(r, c, *n, &format).unwrap();
                        }
                        C::Formula(f, result) => {
                            ws.write_formula(r, c, Formula::new(f).set_result(result))
                                .unwrap();
                        }
                    }
                }
            }
        }
        let path = dir.join(file);
        wb.save(&path).unwrap();
        if no_result > 0 {
            strip_results(&path, no_result);
        }
        path
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

impl Book {
    /// The book as OpenDocument: strings, floats, and `NoResult` as a cell with a
    /// `table:formula` (written as given, in ODF syntax: `[.F7]+[.F8]`) and no value.
    pub fn save_ods(&self, dir: &Path, file: &str) -> PathBuf {
        let mut content = String::from(concat!(
            r#"<?xml version="1.0" encoding="UTF-8"?>"#,
            r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0""#,
            r#" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0""#,
            r#" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0""#,
            r#" xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" office:version="1.2">"#,
            r#"<office:body><office:spreadsheet>"#
        ));
        for sheet in &self.sheets {
            content += &format!(r#"<table:table table:name="{}">"#, esc(&sheet.name));
            for line in &sheet.rows {
                content += "<table:table-row>";
                for cell in line {
                    content += &match cell {
                        C::Empty => "<table:table-cell></table:table-cell>".to_string(),
                        C::Text(t) => format!(
                            r#"<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>"#,
                            esc(t)
                        ),
                        C::Num(n) => format!(
                            r#"<table:table-cell office:value-type="float" office:value="{n}"><text:p>{n}</text:p></table:table-cell>"#
                        ),
                        C::NoResult(f) => format!(
                            r#"<table:table-cell table:formula="of:={}"></table:table-cell>"#,
                            esc(f)
                        ),
                        // An error result as LibreOffice saves it: an empty string value.
                        C::Formula(f, v) if v.starts_with('#') => format!(
                            r#"<table:table-cell table:formula="of:={}" office:value-type="string" office:string-value="" calcext:value-type="error"><text:p>{}</text:p></table:table-cell>"#,
                            esc(f),
                            esc(v)
                        ),
                        // A percentage as LibreOffice saves it: the fraction and the text shown.
                        C::Formatted(n, code) if code.ends_with('%') => {
                            let places = code.split_once('.').map_or(0, |(_, d)| d.len() - 1);
                            format!(
                                r#"<table:table-cell office:value-type="percentage" office:value="{n}"><text:p>{:.*}%</text:p></table:table-cell>"#,
                                places,
                                n * 100.0
                            )
                        }
                        C::Date(_) | C::Formula(..) | C::Formatted(..) => {
                            unimplemented!("dates, cached formulas and number formats are written as .xlsx only")
                        }
                    };
                }
                content += "</table:table-row>";
            }
            content += "</table:table>";
        }
        content += "</office:spreadsheet></office:body></office:document-content>";
        let manifest = concat!(
            r#"<?xml version="1.0" encoding="UTF-8"?>"#,
            r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">"#,
            r#"<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>"#,
            r#"<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>"#,
            r#"</manifest:manifest>"#
        );
        let path = dir.join(file);
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        let deflated = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("mimetype", stored).unwrap();
        zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
            .unwrap();
        zip.start_file("META-INF/manifest.xml", deflated).unwrap();
        zip.write_all(manifest.as_bytes()).unwrap();
        zip.start_file("content.xml", deflated).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
        zip.finish().unwrap();
        path
    }
}

/// rust_xlsxwriter always stores a result (`0` by default). Rewrite the archive with
/// `<c r=".." t="str"><f>…</f><v>MARKER</v></c>` turned into `<c r=".."><f>…</f></c>`.
fn strip_results(path: &Path, count: usize) {
    let src = std::fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(src)).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let marker = format!("<v>{MARKER}</v>");
    let mut stripped = 0;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().to_string();
        let mut data = String::new();
        entry.read_to_string(&mut data).unwrap();
        while let Some(at) = data.find(&marker) {
            data.replace_range(at..at + marker.len(), "");
            let open = data[..at].rfind("<c ").unwrap();
            let end = open + data[open..].find('>').unwrap();
            let tag = data[open..end].replace(" t=\"str\"", "");
            data.replace_range(open..end, &tag);
            stripped += 1;
        }
        out.start_file(name.as_str(), opts).unwrap();
        out.write_all(data.as_bytes()).unwrap();
    }
    out.finish().unwrap();
    assert_eq!(stripped, count, "every marked result removed");
}

/// Copy the archive `src` to `dst` (they may be the same file) with one member's text
/// rewritten by `edit`; the other members are copied as they are.
pub fn rewrite_zip_member(src: &Path, dst: &Path, member: &str, edit: impl Fn(String) -> String) {
    let bytes = std::fs::read(src).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(dst).unwrap());
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().to_string();
        let method = entry.compression();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if name == member {
            data = edit(String::from_utf8(data).unwrap()).into_bytes();
        }
        let opts = zip::write::SimpleFileOptions::default().compression_method(method);
        out.start_file(name.as_str(), opts).unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap();
}
