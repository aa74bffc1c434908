//! `juesuan init`: a new case folder from a 公开表 workbook — the workbook copied in, and
//! a profile filled with what the workbook gives and a placeholder for everything else.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use crate::ingest::read_gongkai;
use crate::profile::PLACEHOLDER;

/// A TOML basic string: quotes and backslashes escaped, and control characters (an
/// invisible DEL or SOH copied from a cell) written as `\u007F`, which TOML refuses raw.
fn q(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub fn profile_template(g: &crate::model::Gongkai) -> String {
    let p = q(PLACEHOLDER);
    let mut t = String::new();
    let _ = writeln!(t, "# 部门信息（TOML 格式：键名须加英文双引号）。金额单位为万元，可写 \"1,367.52\" 或 1367.52。");
    let _ = writeln!(
        t,
        "# 把每个 {PLACEHOLDER} 换成实际内容；juesuan check 会列出尚未填写的地方。\n"
    );
    let _ = writeln!(t, "\"部门名称\" = {}", q(&g.department));
    match g.year {
        Some(y) => {
            let _ = writeln!(t, "\"年度\" = {y}");
        }
        // Never a made-up 0: the clerk writes the year, and `check` asks for it.
        None => {
            let _ = writeln!(
                t,
                "# 公开表中没有读到年度：请去掉下一行开头的 #，并把 2024 改为本次决算的年度\n# \"年度\" = 2024"
            );
        }
    }
    let _ = writeln!(t, "\"其他需要说明的事项\" = \"无\"");
    // Without 公开10表 (Shanghai) its figures come from the profile.
    let no_t10 = g.t10.is_none();
    if no_t10 {
        let _ = writeln!(t, "# 本年机关运行经费（公开表中没有公开10表，在此填写）");
        let _ = writeln!(t, "\"机关运行经费\" = {p}");
    }
    let _ = writeln!(t);
    let _ = writeln!(
        t,
        "[\"部门概况\"]\n\"职责\" = [{p}]\n\"机构设置\" = [{p}]\n# 上海版式：纳入部门决算的单位，本级在前（多于一个单位时代替机构设置）\n# \"部门决算单位构成\" = [{p}]\n"
    );
    let _ = writeln!(
        t,
        "# 上年决算数（或把上年的公开表放进本文件夹，文件名含“上年”；放了上年公开表，本节的【待填写】不必填，可整节删去）"
    );
    let _ = writeln!(t, "[\"上年\"]");
    keys(
        &mut t,
        &[
            "收入总计",
            "支出总计",
            "财政拨款收入总计",
            "财政拨款支出总计",
            "一般公共预算财政拨款支出",
            "机关运行经费",
        ],
        "",
        &p,
    );
    let rows_of = |len: usize| -> Vec<(&str, &str)> {
        g.t05
            .rows
            .iter()
            .filter(|r| r.code.len() == len)
            .map(|r| (r.code.as_str(), r.name.as_str()))
            .collect()
    };
    let classes = rows_of(3);
    let items = rows_of(7);
    let _ = writeln!(t, "\n[\"上年\".\"一般公共预算财政拨款支出按科目\"]");
    for (code, name) in &classes {
        let _ = writeln!(t, "\"{code}\" = {p}  # {name}");
    }
    let _ = writeln!(t, "\n[\"上年\".\"三公经费\"]");
    keys(
        &mut t,
        &[
            "合计",
            "因公出国（境）费",
            "公务用车购置费",
            "公务用车运行维护费",
            "公务接待费",
        ],
        "",
        &p,
    );
    let _ = writeln!(
        t,
        "\n[\"年初预算\"]\n\"一般公共预算财政拨款支出\" = {p}\n\n[\"年初预算\".\"按科目\"]"
    );
    for (code, name) in &classes {
        let _ = writeln!(t, "\"{code}\" = {p}  # {name}");
    }
    let _ = writeln!(t, "# 按项说明时（如上海版式）也填各项：");
    for (code, name) in &items {
        let _ = writeln!(t, "# \"{code}\" = {p}  # {name}");
    }
    let _ = writeln!(
        t,
        "\n# 以下个数按实际填写（没有的填 0）；它们只在这里，表中没有\n[\"三公经费\"]"
    );
    // 公开10表 counts the vehicles held: not asked again.
    let held_in_t10 = g.t10.as_ref().and_then(|t10| t10.vehicles_held());
    let held: &[&str] = if held_in_t10.is_some() {
        &[]
    } else {
        &["公务用车保有量"]
    };
    if let Some(line) = held_in_t10 {
        let _ = writeln!(t, "# 公务用车保有量：取自公开10表（{}），不必填写", line.at);
    }
    keys(&mut t, held, "", "0");
    keys(
        &mut t,
        &[
            "出国团组数",
            "出国人次",
            "购置公务用车数",
            "国内公务接待批次",
            "国内公务接待人次",
            "外事接待批次",
            "外事接待人次",
            "国（境）外接待批次",
            "国（境）外接待人次",
        ],
        "",
        "0",
    );
    let _ = writeln!(
        t,
        "# 国内公务接待费（不填时为三公表的公务接待费，即没有国（境）外接待）及其中的外事接待费\n# \"国内公务接待费\" = 0\n# \"外事接待费\" = 0"
    );
    let _ = writeln!(t, "\n[\"政府采购\"]");
    for (key, who) in [
        ("授予中小企业合同金额", "中小企业"),
        ("授予小微企业合同金额", "小微企业"),
    ] {
        match g.t10.as_ref().and_then(|t10| t10.procurement_awarded(who)) {
            Some(line) => {
                let _ = writeln!(t, "# {key}：取自公开10表（{}），不必填写", line.at);
            }
            None => {
                let _ = writeln!(t, "\"{key}\" = {p}");
            }
        }
    }
    if no_t10 {
        let _ = writeln!(
            t,
            "# 政府采购金额（以合同签订为准）；合计不填时为三项之和\n\"货物\" = {p}\n\"工程\" = {p}\n\"服务\" = {p}"
        );
    }
    // Offered whatever the workbook: a case may switch to the Shanghai style.
    let _ = writeln!(
        t,
        "# 上海版式的中小企业表述（用上海版式时去掉行首 # 填写，不用时删去）："
    );
    keys(
        &mut t,
        &[
            "面向中小企业预留项目预算金额",
            "面向小微企业预留项目预算金额",
            "预留项目中小企业中标成交金额",
            "预留项目小微企业中标成交金额",
            "其他项目中小企业中标成交金额",
        ],
        "# ",
        &p,
    );
    if no_t10 {
        let _ = writeln!(
            t,
            "\n# 国有资产占有使用情况（截至年末；车辆合计由各类相加）\n[\"国有资产\"]"
        );
        keys(
            &mut t,
            &[
                "部级领导干部用车",
                "主要领导干部用车",
                "机要通信用车",
                "应急保障用车",
                "执法执勤用车",
                "特种专业技术用车",
                "离退休干部用车",
                "其他用车",
                "单价100万元以上设备",
            ],
            "",
            "0",
        );
    }
    let _ = writeln!(t);
    let _ = writeln!(t, "[\"原因\"]");
    keys(
        &mut t,
        &[
            "收入支出总计",
            "财政拨款收支总计",
            "一般公共预算财政拨款支出",
            "机关运行经费",
        ],
        "",
        &p,
    );
    let _ = writeln!(
        t,
        "# 上海版式：决算数与预算数不同的原因\n# \"一般公共预算财政拨款支出决算与预算\" = {p}\n# \"三公经费决算与预算\" = {p}"
    );
    let _ = writeln!(t, "\n[\"原因\".\"按科目\"]");
    for (code, name) in &classes {
        let _ = writeln!(
            t,
            "\"{code}\" = {p}  # {name}：与上年相比变化的原因（与上年持平时：决算数与年初预算数不同的原因）"
        );
    }
    for (code, name) in &items {
        let _ = writeln!(
            t,
            "# \"{code}\" = {p}  # {name}：决算数与预算数不同的原因（按项说明时）"
        );
    }
    let _ = writeln!(t, "\n[\"原因\".\"三公经费\"]");
    // An item with neither budget nor spending this year needs a reason only when last
    // year had some (the text says 与上年持平 otherwise): offered as a line to switch on.
    let budget = crate::derive::sangong_items(&g.t09.budget);
    for (name, actual) in crate::derive::sangong_items(&g.t09.actual) {
        let idle = actual.is_zero() && budget.iter().any(|(n, b)| *n == name && b.is_zero());
        if idle {
            let _ = writeln!(
                t,
                "# \"{name}\" = {p}  # 本年预算、决算都是 0：上年也是 0 的不必填写；上年有支出的，去掉行首 # 填写原因"
            );
        } else {
            let _ = writeln!(t, "\"{name}\" = {p}");
        }
    }
    let _ = writeln!(t, "\n[\"用途\".\"按科目\"]");
    for (code, name) in &classes {
        let _ = writeln!(t, "\"{code}\" = {p}  # {name}：主要用于");
    }
    for (code, name) in &items {
        let _ = writeln!(t, "# \"{code}\" = {p}  # {name}：主要用于（按项说明时）");
    }
    // Left commented: unset, the figures are counted from the attached projects; a 0
    // left in place would print 涉及二级项目0个.
    let _ = writeln!(
        t,
        "\n[\"绩效自评\"]\n# 自评项目多于附件项目时，去掉下面各行开头的 # 并填写（等级个数之和应等于自评项目个数）：\n# \"自评项目个数\" = 0  # 整数\n# \"自评项目资金\" = \"0.00\"  # 万元\n# \"等级个数\" = {{ \"优\" = 0, \"良\" = 0, \"中\" = 0, \"差\" = 0 }}  # 等级名称按本地区的等级设置\n# 社会保险基金预算项目支出（公开表中没有；有此类项目时去掉 # 填写，说明中列出）：\n# \"社会保险基金预算项目支出\" = \"0.00\"  # 万元"
    );
    let _ = writeln!(t, "# 上海版式十、预算绩效管理情况（不用时删去）：");
    for k in ["管理制度", "工作机制"] {
        let _ = writeln!(t, "# \"{k}\" = {p}");
    }
    keys(
        &mut t,
        &[
            "编报绩效目标项目个数",
            "编报绩效目标预算金额",
            "绩效跟踪评价项目个数",
            "绩效跟踪评价预算金额",
            "平均得分",
            "发现问题个数",
            "已完成整改个数",
            "正在整改个数",
        ],
        "# ",
        "0",
    );
    let _ = writeln!(t);
    t
}

pub fn init_case(workbook: &Path, dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let g = read_gongkai(workbook)?;
    let profile = dir.join(crate::case::PROFILE_FILE);
    if profile.exists() {
        bail!(
            "{} 已存在，为免覆盖已填写的内容，未做任何改动",
            profile.display()
        );
    }
    if dir.exists() && !dir.is_dir() {
        bail!(
            "{} 是一个文件，不是文件夹：第二个参数应为要新建（或已有）的案例文件夹，如 juesuan init 公开表.xlsx 我的部门2023",
            dir.display()
        );
    }
    if let Err(e) = std::fs::create_dir_all(dir) {
        bail!(
            "无法创建文件夹 {}（{}）",
            dir.display(),
            crate::output::write_reason(&e)
        );
    }
    // A workbook already in the case folder is used where it is: copying a file onto
    // itself would empty it.
    let in_place = match (workbook.canonicalize(), dir.canonicalize()) {
        (Ok(book), Ok(dir)) => book.parent() == Some(dir.as_path()),
        _ => false,
    };
    let book = if in_place {
        workbook.to_path_buf()
    } else {
        let ext = workbook
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_else(|| "xlsx".into());
        let book = dir.join(format!("公开表.{ext}"));
        if book.exists() {
            bail!(
                "{} 已存在，为免覆盖，未做任何改动（要用新的工作簿，请先移走旧的）",
                book.display()
            );
        }
        // Through a temporary file: a full disk leaves no truncated workbook that a
        // second `init` would refuse to replace.
        let bytes =
            std::fs::read(workbook).with_context(|| format!("无法读取 {}", workbook.display()))?;
        crate::output::replace_file(&book, &bytes).map_err(|e| {
            anyhow::anyhow!(
                "无法复制到 {}（{}）",
                book.display(),
                crate::output::write_reason(&e)
            )
        })?;
        book
    };
    // The copy belongs to the case: a read-only export stays editable here.
    if let Ok(meta) = std::fs::metadata(&book) {
        let mut perms = meta.permissions();
        if perms.readonly() {
            // Writable by its owner only (`set_readonly(false)` would make it writable
            // by everyone on Unix).
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                perms.set_mode(perms.mode() | 0o200);
            }
            #[cfg(not(unix))]
            {
                #[allow(clippy::permissions_set_readonly_false)]
                perms.set_readonly(false);
            }
            let _ = std::fs::set_permissions(&book, perms);
        }
    }
    if let Err(e) = crate::output::replace_file(&profile, profile_template(&g).as_bytes()) {
        // Nothing half made: the workbook copied by this run goes too, so that the same
        // `init` can simply be run again.
        if !in_place {
            let _ = std::fs::remove_file(&book);
        }
        bail!(
            "无法写入 {}（{}），未创建案例",
            profile.display(),
            crate::output::write_reason(&e)
        );
    }
    Ok(vec![book, profile])
}

