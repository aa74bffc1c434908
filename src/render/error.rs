//! Errors of the rendering stage, with messages in Chinese for the user.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// A position in a template (or the data file), already resolved for display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLocation {
    /// Human-readable file: `内置模板 main.typ`, a real path on disk, or `数据文件 /data.json`.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

impl fmt::Display for SourceLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} 第{}行第{}列", self.file, self.line, self.column)
    }
}

/// One Typst diagnostic (error, or warning treated as an error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateDiagnostic {
    /// Where it happened; `None` when Typst gave no usable span.
    pub location: Option<SourceLocation>,
    /// Typst's own message (English).
    pub message: String,
    /// Typst's hints.
    pub hints: Vec<String>,
    /// Whether Typst reported it only as a warning.
    pub warning: bool,
    /// Where the failing code was called from, innermost first (an error inside a
    /// built-in helper is usually the caller's: a district's override passing the wrong
    /// value).
    pub called_from: Vec<SourceLocation>,
}

impl fmt::Display for TemplateDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.warning {
            "模板警告（按错误处理）："
        } else {
            "模板错误："
        })?;
        if let Some(location) = &self.location {
            write!(f, "{location}：")?;
        }
        match (own_words(&self.message), in_chinese(&self.message)) {
            (Some(zh), _) => f.write_str(&zh)?,
            (None, Some(zh)) => write!(f, "{zh}（{}）", self.message)?,
            (None, None) => f.write_str(&self.message)?,
        }
        if !self.called_from.is_empty() {
            let calls: Vec<String> = self.called_from.iter().map(|l| l.to_string()).collect();
            write!(f, "（调用位置：{}）", calls.join(" ← "))?;
        }
        if !self.hints.is_empty() {
            write!(f, "（提示：{}）", self.hints.join("；"))?;
        }
        Ok(())
    }
}

/// Typst's hints a template author meets most, in Chinese; others as Typst says them.
pub fn hint_in_chinese(hint: &str) -> String {
    const HINTS: &[(&str, &str)] = &[
        ("you are already in code mode", "这里已经是代码，不用再写 #"),
        ("try removing the `#`", "去掉 #"),
        ("try adding a semicolon", "试着在前面加分号"),
        (
            "if you meant to use subtraction",
            "若要做减法，减号两边加空格；若是一个带连字符的名称，它在这里没有定义（可能少了 #import）",
        ),
        (
            "if you meant to use a literal",
            "若要原样写出这个符号，前面加反斜杠 \\",
        ),
        ("a length needs a unit", "长度要带单位，如 12pt、1em、2cm"),
    ];
    HINTS
        .iter()
        .find(|(en, _)| hint.starts_with(en))
        .map_or_else(|| hint.to_string(), |(_, zh)| format!("{zh}（{hint}）"))
}

/// A template's own words of failure (`#panic("停")`, `#assert(x > 0, message: "…")`):
/// Typst's fixed English phrase around them said in Chinese, naming the function, with
/// the author's words as they are.
fn own_words(message: &str) -> Option<String> {
    if message == "panicked" {
        return Some("模板用 panic 中止了生成".into());
    }
    if let Some(words) = message.strip_prefix("panicked with: ") {
        return Some(format!("模板用 panic 中止了生成：{words}"));
    }
    for (phrase, function, value_phrase, relation) in [
        (
            "equality assertion failed",
            "assert.eq",
            " was not equal to ",
            "不等于",
        ),
        (
            "inequality assertion failed",
            "assert.ne",
            " was equal to ",
            "等于",
        ),
        ("assertion failed", "assert", "", ""),
    ] {
        let Some(rest) = message.strip_prefix(phrase) else {
            continue;
        };
        let said = format!("模板中的 {function} 检查不成立");
        let Some(rest) = rest.strip_prefix(": ") else {
            return rest.is_empty().then_some(said);
        };
        // `value 1 was not equal to 2`: Typst's comparison, not the author's words.
        let compared = rest
            .strip_prefix("value ")
            .filter(|_| !value_phrase.is_empty())
            .and_then(|r| r.split_once(value_phrase));
        return Some(match compared {
            Some((a, b)) => format!("{said}：{a} {relation} {b}"),
            None => format!("{said}：{rest}"),
        });
    }
    None
}

