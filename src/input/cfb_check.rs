//! The pre-pass over an `.xls` (an OLE compound file holding BIFF records) before calamine opens it.
//!
//! calamine reads the whole workbook at open and trusts what the file says: it follows sector chains
//! until a declared length (a chain that loops grows without end), reserves room for the cells a
//! DIMENSIONS record declares, lays every sheet out as a dense grid over its used cells' bounding
//! box, and copies a shared string into every cell that names it. Allocations that fail abort the
//! process, which `catch_unwind` cannot catch, so this walk follows the same steps as calamine 0.38
//! (`cfb.rs`, `xls.rs`) cheaply and refuses the file when any of them would be unbounded. Anything
//! malformed that calamine would merely reject with an error is left to calamine.

use crate::error::Result;

use super::damaged;

/// A sheet's cells laid out as calamine does (bounding box), and the cells a DIMENSIONS record may
/// declare: both at most this many.
pub const MAX_XLS_GRID_CELLS: u64 = 2_000_000;
/// Text copied into cells from the shared strings, per workbook (UTF-8 bytes, an upper bound): the
/// same as a sheet's text limit (`workbook::read::MAX_TEXT_BYTES`), which is then copied once more.
pub const MAX_XLS_TEXT_BYTES: u64 = 128 * 1024 * 1024;

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;

/// Walks the compound file and its workbook stream; Ok when calamine may open it.
pub fn check_xls(bytes: &[u8], file_name: &str) -> Result<()> {
    let refuse = |what: &str| Err(damaged(file_name, what));
    // Past the signature, a container this walk cannot follow is one calamine would either refuse or
    // follow without bound (a looping chain): refuse it here.
    let Some(stream) = Cfb::parse(bytes).and_then(|cfb| cfb.workbook_stream(bytes)) else {
        return refuse("文件内部的结构损坏：扇区链循环或越界");
    };
    match check_biff(&stream) {
        Verdict::Fine => Ok(()),
        Verdict::Refuse(what) => refuse(&what),
    }
}

struct Cfb {
    sector_size: usize,
    maxid: usize,
    fats: Vec<u32>,
    dirs: Vec<(String, u32, u64)>,
    mini_fat_len: usize,
    mini_fat_start: u32,
}

