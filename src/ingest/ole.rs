//! A bounded walk over an .xls file (BIFF records in an OLE compound file) before the
//! spreadsheet library reads it.
//!
//! calamine 0.31 trusts the sizes and sector numbers of the container: a sector chain
//! that loops (`cfb::Sectors::get_chain`) grows a buffer until memory runs out, a sector
//! number past the end of the file (`cfb::Sectors::get`) resizes its buffer to that
//! offset (up to 2 TB), a stream or directory size (`Vec::with_capacity`) is allocated as
//! declared, and a sheet's DIMENSIONS record or a cell far from the others
//! (`xls::parse_workbook`, `Range::from_sparse`) reserves rows × columns cells. An
//! allocation failure aborts the process; it cannot be caught. This walk follows the
//! same structures the way calamine will, with every number checked against the file,
//! and refuses the file with a reason (Chinese, for the clerk) before calamine sees it.
//!
//! It also reports the BIFF version and code page, which the caller needs to read the
//! text of Excel 95 files (see `open.rs`).

use super::error::Refusal;

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
/// calamine follows the DIFAT chain while the sector number is below this.
const RESERVED: u32 = 0xFFFF_FFFA;
/// calamine reads every DIFAT entry below this as a FAT sector.
const DIFSECT: u32 = 0xFFFF_FFFC;
/// BIFF8 (and BIFF5) sheets have at most 65536 rows and 256 columns.
const MAX_CELLS: u64 = 65_536 * 256;
/// The dense area of one sheet, and of all, that a 公开表 may take (as for .ods).
const MAX_SHEET_SPAN: u64 = 4_000_000;
const MAX_TOTAL_SPAN: u64 = 8_000_000;
/// Characters of shared strings the cells copy, in all sheets (as for .xlsx).
const MAX_SHARED_TEXT: u64 = 32 * 1024 * 1024;
/// Streams under this size live in the mini stream.
const MINI_CUTOFF: usize = 4096;

/// What the walk learnt about the workbook stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XlsInfo {
    /// BIFF5/BIFF7 (Excel 5.0/95) or older: text is stored in the code page, not UTF-16.
    pub pre_biff8: bool,
    /// The CODEPAGE record of the workbook globals, if any.
    pub codepage: Option<u16>,
    /// Rows and columns hidden in Excel, by sheet name (BIFF8; calamine does not say
    /// them): (sheet, rows, columns), 0-based.
    pub hidden: Vec<(String, Vec<usize>, Vec<usize>)>,
}

/// Check the container and the BIFF records calamine will size its buffers by.
/// `Err` is the reason, in Chinese: damage, or far more cells than a 公开表 has. A file calamine rejects by itself (no workbook
/// stream, a short record) passes: calamine then reports it.
pub(crate) fn check(bytes: &[u8]) -> Result<Option<XlsInfo>, Refusal> {
    let cfb = Cfb::new(bytes)?;
    let Some(stream) = cfb.workbook_stream()? else {
        return Ok(None);
    };
    if cfb.has_vba() {
        cfb.check_all_streams()?;
    }
    check_biff(&stream).map(Some)
}

fn u16_at(b: &[u8], o: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(o..o + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], o: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(o..o + 4)?.try_into().ok()?))
}

fn u64_at(b: &[u8], o: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(o..o + 8)?.try_into().ok()?))
}

struct Entry {
    name: String,
    kind: u8,
    start: u32,
    len: u64,
}

struct Cfb<'a> {
    bytes: &'a [u8],
    sector: usize,
    /// Number of (possibly partial) sectors after the header.
    sectors: u64,
    fat: Vec<u32>,
    entries: Vec<Entry>,
    mini_stream: Vec<u8>,
    mini_fat: Vec<u32>,
}

