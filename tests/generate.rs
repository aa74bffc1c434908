//! The whole pipeline on the sample case: the PDF, its text, determinism, safe writing.

use std::path::{Path, PathBuf};
use std::process::Command;

use juesuan::case::Case;
use juesuan::render::{compile, Fonts, RenderOptions, Templates};

const SAMPLE: &str = "input-samples/tunliu-zuzhibu-2023";

mod common;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_juesuan"))
}

fn render(case: &Case) -> juesuan::render::Rendered {
    render_view(&case.view())
}

fn render_view(view: &juesuan::view::DocumentView) -> juesuan::render::Rendered {
    let json = serde_json::to_vec(&view).unwrap();
    compile(
        Fonts::embedded(),
        &Templates::builtin(),
        &json,
        &RenderOptions::new("test", view.year, 12, 31),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

/// The sample case rendered with `templates`.
fn render_sample_with(templates: &Templates) -> juesuan::render::Rendered {
    let case = Case::load(Path::new(SAMPLE)).unwrap();
    let json = serde_json::to_vec(&case.view()).unwrap();
    compile(
        Fonts::embedded(),
        templates,
        &json,
        &RenderOptions::new("test", 2023, 12, 31),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

/// A copy of the sample case in a temp dir, with the 公开表 replaced if asked.
fn copy_case(dir: &Path, workbook: Option<&str>) -> PathBuf {
    let case = dir.join("case");
    std::fs::create_dir_all(&case).unwrap();
    for entry in std::fs::read_dir(SAMPLE).unwrap() {
        let p = entry.unwrap().path();
        if p.is_file() && p.extension().is_some_and(|e| e != "pdf") {
            std::fs::copy(&p, case.join(p.file_name().unwrap())).unwrap();
        }
    }
    if let Some(w) = workbook {
        std::fs::copy(w, case.join("公开表.xlsx")).unwrap();
    }
    case
}

/// A document generated with `--force` despite errors says so on every page; a clean
/// one nowhere. The CLI refuses such a case unless forced.
#[test]
fn a_forced_document_is_marked_as_a_draft_on_every_page() {
    let case = Case::load(Path::new(SAMPLE)).unwrap();
    let mut view = case.view();
    assert!(!view.draft);
    let clean = render_view(&view);
    assert!(clean.pages.iter().all(|p| !p.contains("草稿")));
    view.draft = true;
    let draft = render_view(&view);
    assert_eq!(draft.pages.len(), clean.pages.len());
    for (i, page) in draft.pages.iter().enumerate() {
        assert!(page.contains("草稿 未通过核对"), "page {} unmarked", i + 1);
    }

    let dir = tempfile::tempdir().unwrap();
    let case = copy_case(dir.path(), None);
    let profile = case.join("部门信息.toml");
    let text = std::fs::read_to_string(&profile).unwrap().replacen(
        "\"年度\" = 2023",
        "\"年度\" = 2022",
        1,
    );
    std::fs::write(&profile, text).unwrap();
    let out = dir.path().join("x.pdf");
    let o = bin()
        .arg("generate")
        .arg(&case)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(!out.exists());
    let o = bin()
        .arg("generate")
        .arg(&case)
        .arg("-o")
        .arg(&out)
        .arg("--force")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        said.contains("每页页眉印有“草稿 未通过核对，不得公开”"),
        "{said}"
    );
    assert!(out.exists());
}

#[test]
fn sample_text_has_reference_figures_in_their_sentences() {
    let case = Case::load(Path::new(SAMPLE)).unwrap();
    let out = render(&case);
    let text: String = out.pages.concat();
    for needle in [
        "中共长治市屯留区委组织部",
        "收入总计减少210.93万元，下降15.42%",
        "占比26.24%",
        "完成年初预算的51.81%",
        "123.29%",
        "增加5.62万元，增长17.67%",
        "增长28.71%",
        "1,156.59万元",
        "303.44万元",
        "公开01表",
        "公开10表",
        "本表无数据",
        "名词解释",
        "89.96",
        "党建工作要抓好几个方面",
        // Zero 三公 items are still stated, as the reference does, unless a district
        // says 不列.
        "1．因公出国（境）费支出0.00万元",
        "4．公务接待费支出0.00万元",
    ] {
        assert!(text.contains(needle), "PDF text lacks “{needle}”");
    }
    // Reference errors the generator must not make.
    for wrong in [
        "30.35元",
        "303.43万元",
        "下降4.93%",
        "增加17.67%",
        "9.9%",
        "完成全年预算的0%",
    ] {
        assert!(
            !text.contains(wrong),
            "PDF text contains the reference error “{wrong}”"
        );
    }
    assert_eq!(
        text.matches("二、机构设置情况").count(),
        2,
        "once in 目录, once in the body"
    );
    assert!(out.pages.len() >= 15, "{} pages", out.pages.len());
    assert!(out.pdf.starts_with(b"%PDF"));
}

#[test]
fn generate_is_deterministic_and_writes_safely() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.pdf");
    let b = dir.path().join("b.pdf");
    for out in [&a, &b] {
        let o = bin()
            .args(["generate", SAMPLE, "-o"])
            .arg(out)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        // The counts are those `check` shows for the sample.
        assert_eq!(
            String::from_utf8_lossy(&o.stdout),
            format!(
                "已生成 {}（2 条核对提示、24 处万元取整尾差，用 juesuan check 查看）\n",
                out.display()
            )
        );
    }
    let (pa, pb) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert!(pa == pb, "two runs differ");
    assert!(pa.len() < 1_500_000, "PDF is {} bytes", pa.len());

    // Page labels as a viewer shows them: none on the cover and the 目录, then 1, 2, 3 …
    // as printed (-1-, -2-, …), each once.
    let text = String::from_utf8_lossy(&pa);
    let starts: Vec<u32> = text
        .match_indices("/Type/PageLabel/S/D/St ")
        .map(|(i, m)| {
            let rest = &text[i + m.len()..];
            let end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(0);
            rest[..end].parse().unwrap()
        })
        .collect();
    let mut sorted = starts.clone();
    sorted.sort_unstable();
    let expected: Vec<u32> = (1..=starts.len() as u32).collect();
    assert_eq!(sorted, expected, "page labels {starts:?}");
    assert_eq!(text.matches("<</Type/PageLabel>>").count(), 1);

    // A case with an error: non-zero exit, previous PDF untouched, no temp file left.
    let case = copy_case(dir.path(), Some("tests/fixtures/bad/text_in_amount.xlsx"));
    let o = bin()
        .args(["generate"])
        .arg(&case)
        .arg("-o")
        .arg(&a)
        .output()
        .unwrap();
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("公开02表!C9") && !err.contains("panicked"),
        "{err}"
    );
    assert_eq!(std::fs::read(&a).unwrap(), pa);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn check_exit_codes() {
    let o = bin().args(["check", SAMPLE]).output().unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("没有错误"));
    let o = bin().args(["check", "no/such/case"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let dir = tempfile::tempdir().unwrap();
    let case = copy_case(dir.path(), None);
    let profile = case.join("部门信息.toml");
    let text = std::fs::read_to_string(&profile)
        .unwrap()
        .replace("\"2,232.54\"", "\"2,300.00\"");
    std::fs::write(&profile, text).unwrap();
    let o = bin().arg("check").arg(&case).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("P-年初预算") && out.contains("2232.55") && out.contains("2300.00"),
        "{out}"
    );
    // Either the total or a part may be the typo: the clerk is told to look at both.
    assert!(out.contains("错的可能是其中任何一处"), "{out}");

    // A character no font has is `check`'s error too, not only `generate`'s.
    let text = std::fs::read_to_string(&profile)
        .unwrap()
        .replace("\"2,300.00\"", "\"2,232.54\"")
        .replacen("\"人员增加\"", "\"人员增加😀\"", 1);
    std::fs::write(&profile, text).unwrap();
    let o = bin().arg("check").arg(&case).output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains("[R-缺字] 案例 文字：应为 字体中有的字，实为 缺字（字体缺字：“😀”（U+1F600）出现在 narrative.s5_general.details[科目 208].reason（部门信息.toml 中的原因）：“人员增加😀”）"),
        "{out}"
    );
    // `generate` refuses it with the same exit, naming the case; `--force` cannot help.
    let pdf = dir.path().join("out.pdf");
    let o = bin()
        .arg("generate")
        .arg(&case)
        .arg("-o")
        .arg(&pdf)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "{}：字体缺字：“😀”（U+1F600）出现在 narrative.s5_general.details[科目 208].reason（部门信息.toml 中的原因）：“人员增加😀”。请改用常用字或在设置中加入含该字的字体；未生成 PDF",
            case.display()
        )),
        "{err}"
    );
    assert!(!pdf.exists());

    // The same character in a district's template is the template author's error: exit 2
    // like any template error, naming the file and line.
    std::fs::write(
        &profile,
        std::fs::read_to_string(&profile).unwrap().replace("😀", ""),
    )
    .unwrap();
    let district = dir.path().join("区");
    std::fs::create_dir_all(&district).unwrap();
    std::fs::write(district.join("cover.typ"), "封面😀\n").unwrap();
    let o = bin()
        .arg("generate")
        .arg(&case)
        .arg("--district")
        .arg(&district)
        .arg("-o")
        .arg(&pdf)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("字体缺字：“😀”（U+1F600）出现在 ") && err.contains("cover.typ 第1行第3列"),
        "{err}"
    );
    assert!(!pdf.exists());
}

