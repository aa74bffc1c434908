//! The 勾稽关系 and profile checks on workbooks corrupted cell by cell, the way a clerk's
//! mistake or a bad export corrupts them: each must be refused by the right rule at the
//! right cell, with the expected and found values; a rounding tail stays a warning.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use juesuan::case::Case;
use juesuan::check::{check_case, check_tables, Finding, Report, Severity};
use juesuan::model::{CellRef, CodeRow, CodeTable};
use rust_decimal::Decimal;

mod common;

const SAMPLE: &str = "input-samples/tunliu-zuzhibu-2023";

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// A copy of the sample case with `edits` made to one sheet (`sheet_xml`) of its `book`
/// (`公开表.xlsx` or `绩效自评表.xlsx`).
fn case_with_edits(
    dir: &Path,
    book: &str,
    sheet_xml: &str,
    edits: &[(&str, Option<&str>)],
) -> std::path::PathBuf {
    let case = case_copy(dir);
    edit_xlsx(
        &Path::new(SAMPLE).join(book),
        &case.join(book),
        sheet_xml,
        edits,
    );
    case
}

/// Set (`Some`) or clear (`None`) existing numeric cells of one sheet of an .xlsx, at the
/// XML level: `<c r="C12" t="n"><v>3.48</v></c>` → `<c r="C12" t="n"><v>3.53</v></c>`.
fn edit_xlsx(src: &Path, dst: &Path, sheet_xml: &str, edits: &[(&str, Option<&str>)]) {
    common::build::rewrite_zip_member(src, dst, sheet_xml, |mut xml| {
        for (cell, value) in edits {
            let new = match value {
                Some(v) if v.parse::<f64>().is_ok() => {
                    format!("<c r=\"{cell}\" t=\"n\"><v>{v}</v></c>")
                }
                // A formula's error result (`#REF!`, `#N/A`).
                Some(v) if v.starts_with('#') => {
                    format!("<c r=\"{cell}\" t=\"e\"><f>A1</f><v>{v}</v></c>")
                }
                // Text as a clerk types it into a figure's cell (`99.96分`).
                Some(v) => format!("<c r=\"{cell}\" t=\"inlineStr\"><is><t>{v}</t></is></c>"),
                None => String::new(),
            };
            match xml.find(&format!("<c r=\"{cell}\"")) {
                Some(start) => {
                    let end = start + xml[start..].find("</c>").unwrap() + "</c>".len();
                    xml.replace_range(start..end, &new);
                }
                None => {
                    let at = insertion_point(&xml, cell);
                    xml.insert_str(at, &new);
                }
            }
        }
        xml
    });
}

/// Where a new cell goes in its row: before the first cell to its right.
fn insertion_point(xml: &str, cell: &str) -> usize {
    let split = cell.find(|c: char| c.is_ascii_digit()).unwrap();
    let (col, row) = cell.split_at(split);
    let col_no = |letters: &str| {
        letters
            .bytes()
            .fold(0usize, |n, b| n * 26 + (b - b'A' + 1) as usize)
    };
    let row_start = xml
        .find(&format!("<row r=\"{row}\""))
        .unwrap_or_else(|| panic!("row {row} not in sheet"));
    let row_end = row_start + xml[row_start..].find("</row>").unwrap();
    let mut pos = row_start;
    while let Some(off) = xml[pos..row_end].find("<c r=\"") {
        let at = pos + off;
        let name_start = at + "<c r=\"".len();
        let name: String = xml[name_start..]
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        if col_no(&name) > col_no(col) {
            return at;
        }
        pos = name_start;
    }
    row_end
}

fn case_copy(dir: &Path) -> PathBuf {
    common::sample_case_copy(dir)
}

/// The sample case with one sheet's XML of its 公开表 rewritten (`sheet2.xml` is 公开02表).
fn case_with_sheet_xml(dir: &Path, sheet: &str, edit: impl Fn(String) -> String) -> PathBuf {
    let case = case_copy(dir);
    common::build::rewrite_zip_member(
        &Path::new(SAMPLE).join("公开表.xlsx"),
        &case.join("公开表.xlsx"),
        &format!("xl/worksheets/{sheet}"),
        edit,
    );
    case
}

/// The sample case with cells of one 公开表 sheet (`sheet3.xml` is 公开03表) edited.
fn corrupted(dir: &Path, sheet: usize, edits: &[(&str, Option<&str>)]) -> Report {
    let case = case_copy(dir);
    edit_xlsx(
        &Path::new(SAMPLE).join("公开表.xlsx"),
        &case.join("公开表.xlsx"),
        &format!("xl/worksheets/sheet{sheet}.xml"),
        edits,
    );
    check_case(&Case::load(&case).unwrap())
}

fn errors(r: &Report) -> Vec<&Finding> {
    r.findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect()
}

#[track_caller]
fn assert_error(r: &Report, rule: &str, place: &str, expected: &str, found: &str) {
    let errs = errors(r);
    assert!(
        errs.iter().any(|f| f.rule == rule
            && f.place.contains(place)
            && f.expected.starts_with(expected)
            && f.found == found),
        "no {rule} error at {place} (expected {expected}, found {found}) in:\n{}",
        listing(&r.findings)
    );
}

/// The findings one per line, for an assertion's message.
fn listing(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| f.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_clean_sample_has_no_error() {
    let r = check_case(&Case::load(Path::new(SAMPLE)).unwrap());
    assert!(errors(&r).is_empty(), "{:?}", errors(&r));
}

/// A row with one non-zero column must equal it exactly: blank columns do not widen the
/// rounding allowance (03's 2013202 is 3.48 in 本年支出合计 and in 项目支出 only).
#[test]
fn a_gap_in_a_row_with_one_nonzero_part_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let r = corrupted(dir.path(), 3, &[("C12", Some("3.53"))]);
    assert_error(&r, "R03-行合计", "（公开03表!C12）", "3.48", "3.53");
    // The same 0.05 gap is not reported as a rounding tail.
    assert!(!r
        .findings
        .iter()
        .any(|f| f.is_rounding_tail() && f.place.contains("公开03表!C12")));
}

/// A 类 figure of 05 shifted against 04 and 01 while 05's own sums still hold.
#[test]
fn a_class_of_05_that_differs_from_04_is_refused_at_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    // 05: 208 社会保障和就业支出 is row 15 (C = 合计, D = 基本支出); its 款 and 项 follow.
    let before = check_case(&Case::load(Path::new(SAMPLE)).unwrap());
    assert!(errors(&before).is_empty());
    let r = corrupted(
        dir.path(),
        5,
        &[("C15", Some("40.42")), ("D15", Some("40.42"))],
    );
    assert_error(
        &r,
        "X-05类对04",
        "208 社会保障和就业支出“合计”（公开05表!C15）",
        "37.42",
        "40.42",
    );
}

/// 02's 财政拨款收入 column against 01's 财政拨款 income lines.
#[test]
fn an_income_column_of_02_against_the_lines_of_01() {
    let dir = tempfile::tempdir().unwrap();
    // 01!C7 is 一、一般公共预算财政拨款收入; moving 6.59 of it to 八、其他收入 (C14)
    // keeps 01 adding up, but 02 says all 1,156.59 is 财政拨款.
    let r = corrupted(
        dir.path(),
        1,
        &[("C7", Some("1150")), ("C14", Some("6.59"))],
    );
    assert_error(
        &r,
        "X-02对01",
        "合计行“财政拨款收入”（公开02表!D7）",
        "1150",
        "1156.59",
    );
}

/// A wrong figure in a 项 row breaks its row's sum and its 款's column sum by the same
/// amount: both findings name the cell they share.
#[test]
fn a_row_and_a_column_failing_together_name_their_crossing() {
    let dir = tempfile::tempdir().unwrap();
    // 公开02表!D10: 2013201 行政运行, 财政拨款收入 (82.32).
    let r = corrupted(dir.path(), 2, &[("D10", Some("92.32"))]);
    let pointed: Vec<String> = errors(&r)
        .iter()
        .filter(|f| f.note.ends_with("多半错在 公开02表!D10"))
        .map(|f| format!("{}|{}", f.rule, f.place))
        .collect();
    assert_eq!(
        pointed,
        [
            "R02-行合计|2013201 行政运行（公开02表!C10）",
            "R02-类款项|20132 组织事务“财政拨款收入”（公开02表!D9）",
        ],
        "{}",
        listing(&r.findings)
    );
    // The row total itself wrong: its row and the 款's 本年收入合计 column meet at C10.
    let dir = tempfile::tempdir().unwrap();
    let r = corrupted(dir.path(), 2, &[("C10", Some("92.32"))]);
    assert!(
        errors(&r)
            .iter()
            .any(|f| f.rule == "R02-类款项" && f.note.ends_with("多半错在 公开02表!C10")),
        "{}",
        listing(&r.findings)
    );
}

/// A 财政拨款 income line of 01 against 02 and 04: the findings name 01's cell too, since
/// either table may be the wrong one.
#[test]
fn cross_findings_against_01_name_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let r = corrupted(dir.path(), 1, &[("C7", Some("1166.59"))]);
    for rule in ["X-02对01", "X-04对01"] {
        assert!(
            errors(&r)
                .iter()
                .any(|f| f.rule == rule && f.note.contains("（公开01表!C7）")),
            "{rule}: {}",
            listing(&r.findings)
        );
    }
}

/// A 合计 sum error names the cell of the 合计, not only the row.
#[test]
fn sum_errors_name_their_cell() {
    let dir = tempfile::tempdir().unwrap();
    let r = corrupted(dir.path(), 2, &[("C8", Some("1090.51"))]);
    // 201 一般公共服务支出 no longer equals its 款, nor the 合计 its 类.
    assert_error(
        &r,
        "R02-类款项",
        "201 一般公共服务支出“本年收入合计”（公开02表!C8）",
        "1083.51",
        "1090.51",
    );
    assert_error(
        &r,
        "R02-类款项",
        "合计行“本年收入合计”（公开02表!C7）",
        "1163.58",
        "1156.59",
    );
}

/// 公开09表 has one row of figures: figures on a later row are refused at their cell, not
/// dropped (the document would say 0.00).
#[test]
fn a_second_row_of_sangong_figures_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let case = case_with_edits(
        dir.path(),
        "公开表.xlsx",
        "xl/worksheets/sheet9.xml",
        &[("A9", Some("0")), ("A10", Some("2.5"))],
    );
    let e = Case::load(&case).err().expect("refused").to_string();
    assert!(
        e.contains("单元格 公开09表!A10：应为三公经费表只有一行数字（第9行），实为“第10行还有金额 2.50（请删去多余的行，或把数字移到第9行）”"),
        "{e}"
    );
}

/// A column hidden in Excel is read like the others, and said (it may hold old figures
/// under the header of a visible one).
#[test]
fn a_hidden_column_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let case = case_with_sheet_xml(dir.path(), "sheet2.xml", |xml| {
        xml.replacen(
            "<sheetData>",
            "<cols><col min=\"4\" max=\"4\" hidden=\"1\"/></cols><sheetData>",
            1,
        )
    });
    let c = Case::load(&case).unwrap();
    let said = warnings_saying(&c, "隐藏");
    assert_eq!(
        said,
        ["公开表.xlsx：公开02表（收入决算表）的D列（公开02表!D4起，22 个单元格有内容）在 Excel 中是隐藏的，已照常读入；若其中是不用的旧数字，请删去这一列"]
    );
}

/// The reading notes of a case that mention a word.
fn warnings_saying<'a>(c: &'a Case, word: &str) -> Vec<&'a String> {
    c.gongkai
        .warnings
        .iter()
        .filter(|w| w.contains(word))
        .collect()
}

/// Cells of 公开03表 merged as a clerk merges them for looks, the merged-away cells
/// emptied as Excel does.
fn merged_copy(dir: &Path, range: &str, emptied: &[&str]) -> std::path::PathBuf {
    let case = case_copy(dir);
    let emptied: Vec<String> = emptied.iter().map(|c| format!("<c r=\"{c}\"")).collect();
    common::build::rewrite_zip_member(
        &Path::new(SAMPLE).join("公开表.xlsx"),
        &case.join("公开表.xlsx"),
        "xl/worksheets/sheet3.xml",
        |mut xml| {
            // An empty cell may have no element at all.
            for cell in &emptied {
                let Some(start) = xml.find(cell.as_str()) else {
                    continue;
                };
                let tag_end = start + xml[start..].find('>').unwrap();
                let end = if xml[..tag_end].ends_with('/') {
                    tag_end + 1
                } else {
                    start + xml[start..].find("</c>").unwrap() + "</c>".len()
                };
                xml.replace_range(start..end, "");
            }
            xml.replacen(
                "<mergeCells count=\"10\">",
                &format!("<mergeCells count=\"11\"><mergeCell ref=\"{range}\" />"),
                1,
            )
        },
    );
    case
}

/// A merge over amounts keeps the first figure only: said with the range, beside what
/// the checks find.
#[test]
fn merged_amount_cells_are_said() {
    let dir = tempfile::tempdir().unwrap();
    let case = merged_copy(dir.path(), "C10:E10", &["D10", "E10"]);
    let c = Case::load(&case).unwrap();
    let said = warnings_saying(&c, "合并");
    assert_eq!(
        said,
        ["公开表.xlsx：公开03表（支出决算表）的 公开03表!C10:E10 是合并单元格：只读入了 C10 的数（82.32），其余各格读作空白。金额单元格不能合并，请取消合并，把各格的数填回"]
    );
    assert!(!errors(&check_case(&c)).is_empty());
    // The reference's own merges (labels, 栏次, headings) are not said.
    let plain = Case::load(Path::new(SAMPLE)).unwrap();
    assert!(warnings_saying(&plain, "合并").is_empty());
}

