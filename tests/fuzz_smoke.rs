//! A bounded, deterministic fuzz run on stable: the reference workbooks with bytes flipped,
//! truncated and spliced must give an error or a model, never a panic or a hang.
//!
//! CI runs a few hundred mutations per reader. For a long campaign set
//! `JUESUAN_FUZZ_ITERATIONS` (mutations per reader, no time limit then) and
//! `JUESUAN_FUZZ_SEED` (e.g. `JUESUAN_FUZZ_ITERATIONS=20000 JUESUAN_FUZZ_SEED=7 cargo test
//! --release --test fuzz_smoke`); a failure names the seed and the mutation to replay.

use std::io::Write;
use std::path::Path;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

/// xorshift: deterministic and dependency-free.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut Rng, base: &[u8]) -> Vec<u8> {
    let mut b = base.to_vec();
    match rng.below(4) {
        0 => {
            for _ in 0..1 + rng.below(16) {
                let i = rng.below(b.len());
                b[i] ^= 1 << rng.below(8);
            }
        }
        1 => b.truncate(rng.below(b.len())),
        2 => {
            let i = rng.below(b.len());
            let n = rng.below(64);
            b.splice(i..i, std::iter::repeat_n(rng.next() as u8, n));
        }
        _ => {
            let (i, j) = (rng.below(b.len()), rng.below(b.len()));
            let (lo, hi) = (i.min(j), i.max(j));
            b.drain(lo..hi.min(lo + 512));
        }
    }
    b
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

fn run(base: &str, jixiao: bool, iterations: usize) {
    let bytes = std::fs::read(base).unwrap();
    let ext = std::path::Path::new(base)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("xlsx");
    let dir = tempfile::tempdir().unwrap();
    let seed = env_number("JUESUAN_FUZZ_SEED").unwrap_or(0x5eed_1234_abcd_0001);
    let mut rng = Rng(seed | 1);
    let (iterations, deadline) = match env_number("JUESUAN_FUZZ_ITERATIONS") {
        Some(n) => (n as usize, None),
        None => (iterations, Some(Instant::now() + Duration::from_secs(40))),
    };
    for i in 0..iterations {
        if deadline.is_some_and(|d| Instant::now() > d) {
            break;
        }
        let data = mutate(&mut rng, &bytes);
        let name = format!("m{i}.{ext}");
        let path = dir.path().join(&name);
        std::fs::File::create(&path)
            .unwrap()
            .write_all(&data)
            .unwrap();
        let started = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            if jixiao {
                if let Err(e) = juesuan::jixiao::read_jixiao(&path, &Default::default()) {
                    assert!(e.to_string().contains(&name), "{e}");
                }
            } else if let Err(e) = juesuan::ingest::read_gongkai(&path) {
                // Every error is a message naming the file.
                assert!(e.to_string().contains(&name), "{e}");
            }
        }));
        assert!(
            outcome.is_ok(),
            "panic on mutation {i} (seed {seed}) of {base}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "mutation {i} took {:?}",
            started.elapsed()
        );
        std::fs::remove_file(&path).unwrap();
    }
}

#[test]
fn mutated_gongkai_workbooks_never_panic() {
    run(
        "tests/fixtures/reference/tunliu-zuzhibu-2023-gongkai.xlsx",
        false,
        300,
    );
}

/// calamine's .xls (BIFF in OLE) reader trusts the sector chains, stream sizes and sheet
/// dimensions of a damaged file and asks for gigabytes, which aborts the process (an
/// allocation failure cannot be caught). `ingest::ole` walks the same structures with
/// bounds first and refuses such files (see also `tests/corpus.rs`, section 4).
#[test]
fn mutated_xls_workbooks_never_panic() {
    run("tests/fixtures/gongkai/reference.xls", false, 300);
}

#[test]
fn mutated_ods_workbooks_never_panic() {
    run("tests/fixtures/gongkai/reference.ods", false, 300);
}

#[test]
fn mutated_jixiao_workbooks_never_panic() {
    run(
        "tests/fixtures/reference/tunliu-zuzhibu-2023-jixiao.xlsx",
        true,
        200,
    );
}

