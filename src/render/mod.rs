//! Typesetting: view-model JSON + Typst templates + fonts -> PDF bytes.
//!
//! Fonts and templates are loaded once and shared; each document is compiled
//! in its own small in-memory [`World`](typst::World) with the JSON served as
//! `/data.json`. Output is deterministic: fixed `today`, fixed PDF identifier,
//! no timestamp (except a fixed one for PDF/A).

mod error;
mod fonts;
mod templates;
mod timings;
mod walk;
mod world;

use serde_json::Value as Json;
use typst::diag::{SourceDiagnostic, Warned};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::layout::{Frame, FrameItem};
use typst::syntax::{DiagSpan, Lines, SyntaxKind, SyntaxNode};
use typst::WorldExt;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

pub use error::{Diagnostics, RenderError, SourceLocation, TemplateDiagnostic};
pub use fonts::Fonts;
pub use templates::{TemplateOrigin, Templates, MAIN_FILE};
pub(crate) use templates::{SETTINGS_EXAMPLE, SETTINGS_EXAMPLE_TEXT};
pub use world::DATA_PATH;

use world::RenderWorld;

/// Per-document settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderOptions {
    /// Stable identifier of the document (e.g. `2024/区规划资源局`), hashed into the PDF id.
    pub ident: String,
    /// What Typst's `datetime.today()` returns, as (year, month, day).
    pub today: (i32, u8, u8),
    /// Write a tagged (accessible) PDF. Larger files; Typst's default is on.
    pub tagged: bool,
    /// Enforce PDF/A-2b (archival). Adds a fixed creation date taken from `today`.
    pub pdf_a: bool,
    /// Drop Typst's memoization caches after the document (true by default: memory stays
    /// flat over a batch or a `--watch` session). A process that exits right after its one
    /// document turns it off: freeing a document's caches takes a tenth of its time.
    pub evict_caches: bool,
}

impl RenderOptions {
    /// Options with the given identifier and date, tagged, not PDF/A.
    pub fn new(ident: impl Into<String>, year: i32, month: u8, day: u8) -> Self {
        Self {
            ident: ident.into(),
            today: (year, month, day),
            tagged: true,
            pdf_a: false,
            evict_caches: true,
        }
    }
}

impl Default for RenderOptions {
    fn default() -> Self {
        Self::new("juesuan", 2000, 1, 1)
    }
}

/// Compile the templates with `data_json` as `/data.json` into PDF bytes.
///
/// Fails on any Typst error or warning, on an unknown font family, and on any
/// character that no loaded font can display (checked in the JSON and the
/// templates' literal text before compiling, and in the laid-out pages after).
/// Typst's memoization caches are evicted before returning (unless
/// [`RenderOptions::evict_caches`] is off).
pub fn compile_pdf(
    fonts: &Fonts,
    templates: &Templates,
    data_json: &[u8],
    opts: &RenderOptions,
) -> Result<Vec<u8>, RenderError> {
    compile(fonts, templates, data_json, opts).map(|r| r.pdf)
}

/// A compiled document: the PDF and the text of each laid-out page (what a reader's
/// text extraction would find, used by tests and `diff`).
pub struct Rendered {
    pub pdf: Vec<u8>,
    pub pages: Vec<String>,
}

