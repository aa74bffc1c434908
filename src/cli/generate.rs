//! One case from folder to PDF: settings, load, check, view, compile, safe write.

use std::path::{Path, PathBuf};

use juesuan::case::Case;
use juesuan::check::{check_case, format_report_with};
use juesuan::render::{compile_pdf, Fonts, RenderOptions, Templates};

use super::{CaseRefused, CheckFailed};

/// A path is a case if it holds a profile; otherwise it is a folder of cases. In such a
/// folder, a sub-folder is a case when it holds a profile, or looks like one that lost
/// it (a workbook, a `.toml`, or unreadable): it is kept so that its failure is reported,
/// never silently dropped. A sub-folder of cases is walked in turn (a district folder
/// of towns). Anything else (an empty folder, an output folder of PDFs, a templates
/// folder) is returned as skipped, with the reason, for the caller to say.
pub fn expand_cases(paths: &[PathBuf], exclude: &[&Path]) -> (Vec<PathBuf>, Vec<String>) {
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    };
    for p in paths {
        if p.join(juesuan::case::PROFILE_FILE).exists() || !p.is_dir() {
            out.push(p.clone());
            continue;
        }
        let before = out.len();
        let notes_before = skipped.len();
        let mut visited = std::collections::HashSet::new();
        walk_folder_of_cases(p, 0, &mut out, &mut skipped, &mut visited);
        // The district's template folder and the output folder may sit among the cases.
        let mut i = before;
        while i < out.len() {
            if exclude.iter().any(|x| same(&out[i], x)) {
                let dropped = out.remove(i);
                // A case folder named as the output or district folder: not silently
                // left out of the count.
                if dropped.join(juesuan::case::PROFILE_FILE).exists() {
                    skipped.push(format!(
                        "{} 是一个案例，但也被指定为输出文件夹（-o）或区县文件夹（--district），本次不作为案例处理；请另选输出文件夹",
                        dropped.display()
                    ));
                }
            } else {
                i += 1;
            }
        }
        skipped.retain(|note| {
            !exclude
                .iter()
                .any(|x| note.starts_with(&format!("{}：", x.display())))
        });
        if out.len() == before {
            // Not a folder of cases either: let the case loader say what is missing (its
            // workbook is then no stray file "outside a case folder": it is the case).
            skipped.truncate(notes_before);
            out.push(p.clone());
        } else if !exclude.iter().any(|x| same(p, x)) {
            // Settings or templates beside the cases look as if they applied to all of
            // them; they apply only when the folder is named as the district.
            for (name, what) in [
                (juesuan::settings::SETTINGS_FILE, "设置"),
                ("templates", "模板"),
            ] {
                if p.join(name).exists() {
                    skipped.push(format!(
                        "{} 中的{what}（{name}）未使用：它不属于任何一个案例；要让它对这些案例都生效，请加上 --district {}",
                        p.display(),
                        juesuan::files::for_command(p)
                    ));
                }
            }
        }
    }
    // A case reached twice (named twice, or through a link) is done once.
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| seen.insert(p.canonicalize().unwrap_or_else(|_| p.clone())));
    (out, skipped)
}

