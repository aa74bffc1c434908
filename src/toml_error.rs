//! TOML errors told in Chinese, with the line and column, for the clerks who write
//! `部门信息.toml` and `设置.toml` by hand. The toml crate's messages are English; the
//! common ones are translated, anything else keeps its wording after a Chinese lead.

/// `第3行第1列：未知的键“收入支出总记”……` for an error of `toml::from_str(text)`.
pub fn describe(e: &toml::de::Error, text: &str) -> String {
    let line = e.span().map(|span| line_col(text, span.start));
    let place = line
        .map(|(line, col)| format!("第{line}行第{col}列（{}）：", line_text(text, line)))
        .unwrap_or_default();
    let hint = line
        .map(|(l, _)| hint_for(text.lines().nth(l - 1).unwrap_or("")))
        .unwrap_or_default();
    let mut said = translate(e.message());
    let own_line = line
        .and_then(|(l, _)| text.lines().nth(l - 1))
        .unwrap_or("");
    if let Some(fixed) = half_width_value(own_line) {
        // `１１４３.５１` typed in a Chinese input method: not a number to TOML.
        return format!("{place}数字用了全角字符：请切换到英文输入法，改成半角数字，如 {fixed}");
    }
    if odd_quotes(own_line) && after_open_text(e.message()) {
        // `["01", "02, "03"]`: the texts pair up wrongly and the parser trips later on.
        return format!(
            "{place}英文双引号不成对：这一行有 {} 个 \"，有一段文字少了开头或结尾的 \"",
            own_line.matches('"').count()
        );
    }
    if let Some(l) = line.and_then(|(l, _)| broken_text(text, l, e.message())) {
        // Enter pressed inside a text: the parser reads the rest as a key.
        return format!(
            "第{l}行（{}）：文字中间换了行：一段文字要写在同一行里，请把第{l}行和第{}行接成一行",
            line_text(text, l),
            l + 1
        );
    }
    if let Some((l, at)) = line.and_then(|(l, _)| unclosed_quote_before(text, l, e.message())) {
        // The parser stumbles only on the line after a text left open.
        return format!(
            "第{l}行（{}）：文字没有结束：{at}缺少右边的英文双引号 \"",
            line_text(text, l)
        );
    }
    if said == DUPLICATE {
        if let Some(first) = line.and_then(|(l, _)| first_written(text, l)) {
            said = format!("这个键（或 [\"…\"] 表头）在第{first}行已经写过一次，请合并成一处");
        }
    }
    if said == UNQUOTED_KEY {
        // The clerk's own line, quoted as it should be, is the best example.
        let own = line.and_then(|(l, _)| quoted_key_line(text.lines().nth(l - 1)?));
        said = match own {
            Some(fixed) => format!("{UNQUOTED_KEY}，如 {fixed}"),
            None => format!("{UNQUOTED_KEY}，如 [\"表名\"]、\"键名\" = …"),
        };
    }
    format!("{place}{said}{hint}")
}

const UNQUOTED_KEY: &str = "键名不合法：中文键名要加英文双引号";
const DUPLICATE: &str = "这个键（或 [\"…\"] 表头）前面已经写过一次，请合并成一处";

/// The value of a `key = value` line with full-width digits, turned half-width
/// (`１１４３．５１` → `1143.51`); `None` when the value has none or is quoted.
fn half_width_value(line: &str) -> Option<String> {
    let value = line.split_once('=')?.1.trim();
    if value.starts_with(['"', '\'']) || !value.chars().any(|c| ('０'..='９').contains(&c)) {
        return None;
    }
    Some(
        value
            .chars()
            .map(|c| match c {
                '。' => '.',
                c => crate::amount::half_width(c),
            })
            .collect(),
    )
}

