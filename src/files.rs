//! Reading the files a user points us at: regular files only, within a size bound read
//! as it is read (a device such as `/dev/zero` or a named pipe reports no size and would
//! otherwise be read forever), with reasons told in Chinese.

use std::io::Read;
use std::path::Path;

/// The whole of a regular file of at most `limit` bytes, or why not (in Chinese).
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| io_reason(&e) + backslash_hint(path))?;
    if meta.is_dir() {
        return Err("这是一个文件夹，不是文件".into());
    }
    if !meta.is_file() {
        return Err("不是普通文件（是设备、管道或套接字）".into());
    }
    if meta.len() > limit {
        return Err(too_large(meta.len(), limit));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
        .map_err(|e| io_reason(&e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64, limit));
    }
    Ok(bytes)
}

fn too_large(size: u64, limit: u64) -> String {
    format!(
        "文件过大（{:.1} MB，上限 {} MB）",
        size as f64 / 1_048_576.0,
        limit / 1_048_576
    )
}

/// Text from a user's file as it may be shown on a terminal: control characters (an
/// escape sequence hides text or clears the screen) and direction overrides written out
/// as `\u{1b}`, and a text of more than `max` characters cut, with its length said.
pub fn shown(text: &str, max: usize) -> String {
    let mut out = String::new();
    for (n, c) in text.chars().enumerate() {
        if n == max {
            out.push_str(&format!("…（共 {} 字）", text.chars().count()));
            break;
        }
        let hidden = (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
        if hidden {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out
}

/// `shown` line by line: a message of many lines keeps them all, each cut at `max`.
pub fn shown_lines(text: &str, max: usize) -> String {
    text.split('\n')
        .map(|line| shown(line, max))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `C:\案例\某局` typed on a system where `\` is not a separator: the hint to add to
/// "not found" (empty elsewhere).
pub fn backslash_hint(path: &Path) -> &'static str {
    if cfg!(windows) || !path.to_string_lossy().contains('\\') {
        ""
    } else {
        "（本系统的路径用 / 分隔，路径中的 \\ 请改为 /）"
    }
}

/// An I/O error as a clerk would be told it.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "文件不存在".into(),
        PermissionDenied => "没有读取权限".into(),
        IsADirectory => "这是一个文件夹，不是文件".into(),
        NotADirectory => "路径中的上一级是一个文件，不是文件夹".into(),
        InvalidData => "文件内容无法读取".into(),
        UnexpectedEof => "文件不完整（可能在复制或下载时中断）".into(),
        AlreadyExists => "已有同名的文件或文件夹".into(),
        ReadOnlyFilesystem => "所在的磁盘是只读的".into(),
        StorageFull => "磁盘已满".into(),
        DirectoryNotEmpty => "文件夹不是空的".into(),
        _ if e.raw_os_error() == Some(40) => "符号链接形成了循环".into(),
        _ if e.raw_os_error() == Some(36) => "文件名过长".into(),
        // The system's own words are English: its error number is what a helper needs.
        _ => match e.raw_os_error() {
            Some(n) => format!("读写失败（系统错误码 {n}）"),
            None => format!("读写失败（{e}）"),
        },
    }
}

/// A path as it can be pasted into a command line: in double quotes when it holds a
/// space or a character a shell reads otherwise (`"我的 部门/2024 年"`).
pub fn for_command(path: &Path) -> String {
    let text = path.display().to_string();
    if text
        .chars()
        .any(|c| c.is_whitespace() || "&()[]{};'\"$`|<>*?!#~".contains(c))
    {
        format!("\"{text}\"")
    } else {
        text
    }
}

/// Names in Chinese quotes, joined by 、: `“项目3”、“项目5”`.
pub fn quoted_list<S: AsRef<str>>(names: impl IntoIterator<Item = S>) -> String {
    names
        .into_iter()
        .map(|n| format!("“{}”", n.as_ref()))
        .collect::<Vec<_>>()
        .join("、")
}

/// File names in the order a person numbers them: numbers compared as numbers — digits
/// (`项目2.xlsx` before `项目10.xlsx`, full-width `１０` too) and Chinese numerals
/// (`项目二` before `项目十`) — the rest as text.
pub fn natural_order(a: &str, b: &str) -> std::cmp::Ordering {
    #[derive(PartialEq, Eq, PartialOrd, Ord)]
    enum Piece {
        Number(u64),
        Text(String),
    }
    fn chinese_value(run: &str) -> Option<u64> {
        let digit = |c: char| {
            "零一二三四五六七八九"
                .chars()
                .position(|d| d == c)
                .map(|v| v as u64)
        };
        let mut total = 0;
        let mut current = 0;
        let mut any = false;
        for c in run.chars() {
            match c {
                '十' | '百' => {
                    let unit = if c == '十' { 10 } else { 100 };
                    total += current.max(1) * unit;
                    current = 0;
                }
                _ => current = digit(c)?,
            }
            any = true;
        }
        any.then_some(total + current)
    }
    fn pieces(s: &str) -> Vec<Piece> {
        let mut out = Vec::new();
        let mut text = String::new();
        let mut chars = s.chars().map(crate::amount::half_width_digit).peekable();
        while let Some(c) = chars.next() {
            let numeral = |c: char| "零一二三四五六七八九十百".contains(c);
            if c.is_ascii_digit() || numeral(c) {
                let mut run = String::from(c);
                let ascii = c.is_ascii_digit();
                while let Some(&n) = chars.peek() {
                    if (ascii && n.is_ascii_digit()) || (!ascii && numeral(n)) {
                        run.push(n);
                        chars.next();
                    } else {
                        break;
                    }
                }
                let value = if ascii {
                    run.trim_start_matches('0').parse().ok().or(Some(0))
                } else {
                    chinese_value(&run)
                };
                if let Some(v) = value.filter(|_| run.len() <= 18) {
                    if !text.is_empty() {
                        out.push(Piece::Text(std::mem::take(&mut text)));
                    }
                    out.push(Piece::Number(v));
                    continue;
                }
                text.push_str(&run);
                continue;
            }
            text.push(c);
        }
        if !text.is_empty() {
            out.push(Piece::Text(text));
        }
        out
    }
    pieces(a).cmp(&pieces(b)).then_with(|| a.cmp(b))
}

/// A 绩效自评表 workbook, as a case folder, `inspect` and `diff` tell it from the 公开表:
/// by 绩效 or 自评 in its file name (`绩效自评表.xlsx`, `项目支出自评表.xlsx`).
pub fn is_jixiao_file(path: &std::path::Path) -> bool {
    path.file_name().is_some_and(|n| {
        let n = n.to_string_lossy();
        n.contains("绩效") || n.contains("自评")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_file_names_sort_as_numbers() {
        let mut names = vec![
            "项目10绩效自评表.xlsx",
            "项目2绩效自评表.xlsx",
            "项目1绩效自评表.xlsx",
            "项目02绩效自评表.xls",
            "绩效自评表.xlsx",
        ];
        names.sort_by(|a, b| natural_order(a, b));
        assert_eq!(
            names,
            [
                "绩效自评表.xlsx",
                "项目1绩效自评表.xlsx",
                "项目02绩效自评表.xls",
                "项目2绩效自评表.xlsx",
                "项目10绩效自评表.xlsx",
            ]
        );
        let mut names = vec![
            "项目十一",
            "项目二",
            "项目十",
            "项目一",
            "项目九",
            "项目２０",
            "项目３",
        ];
        names.sort_by(|a, b| natural_order(a, b));
        assert_eq!(
            names,
            [
                "项目一",
                "项目二",
                "项目３",
                "项目九",
                "项目十",
                "项目十一",
                "项目２０"
            ]
        );
    }

    #[test]
    fn paths_are_quoted_for_the_command_line_when_needed() {
        assert_eq!(for_command(Path::new("我的部门2024")), "我的部门2024");
        assert_eq!(
            for_command(Path::new("我的 部门/2024 年")),
            "\"我的 部门/2024 年\""
        );
        assert_eq!(for_command(Path::new("a(1)")), "\"a(1)\"");
    }

    #[cfg(unix)]
    #[test]
    fn text_is_shown_safely() {
        assert_eq!(shown("1083.51\u{1b}[8m", 100), "1083.51\\u{1b}[8m");
        assert_eq!(shown("甲乙丙丁", 2), "甲乙…（共 4 字）");
        assert_eq!(shown("第一行\n第二行", 100), "第一行\n第二行");
    }

    #[test]
    fn devices_and_pipes_are_not_read() {
        assert_eq!(
            read_regular(Path::new("/dev/zero"), 1024).unwrap_err(),
            "不是普通文件（是设备、管道或套接字）"
        );
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.toml");
        std::fs::write(&f, vec![b'x'; 2048]).unwrap();
        assert!(read_regular(&f, 1024).unwrap_err().starts_with("文件过大"));
        assert_eq!(read_regular(&f, 4096).unwrap().len(), 2048);
        assert_eq!(
            read_regular(&dir.path().join("无"), 10).unwrap_err(),
            "文件不存在"
        );
    }
}
