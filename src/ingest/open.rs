//! Opening a workbook file: format sniffed from its bytes (not its extension), with
//! encrypted, truncated and non-workbook files told apart.

use std::io::Cursor;
use std::path::Path;

use calamine::{
    open_workbook_from_rs, Data, DataRef, Ods, Reader, Sheets, Xls, XlsOptions, Xlsx, XlsxError,
};
use encoding_rs::Encoding;

use super::error::{IngestError, Refusal};
use super::grid::{Grid, Merge};
use super::shown_format::ShownFormat;

/// A finance export is a few hundred KB; anything this large is not one.
const MAX_BYTES: u64 = 64 * 1024 * 1024;

pub struct Workbook {
    /// File name for messages.
    pub file: String,
    sheets: Sheets<Cursor<Vec<u8>>>,
    /// The bytes of an .xlsx, to tell a formula saved without a result from one whose
    /// result is empty text (calamine reads both as empty text; see `text_result_cells`).
    xlsx_bytes: Option<Vec<u8>>,
    /// An .ods file's merged cells and hidden rows and columns by sheet (calamine reads
    /// them for .xlsx only), or an .xls file's hidden rows and columns (calamine reads
    /// its merges).
    ods_layouts: Vec<(String, super::ods::Layout)>,
    /// The code page of an Excel 95 file's text, read byte for byte (see `xls_text`).
    recode_from: Option<&'static Encoding>,
    /// Sheets listed by the workbook whose contents are missing from the file, for the
    /// message when a table is then not found.
    pub missing_sheets: Vec<String>,
}

pub fn open_workbook(path: &Path) -> Result<Workbook, IngestError> {
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let meta = std::fs::metadata(path).map_err(|e| IngestError::Io {
        file: path.display().to_string(),
        reason: crate::files::io_reason(&e) + crate::files::backslash_hint(path),
    })?;
    if meta.is_dir() {
        return Err(IngestError::NotAWorkbook {
            file,
            found: "是一个文件夹".into(),
        });
    }
    if !meta.is_file() {
        return Err(IngestError::NotAWorkbook {
            file,
            found: "不是普通文件（是设备、管道或套接字）".into(),
        });
    }
    if meta.len() > MAX_BYTES {
        return Err(IngestError::TooLarge {
            file,
            size: meta.len(),
            limit: MAX_BYTES,
        });
    }
    // Read within the bound whatever the size said (a file growing while read).
    let bytes = crate::files::read_regular(path, MAX_BYTES).map_err(|reason| IngestError::Io {
        file: path.display().to_string(),
        reason,
    })?;
    open_workbook_bytes(&file, bytes)
}

const MAX_SHEETS: usize = 500;

const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

pub fn open_workbook_bytes(file: &str, bytes: Vec<u8>) -> Result<Workbook, IngestError> {
    let name = file.to_string();
    super::guard::guarded(|| open_unguarded(file, bytes))
        .unwrap_or_else(|panic| Err(corrupt(&name, &panic)))
}

