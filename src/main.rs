//! The `juesuan` command line: a thin layer over the library. Messages are in Chinese.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand};
use juesuan::case::Case;
use juesuan::check::{check_case, format_report};
use juesuan::render::{compile_pdf, Fonts, RenderOptions, Templates};

#[derive(Parser)]
#[command(
    name = "juesuan",
    version,
    about = "部门决算公开文档生成工具：读取财务系统导出的公开表，核对勾稽关系，生成 PDF",
    disable_help_subcommand = true,
    disable_help_flag = true,
    disable_version_flag = true
)]
struct Cli {
    /// 显示帮助
    #[arg(short, long, action = ArgAction::Help, global = true)]
    help: Option<bool>,
    /// 显示版本
    #[arg(short = 'V', long, action = ArgAction::Version)]
    version: Option<bool>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 读取公开表工作簿（或文件名含“绩效”的绩效自评表工作簿），以 JSON 打印读到的全部数据（用于核对读取结果）
    Inspect {
        /// 公开表或绩效自评表工作簿（.xlsx / .xls / .ods）
        #[arg(value_name = "工作簿")]
        workbook: PathBuf,
    },
    /// 由公开表创建案例文件夹：复制工作簿，生成待填写的 部门信息.toml
    Init {
        /// 公开表工作簿
        #[arg(value_name = "公开表工作簿")]
        workbook: PathBuf,
        /// 要创建的案例文件夹
        #[arg(value_name = "案例文件夹")]
        dir: PathBuf,
    },
    /// 核对勾稽关系与部门信息。退出码：0 无错误，1 有错误，2 无法运行
    Check {
        /// 案例文件夹
        #[arg(value_name = "案例文件夹")]
        case: PathBuf,
        /// 区县文件夹（读取其中 设置.toml 的绩效等级等设置，与 generate 相同）
        #[arg(long, value_name = "区县文件夹")]
        district: Option<PathBuf>,
    },
    /// 生成部门决算公开 PDF（可一次生成多个案例，或一个包含多个案例文件夹的文件夹）
    Generate {
        /// 案例文件夹（含公开表、绩效自评表、部门信息.toml）；可给多个
        #[arg(required = true, value_name = "案例文件夹")]
        cases: Vec<PathBuf>,
        /// 输出 PDF 路径（单个案例）或输出文件夹（多个案例）。默认：各案例文件夹下 {部门名称}{年度}年度部门决算公开.pdf
        #[arg(short, long, value_name = "输出")]
        output: Option<PathBuf>,
        /// 区县模板文件夹（覆盖内置模板中的同名文件）
        #[arg(long, value_name = "区县文件夹")]
        district: Option<PathBuf>,
        /// 内置版式：default（默认）或 shanghai（上海模板）。也可在区县或案例文件夹的 设置.toml 中写 "版式" = "shanghai"
        #[arg(long, value_name = "版式")]
        style: Option<String>,
        /// 额外字体文件夹（如已获授权的仿宋_GB2312）
        #[arg(long, value_name = "字体文件夹")]
        font_dir: Vec<PathBuf>,
        /// 即使核对有错误也生成（不建议）
        #[arg(long)]
        force: bool,
        /// 另存视图数据（JSON），供模板作者查看
        #[arg(long, value_name = "JSON文件")]
        dump_view: Option<PathBuf>,
        /// 监视案例和模板文件，有改动就重新生成（供模板作者使用，Ctrl+C 退出）
        #[arg(long)]
        watch: bool,
        /// 批量生成时同时处理的案例数（默认：CPU 核数）
        #[arg(short, long, value_name = "个数")]
        jobs: Option<usize>,
    },
    /// 比较同一部门的两个版本（案例文件夹或公开表工作簿），列出改动的单元格和随之变化的说明数字
    Diff {
        /// 修改前
        #[arg(value_name = "修改前")]
        before: PathBuf,
        /// 修改后
        #[arg(value_name = "修改后")]
        after: PathBuf,
    },
    /// 模板管理
    Template {
        #[command(subcommand)]
        action: TemplateAction,
    },
}

