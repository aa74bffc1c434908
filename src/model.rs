//! The typed model of one department's 决算 as read from the 公开表 workbook.
//!
//! Every amount is `Decimal` in 万元 with 2 decimals (converted from 元 at the edge).
//! Row lists (categories, economic codes, statistics lines) are whatever the workbook
//! holds: nothing here enumerates a year's categories.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Where a value came from, for messages: `公开02表!C9`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct CellRef {
    pub sheet: String,
    pub cell: String,
}

impl std::fmt::Display for CellRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}!{}", self.sheet, self.cell)
    }
}

/// The ten kinds of 公开表, in the national numbering. A district may print them in
/// another order or number; the kind is what the table *is*.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum TableKind {
    T01,
    T02,
    T03,
    T04,
    T05,
    T06,
    T07,
    T08,
    T09,
    T10,
}

impl TableKind {
    pub const ALL: [TableKind; 10] = [
        TableKind::T01,
        TableKind::T02,
        TableKind::T03,
        TableKind::T04,
        TableKind::T05,
        TableKind::T06,
        TableKind::T07,
        TableKind::T08,
        TableKind::T09,
        TableKind::T10,
    ];

    /// The national title.
    pub fn title(self) -> &'static str {
        self.titles()[0]
    }

    /// Every title the table is exported under: the national one first, then the
    /// titles of provincial formats (Shanghai's 2024 template names 06 and 08 otherwise).
    /// Titles are matched as suffixes, longest first, so `…基本支出决算表` must be listed
    /// here or it would read as 03's `支出决算表`.
    pub fn titles(self) -> &'static [&'static str] {
        match self {
            TableKind::T01 => &["收入支出决算总表", "收支决算总表"],
            TableKind::T02 => &["收入决算表"],
            TableKind::T03 => &["支出决算表"],
            TableKind::T04 => &["财政拨款收入支出决算总表", "财政拨款收支决算总表"],
            TableKind::T05 => &["一般公共预算财政拨款支出决算表"],
            TableKind::T06 => &[
                "一般公共预算财政拨款基本支出决算明细表",
                "一般公共预算财政拨款基本支出决算表",
            ],
            TableKind::T07 => &[
                "政府性基金预算财政拨款收入支出决算表",
                "政府性基金预算财政拨款支出决算表",
            ],
            TableKind::T08 => &[
                "国有资本经营预算财政拨款支出决算表",
                "国有资本经营预算财政拨款收入支出决算表",
            ],
            TableKind::T09 => &["财政拨款“三公”经费支出决算表", "“三公”经费支出决算表"],
            TableKind::T10 => &["部门决算公开相关信息统计表", "部门决算相关信息统计表"],
        }
    }

    /// National number 1..=10.
    pub fn number(self) -> u8 {
        self as u8 + 1
    }

    pub fn from_number(n: u32) -> Option<TableKind> {
        TableKind::ALL.get((n as usize).checked_sub(1)?).copied()
    }

    /// `公开02表`
    pub fn label(self) -> String {
        format!("公开{:02}表", self.number())
    }
}

/// How the workbook stated its unit. The model is always 万元.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SourceUnit {
    #[serde(rename = "万元")]
    Wanyuan,
    #[serde(rename = "元")]
    Yuan,
}

/// Identification printed on the table's 部门名称/年度/金额单位 line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableMeta {
    /// Sheet the table was found on.
    pub sheet: String,
    /// The `公开NN表` label if the sheet carries one.
    pub label: Option<String>,
    pub title: String,
    pub department: Option<String>,
    pub year: Option<i32>,
    pub unit: SourceUnit,
    /// The 注/说明 lines under the table, verbatim.
    pub notes: Vec<String>,
    /// True when every figure of the table is empty (the document prints 本表无数据).
    pub empty: bool,
}

/// One line of a 收入/支出 column of 01 or 04: `一、一般公共预算财政拨款收入 | 1 | 1156.59`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub label: String,
    /// 行次, when the export prints it.
    pub line_no: Option<u32>,
    /// Indented sub-line (`  一般公共预算财政拨款` under 年初结转和结余).
    pub sub: bool,
    pub amounts: Vec<Decimal>,
    /// Where each amount sits, for messages (not part of the printed model).
    #[serde(skip)]
    pub cells: Vec<CellRef>,
}

impl Line {
    pub fn amount(&self) -> Decimal {
        self.amounts.first().copied().unwrap_or_default()
    }

    /// The label as a key: without `一、` numbering and a trailing colon.
    fn key(&self) -> &str {
        strip_numbering(self.label.trim_end_matches(['：', ':']))
    }

