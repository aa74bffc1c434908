//! A corpus of bad and extreme inputs made here, by test code: each with its expected
//! Chinese message and location, a non-zero exit of the binary, no panic, and bounded time
//! and memory.
//!
//! 1. Formulas saved without their calculated result (an .xlsx or .ods written by a
//!    program that does not calculate).
//! 2. 50,000-row sheets and a cell at the far corner of a sheet.
//! 3. Excel 95 (BIFF5) .xls with GBK text, and BIFF8 with a stray GBK CODEPAGE record.
//! 4. Damaged .xls containers and records that made the reader allocate without bound.
//!
//! The workbook builder (`build`) and `minimal_book` are those of `tests/ingest.rs` (plus an
//! .ods writer and formulas without result); the .xls writer (`xls`) is a minimal
//! BIFF5/BIFF8 writer in an OLE container. Times are printed (`--nocapture`), not asserted.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use juesuan::ingest::read_gongkai;
use juesuan::model::*;
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

// ───────────────────────────── workbook builder ─────────────────────────────

mod common;
use common::book::minimal_book;
use common::build::{row, Book, Sheet, C};

/// A minimal .xls writer: BIFF5 (Excel 5.0/95, text in the code page) or BIFF8 (Excel
/// 97–2003, text in UTF-16) records in an OLE compound file with 512-byte sectors. Text
/// cells become LABEL records, numbers NUMBER records: what calamine reads.
mod xls {
    use super::common::build::{Book, C};

    pub struct Options {
        pub biff5: bool,
        /// The CODEPAGE record (none when `None`).
        pub codepage: Option<u16>,
        /// Text → bytes for BIFF5 (GBK for 936).
        pub encode: fn(&str) -> Vec<u8>,
        /// Replace the DIMENSIONS record of every sheet: (first row, last row + 1).
        pub dimensions: Option<(u32, u32)>,
        /// Extra raw records appended to the first sheet.
        pub extra: Vec<(u16, Vec<u8>)>,
    }

    impl Options {
        pub fn biff8() -> Options {
            Options {
                biff5: false,
                codepage: Some(1200),
                encode: |s| s.as_bytes().to_vec(),
                dimensions: None,
                extra: Vec::new(),
            }
        }
    }

    fn record(out: &mut Vec<u8>, typ: u16, data: &[u8]) {
        out.extend(typ.to_le_bytes());
        out.extend((data.len() as u16).to_le_bytes());
        out.extend(data);
    }

    fn bof(biff5: bool, dt: u16) -> Vec<u8> {
        let mut d = Vec::new();
        d.extend(if biff5 { 0x0500u16 } else { 0x0600 }.to_le_bytes());
        d.extend(dt.to_le_bytes());
        d.extend([0u8; 4]);
        if !biff5 {
            d.extend([0u8; 8]);
        }
        d
    }

    /// A string with a 16-bit (`wide`) or 8-bit character count.
    fn string(o: &Options, s: &str, wide: bool) -> Vec<u8> {
        let mut d = Vec::new();
        if o.biff5 {
            let bytes = (o.encode)(s);
            if wide {
                d.extend((bytes.len() as u16).to_le_bytes());
            } else {
                d.push(bytes.len() as u8);
            }
            d.extend(bytes);
        } else {
            let units: Vec<u16> = s.encode_utf16().collect();
            if wide {
                d.extend((units.len() as u16).to_le_bytes());
            } else {
                d.push(units.len() as u8);
            }
            d.push(1); // fHighByte: UTF-16
            d.extend(units.iter().flat_map(|u| u.to_le_bytes()));
        }
        d
    }

    /// The workbook stream.
    pub fn stream(book: &Book, o: &Options) -> Vec<u8> {
        let mut out = Vec::new();
        record(&mut out, 0x0809, &bof(o.biff5, 0x0005));
        if let Some(cp) = o.codepage {
            record(&mut out, 0x0042, &cp.to_le_bytes());
        }
        let mut positions = Vec::new();
        for sheet in &book.sheets {
            positions.push(out.len() + 4);
            let mut d = vec![0u8; 4]; // stream offset of the sheet's BOF, patched below
            d.extend([0, 0]); // visible worksheet
            d.extend(string(o, &sheet.name, false));
            record(&mut out, 0x0085, &d);
        }
        record(&mut out, 0x000A, &[]);
        for (i, sheet) in book.sheets.iter().enumerate() {
            let at = out.len() as u32;
            out[positions[i]..positions[i] + 4].copy_from_slice(&at.to_le_bytes());
            record(&mut out, 0x0809, &bof(o.biff5, 0x0010));
            let rows = sheet.rows.len() as u32;
            let cols = sheet.rows.iter().map(|r| r.len()).max().unwrap_or(0) as u16;
            let (first, last) = o.dimensions.unwrap_or((0, rows));
            let mut dim = Vec::new();
            if o.biff5 {
                dim.extend((first as u16).to_le_bytes());
                dim.extend((last as u16).to_le_bytes());
            } else {
                dim.extend(first.to_le_bytes());
                dim.extend(last.to_le_bytes());
            }
            dim.extend(0u16.to_le_bytes());
            dim.extend(cols.to_le_bytes());
            dim.extend(0u16.to_le_bytes());
            record(&mut out, 0x0200, &dim);
            for (r, line) in sheet.rows.iter().enumerate() {
                for (c, cell) in line.iter().enumerate() {
                    let mut d = Vec::new();
                    d.extend((r as u16).to_le_bytes());
                    d.extend((c as u16).to_le_bytes());
                    d.extend(0u16.to_le_bytes()); // XF
                    match cell {
                        C::Text(t) => {
                            d.extend(string(o, t, true));
                            record(&mut out, 0x0204, &d);
                        }
                        C::Num(n) => {
                            d.extend(n.to_le_bytes());
                            record(&mut out, 0x0203, &d);
                        }
                        C::Empty | C::NoResult(_) => {}
                        C::Date(_) | C::Formula(..) | C::Formatted(..) => {
                            unimplemented!("the .xls writer writes text and numbers only")
                        }
                    }
                }
            }
            if i == 0 {
                for (typ, data) in &o.extra {
                    record(&mut out, *typ, data);
                }
            }
            record(&mut out, 0x000A, &[]);
        }
        out
    }

    pub const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
    const FREESECT: u32 = 0xFFFF_FFFF;
    const FATSECT: u32 = 0xFFFF_FFFD;

    /// Where things are in the container written by `ole`, for damaging it.
    pub struct Layout {
        /// File offset of the FAT (sector 0).
        pub fat: usize,
        /// File offset of the workbook stream's directory entry.
        pub entry: usize,
        /// Sector numbers of the stream.
        pub first: u32,
        pub last: u32,
    }

