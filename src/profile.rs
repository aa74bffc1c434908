//! The department profile (部门信息.toml): what the narrative needs that the tables do
//! not hold. Keys are Chinese so a clerk can read and fill them; unknown keys are an
//! error naming the key, so a typo never silently drops a paragraph.

use std::collections::BTreeMap;
use std::path::Path;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};
use thiserror::Error;

use crate::amount::{cents, decimal_from_f64};

/// Marks a value the clerk still has to supply.
pub const PLACEHOLDER: &str = "【待填写】";

/// A text the clerk has not filled in: `init`'s 【待填写】, or what clerks leave in its
/// place — `待填写` with its brackets deleted, `（请填写）`, `【待补充】`, `XXX`, `××××`,
/// `……` — which would otherwise be printed as the reason or use.
pub fn is_placeholder(text: &str) -> bool {
    let t = text.trim();
    LEFT_MARKS.iter().any(|w| t.contains(w))
        || ["请填写", "请补充"].iter().any(|w| t.contains(w))
        || (!t.is_empty()
            && t.chars()
                .all(|c| matches!(c, '…' | '.' | '。' | '*' | '＊' | '?' | '？' | ' ' | '　')))
}

/// What marks a text as not yet written, wherever it stands in it.
const LEFT_MARKS: &[&str] = &["待填写", "待补充", "待填报", "XXX", "xxx", "ＸＸ", "××"];

/// A placeholder left in a workbook cell (`【待填写】`, `XXXXXX`), which the document
/// would print as it is. Stricter than in the profile: a form's own instructions say
/// `请填写…` and its template rows hold `……`, so those count only as a whole cell
/// (`（请填写）`).
pub fn is_left_in_workbook(text: &str) -> bool {
    let t = text.trim();
    let bare = t.trim_matches(|c: char| "（）()【】[]〖〗 　".contains(c));
    LEFT_MARKS.iter().any(|w| t.contains(w)) || matches!(bare, "请填写" | "请补充")
}

#[derive(Debug, Error)]
pub enum ProfileError {
    #[error("无法读取部门信息文件 {file}：{reason}")]
    Io { file: String, reason: String },
    #[error("部门信息文件 {file} 不是 UTF-8 编码的文本，请用记事本/VS Code 另存为 UTF-8")]
    NotUtf8 { file: String },
    #[error("部门信息文件 {file} 有误：{message}")]
    Syntax { file: String, message: String },
}

/// An amount in 万元 written as `"1,367.52"`, `1367.52` or `1367`. The placeholder
/// `"【待填写】"` reads as 0 and is reported by `check` as an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Money(pub Decimal);

/// A value as TOML gives it to a figure: a whole number, a decimal, or a text.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawValue {
    I(i64),
    F(f64),
    S(String),
}

