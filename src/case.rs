//! A case: the folder a clerk keeps for one department and year — the 公开表 workbook,
//! the 绩效自评 workbook, the profile (部门信息.toml), optional template overrides.

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::derive::{derive, Inputs};
use crate::ingest::{read_gongkai, IngestError};
use crate::jixiao::{read_jixiao_named, GradeBands, Mismatch, Project};
use crate::model::{Gongkai, TableKind};
use crate::profile::{Money, Profile, ProfileError};
use crate::settings::Settings;
use crate::view::{tables::tables_view, DocumentView, ProfileView, TableOptions};
use rust_decimal::Decimal;

pub const PROFILE_FILE: &str = "部门信息.toml";

/// A profile saved under another name: `部门信息.toml.txt` (Notepad), `部门信息.TOML`,
/// `部门信息(1).toml` (a second download), `部门信息.txt`.
fn misnamed_profile(dir: &Path) -> Option<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("部门信息") && n.as_str() != PROFILE_FILE)
        .collect();
    names.sort();
    names.into_iter().next()
}

#[derive(Debug, Error)]
pub enum CaseError {
    #[error("{0} 不是一个案例文件夹（应为包含公开表工作簿和 部门信息.toml 的文件夹）")]
    NotADir(String),
    #[error("无法打开案例文件夹 {dir}：{reason}")]
    Unreadable { dir: String, reason: String },
    #[error("案例文件夹 {dir} 不存在{hint}")]
    NoSuchDir { dir: String, hint: &'static str },
    #[error("案例文件夹 {dir} 中找不到{what}")]
    Missing { dir: String, what: String },
    #[error("案例文件夹 {dir} 中有多个{what}（{files}），不知道用哪一个；请只保留一个{hint}")]
    Ambiguous {
        dir: String,
        what: String,
        files: String,
        /// How to keep both when both are wanted (last year's 公开表).
        hint: String,
    },
    #[error(transparent)]
    Ingest(Box<IngestError>),
    #[error(transparent)]
    Profile(#[from] ProfileError),
}

impl From<IngestError> for CaseError {
    fn from(e: IngestError) -> Self {
        CaseError::Ingest(Box::new(e))
    }
}

/// Everything read from a case folder.
pub struct Case {
    pub dir: PathBuf,
    pub gongkai: Gongkai,
    pub profile: Profile,
    pub projects: Vec<Project>,
    pub jixiao_mismatches: Vec<Mismatch>,
    /// Sheets of the 绩效 workbook titled as a 绩效自评表 and not read, with why.
    pub jixiao_skipped: Vec<(String, &'static str)>,
    pub bands: GradeBands,
    /// The district's and the case's 设置.toml, merged.
    pub settings: Settings,
    /// 上年 figures given both in the profile and by last year's workbook, and different:
    /// (key, profile value, workbook value).
    pub prior_conflicts: Vec<PriorConflict>,
    /// 上年 figures the profile left as placeholders and last year's workbook gave
    /// (key with its line, as `check` shows placeholders): nothing to fill, lines to delete.
    pub prior_placeholders: Vec<String>,
    /// Last year's 公开表 when the case holds one: its file name, year and department, so
    /// that a workbook of the wrong year or department is not taken for last year's.
    pub prior_book: Option<PriorBook>,
}

/// Identification of the 上年 workbook of a case.
#[derive(Debug, Clone)]
pub struct PriorBook {
    pub file: String,
    pub year: Option<i32>,
    pub department: String,
    /// Last year's 公开01表 年末结转和结余 and its cell: this year's 年初 starts from it.
    pub carry_out: Option<(Decimal, String)>,
}

/// The 年初/年末结转和结余 line of 公开01表 (`when`: `年初` or `年末`), not its sub-lines.
pub fn carry_line<'a>(
    lines: &'a [crate::model::Line],
    when: &str,
) -> Option<&'a crate::model::Line> {
    lines
        .iter()
        .find(|l| !l.sub && l.label.contains(when) && l.label.contains("结转和结余"))
}

/// Fill the profile's 上年 figures from last year's 公开表; a figure given both ways must agree.
/// A 上年 figure given both ways and different: (key, the profile's figure, the
/// workbook's figure, its cell in last year's workbook).
pub type PriorConflict = (String, Decimal, Decimal, String);

fn merge_prior(
    profile: &mut Profile,
    this: &Gongkai,
    last: &Gongkai,
) -> (Vec<PriorConflict>, Vec<String>) {
    // Each figure of last year's workbook with its cell, for a conflict's message.
    let total = |lines: &[crate::model::Line]| {
        crate::model::grand_total(lines).map_or((Decimal::ZERO, String::new()), |l| {
            let cell = l.cells.first().map(|c| c.to_string()).unwrap_or_default();
            (l.amount(), cell)
        })
    };
    let cell_of = |c: Option<&crate::model::CellRef>| c.map(|c| c.to_string()).unwrap_or_default();
    let mut conflicts = Vec::new();
    // A placeholder `init` left (it reads as 0) is no figure given: the workbook fills it.
    let placeholders: std::collections::HashSet<String> =
        profile.placeholder_keys.iter().cloned().collect();
    let mut filled = std::collections::HashSet::new();
    let mut put = |key: &str, slot: &mut Option<Money>, (value, cell): (Decimal, String)| {
        let key = format!("上年.{key}");
        if placeholders.contains(&key) {
            *slot = None;
            filled.insert(key.clone());
        }
        match slot {
            Some(m) if m.0 != value => conflicts.push((key, m.0, value, cell)),
            Some(_) => {}
            None => *slot = Some(Money(value)),
        }
    };
    let p = &mut profile.prior;
    put("收入总计", &mut p.income_total, total(&last.t01.income));
    put("支出总计", &mut p.expense_total, total(&last.t01.expense));
    put(
        "财政拨款收入总计",
        &mut p.fiscal_income_total,
        total(&last.t04.income),
    );
    put(
        "财政拨款支出总计",
        &mut p.fiscal_expense_total,
        total(&last.t04.expense),
    );
    put(
        "一般公共预算财政拨款支出",
        &mut p.general,
        (last.t05.total_of("合计"), cell_of(last.t05.total_cell(0))),
    );
    let s = &last.t09.actual;
    let sg = &mut p.sangong;
    for (name, slot, value) in [
        ("合计", &mut sg.total, s.total),
        ("因公出国（境）费", &mut sg.abroad, s.abroad),
        (
            "公务用车购置费",
            &mut sg.vehicle_purchase,
            s.vehicle_purchase,
        ),
        (
            "公务用车运行维护费",
            &mut sg.vehicle_running,
            s.vehicle_running,
        ),
        ("公务接待费", &mut sg.reception, s.reception),
    ] {
        let cell = cell_of(last.t09.cells.get(&format!("决算数.{name}")));
        put(&format!("三公经费.{name}"), slot, (value, cell));
    }
    if let Some(t10) = &last.t10 {
        let running = t10.running_costs();
        put(
            "机关运行经费",
            &mut p.running_costs,
            (running, "公开10表".into()),
        );
    }
    for row in &last.t05.rows {
        let value = last.t05.value(&row.code, "合计");
        let mut slot = p.general_by_code.get(&row.code).copied();
        put(
            &format!("一般公共预算财政拨款支出按科目.{}", row.code),
            &mut slot,
            (value, cell_of(row.cells.first().and_then(Option::as_ref))),
        );
        if let Some(m) = slot {
            p.general_by_code.insert(row.code.clone(), m);
        }
        p.names_by_code.insert(row.code.clone(), row.name.clone());
    }
    // Last year's whole table is at hand: a 科目 it does not list had no spending then
    // (上年无此项支出), not an unknown figure.
    for row in &this.t05.rows {
        if last.t05.row(&row.code).is_none() {
            p.general_by_code
                .entry(row.code.clone())
                .or_insert(Money(Decimal::ZERO));
        }
    }
    // The filled placeholders leave the list `check` refuses, and are said once as a hint.
    let located = profile.placeholders_located();
    let mut kept = (Vec::new(), Vec::new());
    let mut said = Vec::new();
    for ((key, line), shown) in profile
        .placeholder_keys
        .iter()
        .zip(&profile.placeholder_lines)
        .zip(located)
    {
        if filled.contains(key) {
            said.push(shown);
        } else {
            kept.0.push(key.clone());
            kept.1.push(*line);
        }
    }
    (profile.placeholder_keys, profile.placeholder_lines) = kept;
    (conflicts, said)
}

fn is_workbook(p: &Path) -> bool {
    matches!(
        p.extension().and_then(|e| e.to_str()).map(|e| e.to_ascii_lowercase()),
        // .xlsm (with macros) and WPS's .et read as the workbooks they are inside.
        Some(ref e) if ["xlsx", "xlsm", "xls", "et", "ods"].contains(&e.as_str())
    ) && !p
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with(['~', '.']))
}

