//! Typst template files: the built-in set embedded in the binary, overridable
//! file by file from directories on disk (a district folder, then a case folder).

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::Bytes;
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};

use super::error::RenderError;

/// The built-in templates: (path relative to `typst-templates/`, contents). One line per file.
#[rustfmt::skip]
const BUILTIN: &[(&str, &[u8])] = &[
    ("main.typ", include_bytes!("../../typst-templates/main.typ")),
    ("style.typ", include_bytes!("../../typst-templates/style.typ")),
    ("phrases.typ", include_bytes!("../../typst-templates/phrases.typ")),
    ("cover.typ", include_bytes!("../../typst-templates/cover.typ")),
    ("toc.typ", include_bytes!("../../typst-templates/toc.typ")),
    ("part1-overview.typ", include_bytes!("../../typst-templates/part1-overview.typ")),
    ("part2-title.typ", include_bytes!("../../typst-templates/part2-title.typ")),
    ("part2-tables.typ", include_bytes!("../../typst-templates/part2-tables.typ")),
    ("tables/common.typ", include_bytes!("../../typst-templates/tables/common.typ")),
    ("tables/t01.typ", include_bytes!("../../typst-templates/tables/t01.typ")),
    ("tables/t02.typ", include_bytes!("../../typst-templates/tables/t02.typ")),
    ("tables/t03.typ", include_bytes!("../../typst-templates/tables/t03.typ")),
    ("tables/t04.typ", include_bytes!("../../typst-templates/tables/t04.typ")),
    ("tables/t05.typ", include_bytes!("../../typst-templates/tables/t05.typ")),
    ("tables/t06.typ", include_bytes!("../../typst-templates/tables/t06.typ")),
    ("tables/t07.typ", include_bytes!("../../typst-templates/tables/t07.typ")),
    ("tables/t08.typ", include_bytes!("../../typst-templates/tables/t08.typ")),
    ("tables/t09.typ", include_bytes!("../../typst-templates/tables/t09.typ")),
    ("tables/t10.typ", include_bytes!("../../typst-templates/tables/t10.typ")),
    ("part3-narrative.typ", include_bytes!("../../typst-templates/part3-narrative.typ")),
    ("part3/common.typ", include_bytes!("../../typst-templates/part3/common.typ")),
    ("part3/s01-totals.typ", include_bytes!("../../typst-templates/part3/s01-totals.typ")),
    ("part3/s02-income.typ", include_bytes!("../../typst-templates/part3/s02-income.typ")),
    ("part3/s03-expense.typ", include_bytes!("../../typst-templates/part3/s03-expense.typ")),
    ("part3/s04-fiscal.typ", include_bytes!("../../typst-templates/part3/s04-fiscal.typ")),
    ("part3/s05-general.typ", include_bytes!("../../typst-templates/part3/s05-general.typ")),
    ("part3/s06-basic.typ", include_bytes!("../../typst-templates/part3/s06-basic.typ")),
    ("part3/s07-fund.typ", include_bytes!("../../typst-templates/part3/s07-fund.typ")),
    ("part3/s08-capital.typ", include_bytes!("../../typst-templates/part3/s08-capital.typ")),
    ("part3/s09-sangong.typ", include_bytes!("../../typst-templates/part3/s09-sangong.typ")),
    ("part3/s10-other.typ", include_bytes!("../../typst-templates/part3/s10-other.typ")),
    ("part4-glossary.typ", include_bytes!("../../typst-templates/part4-glossary.typ")),
    ("attachments.typ", include_bytes!("../../typst-templates/attachments.typ")),
    ("styles/shanghai/cover.typ", include_bytes!("../../typst-templates/styles/shanghai/cover.typ")),
    ("styles/shanghai/part2-title.typ", include_bytes!("../../typst-templates/styles/shanghai/part2-title.typ")),
    ("styles/shanghai/part2-tables.typ", include_bytes!("../../typst-templates/styles/shanghai/part2-tables.typ")),
    ("styles/shanghai/part3-narrative.typ", include_bytes!("../../typst-templates/styles/shanghai/part3-narrative.typ")),
    ("styles/shanghai/part3/common.typ", include_bytes!("../../typst-templates/styles/shanghai/part3/common.typ")),
    ("styles/shanghai/part3/s01-totals.typ", include_bytes!("../../typst-templates/styles/shanghai/part3/s01-totals.typ")),
    ("styles/shanghai/part3/s02-income.typ", include_bytes!("../../typst-templates/styles/shanghai/part3/s02-income.typ")),
    ("styles/shanghai/part3/s03-expense.typ", include_bytes!("../../typst-templates/styles/shanghai/part3/s03-expense.typ")),
    ("styles/shanghai/part3/s04-fiscal.typ", include_bytes!("../../typst-templates/styles/shanghai/part3/s04-fiscal.typ")),
    ("styles/shanghai/part3/s05-general.typ", include_bytes!("../../typst-templates/styles/shanghai/part3/s05-general.typ")),
    ("styles/shanghai/part3/s06-basic.typ", include_bytes!("../../typst-templates/styles/shanghai/part3/s06-basic.typ")),
    ("styles/shanghai/part3/s07-sangong.typ", include_bytes!("../../typst-templates/styles/shanghai/part3/s07-sangong.typ")),
    ("styles/shanghai/part3/s08-fund.typ", include_bytes!("../../typst-templates/styles/shanghai/part3/s08-fund.typ")),
    ("styles/shanghai/part3/s09-capital.typ", include_bytes!("../../typst-templates/styles/shanghai/part3/s09-capital.typ")),
    ("styles/shanghai/part3/s10-performance.typ", include_bytes!("../../typst-templates/styles/shanghai/part3/s10-performance.typ")),
    ("styles/shanghai/part3/s11-other.typ", include_bytes!("../../typst-templates/styles/shanghai/part3/s11-other.typ")),
    ("styles/shanghai/part1-overview.typ", include_bytes!("../../typst-templates/styles/shanghai/part1-overview.typ")),
    ("styles/shanghai/part4-glossary.typ", include_bytes!("../../typst-templates/styles/shanghai/part4-glossary.typ")),
    ("styles/shanghai/tables/sh-common.typ", include_bytes!("../../typst-templates/styles/shanghai/tables/sh-common.typ")),
    ("styles/shanghai/tables/t01.typ", include_bytes!("../../typst-templates/styles/shanghai/tables/t01.typ")),
    ("styles/shanghai/tables/t02.typ", include_bytes!("../../typst-templates/styles/shanghai/tables/t02.typ")),
    ("styles/shanghai/tables/t03.typ", include_bytes!("../../typst-templates/styles/shanghai/tables/t03.typ")),
    ("styles/shanghai/tables/t04.typ", include_bytes!("../../typst-templates/styles/shanghai/tables/t04.typ")),
    ("styles/shanghai/tables/t05.typ", include_bytes!("../../typst-templates/styles/shanghai/tables/t05.typ")),
    ("styles/shanghai/tables/t06.typ", include_bytes!("../../typst-templates/styles/shanghai/tables/t06.typ")),
    ("styles/shanghai/tables/t07.typ", include_bytes!("../../typst-templates/styles/shanghai/tables/t07.typ")),
    ("styles/shanghai/tables/t08.typ", include_bytes!("../../typst-templates/styles/shanghai/tables/t08.typ")),
    ("styles/shanghai/tables/t09.typ", include_bytes!("../../typst-templates/styles/shanghai/tables/t09.typ")),
];