    /// An OLE compound file (version 3) holding one stream: sector 0 the FAT, sector 1
    /// the directory, then the stream (padded to 4096 bytes, so not in the mini stream).
    pub fn ole(name: &str, stream: &[u8]) -> (Vec<u8>, Layout) {
        let mut stream = stream.to_vec();
        stream.resize(stream.len().max(4096).div_ceil(512) * 512, 0);
        let n = (stream.len() / 512) as u32;
        assert!(n + 2 <= 128, "one FAT sector is enough for a test workbook");
        let mut file = vec![0u8; 512];
        file[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
        let put16 =
            |f: &mut Vec<u8>, o: usize, v: u16| f[o..o + 2].copy_from_slice(&v.to_le_bytes());
        let put32 =
            |f: &mut Vec<u8>, o: usize, v: u32| f[o..o + 4].copy_from_slice(&v.to_le_bytes());
        put16(&mut file, 24, 0x003E);
        put16(&mut file, 26, 3);
        put16(&mut file, 28, 0xFFFE);
        put16(&mut file, 30, 9);
        put16(&mut file, 32, 6);
        put32(&mut file, 44, 1); // FAT sectors
        put32(&mut file, 48, 1); // directory start
        put32(&mut file, 56, 4096); // mini stream cutoff
        put32(&mut file, 60, ENDOFCHAIN); // no mini FAT
        put32(&mut file, 68, ENDOFCHAIN); // no DIFAT sectors
        put32(&mut file, 76, 0); // the FAT is sector 0
        for i in 1..109 {
            put32(&mut file, 76 + 4 * i, FREESECT);
        }
        // FAT.
        let mut fat = vec![FREESECT; 128];
        fat[0] = FATSECT;
        fat[1] = ENDOFCHAIN;
        for s in 0..n {
            fat[2 + s as usize] = if s + 1 == n { ENDOFCHAIN } else { 3 + s };
        }
        file.extend(fat.iter().flat_map(|v| v.to_le_bytes()));
        // Directory: root, the stream, two unused entries.
        let entry = |name: &str, kind: u8, child: u32, start: u32, size: u32| {
            let mut e = vec![0u8; 128];
            let units: Vec<u16> = name.encode_utf16().collect();
            for (i, u) in units.iter().enumerate() {
                e[2 * i..2 * i + 2].copy_from_slice(&u.to_le_bytes());
            }
            let len = if name.is_empty() {
                0
            } else {
                2 * (units.len() + 1)
            };
            e[64..66].copy_from_slice(&(len as u16).to_le_bytes());
            e[66] = kind;
            e[67] = 1; // black
            e[68..72].copy_from_slice(&FREESECT.to_le_bytes());
            e[72..76].copy_from_slice(&FREESECT.to_le_bytes());
            e[76..80].copy_from_slice(&child.to_le_bytes());
            e[116..120].copy_from_slice(&start.to_le_bytes());
            e[120..124].copy_from_slice(&size.to_le_bytes());
            e
        };
        let dir_at = file.len();
        file.extend(entry("Root Entry", 5, 1, ENDOFCHAIN, 0));
        file.extend(entry(name, 2, FREESECT, 2, stream.len() as u32));
        file.extend(entry("", 0, FREESECT, 0, 0));
        file.extend(entry("", 0, FREESECT, 0, 0));
        file.extend(&stream);
        let layout = Layout {
            fat: 512,
            entry: dir_at + 128,
            first: 2,
            last: 1 + n,
        };
        (file, layout)
    }
}

// ───────────────────────────── helpers ─────────────────────────────

/// The model read from `book` written as .xlsx (the reference for the other formats).
fn xlsx_model(book: &Book) -> Gongkai {
    let dir = tempfile::tempdir().unwrap();
    let path = book.save(dir.path(), "book.xlsx");
    read_gongkai(&path).unwrap_or_else(|e| panic!("the .xlsx should read: {e}"))
}

/// The same model whatever the file was called.
fn renamed(mut g: Gongkai, source: &str) -> Gongkai {
    g.source = source.to_string();
    g
}

fn write(dir: &Path, file: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(file);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The whole contract for a bad input: the library's message is exactly `expected`; the
/// binary prints it (and nothing on stdout), exits with 2 (could not run), not a panic.
#[track_caller]
fn assert_refused(path: &Path, expected: &str) {
    let started = Instant::now();
    match read_gongkai(path) {
        Ok(_) => panic!("{} should be refused", path.display()),
        Err(e) => assert_eq!(e.to_string(), expected),
    }
    eprintln!("{}: refused in {:?}", path.display(), started.elapsed());
    let out = Command::new(env!("CARGO_BIN_EXE_juesuan"))
        .arg("inspect")
        .arg(path)
        .output()
        .expect("run juesuan");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "exit code; stderr: {stderr}");
    assert_eq!(stderr, format!("错误：{expected}\n"));
    assert!(out.stdout.is_empty(), "nothing on stdout on failure");
}

// ─────────────── 1. formulas saved without their result ───────────────

#[test]
fn formula_without_result_in_an_amount_cell_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = minimal_book();
    book.sheet("公开06表")
        .set("F6", C::NoResult("F7+F8".into()));
    assert_refused(
        &book.save(dir.path(), "nocalc06.xlsx"),
        "nocalc06.xlsx：公开06表（一般公共预算财政拨款基本支出决算明细表） 单元格 公开06表!F6：应为金额（数字），实为“公式 =F7+F8 没有计算结果”（请在 Excel 或 WPS 中打开、重新计算并保存后再导出）",
    );

    // In a 科目代码 table, and written with a leading `=` and a function.
    let mut book = minimal_book();
    book.sheet("公开02表")
        .set("C9", C::NoResult("=SUM(D9:I9)".into()));
    assert_refused(
        &book.save(dir.path(), "nocalc02.xlsx"),
        "nocalc02.xlsx：公开02表（收入决算表） 单元格 公开02表!C9：应为金额（数字），实为“公式 =SUM(D9:I9) 没有计算结果”（请在 Excel 或 WPS 中打开、重新计算并保存后再导出）",
    );
}