fn walk_folder_of_cases(
    dir: &Path,
    depth: usize,
    out: &mut Vec<PathBuf>,
    skipped: &mut Vec<String>,
    visited: &mut std::collections::HashSet<PathBuf>,
) {
    // A link back up the tree (`loop -> ..`) must not walk the same folders again.
    if !visited.insert(dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf())) {
        return;
    }
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|s| {
                !s.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .collect(),
        Err(_) => return,
    };
    entries.sort();
    // What sits among the cases and is none: said, not silently passed over.
    for e in entries.iter().filter(|e| !e.is_dir()) {
        let name = e
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if e.is_symlink() && !e.exists() {
            skipped.push(format!("{}：是指向不存在位置的链接，未处理", e.display()));
        } else if [".xlsx", ".xlsm", ".xls", ".et", ".ods"]
            .iter()
            .any(|x| name.ends_with(x))
            || name.starts_with("部门信息")
        {
            skipped.push(format!(
                "{}：不在案例文件夹中，未处理（每个案例一个文件夹，内放公开表、绩效自评表和部门信息.toml）",
                e.display()
            ));
        }
    }
    let subs: Vec<PathBuf> = entries.into_iter().filter(|s| s.is_dir()).collect();
    for sub in subs {
        if sub.join(juesuan::case::PROFILE_FILE).exists() {
            out.push(sub);
            continue;
        }
        let entries: Option<Vec<PathBuf>> = std::fs::read_dir(&sub)
            .ok()
            .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect());
        let Some(entries) = entries else {
            // Unreadable: its own load reports why.
            out.push(sub);
            continue;
        };
        // A case that lost its profile still has something of one: a file named like
        // the profile (`部门信息.toml.txt`), or a 公开表/决算 workbook. A template folder
        // (`设置.toml`, `.typ`) or a folder of other spreadsheets is not a case.
        let looks_like_case = entries.iter().any(|e| {
            let Some(name) = e.file_name().map(|n| n.to_string_lossy().to_lowercase()) else {
                return false;
            };
            let workbook = [".xlsx", ".xlsm", ".xls", ".et", ".ods"]
                .iter()
                .any(|x| name.ends_with(x));
            name.starts_with("部门信息")
                || (workbook && (name.contains("公开") || name.contains("决算")))
        });
        if looks_like_case {
            out.push(sub);
            continue;
        }
        let before = out.len();
        if depth < 3 {
            let canonical = sub.canonicalize().unwrap_or_else(|_| sub.clone());
            if visited.contains(&canonical) {
                continue;
            }
            // Notes from inside a folder that holds no case at all are one note about
            // the folder (an exported templates folder, not each of its sub-folders).
            let mut inner = Vec::new();
            walk_folder_of_cases(&sub, depth + 1, out, &mut inner, visited);
            if out.len() > before {
                skipped.extend(inner);
            }
        }
        if out.len() == before {
            skipped.push(format!(
                "{}：不是案例文件夹（没有{}和公开表），已跳过",
                sub.display(),
                juesuan::case::PROFILE_FILE
            ));
        }
    }
}

/// Where a case's PDF goes.
pub enum Dest {
    /// Exactly this file (`-o x.pdf` for one case).
    File(PathBuf),
    /// This folder, under the settings' file name pattern.
    Dir(PathBuf),
    /// The case folder, under the settings' file name pattern.
    CaseDir,
}

/// What one generated case reports back.
pub struct Generated {
    pub path: PathBuf,
    /// Hints of `juesuan check` (rounding tails not counted): the count it shows.
    pub warnings: usize,
    /// Other notes, printed as they came (`提示：…`): the workbook's, settings and
    /// templates not used, the output name.
    pub notes: usize,
    /// Rounding tails of 万元 data.
    pub tails: usize,
    /// Errors of `check` rendered anyway (`--force`).
    pub forced_errors: usize,
}

pub struct GenOpts {
    pub district: Option<PathBuf>,
    style: Option<String>,
    force: bool,
    /// Extra font folders loaded for every case (command line and district settings).
    font_dirs: Vec<PathBuf>,
    /// The command line's own font folders, to give them again (`as_args`).
    cli_font_dirs: Vec<PathBuf>,
    /// Fonts with the extra font folders, loaded once for all cases.
    fonts: Option<Fonts>,
    /// Built-in style + district overrides, read once and shared by every case that has
    /// no templates or settings of its own (sources are parsed once for the batch).
    shared_templates: Option<Templates>,
    /// Keep Typst's caches after the document: set for a run that makes one PDF and exits.
    one_shot: bool,
}