/// A cell merged into the one above reads empty: the error says why.
#[test]
fn a_cell_merged_away_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let case = merged_copy(dir.path(), "A10:A11", &["A11"]);
    let Err(e) = Case::load(&case) else {
        panic!("a merged-away code must not read")
    };
    let e = e.to_string();
    assert!(
        e.ends_with("单元格 公开03表!A11：应为科目代码（类3位、款5位、项7位数字），实为“空白”（A10:A11 是合并单元格，合并后只保留了 A10 的内容，其余读作空白：请取消合并，把各格的内容填回）"),
        "{e}"
    );
}

/// 三公 amounts are never negative.
#[test]
fn a_negative_sangong_figure_is_an_error() {
    let mut g = Case::load(Path::new(SAMPLE)).unwrap().gongkai;
    g.t09.actual.reception = d("-1.00");
    let r = check_tables(&g);
    assert!(
        errors(&r)
            .iter()
            .any(|f| f.rule == "R-负数" && f.place.contains("决算数“公务接待费”")),
        "{:?}",
        errors(&r)
    );
    // A negative income line is only pointed out (a refund can cause it).
    let mut g = Case::load(Path::new(SAMPLE)).unwrap().gongkai;
    g.t02.rows[0].values[6] = d("-1.00");
    let r = check_tables(&g);
    assert!(r
        .findings
        .iter()
        .any(|f| f.rule == "R-负数" && f.severity == Severity::Warning));
}

/// `table` holding one 科目 row (its 合计 the same): `code`, `name` and `values`.
fn with_one_row(table: &mut CodeTable, code: &str, name: &str, values: &[&str]) {
    let row = CodeRow {
        code: code.into(),
        name: name.into(),
        values: values.iter().map(|v| d(v)).collect(),
        at: CellRef::default(),
        cells: Vec::new(),
    };
    table.total = row.values.clone();
    table.rows = vec![row];
    table.meta.empty = false;
}

/// 07 with its one row consistent: no row or 结转 error; with the row's 本年支出 (column
/// `spent`) typed 9.00 against 0 + 8: a row error at that row.
#[track_caller]
fn table_07_row_check_catches_its_total(mut g: juesuan::model::Gongkai, spent: usize) {
    let r = check_tables(&g);
    assert!(
        !errors(&r)
            .iter()
            .any(|f| f.rule == "R07-行合计" || f.rule == "R07-结转平衡"),
        "{:?}",
        errors(&r)
    );
    g.t07.rows[0].values[spent] = d("9.00");
    let r = check_tables(&g);
    assert!(
        errors(&r)
            .iter()
            .any(|f| f.rule == "R07-行合计" && f.place.contains("229") && f.found == "9.00"),
        "{:?}",
        errors(&r)
    );
}

/// 07's row check compares 本年支出 (小计) with 基本支出 + 项目支出, not 年初结转.
#[test]
fn table_07_row_check_uses_the_expense_subtotal() {
    let mut g = Case::load(Path::new(SAMPLE)).unwrap().gongkai;
    // 年初结转和结余 1 | 本年收入 10 | 本年支出 8 | 基本 0 | 项目 8 | 年末 3: consistent.
    with_one_row(
        &mut g.t07,
        "229",
        "其他支出",
        &["1.00", "10.00", "8.00", "0.00", "8.00", "3.00"],
    );
    table_07_row_check_catches_its_total(g, 2);
}

/// 07 in its older form (本年支出 | 基本支出 | 项目支出, no balance columns): its rows are
/// checked by column name, and no 结转平衡 is asked of columns it does not have.
#[test]
fn table_07_with_spending_columns_only_is_checked_by_name() {
    let mut g = Case::load(Path::new(SAMPLE)).unwrap().gongkai;
    g.t07.columns = ["本年支出", "基本支出", "项目支出"]
        .map(String::from)
        .to_vec();
    with_one_row(&mut g.t07, "229", "其他支出", &["8.00", "0.00", "8.00"]);
    table_07_row_check_catches_its_total(g, 0);
}

/// 08 in Shanghai's layout (with 年初结转和结余 … 年末结转和结余): its 结转 against 04's
/// 国有资本经营 column, as 07's against the 政府性基金 column.
#[test]
fn table_08_with_balance_columns_is_held_against_table_04() {
    let mut g = Case::load(Path::new(SAMPLE)).unwrap().gongkai;
    g.t08.columns = [
        "年初结转和结余",
        "本年收入",
        "合计",
        "基本支出",
        "项目支出",
        "年末结转和结余",
    ]
    .map(String::from)
    .to_vec();
    with_one_row(
        &mut g.t08,
        "223",
        "国有资本经营预算支出",
        &["10.00", "0", "0", "0", "0", "10.00"],
    );
    let r = check_tables(&g);
    assert!(
        errors(&r).iter().any(|f| f.rule == "X-08对04"
            && f.place.contains("年初结转和结余")
            && f.found == "10.00"),
        "{:?}",
        errors(&r)
    );
    assert!(!errors(&r).iter().any(|f| f.rule == "R08-结转平衡"));
}

/// A table pasted in from another year's export.
#[test]
fn a_table_of_another_year_is_refused() {
    let mut g = Case::load(Path::new(SAMPLE)).unwrap().gongkai;
    g.t03.meta.year = Some(2022);
    let r = check_tables(&g);
    assert!(
        errors(&r).iter().any(|f| f.rule == "R-表头"
            && f.table.starts_with("公开03表")
            && f.found == "2022年度"),
        "{:?}",
        errors(&r)
    );
}

/// 06's 公务接待费 (基本支出) cannot exceed 09's 公务接待费 (基本 + 项目).
#[test]
fn basic_expense_sangong_items_within_table_09() {
    let mut g = Case::load(Path::new(SAMPLE)).unwrap().gongkai;
    let row = g
        .t06
        .public
        .iter_mut()
        .find(|x| x.name.contains("公务接待"))
        .expect("06 lists 公务接待费");
    row.amount = Some(d("3.00"));
    let r = check_tables(&g);
    assert!(
        errors(&r).iter().any(|f| f.rule == "X-09对06"),
        "{:?}",
        errors(&r)
    );
}

/// A copy of the sample case with its profile's text edited.
fn case_with_profile(dir: &Path, edit: impl Fn(String) -> String) -> PathBuf {
    let case = case_copy(dir);
    let p = case.join("部门信息.toml");
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, edit(text)).unwrap();
    case
}

fn with_profile(dir: &Path, edit: impl Fn(String) -> String) -> Report {
    check_case(&Case::load(&case_with_profile(dir, edit)).unwrap())
}

/// A reason under a 类 that neither changed from last year nor differs from its 年初预算
/// has nothing to explain and is not printed: said, so that the text is not lost unseen.
#[test]
fn a_reason_with_nothing_to_explain_is_pointed_out() {
    let dir = tempfile::tempdir().unwrap();
    let r = with_profile(dir.path(), |t| {
        t.replacen("\"210\" = \"11.73\"", "\"210\" = \"12.91\"", 1)
            .replacen("\"210\" = \"13.00\"", "\"210\" = \"12.91\"", 1)
    });
    assert!(
        r.findings.iter().any(|f| f.rule == "P-原因"
            && f.place.starts_with("原因.按科目.\"210\"（卫生健康支出）")
            && f.note.contains("这条原因不会印出")),
        "{}",
        listing(&r.findings)
    );
    // As the sample is (a change to explain), no such note.
    let r = check_case(&Case::load(Path::new(SAMPLE)).unwrap());
    assert!(!r.findings.iter().any(|f| f.note.contains("不会印出")));
}

/// A reason under a 项 code while the text is told per 类 is never printed; a name that
/// is another body than the workbook's is pointed out; an empty 职责 is an error.
#[test]
fn profile_texts_that_would_not_be_printed() {
    let dir = tempfile::tempdir().unwrap();
    let r = with_profile(dir.path(), |t| {
        t.replacen(
            "[\"原因\".\"按科目\"]\n",
            "[\"原因\".\"按科目\"]\n\"2080505\" = \"人员增加\"\n",
            1,
        )
        .replacen(
            "\"部门名称\" = \"中共长治市屯留区委组织部\"",
            "\"部门名称\" = \"中共长治市屯留区委组织部办公室\"",
            1,
        )
    });
    assert_warning(&r, "P-科目", "原因.按科目.\"2080505\"（第76行）");
    let f = r
        .findings
        .iter()
        .find(|f| f.place.contains("2080505"))
        .unwrap();
    assert!(f.note.ends_with("请写在类级科目 \"208\" 下"), "{}", f.note);
    // The tables would be printed under the profile's name: another department's
    // workbook must not go out as this one's.
    assert_error(
        &r,
        "P-部门名称",
        "部门名称",
        "中共长治市屯留区委组织部（公开表",
        "中共长治市屯留区委组织部办公室",
    );
    assert_eq!(r.errors(), 1, "{}", listing(&r.findings));

    let dir = tempfile::tempdir().unwrap();
    let r = with_profile(dir.path(), |t| {
        let start = t.find("\"职责\" = [").unwrap();
        let end = start + t[start..].find(']').unwrap() + 1;
        format!("{}\"职责\" = []{}", &t[..start], &t[end..])
    });
    assert_error(&r, "P-缺项", "部门概况.职责", "部门概况的内容", "未填写");

    // Its text deleted, the quotes kept: as empty (one item), or an empty item printed
    // as a bare heading (one among others), named with its line.
    let r = with_profile(dir.path(), |t| {
        let start = t.find("\"职责\" = [").unwrap();
        let end = start + t[start..].find(']').unwrap() + 1;
        format!("{}\"职责\" = [\"\"]{}", &t[..start], &t[end..])
    });
    assert_error(
        &r,
        "P-缺项",
        "部门概况.职责（第9行）",
        "部门概况的内容",
        "未填写",
    );
    let r = with_profile(dir.path(), |t| {
        let second = t.find("\"职责\" = [").unwrap()
            + t[t.find("\"职责\" = [").unwrap()..]
                .find("\n  \"负责协调")
                .unwrap();
        let end = second + t[second..].find("\",").unwrap();
        format!("{}\n  \"{}", &t[..second], &t[end..])
    });
    assert_error(
        &r,
        "P-缺项",
        "部门概况.职责[2]（第11行）",
        "这一项的内容",
        "空白",
    );
}

/// `无` typed as a reason or a use is not printed (`主要原因是无。`): a figure that needs
/// one is pointed out as such; a 类 with money and no use is pointed out too.
#[test]
fn a_reason_of_nothing_is_not_printed() {
    let dir = tempfile::tempdir().unwrap();
    let case = case_with_profile(dir.path(), |t| {
        t.replacen(
            "\"201\" = \"减少了干部人事档案支出、排查党员支出、大学生到村任职支出等\"",
            "\"201\" = \"无\"",
            1,
        )
        .replacen(
            "\"201\" = \"区党群服务中心建设",
            "\"2019\" = \"区党群服务中心建设",
            1,
        )
    });
    let case = Case::load(&case).unwrap();
    let r = check_case(&case);
    let said: Vec<String> = (r.findings.iter())
        .filter(|f| f.place.contains("\"201\""))
        .map(|f| format!("{} {} {} {}", f.rule, f.place, f.found, f.note))
        .collect();
    assert_eq!(
        said,
        [
            "P-原因 原因.按科目.\"201\"（一般公共服务支出）（第76行） “无” \
             与上年相比有变化、决算数也与年初预算数不同，却没有说明原因；填的“无”不会印出，请写明原因",
            "P-用途 用途.按科目.\"201\"（一般公共服务支出） 未填写 \
             这项支出有决算数，说明中这一段应写明“主要用于…”；未填（或填“无”）时这一句不写"
        ],
        "{}",
        listing(&r.findings)
    );
    let n = case.narrative();
    let d = &n.s5_general.details[0];
    assert_eq!((d.code.as_str(), &d.reason, &d.uses), ("201", &None, &None));
}

/// 国内公务接待费 is part of 09's 公务接待费, 外事 part of 国内: a part above its whole is
/// an error.
#[test]
fn reception_parts_within_their_whole() {
    let dir = tempfile::tempdir().unwrap();
    let r = with_profile(dir.path(), |t| {
        t.replacen(
            "[\"三公经费\"]\n",
            "[\"三公经费\"]\n\"国内公务接待费\" = 1\n",
            1,
        )
        .replacen("\"外事接待批次\" = 0", "\"外事接待批次\" = 2", 1)
    });
    assert_error(
        &r,
        "P-三公个数",
        "三公经费.国内公务接待费",
        "不超过公开09表公务接待费决算数 0.00",
        "1.00",
    );
    assert_error(
        &r,
        "P-三公个数",
        "三公经费.外事接待批次",
        "不超过国内公务接待批次 0",
        "2",
    );
}

#[test]
fn profile_year_must_match_the_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let r = with_profile(dir.path(), |t| {
        t.replacen("\"年度\" = 2023", "\"年度\" = 2022", 1)
    });
    assert_error(&r, "P-年度", "年度", "2023", "2022");
}

#[test]
fn procurement_parts_cannot_exceed_the_whole() {
    let dir = tempfile::tempdir().unwrap();
    let r = with_profile(dir.path(), |t| {
        let start = t.find("\"授予中小企业合同金额\"").expect("key in sample");
        let end = start + t[start..].find('\n').unwrap();
        format!(
            "{}\"授予中小企业合同金额\" = 40.00{}",
            &t[..start],
            &t[end..]
        )
    });
    assert_error(
        &r,
        "P-统计数",
        "政府采购.授予中小企业合同金额",
        "不超过政府采购合计",
        "40.00",
    );
}