/// 年度 as a number (`2023`) or as a clerk may type it in quotes: `"2023"`, `"2023年"`,
/// `"2023年度"`, `"２０２３"`, `"二〇二三"`.
fn year_value<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i32>, D::Error> {
    let bad = |found: String| serde::de::Error::custom(format!("应为年度（如 2023），实为{found}"));
    match RawValue::deserialize(d)? {
        RawValue::I(i) => i32::try_from(i)
            .map(Some)
            .map_err(|_| bad(format!("整数 {i}"))),
        RawValue::F(f) => Err(bad(format!("小数 {f}"))),
        RawValue::S(s) => {
            let bare = s.trim().trim_end_matches("年度").trim_end_matches('年');
            crate::ingest::parse_year(&format!("{bare}年"))
                .filter(|_| bare.chars().count() == 4)
                .map(Some)
                .ok_or_else(|| bad(format!("“{s}”")))
        }
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Money, D::Error> {
        let value = match RawValue::deserialize(d)? {
            RawValue::I(i) => Decimal::from(i),
            // `{f:e}`: 1e308 said as such, not as 309 digits.
            RawValue::F(f) => decimal_from_f64(f).ok_or_else(|| {
                serde::de::Error::custom(format!("金额无效：{f:e}（数字过大或不是数字）"))
            })?,
            // Unfilled (`【待填写】`, or `待填写` with its brackets deleted): read as
            // nothing here, listed by `check` among the placeholders.
            RawValue::S(s) if is_placeholder(&s) => Decimal::ZERO,
            RawValue::S(s) => match crate::amount::parse_amount_text_with_unit(&s) {
                // The profile is in 万元: `72800元` read as 万元 would be 10,000 times too big.
                Some((v, Some("元"))) => {
                    return Err(serde::de::Error::custom(format!(
                        "金额应以万元为单位，实为“{s}”（即 {} 万元，请改写为 \"{}\"；若这个数本来就是万元，删去“元”即可）",
                        cents(v / Decimal::from(10_000)),
                        cents(v / Decimal::from(10_000))
                    )))
                }
                Some((v, _)) => v,
                None => {
                    // `无`, `-` or nothing: no amount is 0.
                    let none = s.trim().is_empty() || crate::derive::says_nothing(&s);
                    return Err(serde::de::Error::custom(format!(
                        "应为金额（万元，如 \"1,367.52\"），实为“{s}”{}",
                        if none { "（没有这项金额请填 0）" } else { "" }
                    )));
                }
            },
        };
        if !crate::amount::in_range(value) {
            return Err(serde::de::Error::custom(format!(
                "金额 {} 过大（绝对值应不超过 10 的 15 次方）",
                value.normalize()
            )));
        }
        Ok(Money(cents(value)))
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    #[serde(rename = "部门名称", default)]
    pub department: Option<String>,
    #[serde(rename = "年度", default, deserialize_with = "year_value")]
    pub year: Option<i32>,
    #[serde(rename = "部门概况", default)]
    pub overview: Overview,
    #[serde(rename = "上年", default)]
    pub prior: Prior,
    #[serde(rename = "年初预算", default)]
    pub budget: Budget,
    #[serde(rename = "三公经费", default)]
    pub sangong: SanGongInfo,
    #[serde(rename = "政府采购", default)]
    pub procurement: Procurement,
    #[serde(rename = "原因", default)]
    pub reasons: Texts,
    #[serde(rename = "用途", default)]
    pub uses: Texts,
    #[serde(rename = "绩效自评", default)]
    pub performance: Performance,
    #[serde(rename = "其他需要说明的事项", default)]
    pub other_notes: Option<String>,
    /// This year's 机关运行经费, for workbooks without 公开10表 (Shanghai); the table wins
    /// when the workbook has it.
    #[serde(rename = "机关运行经费", default)]
    pub running_costs: Option<Money>,
    /// 车辆 and 设备 counts, for workbooks without 公开10表.
    #[serde(rename = "国有资产", default)]
    pub assets: Option<Assets>,
    /// Key paths still holding the placeholder, found when the file was read.
    #[serde(skip)]
    pub placeholder_keys: Vec<String>,
    /// The line of each of `placeholder_keys` in the file, where found.
    #[serde(skip)]
    pub placeholder_lines: Vec<Option<usize>>,
    /// Amounts written with more than two decimals, rounded as read: (key path, as
    /// written), found when the file was read.
    #[serde(skip)]
    pub over_two_decimals: Vec<(String, String)>,
    /// The file's text, to point a finding at its line.
    #[serde(skip)]
    pub source: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overview {
    #[serde(rename = "职责", default)]
    pub duties: Vec<String>,
    #[serde(rename = "机构设置", default)]
    pub organization: Vec<String>,
    /// 部门决算单位构成 (Shanghai): the units whose accounts make up the department's,
    /// the department itself (本级) first.
    #[serde(rename = "部门决算单位构成", default)]
    pub units: Vec<Unit>,
}

/// One unit of 部门决算单位构成: `"名称"` or `{ "名称" = "…", "备注" = "…" }`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Unit {
    pub name: String,
    pub note: Option<String>,
}

impl<'de> Deserialize<'de> for Unit {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Unit, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Full {
            #[serde(rename = "名称")]
            name: String,
            #[serde(rename = "备注", default)]
            note: Option<String>,
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Name(String),
            Full(Full),
        }
        match Raw::deserialize(d).map_err(|_| {
            serde::de::Error::custom(
                "单位应写成 \"名称\" 或 { \"名称\" = \"…\", \"备注\" = \"…\" }",
            )
        })? {
            Raw::Name(name) => Ok(Unit { name, note: None }),
            Raw::Full(f) => Ok(Unit {
                name: f.name,
                note: f.note.filter(|n| !n.trim().is_empty()),
            }),
        }
    }
}

/// Last year's figures (上年决算数).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prior {
    #[serde(rename = "收入总计")]
    pub income_total: Option<Money>,
    #[serde(rename = "支出总计")]
    pub expense_total: Option<Money>,
    #[serde(rename = "财政拨款收入总计")]
    pub fiscal_income_total: Option<Money>,
    #[serde(rename = "财政拨款支出总计")]
    pub fiscal_expense_total: Option<Money>,
    #[serde(rename = "一般公共预算财政拨款支出")]
    pub general: Option<Money>,
    /// By 功能分类科目代码 (类 or 项): `"208" = "31.80"`.
    #[serde(rename = "一般公共预算财政拨款支出按科目", default)]
    pub general_by_code: BTreeMap<String, Money>,
    #[serde(rename = "三公经费", default)]
    pub sangong: SanGongAmounts,
    #[serde(rename = "机关运行经费")]
    pub running_costs: Option<Money>,
    /// 科目 names of last year's workbook, when it is in the case: a 科目 that had money
    /// last year and none this year is named as last year's table named it.
    #[serde(skip)]
    pub names_by_code: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SanGongAmounts {
    #[serde(rename = "合计")]
    pub total: Option<Money>,
    #[serde(rename = "因公出国（境）费")]
    pub abroad: Option<Money>,
    #[serde(rename = "公务用车购置费")]
    pub vehicle_purchase: Option<Money>,
    #[serde(rename = "公务用车运行维护费")]
    pub vehicle_running: Option<Money>,
    #[serde(rename = "公务接待费")]
    pub reception: Option<Money>,
}

/// 年初预算 of 一般公共预算财政拨款支出.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    #[serde(rename = "一般公共预算财政拨款支出")]
    pub general: Option<Money>,
    #[serde(rename = "按科目", default)]
    pub by_code: BTreeMap<String, Money>,
}