fn open_unguarded(file: &str, bytes: Vec<u8>) -> Result<Workbook, IngestError> {
    let file = file.to_string();
    if bytes.is_empty() {
        return Err(IngestError::NotAWorkbook {
            file,
            found: "是空文件（0 字节）".into(),
        });
    }
    let mut recode_from = None;
    let mut xlsx_bytes = None;
    let mut ods_layouts = Vec::new();
    let sheets = if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        check_zip_sizes(&file, &bytes)?;
        // The stored `mimetype` member says so in the first bytes; a writer that
        // compressed it still has `content.xml` and no Office `[Content_Types].xml`.
        let is_ods = bytes
            .windows(b"application/vnd.oasis.opendocument".len())
            .take(200)
            .any(|w| w == b"application/vnd.oasis.opendocument")
            || zip::ZipArchive::new(Cursor::new(bytes.as_slice())).is_ok_and(|z| {
                z.index_for_name("content.xml").is_some()
                    && z.index_for_name("[Content_Types].xml").is_none()
            });
        if is_ods {
            if let Some(scan) = super::ods::scan(&bytes) {
                if scan.filled > super::ods::MAX_FILLED_CELLS {
                    // A repeat count that is not a number (negative, overflowing) counts
                    // as endless: say so rather than print 18446744073709551615.
                    let why = if scan.filled >= u64::MAX / 2 {
                        "重复单元格的次数无效（不是正整数或大得不合理）".to_string()
                    } else {
                        return Err(too_much(
                            &file,
                            format!("重复单元格展开后有 {} 个有内容的单元格", scan.filled),
                        ));
                    };
                    return Err(corrupt(&file, &why));
                }
                if let Some((sheet, row, col)) = scan.number_without_value {
                    return Err(IngestError::BadCell {
                        file: file.clone(),
                        table: format!("工作表“{sheet}”"),
                        cell: format!(
                            "{sheet}!{}",
                            super::grid::cell_name(row as usize, col as usize)
                        ),
                        expected: "数字单元格带有数值（office:value）".into(),
                        found: "只有显示的文字，没有数值（导出程序有误，会被读成 0）".into(),
                        note: None,
                    });
                }
                if scan.spaces > super::ods::MAX_SPACES {
                    return Err(too_much(
                        &file,
                        format!("文字中写明的连续空格共 {} 个", scan.spaces),
                    ));
                }
                if scan.text > super::ods::MAX_TEXT {
                    return Err(too_much(
                        &file,
                        format!("重复单元格展开后文字共约 {} MB", scan.text / (1024 * 1024)),
                    ));
                }
                if scan.total_area > super::ods::MAX_TOTAL_AREA
                    && scan.largest_area <= super::ods::MAX_SHEET_AREA
                {
                    return Err(too_much(
                        &file,
                        format!(
                            "各工作表有内容的区域共 {} 个单元格（可能有工作表在远处还有内容）",
                            scan.total_area
                        ),
                    ));
                }
                if scan.largest_area > super::ods::MAX_SHEET_AREA {
                    let (rows, cols) = scan.largest;
                    return Err(too_much(
                        &file,
                        format!("有内容的单元格分布在 {rows} 行 × {cols} 列的区域"),
                    ));
                }
                ods_layouts = scan.layouts;
            }
            open_workbook_from_rs::<Ods<_>, _>(Cursor::new(bytes))
                .map(Sheets::Ods)
                .map_err(|e| corrupt(&file, &e.to_string()))?
        } else {
            if let Some(scan) = super::xlsx_scan::scan(&bytes) {
                if scan.cells > super::xlsx_scan::MAX_CELLS {
                    return Err(too_much(
                        &file,
                        format!(
                            "各工作表共有 {} 个单元格（可能整张表被填满了格式或公式）",
                            scan.cells
                        ),
                    ));
                }
                if scan.shared_text > super::xlsx_scan::MAX_SHARED_TEXT {
                    return Err(too_much(
                        &file,
                        format!(
                            "单元格引用的文字共约 {} MB（同一段长文字被大量单元格重复引用）",
                            scan.shared_text / (1024 * 1024)
                        ),
                    ));
                }
            }
            xlsx_bytes = Some(bytes.clone());
            open_workbook_from_rs::<Xlsx<_>, _>(Cursor::new(bytes))
                .map(Sheets::Xlsx)
                .map_err(|e| corrupt(&file, &e.to_string()))?
        }
    } else if bytes.starts_with(CFB_MAGIC) {
        // An encrypted .xlsx is an OLE container holding an `EncryptedPackage` stream.
        let utf16: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        if bytes.windows(utf16.len()).any(|w| w == utf16.as_slice()) {
            return Err(IngestError::Encrypted { file });
        }
        let info = super::ole::check(&bytes).map_err(|why| refused(&file, why))?;
        if let Some(info) = &info {
            ods_layouts = info
                .hidden
                .iter()
                .map(|(name, rows, cols)| {
                    let layout = super::ods::Layout {
                        merges: Vec::new(),
                        hidden_rows: rows.clone(),
                        hidden_cols: cols.clone(),
                        errors: Vec::new(),
                        percents: Vec::new(),
                    };
                    (name.clone(), layout)
                })
                .collect();
        }
        let (options, recode) = xls_text(info);
        recode_from = recode;
        Xls::new_with_options(Cursor::new(bytes), options)
            .map(Sheets::Xls)
            .map_err(|e| {
                let text = e.to_string();
                if text.to_lowercase().contains("password") || text.contains("encrypt") {
                    IngestError::Encrypted { file: file.clone() }
                } else {
                    corrupt(&file, &text)
                }
            })?
    } else {
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(40)]).into_owned();
        let found = if head.trim_start().starts_with('<') {
            "是网页/XML 文本（可能是“另存为网页”或系统导出的 HTML 伪表格，请在 Excel 中另存为 .xlsx）".to_string()
        } else if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
            // Excel's 另存为“Unicode 文本”: tab-separated UTF-16, often renamed .xls.
            "是 Unicode 文本文件（Excel“另存为 Unicode 文本”得到的制表符分隔文本，不是工作簿；请在 Excel 中打开后另存为 .xlsx）".to_string()
        } else if bytes.starts_with(b"%PDF") {
            "是 PDF 文件".to_string()
        } else if bytes.starts_with(b"MZ") && !looks_like_text(&bytes[..bytes.len().min(512)]) {
            "是 Windows 程序文件（.exe/.dll）".to_string()
        } else if looks_like_text(&bytes[..bytes.len().min(512)]) {
            "是纯文本文件（如 CSV，请在 Excel 中打开后另存为 .xlsx）".to_string()
        } else {
            "是无法识别的二进制文件".to_string()
        };
        return Err(IngestError::NotAWorkbook { file, found });
    };
    Ok(Workbook {
        file,
        sheets,
        xlsx_bytes,
        ods_layouts,
        recode_from,
        missing_sheets: Vec::new(),
    })
}

/// UTF-8 text (a character cut by the end of the sample is fine) or GBK-style text: no
/// control bytes but line breaks and tabs.
fn looks_like_text(sample: &[u8]) -> bool {
    match std::str::from_utf8(sample) {
        Ok(_) => true,
        Err(e) if e.error_len().is_none() => true,
        Err(_) => sample
            .iter()
            .all(|&b| b >= 0x20 || matches!(b, b'\n' | b'\r' | b'\t')),
    }
}

/// A 公开表 workbook inflates to a few MB. Refuse archives that inflate to far more (a
/// zip bomb would otherwise be inflated into memory by the reader).
const MAX_INFLATED: u64 = 256 * 1024 * 1024;