impl GenOpts {
    pub fn new(
        district: Option<PathBuf>,
        style: Option<String>,
        font_dirs: &[PathBuf],
        force: bool,
    ) -> anyhow::Result<GenOpts> {
        let district_settings = match &district {
            Some(d) => juesuan::settings::load(&[d.as_path()]).map_err(anyhow::Error::msg)?,
            None => Default::default(),
        };
        let font_dirs_cli = font_dirs.to_vec();
        let mut font_dirs = font_dirs.to_vec();
        font_dirs.extend(district_settings.font_dirs.iter().cloned());
        let fonts = if font_dirs.is_empty() {
            None
        } else {
            Some(Fonts::with_extra_dirs(&font_dirs)?)
        };
        let style = style
            .as_deref()
            .map(juesuan::settings::style_name)
            .transpose()
            .map_err(anyhow::Error::msg)?;
        let base_style = style.clone().or(district_settings.style);
        let shared_templates = Some(
            Templates::builtin_style(base_style.as_deref().unwrap_or("default"))?
                .overlay(district.as_slice())?,
        );
        Ok(GenOpts {
            district,
            style,
            force,
            cli_font_dirs: font_dirs_cli,
            font_dirs,
            fonts,
            shared_templates,
            one_shot: false,
        })
    }

    /// For a process that makes one document and exits: Typst's caches are left for the
    /// operating system to reclaim instead of being freed one by one.
    pub fn one_shot(mut self) -> GenOpts {
        self.one_shot = true;
        self
    }
}

impl GenOpts {
    /// These options as `generate` takes them on the command line (a `--watch` session
    /// runs each generation as a process of its own).
    pub fn as_args(&self) -> Vec<std::ffi::OsString> {
        let mut args: Vec<std::ffi::OsString> = Vec::new();
        if let Some(d) = &self.district {
            args.extend(["--district".into(), d.clone().into_os_string()]);
        }
        if let Some(s) = &self.style {
            args.extend(["--style".into(), s.into()]);
        }
        for f in &self.cli_font_dirs {
            args.extend(["--font-dir".into(), f.clone().into_os_string()]);
        }
        if self.force {
            args.push("--force".into());
        }
        args
    }
}

/// Every font family a setting names must be loaded: a typo would otherwise silently
/// print the document in the fallback face. A family named as Word shows it (`仿宋_GB2312`
/// for `FangSong_GB2312`) is replaced by the name Typst knows it by.
fn check_font_families(
    layout: &mut juesuan::settings::Layout,
    fonts: &Fonts,
    case: &Path,
    district: Option<&PathBuf>,
) -> anyhow::Result<()> {
    // The settings file and line that name a family: the case's file first (it wins).
    let named_at = |family: &str| -> String {
        let quoted = format!("\"{family}\"");
        for dir in std::iter::once(case).chain(district.map(PathBuf::as_path)) {
            let file = dir.join(juesuan::settings::SETTINGS_FILE);
            let Ok(text) = std::fs::read_to_string(&file) else {
                continue;
            };
            if let Some(line) = text.lines().position(|l| l.contains(&quoted)) {
                let place = juesuan::toml_error::line_place(&text, line + 1);
                return format!("{} 有误：{place}", file.display());
            }
        }
        "设置.toml 中 ".into()
    };
    let named = [
        ("宋体", &mut layout.fonts.song),
        ("黑体", &mut layout.fonts.hei),
        ("楷体", &mut layout.fonts.kai),
    ];
    for (key, list) in named {
        for family in list.iter_mut() {
            if let Some(known) = fonts.family_named(family) {
                *family = known;
            } else {
                anyhow::bail!(
                    "{}字体.{key} 的“{family}”没有找到（本程序不使用系统里安装的字体）。请把字体文件放进 字体目录 或用 --font-dir 指定；已有的字体：{}",
                    named_at(family),
                    fonts.families().join("、")
                );
            }
        }
        // The first family of 宋体/黑体 sets headings and 合计 rows in bold.
        if key != "楷体" {
            if let Some(first) = list.iter().next() {
                if !fonts.has_bold(first) {
                    super::note(
                        case,
                        &format!("字体.{key} 的“{first}”没有粗体字形，标题、表头等粗体文字将以常规字重印出"),
                    );
                }
            }
        }
    }
    Ok(())
}