/// Like [`compile_pdf`], also returning the text of each page.
pub fn compile(
    fonts: &Fonts,
    templates: &Templates,
    data_json: &[u8],
    opts: &RenderOptions,
) -> Result<Rendered, RenderError> {
    let _evict = EvictOnDrop(opts.evict_caches);

    let json: Json =
        serde_json::from_slice(data_json).map_err(|e| RenderError::InvalidData(e.to_string()))?;
    json_glyphs(fonts, &json)?;
    check_template_glyphs(fonts, templates)?;

    let (year, month, day) = opts.today;
    let invalid_date = || RenderError::InvalidDate { year, month, day };
    let today = Datetime::from_ymd(year, month, day).ok_or_else(invalid_date)?;

    let world = RenderWorld::new(fonts, templates, Bytes::new(data_json.to_vec()), today);
    let trace = timings::start();
    let Warned { output, warnings } = typst::compile::<PagedDocument>(&world);
    let document = match output {
        Err(errors) => {
            let mut all: Vec<SourceDiagnostic> = errors.to_vec();
            all.extend(warnings.iter().cloned());
            return Err(diagnostics_error(&world, fonts, &all));
        }
        Ok(_) if !warnings.is_empty() => {
            return Err(diagnostics_error(&world, fonts, &warnings));
        }
        Ok(document) => document,
    };
    check_document_glyphs(&world, &document)?;

    let pdf_options = PdfOptions {
        ident: Smart::Custom(opts.ident.clone()),
        creator: Smart::Auto,
        timestamp: if opts.pdf_a {
            Datetime::from_ymd_hms(year, month, day, 0, 0, 0).map(Timestamp::new_utc)
        } else {
            None
        },
        page_ranges: None,
        standards: if opts.pdf_a {
            PdfStandards::new(&[PdfStandard::A_2b]).expect("PDF/A-2b alone is valid")
        } else {
            PdfStandards::default()
        },
        tagged: opts.tagged,
        pretty: false,
    };
    let pdf = typst_pdf::pdf(&document, &pdf_options)
        .map_err(|errors| RenderError::Pdf(Diagnostics(convert_all(&world, &errors))))?;
    if let Some(path) = trace {
        timings::finish(&path, &world);
    }
    let pages = document
        .pages()
        .iter()
        .map(|page| {
            let mut text = String::new();
            frame_text(&page.frame, &mut text);
            text
        })
        .collect();
    Ok(Rendered { pdf, pages })
}

fn frame_text(frame: &Frame, out: &mut String) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => frame_text(&group.frame, out),
            FrameItem::Text(text) => out.push_str(&text.text),
            _ => {}
        }
    }
}

/// Drop Typst's memoization caches (keeps memory flat across a batch).
/// `compile_pdf` already calls this before returning.
pub fn evict_caches() {
    typst::comemo::evict(0);
}

/// Evicts on every way out of `compile`, errors included, when its flag is set.
struct EvictOnDrop(bool);

impl Drop for EvictOnDrop {
    fn drop(&mut self) {
        if self.0 {
            evict_caches();
        }
    }
}

/// Whether a character needs a glyph at all.
fn needs_glyph(c: char) -> bool {
    !(c.is_whitespace() || c.is_control() || typst::text::is_default_ignorable(c))
}

fn first_missing(fonts: &Fonts, text: &str) -> Option<char> {
    text.chars().find(|&c| needs_glyph(c) && !fonts.covers(c))
}

fn missing_glyph(ch: char, context: String, in_template: bool) -> RenderError {
    RenderError::MissingGlyph {
        ch,
        codepoint: ch as u32,
        context,
        in_template,
    }
}

/// Where a view-model string came from, for a clerk: `（部门信息.toml 中的原因）`.
fn where_from(path: &str) -> String {
    let last = path.rsplit('.').next().unwrap_or(path);
    // The attached 绩效 forms come from their workbook, whatever the field is called.
    if let Some(rest) = path.strip_prefix("attachments[") {
        let n = rest
            .split(']')
            .next()
            .and_then(|i| i.parse::<usize>().ok())
            .map_or(String::new(), |i| format!("第 {} 个项目", i + 1));
        return format!("（绩效自评表工作簿{n}）");
    }
    // 部门概况 items by their key in the profile and their number (`职责 第9条`).
    for (field, key) in [
        ("duties", "职责"),
        ("organization", "机构设置"),
        ("units", "部门决算单位构成"),
    ] {
        if let Some(rest) = path.strip_prefix(&format!("profile.{field}")) {
            let n = rest
                .strip_prefix('[')
                .and_then(|r| r.split(']').next())
                .and_then(|i| i.parse::<usize>().ok())
                .map_or(String::new(), |i| format!(" 第{}条", i + 1));
            return format!("（部门信息.toml 中 部门概况.{key}{n}）");
        }
    }
    // A district's setting: the cover lines by their number, as the file lists them.
    if let Some(rest) = path.strip_prefix("settings.") {
        if let Some(n) = rest
            .strip_prefix("cover[")
            .and_then(|r| r.split(']').next())
            .and_then(|i| i.parse::<usize>().ok())
        {
            return format!("（设置.toml 中 [\"封面\"] \"行\" 的第{}行）", n + 1);
        }
        return "（设置.toml）".into();
    }
    // A table's row: which table, as the clerk knows it (`tables.t02.rows[…]`).
    if let Some(nn) = path
        .strip_prefix("tables.t")
        .and_then(|r| r.get(..2))
        .filter(|nn| nn.bytes().all(|b| b.is_ascii_digit()))
    {
        return format!("（公开{nn}表）");
    }
    let what = match last {
        "department" => "部门名称（部门信息.toml 或公开表表头）",
        "reason" | "budget_reason" => "部门信息.toml 中的原因",
        "uses" => "部门信息.toml 中的用途",
        "name" | "lei_name" | "kuan_name" => "公开表中的名称",
        _ if path.starts_with("profile.") => "部门信息.toml",
        _ => return String::new(),
    };
    format!("（{what}）")
}