    /// 本年收入合计 / 本年支出合计, as some exports also write them (收入合计, 本年合计).
    pub fn is_year_total(&self) -> bool {
        !self.sub
            && matches!(
                self.key(),
                "本年收入合计" | "本年支出合计" | "收入合计" | "支出合计" | "本年合计"
            )
    }

    /// 总计, as some exports also write it (收入总计, 支出总计, 收支总计).
    pub fn is_grand_total(&self) -> bool {
        !self.sub && matches!(self.key(), "总计" | "收入总计" | "支出总计" | "收支总计")
    }
}

/// Strip the `一、` numbering of a 01/04 line.
pub fn strip_numbering(label: &str) -> &str {
    label.split_once('、').map_or(label, |(_, rest)| rest)
}

/// The 本年收入合计 / 本年支出合计 line of one side of 01 or 04.
pub fn year_total(lines: &[Line]) -> Option<&Line> {
    lines.iter().find(|l| l.is_year_total())
}

/// The 总计 line of one side of 01 or 04.
pub fn grand_total(lines: &[Line]) -> Option<&Line> {
    lines.iter().find(|l| l.is_grand_total())
}

/// 公开01表 and 公开04表: two side-by-side lists of lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryTable {
    pub meta: TableMeta,
    /// Names of the amount columns of the 支出 side (`金额`, or 合计/一般公共预算财政拨款/…).
    pub expense_columns: Vec<String>,
    pub income: Vec<Line>,
    pub expense: Vec<Line>,
}

impl SummaryTable {
    /// The income line of one kind of 财政拨款 (`一般公共预算财政拨款`, `政府性基金预算财政
    /// 拨款`, `国有资本经营预算财政拨款`): `三、国有资本经营预算财政拨款收入`, not a 结转 line.
    pub fn fund_income(&self, fund: &str) -> Option<&Line> {
        self.income.iter().find(|l| {
            !l.sub && !l.label.contains("结转") && strip_numbering(&l.label).starts_with(fund)
        })
    }
}

/// A row of a table keyed by 功能分类科目代码 (02, 03, 05, 07, 08).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeRow {
    /// `201` (类), `20132` (款), `2013201` (项).
    pub code: String,
    pub name: String,
    /// Values in the order of the table's `columns`.
    pub values: Vec<Decimal>,
    /// Where the row's first amount sits, for messages.
    pub at: CellRef,
    /// Where each value sits (`None` for a column the export lacks), for messages.
    #[serde(skip)]
    pub cells: Vec<Option<CellRef>>,
}

impl CodeRow {
    pub fn level(&self) -> CodeLevel {
        match self.code.len() {
            3 => CodeLevel::Lei,
            5 => CodeLevel::Kuan,
            _ => CodeLevel::Xiang,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CodeLevel {
    #[serde(rename = "类")]
    Lei,
    #[serde(rename = "款")]
    Kuan,
    #[serde(rename = "项")]
    Xiang,
}

/// 02, 03, 05, 07, 08: a 合计 row and rows by 科目代码, with named amount columns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeTable {
    pub meta: TableMeta,
    /// Column names in canonical order for the kind (e.g. 本年收入合计, 财政拨款收入, …).
    pub columns: Vec<String>,
    pub total: Vec<Decimal>,
    pub total_at: Option<CellRef>,
    /// Where each value of the 合计 row sits, for messages.
    #[serde(skip)]
    pub total_cells: Vec<Option<CellRef>>,
    pub rows: Vec<CodeRow>,
}

impl CodeTable {
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }

    pub fn total_of(&self, name: &str) -> Decimal {
        self.column(name)
            .and_then(|i| self.total.get(i).copied())
            .unwrap_or_default()
    }

    /// Where the 合计 row's value of column `i` sits.
    pub fn total_cell(&self, i: usize) -> Option<&CellRef> {
        self.total_cells.get(i).and_then(Option::as_ref)
    }

    pub fn row(&self, code: &str) -> Option<&CodeRow> {
        self.rows.iter().find(|r| r.code == code)
    }

    pub fn value(&self, code: &str, column: &str) -> Decimal {
        match (self.row(code), self.column(column)) {
            (Some(r), Some(i)) => r.values.get(i).copied().unwrap_or_default(),
            _ => Decimal::ZERO,
        }
    }
}

/// One economic-classification line of 公开06表. `amount` is `None` where the export
/// prints `────` (the code does not apply to 基本支出).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EconRow {
    pub code: String,
    pub name: String,
    pub amount: Option<Decimal>,
    pub at: CellRef,
}

/// 公开06表: 人员经费 and 公用经费 lines with their totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BasicDetailTable {
    pub meta: TableMeta,
    /// How many (科目代码, 科目名称, 决算数) column groups the export used.
    pub column_groups: usize,
    pub personnel: Vec<EconRow>,
    pub public: Vec<EconRow>,
    pub personnel_total: Decimal,
    pub public_total: Decimal,
    pub personnel_total_at: Option<CellRef>,
    pub public_total_at: Option<CellRef>,
}

