use std::path::PathBuf;
use std::time::Instant;

use super::*;

/// The sample case's view model: the builtin templates need the full document data.
fn tiny() -> String {
    static JSON: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    JSON.get_or_init(|| {
        let case =
            crate::case::Case::load(std::path::Path::new("input-samples/tunliu-zuzhibu-2023"))
                .expect("sample case");
        serde_json::to_string(&case.view()).unwrap()
    })
    .clone()
}

fn compile(templates: &Templates, json: &str) -> Result<Vec<u8>, RenderError> {
    compile_pdf(
        Fonts::embedded(),
        templates,
        json.as_bytes(),
        &RenderOptions::new("test/2024", 2025, 6, 30),
    )
}

/// A template set whose `main.typ` is overridden by `main` (written to a temp dir).
fn with_main(main: &str) -> (tempfile::TempDir, PathBuf, Templates) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("main.typ");
    std::fs::write(&path, main).unwrap();
    let templates = Templates::with_overrides(&[dir.path().to_path_buf()]).unwrap();
    (dir, path, templates)
}

#[test]
fn builtin_templates_compile_to_pdf() {
    let start = Instant::now();
    let pdf = compile(&Templates::builtin(), &tiny()).unwrap();
    eprintln!("first compile: {:?}, {} bytes", start.elapsed(), pdf.len());
    assert!(pdf.starts_with(b"%PDF"));
}

#[test]
fn compiles_are_byte_identical() {
    let templates = Templates::builtin();
    let first = compile(&templates, &tiny()).unwrap();
    let start = Instant::now();
    let second = compile(&templates, &tiny()).unwrap();
    eprintln!("second compile: {:?}", start.elapsed());
    assert_eq!(first, second);
}

#[test]
fn pdf_a_compiles() {
    let mut opts = RenderOptions::new("test/pdfa", 2025, 6, 30);
    opts.pdf_a = true;
    opts.tagged = false;
    let pdf = compile_pdf(
        Fonts::embedded(),
        &Templates::builtin(),
        tiny().as_bytes(),
        &opts,
    )
    .unwrap();
    assert!(pdf.starts_with(b"%PDF"));
}

#[test]
fn broken_override_names_real_file_and_line() {
    let (_dir, path, templates) = with_main("#let data = json(\"/data.json\")\n= 标题\n#foo\n");
    let err = compile(&templates, &tiny()).unwrap_err();
    let msg = err.to_string();
    let expected = format!(
        "模板错误：{} 第3行第2列：未定义的名称 foo（拼写错误，或忘了 #import / #let）（unknown variable: foo）",
        path.display()
    );
    assert!(msg.starts_with(&expected), "{msg}");
}