/// The sizes an archive declares can lie: each member is inflated here, into nothing,
/// and counted, stopping as soon as the total passes `MAX_INFLATED`. A normal workbook
/// costs a few milliseconds; a bomb costs at most that much inflating, never memory.
fn check_zip_sizes(file: &str, bytes: &[u8]) -> Result<(), IngestError> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        // Let the reader report the damage in its own words.
        return Ok(());
    };
    let bomb = |total: u64| IngestError::Corrupt {
        file: file.to_string(),
        reason: format!(
            "解压后超过 {} MB，远超正常的决算工作簿（疑似“压缩炸弹”或损坏的文件）",
            total / (1024 * 1024)
        ),
    };
    let mut declared: u64 = 0;
    for i in 0..archive.len() {
        if let Ok(entry) = archive.by_index_raw(i) {
            declared = declared.saturating_add(entry.size());
        }
    }
    // Two members of one name: the zip reader keeps one of them silently, and which one a
    // spreadsheet program shows is not defined either.
    if let Some(name) = duplicate_member(bytes) {
        return Err(IngestError::Corrupt {
            file: file.to_string(),
            reason: format!(
                "压缩包中有两个同名部件“{}”，不知该用哪一个（文件可能被拼接或改动过）",
                crate::files::shown(&name, 80)
            ),
        });
    }
    if declared > MAX_INFLATED {
        return Err(bomb(declared));
    }
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        // A member that cannot be inflated is the reader's to report.
        let Ok(entry) = archive.by_index(i) else {
            continue;
        };
        let budget = MAX_INFLATED - total;
        let read = std::io::copy(
            &mut std::io::Read::take(entry, budget + 1),
            &mut std::io::sink(),
        )
        .unwrap_or(0);
        total += read;
        if total > MAX_INFLATED {
            return Err(bomb(MAX_INFLATED));
        }
    }
    Ok(())
}

/// A member name that the archive's central directory lists twice. Read from the raw
/// directory (the zip reader indexes members by name, so it never sees the second one);
/// an archive whose directory cannot be walked is left to the reader.
fn duplicate_member(bytes: &[u8]) -> Option<String> {
    let u16_at = |i: usize| -> Option<usize> {
        Some(u16::from_le_bytes(bytes.get(i..i + 2)?.try_into().ok()?) as usize)
    };
    let u32_at = |i: usize| -> Option<usize> {
        Some(u32::from_le_bytes(bytes.get(i..i + 4)?.try_into().ok()?) as usize)
    };
    // The end-of-central-directory record: in the last 22 bytes + 64 KB of comment.
    let from = bytes.len().saturating_sub(22 + 0xFFFF);
    let eocd = (from..bytes.len().saturating_sub(21))
        .rev()
        .find(|&i| bytes[i..].starts_with(b"PK\x05\x06"))?;
    let entries = u16_at(eocd + 10)?;
    let mut at = u32_at(eocd + 16)?;
    let mut names = std::collections::HashSet::new();
    for _ in 0..entries {
        if !bytes.get(at..)?.starts_with(b"PK\x01\x02") {
            return None;
        }
        let (name_len, extra, comment) = (u16_at(at + 28)?, u16_at(at + 30)?, u16_at(at + 32)?);
        let name = bytes.get(at + 46..at + 46 + name_len)?;
        if !names.insert(name) {
            return Some(String::from_utf8_lossy(name).into_owned());
        }
        at += 46 + name_len + extra + comment;
    }
    None
}

/// The XML of an .xlsx sheet, found through the workbook's relationships; `None` when
/// the file does not say.
fn sheet_xml(bytes: &[u8], sheet: &str) -> Option<String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut read = |member: &str| -> Option<String> {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(member).ok()?, &mut text).ok()?;
        Some(text)
    };
    let book = read("xl/workbook.xml")?;
    let rels = read("xl/_rels/workbook.xml.rels")?;
    let id = tags(&book, "sheet")
        .find(|t| attr(t, "name").map(xml_unescape).as_deref() == Some(sheet))
        .and_then(|t| attr(t, "r:id"))?;
    let target = tags(&rels, "Relationship")
        .find(|t| attr(t, "Id") == Some(id))
        .and_then(|t| attr(t, "Target"))?;
    let member = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("xl/{target}"),
    };
    read(&member)
}

/// The cells of a sheet's XML saved with a text result (`t="str"`), as (row, column)
/// from 0 (calamine reads them like formulas saved without a result).
fn text_result_cells(xml: &str) -> std::collections::HashSet<(u32, u32)> {
    let mut out = std::collections::HashSet::new();
    for tag in tags(xml, "c") {
        if attr(tag, "t") == Some("str") {
            if let Some(at) = attr(tag, "r").and_then(a1_position) {
                out.insert(at);
            }
        }
    }
    out
}

/// A number format that shows a cell as another number than it holds: a literal point
/// among the digits (`0!.0000`, `0"."0000` — 元 shown as 万元, a common trick) or a
/// comma after the last digit (`#,##0.00,,` — divided by a thousand per comma). The
/// workbook's figure is the one stored; a clerk reading the sheet sees the other.
fn is_scaling_format(code: &str) -> bool {
    // Outside quotes and brackets (`[Red]`, `"元"`), per section.
    let mut plain = String::new();
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                let quoted: String = chars.by_ref().take_while(|&q| q != '"').collect();
                if quoted == "." {
                    plain.push('!');
                    plain.push('.');
                } else {
                    plain.push(' ');
                }
            }
            '[' => {
                chars.by_ref().take_while(|&q| q != ']').for_each(drop);
            }
            '\\' => {
                plain.push('!');
                if let Some(n) = chars.next() {
                    plain.push(n);
                }
            }
            _ => plain.push(c),
        }
    }
    let digit = |c: char| matches!(c, '0' | '#' | '?');
    plain.split(';').any(|section| {
        let v: Vec<char> = section.chars().collect();
        (0..v.len()).any(|i| {
            let before = i > 0 && digit(v[i - 1]);
            match v[i] {
                '!' => before && v.get(i + 1) == Some(&'.'),
                ',' => before && !v.get(i + 1).copied().is_some_and(digit),
                _ => false,
            }
        })
    })
}

