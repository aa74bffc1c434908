//! The `juesuan` command line: a thin layer over the library. Messages are in Chinese.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand};
use juesuan::case::Case;
use juesuan::check::{check_case, format_report_with};
use juesuan::render::Templates;

/// `println!` and friends panic when the reader of a pipe has gone (`juesuan inspect … |
/// head`). Output that nobody reads is not an error: these write and ignore failures,
/// and the run goes on (a batch keeps writing its PDFs).
/// Text read from the clerk's files reaches the terminal through these: control
/// characters are written out (an escape sequence in a cell must not hide text or clear
/// the screen), and a message line on stderr is cut at 2,000 characters.
macro_rules! outln {
    () => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock());
    }};
    ($($arg:tt)+) => {{
        use std::io::Write as _;
        let text = juesuan::files::shown_lines(&format!($($arg)*), usize::MAX);
        let _ = writeln!(std::io::stdout().lock(), "{text}");
    }};
}
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let text = juesuan::files::shown_lines(&format!($($arg)*), usize::MAX);
        let mut o = std::io::stdout().lock();
        let _ = write!(o, "{text}");
        let _ = o.flush();
    }};
}
macro_rules! errln {
    () => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock());
    }};
    ($($arg:tt)+) => {{
        use std::io::Write as _;
        let text = juesuan::files::shown_lines(&format!($($arg)*), 2000);
        let _ = writeln!(std::io::stderr().lock(), "{text}");
    }};
}
/// Terminal control codes of our own (`\r`, clear line) written as they are, each
/// followed by text that is escaped like any other message: `err_ctl!(("\r", "text"), …)`.
macro_rules! err_ctl {
    ($(($ctl:expr, $text:expr)),+ $(,)?) => {{
        use std::io::Write as _;
        let mut line = String::new();
        $(
            line.push_str($ctl);
            line.push_str(&juesuan::files::shown_lines(&$text, 2000));
        )+
        let mut e = std::io::stderr().lock();
        let _ = write!(e, "{line}");
        let _ = e.flush();
    }};
}

mod cli;