/// An error in a built-in file caused by an override it imports (a function renamed in
/// the district's `phrases.typ`) names that override; with no override imported, every
/// override is named.
#[test]
fn an_error_in_a_builtin_file_names_the_override_it_imports() {
    let district = tempfile::tempdir().unwrap();
    let phrases = district.path().join("phrases.typ");
    let builtin = include_str!("../../typst-templates/phrases.typ");
    assert!(builtin.contains("#let compare("));
    std::fs::write(&phrases, builtin.replace("#let compare(", "#let compar(")).unwrap();
    let templates = Templates::with_overrides(&[district.path().to_path_buf()]).unwrap();
    let msg = compile(&templates, &tiny()).unwrap_err().to_string();
    assert!(
        msg.starts_with("模板错误：内置模板 part3/s01-totals.typ 第"),
        "{msg}"
    );
    assert!(
        msg.ends_with(&format!(
            "（提示：内置模板 part3/s01-totals.typ 未改写；它引用的 phrases.typ 已被 {} 改写，问题可能在那里）",
            phrases.display()
        )),
        "{msg}"
    );

    // An override the failing file does not import: all overrides are named.
    std::fs::remove_file(&phrases).unwrap();
    let cover = district.path().join("cover.typ");
    std::fs::write(&cover, "封面\n").unwrap();
    let templates = Templates::with_overrides(&[district.path().to_path_buf()]).unwrap();
    let msg = compile(&templates, r#"{"x": 1}"#).unwrap_err().to_string();
    assert!(msg.starts_with("模板错误：内置模板 style.typ 第"), "{msg}");
    assert!(
        msg.ends_with(&format!(
            "。全部数据可用 juesuan generate 案例 --dump-view 数据.json 查看；内置模板 style.typ 未改写；本次改写的模板有 cover.typ（{}），问题可能在其中）",
            cover.display()
        )),
        "{msg}"
    );
    // Without overrides, nothing of the kind.
    let msg = compile(&Templates::builtin(), r#"{"x": 1}"#)
        .unwrap_err()
        .to_string();
    assert!(!msg.contains("未改写"), "{msg}");
}

/// A picture a template names that is not there: the folders looked in are said, and
/// a file whose name differs only in letter case is pointed out.
#[test]
fn a_missing_picture_names_the_folders_searched() {
    let root = tempfile::tempdir().unwrap();
    let (district, own) = (root.path().join("区"), root.path().join("case/templates"));
    std::fs::create_dir_all(&district).unwrap();
    std::fs::create_dir_all(&own).unwrap();
    let cover = district.join("cover.typ");
    std::fs::write(&cover, "#image(\"logo.png\")\n").unwrap();
    let templates = Templates::with_overrides(&[district.clone(), own.clone()]).unwrap();
    let searched = format!(
        "找过 {}、{}，都没有这个文件",
        district.join("logo.png").display(),
        own.join("logo.png").display()
    );
    let said = |templates: &Templates| compile(templates, &tiny()).unwrap_err().to_string();
    let head = format!(
        "模板错误：{} 第1行第8列：找不到文件 /logo.png（模板只能读取模板文件夹中的文件）（file not found (searched at /logo.png)）",
        cover.display()
    );
    let msg = said(&templates);
    assert!(msg.starts_with(&head), "{msg}");
    assert!(msg.ends_with(&format!("（提示：{searched}）")), "{msg}");
    std::fs::write(district.join("Logo.PNG"), b"x").unwrap();
    let templates = Templates::with_overrides(&[district.clone(), own.clone()]).unwrap();
    let msg = said(&templates);
    assert!(
        msg.ends_with(&format!(
            "（提示：{searched}；有 {}，只是大小写不同（文件名区分大小写）：请把文件改名为 logo.png，或在模板中写 Logo.PNG）",
            district.join("Logo.PNG").display()
        )),
        "{msg}"
    );
}

#[test]
fn error_in_builtin_is_named_as_builtin() {
    // The builtin style.typ reads `data.settings` first: leaving it out is a Typst error
    // there.
    let err = compile(&Templates::builtin(), r#"{"x": 1}"#).unwrap_err();
    let msg = err.to_string();
    assert!(msg.starts_with("模板错误：内置模板 style.typ 第"), "{msg}");
    assert!(msg.contains("settings"), "{msg}");
}

/// `#panic` in an override: Typst's English phrase is said in Chinese, the words kept.
#[test]
fn a_panic_in_an_override_is_said_in_chinese() {
    let (_dir, path, templates) = with_main("#panic(\"停\")\n");
    let msg = compile(&templates, &tiny()).unwrap_err().to_string();
    assert_eq!(
        msg,
        format!(
            "模板错误：{} 第1行第2列：模板用 panic 中止了生成：停",
            path.display()
        )
    );
}

#[test]
fn hints_are_shown() {
    let (_dir, path, templates) = with_main("#let a = 1\n#let b = 2\n#(a-b)\n");
    let msg = compile(&templates, &tiny()).unwrap_err().to_string();
    let expected = format!(
        "模板错误：{} 第3行第3列：未定义的名称 a-b（拼写错误，或忘了 #import / #let）（unknown variable: a-b）\
         （提示：若要做减法，减号两边加空格；若是一个带连字符的名称，它在这里没有定义（可能少了 #import）\
         （if you meant to use subtraction, try adding spaces around the minus sign: `a - b`））",
        path.display()
    );
    assert_eq!(msg, expected);
}

#[test]
fn missing_glyph_in_json_names_path() {
    let json = r#"{"title": "标题", "profile": {"职责": ["一", "二", "甲𠀀乙"]}}"#;
    let err = compile(&Templates::builtin(), json).unwrap_err();
    match &err {
        RenderError::MissingGlyph {
            ch,
            codepoint,
            context,
            in_template,
        } => {
            assert!(!in_template);
            assert_eq!(*ch, '\u{20000}');
            assert_eq!(*codepoint, 0x20000);
            assert_eq!(context, "profile.职责[2]（部门信息.toml）：“甲𠀀乙”");
        }
        other => panic!("unexpected error: {other}"),
    }
    assert_eq!(
        err.to_string(),
        "字体缺字：“𠀀”（U+20000）出现在 profile.职责[2]（部门信息.toml）：“甲𠀀乙”"
    );
    // A 科目's text is named by its code and where the clerk wrote it.
    let json = r#"{"title": "标题", "narrative": {"s5_general": {"details": [{"code": "201"}, {"code": "208", "reason": "甲𠀀"}]}}}"#;
    let err = compile(&Templates::builtin(), json).unwrap_err();
    assert_eq!(
        err.to_string(),
        "字体缺字：“𠀀”（U+20000）出现在 narrative.s5_general.details[科目 208].reason（部门信息.toml 中的原因）：“甲𠀀”"
    );
    // A table's row names its table.
    let json =
        r#"{"title": "标题", "tables": {"t02": {"rows": [{"code": "2013204", "name": "甲𠀀"}]}}}"#;
    let err = compile(&Templates::builtin(), json).unwrap_err();
    assert_eq!(
        err.to_string(),
        "字体缺字：“𠀀”（U+20000）出现在 tables.t02.rows[科目 2013204].name（公开02表）：“甲𠀀”"
    );
    // A district's cover line names its setting and line.
    let json = r#"{"title": "标题", "settings": {"cover": ["{部门名称}", "决算公开𠀀"]}}"#;
    let err = compile(&Templates::builtin(), json).unwrap_err();
    assert_eq!(
        err.to_string(),
        "字体缺字：“𠀀”（U+20000）出现在 settings.cover[1]（设置.toml 中 [\"封面\"] \"行\" 的第2行）：“决算公开𠀀”"
    );
    // Every missing character is listed, each text once with the text around it.
    let json = r#"{"title": "标题𠀀", "department": "标题𠀀", "profile": {"职责": ["一二三四五六七八九十𠀁十一十二十三十四十五"]}}"#;
    let err = compile(&Templates::builtin(), json).unwrap_err();
    assert_eq!(
        err.to_string(),
        "字体缺字：“𠀀”（U+20000）出现在 title：“标题𠀀”；另有 “𠀁”（U+20001）出现在 \
         profile.职责[0]（部门信息.toml）：“…三四五六七八九十𠀁十一十二十三十四…”"
    );
}

#[test]
fn missing_glyph_in_template_text_names_file() {
    let (_dir, path, templates) = with_main("#set text(lang: \"zh\")\n第二行 𠀀\n");
    let msg = compile(&templates, &tiny()).unwrap_err().to_string();
    let expected = format!("出现在 {} 第2行第5列", path.display());
    assert!(msg.starts_with("字体缺字：“𠀀”（U+20000）"), "{msg}");
    assert!(msg.ends_with(&expected), "{msg}");
}

#[test]
fn missing_glyph_generated_by_code_is_caught_after_layout() {
    let (_dir, path, templates) = with_main("正文\n#str.from-unicode(0x20000)\n");
    let err = compile(&templates, &tiny()).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, RenderError::MissingGlyph { .. }), "{msg}");
    assert!(msg.contains("第1页"), "{msg}");
    assert!(msg.contains(&path.display().to_string()), "{msg}");
}

#[test]
fn unknown_font_family_is_an_error() {
    let (_dir, path, templates) = with_main("#set text(font: \"FangSong_GB2312\")\n正文\n");
    let err = compile(&templates, &tiny()).unwrap_err();
    match &err {
        RenderError::UnknownFont {
            family, location, ..
        } => {
            assert_eq!(family, "FangSong_GB2312");
            assert_eq!(location.as_ref().unwrap().file, path.display().to_string());
            assert_eq!(location.as_ref().unwrap().line, 1);
        }
        other => panic!("unexpected error: {other}"),
    }
    assert!(
        err.to_string()
            .starts_with("字体缺失：模板要求的字体“FangSong_GB2312”未加载（"),
        "{err}"
    );
}

#[test]
fn invalid_json_is_reported() {
    let err = compile(&Templates::builtin(), "{").unwrap_err();
    assert!(matches!(err, RenderError::InvalidData(_)), "{err}");
}

#[test]
fn invalid_date_is_reported() {
    let err = compile_pdf(
        Fonts::embedded(),
        &Templates::builtin(),
        tiny().as_bytes(),
        &RenderOptions::new("x", 2024, 2, 30),
    )
    .unwrap_err();
    assert_eq!(err.to_string(), "无效的日期：2024年2月30日");
}

#[test]
fn overrides_replace_and_add_files_later_wins() {
    let district = tempfile::tempdir().unwrap();
    let case = tempfile::tempdir().unwrap();
    std::fs::create_dir(district.path().join("parts")).unwrap();
    std::fs::write(
        district.path().join("parts/title.typ"),
        "#let show-title(t) = [区级：#t]\n",
    )
    .unwrap();
    std::fs::write(
        district.path().join("main.typ"),
        "#import \"parts/title.typ\": show-title\n#let data = json(\"/data.json\")\n#show-title(data.title)\n",
    )
    .unwrap();
    std::fs::write(district.path().join(".hidden"), "x").unwrap();
    std::fs::write(
        case.path().join("main.typ"),
        "#import \"/parts/title.typ\": show-title\n#show-title(json(\"/data.json\").title)\n",
    )
    .unwrap();
    let templates =
        Templates::with_overrides(&[district.path().to_path_buf(), case.path().to_path_buf()])
            .unwrap();
    assert_eq!(
        templates.origin("main.typ"),
        Some(&TemplateOrigin::Disk(case.path().join("main.typ")))
    );
    assert_eq!(
        templates.origin("/parts/title.typ"),
        Some(&TemplateOrigin::Disk(
            district.path().join("parts/title.typ")
        ))
    );
    assert!(templates.origin(".hidden").is_none());
    let files: Vec<&str> = templates.files().map(|(p, _)| p).collect();
    assert!(files.contains(&"main.typ") && files.contains(&"parts/title.typ"));
    // What is not overridden still comes from the builtin set.
    assert_eq!(
        templates
            .origin("cover.typ")
            .map(|o| o.to_string())
            .as_deref(),
        Some("内置模板 cover.typ")
    );
    let pdf = compile(&templates, &tiny()).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
}

/// An exported folder keeps each style's own files under `styles/<style>/`: for the
/// Shanghai style, `styles/shanghai/cover.typ` is the cover to edit, and it beats the
/// same folder's top-level (default style) `cover.typ`.
#[test]
fn style_files_of_an_override_folder_follow_their_style() {
    let district = tempfile::tempdir().unwrap();
    let sh = district.path().join("styles/shanghai");
    std::fs::create_dir_all(&sh).unwrap();
    std::fs::write(sh.join("cover.typ"), "// 区县的上海封面\n").unwrap();
    std::fs::write(sh.join("part4-glossary.typ"), "// 区县的上海名词解释\n").unwrap();
    std::fs::write(district.path().join("cover.typ"), "// 区县的默认封面\n").unwrap();
    let dirs = [district.path().to_path_buf()];

    let shanghai = Templates::builtin_style("shanghai")
        .unwrap()
        .overlay(&dirs)
        .unwrap();
    assert_eq!(
        shanghai.origin("cover.typ"),
        Some(&TemplateOrigin::Disk(sh.join("cover.typ")))
    );
    assert_eq!(
        shanghai.origin("part4-glossary.typ"),
        Some(&TemplateOrigin::Disk(sh.join("part4-glossary.typ")))
    );
    // Files the folder does not touch stay the built-in Shanghai ones.
    assert_eq!(
        shanghai
            .origin("part3-narrative.typ")
            .map(|o| o.to_string())
            .as_deref(),
        Some("内置模板 styles/shanghai/part3-narrative.typ")
    );

    // The default style takes the top-level file and ignores the Shanghai one.
    let default = Templates::builtin_style("default")
        .unwrap()
        .overlay(&dirs)
        .unwrap();
    assert_eq!(
        default.origin("cover.typ"),
        Some(&TemplateOrigin::Disk(district.path().join("cover.typ")))
    );
    assert_eq!(
        default
            .origin("part4-glossary.typ")
            .map(|o| o.to_string())
            .as_deref(),
        Some("内置模板 part4-glossary.typ")
    );

    // Without a Shanghai cover of its own, the folder's top-level cover (the default
    // style's) leaves the built-in Shanghai cover in place, and says so.
    std::fs::remove_file(sh.join("cover.typ")).unwrap();
    let shanghai = Templates::builtin_style("shanghai")
        .unwrap()
        .overlay(&dirs)
        .unwrap();
    assert_eq!(
        shanghai.origin("cover.typ"),
        Some(&TemplateOrigin::Builtin("styles/shanghai/cover.typ".into()))
    );
    let notes = shanghai.passed_over_notes();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].contains("styles/shanghai/cover.typ"), "{notes:?}");
    // A shared file the style has no version of applies to it.
    std::fs::write(district.path().join("phrases.typ"), "#let x = 1\n").unwrap();
    let shanghai = Templates::builtin_style("shanghai")
        .unwrap()
        .overlay(&dirs)
        .unwrap();
    assert_eq!(
        shanghai.origin("phrases.typ"),
        Some(&TemplateOrigin::Disk(district.path().join("phrases.typ")))
    );
}