/// The cell styles (`s="N"` of a cell) whose number format scales what is shown, with
/// that format, from `xl/styles.xml`.
fn scaled_styles(xml: &str) -> std::collections::HashMap<String, String> {
    let mut out = std::collections::HashMap::new();
    let formats: std::collections::HashMap<String, String> = tags(xml, "numFmt")
        .filter_map(|t| {
            let code = xml_unescape(attr(t, "formatCode")?);
            Some((attr(t, "numFmtId")?.to_string(), code))
        })
        .filter(|(_, code)| is_scaling_format(code))
        .collect();
    if formats.is_empty() {
        return out;
    }
    out.extend(cell_styles_of(xml, &formats));
    out
}

/// The cell styles (`s="N"`, their index in `cellXfs`) whose number format (`numFmtId`)
/// is one of `formats`, with what `formats` holds for it.
fn cell_styles_of<T: Clone>(
    xml: &str,
    formats: &std::collections::HashMap<String, T>,
) -> std::collections::HashMap<String, T> {
    let mut out = std::collections::HashMap::new();
    let Some(start) = xml.find("<cellXfs") else {
        return out;
    };
    let end = xml[start..]
        .find("</cellXfs>")
        .map_or(xml.len(), |e| start + e);
    for (i, xf) in tags(&xml[start..end], "xf").enumerate() {
        if let Some(v) = attr(xf, "numFmtId").and_then(|id| formats.get(id)) {
            out.insert(i.to_string(), v.clone());
        }
    }
    out
}

/// The cell styles whose number format shows a number otherwise than bare (a
/// percentage, words around it), from `xl/styles.xml`; the built-in 9 and 10 are `0%`
/// and `0.00%`.
fn shown_styles(xml: &str) -> std::collections::HashMap<String, ShownFormat> {
    let mut formats: std::collections::HashMap<String, ShownFormat> =
        [("9", "0%"), ("10", "0.00%")]
            .into_iter()
            .filter_map(|(id, code)| Some((id.to_string(), ShownFormat::parse(code)?)))
            .collect();
    formats.extend(tags(xml, "numFmt").filter_map(|t| {
        let code = xml_unescape(attr(t, "formatCode")?);
        Some((attr(t, "numFmtId")?.to_string(), ShownFormat::parse(&code)?))
    }));
    cell_styles_of(xml, &formats)
}

/// `xl/styles.xml` of an .xlsx.
fn styles_xml(bytes: &[u8]) -> Option<String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut text = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/styles.xml").ok()?, &mut text).ok()?;
    Some(text)
}

/// The numeric cells of a sheet's XML in one of `styles`, from 0, with their format.
fn scaled_cells(
    xml: &str,
    styles: &std::collections::HashMap<String, String>,
) -> std::collections::HashMap<(usize, usize), String> {
    tags(xml, "c")
        .filter(|t| matches!(attr(t, "t"), None | Some("n")))
        .filter_map(|t| {
            let code = styles.get(attr(t, "s")?)?;
            let (r, c) = a1_position(attr(t, "r")?)?;
            Some(((r as usize, c as usize), code.clone()))
        })
        .collect()
}

/// The first cell of a sheet's XML holding an error value other than the classic seven
/// (`<c r="C9" t="e"><v>#SPILL!</v></c>`), with that value.
fn unknown_error_cell(xml: &str) -> Option<(String, String)> {
    const KNOWN: [&str; 7] = [
        "#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!",
    ];
    let mut at = 0;
    while let Some(off) = xml[at..].find("<c ") {
        let start = at + off;
        let end = xml[start..].find("</c>").map_or(xml.len(), |e| start + e);
        let cell = &xml[start..end];
        at = start + 3;
        let Some(tag) = cell.split('>').next() else {
            continue;
        };
        if attr(tag, "t") != Some("e") {
            continue;
        }
        let value = cell
            .split("<v>")
            .nth(1)
            .and_then(|v| v.split("</v>").next())
            .map(xml_unescape)?;
        if !KNOWN.contains(&value.as_str()) {
            return Some((attr(tag, "r")?.to_string(), value));
        }
    }
    None
}

/// The rows of a sheet's XML hidden in Excel (`<row r="12" hidden="1">`), from 0.
fn hidden_rows(xml: &str) -> Vec<usize> {
    tags(xml, "row")
        .filter(|t| matches!(attr(t, "hidden"), Some("1" | "true")))
        .filter_map(|t| attr(t, "r")?.parse::<usize>().ok()?.checked_sub(1))
        .collect()
}

/// The merged cells of a sheet's XML (`<mergeCell ref="C10:E10"/>`).
fn merges(xml: &str) -> Vec<Merge> {
    tags(xml, "mergeCell")
        .filter_map(|t| {
            let (a, b) = attr(t, "ref")?.split_once(':')?;
            let (first, last) = (a1_position(a)?, a1_position(b)?);
            Some(Merge {
                first: (first.0 as usize, first.1 as usize),
                last: (last.0 as usize, last.1 as usize),
            })
        })
        .collect()
}