#[test]
fn long_table_repeats_its_header_over_pages() {
    let dir = tempfile::tempdir().unwrap();
    let case = copy_case(dir.path(), Some("tests/fixtures/gongkai/long_tables.xlsx"));
    let case = Case::load(&case).unwrap();
    let out = render(&case);
    let pages_with_05_rows: Vec<&String> = out
        .pages
        .iter()
        .filter(|p| p.contains("人大事务测试项") || p.contains("政协事务测试项"))
        .collect();
    assert!(
        pages_with_05_rows.len() >= 6,
        "{} pages",
        pages_with_05_rows.len()
    );
    assert!(pages_with_05_rows.iter().all(|p| p.contains("科目名称")));
}

/// A table's 注 never stands alone on a page: whatever number of rows makes the table
/// fill its last page, the notes are kept with its last rows (the table is set a little
/// tighter). Only 公开02表 is laid out, with ever more rows, through a district `main.typ`.
#[test]
fn a_table_note_is_never_alone_on_a_page() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.typ"),
        "#import \"/style.typ\": *\n\
         #set page(paper: \"a4\", margin: page-margin, footer: context align(center, \"-\" + str(counter(page).get().first()) + \"-\"))\n\
         #set text(font: song, size: body-size, lang: \"zh\")\n\
         #include \"/tables/t02.typ\"\n",
    )
    .unwrap();
    let templates = Templates::with_overrides(&[dir.path().to_path_buf()]).unwrap();
    let case = Case::load(Path::new(SAMPLE)).unwrap();
    let note = "注：本表反映部门本年度取得的各项收入情况。";
    for extra in 22..44 {
        let mut view = case.view();
        let template = view.tables.t02.rows[1].clone();
        for i in 0..extra {
            let mut row = template.clone();
            row.code = format!("2019{i:03}");
            row.name = format!("测试科目第{i}行");
            view.tables.t02.rows.push(row);
        }
        let json = serde_json::to_vec(&view).unwrap();
        let out = compile(
            Fonts::embedded(),
            &templates,
            &json,
            &RenderOptions::new("test", view.year, 12, 31),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let last = out.pages.last().unwrap();
        assert!(
            last.contains(note),
            "{extra} rows: the note is not on the last page"
        );
        assert!(
            last.contains("测试科目第"),
            "{extra} rows: the note is alone on page {}: {last}",
            out.pages.len()
        );
    }
}

/// A figure level with last year but off its 年初预算 of 0.00: its reason is printed as
/// the budget difference, not as the cause of being level.
#[test]
fn a_level_figure_beside_a_zero_budget_gives_its_reason_as_the_budget_difference() {
    let case = Case::load(Path::new(SAMPLE)).unwrap();
    let mut view = serde_json::to_value(case.view()).unwrap();
    let details = view["narrative"]["s5_general"]["details"]
        .as_array_mut()
        .unwrap();
    let d = details.iter_mut().find(|d| d["code"] == "221").unwrap();
    d["budget"] = serde_json::json!({"text": "0.00", "value": "0"});
    d["completion"] = serde_json::Value::Null;
    d["change"] = serde_json::json!({
        "direction": "持平", "rate_word": "", "amount": {"text": "0.00", "value": "0"},
        "rate": "0.00", "prior": {"text": "22.74", "value": "22.74"}
    });
    let json = serde_json::to_vec(&view).unwrap();
    let out = compile(
        Fonts::embedded(),
        &Templates::builtin(),
        &json,
        &RenderOptions::new("t", 2023, 12, 31),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let text: String = out.pages.concat().split_whitespace().collect();
    assert!(
        text.contains("住房保障支出年初预算0.00万元，支出决算22.74万元，主要用于住房公积金支出。与上年决算持平。决算数与年初预算数存在差异的主要原因是人员增加。"),
        "{text}"
    );
}

/// A 绩效自评表 whose indicators run over several pages repeats their column heads on
/// each page and never splits an indicator's row between two pages.
#[test]
fn a_long_indicator_list_repeats_its_heads_and_keeps_rows_whole() {
    let case = Case::load(Path::new(SAMPLE)).unwrap();
    let mut view = case.view();
    let form = &mut view.attachments[0];
    let model = form.indicators[0].clone();
    form.indicators = (1..=40)
        .map(|i| {
            let mut r = model.clone();
            r.level1 = if i <= 30 {
                "产出指标"
            } else {
                "效益指标"
            }
            .into();
            r.name = format!("党建工作第{i}项指标（含基层党组织标准化建设）");
            r
        })
        .collect();
    let out = render_view(&view);
    let pages: Vec<&String> = out
        .pages
        .iter()
        .filter(|p| p.contains("（含基层党组织标准化建设"))
        .collect();
    assert!(pages.len() >= 3, "{} pages", pages.len());
    for p in &pages {
        assert!(p.contains("三级指标") && p.contains("偏差原因"), "{p}");
        // A group too long to keep together names its 一级指标 on every page.
        assert!(p.contains("产出指标") || p.contains("效益指标"), "{p}");
    }
    // The 备注 stays with the form's last rows.
    let remark = out
        .pages
        .iter()
        .find(|p| p.contains("备注：1."))
        .expect("备注");
    assert!(remark.contains("分析"), "{remark}");
    for i in 1..=40 {
        let name = format!("党建工作第{i}项指标（含基层党组织标准化建设）");
        assert!(
            pages.iter().any(|p| p.contains(&name)),
            "indicator {i} is split between pages"
        );
    }
}

#[test]
fn missing_glyph_is_reported_with_its_place() {
    let mut case = Case::load(Path::new(SAMPLE)).unwrap();
    case.profile.overview.duties[1].push('\u{20000}');
    let view = case.view();
    let json = serde_json::to_vec(&view).unwrap();
    let err = juesuan::render::compile_pdf(
        Fonts::embedded(),
        &Templates::builtin(),
        &json,
        &RenderOptions::new("t", 2023, 12, 31),
    )
    .expect_err("must fail")
    .to_string();
    assert!(
        err.contains("U+20000")
            && err.contains("profile.duties[1]（部门信息.toml 中 部门概况.职责 第2条）"),
        "{err}"
    );
}

#[test]
fn batch_renders_the_good_cases_and_reports_the_corrupt_one() {
    let dir = tempfile::tempdir().unwrap();
    let all = dir.path().join("全区");
    for (name, book) in [
        ("a-good", None),
        ("b-corrupt", Some("tests/fixtures/bad/truncated.xlsx")),
        ("c-good", Some("tests/fixtures/gongkai/reference.xls")),
        ("d-same-as-a", None),
    ] {
        let tmp = dir.path().join(format!("tmp-{name}"));
        let case = copy_case(&tmp, book);
        if name == "c-good" {
            std::fs::remove_file(case.join("公开表.xlsx")).unwrap();
            std::fs::copy(book.unwrap(), case.join("公开表.xls")).unwrap();
            let profile = case.join("部门信息.toml");
            let text = std::fs::read_to_string(&profile).unwrap().replacen(
                "\"部门名称\" = \"中共长治市屯留区委组织部\"",
                // The same body with a note (as workbooks may name it): another file.
                "\"部门名称\" = \"中共长治市屯留区委组织部（本级）\"",
                1,
            );
            std::fs::write(&profile, text).unwrap();
        }
        std::fs::create_dir_all(&all).unwrap();
        std::fs::rename(&case, all.join(name)).unwrap();
    }
    // A case whose profile was saved as `部门信息.toml.txt` is a failed case, not a
    // missing one; an empty folder is skipped with a note.
    let lost = all.join("e-profile-lost");
    std::fs::create_dir_all(&lost).unwrap();
    std::fs::copy(all.join("a-good/公开表.xlsx"), lost.join("公开表.xlsx")).unwrap();
    std::fs::copy(
        all.join("a-good/部门信息.toml"),
        lost.join("部门信息.toml.txt"),
    )
    .unwrap();
    std::fs::create_dir_all(all.join("f-empty")).unwrap();
    let out = dir.path().join("out");
    let o = bin()
        .arg("generate")
        .arg(&all)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    let stderr = String::from_utf8_lossy(&o.stderr);
    // 2, as `check`: a case could not be read at all.
    assert_eq!(o.status.code(), Some(2), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "成功 2（其中有提示的 2），失败 3。\n生成的 PDF 在 {} 中。",
            out.display()
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains("e-profile-lost") && stdout.contains("找不到部门信息.toml"),
        "{stdout}"
    );
    assert!(stderr.contains("f-empty：不是案例文件夹"), "{stderr}");
    assert!(
        stdout.contains("b-corrupt") && stdout.contains("损坏"),
        "{stdout}"
    );
    // Two cases of the same department and year never write the same file: the later
    // one in the list is refused, whatever the thread timing.
    assert!(
        stdout.contains("d-same-as-a：与案例")
            && stdout.contains(
                "a-good 是同一部门同一年度的文档（中共长治市屯留区委组织部2023年度），未生成"
            ),
        "{stdout}"
    );
    let a = out.join("中共长治市屯留区委组织部2023年度部门决算公开.pdf");
    let c = out.join("中共长治市屯留区委组织部（本级）2023年度部门决算公开.pdf");
    assert!(a.exists() && c.exists(), "{stdout}");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 2);
    // The batch gives the same bytes as a single run of the same case.
    let single = dir.path().join("single.pdf");
    let o = bin()
        .arg("generate")
        .arg(all.join("a-good"))
        .arg("-o")
        .arg(&single)
        .output()
        .unwrap();
    assert!(o.status.success());
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&single).unwrap());
}

/// `dir/全区` holding a copy of the sample case per name (`None`) or per (name,
/// workbook) with that workbook as its 公开表.
fn folder_of_cases(dir: &Path, cases: &[(&str, Option<&str>)]) -> PathBuf {
    let all = dir.join("全区");
    std::fs::create_dir_all(&all).unwrap();
    for (name, book) in cases {
        let case = copy_case(&dir.join(format!("tmp-{name}")), *book);
        std::fs::rename(&case, all.join(name)).unwrap();
    }
    all
}