/// The first character of the view model that no font has, said as `generate` says it:
/// `check` tells it before anyone tries to generate.
pub fn missing_glyph_in_view(fonts: &Fonts, view: &Json) -> Option<String> {
    json_glyphs(fonts, view).err().map(|e| e.to_string())
}

/// How many missing characters one error lists: a clerk fixes them all in one pass, and
/// a text in a script no font has would otherwise list every character.
const MISSING_LISTED: usize = 10;

/// Every string (and key) of the view-model checked: the first missing character is the
/// error, the further ones (up to [`MISSING_LISTED`]) follow in its context.
fn json_glyphs(fonts: &Fonts, view: &Json) -> Result<(), RenderError> {
    let mut found = Vec::new();
    collect_json_glyphs(fonts, view, &mut String::new(), &mut found);
    let Some((ch, context)) = found.first().cloned() else {
        return Ok(());
    };
    let mut context = context;
    if found.len() > 1 {
        let more: Vec<String> = found[1..]
            .iter()
            .take(MISSING_LISTED - 1)
            .map(|(c, at)| format!("“{c}”（U+{:04X}）出现在 {at}", *c as u32))
            .collect();
        let etc = if found.len() > MISSING_LISTED {
            "等"
        } else {
            ""
        };
        context = format!("{context}；另有 {}{etc}", more.join("；"));
    }
    Err(missing_glyph(ch, context, false))
}

/// The text around a missing character, to find it by searching (`“…甲𠀀乙…”`).
fn around(text: &str, ch: char) -> String {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_control()).collect();
    let at = chars.iter().position(|&c| c == ch).unwrap_or(0);
    let from = at.saturating_sub(8);
    let to = (at + 9).min(chars.len());
    let mut s: String = chars[from..to].iter().collect();
    if from > 0 {
        s.insert(0, '…');
    }
    if to < chars.len() {
        s.push('…');
    }
    s
}

/// Collect the missing characters of every string (and key) of the view-model, each
/// distinct (character, place) once; `path` is the JSON path so far.
fn collect_json_glyphs(
    fonts: &Fonts,
    value: &Json,
    path: &mut String,
    found: &mut Vec<(char, String)>,
) {
    if found.len() > MISSING_LISTED {
        return;
    }
    let here = |path: &str| {
        if path.is_empty() {
            "数据根".to_string()
        } else {
            format!("{path}{}", where_from(path))
        }
    };
    match value {
        Json::String(s) => {
            for ch in s.chars().filter(|&c| needs_glyph(c) && !fonts.covers(c)) {
                // The same text shown in several places (the department's name on the
                // cover and on every table) is said once, where it first appears.
                let text = format!("：“{}”", around(s, ch));
                if !found.iter().any(|(c, at)| *c == ch && at.ends_with(&text)) {
                    found.push((ch, format!("{}{text}", here(path))));
                }
            }
        }
        Json::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                // A 科目's entry is named by its code, as the profile keys it.
                match item.get("code").and_then(Json::as_str) {
                    Some(code) => path.push_str(&format!("[科目 {code}]")),
                    None => path.push_str(&format!("[{i}]")),
                }
                collect_json_glyphs(fonts, item, path, found);
                path.truncate(len);
            }
        }
        Json::Object(map) => {
            for (key, item) in map {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
                if let Some(ch) = first_missing(fonts, key) {
                    found.push((ch, format!("{path}（键名）")));
                }
                collect_json_glyphs(fonts, item, path, found);
                path.truncate(len);
            }
        }
        Json::Null | Json::Bool(_) | Json::Number(_) => {}
    }
}