/// The line before `line` that leaves a text open (an odd number of `"`), when the
/// parser's complaint at `line` is the kind such a line causes. Gives the line number
/// and where the text starts (`"公开01表,` → `“公开01表,”后面`).
fn unclosed_quote_before(text: &str, line: usize, msg: &str) -> Option<(usize, String)> {
    if !after_open_text(msg) || text.contains("\"\"\"") {
        return None;
    }
    let lines: Vec<&str> = text.lines().collect();
    let (at, prev) = (1..line)
        .rev()
        .map(|l| (l, lines.get(l - 1).copied().unwrap_or("")))
        .find(|(_, t)| !t.trim().is_empty())?;
    if !odd_quotes(prev) {
        return None;
    }
    let open = prev.rfind('"')?;
    let tail: String = prev[open + 1..].trim_end().chars().take(20).collect();
    Some((at, format!("“{tail}”后面")))
}

/// The line a text was broken after: the parser wants a `=` on `line`, which closes a
/// text (an odd number of `"`) that the line before opened.
fn broken_text(text: &str, line: usize, msg: &str) -> Option<usize> {
    if !(msg.contains("expected `=`") || msg.contains("expected `.`, `=`")) || line < 2 {
        return None;
    }
    let lines: Vec<&str> = text.lines().collect();
    let (here, before) = (lines.get(line - 1)?, lines.get(line - 2)?);
    (odd_quotes(here) && odd_quotes(before) && before.contains('=')).then_some(line - 1)
}

/// The parser's complaints when a text was left open or closed too early.
fn after_open_text(msg: &str) -> bool {
    [
        "missing comma between array elements",
        "unexpected key or value",
    ]
    .iter()
    .any(|f| msg.starts_with(f))
}

/// An odd number of `"` (not counting `\"` inside a text): some text lacks one.
fn odd_quotes(line: &str) -> bool {
    (line.matches('"').count() - line.matches("\\\"").count()) % 2 == 1
}

/// The line that first wrote the key (or table header) written again at `line`: the
/// same header, or the same key in the same table above it.
fn first_written(text: &str, line: usize) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let again = lines.get(line - 1)?.trim();
    let key_of = |t: &str| t.split_once('=').map(|(k, _)| k.trim().to_string());
    if again.starts_with('[') {
        return (1..line).find(|&l| lines[l - 1].trim() == again);
    }
    let key = key_of(again)?;
    (1..line)
        .rev()
        .take_while(|&l| !lines[l - 1].trim().starts_with('['))
        .filter(|&l| key_of(lines[l - 1].trim()).as_deref() == Some(key.as_str()))
        .last()
}

/// `版式 = "上海"` → `"版式" = "上海"`; `[上年]` → `["上年"]`. `None` when the line
/// is not a bare key or table header.
fn quoted_key_line(line: &str) -> Option<String> {
    let t = line.trim();
    let bare = |k: &str| {
        let k = k.trim();
        (!k.is_empty() && !k.contains(['"', '\'', '[', ']', '=', ' '])).then(|| k.to_string())
    };
    if let Some(inner) = t.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
        let parts: Option<Vec<String>> = inner
            .split('.')
            .map(|p| bare(p).map(|k| format!("\"{k}\"")))
            .collect();
        return parts.map(|p| format!("[{}]", p.join(".")));
    }
    let (key, value) = t.split_once('=')?;
    // `“部门名称” = “某局”`: the Chinese quotes made English, not quoted again.
    let key = key.trim().trim_matches(['“', '”', '‘', '’']);
    let value = value.trim();
    let value = match value
        .strip_prefix(['“', '”'])
        .and_then(|v| v.strip_suffix(['“', '”']))
    {
        Some(text) => format!("\"{text}\""),
        None => value.to_string(),
    };
    // A dotted key (`字号.正文 = 14`) quotes each part: `"字号"."正文"` is the key 正文 of
    // the table 字号, `"字号.正文"` would be one key of that name.
    let parts: Option<Vec<String>> = key
        .split('.')
        .map(|p| bare(p).map(|k| format!("\"{k}\"")))
        .collect();
    Some(format!("{} = {value}", parts?.join(".")))
}