impl Cfb {
    /// None when the header or directory is unreadable or a chain loops or leaves the file.
    fn parse(bytes: &[u8]) -> Option<Cfb> {
        if bytes.len() < 512 || &bytes[..8] != b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" {
            return None;
        }
        let sector_size = match u16_at(bytes, 30)? {
            9 => 512,
            12 => 4096,
            _ => return None,
        };
        let maxid = bytes.len() / sector_size;
        let mut difat: Vec<u32> = (76..512).step_by(4).filter_map(|i| u32_at(bytes, i)).collect();
        let mut id = u32_at(bytes, 68)?;
        let mut seen = 0usize;
        while id < RESERVED_SECTORS {
            seen += 1;
            if seen > maxid + 1 {
                return None;
            }
            difat.extend(sector(bytes, sector_size, maxid, id)?.chunks_exact(4).map(le32));
            id = difat.pop()?;
        }
        let mut fats = Vec::new();
        for id in difat.into_iter().filter(|id| *id < DIFSECT) {
            fats.extend(sector(bytes, sector_size, maxid, id)?.chunks_exact(4).map(le32));
        }
        let mut cfb = Cfb {
            sector_size,
            maxid,
            fats,
            dirs: Vec::new(),
            mini_fat_len: u32_at(bytes, 64)? as usize,
            mini_fat_start: u32_at(bytes, 60)?,
        };
        let dir_bytes = cfb.chain(bytes, u32_at(bytes, 48)?, u64::MAX)?;
        for d in dir_bytes.chunks_exact(128) {
            let units: Vec<u16> = d[..64].chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
            let mut name = String::from_utf16_lossy(&units);
            if let Some(l) = name.as_bytes().iter().position(|b| *b == 0) {
                name.truncate(l);
            }
            let len = if sector_size == 512 { u64::from(le32(&d[120..124])) } else { le64(&d[120..128]) };
            cfb.dirs.push((name, le32(&d[116..120]), len));
        }
        Some(cfb)
    }

    /// The bytes of a chain as calamine collects them, or None when the chain loops or leaves the file.
    fn chain(&self, bytes: &[u8], mut id: u32, len: u64) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let mut visited = vec![false; self.maxid + 1];
        while id != ENDOFCHAIN {
            let i = id as usize;
            if i > self.maxid || std::mem::replace(&mut visited[i], true) {
                return None;
            }
            let s = sector(bytes, self.sector_size, self.maxid, id)?;
            let room = len.saturating_sub(out.len() as u64);
            out.extend_from_slice(&s[..s.len().min(room.min(usize::MAX as u64) as usize)]);
            if out.len() as u64 >= len {
                break;
            }
            id = *self.fats.get(i)?;
        }
        Some(out)
    }

    /// The `Workbook` (or `Book`) stream, None when a chain calamine follows to get it loops.
    fn workbook_stream(&self, bytes: &[u8]) -> Option<Vec<u8>> {
        let root = self.dirs.first()?;
        // calamine loads the mini stream and the mini FAT at open, following their chains.
        let (mini_fats, ministream) = if self.mini_fat_len > 0 {
            let ministream = self.chain(bytes, root.1, root.2)?;
            let minifat = self.chain(bytes, self.mini_fat_start, (self.mini_fat_len * self.sector_size) as u64)?;
            (minifat.chunks_exact(4).map(le32).collect::<Vec<u32>>(), ministream)
        } else {
            (Vec::new(), Vec::new())
        };
        let find = |n: &str| self.dirs.iter().find(|d| d.0.as_bytes().eq_ignore_ascii_case(n.as_bytes()));
        let Some(d) = find("Workbook").or_else(|| find("Book")) else { return Some(Vec::new()) };
        if d.2 < 4096 {
            // A mini chain is bounded by its length (< 4096) even when it loops.
            let mut out = Vec::new();
            let mut id = d.1;
            let mut steps = 0;
            while id != ENDOFCHAIN && (out.len() as u64) < d.2 && steps < 4096 {
                let start = id as usize * 64;
                let s = ministream.get(start..(start + 64).min(ministream.len())).unwrap_or(&[]);
                out.extend_from_slice(&s[..s.len().min((d.2 as usize).saturating_sub(out.len()))]);
                id = *mini_fats.get(id as usize).unwrap_or(&ENDOFCHAIN);
                steps += 1;
            }
            Some(out)
        } else {
            self.chain(bytes, d.1, d.2)
        }
    }
}

/// A sector as calamine's `Sectors::get` returns it (short at the end of the file).
fn sector(bytes: &[u8], size: usize, maxid: usize, id: u32) -> Option<&[u8]> {
    if id as usize > maxid {
        return None;
    }
    // Sector 0 starts after the header sector.
    let start = (id as usize + 1) * size;
    bytes.get(start.min(bytes.len())..(start + size).min(bytes.len()))
}

fn u16_at(b: &[u8], i: usize) -> Option<u16> {
    b.get(i..i + 2).map(|s| u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    b.get(i..i + 4).map(le32)
}

fn le32(s: &[u8]) -> u32 {
    u32::from_le_bytes([s[0], s[1], s[2], s[3]])
}

fn le64(s: &[u8]) -> u64 {
    u64::from_le_bytes([s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]])
}

enum Verdict {
    Fine,
    Refuse(String),
}

/// One BIFF record and its CONTINUE records, as calamine's `RecordIter` gives them.
struct Record<'a> {
    typ: u16,
    data: &'a [u8],
    cont: Vec<&'a [u8]>,
}

fn records(mut stream: &[u8]) -> impl Iterator<Item = Record<'_>> {
    std::iter::from_fn(move || {
        if stream.len() < 4 {
            return None;
        }
        let typ = u16::from_le_bytes([stream[0], stream[1]]);
        let len = u16::from_le_bytes([stream[2], stream[3]]) as usize;
        if stream.len() < len + 4 {
            return None;
        }
        let data = &stream[4..len + 4];
        stream = &stream[len + 4..];
        let mut cont = Vec::new();
        while stream.len() > 4 && u16::from_le_bytes([stream[0], stream[1]]) == 0x003C {
            let len = u16::from_le_bytes([stream[2], stream[3]]) as usize;
            if stream.len() < len + 4 {
                return None;
            }
            cont.push(&stream[4..len + 4]);
            stream = &stream[len + 4..];
        }
        Some(Record { typ, data, cont })
    })
}