/// Check the literal markup text and string literals of every `.typ` template.
fn check_template_glyphs(fonts: &Fonts, templates: &Templates) -> Result<(), RenderError> {
    for id in templates.typ_ids() {
        // Unparsable files are reported by the compiler with a proper location.
        let Some(Ok(source)) = templates.source(id) else {
            continue;
        };
        let found = first_missing_literal(fonts, source.root(), 0);
        if let Some((ch, offset)) = found {
            let file = templates
                .origin_of(id)
                .map(|origin| origin.to_string())
                .unwrap_or_default();
            let (line, column) = source.lines().byte_to_line_column(offset).unwrap_or((0, 0));
            let location = SourceLocation {
                file,
                line: line + 1,
                column: column + 1,
            };
            return Err(missing_glyph(ch, location.to_string(), true));
        }
    }
    Ok(())
}

/// The first character of a literal (markup text or a string) that no font covers, with
/// its byte offset. Walks the plain syntax tree, summing lengths for the offsets: a
/// `LinkedNode` walk allocated per node and cost a twentieth of a document.
fn first_missing_literal(fonts: &Fonts, node: &SyntaxNode, offset: usize) -> Option<(char, usize)> {
    if matches!(node.kind(), SyntaxKind::Text | SyntaxKind::Str) {
        let text = node.leaf_text();
        if let Some(ch) = first_missing(fonts, text) {
            return Some((ch, offset + text.find(ch).unwrap_or(0)));
        }
    }
    let mut at = offset;
    for child in node.children() {
        if let Some(found) = first_missing_literal(fonts, child, at) {
            return Some(found);
        }
        at += child.len();
    }
    None
}

/// After layout: any glyph 0 (.notdef, "tofu") is a character no font could show,
/// e.g. one produced by template code rather than written literally.
fn check_document_glyphs(world: &RenderWorld, document: &PagedDocument) -> Result<(), RenderError> {
    for (i, page) in document.pages().iter().enumerate() {
        if let Some((ch, span)) = find_tofu(&page.frame) {
            let mut context = format!("第{}页", i + 1);
            if let Some(location) = locate(world, span.into()) {
                context.push_str(&format!("（由 {location} 生成）"));
            }
            return Err(missing_glyph(ch, context, true));
        }
    }
    Ok(())
}

fn find_tofu(frame: &Frame) -> Option<(char, typst::syntax::Span)> {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => {
                if let Some(found) = find_tofu(&group.frame) {
                    return Some(found);
                }
            }
            FrameItem::Text(text) => {
                for glyph in text.glyphs.iter().filter(|glyph| glyph.id == 0) {
                    let cluster = text.text.get(glyph.range()).unwrap_or_default();
                    if let Some(ch) = cluster.chars().find(|&c| needs_glyph(c)) {
                        return Some((ch, glyph.span.0));
                    }
                }
            }
            _ => {}
        }
    }
    None
}

/// Turn Typst diagnostics into our error; an unknown font family gets its own variant.
fn diagnostics_error(
    world: &RenderWorld,
    fonts: &Fonts,
    diags: &[SourceDiagnostic],
) -> RenderError {
    const UNKNOWN_FONT: &str = "unknown font family: ";
    let has_error = diags
        .iter()
        .any(|d| d.severity == typst::diag::Severity::Error);
    if !has_error {
        if let Some(diag) = diags.iter().find(|d| d.message.starts_with(UNKNOWN_FONT)) {
            let family = &diag.message[UNKNOWN_FONT.len()..];
            return RenderError::UnknownFont {
                family: original_spelling(world, diag.span, family),
                location: locate(world, diag.span),
                available: fonts.families(),
            };
        }
    }
    RenderError::Template(Diagnostics(convert_all(world, diags)))
}

/// Typst reports font families lowercased; recover the template's spelling from
/// the source text under the span when possible.
fn original_spelling(world: &RenderWorld, span: DiagSpan, lowercase: &str) -> String {
    let spelled = || {
        let source = world.templates().source(span.id()?)?.ok()?;
        let snippet = source.text().get(world.range(span)?)?;
        let lowered = snippet.to_lowercase();
        // Byte offsets only carry over when lowercasing kept every length.
        if lowered.len() != snippet.len() {
            return None;
        }
        let start = lowered.find(lowercase)?;
        snippet
            .get(start..start + lowercase.len())
            .map(str::to_string)
    };
    spelled().unwrap_or_else(|| lowercase.to_string())
}