/// `juesuan diff before after`, which must succeed: its stdout and stderr.
fn diff_ok(before: &Path, after: &Path) -> (String, String) {
    let o = bin().arg("diff").arg(before).arg(after).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "{err}");
    (String::from_utf8_lossy(&o.stdout).into_owned(), err)
}

#[test]
fn diff_lists_a_changed_cell_and_the_percentages_it_moves() {
    let dir = tempfile::tempdir().unwrap();
    let before = copy_case(&dir.path().join("before"), None);
    let after = copy_case(&dir.path().join("after"), None);
    let profile = after.join("部门信息.toml");
    let text = std::fs::read_to_string(&profile)
        .unwrap()
        .replace("\"208\" = \"30.35\"", "\"208\" = \"32.00\"");
    std::fs::write(&profile, text).unwrap();
    let (out, _) = diff_ok(&before, &after);
    assert!(
        out.contains("五、一般公共预算财政拨款支出 › 按科目 › 208 社会保障和就业支出 › 年初预算：30.35 → 32.00"),
        "{out}"
    );
    assert!(
        out.contains(
            "五、一般公共预算财政拨款支出 › 按科目 › 208 社会保障和就业支出 › 完成年初预算（%）：123.29 → 116.94"
        ),
        "{out}"
    );

    // A corrected cell of the workbook: named by table, row, column and cell, with the
    // narrative figures it moves.
    let book = after.join("公开表.xlsx");
    common::build::rewrite_zip_member(&book, &book, "xl/worksheets/sheet5.xml", |xml| {
        xml.replace(
            "<c r=\"C15\" t=\"n\"><v>37.42</v></c>",
            "<c r=\"C15\" t=\"n\"><v>40.42</v></c>",
        )
    });
    let (out, _) = diff_ok(&before, &after);
    assert!(
        out.contains("公开05表 208 社会保障和就业支出“合计”（公开05表!C15）：37.42 → 40.42"),
        "{out}"
    );
    assert!(
        out.contains(
            "五、一般公共预算财政拨款支出 › 按类 › 社会保障和就业支出 › 占比（%）：3.24 → 3.49"
        ),
        "{out}"
    );
    // A change's amount comes with its direction.
    assert!(
        out.contains("208 社会保障和就业支出 › 较上年 › 金额：增加 5.62 → 增加 8.62"),
        "{out}"
    );

    // A 科目名称 retyped is printed in the table: listed, though no figure moved.
    common::build::rewrite_zip_member(&book, &book, "xl/worksheets/sheet3.xml", |xml| {
        assert!(xml.contains("<t>行政运行</t>"));
        xml.replacen("<t>行政运行</t>", "<t>行政运行（机关）</t>", 1)
    });
    let (out, _) = diff_ok(&before, &after);
    assert!(
        out.contains("公开03表 2013201 科目名称（公开03表!C10）：行政运行 → 行政运行（机关）"),
        "{out}"
    );
}

/// With `--district`, `diff` reads the case as `generate --district` does: a district
/// that tells 五（三）per 项 gets the 项 figures a corrected cell moves.
#[test]
fn diff_reads_the_district_settings() {
    let dir = tempfile::tempdir().unwrap();
    let before = copy_case(&dir.path().join("before"), None);
    let after = copy_case(&dir.path().join("after"), None);
    let district = dir.path().join("区");
    std::fs::create_dir_all(&district).unwrap();
    std::fs::write(
        district.join("设置.toml"),
        "[\"情况说明\"]\n\"细化到\" = \"项\"\n",
    )
    .unwrap();
    let book = after.join("公开表.xlsx");
    common::build::rewrite_zip_member(&book, &book, "xl/worksheets/sheet5.xml", |xml| {
        assert!(xml.contains("<c r=\"C10\" t=\"n\"><v>82.31999999999999</v></c>"));
        xml.replace(
            "<c r=\"C10\" t=\"n\"><v>82.31999999999999</v></c>",
            "<c r=\"C10\" t=\"n\"><v>83.55</v></c>",
        )
    });
    let item_line = |out: &str| {
        out.lines()
            .any(|l| l.contains("五、") && l.contains("2013201") && l.contains("82.32 → 83.55"))
    };
    let (out, _) = diff_ok(&before, &after);
    assert!(!item_line(&out), "per 类 without the district: {out}");
    let o = bin()
        .arg("diff")
        .arg(&before)
        .arg(&after)
        .arg("--district")
        .arg(&district)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(item_line(&out), "{out}");
}

#[test]
fn a_district_override_changes_its_part_only_and_a_broken_one_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let district = dir.path().join("我区模板");
    std::fs::create_dir_all(&district).unwrap();
    // As the README tells a district: export, keep one file, edit it.
    let o = bin()
        .args(["template", "export"])
        .arg(&district)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for entry in std::fs::read_dir(&district).unwrap() {
        let p = entry.unwrap().path();
        if p.file_name().unwrap() != "cover.typ" {
            if p.is_dir() {
                std::fs::remove_dir_all(&p).unwrap();
            } else {
                std::fs::remove_file(&p).unwrap();
            }
        }
    }
    let cover = district.join("cover.typ");
    let text = std::fs::read_to_string(&cover).unwrap();
    assert!(text.contains("#v(1fr)"));
    let edited = text.replace("#v(1fr)", "#align(center)[区财政局统一格式]\n  #v(1fr)");
    std::fs::write(&cover, edited).unwrap();
    let pdf = dir.path().join("o.pdf");
    let o = bin()
        .args(["generate", SAMPLE, "--district"])
        .arg(&district)
        .arg("-o")
        .arg(&pdf)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let templates = Templates::builtin()
        .overlay(std::slice::from_ref(&district))
        .unwrap();
    let case = Case::load(Path::new(SAMPLE)).unwrap();
    let out = render_sample_with(&templates);
    assert!(
        out.pages[0].contains("区财政局统一格式"),
        "{:?}",
        &out.pages[..2]
    );
    let plain = render(&case);
    assert_eq!(out.pages.len(), plain.pages.len());
    assert_eq!(out.pages[1..], plain.pages[1..], "only the cover changed");

    // A syntax error in the override: its real path, line and column; no fallback.
    std::fs::write(&cover, "#let x = (\n#align(center)[x]\n").unwrap();
    let o = bin()
        .args(["generate", SAMPLE, "--district"])
        .arg(&district)
        .arg("-o")
        .arg(&pdf)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("cover.typ") && err.contains("第") && err.contains("行") && err.contains("列"),
        "{err}"
    );
    assert!(
        err.contains("cover.typ 第1行第10列：从这里开始的括号或引号没有配对"),
        "{err}"
    );
    // What Typst reports after the unclosed bracket follows from it: not said, nor its
    // misleading hint (去掉 #).
    assert_eq!(err.matches("模板错误").count(), 1, "{err}");
    assert!(!err.contains("去掉 #"), "{err}");
    assert!(err.contains("我区模板"), "{err}");
}

/// The slips of a template author on a Chinese keyboard and in Notepad, each said in
/// Chinese with what to do: Chinese quotes in code, a helper called without an argument
/// it needs, a file that is not an image, a template saved as UTF-16 ("Unicode").
#[test]
fn template_slips_are_said_in_chinese() {
    let case = Case::load(Path::new(SAMPLE)).unwrap();
    let json = serde_json::to_vec(&case.view()).unwrap();
    let fail = |file: &str, text: &[u8], extra: Option<(&str, &[u8])>| -> String {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(file), text).unwrap();
        if let Some((name, bytes)) = extra {
            std::fs::write(dir.path().join(name), bytes).unwrap();
        }
        let templates = match Templates::builtin().overlay(&[dir.path().to_path_buf()]) {
            Ok(t) => t,
            Err(e) => return e.to_string(),
        };
        match compile(
            Fonts::embedded(),
            &templates,
            &json,
            &RenderOptions::new("test", case.year(), 12, 31),
        ) {
            Ok(_) => panic!("{file} should fail"),
            Err(e) => e.to_string(),
        }
    };
    let err = fail("cover.typ", "#text(size: 16pt, “封面”)\n".as_bytes(), None);
    assert!(
        err.contains("代码中不能出现字符 `“`（代码里的引号、括号、逗号要用英文半角的"),
        "{err}"
    );
    let err = fail("cover.typ", b"#import \"/style.typ\": *\n#wan()\n", None);
    assert!(err.contains("调用函数时缺少参数"), "{err}");
    let err = fail(
        "cover.typ",
        b"#image(\"/logo.png\")\n",
        Some(("logo.png", b"not a picture")),
    );
    assert!(err.contains("图片无法读取"), "{err}");
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("#let x = 1\n".encode_utf16().flat_map(|u| u.to_le_bytes()))
        .collect();
    let err = fail("cover.typ", &utf16, None);
    assert!(
        err.contains("不是 UTF-8 编码的文本（是 UTF-16，记事本中称为“Unicode”）"),
        "{err}"
    );
}

/// Notepad saves "UTF-8 with BOM": an override saved so is the same template (the mark
/// would otherwise be set as text, a blank page before the cover).
#[test]
fn an_override_saved_with_a_byte_order_mark_is_the_same_template() {
    let dir = tempfile::tempdir().unwrap();
    let cover = std::fs::read_to_string("typst-templates/cover.typ").unwrap();
    std::fs::write(
        dir.path().join("cover.typ"),
        format!("\u{feff}{}", cover.replace('\n', "\r\n")),
    )
    .unwrap();
    let templates = Templates::builtin()
        .overlay(&[dir.path().to_path_buf()])
        .unwrap();
    let case = Case::load(Path::new(SAMPLE)).unwrap();
    assert_eq!(render_sample_with(&templates).pages, render(&case).pages);
}