/// Counts for 三公 (二) 具体情况.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SanGongInfo {
    #[serde(rename = "出国团组数", default)]
    pub abroad_groups: u32,
    #[serde(rename = "出国人次", default)]
    pub abroad_people: u32,
    #[serde(rename = "购置公务用车数", default)]
    pub vehicles_bought: u32,
    #[serde(rename = "公务用车保有量", default)]
    pub vehicles_held: u32,
    #[serde(rename = "国内公务接待批次", default)]
    pub reception_batches: u32,
    #[serde(rename = "国内公务接待人次", default)]
    pub reception_people: u32,
    #[serde(rename = "外事接待批次", default)]
    pub foreign_batches: u32,
    #[serde(rename = "外事接待人次", default)]
    pub foreign_people: u32,
    /// 国（境）外接待: receptions abroad, the part of 公务接待费 outside 国内公务接待费.
    #[serde(rename = "国（境）外接待批次", default)]
    pub overseas_batches: u32,
    #[serde(rename = "国（境）外接待人次", default)]
    pub overseas_people: u32,
    /// 国内公务接待支出; by default the whole 公务接待费 决算数 of the 三公 table.
    #[serde(rename = "国内公务接待费")]
    pub domestic_reception: Option<Money>,
    /// 外事（外宾）接待支出, part of the 公务接待费 (上海: 含外宾接待支出).
    #[serde(rename = "外事接待费")]
    pub foreign_reception: Option<Money>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Procurement {
    #[serde(rename = "授予中小企业合同金额")]
    pub sme: Option<Money>,
    #[serde(rename = "授予小微企业合同金额")]
    pub small: Option<Money>,
    /// 政府采购金额 and its parts, for workbooks without 公开10表; the table wins when
    /// the workbook has it. Without 合计 the total is 货物 + 工程 + 服务.
    #[serde(rename = "合计")]
    pub total: Option<Money>,
    #[serde(rename = "货物")]
    pub goods: Option<Money>,
    #[serde(rename = "工程")]
    pub works: Option<Money>,
    #[serde(rename = "服务")]
    pub services: Option<Money>,
    /// 面向中小企业预留政府采购项目预算金额 (Shanghai wording).
    #[serde(rename = "面向中小企业预留项目预算金额")]
    pub sme_reserved: Option<Money>,
    /// 面向小微企业预留政府采购项目预算金额.
    #[serde(rename = "面向小微企业预留项目预算金额")]
    pub small_reserved: Option<Money>,
    /// 在面向中小企业预留的项目中，由中小企业供应商中标或成交的采购金额.
    #[serde(rename = "预留项目中小企业中标成交金额")]
    pub sme_awarded_reserved: Option<Money>,
    /// 在面向小微企业预留的项目中，由小微企业供应商中标或成交的采购金额.
    #[serde(rename = "预留项目小微企业中标成交金额")]
    pub small_awarded_reserved: Option<Money>,
    /// 在其他政府采购项目中，由中小企业供应商中标或成交的采购金额.
    #[serde(rename = "其他项目中小企业中标成交金额")]
    pub sme_awarded_other: Option<Money>,
}

/// 国有资产占有使用情况 when the workbook has no 公开10表: vehicles by the eight kinds of
/// the Shanghai wording (the total is their sum) and equipment of 100万元 and more.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assets {
    #[serde(rename = "部级领导干部用车", default)]
    pub ministerial: u32,
    #[serde(rename = "主要领导干部用车", default)]
    pub leaders: u32,
    #[serde(rename = "机要通信用车", default)]
    pub confidential: u32,
    #[serde(rename = "应急保障用车", default)]
    pub emergency: u32,
    #[serde(rename = "执法执勤用车", default)]
    pub law_enforcement: u32,
    #[serde(rename = "特种专业技术用车", default)]
    pub special: u32,
    #[serde(rename = "离退休干部用车", default)]
    pub retired: u32,
    #[serde(rename = "其他用车", default)]
    pub other: u32,
    /// What the 其他用车 are mainly used for.
    #[serde(rename = "其他用车用途")]
    pub other_uses: Option<String>,
    #[serde(rename = "单价100万元以上设备", default)]
    pub equipment: u32,
}

impl Assets {
    /// (label, count) in the order of the wording.
    pub fn vehicle_kinds(&self) -> [(&'static str, u32); 8] {
        [
            ("部级领导干部用车", self.ministerial),
            ("主要领导干部用车", self.leaders),
            ("机要通信用车", self.confidential),
            ("应急保障用车", self.emergency),
            ("执法执勤用车", self.law_enforcement),
            ("特种专业技术用车", self.special),
            ("离退休干部用车", self.retired),
            ("其他用车", self.other),
        ]
    }
}

/// Texts tied to the figure they explain: by section key or by 科目代码, never by position.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Texts {
    #[serde(rename = "收入支出总计")]
    pub totals: Option<String>,
    #[serde(rename = "财政拨款收支总计")]
    pub fiscal_totals: Option<String>,
    #[serde(rename = "一般公共预算财政拨款支出")]
    pub general: Option<String>,
    #[serde(rename = "机关运行经费")]
    pub running_costs: Option<String>,
    /// Why 一般公共预算财政拨款支出 决算 differs from its 年初预算 (Shanghai 五（三）).
    #[serde(rename = "一般公共预算财政拨款支出决算与预算")]
    pub general_budget: Option<String>,
    /// Why the 三公 决算 differs from its 预算 (Shanghai 七（一）).
    #[serde(rename = "三公经费决算与预算")]
    pub sangong_budget: Option<String>,
    #[serde(rename = "按科目", default)]
    pub by_code: BTreeMap<String, String>,
    /// By 三公 item name: 因公出国（境）费, 公务用车购置费, 公务用车运行维护费, 公务接待费,
    /// and 公务用车购置及运行维护费 for styles that discuss the two vehicle items together.
    #[serde(rename = "三公经费", default)]
    pub sangong: BTreeMap<String, String>,
}