/// An override file that replaces nothing and that nothing imports is pointed out, with
/// the name it probably meant; a helper file the override imports is not.
#[test]
fn a_misnamed_override_is_pointed_out() {
    let district = tempfile::tempdir().unwrap();
    std::fs::write(district.path().join("Cover.typ"), "#let x = 1\n").unwrap();
    std::fs::write(district.path().join("封面.typ"), "#let x = 1\n").unwrap();
    std::fs::write(district.path().join("helpers.typ"), "#let y = 2\n").unwrap();
    std::fs::write(
        district.path().join("cover.typ"),
        "#import \"/helpers.typ\": y\n#y\n",
    )
    .unwrap();
    // A section file in the wrong folder; a Shanghai table override where the export
    // puts it (used: no note).
    std::fs::write(district.path().join("s09-sangong.typ"), "#let x = 1\n").unwrap();
    std::fs::create_dir_all(district.path().join("styles/shanghai/tables")).unwrap();
    std::fs::write(
        district.path().join("styles/shanghai/tables/t01.typ"),
        "#let x = 1\n",
    )
    .unwrap();
    let set = Templates::builtin()
        .overlay(&[district.path().to_path_buf()])
        .unwrap();
    let notes = set.passed_over_notes();
    assert_eq!(notes.len(), 3, "{notes:?}");
    let d = district.path();
    assert_eq!(
        notes[1],
        format!(
            "模板 {} 放错了文件夹，不起作用：应放在 {}",
            d.join("s09-sangong.typ").display(),
            d.join("part3/s09-sangong.typ").display()
        )
    );
    let shanghai = Templates::builtin_style("shanghai")
        .unwrap()
        .overlay(&[district.path().to_path_buf()])
        .unwrap();
    assert!(
        !shanghai
            .passed_over_notes()
            .iter()
            .any(|n| n.contains("t01.typ")),
        "{:?}",
        shanghai.passed_over_notes()
    );
    for (note, file) in [(&notes[0], "Cover.typ"), (&notes[2], "封面.typ")] {
        assert_eq!(
            *note,
            format!(
                "模板 {} 不是内置模板的文件名，也没有被其他模板引用，不起作用，是否应为 {}（文件名见 juesuan template export）",
                d.join(file).display(),
                d.join("cover.typ").display()
            )
        );
    }
    // A name cut short is pointed to the file of its folder it begins.
    let short = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(short.path().join("part3")).unwrap();
    std::fs::write(short.path().join("part3/s01.typ"), "#let x = 1\n").unwrap();
    let set = Templates::builtin()
        .overlay(&[short.path().to_path_buf()])
        .unwrap();
    assert_eq!(
        set.passed_over_notes(),
        [format!(
            "模板 {} 不是内置模板的文件名，也没有被其他模板引用，不起作用，是否应为 {}（文件名见 juesuan template export）",
            short.path().join("part3/s01.typ").display(),
            short.path().join("part3/s01-totals.typ").display()
        )]
    );
}

