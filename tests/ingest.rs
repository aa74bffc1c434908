//! Integration tests of stage 1: 公开表 workbook → `Gongkai` model.
//!
//! 1. The reference workbook (中共长治市屯留区委组织部 2023): every figure of the ten tables,
//!    written out below as explicit expected values (cross-checked against the cells of
//!    `tests/fixtures/reference/tunliu-zuzhibu-2023-gongkai.xlsx` with openpyxl, not copied
//!    from the reader's output).
//! 2. The good variants in `tests/fixtures/gongkai/` read to the same model as the reference.
//! 3. The bad inputs in `tests/fixtures/bad/` give their exact Chinese message.
//! 4. The `juesuan inspect` binary.
//! 5. Variants written here with rust_xlsxwriter (text amounts, dates, formula errors, …).

use std::fmt::Debug;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use juesuan::ingest::{read_gongkai, IngestError};
use juesuan::model::*;
use rust_decimal::Decimal;
use serde_json::Value;

// ───────────────────────────── helpers ─────────────────────────────

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

const REFERENCE: &str = "reference/tunliu-zuzhibu-2023-gongkai.xlsx";

/// The reference workbook, read once.
fn reference() -> &'static Gongkai {
    static MODEL: OnceLock<Gongkai> = OnceLock::new();
    MODEL.get_or_init(|| read_ok(&fixture(REFERENCE)))
}

fn read_ok(path: &Path) -> Gongkai {
    match read_gongkai(path) {
        Ok(g) => g,
        Err(e) => panic!("{} should read, but: {e}", path.display()),
    }
}

fn read_err(path: &Path) -> IngestError {
    match read_gongkai(path) {
        Ok(_) => panic!("{} should be rejected, but it was read", path.display()),
        Err(e) => e,
    }
}

fn d(s: &str) -> Decimal {
    s.parse()
        .unwrap_or_else(|e| panic!("bad decimal {s:?}: {e}"))
}

fn ds(values: &[&str]) -> Vec<Decimal> {
    values.iter().map(|s| d(s)).collect()
}

fn cell(sheet: &str, cell: &str) -> CellRef {
    CellRef {
        sheet: sheet.into(),
        cell: cell.into(),
    }
}

/// Compare two lists element by element and report every difference (not one huge Debug).
#[track_caller]
fn assert_list<T: PartialEq + Debug>(what: &str, found: &[T], expected: &[T]) {
    let mut problems = Vec::new();
    if found.len() != expected.len() {
        problems.push(format!(
            "length: found {}, expected {}",
            found.len(),
            expected.len()
        ));
    }
    for (i, (f, e)) in found.iter().zip(expected).enumerate() {
        if f != e {
            problems.push(format!("[{i}] found    {f:?}\n       expected {e:?}"));
        }
    }
    if found.len() > expected.len() {
        for (i, f) in found.iter().enumerate().skip(expected.len()).take(5) {
            problems.push(format!("[{i}] extra    {f:?}"));
        }
    }
    if expected.len() > found.len() {
        for (i, e) in expected.iter().enumerate().skip(found.len()).take(5) {
            problems.push(format!("[{i}] missing  {e:?}"));
        }
    }
    assert!(
        problems.is_empty(),
        "{what}: {} difference(s)\n  {}",
        problems.len(),
        problems
            .iter()
            .take(25)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n  ")
    );
}

// ─────────────── 1. the reference workbook, figure by figure ───────────────

const DEPARTMENT: &str = "中共长治市屯留区委组织部";

