//! Reading an uploaded child list (XLSX, issue 17 point 5) into intake forms, with every problem named
//! by row and column in the user's language. No database here: the rows then go through the archive's
//! intake (`archive::admit_batch`), which applies the form's own validation.
//!
//! The workbook is read cell by cell with calamine's streaming reader (never a dense grid: a file with
//! one cell at A1 and one at Z1048576 must not allocate a million rows). Empty rows are skipped; at
//! most [`MAX_ROWS`] rows with data are read. A formula is refused (its cached value may be stale and
//! the archive records facts, not calculations); dates may be real dates, Excel serial numbers or text
//! in the usual Chinese and ISO forms; ID numbers must be text (a number has lost digits).

use crate::archive::form::ChildForm;
use crate::platform::i18n::{catalogue, Catalogue, Lang};
use calamine::{DataRef, Reader, Xlsx};
use chrono::{Duration, NaiveDate};
use std::collections::BTreeMap;

/// The template's data sheet.
pub const SHEET: &str = "儿童名单";
/// Largest upload accepted (an operational limit, not a legal one): 10 MiB.
pub const MAX_BYTES: u64 = 10 * 1024 * 1024;
/// Most rows with data in one file; a larger list is split into several files.
pub const MAX_ROWS: usize = 5000;

/// How a column's cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Date,
    /// An ID number (身份证号): text only.
    IdNumber,
    /// 是/否.
    Flag,
    /// A code of the form, or its label in Chinese or English; the catalogue prefix names the list.
    Choice(&'static str),
}

/// One column of the template: its header (Chinese, stable whatever the user's language: the file is
/// a data exchange format), the intake form's field, and how it is read.
pub struct Column {
    pub header: &'static str,
    pub field: &'static str,
    pub kind: Kind,
    pub required: bool,
}

const fn col(header: &'static str, field: &'static str, kind: Kind, required: bool) -> Column {
    Column {
        header,
        field,
        kind,
        required,
    }
}

/// The template's columns, in order (required columns are marked `*` in the template's header).
pub const COLUMNS: [Column; 24] = [
    col("姓名", "legal_name", Kind::Text, true),
    col("性别", "sex", Kind::Choice("sex"), true),
    col("出生日期", "birth_date", Kind::Date, true),
    col("出生日期为估算", "birth_date_estimated", Kind::Flag, false),
    col("身份证号", "id_number", Kind::IdNumber, false),
    col("民族", "ethnicity", Kind::Text, false),
    col("户籍状态", "hukou_status", Kind::Choice("hukou"), true),
    col("户籍地", "hukou_place", Kind::Text, false),
    col("入院日期", "intake_date", Kind::Date, true),
    col(
        "入院类别",
        "intake_category",
        Kind::Choice("category"),
        true,
    ),
    col("案件类型", "case_type", Kind::Choice("case"), true),
    col("发现地点", "found_place", Kind::Text, false),
    col("发现日期", "found_date", Kind::Date, false),
    col("发现人", "found_by", Kind::Text, false),
    col("报警回执编号", "police_report_no", Kind::Text, false),
    col("残疾类别", "disability_type", Kind::Text, false),
    col("残疾等级", "disability_grade", Kind::Text, false),
    col("残疾证号", "disability_cert_no", Kind::Text, false),
    col("入院健康状况", "health_at_intake", Kind::Text, false),
    col(
        "保障类别",
        "allowance_category",
        Kind::Choice("allowance"),
        true,
    ),
    col("监护部门", "guardian_department", Kind::Text, false),
    col("学校", "school_name", Kind::Text, false),
    col("学籍号", "xueji_no", Kind::Text, false),
    col("例外理由", "exception_reason", Kind::Text, false),
];

