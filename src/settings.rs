//! District settings (设置.toml in a district folder and/or a case folder): the built-in
//! style, fonts, sizes, margins, cover lines, which tables appear and how they are numbered,
//! how codes and zero items print, number style, 绩效 grade bands and the output file name.
//!
//! A case's file overrides the district's key by key. Unknown keys are errors naming the
//! key, as in the profile: a typo must not silently fall back to a default.

use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::derive::NumberStyle;
use crate::jixiao::GradeBands;
use crate::view::TableNumberStyle;

pub const SETTINGS_FILE: &str = "设置.toml";

/// The national table kinds, in the national order.
pub const TABLE_KINDS: [&str; 10] = ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10"];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(rename = "版式")]
    style: Option<String>,
    #[serde(rename = "字体")]
    fonts: Option<RawFonts>,
    #[serde(rename = "字号")]
    sizes: Option<RawSizes>,
    #[serde(rename = "页边距")]
    margins: Option<RawMargins>,
    #[serde(rename = "封面")]
    cover: Option<RawCover>,
    #[serde(rename = "表格")]
    tables: Option<RawTables>,
    #[serde(rename = "情况说明")]
    narrative: Option<RawNarrative>,
    #[serde(rename = "数字")]
    numbers: Option<RawNumbers>,
    /// `"优" = 90`, `"良" = 80`, … plus `"其余" = "差"`.
    #[serde(rename = "绩效等级")]
    grades: Option<toml::Table>,
    #[serde(rename = "输出")]
    output: Option<RawOutput>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFonts {
    #[serde(rename = "宋体")]
    song: Option<Vec<String>>,
    #[serde(rename = "黑体")]
    hei: Option<Vec<String>>,
    #[serde(rename = "楷体")]
    kai: Option<Vec<String>>,
    #[serde(rename = "字体目录")]
    dirs: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSizes {
    #[serde(rename = "正文")]
    body: Option<f64>,
    #[serde(rename = "表格")]
    table: Option<f64>,
    #[serde(rename = "宽表")]
    wide: Option<f64>,
    #[serde(rename = "注释")]
    note: Option<f64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMargins {
    #[serde(rename = "上")]
    top: Option<f64>,
    #[serde(rename = "下")]
    bottom: Option<f64>,
    #[serde(rename = "左")]
    left: Option<f64>,
    #[serde(rename = "右")]
    right: Option<f64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCover {
    #[serde(rename = "行")]
    lines: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTables {
    #[serde(rename = "列出")]
    list: Option<Vec<String>>,
    #[serde(rename = "编号")]
    numbering: Option<String>,
    #[serde(rename = "科目编码")]
    codes: Option<String>,
    #[serde(rename = "千分位")]
    thousands: Option<bool>,
    #[serde(rename = "零值")]
    zero: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNarrative {
    #[serde(rename = "细化到")]
    detail: Option<String>,
    #[serde(rename = "零值事项")]
    zero_items: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNumbers {
    #[serde(rename = "千分位")]
    thousands: Option<bool>,
    #[serde(rename = "百分比")]
    percent: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOutput {
    #[serde(rename = "文件名")]
    file_name: Option<String>,
}

/// What the templates see as `data.settings`. `None` leaves the choice to the template
/// (each built-in style has its own defaults).
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Layout {
    pub fonts: FontChoice,
    pub sizes: Sizes,
    pub margins: Margins,
    /// Cover lines with `{部门名称}` / `{年度}` filled in by the view.
    pub cover: Option<Vec<String>>,
    /// Table kinds in print order; `None`: the style's own list.
    pub tables: Option<Vec<String>>,
    /// `joined` (one 科目编码 column) or `split` (类 | 款 | 项); `None`: the style's own.
    pub codes: Option<String>,
    /// 情况说明 五（三）per `类`, per `项`, or per 项 named with its 类 and 款 (`类款项`);
    /// `None`: the style's own.
    pub narrative_detail: Option<String>,
    /// `true`: items with no money are left out of the 情况说明 lists (不涉及的不列).
    pub omit_zero_items: bool,
    /// A zero amount in the tables as the district chose it: `blank` or `zero` (0.00);
    /// `None`: the style's own way (the Shanghai style prints 0.00 in a column that has
    /// figures and leaves a column without any blank, as its published tables do).
    pub zeros: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct FontChoice {
    /// District families tried first; the template appends the shipped fonts as fallback.
    pub song: Vec<String>,
    pub hei: Vec<String>,
    pub kai: Vec<String>,
}

/// Point sizes.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Sizes {
    pub body: Option<f64>,
    pub table: Option<f64>,
    pub wide: Option<f64>,
    pub note: Option<f64>,
}

/// Centimetres.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Margins {
    pub top: Option<f64>,
    pub bottom: Option<f64>,
    pub left: Option<f64>,
    pub right: Option<f64>,
}

#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub style: Option<String>,
    pub bands: Option<GradeBands>,
    pub layout: Layout,
    /// Numbers in the 情况说明.
    pub numbers: NumberStyle,
    /// Numbers in the table cells.
    pub table_numbers: TableNumberStyle,
    /// `公开{NN}表` pattern of the table labels; `None`: national labels; `""`: none.
    pub table_label: Option<String>,
    /// Extra font folders, absolute.
    pub font_dirs: Vec<PathBuf>,
    /// Output file name pattern with `{部门名称}` and `{年度}`.
    pub file_name: Option<String>,
    /// 数字.千分位 as a 设置.toml gave it (else the style decides).
    thousands_given: Option<bool>,
    /// 绩效等级 as a 设置.toml gave them (else the style decides).
    bands_given: Option<GradeBands>,
    /// Things to tell the user about the settings files (a misnamed one).
    pub notes: Vec<String>,
}

/// A style named on the command line (`shanghai`, `上海`, `default`, `默认`) → its
/// built-in name.
pub fn style_name(name: &str) -> Result<String, String> {
    match name {
        "上海" | "shanghai" => Ok("shanghai".into()),
        "默认" | "default" => Ok("default".into()),
        other => Err(format!(
            "没有名为“{other}”的版式（可用：default 默认、shanghai 上海）"
        )),
    }
}

impl Settings {
    /// Settings the chosen style does not follow, and misnamed settings files: said
    /// rather than silently ignored.
    pub fn ignored_by_style(&self) -> Vec<String> {
        let mut notes = self.notes.clone();
        if self.style.as_deref() == Some("shanghai") {
            if self
                .layout
                .tables
                .as_ref()
                .is_some_and(|list| list.iter().any(|k| k == "10"))
            {
                notes.push("上海版式没有公开10表（部门决算公开相关信息统计表），表格.列出 中的“10”不起作用".to_string());
            }
            if self.table_label.as_deref().is_some_and(|l| !l.is_empty()) {
                notes.push("上海版式的表不印表号，设置 表格.编号 不起作用".to_string());
            }
            if self
                .layout
                .narrative_detail
                .as_deref()
                .is_some_and(|d| d != "项")
            {
                notes.push(
                    "上海版式的情况说明按项逐段说明，设置 情况说明.细化到 不起作用".to_string(),
                );
            }
            if self.layout.omit_zero_items {
                notes.push(
                    "上海模板要求逐项列出“三公”经费、政府采购等（为 0 也列），设置 情况说明.零值事项 不起作用"
                        .to_string(),
                );
            }
        }
        notes
    }

    /// Switch to `style` (from `--style`, or as the files say) and fill what the files
    /// left to the style: Shanghai grades 优/良/合格/不合格 and prints 9746.50 without
    /// thousands separators in its text, as its 2024 template does. The defaults follow
    /// the style in effect, whichever style the files named: `--style 默认` on a case
    /// whose 设置.toml says `"版式" = "上海"` keeps none of the Shanghai defaults, while
    /// what the files set explicitly stays.
    pub fn apply_style(&mut self, style: Option<String>) {
        if style.is_some() {
            self.style = style;
        }
        let shanghai = self.style.as_deref() == Some("shanghai");
        let base = if shanghai {
            crate::jixiao::GradeBands::shanghai()
        } else {
            crate::jixiao::GradeBands::default()
        };
        self.bands = match &self.bands_given {
            // Only some 分数线 changed (no 其余): the style's grades with those.
            Some(given) if given.fallback.is_empty() => Some(merged_bands(&base, given)),
            Some(given) => Some(given.clone()),
            None => shanghai.then_some(base),
        };
        self.numbers.thousands = self.thousands_given.unwrap_or(!shanghai);
    }
}

/// The folder given as `--district`: it must be a folder, or the district's settings
/// and templates would silently not apply (`check`) or be told as an unreadable template.
pub fn district_folder(dir: &Path) -> Result<(), String> {
    match std::fs::metadata(dir) {
        // A case folder given as the district (`--district 我的部门2024`): its own
        // settings and templates apply without it; as a district it would be mistaken.
        Ok(m) if m.is_dir() && dir.join(crate::case::PROFILE_FILE).is_file() => Err(format!(
            "区县文件夹 {} 是一个案例文件夹（其中有 {}）：--district 应指向放 {SETTINGS_FILE} 和模板、供多个案例共用的文件夹；案例文件夹里的 {SETTINGS_FILE} 和模板不用 --district 也会生效",
            dir.display(),
            crate::case::PROFILE_FILE
        )),
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(format!(
            "区县文件夹 {} 是一个文件，不是文件夹：--district 应指向放 {SETTINGS_FILE} 和模板的文件夹（如 juesuan template export 导出的文件夹），而不是其中的文件",
            dir.display()
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(format!(
            "区县文件夹 {} 不存在{}",
            dir.display(),
            crate::files::backslash_hint(dir)
        )),
        Err(e) => Err(format!(
            "区县文件夹 {} 无法读取：{}",
            dir.display(),
            crate::files::io_reason(&e)
        )),
    }
}

/// Settings from the 设置.toml files in `dirs`, highest priority first (case folder,
/// then the district folder): each key comes from the first file that sets it.
pub fn load(dirs: &[&Path]) -> Result<Settings, String> {
    let mut merged = toml::Table::new();
    let mut font_dirs = Vec::new();
    let mut misnamed = Vec::new();
    for dir in dirs.iter().rev() {
        let p = dir.join(SETTINGS_FILE);
        // A folder or a device under the name: said as it is, not taken for a misnaming.
        if p.exists() && !p.is_file() {
            return Err(format!(
                "{} 不是普通文件（是文件夹或设备），设置文件应为文本文件",
                p.display()
            ));
        }
        misnamed.extend(edited_example(dir, p.is_file()));
        misnamed.extend(settings_below(dir));
        if !p.is_file() {
            misnamed.extend(misnamed_settings(dir));
            continue;
        }
        let bytes = crate::files::read_regular(&p, 4 * 1024 * 1024)
            .map_err(|e| format!("无法读取 {}：{e}", p.display()))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| format!("{} 不是 UTF-8 编码的文本，请另存为 UTF-8", p.display()))?;
        let text = text.trim_start_matches('\u{feff}');
        let file_err = |e: toml::de::Error| {
            format!(
                "{} 有误：{}",
                p.display(),
                crate::toml_error::describe(&e, text)
            )
        };
        // Validate this file on its own, so that an error names the file and its line.
        let raw: Raw = toml::from_str(text).map_err(file_err)?;
        let table: toml::Table = toml::from_str(text).map_err(file_err)?;
        if let Some(dirs) = raw.fonts.and_then(|f| f.dirs) {
            for d in dirs {
                let abs = dir.join(&d);
                if !abs.is_dir() {
                    return Err(format!(
                        "{} 有误：字体目录“{d}”不存在（相对于 {}）",
                        p.display(),
                        dir.display()
                    ));
                }
                font_dirs.push(abs);
            }
        }
        validate(&p, &table, text)?;
        merge(&mut merged, table);
    }
    let raw: Raw = toml::Value::Table(merged)
        .try_into()
        .map_err(|e: toml::de::Error| {
            format!("设置有误：{}", crate::toml_error::describe(&e, ""))
        })?;
    build(raw, font_dirs).map(|mut s| {
        s.notes = misnamed;
        s
    })
}

/// A settings file saved under another name (`设置.toml.txt` by Notepad, `设置.tmol`,
/// `设定.toml`, `settings.toml`) is not read: said, so that a district's settings do not silently
/// stay unapplied.
fn misnamed_settings(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| named_as_settings(name))
        .map(|name| {
            format!(
                "{} 中的“{name}”不会被读取：设置文件应名为 {SETTINGS_FILE}",
                dir.display()
            )
        })
        .collect();
    out.sort();
    out
}

/// A file name a settings file may have been given: `设置.toml.txt`, `設置.toml`
/// (traditional characters), `settings.toml` … (not the exported example).
fn named_as_settings(name: &str) -> bool {
    let lower = name.to_lowercase();
    (["设置", "設置", "设定", "設定", "配置"]
        .iter()
        .any(|p| name.starts_with(p))
        && !name.starts_with("设置示例"))
        || lower == "settings.toml"
        || lower == "config.toml"
}

/// Settings files in the sub-folders of `dir` (its `templates/`, `styles/shanghai/`,
/// `part3/`, a font folder): only `dir` itself is read, so they would silently change
/// nothing. A sub-folder holding a profile is a case of its own, whose settings are read
/// when that case is: left alone.
fn settings_below(dir: &Path) -> Vec<String> {
    fn walk(dir: &Path, depth: usize, top: bool, budget: &mut usize, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            if *budget == 0 {
                return;
            }
            *budget -= 1;
            let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
                continue;
            };
            if name.starts_with('.') {
                continue;
            }
            if path.is_dir() {
                if depth > 0 && !path.join(crate::case::PROFILE_FILE).exists() {
                    walk(&path, depth - 1, false, budget, out);
                }
            } else if !top && named_as_settings(&name) {
                out.push(path);
            }
        }
    }
    let mut found = Vec::new();
    // Bounded: a district folder given by mistake (`--district /usr`) is not searched
    // through; the template loader refuses it.
    walk(dir, 4, true, &mut 5_000, &mut found);
    found
        .into_iter()
        .map(|path| {
            format!(
                "{} 不会被读取：设置文件只从 {} 本身读取，应放在 {}",
                path.display(),
                dir.display(),
                dir.join(SETTINGS_FILE).display()
            )
        })
        .collect()
}

/// `template export` writes the documented settings as 设置示例.toml, which is never
/// read: a copy edited in place would silently change nothing.
fn edited_example(dir: &Path, has_settings: bool) -> Option<String> {
    let path = dir.join(crate::render::SETTINGS_EXAMPLE);
    let bytes = crate::files::read_regular(&path, 4 * 1024 * 1024).ok()?;
    // Compared as settings, not as text: an example exported by an earlier version (its
    // comments worded otherwise) or saved again by an editor is still the example.
    let parsed = |b: &[u8]| -> Option<toml::Table> {
        toml::from_str(String::from_utf8_lossy(b).trim_start_matches('\u{feff}')).ok()
    };
    let example = parsed(&bytes);
    if example.is_some() && example == parsed(crate::render::SETTINGS_EXAMPLE_TEXT) {
        return None;
    }
    Some(if has_settings {
        format!(
            "{} 改过，但示例文件不会被读取：要生效的设置请写进同一文件夹的 {SETTINGS_FILE}",
            path.display()
        )
    } else {
        format!(
            "{} 改过，但示例文件不会被读取：要让这些设置生效，请把它改名为 {SETTINGS_FILE}",
            path.display()
        )
    })
}

/// Deep merge: `over` wins; the 绩效等级 table is replaced whole (bands do not mix).
fn merge(base: &mut toml::Table, over: toml::Table) {
    for (k, v) in over {
        match (base.get_mut(&k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) if k != "绩效等级" => {
                merge(b, o)
            }
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

/// Value checks that serde cannot express, reported against the file that holds them.
/// The line (1-based) of the key a value error names (`“字号.正文”应在…`): the first line
/// quoting its last part below the line quoting its first part.
/// Messages that name their key unquoted (`表格.列出 中…`, `输出.文件名“x”…`) count too;
/// a 绩效等级 message names its band (`绩效等级“优”…` is the line of `"优" = …`).
fn line_of_named_key(text: &str, message: &str) -> Option<usize> {
    let key = match message.strip_prefix('“') {
        Some(rest) => rest.split('”').next()?.to_string(),
        None => {
            let head: String = message
                .chars()
                .take_while(|c| !matches!(c, ' ' | '“' | '：' | '（'))
                .collect();
            if head.starts_with("绩效等级") {
                match message.split('“').nth(1).and_then(|r| r.split('”').next()) {
                    Some(band) => format!("绩效等级.{band}"),
                    None => "绩效等级".into(),
                }
            } else {
                head
            }
        }
    };
    let parts: Vec<&str> = key.split('.').collect();
    let (first, last) = (parts.first()?, parts.last()?);
    let lines: Vec<&str> = text.lines().collect();
    let from = if parts.len() > 1 {
        lines
            .iter()
            .position(|l| l.contains(&format!("\"{first}\"")))?
    } else {
        0
    };
    let quoted = format!("\"{last}\"");
    lines[from..]
        .iter()
        .position(|l| l.contains(&quoted) && l.contains('='))
        // A table named whole (`["绩效等级"]` lacks its 其余): its header.
        .or_else(|| lines[from..].iter().position(|l| l.contains(&quoted)))
        .map(|i| from + i + 1)
}

fn validate(file: &Path, t: &toml::Table, text: &str) -> Result<(), String> {
    let raw: Raw = toml::Value::Table(t.clone())
        .try_into()
        .map_err(|e: toml::de::Error| {
            format!(
                "{} 有误：{}",
                file.display(),
                crate::toml_error::describe(&e, "")
            )
        })?;
    build(raw, Vec::new()).map(|_| ()).map_err(|e| {
        let line = line_of_named_key(text, &e)
            .map(|l| crate::toml_error::line_place(text, l))
            .unwrap_or_default();
        format!("{} 有误：{line}{e}", file.display())
    })
}

fn one_of(key: &str, value: &str, allowed: &[&str]) -> Result<(), String> {
    if allowed.contains(&value) {
        Ok(())
    } else {
        Err(format!(
            "“{key}”应为 {}，实为“{value}”",
            allowed
                .iter()
                .map(|a| format!("“{a}”"))
                .collect::<Vec<_>>()
                .join("、")
        ))
    }
}

/// Every `{…}` in `text` must be one the program fills in; another would be printed as
/// it is (`{单位}` on the cover).
fn placeholders_in(key: &str, text: &str, allowed: &[&str]) -> Result<(), String> {
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            // `表{序号`: printed as it is on every table.
            return Err(format!(
                "“{key}”中的 {} 缺少右花括号 }}（可用的占位符：{}），会原样印出",
                &rest[start..],
                allowed.join("、")
            ));
        };
        let token = &rest[start..start + len + 1];
        if !allowed.contains(&token) {
            return Err(format!(
                "“{key}”中的 {token} 不是可用的占位符（可用：{}），会原样印出",
                allowed.join("、")
            ));
        }
        rest = &rest[start + len + 1..];
    }
    Ok(())
}

fn size(key: &str, v: Option<f64>, min: f64, max: f64) -> Result<Option<f64>, String> {
    match v {
        Some(x) if !(min..=max).contains(&x) => {
            Err(format!("“{key}”应在 {min} 到 {max} 之间，实为 {x}"))
        }
        other => Ok(other),
    }
}

fn build(raw: Raw, font_dirs: Vec<PathBuf>) -> Result<Settings, String> {
    let style = match raw.style.as_deref() {
        None => None,
        Some("上海") | Some("shanghai") => Some("shanghai".to_string()),
        Some("默认") | Some("default") => Some("default".to_string()),
        Some(other) => {
            one_of("版式", other, &["默认", "上海"])?;
            None
        }
    };
    let fonts = raw.fonts.unwrap_or_default();
    let sizes = raw.sizes.unwrap_or_default();
    let margins = raw.margins.unwrap_or_default();
    let tables = raw.tables.unwrap_or_default();
    let narrative = raw.narrative.unwrap_or_default();
    let numbers = raw.numbers.unwrap_or_default();

    if let Some(list) = &tables.list {
        if list.is_empty() {
            return Err(
                "表格.列出 是空的：至少列出一张表（要按版式列出全部的表，删去这一行即可）"
                    .to_string(),
            );
        }
        for k in list {
            if !TABLE_KINDS.contains(&k.as_str()) {
                return Err(format!(
                    "表格.列出 中的“{k}”不是表号（应为 \"01\" 到 \"10\"）"
                ));
            }
        }
        for (i, k) in list.iter().enumerate() {
            if list[..i].contains(k) {
                return Err(format!("表格.列出 中“{k}”出现了两次"));
            }
        }
    }
    let codes = match tables.codes.as_deref() {
        None => None,
        Some(v) => {
            one_of("表格.科目编码", v, &["合并", "分列"])?;
            Some(if v == "合并" { "joined" } else { "split" }.to_string())
        }
    };
    if let Some(v) = tables.zero.as_deref() {
        one_of("表格.零值", v, &["空白", "0.00"])?;
    }
    if let Some(v) = narrative.detail.as_deref() {
        one_of("情况说明.细化到", v, &["类", "项", "类款项"])?;
    }
    if let Some(v) = narrative.zero_items.as_deref() {
        one_of("情况说明.零值事项", v, &["列为0", "不列"])?;
    }
    if let Some(v) = numbers.percent.as_deref() {
        one_of("数字.百分比", v, &["两位小数", "去掉末尾的0"])?;
    }
    if let Some(name) = raw.output.as_ref().and_then(|o| o.file_name.as_deref()) {
        if !name.contains("{部门名称}") {
            return Err(format!(
                "输出.文件名“{name}”应含 {{部门名称}}，否则一批文件会互相覆盖"
            ));
        }
        // A name, not a path: the PDF goes to the output folder and nowhere else.
        if name.contains(['/', '\\']) || name.starts_with('.') {
            return Err(format!(
                "输出.文件名“{name}”只能是文件名，不能含 / 或 \\，也不能以 . 开头（PDF 写在输出文件夹中，用 -o 指定文件夹）"
            ));
        }
        if !name.to_lowercase().ends_with(".pdf") {
            return Err(format!("输出.文件名“{name}”应以 .pdf 结尾"));
        }
    }

    // An empty list prints a blank cover: surely not what was meant.
    if raw
        .cover
        .as_ref()
        .and_then(|c| c.lines.as_ref())
        .is_some_and(|lines| lines.iter().all(|l| l.trim().is_empty()))
    {
        return Err(
            "“封面.行”是空的：封面上至少要有一行文字（要用版式自己的封面，删去这一行即可）"
                .to_string(),
        );
    }
    for line in raw.cover.iter().flat_map(|c| c.lines.iter().flatten()) {
        placeholders_in("封面.行", line, &["{部门名称}", "{年度}"])?;
    }
    if let Some(p) = &tables.numbering {
        placeholders_in("表格.编号", p, &["{NN}", "{序号}"])?;
        // The same label on every table (`附表`) numbers none of them.
        if !p.trim().is_empty() && !p.contains("{NN}") && !p.contains("{序号}") {
            return Err(format!(
                "“表格.编号”应含 {{NN}}（全国统一表号）或 {{序号}}（按列出的顺序），实为“{p}”：每张表会印出同一个“{p}”；不印表号请写 \"\""
            ));
        }
    }
    if let Some(name) = raw.output.as_ref().and_then(|o| o.file_name.as_deref()) {
        placeholders_in("输出.文件名", name, &["{部门名称}", "{年度}"])?;
    }

    let bands = match raw.grades {
        None => None,
        Some(t) => Some(grade_bands(t, style.as_deref() == Some("shanghai"))?),
    };
    let defaults = TableNumberStyle::default();
    Ok(Settings {
        style,
        bands: None,
        layout: Layout {
            fonts: FontChoice {
                song: fonts.song.unwrap_or_default(),
                hei: fonts.hei.unwrap_or_default(),
                kai: fonts.kai.unwrap_or_default(),
            },
            sizes: Sizes {
                body: size("字号.正文", sizes.body, 7.0, 36.0)?,
                table: size("字号.表格", sizes.table, 7.0, 24.0)?,
                wide: size("字号.宽表", sizes.wide, 7.0, 24.0)?,
                note: size("字号.注释", sizes.note, 7.0, 24.0)?,
            },
            margins: Margins {
                top: size("页边距.上", margins.top, 0.5, 6.0)?,
                bottom: size("页边距.下", margins.bottom, 0.5, 6.0)?,
                left: size("页边距.左", margins.left, 0.5, 6.0)?,
                right: size("页边距.右", margins.right, 0.5, 6.0)?,
            },
            cover: raw.cover.and_then(|c| c.lines),
            tables: tables.list,
            codes,
            narrative_detail: narrative.detail,
            omit_zero_items: narrative.zero_items.as_deref() == Some("不列"),
            zeros: tables
                .zero
                .as_deref()
                .map(|z| if z == "空白" { "blank" } else { "zero" }.to_string()),
        },
        numbers: NumberStyle {
            thousands: numbers.thousands.unwrap_or(true),
            trim_percent: numbers.percent.as_deref() == Some("去掉末尾的0"),
        },
        table_numbers: TableNumberStyle {
            thousands: tables.thousands.unwrap_or(defaults.thousands),
            zero_blank: tables
                .zero
                .as_deref()
                .map_or(defaults.zero_blank, |z| z == "空白"),
        },
        table_label: tables.numbering,
        font_dirs,
        file_name: raw.output.and_then(|o| o.file_name),
        thousands_given: numbers.thousands,
        bands_given: bands,
        notes: Vec::new(),
    })
    .map(|mut s| {
        s.apply_style(None);
        s
    })
}

/// The style's grades with the 分数线 a 设置.toml changed (`"优" = 85` alone); a label the
/// style does not have is added at its line.
fn merged_bands(base: &GradeBands, given: &GradeBands) -> GradeBands {
    let mut bands = base.bands.clone();
    for (min, label) in &given.bands {
        match bands.iter_mut().find(|(_, l)| l == label) {
            Some(band) => band.0 = *min,
            None => bands.push((*min, label.clone())),
        }
    }
    bands.sort_by_key(|b| std::cmp::Reverse(b.0));
    GradeBands {
        bands,
        fallback: base.fallback.clone(),
    }
}

/// `["绩效等级"]` as written: every grade with its 分数线 and `"其余"` (a scale of its
/// own), or only the 分数线 to change (no `"其余"`: merged into the style's grades, which
/// the labels must then be). `shanghai`: the style the files name.
fn grade_bands(t: toml::Table, shanghai: bool) -> Result<GradeBands, String> {
    let mut bands = Vec::new();
    let mut fallback = None;
    for (label, v) in t {
        if label == "其余" {
            fallback = v.as_str().map(str::to_string);
            continue;
        }
        let min = match v {
            toml::Value::Integer(i) => Decimal::from(i),
            toml::Value::Float(f) => match crate::amount::decimal_from_f64(f) {
                Some(d) => d,
                None => return Err(format!("绩效等级“{label}”应为分数线（如 90），实为 {f}")),
            },
            other => {
                return Err(format!(
                    "绩效等级“{label}”应为分数线（如 90），实为 {other}"
                ))
            }
        };
        if min < Decimal::ZERO || min > Decimal::ONE_HUNDRED {
            return Err(format!(
                "绩效等级“{label}”的分数线应在 0 到 100 之间，实为 {min}"
            ));
        }
        // Written from the best grade down (`"优" = 90` before `"良" = 80`): a line above
        // the one before it has the labels the wrong way round.
        if let Some((prev_min, prev)) = bands.last() {
            if min >= *prev_min {
                return Err(format!(
                    "绩效等级应从高到低排列：“{label}” = {min} 写在“{prev}” = {prev_min} 之后，却不低于它（等级名称和分数线对应错了？）"
                ));
            }
        }
        bands.push((min, label));
    }
    let Some(fallback) = fallback else {
        // Only some 分数线: each a grade of the style, and still from high to low once
        // merged (`"良" = 95` alone would rank 良 above 优).
        let base = if shanghai {
            GradeBands::shanghai()
        } else {
            GradeBands::default()
        };
        let names: Vec<&str> = base.bands.iter().map(|(_, l)| l.as_str()).collect();
        if let Some((_, label)) = bands.iter().find(|(_, l)| !names.contains(&l.as_str())) {
            return Err(format!(
                "绩效等级“{label}”不是本版式的等级（{}、{}）：只改分数线时写本版式的等级名称；换用新的等级名称时要写出全部各档，并写上 \"其余\" = \"…\"（最低一档的名称）",
                names.join("、"),
                base.fallback
            ));
        }
        let given = GradeBands {
            bands,
            fallback: String::new(),
        };
        let merged = merged_bands(&base, &given);
        let order: Vec<&str> = merged.bands.iter().map(|(_, l)| l.as_str()).collect();
        if order != names {
            return Err(format!(
                "绩效等级改了分数线后，等级的高低次序变了（{}）：各档分数线应从“{}”到“{}”由高到低",
                merged
                    .bands
                    .iter()
                    .map(|(m, l)| format!("“{l}” = {m}"))
                    .collect::<Vec<_>>()
                    .join("、"),
                names[0],
                names[names.len() - 1]
            ));
        }
        return Ok(given);
    };
    Ok(GradeBands { bands, fallback })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, text: &str) {
        std::fs::write(dir.join(SETTINGS_FILE), text).unwrap();
    }

    #[test]
    fn case_overrides_district_key_by_key() {
        let d = tempfile::tempdir().unwrap();
        let district = d.path().join("区");
        let case = d.path().join("案");
        std::fs::create_dir_all(&district).unwrap();
        std::fs::create_dir_all(&case).unwrap();
        write(
            &district,
            "\"版式\" = \"上海\"\n[\"字号\"]\n\"正文\" = 14\n\"表格\" = 9\n[\"表格\"]\n\"列出\" = [\"01\", \"02\"]\n",
        );
        write(
            &case,
            "[\"字号\"]\n\"正文\" = 12\n[\"数字\"]\n\"百分比\" = \"去掉末尾的0\"\n",
        );
        let s = load(&[&case, &district]).unwrap();
        assert_eq!(s.style.as_deref(), Some("shanghai"));
        assert_eq!(s.layout.sizes.body, Some(12.0));
        assert_eq!(s.layout.sizes.table, Some(9.0));
        assert_eq!(
            s.layout.tables,
            Some(vec!["01".to_string(), "02".to_string()])
        );
        assert!(s.numbers.trim_percent);
        // The Shanghai style's own defaults where the files say nothing.
        assert!(!s.numbers.thousands);
        let bands = s.bands.as_ref().unwrap();
        assert_eq!(bands.labels(), ["优", "良", "合格", "不合格"]);
        // A setting given wins over the style's default.
        write(&case, "[\"数字\"]\n\"千分位\" = true\n");
        assert!(load(&[&case, &district]).unwrap().numbers.thousands);
        // `--style shanghai` on a case whose files say nothing.
        let plain = load(&[&case]).unwrap();
        assert!(plain.bands.is_none() && plain.numbers.thousands);
        std::fs::remove_file(case.join(SETTINGS_FILE)).unwrap();
        let mut plain = load(&[&case]).unwrap();
        plain.apply_style(Some("shanghai".into()));
        assert!(!plain.numbers.thousands);
        assert_eq!(
            plain.bands.unwrap().labels(),
            ["优", "良", "合格", "不合格"]
        );
        // Settings the Shanghai style does not follow are said.
        write(
            &case,
            "[\"表格\"]\n\"编号\" = \"表{序号}\"\n[\"情况说明\"]\n\"细化到\" = \"类\"\n",
        );
        let s = load(&[&case, &district]).unwrap();
        assert_eq!(s.ignored_by_style().len(), 2, "{:?}", s.ignored_by_style());
        let s = load(&[&case]).unwrap();
        assert!(s.ignored_by_style().is_empty());
        // 公开10表 is not a table of the Shanghai style: listing it is said, not printed.
        write(&case, "[\"表格\"]\n\"列出\" = [\"01\", \"02\", \"10\"]\n");
        let s = load(&[&case, &district]).unwrap();
        assert_eq!(
            s.ignored_by_style(),
            ["上海版式没有公开10表（部门决算公开相关信息统计表），表格.列出 中的“10”不起作用"]
        );
        // A settings file Notepad saved as 设置.toml.txt is not read, and said so.
        std::fs::rename(case.join(SETTINGS_FILE), case.join("设置.toml.txt")).unwrap();
        let s = load(&[&case]).unwrap();
        assert_eq!(s.layout.narrative_detail, None);
        assert_eq!(s.notes.len(), 1, "{:?}", s.notes);
        assert!(
            s.notes[0].contains("“设置.toml.txt”不会被读取"),
            "{:?}",
            s.notes
        );
    }

    /// `--style 默认` over `"版式" = "上海"`: none of the Shanghai defaults stay, what the
    /// files set explicitly does.
    #[test]
    fn the_command_line_style_brings_its_own_defaults() {
        let d = tempfile::tempdir().unwrap();
        write(d.path(), "\"版式\" = \"上海\"\n");
        let mut s = load(&[d.path()]).unwrap();
        assert!(!s.numbers.thousands);
        assert_eq!(
            s.bands.as_ref().unwrap().labels(),
            ["优", "良", "合格", "不合格"]
        );
        s.apply_style(Some("default".into()));
        assert_eq!(s.style.as_deref(), Some("default"));
        assert!(s.numbers.thousands);
        assert!(s.bands.is_none());
        // Settings written out stay whichever style is in effect.
        write(
            d.path(),
            "\"版式\" = \"上海\"\n[\"数字\"]\n\"千分位\" = false\n[\"绩效等级\"]\n\"好\" = 85\n\"其余\" = \"差\"\n",
        );
        let mut s = load(&[d.path()]).unwrap();
        s.apply_style(Some("default".into()));
        assert!(!s.numbers.thousands);
        assert_eq!(s.bands.as_ref().unwrap().labels(), ["好", "差"]);
        // And the other way round: `--style shanghai` over `"版式" = "默认"`.
        write(d.path(), "\"版式\" = \"默认\"\n");
        let mut s = load(&[d.path()]).unwrap();
        s.apply_style(Some("shanghai".into()));
        assert!(!s.numbers.thousands);
        assert_eq!(
            s.bands.as_ref().unwrap().labels(),
            ["优", "良", "合格", "不合格"]
        );
    }

    /// A settings file in a sub-folder, or named in traditional characters, is never
    /// read: said, naming it and where it belongs. A case folder inside is left alone.
    #[test]
    fn settings_files_where_they_are_not_read_are_said() {
        let d = tempfile::tempdir().unwrap();
        let dir = d.path();
        for sub in ["templates", "styles/shanghai", "part3", "字体", "案例"] {
            std::fs::create_dir_all(dir.join(sub)).unwrap();
            write(&dir.join(sub), "\"版式\" = \"上海\"\n");
        }
        std::fs::write(dir.join("案例").join(crate::case::PROFILE_FILE), "").unwrap();
        std::fs::write(dir.join("設置.toml"), "\"版式\" = \"上海\"\n").unwrap();
        let s = load(&[dir]).unwrap();
        assert_eq!(s.style, None);
        let below = |sub: &str| {
            format!(
                "{} 不会被读取：设置文件只从 {} 本身读取，应放在 {}",
                dir.join(sub).join(SETTINGS_FILE).display(),
                dir.display(),
                dir.join(SETTINGS_FILE).display()
            )
        };
        assert_eq!(
            s.notes,
            [
                below("part3"),
                below("styles/shanghai"),
                below("templates"),
                below("字体"),
                format!(
                    "{} 中的“設置.toml”不会被读取：设置文件应名为 设置.toml",
                    dir.display()
                ),
            ]
        );
        // With the settings file in its place, the misplaced ones are still said.
        std::fs::rename(dir.join("設置.toml"), dir.join(SETTINGS_FILE)).unwrap();
        let s = load(&[dir]).unwrap();
        assert_eq!(s.style.as_deref(), Some("shanghai"));
        assert_eq!(s.notes.len(), 4, "{:?}", s.notes);
    }

    /// 设置示例.toml as exported says nothing; edited in place, it is said to be unread.
    #[test]
    fn an_edited_example_is_said_to_be_unread() {
        let d = tempfile::tempdir().unwrap();
        let example = d.path().join(crate::render::SETTINGS_EXAMPLE);
        let text = String::from_utf8(crate::render::SETTINGS_EXAMPLE_TEXT.to_vec()).unwrap();
        // Saved again by an editor (CRLF, a BOM): still the example.
        std::fs::write(&example, format!("\u{feff}{}", text.replace('\n', "\r\n"))).unwrap();
        assert!(load(&[d.path()]).unwrap().notes.is_empty());
        // Exported by an earlier version (other comments): the same settings.
        std::fs::write(&example, text.replace("# ", "# 旧版说明：")).unwrap();
        assert!(load(&[d.path()]).unwrap().notes.is_empty());
        std::fs::write(
            &example,
            text.replace("\"版式\" = \"默认\"", "\"版式\" = \"上海\""),
        )
        .unwrap();
        let notes = load(&[d.path()]).unwrap().notes;
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(
            notes[0]
                .ends_with("改过，但示例文件不会被读取：要让这些设置生效，请把它改名为 设置.toml"),
            "{notes:?}"
        );
        write(d.path(), "");
        let notes = load(&[d.path()]).unwrap().notes;
        assert!(
            notes[0].ends_with("要生效的设置请写进同一文件夹的 设置.toml"),
            "{notes:?}"
        );
    }

    #[test]
    fn bad_values_name_file_key_and_value() {
        let d = tempfile::tempdir().unwrap();
        write(d.path(), "[\"表格\"]\n\"列出\" = []\n");
        let e = load(&[d.path()]).unwrap_err();
        assert!(e.contains("表格.列出 是空的：至少列出一张表"), "{e}");
        for lines in ["[]", "[\"\", \" \"]"] {
            write(d.path(), &format!("[\"封面\"]\n\"行\" = {lines}\n"));
            let e = load(&[d.path()]).unwrap_err();
            assert_eq!(
                e,
                format!(
                    "{} 有误：第2行（\"行\" = {lines}）：“封面.行”是空的：封面上至少要有一行文字（要用版式自己的封面，删去这一行即可）",
                    d.path().join(SETTINGS_FILE).display()
                )
            );
        }
        write(d.path(), "[\"表格\"]\n\"列出\" = [\"01\", \"11\"]\n");
        let e = load(&[d.path()]).unwrap_err();
        assert!(e.contains("设置.toml") && e.contains("“11”不是表号"), "{e}");
        write(d.path(), "[\"情况说明\"]\n\"细化到\" = \"款\"\n");
        let e = load(&[d.path()]).unwrap_err();
        assert!(
            e.contains("“情况说明.细化到”应为 “类”、“项”、“类款项”，实为“款”"),
            "{e}"
        );
        write(d.path(), "[\"字号\"]\n\"宽表\" = 6\n");
        let e = load(&[d.path()]).unwrap_err();
        assert!(e.contains("“字号.宽表”应在 7 到 24 之间，实为 6"), "{e}");
        write(
            d.path(),
            "[\"字体\"]\n\"宋体\" = [\"仿宋\"]\n\"字号\" = 3\n",
        );
        let e = load(&[d.path()]).unwrap_err();
        assert!(e.contains("未知的键“字号”"), "{e}");
        write(d.path(), "[\"输出\"]\n\"文件名\" = \"决算.pdf\"\n");
        let e = load(&[d.path()]).unwrap_err();
        assert!(e.contains("应含 {部门名称}"), "{e}");
        write(d.path(), "[\"输出\"]\n\"文件名\" = \"../{部门名称}.pdf\"\n");
        let e = load(&[d.path()]).unwrap_err();
        assert!(e.contains("只能是文件名，不能含 / 或 \\"), "{e}");
        write(d.path(), "[\"输出\"]\n\"文件名\" = \"{部门名称}.docx\"\n");
        let e = load(&[d.path()]).unwrap_err();
        assert!(e.contains("“{部门名称}.docx”应以 .pdf 结尾"), "{e}");
        write(
            d.path(),
            "[\"封面\"]\n\"行\" = [\"{部门名称}\", \"{单位}\"]\n",
        );
        let e = load(&[d.path()]).unwrap_err();
        assert!(
            e.contains("“封面.行”中的 {单位} 不是可用的占位符（可用：{部门名称}、{年度}）"),
            "{e}"
        );
        for (line, said) in [
            ("\"优\" = nan", "绩效等级“优”应为分数线（如 90），实为 NaN"),
            (
                "\"优\" = 190",
                "绩效等级“优”的分数线应在 0 到 100 之间，实为 190",
            ),
        ] {
            write(
                d.path(),
                &format!("[\"绩效等级\"]\n{line}\n\"其余\" = \"差\"\n"),
            );
            let e = load(&[d.path()]).unwrap_err();
            assert!(e.contains(said), "{e}");
        }
        write(
            d.path(),
            "[\"绩效等级\"]\n\"优\" = 80\n\"良\" = 90\n\"其余\" = \"差\"\n",
        );
        let e = load(&[d.path()]).unwrap_err();
        assert!(
            e.contains("设置.toml 有误：第3行（\"良\" = 90）：绩效等级应从高到低排列：“良” = 90 写在“优” = 80 之后，却不低于它"),
            "{e}"
        );
        // Messages naming their key unquoted have its line too.
        write(d.path(), "[\"表格\"]\n\"列出\" = [\"01\", \"01\"]\n");
        let e = load(&[d.path()]).unwrap_err();
        assert!(
            e.contains(
                "设置.toml 有误：第2行（\"列出\" = [\"01\", \"01\"]）：表格.列出 中“01”出现了两次"
            ),
            "{e}"
        );
        // Only a 分数线 changed: merged into the style's grades.
        let shown = |s: &Settings| {
            let b = s.bands.clone().unwrap();
            let mut v: Vec<String> = b.bands.iter().map(|(m, l)| format!("{l}{m}")).collect();
            v.push(b.fallback);
            v.join(" ")
        };
        write(d.path(), "[\"绩效等级\"]\n\"优\" = 85\n");
        assert_eq!(shown(&load(&[d.path()]).unwrap()), "优85 良80 中60 差");
        write(
            d.path(),
            "\"版式\" = \"上海\"\n[\"绩效等级\"]\n\"合格\" = 50\n",
        );
        assert_eq!(
            shown(&load(&[d.path()]).unwrap()),
            "优90 良80 合格50 不合格"
        );
        write(d.path(), "[\"绩效等级\"]\n\"好\" = 85\n");
        let e = load(&[d.path()]).unwrap_err();
        assert!(
            e.contains("第2行（\"好\" = 85）：绩效等级“好”不是本版式的等级（优、良、中、差）"),
            "{e}"
        );
        write(d.path(), "[\"绩效等级\"]\n\"良\" = 95\n");
        let e = load(&[d.path()]).unwrap_err();
        assert!(
            e.contains("等级的高低次序变了（“良” = 95、“优” = 90、“中” = 60）"),
            "{e}"
        );
        write(d.path(), "\"版式\" = \"默认\"\n[\"字号\"]\n\"正文\" = 40\n");
        let e = load(&[d.path()]).unwrap_err();
        assert!(
            e.contains("设置.toml 有误：第3行（\"正文\" = 40）：“字号.正文”应在"),
            "{e}"
        );
        write(d.path(), "[\"表格\"]\n\"编号\" = \"附表\"\n");
        let e = load(&[d.path()]).unwrap_err();
        assert!(
            e.contains(
                "第2行（\"编号\" = \"附表\"）：“表格.编号”应含 {NN}（全国统一表号）或 {序号}"
            ),
            "{e}"
        );
        write(d.path(), "[\"表格\"]\n\"编号\" = \"表{序号\"\n");
        let e = load(&[d.path()]).unwrap_err();
        assert!(
            e.contains("“表格.编号”中的 {序号 缺少右花括号 }（可用的占位符：{NN}、{序号}）"),
            "{e}"
        );
        // An unquoted Chinese key and a value of the wrong type, told in Chinese.
        write(d.path(), "版式 = \"上海\"\n");
        let e = load(&[d.path()]).unwrap_err();
        assert!(
            e.contains("第1行第1列") && e.contains("中文键名要加英文双引号"),
            "{e}"
        );
        write(d.path(), "[\"字号\"]\n\"正文\" = \"12\"\n");
        let e = load(&[d.path()]).unwrap_err();
        assert!(
            e.contains("第2行") && e.contains("应为数字，实为文字 \"12\""),
            "{e}"
        );
    }
}