impl<'a> Cfb<'a> {
    fn new(bytes: &'a [u8]) -> Result<Cfb<'a>, &'static str> {
        if bytes.len() < 512 {
            return Err("OLE 文件头不完整");
        }
        let h = |o| u32_at(bytes, o).unwrap_or(0);
        let shift = u16_at(bytes, 30).unwrap_or(0);
        if shift != 9 && shift != 12 {
            return Err("OLE 扇区大小无效");
        }
        if u16_at(bytes, 32) != Some(6) {
            // calamine refuses this itself.
            return Err("OLE 小扇区大小无效");
        }
        let sector = 1usize << shift;
        if bytes.len() < sector {
            return Err("OLE 文件头不完整");
        }
        let sectors = (bytes.len() - sector).div_ceil(sector) as u64;
        let (dir_len, fat_len, dir_start) = (h(40), h(44), h(48));
        let (mini_fat_start, mini_fat_len, difat_start) = (h(60), h(64), h(68));
        let within = |n: u32| u64::from(n) <= sectors;
        if !within(dir_len) || !within(fat_len) || !within(mini_fat_len) {
            return Err("OLE 目录或分配表扇区数超出文件长度");
        }
        // calamine sizes its DIFAT list by the four bytes at offset 62 (straddling two
        // header fields): 4 bytes per entry.
        if h(62) > 16 * 1024 * 1024 {
            return Err("OLE 文件头字段无效");
        }
        let mut cfb = Cfb {
            bytes,
            sector,
            sectors,
            fat: Vec::new(),
            entries: Vec::new(),
            mini_stream: Vec::new(),
            mini_fat: Vec::new(),
        };

        // DIFAT: 109 entries in the header, then a chain whose last entry links on.
        let mut difat: Vec<u32> = (0..109).map(|i| h(76 + 4 * i)).collect();
        let mut id = difat_start;
        let mut steps = 0u64;
        while id < RESERVED {
            steps += 1;
            if steps > sectors {
                return Err("OLE 分配表链成环");
            }
            difat.extend(cfb.sector_u32s(id)?);
            id = difat.pop().ok_or("OLE 分配表链无效")?;
        }
        // FAT: every DIFAT entry below DIFSECT is read as a sector.
        let fat_ids: Vec<u32> = difat.into_iter().filter(|id| *id < DIFSECT).collect();
        if fat_ids.len() as u64 > sectors {
            return Err("OLE 分配表扇区数超出文件长度");
        }
        let mut fat = Vec::new();
        for id in fat_ids {
            fat.extend(cfb.sector_u32s(id)?);
        }
        cfb.fat = fat;

        // Directory.
        let dir_bytes = cfb.chain(dir_start, dir_len as usize * sector)?;
        cfb.entries = dir_bytes
            .chunks(128)
            .filter(|c| c.len() == 128)
            .map(|c| Entry {
                name: entry_name(c),
                kind: c[66],
                start: u32_at(c, 116).unwrap_or(0),
                len: if sector == 512 {
                    u64::from(u32_at(c, 120).unwrap_or(0))
                } else {
                    u64_at(c, 120).unwrap_or(0)
                },
            })
            .collect();

        // Mini stream (in the root entry's chain) and mini FAT.
        if mini_fat_len > 0 {
            let Some(root) = cfb.entries.first() else {
                return Ok(cfb);
            };
            let (root_start, root_len) = (root.start, cfb.stream_len(root.len)?);
            cfb.mini_stream = cfb.chain(root_start, root_len)?;
            let mini_fat = cfb.chain(mini_fat_start, mini_fat_len as usize * sector)?;
            cfb.mini_fat = mini_fat
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect();
        }
        Ok(cfb)
    }

    /// A sector's bytes (the last one may be short).
    fn sector_bytes(&self, id: u32) -> Result<&'a [u8], &'static str> {
        if u64::from(id) >= self.sectors {
            return Err("OLE 扇区编号超出文件长度");
        }
        let start = (id as usize + 1) * self.sector;
        Ok(&self.bytes[start..(start + self.sector).min(self.bytes.len())])
    }

    fn sector_u32s(&self, id: u32) -> Result<Vec<u32>, &'static str> {
        Ok(self
            .sector_bytes(id)?
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }

