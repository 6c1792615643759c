//! Errors in input files: which file, which line, which field, and what is wrong, in Vietnamese
//! (the default) or English. A file with errors changes nothing.

use std::fmt;

use ntm_domain::criteria::LayerError;
use ntm_domain::{
    Date, Lang, Level, MoneyError, NumberError, Period, PeriodError, RecognitionLevel, SetError, ValueError,
};

/// Where an error is.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Location {
    pub file: String,
    pub line: Option<u64>,
    pub column: Option<u64>,
    pub field: Option<String>,
    /// A cell of a workbook, as spreadsheets write it: `03413!E7` (sheet, column, row). Boxed:
    /// a location stays small inside every `Problem` that carries one.
    pub cell: Option<Box<str>>,
}

impl Location {
    pub fn file(file: &str) -> Location {
        Location { file: file.to_string(), ..Location::default() }
    }

    pub fn at(file: &str, line: u64, field: &str) -> Location {
        Location { file: file.to_string(), line: Some(line), column: None, field: Some(field.to_string()), cell: None }
    }

    /// A cell of a workbook: `sheet` and `cell` (`E7`) give `03413!E7`.
    pub fn cell(file: &str, sheet: &str, cell: &str) -> Location {
        Location { file: file.to_string(), cell: Some(format!("{sheet}!{cell}").into()), ..Location::default() }
    }

    pub fn line(file: &str, line: u64) -> Location {
        Location { file: file.to_string(), line: Some(line), ..Location::default() }
    }

    fn render(&self, lang: Lang) -> String {
        let mut s = self.file.clone();
        if let Some(l) = self.line {
            s.push_str(&match lang {
                Lang::Vi => format!(", dòng {l}"),
                Lang::En => format!(", line {l}"),
            });
        }
        if let Some(c) = self.column {
            s.push_str(&match lang {
                Lang::Vi => format!(", cột {c}"),
                Lang::En => format!(", column {c}"),
            });
        }
        if let Some(c) = &self.cell {
            s.push_str(&match lang {
                Lang::Vi => format!(", ô {c}"),
                Lang::En => format!(", cell {c}"),
            });
        }
        if let Some(f) = &self.field {
            s.push_str(&match lang {
                Lang::Vi => format!(", trường {f}"),
                Lang::En => format!(", field {f}"),
            });
        }
        s
    }
}