/// One `"key" = value` line per key (`prefix` `# ` writes them commented out).
fn keys(t: &mut String, keys: &[&str], prefix: &str, value: &str) {
    for k in keys {
        let _ = writeln!(t, "{prefix}\"{k}\" = {value}");
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn quoting_is_valid_toml() {
        for text in ["某局\u{7f}", "a\u{1}b", "引号\"和\\反斜杠", "换\n行"] {
            let doc = format!("k = {}", q(text));
            let v: toml::Value = toml::from_str(&doc).unwrap_or_else(|e| panic!("{doc}: {e}"));
            assert_eq!(v["k"].as_str(), Some(text));
        }
    }

    use super::*;
    use crate::profile::Profile;

    /// A workbook without a year: no made-up 年度 = 0, a line to switch on instead.
    #[test]
    fn a_workbook_without_a_year_leaves_the_year_to_the_clerk() {
        let mut g = read_gongkai(Path::new(
            "tests/fixtures/reference/tunliu-zuzhibu-2023-gongkai.xlsx",
        ))
        .unwrap();
        g.year = None;
        let text = profile_template(&g);
        assert!(!text.contains("\"年度\" = 0"), "{text}");
        assert!(text.contains("\n# \"年度\" = 2024\n"), "{text}");
        assert_eq!(Profile::parse("t", &text).unwrap().year, None);
    }

    /// The template parses; with every commented key line switched on it still parses
    /// (no key in a comment is misspelt), and a workbook without 公开10表 asks for its
    /// figures.
    #[test]
    fn template_and_its_commented_keys_parse() {
        for (book, has_t10) in [
            (
                "tests/fixtures/reference/tunliu-zuzhibu-2023-gongkai.xlsx",
                true,
            ),
            (
                "tests/fixtures/reference/putuo-guihua-2024-gongkai.xlsx",
                false,
            ),
        ] {
            let g = read_gongkai(Path::new(book)).unwrap();
            let text = profile_template(&g);
            let p = Profile::parse("t", &text).unwrap_or_else(|e| panic!("{book}: {e}"));
            let keys = p.placeholders();
            assert_eq!(
                keys.iter().any(|k| k == "机关运行经费"),
                !has_t10,
                "{keys:?}"
            );
            assert_eq!(
                keys.iter().any(|k| k == "政府采购.货物"),
                !has_t10,
                "{keys:?}"
            );
            let all_on: String = text
                .lines()
                .map(|l| {
                    l.strip_prefix("# \"")
                        .map_or(l.to_string(), |r| format!("\"{r}"))
                })
                .collect::<Vec<_>>()
                .join("\n");
            let p = Profile::parse("t", &all_on).unwrap_or_else(|e| panic!("{book}: {e}"));
            if !has_t10 {
                assert!(p
                    .placeholders()
                    .iter()
                    .any(|k| k == "年初预算.按科目.2080501"));
                assert!(p
                    .placeholders()
                    .iter()
                    .any(|k| k == "政府采购.面向中小企业预留项目预算金额"));
            }
        }
    }
}
