//! Opening a workbook file: format sniffed from its bytes (not its extension), with
//! encrypted, truncated and non-workbook files told apart.

use std::io::Cursor;
use std::path::Path;

use calamine::{open_workbook_from_rs, Ods, Reader, Sheets, Xls, Xlsx};

use super::error::IngestError;
use super::grid::Grid;

/// A finance export is a few hundred KB; anything this large is not one.
const MAX_BYTES: u64 = 64 * 1024 * 1024;

pub struct Workbook {
    /// File name for messages.
    pub file: String,
    sheets: Sheets<Cursor<Vec<u8>>>,
}

pub fn open_workbook(path: &Path) -> Result<Workbook, IngestError> {
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let meta = std::fs::metadata(path).map_err(|e| IngestError::Io {
        file: path.display().to_string(),
        reason: io_reason(&e),
    })?;
    if meta.is_dir() {
        return Err(IngestError::NotAWorkbook {
            file,
            found: "是一个文件夹".into(),
        });
    }
    if meta.len() > MAX_BYTES {
        return Err(IngestError::TooLarge {
            file,
            size: meta.len(),
            limit: MAX_BYTES,
        });
    }
    let bytes = std::fs::read(path).map_err(|e| IngestError::Io {
        file: path.display().to_string(),
        reason: io_reason(&e),
    })?;
    open_workbook_bytes(&file, bytes)
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "文件不存在".into(),
        std::io::ErrorKind::PermissionDenied => "没有读取权限".into(),
        _ => e.to_string(),
    }
}

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
    let sheets = if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        check_zip_sizes(&file, &bytes)?;
        let is_ods = bytes
            .windows(b"application/vnd.oasis.opendocument".len())
            .take(200)
            .any(|w| w == b"application/vnd.oasis.opendocument");
        if is_ods {
            open_workbook_from_rs::<Ods<_>, _>(Cursor::new(bytes))
                .map(Sheets::Ods)
                .map_err(|e| corrupt(&file, &e.to_string()))?
        } else {
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
        if let Err(why) = cfb_header_sane(&bytes) {
            return Err(corrupt(&file, why));
        }
        open_workbook_from_rs::<Xls<_>, _>(Cursor::new(bytes))
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
        } else if bytes.starts_with(b"%PDF") {
            "是 PDF 文件".to_string()
        } else if std::str::from_utf8(&bytes[..bytes.len().min(512)]).is_ok() {
            "是纯文本文件".to_string()
        } else {
            "是无法识别的二进制文件".to_string()
        };
        return Err(IngestError::NotAWorkbook { file, found });
    };
    Ok(Workbook { file, sheets })
}

/// A 公开表 workbook inflates to a few MB. Refuse archives that declare far more (a zip
/// bomb would otherwise be inflated into memory by the reader).
const MAX_INFLATED: u64 = 256 * 1024 * 1024;

fn check_zip_sizes(file: &str, bytes: &[u8]) -> Result<(), IngestError> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        // Let the reader report the damage in its own words.
        return Ok(());
    };
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        if let Ok(entry) = archive.by_index_raw(i) {
            total = total.saturating_add(entry.size());
        }
    }
    if total > MAX_INFLATED {
        return Err(IngestError::Corrupt {
            file: file.to_string(),
            reason: format!(
                "解压后共 {} MB，远超正常公开表（疑似“压缩炸弹”或损坏的文件）",
                total / (1024 * 1024)
            ),
        });
    }
    Ok(())
}

/// Reject an OLE container whose header points outside the file before handing it to the
/// .xls reader: a damaged header made it allocate gigabytes and spend seconds (fuzzing).
fn cfb_header_sane(bytes: &[u8]) -> Result<(), &'static str> {
    if bytes.len() < 512 {
        return Err("OLE 文件头不完整");
    }
    let u16_at = |o: usize| u16::from_le_bytes([bytes[o], bytes[o + 1]]);
    let u32_at =
        |o: usize| u32::from_le_bytes([bytes[o], bytes[o + 1], bytes[o + 2], bytes[o + 3]]);
    let shift = u16_at(30);
    if shift != 9 && shift != 12 {
        return Err("OLE 扇区大小无效");
    }
    let sector = 1usize << shift;
    let sectors = (bytes.len().saturating_sub(512)).div_ceil(sector) as u64;
    let ok = |v: u32| v >= 0xFFFF_FFFA || u64::from(v) < sectors;
    if u64::from(u32_at(44)) > sectors {
        return Err("OLE 分配表扇区数超出文件长度");
    }
    if !ok(u32_at(48)) || !ok(u32_at(60)) || !ok(u32_at(68)) {
        return Err("OLE 目录或分配表位置超出文件长度");
    }
    if u64::from(u32_at(64)) > sectors || u64::from(u32_at(72)) > sectors {
        return Err("OLE 分配表扇区数超出文件长度");
    }
    if (0..109).any(|i| !ok(u32_at(76 + 4 * i))) {
        return Err("OLE 分配表位置超出文件长度");
    }
    Ok(())
}

fn corrupt(file: &str, reason: &str) -> IngestError {
    IngestError::Corrupt {
        file: file.to_string(),
        reason: reason.chars().take(160).collect(),
    }
}

impl Workbook {
    /// Every sheet as a grid. Charts and other non-worksheet sheets are skipped.
    pub fn grids(&mut self) -> Result<Vec<Grid>, IngestError> {
        let names = self.sheets.sheet_names();
        let mut out = Vec::with_capacity(names.len());
        for name in names {
            let sheets = &mut self.sheets;
            let range = super::guard::guarded(|| sheets.worksheet_range(&name))
                .map_err(|panic| corrupt(&self.file, &format!("工作表“{name}”：{panic}")))?;
            match range {
                Ok(range) => out.push(Grid::new(name, &range)),
                Err(e) => {
                    let text = e.to_string();
                    // Chart sheets and the like have no cells; anything else is damage.
                    if text.contains("not found") || text.contains("Chart") {
                        continue;
                    }
                    return Err(corrupt(&self.file, &format!("工作表“{name}”：{text}")));
                }
            }
        }
        Ok(out)
    }
}