/// The text of a line outside its "…" strings: where a full-width or invisible
/// character breaks the syntax.
fn outside_strings(line: &str) -> String {
    let mut inside = false;
    let mut out = String::new();
    for c in line.chars() {
        if c == '"' {
            inside = !inside;
        } else if !inside {
            out.push(c);
        }
    }
    out
}

/// What a clerk typing in a Chinese input method most often gets wrong on the line.
fn hint_for(line: &str) -> String {
    let syntax = outside_strings(line);
    if syntax.contains('＝') {
        return "\n提示：等号用了全角“＝”：请切换到英文输入法，改成 =".into();
    }
    if syntax.contains(['【', '】', '［', '］']) {
        return "\n提示：方括号用了全角字符：表头要用英文方括号，如 [\"上年\"]".into();
    }
    if syntax.contains('\u{3000}') {
        return "\n提示：引号外有全角空格：请删去，或切换到英文输入法改成普通空格".into();
    }
    if let Some(c) = syntax.chars().find(|c| {
        matches!(
            c,
            '\u{a0}' | '\u{200b}' | '\u{2002}'..='\u{200a}' | '\u{feff}'
        )
    }) {
        return format!(
            "\n提示：这一行有看不见的特殊空格（U+{:04X}，多为从网页或 Word 复制而来）：请删去这些空格后重新输入",
            c as u32
        );
    }
    let value = line.split_once('=').map_or("", |(_, v)| v);
    if line.contains(['“', '”', '‘', '’']) && !value.trim_start().starts_with('"') {
        return "\n提示：文字要用英文双引号 \" \" 括起来，不能用中文引号 “ ”".into();
    }
    // (Between the items of a list it is a separator: `["甲"，"乙"]`.)
    if syntax.contains('，') && value.trim_start().starts_with('[') {
        return "\n提示：列表各项之间要用英文逗号 , 分隔，不能用中文逗号“，”".into();
    }
    if value.contains('，') && !value.trim_start().starts_with('"') {
        return "\n提示：数字中不能有中文逗号；带千分位的金额请写成 \"1,367.52\"（加英文双引号）"
            .into();
    }
    let v = value.trim();
    // `2023-12-31`: TOML reads a date, which no key takes.
    let b = v.as_bytes();
    if b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
    {
        return "\n提示：这里写的是日期；年度只写四位数字（如 2023），其他日期请加英文双引号，如 \"2023-12-31\""
            .into();
    }
    let digits_with_commas = !v.is_empty()
        && !v.starts_with('"')
        && v.contains(',')
        && v.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '-' | ' '));
    if digits_with_commas {
        return "\n提示：带千分位的金额要加英文双引号，如 \"1,367.52\"，或去掉逗号写成 1367.52"
            .into();
    }
    String::new()
}