/// A line of 01/04 as expected: label (two leading spaces = indented sub-line), 行次,
/// amounts. `Z` / `Z4`: zero in every column.
type ExpLine = (&'static str, u32, &'static [&'static str]);
const Z: &[&str] = &["0"];
const Z4: &[&str] = &["0", "0", "0", "0"];

type LineKey = (String, Option<u32>, bool, Vec<Decimal>);

fn line_keys(lines: &[Line]) -> Vec<LineKey> {
    lines
        .iter()
        .map(|l| (l.label.clone(), l.line_no, l.sub, l.amounts.clone()))
        .collect()
}

fn expected_lines(lines: &[ExpLine]) -> Vec<LineKey> {
    lines
        .iter()
        .map(|(label, no, amounts)| {
            let sub = label.starts_with("  ");
            (label.trim().to_string(), Some(*no), sub, ds(amounts))
        })
        .collect()
}

#[track_caller]
fn assert_meta(meta: &TableMeta, kind: TableKind, notes: &[&str], empty: bool) {
    let what = kind.label();
    assert_eq!(meta.sheet, what, "{what} sheet");
    assert_eq!(meta.label.as_deref(), Some(what.as_str()), "{what} label");
    assert_eq!(meta.title, kind.title(), "{what} title");
    assert_eq!(meta.department.as_deref(), Some(DEPARTMENT), "{what} 部门");
    assert_eq!(meta.year, Some(2023), "{what} 年度");
    assert_eq!(meta.unit, SourceUnit::Wanyuan, "{what} 金额单位");
    assert_list(
        &format!("{what} notes"),
        &meta.notes,
        &notes.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
    );
    assert_eq!(meta.empty, empty, "{what} empty");
}

#[test]
fn reference_identification() {
    let g = reference();
    assert_eq!(g.source, "tunliu-zuzhibu-2023-gongkai.xlsx");
    assert_eq!(g.department, DEPARTMENT);
    assert_eq!(g.year, Some(2023));
    assert_eq!(g.unit, SourceUnit::Wanyuan);
    assert!(g.t10.is_some());
    assert_list("warnings", &g.warnings, &[]);
}

#[rustfmt::skip]
const T01_INCOME: &[ExpLine] = &[
    ("一、一般公共预算财政拨款收入", 1, &["1156.59"]),
    ("二、政府性基金预算财政拨款收入", 2, Z),
    ("三、国有资本经营预算财政拨款收入", 3, Z),
    ("四、上级补助收入", 4, Z),
    ("五、事业收入", 5, Z),
    ("六、经营收入", 6, Z),
    ("七、附属单位上缴收入", 7, Z),
    ("八、其他收入", 8, Z),
    // Rows 15–32 of the sheet: 行次 9–26 printed, no label (kept to pair with 支出).
    ("", 9, Z), ("", 10, Z), ("", 11, Z), ("", 12, Z), ("", 13, Z), ("", 14, Z),
    ("", 15, Z), ("", 16, Z), ("", 17, Z), ("", 18, Z), ("", 19, Z), ("", 20, Z),
    ("", 21, Z), ("", 22, Z), ("", 23, Z), ("", 24, Z), ("", 25, Z), ("", 26, Z),
    ("本年收入合计", 27, &["1156.59"]),
    ("使用非财政拨款结余和专用结余", 28, Z),
    ("年初结转和结余", 29, Z),
    ("", 30, Z),
    ("总计", 31, &["1156.59"]),
];

#[rustfmt::skip]
const T01_EXPENSE: &[ExpLine] = &[
    ("一、一般公共服务支出", 32, &["1083.51"]),
    ("二、外交支出", 33, Z),
    ("三、国防支出", 34, Z),
    ("四、公共安全支出", 35, Z),
    ("五、教育支出", 36, Z),
    ("六、科学技术支出", 37, Z),
    ("七、文化旅游体育与传媒支出", 38, Z),
    ("八、社会保障和就业支出", 39, &["37.42"]),
    ("九、卫生健康支出", 40, &["12.91"]),
    ("十、节能环保支出", 41, Z),
    ("十一、城乡社区支出", 42, Z),
    ("十二、农林水支出", 43, Z),
    ("十三、交通运输支出", 44, Z),
    ("十四、资源勘探工业信息等支出", 45, Z),
    ("十五、商业服务业等支出", 46, Z),
    ("十六、金融支出", 47, Z),
    ("十七、援助其他地区支出", 48, Z),
    ("十八、自然资源海洋气象等支出", 49, Z),
    ("十九、住房保障支出", 50, &["22.74"]),
    ("二十、粮油物资储备支出", 51, Z),
    ("二十一、国有资本经营预算支出", 52, Z),
    ("二十二、灾害防治及应急管理支出", 53, Z),
    ("二十三、其他支出", 54, Z),
    ("二十四、债务还本支出", 55, Z),
    ("二十五、债务付息支出", 56, Z),
    ("二十六、抗疫特别国债安排的支出", 57, Z),
    ("本年支出合计", 58, &["1156.59"]),
    ("结余分配", 59, Z),
    ("年末结转和结余", 60, Z),
    ("", 61, Z),
    ("总计", 62, &["1156.59"]),
];

#[test]
fn reference_t01_summary() {
    let t = &reference().t01;
    assert_meta(
        &t.meta,
        TableKind::T01,
        &["注：本表反映部门本年度的总收支和年末结转结余情况。本套报表金额单位转换时可能存在尾数误差。"],
        false,
    );
    assert_eq!(t.expense_columns, ["金额"]);
    assert_list(
        "01 收入",
        &line_keys(&t.income),
        &expected_lines(T01_INCOME),
    );
    assert_list(
        "01 支出",
        &line_keys(&t.expense),
        &expected_lines(T01_EXPENSE),
    );
}

#[rustfmt::skip]
const T04_INCOME: &[ExpLine] = &[
    ("一、一般公共预算财政拨款", 1, &["1156.59"]),
    ("二、政府性基金预算财政拨款", 2, Z),
    ("三、国有资本经营预算财政拨款", 3, Z),
    // Rows 10–32: 行次 4–26, no label.
    ("", 4, Z), ("", 5, Z), ("", 6, Z), ("", 7, Z), ("", 8, Z), ("", 9, Z),
    ("", 10, Z), ("", 11, Z), ("", 12, Z), ("", 13, Z), ("", 14, Z), ("", 15, Z),
    ("", 16, Z), ("", 17, Z), ("", 18, Z), ("", 19, Z), ("", 20, Z), ("", 21, Z),
    ("", 22, Z), ("", 23, Z), ("", 24, Z), ("", 25, Z), ("", 26, Z),
    ("本年收入合计", 27, &["1156.59"]),
    ("年初财政拨款结转和结余", 28, Z),
    ("  一般公共预算财政拨款", 29, Z),
    ("  政府性基金预算财政拨款", 30, Z),
    ("  国有资本经营预算财政拨款", 31, Z),
    ("总计", 32, &["1156.59"]),
];

#[rustfmt::skip]
const T04_EXPENSE: &[ExpLine] = &[
    ("一、一般公共服务支出", 33, &["1083.51", "1083.51", "0", "0"]),
    ("二、外交支出", 34, Z4),
    ("三、国防支出", 35, Z4),
    ("四、公共安全支出", 36, Z4),
    ("五、教育支出", 37, Z4),
    ("六、科学技术支出", 38, Z4),
    ("七、文化旅游体育与传媒支出", 39, Z4),
    ("八、社会保障和就业支出", 40, &["37.42", "37.42", "0", "0"]),
    ("九、卫生健康支出", 41, &["12.91", "12.91", "0", "0"]),
    ("十、节能环保支出", 42, Z4),
    ("十一、城乡社区支出", 43, Z4),
    ("十二、农林水支出", 44, Z4),
    ("十三、交通运输支出", 45, Z4),
    ("十四、资源勘探工业信息等支出", 46, Z4),
    ("十五、商业服务业等支出", 47, Z4),
    ("十六、金融支出", 48, Z4),
    ("十七、援助其他地区支出", 49, Z4),
    ("十八、自然资源海洋气象等支出", 50, Z4),
    ("十九、住房保障支出", 51, &["22.74", "22.74", "0", "0"]),
    ("二十、粮油物资储备支出", 52, Z4),
    ("二十一、国有资本经营预算支出", 53, Z4),
    ("二十二、灾害防治及应急管理支出", 54, Z4),
    ("二十三、其他支出", 55, Z4),
    ("二十四、债务还本支出", 56, Z4),
    ("二十五、债务付息支出", 57, Z4),
    ("二十六、抗疫特别国债安排的支出", 58, Z4),
    ("本年支出合计", 59, &["1156.59", "1156.59", "0", "0"]),
    ("年末财政拨款结转和结余", 60, Z4),
    ("  一般公共预算财政拨款", 61, Z4),
    ("  政府性基金预算财政拨款", 62, Z4),
    ("  国有资本经营预算财政拨款", 63, Z4),
    ("总计", 64, &["1156.59", "1156.59", "0", "0"]),
];

#[test]
fn reference_t04_summary() {
    let t = &reference().t04;
    assert_meta(
        &t.meta,
        TableKind::T04,
        &["注：本表反映部门本年度一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款的总收支和年末结转结余情况。"],
        false,
    );
    assert_eq!(
        t.expense_columns,
        [
            "合计",
            "一般公共预算财政拨款",
            "政府性基金预算财政拨款",
            "国有资本经营预算财政拨款"
        ]
    );
    assert_list(
        "04 收入",
        &line_keys(&t.income),
        &expected_lines(T04_INCOME),
    );
    assert_list(
        "04 支出",
        &line_keys(&t.expense),
        &expected_lines(T04_EXPENSE),
    );
}

/// A code row as expected: code, name, every column's value.
type ExpRow = (&'static str, &'static str, &'static [&'static str]);

fn row_keys(rows: &[CodeRow]) -> Vec<(String, String, Vec<Decimal>)> {
    rows.iter()
        .map(|r| (r.code.clone(), r.name.clone(), r.values.clone()))
        .collect()
}

fn expected_rows(rows: &[ExpRow]) -> Vec<(String, String, Vec<Decimal>)> {
    rows.iter()
        .map(|(c, n, v)| (c.to_string(), n.to_string(), ds(v)))
        .collect()
}

#[rustfmt::skip]
const T02_ROWS: &[ExpRow] = &[
    ("201",     "一般公共服务支出",               &["1083.51", "1083.51", "0", "0", "0", "0", "0"]),
    ("20132",   "组织事务",                       &["1083.51", "1083.51", "0", "0", "0", "0", "0"]),
    ("2013201", "行政运行",                       &["82.32",   "82.32",   "0", "0", "0", "0", "0"]),
    ("2013202", "一般行政管理事务",               &["820.11",  "820.11",  "0", "0", "0", "0", "0"]),
    ("2013204", "公务员事务",                     &["3.48",    "3.48",    "0", "0", "0", "0", "0"]),
    ("2013250", "事业运行",                       &["148.04",  "148.04",  "0", "0", "0", "0", "0"]),
    ("2013299", "其他组织事务支出",               &["29.56",   "29.56",   "0", "0", "0", "0", "0"]),
    ("208",     "社会保障和就业支出",             &["37.42",   "37.42",   "0", "0", "0", "0", "0"]),
    ("20805",   "行政事业单位养老支出",           &["37.42",   "37.42",   "0", "0", "0", "0", "0"]),
    ("2080501", "行政单位离退休",                 &["0.60",    "0.60",    "0", "0", "0", "0", "0"]),
    ("2080505", "机关事业单位基本养老保险缴费支出", &["31.76",  "31.76",   "0", "0", "0", "0", "0"]),
    ("2080506", "机关事业单位职业年金缴费支出",   &["5.07",    "5.07",    "0", "0", "0", "0", "0"]),
    ("210",     "卫生健康支出",                   &["12.91",   "12.91",   "0", "0", "0", "0", "0"]),
    ("21011",   "行政事业单位医疗",               &["12.91",   "12.91",   "0", "0", "0", "0", "0"]),
    ("2101101", "行政单位医疗",                   &["3.30",    "3.30",    "0", "0", "0", "0", "0"]),
    ("2101102", "事业单位医疗",                   &["9.62",    "9.62",    "0", "0", "0", "0", "0"]),
    ("221",     "住房保障支出",                   &["22.74",   "22.74",   "0", "0", "0", "0", "0"]),
    ("22102",   "住房改革支出",                   &["22.74",   "22.74",   "0", "0", "0", "0", "0"]),
    ("2210201", "住房公积金",                     &["22.74",   "22.74",   "0", "0", "0", "0", "0"]),
];

#[test]
fn reference_t02_income() {
    let t = &reference().t02;
    assert_meta(
        &t.meta,
        TableKind::T02,
        &["注：本表反映部门本年度取得的各项收入情况。"],
        false,
    );
    assert_eq!(
        t.columns,
        [
            "本年收入合计",
            "财政拨款收入",
            "上级补助收入",
            "事业收入",
            "经营收入",
            "附属单位上缴收入",
            "其他收入"
        ]
    );
    assert_list(
        "02 合计",
        &t.total,
        &ds(&["1156.59", "1156.59", "0", "0", "0", "0", "0"]),
    );
    assert_eq!(t.total_at, Some(cell("公开02表", "C7")));
    assert_list("02 rows", &row_keys(&t.rows), &expected_rows(T02_ROWS));
    // Each row's first amount: C8 … C26.
    let at: Vec<String> = t.rows.iter().map(|r| r.at.to_string()).collect();
    let expected: Vec<String> = (8..=26).map(|r| format!("公开02表!C{r}")).collect();
    assert_list("02 row cells", &at, &expected);
    assert_eq!(t.value("2080501", "财政拨款收入"), d("0.6"));
    assert_eq!(t.total_of("本年收入合计"), d("1156.59"));
}

#[rustfmt::skip]
const T03_ROWS: &[ExpRow] = &[
    ("201",     "一般公共服务支出",               &["1083.51", "230.36", "853.15", "0", "0", "0"]),
    ("20132",   "组织事务",                       &["1083.51", "230.36", "853.15", "0", "0", "0"]),
    ("2013201", "行政运行",                       &["82.32",   "82.32",  "0",      "0", "0", "0"]),
    ("2013202", "一般行政管理事务",               &["820.11",  "0",      "820.11", "0", "0", "0"]),
    ("2013204", "公务员事务",                     &["3.48",    "0",      "3.48",   "0", "0", "0"]),
    ("2013250", "事业运行",                       &["148.04",  "148.04", "0",      "0", "0", "0"]),
    ("2013299", "其他组织事务支出",               &["29.56",   "0",      "29.56",  "0", "0", "0"]),
    ("208",     "社会保障和就业支出",             &["37.42",   "37.42",  "0",      "0", "0", "0"]),
    ("20805",   "行政事业单位养老支出",           &["37.42",   "37.42",  "0",      "0", "0", "0"]),
    ("2080501", "行政单位离退休",                 &["0.60",    "0.60",   "0",      "0", "0", "0"]),
    ("2080505", "机关事业单位基本养老保险缴费支出", &["31.76",  "31.76",  "0",      "0", "0", "0"]),
    ("2080506", "机关事业单位职业年金缴费支出",   &["5.07",    "5.07",   "0",      "0", "0", "0"]),
    ("210",     "卫生健康支出",                   &["12.91",   "12.91",  "0",      "0", "0", "0"]),
    ("21011",   "行政事业单位医疗",               &["12.91",   "12.91",  "0",      "0", "0", "0"]),
    ("2101101", "行政单位医疗",                   &["3.30",    "3.30",   "0",      "0", "0", "0"]),
    ("2101102", "事业单位医疗",                   &["9.62",    "9.62",   "0",      "0", "0", "0"]),
    ("221",     "住房保障支出",                   &["22.74",   "22.74",  "0",      "0", "0", "0"]),
    ("22102",   "住房改革支出",                   &["22.74",   "22.74",  "0",      "0", "0", "0"]),
    ("2210201", "住房公积金",                     &["22.74",   "22.74",  "0",      "0", "0", "0"]),
];

#[test]
fn reference_t03_expense() {
    let t = &reference().t03;
    assert_meta(
        &t.meta,
        TableKind::T03,
        &["注：本表反映部门本年度各项支出情况。"],
        false,
    );
    assert_eq!(
        t.columns,
        [
            "本年支出合计",
            "基本支出",
            "项目支出",
            "上缴上级支出",
            "经营支出",
            "对附属单位补助支出"
        ]
    );
    assert_list(
        "03 合计",
        &t.total,
        &ds(&["1156.59", "303.44", "853.15", "0", "0", "0"]),
    );
    assert_eq!(t.total_at, Some(cell("公开03表", "C7")));
    assert_list("03 rows", &row_keys(&t.rows), &expected_rows(T03_ROWS));
}

/// 05 is 03 restricted to its first three columns (合计/小计, 基本支出, 项目支出).
#[test]
fn reference_t05_general_budget() {
    let t = &reference().t05;
    assert_meta(
        &t.meta,
        TableKind::T05,
        &["注：本表反映部门本年度一般公共预算财政拨款支出情况。"],
        false,
    );
    assert_eq!(t.columns, ["合计", "基本支出", "项目支出"]);
    assert_list("05 合计", &t.total, &ds(&["1156.59", "303.44", "853.15"]));
    assert_eq!(t.total_at, Some(cell("公开05表", "C7")));
    let expected: Vec<ExpRow> = T03_ROWS.iter().map(|(c, n, v)| (*c, *n, &v[..3])).collect();
    assert_list("05 rows", &row_keys(&t.rows), &expected_rows(&expected));
    assert_eq!(t.value("2013202", "项目支出"), d("820.11"));
    assert_eq!(t.value("2013202", "基本支出"), d("0"));
}

#[rustfmt::skip]
const T06_PERSONNEL_CODES: &[&str] = &[
    "301", "30101", "30102", "30103", "30106", "30107", "30108", "30109", "30110", "30111",
    "30112", "30113", "30114", "30199",
    "303", "30301", "30302", "30303", "30304", "30305", "30306", "30307", "30308", "30309",
    "30310", "30311", "30399",
];

/// 公用经费: column groups 2, 3, 4 of the sheet, each top to bottom.
#[rustfmt::skip]
const T06_PUBLIC_CODES: &[&str] = &[
    // D6:F33
    "302", "30201", "30202", "30203", "30204", "30205", "30206", "30207", "30208", "30209",
    "30211", "30212", "30213", "30214", "30215", "30216", "30217", "30218", "30224", "30225",
    "30226", "30227", "30228", "30229", "30231", "30239", "30240", "30299",
    // G6:I33
    "307", "30701", "30702", "30703", "30704",
    "309", "30901", "30902", "30903", "30905", "30906", "30907", "30908", "30913", "30919",
    "30921", "30922", "30999",
    "310", "31001", "31002", "31003", "31005", "31006", "31007", "31008", "31009", "31010",
    // J6:L31
    "31011", "31012", "31013", "31019", "31021", "31022", "31099",
    "311", "31101", "31199",
    "312", "31201", "31203", "31204", "31205", "31299",
    "313", "31302", "31303", "31304",
    "399", "39907", "39908", "39909", "39910", "39999",
];

/// Every line of 06 with a non-zero amount: code, name, amount, cell.
#[rustfmt::skip]
const T06_NONZERO: &[(&str, &str, &str, &str)] = &[
    ("301",   "工资福利支出",                 "291.19", "C6"),
    ("30101", "基本工资",                     "113.38", "C7"),
    ("30102", "津贴补贴",                     "31.65",  "C8"),
    ("30103", "奖金",                         "4.52",   "C9"),
    ("30107", "绩效工资",                     "63.79",  "C11"),
    ("30108", "机关事业单位基本养老保险缴费", "31.76",  "C12"),
    ("30109", "职业年金缴费",                 "5.07",   "C13"),
    ("30110", "职工基本医疗保险缴费",         "12.79",  "C14"),
    ("30112", "其他社会保障缴费",             "1.54",   "C16"),
    ("30113", "住房公积金",                   "22.74",  "C17"),
    ("30199", "其他工资福利支出",             "3.95",   "C19"),
    ("303",   "对个人和家庭的补助",           "2.87",   "C20"),
    ("30302", "退休费",                       "2.87",   "C22"),
    ("302",   "商品和服务支出",               "9.37",   "F6"),
    ("30207", "邮电费",                       "0.49",   "F13"),
    ("30211", "差旅费",                       "3.38",   "F16"),
    ("30239", "其他交通费用",                 "5.51",   "F31"),
];

/// Lines printed `────` (not applicable to 基本支出): I11:I23 and L13:L15.
#[rustfmt::skip]
const T06_NOT_APPLICABLE: &[&str] = &[
    "309", "30901", "30902", "30903", "30905", "30906", "30907", "30908", "30913", "30919",
    "30921", "30922", "30999",
    "311", "31101", "31199",
];

#[test]
fn reference_t06_basic_detail() {
    let t = &reference().t06;
    assert_meta(
        &t.meta,
        TableKind::T06,
        &["注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。"],
        false,
    );
    assert_eq!(t.column_groups, 4);
    let codes = |rows: &[EconRow]| rows.iter().map(|r| r.code.clone()).collect::<Vec<_>>();
    let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_list(
        "06 人员经费 codes",
        &codes(&t.personnel),
        &owned(T06_PERSONNEL_CODES),
    );
    assert_list(
        "06 公用经费 codes",
        &codes(&t.public),
        &owned(T06_PUBLIC_CODES),
    );

    let all: Vec<&EconRow> = t.personnel.iter().chain(&t.public).collect();
    let nonzero: Vec<(String, String, Decimal, String)> = all
        .iter()
        .filter_map(|r| match r.amount {
            Some(a) if !a.is_zero() => Some((r.code.clone(), r.name.clone(), a, r.at.to_string())),
            _ => None,
        })
        .collect();
    let expected: Vec<(String, String, Decimal, String)> = T06_NONZERO
        .iter()
        .map(|(c, n, a, at)| (c.to_string(), n.to_string(), d(a), format!("公开06表!{at}")))
        .collect();
    assert_list("06 non-zero lines", &nonzero, &expected);

    let not_applicable: Vec<String> = all
        .iter()
        .filter(|r| r.amount.is_none())
        .map(|r| r.code.clone())
        .collect();
    assert_list("06 ──── lines", &not_applicable, &owned(T06_NOT_APPLICABLE));
    // …and every other line is a plain zero, not a missing amount.
    for r in &all {
        if !T06_NOT_APPLICABLE.contains(&r.code.as_str()) {
            assert!(
                r.amount.is_some(),
                "06 {} {} should be 0, not ────",
                r.code,
                r.name
            );
        }
    }
    // Names of a few zero lines and of the duplicated names in two groups.
    let name_of = |code: &str| all.iter().find(|r| r.code == code).map(|r| r.name.as_str());
    assert_eq!(name_of("30106"), Some("伙食补助费"));
    assert_eq!(name_of("30901"), Some("房屋建筑物构建"));
    assert_eq!(name_of("31001"), Some("房屋建筑物构建"));
    assert_eq!(name_of("39999"), Some("其他支出"));
    assert_eq!(name_of("399"), Some("其他支出"));

    assert_eq!(t.personnel_total, d("294.06"));
    assert_eq!(t.public_total, d("9.37"));
    assert_eq!(t.personnel_total_at, Some(cell("公开06表", "C34")));
    assert_eq!(t.public_total_at, Some(cell("公开06表", "L34")));
}

#[test]
fn reference_t07_t08_t09_are_empty() {
    let g = reference();
    const NO_DATA: &str = "说明：本表无数据";
    assert_meta(
        &g.t07.meta,
        TableKind::T07,
        &[
            "注：本表反映部门本年度政府性基金预算财政拨款收入、支出及结转和结余情况。",
            NO_DATA,
        ],
        true,
    );
    assert_eq!(
        g.t07.columns,
        [
            "年初结转和结余",
            "本年收入",
            "本年支出",
            "基本支出",
            "项目支出",
            "年末结转和结余"
        ]
    );
    assert_list(
        "07 合计",
        &g.t07.total,
        &ds(&["0", "0", "0", "0", "0", "0"]),
    );
    assert!(g.t07.rows.is_empty(), "07 rows: {:?}", g.t07.rows);

    assert_meta(
        &g.t08.meta,
        TableKind::T08,
        &[
            "注：本表反映部门本年度国有资本经营预算财政拨款支出情况。",
            NO_DATA,
        ],
        true,
    );
    assert_eq!(g.t08.columns, ["合计", "基本支出", "项目支出"]);
    assert_list("08 合计", &g.t08.total, &ds(&["0", "0", "0"]));
    assert!(g.t08.rows.is_empty(), "08 rows: {:?}", g.t08.rows);

    assert_meta(
        &g.t09.meta,
        TableKind::T09,
        &[
            "注：本表反映部门本年度“三公”经费支出预决算情况。其中，预算数为“三公”经费全年预算数，反映按规定程序调整后的预算数；决算数是包括当年财政拨款和以前年度结转资金安排的实际支出。",
            NO_DATA,
        ],
        true,
    );
    assert_eq!(g.t09.budget, SanGong::default());
    assert_eq!(g.t09.actual, SanGong::default());
}

/// (section, label, 行次, value, is a count, cell)
#[rustfmt::skip]
const T10_LINES: &[(&str, &str, u32, &str, bool, &str)] = &[
    ("一、政府采购情况", "合计", 1, "32.16", false, "C6"),
    ("一、政府采购情况", "货物", 2, "22.70", false, "C7"),
    ("一、政府采购情况", "工程", 3, "0",     false, "C8"),
    ("一、政府采购情况", "服务", 4, "9.46",  false, "C9"),
    ("二、机关运行经费", "（一）行政单位", 5, "9.37", false, "C12"),
    ("二、机关运行经费", "（二）参照公务员法管理事业单位", 6, "0", false, "C13"),
    ("三、国有资产占用情况", "（一）车辆数合计（辆）", 7, "0", true, "C16"),
    ("三、国有资产占用情况", "1.副部（省）级及以上领导用车", 8, "0", true, "C17"),
    ("三、国有资产占用情况", "2.主要负责人用车", 9, "0", true, "C18"),
    ("三、国有资产占用情况", "3.机要通信用车", 10, "0", true, "C19"),
    ("三、国有资产占用情况", "4.应急保障用车", 11, "0", true, "C20"),
    ("三、国有资产占用情况", "5.执法执勤用车", 12, "0", true, "C21"),
    ("三、国有资产占用情况", "6.特种专业技术用车", 13, "0", true, "C22"),
    ("三、国有资产占用情况", "7.离退休干部服务用车", 14, "0", true, "C23"),
    ("三、国有资产占用情况", "8.其他用车", 15, "0", true, "C24"),
    // The export skips 行次 16.
    ("三、国有资产占用情况", "（二）单价100万元（含）以上设备（不含车辆）", 17, "0", true, "C25"),
];

#[test]
fn reference_t10_statistics() {
    let t = reference().t10.as_ref().expect("公开10表");
    assert_meta(
        &t.meta,
        TableKind::T10,
        &["注：本表反映部门本年度政府采购、机关运行经费和国有资产占用情况。"],
        false,
    );
    type Key = (String, String, Option<u32>, Decimal, bool, String);
    let found: Vec<Key> = t
        .lines
        .iter()
        .map(|l| {
            let at = l.at.to_string();
            (
                l.section.clone(),
                l.label.clone(),
                l.line_no,
                l.value,
                l.count,
                at,
            )
        })
        .collect();
    let expected: Vec<Key> = T10_LINES
        .iter()
        .map(|(s, l, n, v, c, at)| {
            let at = format!("公开10表!{at}");
            (s.to_string(), l.to_string(), Some(*n), d(v), *c, at)
        })
        .collect();
    assert_list("10 lines", &found, &expected);
    assert_eq!(
        t.find("政府采购", &["货物"]).map(|l| l.value),
        Some(d("22.70"))
    );
    assert_eq!(
        t.find("机关运行", &["行政单位"]).map(|l| l.value),
        Some(d("9.37"))
    );
}

/// Every money amount of a model, with where it is (for messages).
fn money(g: &Gongkai) -> Vec<(String, Decimal)> {
    let mut out = Vec::new();
    for (name, t) in [("01", &g.t01), ("04", &g.t04)] {
        for l in t.income.iter().chain(&t.expense) {
            for a in &l.amounts {
                out.push((format!("{name} {} {:?}", l.label, l.line_no), *a));
            }
        }
    }
    for (name, t) in [
        ("02", &g.t02),
        ("03", &g.t03),
        ("05", &g.t05),
        ("07", &g.t07),
        ("08", &g.t08),
    ] {
        for v in &t.total {
            out.push((format!("{name} 合计"), *v));
        }
        for r in &t.rows {
            for v in &r.values {
                out.push((format!("{name} {}", r.code), *v));
            }
        }
    }
    for r in g.t06.personnel.iter().chain(&g.t06.public) {
        if let Some(a) = r.amount {
            out.push((format!("06 {}", r.code), a));
        }
    }
    out.push(("06 人员经费合计".into(), g.t06.personnel_total));
    out.push(("06 公用经费合计".into(), g.t06.public_total));
    for (side, s) in [("预算数", &g.t09.budget), ("决算数", &g.t09.actual)] {
        for v in [
            s.total,
            s.abroad,
            s.vehicle,
            s.vehicle_purchase,
            s.vehicle_running,
            s.reception,
        ] {
            out.push((format!("09 {side}"), v));
        }
    }
    if let Some(t) = &g.t10 {
        for l in t.lines.iter().filter(|l| !l.count) {
            out.push((format!("10 {}", l.label), l.value));
        }
    }
    out
}

/// The model promises 万元 with exactly 2 decimals (`0.60`, not `0.6`).
#[track_caller]
fn assert_two_decimals(g: &Gongkai) {
    let bad: Vec<String> = money(g)
        .into_iter()
        .filter(|(_, v)| v.scale() != 2)
        .map(|(w, v)| format!("{w}: {v}"))
        .collect();
    assert!(
        bad.is_empty(),
        "{}: amounts without 2 decimals:\n  {}",
        g.source,
        bad.join("\n  ")
    );
}

#[test]
fn reference_amounts_have_two_decimals() {
    let g = reference();
    assert_two_decimals(g);
    assert!(money(g).len() > 300);
    // Counts stay integers.
    let t10 = g.t10.as_ref().unwrap();
    for l in t10.lines.iter().filter(|l| l.count) {
        assert_eq!(l.value.scale(), 0, "{} is a count", l.label);
    }
}

/// The whole reference model as `juesuan inspect` prints it, for review of any change
/// (the figures themselves are asserted explicitly above).
#[test]
fn reference_model_snapshot() {
    insta::assert_json_snapshot!("reference_model", reference());
}

// ─────────────── 2. good variants: same figures as the reference ───────────────

/// Fields that legitimately differ between a variant and the reference: where things
/// are (sheet names, cell references), the file name, the unit the workbook stated
/// (the model is always 万元), the number of 06 column groups, warnings (checked apart).
const VARYING: &[&str] = &[
    "source",
    "sheet",
    "at",
    "total_at",
    "personnel_total_at",
    "public_total_at",
    "unit",
    "column_groups",
    "warnings",
];

fn comparable(g: &Gongkai) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(map) => {
                for key in VARYING {
                    map.remove(*key);
                }
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(g).expect("model serializes");
    strip(&mut v);
    v
}

/// Paths where two JSON values differ, e.g. `公开02表.rows[2 code=2013201].values[0]`.
fn json_diff(path: &str, a: &Value, b: &Value, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, va) in x {
                match y.get(k) {
                    Some(vb) => json_diff(&format!("{path}.{k}"), va, vb, out),
                    None => out.push(format!("{path}.{k}: only in the reference")),
                }
            }
            for k in y.keys().filter(|k| !x.contains_key(*k)) {
                out.push(format!("{path}.{k}: only in the variant"));
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                out.push(format!(
                    "{path}: {} items in the reference, {} in the variant",
                    x.len(),
                    y.len()
                ));
            }
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                let tag = ["code", "label"]
                    .iter()
                    .find_map(|k| {
                        va.get(k)
                            .and_then(Value::as_str)
                            .map(|s| format!(" {k}={s}"))
                    })
                    .unwrap_or_default();
                json_diff(&format!("{path}[{i}{tag}]"), va, vb, out);
            }
        }
        _ if a != b => out.push(format!("{path}: reference {a}, variant {b}")),
        _ => {}
    }
}