use cli::batch::batch;
use cli::generate::{expand_cases, generate, Dest, GenOpts};
use cli::watch::watch_loop;

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
    /// 读取公开表工作簿（或文件名含“绩效”或“自评”的绩效自评表工作簿），以 JSON 打印读到的全部数据（用于核对读取结果）
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
    /// 核对勾稽关系与部门信息（可一次核对多个案例，或一个包含多个案例文件夹的文件夹）。退出码：0 无错误，1 有错误，2 无法运行
    Check {
        /// 案例文件夹；可给多个
        #[arg(required = true, value_name = "案例文件夹")]
        cases: Vec<PathBuf>,
        /// 区县文件夹（读取其中 设置.toml 的绩效等级等设置，与 generate 相同）
        #[arg(long, value_name = "区县文件夹")]
        district: Option<PathBuf>,
        /// 按此版式核对（与 generate 的 --style 相同）：默认 或 上海（也可写 default、shanghai）
        #[arg(long, value_name = "版式")]
        style: Option<String>,
    },
    /// 生成部门决算公开 PDF（可一次生成多个案例，或一个包含多个案例文件夹的文件夹）。退出码：0 全部生成，1 有案例因核对错误未生成，2 有案例无法读取或写出
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
        /// 内置版式：默认 或 上海（上海模板；也可写 default、shanghai）。也可在区县或案例文件夹的 设置.toml 中写 "版式" = "上海"
        #[arg(long, value_name = "版式")]
        style: Option<String>,
        /// 额外字体文件夹或字体文件（如已获授权的仿宋_GB2312；本程序不使用系统里安装的字体）
        #[arg(long, value_name = "字体文件夹")]
        font_dir: Vec<PathBuf>,
        /// 即使核对有错误也生成（不建议）
        #[arg(long)]
        force: bool,
        /// 另存视图数据（JSON），供模板作者查看
        #[arg(long, value_name = "JSON文件")]
        dump_view: Option<PathBuf>,
        /// 监视一个案例和模板文件，有改动就重新生成（供模板作者使用，Ctrl+C 退出）
        #[arg(long)]
        watch: bool,
        /// 批量生成时同时处理的案例数，1 到 8（默认：CPU 核数；每个约占 100 MB 内存）
        #[arg(short, long, value_name = "个数",
              value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=8))]
        jobs: Option<usize>,
    },
    /// 比较同一部门的两个版本（案例文件夹、公开表或绩效自评表工作簿），列出改动的单元格和随之变化的说明数字
    Diff {
        /// 修改前
        #[arg(value_name = "修改前")]
        before: PathBuf,
        /// 修改后
        #[arg(value_name = "修改后")]
        after: PathBuf,
        /// 区县文件夹（读取其中 设置.toml，与 generate 相同：说明细化到类或项等设置决定比较哪些数字）
        #[arg(long, value_name = "区县文件夹")]
        district: Option<PathBuf>,
        /// 按此版式比较（与 generate 的 --style 相同）：默认 或 上海
        #[arg(long, value_name = "版式")]
        style: Option<String>,
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

/// Load one case with its settings (the district's under the case's) and check it.
/// The report of one case, and which document it is (department and year).
fn check_one(
    case: &Path,
    district: Option<&Path>,
    style: Option<&str>,
) -> anyhow::Result<(juesuan::check::Report, Document)> {
    let mut dirs = vec![case];
    dirs.extend(district);
    let mut settings = juesuan::settings::load(&dirs).map_err(anyhow::Error::msg)?;
    settings.apply_style(
        style
            .map(juesuan::settings::style_name)
            .transpose()
            .map_err(anyhow::Error::msg)?,
    );
    for note in settings.ignored_by_style() {
        errln!("提示：{note}");
    }
    let pattern = settings
        .file_name
        .clone()
        .unwrap_or_else(|| juesuan::output::DEFAULT_PATTERN.to_string());
    let case_dir = case;
    let case = Case::load_with(case_dir, settings)?;
    for w in &case.gongkai.warnings {
        errln!("提示：{w}");
    }
    // Template files that `generate` would pass over (misnamed, misplaced): said here
    // too, as `check` is what a district runs first. (The templates are not compiled.)
    let mut overrides: Vec<PathBuf> = district.map(Path::to_path_buf).into_iter().collect();
    if case_dir.join("templates").is_dir() {
        overrides.push(case_dir.join("templates"));
    }
    let style_name = case.settings.style.as_deref().unwrap_or("default");
    if let Ok(templates) = Templates::builtin_style(style_name).and_then(|t| t.overlay(&overrides))
    {
        for note in templates
            .passed_over_notes()
            .into_iter()
            .chain(Templates::stray_in_case(case_dir, district))
        {
            errln!("提示：{}：{note}", case_dir.display());
        }
    }
    let view = case.view();
    let mut report = check_case(&case);
    // A character no font has stops `generate`: said here first. (Fonts that cannot be
    // loaded are `generate`'s to report.)
    let own_fonts;
    let fonts = if case.settings.font_dirs.is_empty() {
        Some(juesuan::render::Fonts::embedded())
    } else {
        own_fonts = juesuan::render::Fonts::with_extra_dirs(&case.settings.font_dirs).ok();
        own_fonts.as_ref()
    };
    if let (Some(fonts), Ok(json)) = (fonts, serde_json::to_value(&view)) {
        if let Some(why) = juesuan::render::missing_glyph_in_view(fonts, &json) {
            report.push(
                juesuan::check::Severity::Error,
                "R-缺字",
                "案例",
                "文字".into(),
                "字体中有的字".into(),
                "缺字".into(),
                why,
            );
        }
    }
    Ok((
        report,
        Document {
            // Two versions of one department's year: `generate` writes only the first,
            // in place or not (as `batch.rs` claims it).
            id: format!("{}{}年度", view.department, view.year),
            // The file a batch writes into one `-o` folder: names such as `A/B` and
            // `A_B` map to one.
            file: juesuan::output::file_name(&pattern, &view.department, view.year),
        },
    ))
}

/// What `check` learns of the document a case makes, to find two that would clash.
struct Document {
    id: String,
    file: String,
}

/// What a generated case leaves to look at, after its file name: `check`'s hints and
/// rounding tails (`juesuan check` lists them) and the notes printed above.
fn generated_summary(warnings: usize, tails: usize, notes: usize) -> String {
    let mut parts = Vec::new();
    if warnings > 0 {
        parts.push(format!("{warnings} 条核对提示"));
    }
    if tails > 0 {
        parts.push(format!("{tails} 处万元取整尾差"));
    }
    let checked = if parts.is_empty() {
        String::new()
    } else {
        format!("{}，用 juesuan check 查看", parts.join("、"))
    };
    match (checked.is_empty(), notes) {
        (true, 0) => String::new(),
        (true, n) => format!("（另有 {n} 条提示，见上方）"),
        (false, 0) => format!("（{checked}）"),
        (false, n) => format!("（{checked}；另有 {n} 条提示，见上方）"),
    }
}

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
    // Arguments listed in the order they are declared, as the usage line names them
    // (a heading of our own would otherwise list them out of order).
    let order = std::cell::Cell::new(0);
    cmd.help_template(TEMPLATE)
        .override_usage(format!("{parent}{usage}"))
        .subcommand_help_heading("命令")
        .mut_args(|a| {
            let heading = if a.is_positional() {
                "参数"
            } else {
                "选项"
            };
            order.set(order.get() + 1);
            a.help_heading(heading).display_order(order.get())
        })
        .mut_subcommands(|sub| chinese_help_under(sub, &prefix))
}