/// The common Typst messages a template author meets, said in Chinese (Typst's own text
/// follows in brackets for searching its documentation).
fn in_chinese(message: &str) -> Option<String> {
    let after = |prefix: &str| message.strip_prefix(prefix).map(str::trim);
    if let Some(name) = after("unknown variable:") {
        return Some(format!(
            "未定义的名称 {name}（拼写错误，或忘了 #import / #let）"
        ));
    }
    if let Some(rest) = after("dictionary does not contain key") {
        return Some(format!("数据中没有键 {rest}"));
    }
    if message.starts_with("unclosed delimiter") {
        return Some("从这里开始的括号或引号没有配对（缺的右括号或引号多在其后几行）".into());
    }
    if message.starts_with("unclosed string") {
        // The quote reported is where the pairing came out odd: the one missing (or
        // extra) is often on a line above, the strings between read inside out.
        return Some(
            "字符串的引号没有配对：从这里的引号开始的字符串没有结束；多半是这一行或前面几行少写（或多写）了一个英文双引号 \""
                .into(),
        );
    }
    // Before the general `unexpected …` of the parser: an argument is no symbol.
    if let Some(name) = after("unexpected argument:") {
        return Some(format!("调用函数时多给了参数 {name}（函数没有这个参数）"));
    }
    if message.starts_with("unexpected argument") {
        return Some("调用函数时多给了参数（函数没有这么多参数）".into());
    }
    if message.starts_with("unexpected") {
        return Some("此处不应出现这个符号".into());
    }
    // `type none has no method `first``: most often a setting not given, which is none.
    if let Some(rest) = after("type") {
        if let Some((kind, method)) = rest.split_once(" has no method ") {
            let method = method.trim_matches('`');
            return Some(if kind == "none" {
                format!(
                    "值是 none（空），没有方法 {method}：数据或设置中没有这一项时为 none，先用 if x != none 判断"
                )
            } else {
                format!("{kind} 类型的值没有方法 {method}")
            });
        }
    }
    if let Some(rest) = after("array index out of bounds") {
        // `(index: 99, len: 9)`
        let figure = |key: &str| {
            rest.split(key).nth(1).map(|r| {
                r.chars()
                    .take_while(|c| c.is_ascii_digit() || *c == '-')
                    .collect::<String>()
            })
        };
        return Some(match (figure("index: "), figure("len: ")) {
            (Some(i), Some(n)) => format!("数组下标越界：下标 {i}，数组只有 {n} 项（从 0 数起）"),
            _ => "数组下标越界".into(),
        });
    }
    if let Some(what) = after("expected") {
        return Some(match what.split_once(", found ") {
            Some((want, got)) => format!("此处应为 {}，实为 {}", words(want), words(got)),
            None => format!("此处应为 {}", words(what)),
        });
    }
    if message.starts_with("the character") && message.ends_with("is not valid in code") {
        let ch = message
            .trim_start_matches("the character")
            .trim_end_matches("is not valid in code")
            .trim();
        // Chinese quotes typed where Typst wants its own: the usual slip of a Chinese
        // keyboard.
        if ["“", "”", "‘", "’", "（", "）", "，"]
            .iter()
            .any(|q| ch.contains(q))
        {
            return Some(format!(
                "代码中不能出现字符 {ch}（代码里的引号、括号、逗号要用英文半角的 \" ( ) ,，请切换到英文输入法重打；中文标点只能出现在引号内的文字中）"
            ));
        }
        return Some(format!(
            "代码中不能出现字符 {ch}（#{{…}} 代码里的文字要放在引号中；也可能是前面的引号或括号没有配对）"
        ));
    }
    if let Some(kind) = after("cannot access fields on type") {
        return Some(format!(
            "{kind} 类型的值没有字段（数据中的金额是 {{text, value}} 对：印出用 .text，计算用 .value，别多取或少取一层）"
        ));
    }
    if message.starts_with("cannot convert") || message.starts_with("cannot compare") {
        return Some("类型不对，无法转换或比较（数字和文字要先用 str()/float() 转换）".into());
    }
    if let Some(path) = after("file not found (searched at") {
        return Some(format!(
            "找不到文件 {}（模板只能读取模板文件夹中的文件）",
            path.trim_end_matches(')')
        ));
    }
    if message.starts_with("file not found") {
        return Some("找不到文件（模板只能读取模板文件夹中的文件）".into());
    }
    if message.contains("cannot add") || message.contains("cannot join") {
        return Some("两种类型的值不能相加或连接（数字要先用 str() 转成文字）".into());
    }
    if let Some(name) = after("missing argument:") {
        return Some(format!(
            "调用函数时缺少参数 {name}（函数的参数是否改过？调用处要给出它）"
        ));
    }
    if message.starts_with("failed to decode image") {
        return Some(
            "图片无法读取：文件不是有效的 PNG、JPG、GIF 或 SVG 图片，或已损坏（改了扩展名的文件不能当图片用）"
                .into(),
        );
    }
    if message.starts_with("condition is always true") {
        return Some("条件永远成立（循环不会结束）".into());
    }
    if message.starts_with("loop seems to be infinite") {
        return Some("循环似乎不会结束（死循环）".into());
    }
    if message.starts_with("maximum function call depth exceeded") {
        return Some("函数调用层数过多（可能是无限递归）".into());
    }
    None
}