/// Templates a clerk put in the case folder itself, or in a folder of another name than
/// `templates`, are not read: said, naming where they belong.
#[test]
fn templates_misplaced_in_a_case_folder_are_said() {
    let dir = tempfile::tempdir().unwrap();
    let case = copy_case(dir.path(), None);
    let cover = std::fs::read_to_string("typst-templates/cover.typ").unwrap();
    std::fs::write(case.join("cover.typ"), &cover).unwrap();
    std::fs::create_dir_all(case.join("模板/part3")).unwrap();
    std::fs::write(case.join("模板/part3/s01-totals.typ"), "x").unwrap();
    // Read from here: not said.
    std::fs::create_dir_all(case.join("templates")).unwrap();
    std::fs::write(case.join("templates/cover.typ"), &cover).unwrap();
    let o = bin()
        .args(["generate"])
        .arg(&case)
        .arg("-o")
        .arg(dir.path().join("o.pdf"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let err = String::from_utf8_lossy(&o.stderr);
    let root = case.join("cover.typ");
    let own = case.join("templates").join("cover.typ");
    assert!(
        err.contains(&format!(
            "模板 {} 放在案例文件夹里不起作用：案例自己的模板应放在 {}",
            root.display(),
            own.display()
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "文件夹 {} 中的模板不会被读取：案例自己的模板应放在 {} 文件夹",
            case.join("模板").display(),
            case.join("templates").display()
        )),
        "{err}"
    );
    assert_eq!(
        err.matches("不会被读取").count() + err.matches("不起作用").count(),
        2,
        "{err}"
    );
}

/// One 情况说明 section is one file: an override of `part3/s01-totals.typ` changes that
/// section only; a wrong value it passes to a built-in helper is traced back to it.
#[test]
fn a_section_override_changes_that_section_and_is_traced_when_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let district = dir.path().join("区");
    std::fs::create_dir_all(district.join("part3")).unwrap();
    let section = district.join("part3/s01-totals.typ");
    let builtin = std::fs::read_to_string("typst-templates/part3/s01-totals.typ").unwrap();
    assert!(builtin.contains("年度收入总计"));
    std::fs::write(
        &section,
        builtin.replace("年度收入总计", "年度全部收入总计"),
    )
    .unwrap();
    let case = Case::load(Path::new(SAMPLE)).unwrap();
    let json = serde_json::to_vec(&case.view()).unwrap();
    let run = || {
        let templates = Templates::builtin()
            .overlay(std::slice::from_ref(&district))
            .unwrap();
        compile(
            Fonts::embedded(),
            &templates,
            &json,
            &RenderOptions::new("t", 2023, 12, 31),
        )
    };
    let out = run().unwrap_or_else(|e| panic!("{e}"));
    let plain = render(&case);
    let changed: Vec<usize> = (0..plain.pages.len())
        .filter(|&i| out.pages[i] != plain.pages[i])
        .collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    let page = &out.pages[changed[0]];
    assert!(page.contains("2023年度全部收入总计1,156.59万元"), "{page}");
    assert_eq!(
        page.replace("全部收入", "收入"),
        plain.pages[changed[0]],
        "nothing else on the page moved"
    );

    std::fs::write(
        &section,
        builtin.replace("wan(s.income_total)", "wan(s.income_total.value)"),
    )
    .unwrap();
    let Err(err) = run() else {
        panic!("a string has no .value")
    };
    let err = err.to_string();
    let line = builtin
        .lines()
        .position(|l| l.contains("wan(s.income_total)"))
        .unwrap()
        + 1;
    assert!(
        err.contains(&format!("调用位置：{} 第{line}行", section.display())),
        "{err}"
    );
    assert!(err.contains("string 类型的值没有字段"), "{err}");
}

#[test]
fn both_built_in_styles_render_the_sample() {
    let case = Case::load(Path::new(SAMPLE)).unwrap();
    let json = serde_json::to_vec(&case.view()).unwrap();
    let sh = Templates::builtin_style("shanghai").unwrap();
    let out = compile(
        Fonts::embedded(),
        &sh,
        &json,
        &RenderOptions::new("t", 2023, 12, 31),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let text = out.pages.concat();
    assert!(
        !text.contains("公开01表"),
        "Shanghai tables carry no 公开NN表 label"
    );
    assert!(text.contains("完成年初预算的51.81%"));
    assert!(text.contains("名词解释"));
    let default = render(&case).pages.concat();
    assert!(default.contains("公开01表"));
    assert_ne!(text, default);
    let err = Templates::builtin_style("beijing")
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("beijing") && err.contains("shanghai"), "{err}");
}

/// 07 in its older form (本年支出 | 基本支出 | 项目支出): printed under its own title with
/// the three columns it has, in both styles, and told without a 结转 sentence.
#[test]
fn a_fund_table_with_spending_columns_only_is_printed_as_it_is() {
    let mut case = Case::load(Path::new(SAMPLE)).unwrap();
    let t07 = &mut case.gongkai.t07;
    t07.columns = ["本年支出", "基本支出", "项目支出"]
        .map(String::from)
        .to_vec();
    let mut row = case.gongkai.t05.rows[0].clone();
    row.code = "229".into();
    row.name = "其他支出".into();
    row.values = ["8.00", "0", "8.00"].map(|v| v.parse().unwrap()).to_vec();
    t07.total = row.values.clone();
    t07.rows = vec![row];
    t07.meta.empty = false;
    let json = serde_json::to_vec(&case.view()).unwrap();
    let pages = render(&case).pages;
    let table = pages
        .iter()
        .find(|p| p.contains("公开07表") && p.contains("金额单位"))
        .expect("07 page");
    assert!(
        table.contains("政府性基金预算财政拨款支出决算表"),
        "{table}"
    );
    assert!(!table.contains("年初结转和结余"), "{table}");
    for cell in ["合计", "基本支出", "项目支出", "229", "其他支出", "8.00"] {
        assert!(table.contains(cell), "{cell} in {table}");
    }
    let text = pages.concat();
    assert!(
        text.contains(
            "政府性基金预算财政拨款支出8.00万元，其中：基本支出0.00万元，项目支出8.00万元"
        ),
        "{text}"
    );
    assert!(
        !text.contains("政府性基金预算财政拨款年初结转和结余"),
        "{text}"
    );
    let sh = compile(
        Fonts::embedded(),
        &Templates::builtin_style("shanghai").unwrap(),
        &json,
        &RenderOptions::new("t", 2023, 12, 31),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let sh_table = sh
        .pages
        .iter()
        .find(|p| p.contains("政府性基金预算财政拨款支出决算表") && p.contains("229"))
        .expect("Shanghai 07 page");
    assert!(
        sh_table.contains("8.00") && !sh_table.contains("年初结转和结余"),
        "{sh_table}"
    );
}

/// 07 with money carried over and none spent: no sentence about what 0.00 was used for.
#[test]
fn a_fund_carried_over_and_not_spent_is_said_so() {
    let mut case = Case::load(Path::new(SAMPLE)).unwrap();
    let mut row = case.gongkai.t05.rows[0].clone();
    row.code = "229".into();
    row.name = "其他支出".into();
    // 年初结转和结余 | 本年收入 | 本年支出 | 基本支出 | 项目支出 | 年末结转和结余.
    row.values = ["64.33", "0", "0", "0", "0", "64.33"]
        .map(|v| v.parse().unwrap())
        .to_vec();
    let t07 = &mut case.gongkai.t07;
    t07.total = row.values.clone();
    t07.rows = vec![row];
    t07.meta.empty = false;
    let text: String = render(&case).pages.concat().split_whitespace().collect();
    assert!(
        text.contains("2023年度政府性基金预算财政拨款年初结转和结余64.33万元"),
        "{text}"
    );
    assert!(
        text.contains("2023年度无政府性基金预算财政拨款支出。"),
        "{text}"
    );
    assert!(!text.contains("其他支出（类）0.00万元"), "{text}");
}

#[test]
fn district_settings_switch_style_and_grade_bands() {
    let dir = tempfile::tempdir().unwrap();
    let district = dir.path().join("上海某区");
    std::fs::create_dir_all(&district).unwrap();
    std::fs::write(
        district.join("设置.toml"),
        "\"版式\" = \"上海\"\n[\"绩效等级\"]\n\"优\" = 90\n\"良\" = 80\n\"合格\" = 60\n\"其余\" = \"不合格\"\n",
    )
    .unwrap();
    let pdf = dir.path().join("o.pdf");
    let view = dir.path().join("v.json");
    // The Shanghai 十一（二）needs five 中小企业 figures no table holds: refused until
    // the profile gives them.
    let case = copy_case(&dir.path().join("case"), None);
    let o = bin()
        .arg("generate")
        .arg(&case)
        .arg("--district")
        .arg(&district)
        .arg("-o")
        .arg(&pdf)
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(o.status.code(), Some(1), "{said}");
    assert!(
        said.contains("[P-缺项] 部门信息.toml 政府采购.面向中小企业预留项目预算金额："),
        "{said}"
    );
    let profile = case.join("部门信息.toml");
    let text = std::fs::read_to_string(&profile).unwrap().replacen(
        "[\"政府采购\"]\n",
        "[\"政府采购\"]\n\"面向中小企业预留项目预算金额\" = \"32.16\"\n\"面向小微企业预留项目预算金额\" = \"32.16\"\n\"预留项目中小企业中标成交金额\" = \"32.16\"\n\"预留项目小微企业中标成交金额\" = \"32.16\"\n\"其他项目中小企业中标成交金额\" = 0\n",
        1,
    );
    std::fs::write(&profile, text).unwrap();
    let o = bin()
        .arg("generate")
        .arg(&case)
        .arg("--district")
        .arg(&district)
        .arg("-o")
        .arg(&pdf)
        .arg("--dump-view")
        .arg(&view)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&view).unwrap()).unwrap();
    let grades = &v["narrative"]["s10_performance"]["grades"];
    assert_eq!(grades[2][0], "合格");
    assert_eq!(grades[3][0], "不合格");
    // A typo in a setting is named.
    std::fs::write(district.join("设置.toml"), "\"板式\" = \"上海\"\n").unwrap();
    let o = bin()
        .args(["generate", SAMPLE, "--district"])
        .arg(&district)
        .arg("-o")
        .arg(&pdf)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("板式"));
}