/// The codes of a choice list.
pub fn choice_codes(list: &str) -> Vec<&'static str> {
    use crate::archive::rules;
    match list {
        "sex" => vec!["M", "F"],
        "hukou" => crate::archive::form::HUKOU_STATUSES.to_vec(),
        "category" => rules::ALL_CATEGORIES.iter().map(|c| c.code()).collect(),
        "case" => rules::ALL_CASE_TYPES.iter().map(|c| c.code()).collect(),
        "allowance" => crate::archive::form::ALLOWANCE_CATEGORIES.to_vec(),
        _ => Vec::new(),
    }
}

/// The column a form field is typed in (for the intake's per-field refusals).
pub fn header_of(field: &str) -> &str {
    COLUMNS
        .iter()
        .find(|c| c.field == field)
        .map(|c| c.header)
        .unwrap_or(field)
}

/// One data row: its row number as Excel shows it, the form it fills, and the problems of its cells.
#[derive(Debug, Clone)]
pub struct Row {
    pub line: u32,
    pub form: ChildForm,
    /// (column header, message).
    pub problems: Vec<(String, String)>,
}

/// The file as a whole could not be read: the messages say why (nothing is imported).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRefused(pub Vec<String>);

fn refused(msg: String) -> FileRefused {
    FileRefused(vec![msg])
}

type Cells = BTreeMap<u32, Vec<(u32, String, Option<String>, Option<DataRefOwned>)>>;

/// A cell's value kept after the reader moved on.
#[derive(Debug, Clone, PartialEq)]
pub enum DataRefOwned {
    Number(f64),
    Date(Option<NaiveDate>),
    Error,
    Bool(bool),
}

fn cell_text(v: &DataRef<'_>) -> (String, Option<DataRefOwned>) {
    match v {
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            (s.trim().to_string(), None)
        }
        DataRef::SharedString(s) => (s.trim().to_string(), None),
        DataRef::Int(i) => (i.to_string(), Some(DataRefOwned::Number(*i as f64))),
        DataRef::Float(f) => {
            let t = if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{f:.0}")
            } else {
                f.to_string()
            };
            (t, Some(DataRefOwned::Number(*f)))
        }
        DataRef::Bool(b) => (b.to_string(), Some(DataRefOwned::Bool(*b))),
        DataRef::DateTime(d) => {
            let day = d.as_datetime().map(|t| t.date());
            (
                day.map(|x| x.to_string()).unwrap_or_default(),
                Some(DataRefOwned::Date(day)),
            )
        }
        DataRef::Error(e) => (format!("{e}"), Some(DataRefOwned::Error)),
        DataRef::Empty => (String::new(), None),
    }
}

/// Read the workbook's cells: rows with data only (by Excel row index), at most `MAX_ROWS + 1`.
fn read_cells(bytes: &[u8], tr: &Catalogue) -> Result<Cells, FileRefused> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
        .map_err(|_| refused(tr.t("oversight.import.err.not_xlsx").to_string()))?;
    let names = book.sheet_names().to_vec();
    if !names.iter().any(|n| n == SHEET) {
        return Err(refused(tr.tf(
            "oversight.import.err.no_sheet",
            &[("sheet", SHEET), ("sheets", &names.join("、"))],
        )));
    }
    let unreadable = |e: calamine::XlsxError| {
        refused(tr.tf(
            "oversight.import.err.unreadable",
            &[("why", &e.to_string())],
        ))
    };
    let mut reader = book.worksheet_cells_reader(SHEET).map_err(unreadable)?;
    let mut rows: Cells = BTreeMap::new();
    while let Some(cell) = reader.next_cell_with_formula().map_err(unreadable)? {
        let (text, typed) = cell_text(&cell.value);
        let formula = cell.formula.filter(|f| !f.trim().is_empty());
        if text.is_empty() && formula.is_none() {
            continue;
        }
        let (r, c) = cell.pos;
        if !rows.contains_key(&r) && rows.len() > MAX_ROWS {
            return Err(refused(tr.tf(
                "oversight.import.err.too_many_rows",
                &[("n", &MAX_ROWS.to_string())],
            )));
        }
        rows.entry(r).or_default().push((c, text, formula, typed));
    }
    Ok(rows)
}

