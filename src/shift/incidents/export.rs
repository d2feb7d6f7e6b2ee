//! The incident register as CSV or XLSX (issue 17 point 6) through the shared export pattern
//! (`platform::export`): the page's filters applied, the download audited, staff-involved incidents
//! only for the head and the supervisor (the same `readable` scope as the page).

use super::handlers::{kind_label, local_text};
use super::Incident;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::platform::export::{self, Cell, ColumnKind, Table};
use crate::platform::Op;

/// One sheet of the incidents given (already scoped and filtered by the caller).
pub fn table(c: &mut DbConn, op: &Op<'_>, rows: &[Incident]) -> AppResult<Table> {
    let tr = op.tr;
    let ids: Vec<i64> = rows.iter().map(|i| i.id).collect();
    let pairs = super::children_of_many(c, &ids)?;
    let kids: Vec<crate::archive::ChildId> =
        pairs.iter().map(|p| crate::archive::ChildId(p.1)).collect();
    let names = crate::archive::summaries(c, &kids)?;
    let users = crate::auth::model::list(c)?;
    let user = |id: i64| {
        users
            .iter()
            .find(|u| i64::from(u.id) == id)
            .map_or(String::new(), |u| u.display_name.clone())
    };
    let mut t = Table::new(tr.t("shift.incidents"))
        .column(tr.t("shift.export.number"), ColumnKind::Int)
        .column(tr.t("shift.f.incident_kind"), ColumnKind::Text)
        .column(tr.t("shift.f.occurred"), ColumnKind::Text)
        .column(tr.t("shift.f.place"), ColumnKind::Text)
        .column(tr.t("shift.f.children"), ColumnKind::Text)
        .column(tr.t("shift.f.staff"), ColumnKind::Text)
        .column(tr.t("shift.f.serious"), ColumnKind::Text)
        .column(tr.t("shift.incident_recorded"), ColumnKind::Text)
        .column(tr.t("shift.incident_reviewed"), ColumnKind::Text)
        .column(tr.t("shift.reports"), ColumnKind::Text);
    for i in rows {
        let children = pairs
            .iter()
            .filter(|p| p.0 == i.id)
            .filter_map(|p| {
                crate::archive::summary_of(&names, crate::archive::ChildId(p.1))
                    .map(|s| format!("{}（{}）", s.legal_name, s.archive_no))
            })
            .collect::<Vec<_>>()
            .join("、");
        let staff = super::staff_of(c, i.id)?
            .into_iter()
            .map(user)
            .collect::<Vec<_>>()
            .join("、");
        let reports = super::reports::of_incident(c, i.id)?
            .into_iter()
            .map(|r| {
                let st = r.state(op.now);
                format!(
                    "{}：{}",
                    r.recipient,
                    tr.t(&format!("shift.report_state.{}", st.code()))
                )
            })
            .collect::<Vec<_>>()
            .join("；");
        t.row(vec![
            Cell::Int(i.id),
            Cell::text(kind_label(op, i.kind)),
            Cell::text(local_text(i.occurred_at)),
            Cell::text(i.place.clone()),
            Cell::text(children),
            Cell::text(staff),
            Cell::text(if i.serious { "✓" } else { "" }),
            Cell::text(format!(
                "{} {}",
                user(i.recorded_by),
                local_text(i.recorded_at)
            )),
            Cell::text(match (i.reviewed_by, i.reviewed_at) {
                (Some(u), Some(at)) => format!("{} {}", user(u), local_text(at)),
                _ => String::new(),
            }),
            Cell::text(reports),
        ]);
    }
    Ok(t)
}

/// The download, audited with the filter used.
pub fn download(
    c: &mut DbConn,
    op: &Op<'_>,
    format: export::Format,
    rows: &[Incident],
    filter: &str,
) -> AppResult<(Table, export::Format)> {
    let t = table(c, op, rows)?;
    crate::audit::record_alone(
        c,
        op.now,
        op.actor,
        &export::audit_event(
            "shift_incidents",
            &format!("incidents.{}", format.extension()),
            filter,
        ),
    )?;
    Ok((t, format))
}