    /// A declared size calamine will allocate up front.
    fn stream_len(&self, len: u64) -> Result<usize, &'static str> {
        if len > self.bytes.len() as u64 {
            return Err("OLE 流长度超出文件长度");
        }
        Ok(len as usize)
    }

    /// A sector chain's bytes, truncated to `len` when `len > 0` (as calamine does).
    fn chain(&self, start: u32, len: usize) -> Result<Vec<u8>, &'static str> {
        let mut out = Vec::new();
        let mut id = start;
        let mut steps = 0u64;
        while id != ENDOFCHAIN {
            steps += 1;
            if steps > self.sectors {
                return Err("OLE 扇区链成环");
            }
            out.extend_from_slice(self.sector_bytes(id)?);
            id = *self.fat.get(id as usize).ok_or("OLE 扇区链超出分配表")?;
        }
        if len > 0 {
            out.truncate(len);
        }
        Ok(out)
    }

    /// A chain in the mini stream (64-byte sectors).
    fn mini_chain(&self, start: u32, len: usize) -> Result<Vec<u8>, &'static str> {
        let count = self.mini_stream.len().div_ceil(64) as u64;
        let mut out = Vec::new();
        let mut id = start;
        let mut steps = 0u64;
        while id != ENDOFCHAIN {
            steps += 1;
            if steps > count.max(1) || u64::from(id) >= count {
                return Err("OLE 小扇区链无效");
            }
            let from = id as usize * 64;
            out.extend_from_slice(&self.mini_stream[from..(from + 64).min(self.mini_stream.len())]);
            id = *self.mini_fat.get(id as usize).ok_or("OLE 小扇区链无效")?;
        }
        if len > 0 {
            out.truncate(len);
        }
        Ok(out)
    }

    /// A stream's bytes, read the way calamine reads it.
    fn stream(&self, e: &Entry) -> Result<Vec<u8>, &'static str> {
        let len = self.stream_len(e.len)?;
        if len < MINI_CUTOFF {
            self.mini_chain(e.start, len)
        } else {
            self.chain(e.start, len)
        }
    }

    /// The `Workbook` stream (BIFF8), or else `Book` (BIFF5): the first entry of that name.
    fn workbook_stream(&self) -> Result<Option<Vec<u8>>, &'static str> {
        let entry = ["Workbook", "Book"]
            .iter()
            .find_map(|n| self.entries.iter().find(|e| e.name == *n));
        entry.map(|e| self.stream(e)).transpose()
    }

    /// calamine reads the macro project when this storage exists.
    fn has_vba(&self) -> bool {
        self.entries.iter().any(|e| e.name == "_VBA_PROJECT_CUR")
    }

    /// Every stream entry, for the macro project whose module streams are found by name.
    fn check_all_streams(&self) -> Result<(), &'static str> {
        for e in self.entries.iter().filter(|e| e.kind == 2) {
            self.stream(e)?;
        }
        Ok(())
    }
}

/// A directory entry's name: UTF-16 up to the first NUL.
fn entry_name(entry: &[u8]) -> String {
    let units: Vec<u16> = entry[..64]
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .take_while(|u| *u != 0)
        .collect();
    String::from_utf16_lossy(&units)
}

/// BIFF records as calamine's `RecordIter` splits them: stops at a short record.
fn records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut rest = stream;
    std::iter::from_fn(move || {
        let typ = u16_at(rest, 0)?;
        let len = u16_at(rest, 2)? as usize;
        let data = rest.get(4..4 + len)?;
        rest = &rest[4 + len..];
        Some((typ, data))
    })
}