/// The six figures of 三公经费 on one side (预算数 or 决算数) of 公开09表.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SanGong {
    #[serde(rename = "合计")]
    pub total: Decimal,
    #[serde(rename = "因公出国（境）费")]
    pub abroad: Decimal,
    #[serde(rename = "公务用车购置及运行维护费")]
    pub vehicle: Decimal,
    #[serde(rename = "公务用车购置费")]
    pub vehicle_purchase: Decimal,
    #[serde(rename = "公务用车运行维护费")]
    pub vehicle_running: Decimal,
    #[serde(rename = "公务接待费")]
    pub reception: Decimal,
}

impl SanGong {
    /// Each figure at 2 decimals, as the model keeps amounts (`0.00`, not `0`).
    pub fn rounded(&self) -> SanGong {
        let c = crate::amount::cents;
        SanGong {
            total: c(self.total),
            abroad: c(self.abroad),
            vehicle: c(self.vehicle),
            vehicle_purchase: c(self.vehicle_purchase),
            vehicle_running: c(self.vehicle_running),
            reception: c(self.reception),
        }
    }

    /// The six figures with their names as the table heads them.
    pub fn items(&self) -> [(&'static str, Decimal); 6] {
        [
            ("合计", self.total),
            ("因公出国（境）费", self.abroad),
            ("公务用车购置及运行维护费", self.vehicle),
            ("公务用车购置费", self.vehicle_purchase),
            ("公务用车运行维护费", self.vehicle_running),
            ("公务接待费", self.reception),
        ]
    }
}

/// 公开09表.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SanGongTable {
    pub meta: TableMeta,
    #[serde(rename = "预算数")]
    pub budget: SanGong,
    #[serde(rename = "决算数")]
    pub actual: SanGong,
    /// The data row, for messages.
    pub at: Option<CellRef>,
    /// Where each figure sits, keyed `决算数.合计`, `预算数.公务接待费` …, for messages.
    #[serde(skip)]
    pub cells: std::collections::BTreeMap<String, CellRef>,
}

/// One statistics line of 公开10表 under its section (一、政府采购情况 …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatLine {
    pub section: String,
    pub label: String,
    pub line_no: Option<u32>,
    /// 万元 for money lines, a count for 车辆/设备 lines.
    pub value: Decimal,
    /// True for counts (辆, 台（套）): never unit-converted.
    pub count: bool,
    pub at: CellRef,
}

impl StatLine {
    /// A count of the 国有资产 part (vehicles, 单价100万元以上设备): a count outside a
    /// section about money (`“三公”经费`'s 公务用车保有量 is not an asset line).
    pub fn is_asset(&self) -> bool {
        self.count && !money_section(&self.section)
    }
}

/// A 公开10表 section about money (政府采购, 机关运行经费, “三公”经费, 收入/支出).
pub fn money_section(section: &str) -> bool {
    ["采购", "经费", "收入", "支出"]
        .iter()
        .any(|w| section.contains(w))
}

/// 公开10表.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InfoTable {
    pub meta: TableMeta,
    pub lines: Vec<StatLine>,
}

impl InfoTable {
    /// 机关运行经费: its 合计 line when the table has one, else the sum of the lines of
    /// its section (行政单位 + 参公事业单位).
    pub fn running_costs(&self) -> Decimal {
        let (totals, parts) = self.total_and_parts("机关运行经费");
        match totals.first() {
            Some(t) => t.value,
            None => parts.iter().map(|l| l.value).sum(),
        }
    }

    /// The lines of a section split into its 合计 lines and the parts that add up to it;
    /// `其中` lines (授予中小企业合同金额 under 政府采购) are neither.
    /// A total is labelled 合计, 总额 or 总计. `其中：` may mark a line under a part
    /// (not added) or the first of the parts themselves (`其中：政府采购货物支出`,
    /// `政府采购工程支出`, …): its lines count when that is how the total adds up, or
    /// when there are no other lines.
    pub fn total_and_parts(&self, section: &str) -> (Vec<&StatLine>, Vec<&StatLine>) {
        let lines = self.lines.iter().filter(|l| l.section.contains(section));
        let (totals, rest): (Vec<&StatLine>, Vec<&StatLine>) = lines.partition(|l| {
            !l.label.contains("企业")
                && ["合计", "总额", "总计"].iter().any(|w| l.label.contains(w))
        });
        let rest: Vec<&StatLine> = rest
            .into_iter()
            .filter(|l| !l.label.contains("企业"))
            .collect();
        let plain: Vec<&StatLine> = rest
            .iter()
            .copied()
            .filter(|l| !l.label.starts_with("其中"))
            .collect();
        let sum = |ls: &[&StatLine]| ls.iter().map(|l| l.value).sum::<Decimal>();
        let adds_up = |ls: &[&StatLine]| totals.first().is_some_and(|t| t.value == sum(ls));
        let parts = if plain.is_empty() || (!adds_up(&plain) && adds_up(&rest)) {
            rest
        } else {
            plain
        };
        (totals, parts)
    }