/// Read a good variant and assert it equals the reference apart from `VARYING`.
#[track_caller]
fn assert_like_reference(file: &str) -> Gongkai {
    let g = read_ok(&fixture(&format!("gongkai/{file}")));
    assert_eq!(g.source, file);
    let mut diffs = Vec::new();
    json_diff("", &comparable(reference()), &comparable(&g), &mut diffs);
    assert!(
        diffs.is_empty(),
        "{file} differs from the reference in {} place(s):\n  {}",
        diffs.len(),
        diffs
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n  ")
    );
    assert_two_decimals(&g);
    g
}

#[track_caller]
fn assert_no_warnings(g: &Gongkai) {
    assert_list(&format!("{} warnings", g.source), &g.warnings, &[]);
}

fn units(g: &Gongkai) -> Vec<SourceUnit> {
    let mut u = vec![
        g.unit,
        g.t01.meta.unit,
        g.t02.meta.unit,
        g.t03.meta.unit,
        g.t04.meta.unit,
        g.t05.meta.unit,
        g.t06.meta.unit,
        g.t07.meta.unit,
        g.t08.meta.unit,
        g.t09.meta.unit,
    ];
    u.extend(g.t10.as_ref().map(|t| t.meta.unit));
    u
}

fn sheets(g: &Gongkai) -> Vec<String> {
    let mut s = vec![
        g.t01.meta.sheet.clone(),
        g.t02.meta.sheet.clone(),
        g.t03.meta.sheet.clone(),
        g.t04.meta.sheet.clone(),
        g.t05.meta.sheet.clone(),
        g.t06.meta.sheet.clone(),
        g.t07.meta.sheet.clone(),
        g.t08.meta.sheet.clone(),
        g.t09.meta.sheet.clone(),
    ];
    s.extend(g.t10.as_ref().map(|t| t.meta.sheet.clone()));
    s
}

fn standard_sheets() -> Vec<String> {
    TableKind::ALL.iter().map(|k| k.label()).collect()
}

#[test]
fn variant_yuan_converts_to_wanyuan_exactly() {
    let g = assert_like_reference("yuan.xlsx");
    assert_no_warnings(&g);
    assert_eq!(units(&g), vec![SourceUnit::Yuan; 11]);
    assert_eq!(g.t02.total[0].to_string(), "1156.59");
    assert_eq!(g.t02.value("2080501", "本年收入合计").to_string(), "0.60");
}

#[test]
fn variant_xls() {
    let g = assert_like_reference("reference.xls");
    assert_no_warnings(&g);
    assert_eq!(sheets(&g), standard_sheets());
    assert_eq!(g.t02.total_at, Some(cell("公开02表", "C7")));
}

#[test]
fn variant_ods() {
    let g = assert_like_reference("reference.ods");
    assert_no_warnings(&g);
    assert_eq!(sheets(&g), standard_sheets());
    assert_eq!(g.t02.total_at, Some(cell("公开02表", "C7")));
}

#[test]
fn variant_sheet1_names_found_by_label_and_title() {
    let g = assert_like_reference("sheet1_names.xlsx");
    assert_no_warnings(&g);
    let expected: Vec<String> = (1..=10).map(|i| format!("Sheet{i}")).collect();
    assert_eq!(sheets(&g), expected);
    assert_eq!(g.t02.total_at, Some(cell("Sheet2", "C7")));
}

#[test]
fn variant_reordered_with_cover_and_notes_sheet() {
    let g = assert_like_reference("reordered_cover.xlsx");
    assert_no_warnings(&g);
    assert_eq!(sheets(&g), standard_sheets());
}

#[test]
fn variant_offset_by_one_row_and_column() {
    let g = assert_like_reference("offset.xlsx");
    assert_no_warnings(&g);
    assert_eq!(g.t02.total_at, Some(cell("公开02表", "D8")));
    assert_eq!(g.t02.rows[2].at, cell("公开02表", "D11"));
    assert_eq!(g.t06.personnel_total_at, Some(cell("公开06表", "D35")));
    assert_eq!(g.t06.public_total_at, Some(cell("公开06表", "M35")));
    assert_eq!(g.t10.as_ref().unwrap().lines[0].at, cell("公开10表", "D7"));
}

#[test]
fn variant_text_amounts_with_thousands_separators() {
    let g = assert_like_reference("text_amounts.xlsx");
    assert_no_warnings(&g);
}

#[test]
fn variant_dash_means_empty() {
    let g = assert_like_reference("dash_empty.xlsx");
    assert_no_warnings(&g);
}

#[test]
fn variant_zero_means_empty() {
    let g = assert_like_reference("zero_empty.xlsx");
    assert_no_warnings(&g);
    assert!(g.t07.meta.empty && g.t08.meta.empty && g.t09.meta.empty);
}

#[test]
fn variant_numeric_codes() {
    let g = assert_like_reference("numeric_codes.xlsx");
    assert_no_warnings(&g);
}

#[test]
fn variant_split_lei_kuan_xiang_codes() {
    let g = assert_like_reference("split_codes.xlsx");
    assert_no_warnings(&g);
    // Amounts two columns further right, 合计 on row 8, data from row 9.
    assert_eq!(g.t02.total_at, Some(cell("公开02表", "E8")));
    assert_eq!(g.t02.rows[2].at, cell("公开02表", "E11"));
}

#[test]
fn variant_six_in_two_column_groups() {
    let g = assert_like_reference("six_two_groups.xlsx");
    assert_no_warnings(&g);
    assert_eq!(g.t06.column_groups, 2);
    assert_eq!(g.t06.personnel_total_at, Some(cell("公开06表", "C88")));
    assert_eq!(g.t06.public_total_at, Some(cell("公开06表", "F88")));
}

/// The `公开NN表` label written into the title's cell (before or after it) instead of a
/// cell of its own: the same tables, each still carrying its label.
#[test]
fn variant_label_in_the_title_cell() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("label_in_title.xlsx");
    std::fs::copy(fixture(REFERENCE), &file).unwrap();
    for n in 1..=10 {
        let member = format!("xl/worksheets/sheet{n}.xml");
        common::build::rewrite_zip_member(&file, &file, &member, |xml| {
            let label = format!("公开{n:02}表");
            let own = format!("<t>{label}</t>");
            assert!(xml.contains(&own), "{own} not in {member}");
            let xml = xml.replacen(&own, "<t></t>", 1);
            // The title is the sheet's first text (A1).
            let at = xml.find("<is><t>").unwrap() + "<is><t>".len();
            let end = at + xml[at..].find("</t>").unwrap();
            let title = &xml[at..end];
            let joined = if n % 2 == 0 {
                format!("{title}（{label}）")
            } else {
                format!("{label} {title}")
            };
            format!("{}{joined}{}", &xml[..at], &xml[end..])
        });
    }
    let g = read_ok(&file);
    let mut diffs = Vec::new();
    json_diff("", &comparable(reference()), &comparable(&g), &mut diffs);
    assert!(diffs.is_empty(), "differs:\n  {}", diffs.join("\n  "));
    let labels: Vec<Option<String>> = g.metas().iter().map(|(_, m)| m.label.clone()).collect();
    let expected: Vec<Option<String>> = (1..=10).map(|n| Some(format!("公开{n:02}表"))).collect();
    assert_eq!(labels, expected);
}

#[test]
fn variant_without_table10_warns() {
    let g = read_ok(&fixture("gongkai/no_table10.xlsx"));
    assert!(g.t10.is_none());
    assert_eq!(g.warnings.len(), 1, "{:?}", g.warnings);
    assert!(
        g.warnings[0].starts_with("no_table10.xlsx：") && g.warnings[0].contains("公开10表"),
        "{}",
        g.warnings[0]
    );
    // Everything else as the reference.
    let mut reference = reference().clone();
    reference.t10 = None;
    let mut diffs = Vec::new();
    json_diff("", &comparable(&reference), &comparable(&g), &mut diffs);
    assert!(
        diffs.is_empty(),
        "no_table10.xlsx differs:\n  {}",
        diffs.join("\n  ")
    );
}

#[test]
fn variant_long_tables() {
    let g = read_ok(&fixture("gongkai/long_tables.xlsx"));
    assert_no_warnings(&g);
    assert_two_decimals(&g);
    let new_kuan = [
        ("20101", "人大事务"),
        ("20102", "政协事务"),
        ("20103", "政府办公厅（室）及相关机构事务"),
        ("20104", "发展与改革事务"),
    ];
    for (t, item_col, per_item, totals, row201) in [
        (
            &g.t02,
            "财政拨款收入",
            &["0.01", "0.01", "0", "0", "0", "0", "0"][..],
            &["1158.59", "1158.59", "0", "0", "0", "0", "0"][..],
            &["1085.51", "1085.51", "0", "0", "0", "0", "0"][..],
        ),
        (
            &g.t03,
            "项目支出",
            &["0.01", "0", "0.01", "0", "0", "0"][..],
            &["1158.59", "303.44", "855.15", "0", "0", "0"][..],
            &["1085.51", "230.36", "855.15", "0", "0", "0"][..],
        ),
        (
            &g.t05,
            "项目支出",
            &["0.01", "0", "0.01"][..],
            &["1158.59", "303.44", "855.15"][..],
            &["1085.51", "230.36", "855.15"][..],
        ),
    ] {
        let name = t.meta.label.clone().unwrap_or_default();
        assert_eq!(t.rows.len(), 19 + 204, "{name} rows");
        let xiang = t
            .rows
            .iter()
            .filter(|r| r.level() == CodeLevel::Xiang)
            .count();
        assert_eq!(xiang, 11 + 200, "{name} 项 rows");
        assert_list(&format!("{name} 合计"), &t.total, &ds(totals));
        assert_list(
            &format!("{name} 201"),
            &t.row("201").unwrap().values,
            &ds(row201),
        );
        // The four new 款 follow 201 in order, each followed by its 50 项 at 0.01.
        for (k, (kuan, kuan_name)) in new_kuan.iter().enumerate() {
            let at = 1 + k * 51;
            let row = &t.rows[at];
            assert_eq!(
                (row.code.as_str(), row.name.as_str()),
                (*kuan, *kuan_name),
                "{name}"
            );
            assert_eq!(t.value(kuan, item_col), d("0.50"), "{name} {kuan}");
            let items = &t.rows[at + 1..at + 51];
            for (i, r) in items.iter().enumerate() {
                assert_eq!(r.code, format!("{kuan}{:02}", i + 1), "{name}");
                assert_list(&format!("{name} {}", r.code), &r.values, &ds(per_item));
            }
            let sum: Decimal = items.iter().map(|r| r.values[0]).sum();
            assert_eq!(sum, row.values[0], "{name} {kuan} = Σ 项");
        }
        assert_eq!(t.rows[1 + 4 * 51].code, "20132", "{name}");
        assert_eq!(t.rows[1 + 4 * 51 + 1].name, "行政运行", "{name}");
        assert_eq!(t.row("2010101").unwrap().name, "行政运行");
        assert_eq!(t.row("2010450").unwrap().name, "事业运行");
        assert_eq!(t.row("2010204").unwrap().name, "政协事务测试项04");
    }
    let line = |lines: &[Line], label: &str| {
        lines
            .iter()
            .filter(|l| l.label == label)
            .map(|l| l.amounts.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        line(&g.t01.income, "一、一般公共预算财政拨款收入"),
        [ds(&["1158.59"])]
    );
    assert_eq!(line(&g.t01.income, "本年收入合计"), [ds(&["1158.59"])]);
    assert_eq!(
        line(&g.t01.expense, "一、一般公共服务支出"),
        [ds(&["1085.51"])]
    );
    assert_eq!(line(&g.t01.expense, "总计"), [ds(&["1158.59"])]);
    assert_eq!(
        line(&g.t04.expense, "一、一般公共服务支出"),
        [ds(&["1085.51", "1085.51", "0", "0"])]
    );
    assert_eq!(
        line(&g.t04.expense, "总计"),
        [ds(&["1158.59", "1158.59", "0", "0"])]
    );
    assert_eq!(line(&g.t04.income, "总计"), [ds(&["1158.59"])]);
    // 06–10 unchanged.
    assert_eq!(g.t06, reference().t06);
    assert_eq!(g.t09, reference().t09);
    assert_eq!(g.t10, reference().t10);
}

// ─────────────── 3. bad inputs: exact Chinese messages ───────────────

#[track_caller]
fn bad_message(file: &str) -> (IngestError, String) {
    let e = read_err(&fixture(&format!("bad/{file}")));
    let msg = e.to_string();
    assert!(
        msg.starts_with(&format!("{file}：")),
        "message must start with the file name: {msg}"
    );
    (e, msg)
}

#[test]
fn bad_missing_table03() {
    let (e, msg) = bad_message("missing_table03.xlsx");
    assert!(matches!(e, IngestError::MissingTable { .. }), "{e:?}");
    assert_eq!(
        msg,
        "missing_table03.xlsx：找不到公开03表（支出决算表）。应有一张工作表的前几行写着“公开03表”或标题“支出决算表”，但各工作表都没有（已查看：“公开01表”、“公开02表”、“公开04表”、“公开05表”、“公开06表”、“公开07表”、“公开08表”、“公开09表”、“公开10表”）"
    );
}

/// A table whose 合计 row was deleted reads a total of 0: the checks' mismatch is
/// explained by a note naming the missing row.
#[test]
fn a_missing_total_row_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let book = edited_sample(dir.path(), "xl/worksheets/sheet3.xml", |xml| {
        replace_part(&xml, "<row r=\"7\">", "</row>", "")
    });
    let g = read_ok(&book);
    let said: Vec<&String> = g.warnings.iter().filter(|w| w.contains("合计行")).collect();
    assert_eq!(
        said,
        ["公开表.xlsx：公开03表（支出决算表）没有找到合计行（第一列或科目名称列写着“合计”的一行）：合计按 0 计，核对时会与各行之和对不上；请补上合计行"]
    );
    assert!(!reference().warnings.iter().any(|w| w.contains("合计行")));
}

/// A header cut short by a label not known names that label and its cell.
#[test]
fn an_unknown_label_that_ends_the_header_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let book = edited_sample(dir.path(), "xl/worksheets/sheet6.xml", |xml| {
        xml.replacen("<t>决算数</t>", "<t>决箅数</t>", 1)
    });
    assert_eq!(
        read_err(&book).to_string(),
        "公开表.xlsx：公开06表（一般公共预算财政拨款基本支出决算明细表）（工作表“公开06表”）找不到表头：应有“科目代码”“科目名称”“决算数”栏组，实际表头为：人员经费、公用经费；下一行的“决箅数”（公开06表!C5）不是认识的栏目名称，表头因此在这里中断（是否有错别字？）"
    );
    // `本年决算数` is another wording of 决算数: read as the reference.
    let book = edited_sample(dir.path(), "xl/worksheets/sheet6.xml", |xml| {
        xml.replace("<t>决算数</t>", "<t>本年决算数</t>")
    });
    assert_eq!(read_ok(&book).t06, reference().t06);
}

/// A typo in the first header row (no header found at all) names the label and its cell;
/// a row that is no header at all is shown as it is.
#[test]
fn a_typo_in_the_first_header_row_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let book = edited_sample(dir.path(), "xl/worksheets/sheet5.xml", |xml| {
        xml.replacen("<t>基本支出</t>", "<t>基本支岀</t>", 1)
    });
    assert_eq!(
        read_err(&book).to_string(),
        "公开表.xlsx：公开05表（一般公共预算财政拨款支出决算表）（工作表“公开05表”）找不到表头：应有“科目代码/科目编码”“科目名称”及金额栏，表头行中的“基本支岀”（公开05表!D4）不是认识的栏目名称（是否有错别字？）"
    );
    let book = edited_sample(dir.path(), "xl/worksheets/sheet5.xml", |xml| {
        let xml = replace_part(&xml, "<row r=\"4\"", "</row>", "");
        let xml = replace_part(&xml, "<row r=\"5\"", "</row>", "");
        replace_part(&xml, "<row r=\"6\"", "</row>", "")
    });
    assert_eq!(
        read_err(&book).to_string(),
        "公开表.xlsx：公开05表（一般公共预算财政拨款支出决算表）（工作表“公开05表”）找不到表头：应有“科目代码/科目编码”“科目名称”及金额栏，标题下方第一行为 “合计”（公开05表!A7）、“1156.59”（公开05表!C7）、“303.44”（公开05表!D7）、“853.15”（公开05表!E7），不是表头"
    );
}

/// A sheet named 公开05表 left blank (the table not pasted in): said so.
#[test]
fn a_blank_sheet_named_for_the_table_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let book = edited_sample(dir.path(), "xl/worksheets/sheet5.xml", |xml| {
        replace_part(&xml, "<sheetData>", "</sheetData>", "<sheetData/>")
    });
    let msg = read_err(&book).to_string();
    assert!(
        msg.starts_with("公开表.xlsx：找不到公开05表（一般公共预算财政拨款支出决算表）"),
        "{msg}"
    );
    assert!(
        msg.ends_with(
            "“公开10表”；工作表“公开05表”名为公开05表，却是空白的：表的内容可能没有复制进来）"
        ),
        "{msg}"
    );
}