/// A case's own template in the wrong folder is pointed to its place under the case's
/// `templates/`, not to a path relative to nothing.
#[test]
fn a_misplaced_case_template_is_pointed_to_its_full_path() {
    let d = tempfile::tempdir().unwrap();
    let own = d.path().join("case2/templates");
    std::fs::create_dir_all(&own).unwrap();
    std::fs::write(own.join("s01-totals.typ"), "// 一\n").unwrap();
    let notes = Templates::builtin()
        .overlay(std::slice::from_ref(&own))
        .unwrap()
        .passed_over_notes();
    assert_eq!(
        notes,
        [format!(
            "模板 {} 放错了文件夹，不起作用：应放在 {}",
            own.join("s01-totals.typ").display(),
            own.join("part3/s01-totals.typ").display()
        )]
    );
}

/// In the Shanghai style, a misplaced or misspelt override is pointed to the Shanghai
/// file, once; an exported folder used whole says nothing about its default-style files.
#[test]
fn shanghai_overrides_are_pointed_to_shanghai_files() {
    let notes_of = |dir: &std::path::Path| {
        Templates::builtin_style("shanghai")
            .unwrap()
            .overlay(&[dir.to_path_buf()])
            .unwrap()
            .passed_over_notes()
    };
    for folder in ["Shanghai", "上海"] {
        let d = tempfile::tempdir().unwrap();
        let file = d.path().join("styles").join(folder).join("cover.typ");
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, "// 封面\n").unwrap();
        assert_eq!(
            notes_of(d.path()),
            [format!(
                "模板 {} 放错了文件夹，不起作用：应放在 {}",
                file.display(),
                d.path().join("styles/shanghai/cover.typ").display()
            )]
        );
    }
    let d = tempfile::tempdir().unwrap();
    let file = d.path().join("styles/shanghai/part3/s07-sangon.typ");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, "// 三公\n").unwrap();
    assert_eq!(
        notes_of(d.path()),
        [format!(
            "模板 {} 不是内置模板的文件名，也没有被其他模板引用，不起作用，是否应为 {}（文件名见 juesuan template export）",
            file.display(),
            d.path().join("styles/shanghai/part3/s07-sangong.typ").display()
        )]
    );
    // A whole exported folder: nothing to say.
    let d = tempfile::tempdir().unwrap();
    Templates::export(d.path(), false).unwrap();
    assert_eq!(notes_of(d.path()), Vec::<String>::new());
    // A top-level file left as exported, without the Shanghai version beside it: nothing
    // either; changed, it is said.
    std::fs::remove_dir_all(d.path().join("styles")).unwrap();
    assert_eq!(notes_of(d.path()), Vec::<String>::new());
    std::fs::write(d.path().join("cover.typ"), "// 改过的封面\n").unwrap();
    assert_eq!(
        notes_of(d.path()),
        [format!(
            "模板 {} 是默认版式的文件，上海版式仍用自己的 cover.typ；要改它请放在 {}",
            d.path().join("cover.typ").display(),
            d.path().join("styles/shanghai/cover.typ").display()
        )]
    );
}