#[derive(Subcommand)]
enum TemplateAction {
    /// 把内置模板写到文件夹中，供区县修改
    Export {
        /// 目标文件夹
        #[arg(value_name = "目标文件夹")]
        dir: PathBuf,
        /// 覆盖已存在的文件
        #[arg(long)]
        force: bool,
    },
}

/// The case has 勾稽关系 errors: exit 1, as `check` does, not 2 (could not run).
#[derive(Debug)]
struct CheckFailed(String);

impl std::fmt::Display for CheckFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}：核对有错误，未生成 PDF（原有 PDF 保持不变）。修正后重试，或加 --force 强制生成",
            self.0
        )
    }
}

impl std::error::Error for CheckFailed {}

/// Help in Chinese: clap's own section headings are English, so every command gets a
/// template with Chinese headings.
fn chinese_help(cmd: clap::Command) -> clap::Command {
    chinese_help_under(cmd, "")
}

/// `parent`: the command words above this one (`juesuan template `), which clap only
/// knows once the whole tree is built.
fn chinese_help_under(cmd: clap::Command, parent: &str) -> clap::Command {
    const TEMPLATE: &str =
        "{about-with-newline}\n用法：{usage}\n\n{before-help}{all-args}{after-help}";
    // clap writes `[OPTIONS]` / `<COMMAND>` into the usage line; say them in Chinese.
    let usage = cmd
        .clone()
        .render_usage()
        .to_string()
        .trim_start_matches("Usage: ")
        .replace("[OPTIONS]", "[选项]")
        .replace("<COMMAND>", "<命令>");
    let prefix = format!("{parent}{} ", cmd.get_name());
    cmd.help_template(TEMPLATE)
        .override_usage(format!("{parent}{usage}"))
        .subcommand_help_heading("命令")
        .mut_args(|a| {
            let heading = if a.is_positional() {
                "参数"
            } else {
                "选项"
            };
            a.help_heading(heading)
        })
        .mut_subcommands(|sub| chinese_help_under(sub, &prefix))
}

