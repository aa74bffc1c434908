//! The `juesuan` command line: a thin layer over the library. Messages are in Chinese.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
    /// 生成部门决算公开 PDF
    Generate {
        /// 案例文件夹（含公开表、绩效自评表、部门信息.toml）
        case: PathBuf,
        /// 输出 PDF 路径（默认：案例文件夹下 {部门名称}{年度}年度部门决算公开.pdf）
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// 另存视图数据（JSON），供模板作者查看
        #[arg(long)]
        dump_view: Option<PathBuf>,
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
        Command::Generate {
            case,
            output,
            dump_view,
        } => {
            let case = juesuan::case::Case::load(&case)?;
            let view = case.view();
            let json = serde_json::to_vec_pretty(&view)?;
            if let Some(p) = dump_view {
                std::fs::write(&p, &json)?;
            }
            let _ = output;
            Ok(ExitCode::SUCCESS)
        }
    }
}
