//! The Shanghai style on a filled Shanghai case: 上海市普陀区规划和自然资源局 2024
//! (`input-samples/putuo-guihua-2024`) beside its published document. Every figure is
//! computed from the case; where the published document was wrong, ours must be right.

use std::path::Path;

use juesuan::case::Case;
use juesuan::render::{compile, Fonts, RenderOptions, Rendered, Templates};

const CASE: &str = "input-samples/putuo-guihua-2024";

/// The case with its own 设置.toml (版式 上海, 绩效等级, cover lines, number style).
fn load() -> Case {
    let dir = Path::new(CASE);
    let settings = juesuan::settings::load(&[dir]).unwrap_or_else(|e| panic!("{e}"));
    Case::load_with(dir, settings).unwrap_or_else(|e| panic!("{e}"))
}

fn render_with(case: &Case, templates: &Templates) -> Rendered {
    let view = case.view();
    let json = serde_json::to_vec(&view).unwrap();
    compile(
        Fonts::embedded(),
        templates,
        &json,
        &RenderOptions::new("test", view.year, 12, 31),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn render(case: &Case) -> Rendered {
    assert_eq!(case.settings.style.as_deref(), Some("shanghai"));
    render_with(case, &Templates::builtin_style("shanghai").unwrap())
}

/// The 情况说明 (第三部分) pages only: the tables and the glossary also hold names such as
/// 税金及附加费用 that the narrative must not list.
fn narrative(out: &Rendered) -> String {
    let start = out
        .pages
        .iter()
        .position(|p| p.contains("年度收入支出总计"))
        .expect("a page with 一、收入支出决算总体情况说明");
    let end = out
        .pages
        .iter()
        .position(|p| p.contains("第四部分") && p.contains("财政拨款收入："))
        .expect("the 名词解释 page");
    out.pages[start..end]
        .iter()
        .map(|p| without_page_number(p))
        .collect()
}

/// A page's text without its `-N-` footer, so that sentences run on across pages.
fn without_page_number(page: &str) -> &str {
    let Some(body) = page.strip_suffix('-') else {
        return page;
    };
    match body.rfind('-') {
        Some(i) if body[i + 1..].bytes().all(|b| b.is_ascii_digit()) && i + 1 < body.len() => {
            &body[..i]
        }
        _ => page,
    }
}

fn assert_contains(text: &str, needles: &[&str]) {
    for needle in needles {
        assert!(text.contains(needle), "text lacks “{needle}”\n{text}");
    }
}

#[test]
fn published_figures_come_out_in_their_sentences() {
    let out = render(&load());
    let text = out.pages.concat();
    let n = narrative(&out);
    // Cover (the case's cover lines) and 目录 with the eleven sections.
    assert_eq!(out.pages[0], "上海市普陀区规划和自然资源局2024年度部门决算");
    assert_contains(
        &out.pages[1],
        &[
            "第一部分 上海市普陀区规划和自然资源局概况",
            "二、部门决算单位构成",
            "七、财政拨款“三公”经费支出决算表",
            "九、国有资本经营预算财政拨款收入支出决算表",
            "第三部分 上海市普陀区规划和自然资源局2024年度部门决算情况说明",
            "十、预算绩效管理情况",
            // The template's 目录 wording; the heading itself keeps `…的情况说明`.
            "十一、其他重要事项说明",
            "第四部分 名词解释",
        ],
    );
    assert!(
        !out.pages[1].contains("其他重要事项的情况说明"),
        "{}",
        out.pages[1]
    );
    assert_contains(&n, &["十一、其他重要事项的情况说明"]);
    // Its 目录 page number is the page its heading is printed on (the heading moves to
    // the next page with its first paragraph; the 目录 follows it).
    let toc = &out.pages[1];
    let after =
        &toc[toc.find("十一、其他重要事项说明").unwrap() + "十一、其他重要事项说明".len()..];
    let listed: String = after
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    let page = out
        .pages
        .iter()
        .find(|p| p.contains("十一、其他重要事项的情况说明"))
        .unwrap();
    assert!(
        page.ends_with(&format!("-{listed}-")),
        "目录 says {listed}: {page}"
    );
    // 第一部分: duties numbered 1. 2. …, the five units in their table.
    assert_contains(
        &text,
        &[
            "1.履行全民所有自然资源资产所有者职责",
            "14.完成区委、区政府交办的其他任务。",
            "从预算单位构成看，上海市普陀区规划和自然资源局部门决算包括：上海市普陀区规划和自然资源局本级决算、下属行政事业单位决算。",
            "1上海市普陀区规划和自然资源局（本级）2上海市普陀区规划和自然资源局执法大队（下属参公事业单位）",
            "5上海市普陀区规划和自然资源管理事务中心（下属事业单位）",
        ],
    );
    // 一 to 四.
    assert_contains(
        &n,
        &[
            "上海市普陀区规划和自然资源局2024年度收入支出总计9859.38万元。与2023年度相比，收入支出总计增加1062.85万元，增长12.08%。主要原因：项目支出增加",
            "本年收入合计9746.50万元，其中：财政拨款收入9746.50万元，占100.00%。",
            "本年支出合计9759.38万元，其中：基本支出5377.64万元，占55.10%；项目支出4381.74万元，占44.90%。",
            "上海市普陀区规划和自然资源局2024年度财政拨款收入支出总计9746.50万元。与2023年度相比，财政拨款收入支出总计增加1193.20万元，增长13.95%。主要原因：",
        ],
    );
    // 五: 99.87% (published 99.86%, truncated) and 增长13.95% with its % sign.
    assert_contains(
        &n,
        &[
            "一般公共预算财政拨款支出9746.50万元，占本年支出合计的99.87%。与2023年度相比，一般公共预算财政拨款支出增加1193.20万元，增长13.95%。主要原因：",
            "主要用于以下方面：社会保障和就业支出（类）754.75万元，占7.74%；卫生健康支出（类）236.64万元，占2.43%；城乡社区支出（类）3832.36万元，占39.32%；自然资源海洋气象等支出（类）4461.67万元，占45.78%；住房保障支出（类）461.08万元，占4.73%。",
            // 95.46% rounded (published 95.45%, truncated).
            "一般公共预算财政拨款支出年初预算为10210.34万元，支出决算为9746.50万元，完成年初预算的95.46%。决算数小于预算数的主要原因：城乡社区支出（类）未完成年初预期，其中项目支出规划服务较年初完成92%，部分项目未开展完成。其中：",
            "1、社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）。主要用于：行政单位退休人员支出。年初预算为54.53万元，支出决算为54.53万元，完成年初预算的100.00%。决算数同预算数持平。",
            "3、社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）。主要用于：行政事业单位养老保险支出。年初预算为452.40万元，支出决算为446.11万元，完成年初预算的98.61%。决算数小于预算数的主要原因：机构改革人员变动，年中社会保险缴费基数变更等因素综合导致。",
            "4、社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）。主要用于：行政事业单位职业年金支出。年初预算为226.25万元，支出决算为225.12万元，完成年初预算的99.50%。决算数小于预算数的主要原因：年中社会保险缴费基数变更导致。",
            // The 项 as the tables name it (published: 机关事业单位退休人员活动费支出).
            "5、社会保障和就业支出（类）行政事业单位养老支出（款）其他行政事业单位养老支出（项）。",
            "年初预算为42.73万元，支出决算为40.35万元，完成年初预算的94.43%。决算数小于预算数的主要原因：医疗保险基数变更",
            "年初预算为196.40万元，支出决算为196.29万元，完成年初预算的99.94%。",
            "8、城乡社区支出（类）城乡社区管理事务（款）行政运行（项）。主要用于：行政单位人员支出、公用支出。年初预算为1115.48万元，支出决算为1092.80万元，完成年初预算的97.97%。",
            "年初预算为3110.14万元，支出决算为2739.56万元，完成年初预算的88.08%。决算数小于预算数的主要原因：部分项目支出未完成",
            "10、自然资源海洋气象等支出（类）自然资源事务（款）事业运行（项）。主要用于：事业单位人员支出、公用支出、项目支出。年初预算为4477.33万元，支出决算为4416.67万元，完成年初预算的98.65%。",
            "11、自然资源海洋气象等支出（类）自然资源事务（款）其他自然资源事务支出（项）。",
            // 住房改革支出（款）as in the tables (published: 住房保障支出（款）).
            "13、住房保障支出（类）住房改革支出（款）购房补贴（项）。主要用于：行政单位购房补贴支出。年初预算为171.49万元，支出决算为171.49万元，完成年初预算的100.00%。决算数同预算数持平。",
        ],
    );
    assert!(!n.contains("14、"), "thirteen 项 with money, no more");
    // 六: 基本支出 of 05 (published 5377.64, the 03 figure) and 人员经费 of 06
    // (published 4896.98); only items with money (不涉及的不列).
    assert_contains(
        &n,
        &[
            "一般公共预算财政拨款基本支出5364.75万元。其中：人员经费4884.09万元，主要包括：基本工资、津贴补贴、绩效工资、",
            "其他工资福利支出、退休费；公用经费480.66万元，主要包括：办公费、手续费、",
            "其他商品和服务支出、办公设备购置。",
        ],
    );
    // 七: three items; a zero budget is said in words, not 完成预算的0.00%.
    assert_contains(
        &n,
        &[
            "“三公”经费财政拨款支出年初预算为2.85万元，支出决算为0.39万元，完成预算的13.68%，其中：因公出国（境）费决算为0.00万元，预算为0.00万元；公务用车购置及运行维护费支出决算为0.00万元，预算为0.00万元；公务接待费支出决算为0.39万元，完成预算的13.68%。",
            "2024年度“三公”经费支出决算数小于预算数的主要原因：严格落实中央八项规定，控制“三公”经费支出。",
            "2024年度“三公”经费财政拨款支出决算数比2023年度减少0.15万元，下降27.78%，其中：因公出国（境）费支出与2023年度持平；公务用车购置及运行维护费支出与2023年度持平；公务接待费支出决算减少0.15万元，下降27.78%。公务接待费支出减少的主要原因是严格落实中央八项规定",
            "“三公”经费财政拨款支出决算中，因公出国（境）费支出决算0.00万元，占0.00%；公务用车购置及运行维护费支出决算0.00万元，占0.00%；公务接待费支出决算0.39万元，占100.00%。具体情况如下：",
            "1、因公出国（境）费支出0.00万元。全年安排因公出国（境）团组0个、累计0人次。",
            "2、公务用车购置及运行维护费支出0.00万元。其中：公务用车购置支出为0.00万元。公务用车运行维护支出0.00万元。",
            "所属各预算单位开支财政拨款的公务用车保有量为0辆。",
            "3、公务接待费支出0.39万元。其中：国内公务接待支出0.39万元（含外宾接待支出0.00万元）。主要用于接待上级部门及外省市单位调研学习及考察，公务接待2批次、26人次，其中：接待外宾0批次、0人次。",
        ],
    );
    // 八 / 九 / 十 / 十一.
    assert_contains(
        &n,
        &[
            "八、政府性基金预算财政拨款收入支出决算情况说明上海市普陀区规划和自然资源局2024年度无政府性基金预算财政拨款收入和支出。",
            "九、国有资本经营预算财政拨款收入支出决算情况说明上海市普陀区规划和自然资源局2024年度无国有资本经营预算财政拨款收入和支出。",
            "本部门建立了如下预算绩效管理制度：严格贯彻落实《上海市预算绩效管理实施办法》",
            // The published text stops at 发现问题0个; the Shanghai template goes on with
            // 已经完成整改的 / 正在整改的, and so do we.
            "全过程绩效管理实施情况：编报绩效目标的2024年度项目39个，涉及预算金额4415.48万元；绩效跟踪评价的2024年度项目39个，涉及预算金额4415.48万元；绩效自评的2024年度项目39个，涉及预算金额4415.48万元，平均得分99.33分（其中，绩效评级为“优”的项目39个；绩效评级为“良”的项目0个；绩效评级为“合格”的项目0个；绩效评级为“不合格”的项目0个。绩效自评中共发现问题0个，已经完成整改的0个，正在整改的0个）。",
            "机关运行经费支出142.80万元，比2023年度减少13.52万元，下降8.65%。主要原因是严格落实中央八项规定，控制机关运行成本相关规定，勤俭节约，合理支出。较上一年度减少了培训费支出等。",
            "上海市普陀区规划和自然资源局2024年度政府采购金额（以合同签订为准）为2319.21万元，其中：货物采购金额122.43万元、工程采购金额1387.72万元、服务采购金额809.07万元。",
            "2024年度本部门面向中小企业预留政府采购项目预算金额225.10万元，面向小微企业预留政府采购项目预算金额164.87万元。在面向中小企业预留的政府采购项目中，由中小企业供应商中标或成交的，采购金额225.10万元；在面向小微企业预留政府采购项目中，由小微企业供应商中标或成交的，采购金额164.87万元；在其他政府采购项目中，由中小企业供应商中标或成交的，采购金额0.00万元。",
            "截至2024年12月31日，上海市普陀区规划和自然资源局部门（单位）共有车辆0辆，其中：部级领导干部用车0辆、主要领导干部用车0辆、机要通信用车0辆、应急保障用车0辆、执法执勤用车0辆、特种专业技术用车0辆、离退休干部用车0辆、其他用车0辆。单价100万元（含）以上设备（不含车辆）0台（套）。",
        ],
    );
    // 第四部分: the Shanghai glossary, eleven entries.
    assert_contains(
        &text,
        &[
            "第四部分 名词解释一、财政拨款收入：指单位本年度从本级财政部门取得的财政拨款",
            "十、“三公”经费：指单位使用本级财政拨款安排的因公出国（境）费",
            "十一、机关运行经费：指行政单位和参照公务员法管理的事业单位使用一般公共预算财政拨款安排的基本支出中的日常公用经费支出。",
        ],
    );
    let glossary = out
        .pages
        .iter()
        .find(|p| p.starts_with("第四部分 名词解释"))
        .unwrap();
    assert!(
        glossary.contains("十一、") && !glossary.contains("十二、"),
        "the Shanghai glossary has eleven entries"
    );
}

/// The published document's own errors (../shared/reference/README.md) are not made.
#[test]
fn published_errors_are_not_copied() {
    let out = render(&load());
    let text = out.pages.concat();
    let n = narrative(&out);
    for wrong in [
        "99.86%",                    // truncated 9746.50 / 9759.38
        "95.45%",                    // truncated 9746.50 / 10210.34
        "增长13.95。",               // the % sign left out
        "下降（增长）",              // the template's placeholder left in
        "完成预算的0.00%",           // a rate of a budget of 0
        "基本支出5377.64万元。其中", // 03's figure against 05's parts
        "4896.98",                   // 人员经费 not in the tables
        "0.39万（",                  // 万 without 元
        "上海市规划和自然资源局",    // the department's name cut
        "规划与自然资源局",          // the department's name misspelt
        "机关事业单位退休人员活动费支出",
        "其他国土资源事务支出",
    ] {
        assert!(
            !text.contains(wrong),
            "output has the published error “{wrong}”"
        );
    }
    // 不涉及的不列: items without money are not in the lists of 六.
    for zero_item in ["奖金", "奖励金", "税金及附加费用", "其他对个人和家庭的补助"]
    {
        assert!(
            !n.contains(zero_item),
            "六 lists “{zero_item}” which has no money"
        );
    }
    // Every percentage in the 情况说明 carries two decimals and its % sign.
    let mut rest = n.as_str();
    while let Some(i) = rest.find('%') {
        let before: String = rest[..i].chars().rev().take(3).collect();
        let before: String = before.chars().rev().collect();
        let ok = before.len() == 3
            && before.as_bytes()[0] == b'.'
            && before[1..].bytes().all(|b| b.is_ascii_digit());
        // The department's own “完成92%” is text, not a computed figure.
        assert!(
            ok || rest[..i].ends_with("完成92"),
            "percentage “…{before}%”"
        );
        rest = &rest[i + 1..];
    }
}

/// The tables as the Shanghai template lays them out: one 功能分类科目编码 column, 合计 first
/// in 02/03 and last in 05, 三公 figures paired 预算数 | 决算数 per item, every figure of 06
/// and 09 printed, no 公开NN表 labels, the Shanghai notes.
#[test]
fn tables_follow_the_shanghai_layout() {
    let out = render(&load());
    let page = |title: &str| -> &str {
        out.pages
            .iter()
            .find(|p| p.contains(title) && p.contains("单位：万元"))
            .unwrap_or_else(|| panic!("no table page “{title}”"))
    };
    let text = out.pages.concat();
    assert!(!text.contains("公开01表") && !text.contains("部门名称："));
    assert_contains(
        page("收入支出决算总表单位"),
        &[
            "一、一般公共预算财政拨款收入9746.50一、一般公共服务支出",
            "十一、城乡社区支出3845.25",
            "本年收入合计9746.50本年支出合计9759.38",
            // The template's 注, then the workbook's own sentence about rounding tails
            // (its 万元 figures do not always add up).
            "年初结转和结余112.88年末结转和结余100.00总计9859.38总计9859.38注：本表反映部门本年度的总收支和年末结转结余情况。本套报表金额单位转换时可能存在尾数误差。",
        ],
    );
    assert_contains(
        page("收入决算表单位"),
        &[
            "功能分类科目编码科目名称合计9746.509746.50208社会保障和就业支出754.75754.75",
            "2080505机关事业单位基本养老保险缴费支出446.11446.11",
        ],
    );
    assert_contains(
        page("支出决算表单位"),
        &[
            "合计9759.385377.644381.74208",
            "212城乡社区支出3845.241585.592259.65",
        ],
    );
    assert_contains(
        page("一般公共预算财政拨款支出决算表单位"),
        // As published: 0.00 in a column that has figures (项目支出), blank in one
        // that has none.
        &[
            "2200199其他自然资源事务支出45.000.0045.00",
            "2210203购房补贴171.49171.490.00合计9746.505364.754381.74注：本表反映部门本年度一般公共预算财政拨款支出情况。",
        ],
    );
    assert_contains(
        page("一般公共预算财政拨款基本支出决算表单位"),
        &[
            "301工资福利支出4816.14302商品和服务支出440.90",
            "30103奖金0.0030203咨询费0.00",
            "31099其他资本性支出0.00人员经费合计4884.09公用经费合计480.66",
        ],
    );
    assert_contains(
        page("财政拨款“三公”经费支出决算表单位"),
        &["预算数决算数2.850.390.000.000.000.000.000.000.000.002.850.39注：本表反映部门本年度“三公”经费支出预决算情况。"],
    );
    assert_contains(
        page("政府性基金预算财政拨款收入支出决算表单位"),
        &["说明：上海市普陀区规划和自然资源局本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。"],
    );
    // The export's 国有资本经营 table has only its 本年支出 columns; empty, it prints the
    // Shanghai frame under the Shanghai title.
    assert_contains(
        page("国有资本经营预算财政拨款收入支出决算表单位"),
        &["年初结转和结余本年收入", "故本表无数据。"],
    );
    // The Shanghai order: 三公 is table 七, before the two fund tables.
    let at = |t: &str| out.pages.iter().position(|p| p.starts_with(t)).unwrap();
    assert!(at("财政拨款“三公”经费支出决算表") < at("政府性基金预算财政拨款收入支出决算表"));
}

/// Branches the case does not take: a 政府性基金 table with figures is told per 项 in the
/// Shanghai wording, a 国有资本经营 table with only its 本年支出 columns keeps them, a
/// department without 三公 says so, one of a single unit has 机构设置, and the default
/// style still renders the Shanghai case.
#[test]
fn other_branches_of_the_shanghai_wording() {
    use juesuan::model::{CellRef, CodeRow};
    use juesuan::profile::Money;
    use rust_decimal::Decimal;

    let d = |s: &str| s.parse::<Decimal>().unwrap();
    let row = |code: &str, name: &str, values: &[&str]| CodeRow {
        code: code.into(),
        name: name.into(),
        values: values.iter().map(|v| d(v)).collect(),
        at: CellRef::default(),
        cells: Vec::new(),
    };
    let mut case = load();
    let g = &mut case.gongkai;
    // 07: 年初结转和结余, 本年收入, 本年支出, 基本支出, 项目支出, 年末结转和结余.
    let fund = ["0", "100.00", "80.00", "0", "80.00", "20.00"];
    g.t07.meta.empty = false;
    g.t07.total = fund.iter().map(|v| d(v)).collect();
    g.t07.rows = vec![
        row("212", "城乡社区支出", &fund),
        row("21208", "国有土地使用权出让收入安排的支出", &fund),
        row("2120801", "征地和拆迁补偿支出", &fund),
    ];
    // 08 with its three 本年支出 columns.
    let capital = ["12.50", "0", "12.50"];
    g.t08.meta.empty = false;
    g.t08.total = capital.iter().map(|v| d(v)).collect();
    g.t08.rows = vec![
        row("223", "国有资本经营预算支出", &capital),
        row("22301", "解决历史遗留问题及改革成本支出", &capital),
        row("2230105", "国有企业退休人员社会化管理补助支出", &capital),
    ];
    // No 三公 at all.
    g.t09.budget = Default::default();
    g.t09.actual = Default::default();
    let p = &mut case.profile;
    p.budget.by_code.insert("2120801".into(), Money(d("90.00")));
    p.reasons
        .by_code
        .insert("2120801".into(), "部分地块征收延至下年".into());
    p.uses
        .by_code
        .insert("2120801".into(), "地块征收补偿".into());
    p.overview.units.truncate(1);
    p.overview.organization = vec!["本部门内设科室8个。".into()];

    let out = render(&case);
    let text = out.pages.concat();
    let n = narrative(&out);
    assert_contains(
        &n,
        &[
            "政府性基金预算财政拨款收入100.00万元，支出80.00万元，支出具体情况如下：1、城乡社区支出（类）国有土地使用权出让收入安排的支出（款）征地和拆迁补偿支出（项）。主要用于：地块征收补偿。年初预算为90.00万元，支出决算为80.00万元，完成年初预算的88.89%。决算数小于预算数的主要原因：部分地块征收延至下年。",
            // No 年初预算 given for the 国有资本经营 项: no rate, no comparison.
            "国有资本经营预算财政拨款收入0.00万元，支出12.50万元，支出具体情况如下：1、国有资本经营预算支出（类）解决历史遗留问题及改革成本支出（款）国有企业退休人员社会化管理补助支出（项）。支出决算为12.50万元。",
            "（一）“三公”经费财政拨款支出决算总体情况说明。上海市普陀区规划和自然资源局2024年度无“三公”经费财政拨款支出。",
        ],
    );
    assert_contains(
        &text,
        &[
            "2120801征地和拆迁补偿支出100.0080.0080.0020.00",
            "国有资本经营预算财政拨款支出决算表单位：万元",
            "2230105国有企业退休人员社会化管理补助支出12.5012.50",
            "二、机构设置本部门内设科室8个。",
        ],
    );
    assert!(!text.contains("部门决算单位构成"));
    // The fund 项's 年初预算 is not part of the 一般公共预算 budget nor of its 类.
    let report = juesuan::check::check_case(&case);
    let budget: Vec<String> = report
        .findings
        .iter()
        .filter(|f| f.place.starts_with("年初预算") && !f.is_rounding_tail())
        .map(|f| f.to_string())
        .collect();
    assert!(budget.is_empty(), "{budget:?}");

    // The default style renders the same case (its 十 uses the profile's 政府采购 too).
    let default = render_with(&load(), &Templates::builtin()).pages.concat();
    assert_contains(
        &default,
        &[
            "公开01表",
            "政府采购支出总额2319.21万元，其中：政府采购货物支出122.43万元、政府采购工程支出1387.72万元、政府采购服务支出809.07万元。",
            "2024年度机关运行经费支出142.80万元，比2023年减少13.52万元，下降8.65%",
        ],
    );
}

/// A district that chose how zeros print (表格.零值 = "空白") keeps its choice in the
/// Shanghai style: no 0.00 filled into the columns with figures.
#[test]
fn a_district_choice_of_blank_zeros_wins_over_the_style() {
    let mut case = load();
    case.settings.layout.zeros = Some("blank".into());
    let text = render(&case).pages.concat();
    assert!(
        text.contains("2210203购房补贴171.49171.49合计9746.505364.754381.74"),
        "{text}"
    );
    assert!(!text.contains("2210203购房补贴171.49171.490.00"));
    // The 基本支出 and “三公” tables, which print every figure by the style, too.
    assert!(!text.contains("印刷费0.00"), "06");
    let published = render(&load()).pages.concat();
    assert!(
        published.contains("印刷费0.00"),
        "06 as the style prints it"
    );
}

/// A department that evaluated no project says so in 十, without a row of 0个 grades.
#[test]
fn no_project_evaluated_is_said_in_words() {
    let mut case = load();
    case.projects.clear();
    case.profile.performance.projects = Some(0);
    case.profile.performance.funds = None;
    case.profile.performance.grades.clear();
    let text = narrative(&render(&case)).replace('\n', "");
    assert!(
        text.contains("全过程绩效管理实施情况：编报绩效目标的2024年度项目39个，涉及预算金额4415.48万元；绩效跟踪评价的2024年度项目39个，涉及预算金额4415.48万元；无开展绩效自评的2024年度项目。"),
        "{text}"
    );
}

/// What the Shanghai template's sentences need from the clerk is asked for: the reasons
/// for 决算 against 预算 (五（三）, 七（一）), each 项's and 三公 item's 用途; and the five
/// 中小企业 figures of 十一（二）, which no table holds, are required.
#[test]
fn texts_and_figures_the_shanghai_wording_needs_are_asked_for() {
    let mut case = load();
    let p = &mut case.profile;
    p.reasons.general_budget = None;
    p.reasons.sangong_budget = None;
    p.uses.sangong.clear();
    let code = p.uses.by_code.keys().next().unwrap().clone();
    p.uses.by_code.remove(&code);
    p.procurement.sme_awarded_other = None;
    let report = juesuan::check::check_case(&case);
    let said = |rule: &str, place: &str| {
        report
            .findings
            .iter()
            .any(|f| f.rule == rule && f.place.starts_with(place))
    };
    assert!(said("P-原因", "原因.一般公共预算财政拨款支出决算与预算"));
    assert!(said("P-原因", "原因.三公经费决算与预算"));
    assert!(said("P-用途", &format!("用途.按科目.\"{code}\"")));
    assert!(said("P-用途", "用途.三公经费.公务接待费"));
    assert!(report.findings.iter().any(|f| f.rule == "P-缺项"
        && f.place.starts_with("政府采购.其他项目中小企业中标成交金额")
        && f.severity == juesuan::check::Severity::Error));
    // The case as published has them all.
    let report = juesuan::check::check_case(&load());
    assert!(
        !report
            .findings
            .iter()
            .any(|f| f.rule == "P-用途" || f.place.contains("决算与预算")),
        "{:?}",
        report.findings
    );
}

/// An item's reason written with the lead the sentence already has (`主要原因是：…`) is
/// printed once, after the sentence's own `主要原因：`.
#[test]
fn a_reason_with_its_own_lead_is_not_doubled() {
    for reason in [
        "主要原因是：年中基数变更",
        "主要原因：年中基数变更。",
        "主要原因是年中基数变更",
    ] {
        let mut case = load();
        case.profile
            .reasons
            .by_code
            .insert("2080506".into(), reason.into());
        let text: String = render(&case).pages.concat().split_whitespace().collect();
        assert!(
            text.contains("预算数的主要原因：年中基数变更。"),
            "{reason}: {text}"
        );
        assert!(!text.contains("：："), "{reason}");
    }
}

/// Shanghai tells each 项 against its 年初预算 only: a 项 without one asks for no reason
/// (whatever its change on last year), and a reason given for it is said to be unprinted;
/// a 政府采购 合计 given without 货物, 工程 and 服务 is refused rather than printed beside
/// three 0.00 nobody stated.
#[test]
fn shanghai_asks_only_for_what_it_prints() {
    let place = |f: &juesuan::check::Finding| f.place.contains("原因.按科目.\"2080506\"");
    let mut case = load();
    case.profile.budget.by_code.remove("2080506");
    case.profile.reasons.by_code.remove("2080506");
    let report = juesuan::check::check_case(&case);
    assert!(
        !report
            .findings
            .iter()
            .any(|f| f.rule == "P-原因" && place(f)),
        "{:?}",
        report.findings
    );
    case.profile
        .reasons
        .by_code
        .insert("2080506".into(), "缴费基数变更".into());
    let report = juesuan::check::check_case(&case);
    let f = report
        .findings
        .iter()
        .find(|f| f.rule == "P-原因" && place(f))
        .expect("unprinted reason said");
    assert_eq!(f.expected, "无需说明原因（没有年初预算数）");

    let mut case = load();
    case.profile.procurement.goods = None;
    case.profile.procurement.services = None;
    let report = juesuan::check::check_case(&case);
    let missing: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.rule == "P-缺项" && f.severity == juesuan::check::Severity::Error)
        .map(|f| f.place.split('（').next().unwrap())
        .collect();
    assert_eq!(missing, ["政府采购.货物", "政府采购.服务"]);
}