/// Every key of 设置.toml with its default and a comment, written by `template export`.
pub const SETTINGS_EXAMPLE: &str = "设置示例.toml";
pub(crate) const SETTINGS_EXAMPLE_TEXT: &[u8] = include_bytes!("../../docs/设置示例.toml");
/// A guide in Chinese for the district's template author: which file is which part, the
/// data, the helpers.
pub const TEMPLATE_GUIDE: &str = "模板说明.md";
const TEMPLATE_GUIDE_TEXT: &[u8] = include_bytes!("../../docs/模板说明.md");

/// The entry file every template set must have.
pub const MAIN_FILE: &str = "main.typ";

/// Where a template file came from, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateOrigin {
    /// Embedded in the binary; holds the relative path (`main.typ`).
    Builtin(String),
    /// Read from this real path on disk.
    Disk(PathBuf),
}

impl fmt::Display for TemplateOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TemplateOrigin::Builtin(name) => write!(f, "内置模板 {name}"),
            TemplateOrigin::Disk(path) => write!(f, "{}", path.display()),
        }
    }
}

struct TemplateFile {
    origin: TemplateOrigin,
    bytes: Bytes,
    /// Parsed once, on first use as a Typst source.
    source: OnceLock<FileResult<Source>>,
}

/// The effective set of template files, keyed by virtual path (`/main.typ`).
pub struct Templates {
    files: BTreeMap<String, TemplateFile>,
    /// The built-in style the set started from (`default`, `shanghai`).
    style: String,
    /// Top-level override files left out because the style has its own version of them
    /// (relative path, file on disk): said to the user, never silently.
    passed_over: Vec<(String, PathBuf)>,
    /// The folders laid over the built-in files, in order (district, then a case's
    /// `templates/`): where a file a template names was looked for.
    dirs: Vec<PathBuf>,
}