#[test]
fn profile_parser_never_panics_on_garbage() {
    let text = std::fs::read_to_string("input-samples/tunliu-zuzhibu-2023/部门信息.toml").unwrap();
    let mut rng = Rng(42);
    for _ in 0..500 {
        let mut t: Vec<char> = text.chars().collect();
        for _ in 0..1 + rng.below(8) {
            let i = rng.below(t.len());
            match rng.below(3) {
                0 => {
                    t.remove(i);
                }
                1 => t.insert(i, ['"', '[', ']', '=', '\n', '.', '，'][rng.below(7)]),
                _ => t.truncate(i),
            }
        }
        let s: String = t.into_iter().collect();
        let r = catch_unwind(|| juesuan::profile::Profile::parse("p.toml", &s));
        assert!(r.is_ok());
    }
}

/// The reference workbook with 300 MB of whitespace inside sheet1's <sheetData>: a few
/// hundred KB compressed.
fn write_bomb(path: &Path, large_file: bool) {
    use std::io::Read;
    let src = std::fs::read("tests/fixtures/reference/tunliu-zuzhibu-2023-gongkai.xlsx").unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(src)).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(large_file);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        out.start_file(name.as_str(), opts).unwrap();
        if name.ends_with("sheet1.xml") {
            let at = data.windows(11).position(|w| w == b"<sheetData>").unwrap() + 11;
            out.write_all(&data[..at]).unwrap();
            let chunk = vec![b' '; 1 << 20];
            for _ in 0..300 {
                out.write_all(&chunk).unwrap();
            }
            out.write_all(&data[at..]).unwrap();
        } else {
            out.write_all(&data).unwrap();
        }
    }
    out.finish().unwrap();
    assert!(std::fs::metadata(path).unwrap().len() < 5_000_000);
}

#[track_caller]
fn assert_bomb_refused(path: &Path, within: Duration) {
    let started = Instant::now();
    let err = juesuan::ingest::read_gongkai(path).unwrap_err().to_string();
    let name = path.file_name().unwrap().to_string_lossy();
    assert!(err.contains(&*name) && err.contains("压缩炸弹"), "{err}");
    assert!(started.elapsed() < within, "{:?}", started.elapsed());
}

#[test]
fn a_zip_bomb_is_refused_before_it_is_inflated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bomb.xlsx");
    write_bomb(&path, true);
    assert_bomb_refused(&path, Duration::from_secs(1));
}

/// The same bomb whose headers (local and central) claim sheet1.xml inflates to 30 KB:
/// refused by counting what actually inflates, never holding it in memory.
#[test]
fn a_zip_bomb_that_lies_about_its_size_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lying.xlsx");
    write_bomb(&path, false);
    let mut bytes = std::fs::read(&path).unwrap();
    let name = b"xl/worksheets/sheet1.xml";
    let mut patched = 0;
    // (signature, offset of the uncompressed size, offset of the file name)
    for (sig, size_at, name_at) in [(b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)] {
        let starts: Vec<usize> = bytes
            .windows(4)
            .enumerate()
            .filter(|(_, w)| w == sig)
            .map(|(i, _)| i)
            .collect();
        for at in starts {
            if bytes.get(at + name_at..at + name_at + name.len()) == Some(&name[..]) {
                bytes[at + size_at..at + size_at + 4].copy_from_slice(&30_000u32.to_le_bytes());
                patched += 1;
            }
        }
    }
    assert_eq!(patched, 2);
    std::fs::write(&path, &bytes).unwrap();
    assert_bomb_refused(&path, Duration::from_secs(5));
}

mod common;

/// The members of an .xlsx archive, to mutate their XML and zip them again with valid
/// checksums: byte flips of the archive itself mostly stop at the zip CRC check, this
/// reaches the XML parser and the table readers behind it.
fn members(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut e = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            e.read_to_end(&mut data).unwrap();
            (e.name().to_string(), data)
        })
        .collect()
}