/// A link out of a template folder would let a template `#read` any file through it.
#[cfg(unix)]
#[test]
fn a_link_out_of_a_template_folder_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "x").unwrap();
    let district = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        district.path().join("leak.txt"),
    )
    .unwrap();
    let e = Templates::with_overrides(&[district.path().to_path_buf()]).unwrap_err();
    assert!(
        e.to_string().contains("leak.txt") && e.to_string().contains("指向该文件夹以外"),
        "{e}"
    );
    // A link inside the folder is fine, and a loop is not followed forever.
    std::fs::remove_file(district.path().join("leak.txt")).unwrap();
    std::fs::create_dir(district.path().join("parts")).unwrap();
    std::fs::write(district.path().join("parts/a.typ"), "").unwrap();
    std::os::unix::fs::symlink(district.path(), district.path().join("parts/loop")).unwrap();
    let t = Templates::with_overrides(&[district.path().to_path_buf()]).unwrap();
    assert!(t.origin("parts/a.typ").is_some());
}

/// A misspelt field of the view model names the field the data has.
#[test]
fn a_misspelt_field_suggests_the_right_one() {
    let (_dir, path, templates) = with_main("#let data = json(\"/data.json\")\n#data.departmnet\n");
    let e = compile(&templates, &tiny()).unwrap_err().to_string();
    assert!(e.contains(&format!("{} 第2行第7列", path.display())), "{e}");
    assert!(
        e.contains("数据中没有键“departmnet”，是否应为“department”？"),
        "{e}"
    );
    // Two letters swapped are one edit: `usse` is `uses`, not `sme`.
    assert_eq!(edit_distance("departmnet", "department"), 1);
    assert_eq!(edit_distance("usse", "uses"), 1);
    assert_eq!(edit_distance("usse", "sme"), 2);
    assert_eq!(edit_distance("", "abc"), 3);
    assert_eq!(edit_distance("kitten", "sitting"), 3);
    let (_dir, _path, templates) = with_main(
        "#let data = json(\"/data.json\")\n#data.narrative.s5_general.details.first().usse\n",
    );
    let e = compile(&templates, &tiny()).unwrap_err().to_string();
    assert!(e.contains("数据中没有键“usse”，是否应为“uses”？"), "{e}");
    // A path spelt out from `data`: the keys of that dictionary, not a close key of
    // another one (`foo` is not `top` of data.settings.margins).
    let (_dir, _path, templates) = with_main("#let data = json(\"/data.json\")\n#data.foo\n");
    let e = compile(&templates, &tiny()).unwrap_err().to_string();
    let data: serde_json::Value = serde_json::from_str(&tiny()).unwrap();
    let keys: Vec<String> = data
        .as_object()
        .unwrap()
        .keys()
        .map(|k| format!("“{k}”"))
        .collect();
    assert!(
        e.contains(&format!(
            "数据中没有键“foo”；这里的键有：{}。",
            keys.join("、")
        )),
        "{e}"
    );
}

#[test]
fn builtin_origin_displays_as_builtin() {
    let templates = Templates::builtin();
    let origin = templates.origin(MAIN_FILE).unwrap();
    assert_eq!(origin.to_string(), "内置模板 main.typ");
}

#[test]
fn missing_override_dir_is_an_error() {
    let err = Templates::with_overrides(&[PathBuf::from("/nonexistent/模板")]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "无法读取模板 /nonexistent/模板：文件不存在"
    );
    // Said once, in Chinese: no English source error appended by the chain.
    assert!(std::error::Error::source(&err).is_none());
}