/// 授予中小企业合同金额 left out of the profile: a hint that says what the document does
/// (it leaves the sentence out), not a 0.00 it never prints.
#[test]
fn an_unfilled_sme_amount_is_said_as_the_sentence_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let r = with_profile(dir.path(), |t| {
        t.replacen("\"授予中小企业合同金额\" = \"32.16\"\n", "", 1)
            .replacen("\"授予小微企业合同金额\" = \"32.16\"\n", "", 1)
    });
    let f = r
        .findings
        .iter()
        .find(|f| f.rule == "P-缺项" && f.place.starts_with("政府采购.授予中小企业合同金额"))
        .unwrap_or_else(|| panic!("{}", listing(&r.findings)));
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(
        f.note,
        "说明中将不写授予中小企业合同金额这一句；确实没有请填 0"
    );
    let case = case_copy(dir.path());
    let text = std::fs::read_to_string(case.join("部门信息.toml"))
        .unwrap()
        .replacen("\"授予中小企业合同金额\" = \"32.16\"\n", "", 1)
        .replacen("\"授予小微企业合同金额\" = \"32.16\"\n", "", 1);
    std::fs::write(case.join("部门信息.toml"), text).unwrap();
    let view = serde_json::to_string(&Case::load(&case).unwrap().view()).unwrap();
    assert!(view.contains("\"sme\":null"), "{view}");
}

#[test]
fn last_years_workbook_must_be_of_last_year() {
    let dir = tempfile::tempdir().unwrap();
    let case = case_copy(dir.path());
    // This year's workbook put in as last year's.
    std::fs::copy(
        Path::new(SAMPLE).join("公开表.xlsx"),
        case.join("上年公开表.xlsx"),
    )
    .unwrap();
    let r = check_case(&Case::load(&case).unwrap());
    assert_error(&r, "P-上年表", "年度", "2022年度", "2023年度");
    // The cause is listed first, before the 上年 figures it makes wrong.
    assert!(errors(&r).len() > 1, "{}", listing(&r.findings));
    assert_eq!(errors(&r)[0].rule, "P-上年表", "{}", listing(&r.findings));
    // This year's 年初结转和结余 starts from last year's 年末: a gap is a hint at both cells.
    edit_xlsx(
        &Path::new(SAMPLE).join("公开表.xlsx"),
        &case.join("上年公开表.xlsx"),
        "xl/worksheets/sheet1.xml",
        &[("F35", Some("18"))],
    );
    let r = check_case(&Case::load(&case).unwrap());
    let carry: Vec<String> = r
        .findings
        .iter()
        .filter(|f| f.place.contains("年初结转和结余"))
        .map(|f| format!("{:?}|{}|{}|{}", f.severity, f.place, f.expected, f.found))
        .collect();
    assert_eq!(
        carry,
        ["Warning|收入“年初结转和结余”（公开01表!C35）|18.00（上年公开表.xlsx 的年末结转和结余，公开01表!F35）|0.00"]
    );
    // Another department's workbook is refused, not only pointed out.
    common::build::rewrite_zip_member(
        &Path::new(SAMPLE).join("公开表.xlsx"),
        &case.join("上年公开表.xlsx"),
        "xl/worksheets/sheet1.xml",
        |xml| xml.replace("中共长治市屯留区委组织部", "长治市屯留区财政局"),
    );
    let r = check_case(&Case::load(&case).unwrap());
    assert_error(
        &r,
        "P-上年表",
        "部门名称",
        "中共长治市屯留区委组织部",
        "长治市屯留区财政局",
    );
}

/// A placeholder left in a workbook (`【待填写】` in a table's note, `XXXXXX` in a 绩效
/// form) would be printed as it is: refused where it stands. A form's own `……` rows
/// are not placeholders.
#[test]
fn placeholders_left_in_the_workbooks_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let r = corrupted(
        dir.path(),
        8,
        &[("A9", Some("注：【待填写】本单位无此项支出。"))],
    );
    assert_error(
        &r,
        "R-待填写",
        "工作表“公开08表”表下第1行说明",
        "写好的说明",
        "“注：【待填写】本单位无此项支出。”",
    );
    let case = case_with_edits(
        dir.path(),
        "绩效自评表.xlsx",
        "xl/worksheets/sheet1.xml",
        &[("C22", Some("XXXXXX")), ("C25", Some("……"))],
    );
    let r = check_case(&Case::load(&case).unwrap());
    let found: Vec<String> = errors(&r)
        .iter()
        .filter(|f| f.rule == "J-绩效自评")
        .map(|f| format!("{} {}", f.place, f.found))
        .collect();
    assert_eq!(found, ["项目1!C22 “XXXXXX”"], "{}", listing(&r.findings));
}

/// A 全年执行数 left blank beside a budget is named, not read as nothing spent.
#[test]
fn a_blank_execution_figure_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let case = case_with_edits(
        dir.path(),
        "绩效自评表.xlsx",
        "xl/worksheets/sheet1.xml",
        &[("F7", None), ("F8", None)],
    );
    let r = check_case(&Case::load(&case).unwrap());
    assert!(
        errors(&r)
            .iter()
            .any(|f| f.rule == "J-绩效自评" && f.place == "项目1!F7" && f.found == "空白"),
        "{:?}",
        errors(&r)
    );
}

/// 04's 财政拨款 income against 01's, each kind of 财政拨款 balancing within 04, and
/// 07's income and carry-overs against 04's 政府性基金.
#[test]
fn fiscal_funds_agree_between_01_04_and_07() {
    let base = Case::load(Path::new(SAMPLE)).unwrap().gongkai;

    let mut g = base.clone();
    let line = g
        .t04
        .income
        .iter_mut()
        .find(|l| l.label.contains("一般公共预算财政拨款") && !l.sub)
        .unwrap();
    line.amounts[0] = d("1150.00");
    let r = check_tables(&g);
    assert!(
        errors(&r).iter().any(|f| f.rule == "X-04对01"
            && f.place.contains("一般公共预算财政拨款")
            && f.found == "1150.00"),
        "{:?}",
        errors(&r)
    );

    let mut g = base.clone();
    let col = g
        .t04
        .expense_columns
        .iter()
        .position(|c| c == "一般公共预算财政拨款")
        .unwrap();
    let line = g
        .t04
        .expense
        .iter_mut()
        .find(|l| l.label.contains("年末") && !l.sub)
        .unwrap();
    line.amounts[col] = d("5.00");
    let r = check_tables(&g);
    assert!(
        errors(&r)
            .iter()
            .any(|f| f.rule == "R04-收支平衡" && f.expected == "0.00" && f.found == "5.00"),
        "{:?}",
        errors(&r)
    );

    let mut g = base.clone();
    let ci = g.t07.column("本年收入").unwrap();
    g.t07.total[ci] = d("10.00");
    let r = check_tables(&g);
    assert!(
        errors(&r)
            .iter()
            .any(|f| f.rule == "X-07对04" && f.place.contains("本年收入") && f.found == "10.00"),
        "{:?}",
        errors(&r)
    );
}

/// 七 tells 政府性基金's carry-overs and income, not only its spending.
#[test]
fn fund_section_has_income_and_carry_overs() {
    let mut case = Case::load(Path::new(SAMPLE)).unwrap();
    let t07 = &mut case.gongkai.t07;
    // 年初结转和结余 | 本年收入 | 本年支出 | 基本支出 | 项目支出 | 年末结转和结余
    t07.total = ["1.00", "10.00", "8.00", "0.00", "8.00", "3.00"]
        .iter()
        .map(|v| d(v))
        .collect();
    t07.meta.empty = false;
    let n = case.narrative();
    assert!(n.s7_fund.has_income);
    assert_eq!(n.s7_fund.carry_in.text, "1.00");
    assert_eq!(n.s7_fund.income.text, "10.00");
    assert_eq!(n.s7_fund.carry_out.text, "3.00");
    // 08 has no income column.
    assert!(!n.s8_capital.has_income);
}

/// Styles that discuss the two vehicle items as one take their reasons when the profile
/// gives them per item (as `check` asks for them).
#[test]
fn the_vehicle_pair_takes_the_per_item_reasons() {
    let case = Case::load(Path::new(SAMPLE)).unwrap();
    let r = &case.profile.reasons.sangong;
    let (a, b) = (&r["公务用车购置费"], &r["公务用车运行维护费"]);
    let n = case.narrative();
    assert_eq!(
        n.s9_sangong.vehicle.reason.as_deref(),
        Some(format!("购置费方面，{a}；运行维护费方面，{b}").as_str())
    );
}

fn jixiao_findings(dir: &Path, edits: &[(&str, Option<&str>)]) -> Vec<String> {
    jixiao_all_findings(dir, edits)
        .into_iter()
        .filter_map(|f| f.strip_prefix("错误|").map(str::to_string))
        .collect()
}

/// Stored values as clerks store them are not errors: a 结余 rounded to 2 places, a
/// 执行率 kept as a fraction under a percent format.
#[test]
fn jixiao_values_stored_at_other_precisions_are_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let found = jixiao_findings(dir.path(), &[("G7", Some("15.12")), ("H7", Some("0.4961"))]);
    assert!(found.is_empty(), "{found:?}");
    // A rate to one place (49.6 for 49.61), as a percentage or a fraction; a whole 50
    // says too little and is asked about.
    for rate in ["49.6", "0.496"] {
        let dir = tempfile::tempdir().unwrap();
        let found = jixiao_findings(dir.path(), &[("H7", Some(rate))]);
        assert!(found.is_empty(), "{rate}: {found:?}");
    }
    let dir = tempfile::tempdir().unwrap();
    let found = jixiao_findings(dir.path(), &[("H7", Some("50"))]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("项目1!H7"), "{found:?}");
}

/// 预算执行得分 from a 执行率 already rounded (14.8935 / 30: 49.65% → 4.97) is as right
/// as from the exact ratio (4.9645 → 4.96): a form made either way passes, and its 总分
/// with it. A 总分 of 89.995 prints 90.00 and is graded as printed: 优, not 良.
#[test]
fn jixiao_scores_are_taken_at_either_rounding_and_graded_as_printed() {
    let dir = tempfile::tempdir().unwrap();
    let mut edits = vec![];
    for r in ["7", "8"] {
        for (col, v) in [
            ("F", "14.8935"),
            ("G", "15.1065"),
            ("H", "49.65"),
            ("I", "4.97"),
        ] {
            edits.push((format!("{col}{r}"), Some(v)));
        }
    }
    edits.push(("I18".into(), Some("89.97")));
    let edits: Vec<(&str, Option<&str>)> = edits.iter().map(|(c, v)| (c.as_str(), *v)).collect();
    let found = jixiao_findings(dir.path(), &edits);
    assert!(found.is_empty(), "{found:?}");

    // 5 → 5.035 in an indicator: 总分 89.995, printed 90.00.
    let dir = tempfile::tempdir().unwrap();
    let found = jixiao_findings(
        dir.path(),
        &[("I15", Some("5.035")), ("I18", Some("89.995"))],
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("项目1!J18|优|良|"), "{found:?}");
    let dir = tempfile::tempdir().unwrap();
    let found = jixiao_findings(
        dir.path(),
        &[
            ("I15", Some("5.035")),
            ("I18", Some("89.995")),
            ("J18", Some("优")),
        ],
    );
    assert!(found.is_empty(), "{found:?}");
}

/// A % typed after an amount (`14.882%` under 全年执行数) is no amount: named at its
/// cell, not read as 14.882 万元. Under 执行率 it is the rate's own sign.
#[test]
fn jixiao_percent_sign_only_in_the_rate() {
    let dir = tempfile::tempdir().unwrap();
    let case = case_with_edits(
        dir.path(),
        "绩效自评表.xlsx",
        "xl/worksheets/sheet1.xml",
        &[("F8", Some("14.882%"))],
    );
    let err = Case::load(&case).err().expect("refused").to_string();
    assert!(
        err.contains("项目1!F8") && err.contains("金额（数字）") && err.contains("14.882%"),
        "{err}"
    );
    let dir = tempfile::tempdir().unwrap();
    let found = jixiao_findings(
        dir.path(),
        &[("H7", Some("49.61%")), ("H8", Some("49.61％"))],
    );
    assert!(found.is_empty(), "{found:?}");
}

/// The signature line under a form (填表人 … 审核人 … 填报日期) ends it: staff names are not
/// printed as an analysis row.
#[test]
fn jixiao_signature_line_is_not_an_analysis_row() {
    let lines: [[(&str, Option<&str>); 3]; 3] = [
        [
            ("A26", Some("填表人：李四")),
            ("E26", Some("审核人：王五")),
            ("H26", Some("填报日期：2024年3月1日")),
        ],
        // Opened by the stamp, the staff named further right.
        [
            ("A26", Some("填报单位（盖章）：中共长治市屯留区委组织部")),
            ("F26", Some("填表人：李四")),
            ("H26", Some("联系电话：0355-1234567")),
        ],
        [
            ("A26", Some("单位名称（盖章）：")),
            ("E26", Some("负责人：王五")),
            ("H26", Some("填报日期：2024年3月1日")),
        ],
    ];
    for line in lines {
        let dir = tempfile::tempdir().unwrap();
        let case = case_with_edits(
            dir.path(),
            "绩效自评表.xlsx",
            "xl/worksheets/sheet1.xml",
            &line,
        );
        let case = Case::load(&case).unwrap();
        let analysis = &case.projects[0].analysis;
        assert_eq!(analysis.len(), 7, "{analysis:?}");
        assert!(
            analysis.iter().all(|(l, t)| !(l.contains("盖章")
                || l.contains("李四")
                || t.contains("王五")
                || t.contains("李四"))),
            "{analysis:?}"
        );
    }
}

/// Header words of other provinces' forms: 一级指标名称, 权重 for 分值, 自评得分 for 得分,
/// and the 总分 row labelled `总分：`, `合计`, `综合得分`, `总分（100分）` or `自评得分`.
/// Read as the sample is, no finding.
#[test]
fn jixiao_header_wordings_of_other_forms_are_read() {
    // (`自评得分` heads the 得分 column here and labels the 总分 row too.)
    for total in ["总分：", "合计", "综合得分", "总分（100分）", "自评得分"] {
        let dir = tempfile::tempdir().unwrap();
        let found = jixiao_findings(
            dir.path(),
            &[
                ("B11", Some("一级指标名称")),
                ("H11", Some("权重")),
                ("I11", Some("自评得分")),
                ("A18", Some(total)),
            ],
        );
        assert!(found.is_empty(), "{total}: {found:?}");
        let case = case_with_edits(
            dir.path(),
            "绩效自评表.xlsx",
            "xl/worksheets/sheet1.xml",
            &[("A18", Some(total))],
        );
        let case = Case::load(&case).unwrap();
        assert_eq!(case.projects[0].grade, "良", "{total}");
    }
}