fn main() -> ExitCode {
    let matches = match chinese_help(Cli::command()).try_get_matches() {
        Ok(m) => m,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                e.exit();
            }
            let what = match e.kind() {
                ErrorKind::InvalidSubcommand => "没有这个命令",
                ErrorKind::UnknownArgument => "不认识的选项",
                ErrorKind::MissingRequiredArgument => "缺少必需的参数",
                ErrorKind::MissingSubcommand
                | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => "请给出命令",
                _ => "命令行参数有误",
            };
            eprintln!("错误：{what}。用 juesuan --help 查看用法。\n\n{e}");
            return ExitCode::from(2);
        }
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("错误：{e:#}");
            if e.downcast_ref::<CheckFailed>().is_some() {
                ExitCode::from(1)
            } else {
                ExitCode::from(2)
            }
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Inspect { workbook } => {
            // The case folder tells the two workbooks apart by name; so does inspect.
            let is_jixiao = workbook
                .file_name()
                .is_some_and(|n| n.to_string_lossy().contains("绩效"));
            if is_jixiao {
                let read = juesuan::jixiao::read_jixiao(&workbook, &Default::default())?;
                for m in &read.mismatches {
                    eprintln!(
                        "提示：项目“{}”单元格 {}：{}应为 {}，表中为 {}",
                        m.project, m.cell, m.what, m.expected, m.found
                    );
                }
                println!("{}", serde_json::to_string_pretty(&read)?);
                return Ok(ExitCode::SUCCESS);
            }
            let model = juesuan::ingest::read_gongkai(&workbook)?;
            for w in &model.warnings {
                eprintln!("提示：{w}");
            }
            println!("{}", serde_json::to_string_pretty(&model)?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Init { workbook, dir } => {
            let written = juesuan::init::init_case(&workbook, &dir)?;
            println!("已创建案例文件夹 {}：", dir.display());
            for p in written {
                println!("  {}", p.display());
            }
            println!(
                "请打开 部门信息.toml，填写所有标有“【待填写】”的内容，然后运行 juesuan check。"
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { case, district } => {
            let mut dirs = vec![case.as_path()];
            dirs.extend(district.as_deref());
            let settings = juesuan::settings::load(&dirs).map_err(anyhow::Error::msg)?;
            let case = Case::load_with(&case, settings)?;
            for w in &case.gongkai.warnings {
                eprintln!("提示：{w}");
            }
            let report = check_case(&case);
            print!("{}", format_report(&report));
            Ok(if report.errors() > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Generate {
            cases,
            output,
            district,
            style,
            font_dir,
            force,
            dump_view,
            watch,
            jobs,
        } => {
            let cases = expand_cases(&cases);
            let opts = GenOpts::new(district, style, &font_dir, force)?;
            if watch {
                return watch_loop(&cases[0], output, &opts);
            }
            if cases.len() == 1 {
                let dest = match output {
                    // An existing folder, or a path written as one (`out/`).
                    Some(o)
                        if o.is_dir() || o.as_os_str().to_string_lossy().ends_with(['/', '\\']) =>
                    {
                        Dest::Dir(o)
                    }
                    Some(o) => Dest::File(o),
                    None => Dest::CaseDir,
                };
                let g = generate(&cases[0], dest, &opts, dump_view, &|_| Ok(()))?;
                println!("已生成 {}", g.path.display());
                return Ok(ExitCode::SUCCESS);
            }
            batch(&cases, output, &opts, jobs)
        }
        Command::Diff { before, after } => {
            let load =
                |p: &Path| -> anyhow::Result<(serde_json::Value, Option<serde_json::Value>)> {
                    if p.is_dir() {
                        let case = Case::load(p)?;
                        let view = case.view();
                        Ok((
                            serde_json::to_value(&case.gongkai)?,
                            Some(serde_json::to_value(&view.narrative)?),
                        ))
                    } else {
                        Ok((
                            serde_json::to_value(juesuan::ingest::read_gongkai(p)?)?,
                            None,
                        ))
                    }
                };
            let (ta, na) = load(&before)?;
            let (tb, nb) = load(&after)?;
            let mut cells = Vec::new();
            juesuan::diff::diff_values("", &ta, &tb, &mut cells);
            print!("{}", juesuan::diff::format_changes("表格数据", &cells));
            if let (Some(na), Some(nb)) = (na, nb) {
                let mut figs = Vec::new();
                juesuan::diff::diff_values("", &na, &nb, &mut figs);
                let figs = juesuan::diff::dedupe(figs);
                print!(
                    "{}",
                    juesuan::diff::format_changes("情况说明中的数字", &figs)
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Template { action } => match action {
            TemplateAction::Export { dir, force } => {
                let written = Templates::export(&dir, force)?;
                println!("已写出 {} 个模板文件到 {}：", written.len(), dir.display());
                for p in written {
                    println!("  {}", p.display());
                }
                Ok(ExitCode::SUCCESS)
            }
        },
    }
}

/// Newest modification time of any file under `dirs` (recursively).
fn newest_mtime(dirs: &[&Path]) -> Option<std::time::SystemTime> {
    fn walk(p: &Path, newest: &mut Option<std::time::SystemTime>) {
        if let Ok(rd) = std::fs::read_dir(p) {
            for e in rd.flatten() {
                let path = e.path();
                if path.is_dir() {
                    walk(&path, newest);
                } else if path.extension().is_some_and(|x| x != "pdf" && x != "tmp") {
                    if let Ok(m) = e.metadata().and_then(|m| m.modified()) {
                        if newest.is_none_or(|n| m > n) {
                            *newest = Some(m);
                        }
                    }
                }
            }
        }
    }
    let mut newest = None;
    for d in dirs {
        walk(d, &mut newest);
    }
    newest
}

/// Regenerate whenever a file of the case or the district templates changes.
fn watch_loop(case: &Path, output: Option<PathBuf>, opts: &GenOpts) -> anyhow::Result<ExitCode> {
    let mut dirs: Vec<&Path> = vec![case];
    if let Some(d) = &opts.district {
        dirs.push(d);
    }
    let mut seen = None;
    loop {
        let now = newest_mtime(&dirs);
        if now != seen {
            seen = now;
            let dest = match &output {
                Some(o) => Dest::File(o.clone()),
                None => Dest::CaseDir,
            };
            match generate(case, dest, opts, None, &|_| Ok(())) {
                Ok(g) => println!("已生成 {}", g.path.display()),
                Err(e) => eprintln!("错误：{e:#}"),
            }
            println!("正在监视 {} 的改动（Ctrl+C 退出）…", case.display());
        }
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
}

/// A path is a case if it holds a profile; otherwise its sub-folders that do are cases.
fn expand_cases(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.join(juesuan::case::PROFILE_FILE).exists() || !p.is_dir() {
            out.push(p.clone());
            continue;
        }
        let mut subs: Vec<PathBuf> = std::fs::read_dir(p)
            .map(|rd| {
                rd.filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|s| s.join(juesuan::case::PROFILE_FILE).exists())
                    .collect()
            })
            .unwrap_or_default();
        subs.sort();
        if subs.is_empty() {
            out.push(p.clone());
        }
        out.extend(subs);
    }
    out
}

/// Where a case's PDF goes.
enum Dest {
    /// Exactly this file (`-o x.pdf` for one case).
    File(PathBuf),
    /// This folder, under the settings' file name pattern.
    Dir(PathBuf),
    /// The case folder, under the settings' file name pattern.
    CaseDir,
}

/// What one generated case reports back.
struct Generated {
    path: PathBuf,
    warnings: usize,
}

/// Progress of a batch: a bar redrawn in place on a terminal, plain lines otherwise
/// (logs, CI, a pipe), so that a clerk at a terminal sees how far it is.
struct Progress {
    total: usize,
    done: std::sync::atomic::AtomicUsize,
    bar: bool,
}

impl Progress {
    fn new(total: usize) -> Progress {
        use std::io::IsTerminal;
        Progress {
            total,
            done: Default::default(),
            bar: std::io::stderr().is_terminal(),
        }
    }

    fn step(&self, case: &Path, r: &Result<Generated, String>) {
        let n = self.done.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        let total = self.total;
        if self.bar {
            const WIDTH: usize = 30;
            let filled = WIDTH * n / total.max(1);
            let mut line = format!(
                "\r[{}{}] {n}/{total}",
                "#".repeat(filled),
                "-".repeat(WIDTH - filled)
            );
            if let Err(e) = r {
                line = format!(
                    "\r\x1b[2K失败 {}：{}\n{line}",
                    case.display(),
                    e.lines().next().unwrap_or("")
                );
            }
            eprint!("{line}");
            if n == total {
                eprintln!();
            }
        } else {
            match r {
                Ok(g) => println!("[{n}/{total}] 完成 {}", g.path.display()),
                Err(e) => println!(
                    "[{n}/{total}] 失败 {}：{}",
                    case.display(),
                    e.lines().next().unwrap_or("")
                ),
            }
        }
    }
}

/// Output files claimed by the cases of a batch: two cases must never write the same
/// file (same department and year). The earlier case in the list keeps the name, whatever
/// the thread timing: a claim waits until every earlier case has claimed or failed.
struct Claims {
    /// Per case: `None` not yet settled, `Some(None)` failed before claiming,
    /// `Some(Some(path))` claimed.
    slots: std::sync::Mutex<Vec<Option<Option<PathBuf>>>>,
    settled: std::sync::Condvar,
}

impl Claims {
    fn new(n: usize) -> Claims {
        Claims {
            slots: std::sync::Mutex::new(vec![None; n]),
            settled: std::sync::Condvar::new(),
        }
    }

    fn claim(&self, i: usize, out: &Path, cases: &[PathBuf]) -> Result<(), String> {
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        slots[i] = Some(Some(out.to_path_buf()));
        self.settled.notify_all();
        // Cases are taken in list order, so every earlier case is already being worked on
        // and settles without waiting for this one.
        while slots[..i].iter().any(Option::is_none) {
            slots = self.settled.wait(slots).unwrap_or_else(|e| e.into_inner());
        }
        match slots[..i]
            .iter()
            .position(|s| s.as_ref().is_some_and(|p| p.as_deref() == Some(out)))
        {
            Some(j) => {
                slots[i] = Some(None);
                Err(format!(
                    "输出文件 {} 与案例 {} 的相同（部门名称和年度相同？），未生成",
                    out.display(),
                    cases[j].display()
                ))
            }
            None => Ok(()),
        }
    }

    /// Mark a case that ended without claiming (it failed early) as settled.
    fn settle(&self, i: usize) {
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        if slots[i].is_none() {
            slots[i] = Some(None);
        }
        self.settled.notify_all();
    }
}

/// Many cases in parallel; one failure never stops the others.
fn batch(
    cases: &[PathBuf],
    out_dir: Option<PathBuf>,
    opts: &GenOpts,
    jobs: Option<usize>,
) -> anyhow::Result<ExitCode> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;
    let workers = jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
        .clamp(1, cases.len().max(1));
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, Result<Generated, String>)>> = Mutex::new(Vec::new());
    let claims = Claims::new(cases.len());
    let total = cases.len();
    let progress = Progress::new(total);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(case) = cases.get(i) else { break };
                let dest = match &out_dir {
                    Some(d) => Dest::Dir(d.clone()),
                    None => Dest::CaseDir,
                };
                let claim = |out: &Path| claims.claim(i, out, cases);
                let r = generate(case, dest, opts, None, &claim).map_err(|e| format!("{e:#}"));
                claims.settle(i);
                progress.step(case, &r);
                results
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((i, r));
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    results.sort_by_key(|(i, _)| *i);
    let failed: Vec<_> = results.iter().filter(|(_, r)| r.is_err()).collect();
    let warned: Vec<_> = results
        .iter()
        .filter(|(_, r)| r.as_ref().is_ok_and(|g| g.warnings > 0))
        .collect();
    println!(
        "\n共 {total} 个案例：成功 {}（其中有提示的 {}），失败 {}。",
        total - failed.len(),
        warned.len(),
        failed.len()
    );
    for (i, r) in &warned {
        if let Ok(g) = r {
            println!(
                "  ! {}：{} 条提示（用 juesuan check 查看）",
                cases[*i].display(),
                g.warnings
            );
        }
    }
    for (i, r) in &failed {
        if let Err(e) = r {
            println!("  ✗ {}：{e}", cases[*i].display());
        }
    }
    Ok(if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

struct GenOpts {
    district: Option<PathBuf>,
    style: Option<String>,
    force: bool,
    /// Extra font folders loaded for every case (command line and district settings).
    font_dirs: Vec<PathBuf>,
    /// Fonts with the extra font folders, loaded once for all cases.
    fonts: Option<Fonts>,
    /// Built-in style + district overrides, read once and shared by every case that has
    /// no templates or settings of its own (sources are parsed once for the batch).
    shared_templates: Option<Templates>,
}

impl GenOpts {
    fn new(
        district: Option<PathBuf>,
        style: Option<String>,
        font_dirs: &[PathBuf],
        force: bool,
    ) -> anyhow::Result<GenOpts> {
        let district_settings = match &district {
            Some(d) => juesuan::settings::load(&[d.as_path()]).map_err(anyhow::Error::msg)?,
            None => Default::default(),
        };
        let mut font_dirs = font_dirs.to_vec();
        font_dirs.extend(district_settings.font_dirs.iter().cloned());
        let fonts = if font_dirs.is_empty() {
            None
        } else {
            Some(Fonts::with_extra_dirs(&font_dirs)?)
        };
        let base_style = style.clone().or(district_settings.style);
        let shared_templates = Some(
            Templates::builtin_style(base_style.as_deref().unwrap_or("default"))?
                .overlay(district.as_slice())?,
        );
        Ok(GenOpts {
            district,
            style,
            force,
            font_dirs,
            fonts,
            shared_templates,
        })
    }
}

/// Every font family a setting names must be loaded: a typo would otherwise silently
/// print the document in the fallback face.
fn check_font_families(layout: &juesuan::settings::Layout, fonts: &Fonts) -> anyhow::Result<()> {
    let have: Vec<String> = fonts.families().iter().map(|f| f.to_lowercase()).collect();
    let named = [
        ("宋体", &layout.fonts.song),
        ("黑体", &layout.fonts.hei),
        ("楷体", &layout.fonts.kai),
    ];
    for (key, list) in named {
        for family in list.iter() {
            if !have.contains(&family.to_lowercase()) {
                anyhow::bail!(
                    "设置.toml 中 字体.{key} 的“{family}”没有找到。请把字体文件放进 字体目录 或用 --font-dir 指定；已有的字体：{}",
                    fonts.families().join("、")
                );
            }
        }
    }
    Ok(())
}

fn generate(
    case_dir: &Path,
    dest: Dest,
    opts: &GenOpts,
    dump_view: Option<PathBuf>,
    claim: &dyn Fn(&Path) -> Result<(), String>,
) -> anyhow::Result<Generated> {
    let (district, force) = (opts.district.as_ref(), opts.force);
    let mut setting_dirs: Vec<&Path> = vec![case_dir];
    if let Some(d) = district {
        setting_dirs.push(d);
    }
    let settings = juesuan::settings::load(&setting_dirs).map_err(anyhow::Error::msg)?;
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
    let case = Case::load_with(case_dir, settings)?;
    for w in &case.gongkai.warnings {
        eprintln!("提示：{w}");
    }
    let report = check_case(&case);
    if report.errors() > 0 {
        eprint!("{}", format_report(&report));
        if !force {
            return Err(CheckFailed(case_dir.display().to_string()).into());
        }
    }
    let warnings = case.gongkai.warnings.len() + report.warnings();
    let own_fonts;
    let fonts = if own_font_dirs.is_empty() {
        opts.fonts.as_ref().unwrap_or_else(|| Fonts::embedded())
    } else {
        let mut all = opts.font_dirs.clone();
        all.extend(own_font_dirs);
        own_fonts = Fonts::with_extra_dirs(&all)?;
        &own_fonts
    };
    check_font_families(&case.settings.layout, fonts)?;
    let view = case.view();
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
    claim(&out).map_err(anyhow::Error::msg)?;
    let json = serde_json::to_vec_pretty(&view)?;
    if let Some(p) = dump_view {
        std::fs::write(&p, &json).map_err(|e| {
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
    let ident = format!("{}/{}", view.year, view.department);
    let pdf = compile_pdf(
        fonts,
        templates,
        &json,
        &RenderOptions::new(ident, view.year, 12, 31),
    )?;
    juesuan::output::write_atomically(&out, &pdf).map_err(|e| {
        anyhow::anyhow!(
            "无法写入 {}：{}（原有文件保持不变）",
            out.display(),
            juesuan::output::write_reason(&e)
        )
    })?;
    Ok(Generated {
        path: out,
        warnings,
    })
}