/// The length in characters of each string of the shared string table (SST and the
/// CONTINUE records after it), as BIFF8 lays them out: a string's characters may run
/// on into the next record, which then starts with a byte of flags of its own. Reading
/// stops at the first inconsistency (calamine reports that itself).
fn sst_lengths(parts: &[&[u8]]) -> Vec<u64> {
    struct Reader<'a> {
        parts: &'a [&'a [u8]],
        part: usize,
        at: usize,
    }
    impl Reader<'_> {
        /// Move to the next record when this one is used up; whether that happened.
        fn roll(&mut self) -> Option<bool> {
            if self.at < self.parts.get(self.part)?.len() {
                return Some(false);
            }
            self.part += 1;
            self.at = 0;
            self.parts.get(self.part)?;
            Some(true)
        }
        fn byte(&mut self) -> Option<u8> {
            self.roll()?;
            let b = *self.parts[self.part].get(self.at)?;
            self.at += 1;
            Some(b)
        }
        fn skip(&mut self, mut n: usize) -> Option<()> {
            while n > 0 {
                self.roll()?;
                let here = (self.parts[self.part].len() - self.at).min(n);
                self.at += here;
                n -= here;
            }
            Some(())
        }
        /// `n` characters of one or two bytes; a new record restates the width.
        fn chars(&mut self, mut n: usize, mut wide: bool) -> Option<()> {
            while n > 0 {
                if self.roll()? {
                    wide = self.byte()? & 1 == 1;
                }
                let width = if wide { 2 } else { 1 };
                let here = ((self.parts[self.part].len() - self.at) / width)
                    .min(n)
                    .max(1);
                self.at += here * width;
                n -= here;
            }
            Some(())
        }
    }
    let mut r = Reader {
        parts,
        part: 0,
        at: 8,
    };
    let unique = parts.first().and_then(|p| u32_at(p, 4)).unwrap_or(0);
    let mut out = Vec::new();
    for _ in 0..unique {
        let Some(cch) = r
            .byte()
            .and_then(|lo| r.byte().map(|hi| u16::from_le_bytes([lo, hi])))
        else {
            break;
        };
        let Some(flags) = r.byte() else { break };
        let runs = if flags & 8 != 0 {
            match (r.byte(), r.byte()) {
                (Some(lo), Some(hi)) => usize::from(u16::from_le_bytes([lo, hi])),
                _ => break,
            }
        } else {
            0
        };
        let ext = if flags & 4 != 0 {
            let mut b = [0u8; 4];
            for x in &mut b {
                match r.byte() {
                    Some(v) => *x = v,
                    None => break,
                }
            }
            u32::from_le_bytes(b) as usize
        } else {
            0
        };
        if r.chars(usize::from(cch), flags & 1 == 1).is_none() {
            out.push(u64::from(cch));
            break;
        }
        out.push(u64::from(cch));
        if r.skip(4 * runs + ext).is_none() {
            break;
        }
    }
    out
}

fn check_biff(stream: &[u8]) -> Result<XlsInfo, Refusal> {
    let mut info = XlsInfo {
        pre_biff8: false,
        codepage: None,
        hidden: Vec::new(),
    };
    let mut sheets = Vec::new();
    let mut sst: Vec<&[u8]> = Vec::new();
    let mut in_sst = false;
    for (typ, data) in records(stream) {
        // The SST and the CONTINUE records right after it.
        in_sst = match typ {
            0x00FC => {
                sst = vec![data];
                true
            }
            0x003C if in_sst => {
                sst.push(data);
                true
            }
            _ => false,
        };
        match typ {
            // BOF: the version calamine keeps is the last one before the globals' EOF.
            0x0809 => {
                let version = u16_at(data, 0).unwrap_or(0x0600);
                let dt = u16_at(data, 2).unwrap_or(0);
                info.pre_biff8 = match version {
                    0x0200 | 0x0002 | 0x0007 | 0x0300 | 0x0400 | 0x0500 => true,
                    0 => dt == 0x1000,
                    _ => false,
                };
            }
            0x0042 => info.codepage = u16_at(data, 0),
            0x0085 => {
                if let Some(pos) = u32_at(data, 0) {
                    let name = if info.pre_biff8 {
                        None
                    } else {
                        sheet_name(data)
                    };
                    sheets.push((pos as usize, name));
                }
            }
            0x000A => break,
            _ => {}
        }
    }
    // calamine reads each sheet into a dense grid from its first to its last cell: a
    // stray value at IV65536 makes 16 million cells (1.7 GB) of a small file.
    let strings = sst_lengths(&sst);
    let mut total: u64 = 0;
    let mut text: u64 = 0;
    for (pos, name) in sheets {
        if let Some(sheet) = stream.get(pos..) {
            let (span, copied, rows, cols) = check_sheet(sheet, &strings)?;
            if let Some(name) = name.filter(|_| !rows.is_empty() || !cols.is_empty()) {
                info.hidden.push((name, rows, cols));
            }
            // Each cell gets its own copy of the shared string it names.
            text = text.saturating_add(copied);
            if text > MAX_SHARED_TEXT {
                return Err(Refusal::TooMuch(
                    "单元格引用的文字总量过大（同一段长文字被大量单元格重复引用）".into(),
                ));
            }
            total = total.saturating_add(span);
            if span > MAX_SHEET_SPAN || total > MAX_TOTAL_SPAN {
                return Err(Refusal::TooMuch("有内容的单元格分布的区域过大（可能有工作表在很远的行列（如 IV65536）还有内容；请删除远处多余的单元格后另存）".into()));
            }
        }
    }
    Ok(info)
}