/// The grade written after its own label on the 总分 row (`… 89.96 | 评价等级 | 良`): the
/// label is not taken for the grade.
#[test]
fn jixiao_a_grade_after_its_label_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let found = jixiao_findings(
        dir.path(),
        &[("J18", Some("评价等级")), ("K18", Some("良"))],
    );
    assert!(found.is_empty(), "{found:?}");
    let dir = tempfile::tempdir().unwrap();
    let found = jixiao_findings(
        dir.path(),
        &[("J18", Some("评价等级")), ("K18", Some("优"))],
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("项目1!K18"), "{found:?}");
}

/// One mistyped 执行数 (41.882 for 14.882) beside the row's 结余 and 执行率, which agree
/// with each other: one error at the 执行数 with the figure they imply, not a cascade
/// telling the clerk to change the 结余, 执行率, 得分, 总分 and 等级 that are right.
#[test]
fn jixiao_a_mistyped_execution_is_named_alone() {
    let dir = tempfile::tempdir().unwrap();
    let found = jixiao_findings(
        dir.path(),
        &[("F7", Some("41.882")), ("F8", Some("41.882"))],
    );
    assert_eq!(
        found,
        [
            "项目1!F7|14.882（与本行的资金结余、执行率相符）|41.882|全年执行数：本行的结余、执行率相互一致，只与执行数不符：多半是执行数填错了",
            "项目1!F8|14.882（与本行的资金结余、执行率相符）|41.882|全年执行数：本行的结余、执行率相互一致，只与执行数不符：多半是执行数填错了",
        ]
    );
}

/// A 绩效 workbook named 项目支出自评表.xlsx (自评, not 绩效, in its name) is the case's
/// 绩效自评表, not a second 公开表.
#[test]
fn a_jixiao_workbook_named_zipingbiao_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let case = case_copy(dir.path());
    std::fs::rename(
        case.join("绩效自评表.xlsx"),
        case.join("项目支出自评表.xlsx"),
    )
    .unwrap();
    let loaded = Case::load(&case).unwrap();
    assert_eq!(loaded.projects.len(), 8);
}

/// The sample's 绩效 forms as the finance system exports them, one workbook per project
/// (tests/fixtures/jixiao_split), in place of its one workbook.
fn case_with_split_jixiao(dir: &Path) -> PathBuf {
    let case = case_copy(dir);
    std::fs::remove_file(case.join("绩效自评表.xlsx")).unwrap();
    for entry in std::fs::read_dir("tests/fixtures/jixiao_split").unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, case.join(p.file_name().unwrap())).unwrap();
    }
    case
}

/// One workbook per project reads as the one workbook does, projects in the order of the
/// files' numbers, each sheet named with its file.
#[test]
fn jixiao_forms_in_one_workbook_per_project_are_all_read() {
    let dir = tempfile::tempdir().unwrap();
    let split = Case::load(&case_with_split_jixiao(dir.path())).unwrap();
    let whole = Case::load(Path::new(SAMPLE)).unwrap();
    let summary = |c: &Case| -> Vec<(String, String, String)> {
        c.projects
            .iter()
            .map(|p| (p.name.clone(), p.total_score.to_string(), p.grade.clone()))
            .collect()
    };
    assert_eq!(summary(&split), summary(&whole));
    assert_eq!(split.projects[0].sheet, "[项目1绩效自评表.xlsx]项目1");
    assert_eq!(split.projects[7].sheet, "[项目8绩效自评表.xlsx]项目8");
    assert_eq!(check_case(&split).errors(), 0);
}

/// File names that do not say which workbook is which: each project's form saved under
/// the project's name, or the 公开表 named `…（含绩效自评）`. The contents decide.
#[test]
fn workbooks_named_otherwise_are_told_apart_by_their_contents() {
    let dir = tempfile::tempdir().unwrap();
    let case = case_with_split_jixiao(dir.path());
    for n in 1..=8 {
        let from = case.join(format!("项目{n}绩效自评表.xlsx"));
        std::fs::rename(from, case.join(format!("第{n}个项目.xlsx"))).unwrap();
    }
    let loaded = Case::load(&case).unwrap();
    assert_eq!(loaded.projects.len(), 8);
    assert_eq!(loaded.projects[1].sheet, "[第2个项目.xlsx]项目2");
    std::fs::rename(
        case.join("公开表.xlsx"),
        case.join("公开表（含绩效自评）.xlsx"),
    )
    .unwrap();
    let loaded = Case::load(&case).unwrap();
    assert_eq!(loaded.projects.len(), 8);
    assert!(
        loaded.gongkai.source.ends_with("公开表（含绩效自评）.xlsx"),
        "{}",
        loaded.gongkai.source
    );
}

/// A 汇总 workbook beside the projects' own adds no form and refuses nothing: its sheet is
/// said as not read.
#[test]
fn a_summary_workbook_beside_the_forms_is_skipped_and_said() {
    use common::build::{row, Book, Sheet};
    let dir = tempfile::tempdir().unwrap();
    let case = case_copy(dir.path());
    Book {
        sheets: vec![Sheet::new(
            "汇总",
            vec![
                common::book::jixiao_summary_heading(),
                row![1, "2023年党建工作经费", 30, 14.882, "49.61%", 89.96, "良"],
            ],
        )],
    }
    .save(&case, "项目支出绩效自评汇总表.xlsx");
    let loaded = Case::load(&case).unwrap();
    assert_eq!(loaded.projects.len(), 8);
    let said: Vec<String> = (check_case(&loaded).findings.iter())
        .filter(|f| f.rule == "J-工作表")
        .map(|f| format!("{} {}", f.place, f.found))
        .collect();
    assert_eq!(
        said,
        ["工作表“[项目支出绩效自评汇总表.xlsx]汇总” 没有绩效指标（一级指标），不是自评表（如汇总表）"]
    );
}

/// All eight forms stacked on one sheet (tests/fixtures/jixiao_stacked) read as the
/// eight sheets do, each with its year line at its own row.
#[test]
fn jixiao_forms_stacked_on_one_sheet_are_all_read() {
    let dir = tempfile::tempdir().unwrap();
    let case = case_copy(dir.path());
    std::fs::remove_file(case.join("绩效自评表.xlsx")).unwrap();
    std::fs::copy(
        "tests/fixtures/jixiao_stacked/全部项目绩效自评表.xlsx",
        case.join("全部项目绩效自评表.xlsx"),
    )
    .unwrap();
    let stacked = Case::load(&case).unwrap();
    let whole = Case::load(Path::new(SAMPLE)).unwrap();
    let views = |c: &Case| -> Vec<String> {
        (c.projects.iter())
            .map(|p| serde_json::to_string(&p.view(2023, 2)).unwrap())
            .collect()
    };
    assert_eq!(views(&stacked), views(&whole));
    let years: Vec<&str> = (stacked.projects.iter())
        .filter_map(|p| p.year.as_ref().map(|y| y.1.as_str()))
        .collect();
    assert_eq!(years[..3], ["全部项目!A2", "全部项目!A29", "全部项目!A56"]);
    assert_eq!(check_case(&stacked).errors(), 0);
}

/// A copy of a project's workbook kept beside it is named as such; the one workbook of
/// all projects beside one of them puts that project twice, said at both places.
#[test]
fn a_copied_jixiao_workbook_or_project_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let case = case_with_split_jixiao(dir.path());
    let copy = case.join("项目3绩效自评表 - 副本.xlsx");
    std::fs::copy(case.join("项目3绩效自评表.xlsx"), &copy).unwrap();
    let e = Case::load(&case).err().unwrap().to_string();
    assert!(
        e.contains("多个内容相同的绩效自评表工作簿（“项目3绩效自评表 - 副本.xlsx”、“项目3绩效自评表.xlsx”）"),
        "{e}"
    );
    std::fs::remove_file(copy).unwrap();
    std::fs::copy(
        Path::new(SAMPLE).join("绩效自评表.xlsx"),
        case.join("绩效自评表.xlsx"),
    )
    .unwrap();
    let report = check_case(&Case::load(&case).unwrap());
    let twice: Vec<String> = report
        .findings
        .iter()
        .filter(|f| f.rule == "J-重复")
        .map(|f| format!("{} {}", f.place, f.found))
        .collect();
    assert_eq!(twice.len(), 8, "{twice:?}");
    assert_eq!(
        twice[0],
        "工作表“[项目1绩效自评表.xlsx]项目1” 与工作表“[绩效自评表.xlsx]项目1”是同一项目“2023年党建工作经费”"
    );
}

/// A blank 全年预算数 beside spending, and a negative 执行数, are named at their cells.
#[test]
fn jixiao_blank_budget_and_negative_execution_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let found = jixiao_findings(dir.path(), &[("D7", None), ("E7", None)]);
    assert!(
        found
            .iter()
            .any(|f| f.starts_with("项目1!E7|数字|空白|全年预算数：有执行数却没有填写")),
        "{found:?}"
    );
    // Beside a 预算编制数, the form's rule (not adjusted: the 预算编制数) gives it: a
    // hint, and the figures computed from it.
    let dir = tempfile::tempdir().unwrap();
    let all = jixiao_all_findings(dir.path(), &[("E7", None)]);
    assert_eq!(
        all,
        ["提示|项目1!E7|数字（年初预算未调整时同预算编制数）|空白|全年预算数：已按预算编制数 30 计算执行率；请在表中填上"],
    );
    let dir = tempfile::tempdir().unwrap();
    let found = jixiao_findings(dir.path(), &[("F8", Some("-14.882"))]);
    assert!(
        found
            .iter()
            .any(|f| f.starts_with("项目1!F8|不小于 0|-14.882|")),
        "{found:?}"
    );
    // A blank 分值 beside a score: the blank cell is named, not "above 0".
    let dir = tempfile::tempdir().unwrap();
    let found = jixiao_findings(dir.path(), &[("H12", None)]);
    assert_eq!(
        found,
        ["项目1!H12|分值（数字）|空白|指标分值：得分为 20 的指标没有填分值"],
        "{found:?}"
    );
}

/// An analysis row whose text is blank (主要经验做法 with nothing beside it) is a hint at
/// its label's cell: the attachment would print an empty box.
#[test]
fn jixiao_blank_analysis_text_is_a_hint_at_its_label() {
    let dir = tempfile::tempdir().unwrap();
    let found = jixiao_all_findings(dir.path(), &[("C23", None)]);
    assert_eq!(
        found,
        ["提示|项目1!B23|在其右侧填写|空白|主要经验做法：未填写，附件中这一格将是空的"],
        "{found:?}"
    );
}

/// A formula error left in a 绩效 form's text cell (the 项目名称) is refused at its cell
/// rather than printed as the project's name.
#[test]
fn jixiao_formula_error_in_a_text_cell_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let case = case_with_edits(
        dir.path(),
        "绩效自评表.xlsx",
        "xl/worksheets/sheet1.xml",
        &[("C3", Some("#REF!"))],
    );
    let err = Case::load(&case).err().expect("refused").to_string();
    assert!(
        err.contains(
            "项目1!C3：应为文字或数字，实为“公式错误 #REF!，请在 Excel 中修正公式后重新保存”"
        ),
        "{err}"
    );
}

/// Every 绩效 finding (errors and hints) as `cell|expected|found|note`, after `edits`.
fn jixiao_all_findings(dir: &Path, edits: &[(&str, Option<&str>)]) -> Vec<String> {
    let case = case_with_edits(dir, "绩效自评表.xlsx", "xl/worksheets/sheet1.xml", edits);
    check_case(&Case::load(&case).unwrap())
        .findings
        .iter()
        .filter(|f| f.rule == "J-绩效自评")
        .map(|f| {
            let kind = if f.severity == Severity::Error {
                "错误"
            } else {
                "提示"
            };
            format!("{kind}|{}|{}|{}|{}", f.place, f.expected, f.found, f.note)
        })
        .collect()
}