#[test]
fn export_writes_files_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let written = Templates::export(dir.path(), false).unwrap();
    assert!(written.contains(&dir.path().join("main.typ")));
    for path in &written {
        assert!(path.is_file());
    }
    let exported = std::fs::read(dir.path().join("style.typ")).unwrap();
    assert!(String::from_utf8(exported).unwrap().contains("/data.json"));
    assert!(dir.path().join("tables/t05.typ").is_file());
    // The settings reference goes along, as documented (not taking effect as it is).
    let example = std::fs::read_to_string(dir.path().join("设置示例.toml")).unwrap();
    assert!(example.contains("[\"绩效等级\"]"), "{example}");
    assert!(!dir.path().join("设置.toml").exists());
    // The guide for the template author: every file it names is one that was written.
    let guide = std::fs::read_to_string(dir.path().join("模板说明.md")).unwrap();
    for file in [
        "main.typ",
        "phrases.typ",
        "part3/s05-general.typ",
        "attachments.typ",
    ] {
        assert!(guide.contains(file), "{file}");
        assert!(dir.path().join(file).is_file(), "{file}");
    }

    std::fs::write(dir.path().join("main.typ"), "edited").unwrap();
    let err = Templates::export(dir.path(), false).unwrap_err();
    assert!(matches!(err, RenderError::ExportExists { .. }), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("main.typ")).unwrap(),
        "edited"
    );
    Templates::export(dir.path(), true).unwrap();
    assert_ne!(
        std::fs::read_to_string(dir.path().join("main.typ")).unwrap(),
        "edited"
    );
    // The exported set, used as an override, compiles like the builtin one.
    let templates = Templates::with_overrides(&[dir.path().to_path_buf()]).unwrap();
    assert!(compile(&templates, &tiny()).unwrap().starts_with(b"%PDF"));
}

#[test]
fn embedded_fonts_cover_common_chinese() {
    let fonts = Fonts::embedded();
    for c in "部门决算公开（）、。“”１２３０123".chars() {
        assert!(fonts.covers(c), "{c}");
    }
    assert!(!fonts.covers('\u{20000}'));
    assert!(!fonts.families().is_empty());
}

#[test]
fn extra_font_dirs_are_read_and_checked() {
    let err = Fonts::with_extra_dirs(&[PathBuf::from("/nonexistent/fonts")]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "字体文件夹 /nonexistent/fonts：不存在（请检查路径；相对路径从当前文件夹算起）"
    );

    let dir = tempfile::tempdir().unwrap();
    let bogus = dir.path().join("仿宋_GB2312.TTF");
    std::fs::write(&bogus, b"not a font").unwrap();
    match Fonts::with_extra_dirs(&[dir.path().to_path_buf()]) {
        Err(RenderError::FontParse { path }) => assert_eq!(path, bogus),
        Err(other) => panic!("unexpected error: {other}"),
        Ok(_) => panic!("bogus font accepted"),
    }

    // A real font file (one of the embedded ones, copied out) is loaded in addition.
    std::fs::remove_file(&bogus).unwrap();
    let data = Fonts::embedded().font(0).unwrap().data().clone();
    std::fs::write(dir.path().join("copy.otf"), data.as_slice()).unwrap();
    let fonts = Fonts::with_extra_dirs(&[dir.path().to_path_buf()]).unwrap();
    assert!(fonts.face_count() > Fonts::embedded().face_count());
    assert!(pdf_with(&fonts).starts_with(b"%PDF"));
    // The font file itself given instead of its folder: taken; another file: refused.
    let one = Fonts::with_extra_dirs(&[dir.path().join("copy.otf")]).unwrap();
    assert_eq!(one.face_count(), fonts.face_count());
    let text = dir.path().join("说明.txt");
    std::fs::write(&text, "x").unwrap();
    let err = Fonts::with_extra_dirs(std::slice::from_ref(&text)).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "字体文件夹 {}：不是文件夹，也不是字体文件（应为存放 .ttf/.otf/.ttc 字体的文件夹）",
            text.display()
        )
    );
}

fn pdf_with(fonts: &Fonts) -> Vec<u8> {
    compile_pdf(
        fonts,
        &Templates::builtin(),
        tiny().as_bytes(),
        &RenderOptions::default(),
    )
    .unwrap()
}

#[test]
fn fonts_and_templates_are_shareable_across_threads() {
    fn check<T: Send + Sync>() {}
    check::<Fonts>();
    check::<Templates>();
    check::<RenderError>();
}

/// View-model for the smoke template: `paragraphs` paragraphs and `rows` table rows.
fn smoke_json(tag: &str, paragraphs: usize, rows: usize) -> String {
    let paragraphs: Vec<String> = (0..paragraphs)
        .map(|i| {
            format!(
                "{tag}第{i}段：负责本区国土空间规划、自然资源调查监测评价、\
                 耕地保护和不动产登记等工作，2024年度支出1,234.56万元，比上年增长3.2%。"
            )
            .repeat(3)
        })
        .collect();
    let rows: Vec<serde_json::Value> = (0..rows)
        .map(|i| {
            serde_json::json!({
                "name": format!("{tag}项目{i}（一般公共预算财政拨款收入）"),
                "a": format!("{}.{:02}", 1000 + i * 7, i % 100),
                "b": format!("{}.{:02}", 900 + i * 3, (i * 7) % 100),
                "c": format!("{}.{:02}", 950 + i * 5, (i * 3) % 100),
            })
        })
        .collect();
    serde_json::json!({
        "title": format!("上海市普陀区规划和自然资源局{tag}2024年度部门决算"),
        "paragraphs": paragraphs,
        "rows": rows,
    })
    .to_string()
}