/// What is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    Unreadable(String),
    Syntax(String),
    MissingColumn(String),
    UnknownFormat,
    Required,
    TooLong,
    /// A name with its code in brackets was expected ("Huyện Tam Đường (106)").
    NameWithoutCode(String),
    UnknownLevel(String),
    UnknownRegion(String),
    /// Not a kind of commune-level unit (xa, phuong, thi-tran, dac-khu).
    UnknownUnitKind(String),
    /// A kind given to a unit that is not of the commune level.
    KindOfCommuneOnly,
    UnknownGroup(String),
    BadFlag(String),
    BadDate(String, PeriodError),
    BadPeriod(String, PeriodError),
    BadValue(String, ValueError),
    BadNumber(String, NumberError),
    UnknownUnit(String),
    UnitNotInPeriod(String, Period),
    YearOutsideSet {
        year: i32,
        from: i32,
        to: i32,
    },
    /// A unit of a kind the set does not judge (a thị trấn under a xã set).
    KindNotJudged {
        code: String,
        kind: String,
    },
    WrongLevel {
        code: String,
        level: String,
        set_level: String,
    },
    UnknownElement {
        element: String,
        set: String,
    },
    DuplicateRow {
        first_line: u64,
    },
    DuplicateUnit {
        code: String,
        first_line: u64,
    },
    /// The same code with overlapping dates in another file, or already in the database.
    DuplicateUnitIn {
        code: String,
        /// Boxed: a location is large, and every problem is as large as its largest kind.
        other: Box<Location>,
    },
    UnknownParent(String),
    ParentLevel {
        parent: String,
        parent_level: String,
        level: String,
    },
    Cycle,
    DatesReversed,
    UnknownSet(String),
    UnknownKey(String),
    UnknownKind(String),
    UnknownConfidence(String),
    ExpectedMissing,
    ExpectedOnNumeric,
    BadRule,
    Set(SetError),
    Layer(LayerError),
    DuplicateSet {
        id: String,
        other_file: String,
    },
    NotASetOrOverride,
    TooManyErrors(usize),
    /// Required because of another field's value ("role commune", "kind villages_recognised").
    RequiredFor(String),
    /// Given, but meaningless with another field's value.
    NotAllowedFor(String),
    /// The same key as an earlier row of the file.
    Duplicate {
        key: String,
        first_line: u64,
    },
    /// Rows sharing a code disagree on this field.
    DiffersFromLine {
        first_line: u64,
    },
    /// An agency or target code that is not 1–32 of `a-z 0-9 - _`.
    BadCode(String),
    BadUsername(String),
    BadCount(String),
    BadYear(String),
    UnknownCriterion {
        criterion: String,
        set: String,
    },
    UnknownRecognitionLevel(String),
    UnknownTargetKind(String),
    /// An indicator id a target names that is not an indicator of its set.
    UnknownIndicator {
        indicator: String,
        set: String,
    },
    /// A yes/no indicator, which has no value to reach.
    IndicatorNotNumeric(String),
    /// An average of criteria met per unit above the set's criteria count.
    AverageAboveCriteria {
        average: String,
        criteria: usize,
    },
    /// A unit named by a target that does not lie under the target's managing unit.
    NotUnderManagingUnit {
        code: String,
        manager: String,
    },
    UnknownRole(String),
    UnknownAgency(String),
    UnknownLang(String),
    UnitNotOnDate(String, Date),
    /// A unit of another level than a recognition level is for.
    RecognitionForLevel {
        code: String,
        level: Level,
        recognition: RecognitionLevel,
    },
    /// A unit of another level than the field needs.
    UnitLevelExpected {
        code: String,
        level: Level,
        expected: Level,
    },
    /// A roadmap row of one criterion with a recognition level (only a row `all` takes one).
    LevelForCriterion(String),
    /// A responsible that is neither a unit of the list nor an agency code.
    UnknownResponsible(String),
    BadMoney(String, MoneyError),
    /// A criteria set whose recognition level is for units of another level than the set's.
    SetRecognitionLevel {
        level: Level,
        recognition: RecognitionLevel,
    },
    /// A target counting villages with a level that does not recognise villages.
    VillageLevelExpected(RecognitionLevel),
    LostBeforeDecided {
        decided: Date,
        lost: Date,
    },
    /// The initial password given for an accounts file.
    ShortPassword,
    /// Already in the database.
    AgencyExists(String),
    TargetExists(String),
    AccountExists(String),
    RecognitionExists,
    /// An agency's part in a criterion that is neither `lead` nor `cooperate`.
    UnknownAgencyRole(String),
    /// The same agency both leading and co-operating on a criterion.
    LeadAndCooperate(String),
    /// A Steering Committee member already in the database.
    MemberExists(String),
    /// An account name that is not in the database.
    UnknownAccount(String),
    /// An account linked to a member already (on an earlier line or in the database).
    AccountLinked(String),
    /// A text longer than its limit (in characters).
    LongerThan(usize),
    // The Excel template (issue 10 point 5).
    /// Not an Excel workbook (.xlsx).
    NotExcel,
    /// An Excel workbook whose structure cannot be read (damaged).
    DamagedWorkbook,
    /// A file over the size limit, in MB, refused before it is read.
    FileTooLarge {
        limit_mb: u64,
    },
    /// An Excel workbook that is not a template of this program (no metadata sheet).
    NotATemplate,
    /// A template of another version than this program writes.
    OldTemplate {
        found: String,
        expected: u32,
    },
    /// A template of another criteria set than the one named.
    TemplateOfSet {
        found: String,
        expected: String,
    },
    /// A sheet the template's metadata names is not in the workbook.
    MissingSheet(String),
    /// The row of a cell no longer holds the code the template put there (a row deleted,
    /// moved or its code edited).
    RowChanged {
        expected: String,
        found: String,
    },
    /// Text where a number is expected.
    TextInNumberCell(String),
    /// Both the rate and its numerator and denominator given.
    RateAndFraction,
    /// Only one of a numerator and its denominator given.
    HalfFraction,
    /// A value the account may not enter (another unit, a criterion of another agency).
    NotAllowed {
        unit: String,
        criterion: String,
    },
    /// Changed by someone else since the template was downloaded: their value, who and when.
    ChangedSinceDownload {
        value: String,
        by: String,
        at: String,
    },
    /// A value of a period an accepted report covers (issue 10): locked until the office reopens
    /// the report.
    ValueLocked {
        period: String,
    },
}