/// The 其中 row against 资金总额 (one source: at most the total, less only a hint);
/// a budget of 0 beside spending is said once, without the 执行率, 得分, 总分 and 等级
/// it makes wrong; a 总分 typed `99.96分`; a blank 主管部门; spending above the budget.
#[test]
fn jixiao_funds_rows_are_checked_against_their_total() {
    let findings = |edits: &[(&str, Option<&str>)]| {
        let dir = tempfile::tempdir().unwrap();
        jixiao_all_findings(dir.path(), edits)
    };
    let has = |edits: &[(&str, Option<&str>)], line: &str| {
        let found = findings(edits);
        assert!(found.iter().any(|f| f == line), "{line}\n{found:?}");
    };
    // (The row's own 结余, 执行率 and 得分 made to agree with it: a 执行数 beside figures
    // that imply another is said as mistyped, see the test above.)
    has(
        &[
            ("F8", Some("16.882")),
            ("G8", Some("13.118")),
            ("H8", Some("56.27")),
            ("I8", Some("5.63")),
        ],
        "错误|项目1!F8|不超过资金总额 14.882|16.882|其中：财政资金的全年执行数：其中一项大于总额",
    );
    has(
        &[
            ("F8", Some("12.882")),
            ("G8", Some("17.118")),
            ("H8", Some("42.94")),
            ("I8", Some("4.29")),
        ],
        "提示|项目1!F8|资金总额 14.882（或列出其余资金来源）|12.882|其中：财政资金的全年执行数：只列出这一项资金来源，比总额少，其余来源未列出，请核实",
    );
    let found = findings(&[("E7", Some("0"))]);
    assert!(
        found
            .iter()
            .any(|f| f.starts_with("错误|项目1!E7|大于 0（有执行数）|0|")),
        "{found:?}"
    );
    assert!(
        !found
            .iter()
            .any(|f| ["!G7|", "!H7|", "!I7|", "!I18|", "!J18|"]
                .iter()
                .any(|c| f.contains(c))),
        "no consequences of the root error: {found:?}"
    );
    assert_eq!(
        findings(&[("I18", Some("99.96分"))]),
        ["错误|项目1!I18|89.96|99.96|总分：与计算值（预算执行得分加各指标得分）不符；若总分无误，则是某项指标的得分填错了"]
    );
    assert!(findings(&[("I18", Some("89.96分"))]).is_empty());
    assert_eq!(
        findings(&[("C4", None)]),
        ["提示|项目1!A4|在其右侧填写主管部门及代码|空白|主管部门及代码：未填写，附件中这一格将是空的"]
    );
    has(
        &[
            ("F7", Some("33")),
            ("F8", Some("33")),
            ("G7", Some("-3")),
            ("G8", Some("-3")),
            ("H7", Some("110")),
            ("H8", Some("110")),
            ("I7", Some("10")),
            ("I8", Some("10")),
        ],
        "提示|项目1!F7|不超过全年预算数 30|33（执行率 110.00%）|全年执行数：执行数超过全年预算数，请核实",
    );
    // A blank 执行数 in the 其中 row is said once, not again as a row short of the total.
    let found = findings(&[("F8", None)]);
    assert!(
        found
            .iter()
            .any(|f| f.starts_with("错误|项目1!F8|数字（未执行时填 0）|空白|"))
            && !found.iter().any(|f| f.contains("其余资金来源")),
        "{found:?}"
    );
    // A 总分 formula saved without its result stores nothing to compare: accepted.
    let dir = tempfile::tempdir().unwrap();
    let case = case_copy(dir.path());
    common::build::rewrite_zip_member(
        &Path::new(SAMPLE).join("绩效自评表.xlsx"),
        &case.join("绩效自评表.xlsx"),
        "xl/worksheets/sheet1.xml",
        |mut xml| {
            let start = xml.find("<c r=\"I18\"").unwrap();
            let end = start + xml[start..].find("</c>").unwrap() + "</c>".len();
            xml.replace_range(start..end, "<c r=\"I18\"><f>I7+SUM(I12:I17)</f></c>");
            xml
        },
    );
    let loaded = Case::load(&case).unwrap();
    assert_eq!(loaded.projects[0].total_score, d("89.96"));
    let r = check_case(&loaded);
    assert!(
        !r.findings.iter().any(|f| f.rule == "J-绩效自评"),
        "{:?}",
        r.findings
    );
}

/// A sheet titled as a 绩效自评表 but holding no project (its 项目名称 gone) is pointed
/// out, not silently left out of the 附件.
#[test]
fn a_jixiao_sheet_without_a_project_is_pointed_out() {
    let dir = tempfile::tempdir().unwrap();
    let case = case_copy(dir.path());
    let book = case.join("绩效自评表.xlsx");
    common::build::rewrite_zip_member(&book, &book, "xl/worksheets/sheet8.xml", |xml| {
        xml.replace("<t>项目名称</t>", "<t>名称</t>")
    });
    let loaded = Case::load(&case).unwrap();
    assert_eq!(loaded.projects.len(), 7);
    let r = check_case(&loaded);
    assert!(
        r.findings
            .iter()
            .any(|f| f.rule == "J-工作表" && f.place == "工作表“项目8”"),
        "{:?}",
        r.findings
    );
}

#[track_caller]
fn assert_warning(r: &Report, rule: &str, place: &str) {
    assert!(
        r.findings
            .iter()
            .any(|f| f.severity == Severity::Warning && f.rule == rule && f.place.contains(place)),
        "no {rule} warning at {place} in:\n{}",
        listing(&r.findings)
    );
}

/// 01 lists 住房保障支出's 22.74 under 城乡社区支出, a 类 that 03 does not have: the
/// error points at 01's cell, not only at 03's now unmatched 221.
#[test]
fn a_class_line_of_01_missing_from_03_is_named_at_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let r = corrupted(dir.path(), 1, &[("F17", Some("22.74")), ("F25", None)]);
    assert_error(
        &r,
        "X-03类对01",
        "十一、城乡社区支出”（公开01表!F17）",
        "公开03表中有“城乡社区支出”类，金额 22.74",
        "公开03表中没有这一类",
    );
}

/// `────` marks a 类 of 06 that does not apply; an amount under it is refused.
#[test]
fn an_amount_under_a_not_applicable_class_of_06_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let r = corrupted(dir.path(), 6, &[("I12", Some("5"))]);
    assert_error(
        &r,
        "R06-明细",
        "309 资本性支出（基本建设）",
        "其下各款之和 5",
        "────（不适用）",
    );
}

/// 07: 年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出, row by row.
#[test]
fn table_07_carry_over_must_balance() {
    let mut g = Case::load(Path::new(SAMPLE)).unwrap().gongkai;
    // 年初 2 | 收入 5 | 支出 5 (基本 0, 项目 5) | 年末 2: balanced.
    with_one_row(
        &mut g.t07,
        "229",
        "其他支出",
        &["2.00", "5.00", "5.00", "0.00", "5.00", "2.00"],
    );
    let balance = |r: &Report| -> Vec<String> {
        errors(r)
            .iter()
            .filter(|f| f.rule == "R07-结转平衡")
            .map(|f| format!("{} {} {}", f.place, f.expected, f.found))
            .collect()
    };
    assert!(balance(&check_tables(&g)).is_empty());
    g.t07.rows[0].values[5] = d("1.00");
    assert_eq!(
        balance(&check_tables(&g)),
        ["229 其他支出“年末结转和结余” 2.00 1.00"]
    );
}

/// 年初预算 by 项 adding to more than its 类 is an error; last year's by 类 adding to
/// less than last year's total only a hint (a 类 spent last year may have no row now).
#[test]
fn budget_items_cannot_exceed_their_class() {
    let dir = tempfile::tempdir().unwrap();
    let r = with_profile(dir.path(), |t| {
        t.replacen(
            "\"208\" = \"30.35\"",
            "\"208\" = \"30.35\"\n\"2080505\" = \"25.00\"\n\"2080506\" = \"8.00\"",
            1,
        )
    });
    assert_error(
        &r,
        "P-科目合计",
        "年初预算.按科目.\"208\"",
        "不小于其下各科目之和 33.00",
        "30.35",
    );
    assert_warning(&r, "P-科目合计", "上年.一般公共预算财政拨款支出");
}

/// A 上年 figure left out silently drops the comparison from the narrative: named.
#[test]
fn a_missing_prior_figure_is_pointed_out() {
    let dir = tempfile::tempdir().unwrap();
    let r = with_profile(dir.path(), |t| {
        t.replacen("\"208\" = \"31.80\"\n", "", 1)
            .replacen("\"机关运行经费\" = \"7.28\"\n", "", 1)
    });
    assert_eq!(r.errors(), 0, "{:?}", errors(&r));
    assert_warning(
        &r,
        "P-缺项",
        "上年.一般公共预算财政拨款支出按科目.\"208\"（社会保障和就业支出）",
    );
    assert_warning(&r, "P-缺项", "上年.机关运行经费");
}

/// The 三公 counts live only in the profile: a count without spending is pointed out.
#[test]
fn sangong_counts_against_spending() {
    let dir = tempfile::tempdir().unwrap();
    let r = with_profile(dir.path(), |t| {
        t.replacen("\"出国团组数\" = 0", "\"出国团组数\" = 2", 1)
    });
    assert_warning(&r, "P-三公个数", "三公经费.出国团组数");
    assert!(!r
        .findings
        .iter()
        .any(|f| f.rule == "P-三公个数" && f.place.contains("接待")));
}

/// A grade count under a name the style does not grade by (中 under Shanghai's 合格) is
/// named, not silently dropped from the sum.
#[test]
fn a_grade_the_style_does_not_have_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let case = case_copy(dir.path());
    let p = case.join("部门信息.toml");
    let text = std::fs::read_to_string(&p).unwrap().replacen(
        "\"良\" = 16\n\"中\" = 0",
        "\"良\" = 14\n\"中\" = 2",
        1,
    );
    std::fs::write(&p, text).unwrap();
    std::fs::write(case.join("设置.toml"), "\"版式\" = \"上海\"\n").unwrap();
    let settings = juesuan::settings::load(&[&case]).unwrap();
    let r = check_case(&Case::load_with(&case, settings).unwrap());
    assert_error(
        &r,
        "P-绩效等级",
        "绩效自评.等级个数.中",
        "本版式的等级之一：优、良、合格、不合格",
        "“中” 2 个",
    );
    // 差 = 0 is harmless.
    assert!(!r.findings.iter().any(|f| f.place.contains("等级个数.差")));
    // The sum short of 21 follows from the grade named above: not said again.
    assert_eq!(
        errors(&r).iter().filter(|f| f.rule == "P-绩效等级").count(),
        1,
        "{}",
        listing(&r.findings)
    );
}

/// In a workbook exported in 元, an amount under 50 元 shows as 0.00 万元 and still carries
/// its rounding: 货物 226,949 元 + 工程 40 元 = 226,989 元 reads 22.69 + 0.00 against 22.70,
/// a rounding tail, not an error. The same figures typed in 万元 are an error.
#[test]
fn hidden_small_amounts_of_a_yuan_workbook_count_towards_the_tail() {
    let mut g = Case::load(Path::new(SAMPLE)).unwrap().gongkai;
    let t10 = g.t10.as_mut().unwrap();
    let mut set = |needle: &str, v: &str| {
        let l = t10
            .lines
            .iter_mut()
            .find(|l| l.section.contains("政府采购") && l.label.contains(needle))
            .unwrap_or_else(|| panic!("{needle}"));
        l.value = d(v);
    };
    set("合计", "22.70");
    set("货物", "22.69");
    set("工程", "0.00");
    set("服务", "0.00");
    let procurement = |r: &Report| -> Vec<(Severity, String)> {
        r.findings
            .iter()
            .filter(|f| f.rule == "R10-政府采购")
            .map(|f| (f.severity, f.note.clone()))
            .collect()
    };
    let found = procurement(&check_tables(&g));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, Severity::Error, "{found:?}");
    g.t10.as_mut().unwrap().meta.unit = juesuan::model::SourceUnit::Yuan;
    // From 元, figures shown as 0.00 are exactly 0: 22.69 alone cannot round to 22.70.
    let found = procurement(&check_tables(&g));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, Severity::Error, "{found:?}");
    // Unless the workbook holds amounts under 50 元: 工程 and 服务 may be 40 元 each.
    g.yuan_below_cent = true;
    let found = procurement(&check_tables(&g));
    assert_eq!(
        found,
        [(
            Severity::Warning,
            "与货物、工程、服务之和相差 0.01，在万元取整的尾差范围内（3 个数由元折算为万元，各自四舍五入，合计至多相差 0.01）".to_string()
        )]
    );

    // 22.69 + 0.01 + 0.01 against 22.73: within a cent per figure typed in 万元, but figures
    // rounded one by one from 元 cannot be 0.02 apart from their total.
    let t10 = g.t10.as_mut().unwrap();
    for (needle, v) in [("合计", "22.73"), ("工程", "0.01"), ("服务", "0.01")] {
        if let Some(l) = t10.lines.iter_mut().find(|l| l.label.contains(needle)) {
            l.value = d(v);
        }
    }
    let found = procurement(&check_tables(&g));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, Severity::Error, "{found:?}");
    g.t10.as_mut().unwrap().meta.unit = juesuan::model::SourceUnit::Wanyuan;
    let found = procurement(&check_tables(&g));
    assert_eq!(found[0].0, Severity::Warning, "{found:?}");
}

/// 03's 基本支出 and 项目支出 swapped on every row: every total of 03 still adds up, but
/// 05's 基本支出 of a code is more than 03's.
#[test]
fn swapped_kinds_of_spending_in_03_are_caught_against_05() {
    let mut g = Case::load(Path::new(SAMPLE)).unwrap().gongkai;
    let (basic, project) = (
        g.t03.column("基本支出").unwrap(),
        g.t03.column("项目支出").unwrap(),
    );
    for row in g.t03.rows.iter_mut() {
        row.values.swap(basic, project);
    }
    g.t03.total.swap(basic, project);
    let r = check_tables(&g);
    let found: Vec<String> = errors(&r)
        .iter()
        .filter(|f| f.rule == "X-财政拨款对03")
        .map(|f| format!("{} {} {}", f.place, f.expected, f.found))
        .collect();
    assert!(
        found.contains(
            &"2013201 行政运行“基本支出”（公开03表!D10） 不小于财政拨款基本支出 82.32（公开05表!D10 82.32） 0.00"
                .to_string()
        ),
        "{found:#?}"
    );
}

/// A 公开10表 with a 合计 line for 机关运行经费 and 其中 lines under 政府采购 (another
/// province's layout): the 合计 is the figure, the 其中 lines are not parts of the total.
#[test]
fn info_table_totals_and_their_parts() {
    use juesuan::model::StatLine;
    let mut g = Case::load(Path::new(SAMPLE)).unwrap().gongkai;
    let t10 = g.t10.as_mut().unwrap();
    let line = |t10: &juesuan::model::InfoTable, section: &str, label: &str, v: &str| StatLine {
        section: section.into(),
        label: label.into(),
        line_no: None,
        value: d(v),
        count: false,
        at: t10.lines[0].at.clone(),
    };
    let running = t10
        .lines
        .iter()
        .position(|l| l.section.contains("机关运行经费"))
        .unwrap();
    let total = line(t10, "二、机关运行经费", "机关运行经费合计", "9.37");
    t10.lines.insert(running, total);
    let sme = line(
        t10,
        "一、政府采购情况",
        "其中：授予中小企业合同金额",
        "32.16",
    );
    let small = line(
        t10,
        "一、政府采购情况",
        "其中：授予小微企业合同金额",
        "30.00",
    );
    t10.lines.insert(4, sme);
    t10.lines.insert(5, small);
    assert_eq!(t10.running_costs(), d("9.37"));
    let rules = |g: &juesuan::model::Gongkai| -> Vec<String> {
        check_tables(g)
            .findings
            .iter()
            .filter(|f| f.rule.starts_with("R10-"))
            .map(|f| format!("{} {} {}", f.rule, f.expected, f.found))
            .collect()
    };
    assert_eq!(rules(&g), Vec::<String>::new());
    let t10 = g.t10.as_mut().unwrap();
    t10.lines
        .iter_mut()
        .find(|l| l.label == "机关运行经费合计")
        .unwrap()
        .value = d("9.47");
    assert_eq!(t10.running_costs(), d("9.47"));
    assert_eq!(rules(&g), ["R10-机关运行经费 9.37 9.47"]);
}

