//! The formal reference number of a transfer batch (农安移〔2026〕1号): given on submission, one
//! series per sender and year, kept when the batch is returned and submitted again, never shared by
//! two submissions at the same moment (src/transfer/service/reference.rs).

use crate::support::*;
use crate::transfer_print::{act, draft, kids_of, reference};
use chrono::NaiveDate;
use diesel::prelude::*;
use fuyu::db::schema::transfer_batches as tb;
use fuyu::transfer::rules::BatchAction;

#[test]
fn the_reference_is_given_on_submission_per_sender_and_year_and_never_changes() {
    let t = TestApp::new();
    let (officer, head, head_ys) = (
        who(&t, "transfer.na"),
        who(&t, "head.cc"),
        who(&t, "head.ys"),
    );
    let issued = |issuer: &str, year: i32| -> i64 {
        tb::table
            .filter(tb::reference_issuer.eq(issuer))
            .filter(tb::reference_year.eq(year))
            .count()
            .get_result(&mut t.conn())
            .unwrap()
    };
    let (na, ys) = (issued("农安", 2026), issued("榆树", 2026));
    let kids = kids_of(&t, "NA-CWI");
    let (b1, _) = draft(&t, &officer, &kids[..1]);
    assert_eq!(reference(&t, b1), None, "a draft has no number");
    act(&t, &officer, b1, BatchAction::Submit, "");
    let first = format!("农安移〔2026〕{}号", na + 1);
    assert_eq!(reference(&t, b1).as_deref(), Some(first.as_str()));
    let (b2, _) = draft(&t, &officer, &kids[1..2]);
    act(&t, &officer, b2, BatchAction::Submit, "");
    let second = format!("农安移〔2026〕{}号", na + 2);
    assert_eq!(reference(&t, b2).as_deref(), Some(second.as_str()));
    // Returned and submitted again: the number stays.
    act(&t, &head, b1, BatchAction::Return, "请补充材料");
    act(&t, &officer, b1, BatchAction::Submit, "");
    assert_eq!(reference(&t, b1).as_deref(), Some(first.as_str()));
    // Another sender has its own series.
    let (b3, _) = draft(&t, &head_ys, &kids_of(&t, "YS-CWI")[..1]);
    act(&t, &head_ys, b3, BatchAction::Submit, "");
    assert_eq!(
        reference(&t, b3),
        Some(format!("榆树移〔2026〕{}号", ys + 1))
    );
    // A new year starts a new series.
    t.clock.set(
        NaiveDate::from_ymd_opt(2027, 1, 4)
            .unwrap()
            .and_hms_opt(2, 0, 0)
            .unwrap(),
    );
    let (b4, _) = draft(&t, &officer, &kids[2..3]);
    act(&t, &officer, b4, BatchAction::Submit, "");
    assert_eq!(reference(&t, b4).as_deref(), Some("农安移〔2027〕1号"));
    // Two submissions at the same moment get two numbers.
    let (b5, _) = draft(&t, &officer, &kids[3..4]);
    let (b6, _) = draft(&t, &officer, &kids[4..5]);
    std::thread::scope(|s| {
        for b in [b5, b6] {
            let (t, officer) = (&t, &officer);
            s.spawn(move || act(t, officer, b, BatchAction::Submit, ""));
        }
    });
    let mut both = [reference(&t, b5), reference(&t, b6)];
    both.sort();
    assert_eq!(
        both,
        [
            Some("农安移〔2027〕2号".to_string()),
            Some("农安移〔2027〕3号".to_string())
        ]
    );
}