/// The columns of a sheet's XML hidden in Excel (`<col min="3" max="4" hidden="1"/>`),
/// from 0. At most Excel's 16,384, whatever a damaged file claims.
fn hidden_cols(xml: &str) -> Vec<usize> {
    let mut out = Vec::new();
    for t in tags(xml, "col").filter(|t| matches!(attr(t, "hidden"), Some("1" | "true"))) {
        let num = |name| attr(t, name).and_then(|v| v.parse::<usize>().ok());
        if let (Some(min), Some(max)) = (num("min"), num("max")) {
            for c in min.max(1)..=max.min(16_384) {
                out.push(c - 1);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The opening tags `<name …>` (with or without a namespace prefix) of an XML text.
fn tags<'a>(xml: &'a str, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    xml.split('<').filter_map(move |piece| {
        let tag = &piece[..piece.find('>')?];
        let element = tag.split([' ', '/', '\t', '\n', '\r']).next()?;
        let local = element.rsplit(':').next()?;
        (local == name && !tag.starts_with('/')).then_some(tag)
    })
}

/// The value of attribute `name` in an opening tag.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[at..].find('"')?;
    Some(&tag[at..at + len])
}

fn xml_unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// `C12` → (11, 2).
fn a1_position(a1: &str) -> Option<(u32, u32)> {
    let split = a1.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = a1.split_at(split);
    if letters.is_empty() || !letters.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let col = letters.bytes().try_fold(0u32, |n, b| {
        n.checked_mul(26)?.checked_add((b - b'A' + 1) as u32)
    })?;
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col.checked_sub(1)?))
}

/// How calamine should decode the text of an .xls, and how to decode it afterwards.
///
/// BIFF8 (Excel 97–2003) text is UTF-16 whatever the CODEPAGE record says, but calamine
/// decodes it with that code page: forced to UTF-16 here. BIFF5 (Excel 5.0/95, still
/// exported by some finance systems) stores text in the code page; calamine handles a
/// single-byte one, but pads a double-byte one (936 = GBK) as if it were UTF-16, which
/// garbles every Chinese character. Such text is read byte for byte (windows-1252, which
/// maps each byte to its own character) and decoded here. A BIFF5 file without CODEPAGE
/// record is taken as GBK: the Chinese Windows code page.
fn xls_text(info: Option<super::ole::XlsInfo>) -> (XlsOptions, Option<&'static Encoding>) {
    let mut options = XlsOptions::default();
    let Some(info) = info else {
        return (options, None);
    };
    if !info.pre_biff8 {
        options.force_codepage = Some(1200);
        return (options, None);
    }
    let multibyte = match info.codepage {
        None => Some(encoding_rs::GBK),
        Some(936) => Some(encoding_rs::GBK),
        Some(950) => Some(encoding_rs::BIG5),
        Some(932) => Some(encoding_rs::SHIFT_JIS),
        Some(949) => Some(encoding_rs::EUC_KR),
        Some(_) => None,
    };
    if multibyte.is_some() {
        options.force_codepage = Some(1252);
    }
    (options, multibyte)
}

/// Undo the byte-for-byte (windows-1252) reading of BIFF5 text and decode it properly.
pub(super) fn recode(text: &str, encoding: &'static Encoding) -> String {
    if text.is_ascii() {
        return text.to_string();
    }
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    encoding.decode_without_bom_handling(&bytes).0.into_owned()
}

fn corrupt(file: &str, reason: &str) -> IngestError {
    IngestError::Corrupt {
        file: file.to_string(),
        reason: chinese_reason(reason).chars().take(160).collect(),
    }
}

/// Size limits are not damage: said as what they are.
fn too_much(file: &str, reason: String) -> IngestError {
    IngestError::TooMuch {
        file: file.to_string(),
        reason: reason.chars().take(160).collect(),
    }
}

fn refused(file: &str, why: Refusal) -> IngestError {
    match why {
        Refusal::Damaged(reason) => corrupt(file, &reason),
        Refusal::TooMuch(reason) => too_much(file, reason),
    }
}

/// The reader's common complaints in words a clerk can act on; the original text is
/// kept after them for whoever has to look deeper.
fn chinese_reason(reason: &str) -> String {
    const KNOWN: &[(&str, &str)] = &[
        ("Could not find EOCD", "文件不完整（可能下载或复制中断）"),
        ("invalid Zip archive", "压缩结构已损坏"),
        (
            "xl/_rels/workbook.xml.rels",
            "不是 Excel 工作簿（可能是改了扩展名的 Word 文档或 .xlsb 文件）",
        ),
        ("File not found", "工作簿缺少必需的部分"),
        ("Range is missing", "单元格地址已损坏"),
        (
            "index out of bounds",
            "内部结构前后不一致（某处引用了不存在的内容）",
        ),
        ("Parse float error", "数字已损坏"),
        ("Parse int error", "数字已损坏"),
        ("Xml error", "XML 内容已损坏"),
        (
            "Unknown cell",
            "某个单元格的类型标记无法识别（单元格已损坏）",
        ),
        ("Invalid", "内容不符合格式"),
    ];
    // `工作表“公开02表”：<the library's words>`: the sheet stays in front.
    let (sheet, words) = match reason.rsplit_once('：') {
        Some((sheet, words)) if reason.starts_with("工作表“") => (format!("{sheet}："), words),
        _ => (String::new(), reason),
    };
    match KNOWN.iter().find(|(needle, _)| words.contains(needle)) {
        // The library's own words kept for whoever supports the clerk.
        Some((_, said)) => format!("{sheet}{said}（技术信息：{words}）"),
        None if words.is_ascii() => format!("{sheet}无法解析（技术信息：{words}）"),
        None => reason.to_string(),
    }
}