impl Templates {
    /// The built-in templates only.
    pub fn builtin() -> Templates {
        let mut templates = Templates {
            files: BTreeMap::new(),
            style: "default".into(),
            passed_over: Vec::new(),
            dirs: Vec::new(),
        };
        for (rel, data) in BUILTIN {
            templates.insert(
                rel,
                TemplateOrigin::Builtin((*rel).to_string()),
                Bytes::new(*data),
            );
        }
        templates
    }

    /// The built-in templates of a named style: the default set with the files of
    /// `styles/<style>/` laid over it (`default` is the plain set).
    pub fn builtin_style(style: &str) -> Result<Templates, RenderError> {
        let mut templates = Templates::builtin();
        if style == "default" || style.is_empty() {
            return Ok(templates);
        }
        templates.style = style.to_string();
        let prefix = format!("styles/{style}/");
        let mut found = false;
        for (rel, data) in BUILTIN {
            if let Some(inner) = rel.strip_prefix(&prefix) {
                found = true;
                templates.insert(
                    inner,
                    TemplateOrigin::Builtin((*rel).to_string()),
                    Bytes::new(*data),
                );
            }
        }
        if !found {
            return Err(RenderError::UnknownStyle {
                name: style.to_string(),
                available: Templates::styles().join("、"),
            });
        }
        Ok(templates)
    }