/// clap ends each section heading with an ASCII colon; Chinese text takes the
/// full-width one (`命令：`), as the usage line already does.
fn fullwidth_headings(help: &str) -> String {
    help.lines()
        .map(|line| match line.strip_suffix(':') {
            Some(heading @ ("命令" | "选项" | "参数")) => format!("{heading}："),
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + if help.ends_with('\n') { "\n" } else { "" }
}

/// A panic is a defect of ours; the clerk gets one Chinese line saying so, not a Rust
/// backtrace, and a batch goes on with its other cases (see `cli::batch`).
fn install_panic_message() {
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let msg = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        errln!("错误：程序内部错误（{msg}，{at}）。这是程序的缺陷，请把这条信息和所用的文件报告给维护人员。");
    }));
}

// Typst allocates and frees many small objects from several threads; mimalloc takes a
// sixth off a batch's CPU time compared with glibc's allocator (scripts/bench.sh).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    install_panic_message();
    // `juesuan help [命令]`, as git and cargo take it: the same as `--help`.
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args.get(1).is_some_and(|a| a == "help") {
        args.remove(1);
        args.push("--help".into());
    }
    let matches = match chinese_help(Cli::command()).try_get_matches_from(args) {
        Ok(m) => m,
        Err(e) => {
            use clap::error::ErrorKind;
            if e.kind() == ErrorKind::DisplayHelp {
                print!("{}", fullwidth_headings(&e.render().to_string()));
                return ExitCode::SUCCESS;
            }
            if e.kind() == ErrorKind::DisplayVersion {
                e.exit();
            }
            let what = match e.kind() {
                ErrorKind::InvalidSubcommand => "没有这个命令",
                ErrorKind::UnknownArgument => "不认识的选项",
                ErrorKind::MissingRequiredArgument => "缺少必需的参数",
                ErrorKind::MissingSubcommand
                | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => "请给出命令",
                // `-o` at the end of the line.
                ErrorKind::InvalidValue
                    if e.get(clap::error::ContextKind::InvalidValue)
                        .is_some_and(|v| v.to_string().is_empty()) =>
                {
                    "选项后缺少值"
                }
                ErrorKind::InvalidValue | ErrorKind::ValueValidation => "选项的值不对",
                _ => "命令行参数有误",
            };
            if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                // clap shows the (Chinese) help here.
                errln!("错误：{what}。\n\n{}", fullwidth_headings(&e.to_string()));
                return ExitCode::from(2);
            }
            // clap's own error text is English: only its facts are used.
            use clap::error::{ContextKind, ContextValue};
            let value = |kind| match e.get(kind) {
                Some(ContextValue::String(s)) => Some(s.clone()),
                Some(ContextValue::Strings(v)) => Some(v.join("、")),
                Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
                _ => None,
            };
            let given = value(ContextKind::InvalidValue)
                .filter(|v| !v.is_empty())
                .map(|v| format!("（给出的是“{v}”）"))
                .unwrap_or_default();
            let what_exactly = value(ContextKind::InvalidArg)
                .or_else(|| value(ContextKind::InvalidSubcommand))
                .map(|a| format!("：{a}{given}"))
                .unwrap_or_default();
            let usage = value(ContextKind::Usage)
                .map(|u| {
                    let u = u.trim();
                    let u = u.strip_prefix("Usage:").unwrap_or(u).trim();
                    format!("\n用法：{u}")
                })
                .unwrap_or_default();
            // What a value must be, for the options whose values are bounded.
            let expected = match value(ContextKind::InvalidArg) {
                Some(a) if a.starts_with("--jobs") => "，应为 1 到 8 的整数",
                _ => "",
            };
            // The subcommand's own help, when the usage names one (`juesuan generate …`).
            let path: Vec<&str> = usage
                .trim_start_matches(['\n'])
                .trim_start_matches("用法：")
                .split_whitespace()
                .skip(1)
                .take_while(|w| !w.starts_with(['[', '<', '-']))
                .collect();
            let help = match path.as_slice() {
                [] => "juesuan --help".to_string(),
                words => format!("juesuan {} --help", words.join(" ")),
            };
            errln!("错误：{what}{what_exactly}{expected}。{usage}\n用 {help} 查看帮助。");
            return ExitCode::from(2);
        }
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(cli)));
    let Ok(outcome) = outcome else {
        return ExitCode::from(2);
    };
    match outcome {
        Ok(code) => code,
        Err(e) => {
            errln!("错误：{e:#}");
            if cli::is_case_error(&e) {
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
            let is_jixiao = juesuan::files::is_jixiao_file(&workbook);
            if is_jixiao {
                let read = juesuan::jixiao::read_jixiao(&workbook, &Default::default())?;
                for m in &read.mismatches {
                    // inspect only reads; `check` refuses the errors among these.
                    errln!(
                        "{}：项目“{}”单元格 {}：{}：{}，应为 {}，表中为 {}",
                        if m.warning {
                            "提示"
                        } else {
                            "错误（check 会拒绝）"
                        },
                        m.project,
                        m.cell,
                        m.what,
                        m.note,
                        m.expected,
                        m.found
                    );
                }
                outln!("{}", serde_json::to_string_pretty(&read)?);
                return Ok(ExitCode::SUCCESS);
            }
            let model = juesuan::ingest::read_gongkai(&workbook)?;
            for w in &model.warnings {
                errln!("提示：{w}");
            }
            outln!("{}", serde_json::to_string_pretty(&model)?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Init { workbook, dir } => {
            // `juesuan init 案例 公开表.xlsx`: the two the other way round.
            if !workbook.is_file() && dir.is_file() {
                anyhow::bail!(
                    "{} 不是工作簿文件，而 {} 是一个文件：参数顺序应为 juesuan init 公开表.xlsx 案例文件夹，即 juesuan init {} {}",
                    workbook.display(),
                    dir.display(),
                    dir.display(),
                    workbook.display()
                );
            }
            let written = juesuan::init::init_case(&workbook, &dir)?;
            outln!("已创建案例文件夹 {}：", dir.display());
            for p in written {
                outln!("  {}", p.display());
            }
            outln!(
                "下一步：把绩效自评表工作簿（文件名含“绩效”或“自评”；按项目分别导出的，各项目的都放进来）也放进这个文件夹；打开 部门信息.toml，填写所有标有“【待填写】”的内容；然后运行 juesuan check {}。",
                juesuan::files::for_command(&dir)
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Check {
            cases,
            district,
            style,
        } => {
            if let Some(d) = &district {
                juesuan::settings::district_folder(d).map_err(anyhow::Error::msg)?;
                // A district's broken settings spoil every case alike: said once, as
                // `generate` says it, not once per case.
                juesuan::settings::load(&[d.as_path()]).map_err(anyhow::Error::msg)?;
            }
            let exclude: Vec<&Path> = district.as_deref().into_iter().collect();
            let (cases, skipped) = expand_cases(&cases, &exclude);
            for note in &skipped {
                errln!("提示：{note}");
            }
            let many = cases.len() > 1;
            let (mut with_errors, mut failed) = (Vec::new(), Vec::new());
            // Each document with its case and whether that case has errors.
            let mut documents: Vec<(Document, &Path, bool)> = Vec::new();
            let mut twice = Vec::new();
            let mut same_file = Vec::new();
            // Cases counted as not clean: errors, or a document name taken by an earlier case.
            let mut not_clean: Vec<&Path> = Vec::new();
            for case in &cases {
                if many {
                    outln!("== {} ==", case.display());
                }
                match check_one(case, district.as_deref(), style.as_deref()) {
                    Ok((report, doc)) => {
                        out!("{}", format_report_with(&report, !many));
                        // Two versions of one department's case side by side.
                        if let Some((_, first, first_fails)) =
                            documents.iter().find(|(d, _, _)| d.id == doc.id)
                        {
                            // `generate` makes the first that passes: one with errors
                            // fails (unless forced) and leaves the name to the next.
                            twice.push(format!(
                                "{} 与 {} 是同一部门同一年度的文档（{}），生成时只生成{}",
                                first.display(),
                                case.display(),
                                doc.id,
                                if *first_fails {
                                    "后一个（前一个有错误；加 --force 时则只生成前一个）"
                                } else {
                                    "前一个"
                                }
                            ));
                            not_clean.push(case);
                        } else if let Some((_, first, _)) =
                            documents.iter().find(|(d, _, _)| d.file == doc.file)
                        {
                            same_file.push(format!(
                                "{} 与 {} 的文件名相同（{}：部门名称只差 / 之类不能用于文件名的字符），用 -o 输出到同一文件夹时只生成前一个；可在 设置.toml 的 [\"输出\"] 中改文件名",
                                first.display(),
                                case.display(),
                                doc.file
                            ));
                        }
                        documents.push((doc, case, report.errors() > 0));
                        if report.errors() > 0 {
                            with_errors.push(format!(
                                "{}（{} 项错误）",
                                case.display(),
                                report.errors()
                            ));
                            if !not_clean.contains(&case.as_path()) {
                                not_clean.push(case);
                            }
                        }
                    }
                    // One case that cannot be read does not stop the others.
                    Err(e) if many => {
                        outln!("无法核对：{e:#}");
                        failed.push(format!("{}：{e:#}", case.display()));
                    }
                    Err(e) => return Err(e),
                }
            }
            if many {
                outln!(
                    "\n共 {} 个案例：无错误 {}，有错误 {}，无法核对 {}{}。",
                    cases.len(),
                    cases.len() - not_clean.len() - failed.len(),
                    with_errors.len(),
                    failed.len(),
                    if twice.is_empty() {
                        String::new()
                    } else {
                        format!(
                            "，与前面的案例是同一部门同一年度 {}（不会生成）",
                            twice.len()
                        )
                    }
                );
                for c in &with_errors {
                    outln!("  ✗ 有错误：{c}");
                }
                for c in &failed {
                    outln!("  ✗ 无法核对：{c}");
                }
                for c in &twice {
                    outln!("  ! 重复：{c}");
                }
                for c in &same_file {
                    outln!("  · 文件名相同：{c}");
                }
            }
            // A case the batch would not write is as much an error as a wrong figure.
            let (with_errors, failed) = (with_errors.len() + twice.len(), failed.len());
            Ok(if failed > 0 {
                ExitCode::from(2)
            } else if with_errors > 0 {
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
            if let Some(d) = &district {
                juesuan::settings::district_folder(d).map_err(anyhow::Error::msg)?;
            }
            let exclude: Vec<&Path> = district
                .as_deref()
                .into_iter()
                .chain(output.as_deref())
                .collect();
            // `-o C:\out\x.pdf` on Linux would be one file named so in this folder.
            if let Some(o) = output.as_deref().filter(|o| !o.exists()) {
                let hint = juesuan::files::backslash_hint(o);
                if !hint.is_empty() {
                    anyhow::bail!("输出路径 {} 中有 \\{hint}，未做任何改动", o.display());
                }
            }
            // The view dump is a JSON file of its own: never a workbook or a profile.
            if let Some(p) = &dump_view {
                let json = p
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("json"));
                if !json {
                    anyhow::bail!(
                        "--dump-view 的文件名应以 .json 结尾，实为 {}（为免覆盖其他文件，未做任何改动）",
                        p.display()
                    );
                }
                if std::fs::metadata(p).is_ok_and(|m| m.permissions().readonly()) {
                    anyhow::bail!("{} 是只读文件，未做任何改动", p.display());
                }
            }
            let (cases, skipped) = expand_cases(&cases, &exclude);
            for note in &skipped {
                errln!("提示：{note}");
            }
            let opts = GenOpts::new(district, style, &font_dir, force)?;
            if watch {
                // One case at a time: a template author watches the case they edit.
                if let [case] = cases.as_slice() {
                    return watch_loop(case, output, &opts);
                }
                anyhow::bail!(
                    "--watch 一次只监视一个案例，这里给出了 {} 个（{}）：请只写其中一个案例文件夹",
                    cases.len(),
                    juesuan::files::quoted_list(cases.iter().map(|c| c.display().to_string()))
                );
            }
            // Ctrl+C says which PDFs were written and leaves no temporary file.
            cli::interrupt::install();
            if cases.len() == 1 {
                let dest = match output {
                    // An existing folder, or a path written as one (`out/`).
                    // A new name without an extension is a folder too (`-o 输出`, as
                    // for a batch of several cases).
                    Some(o)
                        if o.is_dir()
                            || o.as_os_str().to_string_lossy().ends_with(['/', '\\'])
                            || (o.extension().is_none() && !o.exists()) =>
                    {
                        Dest::Dir(o)
                    }
                    Some(o) => Dest::File(o),
                    None => Dest::CaseDir,
                };
                let opts = opts.one_shot();
                let g = generate(&cases[0], dest, &opts, dump_view, &|_, _| Ok(()))?;
                let notes = generated_summary(g.warnings, g.tails, g.notes);
                outln!("已生成 {}{notes}", g.path.display());
                if g.forced_errors > 0 {
                    outln!(
                        "注意：有 {} 个错误未改正，是用 --force 强制生成的草稿（每页页眉印有“草稿 未通过核对，不得公开”），不宜公开。",
                        g.forced_errors
                    );
                }
                return Ok(ExitCode::SUCCESS);
            }
            // `-o 决算.pdf` names one file: many cases cannot all be it.
            if let Some(o) = &output {
                if o.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")) && !o.is_dir() {
                    anyhow::bail!(
                        "有 {} 个案例，-o 应为输出文件夹，而 {} 是一个 PDF 文件名；请改为文件夹（如 -o 输出）",
                        cases.len(),
                        o.display()
                    );
                }
                cli::generate::writable_folder(o)?;
            }
            batch(&cases, output, &opts, jobs)
        }
        Command::Diff {
            before,
            after,
            district,
            style,
        } => {
            if let Some(d) = &district {
                juesuan::settings::district_folder(d).map_err(anyhow::Error::msg)?;
            }
            let style = style
                .as_deref()
                .map(juesuan::settings::style_name)
                .transpose()
                .map_err(anyhow::Error::msg)?;
            cli::diff::run(&before, &after, district.as_deref(), style)
        }
        Command::Template { action } => match action {
            TemplateAction::Export { dir, force } => {
                let written = Templates::export(&dir, force)?;
                outln!("已写出 {} 个模板文件到 {}：", written.len(), dir.display());
                for p in written {
                    outln!("  {}", p.display());
                }
                Ok(ExitCode::SUCCESS)
            }
        },
    }
}
