//! A case: the folder a clerk keeps for one department and year — the 公开表 workbook,
//! the 绩效自评 workbook, the profile (部门信息.toml), optional template overrides.

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::derive::{derive, Inputs};
use crate::ingest::{read_gongkai, IngestError};
use crate::jixiao::{read_jixiao, GradeBands, Mismatch, Project};
use crate::model::Gongkai;
use crate::profile::{Profile, ProfileError};
use crate::view::{tables::tables_view, DocumentView, ProfileView, TableNumberStyle};

pub const PROFILE_FILE: &str = "部门信息.toml";

#[derive(Debug, Error)]
pub enum CaseError {
    #[error("{0} 不是一个案例文件夹（应为包含公开表工作簿和 部门信息.toml 的文件夹）")]
    NotADir(String),
    #[error("案例文件夹 {dir} 中找不到{what}")]
    Missing { dir: String, what: String },
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
    pub bands: GradeBands,
}

fn is_workbook(p: &Path) -> bool {
    matches!(
        p.extension().and_then(|e| e.to_str()).map(|e| e.to_ascii_lowercase()),
        Some(ref e) if e == "xlsx" || e == "xls" || e == "ods"
    ) && !p
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with(['~', '.']))
}

impl Case {
    pub fn load(dir: &Path) -> Result<Case, CaseError> {
        if !dir.is_dir() {
            return Err(CaseError::NotADir(dir.display().to_string()));
        }
        let mut books: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|_| CaseError::NotADir(dir.display().to_string()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| is_workbook(p))
            .collect();
        books.sort();
        let (jixiao, gongkai): (Vec<PathBuf>, Vec<PathBuf>) = books.into_iter().partition(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().contains("绩效"))
        });
        let gongkai_path = gongkai
            .iter()
            .find(|p| {
                !p.file_name()
                    .is_some_and(|n| n.to_string_lossy().contains("上年"))
            })
            .ok_or_else(|| CaseError::Missing {
                dir: dir.display().to_string(),
                what: "公开表工作簿（.xlsx/.xls/.ods）".into(),
            })?;
        let gongkai = read_gongkai(gongkai_path)?;
        let profile_path = dir.join(PROFILE_FILE);
        let profile = if profile_path.exists() {
            Profile::load(&profile_path)?
        } else {
            return Err(CaseError::Missing {
                dir: dir.display().to_string(),
                what: format!("{PROFILE_FILE}（可用 juesuan init 生成）"),
            });
        };
        let bands = GradeBands::default();
        let (projects, jixiao_mismatches) = match jixiao.first() {
            Some(p) => {
                let read = read_jixiao(p, &bands)?;
                (read.projects, read.mismatches)
            }
            None => (Vec::new(), Vec::new()),
        };
        Ok(Case {
            dir: dir.to_path_buf(),
            gongkai,
            profile,
            projects,
            jixiao_mismatches,
            bands,
        })
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

    pub fn view(&self) -> DocumentView {
        let dept = self.department();
        let year = self.year();
        let labels = self.bands.labels();
        let narrative = derive(&Inputs {
            gongkai: &self.gongkai,
            profile: &self.profile,
            attached_projects: &self.projects,
            grade_labels: &labels,
        });
        DocumentView {
            title: format!("{dept}{year}年度部门决算公开"),
            department: dept.clone(),
            year,
            profile: ProfileView {
                duties: self.profile.overview.duties.clone(),
                organization: self.profile.overview.organization.clone(),
            },
            tables: tables_view(&self.gongkai, &dept, year, TableNumberStyle::default()),
            narrative,
            attachments: self.projects.iter().map(|p| p.view(year)).collect(),
        }
    }
}