impl Workbook {
    /// Every sheet as a grid. Charts and other non-worksheet sheets are skipped.
    pub fn grids(&mut self) -> Result<Vec<Grid>, IngestError> {
        let names = self.sheets.sheet_names();
        // A 公开表 workbook has ten sheets and a 绩效 one a sheet per project; thousands
        // would take minutes to look through.
        if names.len() > MAX_SHEETS {
            return Err(too_much(
                &self.file,
                format!("有 {} 张工作表（上限 {MAX_SHEETS} 张）", names.len()),
            ));
        }
        let hidden: Vec<String> = self
            .sheets
            .sheets_metadata()
            .iter()
            .filter(|s| s.visible != calamine::SheetVisible::Visible)
            .map(|s| s.name.clone())
            .collect();
        let mut out = Vec::with_capacity(names.len());
        for name in names {
            let is_hidden = hidden.contains(&name);
            let sheets = &mut self.sheets;
            let raw = self.xlsx_bytes.as_deref();
            let grid = super::guard::guarded(|| read_sheet(sheets, raw, &name));
            // The name as the clerk sees it, for messages.
            let name = match self.recode_from {
                Some(encoding) => recode(&name, encoding),
                None => name,
            };
            let grid =
                grid.map_err(|panic| corrupt(&self.file, &format!("工作表“{name}”：{panic}")))?;
            match grid {
                Ok(mut grid) => {
                    if let Some(encoding) = self.recode_from {
                        grid.recode(|text| recode(text, encoding));
                    }
                    grid.hidden = is_hidden;
                    if let Some((_, layout)) = self
                        .ods_layouts
                        .iter_mut()
                        .find(|(n, _)| xml_unescape(n) == grid.sheet)
                    {
                        let layout = std::mem::take(layout);
                        // An .xls layout carries no merges: calamine's are kept.
                        if !layout.merges.is_empty() {
                            grid.merges = layout.merges;
                        }
                        grid.hidden_rows = layout.hidden_rows;
                        grid.hidden_cols = layout.hidden_cols;
                        for (r, c, shown) in &layout.errors {
                            grid.set_error(*r, *c, super::ods::error_type(shown));
                        }
                        for (r, c, shown) in layout.percents {
                            grid.shown.insert((r, c), shown);
                        }
                    }
                    out.push(grid)
                }
                Err(Refusal::Damaged(text)) => {
                    // Chart sheets and the like have no cells; anything else is damage.
                    if text.contains("not found") || text.contains("Chart") {
                        if text.contains("not found") {
                            self.missing_sheets.push(name);
                        }
                        continue;
                    }
                    // An error value calamine does not know (Excel 365's `#SPILL!`):
                    // the cell named, as other formula errors are.
                    if text.contains("Unsupported cell error value") {
                        if let Some((cell, value)) = self
                            .xlsx_bytes
                            .as_deref()
                            .and_then(|raw| sheet_xml(raw, &name))
                            .and_then(|xml| unknown_error_cell(&xml))
                        {
                            return Err(IngestError::BadCell {
                                file: self.file.clone(),
                                table: format!("工作表“{name}”"),
                                cell: format!("{name}!{cell}"),
                                expected: "文字或数字".into(),
                                found: format!(
                                    "公式错误 {value}，请在 Excel 中修正公式（或改为数值）后重新保存"
                                ),
                                note: None,
                            });
                        }
                    }
                    return Err(corrupt(&self.file, &format!("工作表“{name}”：{text}")));
                }
                Err(Refusal::TooMuch(text)) => {
                    return Err(too_much(&self.file, format!("工作表“{name}”：{text}")));
                }
            }
        }
        Ok(out)
    }
}

type Book = Sheets<Cursor<Vec<u8>>>;

/// One sheet's cells, with the formulas of cells that have no calculated value.
fn read_sheet(sheets: &mut Book, raw: Option<&[u8]>, name: &str) -> Result<Grid, Refusal> {
    if let Sheets::Xlsx(xlsx) = sheets {
        return read_xlsx_sheet(xlsx, raw, name);
    }
    let range = sheets.worksheet_range(name).map_err(|e| e.to_string())?;
    let mut grid = match (&*sheets, ods_realigned(&range)) {
        (Sheets::Ods(_), Some(cells)) => Grid::from_cells(name.to_string(), cells)?,
        _ => Grid::new(name.to_string(), &range),
    };
    if let Sheets::Xls(xls) = &*sheets {
        grid.merges = xls
            .worksheet_merge_cells(name)
            .unwrap_or_default()
            .into_iter()
            .map(|d| Merge {
                first: (d.start.0 as usize, d.start.1 as usize),
                last: (d.end.0 as usize, d.end.1 as usize),
            })
            .collect();
    }
    // An .xls FORMULA record always carries its result; an .ods cell may lack one. The
    // formulas are already in memory: reading them costs a copy.
    if let Sheets::Ods(ods) = sheets {
        if let Ok(formulas) = ods.worksheet_formula(name) {
            // LibreOffice always saves results; a formula that can yield empty text
            // (`=IF(…;"";…)`) and reads empty is taken as having yielded it.
            let formulas = absolute(&formulas)
                .into_iter()
                .filter(|(_, f)| !f.contains("\"\""));
            grid.mark_uncalculated(formulas.map(|(at, f)| (at, odf_formula(&f))));
        }
    }
    Ok(grid)
}