#[test]
fn bad_no_header02() {
    let (e, msg) = bad_message("no_header02.xlsx");
    assert!(matches!(e, IngestError::MissingHeader { .. }), "{e:?}");
    assert_eq!(
        msg,
        "no_header02.xlsx：公开02表（收入决算表）（工作表“公开02表”）找不到表头：应有“科目代码/科目编码”“科目名称”及金额栏，标题下方第6行是栏次行，其上没有栏目名称（“项目”“科目编码”“合计”等）所在的表头行：表头可能被清空或删除"
    );
}

#[test]
fn bad_text_in_amount() {
    let (e, msg) = bad_message("text_in_amount.xlsx");
    match &e {
        IngestError::BadCell { cell, found, .. } => {
            assert_eq!(cell, "公开02表!C9");
            assert_eq!(found, "一千零八十三");
        }
        other => panic!("expected BadCell, got {other:?}"),
    }
    assert_eq!(
        msg,
        "text_in_amount.xlsx：公开02表（收入决算表） 单元格 公开02表!C9：应为金额（数字），实为“一千零八十三”"
    );
}

#[test]
fn bad_truncated() {
    let (e, msg) = bad_message("truncated.xlsx");
    assert!(matches!(e, IngestError::Corrupt { .. }), "{e:?}");
    // The reason in the middle is the zip library's own text.
    assert!(
        msg.starts_with("truncated.xlsx：工作簿已损坏或不完整，无法打开（"),
        "{msg}"
    );
    assert!(msg.ends_with("）。请从财务系统重新导出"), "{msg}");
}

#[test]
fn bad_not_a_workbook() {
    let (_, msg) = bad_message("not_a_workbook.xlsx");
    assert_eq!(
        msg,
        "not_a_workbook.xlsx：这不是 Excel/WPS 工作簿（应为 .xlsx、.xls 或 .ods 文件，实际是纯文本文件（如 CSV，请在 Excel 中打开后另存为 .xlsx））"
    );
}

/// Excel's "Unicode 文本" export (tab-separated UTF-16) renamed .xls: said as what it is.
#[test]
fn bad_unicode_text_renamed_xls() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("公开表.xls");
    let mut bytes = vec![0xFF, 0xFE];
    for unit in "项目\t金额\r\n合计\t1156.59\r\n".encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    std::fs::write(&path, bytes).unwrap();
    let msg = read_err(&path).to_string();
    assert!(
        msg.contains("实际是 Unicode 文本文件（Excel“另存为 Unicode 文本”得到的制表符分隔文本"),
        "{msg}"
    );
}

/// A program renamed to .xlsx (a clerk picked the wrong file from a download folder).
#[test]
fn bad_program_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("公开表.xlsx");
    let mut bytes = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00".to_vec();
    bytes.extend((0..400u32).map(|i| (i * 7 % 256) as u8));
    std::fs::write(&path, &bytes).unwrap();
    assert_eq!(
        read_err(&path).to_string(),
        "公开表.xlsx：这不是 Excel/WPS 工作簿（应为 .xlsx、.xls 或 .ods 文件，实际是 Windows 程序文件（.exe/.dll））"
    );
}

#[test]
fn bad_password() {
    let (e, msg) = bad_message("password.xlsx");
    assert!(matches!(e, IngestError::Encrypted { .. }), "{e:?}");
    assert_eq!(
        msg,
        "password.xlsx：文件已设置打开密码（加密），无法读取。请在 Excel/WPS 中取消密码（文件→信息→保护工作簿→用密码进行加密，清空密码）后另存再试"
    );
}

#[test]
fn bad_empty_file() {
    let (_, msg) = bad_message("empty.xlsx");
    assert_eq!(
        msg,
        "empty.xlsx：这不是 Excel/WPS 工作簿（应为 .xlsx、.xls 或 .ods 文件，实际是空文件（0 字节））"
    );
}

#[test]
fn bad_directory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("公开表.xlsx");
    std::fs::create_dir(&path).unwrap();
    let msg = read_err(&path).to_string();
    assert_eq!(
        msg,
        "公开表.xlsx：这不是 Excel/WPS 工作簿（应为 .xlsx、.xls 或 .ods 文件，实际是一个文件夹）"
    );
}

#[test]
fn bad_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("没有这个文件.xlsx");
    let e = read_err(&path);
    assert!(matches!(e, IngestError::Io { .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        format!("无法读取文件 {}：文件不存在", path.display())
    );
}

// ─────────────── 4. the binary ───────────────

fn juesuan(args: &[&Path]) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_juesuan"));
    cmd.arg("inspect");
    cmd.args(args);
    cmd.output().expect("run juesuan")
}