/// 十(四) when more projects were evaluated than are attached.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Performance {
    #[serde(rename = "自评项目个数")]
    pub projects: Option<u32>,
    #[serde(rename = "自评项目资金")]
    pub funds: Option<Money>,
    #[serde(rename = "等级个数", default)]
    pub grades: BTreeMap<String, u32>,
    /// 十、预算绩效管理情况 (Shanghai): the department's rules (制度), printed after
    /// 本部门建立了如下预算绩效管理制度：
    #[serde(rename = "管理制度")]
    pub rules: Option<String>,
    /// The sentence on its working mechanism (工作机制), printed as written.
    #[serde(rename = "工作机制")]
    pub mechanism: Option<String>,
    #[serde(rename = "编报绩效目标项目个数")]
    pub target_projects: Option<u32>,
    #[serde(rename = "编报绩效目标预算金额")]
    pub target_funds: Option<Money>,
    #[serde(rename = "绩效跟踪评价项目个数")]
    pub tracked_projects: Option<u32>,
    #[serde(rename = "绩效跟踪评价预算金额")]
    pub tracked_funds: Option<Money>,
    /// 自评平均得分; without it, the mean of the attached projects' 总分 when every
    /// evaluated project is attached.
    #[serde(rename = "平均得分")]
    pub average_score: Option<Money>,
    #[serde(rename = "发现问题个数")]
    pub problems: Option<u32>,
    #[serde(rename = "已完成整改个数")]
    pub problems_fixed: Option<u32>,
    #[serde(rename = "正在整改个数")]
    pub problems_fixing: Option<u32>,
    /// 社会保险基金预算项目支出 among the evaluated funds: no 公开表 holds it; the
    /// sentence names it only when it is given.
    #[serde(rename = "社会保险基金预算项目支出")]
    pub social_insurance_project: Option<Money>,
}

impl Profile {
    pub fn load(path: &Path) -> Result<Profile, ProfileError> {
        let file = path.display().to_string();
        // A profile is a few KB; 1 MB is far beyond any real one (and a text of
        // megabytes would take a minute and gigabytes to typeset).
        let bytes =
            crate::files::read_regular(path, 1024 * 1024).map_err(|reason| ProfileError::Io {
                file: file.clone(),
                reason,
            })?;
        let text =
            String::from_utf8(bytes).map_err(|_| ProfileError::NotUtf8 { file: file.clone() })?;
        Profile::parse(&file, text.trim_start_matches('\u{feff}'))
    }

    pub fn parse(file: &str, text: &str) -> Result<Profile, ProfileError> {
        let syntax = |e: toml::de::Error| ProfileError::Syntax {
            file: file.to_string(),
            message: crate::toml_error::describe(&e, text),
        };
        let mut profile: Profile = toml::from_str(text).map_err(syntax)?;
        let invalid = |message: String| ProfileError::Syntax {
            file: file.to_string(),
            message,
        };
        if let Some(y) = profile.year {
            if !(1990..=2100).contains(&y) {
                return Err(invalid(format!("“年度”应为四位年份（如 2023），实为 {y}")));
            }
        }
        if let Some(name) = &profile.department {
            if name.chars().any(|c| c.is_control()) {
                return Err(invalid(format!(
                    "“部门名称”中有控制字符（{}），请重新输入",
                    name.escape_debug()
                )));
            }
            if name.trim().is_empty() {
                profile.department = None;
            } else {
                profile.department = Some(name.trim().to_string());
            }
        }
        // A reason or use left as "" is no reason: the sentence must not lose its clause
        // silently, and `check` asks for it as for a missing key.
        profile.reasons.drop_empty();
        profile.uses.drop_empty();
        // `"２０１"`, `" 208"`: the code the tables hold, as the workbook reader reads it.
        // Two keys that are one code written twice (`"208"` and `" 208"`): one would
        // silently replace the other.
        for (section, clash) in [
            ("原因.按科目", normalize_codes(&mut profile.reasons.by_code)),
            ("用途.按科目", normalize_codes(&mut profile.uses.by_code)),
            (
                "年初预算.按科目",
                normalize_codes(&mut profile.budget.by_code),
            ),
            (
                "上年.一般公共预算财政拨款支出按科目",
                normalize_codes(&mut profile.prior.general_by_code),
            ),
        ] {
            if let Some((a, b)) = clash {
                return Err(invalid(format!(
                    "[\"{}\"] 中的键“{}”和“{}”是同一个科目代码 {}，写了两次（多了空格或全角数字）：请合并成一处",
                    section.replace('.', "\".\""),
                    a.escape_debug(),
                    b.escape_debug(),
                    b.trim()
                )));
            }
        }
        for (section, texts) in [("原因", &mut profile.reasons), ("用途", &mut profile.uses)] {
            texts.check_sangong_names(section, text).map_err(invalid)?;
        }
        let raw = toml::Value::Table(toml::from_str(text).map_err(syntax)?);
        walk_placeholders("", &raw, &mut profile.placeholder_keys);
        profile.over_two_decimals = over_two_decimals(&raw);
        // In the order of the file, each with its line, as the clerk works through it.
        let mut located: Vec<(usize, String)> = profile
            .placeholder_keys
            .iter()
            .map(|k| {
                (
                    line_of_placeholder(text, k).unwrap_or(usize::MAX),
                    k.clone(),
                )
            })
            .collect();
        located.sort();
        profile.placeholder_lines = located
            .iter()
            .map(|(line, _)| (*line != usize::MAX).then_some(*line))
            .collect();
        profile.placeholder_keys = located.into_iter().map(|(_, k)| k).collect();
        profile.source = text.to_string();
        Ok(profile)
    }

