//! Bounds on the texts a case hands to the typesetter. Typst lays out a long unbroken
//! text in a narrow table cell in time that grows much faster than its length (a 科目名称
//! of 20,000 characters took 24 s, 100,000 did not finish), and a profile of a few hundred
//! thousand characters takes gigabytes. Real texts are far below these bounds: a 科目名称
//! has some ten characters, a 职责 paragraph a few hundred, a 绩效 analysis a thousand.

use crate::case::Case;
use crate::model::TableKind;

/// A name in a table cell (科目名称, 经济分类 name, a line of 01/04/10).
pub const MAX_NAME_CHARS: usize = 200;
/// One text of the profile or of a 绩效自评表 (a paragraph, a 绩效 cell).
pub const MAX_TEXT_CHARS: usize = 5_000;
/// Items of one list of the profile (职责, 机构设置 …).
pub const MAX_LIST_ITEMS: usize = 300;
/// All texts of the profile together.
pub const MAX_PROFILE_CHARS: usize = 200_000;
/// All texts of the 绩效自评表 forms together: the sample's eight forms hold some ten
/// thousand characters; 300 indicators of 5,000 characters in ten forms took 5.8 GB.
pub const MAX_JIXIAO_CHARS: usize = 300_000;

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// The first text of the case beyond its bound, said with where it is.
pub fn text_too_long(case: &Case) -> Option<String> {
    table_names(case)
        .or_else(|| profile_texts(case))
        .or_else(|| jixiao_texts(case))
}

fn table_names(case: &Case) -> Option<String> {
    let g = &case.gongkai;
    let too_long = |kind: TableKind, what: String, name: &str, at: String| {
        let n = chars(name);
        (n > MAX_NAME_CHARS).then(|| {
            format!(
                "{}（{}）{what}的名称有 {n} 个字（{at} 所在行），超过 {MAX_NAME_CHARS} 个字的上限，像是导出有误，请核实",
                kind.label(),
                kind.title()
            )
        })
    };
    for (kind, t) in g.code_tables() {
        for row in &t.rows {
            if let Some(m) = too_long(
                kind,
                format!(" {} ", row.code),
                &row.name,
                row.at.to_string(),
            ) {
                return Some(m);
            }
        }
    }
    for row in g.t06.personnel.iter().chain(&g.t06.public) {
        if let Some(m) = too_long(
            TableKind::T06,
            format!(" {} ", row.code),
            &row.name,
            row.at.to_string(),
        ) {
            return Some(m);
        }
    }
    for (kind, t) in [(TableKind::T01, &g.t01), (TableKind::T04, &g.t04)] {
        for line in t.income.iter().chain(&t.expense) {
            let at = line
                .cells
                .first()
                .map(|c| c.to_string())
                .unwrap_or_default();
            if let Some(m) = too_long(kind, "一行".into(), &line.label, at) {
                return Some(m);
            }
        }
    }
    if let Some(t10) = &g.t10 {
        for line in &t10.lines {
            if let Some(m) = too_long(
                TableKind::T10,
                "一行".into(),
                &line.label,
                line.at.to_string(),
            ) {
                return Some(m);
            }
        }
    }
    None
}

/// Every text of the profile, walked in its TOML form so that a bound names the key and
/// its line, whatever section holds it.
fn profile_texts(case: &Case) -> Option<String> {
    let p = &case.profile;
    let value: toml::Value = toml::from_str(&p.source).ok()?;
    let mut total = 0usize;
    let mut found = None;
    crate::profile::walk_toml(&value, String::new(), &mut |path, v| {
        if found.is_some() {
            return;
        }
        let line = |path: &str| {
            p.line_of(path.split('[').next().unwrap_or(path))
                .map(|l| format!("（第{l}行）"))
                .unwrap_or_default()
        };
        match v {
            toml::Value::String(s) => {
                let n = chars(s);
                total += n;
                if n > MAX_TEXT_CHARS {
                    found = Some(format!(
                        "{} {path}{} 有 {n} 个字，超过一段 {MAX_TEXT_CHARS} 个字的上限，请分成几段或精简",
                        crate::case::PROFILE_FILE,
                        line(path)
                    ));
                }
            }
            toml::Value::Array(items) if items.len() > MAX_LIST_ITEMS => {
                found = Some(format!(
                    "{} {path}{} 有 {} 项，超过 {MAX_LIST_ITEMS} 项的上限，请核实",
                    crate::case::PROFILE_FILE,
                    line(path),
                    items.len()
                ));
            }
            _ => {}
        }
    });
    found.or_else(|| {
        (total > MAX_PROFILE_CHARS).then(|| {
            format!(
                "{} 的文字共 {total} 个字，超过 {MAX_PROFILE_CHARS} 个字的上限，请核实",
                crate::case::PROFILE_FILE
            )
        })
    })
}

fn jixiao_texts(case: &Case) -> Option<String> {
    let mut total = 0;
    for p in &case.projects {
        let mut texts: Vec<(&str, &str)> = vec![
            ("项目名称", &p.name),
            ("主管部门", &p.department),
            ("预算单位", &p.unit),
            ("年度目标", &p.goal),
            ("实际完成情况", &p.achieved),
        ];
        for i in &p.indicators {
            for t in [
                &i.level1,
                &i.level2,
                &i.name,
                &i.initial,
                &i.adjusted,
                &i.actual,
                &i.deviation,
            ] {
                texts.push(("绩效指标", t));
            }
        }
        for (label, text) in &p.analysis {
            texts.push((label, text));
        }
        for (what, text) in texts {
            let n = chars(text);
            if n > MAX_TEXT_CHARS {
                return Some(format!(
                    "绩效自评表“{}”（工作表“{}”）的{}有 {n} 个字，超过 {MAX_TEXT_CHARS} 个字的上限，请精简",
                    p.name, p.sheet, what
                ));
            }
            total += n;
            if total > MAX_JIXIAO_CHARS {
                return Some(format!(
                    "绩效自评表各表的文字合计超过 {MAX_JIXIAO_CHARS} 个字（到工作表“{}”为止），附件将有上万页，像是填写或导出有误，请精简",
                    p.sheet
                ));
            }
        }
    }
    None
}