#[test]
fn binary_inspect_prints_json_in_stable_order() {
    let path = fixture(REFERENCE);
    let out = juesuan(&[path.as_path()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "exit {:?}, stderr: {stderr}",
        out.status
    );
    let text = String::from_utf8(out.stdout).expect("UTF-8 stdout");
    assert!(
        text.contains("\"1156.59\""),
        "{}",
        &text[..text.len().min(500)]
    );
    assert!(!stderr.contains("panicked"), "{stderr}");

    let json: Value = serde_json::from_str(&text).expect("stdout is JSON");
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let tables: Vec<&str> = keys
        .iter()
        .copied()
        .filter(|k| k.starts_with("公开"))
        .collect();
    let expected: Vec<String> = TableKind::ALL.iter().map(|k| k.label()).collect();
    assert_eq!(tables, expected, "table keys in order, all keys: {keys:?}");
    let pos = |k: &str| keys.iter().position(|x| *x == k).unwrap_or(usize::MAX);
    assert!(pos("department") < pos("公开01表"), "{keys:?}");
    assert!(pos("公开10表") < pos("warnings"), "{keys:?}");
    // Inside a table, too: meta first, rows after the columns.
    let t02: Vec<&str> = json["公开02表"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(t02.first(), Some(&"meta"), "{t02:?}");
    assert!(
        t02.iter().position(|k| *k == "columns") < t02.iter().position(|k| *k == "rows"),
        "{t02:?}"
    );

    // Same bytes on a second run, and the JSON reads back into the same model.
    let again = juesuan(&[path.as_path()]);
    assert_eq!(
        String::from_utf8(again.stdout).unwrap(),
        text,
        "output not stable"
    );
    let back: Gongkai = serde_json::from_str(&text).expect("JSON reads back as Gongkai");
    // The JSON leaves out the cell of every single value (kept for check messages).
    let mut expected = reference().clone();
    for t in [
        &mut expected.t02,
        &mut expected.t03,
        &mut expected.t05,
        &mut expected.t07,
        &mut expected.t08,
    ] {
        t.total_cells.clear();
        t.rows.iter_mut().for_each(|r| r.cells.clear());
    }
    for t in [&mut expected.t01, &mut expected.t04] {
        t.income
            .iter_mut()
            .chain(t.expense.iter_mut())
            .for_each(|l| l.cells.clear());
    }
    expected.t09.cells.clear();
    assert_eq!(back, expected);
}

#[test]
fn binary_inspect_bad_workbook_fails_with_message() {
    let out = juesuan(&[fixture("bad/text_in_amount.xlsx").as_path()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "should fail: {stderr}");
    assert_ne!(out.status.code(), Some(101), "a panic exit code: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr.contains(
            "text_in_amount.xlsx：公开02表（收入决算表） 单元格 公开02表!C9：应为金额（数字），实为“一千零八十三”"
        ),
        "{stderr}"
    );
    assert!(out.stdout.is_empty(), "nothing on stdout on failure");
}

#[test]
fn binary_inspect_missing_file_fails_cleanly() {
    let out = juesuan(&[Path::new("/nonexistent/公开表.xlsx")]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr.contains("无法读取文件 /nonexistent/公开表.xlsx：文件不存在"),
        "{stderr}"
    );
}

// ─────────────── 5. workbooks written by the test (rust_xlsxwriter) ───────────────

mod common;
use common::book::minimal_book;
use common::build::{row, Book, Sheet, C};

/// Write `book` to a temp dir and read it; the error as its message.
fn read_built(book: &Book, file: &str) -> Result<Gongkai, String> {
    let dir = tempfile::tempdir().unwrap();
    let path = book.save(dir.path(), file);
    read_gongkai(&path).map_err(|e| e.to_string())
}

#[track_caller]
fn built_ok(book: &Book, file: &str) -> Gongkai {
    read_built(book, file).unwrap_or_else(|e| panic!("{file} should read, but: {e}"))
}

#[track_caller]
fn built_err(book: &Book, file: &str) -> String {
    match read_built(book, file) {
        Ok(_) => panic!("{file} should be rejected"),
        Err(msg) => msg,
    }
}

#[test]
fn built_minimal_book_reads() {
    let g = built_ok(&minimal_book(), "minimal.xlsx");
    assert_no_warnings(&g);
    assert_two_decimals(&g);
    assert_eq!(g.department, "测试局");
    assert_eq!(g.year, Some(2023));
    assert_eq!(
        line_keys(&g.t01.income),
        expected_lines(&[
            ("一、一般公共预算财政拨款收入", 1, &["1083.51"]),
            ("本年收入合计", 2, &["1083.51"]),
            ("总计", 3, &["1083.51"]),
        ])
    );
    assert_eq!(g.t04.expense_columns, ["合计", "一般公共预算财政拨款"]);
    assert_list(
        "02 合计",
        &g.t02.total,
        &ds(&["1083.51", "1083.51", "0", "0", "0", "0", "0"]),
    );
    assert_list(
        "02 rows",
        &row_keys(&g.t02.rows),
        &expected_rows(&[
            (
                "201",
                "一般公共服务支出",
                &["1083.51", "1083.51", "0", "0", "0", "0", "0"],
            ),
            (
                "20132",
                "组织事务",
                &["1083.51", "1083.51", "0", "0", "0", "0", "0"],
            ),
            (
                "2013201",
                "行政运行",
                &["82.32", "82.32", "0", "0", "0", "0", "0"],
            ),
            (
                "2013202",
                "一般行政管理事务",
                &["1001.19", "1001.19", "0", "0", "0", "0", "0"],
            ),
        ]),
    );
    assert_list(
        "05 合计",
        &g.t05.total,
        &ds(&["1083.51", "82.32", "1001.19"]),
    );
    assert_eq!(g.t06.column_groups, 2);
    assert_eq!(
        (g.t06.personnel_total, g.t06.public_total),
        (d("80.00"), d("2.32"))
    );
    let public: Vec<(&str, Option<Decimal>)> = g
        .t06
        .public
        .iter()
        .map(|r| (r.code.as_str(), r.amount))
        .collect();
    assert_eq!(
        public,
        [
            ("302", Some(d("2.32"))),
            ("30201", Some(d("1.82"))),
            ("30217", Some(d("0.50"))),
            ("309", None)
        ]
    );
    assert!(g.t07.meta.empty && g.t08.meta.empty);
    // 09: the one table the reference leaves empty.
    assert!(!g.t09.meta.empty);
    let sangong = |total: &str, reception: &str| SanGong {
        total: d(total),
        reception: d(reception),
        ..SanGong::default()
    };
    assert_eq!(g.t09.budget, sangong("1.00", "1.00"));
    assert_eq!(g.t09.actual, sangong("0.50", "0.50"));
    assert_eq!(g.t09.at, Some(cell("公开09表", "A8")));
    let t10 = g.t10.as_ref().unwrap();
    assert_eq!(t10.meta.department.as_deref(), Some("测试局"));
    assert_eq!(
        t10.find("机关运行", &["行政单位"]).map(|l| l.value),
        Some(d("2.32"))
    );
    assert_eq!(
        t10.find("国有资产", &["车辆"]).map(|l| (l.value, l.count)),
        Some((d("1"), true))
    );
}

/// 5a. 02 amounts stored as text with thousands separators read as numbers.
#[test]
fn built_text_amounts_with_thousands_separators() {
    let numbers = built_ok(&minimal_book(), "numbers.xlsx");
    let mut book = minimal_book();
    let t02 = book.sheet("公开02表");
    for a1 in ["C7", "D7", "C8", "D8", "C9", "D9"] {
        t02.set(a1, "1,083.51");
    }
    t02.set("C10", "82.32").set("D10", " 82.32 ");
    t02.set("C11", "1,001.19").set("D11", "1，001.19");
    let g = built_ok(&book, "text.xlsx");
    assert_no_warnings(&g);
    assert_eq!(g.t02.total[0], d("1083.51"));
    assert_eq!(g.t02.total[0].to_string(), "1083.51");
    assert_eq!(g.t02.value("2013202", "财政拨款收入"), d("1001.19"));
    assert_eq!(g.t02, numbers.t02, "text amounts must read as the numbers");
}

/// 5a'. Text amounts in 元 with separators convert to 万元.
#[test]
fn built_text_amounts_in_yuan() {
    let numbers = built_ok(&minimal_book(), "numbers.xlsx");
    let mut book = minimal_book();
    let t02 = book.sheet("公开02表");
    t02.replace_text("金额单位：万元", "金额单位：元");
    for a1 in ["C7", "D7", "C8", "D8", "C9", "D9"] {
        t02.set(a1, "10,835,100.00");
    }
    t02.set("C10", 823200).set("D10", "823,200");
    t02.set("C11", "10,011,900").set("D11", 10011900);
    let g = built_ok(&book, "yuan-text.xlsx");
    assert_no_warnings(&g);
    assert_eq!(g.t02.meta.unit, SourceUnit::Yuan);
    assert_eq!(g.t02.rows, numbers.t02.rows);
    assert_eq!(g.t02.total, numbers.t02.total);
    assert_two_decimals(&g);
}

/// 5b. A date-formatted amount is rejected with the cell and the word 日期.
#[test]
fn built_date_in_amount() {
    let mut book = minimal_book();
    book.sheet("公开05表").set("D9", C::Date(82.32));
    let msg = built_err(&book, "date.xlsx");
    assert!(
        msg.starts_with("date.xlsx：公开05表（一般公共预算财政拨款支出决算表） 单元格 公开05表!D9：应为金额（数字），实为“"),
        "{msg}"
    );
    assert!(msg.contains("日期"), "{msg}");
}

/// 5c. 06: a formula error or text in an amount cell names the cell.
#[test]
fn built_formula_error_in_basic_detail() {
    let mut book = minimal_book();
    book.sheet("公开06表")
        .set("C6", C::Formula("1/0".into(), "#DIV/0!".into()));
    let msg = built_err(&book, "div0.xlsx");
    assert!(
        msg.starts_with("div0.xlsx：公开06表（一般公共预算财政拨款基本支出决算明细表） 单元格 公开06表!C6：应为金额（数字），实为“公式错误 #DIV/0!"),
        "{msg}"
    );
}

/// A formula error in a name cell (a lookup that failed) is refused at its cell, not
/// printed as the name: in a 公开表 and in a 绩效 form.
#[test]
fn built_formula_error_in_a_name_cell() {
    let mut book = minimal_book();
    book.sheet("公开06表").set(
        "B6",
        C::Formula("VLOOKUP(A6,X!A:B,2,0)".into(), "#N/A".into()),
    );
    let msg = built_err(&book, "na.xlsx");
    assert_eq!(
        msg,
        "na.xlsx：公开06表（一般公共预算财政拨款基本支出决算明细表） 单元格 公开06表!B6：应为文字或数字，实为“公式错误 #N/A，请在 Excel 中修正公式后重新保存”"
    );
}

/// LibreOffice saves a formula's error as an empty string: read as the error it shows,
/// not as a blank (an amount of 0).
#[test]
fn built_ods_formula_error_is_an_error() {
    let mut book = minimal_book();
    book.sheet("公开06表")
        .set("C6", C::Formula("9.37/0".into(), "#DIV/0!".into()));
    let dir = tempfile::tempdir().unwrap();
    let path = book.save_ods(dir.path(), "div0.ods");
    let msg = read_gongkai(&path).unwrap_err().to_string();
    assert!(
        msg.contains("公开06表!C6：应为金额（数字），实为“公式错误 #DIV/0!"),
        "{msg}"
    );
}

#[test]
fn built_text_in_basic_detail() {
    let mut book = minimal_book();
    book.sheet("公开06表").set("F7", "一元八角二");
    let msg = built_err(&book, "text06.xlsx");
    assert_eq!(
        msg,
        "text06.xlsx：公开06表（一般公共预算财政拨款基本支出决算明细表） 单元格 公开06表!F7：应为金额（数字），实为“一元八角二”"
    );
    // Also in a group's otherwise empty row (30217 has no 人员经费 partner on row 8).
    let mut book = minimal_book();
    book.sheet("公开06表").set("C8", "N/A");
    let msg = built_err(&book, "text06b.xlsx");
    assert!(
        msg.contains("公开06表!C8") && msg.contains("实为“N/A”"),
        "{msg}"
    );
}

/// A formula whose cached result is a number reads as that number.
#[test]
fn built_formula_with_cached_number() {
    let mut book = minimal_book();
    book.sheet("公开06表")
        .set("F6", C::Formula("F7+F8".into(), "2.32".into()));
    let g = built_ok(&book, "formula.xlsx");
    assert_eq!(g.t06.public[0].amount, Some(d("2.32")));
}

#[test]
fn built_unknown_unit() {
    let mut book = minimal_book();
    book.sheet("公开03表")
        .replace_text("金额单位：万元", "金额单位：千元");
    let msg = built_err(&book, "qianyuan.xlsx");
    assert_eq!(
        msg,
        "qianyuan.xlsx：公开03表（支出决算表） 单元格 公开03表!H3：应为金额单位“元”或“万元”，实为“千元”"
    );
}

#[test]
fn built_more_than_two_decimals_rounds_with_warning() {
    let mut book = minimal_book();
    book.sheet("公开02表").set("C10", 82.315);
    let g = built_ok(&book, "decimals.xlsx");
    assert_eq!(g.t02.value("2013201", "本年收入合计"), d("82.32"));
    assert_eq!(g.warnings.len(), 1, "{:?}", g.warnings);
    assert!(
        g.warnings[0].contains("公开02表!C10") && g.warnings[0].contains("四舍五入"),
        "{}",
        g.warnings[0]
    );
}

#[test]
fn built_duplicate_table() {
    let mut book = minimal_book();
    let copy = minimal_book().sheets.swap_remove(1);
    book.sheets
        .push(Sheet::new("收入决算表（副本）", copy.rows));
    let msg = built_err(&book, "dup.xlsx");
    assert_eq!(
        msg,
        "dup.xlsx：公开02表（收入决算表）出现了两次（工作表“公开02表”第1行 与 工作表“收入决算表（副本）”第1行），不知道用哪一份"
    );
    // The table written twice on its own sheet, as a page break of an export repeats it.
    let mut book = minimal_book();
    let rows = book.sheets[1].rows.clone();
    let n = rows.len();
    book.sheets[1].rows.extend(rows);
    let msg = built_err(&book, "dup.xlsx");
    assert_eq!(
        msg,
        format!("dup.xlsx：公开02表（收入决算表）出现了两次（工作表“公开02表”第1行 与 同一工作表的第{}行；若是分页时重复的标题和表头，请删去重复的几行），不知道用哪一份", n + 1)
    );
}

/// A copy of a table on a hidden sheet (an old version a clerk kept) yields to the
/// visible table, with a warning naming both sheets.
#[test]
fn built_hidden_copy_of_a_table_yields_to_the_visible_one() {
    let mut book = minimal_book();
    let mut copy = minimal_book().sheets.swap_remove(1);
    copy.name = "旧收入决算表".into();
    copy.set("C9", 999.0);
    copy.hidden = true;
    // Before the visible table in sheet order, to show order does not matter. (Not the
    // first sheet: a workbook's active first sheet cannot be hidden.)
    book.sheets.insert(1, copy);
    let g = built_ok(&book, "hidden.xlsx");
    assert_eq!(g.t02, built_ok(&minimal_book(), "plain.xlsx").t02);
    assert_eq!(
        g.warnings,
        ["hidden.xlsx：公开02表（收入决算表）在隐藏的工作表“旧收入决算表”中也有一份，已使用可见的工作表“公开02表”"]
    );
}

/// The reference leaves 07 and 08 empty; fill them to check their column mapping.
#[test]
fn built_fund_and_capital_tables_with_data() {
    let mut book = minimal_book();
    let t07 = book.sheet("公开07表");
    t07.rows.truncate(6);
    t07.rows.extend([
        row!["合计", (), 1.0, 10.0, 9.5, 0.5, 9.0, 1.5],
        row!["212", "城乡社区支出", 1.0, 10.0, 9.5, 0.5, 9.0, 1.5],
        row![
            "21208",
            "国有土地使用权出让收入安排的支出",
            1.0,
            10.0,
            9.5,
            0.5,
            9.0,
            1.5
        ],
        row![
            "2120804",
            "农村基础设施建设支出",
            1.0,
            10.0,
            9.5,
            0.5,
            9.0,
            1.5
        ],
        row!["注：本表反映部门本年度政府性基金预算财政拨款收入、支出及结转和结余情况。"],
    ]);
    let t08 = book.sheet("公开08表");
    t08.rows.truncate(6);
    t08.rows.extend([
        row!["合计", (), 3.0, 1.0, 2.0],
        row!["223", "国有资本经营预算支出", 3.0, 1.0, 2.0],
        row!["22301", "解决历史遗留问题及改革成本支出", 3.0, 1.0, 2.0],
        row![
            "2230199",
            "其他解决历史遗留问题及改革成本支出",
            3.0,
            1.0,
            2.0
        ],
        row!["注：本表反映部门本年度国有资本经营预算财政拨款支出情况。"],
    ]);
    let g = built_ok(&book, "funds.xlsx");
    assert!(!g.t07.meta.empty && !g.t08.meta.empty);
    const V07: &[&str] = &["1.00", "10.00", "9.50", "0.50", "9.00", "1.50"];
    assert_list("07 合计", &g.t07.total, &ds(V07));
    assert_eq!(g.t07.total_at, Some(cell("公开07表", "C7")));
    assert_eq!(g.t07.value("2120804", "本年支出"), d("9.5"));
    assert_eq!(g.t07.value("2120804", "年末结转和结余"), d("1.5"));
    assert_list(
        "07 rows",
        &row_keys(&g.t07.rows),
        &expected_rows(&[
            ("212", "城乡社区支出", V07),
            ("21208", "国有土地使用权出让收入安排的支出", V07),
            ("2120804", "农村基础设施建设支出", V07),
        ]),
    );
    assert_list("08 合计", &g.t08.total, &ds(&["3", "1", "2"]));
    assert_eq!(g.t08.value("2230199", "项目支出"), d("2"));
    assert_eq!(g.t08.rows.len(), 3);
}

/// 07 as exported before 2019, 政府性基金预算财政拨款支出决算表: 合计 | 基本支出 | 项目支出
/// and no balance columns. They are not made up as zeros: the model holds the three
/// columns the table has, and nothing is warned about.
#[test]
fn built_fund_table_with_spending_columns_only() {
    let mut book = minimal_book();
    let mut t07 = common::book::head("政府性基金预算财政拨款支出决算表", "公开07表", 5);
    t07.extend([
        row!["科目代码", "科目名称", "合计", "基本支出", "项目支出"],
        row!["栏次", (), 1, 2, 3],
        row!["合计", (), 9.5, 0.5, 9.0],
        row!["212", "城乡社区支出", 9.5, 0.5, 9.0],
        row!["21208", "国有土地使用权出让收入安排的支出", 9.5, 0.5, 9.0],
        row!["2120804", "农村基础设施建设支出", 9.5, 0.5, 9.0],
        row!["注：本表反映部门本年度政府性基金预算财政拨款支出情况。"],
    ]);
    book.sheet("公开07表").rows = t07;
    let g = built_ok(&book, "fund_spending.xlsx");
    assert_no_warnings(&g);
    assert_list(
        "07 columns",
        &g.t07.columns,
        &["本年支出", "基本支出", "项目支出"].map(String::from),
    );
    assert_list("07 合计", &g.t07.total, &ds(&["9.5", "0.5", "9"]));
    assert_eq!(g.t07.total_at, Some(cell("公开07表", "C6")));
    assert_eq!(g.t07.value("2120804", "项目支出"), d("9"));
    assert_eq!(g.t07.column("年初结转和结余"), None);
    assert!(!g.t07.meta.empty);
}

/// 01: an amount typed into the 行次 column (its own cell left blank) breaks the run of
/// line numbers: refused at that cell, not read as a line with nothing on it.
#[test]
fn built_amount_in_the_line_number_column() {
    let mut book = minimal_book();
    book.sheet("公开01表").set("B7", 1083.51).set("C7", ());
    let msg = built_err(&book, "lineno.xlsx");
    assert_eq!(
        msg,
        "lineno.xlsx：公开01表（收入支出决算总表） 单元格 公开01表!B7：应为行次 1，实为“1083.51”（行次应依次编号；是否把金额填进了行次栏？金额应填在右边的金额栏）"
    );
    // A number out of the run, on the expense side.
    let mut book = minimal_book();
    book.sheet("公开01表").set("E8", 50);
    let msg = built_err(&book, "lineno.xlsx");
    assert!(msg.contains("公开01表!E8：应为行次 5，实为“50”"), "{msg}");
}

/// A second 合计 row with other figures (an old total left under the table) is refused:
/// which is right cannot be told. The same figures twice are the same total.
#[test]
fn built_second_total_row() {
    let mut book = minimal_book();
    let t02 = book.sheet("公开02表");
    let at = t02
        .rows
        .iter()
        .position(|r| matches!(r.first(), Some(C::Text(t)) if t.starts_with("注")))
        .unwrap();
    t02.rows.insert(at, row!["合计", (), 1083.51, 1083.51]);
    let same = built_ok(&book, "same.xlsx");
    assert_eq!(same.t02.total_of("本年收入合计"), d("1083.51"));
    book.sheet("公开02表").rows[at] = row!["合计", (), 999.99, 999.99];
    let msg = built_err(&book, "two.xlsx");
    assert_eq!(
        msg,
        format!(
            "two.xlsx：公开02表（收入决算表） 单元格 公开02表!C{}：应为与第一个合计行（公开02表!C7）相同的数，或删去其中一行，实为“第二个合计行，999.99 而不是 1083.51”（表中有两个合计行且数字不同，无法判断哪个是对的）",
            at + 1
        )
    );
}

/// 09 laid out as the published table is (Shanghai's): the items across, 预算数 | 决算数
/// under each, below a `财政拨款“三公”经费` group label; written without merges, so the
/// header repeats labels to the right. Read as the same figures as the export's layout.
#[test]
fn built_sangong_with_sides_under_each_item() {
    let plain = built_ok(&minimal_book(), "plain.xlsx");
    let mut book = minimal_book();
    let mut t09 = common::book::head("财政拨款“三公”经费支出决算表", "公开09表", 12);
    t09.extend([
        row!["财政拨款“三公”经费"],
        row![
            "合计",
            (),
            "因公出国（境）费",
            (),
            "公务用车购置及运行维护费",
            (),
            (),
            (),
            (),
            (),
            "公务接待费"
        ],
        row![
            (),
            (),
            (),
            (),
            "小计",
            (),
            "公务用车购置费",
            (),
            "公务用车运行维护费"
        ],
        row![
            "预算数",
            "决算数",
            "预算数",
            "决算数",
            "预算数",
            "决算数",
            "预算数",
            "决算数",
            "预算数",
            "决算数",
            "预算数",
            "决算数"
        ],
        row![1.0, 0.5, (), (), (), (), (), (), (), (), 1.0, 0.5],
        row!["注：本表反映部门本年度“三公”经费支出预决算情况。"],
    ]);
    book.sheet("公开09表").rows = t09;
    let g = built_ok(&book, "sides-under.xlsx");
    assert_eq!(g.t09.budget, plain.t09.budget);
    assert_eq!(g.t09.actual, plain.t09.actual);
    assert_eq!(g.t09.actual.reception, d("0.5"));
    assert_no_warnings(&g);
}

/// 08 laid out as 07 (Shanghai's 国有资本经营预算财政拨款收入支出决算表): its balance columns
/// are read, not dropped, and checked like 07's; the national three columns stay as
/// they were.
#[test]
fn built_capital_table_with_balance_columns() {
    let mut book = minimal_book();
    let mut t08 = common::book::head("国有资本经营预算财政拨款收入支出决算表", "公开08表", 8);
    t08.extend([
        row![
            "项目",
            (),
            "年初结转和结余",
            "本年收入",
            "本年支出",
            (),
            (),
            "年末结转和结余"
        ],
        row![
            "科目代码",
            "科目名称",
            (),
            (),
            "合计",
            "基本支出",
            "项目支出"
        ],
        row!["栏次", (), 1, 2, 3, 4, 5, 6],
        row!["合计", (), 10.0, 3.0, 3.0, 1.0, 2.0, 10.0],
        row![
            "223",
            "国有资本经营预算支出",
            10.0,
            3.0,
            3.0,
            1.0,
            2.0,
            10.0
        ],
        row![
            "22301",
            "解决历史遗留问题及改革成本支出",
            10.0,
            3.0,
            3.0,
            1.0,
            2.0,
            10.0
        ],
        row![
            "2230199",
            "其他解决历史遗留问题及改革成本支出",
            10.0,
            3.0,
            3.0,
            1.0,
            2.0,
            9.0
        ],
        row!["注：本表反映部门本年度国有资本经营预算财政拨款收入支出及结转和结余情况。"],
    ]);
    book.sheet("公开08表").rows = t08;
    let g = built_ok(&book, "capital6.xlsx");
    assert_no_warnings(&g);
    assert_list(
        "08 columns",
        &g.t08.columns,
        &[
            "年初结转和结余",
            "本年收入",
            "合计",
            "基本支出",
            "项目支出",
            "年末结转和结余",
        ]
        .map(String::from),
    );
    assert_eq!(g.t08.total_of("合计"), d("3"));
    assert_eq!(g.t08.total_of("年末结转和结余"), d("10"));
    // 10 + 3 − 3 is not 9: said at the 项's 年末 cell.
    let r = juesuan::check::check_tables(&g);
    assert!(
        r.findings.iter().any(|f| f.rule == "R08-结转平衡"
            && f.place.contains("2230199")
            && f.place.contains("公开08表!H10")),
        "{:?}",
        r.findings
    );
    assert_eq!(
        built_ok(&minimal_book(), "plain.xlsx").t08.columns,
        ["合计", "基本支出", "项目支出"]
    );
}

/// 元 stored and shown as 万元 through a number format (`0!.0000`, a common trick): the
/// figure read would be ten thousand times the one the clerk sees. Refused at the cell.
#[test]
fn built_amount_shown_through_a_scaling_format() {
    let mut book = minimal_book();
    book.sheet("公开02表")
        .set("C7", C::Formatted(10835100.0, "0!.0000".into()));
    let msg = built_err(&book, "scaled.xlsx");
    assert_eq!(
        msg,
        "scaled.xlsx：公开02表（收入决算表） 单元格 公开02表!C7：应为金额（单元格中存的数与显示的数一致），实为“存的数是 10835100，单元格格式“0!.0000”把它显示成了另一个数；请把单元格格式改为“数值”，按存的数核对（元或万元写在“金额单位”行）”"
    );
    // A plain number format is no concern.
    let mut book = minimal_book();
    book.sheet("公开02表")
        .set("C7", C::Formatted(1083.51, "#,##0.00".into()));
    built_ok(&book, "plain.xlsx");
}

/// The year cell typed as a date shown `2023年度` by its format: its year is read, so
/// that a profile of another year is still told apart.
#[test]
fn built_year_cell_typed_as_a_date() {
    let mut book = minimal_book();
    // 2023-12-31 as Excel stores it.
    book.sheet("公开01表").set("D3", C::Date(45291.0));
    let g = built_ok(&book, "date-year.xlsx");
    assert_eq!(g.t01.meta.year, Some(2023));
}

/// 01: money on a line without a label cannot be placed.
#[test]
fn built_amount_without_label() {
    let mut book = minimal_book();
    book.sheet("公开01表")
        .rows
        .insert(8, row![(), 9, 5.0, (), 10, ()]);
    let msg = built_err(&book, "nolabel.xlsx");
    assert_eq!(
        msg,
        "nolabel.xlsx：公开01表（收入支出决算总表） 单元格 公开01表!A9：应为项目名称，实为“空白（该行有金额却没有项目名称）”"
    );
}

/// 02: a 科目代码 that is not 3, 5 or 7 digits names the cell.
#[test]
fn built_bad_code() {
    let mut book = minimal_book();
    book.sheet("公开02表").set("A10", "201320");
    let msg = built_err(&book, "code.xlsx");
    assert_eq!(
        msg,
        "code.xlsx：公开02表（收入决算表） 单元格 公开02表!A10：应为科目代码（类3位、款5位、项7位数字），实为“201320”"
    );
}

/// Accounting negatives `(3.00)` and full-width digits read as numbers.
#[test]
fn built_negative_and_full_width_amounts() {
    let mut book = minimal_book();
    book.sheet("公开02表")
        .set("E10", "(3.00)")
        .set("F10", "－2.50")
        .set("G10", "１２．５");
    let g = built_ok(&book, "signs.xlsx");
    let row = g.t02.row("2013201").unwrap();
    assert_list(
        "2013201",
        &row.values,
        &ds(&["82.32", "82.32", "-3.00", "-2.50", "12.50", "0", "0"]),
    );
    assert_two_decimals(&g);
}

/// READER BUG (src/amount.rs `parse_amount_text`): every `,`/`，` is dropped wherever it
/// stands, so a decimal comma or a misplaced separator silently changes the amount
/// (`0,5` 万元 → 5.00, ten times too much; `1.083,51` 元 → 0.00). Only well-formed
/// thousands groups (`1,083.51`, `10,835,100`) should be accepted; anything else should be
/// a BadCell naming the cell.
#[test]
fn built_misplaced_commas_are_rejected() {
    for (unit, text) in [
        ("万元", "0,5"),
        ("万元", "1.083,51"),
        ("元", "1.083,51"),
        ("元", "1,0,8,3"),
    ] {
        let mut book = minimal_book();
        book.sheet("公开02表")
            .replace_text("金额单位：万元", &format!("金额单位：{unit}"))
            .set("E10", text);
        let msg = built_err(&book, "commas.xlsx");
        assert_eq!(
            msg,
            format!("commas.xlsx：公开02表（收入决算表） 单元格 公开02表!E10：应为金额（数字），实为“{text}”"),
            "{unit} {text}"
        );
    }
}

/// READER BUG (src/ingest/cells.rs `amount_or_na`): any text *containing* `─`/`━` is taken
/// as the `────` marker, so `1.82─` in 06 becomes None (not applicable) and 1.82 is lost
/// without a word. Only a cell made of those characters is the marker.
#[test]
fn built_number_with_dash_suffix_is_rejected() {
    let mut book = minimal_book();
    book.sheet("公开06表").set("F7", "1.82─");
    let msg = built_err(&book, "dash.xlsx");
    assert!(
        msg.contains("公开06表!F7") && msg.contains("实为“1.82─”"),
        "{msg}"
    );
}

/// `inspect` on the 绩效自评表 workbook (told apart by its name, as in a case folder)
/// prints its projects with their computed figures.
#[test]
fn binary_inspect_reads_a_jixiao_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("绩效自评表.xlsx");
    std::fs::copy(fixture("reference/tunliu-zuzhibu-2023-jixiao.xlsx"), &path).unwrap();
    let out = juesuan(&[path.as_path()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    let projects = json["projects"].as_array().unwrap();
    assert_eq!(projects.len(), 8);
    assert_eq!(projects[0]["total"]["rate"], "49.61");
    assert_eq!(projects[0]["total"]["score"], "4.96");
}

/// A Shanghai-style export names its tables by title only, and titles 06 and 08 as the
/// Shanghai 2024 template does (`…基本支出决算表`, `…收入支出决算表`). Those end like 03's
/// `支出决算表`; they must still be read as 06 and 08, not as a second 03.
#[test]
fn built_shanghai_titles_without_labels() {
    let mut book = minimal_book();
    for (i, sheet) in book.sheets.iter_mut().enumerate() {
        sheet.replace_text(&format!("公开{:02}表", i + 1), "");
        sheet.name = format!("表{}", i + 1);
    }
    book.sheets[5].replace_text(
        "一般公共预算财政拨款基本支出决算明细表",
        "一般公共预算财政拨款基本支出决算表",
    );
    book.sheets[7].replace_text(
        "国有资本经营预算财政拨款支出决算表",
        "国有资本经营预算财政拨款收入支出决算表",
    );
    let g = built_ok(&book, "shanghai-titles.xlsx");
    let plain = built_ok(&minimal_book(), "plain.xlsx");
    assert_eq!(g.t03.total, plain.t03.total);
    assert_eq!(g.t06.personnel_total, plain.t06.personnel_total);
    assert_eq!(g.t06.public_total, plain.t06.public_total);
    assert_eq!(g.t06.meta.title, "一般公共预算财政拨款基本支出决算表");
    assert_eq!(g.t08.meta.title, "国有资本经营预算财政拨款收入支出决算表");
    assert_eq!(g.t08.meta.empty, plain.t08.meta.empty);
}

/// Shanghai's header words: `功能分类科目编码` over the 科目 columns of 02/03/05,
/// `经济分类科目编码` in 06, `单位：万元`. The same model as the national words give.
#[test]
fn built_shanghai_header_words() {
    let mut book = minimal_book();
    for sheet in book.sheets.iter_mut() {
        let economic = sheet.name == "公开06表";
        sheet.replace_text(
            "科目代码",
            if economic {
                "经济分类科目编码"
            } else {
                "功能分类科目编码"
            },
        );
        sheet.replace_text("金额单位：万元", "单位：万元");
    }
    let g = built_ok(&book, "shanghai-headers.xlsx");
    let plain = built_ok(&minimal_book(), "shanghai-headers.xlsx");
    assert_eq!(g.t02, plain.t02);
    assert_eq!(g.t03, plain.t03);
    assert_eq!(g.t05, plain.t05);
    assert_eq!(g.t06, plain.t06);
}

/// The unit written the ways real exports write it: in brackets, as 计量单位, in the next
/// cell, in one cell with the name and year, or only in the header labels.
#[test]
fn built_units_written_other_ways() {
    let unit_of = |edit: &dyn Fn(&mut Sheet)| {
        let mut book = minimal_book();
        edit(book.sheet("公开02表"));
        let g = built_ok(&book, "unit.xlsx");
        (
            g.t02.meta.unit,
            g.t02.meta.department.clone(),
            g.t02.meta.year,
        )
    };
    let yuan = (SourceUnit::Yuan, Some("测试局".to_string()), Some(2023));
    for text in [
        "（单位：元）",
        "(单位:元)",
        "计量单位：元",
        "（金额单位：元）",
    ] {
        assert_eq!(
            unit_of(&|s| {
                s.replace_text("金额单位：万元", text);
            }),
            yuan,
            "{text}"
        );
    }
    // `金额单位：` | `元`.
    assert_eq!(
        unit_of(&|s| {
            let w = s.rows[2].len();
            s.rows[2][w - 2] = "金额单位：".into();
            s.rows[2][w - 1] = "元".into();
        }),
        yuan
    );
    // Everything in one cell: the name stops at the year.
    assert_eq!(
        unit_of(&|s| {
            let w = s.rows[2].len();
            s.rows[2] = vec![C::Empty; w];
            s.rows[2][0] = "部门名称：测试局  2023年度  金额单位：元".into();
        }),
        yuan
    );
    // `编制单位：… 单位：元`: the second 单位 is the unit.
    assert_eq!(
        unit_of(&|s| {
            s.replace_text("部门名称：测试局", "编制单位：测试局    单位：元")
                .replace_text("金额单位：万元", "");
        }),
        yuan
    );
    // No meta unit, `本年收入合计（元）` in the header.
    assert_eq!(
        unit_of(&|s| {
            s.replace_text("金额单位：万元", "")
                .replace_text("本年收入合计", "本年收入合计（元）");
        })
        .0,
        SourceUnit::Yuan
    );
}

/// `=IF(x=0,"",x)` saves its empty-text result like a missing one: a blank cell, not a
/// formula to recalculate.
#[test]
fn built_formula_yielding_empty_text_is_blank() {
    let plain = built_ok(&minimal_book(), "plain.xlsx");
    let mut book = minimal_book();
    book.sheet("公开06表")
        .set("C8", C::Formula("IF(1=0,0,\"\")".into(), String::new()));
    let g = built_ok(&book, "empty-text.xlsx");
    assert_eq!(g.t06, plain.t06);
    // The same formula saved without any result (`<c><f>…</f><v></v></c>`, no type) is
    // still one to recalculate: its value is unknown, not empty.
    let mut book = minimal_book();
    book.sheet("公开06表")
        .set("C8", C::NoResult("IF(1=0,0,\"\")".into()));
    let msg = built_err(&book, "no-result.xlsx");
    assert!(
        msg.contains("公开06表!C8") && msg.contains("没有计算结果"),
        "{msg}"
    );
}

/// Ways exports write the same table: `合计：`, `栏号`, a numbered title, full-width
/// 行次, notes as `附注`/`※`, signature lines under the table, `本表无数据` in an empty
/// table. Each reads to the same figures.
/// 公开01表 printed with 支出 on the left and 收入 on the right: the sides are told by
/// their 收入/支出 header cells, or, without that row, by where 本年收入合计 stands; never
/// read swapped.
#[test]
fn built_summary_with_expense_on_the_left_reads_its_sides() {
    let plain = built_ok(&minimal_book(), "plain.xlsx");
    let swap_sides = |b: &mut Book| {
        for r in b.sheet("公开01表").rows.iter_mut().skip(3) {
            r.resize(6, C::Empty);
            let right: Vec<C> = r.drain(3..).collect();
            r.splice(0..0, right);
        }
    };
    let mut book = minimal_book();
    swap_sides(&mut book);
    let g = built_ok(&book, "swapped.xlsx");
    assert_eq!(line_keys(&g.t01.income), line_keys(&plain.t01.income));
    assert_eq!(line_keys(&g.t01.expense), line_keys(&plain.t01.expense));
    // The cells are where the figures are: 收入 now on the right.
    assert_eq!(g.t01.income[0].cells[0].cell, "F7");

    // Without the 收入/支出 row: the 本年收入合计 line tells.
    book.sheet("公开01表").rows.remove(3);
    let g = built_ok(&book, "swapped-no-side-row.xlsx");
    assert_eq!(line_keys(&g.t01.income), line_keys(&plain.t01.income));
    assert_eq!(line_keys(&g.t01.expense), line_keys(&plain.t01.expense));
}

/// 公开06表 column groups in another order than 代码 | 名称 | 决算数: each figure is read
/// from its own group, the 经费合计 figures too (before their label when 决算数 comes
/// first), never from the neighbouring group.
#[test]
fn built_basic_detail_groups_in_another_column_order_read_alike() {
    let plain = built_ok(&minimal_book(), "plain.xlsx");
    let figures = |g: &Gongkai| {
        let rows = |rows: &[juesuan::model::EconRow]| {
            rows.iter()
                .map(|r| (r.code.clone(), r.name.clone(), r.amount))
                .collect::<Vec<_>>()
        };
        (
            rows(&g.t06.personnel),
            rows(&g.t06.public),
            g.t06.personnel_total,
            g.t06.public_total,
        )
    };
    // New position of (代码, 名称, 决算数) within each group of three columns.
    for (what, order) in [("决算数在前", [1, 2, 0]), ("名称在前", [1, 0, 2])] {
        let mut book = minimal_book();
        for r in book.sheet("公开06表").rows.iter_mut().skip(4) {
            if r.len() < 6 {
                continue;
            }
            let old = r.clone();
            for g in 0..2 {
                for (k, &to) in order.iter().enumerate() {
                    r[3 * g + to] = old[3 * g + k].clone();
                }
            }
        }
        let g = built_ok(&book, "reordered06.xlsx");
        assert_eq!(figures(&g), figures(&plain), "{what}");
    }
}

/// A 栏次 row typed `(1)`, `（1）` or `1.00` (numbers formatted as text) is the 栏次 row,
/// not a row of figures: the 三公 table reads the same.
#[test]
fn built_column_numbers_typed_as_text_are_the_column_number_row() {
    let plain = built_ok(&minimal_book(), "plain.xlsx");
    for form in ["({})", "（{}）", "{}.00"] {
        let mut book = minimal_book();
        let sheet = book.sheet("公开09表");
        let at = sheet
            .rows
            .iter()
            .position(|r| matches!(r.first(), Some(C::Num(n)) if *n == 1.0))
            .expect("the 栏次 row");
        sheet.rows[at] = (1..=12)
            .map(|n| C::Text(form.replace("{}", &n.to_string())))
            .collect();
        let g = built_ok(&book, "colnum09.xlsx");
        assert_eq!(g.t09.budget, plain.t09.budget, "{form}");
        assert_eq!(g.t09.actual, plain.t09.actual, "{form}");
        assert_eq!(g.t09.meta.empty, plain.t09.meta.empty, "{form}");
    }
}

/// `金额单位：元` written under the table (its footer) and not above it: the table is
/// read in 元 and converted, not taken as 万元.
#[test]
fn built_unit_in_the_footer_is_the_tables_unit() {
    let plain = built_ok(&minimal_book(), "plain.xlsx");
    let mut book = minimal_book();
    let sheet = book.sheet("公开02表");
    sheet.rows[2].retain(|c| !matches!(c, C::Text(t) if t.contains("单位")));
    for r in sheet.rows.iter_mut().skip(3) {
        if matches!(r.first(), Some(C::Text(t)) if t == "栏次") {
            continue;
        }
        for c in r.iter_mut().skip(2) {
            if let C::Num(n) = c {
                *c = C::Num(*n * 10000.0);
            }
        }
    }
    sheet.rows.push(row!["金额单位：元"]);
    let g = built_ok(&book, "unit-in-footer.xlsx");
    assert_eq!(g.t02.meta.unit, juesuan::model::SourceUnit::Yuan);
    assert_eq!(g.t02.total, plain.t02.total);
    assert_eq!(
        g.t02.rows.iter().map(|r| &r.values).collect::<Vec<_>>(),
        plain.t02.rows.iter().map(|r| &r.values).collect::<Vec<_>>()
    );
    assert!(
        g.warnings.iter().all(|w| !w.contains("金额单位")),
        "{:?}",
        g.warnings
    );
}

/// 公开01表 with 预算数 (or last year's 上年决算数) beside 决算数 on each side (some
/// provinces' 收支总表): this year's 决算数 columns are read, never the budget or last
/// year's; and 三公 columns in the 2017–2019 wording
/// (公务用车运行费) read as 运行维护费.
#[test]
fn built_budget_beside_actual_and_older_sangong_wording_read_alike() {
    let plain = built_ok(&minimal_book(), "plain.xlsx");
    for budget_word in ["预算数", "年初预算数", "上年决算数"] {
        let mut book = minimal_book();
        let sheet = book.sheet("公开01表");
        sheet.rows[3] = row!["收入", (), (), (), "支出"];
        sheet.rows[4] = row![
            "项目",
            "行次",
            budget_word,
            "决算数",
            "项目",
            "行次",
            budget_word,
            "决算数"
        ];
        sheet.rows[5] = row!["栏次", (), 1, 2, "栏次", (), 3, 4];
        for r in sheet.rows.iter_mut().skip(6) {
            if r.len() < 6 {
                continue;
            }
            let budget = |c: &C| match c {
                C::Num(n) => C::Num(n + 100.0),
                other => other.clone(),
            };
            *r = vec![
                r[0].clone(),
                r[1].clone(),
                budget(&r[2]),
                r[2].clone(),
                r[3].clone(),
                r[4].clone(),
                budget(&r[5]),
                r[5].clone(),
            ];
        }
        let g = built_ok(&book, "budget-beside.xlsx");
        assert_eq!(
            line_keys(&g.t01.income),
            line_keys(&plain.t01.income),
            "{budget_word}"
        );
        assert_eq!(
            line_keys(&g.t01.expense),
            line_keys(&plain.t01.expense),
            "{budget_word}"
        );
    }
    let mut book = minimal_book();
    book.sheet("公开09表")
        .replace_text("公务用车购置及运行维护费", "公务用车购置及运行费")
        .replace_text("公务用车运行维护费", "公务用车运行费");
    let g = built_ok(&book, "older-sangong.xlsx");
    assert_eq!(g.t09.budget, plain.t09.budget);
    assert_eq!(g.t09.actual, plain.t09.actual);
}

/// Titles other provinces give (`部门收支决算总表`, `财政拨款收支决算总表` under 附表N
/// labels, `政府性基金预算财政拨款支出决算表`), and a title worded as another table's
/// under an explicit `公开07表`: each table is found as the one it is.
#[test]
fn built_other_titles_and_a_label_over_its_title_read_alike() {
    let plain = built_ok(&minimal_book(), "plain.xlsx");
    let mut book = minimal_book();
    book.sheet("公开01表")
        .replace_text("收入支出决算总表", "部门收支决算总表")
        .replace_text("公开01表", "附表1");
    book.sheet("公开04表")
        .replace_text("财政拨款收入支出决算总表", "财政拨款收支决算总表")
        .replace_text("公开04表", "附表4");
    book.sheet("公开07表").replace_text(
        "政府性基金预算财政拨款收入支出决算表",
        "政府性基金预算财政拨款支出决算表",
    );
    let g = built_ok(&book, "other-titles.xlsx");
    assert_eq!(line_keys(&g.t01.income), line_keys(&plain.t01.income));
    assert_eq!(line_keys(&g.t04.expense), line_keys(&plain.t04.expense));
    assert_eq!(g.t07.rows, plain.t07.rows);
    // 03's title under 公开07表: the label decides.
    let mut book = minimal_book();
    book.sheet("公开07表")
        .replace_text("政府性基金预算财政拨款收入支出决算表", "支出决算表");
    let g = built_ok(&book, "label-over-title.xlsx");
    assert_eq!(g.t07.rows, plain.t07.rows);
    assert_eq!(g.t03.rows, plain.t03.rows);
}

/// Lines under a table that are not rows of it: a numbered note without 注：, the source
/// of the data, a page footer. They end the table; one that is not recognised is named
/// with its whole text.
#[test]
fn built_lines_under_a_table_end_it() {
    let plain = built_ok(&minimal_book(), "plain.xlsx");
    for line in [
        "1.本表反映部门本年度取得的各项收入情况。",
        "数据来源：部门决算报表",
        "第1页，共1页",
        "填表说明：本表金额单位为万元",
    ] {
        let mut book = minimal_book();
        book.sheet("公开02表")
            .replace_text("注：本表反映部门本年度取得的各项收入情况。", line);
        let g = built_ok(&book, "under.xlsx");
        assert_eq!(g.t02.rows, plain.t02.rows, "{line}");
    }
    let mut book = minimal_book();
    book.sheet("公开02表").replace_text(
        "注：本表反映部门本年度取得的各项收入情况。",
        "9、部门各项收入的决算情况汇总说明",
    );
    let e = built_err(&book, "unknown-line.xlsx");
    assert!(
        e.contains("实为“9、部门各项收入的决算情况汇总说明”（像是表下的说明文字"),
        "{e}"
    );
}

/// 年末结转和结余 with its parts listed flat under it (older exports indent them by the
/// cell's alignment, which is not read): 基本支出结转 and 项目支出结转和结余 are its
/// parts, not lines of their own added to 总计 a second time.
#[test]
fn built_carry_over_parts_listed_flat_are_parts() {
    let mut book = minimal_book();
    let sheet = book.sheet("公开01表");
    let at = sheet
        .rows
        .iter()
        .position(|r| matches!(r.first(), Some(C::Text(t)) if t == "总计"))
        .unwrap();
    sheet.rows.splice(
        at..=at,
        [
            row!["年初结转和结余", 3, 30.0, "年末结转和结余", 6, 30.0],
            row![(), (), (), "基本支出结转", 7, 10.0],
            row![(), (), (), "项目支出结转和结余", 8, 20.0],
            row!["总计", 9, 1113.51, "总计", 10, 1113.51],
        ],
    );
    let g = built_ok(&book, "carry-parts.xlsx");
    let subs: Vec<(&str, bool)> = g
        .t01
        .expense
        .iter()
        .map(|l| (l.label.as_str(), l.sub))
        .filter(|(l, _)| !l.is_empty())
        .collect();
    assert_eq!(
        subs,
        [
            ("一、一般公共服务支出", false),
            ("本年支出合计", false),
            ("年末结转和结余", false),
            ("基本支出结转", true),
            ("项目支出结转和结余", true),
            ("总计", false)
        ]
    );
    let report = juesuan::check::check_tables(&g);
    assert!(
        !report.findings.iter().any(|f| f.rule == "R01-总表"),
        "{:?}",
        report.findings
    );
}

/// 公开06表 in one column group, 人员经费 and 公用经费 as section rows in the data (and
/// their 合计 rows under each): the same figures as in two groups.
#[test]
fn built_basic_detail_in_one_group_with_section_rows_reads_alike() {
    let plain = built_ok(&minimal_book(), "plain.xlsx");
    let mut book = minimal_book();
    let sheet = book.sheet("公开06表");
    sheet.rows.truncate(3);
    sheet.rows.extend([
        row!["科目代码", "科目名称", "决算数"],
        row!["人员经费"],
        row!["301", "工资福利支出", 80.0],
        row!["30101", "基本工资", 80.0],
        row!["人员经费合计", (), 80.0],
        row!["公用经费"],
        row!["302", "商品和服务支出", 2.32],
        row!["30201", "办公费", 1.82],
        row!["30217", "公务接待费", 0.5],
        row!["309", "资本性支出（基本建设）", "────"],
        row!["公用经费合计", (), 2.32],
        row!["注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。"],
    ]);
    let g = built_ok(&book, "one-group.xlsx");
    let rows = |rows: &[EconRow]| {
        rows.iter()
            .map(|r| (r.code.clone(), r.name.clone(), r.amount))
            .collect::<Vec<_>>()
    };
    assert_eq!(rows(&g.t06.personnel), rows(&plain.t06.personnel));
    assert_eq!(rows(&g.t06.public), rows(&plain.t06.public));
    assert_eq!(
        (g.t06.personnel_total, g.t06.public_total),
        (plain.t06.personnel_total, plain.t06.public_total)
    );
}

/// 公开09表 turned (one line per item) with last year's figure beside this year's: the
/// 上年决算数 column is not read as this year's 决算数.
#[test]
fn built_turned_sangong_with_last_years_column_reads_this_year() {
    let plain = built_ok(&minimal_book(), "plain.xlsx");
    let mut book = minimal_book();
    let sheet = book.sheet("公开09表");
    sheet.rows.truncate(3);
    sheet.rows.extend([
        row!["项目", "上年决算数", "本年预算数", "本年决算数"],
        row!["合计", 9.0, 1.0, 0.5],
        row!["1.因公出国（境）费", 2.0, (), ()],
        row!["2.公务用车购置及运行维护费", 3.0, (), ()],
        row!["  其中：公务用车购置费", 1.0, (), ()],
        row!["        公务用车运行维护费", 2.0, (), ()],
        row!["3.公务接待费", 4.0, 1.0, 0.5],
        row!["注：本表反映部门本年度“三公”经费支出预决算情况。"],
    ]);
    let g = built_ok(&book, "turned-prior.xlsx");
    assert_eq!(g.t09.budget, plain.t09.budget);
    assert_eq!(g.t09.actual, plain.t09.actual);
}

#[test]
fn built_table_wordings_read_alike() {
    let plain = built_ok(&minimal_book(), "plain.xlsx");
    let figures = |g: &Gongkai| {
        (
            g.t01
                .income
                .iter()
                .map(|l| (l.label.clone(), l.line_no, l.amounts.clone()))
                .collect::<Vec<_>>(),
            g.t02.rows.clone(),
            g.t02.total.clone(),
            g.t07.rows.clone(),
            g.t07.meta.empty,
        )
    };
    type Edit = Box<dyn Fn(&mut Book)>;
    let edits: Vec<(&str, Edit)> = vec![
        (
            "合计：",
            Box::new(|b| {
                b.sheet("公开02表").replace_text("合计", "合计：");
            }),
        ),
        (
            "本年合计（万元）",
            Box::new(|b| {
                b.sheet("公开02表").replace_text("合计", "本年合计（万元）");
            }),
        ),
        (
            "栏号",
            Box::new(|b| {
                b.sheet("公开02表").replace_text("栏次", "栏号");
                b.sheet("公开01表").replace_text("栏次", "栏号");
            }),
        ),
        (
            "甲乙",
            Box::new(|b| {
                b.sheet("公开01表").replace_text("栏次", "甲");
            }),
        ),
        (
            "numbered title",
            Box::new(|b| {
                b.sheet("公开02表")
                    .replace_text("收入决算表", "二、收入决算表");
            }),
        ),
        (
            "title number after",
            Box::new(|b| {
                b.sheet("公开02表")
                    .replace_text("收入决算表", "收入决算表（表二）");
            }),
        ),
        (
            "full-width 行次",
            Box::new(|b| {
                for row in b.sheet("公开01表").rows.iter_mut() {
                    if let Some(C::Num(n)) = row.get(1).cloned() {
                        let fw: String = format!("{}", n as i64)
                            .chars()
                            .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap())
                            .collect();
                        row[1] = C::Text(fw);
                    }
                }
            }),
        ),
        (
            "附注 and signatures",
            Box::new(|b| {
                let s = b.sheet("公开02表");
                s.replace_text(
                    "注：本表反映部门本年度取得的各项收入情况。",
                    "附注：本表反映部门本年度取得的各项收入情况。",
                );
                s.rows.push(row![
                    "单位负责人：张三",
                    (),
                    "财务负责人：李四",
                    (),
                    "制表人：王五"
                ]);
            }),
        ),
        (
            "※",
            Box::new(|b| {
                b.sheet("公开02表").replace_text(
                    "注：本表反映部门本年度取得的各项收入情况。",
                    "※本表反映部门本年度取得的各项收入情况。",
                );
            }),
        ),
        (
            "备注 column",
            Box::new(|b| {
                let s = b.sheet("公开02表");
                s.rows[3].push("备注".into());
                let at = s
                    .rows
                    .iter()
                    .position(|r| matches!(r.first(), Some(C::Text(t)) if t == "2013201"))
                    .unwrap();
                s.rows[at].resize(9, C::Empty);
                s.rows[at].push("含公用经费".into());
            }),
        ),
        (
            "决算 in the column labels",
            Box::new(|b| {
                b.sheet("公开02表").replace_text("本年收入合计", "本年收入");
                b.sheet("公开03表").replace_text("本年支出合计", "支出决算");
                b.sheet("公开05表")
                    .replace_text("小计", "本年支出决算")
                    .replace_text("基本支出", "基本支出决算")
                    .replace_text("项目支出", "项目支出决算数");
                b.sheet("公开06表").replace_text("决算数", "支出决算");
            }),
        ),
        (
            "功能分类科目 over code and name",
            Box::new(|b| {
                for t in ["公开02表", "公开03表", "公开05表"] {
                    let s = b.sheet(t);
                    let at = s
                        .rows
                        .iter()
                        .position(|r| matches!(r.first(), Some(C::Text(t)) if t == "项目"))
                        .unwrap();
                    s.rows[at][0] = "功能分类科目".into();
                }
            }),
        ),
        (
            "本表无数据",
            Box::new(|b| {
                let s = b.sheet("公开07表");
                let note = s.rows.pop().unwrap();
                s.rows.push(row!["本表无数据"]);
                s.rows.push(note);
            }),
        ),
    ];
    for (what, edit) in edits {
        let mut book = minimal_book();
        edit(&mut book);
        let g = read_built(&book, "variant.xlsx").unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(figures(&g), figures(&plain), "{what}");
    }
}

/// A year stored as the number 2023 (shown `2023年度` by its format), and 公开10表's
/// vehicle counts under a renamed section heading: read as year and as counts.
#[test]
fn built_numeric_year_and_renamed_asset_section() {
    let plain = built_ok(&minimal_book(), "plain.xlsx");
    let mut book = minimal_book();
    let s = book.sheet("公开02表");
    let at = s.rows[2]
        .iter()
        .position(|c| matches!(c, C::Text(t) if t == "2023年度"))
        .unwrap();
    s.rows[2][at] = C::Num(2023.0);
    book.sheet("公开10表")
        .replace_text("三、国有资产占用情况", "三、车辆及设备情况");
    let g = built_ok(&book, "variant.xlsx");
    assert_eq!(g.t02.meta.year, Some(2023));
    let t10 = g.t10.as_ref().unwrap();
    let vehicles = t10
        .lines
        .iter()
        .find(|l| l.label.contains("车辆数合计"))
        .unwrap();
    assert!(vehicles.count, "{vehicles:?}");
    assert_eq!(vehicles.value, Decimal::from(1));
    let values = |g: &Gongkai| -> Vec<(String, Decimal, bool)> {
        g.t10
            .as_ref()
            .unwrap()
            .lines
            .iter()
            .map(|l| (l.label.clone(), l.value, l.count))
            .collect()
    };
    assert_eq!(values(&g), values(&plain));
}

/// Older 公开10表 layouts carry a “三公”经费 section: its 公务用车运行维护费 is money, and
/// its 公务用车保有量（辆） a count that is not one of the asset lines.
#[test]
fn built_table10_sangong_section_is_money() {
    let mut book = minimal_book();
    let s = book.sheet("公开10表");
    let note = s.rows.pop().unwrap();
    s.rows.push(row!["四、“三公”经费支出情况"]);
    s.rows.push(row!["项目", "行次", "统计数"]);
    s.rows.push(row!["公务用车运行维护费", 5, 3.25]);
    s.rows.push(row!["公务用车保有量（辆）", 6, 2]);
    s.rows.push(note);
    let g = built_ok(&book, "t10-sangong.xlsx");
    let t10 = g.t10.as_ref().unwrap();
    let line = |needle: &str| t10.lines.iter().find(|l| l.label.contains(needle)).unwrap();
    let running = line("运行维护费");
    assert!(!running.count && !running.is_asset());
    assert_eq!(running.value, Decimal::new(325, 2));
    let held = line("保有量");
    assert!(held.count && !held.is_asset());
    assert!(line("车辆数合计").is_asset());
}

/// A row hidden in Excel is read (its figures are in the totals) but said, with its cell:
/// the clerk never saw it, and it will be printed.
#[test]
fn a_hidden_row_is_read_and_said() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("公开表.xlsx");
    common::build::rewrite_zip_member(
        Path::new("input-samples/tunliu-zuzhibu-2023/公开表.xlsx"),
        &book,
        "xl/worksheets/sheet5.xml",
        |xml| xml.replacen("<row r=\"16\">", "<row r=\"16\" hidden=\"1\">", 1),
    );
    let g = read_ok(&book);
    assert_eq!(g.t05.value("20805", "合计"), d("37.42"));
    let notes: Vec<&String> = g.warnings.iter().filter(|w| w.contains("隐藏")).collect();
    assert_eq!(notes.len(), 1, "{:?}", g.warnings);
    assert!(
        notes[0].contains("公开05表（一般公共预算财政拨款支出决算表）第16行（公开05表!A16：20805 行政事业单位养老支出 37.42）在 Excel 中是隐藏的"),
        "{}",
        notes[0]
    );
    assert!(!reference().warnings.iter().any(|w| w.contains("隐藏")));
}

/// LibreOffice's own marks, which calamine does not read, are read from the .ods XML as
/// from an .xlsx: a merge over amounts, a hidden row and a hidden column are each said.
#[test]
fn ods_merges_and_hidden_rows_and_columns_are_said() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("公开表.ods");
    let float = |v: &str| {
        format!(
            r#"<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>"#
        )
    };
    common::build::rewrite_zip_member(
        &fixture("gongkai/reference.ods"),
        &path,
        "content.xml",
        |xml| {
            // 公开03表!C10:E10 merged: D10 and E10 become covered (emptied) cells.
            let row10 = format!("{}{}", float("82.32"), float("82.32"));
            let merged = float("82.32").replacen(
                "<table:table-cell ",
                r#"<table:table-cell table:number-columns-spanned="3" "#,
                1,
            ) + "<table:covered-table-cell/><table:covered-table-cell/>";
            let t03 = xml.find(r#"table:name="公开03表""#).unwrap();
            let at = t03 + xml[t03..].find("2013201").unwrap();
            let cell = at + xml[at..].find(&row10).unwrap();
            let mut xml = xml.clone();
            // C10, D10 and the empty E10 after them.
            let end = cell + row10.len() + "<table:table-cell/>".len();
            xml.replace_range(cell..end, &merged);
            // 公开05表: row 16 hidden, column C hidden.
            let t05 = xml.find(r#"table:name="公开05表""#).unwrap();
            let open = t05 + xml[t05..].find('>').unwrap() + 1;
            xml.insert_str(
                open,
                r#"<table:table-column table:number-columns-repeated="2"/><table:table-column table:visibility="collapse"/>"#,
            );
            let row16 = open
                + xml[open..]
                    .match_indices("<table:table-row")
                    .nth(15)
                    .unwrap()
                    .0;
            xml.insert_str(
                row16 + "<table:table-row".len(),
                r#" table:visibility="collapse""#,
            );
            xml
        },
    );
    let g = read_ok(&path);
    assert_eq!(g.t05.value("20805", "合计"), d("37.42"));
    let said: Vec<&String> = g
        .warnings
        .iter()
        .filter(|w| w.contains("合并") || w.contains("隐藏"))
        .collect();
    assert_eq!(said.len(), 3, "{:?}", g.warnings);
    assert_eq!(
        said[0],
        "公开表.ods：公开03表（支出决算表）的 公开03表!C10:E10 是合并单元格：只读入了 C10 的数（82.32），其余各格读作空白。金额单元格不能合并，请取消合并，把各格的数填回"
    );
    assert!(
        said[1].starts_with("公开表.ods：公开05表（一般公共预算财政拨款支出决算表）第16行（公开05表!A16：20805 行政事业单位养老支出 37.42）"),
        "{}",
        said[1]
    );
    assert!(said[2].contains("的C列（公开05表!C"), "{}", said[2]);
    // Hidden in the program an .ods comes from, not in Excel.
    assert!(
        said[1].contains("在 WPS 或 LibreOffice 中是隐藏的"),
        "{}",
        said[1]
    );
}

/// An .ods sheet with an empty first column and a blank row inside (LibreOffice's own
/// output of such a sheet): calamine 0.31 stores each blank row too long and shifts the
/// rows after it; the reader re-cuts them, so every cell stays where it is.
#[test]
fn an_ods_sheet_with_an_empty_first_column_and_blank_rows_keeps_its_cells() {
    let dir = tempfile::tempdir().unwrap();
    let book = Book {
        sheets: vec![Sheet::new(
            "S",
            vec![
                row![(), "a", 1.0, ()],
                row![(), (), (), ()],
                row![(), (), (), ()],
                row![(), "b", (), 2.0],
                row![(), (), (), ()],
                row![(), "c", 3.0, 4.0],
            ],
        )],
    };
    let path = book.save_ods(dir.path(), "t.ods");
    let mut wb = juesuan::ingest::open_workbook(&path).unwrap();
    let grids = wb.grids().unwrap();
    let g = &grids[0];
    let at = |r: usize, c: usize| g.text(r, c);
    assert_eq!((at(0, 1), at(0, 2)), ("a".into(), "1".into()));
    assert_eq!(
        (at(3, 1), at(3, 2), at(3, 3)),
        ("b".into(), "".into(), "2".into())
    );
    assert_eq!(
        (at(5, 1), at(5, 2), at(5, 3)),
        ("c".into(), "3".into(), "4".into())
    );
    assert_eq!(at(1, 1), "");
}

/// A 公开10表 section heading copied into every cell of its row (the merge undone) is
/// still a heading, not a label with text where its amount goes.
#[test]
fn a_section_heading_copied_across_its_row_is_a_heading() {
    let dir = tempfile::tempdir().unwrap();
    let book = edited_sample(dir.path(), "xl/worksheets/sheet10.xml", |xml| {
        let cell =
            |c: &str| format!("<c r=\"{c}4\" t=\"inlineStr\"><is><t>一、政府采购情况</t></is></c>");
        xml.replacen(&cell("A"), &(cell("A") + &cell("B") + &cell("C")), 1)
    });
    let g = read_ok(&book);
    let t10 = g.t10.as_ref().unwrap();
    assert_eq!(t10.lines, reference().t10.as_ref().unwrap().lines);
}

/// A 科目 row typed below the table's 注 line is not part of the table: not read, and
/// said with its cell.
#[test]
fn a_code_row_below_the_note_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let book = edited_sample(dir.path(), "xl/worksheets/sheet5.xml", |xml| {
        xml.replacen("A1:E27", "A1:E29", 1).replacen(
            "</sheetData>",
            "<row r=\"29\"><c r=\"A29\" t=\"inlineStr\"><is><t>2101101</t></is></c>\
                 <c r=\"B29\" t=\"inlineStr\"><is><t>行政单位医疗</t></is></c>\
                 <c r=\"C29\" t=\"n\"><v>1</v></c></row></sheetData>",
            1,
        )
    });
    let g = read_ok(&book);
    assert_eq!(g.t05.rows, reference().t05.rows);
    assert!(
        g.warnings.iter().any(|w| w.ends_with(
            "公开05表!A29 的“2101101 行政单位医疗 1”一行在表下的“注”之后，未读入；若是表中的数据，请移到“注”之前"
        )),
        "{:?}",
        g.warnings
    );
}

/// The sample's 公开表 with one member rewritten, as `公开表.xlsx` in `dir`.
/// `xml` with the part from the first `start` to the first `end` after it replaced.
fn replace_part(xml: &str, start: &str, end: &str, with: &str) -> String {
    let from = xml.find(start).unwrap();
    let to = from + xml[from..].find(end).unwrap() + end.len();
    format!("{}{with}{}", &xml[..from], &xml[to..])
}

fn edited_sample(dir: &Path, member: &str, edit: impl Fn(String) -> String) -> PathBuf {
    let book = dir.join("公开表.xlsx");
    common::build::rewrite_zip_member(
        Path::new("input-samples/tunliu-zuzhibu-2023/公开表.xlsx"),
        &book,
        member,
        edit,
    );
    book
}

/// The sample's 公开表 with each of its ten sheets' XML edited (`n`: 1 for 公开01表 …).
fn every_sheet_edited(dir: &Path, edit: impl Fn(usize, String) -> String) -> PathBuf {
    let mut book = Path::new("input-samples/tunliu-zuzhibu-2023/公开表.xlsx").to_path_buf();
    for n in 1..=10 {
        let out = dir.join(format!("{n}.xlsx"));
        common::build::rewrite_zip_member(
            &book,
            &out,
            &format!("xl/worksheets/sheet{n}.xml"),
            |xml| edit(n, xml),
        );
        book = out;
    }
    book
}

/// A line break typed inside a 科目名称 (Alt+Enter, to fit the column) is not part of the
/// name: the model, and so the narrative's sentences, read it as one line.
#[test]
fn a_line_break_inside_a_name_is_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let book = edited_sample(dir.path(), "xl/worksheets/sheet3.xml", |xml| {
        xml.replace(
            "<t>行政运行</t>",
            "<t xml:space=\"preserve\">行政\r\n 运行</t>",
        )
        .replace(
            "<t>社会保障和就业支出</t>",
            "<t>社会保障和&#10;就业支出</t>",
        )
    });
    let g = read_ok(&book);
    assert_eq!(g.t03, reference().t03);
}