/// An .ods cell with a `table:formula` and no `office:value`.
#[test]
fn ods_formula_without_result_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let book = minimal_book();
    let g = read_gongkai(&book.save_ods(dir.path(), "good.ods"))
        .unwrap_or_else(|e| panic!("the .ods writer should be sound: {e}"));
    assert_eq!(g, renamed(xlsx_model(&book), "good.ods"));

    let mut book = minimal_book();
    book.sheet("公开06表")
        .set("F6", C::NoResult("[.F7]+[.F8]".into()));
    assert_refused(
        &book.save_ods(dir.path(), "nocalc06.ods"),
        "nocalc06.ods：公开06表（一般公共预算财政拨款基本支出决算明细表） 单元格 公开06表!F6：应为金额（数字），实为“公式 =F7+F8 没有计算结果”（请在 Excel 或 WPS 中打开、重新计算并保存后再导出）",
    );
}

/// Rewrite one member of a zip archive (an .ods or .xlsx) in place.
fn patch_zip(path: &Path, member: &str, edit: impl Fn(String) -> String) {
    common::build::rewrite_zip_member(path, path, member, edit);
}

/// An .ods "repeat bomb": one cell with a value, repeated 16,384 columns × 1,000,000 rows
/// in 200 bytes (plus the 506 cells of the book). calamine would expand it; the pre-check
/// counts and refuses it.
#[test]
fn ods_with_a_huge_repeated_cell_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = minimal_book().save_ods(dir.path(), "repeat.ods");
    patch_zip(&path, "content.xml", |xml| {
        xml.replace(
            "</office:spreadsheet>",
            concat!(
                r#"<table:table table:name="炸弹"><table:table-row table:number-rows-repeated="1000000">"#,
                r#"<table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384">"#,
                r#"<text:p>1</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet>"#
            ),
        )
    });
    assert_refused(
        &path,
        "repeat.ods：工作簿的内容远超正常的决算工作簿，未读取（重复单元格展开后有 16384000506 个有内容的单元格）。请删去多余的内容后另存，或从财务系统重新导出",
    );
    // Empty repeated cells, as LibreOffice pads every sheet, are harmless and read.
    let path = minimal_book().save_ods(dir.path(), "padded.ods");
    patch_zip(&path, "content.xml", |xml| {
        xml.replace(
            "</table:table>",
            r#"<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>"#,
        )
    });
    assert!(read_gongkai(&path).is_ok());
}

/// Spaces written as `<text:s text:c="2000000000"/>` in 8 KB would become gigabytes of
/// text in calamine: refused from their count.
#[test]
fn ods_with_a_space_bomb_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = minimal_book().save_ods(dir.path(), "spaces.ods");
    patch_zip(&path, "content.xml", |xml| {
        xml.replacen("<text:p>", r#"<text:p><text:s text:c="2000000000"/>"#, 1)
    });
    assert_refused(
        &path,
        "spaces.ods：工作簿的内容远超正常的决算工作簿，未读取（文字中写明的连续空格共 2000000000 个）。请删去多余的内容后另存，或从财务系统重新导出",
    );
}

/// A 100 KB text in one cell repeated over 100 columns and 200 rows of an extra sheet
/// (a few KB compressed) would be 2 GB of text in calamine: refused from the XML.
#[test]
fn ods_with_a_long_text_in_a_repeated_cell_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = minimal_book().save_ods(dir.path(), "repeat.ods");
    let sheet = format!(
        r#"<table:table table:name="台账"><table:table-row table:number-rows-repeated="200"><table:table-cell table:number-columns-repeated="100" office:value-type="string"><text:p>{}</text:p></table:table-cell></table:table-row></table:table>"#,
        "x".repeat(100_000)
    );
    patch_zip(&path, "content.xml", |xml| {
        xml.replacen(
            "</office:spreadsheet>",
            &format!("{sheet}</office:spreadsheet>"),
            1,
        )
    });
    assert_refused(
        &path,
        "repeat.ods：工作簿的内容远超正常的决算工作簿，未读取（重复单元格展开后文字共约 1907 MB）。请删去多余的内容后另存，或从财务系统重新导出",
    );
}

/// One long text shared by many cells: each cell would get its own copy (90 KB × 800 is
/// 72 MB from a file of a few hundred KB). Counted from the XML and refused.
#[test]
fn xlsx_with_one_long_text_in_many_cells_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = minimal_book();
    let long = "长".repeat(30_000);
    let rows: Vec<Vec<C>> = (0..800).map(|_| vec![C::Text(long.clone())]).collect();
    book.sheets.push(Sheet::new("长文字", rows));
    let path = book.save(dir.path(), "shared.xlsx");
    let err = read_gongkai(&path).expect_err("refused").to_string();
    assert!(
        err.starts_with(
            "shared.xlsx：工作簿的内容远超正常的决算工作簿，未读取（单元格引用的文字共约 68 MB"
        ) && err.contains("MB（同一段长文字被大量单元格重复引用））"),
        "{err}"
    );
}

/// An .ods with a value at A1 and one at row 1,000,002, column 16,000 of an extra sheet:
/// calamine would build that sheet as 16 billion cells and abort; it is refused first.
#[test]
fn ods_with_a_far_cell_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = minimal_book().save_ods(dir.path(), "far.ods");
    patch_zip(&path, "content.xml", |xml| {
        xml.replace(
            "</office:spreadsheet>",
            concat!(
                r#"<table:table table:name="远"><table:table-row><table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>"#,
                r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#,
                r#"<table:table-row><table:table-cell table:number-columns-repeated="15999"/><table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>"#,
                r#"</table:table></office:spreadsheet>"#
            ),
        )
    });
    assert_refused(
        &path,
        "far.ods：工作簿的内容远超正常的决算工作簿，未读取（有内容的单元格分布在 1000002 行 × 16000 列的区域）。请删去多余的内容后另存，或从财务系统重新导出",
    );
}

