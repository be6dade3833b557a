//! The ZIP container of an XLSX workbook (APPNOTE 6.3): the central directory read with every size
//! and offset checked against the bytes, entries inflated within a budget (so that a small file
//! cannot unpack to gigabytes), and a writer of stored-or-deflated archives for the blank
//! template and the tests. ZIP64, split archives and encryption are not read.

use std::borrow::Cow;

use miniz_oxide::inflate::{decompress_to_vec_with_limit, TINFLStatus};

/// Why the bytes cannot be read as a ZIP archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZipError {
    /// Not a ZIP archive, or a damaged or unsupported one (ZIP64, an unknown compression).
    NotZip,
    /// An entry is encrypted.
    Encrypted,
    /// More entries than allowed.
    TooManyEntries,
    /// An entry unpacks to more than the budget left.
    TooLarge,
}

/// One entry of the central directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    /// 0 stored, 8 deflated.
    pub method: u16,
    pub encrypted: bool,
    pub compressed_size: u64,
    /// As the directory declares it (it may lie: reading never trusts it).
    pub size: u64,
    local_offset: u64,
}

/// An archive's directory over its bytes.
#[derive(Debug)]
pub struct Archive<'a> {
    bytes: &'a [u8],
    pub entries: Vec<Entry>,
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    let b = bytes.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

const EOCD_SIGNATURE: u32 = 0x0605_4b50;
const CENTRAL_SIGNATURE: u32 = 0x0201_4b50;
const LOCAL_SIGNATURE: u32 = 0x0403_4b50;

/// Reads the central directory, refusing more than `max_entries` entries.
pub fn open(bytes: &[u8], max_entries: usize) -> Result<Archive<'_>, ZipError> {
    // The end of central directory record: 22 bytes and a comment of up to 65,535.
    let earliest = bytes.len().saturating_sub(22 + 65_535);
    let eocd = (earliest..=bytes.len().saturating_sub(22))
        .rev()
        .find(|&at| u32_at(bytes, at) == Some(EOCD_SIGNATURE))
        .ok_or(ZipError::NotZip)?;
    let total = usize::from(u16_at(bytes, eocd + 10).ok_or(ZipError::NotZip)?);
    let directory_at = u32_at(bytes, eocd + 16).ok_or(ZipError::NotZip)?;
    if total == 0xFFFF || directory_at == 0xFFFF_FFFF {
        return Err(ZipError::NotZip); // ZIP64
    }
    if total > max_entries {
        return Err(ZipError::TooManyEntries);
    }
    // Offsets past the end are refused before any arithmetic on them (usize is 32 bits on wasm).
    let mut at = usize::try_from(directory_at).map_err(|_| ZipError::NotZip)?;
    if at > bytes.len() {
        return Err(ZipError::NotZip);
    }
    let mut entries = Vec::with_capacity(total);
    for _ in 0..total {
        if u32_at(bytes, at) != Some(CENTRAL_SIGNATURE) {
            return Err(ZipError::NotZip);
        }
        let field = |offset: usize| u16_at(bytes, at + offset).ok_or(ZipError::NotZip);
        let field32 = |offset: usize| u32_at(bytes, at + offset).ok_or(ZipError::NotZip);
        let flags = field(8)?;
        let method = field(10)?;
        let compressed_size = field32(20)?;
        let size = field32(24)?;
        let name_len = usize::from(field(28)?);
        let extra_len = usize::from(field(30)?);
        let comment_len = usize::from(field(32)?);
        let local_offset = field32(42)?;
        if compressed_size == 0xFFFF_FFFF || size == 0xFFFF_FFFF || local_offset == 0xFFFF_FFFF {
            return Err(ZipError::NotZip); // ZIP64
        }
        let name = bytes
            .get(at + 46..at + 46 + name_len)
            .ok_or(ZipError::NotZip)?;
        entries.push(Entry {
            name: String::from_utf8_lossy(name).into_owned(),
            method,
            encrypted: flags & 1 == 1,
            compressed_size: u64::from(compressed_size),
            size: u64::from(size),
            local_offset: u64::from(local_offset),
        });
        at += 46 + name_len + extra_len + comment_len;
    }
    // Two entries of one name (as `find` compares them) are a damaged archive: which of them a
    // program reads is its own choice, so what Excel shows need not be what was checked.
    let key = |e: &Entry| e.name.trim_start_matches('/').to_ascii_lowercase();
    let mut names: Vec<String> = entries.iter().map(key).collect();
    names.sort_unstable();
    if names.windows(2).any(|pair| pair[0] == pair[1]) {
        return Err(ZipError::NotZip);
    }
    Ok(Archive { bytes, entries })
}