/// A 科目 whose name was left blank would print an empty cell and a sentence without
/// its subject: refused at the cell.
#[test]
fn a_blank_subject_name_is_refused_at_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let book = edited_sample(dir.path(), "xl/worksheets/sheet3.xml", |xml| {
        xml.replace("<t>行政运行</t>", "<t> </t>")
    });
    assert_eq!(
        read_err(&book).to_string(),
        "公开表.xlsx：公开03表（支出决算表） 单元格 公开03表!B10：应为科目名称，实为“空白（科目代码 2013201 的名称没有填）”"
    );
}

/// 公开04表's lines under 年初/年末财政拨款结转和结余 are its parts whether indented by
/// typed spaces, by Excel's alignment indent (invisible to the reader: no spaces), or
/// written `其中：…`: never counted twice.
#[test]
fn carry_over_parts_in_04_are_known_without_typed_indent() {
    let dir = tempfile::tempdir().unwrap();
    let plain = edited_sample(dir.path(), "xl/worksheets/sheet4.xml", |xml| {
        xml.replace("<t xml:space=\"preserve\">  ", "<t>")
    });
    let g = read_ok(&plain);
    assert_eq!(g.t04, reference().t04);
    let qizhong = edited_sample(dir.path(), "xl/worksheets/sheet4.xml", |xml| {
        xml.replace("<t xml:space=\"preserve\">  ", "<t>其中：")
    });
    let g = read_ok(&qizhong);
    let subs: Vec<(&str, bool)> = g
        .t04
        .income
        .iter()
        .filter(|l| l.label.contains("财政拨款"))
        .map(|l| (l.label.as_str(), l.sub))
        .collect();
    assert_eq!(
        subs,
        [
            ("一、一般公共预算财政拨款", false),
            ("二、政府性基金预算财政拨款", false),
            ("三、国有资本经营预算财政拨款", false),
            ("年初财政拨款结转和结余", false),
            ("其中：一般公共预算财政拨款", true),
            ("其中：政府性基金预算财政拨款", true),
            ("其中：国有资本经营预算财政拨款", true),
        ]
    );
    let report = juesuan::check::check_tables(&g);
    assert!(
        !report
            .findings
            .iter()
            .any(|f| f.severity == juesuan::check::Severity::Error),
        "{:?}",
        report.findings
    );
}