/// The cell buffers calamine sizes for one sheet: the DIMENSIONS reservation, and the
/// dense range spanning every cell record.
/// Also the rows (ROW records marked hidden) and columns (COLINFO ranges marked hidden)
/// the sheet hides.
type SheetWalk = (u64, u64, Vec<usize>, Vec<usize>);

fn check_sheet(sheet: &[u8], strings: &[u64]) -> Result<SheetWalk, &'static str> {
    let mut copied: u64 = 0;
    let (mut hidden_rows, mut hidden_cols) = (Vec::new(), Vec::new());
    let (mut r0, mut r1, mut c0, mut c1) = (u32::MAX, 0u32, u32::MAX, 0u32);
    let mut cell = |row: u32, first: u32, last: u32| {
        r0 = r0.min(row);
        r1 = r1.max(row);
        c0 = c0.min(first);
        c1 = c1.max(last);
    };
    for (typ, data) in records(sheet) {
        let pos = || Some((u32::from(u16_at(data, 0)?), u32::from(u16_at(data, 2)?)));
        match typ {
            0x0200 => {
                let (rows, cols) = dimensions(data)?;
                if rows.saturating_mul(cols) > MAX_CELLS {
                    return Err("工作表尺寸记录超出 Excel 的行列上限");
                }
            }
            // LABELSST: a cell naming a shared string.
            0x00FD => {
                if let Some(len) = u32_at(data, 6).and_then(|i| strings.get(i as usize)) {
                    copied = copied.saturating_add(*len);
                }
                if let Some((r, c)) = pos() {
                    cell(r, c, c);
                }
            }
            // NUMBER, LABEL, BOOLERR, RK, FORMULA.
            0x0203 | 0x0204 | 0x0205 | 0x027E | 0x0006 => {
                if let Some((r, c)) = pos() {
                    cell(r, c, c);
                }
            }
            // MULRK: one row, consecutive columns.
            0x00BD if data.len() >= 6 => {
                if let (Some((r, c)), Some(last)) = (pos(), u16_at(data, data.len() - 2)) {
                    cell(r, c, u32::from(last).max(c));
                }
            }
            // ROW: fDyZero (0x20) in its options hides the row.
            0x0208 => {
                if let (Some(r), Some(flags)) = (u16_at(data, 0), u16_at(data, 12)) {
                    if flags & 0x20 != 0 && hidden_rows.len() < 65_536 {
                        hidden_rows.push(usize::from(r));
                    }
                }
            }
            // COLINFO: fHidden (0x01) hides columns first..=last (at most 256 of them).
            0x007D => {
                if let (Some(first), Some(last), Some(flags)) =
                    (u16_at(data, 0), u16_at(data, 2), u16_at(data, 8))
                {
                    if flags & 0x01 != 0 {
                        for c in first..=last.min(255) {
                            if !hidden_cols.contains(&usize::from(c)) {
                                hidden_cols.push(usize::from(c));
                            }
                        }
                    }
                }
            }
            0x000A => break,
            _ => {}
        }
    }
    if r0 <= r1 && c0 <= c1 {
        let span = u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1);
        if span > MAX_CELLS || c1 > 255 {
            return Err("单元格位置超出 Excel 的行列上限");
        }
        return Ok((span, copied, hidden_rows, hidden_cols));
    }
    Ok((0, copied, hidden_rows, hidden_cols))
}