    /// Notes on override files this set does not use: a top-level `cover.typ` is the
    /// default style's (the style keeps its own cover); a `.typ` file that replaces no
    /// built-in file and that no template names (`封面.typ`, `Cover.typ`: a misspelt
    /// override) would silently do nothing.
    pub fn passed_over_notes(&self) -> Vec<String> {
        let mut notes: Vec<String> = self
            .passed_over
            .iter()
            .map(|(rel, path)| {
                format!(
                    "模板 {} 是默认版式的文件，{}版式仍用自己的 {rel}；要改它请放在 {}",
                    path.display(),
                    style_name(&self.style),
                    root_of(path, rel)
                        .join(format!("styles/{}/{rel}", self.style))
                        .display()
                )
            })
            .collect();
        // The paths of the built-in files as `template export` writes them: what a hint
        // names (`styles/shanghai/part3/s07-sangong.typ`).
        let exported: Vec<String> = BUILTIN.iter().map(|(rel, _)| normalize(rel)).collect();
        // Every name a built-in file answers to: its exported path and, for a style's
        // file, the path it takes in that style's set.
        let mut builtin = exported.clone();
        for (rel, _) in BUILTIN {
            if let Some((_, inner)) = rel.strip_prefix("styles/").and_then(|r| r.split_once('/')) {
                builtin.push(normalize(inner));
            }
        }
        let own = format!("/styles/{}", self.style);
        // Of two names for one place, the one of the style in use (a Shanghai cover for
        // the Shanghai style, the default cover otherwise).
        let of_this_style = |b: &str| {
            if self.style == "default" {
                !b.starts_with("/styles/")
            } else {
                b.starts_with(&format!("{own}/"))
            }
        };
        for (vpath, file) in &self.files {
            let TemplateOrigin::Disk(path) = &file.origin else {
                continue;
            };
            // A style's file from `styles/<style>/` is in the set twice, under the path
            // it takes in the style and under its own: told once, under its own.
            let twice = self
                .files
                .get(&format!("{own}{vpath}"))
                .is_some_and(|f| f.origin == file.origin);
            if self.style != "default" && twice {
                continue;
            }
            let root = root_of(path, vpath);
            let at_root = |b: &str| root.join(b.trim_start_matches('/')).display().to_string();
            // `cover.typ.txt` (Notepad adds .txt), `cover.TYP`: not a template to Typst.
            let lower = vpath.to_lowercase();
            let stem = lower.strip_suffix(".typ.txt").or_else(|| {
                lower
                    .strip_suffix(".typ")
                    .filter(|_| !vpath.ends_with(".typ"))
            });
            if let Some(stem) = stem {
                notes.push(format!(
                    "模板 {} 的扩展名不对，不起作用：应改名为 {}.typ（扩展名为小写的 .typ）",
                    path.display(),
                    stem.rsplit('/').next().unwrap_or(stem)
                ));
                continue;
            }
            if !vpath.ends_with(".typ") || builtin.contains(vpath) {
                continue;
            }
            // Named by another template: by its absolute path (`"/part3/x.typ"`, or the
            // path it takes in the style in use: `"/part3/x.typ"` for
            // `styles/shanghai/part3/x.typ`), or by its path relative to the naming file's
            // folder (`"x.typ"`, `"part3/x.typ"`).
            let name = vpath.rsplit('/').next().unwrap_or(vpath);
            let in_style = vpath.strip_prefix(&own).filter(|p| p.starts_with('/'));
            let named = self.files.iter().any(|(other, f)| {
                if other == vpath || !other.ends_with(".typ") {
                    return false;
                }
                let text = String::from_utf8_lossy(f.bytes.as_slice());
                let other_folder =
                    &other[..other.len() - other.rsplit('/').next().map_or(0, str::len)];
                let relative = |p: &str| {
                    p.strip_prefix(other_folder)
                        .is_some_and(|rel| text.contains(&format!("\"{rel}\"")))
                };
                [Some(vpath.as_str()), in_style]
                    .into_iter()
                    .flatten()
                    .any(|p| text.contains(&format!("\"{p}\"")) || relative(p))
            });
            if named {
                continue;
            }
            // The same file name in another folder: in the wrong folder.
            // Of the built-in files of that name, the one sharing most of the path's last
            // folders, whatever their case and if a style is named in Chinese
            // (`Shanghai/cover.typ`, `上海/cover.typ` are `styles/shanghai/cover.typ`).
            let folder_name = |f: &str| match f.to_lowercase().as_str() {
                "上海" => "shanghai".to_string(),
                other => other.to_string(),
            };
            let shared = |b: &str| {
                b.rsplit('/')
                    .zip(vpath.rsplit('/'))
                    .take_while(|(x, y)| folder_name(x) == folder_name(y))
                    .count()
            };
            let moved = exported
                .iter()
                .filter(|b| b.rsplit('/').next() == Some(name))
                .max_by_key(|b| (shared(b), of_this_style(b), std::cmp::Reverse(b.len())))
                .cloned();
            if let Some(right) = &moved {
                notes.push(format!(
                    "模板 {} 放错了文件夹，不起作用：应放在 {}",
                    path.display(),
                    at_root(right)
                ));
                continue;
            }
            // Chinese names of the parts a district is most likely to rename, as the
            // style in use names them.
            let guess = [
                ("封面", "cover.typ"),
                ("目录", "toc.typ"),
                ("名词解释", "part4-glossary.typ"),
            ]
            .iter()
            .find(|(word, _)| name.contains(word))
            .and_then(|(_, part)| {
                exported
                    .iter()
                    .filter(|b| b.rsplit('/').next() == Some(*part))
                    .max_by_key(|b| (of_this_style(b), std::cmp::Reverse(b.len())))
                    .cloned()
            });
            // A name cut short (`part3/s01.typ` for `part3/s01-totals.typ`): the file of
            // that folder whose name starts with it.
            let stem = vpath.to_lowercase();
            let stem = stem.strip_suffix(".typ").unwrap_or(&stem);
            let cut_short = (stem.len() >= 2)
                .then(|| {
                    exported
                        .iter()
                        .filter(|b| b.starts_with(stem) && !b[stem.len()..].contains('/'))
                        .max_by_key(|b| (of_this_style(b), std::cmp::Reverse(b.len())))
                        .cloned()
                })
                .flatten();
            let closest = guess
                .or(cut_short)
                .or_else(|| {
                    exported
                        .iter()
                        .min_by_key(|b| {
                            (
                                super::edit_distance(&vpath.to_lowercase(), b),
                                !of_this_style(b),
                            )
                        })
                        .cloned()
                })
                .map(|b| format!("，是否应为 {}", at_root(&b)))
                .unwrap_or_default();
            notes.push(format!(
                "模板 {} 不是内置模板的文件名，也没有被其他模板引用，不起作用{closest}（文件名见 juesuan template export）",
                path.display()
            ));
        }
        notes
    }