/// Typst's names of what it expected, in Chinese (`comma` → 逗号); the rest kept.
fn words(text: &str) -> String {
    const WORDS: &[(&str, &str)] = &[
        ("semicolon or line break", "分号或换行"),
        ("closing paren", "右括号 )"),
        ("closing bracket", "右方括号 ]"),
        ("closing brace", "右花括号 }"),
        ("comma", "逗号"),
        ("expression", "表达式"),
        ("identifier", "名称"),
        ("dictionary", "字典"),
        ("array", "数组"),
        ("string", "文字（字符串）"),
        ("integer", "整数"),
        ("content", "内容"),
        ("length", "长度"),
        ("none", "none（空）"),
    ];
    let mut out = text.to_string();
    for (en, zh) in WORDS {
        if out.contains(en) {
            out = out.replace(en, zh);
            break;
        }
    }
    out
}

/// A list of diagnostics, displayed one per line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<TemplateDiagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diagnostic) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

/// Everything that can go wrong while loading fonts/templates or producing a PDF.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// Typst reported errors (or warnings, which are treated as errors).
    #[error("{0}")]
    Template(Diagnostics),

    /// The template asks for a font family that is not loaded.
    #[error(
        "字体缺失：模板要求的字体“{family}”未加载{}。已加载的字体：{}。请把该字体文件放入字体目录，或修改模板",
        .location.as_ref().map(|l| format!("（{l}）")).unwrap_or_default(),
        .available.join("、")
    )]
    UnknownFont {
        family: String,
        location: Option<SourceLocation>,
        available: Vec<String>,
    },

    /// A character that none of the loaded fonts can display.
    #[error("字体缺字：“{ch}”（U+{codepoint:04X}）出现在 {context}")]
    MissingGlyph {
        ch: char,
        codepoint: u32,
        /// JSON path in the view-model (`profile.职责[2]`), template position, or page.
        context: String,
        /// In a template's own text (the template author's to fix), not in the case's
        /// data (the clerk's).
        in_template: bool,
    },

    /// The view-model bytes are not valid JSON.
    #[error("没有名为“{name}”的内置版式（可用：{available}）")]
    UnknownStyle { name: String, available: String },

    #[error("数据文件不是有效的 JSON：{0}")]
    InvalidData(String),

    /// `RenderOptions::today` is not a calendar date.
    #[error("无效的日期：{year}年{month}月{day}日")]
    InvalidDate { year: i32, month: u8, day: u8 },

    /// Typst failed while writing the PDF.
    #[error("PDF 导出失败：{0}")]
    Pdf(Diagnostics),

    /// A font directory or font file could not be read.
    #[error("无法读取字体 {}：{}", .path.display(), crate::files::io_reason(.cause))]
    FontIo { path: PathBuf, cause: io::Error },

    /// A font folder given (`--font-dir`, 字体目录) that is not a folder of fonts.
    #[error("字体文件夹 {}：{reason}", .path.display())]
    FontDir { path: PathBuf, reason: String },

    /// A font file held no font Typst could parse.
    #[error("字体文件 {} 无法解析（不是有效的 TTF/OTF/TTC 字体，或为不支持的可变字体）", .path.display())]
    FontParse { path: PathBuf },

    /// A template directory or template file could not be read.
    #[error("无法读取模板 {}：{}", .path.display(), crate::files::io_reason(.cause))]
    TemplateIo { path: PathBuf, cause: io::Error },

    /// A template saved in another encoding (GBK by an old Notepad).
    #[error("模板 {} 不是 UTF-8 编码的文本（{encoding}）：请用记事本打开，“另存为”时编码选 UTF-8", .path.display())]
    TemplateNotUtf8 {
        path: PathBuf,
        /// `可能是 GBK`, or `是 UTF-16，记事本中称为“Unicode”` when it starts with its mark.
        encoding: &'static str,
    },

    /// A link in a template or font folder leads out of it.
    #[error("{what}中的链接 {} 指向该文件夹以外，已拒绝（模板和字体只从所给的文件夹读取）", .path.display())]
    LinkOutside { what: &'static str, path: PathBuf },

    /// A template or font folder holds far more than any template or font set.
    #[error("{what} {} 太大（{limit}），请只放模板或字体文件", .path.display())]
    DirTooLarge {
        what: &'static str,
        path: PathBuf,
        limit: String,
    },

    /// `Templates::export` could not write a file.
    #[error("无法写出模板 {}：{reason}", .path.display())]
    TemplateWrite { path: PathBuf, reason: String },

    /// `Templates::export` would overwrite files.
    #[error("导出模板：以下文件已存在，未覆盖（如需覆盖，请在命令后加 --force）：{}", .paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join("、"))]
    ExportExists { paths: Vec<PathBuf> },
}