/// Parse an uploaded file into rows, or say why the file as a whole cannot be read.
pub fn parse(bytes: &[u8], tr: &Catalogue) -> Result<Vec<Row>, FileRefused> {
    let mut rows = read_cells(bytes, tr)?;
    let Some((&header_row, header)) = rows.iter().next() else {
        return Err(refused(tr.t("oversight.import.err.no_rows").to_string()));
    };
    let header = header.clone();
    rows.remove(&header_row);
    let columns = match_header(&header, tr)?;
    if rows.is_empty() {
        return Err(refused(tr.t("oversight.import.err.no_rows").to_string()));
    }
    let choices = ChoiceLabels::new(tr);
    Ok(rows
        .into_iter()
        .map(|(r, cells)| row(r, &cells, &columns, &choices, tr))
        .collect())
}

/// Column index → template column, or every problem of the header at once.
fn match_header(
    header: &[(u32, String, Option<String>, Option<DataRefOwned>)],
    tr: &Catalogue,
) -> Result<BTreeMap<u32, &'static Column>, FileRefused> {
    let mut out = BTreeMap::new();
    let (mut unknown, mut twice, mut problems) = (Vec::new(), Vec::new(), Vec::new());
    for (c, text, _, _) in header {
        let name = text.trim().trim_end_matches(['*', '＊']).trim();
        match COLUMNS.iter().find(|col| col.header == name) {
            Some(col) if out.values().any(|x: &&Column| x.header == col.header) => {
                twice.push(name.to_string())
            }
            Some(col) => {
                out.insert(*c, col);
            }
            None => unknown.push(name.to_string()),
        }
    }
    let missing: Vec<&str> = COLUMNS
        .iter()
        .filter(|c| c.required && !out.values().any(|x| x.header == c.header))
        .map(|c| c.header)
        .collect();
    if !missing.is_empty() {
        problems.push(tr.tf(
            "oversight.import.err.missing_columns",
            &[("cols", &missing.join("、"))],
        ));
    }
    if !unknown.is_empty() {
        problems.push(tr.tf(
            "oversight.import.err.unknown_columns",
            &[("cols", &unknown.join("、"))],
        ));
    }
    for name in twice {
        problems.push(tr.tf("oversight.import.err.duplicate_column", &[("col", &name)]));
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(FileRefused(problems))
    }
}