    /// Template files a case folder holds where they are not read: `.typ` files beside
    /// the profile, or a folder of them under another name than `templates` (`模板`,
    /// `template`). A case's own overrides live in `<case>/templates/` only. The district
    /// folder, when it sits inside the case, is read: not stray.
    pub fn stray_in_case(case_dir: &Path, district: Option<&Path>) -> Vec<String> {
        let district = district.and_then(|d| d.canonicalize().ok());
        let has_typ = |dir: &Path, depth: usize| -> bool {
            fn walk(dir: &Path, depth: usize) -> bool {
                let Ok(entries) = std::fs::read_dir(dir) else {
                    return false;
                };
                entries.filter_map(|e| e.ok()).any(|e| {
                    let path = e.path();
                    if path.is_dir() {
                        depth > 0 && walk(&path, depth - 1)
                    } else {
                        is_typ(&path)
                    }
                })
            }
            walk(dir, depth)
        };
        let Ok(entries) = std::fs::read_dir(case_dir) else {
            return Vec::new();
        };
        let mut names: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        names.sort();
        let own = case_dir.join("templates");
        let mut notes = Vec::new();
        for path in names {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            let Some(name) = name.filter(|n| !n.starts_with('.')) else {
                continue;
            };
            if path.is_file() && is_typ(&path) {
                notes.push(format!(
                    "模板 {} 放在案例文件夹里不起作用：案例自己的模板应放在 {}",
                    path.display(),
                    own.join(&name).display()
                ));
            } else if path.is_dir()
                && name != "templates"
                && (district.is_none() || path.canonicalize().ok() != district)
                && has_typ(&path, 2)
            {
                notes.push(format!(
                    "文件夹 {} 中的模板不会被读取：案例自己的模板应放在 {} 文件夹（结构与 juesuan template export 导出的相同）",
                    path.display(),
                    own.display()
                ));
            }
        }
        notes
    }

    /// Names of the built-in styles.
    pub fn styles() -> Vec<String> {
        let mut names: Vec<String> = vec!["default".into()];
        for (rel, _) in BUILTIN {
            if let Some(rest) = rel.strip_prefix("styles/") {
                if let Some((name, _)) = rest.split_once('/') {
                    if !names.iter().any(|n| n == name) {
                        names.push(name.to_string());
                    }
                }
            }
        }
        names
    }

    /// The built-in templates, overridden by each directory in turn (later wins).
    /// Every file of a directory (recursively, hidden files skipped) replaces the
    /// file with the same relative path or is added. Files are read now, once.
    pub fn with_overrides(dirs: &[PathBuf]) -> Result<Templates, RenderError> {
        Templates::builtin().overlay(dirs)
    }