/// The title of 第二部分 stands on its first table's page, whatever table the district
/// lists first: a landscape table (04, 06, 09; 02–04 in the Shanghai style) starts a
/// page of its own, and the title must not be left alone on the page before it.
#[test]
fn the_tables_part_title_stands_on_its_first_tables_page() {
    let dir = tempfile::tempdir().unwrap();
    for (style, first, title) in [
        ("", "06", "基本支出决算明细表"),
        ("", "10", "部门决算公开相关信息统计表"),
        ("", "02", "收入决算表"),
        ("\"版式\" = \"上海\"\n", "04", "财政拨款收入支出决算总表"),
    ] {
        std::fs::write(
            dir.path().join("设置.toml"),
            format!("{style}[\"表格\"]\n\"列出\" = [\"{first}\", \"01\"]\n"),
        )
        .unwrap();
        let settings = juesuan::settings::load(&[dir.path()]).unwrap();
        let case = Case::load_with(Path::new(SAMPLE), settings).unwrap();
        let templates = match case.settings.style.as_deref() {
            Some(name) => Templates::builtin_style(name).unwrap(),
            None => Templates::builtin(),
        };
        let json = serde_json::to_vec(&case.view()).unwrap();
        let pages = compile(
            Fonts::embedded(),
            &templates,
            &json,
            &RenderOptions::new("test", 2023, 12, 31),
        )
        .unwrap()
        .pages;
        // (After the 目录, which names the part too.)
        let at = (pages.iter())
            .position(|p| p.contains("第二部分") && !p.starts_with("目录"))
            .unwrap_or_else(|| panic!("no part title: {pages:?}"));
        assert!(pages[at].contains(title), "{first}: {}", pages[at]);
        // No blank page anywhere (the page number alone).
        let blank = pages
            .iter()
            .position(|p| p.chars().filter(|c| !c.is_whitespace()).count() <= 6);
        assert_eq!(blank, None, "{first}: {pages:?}");
    }
}

/// A district's 设置.toml changes the layout without touching a template: cover lines,
/// which tables print in what order under what label, split 类/款/项 columns, number
/// style, 不涉及的不列, the output name.
#[test]
fn district_settings_change_layout_numbers_and_names() {
    let dir = tempfile::tempdir().unwrap();
    let district = dir.path().join("某区");
    std::fs::create_dir_all(&district).unwrap();
    std::fs::write(
        district.join("设置.toml"),
        r#"
["封面"]
"行" = ["{部门名称}", "{年度}年度部门决算", "公开文本"]
["表格"]
"列出" = ["01", "02", "03", "05", "04"]
"编号" = "表{序号}"
"科目编码" = "分列"
"千分位" = true
"零值" = "0.00"
["情况说明"]
"细化到" = "项"
"零值事项" = "不列"
["数字"]
"千分位" = false
"百分比" = "去掉末尾的0"
["字号"]
"正文" = 14
["输出"]
"文件名" = "{年度}-{部门名称}.pdf"
"#,
    )
    .unwrap();
    let settings = juesuan::settings::load(&[district.as_path()]).unwrap();
    let case = Case::load_with(Path::new(SAMPLE), settings).unwrap();
    let pages = render(&case).pages;
    let text: String = pages.concat();
    // Cover lines with the department filled in.
    assert!(pages[0].contains("公开文本"), "{}", pages[0]);
    // Five tables, in the listed order, numbered by position.
    assert!(
        text.contains("四、一般公共预算财政拨款支出决算表"),
        "{text}"
    );
    assert!(text.contains("五、财政拨款收入支出决算总表"), "{text}");
    assert!(text.contains("表4") && !text.contains("公开05表"), "{text}");
    assert!(!text.contains("基本支出决算明细表"), "{text}");
    // Split code columns (类 | 款 | 项) with separators in the cells: `1,083.51`.
    let t03 = pages.iter().find(|p| p.contains("表3")).unwrap();
    assert!(t03.contains("类") && t03.contains("款") && t03.contains("项"));
    assert!(t03.contains("1,083.51") && t03.contains("0.00"), "{t03}");
    // Prose: no separators, trimmed percentages, zero sources left out, per-项 paragraphs.
    assert!(text.contains("收入合计1156.59万元"), "{text}");
    assert!(text.contains("财政拨款收入1156.59万元，占比100%"), "{text}");
    assert!(!text.contains("上级补助收入0.00万元"), "{text}");
    assert!(text.contains("行政运行（项）"), "{text}");
    // The sample has no 三公 spending: with 不列 its four zero paragraphs become one line.
    assert!(text.contains("本年度无“三公”经费财政拨款支出。"), "{text}");
    assert!(
        text.contains("全年预算0.00万元，支出决算0.00万元，与上年持平。（二）"),
        "no dangling 其中：{text}"
    );
    assert!(!text.contains("因公出国（境）费支出0"), "{text}");
    assert!(text.contains("政府采购支出总额32.16万元"), "{text}");

    // The binary names the file by the district's pattern, in the output folder.
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let o = bin()
        .args(["generate", SAMPLE, "--district"])
        .arg(&district)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.join("2023-中共长治市屯留区委组织部.pdf").exists());

    // A font the settings name but nobody loaded is refused with the setting's name.
    std::fs::write(
        district.join("设置.toml"),
        "[\"字体\"]\n\"宋体\" = [\"仿宋_GB2312\"]\n",
    )
    .unwrap();
    let o = bin()
        .args(["generate", SAMPLE, "--district"])
        .arg(&district)
        .arg("-o")
        .arg(dir.path().join("x.pdf"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(&format!(
            "{} 有误：第2行（\"宋体\" = [\"仿宋_GB2312\"]）：字体.宋体 的“仿宋_GB2312”没有找到（本程序不使用系统里安装的字体）",
            district.join("设置.toml").display()
        )),
        "{err}"
    );
    assert!(!dir.path().join("x.pdf").exists());

    // A font named as Word shows it (its Chinese name) is found by that name in a font
    // folder and used: the test face draws the digits.
    std::fs::write(
        district.join("设置.toml"),
        "[\"字体\"]\n\"宋体\" = [\"测试宋体\"]\n",
    )
    .unwrap();
    let o = bin()
        .args([
            "generate",
            SAMPLE,
            "--font-dir",
            "tests/fixtures/fonts",
            "--district",
        ])
        .arg(&district)
        .arg("-o")
        .arg(dir.path().join("x.pdf"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let pdf = std::fs::read(dir.path().join("x.pdf")).unwrap();
    assert!(String::from_utf8_lossy(&pdf).contains("+JuesuanAliasTest-Regular"));

    // A font folder with no font in it is a slip, said so.
    let o = bin()
        .args(["generate", SAMPLE, "--font-dir", "docs", "-o"])
        .arg(dir.path().join("y.pdf"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("字体文件夹 docs：其中没有字体文件（.ttf、.otf、.ttc、.otc）"),
        "{err}"
    );
}

/// The documented example 设置.toml states the defaults: with it, the sample's PDF is
/// byte-identical to the one made without settings (the documentation cannot drift).
#[test]
fn documented_example_settings_are_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let district = dir.path().join("区");
    std::fs::create_dir_all(&district).unwrap();
    std::fs::copy("docs/设置示例.toml", district.join("设置.toml")).unwrap();
    let with = dir.path().join("with.pdf");
    let without = dir.path().join("without.pdf");
    for (pdf, district) in [(&with, Some(&district)), (&without, None)] {
        let mut cmd = bin();
        cmd.args(["generate", SAMPLE, "-o"]).arg(pdf);
        if let Some(d) = district {
            cmd.arg("--district").arg(d);
        }
        let o = cmd.output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    assert_eq!(
        std::fs::read(&with).unwrap(),
        std::fs::read(&without).unwrap()
    );
}

/// 细化到 = "类款项": one paragraph per 项, named with its 类 and 款.
#[test]
fn narrative_per_item_under_its_class_and_section() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("设置.toml"),
        "[\"情况说明\"]\n\"细化到\" = \"类款项\"\n",
    )
    .unwrap();
    let settings = juesuan::settings::load(&[dir.path()]).unwrap();
    let case = Case::load_with(Path::new(SAMPLE), settings).unwrap();
    let text: String = render(&case).pages.concat();
    assert!(
        text.contains("一般公共服务支出（类）组织事务（款）行政运行（项）"),
        "{text}"
    );
    assert!(
        text.contains("社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）"),
        "{text}"
    );
}

/// A 类 spent as much as last year: its reason explains why 决算 differs from 年初预算 and
/// the sentence says so, rather than giving it as the reason for being level.
#[test]
fn a_level_class_gives_its_reason_for_the_budget_gap() {
    let mut case = Case::load(Path::new(SAMPLE)).unwrap();
    let level = juesuan::profile::Money("37.42".parse().unwrap());
    case.profile
        .prior
        .general_by_code
        .insert("208".into(), level);
    let text: String = render(&case).pages.concat().replace('\n', "");
    assert!(
        text.contains(
            "社会保障和就业支出年初预算30.35万元，支出决算37.42万元，完成年初预算的123.29%"
        ) && text.contains("与上年决算持平。决算数与年初预算数存在差异的主要原因是"),
        "{text}"
    );
}

/// 公务接待费 told in its parts as the published documents do: 国内 (外事 within it) and
/// 国（境）外, the rest of the whole.
#[test]
fn reception_is_told_in_its_parts() {
    let mut case = Case::load(Path::new(SAMPLE)).unwrap();
    case.gongkai.t09.actual.reception = "3.00".parse().unwrap();
    let sg = &mut case.profile.sangong;
    sg.domestic_reception = Some(juesuan::profile::Money("2.50".parse().unwrap()));
    sg.foreign_reception = Some(juesuan::profile::Money("0.50".parse().unwrap()));
    (sg.reception_batches, sg.reception_people) = (4, 20);
    (sg.foreign_batches, sg.foreign_people) = (1, 3);
    (sg.overseas_batches, sg.overseas_people) = (1, 2);
    let text: String = render(&case).pages.concat().replace('\n', "");
    assert!(
        text.contains("公务接待费支出3.00万元，共接待5批次，22人次。国内公务接待费2.50万元，共接待4批次，20人次，其中外事接待费0.50万元，共接待1批次，3人次；国（境）外接待费0.50万元，共接待1批次，2人次"),
        "{text}"
    );
}

/// Cases that have no number to print are said in words: a 类 without 年初预算 (no rate
/// over 0), a department that evaluated no project; a table converted from 元 says its
/// figures carry rounding tails.
#[test]
fn nothing_to_compare_is_said_in_words() {
    let mut case = Case::load(Path::new(SAMPLE)).unwrap();
    case.profile
        .budget
        .by_code
        .insert("208".into(), juesuan::profile::Money("0".parse().unwrap()));
    case.projects.clear();
    case.profile.performance = Default::default();
    case.gongkai.t02.meta.unit = juesuan::model::SourceUnit::Yuan;
    let text: String = render(&case).pages.concat().replace('\n', "");
    assert!(
        text.contains("社会保障和就业支出年初预算0.00万元，支出决算37.42万元，主要用于"),
        "{text}"
    );
    assert!(
        text.contains("本部门2023年度未开展项目支出绩效自评。"),
        "{text}"
    );
    assert!(!text.contains("涉及二级项目0个"), "{text}");
    assert!(
        text.contains("注：本表反映部门本年度取得的各项收入情况。本表金额由元折算为万元，各数分别四舍五入，可能存在尾数误差。"),
        "{text}"
    );
}

/// `--help` is Chinese throughout, usage line included, for every command.
#[test]
fn help_is_in_chinese() {
    for (args, usage) in [
        (vec!["--help"], "用法：juesuan <命令>"),
        (
            vec!["generate", "--help"],
            "用法：juesuan generate [选项] <案例文件夹>...",
        ),
        (
            vec!["check", "--help"],
            "用法：juesuan check [选项] <案例文件夹>",
        ),
        (
            vec!["template", "export", "--help"],
            "用法：juesuan template export [选项] <目标文件夹>",
        ),
        // `help` as git and cargo take it.
        (vec!["help"], "用法：juesuan <命令>"),
        (
            vec!["help", "diff"],
            "用法：juesuan diff [选项] <修改前> <修改后>",
        ),
    ] {
        let o = bin().args(&args).output().unwrap();
        assert!(o.status.success());
        let text = String::from_utf8(o.stdout).unwrap();
        assert!(text.contains(usage), "{args:?}: {text}");
        for english in ["Usage", "Options", "Arguments", "Commands", "Print help"] {
            assert!(!text.contains(english), "{args:?}: {text}");
        }
        // Headings end with the full-width colon, as Chinese text does.
        assert!(text.contains("\n选项：\n"), "{args:?}: {text}");
        for ascii in ["命令:", "选项:", "参数:"] {
            assert!(!text.contains(ascii), "{args:?}: {text}");
        }
    }
}

/// Settings beside the cases apply only when the folder is named as the district: said,
/// not silently ignored; and a district's broken settings are said once, not per case.
#[test]
fn settings_beside_the_cases_are_pointed_out_and_said_once_when_broken() {
    let dir = tempfile::tempdir().unwrap();
    let all = folder_of_cases(dir.path(), &[("a", None), ("b", None)]);
    std::fs::write(all.join("设置.toml"), "\"乱写\" = 1\n").unwrap();
    let o = bin().arg("check").arg(&all).output().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("中的设置（设置.toml）未使用：它不属于任何一个案例；要让它对这些案例都生效，请加上 --district "),
        "{stderr}"
    );
    let o = bin()
        .arg("check")
        .arg(&all)
        .arg("--district")
        .arg(&all)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(said.matches("未知的键“乱写”").count(), 1, "{said}");
    assert!(!said.contains("== "), "no case is checked: {said}");
}