/// Labels of the choice lists in both languages, lower-cased, to their codes.
struct ChoiceLabels(BTreeMap<(&'static str, String), &'static str>);

impl ChoiceLabels {
    fn new(tr: &Catalogue) -> ChoiceLabels {
        let mut m = BTreeMap::new();
        for list in ["sex", "hukou", "category", "case", "allowance"] {
            for code in choice_codes(list) {
                let key = format!("{list}.{code}");
                for cat in [tr, catalogue(Lang::Zh), catalogue(Lang::En)] {
                    m.insert((list, cat.t(&key).trim().to_lowercase()), code);
                }
                m.insert((list, code.to_lowercase()), code);
            }
        }
        ChoiceLabels(m)
    }
    fn code(&self, list: &'static str, text: &str) -> Option<&'static str> {
        self.0.get(&(list, text.trim().to_lowercase())).copied()
    }
}

fn row(
    r: u32,
    cells: &[(u32, String, Option<String>, Option<DataRefOwned>)],
    columns: &BTreeMap<u32, &'static Column>,
    choices: &ChoiceLabels,
    tr: &Catalogue,
) -> Row {
    let mut form = ChildForm::default();
    let mut problems = Vec::new();
    for (c, text, formula, typed) in cells {
        let Some(col) = columns.get(c) else {
            continue;
        };
        let mut bad = |key: &str, args: &[(&str, &str)]| {
            problems.push((col.header.to_string(), tr.tf(key, args)))
        };
        if let Some(f) = formula {
            bad("oversight.import.cell.formula", &[("formula", f)]);
            continue;
        }
        if typed == &Some(DataRefOwned::Error) {
            bad("oversight.import.cell.error_value", &[("value", text)]);
            continue;
        }
        let value = match col.kind {
            Kind::Text => text.clone(),
            Kind::IdNumber => {
                if matches!(typed, Some(DataRefOwned::Number(_))) {
                    bad("oversight.import.cell.id_as_number", &[]);
                    continue;
                }
                text.clone()
            }
            Kind::Date => match cell_date(text, typed) {
                Some(d) => d.to_string(),
                None => {
                    bad("oversight.import.cell.not_date", &[("value", text)]);
                    continue;
                }
            },
            Kind::Flag => match flag(text) {
                Some(true) => "1".into(),
                Some(false) => continue,
                None => {
                    bad("oversight.import.cell.not_flag", &[("value", text)]);
                    continue;
                }
            },
            Kind::Choice(list) => match choices.code(list, text) {
                Some(code) => code.into(),
                None => {
                    bad("oversight.import.cell.not_choice", &[("value", text)]);
                    continue;
                }
            },
        };
        set(&mut form, col.field, value);
    }
    Row {
        line: r + 1,
        form,
        problems,
    }
}

fn set(form: &mut ChildForm, field: &str, v: String) {
    let slot = match field {
        "legal_name" => &mut form.legal_name,
        "sex" => &mut form.sex,
        "birth_date" => &mut form.birth_date,
        "birth_date_estimated" => {
            form.birth_date_estimated = Some(v);
            return;
        }
        "id_number" => &mut form.id_number,
        "ethnicity" => &mut form.ethnicity,
        "hukou_status" => &mut form.hukou_status,
        "hukou_place" => &mut form.hukou_place,
        "intake_date" => &mut form.intake_date,
        "intake_category" => &mut form.intake_category,
        "case_type" => &mut form.case_type,
        "found_place" => &mut form.found_place,
        "found_date" => &mut form.found_date,
        "found_by" => &mut form.found_by,
        "police_report_no" => &mut form.police_report_no,
        "disability_type" => &mut form.disability_type,
        "disability_grade" => &mut form.disability_grade,
        "disability_cert_no" => &mut form.disability_cert_no,
        "health_at_intake" => &mut form.health_at_intake,
        "allowance_category" => &mut form.allowance_category,
        "guardian_department" => &mut form.guardian_department,
        "school_name" => &mut form.school_name,
        "xueji_no" => &mut form.xueji_no,
        "exception_reason" => &mut form.exception_reason,
        _ => return,
    };
    *slot = v;
}

/// 是/否 (also Y/N, 1/0, true/false).
pub fn flag(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "是" | "y" | "yes" | "1" | "true" | "√" => Some(true),
        "否" | "n" | "no" | "0" | "false" => Some(false),
        _ => None,
    }
}

/// A date cell: a real date, an Excel serial number (days since 1899-12-30, as Excel counts from 1
/// March 1900), or text as `2015-03-04`, `2015/3/4`, `2015.3.4`, `2015年3月4日` or `20150304`.
pub fn cell_date(text: &str, typed: &Option<DataRefOwned>) -> Option<NaiveDate> {
    match typed {
        Some(DataRefOwned::Date(d)) => *d,
        Some(DataRefOwned::Number(n)) if n.fract() == 0.0 && (61.0..2_958_466.0).contains(n) => {
            NaiveDate::from_ymd_opt(1899, 12, 30).map(|e| e + Duration::days(*n as i64))
        }
        Some(_) => None,
        None => text_date(text),
    }
}

/// A date typed as text.
pub fn text_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    let t = t.split(['T', ' ']).next().unwrap_or(t);
    ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(t, f).ok())
        .filter(|_| t.len() >= 8)
}

#[cfg(test)]
mod tests;