fn convert_all(world: &RenderWorld, diags: &[SourceDiagnostic]) -> Vec<TemplateDiagnostic> {
    // An unclosed string, then an unclosed bracket, is the cause of the errors around
    // it: said first.
    let mut diags: Vec<&SourceDiagnostic> = diags.iter().collect();
    diags.sort_by_key(|d| match d.message.as_str() {
        m if m.starts_with("unclosed string") => 0,
        m if m.starts_with("unclosed") => 1,
        _ => 2,
    });
    // The errors Typst reports after an unclosed bracket or quote in the same file come
    // from it (the rest of the file is read as inside the bracket); their hints (`去掉 #`)
    // would mislead. Only the unclosed one is said for that file.
    let unclosed_files: Vec<String> = diags
        .iter()
        .filter(|d| d.message.starts_with("unclosed"))
        .filter_map(|d| locate(world, d.span).map(|l| l.file))
        .collect();
    diags.retain(|d| {
        d.message.starts_with("unclosed")
            || !locate(world, d.span).is_some_and(|l| unclosed_files.contains(&l.file))
    });
    diags
        .into_iter()
        .map(|diag| {
            let mut hints: Vec<String> = diag
                .hints
                .iter()
                .map(|hint| error::hint_in_chinese(&hint.v))
                .collect();
            if let Some(hint) = missing_key_hint(world, &diag.message, diag.span) {
                hints.insert(0, hint);
            }
            hints.extend(override_hint(world, diag));
            hints.extend(not_found_hint(world, &diag.message));
            TemplateDiagnostic {
                location: locate(world, diag.span),
                message: diag.message.to_string(),
                hints,
                warning: diag.severity == typst::diag::Severity::Warning,
                called_from: diag
                    .trace
                    .iter()
                    .filter_map(|point| locate(world, DiagSpan::from(point.span)))
                    .take(4)
                    .collect(),
            }
        })
        .collect()
}

/// `file not found (searched at /logo.png)`: the folders looked in, and a file whose
/// name differs only in letter case (`Logo.PNG`, as a camera or Windows names it).
fn not_found_hint(world: &RenderWorld, message: &str) -> Option<String> {
    let wanted = message
        .strip_prefix("file not found (searched at ")?
        .strip_suffix(')')?;
    let templates = world.templates();
    let name = wanted.trim_start_matches('/');
    let dirs = templates.dirs();
    let searched = if dirs.is_empty() {
        format!("内置模板中没有 {name}（没有区县文件夹或案例的 templates 文件夹）")
    } else {
        let places: Vec<String> = dirs
            .iter()
            .map(|d| d.join(name).display().to_string())
            .collect();
        format!("找过 {}，都没有这个文件", places.join("、"))
    };
    Some(match templates.same_but_case(wanted) {
        Some((other, origin)) => {
            let at = match origin {
                TemplateOrigin::Disk(path) => path.display().to_string(),
                TemplateOrigin::Builtin(_) => origin.to_string(),
            };
            let other_name = other.rsplit('/').next().unwrap_or(other);
            format!(
                "{searched}；有 {at}，只是大小写不同（文件名区分大小写）：请把文件改名为 {}，或在模板中写 {other_name}",
                name.rsplit('/').next().unwrap_or(name)
            )
        }
        None => searched,
    })
}

/// An error located in a built-in file that no call from an override leads to, while
/// overrides are in use: the cause is most likely an override that file imports (a
/// district's `phrases.typ` that renamed a function the built-in section calls). Said,
/// naming them, or every override when the file imports none.
fn override_hint(world: &RenderWorld, diag: &SourceDiagnostic) -> Option<String> {
    let templates = world.templates();
    let origin_of = |span: DiagSpan| span.id().and_then(|id| templates.origin_of(id));
    let Some(TemplateOrigin::Builtin(name)) = origin_of(diag.span) else {
        return None;
    };
    let from_override = diag.trace.iter().any(|point| {
        matches!(
            origin_of(DiagSpan::from(point.span)),
            Some(TemplateOrigin::Disk(_))
        )
    });
    if from_override {
        return None;
    }
    let vpath = diag.span.id()?.vpath().get_with_slash().to_string();
    let list = |files: &[(String, std::path::PathBuf)]| {
        files
            .iter()
            .map(|(rel, path)| format!("{rel}（{}）", path.display()))
            .collect::<Vec<_>>()
            .join("、")
    };
    let reached = templates.overrides_reached_from(&vpath);
    match reached.as_slice() {
        [(rel, path)] => Some(format!(
            "内置模板 {name} 未改写；它引用的 {rel} 已被 {} 改写，问题可能在那里",
            path.display()
        )),
        [] => {
            let all = templates.overrides();
            (!all.is_empty()).then(|| {
                format!(
                    "内置模板 {name} 未改写；本次改写的模板有 {}，问题可能在其中",
                    list(&all)
                )
            })
        }
        several => Some(format!(
            "内置模板 {name} 未改写；它引用的 {} 已被改写，问题可能在其中",
            list(several)
        )),
    }
}