    /// The line (1-based) of the key at `path` (`原因.按科目.208`, `部门名称`): the
    /// line that sets it inside its table (`["原因"."按科目"]`), or none when the file
    /// does not set it.
    pub fn line_of(&self, path: &str) -> Option<usize> {
        // An item of a list (`部门概况.职责[2]`): where that item starts.
        if let Some((list, n)) = path
            .strip_suffix(']')
            .and_then(|p| p.rsplit_once('['))
            .and_then(|(list, n)| Some((list, n.parse::<usize>().ok()?)))
        {
            let lines: Vec<&str> = self.source.lines().collect();
            return line_of_item(&lines, self.line_of(list)? - 1, n);
        }
        let parts: Vec<&str> = path.split('.').map(|p| p.trim_matches('"')).collect();
        let (key, tables) = parts.split_last()?;
        let lines: Vec<&str> = self.source.lines().collect();
        let header = |l: &str| -> Option<Vec<String>> {
            let l = l.trim();
            let inner = l.strip_prefix('[')?.split(']').next()?;
            Some(
                inner
                    .split('.')
                    .map(|p| p.trim().trim_matches('"').to_string())
                    .collect(),
            )
        };
        let mut current: Vec<String> = Vec::new();
        for (i, l) in lines.iter().enumerate() {
            if l.trim_start().starts_with('#') {
                continue;
            }
            if let Some(h) = header(l) {
                current = h;
                continue;
            }
            // `key = …` in the key's table, or `table.key = …` / `"table"."key"` dotted
            // from a parent table.
            let Some((lhs, _)) = l.split_once('=') else {
                continue;
            };
            let lhs: Vec<String> = lhs
                .split('.')
                .map(|p| p.trim().trim_matches('"').to_string())
                .collect();
            let full: Vec<&str> = current
                .iter()
                .map(String::as_str)
                .chain(lhs.iter().map(String::as_str))
                .collect();
            if full.len() == tables.len() + 1
                && full.last() == Some(key)
                && full[..tables.len()] == *tables
            {
                return Some(i + 1);
            }
        }
        None
    }

    /// Every value still holding the placeholder, by its key path, in file order.
    pub fn placeholders(&self) -> Vec<String> {
        self.placeholder_keys.clone()
    }

    /// The same with each key's line in the file (`原因.按科目.208（第85行）`).
    pub fn placeholders_located(&self) -> Vec<String> {
        self.placeholder_keys
            .iter()
            .zip(
                self.placeholder_lines
                    .iter()
                    .chain(std::iter::repeat(&None)),
            )
            .map(|(k, line)| match line {
                Some(l) => format!("{k}（第{l}行）"),
                None => k.clone(),
            })
            .collect()
    }
}

/// The 三公 items a reason or a use can be given for (`原因.三公经费.<item>`).
pub const SANGONG_ITEMS: [&str; 5] = [
    "因公出国（境）费",
    "公务用车购置费",
    "公务用车运行维护费",
    "公务接待费",
    "公务用车购置及运行维护费",
];

/// The line (1-based) of the first line of `text` that holds `key` quoted, or bare.
fn line_of_key(text: &str, key: &str) -> Option<usize> {
    let quoted = format!("\"{key}\"");
    text.lines()
        .position(|l| l.contains(&quoted))
        .or_else(|| text.lines().position(|l| l.trim_start().starts_with(key)))
        .map(|i| i + 1)
}

impl Texts {
    /// Item names under `三公经费` must be the 三公 items: a misspelt one would silently
    /// drop its paragraph. Half-width brackets (`因公出国(境)费`) are taken as full-width.
    fn check_sangong_names(&mut self, section: &str, text: &str) -> Result<(), String> {
        let given = std::mem::take(&mut self.sangong);
        for (name, value) in given {
            let normal = name.trim().replace('(', "（").replace(')', "）");
            if !SANGONG_ITEMS.contains(&normal.as_str()) {
                let line = line_of_key(text, &name)
                    .map(|l| format!("第{l}行："))
                    .unwrap_or_default();
                return Err(format!(
                    "{line}{section}.三公经费 下的“{name}”不是“三公”经费的项目。可用的项目名：{}",
                    SANGONG_ITEMS.join("、")
                ));
            }
            self.sangong.insert(normal, value);
        }
        Ok(())
    }