/// See `Case::too_long_to_typeset`.
pub const MAX_TABLE_ROWS: usize = 3000;
/// Indicators of one 绩效自评表 (a form has some ten to thirty), and of all of them.
pub const MAX_INDICATORS: usize = 300;
pub const MAX_ALL_INDICATORS: usize = 3000;

impl Case {
    /// Load with the built-in settings (no 设置.toml).
    pub fn load(dir: &Path) -> Result<Case, CaseError> {
        Case::load_with(dir, Settings::default())
    }

    /// Load with the district's and the case's settings (see `settings::load`).
    pub fn load_with(dir: &Path, settings: Settings) -> Result<Case, CaseError> {
        let bands = settings.bands.clone().unwrap_or_default();
        if !dir.exists() {
            return Err(CaseError::NoSuchDir {
                dir: dir.display().to_string(),
                hint: crate::files::backslash_hint(dir),
            });
        }
        if !dir.is_dir() {
            return Err(CaseError::NotADir(dir.display().to_string()));
        }
        let mut books: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| CaseError::Unreadable {
                dir: dir.display().to_string(),
                reason: crate::files::io_reason(&e),
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| is_workbook(p))
            .collect();
        books.sort();
        let (mut jixiao, mut gongkai): (Vec<PathBuf>, Vec<PathBuf>) = books
            .into_iter()
            .partition(|p| crate::files::is_jixiao_file(p));
        let is_last_year = |p: &PathBuf| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().contains("上年"))
        };
        // File names tell the two kinds apart; where they leave this year's 公开表 unclear
        // (one form per project saved under the project's name, or a 公开表 named
        // `…（含绩效自评）`), the contents decide.
        if gongkai.iter().filter(|p| !is_last_year(p)).count() > 1 {
            let (forms, rest): (Vec<PathBuf>, Vec<PathBuf>) = gongkai
                .into_iter()
                .partition(|p| !is_last_year(p) && crate::jixiao::holds_forms(p));
            jixiao.extend(forms);
            gongkai = rest;
        }
        if !gongkai.iter().any(|p| !is_last_year(p)) {
            if let Some(i) = jixiao
                .iter()
                .position(|p| !is_last_year(p) && read_gongkai(p).is_ok())
            {
                gongkai.push(jixiao.remove(i));
            }
        }
        // Two workbooks of a kind (a copy kept beside the original) are ambiguous: the
        // clerk says which one counts by removing the other.
        let ambiguous = |what: &str, list: Vec<&PathBuf>| -> Result<(), CaseError> {
            if list.len() > 1 {
                return Err(CaseError::Ambiguous {
                    dir: dir.display().to_string(),
                    hint: if what == "公开表工作簿" {
                        "（上年的公开表请在文件名中写上“上年”，如“上年公开表.xlsx”）".into()
                    } else {
                        String::new()
                    },
                    what: what.into(),
                    files: list
                        .iter()
                        .filter_map(|p| p.file_name())
                        .map(|n| format!("“{}”", n.to_string_lossy()))
                        .collect::<Vec<_>>()
                        .join("、"),
                });
            }
            Ok(())
        };
        ambiguous(
            "公开表工作簿",
            gongkai.iter().filter(|p| !is_last_year(p)).collect(),
        )?;
        ambiguous(
            "上年公开表工作簿",
            gongkai.iter().filter(|p| is_last_year(p)).collect(),
        )?;
        let last_year = gongkai.iter().find(|p| is_last_year(p)).cloned();
        let gongkai_path =
            gongkai
                .iter()
                .find(|p| !is_last_year(p))
                .ok_or_else(|| CaseError::Missing {
                    dir: dir.display().to_string(),
                    what: "公开表工作簿（.xlsx/.xlsm/.xls/.et/.ods）".into(),
                })?;
        let mut gongkai = read_gongkai(gongkai_path)?;
        let profile_path = dir.join(PROFILE_FILE);
        let mut profile = if profile_path.exists() {
            Profile::load(&profile_path)?
        } else {
            return Err(CaseError::Missing {
                dir: dir.display().to_string(),
                what: match misnamed_profile(dir) {
                    Some(name) => format!(
                        "{PROFILE_FILE}（文件夹中的“{name}”是否就是它？请改名为 {PROFILE_FILE}）"
                    ),
                    // The exact command, for the workbook that is there.
                    None => format!(
                        "{PROFILE_FILE}（可用 juesuan init {} {} 生成）",
                        crate::files::for_command(gongkai_path),
                        crate::files::for_command(dir)
                    ),
                },
            });
        };
        if gongkai.t10.is_none() {
            note_missing_t10(&mut gongkai.warnings, &profile);
        }
        let ((prior_conflicts, prior_placeholders), prior_book) = match &last_year {
            Some(p) => {
                let last = read_gongkai(p)?;
                let book = PriorBook {
                    file: last.source.clone(),
                    year: last.year,
                    department: last.department.clone(),
                    carry_out: carry_line(&last.t01.expense, "年末").map(|l| {
                        let cell = l.cells.first().map(|c| c.to_string()).unwrap_or_default();
                        (l.amount(), cell)
                    }),
                };
                (merge_prior(&mut profile, &gongkai, &last), Some(book))
            }
            None => ((Vec::new(), Vec::new()), None),
        };
        // The 绩效 forms may come in one workbook or one per project (as the system
        // exports them): all are read, in the order of their numbered names. A copy kept
        // beside its original (the same projects again) is ambiguous, as above.
        jixiao.sort_by(|a, b| {
            let name = |p: &PathBuf| p.file_name().map(|n| n.to_string_lossy().into_owned());
            crate::files::natural_order(&name(a).unwrap_or_default(), &name(b).unwrap_or_default())
        });
        let mut reads: Vec<(&PathBuf, crate::jixiao::Read)> = Vec::new();
        for p in &jixiao {
            let read = read_jixiao_named(p, &bands, jixiao.len() > 1)?;
            let names = |r: &crate::jixiao::Read| {
                let mut n: Vec<String> = r.projects.iter().map(|pj| pj.name.clone()).collect();
                n.sort();
                n
            };
            if let Some((original, _)) = reads
                .iter()
                .find(|(_, r)| !r.projects.is_empty() && names(r) == names(&read))
            {
                ambiguous("内容相同的绩效自评表工作簿", vec![*original, p])?;
            }
            reads.push((p, read));
        }
        let (mut projects, mut jixiao_mismatches, mut jixiao_skipped) =
            (Vec::new(), Vec::new(), Vec::new());
        for (_, read) in reads {
            projects.extend(read.projects);
            jixiao_mismatches.extend(read.mismatches);
            jixiao_skipped.extend(read.skipped);
        }
        Ok(Case {
            dir: dir.to_path_buf(),
            gongkai,
            profile,
            projects,
            jixiao_mismatches,
            jixiao_skipped,
            bands,
            settings,
            prior_conflicts,
            prior_placeholders,
            prior_book,
        })
    }

    /// Whether the style tells 五（三）per 项 (Shanghai's always does; others when
    /// `情况说明.细化到` is not 类) rather than per 类.
    pub fn narrative_per_item(&self) -> bool {
        self.settings.style.as_deref() == Some("shanghai")
            || self
                .settings
                .layout
                .narrative_detail
                .as_deref()
                .is_some_and(|level| level != "类")
    }

    /// A table longer than any department's (a few hundred 项 at most) is refused before
    /// it is typeset: 50,000 rows would be a thousand pages and gigabytes of layout,
    /// almost always a broken export. `None` when every table fits.
    /// A table, or the 附件, longer than any department's: typesetting it would take
    /// minutes and gigabytes, so it is refused with its size.
    pub fn too_long_to_typeset(&self) -> Option<String> {
        let g = &self.gongkai;
        let rows = [
            (TableKind::T02, g.t02.rows.len()),
            (TableKind::T03, g.t03.rows.len()),
            (TableKind::T05, g.t05.rows.len()),
            (TableKind::T07, g.t07.rows.len()),
            (TableKind::T08, g.t08.rows.len()),
            (TableKind::T06, g.t06.personnel.len() + g.t06.public.len()),
        ];
        if let Some((kind, n)) = rows.into_iter().find(|(_, n)| *n > MAX_TABLE_ROWS) {
            return Some(format!(
                "{}（{}）有 {n} 行，超过可排版的上限 {MAX_TABLE_ROWS} 行（一个部门一般只有几十到几百行），请核实公开表是否导出有误",
                kind.label(),
                kind.title()
            ));
        }
        // The 附件 likewise: a form has some ten to thirty indicators.
        if let Some(p) = self
            .projects
            .iter()
            .find(|p| p.indicators.len() > MAX_INDICATORS)
        {
            return Some(format!(
                "绩效自评表“{}”（工作表“{}”）有 {} 个绩效指标，超过可排版的上限 {MAX_INDICATORS} 个，请核实绩效自评表是否有误",
                p.name,
                p.sheet,
                p.indicators.len()
            ));
        }
        let total: usize = self.projects.iter().map(|p| p.indicators.len()).sum();
        (total > MAX_ALL_INDICATORS)
            .then(|| {
                format!(
                    "绩效自评表共 {} 个项目、{total} 个绩效指标，超过可排版的上限 {MAX_ALL_INDICATORS} 个；附件只需附上要公开的项目",
                    self.projects.len()
                )
            })
            // And texts far longer than any real one (see `text_limits`).
            .or_else(|| crate::text_limits::text_too_long(self))
    }

    pub fn department(&self) -> String {
        self.profile
            .department
            .clone()
            .filter(|d| !d.is_empty())
            .unwrap_or_else(|| self.gongkai.department.clone())
    }

    pub fn year(&self) -> i32 {
        self.profile.year.or(self.gongkai.year).unwrap_or(0)
    }

    /// The figures of the 情况说明 (without the formatted tables).
    pub fn narrative(&self) -> crate::derive::Narrative {
        let labels = self.bands.labels();
        derive(&Inputs {
            gongkai: &self.gongkai,
            profile: &self.profile,
            attached_projects: &self.projects,
            grade_labels: &labels,
            style: self.settings.numbers,
        })
    }

    /// The layout settings with the cover lines' `{部门名称}` / `{年度}` filled in.
    fn layout_view(&self, dept: &str, year: i32) -> crate::settings::Layout {
        let mut layout = self.settings.layout.clone();
        if let Some(lines) = layout.cover.as_mut() {
            for l in lines {
                *l = l
                    .replace("{部门名称}", dept)
                    .replace("{年度}", &year.to_string());
            }
        }
        layout
    }

    pub fn view(&self) -> DocumentView {
        let dept = self.department();
        let year = self.year();
        let narrative = self.narrative();
        DocumentView {
            // The PDF's title as the cover names the document: the Shanghai template's
            // cover says 部门决算.
            title: if self.settings.style.as_deref() == Some("shanghai") {
                format!("{dept}{year}年度部门决算")
            } else {
                format!("{dept}{year}年度部门决算公开")
            },
            department: dept.clone(),
            year,
            profile: ProfileView {
                duties: self.profile.overview.duties.clone(),
                organization: self.profile.overview.organization.clone(),
                units: self.profile.overview.units.clone(),
            },
            tables: tables_view(
                &self.gongkai,
                &dept,
                year,
                &TableOptions {
                    numbers: self.settings.table_numbers,
                    label: self.settings.table_label.clone(),
                    order: self.settings.layout.tables.clone(),
                },
            ),
            narrative,
            attachments: {
                let places = crate::jixiao::amount_places(&self.projects);
                self.projects.iter().map(|p| p.view(year, places)).collect()
            },
            settings: self.layout_view(&dept, year),
            draft: false,
        }
    }
}

/// Without 公开10表 the profile gives 机关运行经费, 政府采购 and 国有资产: the workbook's note
/// says only what the profile still lacks, or goes when nothing is lacking.
fn note_missing_t10(warnings: &mut Vec<String>, profile: &Profile) {
    let lacking: Vec<&str> = [
        ("机关运行经费", profile.running_costs.is_some()),
        (
            "政府采购",
            profile.procurement.total.is_some()
                || profile.procurement.goods.is_some()
                || profile.procurement.works.is_some()
                || profile.procurement.services.is_some(),
        ),
        ("国有资产", profile.assets.is_some()),
    ]
    .into_iter()
    .filter(|(_, given)| !given)
    .map(|(name, _)| name)
    .collect();
    let Some(i) = warnings
        .iter()
        .position(|w| w.ends_with(crate::ingest::NO_T10))
    else {
        return;
    };
    if lacking.is_empty() {
        warnings.remove(i);
    } else {
        let file = warnings[i]
            .trim_end_matches(crate::ingest::NO_T10)
            .to_string();
        warnings[i] = format!(
            "{file}没有找到公开10表（部门决算公开相关信息统计表）；部门信息文件中还缺：{}",
            lacking.join("、")
        );
    }
}