    /// The vehicles the department holds: the 车辆数合计 line of 国有资产占用情况, or a
    /// 车辆 line that is not one kind of them (`车辆（辆）` above `其中：一般公务用车`).
    pub fn vehicles_held(&self) -> Option<&StatLine> {
        let vehicles = || {
            self.lines
                .iter()
                .filter(|l| l.is_asset() && l.label.contains("车辆"))
        };
        vehicles()
            .find(|l| l.label.contains("合计"))
            .or_else(|| vehicles().find(|l| !l.label.contains("其中") && !l.label.contains("用车")))
    }

    /// The total line of a section (`合计`, `政府采购支出总额`, `总计`), if it has one.
    pub fn section_total(&self, section: &str) -> Option<&StatLine> {
        self.lines.iter().find(|l| {
            l.section.contains(section)
                && !l.label.contains("企业")
                && ["合计", "总额", "总计"].iter().any(|w| l.label.contains(w))
        })
    }

    /// A 政府采购 line about enterprises (`其中：授予中小企业合同金额`): the amount some
    /// provinces' 公开10表 carry and others leave to the profile.
    pub fn procurement_awarded(&self, who: &str) -> Option<&StatLine> {
        self.lines
            .iter()
            .find(|l| l.section.contains("政府采购") && l.label.contains(who))
    }

    /// First line of a section whose title contains `section` and whose label contains
    /// every one of `needles` (labels vary a little between years and provinces).
    pub fn find(&self, section: &str, needles: &[&str]) -> Option<&StatLine> {
        self.lines
            .iter()
            .find(|l| l.section.contains(section) && needles.iter().all(|n| l.label.contains(n)))
    }
}

/// Everything read from one 公开表 workbook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gongkai {
    /// File name of the workbook.
    pub source: String,
    pub department: String,
    pub year: Option<i32>,
    pub unit: SourceUnit,
    #[serde(rename = "公开01表")]
    pub t01: SummaryTable,
    #[serde(rename = "公开02表")]
    pub t02: CodeTable,
    #[serde(rename = "公开03表")]
    pub t03: CodeTable,
    #[serde(rename = "公开04表")]
    pub t04: SummaryTable,
    #[serde(rename = "公开05表")]
    pub t05: CodeTable,
    #[serde(rename = "公开06表")]
    pub t06: BasicDetailTable,
    #[serde(rename = "公开07表")]
    pub t07: CodeTable,
    #[serde(rename = "公开08表")]
    pub t08: CodeTable,
    #[serde(rename = "公开09表")]
    pub t09: SanGongTable,
    #[serde(rename = "公开10表")]
    pub t10: Option<InfoTable>,
    /// Things worth telling the clerk that do not stop the read.
    pub warnings: Vec<String>,
    /// Read from 元 with an amount under 50 元 somewhere (shown as 0.00 万元 yet carrying
    /// its rounding): the rounding tails then count every addend, not only those shown.
    #[serde(skip)]
    pub yuan_below_cent: bool,
}

impl Gongkai {
    /// The tables of rows by 科目代码 (02, 03, 05, 07, 08).
    pub fn code_tables(&self) -> [(TableKind, &CodeTable); 5] {
        [
            (TableKind::T02, &self.t02),
            (TableKind::T03, &self.t03),
            (TableKind::T05, &self.t05),
            (TableKind::T07, &self.t07),
            (TableKind::T08, &self.t08),
        ]
    }

    /// Each table present, with its identification line.
    pub fn metas(&self) -> Vec<(TableKind, &TableMeta)> {
        let mut out = vec![
            (TableKind::T01, &self.t01.meta),
            (TableKind::T02, &self.t02.meta),
            (TableKind::T03, &self.t03.meta),
            (TableKind::T04, &self.t04.meta),
            (TableKind::T05, &self.t05.meta),
            (TableKind::T06, &self.t06.meta),
            (TableKind::T07, &self.t07.meta),
            (TableKind::T08, &self.t08.meta),
            (TableKind::T09, &self.t09.meta),
        ];
        if let Some(t10) = &self.t10 {
            out.push((TableKind::T10, &t10.meta));
        }
        out
    }
}