/// Found by the XML fuzz run: a cell reference beyond Excel's last row (`A1111111111`)
/// asked for 26 GB of rows. Now an error naming the cell (`A2000000` here: a number
/// calamine parses without overflow in either build); and many far-right cells, one per
/// row, are bounded too.
#[test]
fn xlsx_cells_beyond_excel_limits_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("far-row.xlsx");
    std::fs::copy(
        "tests/fixtures/reference/tunliu-zuzhibu-2023-gongkai.xlsx",
        &path,
    )
    .unwrap();
    patch_zip(&path, "xl/worksheets/sheet1.xml", |xml| {
        xml.replacen(r#"<c r="A1" "#, r#"<c r="A2000000" "#, 1)
    });
    assert_refused(
        &path,
        "far-row.xlsx：工作簿已损坏或不完整，无法打开（工作表“公开01表”：单元格 A2000000 超出 Excel 的行列上限）。请从财务系统重新导出",
    );
    let path = dir.path().join("scattered.xlsx");
    std::fs::copy(
        "tests/fixtures/reference/tunliu-zuzhibu-2023-gongkai.xlsx",
        &path,
    )
    .unwrap();
    patch_zip(&path, "xl/worksheets/sheet1.xml", |xml| {
        let far: String = (100..2100)
            .map(|r| format!(r#"<row r="{r}"><c r="XFD{r}" t="n"><v>1</v></c></row>"#))
            .collect();
        xml.replace("</sheetData>", &format!("{far}</sheetData>"))
    });
    assert_refused(
        &path,
        "scattered.xlsx：工作簿的内容远超正常的决算工作簿，未读取（工作表“公开01表”：有内容的单元格分布过散（超过 20000000 个单元格位置））。请删去多余的内容后另存，或从财务系统重新导出",
    );
}

/// A formula without result in a text cell outside the table reads as empty; in a
/// 科目名称 it leaves the 科目 without a name: said with the formula.
#[test]
fn formula_without_result_in_a_text_cell() {
    let mut book = minimal_book();
    book.sheet("公开02表")
        .set("K1", C::NoResult("TODAY()".into()));
    assert_eq!(xlsx_model(&book).t02, xlsx_model(&minimal_book()).t02);
    book.sheet("公开02表")
        .set("B10", C::NoResult("\"行政\"&\"运行\"".into()));
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        read_gongkai(&book.save(dir.path(), "book.xlsx"))
            .unwrap_err()
            .to_string(),
        "book.xlsx：公开02表（收入决算表） 单元格 公开02表!B10：应为科目名称，实为“公式 =\"行政\"&\"运行\" 没有计算结果（请在 Excel 或 WPS 中打开、重新计算并保存后再导出）”"
    );
}

// ─────────────── 2. big sheets ───────────────

const ROWS: usize = 50_000;

/// 公开03表 with 50,000 more 项 rows (0.01 万元 of 项目支出 each) before its 注 line.
fn book_with_long_table03() -> Book {
    let mut book = minimal_book();
    let sheet = book.sheet("公开03表");
    let note = sheet.rows.pop().unwrap();
    for i in 0..ROWS {
        let code = format!("{}", 2_100_000 + i);
        sheet
            .rows
            .push(row![code.as_str(), "测试项目", 0.01, (), 0.01]);
    }
    sheet.rows.push(note);
    book
}

#[test]
fn fifty_thousand_rows_in_a_table_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let book = book_with_long_table03();
    let path = book.save(dir.path(), "long03.xlsx");
    let started = Instant::now();
    let g = read_gongkai(&path).unwrap_or_else(|e| panic!("should read: {e}"));
    eprintln!("50,000-row 公开03表 read in {:?}", started.elapsed());
    let minimal = xlsx_model(&minimal_book());
    assert_eq!(g.t03.rows.len(), minimal.t03.rows.len() + ROWS);
    let added = &g.t03.rows[minimal.t03.rows.len()..];
    assert_eq!(added[0].code, "2100000");
    assert_eq!(added[ROWS - 1].code, format!("{}", 2_100_000 + ROWS - 1));
    // Title, label, meta, 3 header rows, 合计, 4 rows of the minimal table: row 12 on.
    assert_eq!(
        added[ROWS - 1].at.to_string(),
        format!("公开03表!C{}", 11 + ROWS)
    );
    let sum: Decimal = added.iter().map(|r| r.values[0]).sum();
    assert_eq!(sum, d("500.00"));
    assert_eq!(
        added.iter().map(|r| r.values[2]).sum::<Decimal>(),
        d("500.00")
    );
    // The other tables are untouched.
    assert_eq!(g.t02, minimal.t02);
    assert_eq!(g.t10, minimal.t10);
}

/// Refused by `check` before any row-by-row comparison (some grow with the square of the
/// rows) and by `generate` before typesetting: a thousand pages of one table is a broken
/// export, not a document.
#[test]
fn fifty_thousand_rows_are_refused_before_checking_and_typesetting() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("案例");
    std::fs::create_dir_all(&case).unwrap();
    book_with_long_table03().save(&case, "公开表.xlsx");
    std::fs::write(
        case.join("部门信息.toml"),
        "\"部门名称\" = \"测试局\"\n\"年度\" = 2023\n",
    )
    .unwrap();
    let loaded = juesuan::case::Case::load(&case).unwrap();
    let report = juesuan::check::check_case(&loaded);
    let rules: Vec<&str> = report.findings.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(rules, ["R-篇幅"]);
    assert_eq!(
        loaded.too_long_to_typeset().as_deref(),
        Some("公开03表（支出决算表）有 50004 行，超过可排版的上限 3000 行（一个部门一般只有几十到几百行），请核实公开表是否导出有误")
    );
    // `generate` refuses it as an error of the case (exit 1, as `check`), naming the case,
    // even when forced.
    let out = Command::new(env!("CARGO_BIN_EXE_juesuan"))
        .arg("generate")
        .arg(&case)
        .args(["--force", "-o"])
        .arg(dir.path().join("out.pdf"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "{}：公开03表（支出决算表）有 50004 行，超过可排版的上限",
            case.display()
        )),
        "{stderr}"
    );
    // The minimal book is typeset.
    let small = dir.path().join("小");
    std::fs::create_dir_all(&small).unwrap();
    minimal_book().save(&small, "公开表.xlsx");
    std::fs::copy(case.join("部门信息.toml"), small.join("部门信息.toml")).unwrap();
    let small = juesuan::case::Case::load(&small).unwrap();
    assert_eq!(small.too_long_to_typeset(), None);
}

#[test]
fn fifty_thousand_rows_with_text_in_the_last_amount() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = book_with_long_table03();
    let last = format!("C{}", 11 + ROWS);
    book.sheet("公开03表").set(&last, "约一分");
    assert_refused(
        &book.save(dir.path(), "long03_bad.xlsx"),
        &format!("long03_bad.xlsx：公开03表（支出决算表） 单元格 公开03表!{last}：应为金额（数字），实为“约一分”"),
    );
}

/// An unrelated ledger sheet of 50,000 rows × 8 columns beside the tables.
#[test]
fn fifty_thousand_row_ledger_sheet_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = minimal_book();
    let mut rows = vec![row![
        "日期",
        "凭证号",
        "摘要",
        "科目",
        "借方",
        "贷方",
        "余额",
        "备注"
    ]];
    for i in 0..ROWS {
        let n = i as f64;
        rows.push(row![
            "2023-01-01",
            n,
            "报销差旅费",
            "2013201",
            n * 0.5,
            (),
            n,
            "无"
        ]);
    }
    book.sheets.push(Sheet::new("明细账", rows));
    let path = book.save(dir.path(), "ledger.xlsx");
    let started = Instant::now();
    let g = read_gongkai(&path).unwrap_or_else(|e| panic!("should read: {e}"));
    eprintln!("50,000-row ledger read in {:?}", started.elapsed());
    assert_eq!(g, renamed(xlsx_model(&minimal_book()), "ledger.xlsx"));
}

