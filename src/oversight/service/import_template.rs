//! The template XLSX of the child-list import (issue 17 point 5): the data sheet `儿童名单` with the
//! column headers (required ones marked `*`), the ID-number and text columns formatted as text (so
//! Excel keeps the 18 digits and the X), the date columns as dates; and a second sheet `说明` listing
//! every column with the values a choice column accepts (code or label), in the user's language.

use super::import_file::{choice_codes, Kind, COLUMNS, MAX_ROWS, SHEET};
use crate::error::{AppError, AppResult};
use crate::platform::Catalogue;
use rust_xlsxwriter::{Format, Workbook};

/// The template as XLSX bytes.
pub fn template(tr: &Catalogue) -> AppResult<Vec<u8>> {
    let err = |e: rust_xlsxwriter::XlsxError| AppError::internal(e);
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    {
        let sheet = book.add_worksheet();
        sheet.set_name(SHEET).map_err(err)?;
        for (i, c) in COLUMNS.iter().enumerate() {
            let col = i as u16;
            let header = if c.required {
                format!("{}*", c.header)
            } else {
                c.header.to_string()
            };
            sheet
                .write_string_with_format(0, col, header, &bold)
                .map_err(err)?;
            sheet.set_column_width(col, 16).map_err(err)?;
            let f = if c.kind == Kind::Date { &date } else { &text };
            sheet.set_column_format(col, f).map_err(err)?;
        }
    }
    let help = book.add_worksheet();
    help.set_name("说明").map_err(err)?;
    help.write_string_with_format(0, 0, tr.t("oversight.import.help.column"), &bold)
        .map_err(err)?;
    help.write_string_with_format(0, 1, tr.t("oversight.import.help.values"), &bold)
        .map_err(err)?;
    help.set_column_width(0, 18).map_err(err)?;
    help.set_column_width(1, 100).map_err(err)?;
    for (i, c) in COLUMNS.iter().enumerate() {
        let values = match c.kind {
            Kind::Choice(list) => choice_codes(list)
                .iter()
                .map(|code| format!("{code} = {}", tr.t(&format!("{list}.{code}"))))
                .collect::<Vec<_>>()
                .join("；"),
            Kind::Date => tr.t("oversight.import.help.date").to_string(),
            Kind::Flag => tr.t("oversight.import.help.flag").to_string(),
            Kind::IdNumber => tr.t("oversight.import.help.id").to_string(),
            Kind::Text => String::new(),
        };
        let row = i as u32 + 1;
        help.write_string(row, 0, c.header).map_err(err)?;
        help.write_string(row, 1, values).map_err(err)?;
    }
    let last = COLUMNS.len() as u32 + 2;
    help.write_string(
        last,
        0,
        tr.tf(
            "oversight.import.help.limits",
            &[("n", &MAX_ROWS.to_string()), ("sheet", SHEET)],
        ),
    )
    .map_err(err)?;
    book.save_to_buffer().map_err(err)
}