/// A 公开10表 printed without its 项目/行次/统计数 header rows: its 行次 column is known
/// by its numbers, so a line whose figure is blank reads 0, not its 行次.
#[test]
fn table10_without_header_rows_never_reads_its_line_number_as_a_figure() {
    let mut book = minimal_book();
    let s = book.sheet("公开10表");
    s.rows
        .retain(|r| !matches!(r.first(), Some(C::Text(t)) if t == "项目"));
    let at = s
        .rows
        .iter()
        .position(|r| matches!(r.first(), Some(C::Text(t)) if t == "货物"))
        .unwrap();
    s.rows.insert(at + 1, row!["工程", 3, ()]);
    for r in &mut s.rows[at + 2..] {
        if let Some(C::Num(n)) = r.get_mut(1) {
            *n += 1.0;
        }
    }
    let g = built_ok(&book, "t10-no-header.xlsx");
    let t10 = g.t10.as_ref().unwrap();
    let line = |needle: &str| t10.lines.iter().find(|l| l.label == needle).unwrap();
    assert_eq!(line("工程").value, Decimal::ZERO);
    assert_eq!(line("工程").line_no, Some(3));
    assert_eq!(line("货物").value, Decimal::from(5));
    assert_eq!(line("（一）车辆数合计（辆）").value, Decimal::from(1));
    assert_eq!(line("（一）车辆数合计（辆）").line_no, Some(5));
}