    /// Lay the files of each directory over this set, in order (later wins).
    ///
    /// A directory is laid out as `template export` writes it: the default style's files
    /// and the shared ones at the top, each other style's own files under
    /// `styles/<style>/`. For a set of style X, a directory's `styles/X/cover.typ` is X's
    /// cover; its top-level `cover.typ` is the default style's and leaves X's own built-in
    /// cover alone, while a top-level file X has no version of (`style.typ`) applies to X
    /// too. Either beats every file of an earlier layer.
    pub fn overlay(mut self, dirs: &[PathBuf]) -> Result<Templates, RenderError> {
        let own = format!("styles/{}/", self.style);
        for dir in dirs {
            self.dirs.push(dir.clone());
            let mut files = Vec::new();
            collect_files(dir, &mut files)?;
            let mut generic = Vec::new();
            let mut styled = Vec::new();
            for path in files {
                let rel = path
                    .strip_prefix(dir)
                    .expect("collected below dir")
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                let data = std::fs::read(&path).map_err(|cause| RenderError::TemplateIo {
                    path: path.clone(),
                    cause,
                })?;
                // Said here, naming the file: Typst would only report it where the file
                // is included, in another template.
                if rel.ends_with(".typ") && std::str::from_utf8(&data).is_err() {
                    let encoding =
                        if data.starts_with(&[0xFF, 0xFE]) || data.starts_with(&[0xFE, 0xFF]) {
                            "是 UTF-16，记事本中称为“Unicode”"
                        } else {
                            "可能是 GBK"
                        };
                    return Err(RenderError::TemplateNotUtf8 { path, encoding });
                }
                match rel.strip_prefix(&own) {
                    Some(inner) if self.style != "default" => {
                        styled.push((inner.to_string(), path.clone(), data.clone()));
                        generic.push((rel, path, data));
                    }
                    _ => generic.push((rel, path, data)),
                }
            }
            let style_has_own = |rel: &str| {
                self.style != "default"
                    && BUILTIN
                        .iter()
                        .any(|(b, _)| b.strip_prefix(&own) == Some(rel))
            };
            let (generic, passed): (Vec<_>, Vec<_>) = generic
                .into_iter()
                .partition(|(rel, _, _)| !style_has_own(rel));
            // Not worth a word: a top-level file as exported (unchanged), or one whose
            // style version sits in the same folder (a whole exported folder).
            let unchanged =
                |rel: &str, data: &[u8]| BUILTIN.iter().any(|(b, d)| *b == rel && *d == data);
            let styled_too = |rel: &str| styled.iter().any(|(inner, _, _)| inner == rel);
            self.passed_over.extend(
                passed
                    .into_iter()
                    .filter(|(rel, _, data)| !unchanged(rel, data) && !styled_too(rel))
                    .map(|(rel, path, _)| (rel, path)),
            );
            for (rel, path, data) in generic.into_iter().chain(styled) {
                self.insert(&rel, TemplateOrigin::Disk(path), Bytes::new(data));
            }
        }
        Ok(self)
    }