/// A stray value in the last cell of a sheet (XFD1048576), in a table's sheet and in a
/// sheet of its own: the sheet is 16384 columns × 1048576 rows but holds a few cells.
#[test]
fn a_cell_in_the_far_corner_of_a_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = minimal_book();
    book.sheet("公开03表").set("XFD1048576", "x");
    book.sheets.push(Sheet::new("备用", vec![row!["备用"]]));
    book.sheet("备用").set("XFD1048576", 1.0);
    let path = book.save(dir.path(), "corner.xlsx");
    let started = Instant::now();
    let g = read_gongkai(&path).unwrap_or_else(|e| panic!("should read: {e}"));
    eprintln!("far-corner cells read in {:?}", started.elapsed());
    assert_eq!(g, renamed(xlsx_model(&minimal_book()), "corner.xlsx"));
}

// ─────────────── 3. Excel 95 (BIFF5) text in GBK ───────────────

fn gbk(s: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(s);
    assert!(!unmappable, "{s} in GBK");
    bytes.into_owned()
}

fn xls_file(dir: &Path, file: &str, book: &Book, o: &xls::Options) -> PathBuf {
    let name = if o.biff5 { "Book" } else { "Workbook" };
    write(dir, file, &xls::ole(name, &xls::stream(book, o)).0)
}

/// All ten tables, titles, 金额单位：万元 lines, headers and sheet names in GBK.
#[test]
fn excel95_workbook_with_gbk_text_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let book = minimal_book();
    let mut o = xls::Options::biff8();
    o.biff5 = true;
    o.encode = gbk;
    o.codepage = Some(936);
    let path = xls_file(dir.path(), "excel95.xls", &book, &o);
    assert!(std::fs::read(&path)
        .unwrap()
        .windows(8)
        .any(|w| w == gbk("公开03表").as_slice()));
    let g = read_gongkai(&path).unwrap_or_else(|e| panic!("should read: {e}"));
    assert_eq!(g.t03.meta.title, "支出决算表");
    assert_eq!(g.t03.meta.sheet, "公开03表");
    assert_eq!(g.t03.meta.unit, SourceUnit::Wanyuan);
    assert_eq!(g.t03.columns[0], "本年支出合计");
    assert_eq!(g.department, "测试局");
    assert_eq!(g, renamed(xlsx_model(&book), "excel95.xls"));

    // Without a CODEPAGE record: the Chinese Windows code page.
    o.codepage = None;
    let path = xls_file(dir.path(), "excel95_nocp.xls", &book, &o);
    let g = read_gongkai(&path).unwrap_or_else(|e| panic!("should read: {e}"));
    assert_eq!(g, renamed(xlsx_model(&book), "excel95_nocp.xls"));
}

/// BIFF8 text is UTF-16 whatever CODEPAGE says; some exporters write 936 there.
#[test]
fn biff8_with_a_gbk_codepage_record_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let book = minimal_book();
    let mut o = xls::Options::biff8();
    o.codepage = Some(936);
    let path = xls_file(dir.path(), "biff8_936.xls", &book, &o);
    let g = read_gongkai(&path).unwrap_or_else(|e| panic!("should read: {e}"));
    assert_eq!(g, renamed(xlsx_model(&book), "biff8_936.xls"));
}

// ─────────────── 4. damaged .xls: refused before the reader allocates ───────────────

fn corrupt(file: &str, reason: &str) -> String {
    format!("{file}：工作簿已损坏或不完整，无法打开（{reason}）。请从财务系统重新导出")
}

fn good_xls() -> (Vec<u8>, xls::Layout) {
    xls::ole(
        "Workbook",
        &xls::stream(&minimal_book(), &xls::Options::biff8()),
    )
}

#[test]
fn the_xls_writer_is_sound() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "good.xls", &good_xls().0);
    let g = read_gongkai(&path).unwrap_or_else(|e| panic!("should read: {e}"));
    assert_eq!(g, renamed(xlsx_model(&minimal_book()), "good.xls"));
}

#[test]
fn xls_with_a_looping_sector_chain() {
    let dir = tempfile::tempdir().unwrap();
    let (mut bytes, at) = good_xls();
    // The stream's last sector links back to its first: calamine would append forever.
    let o = at.fat + 4 * at.last as usize;
    bytes[o..o + 4].copy_from_slice(&at.first.to_le_bytes());
    assert_refused(
        &write(dir.path(), "loop.xls", &bytes),
        &corrupt("loop.xls", "OLE 扇区链成环"),
    );
}

#[test]
fn xls_with_a_sector_past_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let (mut bytes, at) = good_xls();
    // calamine would grow its buffer to sector 0x7FFFFFF0 × 512 bytes (1 TB).
    let o = at.fat + 4 * at.first as usize;
    bytes[o..o + 4].copy_from_slice(&0x7FFF_FFF0u32.to_le_bytes());
    assert_refused(
        &write(dir.path(), "far_sector.xls", &bytes),
        &corrupt("far_sector.xls", "OLE 扇区编号超出文件长度"),
    );
}

#[test]
fn xls_with_a_huge_stream_size() {
    let dir = tempfile::tempdir().unwrap();
    let (mut bytes, at) = good_xls();
    // calamine would reserve the declared 4 GB up front.
    bytes[at.entry + 120..at.entry + 124].copy_from_slice(&0xFFFF_FF00u32.to_le_bytes());
    assert_refused(
        &write(dir.path(), "huge_stream.xls", &bytes),
        &corrupt("huge_stream.xls", "OLE 流长度超出文件长度"),
    );
}

#[test]
fn xls_with_a_truncated_container() {
    let dir = tempfile::tempdir().unwrap();
    let (bytes, _) = good_xls();
    assert_refused(
        &write(dir.path(), "half.xls", &bytes[..bytes.len() / 2]),
        &corrupt("half.xls", "OLE 流长度超出文件长度"),
    );
}