/// A BOUNDSHEET record's sheet name (BIFF8: 8-bit count, flags, then Latin-1 bytes or
/// UTF-16LE units).
fn sheet_name(data: &[u8]) -> Option<String> {
    let count = usize::from(*data.get(6)?);
    let wide = data.get(7)? & 1 != 0;
    let text = data.get(8..)?;
    if wide {
        let units: Vec<u16> = text
            .chunks_exact(2)
            .take(count)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
            .collect();
        (units.len() == count).then(|| String::from_utf16_lossy(&units))
    } else {
        text.get(..count)
            .map(|b| b.iter().map(|&c| char::from(c)).collect())
    }
}

/// Rows × columns calamine reserves for a DIMENSIONS record (`xls::parse_dimensions`).
fn dimensions(data: &[u8]) -> Result<(u64, u64), &'static str> {
    let (rf, rl, mut cf, cl) = match data.len() {
        10 => (
            u32::from(u16_at(data, 0).unwrap_or(0)),
            u32::from(u16_at(data, 2).unwrap_or(0)),
            u32::from(u16_at(data, 4).unwrap_or(0)),
            u32::from(u16_at(data, 6).unwrap_or(0)),
        ),
        14 => (
            u32_at(data, 0).unwrap_or(0),
            u32_at(data, 4).unwrap_or(0),
            u32::from(u16_at(data, 8).unwrap_or(0)),
            u32::from(u16_at(data, 10).unwrap_or(0)),
        ),
        // calamine reports a bad length itself.
        _ => return Ok((0, 0)),
    };
    if cf > 0xFF || cl < cf {
        cf = 0;
    }
    if rl >= 1 && cl >= 1 {
        if rl - 1 < rf {
            return Err("工作表尺寸记录无效（末行在首行之前）");
        }
        Ok((u64::from(rl - 1 - rf) + 1, u64::from(cl - 1 - cf) + 1))
    } else {
        Ok((1, 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two strings, the second (wide, 5 characters) running on into a CONTINUE record that
    /// restates its width; cells naming them are each counted with their length.
    #[test]
    fn shared_strings_and_the_text_cells_copy() {
        let mut sst = vec![2, 0, 0, 0, 2, 0, 0, 0];
        sst.extend([3, 0, 0, b'a', b'b', b'c']);
        sst.extend([5, 0, 1, b'x', 0, b'y', 0]);
        let cont: &[u8] = &[0, b'z', b'w', b'v'];
        let lengths = sst_lengths(&[&sst, cont]);
        assert_eq!(lengths, vec![3, 5]);
        let labelsst = |isst: u32| {
            let mut r = vec![0xFD, 0x00, 10, 0, 0, 0, 0, 0, 0, 0];
            r.extend(isst.to_le_bytes());
            r
        };
        let sheet: Vec<u8> = [labelsst(1), labelsst(1), labelsst(0)].concat();
        assert_eq!(check_sheet(&sheet, &lengths), Ok((1, 13, vec![], vec![])));
    }

    #[test]
    fn dimensions_as_calamine_reads_them() {
        let mut d = vec![0u8; 14];
        d[4..8].copy_from_slice(&100u32.to_le_bytes());
        d[10..12].copy_from_slice(&8u16.to_le_bytes());
        assert_eq!(dimensions(&d), Ok((100, 8)));
        d[0..4].copy_from_slice(&200u32.to_le_bytes());
        assert!(dimensions(&d).is_err());
        assert_eq!(dimensions(&[0u8; 3]), Ok((0, 0)));
    }

    #[test]
    fn records_stop_at_a_short_one() {
        let stream = [0x09, 0x08, 2, 0, 0, 6, 0x0A, 0, 9, 0];
        let all: Vec<_> = records(&stream).collect();
        assert_eq!(all, vec![(0x0809, &[0u8, 6][..])]);
    }
}
