//! The list's kept totals and the index tables behind the search (issue 11): `child_counts` agrees with
//! counting after intake, discharge and transfer; `child_name_chars` agrees with every child's names
//! and institution; each archive-number shape and a name in characters find the child they should,
//! and nothing outside the scope.

use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::db::schema::{child_counts, child_name_chars, children, institutions};
use std::collections::{BTreeMap, BTreeSet};

fn token(v: (u16, serde_json::Value)) -> String {
    assert_eq!(v.0, 200, "login: {}", v.1);
    v.1["token"].as_str().unwrap().to_string()
}

/// Kept totals and counted totals, per (institution, status); zero rows are dropped.
/// Children per (institution, status).
type Totals = BTreeMap<(i64, String), i64>;
/// (gram, institution, child).
type Grams = BTreeSet<(String, i64, i64)>;

fn totals(t: &TestApp) -> (Totals, Totals) {
    let mut c = t.conn();
    let kept: Vec<(i64, String, i64)> = child_counts::table
        .select((
            child_counts::institution_id,
            child_counts::status,
            child_counts::n,
        ))
        .load(&mut c)
        .unwrap();
    let rows: Vec<(i64, String)> = children::table
        .select((children::institution_id, children::status))
        .load(&mut c)
        .unwrap();
    let mut counted = BTreeMap::new();
    for r in rows {
        *counted.entry(r).or_insert(0) += 1;
    }
    let kept = kept
        .into_iter()
        .filter(|r| r.2 != 0)
        .map(|(i, s, n)| ((i, s), n))
        .collect();
    (kept, counted)
}

/// Every child's indexed characters, as the table holds them and as its names say.
fn name_rows(t: &TestApp) -> (Grams, Grams) {
    let mut c = t.conn();
    let held: Grams = child_name_chars::table
        .select((
            child_name_chars::ch,
            child_name_chars::institution_id,
            child_name_chars::child_id,
        ))
        .load(&mut c)
        .unwrap()
        .into_iter()
        .collect();
    let kids: Vec<(i64, i64, String, String)> = children::table
        .select((
            children::id,
            children::institution_id,
            children::legal_name,
            children::former_names,
        ))
        .load(&mut c)
        .unwrap();
    let mut want = BTreeSet::new();
    for (id, inst, name, former) in kids {
        // Characters beyond ASCII, and neighbouring pairs of them within the name or the former names.
        let ok = |c: char| (c as u32) > 126 && !c.is_whitespace();
        for part in [&name, &former] {
            let cs: Vec<char> = part.chars().collect();
            for (i, c) in cs.iter().enumerate() {
                if ok(*c) {
                    want.insert((c.to_string(), inst, id));
                    if let Some(n) = cs.get(i + 1).filter(|n| ok(**n)) {
                        want.insert((format!("{c}{n}"), inst, id));
                    }
                }
            }
        }
    }
    (held, want)
}

#[actix_web::test]
async fn kept_totals_and_name_characters_follow_every_change() {
    let t = TestApp::new();
    let (kept, counted) = totals(&t);
    assert!(!counted.is_empty());
    assert_eq!(kept, counted, "after the demo data");
    let (held, want) = name_rows(&t);
    assert!(!want.is_empty());
    assert_eq!(held, want, "name characters after the demo data");

    // A discharge through the archive's interface (as adoption and adulthood call it).
    let w = who(&t, "head.cc");
    let cc: i64 = institutions::table
        .filter(institutions::code.eq("CC-CWI"))
        .select(institutions::id)
        .first(&mut t.conn())
        .unwrap();
    let child: i64 = children::table
        .filter(children::institution_id.eq(cc))
        .filter(children::status.eq("active"))
        .select(children::id)
        .first(&mut t.conn())
        .unwrap();
    let day = fuyu::clock::Clock::today(t.clock.as_ref());
    let done = fuyu::archive::discharge(
        &mut t.conn(),
        &op(&t, &w),
        fuyu::archive::ChildId(child),
        "guardianship-restored",
        day,
        "",
    )
    .unwrap();
    assert!(done.is_ok(), "{done:?}");
    let (kept, counted) = totals(&t);
    assert_eq!(kept, counted, "after a discharge");

    // The list's total is the kept one and agrees with the rows behind it.
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let tok = token(api_token(&app, "head.cc", fuyu::demo::DEMO_PASSWORD).await);
    let (s, v) = api_get(&app, "/api/v1/children?per_page=1", &tok).await;
    assert_eq!(s, 200, "{v}");
    let active = counted
        .get(&(cc, "active".to_string()))
        .copied()
        .unwrap_or(0);
    assert!(active > 1);
    assert_eq!(v["total"], active, "{v}");
}