#[test]
fn smoke_template_compiles() {
    let (_dir, _path, templates) = with_main(include_str!("../../typst-templates/_smoke.typ"));
    let pdf = compile(&templates, &smoke_json("甲", 2, 5)).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
}

/// Chinese numerals past 99 (a list of a hundred 职责 items must not break the template).
#[test]
fn chinese_numerals_go_past_ninety_nine() {
    let (_dir, _path, templates) =
        with_main("#import \"/style.typ\": *\n#(range(1, 1002).map(cn-num).slice(98).join(\" \"))");
    let r = super::compile(
        Fonts::embedded(),
        &templates,
        tiny().as_bytes(),
        &RenderOptions::new("t", 2025, 6, 30),
    )
    .unwrap();
    let text: String = r.pages.concat();
    for n in [
        "九十九",
        "一百",
        "一百零一",
        "一百一十",
        "一百一十九",
        "一百二十",
        "九百九十九",
        "1000",
        "1001",
    ] {
        assert!(text.contains(n), "{n} in {text}");
    }
    assert!(text.starts_with("九十九 一百 一百零一 一百零二"), "{text}");
}

/// Which families have a bold face: the shipped 宋/黑 do, the 楷 does not.
#[test]
fn bold_faces_are_known_per_family() {
    let fonts = Fonts::embedded();
    assert!(fonts.has_bold("Noto Serif CJK SC"));
    assert!(fonts.has_bold("noto sans cjk sc"));
    assert!(!fonts.has_bold("WenKai Subset"));
    assert!(!fonts.has_bold("No Such Family"));
}

/// A folder of templates inside a case is stray, unless it is the district folder given
/// on the command line (`--district case/区县模板`): that one is read.
#[test]
fn a_district_folder_inside_the_case_is_not_stray() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path();
    let district = case.join("区县模板");
    std::fs::create_dir_all(&district).unwrap();
    std::fs::write(district.join("cover.typ"), "封面").unwrap();
    let said = Templates::stray_in_case(case, None);
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(said[0].starts_with(&format!("文件夹 {} 中的模板不会被读取", district.display())));
    assert!(Templates::stray_in_case(case, Some(&district)).is_empty());
}

/// The messages a template author meets, in Chinese: an argument too many (no "symbol"),
/// a method on none (a setting not given), an index past the end, a length without unit.
#[test]
fn common_template_mistakes_are_said_in_chinese() {
    for (source, said) in [
        (
            "#text(fnt: \"x\")[a]\n",
            "调用函数时多给了参数 fnt（函数没有这个参数）",
        ),
        (
            "#let c = none\n#c.first()\n",
            "值是 none（空），没有方法 first：数据或设置中没有这一项时为 none，先用 if x != none 判断",
        ),
        (
            "#(1, 2).at(5)\n",
            "数组下标越界：下标 5，数组只有 2 项（从 0 数起）",
        ),
        ("#text(size: 12)[a]\n", "（提示：长度要带单位，如 12pt、1em、2cm"),
    ] {
        let (_dir, _path, templates) = with_main(source);
        let msg = compile(&templates, &tiny()).unwrap_err().to_string();
        assert!(msg.contains(said), "{source}: {msg}");
    }
}

/// The first text of every line of a page's frame, with the line's baseline: text items
/// are grouped by their absolute y, within a point (groups here are translations only).
fn line_starts(frame: &Frame, origin: (f64, f64), out: &mut Vec<(f64, f64, String)>) {
    for (pos, item) in frame.items() {
        let (x, y) = (origin.0 + pos.x.to_pt(), origin.1 + pos.y.to_pt());
        match item {
            FrameItem::Group(group) => {
                let t = group.transform;
                line_starts(&group.frame, (x + t.tx.to_pt(), y + t.ty.to_pt()), out)
            }
            FrameItem::Text(text) if !text.text.trim().is_empty() => {
                match out.iter_mut().find(|(k, _, _)| (*k - y).abs() < 1.0) {
                    Some(line) if line.1 <= x => {}
                    Some(line) => *line = (line.0, x, text.text.to_string()),
                    None => out.push((y, x, text.text.to_string())),
                }
            }
            _ => {}
        }
    }
}

/// No line of the document starts with a closing or pausing punctuation mark (禁则). A
/// figure is set in a box, and a line may break on either side of a box: the punctuation
/// after a figure has to go into the box with it. The Shanghai sample in 14 pt body text
/// put `；` at the head of a line before it did.
#[test]
fn no_line_starts_with_closing_punctuation() {
    let dir = tempfile::tempdir().unwrap();
    let sample = std::path::Path::new("input-samples/putuo-guihua-2024");
    for entry in std::fs::read_dir(sample).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    let settings = dir.path().join("设置.toml");
    let text = std::fs::read_to_string(&settings).unwrap();
    std::fs::write(&settings, text + "\n[\"字号\"]\n\"正文\" = 14\n").unwrap();
    let settings = crate::settings::load(&[dir.path()]).unwrap();
    let case = crate::case::Case::load_with(dir.path(), settings).expect("sample case");
    let json = serde_json::to_vec(&case.view()).unwrap();
    let templates = Templates::builtin_style("shanghai").unwrap();
    let today = Datetime::from_ymd(2025, 6, 30).unwrap();
    let world = RenderWorld::new(Fonts::embedded(), &templates, Bytes::new(json), today);
    let document = typst::compile::<PagedDocument>(&world).output.unwrap();
    let mut bad = Vec::new();
    for (i, page) in document.pages().iter().enumerate() {
        let mut lines = Vec::new();
        line_starts(&page.frame, (0.0, 0.0), &mut lines);
        for (_, _, first) in lines {
            if first.starts_with(['，', '。', '；', '：', '、', '）', '」', '”']) {
                bad.push(format!("page {}: {first}", i + 1));
            }
        }
    }
    assert!(bad.is_empty(), "{bad:?}");
}