/// `dictionary does not contain key "departmnet"`: a field of the view model misspelt in
/// a template. Name the closest key of the dictionary the template reads when its path is
/// written out (`data.narrative.s1_totals.x`, `settings.x`), with that dictionary's keys if
/// none is close; otherwise the closest key anywhere in the data.
fn missing_key_hint(world: &RenderWorld, message: &str, span: DiagSpan) -> Option<String> {
    let key = message
        .strip_prefix("dictionary does not contain key \"")?
        .split('"')
        .next()?;
    let data: serde_json::Value = serde_json::from_slice(world.data().as_slice()).ok()?;
    let all = "全部数据可用 juesuan generate 案例 --dump-view 数据.json 查看";
    let closest = |keys: &mut dyn Iterator<Item = &String>| {
        keys.map(|k| (edit_distance(key, k), k))
            .filter(|(d, k)| *d <= 2.max(k.chars().count() / 3))
            .min()
            .map(|(_, k)| k.clone())
    };
    if let Some(map) = dictionary_read(world, span, key, &data) {
        return Some(match closest(&mut map.keys()) {
            Some(k) => format!("数据中没有键“{key}”，是否应为“{k}”？{all}"),
            None => {
                let keys: Vec<String> = map.keys().take(20).map(|k| format!("“{k}”")).collect();
                format!(
                    "数据中没有键“{key}”；这里的键有：{}。{all}",
                    keys.join("、")
                )
            }
        });
    }
    let mut keys = std::collections::BTreeSet::new();
    collect_keys(&data, &mut keys);
    Some(match closest(&mut keys.iter()) {
        Some(k) => format!("数据中没有键“{key}”，是否应为“{k}”？{all}"),
        None => format!("数据中没有键“{key}”。{all}"),
    })
}

/// The dictionary a failing field access reads, when the template spells its path out
/// from `data` (or `settings`, which is `data.settings`) up to the missing key.
fn dictionary_read<'a>(
    world: &RenderWorld,
    span: DiagSpan,
    key: &str,
    data: &'a serde_json::Value,
) -> Option<&'a serde_json::Map<String, serde_json::Value>> {
    let id = span.id()?;
    let range = world.range(span)?;
    let source = world.templates().source(id)?.ok()?;
    let before = source.text().get(..range.end)?;
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
        .last()
        .map_or(before.len(), |(i, _)| i);
    let path: Vec<&str> = before[start..].split('.').collect();
    let (last, parents) = path.split_last()?;
    if *last != key {
        return None;
    }
    let mut at = match *parents.first()? {
        "data" => data,
        "settings" => data.get("settings")?,
        _ => return None,
    };
    for part in &parents[1..] {
        at = at.get(*part)?;
    }
    at.as_object()
}

fn collect_keys(v: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                out.insert(k.clone());
                collect_keys(v, out);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_keys(v, out)),
        _ => {}
    }
}

/// Levenshtein distance in characters.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    // Optimal string alignment: two letters swapped (`usse` for `uses`) is one edit, as a
    // typist makes it, not two.
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// Resolve a span to the file's origin and a 1-based line and column.
fn locate(world: &RenderWorld, span: DiagSpan) -> Option<SourceLocation> {
    let id = span.id()?;
    let range = world.range(span)?;
    let (file, position) = if id == world.data_id() {
        let text = String::from_utf8_lossy(world.data().as_slice()).into_owned();
        let position = Lines::new(text).byte_to_line_column(range.start)?;
        (format!("数据文件 {DATA_PATH}"), position)
    } else {
        let origin = world.templates().origin_of(id)?;
        let source = world.templates().source(id)?.ok()?;
        let position = source.lines().byte_to_line_column(range.start)?;
        (origin.to_string(), position)
    };
    Some(SourceLocation {
        file,
        line: position.0 + 1,
        column: position.1 + 1,
    })
}

#[cfg(test)]
mod tests;