/// Two departments whose names differ only in a character a file name cannot hold map
/// to one file name: `check` says so for `-o` into one folder, and does not count it as
/// two versions of one document (each is generated in its own folder).
#[test]
fn check_tells_a_file_name_clash_from_a_second_version() {
    let dir = tempfile::tempdir().unwrap();
    let all = folder_of_cases(dir.path(), &[("a", None), ("b", None)]);
    for (case, name) in [("a", "组织部（甲/乙）"), ("b", "组织部（甲_乙）")] {
        let profile = all.join(case).join("部门信息.toml");
        let text = std::fs::read_to_string(&profile).unwrap().replacen(
            "\"部门名称\" = \"中共长治市屯留区委组织部\"",
            &format!("\"部门名称\" = \"中共长治市屯留区委{name}\""),
            1,
        );
        std::fs::write(&profile, text).unwrap();
    }
    let o = bin().arg("check").arg(&all).output().unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("的文件名相同（中共长治市屯留区委组织部（甲_乙）2023年度部门决算公开.pdf：部门名称只差 / 之类不能用于文件名的字符），用 -o 输出到同一文件夹时只生成前一个"),
        "{stdout}"
    );
    assert!(!stdout.contains("同一部门同一年度"), "{stdout}");
}

/// Among the cases, what is none is said: a workbook left at the top of the folder, a
/// case folder named as the output folder.
#[test]
fn what_sits_among_the_cases_and_is_none_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let all = folder_of_cases(dir.path(), &[("a", None), ("b", None)]);
    std::fs::copy(
        Path::new(SAMPLE).join("公开表.xlsx"),
        all.join("某局公开表.xlsx"),
    )
    .unwrap();
    let o = bin().arg("check").arg(&all).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("某局公开表.xlsx：不在案例文件夹中，未处理"),
        "{err}"
    );
    let o = bin()
        .arg("generate")
        .arg(&all)
        .arg("-o")
        .arg(all.join("b"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("是一个案例，但也被指定为输出文件夹（-o）或区县文件夹（--district），本次不作为案例处理"),
        "{err}"
    );
}

/// `check` on a folder of cases checks each; one unreadable case does not stop the
/// others, and the exit code says the worst (2 could not check, 1 errors, 0 clean).
#[test]
fn check_many_cases_reports_each_and_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let all = folder_of_cases(
        dir.path(),
        &[
            ("a-good", None),
            ("b-corrupt", Some("tests/fixtures/bad/truncated.xlsx")),
            ("c-copy-of-a", None),
        ],
    );
    let o = bin().arg("check").arg(&all).output().unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(2), "{stdout}");
    // The sample's two hints (last year's 类 short of its total, 绩效 funds and their
    // parts), then its tails counted, not listed, among many cases.
    assert!(stdout.contains("a-good ==\n提示（2 项"), "{stdout}");
    assert!(
        stdout.contains("\n取整尾差 24 项（万元取整所致；单独核对此案例时逐项列出）"),
        "{stdout}"
    );
    assert!(stdout.contains("b-corrupt ==\n无法核对："), "{stdout}");
    assert!(
        stdout.contains("共 3 个案例：无错误 1，有错误 0，无法核对 1，与前面的案例是同一部门同一年度 1（不会生成）。"),
        "{stdout}"
    );
    assert!(
        stdout.contains("c-copy-of-a 是同一部门同一年度的文档（中共长治市屯留区委组织部2023年度），生成时只生成前一个"),
        "{stdout}"
    );
    // Without the unreadable one, the copy alone makes the check fail: the batch would
    // not write it.
    let o = bin()
        .arg("check")
        .arg(all.join("a-good"))
        .arg(all.join("c-copy-of-a"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{stdout}");
    // The summary agrees with the exit code: the copy is not counted clean.
    assert!(
        stdout.contains(
            "共 2 个案例：无错误 1，有错误 0，无法核对 0，与前面的案例是同一部门同一年度 1"
        ),
        "{stdout}"
    );

    // Generated in place (no -o), the copy is still refused: one document made twice.
    let o = bin().arg("generate").arg(&all).output().unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(2), "{stdout}");
    assert!(all
        .join("a-good")
        .join("中共长治市屯留区委组织部2023年度部门决算公开.pdf")
        .is_file());
    assert!(!all
        .join("c-copy-of-a")
        .join("中共长治市屯留区委组织部2023年度部门决算公开.pdf")
        .exists());
    assert!(
        stdout.contains("是同一部门同一年度的文档（中共长治市屯留区委组织部2023年度），未生成"),
        "{stdout}"
    );
}

/// A district template that never finishes (Typst has no evaluation budget) stops the run
/// with a message after the case time limit, and the previous PDF stays.
#[test]
fn a_runaway_template_is_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let district = dir.path().join("区");
    std::fs::create_dir_all(&district).unwrap();
    std::fs::write(
        district.join("cover.typ"),
        "#for i in range(100000) { for j in range(100000) { } }\n",
    )
    .unwrap();
    let out = dir.path().join("out.pdf");
    std::fs::write(&out, b"previous").unwrap();
    let o = bin()
        .env("JUESUAN_CASE_TIMEOUT", "2")
        .arg("generate")
        .arg(SAMPLE)
        .arg("--district")
        .arg(&district)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("仍未完成") && stderr.contains("已中止"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&out).unwrap(), b"previous");
}

