//! The one-person plan (一人一案) as a PDF for the approving department and the file: the young person,
//! the placing authority, the latest assessment's conclusion and wishes, the pathway, steps, responsible
//! bodies, money, and the state of approval (未完成 until approved), with signature boxes.

use super::service::Young;
use crate::pdf::{Block, Document};
use crate::platform::Catalogue;

pub fn plan_document(y: &Young, tr: &Catalogue) -> Document {
    let mut d = Document::for_reader(tr.t("adulthood.plan"), tr);
    d.push(Block::Title(tr.t("adulthood.plan").to_string()));
    d.push(Block::Centered(format!(
        "{} {}",
        y.child.legal_name, y.child.archive_no
    )));
    let approved = y
        .plan
        .as_ref()
        .is_some_and(|p| p.state == super::model::PlanState::Approved);
    if !approved {
        d.push(Block::Banner(
            tr.t("adulthood.pdf.not_approved").to_string(),
        ));
    }
    d.push(Block::KeyValues(vec![
        (tr.t("adulthood.institution").into(), y.institution.clone()),
        (
            tr.t("adulthood.adult_on").into(),
            y.clock.adult_on.to_string(),
        ),
        (tr.t("adulthood.authority").into(), y.authority_name.clone()),
    ]));
    if let Some(a) = &y.assessment {
        d.push(Block::Heading(tr.t("adulthood.assessment").to_string()));
        d.push(Block::KeyValues(vec![
            (
                tr.t("adulthood.field.assessed_on").into(),
                a.assessed_on.to_string(),
            ),
            (tr.t("adulthood.field.wishes").into(), a.wishes.clone()),
            (
                tr.t("adulthood.field.conclusion").into(),
                a.conclusion.clone(),
            ),
        ]));
    }
    if let Some(p) = &y.plan {
        d.push(Block::Heading(tr.t("adulthood.plan").to_string()));
        d.push(Block::KeyValues(vec![
            (
                tr.t("adulthood.field.pathway").into(),
                tr.t(&format!("adulthood.pathway.{}", p.pathway.code()))
                    .into(),
            ),
            (tr.t("adulthood.field.steps").into(), p.steps.clone()),
            (
                tr.t("adulthood.field.responsible_bodies").into(),
                p.responsible_bodies.clone(),
            ),
            (
                tr.t("adulthood.field.placement_on").into(),
                p.placement_on.to_string(),
            ),
            (
                tr.t("adulthood.field.transition_subsidy_yuan").into(),
                p.transition_subsidy_yuan.to_string(),
            ),
            (
                tr.t("adulthood.field.settlement_yuan").into(),
                p.settlement_yuan.to_string(),
            ),
            (
                tr.t("adulthood.field.rent_support_yuan").into(),
                p.rent_support_yuan.to_string(),
            ),
            (
                tr.t("field.status").into(),
                tr.t(&format!("adulthood.plan_state.{}", p.state.code()))
                    .into(),
            ),
            (
                tr.t("adulthood.field.comment").into(),
                p.decision_comment.clone(),
            ),
        ]));
    }
    d.push(Block::Signatures(vec![
        y.institution.clone(),
        tr.t("adulthood.pdf.department").to_string(),
    ]));
    d
}