/// The 绩效 workbook of the case, with members rewritten: `(member, from, to)`.
fn jixiao_rewritten(dir: &Path, edits: &[(&str, &str, &str)]) -> Case {
    let case = case_copy(dir);
    let book = case.join("绩效自评表.xlsx");
    for (member, from, to) in edits {
        common::build::rewrite_zip_member(&book, &book, member, |xml| {
            assert!(xml.contains(from), "{from} not in {member}");
            xml.replacen(from, to, 1)
        });
    }
    Case::load(&case).unwrap()
}

/// A stored 执行率 that is an Excel error (#DIV/0!) is named at its cell like a wrong one.
#[test]
fn a_stored_rate_that_is_not_a_number_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let case = jixiao_rewritten(
        dir.path(),
        &[(
            "xl/worksheets/sheet1.xml",
            "<c r=\"H7\" t=\"n\"><v>49.61</v></c>",
            "<c r=\"H7\" t=\"e\"><v>#DIV/0!</v></c>",
        )],
    );
    let r = check_case(&case);
    assert_error(&r, "J-绩效自评", "项目1!H7", "49.61", "“#DIV/0!”");
}

/// Another department's 绩效 workbook copied into the case: each form whose 主管部门 and
/// 预算单位 both name another body is an error; a form naming the department as its
/// 主管部门 (a unit's own project) is not.
#[test]
fn jixiao_forms_of_another_department_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let case = jixiao_rewritten(
        dir.path(),
        &[
            (
                "xl/worksheets/sheet1.xml",
                "<t>007-中共长治市屯留区委组织部</t>",
                "<t>012-长治市屯留区教育局</t>",
            ),
            (
                "xl/worksheets/sheet1.xml",
                "<t>007001-中共长治市屯留区委组织部</t>",
                "<t>012001-长治市屯留区教育局</t>",
            ),
        ],
    );
    let r = check_case(&case);
    let wrong: Vec<_> = errors(&r)
        .into_iter()
        .filter(|f| f.rule == "J-部门")
        .collect();
    assert!(!wrong.is_empty(), "{}", listing(&r.findings));
    assert_eq!(wrong[0].expected, "中共长治市屯留区委组织部");
    assert_eq!(
        wrong[0].found,
        "012-长治市屯留区教育局，012001-长治市屯留区教育局"
    );
    assert!(
        wrong[0].place.contains("主管部门及预算单位"),
        "{}",
        wrong[0].place
    );
    assert!(!check_case(&Case::load(Path::new(SAMPLE)).unwrap())
        .findings
        .iter()
        .any(|f| f.rule == "J-部门"));
}

/// A form of another year, a project's sheet copied, a hidden sheet: each is said, at
/// its sheet, rather than printed into the 附件.
#[test]
fn jixiao_forms_of_another_year_copied_or_hidden_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let case = jixiao_rewritten(
        dir.path(),
        &[("xl/worksheets/sheet1.xml", "（2023年度）", "（2022年度）")],
    );
    let r = check_case(&case);
    assert_error(&r, "J-年度", "项目1!A2", "2023年度", "2022年度");
    assert_eq!(
        errors(&r).iter().filter(|f| f.rule == "J-年度").count(),
        1,
        "{}",
        listing(&r.findings)
    );
    // A carried-over project's title with an earlier year: the year line under it is
    // the form's year.
    let dir = tempfile::tempdir().unwrap();
    let case = jixiao_rewritten(
        dir.path(),
        &[(
            "xl/worksheets/sheet1.xml",
            "2023年党建工作经费项目支出绩效自评表",
            "2022年度党建结转经费项目支出绩效自评表",
        )],
    );
    assert_eq!(case.projects[0].year, Some((2023, "项目1!A2".to_string())));
    assert!(!check_case(&case)
        .findings
        .iter()
        .any(|f| f.rule == "J-年度"));
    // Only the profile's 年度 wrong (every form and the 公开表 say 2023): one error, not
    // one more per form.
    let dir = tempfile::tempdir().unwrap();
    let case = case_copy(dir.path());
    let profile = case.join("部门信息.toml");
    let text = std::fs::read_to_string(&profile).unwrap();
    assert!(text.contains("\"年度\" = 2023"));
    std::fs::write(
        &profile,
        text.replacen("\"年度\" = 2023", "\"年度\" = 2024", 1),
    )
    .unwrap();
    let r = check_case(&Case::load(&case).unwrap());
    let rules: Vec<&str> = errors(&r)
        .iter()
        .map(|f| f.rule.as_str())
        .filter(|rule| rule.ends_with("年度"))
        .collect();
    assert_eq!(rules, ["P-年度"], "{}", listing(&r.findings));

    let dir = tempfile::tempdir().unwrap();
    let case = jixiao_rewritten(
        dir.path(),
        &[(
            "xl/worksheets/sheet2.xml",
            "<c r=\"C3\" t=\"inlineStr\"><is><t>",
            "<c r=\"C3\" t=\"inlineStr\"><is><t>2023年党建工作经费</t></is></c><c r=\"Z3\" t=\"inlineStr\"><is><t>",
        )],
    );
    let r = check_case(&case);
    assert_error(
        &r,
        "J-重复",
        "项目2",
        "每个项目一张自评表",
        "与工作表“项目1”是同一项目“2023年党建工作经费”",
    );

    let dir = tempfile::tempdir().unwrap();
    let case = jixiao_rewritten(
        dir.path(),
        &[(
            "xl/worksheets/sheet1.xml",
            "<row r=\"12\">",
            "<row r=\"12\" hidden=\"1\">",
        )],
    );
    assert_eq!(
        case.projects[0].indicators.len(),
        6,
        "a hidden row is still read"
    );
    let r = check_case(&case);
    assert!(
        r.findings.iter().any(|f| f.rule == "J-隐藏行"
            && f.place == "项目1!B12"
            && f.found == "隐藏的行（产出指标 数量指标 党建工作要抓好几个方面 三个）"),
        "{}",
        listing(&r.findings)
    );

    let dir = tempfile::tempdir().unwrap();
    let case = jixiao_rewritten(
        dir.path(),
        &[(
            "xl/workbook.xml",
            "<sheet name=\"项目8\" sheetId=\"8\" state=\"visible\"",
            "<sheet name=\"项目8\" sheetId=\"8\" state=\"hidden\"",
        )],
    );
    assert_eq!(case.projects.len(), 7);
    let r = check_case(&case);
    assert!(
        r.findings.iter().any(|f| f.rule == "J-工作表"
            && f.place == "工作表“项目8”"
            && f.found == "是隐藏的工作表"),
        "{}",
        listing(&r.findings)
    );
}

/// A 年初预算 under a 政府性基金 项 (公开07表) is told in that table's section: no
/// "not in 公开05表" warning for it; under a code no table has, there is one.
#[test]
fn a_budget_under_a_fund_item_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let path = case_with_profile(dir.path(), |t| {
        t.replacen(
            "[\"年初预算\".\"按科目\"]\n",
            "[\"年初预算\".\"按科目\"]\n\"2120801\" = \"600.00\"\n",
            1,
        )
    });
    let mut case = Case::load(&path).unwrap();
    let unused = |case: &Case| {
        check_case(case)
            .findings
            .iter()
            .any(|f| f.rule == "P-科目" && f.place.contains("2120801"))
    };
    assert!(unused(&case), "no table has 2120801 yet");
    let mut row = case.gongkai.t05.rows[0].clone();
    row.code = "2120801".into();
    row.name = "征地和拆迁补偿支出".into();
    row.values = vec![rust_decimal::Decimal::ZERO; case.gongkai.t07.columns.len()];
    case.gongkai.t07.rows.push(row);
    assert!(!unused(&case));
}

/// A reason under a 科目 no table has (a mistyped code) would never be printed.
#[test]
fn a_reason_under_an_unknown_code_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let r = with_profile(dir.path(), |t| {
        t.replace("\"221\" = \"人员增加\"", "\"212\" = \"人员增加\"")
    });
    assert_error(
        &r,
        "P-科目",
        "原因.按科目.\"212\"",
        "公开表中存在的科目代码",
        "各表都没有科目 212",
    );
    // The right code with an invisible character pasted after it.
    let dir = tempfile::tempdir().unwrap();
    let r = with_profile(dir.path(), |t| {
        t.replace("\"208\" = \"人员增加\"", "\"208\u{200b}\" = \"人员增加\"")
    });
    assert_error(
        &r,
        "P-科目",
        "原因.按科目.\"208\\u{200b}\"",
        "公开表中存在的科目代码",
        "“208\\u{200b}”中除数字 208 外还有空格或看不见的字符",
    );
}

/// Funds taken from the 8 attached projects alone are less than the department's 项目支出:
/// the text does not list it under them, and check says why.
#[test]
fn attached_funds_below_the_project_spending_drop_the_parts() {
    let dir = tempfile::tempdir().unwrap();
    let case = case_with_profile(dir.path(), |t| {
        t.replace("\"自评项目个数\" = 21\n", "")
            .replace("\"自评项目资金\" = \"1,066.79\"\n", "")
    });
    let case = Case::load(&case).unwrap();
    let s = case.narrative().s10_performance;
    assert_eq!(s.funds.text, "614.58"); // 30 + 50 + 124.582 + 50 + 10 + 230 + 100 + 20
    assert_eq!(s.general_project.text, "853.15");
    assert!(!s.parts_within_funds);
    let r = check_case(&case);
    assert!(
        r.findings
            .iter()
            .any(|f| f.rule == "P-绩效资金" && f.found == "未填写（取附件中 8 个项目之和 614.58）"),
        "{}",
        listing(&r.findings)
    );
}

/// A workbook saved with macros (`.xlsm`) is the 公开表 of its case like an `.xlsx`.
#[test]
fn a_macro_workbook_is_a_case_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let case = case_copy(dir.path());
    std::fs::rename(case.join("公开表.xlsx"), case.join("公开表.xlsm")).unwrap();
    let c = Case::load(&case).unwrap();
    assert_eq!(c.gongkai.t05.total_of("合计"), Decimal::new(115659, 2));
}

/// Mistakes every sum survives: a 项 moved under another class, two rows' figures
/// swapped, 机关运行经费 with a digit too many. Each is refused at its row.
#[test]
fn rows_moved_or_swapped_and_a_tenfold_running_cost_are_refused() {
    let base = Case::load(Path::new(SAMPLE)).unwrap().gongkai;

    // 2080501 (0.60) moved from under 20805 to below 2101102.
    let mut g = base.clone();
    let i = g.t03.rows.iter().position(|r| r.code == "2080501").unwrap();
    let row = g.t03.rows.remove(i);
    let j = g.t03.rows.iter().position(|r| r.code == "2101102").unwrap();
    g.t03.rows.insert(j + 1, row);
    let r = check_tables(&g);
    assert_error(
        &r,
        "R03-科目位置",
        "2080501",
        "排在上级科目 20805 之下",
        "排在 21011 行政事业单位医疗 之下",
    );

    // 05's 2080505 (31.76) and 2080506 (5.07) swapped: 2080506 spends more from 一般公共预算
    // than it spends in all (03).
    let mut g = base.clone();
    let col = g.t05.column("合计").unwrap();
    let a = g.t05.rows.iter().position(|r| r.code == "2080505").unwrap();
    let b = g.t05.rows.iter().position(|r| r.code == "2080506").unwrap();
    let (va, vb) = (g.t05.rows[a].values[col], g.t05.rows[b].values[col]);
    g.t05.rows[a].values[col] = vb;
    g.t05.rows[b].values[col] = va;
    let r = check_tables(&g);
    assert_error(
        &r,
        "X-财政拨款对03",
        "2080506",
        "不小于财政拨款支出 31.76",
        "5.07",
    );

    // 机关运行经费 9.37 typed 93.70: more than all 公用经费 of 06.
    let mut g = base.clone();
    let t10 = g.t10.as_mut().unwrap();
    let line = t10
        .lines
        .iter_mut()
        .find(|l| l.section.contains("机关运行经费"))
        .unwrap();
    line.value = d("93.70");
    let r = check_tables(&g);
    assert_error(
        &r,
        "X-10对06",
        "机关运行经费（公开10表!",
        "不超过公开06表公用经费合计 9.37",
        "93.70",
    );
    // Told in two lines (行政单位, 参公事业单位), each rounded to 万元: their sum may pass
    // the 06 total by a cent a line, not more.
    let split = |a: &str, b: &str| {
        let mut g = base.clone();
        let t10 = g.t10.as_mut().unwrap();
        let i = t10
            .lines
            .iter()
            .position(|l| l.section.contains("机关运行经费"))
            .unwrap();
        let mut second = t10.lines[i].clone();
        t10.lines[i].label = "（一）行政单位".into();
        t10.lines[i].value = d(a);
        second.label = "（二）参照公务员法管理事业单位".into();
        second.value = d(b);
        t10.lines.insert(i + 1, second);
        check_tables(&g)
    };
    let r = split("4.69", "4.70");
    assert!(errors(&r).is_empty(), "{}", listing(&r.findings));
    assert!(r
        .findings
        .iter()
        .any(|f| f.rule == "X-10对06" && f.is_rounding_tail()));
    assert_error(
        &split("4.70", "4.71"),
        "X-10对06",
        "机关运行经费（公开10表!",
        "不超过公开06表公用经费合计 9.37",
        "9.41",
    );
    assert!(errors(&check_tables(&base)).is_empty());
}