/// In a batch, the case whose own template never finishes stops the run (a compile cannot
/// be cut short), and the run says which documents it wrote before it; no temporary file
/// is left.
#[test]
fn a_runaway_case_in_a_batch_says_what_was_written() {
    let dir = tempfile::tempdir().unwrap();
    let all = folder_of_cases(dir.path(), &[("a-good", None), ("b-runaway", None)]);
    let profile = all.join("b-runaway").join("部门信息.toml");
    let text = std::fs::read_to_string(&profile).unwrap().replacen(
        "\"部门名称\" = \"中共长治市屯留区委组织部\"",
        "\"部门名称\" = \"中共长治市屯留区委组织部（乙）\"",
        1,
    );
    std::fs::write(&profile, text).unwrap();
    let templates = all.join("b-runaway").join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("cover.typ"),
        "#for i in range(100000) { for j in range(100000) { } }\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    // Long enough for the good case on a loaded machine (a debug build under parallel
    // tests); the runaway one never ends.
    let o = bin()
        .env("JUESUAN_CASE_TIMEOUT", "8")
        .args(["generate", "-j", "1"])
        .arg(&all)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("b-runaway") && stderr.contains("仍未完成"),
        "{stderr}"
    );
    assert!(
        stderr.contains("本次已写出 1 个 PDF：")
            && stderr.contains("中共长治市屯留区委组织部2023年度部门决算公开.pdf"),
        "{stderr}"
    );
    let left: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["中共长治市屯留区委组织部2023年度部门决算公开.pdf"]);
}

/// What the profile changes beyond figures — the department's name, a 职责, a reason —
/// is listed too, each in its own section; a later version that `generate` would refuse
/// is said.
#[test]
fn diff_lists_profile_texts_and_warns_of_a_refused_version() {
    let dir = tempfile::tempdir().unwrap();
    let before = copy_case(&dir.path().join("before"), None);
    let after = copy_case(&dir.path().join("after"), None);
    let profile = after.join("部门信息.toml");
    let text = std::fs::read_to_string(&profile).unwrap();
    let text = text
        .replacen(
            "中共长治市屯留区委组织部",
            "中共长治市屯留区委组织部（改）",
            1,
        )
        .replacen(
            "完成区委和市委组织部交办的其他任务。",
            "完成区委交办的其他任务。",
            1,
        )
        .replacen(
            "\"机关运行经费\" = \"主题教育办公室办公设施设备购置经费增加\"",
            "\"机关运行经费\" = \"办公设施购置增加\"",
            1,
        );
    std::fs::write(&profile, text).unwrap();
    let (out, _) = diff_ok(&before, &after);
    assert!(
        out.starts_with("部门概况（2 处变化）：\n  部门名称：中共长治市屯留区委组织部 → 中共长治市屯留区委组织部（改）\n  职责 › 9：完成区委和市委组织部交办的其他任务。 → 完成区委交办的其他任务。\n"),
        "{out}"
    );
    assert!(
        out.contains("情况说明中的原因和用途（1 处变化）：\n  十、机关运行经费 › 原因：主题教育办公室办公设施设备购置经费增加 → 办公设施购置增加\n"),
        "{out}"
    );
    assert!(!out.contains("情况说明中的数字"), "{out}");

    // A later version with an error: listed, and said to be refused by `generate`.
    let book = after.join("公开表.xlsx");
    common::build::rewrite_zip_member(&book, &book, "xl/worksheets/sheet5.xml", |xml| {
        xml.replace(
            "<c r=\"C15\" t=\"n\"><v>37.42</v></c>",
            "<c r=\"C15\" t=\"n\"><v>40.42</v></c>",
        )
    });
    let (_, err) = diff_ok(&before, &after);
    assert!(
        err.contains("注意：修改后的版本核对有")
            && err.contains("个错误，juesuan generate 不会生成它"),
        "{err}"
    );
}

/// A corrected 绩效 score shows in `diff` with the total it moves; a broken side is named.
#[test]
fn diff_lists_a_changed_jixiao_score_and_names_a_broken_side() {
    let dir = tempfile::tempdir().unwrap();
    let before = copy_case(&dir.path().join("before"), None);
    let after = copy_case(&dir.path().join("after"), None);
    let book = after.join("绩效自评表.xlsx");
    common::build::rewrite_zip_member(&book, &book, "xl/worksheets/sheet1.xml", |xml| {
        xml.replace(
            "<c r=\"I16\" t=\"n\"><v>30</v></c>",
            "<c r=\"I16\" t=\"n\"><v>25</v></c>",
        )
    });
    // A form renamed (a form replaced by another) is one line each, naming the sheet.
    common::build::rewrite_zip_member(&book, &book, "xl/worksheets/sheet8.xml", |xml| {
        xml.replace("第一书记工作经费", "驻村工作队经费")
    });
    let (out, _) = diff_ok(&before, &after);
    assert!(
        out.contains("绩效自评表（4 处变化）：\n  2023年党建工作经费 › 绩效指标 › 社会效益指标 党组织优势 › 得分：30 → 25\n  2023年党建工作经费 › 总分：89.96 → 84.96\n  2023年第一书记工作经费：自评表（原工作表 项目8） → 整张删除\n  2023年驻村工作队经费：（无） → 新增自评表（工作表 项目8）\n"),
        "{out}"
    );
    // The two 绩效 workbooks themselves compare the same way.
    let (out, err) = diff_ok(&before.join("绩效自评表.xlsx"), &book);
    assert!(
        out.starts_with("绩效自评表（4 处变化）：\n  2023年党建工作经费 › 绩效指标 › 社会效益指标 党组织优势 › 得分：30 → 25\n"),
        "{out}{err}"
    );
    let o = bin()
        .arg("diff")
        .arg(&book)
        .arg(before.join("公开表.xlsx"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("一边是绩效自评表工作簿、一边不是，无法比较")
    );
    let missing = dir.path().join("没有这个案例");
    let o = bin()
        .arg("diff")
        .arg(&before)
        .arg(&missing)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "错误：修改后的版本 {} 不存在（应为案例文件夹或公开表工作簿）",
            missing.display()
        )),
        "{err}"
    );
}

/// The district's template folder and the output folder may sit among the cases: never
/// taken for cases, nor reported.
#[test]
fn a_district_folder_inside_the_batch_folder_is_not_a_case() {
    let dir = tempfile::tempdir().unwrap();
    let all = dir.path().join("全区");
    std::fs::create_dir_all(&all).unwrap();
    let case = copy_case(&dir.path().join("tmp"), None);
    std::fs::rename(&case, all.join("某部门")).unwrap();
    let district = all.join("模板");
    std::fs::create_dir_all(&district).unwrap();
    std::fs::write(
        district.join("设置.toml"),
        "[\"数字\"]\n\"千分位\" = true\n",
    )
    .unwrap();
    let o = bin()
        .arg("check")
        .arg(&all)
        .arg("--district")
        .arg(&district)
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr),
    );
    assert_eq!(o.status.code(), Some(0), "{stdout}{stderr}");
    assert!(
        !stdout.contains("模板") && !stderr.contains("模板"),
        "{stdout}{stderr}"
    );
    // Not named as the district: an exported templates folder (with its sub-folders) is
    // skipped with one note, not one per sub-folder.
    let exported = all.join("导出的模板");
    let o = bin()
        .arg("template")
        .arg("export")
        .arg(&exported)
        .output()
        .unwrap();
    assert!(o.status.success());
    let o = bin().arg("check").arg(&all).output().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(stderr.matches("不是案例文件夹").count(), 2, "{stderr}");
    assert!(stderr.contains("导出的模板：不是案例文件夹"), "{stderr}");
}

/// The sample's 公开06表 with wider figures and `extra` more 人员经费 rows, rendered; the
/// pages holding 公开06表.
fn table_06_pages(extra: usize, templates: &Templates) -> Vec<String> {
    let case = Case::load(Path::new(SAMPLE)).unwrap();
    let mut view = serde_json::to_value(case.view()).unwrap();
    let t06 = &mut view["tables"]["t06"];
    for side in ["personnel", "public"] {
        for item in t06[side].as_array_mut().unwrap() {
            if !item["amount"].as_str().unwrap().starts_with('─') {
                item["amount"] = "12,345.67".into();
            }
        }
    }
    let people = t06["personnel"].as_array_mut().unwrap();
    for i in 0..extra {
        people.push(serde_json::json!({
            "code": format!("3039{i}"), "name": "其他对个人和家庭的补助支出测试",
            "amount": "1,234.56", "level": "款"
        }));
    }
    let json = serde_json::to_vec(&view).unwrap();
    let out = compile(
        Fonts::embedded(),
        templates,
        &json,
        &RenderOptions::new("t", 2023, 12, 31),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let first = out
        .pages
        .iter()
        .position(|p| p.contains("公开06表"))
        .unwrap();
    out.pages[first..]
        .iter()
        .take_while(|p| !p.contains("公开07表"))
        .cloned()
        .collect()
}

/// A 公开06表 a few rows too long for its landscape page is tightened onto it rather
/// than leaving its last row and the totals alone on a second page; a much longer one
/// runs on with its header repeated.
#[test]
fn table_06_a_little_too_long_stays_on_one_page() {
    let templates = Templates::builtin();
    let pages = table_06_pages(4, &templates);
    assert_eq!(pages.len(), 1, "{pages:#?}");
    assert!(pages[0].contains("公用经费合计"));
    let pages = table_06_pages(40, &templates);
    assert!(pages.len() >= 2, "{pages:#?}");
    assert!(pages.iter().all(|p| p.contains("科目名称")));
}

/// A `--district` that is not a folder stops `check` and `generate` alike (exit 2), said
/// as what it is: a missing folder, or a file given for the folder.
#[test]
fn a_district_that_is_not_a_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nosuchdir");
    let file = dir.path().join("cover.typ");
    std::fs::write(&file, "封面").unwrap();
    let said = [
        (
            &missing,
            format!("错误：区县文件夹 {} 不存在\n", missing.display()),
        ),
        (
            &file,
            format!(
                "错误：区县文件夹 {} 是一个文件，不是文件夹：--district 应指向放 设置.toml 和模板的文件夹（如 juesuan template export 导出的文件夹），而不是其中的文件\n",
                file.display()
            ),
        ),
    ];
    for (district, message) in said {
        for command in ["check", "generate"] {
            let mut cmd = bin();
            cmd.args([command, SAMPLE, "--district"]).arg(district);
            if command == "generate" {
                cmd.arg("-o").arg(dir.path().join("out.pdf"));
            }
            let o = cmd.output().unwrap();
            let stderr = String::from_utf8_lossy(&o.stderr);
            assert_eq!(o.status.code(), Some(2), "{command}: {stderr}");
            assert_eq!(stderr, message, "{command}");
        }
    }
    assert!(!dir.path().join("out.pdf").exists());
}