    /// Write the built-in templates into `dir` for editing. Refuses (writing nothing)
    /// if any target exists, unless `force`. Returns the written paths.
    pub fn export(dir: &Path, force: bool) -> Result<Vec<PathBuf>, RenderError> {
        if dir.exists() && !dir.is_dir() {
            return Err(RenderError::TemplateWrite {
                path: dir.to_path_buf(),
                reason: "这是一个文件，不是文件夹".into(),
            });
        }
        // Templates written beside a case's profile are not read from there: a case's
        // own overrides live in its `templates/` folder.
        if dir.join(crate::case::PROFILE_FILE).is_file() {
            return Err(RenderError::TemplateWrite {
                path: dir.to_path_buf(),
                reason: format!(
                    "这是一个案例文件夹（有 {}），模板放在这里不起作用；案例自己的模板请导出到它的 templates 文件夹：juesuan template export {}",
                    crate::case::PROFILE_FILE,
                    dir.join("templates").display()
                ),
            });
        }
        // The documented settings go with the templates: a district that has only the
        // program finds every key of 设置.toml there (renamed to 设置.toml to take effect).
        let targets: Vec<(PathBuf, &[u8])> = BUILTIN
            .iter()
            .map(|(rel, data)| (dir.join(rel), *data))
            .chain([
                (dir.join(SETTINGS_EXAMPLE), SETTINGS_EXAMPLE_TEXT),
                (dir.join(TEMPLATE_GUIDE), TEMPLATE_GUIDE_TEXT),
            ])
            .collect();
        if !force {
            let existing: Vec<PathBuf> = targets
                .iter()
                .filter(|(path, _)| path.exists())
                .map(|(path, _)| path.clone())
                .collect();
            if !existing.is_empty() {
                return Err(RenderError::ExportExists { paths: existing });
            }
        }
        for (path, data) in &targets {
            let io_err = |e: std::io::Error| RenderError::TemplateWrite {
                path: path.clone(),
                reason: match e.kind() {
                    std::io::ErrorKind::PermissionDenied => "没有写入权限".into(),
                    std::io::ErrorKind::NotFound => "文件夹无法创建".into(),
                    _ => e.to_string(),
                },
            };
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(io_err)?;
            }
            std::fs::write(path, data).map_err(io_err)?;
        }
        Ok(targets.into_iter().map(|(path, _)| path).collect())
    }

    /// The files of the set: (relative path, origin), sorted by path.
    pub fn files(&self) -> impl Iterator<Item = (&str, &TemplateOrigin)> {
        self.files
            .iter()
            .map(|(vpath, file)| (&vpath[1..], &file.origin))
    }

    /// The origin of a file, by virtual (`/main.typ`) or relative (`main.typ`) path.
    pub fn origin(&self, path: &str) -> Option<&TemplateOrigin> {
        self.files.get(&normalize(path)).map(|file| &file.origin)
    }

    /// Origin of the file behind a Typst file id.
    pub(crate) fn origin_of(&self, id: FileId) -> Option<&TemplateOrigin> {
        self.lookup(id).map(|file| &file.origin)
    }

    /// Raw bytes of the file behind a Typst file id.
    pub(crate) fn bytes(&self, id: FileId) -> Option<&Bytes> {
        self.lookup(id).map(|file| &file.bytes)
    }

    /// The parsed Typst source behind a file id.
    pub(crate) fn source(&self, id: FileId) -> Option<FileResult<Source>> {
        let file = self.lookup(id)?;
        Some(
            file.source
                .get_or_init(|| {
                    let text = std::str::from_utf8(file.bytes.as_slice())
                        .map_err(|_| FileError::InvalidUtf8)?;
                    // Notepad's "UTF-8 with BOM": the mark would be set as text (a blank
                    // page before a cover, an empty paragraph before a section).
                    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
                    Ok(Source::new(id, text.to_string()))
                })
                .clone(),
        )
    }

    /// The override files (from disk) that the file at `vpath` reaches through its
    /// imports and includes, directly or through other files: (path in the set, file on
    /// disk), sorted by path. A quoted `….typ` in a file counts as naming it.
    pub(crate) fn overrides_reached_from(&self, vpath: &str) -> Vec<(String, PathBuf)> {
        let mut seen = std::collections::BTreeSet::new();
        let mut stack = vec![normalize(vpath)];
        let mut found = Vec::new();
        while let Some(at) = stack.pop() {
            if !seen.insert(at.clone()) {
                continue;
            }
            let Some(file) = self.files.get(&at) else {
                continue;
            };
            if seen.len() > 1 {
                if let TemplateOrigin::Disk(path) = &file.origin {
                    found.push((at[1..].to_string(), path.clone()));
                }
            }
            let folder = &at[..at.rfind('/').unwrap_or(0) + 1];
            let text = String::from_utf8_lossy(file.bytes.as_slice());
            for named in text.split('"').skip(1).step_by(2) {
                if named.ends_with(".typ") && !named.contains('\n') {
                    stack.push(resolve(folder, named));
                }
            }
        }
        found.sort();
        found
    }

    /// The folders the set was read from besides the built-in files, in order.
    pub(crate) fn dirs(&self) -> &[PathBuf] {
        &self.dirs
    }

    /// A file of the set whose path differs from `vpath` only in letter case
    /// (`/Logo.PNG` for `/logo.png`): (its path in the set, where it came from).
    pub(crate) fn same_but_case(&self, vpath: &str) -> Option<(&str, &TemplateOrigin)> {
        let wanted = normalize(vpath).to_lowercase();
        self.files
            .iter()
            .find(|(p, _)| p.to_lowercase() == wanted)
            .map(|(p, f)| (&p[1..], &f.origin))
    }

    /// Every template of the set read from disk: (path in the set, file on disk).
    pub(crate) fn overrides(&self) -> Vec<(String, PathBuf)> {
        self.files
            .iter()
            .filter_map(|(vpath, file)| match &file.origin {
                TemplateOrigin::Disk(path) if vpath.ends_with(".typ") => {
                    Some((vpath[1..].to_string(), path.clone()))
                }
                TemplateOrigin::Disk(_) => None,
                TemplateOrigin::Builtin(_) => None,
            })
            .collect()
    }

    /// File ids of all `.typ` files, for scanning their literal text.
    pub(crate) fn typ_ids(&self) -> Vec<FileId> {
        self.files
            .keys()
            .filter(|vpath| vpath.ends_with(".typ"))
            .filter_map(|vpath| file_id(vpath))
            .collect()
    }

    fn lookup(&self, id: FileId) -> Option<&TemplateFile> {
        if *id.root() != VirtualRoot::Project {
            return None;
        }
        self.files.get(id.vpath().get_with_slash())
    }

    fn insert(&mut self, rel: &str, origin: TemplateOrigin, bytes: Bytes) {
        self.files.insert(
            normalize(rel),
            TemplateFile {
                origin,
                bytes,
                source: OnceLock::new(),
            },
        );
    }
}