fn rezip(members: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in members {
        out.start_file(name.as_str(), stored).unwrap();
        out.write_all(data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// Mutate the XML inside the reference .xlsx (sheets, shared strings, workbook) and the
/// 绩效 workbook: never a panic; an error names the file.
#[test]
fn mutated_xlsx_xml_never_panics() {
    for (base, jixiao) in [
        (
            "tests/fixtures/reference/tunliu-zuzhibu-2023-gongkai.xlsx",
            false,
        ),
        (
            "tests/fixtures/reference/tunliu-zuzhibu-2023-jixiao.xlsx",
            true,
        ),
    ] {
        let original = members(&std::fs::read(base).unwrap());
        let targets: Vec<usize> = original
            .iter()
            .enumerate()
            .filter(|(_, (n, _))| n.ends_with(".xml") && !n.contains("theme"))
            .map(|(i, _)| i)
            .collect();
        let dir = tempfile::tempdir().unwrap();
        let seed = env_number("JUESUAN_FUZZ_SEED").unwrap_or(0x0a11_ce55);
        let iterations = env_number("JUESUAN_FUZZ_ITERATIONS").unwrap_or(150) as usize;
        let mut rng = Rng(seed | 1);
        for i in 0..iterations {
            let mut m = original.clone();
            let t = targets[rng.below(targets.len())];
            m[t].1 = mutate(&mut rng, &m[t].1);
            let name = format!("x{i}.xlsx");
            let path = dir.path().join(&name);
            std::fs::write(&path, rezip(&m)).unwrap();
            let started = Instant::now();
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                let message = if jixiao {
                    juesuan::jixiao::read_jixiao(&path, &Default::default())
                        .err()
                        .map(|e| e.to_string())
                } else {
                    juesuan::ingest::read_gongkai(&path)
                        .err()
                        .map(|e| e.to_string())
                };
                if let Some(e) = message {
                    assert!(e.contains(&name), "{e}");
                }
            }));
            assert!(
                outcome.is_ok(),
                "panic on XML mutation {i} (seed {seed}) of {} in {base}",
                m[t].0
            );
            assert!(
                started.elapsed() < Duration::from_secs(5),
                "mutation {i} slow"
            );
        }
    }
}

/// Random values written into random cells of a small, consistent workbook: the table
/// readers (ours, not calamine's) meet labels, codes, units and amounts where they do not
/// belong. Never a panic, never a hang; an error names the file.
#[test]
fn random_cell_edits_never_panic() {
    use common::build::C;
    let palette: Vec<C> = vec![
        C::Empty,
        "合计".into(),
        "总计".into(),
        "公开03表".into(),
        "支出决算表".into(),
        "金额单位：元".into(),
        "金额单位：万元".into(),
        "单位：千元".into(),
        "项目".into(),
        "栏次".into(),
        "行次".into(),
        "科目代码".into(),
        "注：".into(),
        "201".into(),
        "2010101".into(),
        "20101010".into(),
        "-".into(),
        "────".into(),
        "１２３.４５".into(),
        "1,2,3".into(),
        "-0.005".into(),
        "部门名称：".into(),
        "2023年度".into(),
        C::Num(0.0),
        C::Num(-1.0),
        C::Num(1e300),
        C::Num(-1e-300),
        C::Num(123456789012345.67),
        C::Num(0.005),
        C::Date(45000.0),
        C::Formula("1/0".into(), "#DIV/0!".into()),
    ];
    let dir = tempfile::tempdir().unwrap();
    let seed = env_number("JUESUAN_FUZZ_SEED").unwrap_or(0x00ce_11ed);
    let iterations = env_number("JUESUAN_FUZZ_ITERATIONS").unwrap_or(120) as usize;
    let mut rng = Rng(seed | 1);
    for i in 0..iterations {
        let mut book = common::book::minimal_book();
        for _ in 0..1 + rng.below(6) {
            let s = rng.below(book.sheets.len());
            let sheet = &mut book.sheets[s];
            let r = rng.below(sheet.rows.len() + 3);
            let c = rng.below(10);
            let a1 = format!("{}{}", (b'A' + c as u8) as char, r + 1);
            sheet.set(&a1, palette[rng.below(palette.len())].clone());
        }
        let name = format!("e{i}.xlsx");
        let path = book.save(dir.path(), &name);
        let started = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            if let Err(e) = juesuan::ingest::read_gongkai(&path) {
                assert!(e.to_string().contains(&name), "{e}");
            }
        }));
        assert!(outcome.is_ok(), "panic on cell edit run {i} (seed {seed})");
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "edit run {i} slow"
        );
    }
}