/// The migration fills both tables for children that exist before it (an upgrade), by the same rules
/// the triggers and the archive keep afterwards: revert it on the demo data and run it again.
#[actix_web::test]
async fn the_migration_fills_totals_and_name_grams_for_existing_children() {
    use diesel::migration::MigrationSource;
    use diesel_migrations::MigrationHarness;
    use fuyu::db::DbConn;
    let t = TestApp::new();
    let before = (totals(&t), name_rows(&t));
    {
        let mut c = t.conn();
        match &mut *c {
            DbConn::Sqlite(s) => {
                let all = MigrationSource::<diesel::sqlite::Sqlite>::migrations(
                    &fuyu::db::SQLITE_MIGRATIONS,
                )
                .unwrap();
                let m = all
                    .iter()
                    .find(|m| m.name().to_string().contains("000800"))
                    .unwrap();
                s.revert_migration(&**m).unwrap();
                s.run_migration(&**m).unwrap();
            }
            DbConn::Pg(p) => {
                let all = MigrationSource::<diesel::pg::Pg>::migrations(&fuyu::db::PG_MIGRATIONS)
                    .unwrap();
                let m = all
                    .iter()
                    .find(|m| m.name().to_string().contains("000800"))
                    .unwrap();
                p.revert_migration(&**m).unwrap();
                p.run_migration(&**m).unwrap();
            }
        }
    }
    let after = (totals(&t), name_rows(&t));
    assert_eq!(after.0 .0, after.0 .1, "kept totals after the backfill");
    assert_eq!(after.1 .0, after.1 .1, "name grams after the backfill");
    assert_eq!(before.1 .0, after.1 .0);
}

#[actix_web::test]
async fn names_and_archive_numbers_are_found_by_every_shape_within_the_scope() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let tok = token(api_token(&app, "head.cc", fuyu::demo::DEMO_PASSWORD).await);
    let cc: i64 = institutions::table
        .filter(institutions::code.eq("CC-CWI"))
        .select(institutions::id)
        .first(&mut t.conn())
        .unwrap();
    let (id, archive_no, name): (i64, String, String) = children::table
        .filter(children::institution_id.eq(cc))
        .filter(children::status.eq("active"))
        .order(children::id.desc())
        .select((children::id, children::archive_no, children::legal_name))
        .first(&mut t.conn())
        .unwrap();
    let found = |v: &serde_json::Value| -> Vec<i64> {
        v["children"]
            .as_array()
            .or(v["items"].as_array())
            .unwrap_or_else(|| panic!("no list in {v}"))
            .iter()
            .map(|c| c["id"].as_i64().unwrap())
            .collect()
    };
    let search = |q: String| {
        let tok = tok.clone();
        let app = &app;
        async move {
            let uri = format!("/api/v1/children?per_page=200&q={}", urlencoding(&q));
            let (s, v) = api_get(app, &uri, &tok).await;
            assert_eq!(s, 200, "{q}: {v}");
            (v.clone(), found(&v))
        }
    };
    // The archive number: whole, from the year, the bare sequence (with and without zeros).
    let year_on = archive_no.splitn(3, '-').nth(2).unwrap().to_string(); // CC-CWI-2026-00017 → 2026-00017
    let year_on = if year_on.starts_with(char::is_numeric) {
        year_on
    } else {
        archive_no[archive_no.len() - 10..].to_string()
    };
    let seq = archive_no[archive_no.len() - 5..].to_string();
    let bare = seq.trim_start_matches('0').to_string();
    for q in [
        archive_no.clone(),
        year_on.clone(),
        seq.clone(),
        bare.clone(),
    ] {
        let (v, ids) = search(q.clone()).await;
        assert!(ids.contains(&id), "{q} should find {archive_no}: {v}");
        assert_eq!(v["total"].as_i64().unwrap(), ids.len() as i64, "{q}: {v}");
    }
    // A prefix that is not this child's number does not find it.
    let (_, ids) = search(format!("{archive_no}9")).await;
    assert!(!ids.contains(&id));
    // The name: whole, one character; a character it lacks does not find it.
    let (_, ids) = search(name.clone()).await;
    assert!(ids.contains(&id), "{name}");
    let first: String = name.chars().next().unwrap().to_string();
    let (v, ids) = search(first.clone()).await;
    assert!(ids.contains(&id), "{first}");
    assert_eq!(v["total"].as_i64().unwrap(), ids.len() as i64);
    let (_, ids) = search(format!("{name}鑫")).await;
    assert!(!ids.contains(&id));
    // Nothing outside the scope: every hit for a common character is CC-CWI's.
    let (_, ids) = search(first).await;
    let outside: i64 = children::table
        .filter(children::id.eq_any(&ids))
        .filter(children::institution_id.ne(cc))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(outside, 0);
}

fn urlencoding(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
