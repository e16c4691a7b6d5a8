//! The `zhibu` command line (`cli.md`): the same core calls as the app, for scripts, tests and benchmarks.
//! Exit codes: 0 success · 1 input or ledger state refused (nothing changed) · 2 wrong usage · 3 internal fault.

mod backups;
mod commands;
mod funds;
mod history;
mod meetings;
mod output;
mod plan;
mod reports;
mod security;

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::error::Error;
use crate::model::{OrgKind, Sector};

#[derive(Debug, Parser)]
#[command(name = "zhibu", version, about = "党支部工作台账（命令行）", disable_help_subcommand = true)]
pub struct Cli {
    /// 台账文件（默认：环境变量 ZHIBU_DB，否则用户数据目录下的 zhibu/ledger.db）
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// 台账密码所在的文本文件（第一行；默认：环境变量 ZHIBU_PASSWORD）。打开已加密的台账时需要；
    /// encrypt 用它作新密码，decrypt、change-password 用它作原密码
    #[arg(long, global = true, value_name = "FILE")]
    pub password_file: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 新建台账（含一个组织）
    Init {
        #[arg(long)]
        name: String,
        /// committee · general_branch · branch · joint_branch · temporary_branch
        #[arg(long, value_parser = parse_kind)]
        kind: OrgKind,
        /// government · institution · soe · private_enterprise · social_org · school · urban_community · village
        #[arg(long, value_parser = parse_sector)]
        sector: Sector,
        /// 记账起始月份（YYYY-MM）：此前的月份和期间不判为缺漏
        #[arg(long, value_name = "YYYY-MM")]
        start_month: Option<String>,
        /// 上级采用的标准方案（national、jingdezhen-2020、wuhua、chengdu-2020、gaibei-2017、fuling-2017）；默认全国基本要求
        #[arg(long)]
        profile: Option<String>,
        #[arg(long, value_parser = parse_date)]
        today: Option<chrono::NaiveDate>,
    },
    /// 台账设置：记账起始月份、党费收缴日（不带选项时显示当前设置）
    Settings {
        /// 记账起始月份（YYYY-MM）：此前的月份和期间不判为缺漏
        #[arg(long, value_name = "YYYY-MM", conflicts_with = "clear_start_month")]
        start_month: Option<String>,
        /// 取消记账起始（全部月份均核对）
        #[arg(long)]
        clear_start_month: bool,
        /// 党费收缴日：每月几日前交清（1–31），或“月底”；自今年起的党费规则生效
        #[arg(long, value_name = "DAY")]
        collection_day: Option<String>,
        /// 自动备份存放的文件夹（完整路径，如 U 盘上的文件夹）
        #[arg(long, value_name = "DIR", conflicts_with = "default_backup_dir")]
        backup_dir: Option<PathBuf>,
        /// 备份存回台账旁的“备份”文件夹
        #[arg(long)]
        default_backup_dir: bool,
        #[arg(long, value_parser = parse_date)]
        today: Option<chrono::NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// 导入数据包（全部成功或全部不导入；重复导入不产生变化）
    Import {
        package: PathBuf,
        #[arg(long, value_parser = parse_date)]
        today: Option<chrono::NaiveDate>,
    },
    /// 导出数据包
    ExportPackage {
        out: PathBuf,
        #[arg(long)]
        org: Option<String>,
    },
    /// 从花名册导入党员（.xlsx、.xls、WPS .et、.csv、.ods；有问题时全部不导入，除非 --keep-good）
    ImportRoster {
        file: PathBuf,
        #[arg(long)]
        sheet: Option<String>,
        #[arg(long)]
        org: Option<String>,
        /// 只导入没有问题的行，有问题的行写入待修改文件（默认在原文件旁，名为“原文件名-待修改.xlsx”）
        #[arg(long)]
        keep_good: bool,
        /// 待修改文件的位置（与 --keep-good 一起使用）
        #[arg(long, value_name = "PATH", requires = "keep_good")]
        rejects: Option<PathBuf>,
        /// 指定某列导入为哪一项（可多次）：“列名=项目”或“列字母=项目”，如 --column "联系方式=手机号" --column "K=不导入"；导入后记住
        #[arg(long = "column", value_name = "列名=项目")]
        columns: Vec<String>,
        #[arg(long, value_parser = parse_date)]
        today: Option<chrono::NaiveDate>,
    },
    /// 从 Excel 导入三会一课（组织生活）记录：一行一次会议
    ImportMeetings(HistoryArgs),
    /// 从 Excel 导入党费缴纳记录：党员×月份的金额表，或“姓名、月份、金额、缴纳日期”的清单
    ImportDues(HistoryArgs),
    /// 从 Excel 导入发展党员名册：一行一人，申请入党、确定积极分子、确定发展对象、接收预备党员、转正的时间
    ImportDevelopment(HistoryArgs),
    /// 从 Excel 导入民主评议结果：姓名、年度、评议等次
    ImportEvaluations(HistoryArgs),
    /// 从 Excel 导入党员外出培训：姓名、日期、培训名称、学时（计入学时统计）
    ImportTrainings(HistoryArgs),
    /// 导出年度台账（Excel）和文书（Word、日历）到目录；--list 列出可导出的全部台账和文书
    Export {
        #[arg(long, required_unless_present = "list")]
        year: Option<i32>,
        #[arg(long, required_unless_present = "list")]
        out: Option<PathBuf>,
        #[arg(long)]
        org: Option<String>,
        /// 逗号分隔的台账或文书（名称或代号，见 --list），如 roster,evaluation_report；不填则导出该组织适用的全部
        #[arg(long, value_delimiter = ',')]
        only: Vec<String>,
        /// 隐藏身份证号（如 110105********002X），用于对外报送、公示
        #[arg(long)]
        mask_ids: bool,
        /// 列出每种台账和文书的代号、名称和格式（Excel、Word、日历），不导出
        #[arg(long)]
        list: bool,
        /// 按支部导出：--org（默认上级组织）下的每个组织各一份，文件名以支部简称开头；不给 --only 时为各支部的自查表和评分表（评分表仅限所用标准有评分表的支部）
        #[arg(long)]
        per_branch: bool,
        #[arg(long, value_parser = parse_date)]
        today: Option<chrono::NaiveDate>,
    },
    /// 把内置的文书模板写到台账旁的“<台账文件名>-模板”文件夹（已有的文件不覆盖），修改后即代替内置模板
    Templates,
    /// 备份台账（程序运行时也可安全备份）
    Backup { out: PathBuf },
    /// 列出备份文件夹中的备份（时间、大小、党员和组织生活记录数）；--now 立即备份一次
    Backups {
        /// 立即备份到备份文件夹（含附件）
        #[arg(long)]
        now: bool,
        #[arg(long)]
        json: bool,
    },
    /// 从备份恢复台账（备份文件或备份文件夹；先检查备份；原台账另存为一份备份）
    Restore {
        from: PathBuf,
        /// 只显示恢复后会有什么变化，不恢复
        #[arg(long)]
        preview: bool,
        #[arg(long)]
        json: bool,
    },
    /// 为台账设置密码（台账文件加密；新密码由 --password-file 或 ZHIBU_PASSWORD 给出）。密码遗失后无法找回
    Encrypt {
        /// 同时写一份密码恢复文件（存到 U 盘等安全的地方）
        #[arg(long, value_name = "FILE")]
        recovery_file: Option<PathBuf>,
    },
    /// 解除台账密码（台账文件不再加密；原密码由 --password-file 或 ZHIBU_PASSWORD 给出）
    Decrypt,
    /// 修改台账密码（原密码由 --password-file 或 ZHIBU_PASSWORD 给出）
    ChangePassword {
        /// 新密码所在的文本文件
        #[arg(long, value_name = "FILE")]
        new_password_file: PathBuf,
        /// 同时写一份新密码的恢复文件
        #[arg(long, value_name = "FILE")]
        recovery_file: Option<PathBuf>,
    },
    /// 按标准方案核对一年的工作（默认用组织自己的标准方案）
    Check {
        #[arg(long)]
        year: i32,
        /// 组织（含下级组织，逐个核对）；默认整个台账
        #[arg(long)]
        org: Option<String>,
        /// 标准方案编号（national、jingdezhen-2020、wuhua、chengdu-2020、gaibei-2017、fuling-2017 或自定义）
        #[arg(long)]
        profile: Option<String>,
        #[arg(long, value_parser = parse_date)]
        today: Option<chrono::NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// 关于：版本、台账文件、数据结构版本、数据目录、许可证
    About {
        #[arg(long)]
        json: bool,
    },
    /// 列出标准配置
    Profiles {
        #[arg(long)]
        json: bool,
    },
    /// 下发标准：把标准方案（如调整过的副本）写成文件，供下级支部用 import-profile 导入
    ExportProfile {
        /// 标准方案编号（见 profiles）
        id: String,
        out: PathBuf,
    },
    /// 导入上级下发的标准方案文件（已有同编号的副本时按上级的更新）
    ImportProfile { file: PathBuf },
    /// 年度党费：每名党员每月的基数、比例、应缴、实缴
    Dues {
        #[arg(long)]
        year: i32,
        /// 组织（含下级组织）；默认整个台账
        #[arg(long)]
        org: Option<String>,
        #[arg(long, value_parser = parse_date)]
        today: Option<chrono::NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// 在新台账中生成示例数据
    Demo {
        #[arg(long, value_enum, default_value = "small")]
        scale: Scale,
        #[arg(long, value_parser = parse_date)]
        today: Option<chrono::NaiveDate>,
    },
    /// 导出一次会议的会议记录：OUT 以 .docx 结尾为 Word 文档，以 .xlsx 结尾为 Excel 工作簿（会议编号见 meetings --json 的 id）
    MeetingRecord {
        /// 会议编号
        #[arg(long)]
        meeting: i64,
        out: PathBuf,
        #[arg(long, value_parser = parse_date)]
        today: Option<chrono::NaiveDate>,
    },
    /// 导出发展党员文书（Word）：activist_resolution（确定入党积极分子的支委会决议）、activist_filing（入党积极分子备案报告）、activist_training_record（入党积极分子培养教育考察登记）、candidate_notice（发展对象公示）、political_review（发展对象政治审查结论）、admission_resolution（接收预备党员的支部大会决议）、probation_application_receipt（预备党员转正申请回执）、full_membership_resolution（预备党员转正的支部大会决议）；不给 --doc 时把已记录步骤的文书全部写入 OUT 文件夹（全程纪实）
    DevelopmentDoc {
        /// 发展对象的编号（key）
        #[arg(long)]
        person: String,
        #[arg(long)]
        doc: Option<String>,
        out: PathBuf,
        #[arg(long, value_parser = parse_date)]
        today: Option<chrono::NaiveDate>,
    },
    /// 年度组织生活记录（应到/实到/请假/缺席）
    Meetings {
        #[arg(long)]
        year: i32,
        /// 组织（含下级组织）；默认整个台账
        #[arg(long)]
        org: Option<String>,
        /// 季度 1–4
        #[arg(long)]
        quarter: Option<u32>,
        #[arg(long)]
        json: bool,
    },
    /// 在会议主题、内容、决议中查找文字
    Search {
        text: String,
        #[arg(long)]
        org: Option<String>,
        #[arg(long, default_value_t = 100)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// 年度党员学时与出勤率
    Hours {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        org: Option<String>,
        /// 标准方案（不填则用组织所用的方案，与 check 和自查表一致）
        #[arg(long)]
        profile: Option<String>,
        /// 每名党员每年应达学时（不填则按标准方案，一般为32）
        #[arg(long)]
        required: Option<f64>,
        /// 班子成员每年应达学时（不填则按标准方案，一般为56）
        #[arg(long)]
        committee: Option<f64>,
        /// 按哪一天统计（YYYY-MM-DD，默认今天）
        #[arg(long, value_parser = parse_date)]
        today: Option<chrono::NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    #[command(flatten)]
    Money(funds::FundsCommand),
    #[command(flatten)]
    Planning(plan::PlanCommand),
    /// 报送上级：把本支部（或 --org 指定的组织及其下级）的数据写成一个报送文件
    ExportReport {
        out: PathBuf,
        #[arg(long)]
        org: Option<String>,
        /// 报送期间：2025（全年）、2025-H1（上半年）或 2025-Q3（第三季度）；默认今年
        #[arg(long, value_name = "YYYY|YYYY-Hn|YYYY-Qn")]
        period: Option<String>,
        #[arg(long, value_parser = parse_date)]
        today: Option<chrono::NaiveDate>,
    },
    /// 委员会工作台：每个下级组织一行（党员、本季度三会一课、各类会议次数、学时达标、发展党员、党费应缴与实缴、逾期事项、最近一次报送）；--matrix 列出各支部×各项要求的达标情况
    Branches {
        /// 年度（默认今年；往年按年底计）
        #[arg(long)]
        year: Option<i32>,
        /// 按此标准方案核对各支部（默认各支部自己的标准方案）
        #[arg(long)]
        profile: Option<String>,
        /// 各支部×各项要求：达标、未达标、未到期、待人工核对
        #[arg(long)]
        matrix: bool,
        #[arg(long)]
        json: bool,
        #[arg(long, value_parser = parse_date)]
        today: Option<chrono::NaiveDate>,
    },
    /// 待核实的组织关系转接：接收报送后同一身份证号的党员在两个组织都在册；--resolve 选定其现在所在的组织，其他组织的记录按“转出”离开（记录保留，不删除），以后的报送不再列出
    Transfers {
        /// 要核实的党员记录（列表中的党员编号，任一组织的均可）
        #[arg(long, value_name = "MEMBER", requires = "to")]
        resolve: Option<String>,
        /// 该党员现在所在的组织（组织编号）
        #[arg(long, value_name = "ORG", requires = "resolve")]
        to: Option<String>,
        /// 其他组织的记录转出的日期（默认：所选组织记录的转入日期，没有时为今天）
        #[arg(long, value_parser = parse_date, requires = "resolve")]
        on: Option<chrono::NaiveDate>,
        #[arg(long)]
        json: bool,
        #[arg(long, value_parser = parse_date)]
        today: Option<chrono::NaiveDate>,
    },
    /// 接收支部的报送文件（可给文件或文件夹）：逐个核对、导入；有文件被拒收时退出码为 1，其余照常接收
    Receive {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// 报送的支部与本台账的组织对不上时，指定本台账中对应的组织（组织编号；只能给一个文件，以后该支部的报送自动对应）
        #[arg(long)]
        org: Option<String>,
        /// 只核对并显示将发生的变化，不写入台账
        #[arg(long)]
        preview: bool,
        #[arg(long)]
        json: bool,
        #[arg(long, value_parser = parse_date)]
        today: Option<chrono::NaiveDate>,
    },
}

/// The options of every history import (`import-meetings` …).
#[derive(Debug, clap::Args)]
pub struct HistoryArgs {
    pub file: PathBuf,
    /// 只读这一个工作表（默认：表头可识别的每个工作表）
    #[arg(long)]
    pub sheet: Option<String>,
    /// 记录所属组织（默认：台账的上级组织）；姓名在该组织及下级组织的党员中查找
    #[arg(long)]
    pub org: Option<String>,
    /// 年度：党费表的表头只有“1月…12月”、标题中又没有年份时；民主评议表没有“年度”列时
    #[arg(long)]
    pub year: Option<i32>,
    /// 导入没有问题的行，有问题的行另存为“<文件名>-待修改.xlsx”（含“问题”列）
    #[arg(long)]
    pub keep_good: bool,
    /// 指定某列导入为哪一项（可多次）：“列名=项目”或“列字母=项目”，如 --column "学习内容=会议主题" --column "C=不导入"；导入后记住，下次同样表头的文件按此对应
    #[arg(long = "column", value_name = "列名=项目")]
    pub columns: Vec<String>,
    /// 党委的表中“所在支部”名称对应的组织（可多次）：“表中名称=组织编号”；导入后记住
    #[arg(long = "branch", value_name = "名称=组织")]
    pub branches: Vec<String>,
    /// 只预览（读到的行、识别的列、问题和推断），不导入
    #[arg(long)]
    pub preview: bool,
    #[arg(long)]
    pub json: bool,
    #[arg(long, value_parser = parse_date)]
    pub today: Option<chrono::NaiveDate>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Scale {
    Small,
    Large,
}

fn parse_kind(s: &str) -> Result<OrgKind, String> {
    OrgKind::from_code_or_label(s).ok_or_else(|| {
        format!("未知的组织类别“{s}”，可用：committee、general_branch、branch、joint_branch、temporary_branch")
    })
}

fn parse_sector(s: &str) -> Result<Sector, String> {
    Sector::from_code_or_label(s).ok_or_else(|| {
        format!("未知的领域“{s}”，可用：government、institution、soe、private_enterprise、social_org、school、urban_community、village")
    })
}

pub(crate) fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    crate::model::dates::parse_date(s).ok_or_else(|| format!("“{s}”不是有效日期，应写成 YYYY-MM-DD"))
}

/// Runs the CLI with `args` (program name first) and returns the process exit code.
pub fn run(args: Vec<OsString>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match commands::execute(cli) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("错误：{e}");
            exit_code(&e)
        }
    }
}

fn exit_code(e: &Error) -> i32 {
    if e.is_refusal() {
        1
    } else {
        3
    }
}