/// A reason saying there was no such spending beside money spent, and a 上年 figure with
/// a digit too many, are pointed out.
#[test]
fn a_contradicting_reason_and_a_tenfold_prior_figure_are_pointed_out() {
    let dir = tempfile::tempdir().unwrap();
    let case = case_with_profile(dir.path(), |t| {
        t.replace(
            "\"机关运行经费\" = \"7.28\"",
            "\"机关运行经费\" = \"72.80\"",
        )
    });
    let mut c = Case::load(&case).unwrap();
    // 公务接待费 spent, its reason still last year's "本单位无公务接待支出".
    c.gongkai.t09.actual.reception = d("1.50");
    let r = check_case(&c);
    let warned = |rule: &str, place: &str, found: &str| {
        r.findings.iter().any(|f| {
            f.rule == rule && f.place.starts_with(&format!("{place}（第")) && f.found == found
        })
    };
    assert!(
        warned("P-数量级", "上年.机关运行经费", "72.80"),
        "{}",
        listing(&r.findings)
    );
    assert!(
        warned(
            "P-原因矛盾",
            "原因.三公经费.公务接待费",
            "“本单位无公务接待支出”"
        ),
        "{}",
        listing(&r.findings)
    );

    // Typed in 元 (10,000 times the 万元): an error, listed first, saying the 万元 figure.
    let case = case_with_profile(dir.path(), |t| {
        t.replace("\"机关运行经费\" = \"7.28\"", "\"机关运行经费\" = 72800")
    });
    let r = check_case(&Case::load(&case).unwrap());
    let first = errors(&r)[0];
    assert_eq!(
        (first.rule.as_str(), first.place.as_str(), first.note.as_str()),
        (
            "P-数量级",
            "上年.机关运行经费（第31行）",
            "上年数是本年决算的 7769 倍，像是按元填写的：本文件的金额以万元为单位，72800.00 元应写作 7.28"
        ),
        "{}",
        listing(&r.findings)
    );
}

/// A reason speaking only of the opposite direction of its figure (last year's text kept,
/// or pasted from another item) is pointed out; one naming both directions, or the sample's
/// own reasons, are not.
#[test]
fn reasons_that_contradict_their_figures_are_pointed_out() {
    let clean = check_case(&Case::load(Path::new(SAMPLE)).unwrap());
    assert!(
        !clean.findings.iter().any(|f| f.rule == "P-原因矛盾"),
        "{}",
        listing(&clean.findings)
    );
    let dir = tempfile::tempdir().unwrap();
    let r = with_profile(dir.path(), |t| {
        t.replacen(
            "\"机关运行经费\" = \"7.28\"",
            "\"机关运行经费\" = \"9.37\"",
            1,
        )
        .replacen(
            "\"208\" = \"人员增加\"",
            "\"208\" = \"人员减少，缴费下降\"",
            1,
        )
        .replacen(
            "\"210\" = \"人员增加\"",
            "\"210\" = \"人员增加，公用经费压减\"",
            1,
        )
    });
    let contradiction = |place: &str| {
        r.findings
            .iter()
            .find(|f| f.rule == "P-原因矛盾" && f.place.starts_with(&format!("{place}（第")))
            .map(|f| (f.expected.clone(), f.found.clone()))
    };
    assert_eq!(
        contradiction("原因.机关运行经费"),
        Some((
            "与“与上年持平”相符的原因".into(),
            "“主题教育办公室办公设施设备购置经费增加”".into()
        )),
        "{}",
        listing(&r.findings)
    );
    assert_eq!(
        contradiction("原因.按科目.\"208\"（社会保障和就业支出）"),
        Some((
            "与“较上年增加 5.62 万元”相符的原因".into(),
            "“人员减少，缴费下降”".into()
        )),
        "{}",
        listing(&r.findings)
    );
    assert_eq!(
        r.findings.iter().filter(|f| f.rule == "P-原因矛盾").count(),
        2,
        "{}",
        listing(&r.findings)
    );
}

/// A 类 with money last year and none this year: its paragraph tells the spending
/// stopped, its reason is accepted (not a code no table has), and without last year's
/// workbook to name it the clerk is told so.
#[test]
fn a_class_that_had_money_last_year_only_is_told_and_may_have_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let case = case_with_profile(dir.path(), |t| {
        t.replacen(
            "\"208\" = \"31.80\"",
            "\"208\" = \"31.80\"\n\"213\" = \"12.50\"",
            1,
        )
        .replacen(
            "\"208\" = \"人员增加\"",
            "\"208\" = \"人员增加\"\n\"213\" = \"项目已完成\"",
            1,
        )
    });
    let c = Case::load(&case).unwrap();
    let r = check_case(&c);
    assert!(
        !r.findings
            .iter()
            .any(|f| f.rule == "P-科目" && f.place.starts_with("原因")),
        "{}",
        listing(&r.findings)
    );
    assert_warning(&r, "P-科目", "上年.一般公共预算财政拨款支出按科目.\"213\"");
    let n = c.narrative();
    let d = n
        .s5_general
        .details
        .iter()
        .find(|d| d.code == "213")
        .unwrap();
    assert_eq!(d.name, "科目213");
    assert_eq!(d.change.direction, "减少");
    assert_eq!(d.reason.as_deref(), Some("项目已完成"));
    // Told among this year's classes by its code, not after the last of them.
    let codes: Vec<&str> = n
        .s5_general
        .details
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    assert_eq!(codes, ["201", "208", "210", "213", "221"]);
}

/// A 分值 typed wrong leaves the form's points off 100 (the 总分 and grade are read from
/// them): pointed out with the sum.
#[test]
fn indicator_points_that_do_not_make_100_are_pointed_out() {
    let mut c = Case::load(Path::new(SAMPLE)).unwrap();
    assert!(!check_case(&c).findings.iter().any(|f| f.rule == "J-分值"));
    c.projects[0].indicators[0].max += d("50");
    let r = check_case(&c);
    let f = r
        .findings
        .iter()
        .find(|f| f.rule == "J-分值")
        .unwrap_or_else(|| panic!("{}", listing(&r.findings)));
    assert_eq!(
        f.place,
        "工作表“项目1”（2023年党建工作经费）的分值（项目1!H12～H17）"
    );
    assert_eq!(f.found, "150 分");
    // Over 100 is an error (a 总分 above 100 would grade the project 优); short a hint.
    assert_eq!(f.severity, Severity::Error);
    c.projects[0].indicators[0].max -= d("60");
    let r = check_case(&c);
    let f = r.findings.iter().find(|f| f.rule == "J-分值").unwrap();
    assert_eq!((f.severity, f.found.as_str()), (Severity::Warning, "90 分"));
}

/// A 绩效自评表 far longer than any form is an error of `check` (and `generate` refuses
/// to typeset it), naming the project and its sheet.
#[test]
fn a_form_too_long_to_typeset_is_an_error() {
    let mut c = Case::load(Path::new(SAMPLE)).unwrap();
    let one = c.projects[0].indicators[0].clone();
    c.projects[0].indicators = vec![one; 301];
    let r = check_case(&c);
    let f = length_error(&r);
    assert!(
        f.note.starts_with("绩效自评表“2023年党建工作经费”（工作表“项目1”）有 301 个绩效指标，超过可排版的上限 300 个"),
        "{}",
        f.note
    );
}

/// Without 公开10表 the profile must give 机关运行经费 and 政府采购: left out, the document
/// would print 0.00 for them (and 授予中小企业 32.16 of a 0.00 total).
#[test]
fn without_table_10_the_profile_must_give_its_figures() {
    let mut c = Case::load(Path::new(SAMPLE)).unwrap();
    c.gongkai.t10 = None;
    let r = check_case(&c);
    assert_error(
        &r,
        "P-缺项",
        "机关运行经费",
        "填写（工作簿中没有公开10表）",
        "未填写",
    );
    assert_error(
        &r,
        "P-缺项",
        "政府采购.合计",
        "填写（工作簿中没有公开10表）",
        "未填写",
    );
    assert!(r
        .findings
        .iter()
        .any(|f| f.rule == "P-缺项" && f.place == "国有资产" && f.severity == Severity::Warning));
    assert_error(
        &r,
        "P-统计数",
        "政府采购.授予中小企业合同金额",
        "不超过政府采购总额",
        "32.16",
    );
}

/// The R-篇幅 error of a report (a text beyond its bound), which must be there.
#[track_caller]
fn length_error(r: &Report) -> &Finding {
    errors(r)
        .into_iter()
        .find(|f| f.rule == "R-篇幅")
        .unwrap_or_else(|| panic!("{}", listing(&r.findings)))
}

/// Texts far longer than any real one are refused before typesetting (a 20,000-character
/// name in a table cell took Typst half a minute), each said with where it is.
#[test]
fn texts_beyond_their_bounds_are_refused_with_their_place() {
    let mut c = Case::load(Path::new(SAMPLE)).unwrap();
    c.gongkai.t02.rows[3].name = "长".repeat(201);
    let code = c.gongkai.t02.rows[3].code.clone();
    let at = c.gongkai.t02.rows[3].at.to_string();
    let r = check_case(&c);
    let f = length_error(&r);
    assert_eq!(
        f.note,
        format!("公开02表（收入决算表） {code} 的名称有 201 个字（{at} 所在行），超过 200 个字的上限，像是导出有误，请核实")
    );

    let dir = tempfile::tempdir().unwrap();
    let long = "很".repeat(5001);
    let r = with_profile(dir.path(), |t| {
        t.replacen("\"职责\" = [", &format!("\"职责\" = [\n  \"{long}\","), 1)
    });
    let f = length_error(&r);
    assert_eq!(
        f.note,
        "部门信息.toml 部门概况.职责[1]（第9行） 有 5001 个字，超过一段 5000 个字的上限，请分成几段或精简"
    );

    // 绩效 forms each within bounds, too long together (5.8 GB of layout once).
    let mut c = Case::load(Path::new(SAMPLE)).unwrap();
    let p = &mut c.projects[7];
    let mut one = p.indicators[0].clone();
    one.name = "指".repeat(4_000);
    p.indicators = vec![one; 80];
    let r = check_case(&c);
    let f = length_error(&r);
    assert!(
        f.note
            .starts_with("绩效自评表各表的文字合计超过 300000 个字（到工作表“项目8”为止）"),
        "{}",
        f.note
    );
}

/// Two rows' codes swapped in 公开02表 (its figures still add up): each code now names
/// another 科目 than in 03 and 05, and the error falls on 02, at both rows.
#[test]
fn swapped_codes_are_caught_by_their_names() {
    let dir = tempfile::tempdir().unwrap();
    let r = corrupted(
        dir.path(),
        2,
        &[("A10", Some("2013202")), ("A11", Some("2013201"))],
    );
    let names: Vec<&Finding> = errors(&r)
        .into_iter()
        .filter(|f| f.rule == "X-科目名称")
        .collect();
    assert_eq!(names.len(), 2, "{}", listing(&r.findings));
    assert!(
        names.iter().all(|f| f.table.starts_with("公开02表")),
        "{}",
        listing(&r.findings)
    );
    let f = names
        .iter()
        .find(|f| f.place.starts_with("2013201 "))
        .unwrap();
    assert_eq!(f.found, "一般行政管理事务");
    assert!(
        f.expected.starts_with("行政运行（公开03表 公开03表!"),
        "{}",
        f.expected
    );
    // The clean sample's names agree.
    let clean = check_case(&Case::load(Path::new(SAMPLE)).unwrap());
    assert!(!clean.findings.iter().any(|f| f.rule == "X-科目名称"));
}

/// No year anywhere (the profile's line removed, the workbook's header without one):
/// an error asking for it, not a document titled 0年度.
#[test]
fn a_case_without_any_year_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = case_with_profile(dir.path(), |t| t.replacen("\"年度\" = 2023\n", "", 1));
    let mut case = Case::load(&path).unwrap();
    assert_eq!(case.profile.year, None);
    case.gongkai.year = None;
    let r = check_case(&case);
    assert_error(
        &r,
        "P-年度",
        "年度",
        "四位年份",
        "部门信息中没有填写，公开表的表头说明行中也没有读到",
    );
}

/// Reference error 4: the first 三公 item's reason pasted under every item. Under the
/// other items it speaks of 因公出国（境）: an error at each, not only a hint.
#[test]
fn a_sangong_reason_about_another_item_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let r = with_profile(dir.path(), |t| {
        t.replacen(
            "\"公务接待费\" = \"本单位无公务接待支出\"",
            "\"公务接待费\" = \"本单位无因公出国（境）支出\"",
            1,
        )
        .replacen(
            "\"公务用车购置费\" = \"本单位无公务用车购置支出\"",
            "\"公务用车购置费\" = \"本单位无因公出国（境）支出\"",
            1,
        )
    });
    let wrong: Vec<&Finding> = errors(&r)
        .into_iter()
        .filter(|f| f.rule == "P-原因矛盾")
        .collect();
    assert_eq!(wrong.len(), 2, "{}", listing(&r.findings));
    assert_error(
        &r,
        "P-原因矛盾",
        "原因.三公经费.公务接待费",
        "说明公务接待费本身的原因",
        "“本单位无因公出国（境）支出”",
    );
    assert!(
        wrong[0].note.contains("说的是因公出国（境），不是本项"),
        "{}",
        wrong[0].note
    );
    // The sample's own reasons each speak of their item.
    let clean = check_case(&Case::load(Path::new(SAMPLE)).unwrap());
    assert!(!errors(&clean).iter().any(|f| f.rule == "P-原因矛盾"));
}

/// One table's unit line typed 元 among tables in 万元: its figures are read as 元 (and
/// fail against the others), and the odd unit line is named as the likely cause.
#[test]
fn a_table_whose_unit_differs_from_the_others_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let case = case_copy(dir.path());
    let book = case.join("公开表.xlsx");
    common::build::rewrite_zip_member(&book, &book, "xl/worksheets/sheet5.xml", |xml| {
        xml.replacen("<t>金额单位：万元</t>", "<t>金额单位：元</t>", 1)
    });
    let r = check_case(&Case::load(&case).unwrap());
    let units: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| f.place.ends_with("的金额单位"))
        .collect();
    assert_eq!(units.len(), 1, "{}", listing(&r.findings));
    assert!(units[0].table.starts_with("公开05表"), "{}", units[0].table);
    assert_eq!(
        (units[0].expected.as_str(), units[0].found.as_str()),
        ("万元（与其他表相同）", "元")
    );
    assert!(r.errors() > 0);
}