impl fmt::Debug for Templates {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.files.iter().map(|(path, file)| (path, &file.origin)))
            .finish()
    }
}

/// The Typst file id of a project path such as `/main.typ`.
pub(crate) fn file_id(vpath: &str) -> Option<FileId> {
    let vpath = VirtualPath::new(vpath).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

/// A path named in a file of `folder` (`/part3/`): absolute (`/phrases.typ`) or
/// relative to the folder (`common.typ`, `../phrases.typ`), as a set path.
fn resolve(folder: &str, named: &str) -> String {
    let joined = if named.starts_with('/') {
        named.to_string()
    } else {
        format!("{folder}{named}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    format!("/{}", parts.join("/"))
}

/// `main.typ`, `/main.typ` and `./main.typ` all become `/main.typ`.
fn normalize(path: &str) -> String {
    match VirtualPath::new(path) {
        Ok(vpath) => vpath.get_with_slash().to_string(),
        Err(_) => format!("/{}", path.trim_start_matches('/')),
    }
}

/// The files of a template folder: a district's templates are tens of small files.
fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), RenderError> {
    let limits = super::walk::Limits {
        max_files: 2_000,
        max_bytes: 64_000_000,
        max_depth: 8,
        what: "模板文件夹",
        io_error: |path, cause| RenderError::TemplateIo { path, cause },
    };
    out.extend(super::walk::files_below(dir, &limits, &|_| true)?);
    Ok(())
}

/// A Typst file by its extension, whatever its case (`cover.TYP`) or a `.txt` Notepad
/// added (`cover.typ.txt`).
fn is_typ(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    name.ends_with(".typ") || name.ends_with(".typ.txt")
}

/// The folder an override was read from: `path` less the components of its place in
/// the set (`区/part3/s01-totals.typ` at `/part3/s01-totals.typ` is `区`).
fn root_of(path: &Path, vpath: &str) -> PathBuf {
    let depth = vpath.trim_start_matches('/').split('/').count();
    let mut root = path.to_path_buf();
    for _ in 0..depth {
        root.pop();
    }
    root
}

/// A style as the clerk names it in 设置.toml (`shanghai` → 上海).
fn style_name(style: &str) -> &str {
    match style {
        "shanghai" => "上海",
        other => other,
    }
}
