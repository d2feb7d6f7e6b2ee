//! The quarterly statistical extract (issue 17 point 2): the XLSX read back with calamine (a real
//! reader), its totals adding up across sheets and lines, and a past quarter unchanged by later events.

use crate::support::*;
use actix_web::test;
use calamine::{Data, Reader, Xlsx};
use diesel::prelude::*;
use fuyu::clock::Clock;
use fuyu::db::schema::children;
use std::collections::BTreeMap;

/// Every sheet of the workbook: (name, code → value).
pub fn read_extract(bytes: &[u8]) -> Vec<(String, BTreeMap<String, i64>)> {
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec()))
        .expect("an XLSX calamine reads");
    let names = wb.sheet_names().to_vec();
    names
        .into_iter()
        .map(|name| {
            let range = wb.worksheet_range(&name).expect("sheet");
            let mut lines = BTreeMap::new();
            for row in range.rows().skip(1) {
                let code = match &row[0] {
                    Data::String(s) => s.clone(),
                    other => panic!("{name}: the code is text, not {other:?}"),
                };
                let value = match &row[2] {
                    Data::Float(f) => *f as i64,
                    Data::Int(i) => *i,
                    other => panic!("{name} {code}: a number, not {other:?}"),
                };
                lines.insert(code, value);
            }
            (name, lines)
        })
        .collect()
}

fn sum_of(lines: &BTreeMap<String, i64>, prefix: &str) -> i64 {
    lines
        .iter()
        .filter(|(k, _)| k.starts_with(prefix))
        .map(|(_, v)| v)
        .sum()
}

#[actix_web::test]
async fn quarterly_extract_reads_back_and_does_not_change_with_later_events() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut sup = login(&app, "supervisor.jl").await;
    let page = sup.get(&app, "/oversight/quarterly").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains("2026Q3"),
        "the last ended quarter by default"
    );
    let url = "/oversight/quarterly/download?quarter=2026Q3";
    let f = sup.fetch(&app, url).await;
    assert_eq!(f.status, 200);
    let sheets = read_extract(&f.bytes);
    assert_eq!(sheets[0].0, "汇总", "the summary sheet first");
    assert!(
        sheets.len() >= 4,
        "one sheet per institution: {}",
        sheets.len()
    );
    let (_, summary) = &sheets[0];
    assert!(summary["Q10"] > 0, "children in care at the quarter end");
    for (name, lines) in &sheets {
        assert_eq!(lines["Q10"], sum_of(lines, "Q11."), "{name}: by category");
        assert_eq!(lines["Q10"], sum_of(lines, "Q12."), "{name}: by sex");
        assert_eq!(lines["Q10"], sum_of(lines, "Q13."), "{name}: by age band");
        assert_eq!(
            lines["Q20"],
            sum_of(lines, "Q21."),
            "{name}: admitted by category"
        );
        assert_eq!(
            lines["Q30"],
            sum_of(lines, "Q31."),
            "{name}: discharged by reason"
        );
    }
    for code in ["Q01", "Q02", "Q10", "Q14", "Q20", "Q30"] {
        let parts: i64 = sheets[1..].iter().map(|(_, l)| l[code]).sum();
        assert_eq!(
            summary[code], parts,
            "{code}: the summary is the sum of the institutions"
        );
    }
    // The same figure straight from the rows: taken in by 30 Sep, not discharged by then.
    let end = chrono::NaiveDate::from_ymd_opt(2026, 9, 30).unwrap();
    let direct: i64 = children::table
        .filter(children::intake_date.le(end))
        .filter(
            children::discharge_date
                .is_null()
                .or(children::discharge_date.gt(end)),
        )
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(
        summary["Q10"], direct,
        "every institution of the demo is in the province"
    );
    // A child in care on 30 Sep is discharged today: today's dashboard changes, 2026Q3 does not.
    let head = who(&t, "head.cc");
    let cc: i64 = fuyu::db::schema::institutions::table
        .filter(fuyu::db::schema::institutions::code.eq("CC-CWI"))
        .select(fuyu::db::schema::institutions::id)
        .first(&mut t.conn())
        .unwrap();
    let child: i64 = children::table
        .filter(children::institution_id.eq(cc))
        .filter(children::status.eq("active"))
        .filter(children::intake_date.le(end))
        .select(children::id)
        .first(&mut t.conn())
        .unwrap();
    let today = t.clock.as_ref().today();
    let mut conn = t.conn();
    let o = op(&t, &head);
    fuyu::archive::discharge(
        &mut conn,
        &o,
        fuyu::archive::ChildId(child),
        "guardianship-restored",
        today,
        "",
    )
    .unwrap()
    .unwrap();
    drop(conn);
    let again = read_extract(&sup.fetch(&app, url).await.bytes);
    assert_eq!(again, sheets, "a past quarter is computed from history");
    let q4 = sup.get(&app, "/oversight/quarterly?quarter=2026Q4").await;
    assert_eq!(q4.status, 404, "a quarter still running has no extract");
    assert_eq!(
        sup.get(&app, "/oversight/quarterly?quarter=junk")
            .await
            .status,
        404
    );
}