pub fn generate(
    case_dir: &Path,
    dest: Dest,
    opts: &GenOpts,
    dump_view: Option<PathBuf>,
    claim: &dyn Fn(&Path, &str) -> Result<(), String>,
) -> anyhow::Result<Generated> {
    let _running = super::watchdog::begin(case_dir);
    let (district, force) = (opts.district.as_ref(), opts.force);
    let mut setting_dirs: Vec<&Path> = vec![case_dir];
    if let Some(d) = district {
        setting_dirs.push(d);
    }
    let mut settings = juesuan::settings::load(&setting_dirs).map_err(anyhow::Error::msg)?;
    settings.apply_style(opts.style.clone());
    let ignored = settings.ignored_by_style();
    for note in &ignored {
        super::note(case_dir, note);
    }
    let file_pattern = settings
        .file_name
        .clone()
        .unwrap_or_else(|| juesuan::output::DEFAULT_PATTERN.to_string());
    // A case's own font folders (its 设置.toml) come on top of the shared ones.
    let own_font_dirs: Vec<PathBuf> = settings
        .font_dirs
        .iter()
        .filter(|d| !opts.font_dirs.contains(d))
        .cloned()
        .collect();
    let mut case = Case::load_with(case_dir, settings)?;
    for w in &case.gongkai.warnings {
        super::note(case_dir, w);
    }
    if let Some(why) = case.too_long_to_typeset() {
        return Err(CaseRefused(format!("{}：{why}", case_dir.display())).into());
    }
    let report = check_case(&case);
    if report.errors() > 0 {
        err_ctl!((
            super::clear_line(),
            // In a batch, rounding tails are counted, not listed (as `check` does for
            // many cases): the errors are what stops this case.
            format!(
                "== {} ==\n{}",
                case_dir.display(),
                format_report_with(&report, opts.one_shot)
            )
        ));
        if !force {
            return Err(CheckFailed {
                case: case_dir.display().to_string(),
                errors: report.errors(),
            }
            .into());
        }
    }
    // Rounding tails are counted apart: a clerk looks at the other notes first.
    let tails = report
        .findings
        .iter()
        .filter(|f| f.is_rounding_tail())
        .count();
    let warnings = report.warnings() - tails;
    let mut notes = case.gongkai.warnings.len() + ignored.len();
    let own_fonts;
    let fonts = if own_font_dirs.is_empty() {
        opts.fonts.as_ref().unwrap_or_else(|| Fonts::embedded())
    } else {
        let mut all = opts.font_dirs.clone();
        all.extend(own_font_dirs);
        own_fonts = Fonts::with_extra_dirs(&all)?;
        &own_fonts
    };
    check_font_families(
        &mut case.settings.layout,
        fonts,
        case_dir,
        opts.district.as_ref(),
    )?;
    let mut view = case.view();
    view.draft = report.errors() > 0;
    let named_by_clerk = matches!(dest, Dest::File(_));
    let out = match dest {
        Dest::File(p) => p,
        Dest::Dir(d) => d.join(juesuan::output::file_name(
            &file_pattern,
            &view.department,
            view.year,
        )),
        Dest::CaseDir => case_dir.join(juesuan::output::file_name(
            &file_pattern,
            &view.department,
            view.year,
        )),
    };
    if !named_by_clerk {
        if let Some(note) = juesuan::output::name_note(&file_pattern, &view.department, view.year) {
            super::note(case_dir, &note);
            notes += 1;
        }
    }
    // The document's identity (two cases of one department and year are one document
    // made twice, whatever folders they write to) and its file.
    claim(&out, &format!("{}{}年度", view.department, view.year)).map_err(anyhow::Error::msg)?;
    let json = serde_json::to_vec_pretty(&view)?;
    if let Some(p) = dump_view {
        juesuan::output::replace_file(&p, &json).map_err(|e| {
            anyhow::anyhow!(
                "无法写入 {}：{}",
                p.display(),
                juesuan::output::write_reason(&e)
            )
        })?;
    }
    // District folder first, then the case's own templates/ folder: later wins. A case
    // without templates or settings of its own uses the set shared by the batch.
    let case_templates = case_dir.join("templates");
    let case_specific =
        case_templates.is_dir() || case_dir.join(juesuan::settings::SETTINGS_FILE).is_file();
    let own_templates;
    let templates = match &opts.shared_templates {
        Some(shared) if !case_specific => shared,
        _ => {
            let mut overrides = Vec::new();
            overrides.extend(district.cloned());
            if case_templates.is_dir() {
                overrides.push(case_templates);
            }
            let style = opts.style.clone().or(case.settings.style.clone());
            own_templates = Templates::builtin_style(style.as_deref().unwrap_or("default"))?
                .overlay(&overrides)?;
            &own_templates
        }
    };
    for note in templates
        .passed_over_notes()
        .into_iter()
        .chain(Templates::stray_in_case(
            case_dir,
            district.map(PathBuf::as_path),
        ))
    {
        super::note(case_dir, &note);
        notes += 1;
    }
    let ident = format!("{}/{}", view.year, view.department);
    let mut render_opts = RenderOptions::new(ident, view.year, 12, 31);
    render_opts.evict_caches = !opts.one_shot;
    let existed = out.exists();
    // A template error leaves the PDF of an earlier run as it was: said, so the clerk
    // does not wonder whether the file on disk is the new one.
    let pdf = compile_pdf(fonts, templates, &json, &render_opts).map_err(|e| {
        // A character of the clerk's data is the case's to fix (exit 1); one of a
        // template is a template error like the others (exit 2).
        if matches!(
            e,
            juesuan::render::RenderError::MissingGlyph {
                in_template: false,
                ..
            }
        ) {
            let kept = if existed {
                format!("；已有的 {} 保持不变", out.display())
            } else {
                String::new()
            };
            return CaseRefused(format!(
                "{}：{e}。请改用常用字或在设置中加入含该字的字体；未生成 PDF{kept}",
                case_dir.display()
            ))
            .into();
        }
        if existed {
            anyhow::anyhow!("{e}\n未生成 PDF；已有的 {} 保持不变", out.display())
        } else {
            anyhow::Error::from(e)
        }
    })?;
    juesuan::output::write_atomically(&out, &pdf).map_err(|e| {
        anyhow::anyhow!(
            "无法写入 {}：{}{}",
            out.display(),
            juesuan::output::write_reason(&e),
            if existed {
                "（原有文件保持不变）"
            } else {
                ""
            }
        )
    })?;
    super::interrupt::written(out.clone());
    Ok(Generated {
        path: out,
        warnings,
        notes,
        tails,
        forced_errors: report.errors(),
    })
}

/// The output folder of a batch, made if need be and tried once before any case is
/// rendered: a file in its place or a folder that cannot be written is one message, not
/// the same failure repeated for every case after its work.
pub fn writable_folder(dir: &Path) -> anyhow::Result<()> {
    let fail = |why: String| anyhow::anyhow!("输出文件夹 {}：{why}；未生成任何文档", dir.display());
    if dir.exists() && !dir.is_dir() {
        return Err(fail(
            "这是一个已有的文件，不是文件夹（请换一个名字）".into(),
        ));
    }
    std::fs::create_dir_all(dir).map_err(|e| fail(juesuan::output::write_reason(&e)))?;
    let probe = dir.join(format!(".juesuan-probe-{}", std::process::id()));
    std::fs::write(&probe, b"").map_err(|e| fail(juesuan::output::write_reason(&e)))?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}
