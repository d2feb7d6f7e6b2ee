//! The custody ledger (代管财产, 民法典 第35条; issue 10 point 10): the head records deposits and
//! withdrawals with purpose and receipt on the child's 财产 page, a withdrawal never exceeds the
//! balance, every write is audited, caregivers do not see amounts and other institutions get a 404.

use crate::support::*;
use actix_web::test as awt;
use diesel::prelude::*;
use fuyu::db::schema::{audit_log, children, custody_property as cp, institutions};

fn first_child(t: &TestApp, code: &str) -> i64 {
    let inst: i64 = institutions::table
        .filter(institutions::code.eq(code))
        .select(institutions::id)
        .first(&mut t.conn())
        .unwrap();
    children::table
        .filter(children::institution_id.eq(inst))
        .filter(children::status.eq("active"))
        .order(children::id.desc())
        .select(children::id)
        .first(&mut t.conn())
        .unwrap()
}

fn held(t: &TestApp, child: i64) -> i64 {
    cp::table
        .filter(cp::child_id.eq(child))
        .filter(cp::state.eq("held"))
        .select(cp::amount_fen)
        .load::<i64>(&mut t.conn())
        .unwrap()
        .iter()
        .sum()
}

#[actix_web::test]
async fn the_head_keeps_a_custody_ledger_with_purpose_receipts_and_no_overdraw() {
    let t = TestApp::new();
    let app = awt::init_service(fuyu::build_app(t.data())).await;
    let child = first_child(&t, "CC-CWI");
    let start = held(&t, child);
    let path = format!("/children/{child}/custody");
    let mut head = login(&app, "head.cc").await;
    let page = head.get(&app, &format!("/children/{child}")).await;
    assert!(
        page.body.contains(&path),
        "the archive links its 代管财产 page"
    );
    let page = head.get(&app, &path).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("id=\"custody-form\""));
    // A deposit.
    let p = head
        .post(
            &app,
            &path,
            &[
                ("kind", "deposit"),
                ("amount", "500"),
                ("description", "孤儿基本生活费结余"),
                ("account", "农村信用社 ****1234"),
                ("receipt_no", ""),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(held(&t, child), start + 50_000);
    // A withdrawal above the balance is refused beside the amount, nothing written, input kept.
    let too_much = format!("{}.01", (start + 50_000) / 100);
    let p = head
        .post(
            &app,
            &path,
            &[
                ("kind", "withdrawal"),
                ("amount", &too_much),
                ("description", "购买冬衣"),
                ("receipt_no", "FP-2026-001"),
            ],
        )
        .await;
    assert_eq!(p.status, 422, "{}", p.body);
    assert!(p.body.contains("id=\"amount-error\""), "{}", p.body);
    assert!(p.body.contains("不得超过代管余额"));
    assert!(p.body.contains("购买冬衣"), "what was typed is kept");
    assert_eq!(held(&t, child), start + 50_000);
    // A withdrawal needs its purpose and its receipt.
    let p = head
        .post(
            &app,
            &path,
            &[
                ("kind", "withdrawal"),
                ("amount", "120.5"),
                ("description", ""),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"description-error\""));
    assert!(p.body.contains("id=\"receipt_no-error\""));
    let p = head
        .post(
            &app,
            &path,
            &[
                ("kind", "withdrawal"),
                ("amount", "120.5"),
                ("description", "购买冬衣"),
                ("receipt_no", "FP-2026-001"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(held(&t, child), start + 50_000 - 12_050);
    let page = head.get(&app, &path).await;
    let balance = fuyu::platform::money::yuan(start + 50_000 - 12_050);
    assert!(page.body.contains(&balance), "balance {balance} shown");
    assert!(page.body.contains("FP-2026-001") && page.body.contains("¥-120.50"));
    let audited: i64 = audit_log::table
        .filter(audit_log::resource_type.eq("custody_property"))
        .filter(audit_log::action.eq("create"))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(audited, 2, "every write audited, refusals write nothing");

    // Who may see and write: caregivers see no amounts, a social worker reads only, another
    // institution's head gets a 404.
    let mut caregiver = login(&app, "caregiver.cc").await;
    assert_eq!(caregiver.get(&app, &path).await.status, 403);
    let archive = caregiver.get(&app, &format!("/children/{child}")).await;
    assert!(
        !archive.body.contains(&path),
        "no 代管财产 tab for a caregiver"
    );
    let mut social = login(&app, "social.cc").await;
    let page = social.get(&app, &path).await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("id=\"custody-form\""));
    social.get(&app, &format!("/children/{child}")).await;
    let p = social
        .post(
            &app,
            &path,
            &[("kind", "deposit"), ("amount", "1"), ("description", "x")],
        )
        .await;
    assert_eq!(p.status, 403);
    let mut other = login(&app, "head.na").await;
    assert_eq!(other.get(&app, &path).await.status, 404);
    assert_eq!(held(&t, child), start + 50_000 - 12_050);
}

#[test]
fn a_withdrawal_may_not_exceed_the_balance_at_the_service() {
    let t = TestApp::new();
    let child = fuyu::archive::ChildId(first_child(&t, "CC-CWI"));
    let head = who(&t, "head.cc");
    let mut c = t.conn();
    let start = held(&t, child.0);
    let form = |kind: &str, amount: &str| fuyu::archive::custody_ledger::EntryForm {
        kind: kind.into(),
        amount: amount.into(),
        description: "用途".into(),
        account: String::new(),
        receipt_no: "R-1".into(),
    };
    let ok = fuyu::archive::custody_ledger::record(
        &mut c,
        &op(&t, &head),
        child,
        &form("deposit", "10"),
    );
    assert!(matches!(ok, Ok(Ok(_))), "{ok:?}");
    let all = fuyu::platform::money::format_fen(start + 1000);
    let over = fuyu::platform::money::format_fen(start + 1001);
    let refused = fuyu::archive::custody_ledger::record(
        &mut c,
        &op(&t, &head),
        child,
        &form("withdrawal", &over),
    );
    assert!(
        matches!(&refused, Ok(Err(e)) if e.has("amount")),
        "{refused:?}"
    );
    let ok = fuyu::archive::custody_ledger::record(
        &mut c,
        &op(&t, &head),
        child,
        &form("withdrawal", &all),
    );
    assert!(matches!(ok, Ok(Ok(_))));
    assert_eq!(held(&t, child.0), 0);
    let caregiver = who(&t, "caregiver.cc");
    assert!(matches!(
        fuyu::archive::custody_ledger::record(
            &mut c,
            &op(&t, &caregiver),
            child,
            &form("deposit", "1")
        ),
        Err(fuyu::error::AppError::Forbidden)
    ));
}