#[test]
fn xls_with_huge_sheet_dimensions() {
    let dir = tempfile::tempdir().unwrap();
    let mut o = xls::Options::biff8();
    // Rows 0 … 4 294 967 279: calamine would reserve rows × columns cells.
    o.dimensions = Some((0, 0xFFFF_FFF0));
    let (bytes, _) = xls::ole("Workbook", &xls::stream(&minimal_book(), &o));
    assert_refused(
        &write(dir.path(), "dimensions.xls", &bytes),
        &corrupt("dimensions.xls", "工作表尺寸记录超出 Excel 的行列上限"),
    );
    // A last row before the first one (calamine subtracts without a check).
    o.dimensions = Some((100, 50));
    let (bytes, _) = xls::ole("Workbook", &xls::stream(&minimal_book(), &o));
    assert_refused(
        &write(dir.path(), "dimensions2.xls", &bytes),
        &corrupt("dimensions2.xls", "工作表尺寸记录无效（末行在首行之前）"),
    );
}

#[test]
fn xls_with_a_cell_beyond_the_last_column() {
    let dir = tempfile::tempdir().unwrap();
    let mut o = xls::Options::biff8();
    // A NUMBER at row 65536, column 32769: with the cell at A1 the sheet would be filled
    // densely, 65536 × 32769 cells (70 GB).
    let mut number = Vec::new();
    number.extend(0xFFFFu16.to_le_bytes());
    number.extend(0x8000u16.to_le_bytes());
    number.extend(0u16.to_le_bytes());
    number.extend(1.0f64.to_le_bytes());
    o.extra.push((0x0203, number));
    let (bytes, _) = xls::ole("Workbook", &xls::stream(&minimal_book(), &o));
    assert_refused(
        &write(dir.path(), "far_cell.xls", &bytes),
        &corrupt("far_cell.xls", "单元格位置超出 Excel 的行列上限"),
    );
}

/// The 绩效自评表 reader refuses a funds cell whose formula has no stored result, naming
/// the sheet and the cell (the reference workbook with 全年执行数 F7 turned into one).
#[test]
fn jixiao_formula_without_result_is_refused() {
    use std::io::{Read, Write};
    let src = std::fs::read("tests/fixtures/reference/tunliu-zuzhibu-2023-jixiao.xlsx").unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(src)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("绩效自评表.xlsx");
    let mut out = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let text = String::from_utf8(data).unwrap();
            let cell = r#"<c r="F7" t="n"><v>14.882</v></c>"#;
            assert!(text.contains(cell));
            data = text
                .replace(cell, r#"<c r="F7"><f>F8</f></c>"#)
                .into_bytes();
        }
        out.start_file(name.as_str(), opts).unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap();
    let err = juesuan::jixiao::read_jixiao(&path, &Default::default())
        .expect_err("refused")
        .to_string();
    assert!(err.ends_with(
        "绩效自评表.xlsx：项目支出绩效自评表 单元格 项目1!F7：应为金额（数字），实为“公式 =F8 没有计算结果”"
    ), "{err}");
}

// ──────────── 5. export variants and mistakes found by trying real layouts ────────────

/// A 目录 sheet naming every table (label and title, one per row) before the tables: the
/// mentions have no header below them and yield to the real tables.
#[test]
fn a_table_of_contents_sheet_is_not_taken_for_the_tables() {
    let dir = tempfile::tempdir().unwrap();
    let base = minimal_book();
    let mut book = minimal_book();
    let mut toc = vec![common::build::row!["目录"]];
    for kind in TableKind::ALL {
        toc.push(vec![kind.label().as_str().into(), kind.title().into()]);
    }
    book.sheets
        .insert(0, common::build::Sheet::new("目录", toc));
    let g = read_gongkai(&book.save(dir.path(), "toc.xlsx")).unwrap();
    assert_eq!(g, renamed(xlsx_model(&base), "toc.xlsx"));
}

/// 科目代码 and 科目名称 merged over two header rows (no 项目 row above them): the lower,
/// empty half of the merge does not end the header before the 栏次 row.
#[test]
fn code_headers_merged_over_two_rows() {
    let dir = tempfile::tempdir().unwrap();
    let base = minimal_book();
    let mut book = minimal_book();
    let t02 = book.sheet("公开02表");
    t02.rows[3][0] = "科目代码".into();
    t02.rows[3][1] = "科目名称".into();
    t02.rows[4] = vec![];
    let g = read_gongkai(&book.save(dir.path(), "vmerged.xlsx")).unwrap();
    assert_eq!(g.t02, xlsx_model(&base).t02);
}

/// Every label of 01 indented by a full-width space: top-level lines stay top-level
/// (indentation counts relative to the side's least indented line).
#[test]
fn uniformly_indented_labels_are_not_sub_lines() {
    let dir = tempfile::tempdir().unwrap();
    let base = minimal_book();
    let mut book = minimal_book();
    for row in book.sheet("公开01表").rows.iter_mut().skip(6) {
        for c in [0, 3] {
            if let Some(common::build::C::Text(t)) = row.get_mut(c) {
                if !t.starts_with('注') {
                    *t = format!("\u{3000}{t}");
                }
            }
        }
    }
    let g = read_gongkai(&book.save(dir.path(), "indented.xlsx")).unwrap();
    assert_eq!(g.t01, xlsx_model(&base).t01);
    assert!(g.t01.income.iter().all(|l| !l.sub));
    let report = juesuan::check::check_tables(&g);
    assert!(
        !report.findings.iter().any(|f| f.rule.starts_with("R01")),
        "{:?}",
        report.findings
    );
}

#[test]
fn a_fractional_vehicle_count_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = minimal_book();
    book.sheet("公开10表").set("C13", 1.5);
    assert_refused(
        &book.save(dir.path(), "count.xlsx"),
        "count.xlsx：公开10表（部门决算公开相关信息统计表） 单元格 公开10表!C13：应为不小于 0 的整数（辆、台套的个数），实为“1.5”",
    );
}

/// `82.32元` typed into a 万元 table would read as 82.32 万元, ten thousand times the figure.
#[test]
fn an_amount_in_another_unit_than_its_table_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = minimal_book();
    book.sheet("公开02表").set("C10", "823200元");
    assert_refused(
        &book.save(dir.path(), "unit.xlsx"),
        "unit.xlsx：公开02表（收入决算表） 单元格 公开02表!C10：应为以万元为单位的金额（本表金额单位为万元），实为“823200元（单位是元）”",
    );
    // The table's own unit written after the figure is fine.
    let mut book = minimal_book();
    book.sheet("公开02表").set("C10", "82.32万元");
    let g = read_gongkai(&book.save(dir.path(), "same.xlsx")).unwrap();
    assert_eq!(g.t02.value("2013201", "本年收入合计"), d("82.32"));
}