#[cfg(test)]
mod tests {
    use super::{in_chinese, TemplateDiagnostic};

    /// `#panic("停")`, `#assert(…)`: the author's words, Typst's phrase in Chinese.
    #[test]
    fn a_template_s_own_failure_is_said_in_chinese() {
        let shown = |message: &str| {
            TemplateDiagnostic {
                location: None,
                message: message.into(),
                hints: Vec::new(),
                warning: false,
                called_from: Vec::new(),
            }
            .to_string()
        };
        for (typst, said) in [
            ("panicked with: 停", "模板错误：模板用 panic 中止了生成：停"),
            (
                "panicked with: 停, 2",
                "模板错误：模板用 panic 中止了生成：停, 2",
            ),
            ("panicked", "模板错误：模板用 panic 中止了生成"),
            ("assertion failed", "模板错误：模板中的 assert 检查不成立"),
            (
                "assertion failed: 合计不符",
                "模板错误：模板中的 assert 检查不成立：合计不符",
            ),
            (
                "equality assertion failed: value 1 was not equal to 2",
                "模板错误：模板中的 assert.eq 检查不成立：1 不等于 2",
            ),
            (
                "inequality assertion failed: value \"a\" was equal to \"a\"",
                "模板错误：模板中的 assert.ne 检查不成立：\"a\" 等于 \"a\"",
            ),
            (
                "equality assertion failed: 应相等",
                "模板错误：模板中的 assert.eq 检查不成立：应相等",
            ),
        ] {
            assert_eq!(shown(typst), said, "{typst}");
        }
    }

    #[test]
    fn syntax_messages_in_chinese() {
        assert_eq!(in_chinese("expected comma").unwrap(), "此处应为 逗号");
        assert!(in_chinese("unclosed string")
            .unwrap()
            .contains("多半是这一行或前面几行少写（或多写）了一个英文双引号"));
        assert_eq!(
            in_chinese("expected length, found string").unwrap(),
            "此处应为 长度，实为 文字（字符串）"
        );
        assert!(in_chinese("the character `，` is not valid in code")
            .unwrap()
            .starts_with("代码中不能出现字符 `，`"));
        assert!(in_chinese("cannot access fields on type string")
            .unwrap()
            .contains(".text"));
        assert_eq!(
            in_chinese("condition is always true").unwrap(),
            "条件永远成立（循环不会结束）"
        );
        assert_eq!(
            in_chinese("loop seems to be infinite").unwrap(),
            "循环似乎不会结束（死循环）"
        );
    }
}
