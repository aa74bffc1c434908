//! The `juesuan` command line: a thin layer over the library. Messages are in Chinese.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use juesuan::case::Case;
use juesuan::check::{check_case, format_report};
use juesuan::render::{compile_pdf, Fonts, RenderOptions, Templates};

#[derive(Parser)]
#[command(
    name = "juesuan",
    version,
    about = "部门决算公开文档生成工具：读取财务系统导出的公开表，核对勾稽关系，生成 PDF",
    disable_help_subcommand = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 读取公开表工作簿，以 JSON 打印读到的全部数据（用于核对读取结果）
    Inspect {
        /// 公开表工作簿（.xlsx / .xls / .ods）
        workbook: PathBuf,
    },
    /// 由公开表创建案例文件夹：复制工作簿，生成待填写的 部门信息.toml
    Init {
        /// 公开表工作簿
        workbook: PathBuf,
        /// 要创建的案例文件夹
        dir: PathBuf,
    },
    /// 核对勾稽关系与部门信息。退出码：0 无错误，1 有错误，2 无法运行
    Check {
        /// 案例文件夹
        case: PathBuf,
    },
    /// 生成部门决算公开 PDF
    Generate {
        /// 案例文件夹（含公开表、绩效自评表、部门信息.toml）
        case: PathBuf,
        /// 输出 PDF 路径（默认：案例文件夹下 {部门名称}{年度}年度部门决算公开.pdf）
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// 区县模板文件夹（覆盖内置模板中的同名文件）
        #[arg(long)]
        district: Option<PathBuf>,
        /// 额外字体文件夹（如已获授权的仿宋_GB2312）
        #[arg(long)]
        font_dir: Vec<PathBuf>,
        /// 即使核对有错误也生成（不建议）
        #[arg(long)]
        force: bool,
        /// 另存视图数据（JSON），供模板作者查看
        #[arg(long)]
        dump_view: Option<PathBuf>,
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
        dir: PathBuf,
        /// 覆盖已存在的文件
        #[arg(long)]
        force: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("错误：{e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Inspect { workbook } => {
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
        Command::Check { case } => {
            let case = Case::load(&case)?;
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
            case,
            output,
            district,
            font_dir,
            force,
            dump_view,
        } => generate(&case, output, district, &font_dir, force, dump_view),
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

fn generate(
    case_dir: &Path,
    output: Option<PathBuf>,
    district: Option<PathBuf>,
    font_dirs: &[PathBuf],
    force: bool,
    dump_view: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    let case = Case::load(case_dir)?;
    for w in &case.gongkai.warnings {
        eprintln!("提示：{w}");
    }
    let report = check_case(&case);
    if report.errors() > 0 {
        eprint!("{}", format_report(&report));
        if !force {
            eprintln!(
                "核对有错误，未生成 PDF（原有 PDF 保持不变）。修正后重试，或加 --force 强制生成。"
            );
            return Ok(ExitCode::from(1));
        }
    }
    let view = case.view();
    let json = serde_json::to_vec_pretty(&view)?;
    if let Some(p) = dump_view {
        std::fs::write(&p, &json).with_context(|| format!("无法写入 {}", p.display()))?;
    }
    // District folder first, then the case's own templates/ folder: later wins.
    let mut overrides = Vec::new();
    overrides.extend(district);
    let case_templates = case_dir.join("templates");
    if case_templates.is_dir() {
        overrides.push(case_templates);
    }
    let templates = if overrides.is_empty() {
        Templates::builtin()
    } else {
        Templates::with_overrides(&overrides)?
    };
    let extra_fonts;
    let fonts = if font_dirs.is_empty() {
        Fonts::embedded()
    } else {
        extra_fonts = Fonts::with_extra_dirs(font_dirs)?;
        &extra_fonts
    };
    let ident = format!("{}/{}", view.year, view.department);
    let pdf = compile_pdf(
        fonts,
        &templates,
        &json,
        &RenderOptions::new(ident, view.year, 12, 31),
    )?;
    let out = output.unwrap_or_else(|| {
        case_dir.join(juesuan::output::default_file_name(
            &view.department,
            view.year,
        ))
    });
    juesuan::output::write_atomically(&out, &pdf)
        .with_context(|| format!("无法写入 {}", out.display()))?;
    println!("已生成 {}（{} 字节）", out.display(), pdf.len());
    Ok(ExitCode::SUCCESS)
}