/// A sum the spreadsheet calculated carries binary noise in its 17th digit; Excel shows
/// 15 significant digits, and so do we: no "more than 2 decimals" warning.
#[test]
fn calculated_float_noise_reads_as_the_displayed_figure() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = minimal_book();
    book.sheet("公开02表").set("C10", 82.32000000000001);
    let g = read_gongkai(&book.save(dir.path(), "noise.xlsx")).unwrap();
    assert_eq!(g.t02.value("2013201", "本年收入合计"), d("82.32"));
    assert!(g.warnings.is_empty(), "{:?}", g.warnings);
    // Three decimals someone typed are still pointed out.
    let mut book = minimal_book();
    book.sheet("公开02表").set("C10", 82.325);
    let g = read_gongkai(&book.save(dir.path(), "typed.xlsx")).unwrap();
    assert_eq!(g.t02.value("2013201", "本年收入合计"), d("82.33"));
    assert_eq!(g.warnings.len(), 1, "{:?}", g.warnings);
}

#[test]
fn a_label_typed_with_full_width_digits() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = minimal_book();
    book.sheet("公开02表")
        .replace_text("公开02表", "公开０２表");
    let g = read_gongkai(&book.save(dir.path(), "fullwidth.xlsx")).unwrap();
    assert_eq!(g.t02.meta.label.as_deref(), Some("公开02表"));
}

/// openpyxl writes a formula as `<c r="C10"><f>…</f><v></v></c>`: an empty result.
#[test]
fn a_formula_with_an_empty_result_element_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = minimal_book();
    book.sheet("公开02表")
        .set("C10", common::build::C::NoResult("SUM(D10:I10)".into()));
    let path = book.save(dir.path(), "emptyv.xlsx");
    patch_zip(&path, "xl/worksheets/sheet2.xml", |xml| {
        xml.replace("</f></c>", "</f><v></v></c>")
    });
    assert_refused(
        &path,
        "emptyv.xlsx：公开02表（收入决算表） 单元格 公开02表!C10：应为金额（数字），实为“公式 =SUM(D10:I10) 没有计算结果”（请在 Excel 或 WPS 中打开、重新计算并保存后再导出）",
    );
}

// ──────────── 6. cases and commands used the wrong way ────────────

/// An amount beyond any budget (`5e28`) is refused at its cell: sums of such figures
/// would overflow `Decimal`.
#[test]
fn an_absurdly_large_amount_is_refused_at_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = minimal_book();
    book.sheet("公开02表").set("C10", 5e28);
    let e = read_gongkai(&book.save(dir.path(), "huge.xlsx"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("公开02表!C10") && e.contains("数字过大"), "{e}");
    // Beyond what a Decimal holds, in short form.
    book.sheet("公开02表").set("C10", 1e300);
    let e = read_gongkai(&book.save(dir.path(), "huger.xlsx"))
        .unwrap_err()
        .to_string();
    assert!(
        e.ends_with("公开02表!C10：应为金额（绝对值不超过 10 的 15 次方），实为“1E300（数字过大，可能是错误的数据）”"),
        "{e}"
    );
}

fn sample_case_in(dir: &Path) -> PathBuf {
    common::sample_case_copy(dir)
}

#[test]
fn two_workbooks_of_a_kind_in_a_case_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let case = sample_case_in(dir.path());
    std::fs::copy(
        case.join("绩效自评表.xlsx"),
        case.join("绩效自评表 - 副本.xlsx"),
    )
    .unwrap();
    let e = juesuan::case::Case::load(&case).err().unwrap().to_string();
    assert!(
        e.contains("多个内容相同的绩效自评表工作簿") && e.contains("绩效自评表 - 副本.xlsx"),
        "{e}"
    );
}

/// The 公开表 saved under the 绩效 name holds no 绩效自评表: said, not an empty 附件.
#[test]
fn a_jixiao_workbook_without_projects_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let case = sample_case_in(dir.path());
    std::fs::copy(case.join("公开表.xlsx"), case.join("绩效自评表.xlsx")).unwrap();
    let e = juesuan::case::Case::load(&case).err().unwrap().to_string();
    assert!(
        e.contains("绩效自评表.xlsx：找不到项目支出绩效自评表"),
        "{e}"
    );
}

#[test]
fn a_year_out_of_range_in_the_profile_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let case = sample_case_in(dir.path());
    let p = case.join("部门信息.toml");
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, text.replacen("\"年度\" = 2023", "\"年度\" = -1", 1)).unwrap();
    let e = juesuan::case::Case::load(&case).err().unwrap().to_string();
    assert!(e.contains("“年度”应为四位年份（如 2023），实为 -1"), "{e}");
}

/// `-o` naming the case's own workbook must not turn it into a PDF.
#[test]
fn output_onto_a_workbook_is_refused_and_the_workbook_kept() {
    let dir = tempfile::tempdir().unwrap();
    let case = sample_case_in(dir.path());
    let book = case.join("公开表.xlsx");
    let before = std::fs::read(&book).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_juesuan"))
        .arg("generate")
        .arg(&case)
        .arg("-o")
        .arg(&book)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("应以 .pdf 结尾"), "{stderr}");
    assert_eq!(std::fs::read(&book).unwrap(), before);
}

/// An .xlsx whose archive holds two members of one name (a sheet spliced in by another
/// program): which one a reader takes is undefined, so the file is refused, naming it.
#[test]
fn xlsx_with_two_members_of_one_name_is_refused() {
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read("tests/fixtures/reference/tunliu-zuzhibu-2023-gongkai.xlsx").unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut sheet = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if entry.name() == "xl/worksheets/sheet1.xml" {
            sheet = data.clone();
        }
        out.start_file(entry.name(), stored).unwrap();
        out.write_all(&data).unwrap();
    }
    // The zip writer refuses a second member of one name: it is written under a name of
    // the same length and renamed in the raw bytes (local header and central directory).
    out.start_file("xl/worksheets/sheetZ.xml", stored).unwrap();
    out.write_all(&sheet).unwrap();
    let mut bytes = out.finish().unwrap().into_inner();
    let (from, to) = (b"xl/worksheets/sheetZ.xml", b"xl/worksheets/sheet1.xml");
    let mut renamed = 0;
    for i in 0..bytes.len() - from.len() {
        if &bytes[i..i + from.len()] == from {
            bytes[i..i + from.len()].copy_from_slice(to);
            renamed += 1;
        }
    }
    assert_eq!(
        renamed, 2,
        "the name in the local header and the central directory"
    );
    assert_refused(
        &write(dir.path(), "拼接.xlsx", &bytes),
        "拼接.xlsx：工作簿已损坏或不完整，无法打开（压缩包中有两个同名部件“xl/worksheets/sheet1.xml”，不知该用哪一个（文件可能被拼接或改动过））。请从财务系统重新导出",
    );
}

