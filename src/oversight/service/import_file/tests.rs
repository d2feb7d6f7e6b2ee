use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn dates_as_text_in_the_usual_forms() {
    for t in [
        "2015-03-04",
        "2015/3/4",
        "2015.03.04",
        "2015年3月4日",
        "20150304",
        " 2015-03-04 ",
    ] {
        assert_eq!(text_date(t), Some(d(2015, 3, 4)), "{t}");
    }
    for t in ["", "三月四日", "2015-02-30", "15-3-4", "4/3/2015"] {
        assert_eq!(text_date(t), None, "{t}");
    }
}

#[test]
fn excel_serials_count_from_1899_12_30() {
    // 42067 is 2015-03-04 in Excel's 1900 system; 60 is Excel's non-existent 29 Feb 1900 (refused).
    assert_eq!(
        cell_date("42067", &Some(DataRefOwned::Number(42067.0))),
        Some(d(2015, 3, 4))
    );
    assert_eq!(
        cell_date("45351", &Some(DataRefOwned::Number(45351.0))),
        Some(d(2024, 2, 29))
    );
    assert_eq!(cell_date("60", &Some(DataRefOwned::Number(60.0))), None);
    assert_eq!(cell_date("1.5", &Some(DataRefOwned::Number(42067.5))), None);
    assert_eq!(cell_date("x", &Some(DataRefOwned::Bool(true))), None);
}

#[test]
fn flags_and_headers() {
    assert_eq!(flag("是"), Some(true));
    assert_eq!(flag("否"), Some(false));
    assert_eq!(flag("maybe"), None);
    assert_eq!(header_of("legal_name"), "姓名");
    assert_eq!(header_of("wc_orphan"), "wc_orphan");
    // Every required field of the intake form has a column.
    for f in [
        "legal_name",
        "sex",
        "birth_date",
        "intake_date",
        "intake_category",
        "case_type",
    ] {
        assert!(COLUMNS.iter().any(|c| c.field == f && c.required), "{f}");
    }
}

#[test]
fn not_an_xlsx_is_refused_with_a_message() {
    let tr = catalogue(Lang::En);
    let r = parse(b"%PDF-1.4 not a workbook", tr);
    assert_eq!(
        r.err().map(|e| e.0),
        Some(vec![tr.t("oversight.import.err.not_xlsx").to_string()])
    );
}