/// A value error for people, in either language.
pub fn value_error(e: &ValueError, lang: Lang) -> String {
    match (e, lang) {
        (ValueError::Empty, Lang::Vi) => "giá trị trống".into(),
        (ValueError::Unreadable(t), Lang::Vi) => {
            format!("không đọc được \"{t}\": cần một số (dấu . thập phân), tỷ lệ như 72/100, hoặc đạt/không đạt")
        }
        (ValueError::Unreadable(t), Lang::En) => {
            format!("cannot read \"{t}\": expected a number (. as decimal point), a ratio like 72/100, or true/false")
        }
        (ValueError::Number(n), _) => number_error(n, lang),
        (ValueError::ZeroDenominator, Lang::Vi) => "mẫu số bằng 0".into(),
        (ValueError::FractionNotWhole, Lang::Vi) => "tử số và mẫu số phải là số nguyên".into(),
        (ValueError::Negative, Lang::Vi) => "giá trị âm".into(),
        (ValueError::PercentOver100, Lang::Vi) => "tỷ lệ phần trăm lớn hơn 100".into(),
        (ValueError::NumeratorOverDenominator, Lang::Vi) => "tử số lớn hơn mẫu số (tỷ lệ trên 100%)".into(),
        (ValueError::ExpectedBoolean, Lang::Vi) => "chỉ tiêu này nhận đạt/không đạt".into(),
        (ValueError::NumeratorMissing, Lang::Vi) => "thiếu tử số".into(),
        (ValueError::ExpectedNumber, Lang::Vi) => "chỉ tiêu này nhận một số".into(),
        (ValueError::CountNotWhole, Lang::Vi) => "số đếm (hộ, người) nhận số nguyên".into(),
        (ValueError::CountNotWhole, Lang::En) => "a count (households, persons) takes a whole number".into(),
        (ValueError::ExpectedPlainNumber, Lang::Vi) => {
            "số liệu gốc nhận một số (không phải tỷ lệ hay đạt/không đạt)".into()
        }
        (e, _) => e.to_string(),
    }
}

fn number_error(e: &NumberError, lang: Lang) -> String {
    match (e, lang) {
        (NumberError::Empty, Lang::Vi) => "số trống".into(),
        (NumberError::NotANumber, Lang::Vi) => "không phải là số".into(),
        (NumberError::TooLarge, Lang::Vi) => "số quá lớn hoặc quá nhiều chữ số thập phân (tối đa 9)".into(),
        (NumberError::ZeroDenominator, Lang::Vi) => "mẫu số bằng 0".into(),
        (NumberError::TooLarge, Lang::En) => "number too large or too many decimals (at most 9)".into(),
        (e, _) => e.to_string(),
    }
}

fn period_error(e: &PeriodError, lang: Lang) -> String {
    match (e, lang) {
        (PeriodError::Malformed, Lang::Vi) => {
            "sai định dạng (cần năm như 2024 hoặc quý như 2024Q3; ngày như 2025-07-01)".into()
        }
        (PeriodError::YearOutOfRange, Lang::Vi) => "năm ngoài khoảng 1900-2100".into(),
        (PeriodError::QuarterOutOfRange, Lang::Vi) => "quý phải từ 1 đến 4".into(),
        (e, _) => e.to_string(),
    }
}

fn set_error(e: &SetError, lang: Lang) -> String {
    match lang {
        Lang::En => e.to_string(),
        Lang::Vi => match e {
            SetError::DuplicateId { at } => format!("{at}: mã bị trùng"),
            SetError::KeyScheme { at, key, scheme } => {
                format!("{at}: khóa ngưỡng {key} không hợp với bộ tiêu chí chia theo {scheme}")
            }
            SetError::DuplicateThreshold { at, key } => format!("{at}: hai ngưỡng cùng khóa {key} và cùng năm"),
            SetError::BooleanWithThreshold { at } => format!("{at}: chỉ tiêu đạt/không đạt không có ngưỡng số"),
            SetError::UnknownElement { at, element } => format!("{at}: số liệu gốc {element} chưa khai báo"),
            SetError::DerivedBoolean { at } => format!("{at}: chỉ chỉ tiêu số mới tính được từ số liệu gốc"),
            SetError::RuleTooStrict { at, needed, available } => {
                format!("{at}: quy tắc cần {needed} chỉ tiêu đạt nhưng tiêu chí chỉ có {available}")
            }
            SetError::NegativeThreshold { at } => format!("{at}: ngưỡng không được âm"),
            SetError::PercentOver100 { at } => format!("{at}: ngưỡng phần trăm lớn hơn 100"),
            SetError::TooLarge => "bộ tiêu chí quá lớn".into(),
            SetError::Empty { at } => format!("{at}: thiếu mã hoặc tên"),
        },
    }
}