impl Archive<'_> {
    /// The entry of that name (OPC part names are compared ignoring ASCII case).
    pub fn find(&self, name: &str) -> Option<&Entry> {
        let name = name.trim_start_matches('/');
        self.entries
            .iter()
            .find(|e| e.name.trim_start_matches('/').eq_ignore_ascii_case(name))
    }

    /// The sum of the sizes the directory declares.
    pub fn declared_size(&self) -> u64 {
        self.entries.iter().map(|e| e.size).sum()
    }

    /// The entry's bytes, unpacked. At most `budget` bytes come out; what came out is taken off it.
    pub fn read(&self, entry: &Entry, budget: &mut usize) -> Result<Vec<u8>, ZipError> {
        if entry.encrypted {
            return Err(ZipError::Encrypted);
        }
        let local = usize::try_from(entry.local_offset).map_err(|_| ZipError::NotZip)?;
        if local > self.bytes.len() {
            return Err(ZipError::NotZip);
        }
        if u32_at(self.bytes, local) != Some(LOCAL_SIGNATURE) {
            return Err(ZipError::NotZip);
        }
        let name_len = usize::from(u16_at(self.bytes, local + 26).ok_or(ZipError::NotZip)?);
        let extra_len = usize::from(u16_at(self.bytes, local + 28).ok_or(ZipError::NotZip)?);
        let start = local + 30 + name_len + extra_len;
        let len = usize::try_from(entry.compressed_size).map_err(|_| ZipError::NotZip)?;
        let data = self
            .bytes
            .get(start..start.checked_add(len).ok_or(ZipError::NotZip)?)
            .ok_or(ZipError::NotZip)?;
        let out = match entry.method {
            0 => {
                if data.len() > *budget {
                    return Err(ZipError::TooLarge);
                }
                data.to_vec()
            }
            8 => decompress_to_vec_with_limit(data, *budget).map_err(|e| match e.status {
                TINFLStatus::HasMoreOutput => ZipError::TooLarge,
                _ => ZipError::NotZip,
            })?,
            _ => return Err(ZipError::NotZip),
        };
        *budget -= out.len();
        Ok(out)
    }
}

/// CRC-32 (IEEE 802.3), as ZIP entries carry it.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// An entry as [`write_raw`] writes it: its body already compressed with `method`, and the sizes
/// and CRC the headers declare (which a test may make lie).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawEntry<'a> {
    pub name: &'a str,
    pub method: u16,
    pub body: Cow<'a, [u8]>,
    pub size: u32,
    pub crc: u32,
}

impl<'a> RawEntry<'a> {
    /// The entry deflated (or stored when that is not smaller), with its true size and CRC.
    pub fn new(name: &'a str, data: &'a [u8]) -> Self {
        let deflated = miniz_oxide::deflate::compress_to_vec(data, 6);
        let (method, body) = if deflated.len() < data.len() {
            (8, Cow::Owned(deflated))
        } else {
            (0, Cow::Borrowed(data))
        };
        RawEntry {
            name,
            method,
            body,
            size: data.len() as u32,
            crc: crc32(data),
        }
    }
}

/// An archive of the entries, in order, each deflated (or stored when that is not smaller).
pub fn write(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let raw: Vec<RawEntry> = entries
        .iter()
        .map(|(name, data)| RawEntry::new(name, data))
        .collect();
    write_raw(&raw)
}

