//! Downloads of lists (导出): the one way every module turns a list into CSV or XLSX (issue 17 point 6).
//!
//! A module builds [`Table`]s — translated column headers, typed cells — and hands them to
//! [`download`]. The rules every export shares live here, so no module writes them again:
//! - CSV is UTF-8 with a byte-order mark (spreadsheet programs then read Chinese correctly) and holds
//!   the first table only; XLSX holds one sheet per table.
//! - ID numbers (身份证号) and other codes are text in XLSX, never numbers (no scientific notation,
//!   no lost check digit); dates are real dates (`yyyy-mm-dd`); money is yuan with two decimals.
//! - A text cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return is neutralised with a
//!   leading apostrophe in both formats (CSV/formula injection, OWASP), so a child's name or a note
//!   typed as `=HYPERLINK(…)` is shown as typed and never evaluated.
//! - Every export is audited with what was exported and the filter applied ([`audit_event`]).

use actix_web::HttpResponse;
use chrono::NaiveDate;

use crate::error::{AppError, AppResult};

/// The file format asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    /// `csv` or `xlsx` (a query value or a path's extension); anything else is `None` (a 404 or 400
    /// at the caller, never a guess).
    pub fn from_name(name: &str) -> Option<Format> {
        match name.trim().to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }
    fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

/// What a column holds; decides how its cells are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Free text (names, notes, reasons).
    Text,
    /// An identifier written as text: ID numbers, archive numbers, codes.
    Id,
    /// A calendar date.
    Date,
    /// A whole number (counts).
    Int,
    /// Money held in fen (分), shown in yuan with two decimals.
    Money,
}

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Date(NaiveDate),
    Int(i64),
    /// Fen (分).
    Money(i64),
    Empty,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }
    /// A date or an empty cell.
    pub fn date(d: Option<NaiveDate>) -> Cell {
        d.map(Cell::Date).unwrap_or(Cell::Empty)
    }
    /// Text or an empty cell.
    pub fn opt_text(s: Option<impl Into<String>>) -> Cell {
        s.map(|s| Cell::Text(s.into())).unwrap_or(Cell::Empty)
    }
}

/// One sheet: a name, headers with kinds, rows.
#[derive(Debug, Clone)]
pub struct Table {
    pub name: String,
    pub columns: Vec<(String, ColumnKind)>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn new(name: impl Into<String>) -> Table {
        Table {
            name: name.into(),
            columns: Vec::new(),
            rows: Vec::new(),
        }
    }
    pub fn column(mut self, header: impl Into<String>, kind: ColumnKind) -> Table {
        self.columns.push((header.into(), kind));
        self
    }
    pub fn row(&mut self, cells: Vec<Cell>) {
        self.rows.push(cells);
    }
    pub fn with_row(mut self, cells: Vec<Cell>) -> Table {
        self.rows.push(cells);
        self
    }
}

/// Text that a spreadsheet would read as a formula gets a leading apostrophe.
pub fn neutralise(s: &str) -> std::borrow::Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}").into(),
        _ => s.into(),
    }
}

fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Text(s) => neutralise(s).into_owned(),
        Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
        Cell::Int(n) => n.to_string(),
        Cell::Money(f) => crate::platform::money::format_fen(*f),
        Cell::Empty => String::new(),
    }
}

/// The first table as CSV (UTF-8 with BOM).
pub fn csv_bytes(table: &Table) -> AppResult<Vec<u8>> {
    let mut w = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    w.write_record(
        table
            .columns
            .iter()
            .map(|(h, _)| neutralise(h).into_owned()),
    )
    .map_err(AppError::internal)?;
    for row in &table.rows {
        w.write_record(row.iter().map(cell_text))
            .map_err(AppError::internal)?;
    }
    w.into_inner().map_err(AppError::internal)
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, unique in the workbook.
fn sheet_name(raw: &str, taken: &mut Vec<String>) -> String {
    let clean: String = raw
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(28)
        .collect();
    let base = if clean.trim().is_empty() {
        "Sheet".to_string()
    } else {
        clean
    };
    let mut name = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
        name = format!("{base}{n}");
        n += 1;
    }
    taken.push(name.clone());
    name
}