/// calamine 0.31 reads an .ods sheet whose first column is empty wrongly: each blank row
/// inside it is stored `start column` cells too long, so every later row is shifted (and
/// the last one runs past the end). A non-blank row is always exactly one row wide and
/// holds a value, a blank row is all empty: the cells are re-cut row by row. `None` when
/// the range is consistent.
fn ods_realigned(range: &calamine::Range<Data>) -> Option<Vec<((u32, u32), Data)>> {
    let (Some((row0, col0)), (height, width)) = (range.start(), range.get_size()) else {
        return None;
    };
    let flat: Vec<&Data> = range.rows().flatten().collect();
    if col0 == 0 || width == 0 || flat.len() == height * width {
        return None;
    }
    let extra = col0 as usize;
    let mut out = Vec::new();
    let (mut at, mut r) = (0usize, 0u32);
    while at < flat.len() && (r as usize) < height {
        let row = &flat[at..(at + width).min(flat.len())];
        if row.iter().all(|d| matches!(d, Data::Empty)) {
            at += width + extra;
        } else {
            for (c, d) in row.iter().enumerate() {
                out.push(((row0 + r, col0 + c as u32), (*d).clone()));
            }
            at += width;
        }
        r += 1;
    }
    Some(out)
}

/// An OpenDocument formula as the clerk would type it: `of:=[.F7]+[.F8]` → `F7+F8`,
/// `of:=SUM([.D9:.I9])` → `SUM(D9:I9)`, `[$Sheet2.A1]` → `$Sheet2.A1`.
fn odf_formula(formula: &str) -> String {
    let f = formula.trim();
    let f = match f.split_once(":=") {
        Some((ns, rest)) if ns.chars().all(|c| c.is_ascii_alphabetic()) => rest,
        _ => f.trim_start_matches('='),
    };
    f.replace("[.", "")
        .replace(":.", ":")
        .replace(['[', ']'], "")
}

/// The non-empty cells of a range at their absolute positions.
fn absolute(range: &calamine::Range<String>) -> Vec<((u32, u32), String)> {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    range
        .used_cells()
        .map(|(r, c, f)| ((r0 + r as u32, c0 + c as u32), f.clone()))
        .collect()
}

