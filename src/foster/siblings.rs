//! A child's siblings (兄弟姐妹) as a reader may see them, and removing a wrong link (issue 12 point 4
//! follow-up). The links are the archive's (`crate::archive::{siblings, direct_siblings,
//! link_siblings, unlink_siblings}`); this module records them for matching, so it also corrects them
//! and shows them: on its siblings page and as a panel on the archive page's overview
//! (`SIBLINGS_PANEL`, registered in `crate::modules::CHILD_PANELS`).
//!
//! Scope (decision, docs/foster.md): a sibling's name and archive number are shown only to a reader
//! who may open that child's archive — in their scope and its basic section (基本信息) not hidden from
//! them by a restriction (e.g. an adopted sibling's secrecy, ADP-26). Otherwise the line says "a
//! sibling in another institution" (the sibling is outside the reader's scope) or "a sibling whose
//! archive is restricted", with neither name nor number. Reading the page is audited as a view of the
//! child; removing a link needs `ActOnFoster` (who may record may remove) and a reason.

use crate::archive::ChildId;
use crate::auth::Action;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::module::{ChildPanel, FactSubject, PanelLine};
use crate::platform::Op;

/// One sibling as this reader may see it.
#[derive(Debug, Clone)]
pub struct ShownSibling {
    /// The sibling's archive page, when the reader may open it.
    pub href: Option<String>,
    /// Name and archive number, or the catalogue text that says why they are withheld.
    pub text: String,
    /// The direct link's id, when this sibling is linked directly (a link that may be removed).
    pub link: Option<i64>,
}

/// The siblings of `child` (in the reader's scope, 404 otherwise) as `op.user` may see them: the whole
/// group (links through another sibling included), direct links marked.
pub fn shown(c: &mut DbConn, op: &Op<'_>, child: ChildId) -> AppResult<Vec<ShownSibling>> {
    crate::archive::load_in_scope(c, op.user, child)?;
    shown_of_loaded(c, op, child)
}

/// [`shown`] for a child already read through the reader's scope.
fn shown_of_loaded(c: &mut DbConn, op: &Op<'_>, child: ChildId) -> AppResult<Vec<ShownSibling>> {
    let direct = crate::archive::direct_siblings(c, child)?;
    let mut out = Vec::new();
    for s in crate::archive::siblings(c, child)? {
        let link = direct.iter().find(|(_, o)| *o == s.id).map(|(l, _)| *l);
        let visible = match crate::archive::load_in_scope(c, op.user, s.id) {
            Ok(_) => {
                Some(!crate::archive::section_access(c, s.id, &op.user.role, false)?.hides("basic"))
            }
            Err(AppError::NotFound) => None,
            Err(e) => return Err(e),
        };
        let (href, text) = match visible {
            Some(true) => (
                Some(format!("/children/{}", s.id)),
                format!("{} · {}", s.legal_name, s.archive_no),
            ),
            Some(false) => (None, op.tr.t("foster.sibling_restricted").to_string()),
            None => (None, op.tr.t("foster.sibling_elsewhere").to_string()),
        };
        out.push(ShownSibling { href, text, link });
    }
    Ok(out)
}

/// Remove a wrong direct link of `child`, with the reason (required: `None` when empty), in one write
/// transaction with its audit rows.
pub fn remove(
    c: &mut DbConn,
    op: &Op<'_>,
    child: ChildId,
    link: i64,
    reason: &str,
) -> AppResult<()> {
    crate::db::write_tx(c, |c| {
        crate::archive::unlink_siblings(c, op, child, link, reason)
    })
}

/// The siblings panel on the archive page's overview.
pub const SIBLINGS_PANEL: ChildPanel = ChildPanel {
    id: "siblings",
    label: "foster.siblings",
    // Every reader of the archive in scope (a caregiver too); the archive's own page view is audited.
    action: Action::ViewChildren,
    href: siblings_href,
    open: "foster.siblings_open",
    lines,
};

pub fn siblings_href(child: i64) -> String {
    format!("/foster/siblings/{child}")
}

fn lines(c: &mut DbConn, op: &Op<'_>, s: &FactSubject<'_>) -> AppResult<Option<Vec<PanelLine>>> {
    // The page read the child through the reader's scope (or it is checked here).
    crate::archive::subject_in_scope(c, op.user, s)?;
    let all = shown_of_loaded(c, op, ChildId(s.child_id))?;
    if all.is_empty() {
        return Ok(None);
    }
    Ok(Some(
        all.into_iter()
            .map(|x| PanelLine {
                label: op.tr.t("foster.sibling").to_string(),
                value: x.text,
                warn: false,
            })
            .collect(),
    ))
}