    /// Blank texts count as not given.
    fn drop_empty(&mut self) {
        for t in [
            &mut self.totals,
            &mut self.fiscal_totals,
            &mut self.general,
            &mut self.running_costs,
            &mut self.general_budget,
            &mut self.sangong_budget,
        ] {
            if t.as_deref().is_some_and(|s| s.trim().is_empty()) {
                *t = None;
            }
        }
        self.by_code.retain(|_, v| !v.trim().is_empty());
        self.sangong.retain(|_, v| !v.trim().is_empty());
    }
}

/// 科目代码 keys in half-width digits without spaces (full-width digits are what a
/// Chinese input method types). A key that is not a code is left as written.
/// The keys as the tables' codes; two keys that become one code are returned, not merged.
fn normalize_codes<V>(map: &mut BTreeMap<String, V>) -> Option<(String, String)> {
    let fixed = |k: &str| -> String {
        k.chars()
            .filter(|c| !c.is_whitespace())
            .map(crate::amount::half_width_digit)
            .collect()
    };
    if map.keys().all(|k| fixed(k) == *k) {
        return None;
    }
    let old = std::mem::take(map);
    let mut written: BTreeMap<String, String> = BTreeMap::new();
    for (k, v) in old {
        let code = fixed(&k);
        if let Some(first) = written.get(&code) {
            return Some((first.clone(), k));
        }
        written.insert(code.clone(), k);
        map.insert(code, v);
    }
    None
}

/// The line (1-based) of the placeholder at key path `path` (`原因.按科目.208`,
/// `部门概况.职责[2]`): the line naming its last key, or for an array item the n-th
/// placeholder from the array's key on.
fn line_of_placeholder(text: &str, path: &str) -> Option<usize> {
    let last = path.rsplit('.').next().unwrap_or(path);
    let (key, nth) = match last.split_once('[') {
        Some((k, n)) => (k, n.trim_end_matches(']').parse::<usize>().ok()),
        None => (last, None),
    };
    let lines: Vec<&str> = text.lines().collect();
    let live = |l: &str| !l.trim_start().starts_with('#');
    // Search from the key's table header (`["原因"."按科目"]`) on, when it has one.
    let parents: Vec<&str> = path.split('.').collect();
    let header = format!(
        "[{}]",
        parents[..parents.len() - 1]
            .iter()
            .map(|p| format!("\"{p}\""))
            .collect::<Vec<_>>()
            .join(".")
    );
    let from = if parents.len() > 1 {
        lines
            .iter()
            .position(|l| l.trim().replace(' ', "") == header)
            .unwrap_or(0)
    } else {
        0
    };
    let quoted = format!("\"{key}\"");
    let start = (from..lines.len()).find(|&i| {
        let l = lines[i];
        live(l) && (l.contains(&quoted) || l.trim_start().starts_with(key))
    })?;
    match nth {
        None => (start..lines.len())
            .find(|&i| live(lines[i]) && line_placeholder(lines[i]))
            .map(|i| i + 1),
        Some(n) => line_of_item(&lines, start, n),
    }
}