/// A 绩效 workbook that lists a sheet whose part the archive lacks: every sheet may be a
/// project, so the file is refused rather than attached a project short.
#[test]
fn jixiao_workbook_missing_a_sheet_part_is_refused() {
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read("tests/fixtures/reference/tunliu-zuzhibu-2023-jixiao.xlsx").unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        if entry.name() == "xl/worksheets/sheet3.xml" {
            continue;
        }
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        out.start_file(entry.name(), deflated).unwrap();
        out.write_all(&data).unwrap();
    }
    let path = write(
        dir.path(),
        "绩效自评表.xlsx",
        &out.finish().unwrap().into_inner(),
    );
    let e = juesuan::jixiao::read_jixiao(&path, &Default::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "绩效自评表.xlsx：工作簿已损坏或不完整，无法打开（工作表“项目3”的内容在文件中缺失，其中的项目无法读取）。请从财务系统重新导出"
    );
}

/// A number past what a spreadsheet holds (`1e400` written into the file, read as
/// infinite) is said as out of range at its cell, never as `inf`.
#[test]
fn an_infinite_number_in_an_amount_cell_is_said_as_out_of_range() {
    let dir = tempfile::tempdir().unwrap();
    let path = minimal_book().save(dir.path(), "inf.xlsx");
    patch_zip(&path, "xl/worksheets/sheet6.xml", |xml| {
        let at = xml.find("<c r=\"F6\"").expect("F6 in 公开06表");
        let v = at + xml[at..].find("<v>").unwrap() + 3;
        let end = v + xml[v..].find("</v>").unwrap();
        format!("{}1e400{}", &xml[..v], &xml[end..])
    });
    assert_refused(
        &path,
        "inf.xlsx：公开06表（一般公共预算财政拨款基本支出决算明细表） 单元格 公开06表!F6：应为金额（数字），实为“超出范围的数字（文件中的数值过大，可能是错误的数据）”",
    );
}

/// Tables laid side by side on one sheet (an export pasted together): not misread, but
/// said, naming the sheet and the tables — two of them, or all ten in one row.
#[test]
fn tables_side_by_side_are_said() {
    let dir = tempfile::tempdir().unwrap();
    let beside = |book: &mut Book, kinds: &[&str]| {
        let mut rows: Vec<Vec<C>> = Vec::new();
        for k in kinds {
            let sheet = book.sheet(k).rows.clone();
            let width = sheet.iter().map(|r| r.len()).max().unwrap_or(0) + 1;
            for (i, r) in sheet.into_iter().enumerate() {
                if rows.len() <= i {
                    rows.push(Vec::new());
                }
                let at = rows.iter().map(|r| r.len()).max().unwrap_or(0);
                let row = &mut rows[i];
                row.resize(at, C::Empty);
                let mut cells = r;
                cells.resize(width, C::Empty);
                row.extend(cells);
            }
        }
        book.sheets.retain(|s| !kinds.contains(&s.name.as_str()));
        book.sheets.insert(0, Sheet::new("并排", rows));
    };
    let mut book = minimal_book();
    beside(&mut book, &["公开01表", "公开02表"]);
    assert_refused(
        &book.save(dir.path(), "two.xlsx"),
        "two.xlsx：工作表“并排”上的公开01表（收入支出决算总表）和公开02表（收入决算表）左右并排（从同一行开始），这样读不出；请把每张表放在单独的工作表，或上下排列",
    );
    let mut book = minimal_book();
    let all: Vec<String> = (1..=10).map(|n| format!("公开{n:02}表")).collect();
    let all: Vec<&str> = all.iter().map(String::as_str).collect();
    beside(&mut book, &all);
    let e = read_gongkai(&book.save(dir.path(), "ten.xlsx"))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("工作表“并排”的 ")
            && e.contains(
                "写着“公开01表”，但同一行还有其他表的内容：几张表左右并排在一张工作表上时读不出"
            ),
        "{e}"
    );
}

/// A count typed with its unit (`2辆`) is the count; a count in words is refused as a
/// count, not as an amount.
#[test]
fn a_vehicle_count_typed_with_its_unit() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = minimal_book();
    book.sheet("公开10表").set("C13", "1辆");
    let g = read_gongkai(&book.save(dir.path(), "unit.xlsx")).unwrap();
    let base = read_gongkai(&minimal_book().save(dir.path(), "base.xlsx")).unwrap();
    assert_eq!(g.t10, base.t10);
    assert_eq!(renamed(g, "base.xlsx"), base);
    book.sheet("公开10表").set("C13", "一辆");
    assert_refused(
        &book.save(dir.path(), "words.xlsx"),
        "words.xlsx：公开10表（部门决算公开相关信息统计表） 单元格 公开10表!C13：应为不小于 0 的整数（辆、台套的个数），实为“一辆”",
    );
}

/// Rows and columns hidden in an .xls (ROW and COLINFO records; calamine does not say
/// them) are read and said, as for .xlsx and .ods.
#[test]
fn hidden_rows_and_columns_of_an_xls_are_said() {
    let dir = tempfile::tempdir().unwrap();
    let book = minimal_book();
    let mut o = xls::Options::biff8();
    // Row 7 (0-based 6) of 公开01表 hidden; its column F likewise.
    let mut row = Vec::new();
    for v in [6u16, 0, 6, 0x00FF, 0, 0, 0x0120, 0x000F] {
        row.extend(v.to_le_bytes());
    }
    let mut col = Vec::new();
    for v in [5u16, 5, 0x0900, 0x000F, 0x0001, 0] {
        col.extend(v.to_le_bytes());
    }
    o.extra = vec![(0x0208, row), (0x007D, col)];
    let path = xls_file(dir.path(), "hidden.xls", &book, &o);
    let g = read_gongkai(&path).unwrap_or_else(|e| panic!("should read: {e}"));
    let said: Vec<&String> = g.warnings.iter().filter(|w| w.contains("隐藏")).collect();
    assert_eq!(said.len(), 2, "{:?}", g.warnings);
    assert!(
        said[0].starts_with("hidden.xls：公开01表（收入支出决算总表）第7行（公开01表!A7：一、一般公共预算财政拨款收入"),
        "{}",
        said[0]
    );
    assert!(said[0].contains("在 Excel 中是隐藏的"), "{}", said[0]);
    assert!(said[1].contains("的F列（公开01表!F"), "{}", said[1]);
    // The figures are read as they are.
    assert_eq!(renamed(g, "x").t01, xlsx_model(&book).t01);
}