/// The rightmost extent of the text items of a frame (groups are translations here).
fn text_right_edge(frame: &Frame, origin: f64, right: &mut f64) {
    for (pos, item) in frame.items() {
        let x = origin + pos.x.to_pt();
        match item {
            FrameItem::Group(group) => {
                text_right_edge(&group.frame, x + group.transform.tx.to_pt(), right)
            }
            FrameItem::Text(text) => *right = right.max(x + text.width().to_pt()),
            _ => {}
        }
    }
}

/// A run of digits or Latin letters wider than its cell of a 绩效 form (a pasted code, a
/// cost `≥12345678`) breaks inside the cell instead of running over the next cells and
/// off the page.
#[test]
fn a_long_latin_run_stays_inside_its_form_cell() {
    let mut view: Json = serde_json::from_str(&tiny()).unwrap();
    let indicator = &mut view["attachments"][0]["indicators"][0];
    indicator["name"] = Json::from("A".repeat(300));
    indicator["initial"] = Json::from("≥123456789012");
    let json = serde_json::to_vec(&view).unwrap();
    let templates = Templates::builtin();
    let today = Datetime::from_ymd(2025, 6, 30).unwrap();
    let world = RenderWorld::new(Fonts::embedded(), &templates, Bytes::new(json), today);
    let document = typst::compile::<PagedDocument>(&world).output.unwrap();
    for page in document.pages() {
        let mut right = 0.0;
        text_right_edge(&page.frame, 0.0, &mut right);
        let width = page.frame.width().to_pt();
        // Within the page and its right margin (2.5 cm on an upright page).
        assert!(
            right <= width - 2.0 / 2.54 * 72.0,
            "text to {right} pt of {width}"
        );
    }
}

/// The largest size of a text item holding `needle`, anywhere in the frame.
fn size_of(frame: &Frame, needle: &str, found: &mut f64) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => size_of(&group.frame, needle, found),
            FrameItem::Text(text) if text.text.contains(needle) => {
                *found = found.max(text.size.to_pt())
            }
            _ => {}
        }
    }
}

/// With a larger body text (设置 字号.正文 = 16), headings grow with it: none is smaller
/// than the text under it.
#[test]
fn headings_grow_with_the_body_text() {
    let mut view: Json = serde_json::from_str(&tiny()).unwrap();
    view["settings"]["sizes"]["body"] = Json::from(16);
    let json = serde_json::to_vec(&view).unwrap();
    let templates = Templates::builtin();
    let today = Datetime::from_ymd(2025, 6, 30).unwrap();
    let world = RenderWorld::new(Fonts::embedded(), &templates, Bytes::new(json), today);
    let document = typst::compile::<PagedDocument>(&world).output.unwrap();
    let size = |needle: &str| {
        let mut found = 0.0;
        for page in document.pages() {
            size_of(&page.frame, needle, &mut found);
        }
        found
    };
    assert!(size("收入支出决算总体情况说明") >= 18.0, "level 2");
    assert!(size("预算绩效情况说明") >= 17.0, "level 3");
    assert!(size("第三部分") >= 24.0, "level 1");
}

/// A new template file included by an override — by the path it takes in the style
/// (`"/part3/s12-extra.typ"` from a Shanghai file) or relative to the including file
/// (`"part3/s12-extra.typ"`) — is used, and not pointed out as having no effect.
#[test]
fn an_included_new_template_is_not_said_to_be_unused() {
    for (style, including, line, extra) in [
        (
            "shanghai",
            "styles/shanghai/part3-narrative.typ",
            "#include \"/part3/s12-extra.typ\"\n",
            "styles/shanghai/part3/s12-extra.typ",
        ),
        (
            "default",
            "part3-narrative.typ",
            "#include \"part3/s12-extra.typ\"\n",
            "part3/s12-extra.typ",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let text = std::fs::read_to_string(PathBuf::from("typst-templates").join(including))
            .unwrap()
            + line;
        let path = dir.path().join(including);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        let extra_path = dir.path().join(extra);
        std::fs::create_dir_all(extra_path.parent().unwrap()).unwrap();
        std::fs::write(&extra_path, "#import \"/style.typ\": *\n十二、其他\n").unwrap();
        let templates = Templates::builtin_style(style)
            .unwrap()
            .overlay(&[dir.path().to_path_buf()])
            .unwrap();
        assert_eq!(
            templates.passed_over_notes(),
            Vec::<String>::new(),
            "{style}"
        );
        // A file nobody includes is still pointed out.
        std::fs::create_dir_all(dir.path().join("part3")).unwrap();
        std::fs::write(dir.path().join("part3/unused-x.typ"), "x\n").unwrap();
        let templates = Templates::builtin_style(style)
            .unwrap()
            .overlay(&[dir.path().to_path_buf()])
            .unwrap();
        assert_eq!(templates.passed_over_notes().len(), 1, "{style}");
    }
}