/// `--watch` with a template that never finishes: the run is stopped and said, naming
/// the case, and the session keeps watching; the next save is generated.
#[test]
fn watch_survives_a_runaway_template() {
    use std::io::Read;
    use std::sync::{Arc, Mutex};
    let dir = tempfile::tempdir().unwrap();
    let case = copy_case(dir.path(), None);
    let district = dir.path().join("区");
    std::fs::create_dir_all(&district).unwrap();
    let cover = district.join("cover.typ");
    std::fs::write(
        &cover,
        "#for i in range(100000) { for j in range(100000) { } }\n",
    )
    .unwrap();
    let out = dir.path().join("w.pdf");
    let mut watcher = bin()
        // Room for the good save to finish on a loaded machine (other tests, a build).
        .env("JUESUAN_CASE_TIMEOUT", "4")
        .arg("generate")
        .arg(&case)
        .arg("--district")
        .arg(&district)
        .arg("-o")
        .arg(&out)
        .arg("--watch")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let collect = |mut pipe: Box<dyn Read + Send>| {
        let text = Arc::new(Mutex::new(String::new()));
        let into = Arc::clone(&text);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                into.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        text
    };
    let stdout = collect(Box::new(watcher.stdout.take().unwrap()));
    let stderr = collect(Box::new(watcher.stderr.take().unwrap()));
    let wait_for = |text: &Arc<Mutex<String>>, what: &str| {
        for _ in 0..300 {
            if text.lock().unwrap().contains(what) {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        false
    };
    let watching = format!(
        "正在监视 {} 和 {} 的改动（Ctrl+C 退出）…",
        case.display(),
        district.display()
    );
    let stopped = format!(
        "错误：案例 {} 已处理 4 秒仍未完成（模板可能有死循环或过大的计算），已中止，原有的 PDF 未被改动；本次没有写出 PDF。",
        case.display()
    );
    let timed_out = wait_for(&stderr, &stopped) && wait_for(&stdout, &watching);
    // The next save: a cover that finishes.
    std::fs::write(&cover, "封面\n").unwrap();
    let generated = timed_out && wait_for(&stdout, &format!("已生成 {}", out.display()));
    let _ = watcher.kill();
    let _ = watcher.wait();
    let (o, e) = (
        stdout.lock().unwrap().clone(),
        stderr.lock().unwrap().clone(),
    );
    assert!(timed_out, "stdout: {o}\nstderr: {e}");
    assert!(generated, "stdout: {o}\nstderr: {e}");
    assert!(out.is_file());
}

/// A district's larger table size makes 公开04表 run a few rows onto a second page: it is
/// set a little tighter and stays on one page, 总计 and 注 with it; the district's
/// margins hold on its landscape page too (the page is narrower, the table still fits).
#[test]
fn a_wide_table_a_few_rows_too_long_is_kept_on_its_page() {
    for settings_text in [
        "[\"字号\"]\n\"宽表\" = 10\n",
        "[\"页边距\"]\n\"左\" = 2.8\n\"右\" = 2.6\n\"上\" = 2.4\n\"下\" = 2.4\n",
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("设置.toml"), settings_text).unwrap();
        let settings = juesuan::settings::load(&[dir.path()]).unwrap();
        let case = Case::load_with(Path::new(SAMPLE), settings).unwrap();
        let pages = render(&case).pages;
        let p04: Vec<&String> = pages
            .iter()
            .filter(|p| p.contains("财政拨款收入支出决算总表") && p.contains("公开04表"))
            .collect();
        assert_eq!(p04.len(), 1, "{settings_text}");
        assert!(
            p04[0].contains("国有资本经营预算财政拨款")
                && p04[0].contains("总计")
                && p04[0].contains("注：本表反映部门本年度"),
            "{settings_text}: {}",
            p04[0]
        );
    }
}

/// A mistyped option is said in Chinese with the usage, pointing at the command's own help.
#[test]
fn a_mistyped_option_points_at_its_command_help() {
    for (args, help) in [
        (
            vec!["generate", "--bogus", "x"],
            "用 juesuan generate --help 查看帮助。",
        ),
        (
            vec!["template", "export"],
            "用 juesuan template export --help 查看帮助。",
        ),
        (vec!["bogus"], "用 juesuan --help 查看帮助。"),
    ] {
        let o = bin().args(&args).output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.starts_with("错误："), "{err}");
        assert!(err.trim_end().ends_with(help), "{args:?}: {err}");
    }
}

/// A reason typed with the words the sentence already says (`主要原因是人员增加。`) is
/// printed once: not `主要原因是主要原因是人员增加`.
#[test]
fn a_reason_with_the_sentences_own_lead_is_not_doubled() {
    for reason in [
        "主要原因是人员增加。",
        "主要原因是：人员增加",
        "主要原因：人员增加。",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let case = copy_case(dir.path(), None);
        let profile = case.join("部门信息.toml");
        let text = std::fs::read_to_string(&profile).unwrap().replacen(
            "\"210\" = \"人员增加\"",
            &format!("\"210\" = \"{reason}\""),
            1,
        );
        std::fs::write(&profile, text).unwrap();
        let out = render(&Case::load(&case).unwrap());
        let all: String = out.pages.concat().split_whitespace().collect();
        assert!(
            all.contains("增长10.06%，主要原因是人员增加。"),
            "{reason}: {all}"
        );
        assert!(!all.contains("主要原因是主要原因") && !all.contains("主要原因是："));
    }
}

/// With 零值事项 = 不列, a 三公 item with nothing this year but money last year is still
/// told: its drop is the total's change.
#[test]
fn a_sangong_item_that_dropped_to_nothing_is_told_when_zeros_are_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let case = copy_case(dir.path(), None);
    let profile = case.join("部门信息.toml");
    let text = std::fs::read_to_string(&profile).unwrap().replacen(
        "[\"上年\".\"三公经费\"]\n\"合计\" = 0\n\"因公出国（境）费\" = 0\n\"公务用车购置费\" = 0",
        "[\"上年\".\"三公经费\"]\n\"合计\" = 25\n\"因公出国（境）费\" = 0\n\"公务用车购置费\" = 25",
        1,
    );
    assert!(text.contains("\"公务用车购置费\" = 25"));
    std::fs::write(&profile, text).unwrap();
    std::fs::write(
        case.join("设置.toml"),
        "[\"情况说明\"]\n\"零值事项\" = \"不列\"\n",
    )
    .unwrap();
    let mut settings = juesuan::settings::load(&[case.as_path()]).unwrap();
    settings.apply_style(None);
    let out = render(&Case::load_with(&case, settings).unwrap());
    let all: String = out.pages.concat().split_whitespace().collect();
    let s9: String = all
        .split("（一）“三公”经费财政拨款支出决算总体情况说明")
        .nth(1)
        .unwrap_or_default()
        .chars()
        .take(200)
        .collect();
    assert!(
        s9.contains("。其中：公务用车购置费全年预算0.00万元，支出决算0.00万元，较上年减少25.00万元，下降100.00%"),
        "{s9}"
    );
    // The items unchanged at nothing stay out.
    assert!(!s9.contains("因公出国（境）费全年预算"), "{s9}");
    // （二）tells the same items as （一）: the dropped 购置费 is there, numbered first.
    let s9b: String = all
        .split("（二）“三公”经费财政拨款支出决算具体情况说明")
        .nth(1)
        .unwrap_or_default()
        .chars()
        .take(120)
        .collect();
    assert!(
        s9b.starts_with("1．公务用车购置费支出0.00万元，使用财政拨款购置公务用车0辆。"),
        "{s9b}"
    );
    assert!(!s9b.contains("因公出国"), "{s9b}");
}

/// `check` says a misnamed override as `generate` does (it compiles no template).
#[test]
fn check_says_a_misnamed_override() {
    let dir = tempfile::tempdir().unwrap();
    let district = dir.path().join("区");
    std::fs::create_dir_all(&district).unwrap();
    std::fs::write(district.join("Cover.typ"), "封面\n").unwrap();
    let o = bin()
        .arg("check")
        .arg(SAMPLE)
        .arg("--district")
        .arg(&district)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("Cover.typ 不是内置模板的文件名，也没有被其他模板引用，不起作用，是否应为")
            && err.contains("cover.typ"),
        "{err}"
    );
}