/// The line (1-based) where the `n`th (1-based) item of the array set on line `start`
/// (0-based) begins: items are counted as the strings and inline tables at the array's
/// own depth, strings skipped over (a `]` or `,` inside one is text).
fn line_of_item(lines: &[&str], start: usize, n: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut seen = 0usize;
    // Inside a string: its closing delimiter.
    let mut in_string: Option<&str> = None;
    for (i, line) in lines.iter().enumerate().skip(start) {
        let mut rest = if i == start {
            line.split_once('=').map_or(*line, |(_, v)| v)
        } else {
            line
        };
        while let Some(c) = rest.chars().next() {
            if let Some(close) = in_string {
                // (A backslash escapes the next character in basic strings.)
                if close.starts_with('"') && c == '\\' {
                    rest = &rest[1..];
                    rest = rest
                        .get(rest.chars().next().map_or(0, char::len_utf8)..)
                        .unwrap_or_default();
                    continue;
                }
                match rest.strip_prefix(close) {
                    Some(after) => {
                        in_string = None;
                        rest = after;
                    }
                    None => rest = &rest[c.len_utf8()..],
                }
                continue;
            }
            let item = |seen: &mut usize| {
                *seen += 1;
                *seen == n
            };
            if let Some(q) = ["\"\"\"", "'''", "\"", "'"]
                .into_iter()
                .find(|q| rest.starts_with(q))
            {
                if depth == 1 && item(&mut seen) {
                    return Some(i + 1);
                }
                in_string = Some(q);
                rest = &rest[q.len()..];
                continue;
            }
            match c {
                '#' => break,
                ']' if depth <= 1 => return None,
                '{' if depth == 1 && item(&mut seen) => return Some(i + 1),
                '[' | '{' => depth += 1,
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
            rest = &rest[c.len_utf8()..];
        }
    }
    None
}

/// A line holding a placeholder: its value (after `=`, or the line itself in a list).
fn line_placeholder(line: &str) -> bool {
    let value = line.split_once('=').map_or(line, |(_, v)| v);
    is_placeholder(value.trim().trim_end_matches(',').trim().trim_matches('"'))
        || line.contains(PLACEHOLDER)
}

/// The amounts (in the sections that hold money) written with more than two decimals
/// (`"1,367.525"`), which are rounded to the cent as they are read.
fn over_two_decimals(raw: &toml::Value) -> Vec<(String, String)> {
    const MONEY: &[&str] = &[
        "上年",
        "年初预算",
        "政府采购",
        "三公经费",
        "绩效自评",
        "机关运行经费",
    ];
    let mut out = Vec::new();
    walk_toml(raw, String::new(), &mut |path, v| {
        let text = match v {
            toml::Value::String(s) => s.trim().to_string(),
            toml::Value::Float(f) => f.to_string(),
            _ => return,
        };
        let long = crate::amount::parse_amount_text_with_unit(&text)
            .is_some_and(|(value, _)| value.normalize().scale() > 2);
        if long && MONEY.iter().any(|m| path.starts_with(m)) {
            out.push((path.to_string(), text));
        }
    });
    out
}

fn walk_placeholders(path: &str, v: &toml::Value, out: &mut Vec<String>) {
    walk_toml(v, path.to_string(), &mut |p, v| {
        if let toml::Value::String(s) = v {
            if is_placeholder(s) {
                out.push(p.to_string());
            }
        }
    });
}

/// Calls `f` on every value under `v` with its dotted key path (`部门概况.职责[2]`), the
/// path `check` and its line lookup use.
pub(crate) fn walk_toml(v: &toml::Value, path: String, f: &mut impl FnMut(&str, &toml::Value)) {
    f(&path, v);
    match v {
        toml::Value::Table(t) => {
            for (k, v) in t {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                walk_toml(v, p, f);
            }
        }
        toml::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                walk_toml(v, format!("{path}[{}]", i + 1), f);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 年度 as a number or as a clerk types it in quotes; anything else said as a year.
    #[test]
    fn year_written_as_clerks_write_it() {
        for text in [
            "2023",
            "\"2023\"",
            "\"2023年\"",
            "\"2023年度\"",
            "\"２０２３\"",
            "\"二〇二三年度\"",
        ] {
            let p = Profile::parse("p.toml", &format!("\"年度\" = {text}\n")).unwrap();
            assert_eq!(p.year, Some(2023), "{text}");
        }
        for (text, found) in [("\"23\"", "“23”"), ("2023.5", "小数 2023.5")] {
            let e = Profile::parse("p.toml", &format!("\"年度\" = {text}\n")).unwrap_err();
            assert!(
                e.to_string()
                    .ends_with(&format!("应为年度（如 2023），实为{found}")),
                "{e}"
            );
        }
    }

    /// An amount left unfilled is a placeholder (listed by `check`); `无` or nothing is
    /// no amount, and the message says to write 0.
    #[test]
    fn amounts_as_clerks_leave_them() {
        let p = Profile::parse("p.toml", "[\"上年\"]\n\"机关运行经费\" = \"待填写\"\n").unwrap();
        assert_eq!(p.placeholders(), ["上年.机关运行经费"]);
        for typed in ["无", "-", ""] {
            let text = format!("[\"上年\"]\n\"机关运行经费\" = \"{typed}\"\n");
            let e = Profile::parse("p.toml", &text).unwrap_err().to_string();
            assert!(
                e.ends_with(&format!("实为“{typed}”（没有这项金额请填 0）")),
                "{e}"
            );
        }
    }

    /// The line of each item of a list, however the items are laid out.
    #[test]
    fn list_items_are_located() {
        let text = "[\"部门概况\"]\n\"职责\" = [\"一，]\", # note\n  \"二\",\n\n  \"\"\"三\n续\"\"\", '四'\n]\n";
        let p = Profile::parse("p.toml", text).unwrap();
        let lines: Vec<Option<usize>> = (1..=5)
            .map(|n| p.line_of(&format!("部门概况.职责[{n}]")))
            .collect();
        assert_eq!(lines, [Some(2), Some(3), Some(5), Some(6), None]);
    }

    #[test]
    fn walk_names_nested_keys_and_list_items() {
        let v: toml::Value = toml::from_str("[a]\nb = [\"x\", \"y\"]\n").unwrap();
        let mut seen = Vec::new();
        walk_toml(&v, String::new(), &mut |p, _| seen.push(p.to_string()));
        assert_eq!(seen, ["", "a", "a.b", "a.b[1]", "a.b[2]"]);
    }

    /// A key is found in its own table, not in another table holding the same key.
    #[test]
    fn a_key_is_located_in_its_table() {
        let text = "\"部门名称\" = \"x\"\n\n[\"用途\".\"按科目\"]\n\"208\" = \"a\"\n\
                    [\"原因\".\"按科目\"]\n# \"208\" = \"old\"\n\"201\" = \"b\"\n\"208\" = \"c\"\n";
        let p = Profile::parse("部门信息.toml", text).unwrap();
        assert_eq!(p.line_of("部门名称"), Some(1));
        assert_eq!(p.line_of("用途.按科目.\"208\""), Some(4));
        assert_eq!(p.line_of("原因.按科目.\"208\""), Some(8));
        assert_eq!(p.line_of("原因.按科目.210"), None);
        assert_eq!(p.line_of("原因"), None);
    }

    #[test]
    fn unknown_key_is_named() {
        let err = Profile::parse(
            "部门信息.toml",
            "\"部门名称\" = \"x\"\n[\"原因\"]\n\"收入支出总记\" = \"y\"\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("未知的键“收入支出总记”"), "{err}");
        assert!(err.contains("第3行"), "{err}");
    }

    /// A 三公 item misspelt under 原因 would drop its paragraph: refused with its line.
    /// Half-width brackets are the same item.
    #[test]
    fn sangong_item_names_are_checked() {
        let err = Profile::parse(
            "部门信息.toml",
            "[\"原因\".\"三公经费\"]\n\"公务接待费\" = \"a\"\n\"公务招待费\" = \"b\"\n",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("第3行：原因.三公经费 下的“公务招待费”不是“三公”经费的项目"),
            "{err}"
        );
        let p = Profile::parse(
            "p",
            "[\"用途\".\"三公经费\"]\n\"因公出国(境)费\" = \"考察\"\n",
        )
        .unwrap();
        assert_eq!(p.uses.sangong["因公出国（境）费"], "考察");
    }

    /// The profile is in 万元: `72800元` is refused with the figure in 万元, not read as
    /// 72,800 万元.
    #[test]
    fn an_amount_in_yuan_is_refused() {
        let err = Profile::parse(
            "部门信息.toml",
            "[\"上年\"]\n\"机关运行经费\" = \"72800元\"\n",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("金额应以万元为单位，实为“72800元”（即 7.28 万元，请改写为 \"7.28\"；若这个数本来就是万元，删去“元”即可）"),
            "{err}"
        );
        let p = Profile::parse("p", "[\"上年\"]\n\"机关运行经费\" = \"7.28万元\"\n").unwrap();
        assert_eq!(p.prior.running_costs.unwrap().0.to_string(), "7.28");
        // A number beyond any amount is said short, not in its 309 digits.
        let err = Profile::parse("p", "[\"上年\"]\n\"机关运行经费\" = 1e308\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("金额无效：1e308（数字过大或不是数字）"),
            "{err}"
        );
    }

    #[test]
    fn codes_typed_in_full_width_are_the_tables_codes() {
        let p = Profile::parse(
            "p",
            "[\"原因\".\"按科目\"]\n\"２０８\" = \"人员增加\"\n[\"上年\".\"一般公共预算财政拨款支出按科目\"]\n\" 201 \" = \"1.00\"\n",
        )
        .unwrap();
        assert_eq!(
            p.reasons.by_code.get("208").map(String::as_str),
            Some("人员增加")
        );
        assert!(p.prior.general_by_code.contains_key("201"));
        // The same code twice, once with a space: refused, not one dropped.
        let e = Profile::parse(
            "p",
            "[\"原因\".\"按科目\"]\n\"208\" = \"人员增加\"\n\" 208\" = \"人员减少\"\n",
        )
        .unwrap_err();
        assert!(
            e.to_string().ends_with("[\"原因\".\"按科目\"] 中的键“ 208”和“208”是同一个科目代码 208，写了两次（多了空格或全角数字）：请合并成一处"),
            "{e}"
        );
    }

    #[test]
    fn units_assets_and_their_typos() {
        let p = Profile::parse(
            "p",
            "[\"部门概况\"]\n\"部门决算单位构成\" = [\"甲局（本级）\", { \"名称\" = \"乙中心\", \"备注\" = \"下属事业单位\" }]\n[\"国有资产\"]\n\"其他用车\" = 2\n\"单价100万元以上设备\" = 1\n",
        )
        .unwrap();
        assert_eq!(p.overview.units[0].name, "甲局（本级）");
        assert_eq!(
            p.overview.units[1],
            Unit {
                name: "乙中心".into(),
                note: Some("下属事业单位".into())
            }
        );
        let assets = p.assets.unwrap();
        assert_eq!(assets.vehicle_kinds()[7], ("其他用车", 2));
        assert_eq!(assets.equipment, 1);
        let err = Profile::parse("p", "[\"国有资产\"]\n\"其它用车\" = 1\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("未知的键“其它用车”"), "{err}");
        let err = Profile::parse(
            "p",
            "[\"部门概况\"]\n\"部门决算单位构成\" = [{ \"单位\" = \"乙\" }]\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("单位应写成"), "{err}");
    }

    #[test]
    fn money_forms() {
        let p = Profile::parse(
            "p",
            "[\"上年\"]\n\"收入总计\" = \"1,367.52\"\n\"支出总计\" = 1367.52\n\"机关运行经费\" = 7\n",
        )
        .unwrap();
        assert_eq!(p.prior.income_total.unwrap().0.to_string(), "1367.52");
        assert_eq!(p.prior.expense_total.unwrap().0.to_string(), "1367.52");
        assert_eq!(p.prior.running_costs.unwrap().0.to_string(), "7.00");
    }
}