/// `第3行（"正文" = 40）：` — a line of the file, as messages about a value name it.
pub fn line_place(text: &str, line: usize) -> String {
    format!("第{line}行（{}）：", line_text(text, line))
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// The line as written, shortened for the message.
fn line_text(text: &str, line: usize) -> String {
    let l = text.lines().nth(line - 1).unwrap_or("").trim();
    if l.chars().count() > 40 {
        format!("{}…", l.chars().take(40).collect::<String>())
    } else {
        l.to_string()
    }
}

/// The keys serde lists after `expected` (``expected one of `千分位`, `百分比` ``).
fn expected_keys(msg: &str) -> Vec<String> {
    let Some(at) = msg.find("expected") else {
        return Vec::new();
    };
    msg[at..]
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// An unknown key, with the closest key of the same table (a slip of the input method:
/// `千份位` for `千分位`) and the keys that table takes.
fn unknown_key(key: &str, allowed: &[String]) -> String {
    // A key of the top level written below a `["…"]` header belongs to that table in
    // TOML: the most puzzling slip of all, said as such.
    const TOP_LEVEL: &[&str] = &["版式", "部门名称", "年度", "其他需要说明的事项"];
    if TOP_LEVEL.contains(&key) && !allowed.iter().any(|a| a == key) {
        return format!(
            "“{key}”写在了某个 [\"…\"] 表头之下，就成了那张表的键：不属于任何表的键（如 \"{key}\" = …）要写在文件开头、第一个 [\"…\"] 之前"
        );
    }
    if allowed.is_empty() {
        return format!("未知的键“{key}”。可能是拼写错误；可用的键见示例（部门信息.toml 见示例案例，设置.toml 见 juesuan template export 写出的 设置示例.toml）");
    }
    let closest = allowed
        .iter()
        .map(|a| (crate::render::edit_distance(key, a), a))
        .filter(|(d, a)| *d <= (a.chars().count() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| format!("，是否应为“{a}”？"))
        .unwrap_or_else(|| "。可能是拼写错误；".to_string());
    const SHOWN: usize = 20;
    let mut list = allowed
        .iter()
        .take(SHOWN)
        .map(|a| format!("“{a}”"))
        .collect::<Vec<_>>()
        .join("、");
    if allowed.len() > SHOWN {
        list.push_str(&format!(" 等 {} 个", allowed.len()));
    }
    format!("未知的键“{key}”{closest}这里可用的键：{list}")
}

/// Between backquotes: ``unknown field `收入`, expected …`` → `收入`.
fn quoted(msg: &str, after: &str) -> Option<String> {
    let rest = &msg[msg.find(after)? + after.len()..];
    let rest = rest.strip_prefix('`')?;
    Some(rest[..rest.find('`')?].to_string())
}

/// A value's description after 应为/实为: one starting with a Latin letter or a digit
/// (`true 或 false`) is set off by a space, as Chinese typesetting does.
fn spaced(text: &str) -> String {
    if text.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        format!(" {text}")
    } else {
        text.to_string()
    }
}

/// serde's names of value types, as a clerk would say them.
fn kind(t: &str) -> String {
    let t = t.trim();
    let word = |w: &str| t.starts_with(w);
    if word("string") || word("a string") {
        match t.split_once(' ') {
            Some((_, v)) if t.starts_with("string ") => format!("文字 {v}"),
            _ => "文字（加英文双引号）".into(),
        }
    } else if ["u8", "u16", "u32", "u64", "usize"].contains(&t) {
        "整数（不小于 0）".into()
    } else if ["i8", "i16", "i32", "i64", "isize"].contains(&t) {
        "整数".into()
    } else if word("f64") || word("a number") || word("integer") {
        match t.strip_prefix("integer ") {
            Some(v) => format!("整数 {}", v.trim_matches('`')),
            None => "数字".into(),
        }
    } else if word("floating point") {
        format!(
            "小数 {}",
            t.trim_start_matches("floating point")
                .trim()
                .trim_matches('`')
        )
    } else if let Some(v) = t
        .strip_prefix("boolean `")
        .and_then(|v| v.strip_suffix('`'))
    {
        // The value written: `true`.
        v.to_string()
    } else if word("boolean") || word("a boolean") {
        "true 或 false".into()
    } else if word("sequence") || word("a sequence") || word("an array") {
        "列表 [ … ]".into()
    } else if word("map") || word("a map") || word("a table") || word("struct") {
        "表 [\"…\"]".into()
    } else {
        t.to_string()
    }
}

/// Messages about values of an odd shape, by words of the toml crate's message.
const ODD_VALUES: &[(&[&str], &str)] = &[
    // A number past what any figure can be (the toml crate reads it as an i128).
    (
        &["as i128"],
        "数字太大，超出范围（金额以万元填写，年度写成 2023 这样的四位数）",
    ),
    // An amount given as a date, a table of tables …: not a number nor text.
    (
        &["did not match any variant of untagged enum"],
        "取值的写法不对：金额写成数字或加英文双引号的文字（如 72.80 或 \"72.80\"），文字写成 \"…\"；[[…]] 要写成 [\"…\"]",
    ),
    (
        &["carriage return"],
        "文件中有单独的回车符（换行方式不对）：请用记事本打开后另存为 UTF-8 再试",
    ),
    (
        &["recursion", "recurse"],
        "括号嵌套的层数太多，不像是部门信息的内容",
    ),
];

fn translate(msg: &str) -> String {
    let msg = msg.trim();
    // Our own messages (an amount that does not parse) are Chinese already.
    if msg.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) && !msg.contains("expected") {
        return msg.to_string();
    }
    if let Some(key) = quoted(msg, "unknown field ") {
        return unknown_key(&key, &expected_keys(msg));
    }
    if let Some(key) = quoted(msg, "missing field ") {
        return format!("缺少键“{key}”");
    }
    if let Some(key) = quoted(msg, "duplicate key ") {
        return format!("键“{key}”写了两次");
    }
    if let Some((_, words)) = ODD_VALUES
        .iter()
        .find(|(needles, _)| needles.iter().any(|n| msg.contains(n)))
    {
        return words.to_string();
    }
    // `-1` for a count (`u32`): a count is a whole number, zero or more.
    if let Some(rest) = msg.strip_prefix("invalid value: ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            // A count past what a u32 holds is a typo, not a negative number.
            let too_large = found.trim().starts_with("integer `")
                && !found.contains('-')
                && expected.trim().starts_with('u');
            if too_large {
                return format!(
                    "应为不小于 0 的整数（个数），实为{}（数字过大）",
                    spaced(&kind(found))
                );
            }
            let expected = if expected.trim().starts_with('u') {
                "不小于 0 的整数".to_string()
            } else if expected.trim().starts_with('i') {
                "范围之内的整数".to_string()
            } else {
                kind(expected)
            };
            return format!("应为{}，实为{}", spaced(&expected), spaced(&kind(found)));
        }
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            // A count in quotes or with its measure word (`"21"`, `"2个"`): the number
            // alone, without quotes (amounts may be quoted, counts may not).
            let digits: String = (found.trim().strip_prefix("string \""))
                .and_then(|v| v.strip_suffix('"'))
                .map(|v| {
                    v.trim()
                        .chars()
                        .take_while(|c| c.is_ascii_digit())
                        .collect()
                })
                .unwrap_or_default();
            let hint = if !digits.is_empty() && expected.trim().starts_with('u') {
                format!("（个数只写数字、不加引号：写成 {digits}）")
            } else {
                String::new()
            };
            return format!(
                "应为{}，实为{}{hint}",
                spaced(&kind(expected)),
                spaced(&kind(found))
            );
        }
    }
    if msg.contains("invalid unquoted key") || msg.contains("invalid key") {
        return UNQUOTED_KEY.into();
    }
    // The key's name is not in the message: the place before it points at the line.
    if msg == "duplicate key" {
        return DUPLICATE.into();
    }
    if msg.starts_with("unclosed array") {
        return "列表 [ … ] 没有结束：缺少右方括号 ]".into();
    }
    if msg.starts_with("missing comma between array elements") {
        return "列表中相邻两项之间缺少英文逗号 ,".into();
    }
    if msg.starts_with("unclosed inline table") {
        return "{ … } 没有结束：缺少右花括号 }".into();
    }
    // `"年度" = 2023x`, `= 二〇二三`: not a number, and text without its quotes.
    if msg.starts_with("string values must be quoted") {
        return "取值不是数字，文字又没有加英文双引号：数字只写阿拉伯数字（如 2023），文字写成 \"…\"".into();
    }
    if msg.contains("invalid string")
        || msg.contains("basic string")
        || msg.contains("literal string")
        || msg.contains("unterminated")
    {
        return "文字没有结束：检查英文双引号是否成对".into();
    }
    if msg.contains("invalid table header") || msg.contains("duplicate table") {
        return format!("表头 [\"…\"] 有误或重复（{msg}）");
    }
    if msg.contains("expected `=`") || msg.contains("expected `.`, `=`") {
        return "键后面应为 = 和取值，如 \"年度\" = 2023".into();
    }
    if msg.contains("invalid number") || msg.contains("invalid float") {
        return "数字写法有误（数字不加引号；带千分位的数字请加英文双引号，如 \"1,367.52\"）"
            .into();
    }
    // A quote inside a text (`"落实"两个确保"要求"`), a comma or a remark after the value.
    if msg.starts_with("unexpected key or value") {
        return "取值后面还有多余的内容：文字中的引号请用中文引号“”，行末不要加逗号，备注请写在 # 之后".into();
    }
    if msg.starts_with("extra comma in array") {
        return "列表中多了一个逗号（两个逗号之间或最后一项后面没有内容）".into();
    }
    // `["上年"` or `["原因"。"按科目"]`.
    if msg.starts_with("unclosed table") {
        return "表头 [\"…\"] 写法有误：缺少右方括号 ]，或两层名称之间不是英文句点 .（如 [\"原因\".\"按科目\"]）".into();
    }
    if msg.contains("leading zero") {
        return "数字不能以 0 开头：科目代码等请加英文双引号，如 \"2010101\"".into();
    }
    if ["hexadecimal", "octal", "binary", "`_`"]
        .iter()
        .any(|w| msg.contains(w))
    {
        return "数字写法有误：只写阿拉伯数字和小数点（带千分位的数字请加英文双引号，如 \"1,367.52\"）".into();
    }
    format!("TOML 格式错误（{msg}）")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        #[serde(rename = "字号")]
        size: Option<f64>,
        #[serde(rename = "名称")]
        name: Option<String>,
        #[serde(rename = "个数")]
        count: Option<u32>,
    }

    fn err(text: &str) -> String {
        describe(&toml::from_str::<T>(text).unwrap_err(), text)
    }

    /// The example of a quoted key is the clerk's own line, quoted.
    #[test]
    fn an_unquoted_chinese_key_is_shown_quoted() {
        let e = err("名称 = \"上海\"\n");
        assert!(
            e.contains("键名不合法：中文键名要加英文双引号，如 \"名称\" = \"上海\""),
            "{e}"
        );
        let e = err("[表格.列出]\n");
        assert!(e.contains("如 [\"表格\".\"列出\"]"), "{e}");
        // A dotted key: each part quoted, as TOML reads it.
        let e = err("字号.正文 = 14\n");
        assert!(e.ends_with("如 \"字号\".\"正文\" = 14"), "{e}");
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Flag {
        #[serde(rename = "千分位")]
        thousands: Option<bool>,
        #[serde(rename = "字号")]
        size: Option<f64>,
    }

    /// `true` and `false` are set off from the Chinese around them by a space.
    #[test]
    fn latin_values_are_spaced() {
        let flag = |text: &str| describe(&toml::from_str::<Flag>(text).unwrap_err(), text);
        assert_eq!(
            flag("\"千分位\" = \"是\"\n"),
            "第1行第9列（\"千分位\" = \"是\"）：应为 true 或 false，实为文字 \"是\""
        );
        assert_eq!(
            flag("\"字号\" = true\n"),
            "第1行第8列（\"字号\" = true）：应为数字，实为 true"
        );
    }

    #[test]
    fn odd_values_are_told_in_chinese() {
        assert!(err("\"个数\" = 99999999999999999999999").contains("数字太大，超出范围"));
        assert!(err("\"个数\" = 1\r2").contains("回车符"));
        let deep = format!("\"名称\" = {}{}", "[".repeat(200), "]".repeat(200));
        assert!(err(&deep).contains("嵌套的层数太多"), "{}", err(&deep));
    }

    #[test]
    fn a_top_level_key_below_a_header_is_said_so() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Top {
            #[serde(rename = "版式")]
            style: Option<String>,
            #[serde(rename = "字体")]
            fonts: Option<T>,
        }
        let text = "[\"字体\"]\n\"版式\" = \"上海\"\n";
        let e = describe(&toml::from_str::<Top>(text).unwrap_err(), text);
        assert!(
            e.contains("“版式”写在了某个 [\"…\"] 表头之下，就成了那张表的键"),
            "{e}"
        );
    }

    /// The slips a clerk makes most, each said in Chinese (the toml crate's words are
    /// English).
    #[test]
    fn typing_slips_are_told_in_chinese() {
        let said = |text: &str| {
            let e = err(text);
            assert!(!e.contains("TOML 格式错误"), "{text}: {e}");
            e
        };
        assert!(said("\"名称\" = \"落实\"两个确保\"要求\"\n").contains("中文引号"));
        assert!(said("\"名称\" = \"x\",\n").contains("行末不要加逗号"));
        assert!(said("\"名称\" = \"x\"  备注\n").contains("# 之后"));
        assert!(said("\"名称\" = [\"a\",,\"b\"]\n").contains("多了一个逗号"));
        assert!(said("[\"上年\"\n\"名称\" = \"x\"\n").contains("缺少右方括号"));
        assert!(said("[\"原因\"。\"按科目\"]\n").contains("英文句点"));
        assert!(said("\"个数\" = 0123\n").contains("不能以 0 开头"));
        assert!(said("\"个数\" = 0x1G\n").contains("数字写法有误"));
        assert!(said("\"个数\" = 1__0\n").contains("数字写法有误"));
        assert!(err("\"个数\" = 2023-12-31\n").contains("提示：这里写的是日期"));
        // Enter pressed inside a text: said at the line it was pressed on.
        assert_eq!(
            said("\"部门名称\" = \"某局\"\n\"机关运行经费\" = \"办公设施\n设备购置经费增加\"\n"),
            "第2行（\"机关运行经费\" = \"办公设施）：文字中间换了行：一段文字要写在同一行里，请把第2行和第3行接成一行"
        );
        // Full-width and invisible characters outside the quotes are named.
        assert!(said("\"名称\" ＝ \"x\"\n")
            .ends_with("提示：等号用了全角“＝”：请切换到英文输入法，改成 ="));
        assert!(said("【\"上年\"】\n").contains("方括号用了全角字符"));
        assert!(said("\"名称\"\u{3000}= \"x\"\n").contains("引号外有全角空格"));
        assert!(said("\"名称\"\u{a0}= \"x\"\n").contains("看不见的特殊空格（U+00A0"));
        // Inside a text they are the clerk's words, not a slip.
        assert_eq!(hint_for("\"名称\" = \"a＝b　c\""), "");
        // A key in Chinese quotes is shown with English ones, its value too.
        assert!(
            said("“部门名称” = “某局”\n").contains("如 \"部门名称\" = \"某局\""),
            "{}",
            said("“部门名称” = “某局”\n")
        );
    }

    #[test]
    fn common_errors_are_told_in_chinese() {
        assert_eq!(
            err("\"字号\" = 1\n\"颜色\" = 2\n"),
            "第2行第1列（\"颜色\" = 2）：未知的键“颜色”。可能是拼写错误；这里可用的键：“字号”、“名称”、“个数”"
        );
        // A slip of the input method: the closest key of the table is offered.
        assert_eq!(
            err("\"明称\" = \"x\"\n"),
            "第1行第1列（\"明称\" = \"x\"）：未知的键“明称”，是否应为“名称”？这里可用的键：“字号”、“名称”、“个数”"
        );
        assert_eq!(
            err("\"字号\" = \"12\"\n"),
            "第1行第8列（\"字号\" = \"12\"）：应为数字，实为文字 \"12\""
        );
        assert_eq!(
            err("\"名称\" = 12\n"),
            "第1行第8列（\"名称\" = 12）：应为文字（加英文双引号），实为整数 12"
        );
        assert!(err("字号 = 12\n").contains("中文键名要加英文双引号"));
        let m = err("\"名称\" = \"abc\n");
        assert!(m.contains("英文双引号是否成对"), "{m}");
        assert!(err("\"字号\" = 1\n\"字号\" = 2\n").starts_with("第2行"));
        assert!(err("\"名称\" = “人员增加”\n").contains("不能用中文引号"));
        assert!(err("\"字号\" = 1,367.52\n").contains("带千分位的金额要加英文双引号"));
        assert!(err("\"字号\" = 7，28\n").contains("不能有中文逗号"));
        assert!(err("\"名称\" = [\"甲\"，\"乙\"]\n").contains("列表各项之间要用英文逗号 , 分隔"));
        assert_eq!(
            err("\"名称\" = \"a\"\n\"名称\" = \"b\"\n"),
            "第2行第1列（\"名称\" = \"b\"）：这个键（或 [\"…\"] 表头）在第1行已经写过一次，请合并成一处"
        );
        assert!(err("\"名称\" = [1, 2\n").contains("缺少右方括号 ]"));
        assert!(err("\"名称\" = [\"x\" \"y\"]\n").contains("缺少英文逗号"));
        assert_eq!(
            err("\"个数\" = 2023x\n"),
            "第1行第8列（\"个数\" = 2023x）：取值不是数字，文字又没有加英文双引号：数字只写阿拉伯数字（如 2023），文字写成 \"…\""
        );
        assert_eq!(
            err("\"个数\" = 2023.5\n"),
            "第1行第8列（\"个数\" = 2023.5）：应为整数（不小于 0），实为小数 2023.5"
        );
        // A count in quotes or with its measure word: the number alone is shown.
        assert_eq!(
            err("\"个数\" = \"2个\"\n"),
            "第1行第8列（\"个数\" = \"2个\"）：应为整数（不小于 0），实为文字 \"2个\"（个数只写数字、不加引号：写成 2）"
        );
        assert_eq!(
            err("\"个数\" = -1\n"),
            "第1行第8列（\"个数\" = -1）：应为不小于 0 的整数，实为整数 -1"
        );
        assert_eq!(
            err("\"个数\" = 9223372036854775807"),
            "第1行第8列（\"个数\" = 9223372036854775807）：应为不小于 0 的整数（个数），实为整数 9223372036854775807（数字过大）"
        );
        // Nothing English is left in a translated message.
        for text in [
            "\"字号\" = \"12\"\n",
            "字号 = 12\n",
            "\"名称\" = 12\n",
            "\"个数\" = -1\n",
        ] {
            let m = err(text);
            assert!(!m.contains("expected"), "{m}");
        }
    }

    /// Slips whose trouble the parser finds elsewhere or says vaguely are said where
    /// they are, in the clerk's own words.
    #[test]
    fn a_slip_is_said_at_its_own_line() {
        // A text left open in a list: the parser stumbles on the next line.
        let text = "\"名称\" = [\n  \"公开01表,\n  \"公开02表\",\n]\n";
        let e = describe(&toml::from_str::<toml::Table>(text).unwrap_err(), text);
        assert_eq!(
            e,
            "第2行（\"公开01表,）：文字没有结束：“公开01表,”后面缺少右边的英文双引号 \""
        );
        // A text closed too early on its own line.
        assert_eq!(
            err("\"名称\" = [\"01\", \"02, \"03\"]\n"),
            "第1行第21列（\"名称\" = [\"01\", \"02, \"03\"]）：英文双引号不成对：这一行有 7 个 \"，有一段文字少了开头或结尾的 \""
        );
        // Full-width digits, with the clerk's own value made half-width.
        assert_eq!(
            err("\"字号\" = １１４３．５１\n"),
            "第1行第8列（\"字号\" = １１４３．５１）：数字用了全角字符：请切换到英文输入法，改成半角数字，如 1143.51"
        );
        // The line that wrote a key or a table header first.
        let text = "\"名称\" = \"a\"\n\"字号\" = 1\n\"名称\" = \"b\"\n";
        assert!(err(text).contains("在第1行已经写过一次"), "{}", err(text));
        let text = "[\"a\"]\n\"x\" = 1\n[\"b\"]\n\"x\" = 1\n[\"a\"]\n";
        let e = describe(&toml::from_str::<toml::Table>(text).unwrap_err(), text);
        assert!(
            e.starts_with("第5行") && e.contains("在第1行已经写过一次"),
            "{e}"
        );
    }
}