/// The workbook globals (sheet positions, the shared strings' lengths), then every sheet's cells.
fn check_biff(stream: &[u8]) -> Verdict {
    let mut sheets = Vec::new();
    let mut sst_chars: Vec<u64> = Vec::new();
    for r in records(stream) {
        match r.typ {
            0x0085 if r.data.len() >= 4 => sheets.push(le32(r.data) as usize),
            0x00FC => sst_chars = sst_lengths(&r),
            0x000A => break,
            _ => {}
        }
    }
    let mut text: u64 = 0;
    for pos in sheets {
        let Some(sheet) = stream.get(pos..) else { continue };
        let mut bbox = BoundingBox::default();
        let mut seen_bof = false;
        let mut depth = 0usize;
        for r in records(sheet) {
            if depth > 0 {
                match r.typ {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            let d = r.data;
            let rc = |d: &[u8]| (d.len() >= 4).then(|| (u32::from(le16(d)), u32::from(le16(&d[2..]))));
            match r.typ {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                0x0200 => {
                    if let Some(cells) = declared_cells(d) {
                        if cells > MAX_XLS_GRID_CELLS {
                            return Verdict::Refuse(format!(
                                "工作表声明了 {cells} 个单元格，超过上限 {MAX_XLS_GRID_CELLS}"
                            ));
                        }
                    }
                }
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x0006 => bbox.add(rc(d)),
                0x00FD => {
                    bbox.add(rc(d));
                    if d.len() >= 10 {
                        let chars = sst_chars.get(le32(&d[6..]) as usize).copied().unwrap_or(0);
                        text = text.saturating_add(chars * 3);
                        if text > MAX_XLS_TEXT_BYTES {
                            return Verdict::Refuse(format!("单元格中的文字合计超过 {} MB", MAX_XLS_TEXT_BYTES >> 20));
                        }
                    }
                }
                0x00BD if d.len() >= 6 => {
                    let (row, first, last) =
                        (u32::from(le16(d)), u32::from(le16(&d[2..])), u32::from(le16(&d[d.len() - 2..])));
                    bbox.add(Some((row, first)));
                    bbox.add(Some((row, last.max(first))));
                }
                0x000A => break,
                _ => {}
            }
        }
        if bbox.cells() > MAX_XLS_GRID_CELLS {
            return Verdict::Refuse(format!(
                "工作表的单元格分布在 {} 行 × {} 列的范围内，超过上限 {MAX_XLS_GRID_CELLS} 个单元格",
                bbox.rows(),
                bbox.cols()
            ));
        }
    }
    Verdict::Fine
}

fn le16(s: &[u8]) -> u16 {
    u16::from_le_bytes([s[0], s[1]])
}

/// The cells calamine reserves for a DIMENSIONS record (`parse_dimensions`, then rows × cols).
fn declared_cells(r: &[u8]) -> Option<u64> {
    let (rf, rl, mut cf, cl) = match r.len() {
        10 => (u32::from(le16(r)), u32::from(le16(&r[2..])), u32::from(le16(&r[4..])), u32::from(le16(&r[6..]))),
        14 | 16 => (le32(r), le32(&r[4..]), u32::from(le16(&r[8..])), u32::from(le16(&r[10..]))),
        _ => return None,
    };
    if 0xFF < cf || cl < cf {
        cf = 0;
    }
    let (start, end) = if 1 <= rl && 1 <= cl { ((rf, cf), (rl - 1, cl - 1)) } else { ((rf, cf), (rf, cf)) };
    // calamine computes `end - start + 1` in u32: a reversed range is refused as a huge one.
    let rows = u64::from(end.0).wrapping_sub(u64::from(start.0)).wrapping_add(1) & 0xFFFF_FFFF;
    let cols = u64::from(end.1).wrapping_sub(u64::from(start.1)).wrapping_add(1) & 0xFFFF_FFFF;
    Some(rows.saturating_mul(cols))
}

#[derive(Default)]
struct BoundingBox {
    any: bool,
    rows: (u32, u32),
    cols: (u32, u32),
}

impl BoundingBox {
    fn add(&mut self, at: Option<(u32, u32)>) {
        let Some((r, c)) = at else { return };
        if self.any {
            self.rows = (self.rows.0.min(r), self.rows.1.max(r));
            self.cols = (self.cols.0.min(c), self.cols.1.max(c));
        } else {
            *self = BoundingBox { any: true, rows: (r, r), cols: (c, c) };
        }
    }

    fn rows(&self) -> u64 {
        if self.any {
            u64::from(self.rows.1 - self.rows.0) + 1
        } else {
            0
        }
    }

    fn cols(&self) -> u64 {
        if self.any {
            u64::from(self.cols.1 - self.cols.0) + 1
        } else {
            0
        }
    }

    fn cells(&self) -> u64 {
        self.rows() * self.cols()
    }
}

/// The character count of every shared string, walking the SST as calamine's `parse_sst` does.
fn sst_lengths(r: &Record<'_>) -> Vec<u64> {
    let mut out = Vec::new();
    if r.data.len() < 8 {
        return out;
    }
    let mut data = &r.data[8..];
    let mut cont = r.cont.iter();
    loop {
        if data.is_empty() {
            match cont.next() {
                Some(c) => data = c,
                None => break,
            }
            if data.is_empty() {
                out.push(0);
                continue;
            }
        }
        if data.len() < 3 {
            break;
        }
        let cch = u64::from(le16(data));
        let flags = data[2];
        data = &data[3..];
        let mut skip: u64 = 0;
        if flags & 0x8 != 0 {
            let Some(n) = u16_at(data, 0) else { break };
            skip += u64::from(n) * 4;
            data = &data[2..];
        }
        if flags & 0x4 != 0 {
            let Some(n) = u32_at(data, 0) else { break };
            skip += u64::from(n);
            data = &data[4..];
        }
        // The characters: one or two bytes each, the width set again at each CONTINUE.
        let mut left = cch;
        let mut wide = flags & 1 != 0;
        while left > 0 {
            let per = if wide { 2 } else { 1 };
            let take = (data.len() as u64 / per).min(left);
            data = &data[(take * per) as usize..];
            left -= take;
            if left > 0 {
                match cont.next() {
                    Some(c) if !c.is_empty() => {
                        wide = c[0] & 1 != 0;
                        data = &c[1..];
                    }
                    _ => return out,
                }
            }
        }
        out.push(cch);
        while skip > 0 {
            if data.is_empty() {
                match cont.next() {
                    Some(c) => data = c,
                    None => return out,
                }
            }
            let l = skip.min(data.len() as u64);
            data = &data[l as usize..];
            skip -= l;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reversed_or_huge_dimension_counts_as_huge() {
        let mut r = Vec::new();
        for v in [10u32, 5] {
            r.extend_from_slice(&v.to_le_bytes());
        }
        r.extend_from_slice(&[0, 0, 3, 0, 0, 0]);
        assert!(declared_cells(&r).unwrap() > MAX_XLS_GRID_CELLS);
        let mut r = Vec::new();
        for v in [0u32, 100] {
            r.extend_from_slice(&v.to_le_bytes());
        }
        r.extend_from_slice(&[0, 0, 3, 0, 0, 0]);
        assert_eq!(declared_cells(&r), Some(300));
    }

    #[test]
    fn a_looping_chain_is_found() {
        let cfb = Cfb {
            sector_size: 512,
            maxid: 3,
            fats: vec![1, 0, ENDOFCHAIN],
            dirs: Vec::new(),
            mini_fat_len: 0,
            mini_fat_start: ENDOFCHAIN,
        };
        let bytes = vec![0u8; 512 * 4];
        assert!(cfb.chain(&bytes, 0, u64::MAX).is_none());
        assert_eq!(cfb.chain(&bytes, 2, u64::MAX).map(|v| v.len()), Some(512));
    }
}