impl Problem {
    pub fn render(&self, lang: Lang) -> String {
        use Problem::*;
        let vi = lang == Lang::Vi;
        match self {
            Unreadable(e) => if vi { format!("không đọc được tệp: {e}") } else { format!("cannot read the file: {e}") },
            Syntax(e) => if vi { format!("sai cú pháp: {e}") } else { format!("syntax error: {e}") },
            MissingColumn(c) => if vi { format!("thiếu cột {c} ở dòng tiêu đề") } else { format!("the header lacks column {c}") },
            UnknownFormat => lang.pick(
                "không nhận ra định dạng tệp (cần tiêu đề code,name,level,parent_code,region,group, danh mục xã của TCTK, hoặc bảng sắp xếp 7/2025)",
                "unrecognised file format (expected header code,name,level,parent_code,region,group, the GSO commune list, or the 7/2025 merger table)",
            ).into(),
            Required => lang.pick("bắt buộc, đang để trống", "required, but empty").into(),
            TooLong => lang.pick("quá dài", "too long").into(),
            NameWithoutCode(t) => if vi { format!("\"{t}\": cần tên kèm mã trong ngoặc, ví dụ Huyện Tam Đường (106)") } else { format!("\"{t}\": a name with its code in brackets is expected, e.g. Huyện Tam Đường (106)") },
            UnknownLevel(l) => if vi { format!("cấp \"{l}\" không hợp lệ (province, district, commune, village)") } else { format!("level \"{l}\" is not one of province, district, commune, village") },
            UnknownUnitKind(k) => if vi { format!("loại đơn vị \"{k}\" không hợp lệ (xa, phuong, thi-tran, dac-khu; hoặc Xã, Phường, Thị trấn, Đặc khu)") } else { format!("unit kind \"{k}\" is not one of xa, phuong, thi-tran, dac-khu (or Xã, Phường, Thị trấn, Đặc khu)") },
            KindOfCommuneOnly => if vi { "chỉ đơn vị cấp xã (commune) mới có loại: xã, phường, thị trấn, đặc khu".to_string() } else { "only commune-level units have a kind: xa, phuong, thi-tran, dac-khu".to_string() },
            UnknownRegion(r) => if vi { format!("vùng \"{r}\" không hợp lệ (tdmnpb dbsh btb dhntb tn dnb dbscl)") } else { format!("region \"{r}\" is not one of tdmnpb dbsh btb dhntb tn dnb dbscl") },
            UnknownGroup(g) => if vi { format!("nhóm xã \"{g}\" không hợp lệ (1, 2 hoặc 3)") } else { format!("commune group \"{g}\" is not 1, 2 or 3") },
            BadFlag(f) => if vi { format!("cờ \"{f}\" không hợp lệ (chữ thường, số, gạch nối)") } else { format!("flag \"{f}\" is not valid (lowercase letters, digits, hyphens)") },
            BadDate(t, e) => if vi { format!("ngày \"{t}\": {}", period_error(e, lang)) } else { format!("date \"{t}\": {}", period_error(e, lang)) },
            BadPeriod(t, e) => if vi { format!("kỳ \"{t}\": {}", period_error(e, lang)) } else { format!("period \"{t}\": {}", period_error(e, lang)) },
            BadValue(t, e) => format!("\"{t}\": {}", value_error(e, lang)),
            BadNumber(t, e) => format!("\"{t}\": {}", number_error(e, lang)),
            UnknownUnit(c) => if vi { format!("mã đơn vị {c} không có trong danh sách đơn vị") } else { format!("unit code {c} is not in the unit list") },
            YearOutsideSet { year, from, to } => if vi { format!("năm {year} nằm ngoài khoảng áp dụng của bộ tiêu chí ({from}-{to})") } else { format!("year {year} is outside the set's years ({from}-{to})") },
            UnitNotInPeriod(c, p) => if vi { format!("đơn vị {c} không tồn tại trong kỳ {p}") } else { format!("unit {c} did not exist in period {p}") },
            KindNotJudged { code, kind } => if vi { format!("đơn vị {code} là {}; bộ tiêu chí không đánh giá loại đơn vị này", kind_vi(kind)) } else { format!("unit {code} is a {}; the set does not judge units of this kind", kind_en(kind)) },
            WrongLevel { code, level, set_level } => if vi { format!("đơn vị {code} là cấp {level}, bộ tiêu chí áp dụng cho cấp {set_level}") } else { format!("unit {code} is a {level}; the set applies to {set_level} units") },
            UnknownElement { element, set } => if vi { format!("mã chỉ tiêu {element} không có trong bộ tiêu chí {set}") } else { format!("element {element} is not in set {set}") },
            DuplicateRow { first_line } => if vi { format!("trùng với dòng {first_line} (cùng đơn vị, kỳ và chỉ tiêu)") } else { format!("duplicates line {first_line} (same unit, period and element)") },
            DuplicateUnit { code, first_line } => if vi { format!("mã đơn vị {code} trùng với dòng {first_line} (thời gian hiệu lực chồng nhau)") } else { format!("unit code {code} duplicates line {first_line} (overlapping dates)") },
            DuplicateUnitIn { code, other } => if vi { format!("mã đơn vị {code} trùng với đơn vị ở {} (thời gian hiệu lực chồng nhau)", other.render(lang)) } else { format!("unit code {code} duplicates the unit at {} (overlapping dates)", other.render(lang)) },
            UnknownParent(p) => if vi { format!("đơn vị cấp trên {p} không có trong danh sách") } else { format!("parent unit {p} is not in the list") },
            ParentLevel { parent, parent_level, level } => if vi { format!("đơn vị cấp trên {parent} ({parent_level}) không cao hơn cấp {level}") } else { format!("parent {parent} ({parent_level}) is not above level {level}") },
            Cycle => lang.pick("đơn vị nằm dưới chính nó (vòng lặp cấp trên)", "the unit is its own ancestor").into(),
            DatesReversed => lang.pick("ngày hết hiệu lực trước ngày có hiệu lực", "valid_to is before valid_from").into(),
            UnknownSet(s) => if vi { format!("không có bộ tiêu chí {s} (xem: ntm criteria list)") } else { format!("no criteria set {s} (see: ntm criteria list)") },
            UnknownKey(k) => if vi { format!("khóa ngưỡng \"{k}\" không hợp lệ (all, mã vùng, hoặc nhóm 1/2/3)") } else { format!("threshold key \"{k}\" is not all, a region code or a group 1/2/3") },
            UnknownKind(k) => if vi { format!("loại chỉ tiêu \"{k}\" không hợp lệ (boolean, min, max)") } else { format!("indicator kind \"{k}\" is not boolean, min or max") },
            UnknownConfidence(c) => if vi { format!("mức kiểm chứng \"{c}\" không hợp lệ (verified, partial, unverified)") } else { format!("confidence \"{c}\" is not verified, partial or unverified") },
            ExpectedMissing => lang.pick("chỉ tiêu boolean cần trường expected", "a boolean indicator needs `expected`").into(),
            ExpectedOnNumeric => lang.pick("trường expected chỉ dùng cho chỉ tiêu boolean", "`expected` is only for boolean indicators").into(),
            BadRule => lang.pick("quy tắc phải là \"all\" hoặc { at_least = N }", "rule must be \"all\" or { at_least = N }").into(),
            Set(e) => set_error(e, lang),
            Layer(e) => match (e, lang) {
                (LayerError::WrongSet { layer_set, set }, Lang::Vi) => format!("lớp ngưỡng của bộ {layer_set}, không phải {set}"),
                (LayerError::UnknownIndicator { indicator, .. }, Lang::Vi) => format!("chỉ tiêu {indicator} không có trong bộ tiêu chí"),
                (LayerError::Invalid { source, .. }, _) => set_error(source, lang),
                (LayerError::Duplicate { .. }, Lang::Vi) => "trùng chỉ tiêu, khóa và năm".into(),
                (LayerError::WrongSet { layer_set, set }, Lang::En) => format!("a layer of set {layer_set}, not {set}"),
                (LayerError::UnknownIndicator { indicator, .. }, Lang::En) => format!("indicator {indicator} is not in the set"),
                (LayerError::Duplicate { .. }, Lang::En) => "the same indicator, key and year appear twice".into(),
            },
            DuplicateSet { id, other_file } => if vi { format!("bộ tiêu chí {id} đã khai báo trong {other_file}") } else { format!("set {id} is already declared in {other_file}") },
            NotASetOrOverride => lang.pick("tệp không có bảng [set] hay [override]", "the file has neither a [set] nor an [override] table").into(),
            TooManyErrors(n) => if vi { format!("... và {n} lỗi nữa") } else { format!("... and {n} more errors") },
            RequiredFor(x) => if vi { format!("bắt buộc với {x}, đang để trống") } else { format!("required for {x}, but empty") },
            NotAllowedFor(x) => if vi { format!("phải để trống với {x}") } else { format!("must be empty for {x}") },
            Duplicate { key, first_line } => if vi { format!("{key} đã có ở dòng {first_line}") } else { format!("{key} is already on line {first_line}") },
            DiffersFromLine { first_line } => if vi { format!("khác với dòng {first_line} (cùng mã)") } else { format!("differs from line {first_line} (same code)") },
            BadCode(c) => if vi { format!("mã \"{c}\" không hợp lệ (1 đến 32 ký tự: chữ thường không dấu, số, - hoặc _)") } else { format!("code \"{c}\" is not valid (1 to 32 of a-z, 0-9, - or _)") },
            BadUsername(u) => if vi { format!("tên đăng nhập \"{u}\" không hợp lệ (3 đến 32 ký tự: chữ thường không dấu, số, ., - hoặc _)") } else { format!("user name \"{u}\" is not valid (3 to 32 of a-z, 0-9, ., - or _)") },
            BadCount(t) => if vi { format!("\"{t}\": cần một số nguyên không âm") } else { format!("\"{t}\": a whole number, 0 or more, is expected") },
            BadYear(t) => if vi { format!("năm \"{t}\" không hợp lệ (cần năm như 2025)") } else { format!("year \"{t}\" is not valid (expected a year such as 2025)") },
            UnknownCriterion { criterion, set } => if vi { format!("tiêu chí {criterion} không có trong bộ tiêu chí {set}") } else { format!("criterion {criterion} is not in set {set}") },
            UnknownRecognitionLevel(l) => {
                let all = codes(RecognitionLevel::ALL.iter().map(RecognitionLevel::code));
                if vi { format!("mức công nhận \"{l}\" không hợp lệ ({all})") } else { format!("recognition level \"{l}\" is not one of {all}") }
            }
            UnknownIndicator { indicator, set } => if vi { format!("chỉ tiêu {indicator} không có trong bộ tiêu chí {set}") } else { format!("indicator {indicator} is not in set {set}") },
            IndicatorNotNumeric(i) => if vi { format!("chỉ tiêu {i} là chỉ tiêu đạt/không đạt, không có giá trị để đặt mục tiêu") } else { format!("indicator {i} is a yes/no indicator, with no value to set a target on") },
            AverageAboveCriteria { average, criteria } => if vi { format!("bình quân {average} tiêu chí vượt quá số tiêu chí của bộ ({criteria})") } else { format!("an average of {average} criteria is more than the set's {criteria} criteria") },
            NotUnderManagingUnit { code, manager } => if vi { format!("đơn vị {code} không thuộc đơn vị quản lý {manager}") } else { format!("unit {code} does not lie under the managing unit {manager}") },
            UnknownTargetKind(k) => {
                let all = codes(ntm_domain::TargetKind::ALL.iter().map(ntm_domain::TargetKind::code));
                if vi { format!("loại mục tiêu \"{k}\" không hợp lệ ({all})") } else { format!("target kind \"{k}\" is not one of {all}") }
            }
            UnknownRole(r) => {
                let all = codes(ntm_domain::Role::ALL.iter().map(ntm_domain::Role::code));
                if vi { format!("vai trò \"{r}\" không hợp lệ ({all})") } else { format!("role \"{r}\" is not one of {all}") }
            }
            UnknownAgency(a) => if vi { format!("cơ quan {a} chưa có trong cơ sở dữ liệu (nạp danh sách cơ quan trước: ntm agencies import)") } else { format!("agency {a} is not in the database (import the agencies first: ntm agencies import)") },
            UnknownLang(l) => if vi { format!("ngôn ngữ \"{l}\" không hợp lệ (vi hoặc en)") } else { format!("language \"{l}\" is not vi or en") },
            UnitNotOnDate(c, d) => if vi { format!("đơn vị {c} không tồn tại vào ngày {}", d.to_vietnamese()) } else { format!("unit {c} did not exist on {}", d.to_vietnamese()) },
            RecognitionForLevel { code, level, recognition } => {
                let (r, expected) = (recognition.code(), recognition.unit_level());
                if vi { format!("đơn vị {code} là cấp {level}, mức công nhận {r} dành cho cấp {expected}") } else { format!("unit {code} is a {level}; recognition level {r} is for {expected} units") }
            }
            LevelForCriterion(c) => if vi { format!("mức công nhận chỉ ghi ở dòng all (cả bộ tiêu chí), không ghi cho tiêu chí {c}") } else { format!("a recognition level is only for a row `all` (the whole standard), not for criterion {c}") },
            UnknownResponsible(r) => if vi { format!("\"{r}\" không phải mã đơn vị trong danh sách đơn vị, cũng không phải mã cơ quan (1 đến 32 ký tự: chữ thường không dấu, số, - hoặc _)") } else { format!("\"{r}\" is neither a unit code of the unit list nor an agency code (1 to 32 of a-z, 0-9, - or _)") },
            BadMoney(t, e) => {
                let why = match (e, lang) {
                    (MoneyError::NotAnAmount, Lang::Vi) => "cần số đồng nguyên, chỉ gồm chữ số (ví dụ 1200000000)",
                    (MoneyError::NotAnAmount, Lang::En) => "a whole amount in VND, digits only (e.g. 1200000000), is expected",
                    (MoneyError::TooLarge, Lang::Vi) => "số tiền quá lớn",
                    (MoneyError::TooLarge, Lang::En) => "amount too large",
                    (MoneyError::Negative, Lang::Vi) => "số tiền không được âm",
                    (MoneyError::Negative, Lang::En) => "the amount must not be negative",
                };
                format!("\"{t}\": {why}")
            }
            SetRecognitionLevel { level, recognition } => {
                let (r, expected) = (recognition.code(), recognition.unit_level());
                if vi { format!("bộ tiêu chí dành cho cấp {level}, mức công nhận {r} dành cho cấp {expected}") } else { format!("the set is for {level} units; recognition level {r} is for {expected} units") }
            }
            UnitLevelExpected { code, level, expected } => if vi { format!("đơn vị {code} là cấp {level}, cần cấp {expected}") } else { format!("unit {code} is a {level}; a {expected} is expected") },
            VillageLevelExpected(l) => {
                let all = codes(RecognitionLevel::ALL.iter().filter(|r| r.unit_level() == Level::Village).map(RecognitionLevel::code));
                let l = l.code();
                if vi { format!("mục tiêu đếm bản cần mức công nhận của bản ({all}), không phải {l}") } else { format!("a target counting villages needs a village level ({all}), not {l}") }
            }
            LostBeforeDecided { decided, lost } => {
                let (decided, lost) = (decided.to_vietnamese(), lost.to_vietnamese());
                if vi { format!("ngày thu hồi {lost} trước ngày công nhận {decided}") } else { format!("lost on {lost}, before it was decided on {decided}") }
            }
            ShortPassword => lang.pick("mật khẩu ban đầu quá ngắn (ít nhất 8 ký tự)", "the initial password is too short (at least 8 characters)").into(),
            AgencyExists(c) => if vi { format!("cơ quan {c} đã có trong cơ sở dữ liệu") } else { format!("agency {c} is already in the database") },
            TargetExists(c) => if vi { format!("mục tiêu {c} đã có trong cơ sở dữ liệu") } else { format!("target {c} is already in the database") },
            AccountExists(u) => if vi { format!("tài khoản {u} đã có trong cơ sở dữ liệu") } else { format!("account {u} is already in the database") },
            RecognitionExists => lang.pick("quyết định này đã được ghi cho đơn vị và mức công nhận này", "this decision is already recorded for this unit and level").into(),
            UnknownAgencyRole(r) => if vi { format!("vai trò của cơ quan \"{r}\" không hợp lệ (lead: chủ trì, cooperate: phối hợp)") } else { format!("agency role \"{r}\" is not lead or cooperate") },
            LeadAndCooperate(c) => if vi { format!("cơ quan vừa chủ trì vừa phối hợp tiêu chí {c}") } else { format!("the agency both leads and co-operates on criterion {c}") },
            MemberExists(c) => if vi { format!("thành viên {c} đã có trong cơ sở dữ liệu") } else { format!("member {c} is already in the database") },
            UnknownAccount(u) => if vi { format!("tài khoản {u} chưa có trong cơ sở dữ liệu") } else { format!("account {u} is not in the database") },
            AccountLinked(u) => if vi { format!("tài khoản {u} đã gắn với một thành viên khác") } else { format!("account {u} is already linked to another member") },
            LongerThan(n) => if vi { format!("quá dài: tối đa {n} ký tự") } else { format!("too long: at most {n} characters") },
            NotExcel => lang.pick("không phải tệp Excel (.xlsx)", "not an Excel workbook (.xlsx)").into(),
            DamagedWorkbook => lang.pick("tệp Excel bị hỏng, không đọc được", "the Excel workbook is damaged and cannot be read").into(),
            FileTooLarge { limit_mb } => if vi { format!("tệp lớn hơn {limit_mb} MB, không đọc") } else { format!("the file is larger than {limit_mb} MB and was not read") },
            NotATemplate => lang.pick("không phải mẫu nhập số liệu của chương trình (thiếu trang thông tin ẩn); hãy tải mẫu mới", "not a data entry template of this program (its hidden information sheet is missing); download a new template").into(),
            OldTemplate { found, expected } => if vi { format!("mẫu phiên bản {found}, chương trình cần phiên bản {expected}: hãy tải mẫu mới") } else { format!("template version {found}; this program needs version {expected}: download a new template") },
            TemplateOfSet { found, expected } => if vi { format!("mẫu của bộ tiêu chí {found}, không phải {expected}") } else { format!("a template of criteria set {found}, not {expected}") },
            MissingSheet(s) => if vi { format!("thiếu trang {s} của mẫu") } else { format!("the template's sheet {s} is missing") },
            RowChanged { expected, found } => if vi { format!("dòng này phải có mã {expected}, đang có \"{found}\": dòng đã bị xóa, di chuyển hoặc sửa mã") } else { format!("this row should hold code {expected} but holds \"{found}\": a row was deleted, moved or its code edited") },
            TextInNumberCell(t) => if vi { format!("\"{t}\" là chữ, ô này cần một số") } else { format!("\"{t}\" is text; this cell takes a number") },
            RateAndFraction => lang.pick("nhập tỷ lệ hoặc tử số và mẫu số, không nhập cả hai", "give the rate or its numerator and denominator, not both").into(),
            HalfFraction => lang.pick("cần cả tử số và mẫu số", "both numerator and denominator are needed").into(),
            NotAllowed { unit, criterion } => if vi { format!("tài khoản này không được nhập số liệu của đơn vị {unit}, tiêu chí {criterion}") } else { format!("this account may not enter values of unit {unit}, criterion {criterion}") },
            ValueLocked { period } => if vi { format!("số liệu kỳ {period} đã được khóa vì báo cáo của kỳ này đã được chấp nhận; cần Văn phòng điều phối mở lại báo cáo trước khi sửa") } else { format!("the values of {period} are locked: the report covering them was accepted; the office must reopen it before they change") },
            ChangedSinceDownload { value, by, at } => if vi { format!("{by} đã sửa giá trị này thành {value} lúc {at}, sau khi tải mẫu: không ghi đè; hãy tải mẫu mới") } else { format!("{by} changed this value to {value} at {at}, after the template was downloaded: not overwritten; download a new template") },
        }
    }
}