/// An .xlsx sheet read cell by cell (memory follows the cells, not their bounding box).
/// A formula written without its result (`<c><f>…</f></c>`, no `<v>`) reads as an empty
/// cell; only then is the sheet read a second time for its formulas.
fn read_xlsx_sheet(
    xlsx: &mut Xlsx<Cursor<Vec<u8>>>,
    raw: Option<&[u8]>,
    name: &str,
) -> Result<Grid, Refusal> {
    let mut cells = Vec::new();
    let mut valueless = false;
    match xlsx.worksheet_cells_reader(name) {
        Ok(mut reader) => {
            while let Some(cell) = reader.next_cell().map_err(|e| e.to_string())? {
                match cell.get_value() {
                    DataRef::Empty => valueless = true,
                    // `<c><f>SUM(…)</f><v></v></c>`, as openpyxl writes a formula.
                    DataRef::String(s) if s.trim().is_empty() => valueless = true,
                    DataRef::SharedString(s) if s.trim().is_empty() => valueless = true,
                    value => cells.push((cell.get_position(), Data::from(value.clone()))),
                }
            }
        }
        // A chart sheet: no cells.
        Err(XlsxError::NotAWorksheet(_)) => {}
        Err(e) => return Err(e.to_string().into()),
    }
    let mut grid = Grid::from_cells(name.to_string(), cells)?;
    let xml = raw.and_then(|bytes| sheet_xml(bytes, name));
    // Rows a clerk does not see in Excel are read like the others, and said.
    grid.hidden_rows = xml.as_deref().map(hidden_rows).unwrap_or_default();
    grid.hidden_cols = xml.as_deref().map(hidden_cols).unwrap_or_default();
    grid.merges = xml.as_deref().map(merges).unwrap_or_default();
    // `xl/styles.xml`, unzipped once for both kinds of number format.
    let styles_text = raw.and_then(styles_xml);
    let styles_text = styles_text.as_deref();
    if let (Some(xml), Some(styles)) = (xml.as_deref(), styles_text.map(scaled_styles)) {
        if !styles.is_empty() {
            grid.scaled = scaled_cells(xml, &styles);
        }
    }
    if let (Some(xml), Some(styles)) = (xml.as_deref(), styles_text.map(shown_styles)) {
        if !styles.is_empty() {
            for t in tags(xml, "c").filter(|t| matches!(attr(t, "t"), None | Some("n"))) {
                let (Some(format), Some((r, c))) = (
                    attr(t, "s").and_then(|s| styles.get(s)),
                    attr(t, "r").and_then(a1_position),
                ) else {
                    continue;
                };
                let (r, c) = (r as usize, c as usize);
                let value = match grid.get(r, c) {
                    Data::Float(v) => Some(*v),
                    _ => None,
                };
                if let Some(text) = value.and_then(|v| format.text(v)) {
                    grid.shown.insert((r, c), text);
                }
            }
        }
    }
    if valueless {
        // Formulas are a nicety for the message: a failure here leaves the cell empty.
        // `<c t="str"><f>IF(…,"",…)</f><v></v></c>`: a result, empty text.
        let text_results = xml.as_deref().map(text_result_cells).unwrap_or_default();
        if let Ok(mut reader) = xlsx.worksheet_cells_reader(name) {
            let mut formulas = Vec::new();
            while let Ok(Some(cell)) = reader.next_formula() {
                let pos = cell.get_position();
                if !cell.get_value().is_empty()
                    && !text_results.contains(&pos)
                    && matches!(grid.get(pos.0 as usize, pos.1 as usize), Data::Empty)
                {
                    formulas.push((pos, cell.get_value().clone()));
                }
            }
            grid.mark_uncalculated(formulas);
        }
    }
    Ok(grid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_error_value_is_found_with_its_cell() {
        let xml = r#"<sheetData><row r="9"><c r="B9" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="C9" t="e"><f>SORT(A1:A3)</f><v>#SPILL!</v></c></row></sheetData>"#;
        assert_eq!(
            unknown_error_cell(xml),
            Some(("C9".to_string(), "#SPILL!".to_string()))
        );
        assert_eq!(
            unknown_error_cell(r#"<c r="A1" t="e"><v>#N/A</v></c>"#),
            None
        );
    }

    /// Formats that show another number than the cell holds, and ones that do not.
    #[test]
    fn scaling_formats_are_told_from_plain_ones() {
        for code in [
            "0!.0000",
            "0\".\"0000",
            "#,##0.00,,",
            "0.00,",
            "0\\.0000",
            "[Red]0!.0000",
        ] {
            assert!(is_scaling_format(code), "{code}");
        }
        for code in [
            "General",
            "0.00",
            "#,##0.00",
            "#,##0.00_);[Red](#,##0.00)",
            "0.00\"万元\"",
            "0.00%",
            "yyyy-mm-dd",
        ] {
            assert!(!is_scaling_format(code), "{code}");
        }
    }

    /// The reader's English behind a sheet's name is said in Chinese too, the sheet first.
    #[test]
    fn a_sheets_damage_is_said_in_chinese() {
        assert_eq!(
            chinese_reason("工作表“公开02表”：Unknown cell 't' attribute: \"zz\""),
            "工作表“公开02表”：某个单元格的类型标记无法识别（单元格已损坏）（技术信息：Unknown cell 't' attribute: \"zz\"）"
        );
        assert_eq!(
            chinese_reason("工作表“公开02表”：something else"),
            "工作表“公开02表”：无法解析（技术信息：something else）"
        );
    }

    #[test]
    fn text_results_are_found_by_their_type() {
        assert_eq!(a1_position("C12"), Some((11, 2)));
        assert_eq!(a1_position("AA1"), Some((0, 26)));
        assert_eq!(a1_position("12"), None);
        let xml = r#"<x:row><x:c r="E8" s="0" t="str"><x:f>IF(1,"","x")</x:f><x:v></x:v></x:c><c r="F8"><f>SUM(A1)</f><v></v></c></x:row>"#;
        let found: Vec<(&str, Option<&str>)> = tags(xml, "c")
            .map(|t| (attr(t, "r").unwrap(), attr(t, "t")))
            .collect();
        assert_eq!(found, [("E8", Some("str")), ("F8", None)]);
        assert_eq!(xml_unescape("A&amp;B&lt;"), "A&B<");
        let rows = r#"<row r="3"><c r="A3"/></row><row r="12" spans="1:5" hidden="1"><c r="A12"/></row><x:row r="13" hidden="true"/>"#;
        assert_eq!(hidden_rows(rows), [11, 12]);
        let cols = r#"<cols><col min="1" max="2" width="9"/><col min="3" max="4" hidden="1"/><col min="6" max="6" hidden="true"/></cols>"#;
        assert_eq!(hidden_cols(cols), [2, 3, 5]);
    }

    #[test]
    fn reader_errors_are_told_in_chinese_first() {
        assert_eq!(
            chinese_reason("Zip error: invalid Zip archive: Could not find EOCD"),
            "文件不完整（可能下载或复制中断）（技术信息：Zip error: invalid Zip archive: Could not find EOCD）"
        );
        assert!(
            chinese_reason("File not found 'xl/_rels/workbook.xml.rels'")
                .starts_with("不是 Excel 工作簿")
        );
        assert_eq!(chinese_reason("其他"), "其他");
        assert_eq!(
            chinese_reason("unexpected tag"),
            "无法解析（技术信息：unexpected tag）"
        );
        assert!(looks_like_text("部门,金额\n".as_bytes()));
        // GBK bytes of 部门 (not UTF-8) are text too; a binary header is not.
        assert!(looks_like_text(&[0xb2, 0xbf, 0xc3, 0xc5, b',', b'\n']));
        assert!(!looks_like_text(&[0x00, 0x01, 0xff]));
    }

    #[test]
    fn odf_formulas_read_like_excel() {
        assert_eq!(odf_formula("of:=[.F7]+[.F8]"), "F7+F8");
        assert_eq!(odf_formula("of:=SUM([.D9:.I9])"), "SUM(D9:I9)");
        assert_eq!(odf_formula("=[$Sheet2.A1]*2"), "$Sheet2.A1*2");
    }

    #[test]
    fn excel95_text_is_decoded_from_its_code_page() {
        // “公开03表” in GBK, as calamine returns it when told the file is windows-1252.
        let (gbk, _, _) = encoding_rs::GBK.encode("公开03表");
        let (as_read, _, _) = encoding_rs::WINDOWS_1252.decode(&gbk);
        assert_eq!(recode(&as_read, encoding_rs::GBK), "公开03表");
        assert_eq!(recode("total 1", encoding_rs::GBK), "total 1");
        // windows-1252 gives every byte its own character: nothing is lost on the way.
        let all: Vec<u8> = (0..=255).collect();
        let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&all);
        let (back, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
        assert!(!unmappable);
        assert_eq!(back.as_ref(), all.as_slice());
    }
}