/// All tables as one workbook, a sheet each.
pub fn xlsx_bytes(tables: &[Table]) -> AppResult<Vec<u8>> {
    use rust_xlsxwriter::{Format as XFormat, Workbook};
    let x = |e: rust_xlsxwriter::XlsxError| AppError::internal(e);
    let mut book = Workbook::new();
    let bold = XFormat::new().set_bold();
    let date = XFormat::new().set_num_format("yyyy-mm-dd");
    let money = XFormat::new().set_num_format("0.00");
    let text = XFormat::new().set_num_format("@");
    let mut taken = Vec::new();
    for table in tables {
        let sheet = book.add_worksheet();
        sheet
            .set_name(sheet_name(&table.name, &mut taken))
            .map_err(x)?;
        for (c, (header, kind)) in table.columns.iter().enumerate() {
            let col = u16::try_from(c).map_err(AppError::internal)?;
            sheet
                .write_string_with_format(0, col, neutralise(header), &bold)
                .map_err(x)?;
            let width = match kind {
                ColumnKind::Id => 22.0,
                ColumnKind::Date => 12.0,
                ColumnKind::Text => 16.0,
                ColumnKind::Int | ColumnKind::Money => 10.0,
            };
            sheet.set_column_width(col, width).map_err(x)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let rr = u32::try_from(r + 1).map_err(AppError::internal)?;
            for (c, cell) in row.iter().enumerate() {
                let col = u16::try_from(c).map_err(AppError::internal)?;
                match cell {
                    Cell::Text(s) => {
                        sheet
                            .write_string_with_format(rr, col, neutralise(s), &text)
                            .map_err(x)?;
                    }
                    Cell::Date(d) => {
                        sheet
                            .write_datetime_with_format(rr, col, d, &date)
                            .map_err(x)?;
                    }
                    Cell::Int(n) => {
                        sheet.write_number(rr, col, *n as f64).map_err(x)?;
                    }
                    Cell::Money(f) => {
                        sheet
                            .write_number_with_format(rr, col, *f as f64 / 100.0, &money)
                            .map_err(x)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        if !table.columns.is_empty() {
            sheet.set_freeze_panes(1, 0).map_err(x)?;
        }
    }
    if tables.is_empty() {
        book.add_worksheet();
    }
    book.save_to_buffer().map_err(x)
}

/// The download: `file_stem.csv` (first table) or `file_stem.xlsx` (every table), not cached.
pub fn download(format: Format, file_stem: &str, tables: &[Table]) -> AppResult<HttpResponse> {
    let bytes = match format {
        Format::Csv => match tables.first() {
            Some(t) => csv_bytes(t)?,
            None => vec![0xEF, 0xBB, 0xBF],
        },
        Format::Xlsx => xlsx_bytes(tables)?,
    };
    let stem: String = file_stem
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect();
    Ok(HttpResponse::Ok()
        .content_type(format.content_type())
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{stem}.{}\"", format.extension()),
        ))
        .insert_header(("Cache-Control", "no-store"))
        .body(bytes))
}

/// The audit event of an export: what was exported (e.g. `oversight.xlsx`) and the filter applied
/// (the query as the user gave it, made safe for the log).
pub fn audit_event<'a>(module: &'a str, what: &str, filter: &str) -> crate::audit::Event<'a> {
    let filter = crate::platform::safe_for_log(filter);
    let detail = if filter.is_empty() {
        what.to_string()
    } else {
        format!("{what} {filter}")
    };
    crate::audit::Event::ok("export", module, "-").with_detail(detail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_neutralised_and_plain_text_is_not() {
        for s in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(s), format!("'{s}"));
        }
        for s in ["张三", "1-2", "a=b", ""] {
            assert_eq!(neutralise(s), s);
        }
    }

    #[test]
    fn csv_has_a_bom_headers_and_typed_cells() {
        let t = Table::new("x")
            .column("姓名", ColumnKind::Text)
            .column("日期", ColumnKind::Date)
            .column("金额", ColumnKind::Money)
            .with_row(vec![
                Cell::text("=cmd"),
                Cell::Date(NaiveDate::from_ymd_opt(2026, 2, 3).unwrap()),
                Cell::Money(123450),
            ]);
        let bytes = csv_bytes(&t).unwrap();
        assert_eq!(&bytes[..3], &[0xEF, 0xBB, 0xBF]);
        let s = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert_eq!(s, "姓名,日期,金额\n'=cmd,2026-02-03,1234.50\n");
    }

    #[test]
    fn sheet_names_are_cleaned_cut_and_unique() {
        let mut taken = Vec::new();
        assert_eq!(sheet_name("a/b", &mut taken), "ab");
        assert_eq!(sheet_name("ab", &mut taken), "ab2");
        assert_eq!(sheet_name("", &mut taken), "Sheet");
        assert_eq!(sheet_name(&"长".repeat(40), &mut taken).chars().count(), 28);
    }

    #[test]
    fn formats_are_named_exactly() {
        assert_eq!(Format::from_name("XLSX"), Some(Format::Xlsx));
        assert_eq!(Format::from_name("csv"), Some(Format::Csv));
        assert_eq!(Format::from_name("xls"), None);
    }
}