/// Codes as a list in a message: `a, b, c`.
fn codes<'a>(list: impl Iterator<Item = &'a str>) -> String {
    list.collect::<Vec<_>>().join(", ")
}

/// One error in an input file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    pub location: Location,
    pub problem: Problem,
}

impl InputError {
    pub fn new(location: Location, problem: Problem) -> InputError {
        InputError { location, problem }
    }

    pub fn render(&self, lang: Lang) -> String {
        format!("{}: {}", self.location.render(lang), self.problem.render(lang))
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::Vi))
    }
}

impl std::error::Error for InputError {}

/// Every error found in a set of inputs (reading goes on after the first). Beyond
/// [`MAX_KEPT_ERRORS`] they are only counted (the second field), so that a file of millions of
/// bad rows cannot fill the memory.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct InputErrors(pub Vec<InputError>, usize);

/// At most this many errors are listed; the rest are counted.
pub const MAX_LISTED_ERRORS: usize = 50;

/// At most this many errors are kept; the rest are counted.
pub const MAX_KEPT_ERRORS: usize = 10_000;

impl InputErrors {
    pub fn one(location: Location, problem: Problem) -> InputErrors {
        InputErrors(vec![InputError::new(location, problem)], 0)
    }

    pub fn push(&mut self, location: Location, problem: Problem) {
        if self.0.len() < MAX_KEPT_ERRORS {
            self.0.push(InputError::new(location, problem));
        } else {
            self.1 += 1;
        }
    }

