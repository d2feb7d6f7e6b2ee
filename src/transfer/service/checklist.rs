//! Checklist templates in the database and the checklist generated from them for each child.
//! Item labels are copied in Chinese when the checklist is made: the checklist is part of the legal
//! handover record (移交清单), so a later catalogue or template change never rewrites it.

use super::super::rules::template::{self, TemplateItem};
use super::super::rules::{BatchState, ItemState};
use crate::archive::ChildId;
use crate::db::schema::{
    transfer_batches as tb, transfer_children as tc, transfer_items as ti,
    transfer_templates as tt, users,
};
use crate::db::DbConn;
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// One stored template version, for the admin page.
#[derive(Debug, Clone)]
pub struct Version {
    pub version: i32,
    pub items: Vec<TemplateItem>,
    pub note: String,
    pub created_at: NaiveDateTime,
    pub created_by: String,
    /// Batches created on (or moved to) this version.
    pub batches: i64,
}

fn parse(json: &str) -> QueryResult<Vec<TemplateItem>> {
    serde_json::from_str(json).map_err(|e| {
        diesel::result::Error::DeserializationError(
            Box::new(e) as Box<dyn std::error::Error + Send + Sync>
        )
    })
}

/// Seed checklist template version 1 (the default items) when there is none.
pub fn ensure_default(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<()> {
    let n: i64 = tt::table.count().get_result(conn)?;
    if n == 0 {
        let json = serde_json::to_string(&template::default_items())
            .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
        diesel::insert_into(tt::table)
            .values((
                tt::version.eq(1),
                tt::items.eq(json),
                tt::created_at.eq(now),
                tt::note.eq(""),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The newest version and its lines.
pub fn latest(conn: &mut DbConn) -> QueryResult<(i32, Vec<TemplateItem>)> {
    let (v, json): (i32, String) = tt::table
        .order(tt::version.desc())
        .select((tt::version, tt::items))
        .first(conn)?;
    Ok((v, parse(&json)?))
}

/// The lines of one version.
pub fn version(conn: &mut DbConn, version: i32) -> QueryResult<Vec<TemplateItem>> {
    let json: String = tt::table
        .filter(tt::version.eq(version))
        .select(tt::items)
        .first(conn)?;
    parse(&json)
}

/// Every version, newest first, with who made it and how many batches use it.
pub fn history(conn: &mut DbConn) -> QueryResult<Vec<Version>> {
    let rows: Vec<(i32, String, String, NaiveDateTime, Option<String>)> = tt::table
        .left_join(users::table)
        .order(tt::version.desc())
        .select((
            tt::version,
            tt::items,
            tt::note,
            tt::created_at,
            users::display_name.nullable(),
        ))
        .load(conn)?;
    let counts: Vec<(i32, i64)> = tb::table
        .group_by(tb::template_version)
        .select((tb::template_version, diesel::dsl::count_star()))
        .load(conn)?;
    rows.into_iter()
        .map(|(v, json, note, at, by)| {
            Ok(Version {
                version: v,
                items: parse(&json)?,
                note,
                created_at: at,
                created_by: by.unwrap_or_default(),
                batches: counts
                    .iter()
                    .find(|(cv, _)| *cv == v)
                    .map(|(_, n)| *n)
                    .unwrap_or(0),
            })
        })
        .collect()
}

/// Write the checklist of one child in a batch: the template's lines in order, with one line per
/// current archive document right after "the child in person" (TRF-03; §3 the archive moves with the
/// child). Labels are taken in Chinese.
pub fn generate(
    c: &mut DbConn,
    tcid: i64,
    child_id: ChildId,
    items: &[TemplateItem],
    now: NaiveDateTime,
) -> QueryResult<()> {
    let zh = crate::platform::catalogue(crate::platform::Lang::Zh);
    let docs = crate::archive::documents(c, child_id)?;
    let mut rows: Vec<(String, String, bool, Option<i64>)> = Vec::new();
    for it in items {
        rows.push((it.code.clone(), it.label_in(zh), it.mandatory, None));
        if it.code == "child-in-person" {
            for d in docs.iter().filter(|d| d.superseded_by.is_none()) {
                rows.push((
                    "document".into(),
                    format!("{} · {}", zh.t(&format!("section.{}", d.section)), d.title),
                    true,
                    Some(d.id),
                ));
            }
        }
    }
    for (code, label, mandatory, doc) in rows {
        diesel::insert_into(ti::table)
            .values((
                ti::transfer_child_id.eq(tcid),
                ti::code.eq(code),
                ti::label.eq(label),
                ti::mandatory.eq(mandatory),
                ti::document_id.eq(doc),
                ti::state.eq(ItemState::Pending),
                ti::sender_note.eq(""),
                ti::quantity.eq(""),
                ti::receiver_note.eq(""),
                ti::updated_at.eq(now),
                ti::version.eq(1),
            ))
            .execute(c)?;
    }
    Ok(())
}

/// Store the next version (call inside the admin's write transaction, after checking `based_on` is still
/// the newest). Draft batches — never seen by the receiver, no item touched — move to the new version and
/// their checklists are made again; submitted, accepted, returned and finished batches keep theirs.
/// Returns the new version number and how many draft batches moved.
pub fn store_next(
    c: &mut DbConn,
    items: &[TemplateItem],
    note: &str,
    by: crate::auth::UserId,
    now: NaiveDateTime,
) -> QueryResult<(i32, usize)> {
    let (latest, _) = latest(c)?;
    let next = latest + 1;
    let json = serde_json::to_string(items)
        .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
    diesel::insert_into(tt::table)
        .values((
            tt::version.eq(next),
            tt::items.eq(json),
            tt::note.eq(note),
            tt::created_by.eq(Some(by)),
            tt::created_at.eq(now),
        ))
        .execute(c)?;
    let draft = BatchState::Draft;
    let kids: Vec<(i64, ChildId)> = tc::table
        .inner_join(tb::table)
        .filter(tb::state.eq(draft))
        .select((tc::id, tc::child_id))
        .load(c)?;
    for (tcid, child) in kids {
        diesel::delete(ti::table.filter(ti::transfer_child_id.eq(tcid))).execute(c)?;
        generate(c, tcid, child, items, now)?;
    }
    let moved = diesel::update(tb::table.filter(tb::state.eq(draft)))
        .set(tb::template_version.eq(next))
        .execute(c)?;
    Ok((next, moved))
}

fn document_label(zh: &crate::platform::Catalogue, d: &crate::archive::Document) -> String {
    format!("{} · {}", zh.t(&format!("section.{}", d.section)), d.title)
}

/// Bring a child's document lines up to the archive's current documents (issue 10 point 17): a document
/// filed after the child was added gets its line, and an untouched line of a document that was since
/// replaced is dropped. Called while the list is still open — the sender's drafts and returned batches
/// when viewed, and on submission and on acceptance — so the list the receiver accepts is the archive as
/// it is then. Returns how many lines changed.
pub fn sync_documents(
    c: &mut DbConn,
    tcid: i64,
    child_id: ChildId,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let zh = crate::platform::catalogue(crate::platform::Lang::Zh);
    let current: Vec<crate::archive::Document> = crate::archive::documents(c, child_id)?
        .into_iter()
        .filter(|d| d.superseded_by.is_none())
        .collect();
    let lines: Vec<(i64, Option<i64>, ItemState)> = ti::table
        .filter(ti::transfer_child_id.eq(tcid))
        .filter(ti::code.eq("document"))
        .select((ti::id, ti::document_id, ti::state))
        .load(c)?;
    let mut changed = 0;
    for (id, doc, state) in &lines {
        let gone = doc.is_some_and(|d| !current.iter().any(|k| k.id == d));
        if gone && *state == ItemState::Pending {
            changed += diesel::delete(ti::table.find(*id)).execute(c)?;
        }
    }
    for d in current
        .iter()
        .filter(|d| !lines.iter().any(|(_, l, _)| *l == Some(d.id)))
    {
        changed += diesel::insert_into(ti::table)
            .values((
                ti::transfer_child_id.eq(tcid),
                ti::code.eq("document"),
                ti::label.eq(document_label(zh, d)),
                ti::mandatory.eq(true),
                ti::document_id.eq(Some(d.id)),
                ti::state.eq(ItemState::Pending),
                ti::sender_note.eq(""),
                ti::quantity.eq(""),
                ti::receiver_note.eq(""),
                ti::updated_at.eq(now),
                ti::version.eq(1),
            ))
            .execute(c)?;
    }
    Ok(changed)
}

/// [`sync_documents`] for every pending child of a batch.
pub fn sync_batch(
    c: &mut DbConn,
    batch: crate::transfer::model::BatchId,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let kids: Vec<(i64, ChildId)> = tc::table
        .filter(tc::batch_id.eq(batch))
        .filter(tc::state.eq(super::HandoverState::Pending))
        .select((tc::id, tc::child_id))
        .load(c)?;
    let mut n = 0;
    for (tcid, child) in kids {
        n += sync_documents(c, tcid, child, now)?;
    }
    Ok(n)
}

/// What changed in the child's archive documents since the list was fixed at acceptance (issue 10
/// point 17): documents filed since (their labels) and lines whose document was since replaced.
pub fn changes_since_fixed(
    c: &mut DbConn,
    tcid: i64,
    child_id: ChildId,
) -> QueryResult<(Vec<String>, Vec<i64>)> {
    let zh = crate::platform::catalogue(crate::platform::Lang::Zh);
    let current: Vec<crate::archive::Document> = crate::archive::documents(c, child_id)?
        .into_iter()
        .filter(|d| d.superseded_by.is_none())
        .collect();
    let lines: Vec<(i64, Option<i64>)> = ti::table
        .filter(ti::transfer_child_id.eq(tcid))
        .filter(ti::code.eq("document"))
        .select((ti::id, ti::document_id))
        .load(c)?;
    // A document filed in a restricted section is named by its section only (issue 10 point 1).
    let withheld = crate::archive::withheld_documents(c, child_id)?;
    let added = current
        .iter()
        .filter(|d| !lines.iter().any(|(_, l)| *l == Some(d.id)))
        .map(|d| {
            crate::archive::withheld_label(zh, &withheld, Some(d.id))
                .unwrap_or_else(|| document_label(zh, d))
        })
        .collect();
    let removed = lines
        .iter()
        .filter(|(_, l)| l.is_some_and(|l| !current.iter().any(|d| d.id == l)))
        .map(|(id, _)| *id)
        .collect();
    Ok((added, removed))
}