/// The year written as a labelled field (`年度：2023`, `所属年度：2023年度`) is the year.
#[test]
fn a_year_written_as_a_labelled_field_is_read() {
    for (written, next_cell) in [
        ("年度：2023", None),
        ("所属年度：2023年度", None),
        ("年度：", Some(C::Num(2023.0))),
    ] {
        let mut book = minimal_book();
        for sheet in &mut book.sheets {
            for row in &mut sheet.rows {
                if let Some(at) = row
                    .iter()
                    .position(|c| matches!(c, C::Text(t) if t == "2023年度"))
                {
                    row[at] = written.into();
                    if let Some(n) = &next_cell {
                        // Beside the label, before the unit (a narrow table's row grows).
                        row.insert(at + 1, n.clone());
                    }
                }
            }
        }
        let g = built_ok(&book, "year.xlsx");
        assert_eq!(g.year, Some(2023), "{written}");
        assert_eq!(g.t05.meta.year, Some(2023), "{written}");
    }
}

/// A 科目名称 header of one of 06's column groups left blank or worded otherwise must not
/// let the group borrow the next group's names: refused at the header cell.
#[test]
fn a_name_header_missing_in_a_group_of_06_is_refused_at_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    for (text, found) in [("", "空白"), ("<t>项目</t>", "项目")] {
        let book = edited_sample(dir.path(), "xl/worksheets/sheet6.xml", |xml| {
            let cell = if text.is_empty() {
                String::new()
            } else {
                format!("<c r=\"E5\" t=\"inlineStr\"><is>{text}</is></c>")
            };
            xml.replace(
                "<c r=\"E5\" t=\"inlineStr\"><is><t>科目名称</t></is></c>",
                &cell,
            )
        });
        assert_eq!(
            read_err(&book).to_string(),
            format!(
                "公开表.xlsx：公开06表（一般公共预算财政拨款基本支出决算明细表） 单元格 公开06表!E5：\
                 应为表头“科目名称”（科目代码与决算数之间一栏的栏目名称），实为“{found}”"
            )
        );
    }
}

/// Header labels as other exports word them read as the reference: `经济分类科目名称`,
/// `功能分类科目名称`, `公务接待费用`.
#[test]
fn header_labels_worded_otherwise_are_read() {
    let dir = tempfile::tempdir().unwrap();
    for (sheet, from, to) in [
        ("sheet6.xml", "<t>科目名称</t>", "<t>经济分类科目名称</t>"),
        ("sheet3.xml", "<t>科目名称</t>", "<t>功能分类科目名称</t>"),
        ("sheet9.xml", "<t>公务接待费</t>", "<t>公务接待费用</t>"),
    ] {
        let book = edited_sample(dir.path(), &format!("xl/worksheets/{sheet}"), |xml| {
            assert!(xml.contains(from));
            xml.replace(from, to)
        });
        let g = read_ok(&book);
        assert_eq!(g.t06, reference().t06, "{sheet}");
        assert_eq!(g.t03, reference().t03, "{sheet}");
        assert_eq!(g.t09, reference().t09, "{sheet}");
    }
}

/// The department line as other exports label it (`填报单位：`, `编制部门：`…) gives
/// the department; `单位：` alone stays a unit label.
#[test]
fn department_labels_worded_otherwise_are_read() {
    let dir = tempfile::tempdir().unwrap();
    for label in ["填报单位：", "编制部门：", "部门（单位）名称："] {
        let book = every_sheet_edited(dir.path(), |n, xml| {
            assert!(n == 10 || xml.contains("<t>部门名称："), "sheet{n}");
            xml.replace("<t>部门名称：", &format!("<t>{label}"))
        });
        let g = read_ok(&book);
        assert_eq!(g.department, "中共长治市屯留区委组织部", "{label}");
        assert!(
            g.warnings.iter().all(|w| !w.contains("部门名称")),
            "{label}: {:?}",
            g.warnings
        );
    }
}

/// 05 with 基本支出 split into 小计 | 人员经费 | 公用经费: the 小计 is the 基本支出 column.
#[test]
fn built_basic_expense_split_under_its_label() {
    let base = built_ok(&minimal_book(), "base.xlsx");
    let mut book = minimal_book();
    let mut t05 = common::book::head("一般公共预算财政拨款支出决算表", "公开05表", 7);
    t05.extend([
        row!["项目", (), "小计", "基本支出", (), (), "项目支出"],
        row!["科目代码", "科目名称", (), "小计", "人员经费", "公用经费"],
        row!["栏次", (), 1, 2, 3, 4, 5],
        row!["合计", (), 1083.51, 82.32, 80, 2.32, 1001.19],
        row!["201", "一般公共服务支出", 1083.51, 82.32, 80, 2.32, 1001.19],
        row!["20132", "组织事务", 1083.51, 82.32, 80, 2.32, 1001.19],
        row!["2013201", "行政运行", 82.32, 82.32, 80, 2.32],
        row!["2013202", "一般行政管理事务", 1001.19, (), (), (), 1001.19],
        row!["注：本表反映部门本年度一般公共预算财政拨款支出情况。"],
    ]);
    book.sheet("公开05表").rows = t05;
    let g = built_ok(&book, "split.xlsx");
    assert_no_warnings(&g);
    assert_eq!(g.t05.columns, base.t05.columns);
    assert_eq!(g.t05.total, base.t05.total);
    assert_eq!(row_keys(&g.t05.rows), row_keys(&base.t05.rows));
}

/// 09 turned (项目 | 预算数 | 决算数, one line per item, as some provinces print it) reads
/// as the usual layout; a line that is no 三公 item but has money is refused at its cell.
#[test]
fn built_sangong_table_turned() {
    let base = built_ok(&minimal_book(), "base.xlsx");
    let turned = |extra: Vec<Vec<common::build::C>>| {
        let mut book = minimal_book();
        let mut t09 = common::book::head("财政拨款“三公”经费支出决算表", "公开09表", 3);
        t09.extend([
            row!["项目", "预算数", "决算数"],
            row!["合计", 1.0, 0.5],
            row!["1.因公出国（境）费", (), ()],
            row!["2.公务用车购置及运行维护费", (), ()],
            row!["  其中：公务用车购置费", (), ()],
            row!["        公务用车运行维护费", (), ()],
            row!["3.公务接待费", 1.0, 0.5],
        ]);
        t09.extend(extra);
        t09.push(row!["注：本表反映部门本年度“三公”经费支出预决算情况。"]);
        book.sheet("公开09表").rows = t09;
        book
    };
    let g = built_ok(&turned(vec![]), "turned.xlsx");
    assert_eq!(g.t09.budget, base.t09.budget);
    assert_eq!(g.t09.actual, base.t09.actual);
    assert_eq!(g.t09.cells["决算数.公务接待费"].to_string(), "公开09表!C10");
    assert_eq!(
        built_err(&turned(vec![row!["4.会议费", 2.0, 1.0]]), "other.xlsx"),
        "other.xlsx：公开09表（财政拨款“三公”经费支出决算表） 单元格 公开09表!A11：应为三公经费的项目\
         （合计、因公出国（境）费、公务用车购置及运行维护费、公务用车购置费、公务用车运行维护费、公务接待费），实为“4.会议费”"
    );
}

/// An empty table printed without its frame, only the sentence saying so, is an empty
/// table; a sheet with no header and no such sentence is still refused.
#[test]
fn an_empty_table_said_in_a_sentence_is_empty() {
    let dir = tempfile::tempdir().unwrap();
    let said = "说明：本单位2023年度无政府性基金预算财政拨款收入支出，故本表无数据。";
    let frameless = |sentence: &str| {
        edited_sample(dir.path(), "xl/worksheets/sheet7.xml", |xml| {
            let from = xml.find("<row r=\"4\"").unwrap();
            let to = xml.find("</sheetData>").unwrap();
            format!(
                "{}<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>{sentence}</t></is></c></row>{}",
                &xml[..from],
                &xml[to..]
            )
        })
    };
    let g = read_ok(&frameless(said));
    assert!(g.t07.meta.empty);
    assert_eq!(g.t07.meta.notes, [said]);
    assert_eq!(g.t07.columns, reference().t07.columns);
    assert!(g.t07.rows.is_empty() && g.t07.total.iter().all(|v| v.is_zero()));
    let book = frameless("说明：见附件");
    assert!(matches!(read_err(&book), IngestError::MissingHeader { .. }));
    // 09 too.
    let book = edited_sample(dir.path(), "xl/worksheets/sheet9.xml", |xml| {
        let from = xml.find("<row r=\"4\"").unwrap();
        let to = xml.find("</sheetData>").unwrap();
        let sentence = "注：本单位2023年度无“三公”经费支出，本表无数据。";
        format!(
            "{}<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>{sentence}</t></is></c></row>{}",
            &xml[..from],
            &xml[to..]
        )
    });
    let g = read_ok(&book);
    assert!(g.t09.meta.empty);
    assert_eq!(
        (&g.t09.budget, &g.t09.actual),
        (&reference().t09.budget, &reference().t09.actual)
    );
}

/// The year written only in the titles (`2023年度收入决算表`), not on the meta lines.
#[test]
fn the_year_in_the_titles_alone_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let book = every_sheet_edited(dir.path(), |_, xml| {
        xml.replace("<t>2023年度</t>", "<t></t>").replacen(
            "<c r=\"A1\" t=\"inlineStr\"><is><t>",
            "<c r=\"A1\" t=\"inlineStr\"><is><t>2023年度",
            1,
        )
    });
    let g = read_ok(&book);
    assert_eq!(g.year, Some(2023));
    assert_eq!(g.t05.meta.year, Some(2023));
    assert_eq!(g.t05.meta.title, "2023年度一般公共预算财政拨款支出决算表");
}

/// Two different units on one table's head (`单位：元` beside `金额单位：万元`): refused,
/// naming both cells, rather than one taken at random.
#[test]
fn two_units_on_one_table_head_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let book = edited_sample(dir.path(), "xl/worksheets/sheet2.xml", |xml| {
        xml.replacen(
            "<c r=\"I3\"",
            "<c r=\"G3\" t=\"inlineStr\"><is><t>单位：元</t></is></c><c r=\"I3\"",
            1,
        )
    });
    assert_eq!(
        read_err(&book).to_string(),
        "公开表.xlsx：公开02表（收入决算表） 单元格 公开02表!I3：应为表头只写一个金额单位（元或万元），\
         实为“万元（表头另一处写着元，公开02表!G3；两个单位不知以哪个为准）”"
    );
}

/// A `注：` line between the meta line and the header is read past; a code stored with
/// Excel's text apostrophe (`'2013201`) is the code.
#[test]
fn built_note_above_the_header_and_apostrophe_codes() {
    let base = built_ok(&minimal_book(), "base.xlsx");
    let mut book = minimal_book();
    let t02 = book.sheet("公开02表");
    t02.rows
        .insert(3, row!["注：本表反映部门本年度取得的各项收入情况。"]);
    t02.rows.pop();
    t02.set("A11", "'2013201");
    let g = built_ok(&book, "note.xlsx");
    assert_eq!(g.t02.columns, base.t02.columns);
    assert_eq!(row_keys(&g.t02.rows), row_keys(&base.t02.rows));
    assert_eq!(g.t02.total, base.t02.total);
}

/// A table continued on a sheet of its own (`收入决算表（续）`) is said: its rows are not
/// read.
#[test]
fn built_continuation_sheet_is_said() {
    let mut book = minimal_book();
    book.sheets.push(common::build::Sheet::new(
        "公开02表续",
        vec![
            row!["收入决算表（续）"],
            row!["2013202", "一般行政管理事务", 1001.19, 1001.19],
        ],
    ));
    let g = built_ok(&book, "continued.xlsx");
    assert_eq!(
        g.warnings,
        ["continued.xlsx：工作表“公开02表续”像是公开02表（收入决算表）的续表（公开02表续!A1 “收入决算表（续）”），\
          其中的行未读入；请把这些行移到公开02表的表内（“注”行之前）"]
    );
}

/// 06 in one column group with its 合计 line on top (人员经费 and 公用经费 together).
#[test]
fn built_basic_detail_in_one_group_with_a_total_on_top() {
    let base = built_ok(&minimal_book(), "base.xlsx");
    let mut book = minimal_book();
    let mut t06 = common::book::head("一般公共预算财政拨款基本支出决算明细表", "公开06表", 3);
    t06.extend([
        row!["科目代码", "科目名称", "决算数"],
        row!["合计", (), 82.32],
        row!["301", "工资福利支出", 80.0],
        row!["30101", "基本工资", 80.0],
        row!["302", "商品和服务支出", 2.32],
        row!["30201", "办公费", 1.82],
        row!["30217", "公务接待费", 0.5],
        row!["309", "资本性支出（基本建设）", "────"],
        row!["人员经费合计", (), 80.0],
        row!["公用经费合计", (), 2.32],
    ]);
    book.sheet("公开06表").rows = t06;
    let g = built_ok(&book, "one_group.xlsx");
    let keys = |rows: &[EconRow]| {
        rows.iter()
            .map(|r| (r.code.clone(), r.name.clone(), r.amount))
            .collect::<Vec<_>>()
    };
    assert_eq!(keys(&g.t06.personnel), keys(&base.t06.personnel));
    assert_eq!(keys(&g.t06.public), keys(&base.t06.public));
    assert_eq!(
        (g.t06.personnel_total, g.t06.public_total),
        (base.t06.personnel_total, base.t06.public_total)
    );
}