    /// Adds another list's errors after these.
    pub fn extend(&mut self, other: InputErrors) {
        let room = MAX_KEPT_ERRORS.saturating_sub(self.0.len());
        let over = other.0.len().saturating_sub(room);
        self.0.extend(other.0.into_iter().take(room));
        self.1 += over + other.1;
    }

    /// How many errors were found (kept or only counted).
    pub fn count(&self) -> usize {
        self.0.len() + self.1
    }

    pub fn is_empty(&self) -> bool {
        self.count() == 0
    }

    /// The value of a checked field, or `None` with its problem recorded at `location`.
    pub fn take<T>(&mut self, location: Location, checked: Result<T, Problem>) -> Option<T> {
        checked.map_err(|problem| self.push(location, problem)).ok()
    }

    pub fn into_result<T>(self, ok: T) -> Result<T, InputErrors> {
        if self.0.is_empty() { Ok(ok) } else { Err(self) }
    }

    /// One error per line, at most [`MAX_LISTED_ERRORS`], then a count of the rest.
    pub fn render(&self, lang: Lang) -> String {
        let mut lines: Vec<String> = self.0.iter().take(MAX_LISTED_ERRORS).map(|e| e.render(lang)).collect();
        if self.count() > MAX_LISTED_ERRORS {
            lines.push(Problem::TooManyErrors(self.count() - MAX_LISTED_ERRORS).render(lang));
        }
        lines.join("\n")
    }
}

impl fmt::Display for InputErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::Vi))
    }
}

impl std::error::Error for InputErrors {}

impl From<InputError> for InputErrors {
    fn from(e: InputError) -> InputErrors {
        InputErrors(vec![e], 0)
    }
}

/// A commune-level unit's kind in words (`thi-tran` → "thị trấn").
fn kind_vi(code: &str) -> &str {
    match code {
        "xa" => "xã",
        "phuong" => "phường",
        "thi-tran" => "thị trấn",
        "dac-khu" => "đặc khu",
        other => other,
    }
}

fn kind_en(code: &str) -> &str {
    match code {
        "xa" => "rural commune",
        "phuong" => "ward",
        "thi-tran" => "township",
        "dac-khu" => "special zone",
        other => other,
    }
}