/// 01's 本年收入合计 and 总计 lines as other exports write them are found; a side that
/// lost one is an error naming the side and its last lines, not a comparison with 0.
#[test]
fn total_lines_of_01_are_found_in_their_variants_or_said_missing() {
    let dir = tempfile::tempdir().unwrap();
    let case = case_copy(dir.path());
    let book = Path::new(SAMPLE).join("公开表.xlsx");
    edit_xlsx(
        &book,
        &case.join("公开表.xlsx"),
        "xl/worksheets/sheet1.xml",
        &[("A33", Some("收入合计：")), ("D37", Some("支出总计"))],
    );
    let c = Case::load(&case).unwrap();
    let r = check_case(&c);
    assert!(errors(&r).is_empty(), "{}", listing(&r.findings));
    let n = c.narrative();
    assert_eq!(n.s1_totals.income_total.text, "1,156.59");
    assert_eq!(n.s1_totals.expense_total.text, "1,156.59");

    edit_xlsx(
        &book,
        &case.join("公开表.xlsx"),
        "xl/worksheets/sheet1.xml",
        &[("A33", Some("本年收入")), ("D37", Some("合计数"))],
    );
    let r = check_case(&Case::load(&case).unwrap());
    assert_error(
        &r,
        "R01-总表",
        "收入一侧",
        "一行“本年收入合计”",
        "没有这一行（该侧最后几行为 “本年收入”（公开01表!C33）、\
         “使用非财政拨款结余和专用结余”（公开01表!C34）、“年初结转和结余”（公开01表!C35）、\
         “总计”（公开01表!C37））",
    );
    assert_error(&r, "R01-总表", "支出一侧", "一行“总计”", "没有这一行（该侧最后几行为 “本年支出合计”（公开01表!F33）、“结余分配”（公开01表!F34）、“年末结转和结余”（公开01表!F35）、“合计数”（公开01表!F37））");
    // Nothing is compared with a total that is not there.
    assert!(
        !r.findings.iter().any(|f| f.rule == "X-02对01"),
        "{}",
        listing(&r.findings)
    );
}

/// 分值 and 得分 typed as words are each said at their cell in one run, without the
/// 总分, 等级 and 分值 sum they would make wrong.
#[test]
fn jixiao_points_typed_as_words_are_all_said_at_their_cells() {
    let dir = tempfile::tempdir().unwrap();
    let all = jixiao_all_findings(
        dir.path(),
        &[
            ("I13", Some("十分")),
            ("H14", Some("二十")),
            ("I16", Some("30分")),
        ],
    );
    assert_eq!(
        all,
        [
            "错误|项目1!I13|数字（如 10 或 10分）|“十分”|指标得分：不是数字",
            "错误|项目1!H14|数字（如 10 或 10分）|“二十”|指标分值：不是数字",
        ]
    );
    let case = Case::load(&dir.path().join("case")).unwrap();
    let r = check_case(&case);
    assert!(
        !r.findings.iter().any(|f| f.rule == "J-分值"),
        "{}",
        listing(&r.findings)
    );
}

/// 公开02表 whose 科目 rows were all deleted, its 合计 kept: an error at the 合计, not a
/// document printing the total alone.
#[test]
fn a_total_without_any_row_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let case = case_with_sheet_xml(dir.path(), "sheet2.xml", |xml| {
        let from = xml.find("<row r=\"8\">").unwrap();
        let to = xml.find("<row r=\"27\">").unwrap();
        format!("{}{}", &xml[..from], &xml[to..])
    });
    let r = check_case(&Case::load(&case).unwrap());
    assert_error(
        &r,
        "R02-类款项",
        "合计行“本年收入合计”（公开02表!C7）",
        "其下各科目行（类、款、项）",
        "没有科目行，合计却为 1156.59",
    );
}

/// The national form's one 年初预算数 column (no 目标申报数/预算编制数 under it) is the
/// 预算编制数; the 目标申报数 it does not have prints blank, not 0.
#[test]
fn jixiao_single_initial_budget_column_is_the_planned_budget() {
    let dir = tempfile::tempdir().unwrap();
    let case = jixiao_rewritten(
        dir.path(),
        &[(
            "xl/worksheets/sheet1.xml",
            "<c r=\"C6\" t=\"inlineStr\"><is><t>目标申报数</t></is></c><c r=\"D6\" t=\"inlineStr\"><is><t>预算编制数</t></is></c>",
            "",
        )],
    );
    let p = &case.projects[0];
    assert!(!p.declared_column);
    assert_eq!(p.sources[0].planned, d("30"));
    assert_eq!(p.sources[0].label, "其中：财政资金");
    let v = p.view(2023, 3);
    assert_eq!(v.funds[0][1..4], ["", "30.000", "30.000"]);
    assert!(case.projects[1].declared_column);
    assert!(errors(&check_case(&case)).is_empty());
}

/// Indicator headers as the national form words them (年度指标值, 全年实际值) are read;
/// one not known is a hint at its cell, since its column would not be printed.
#[test]
fn jixiao_indicator_headers_worded_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = "xl/worksheets/sheet1.xml";
    let case = jixiao_rewritten(
        dir.path(),
        &[
            (sheet, "<t>年初指标值</t>", "<t>年度指标值</t>"),
            (sheet, "<t>调整后指标值</t>", "<t>指标说明</t>"),
            (sheet, "<t>实际完成值</t>", "<t>全年实际值</t>"),
        ],
    );
    let i = &case.projects[0].indicators[0];
    assert_eq!((i.initial.as_str(), i.adjusted.as_str()), ("三个", ""));
    assert_eq!(i.actual, "达成预期指标");
    let said: Vec<String> = check_case(&case)
        .findings
        .iter()
        .filter(|f| f.rule == "J-绩效自评")
        .map(|f| format!("{:?}|{}|{}|{}", f.severity, f.place, f.found, f.note))
        .collect();
    assert_eq!(
        said,
        ["Warning|项目1!F11|“指标说明”|指标栏目：不是认识的栏目名称，这一栏不会印在附件中"]
    );
}

/// Stored figures as clerks and the national form write them are accepted: `—` in a
/// 其中 row, a 预算执行得分 `4.96分`, a full-width `４９．６１％`, a grade `良好` or
/// `等级：良`; a grade of another band still is not.
#[test]
fn jixiao_stored_figures_written_otherwise_are_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let none: [&str; 0] = [];
    for edits in [
        [("H8", Some("—")), ("I8", Some("—")), ("J18", Some("良好"))],
        [
            ("H7", Some("４９．６１％")),
            ("I7", Some("4.96分")),
            ("J18", Some("等级：良")),
        ],
    ] {
        assert_eq!(jixiao_findings(dir.path(), &edits), none, "{edits:?}");
    }
    assert_eq!(
        jixiao_findings(dir.path(), &[("J18", Some("优秀"))]),
        ["项目1!J18|良|优秀|等级：与总分对应的等级不符（等级按 设置.toml [\"绩效等级\"] 的分数线判定，未设置时用版式的默认等级）"]
    );
}

/// The profile's grade counts against the attached projects, which are among those
/// evaluated: 0 优 beside five attached 优 projects is pointed out; so are fewer
/// projects evaluated than attached.
#[test]
fn grade_counts_below_the_attached_projects_are_pointed_out() {
    let dir = tempfile::tempdir().unwrap();
    let r = with_profile(dir.path(), |s| {
        s.replace("\"优\" = 5", "\"优\" = 0")
            .replace("\"良\" = 16", "\"良\" = 21")
    });
    let said: Vec<String> = r
        .findings
        .iter()
        .filter(|f| f.rule == "P-绩效等级")
        .map(|f| f.to_string())
        .collect();
    assert_eq!(
        said,
        ["[P-绩效等级] 部门信息.toml 绩效自评.等级个数.优（第101行）：应为 不少于附件中评为“优”的 5 个项目，实为 0（附件的项目都在自评项目之中，各等级个数不应少于附件中该等级的项目数）"]
    );
    let r = with_profile(dir.path(), |s| {
        s.replace("\"自评项目个数\" = 21", "\"自评项目个数\" = 7")
            .replace("\"良\" = 16", "\"良\" = 2")
    });
    assert_warning(&r, "P-绩效等级", "绩效自评.自评项目个数");
}

/// The grade is the 总分 row's text that is no number, wherever it sits: a 100 (the
/// 分值 total) between the score and the grade is not read as the grade.
#[test]
fn jixiao_grade_found_past_numbers_in_the_total_row() {
    let dir = tempfile::tempdir().unwrap();
    let none: [&str; 0] = [];
    let edits = [("J18", Some("100")), ("K18", Some("良"))];
    assert_eq!(jixiao_findings(dir.path(), &edits), none);
    let edits = [("J18", Some("100")), ("K18", Some("优"))];
    assert_eq!(
        jixiao_findings(dir.path(), &edits),
        ["项目1!K18|良|优|等级：与总分对应的等级不符（等级按 设置.toml [\"绩效等级\"] 的分数线判定，未设置时用版式的默认等级）"]
    );
}

/// Merged cells unmerged with their value written into every cell (WPS, .xls exports):
/// the header's `全年预算数` again in its second row, the goal's label beside the goal, an
/// analysis text copied across its row: read as the merged form.
#[test]
fn jixiao_merges_written_into_every_cell_read_as_merged() {
    let dir = tempfile::tempdir().unwrap();
    let none: [&str; 0] = [];
    let edits = [
        ("E6", Some("全年预算数")),
        ("F6", Some("全年执行数")),
        ("A10", Some("项目年度绩效目标")),
        ("C19", Some("甲乙")),
        ("D19", Some("甲乙")),
        ("E19", Some("甲乙")),
    ];
    assert_eq!(jixiao_findings(dir.path(), &edits), none);
    let case = Case::load(&dir.path().join("case")).unwrap();
    let p = &case.projects[0];
    assert!(p.goal.starts_with("强化党的政治建设"), "{}", p.goal);
    assert_eq!(p.analysis[0].1, "甲乙");
    assert_eq!(p.total.executed, d("14.882"));
}

/// An indicator's 得分 left blank is said at its cell, not as a 总分 that does not add up.
#[test]
fn jixiao_blank_indicator_score_is_said_at_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        jixiao_findings(dir.path(), &[("I13", None)]),
        ["项目1!I13|数字（0 分也请填 0）|空白|指标得分：分值为 10 的指标没有填得分"]
    );
}

/// What clerks leave in place of a reason (`待填写` with its brackets deleted, `XXX`,
/// `……`) is a placeholder like init's own mark: refused at its key and line.
#[test]
fn stand_ins_for_a_reason_are_placeholders() {
    let dir = tempfile::tempdir().unwrap();
    let r = with_profile(dir.path(), |s| {
        s.replacen("\"208\" = \"人员增加\"", "\"208\" = \"待填写\"", 1)
            .replacen("\"210\" = \"人员增加\"", "\"210\" = \"XXX\"", 1)
            .replacen("\"221\" = \"人员增加\"", "\"221\" = \"……\"", 1)
    });
    let said: Vec<String> = errors(&r)
        .iter()
        .filter(|f| f.rule == "P-待填写")
        .map(|f| format!("{}|{}", f.place, f.found))
        .collect();
    assert_eq!(
        said,
        [
            "原因.按科目.208（第77行）|\"待填写\"",
            "原因.按科目.210（第78行）|\"XXX\"",
            "原因.按科目.221（第79行）|\"……\""
        ]
    );
}

/// The vehicles 公开10表 counts are the ones the text states, the profile's 0 (as `init`
/// leaves it) notwithstanding; `init` does not ask for them again.
#[test]
fn vehicles_held_come_from_table_10() {
    let dir = tempfile::tempdir().unwrap();
    let case = case_with_edits(
        dir.path(),
        "公开表.xlsx",
        "xl/worksheets/sheet10.xml",
        &[("C16", Some("2")), ("C24", Some("2"))],
    );
    let c = Case::load(&case).unwrap();
    assert_eq!(c.profile.sangong.vehicles_held, 0);
    assert_eq!(c.narrative().s9_sangong.vehicles_held, 2);
    let text = juesuan::init::profile_template(&c.gongkai);
    assert!(
        text.contains("# 公务用车保有量：取自公开10表（公开10表!C16），不必填写"),
        "{text}"
    );
    assert!(!text.contains("\"公务用车保有量\" ="), "{text}");
}

/// The default style ends a 类's change against last year with its reason: a reason that
/// fits only the gap to the budget (210: up on last year, under its budget) contradicts
/// the sentence it ends.
#[test]
fn a_reason_fitting_only_the_budget_gap_contradicts_the_change() {
    let dir = tempfile::tempdir().unwrap();
    let r = with_profile(dir.path(), |s| {
        s.replacen("\"210\" = \"人员增加\"", "\"210\" = \"支出减少\"", 1)
    });
    assert_warning(&r, "P-原因矛盾", "原因.按科目.\"210\"");
}

/// A profile amount with a third decimal is rounded as it is read, and said.
#[test]
fn a_profile_amount_with_three_decimals_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let r = with_profile(dir.path(), |s| {
        s.replacen(
            "\"收入总计\" = \"1,367.52\"",
            "\"收入总计\" = \"1,367.525\"",
            1,
        )
    });
    let said: Vec<String> = r
        .findings
        .iter()
        .filter(|f| f.rule == "P-小数")
        .map(|f| f.to_string())
        .collect();
    assert_eq!(
        said,
        ["[P-小数] 部门信息.toml 上年.收入总计（第26行）：应为 两位小数的金额（万元），实为 1,367.525（已四舍五入为 1367.53；若多打了一位数字，请改正）"]
    );
}