/// An archive of entries as given.
pub fn write_raw(entries: &[RawEntry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut directory = Vec::new();
    for entry in entries {
        let offset = out.len() as u32;
        let head = |sig: u32, out: &mut Vec<u8>, central: bool| {
            out.extend_from_slice(&sig.to_le_bytes());
            if central {
                out.extend_from_slice(&20u16.to_le_bytes()); // made by
            }
            out.extend_from_slice(&20u16.to_le_bytes()); // needed
            out.extend_from_slice(&0x0800u16.to_le_bytes()); // UTF-8 names
            out.extend_from_slice(&entry.method.to_le_bytes());
            out.extend_from_slice(&0u16.to_le_bytes()); // time
            out.extend_from_slice(&0x0021u16.to_le_bytes()); // 1980-01-01
            out.extend_from_slice(&entry.crc.to_le_bytes());
            out.extend_from_slice(&(entry.body.len() as u32).to_le_bytes());
            out.extend_from_slice(&entry.size.to_le_bytes());
            out.extend_from_slice(&(entry.name.len() as u16).to_le_bytes());
            out.extend_from_slice(&0u16.to_le_bytes()); // extra
            if central {
                out.extend_from_slice(&0u16.to_le_bytes()); // comment
                out.extend_from_slice(&0u16.to_le_bytes()); // disk
                out.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
                out.extend_from_slice(&0u32.to_le_bytes()); // external attributes
                out.extend_from_slice(&offset.to_le_bytes());
            }
            out.extend_from_slice(entry.name.as_bytes());
        };
        head(LOCAL_SIGNATURE, &mut out, false);
        out.extend_from_slice(&entry.body);
        head(CENTRAL_SIGNATURE, &mut directory, true);
    }
    let directory_at = out.len() as u32;
    out.extend_from_slice(&directory);
    out.extend_from_slice(&EOCD_SIGNATURE.to_le_bytes());
    out.extend_from_slice(&[0; 4]); // disk numbers
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(directory.len() as u32).to_le_bytes());
    out.extend_from_slice(&directory_at.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // comment
    out
}

/// A raw deflate stream (one block, fixed Huffman codes) that unpacks to `len` zero bytes: a zero,
/// then copies of 258 bytes at distance 1. About 13 bits per 258 bytes, so a few hundred KB make
/// tens of MB: the tests' zip bomb.
pub fn deflate_zeros(len: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut bits = 0u64;
    let mut count = 0u32;
    let mut put = |value: u32, width: u32, msb_first: bool, out: &mut Vec<u8>| {
        for i in 0..width {
            let bit = if msb_first {
                (value >> (width - 1 - i)) & 1
            } else {
                (value >> i) & 1
            };
            bits |= u64::from(bit) << count;
            count += 1;
            if count == 8 {
                out.push(bits as u8);
                bits = 0;
                count = 0;
            }
        }
    };
    put(1, 1, false, &mut out); // BFINAL
    put(1, 2, false, &mut out); // BTYPE 01: fixed codes
    let mut left = len;
    if left > 0 {
        put(0x30, 8, true, &mut out); // the literal 0
        left -= 1;
    }
    while left > 0 {
        let run = left.min(258);
        if run >= 3 {
            // Lengths 3..=258 as symbols 257..=285 with extra bits.
            let (symbol, extra_bits, extra) = length_code(run);
            let code = if symbol <= 279 {
                (symbol - 256, 7)
            } else {
                (0xC0 + symbol - 280, 8)
            };
            put(code.0, code.1, true, &mut out);
            put(extra, extra_bits, false, &mut out);
            put(0, 5, true, &mut out); // distance 1
            left -= run;
        } else {
            put(0x30, 8, true, &mut out);
            left -= 1;
        }
    }
    put(0, 7, true, &mut out); // end of block
    if count > 0 {
        out.push(bits as u8);
    }
    out
}

/// The deflate length symbol of a copy of `len` bytes (3..=258), its extra bits and their value.
fn length_code(len: usize) -> (u32, u32, u32) {
    const BASE: [usize; 29] = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
        131, 163, 195, 227, 258,
    ];
    const EXTRA: [u32; 29] = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ];
    let i = BASE.iter().rposition(|&b| b <= len).unwrap_or(0);
    (257 + i as u32, EXTRA[i], (len - BASE[i]) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_of_the_check_string() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn round_trip_and_budget() {
        let big = vec![b'x'; 10_000];
        let zip = write(&[("a.txt", b"hello"), ("dir/big.txt", &big)]);
        let archive = open(&zip, 10).unwrap();
        assert_eq!(archive.entries.len(), 2);
        assert_eq!(archive.entries[1].method, 8);
        let mut budget = 20_000;
        let a = archive.find("A.TXT").unwrap();
        assert_eq!(archive.read(a, &mut budget).unwrap(), b"hello");
        let b = archive.find("/dir/big.txt").unwrap();
        assert_eq!(archive.read(b, &mut budget).unwrap(), big);
        assert_eq!(budget, 20_000 - 5 - 10_000);
        let mut small = 9_999;
        assert_eq!(archive.read(b, &mut small), Err(ZipError::TooLarge));
        assert_eq!(open(&zip, 1).unwrap_err(), ZipError::TooManyEntries);
        assert_eq!(
            open(b"PK\x03\x04 nothing", 10).unwrap_err(),
            ZipError::NotZip
        );
    }

    #[test]
    fn hostile_directories_are_damaged_archives() {
        // Two entries of one name (ignoring case and a leading `/`).
        let twice = write(&[("xl/workbook.xml", b"a"), ("/XL/Workbook.xml", b"b")]);
        assert_eq!(open(&twice, 10).unwrap_err(), ZipError::NotZip);
        let good = write(&[("a.txt", b"hello")]);
        let eocd = good.len() - 22;
        // The directory said to start past the end of the file.
        let mut outside = good.clone();
        outside[eocd + 16..eocd + 20].copy_from_slice(&(good.len() as u32 + 1000).to_le_bytes());
        assert_eq!(open(&outside, 10).unwrap_err(), ZipError::NotZip);
        // ZIP64 markers.
        let mut zip64 = good.clone();
        zip64[eocd + 16..eocd + 20].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(open(&zip64, 10).unwrap_err(), ZipError::NotZip);
        // An entry whose data is said to start past the end, or to be longer than the file.
        let central = u32::from_le_bytes(good[eocd + 16..eocd + 20].try_into().unwrap()) as usize;
        for (offset, value) in [(42, u32::MAX - 1), (42, 5_000), (20, u32::MAX - 1)] {
            let mut lying = good.clone();
            lying[central + offset..central + offset + 4].copy_from_slice(&value.to_le_bytes());
            let archive = open(&lying, 10).unwrap();
            let mut budget = 1_000;
            assert_eq!(
                archive.read(&archive.entries[0], &mut budget),
                Err(ZipError::NotZip),
                "{offset} {value}"
            );
            assert_eq!(budget, 1_000);
        }
        // A stored entry longer than the budget.
        let stored = write_raw(&[RawEntry {
            name: "s",
            method: 0,
            body: Cow::Owned(vec![b'x'; 100]),
            size: 1,
            crc: 0,
        }]);
        let archive = open(&stored, 10).unwrap();
        assert_eq!(
            archive.read(&archive.entries[0], &mut 99),
            Err(ZipError::TooLarge)
        );
        // Entry names with `..` are only names: nothing is ever written to disk.
        let dotted = write(&[("../../etc/passwd", b"x")]);
        assert_eq!(
            open(&dotted, 10).unwrap().entries[0].name,
            "../../etc/passwd"
        );
    }

    #[test]
    fn the_zeros_stream_inflates_to_its_length() {
        for len in [0, 1, 2, 3, 4, 259, 260, 261, 1000, 100_000] {
            let stream = deflate_zeros(len);
            let out = miniz_oxide::inflate::decompress_to_vec(&stream).unwrap();
            assert_eq!(out.len(), len, "{len}");
            assert!(out.iter().all(|b| *b == 0));
        }
    }

    #[test]
    fn a_directory_that_lies_about_sizes_is_caught_by_the_budget() {
        let body = deflate_zeros(1_000_000);
        let zip = write_raw(&[RawEntry {
            name: "x",
            method: 8,
            body: Cow::Owned(body),
            size: 10,
            crc: 0,
        }]);
        let archive = open(&zip, 10).unwrap();
        assert_eq!(archive.declared_size(), 10);
        let mut budget = 999_999;
        assert_eq!(
            archive.read(&archive.entries[0], &mut budget),
            Err(ZipError::TooLarge)
        );
    }
}
