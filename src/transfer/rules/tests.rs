use super::*;
use crate::org::InstitutionId;

#[test]
fn every_batch_transition_allowed_or_refused() {
    use BatchAction::*;
    use BatchState::*;
    // (from, action, side) → expected new state; everything not listed is refused.
    let allowed = [
        (Draft, Submit, Side::Sender, Submitted),
        (Returned, Submit, Side::Sender, Submitted),
        (Submitted, Accept, Side::Receiver, Accepted),
        (Submitted, Return, Side::Receiver, Returned),
        (Draft, Cancel, Side::Sender, Cancelled),
        (Submitted, Cancel, Side::Sender, Cancelled),
        (Returned, Cancel, Side::Sender, Cancelled),
        (Accepted, Complete, Side::Receiver, Completed),
    ];
    for &from in ALL_BATCH_STATES {
        for &action in ALL_BATCH_ACTIONS {
            for side in [Side::Sender, Side::Receiver] {
                let r = batch_transition(from, action, side, "reason", 3, 0);
                match allowed
                    .iter()
                    .find(|(f, a, s, _)| *f == from && *a == action && *s == side)
                {
                    Some((_, _, _, to)) => assert_eq!(r, Ok(*to), "{from:?} {action:?} {side:?}"),
                    None => assert!(r.is_err(), "{from:?} {action:?} {side:?} must be refused"),
                }
            }
        }
    }
}

#[test]
fn either_side_cancels_an_accepted_batch_unless_a_child_has_moved() {
    // Issue 10 point 13: an accepted batch is no longer stuck; a completed child's move is not undone.
    for side in [Side::Sender, Side::Receiver] {
        assert_eq!(
            batch_transition(
                BatchState::Accepted,
                BatchAction::Cancel,
                side,
                "儿童已被收养",
                2,
                2
            ),
            Ok(BatchState::Cancelled)
        );
        assert_eq!(
            batch_transition(BatchState::Accepted, BatchAction::Cancel, side, "", 2, 2),
            Err(Refusal::ReasonRequired)
        );
        assert_eq!(
            batch_transition(
                BatchState::Accepted,
                BatchAction::Cancel,
                side,
                "原因",
                2,
                1
            ),
            Err(Refusal::ChildrenCompleted)
        );
    }
}

#[test]
fn reasons_children_and_pending_children() {
    assert_eq!(
        batch_transition(
            BatchState::Submitted,
            BatchAction::Return,
            Side::Receiver,
            "  ",
            2,
            0
        ),
        Err(Refusal::ReasonRequired)
    );
    assert_eq!(
        batch_transition(
            BatchState::Draft,
            BatchAction::Cancel,
            Side::Sender,
            "",
            2,
            0
        ),
        Err(Refusal::ReasonRequired)
    );
    assert_eq!(
        batch_transition(
            BatchState::Draft,
            BatchAction::Submit,
            Side::Sender,
            "",
            0,
            0
        ),
        Err(Refusal::NoChildren)
    );
    assert_eq!(
        batch_transition(
            BatchState::Accepted,
            BatchAction::Complete,
            Side::Receiver,
            "",
            2,
            1
        ),
        Err(Refusal::ChildrenPending)
    );
    assert_eq!(
        batch_transition(
            BatchState::Submitted,
            BatchAction::Accept,
            Side::Sender,
            "",
            2,
            0
        ),
        Err(Refusal::WrongSide)
    );
    assert!(
        BatchState::Accepted.is_open()
            && !BatchState::Completed.is_open()
            && !BatchState::Cancelled.is_open()
    );
}

#[test]
fn every_item_transition_allowed_or_refused() {
    use ItemAction::*;
    use ItemState::*;
    let allowed = [
        (Pending, HandOver, Side::Sender, false, HandedOver),
        (Discrepancy, HandOver, Side::Sender, false, HandedOver),
        (HandedOver, Receive, Side::Receiver, false, Received),
        (Discrepancy, Receive, Side::Receiver, false, Received),
        (
            HandedOver,
            RecordDiscrepancy,
            Side::Receiver,
            false,
            Discrepancy,
        ),
        (Pending, Waive, Side::Receiver, true, Waived),
        (HandedOver, Waive, Side::Receiver, true, Waived),
        (Discrepancy, Waive, Side::Receiver, true, Waived),
    ];
    for &from in ALL_ITEM_STATES {
        for &action in ALL_ITEM_ACTIONS {
            for side in [Side::Sender, Side::Receiver] {
                for head in [false, true] {
                    let r = item_transition(BatchState::Accepted, from, action, side, head, "note");
                    let ok = allowed.iter().find(|(f, a, s, h, _)| {
                        *f == from && *a == action && *s == side && (*h == head || !*h)
                    });
                    match ok {
                        Some((_, _, _, _, to)) => {
                            assert_eq!(r, Ok(*to), "{from:?} {action:?} {side:?} head={head}")
                        }
                        None => assert!(
                            r.is_err(),
                            "{from:?} {action:?} {side:?} head={head} must be refused"
                        ),
                    }
                }
            }
        }
    }
    // A sender can never mark an item received; only the receiving head waives; notes are required.
    assert_eq!(
        item_transition(
            BatchState::Accepted,
            HandedOver,
            Receive,
            Side::Sender,
            true,
            ""
        ),
        Err(Refusal::WrongSide)
    );
    assert_eq!(
        item_transition(
            BatchState::Accepted,
            Pending,
            Waive,
            Side::Receiver,
            false,
            "x"
        ),
        Err(Refusal::WrongSide)
    );
    assert_eq!(
        item_transition(
            BatchState::Accepted,
            HandedOver,
            RecordDiscrepancy,
            Side::Receiver,
            false,
            " "
        ),
        Err(Refusal::ReasonRequired)
    );
    // Nothing moves outside an accepted batch.
    for b in [
        BatchState::Draft,
        BatchState::Submitted,
        BatchState::Returned,
        BatchState::Completed,
        BatchState::Cancelled,
    ] {
        assert_eq!(
            item_transition(b, Pending, HandOver, Side::Sender, false, "x"),
            Err(Refusal::WrongState)
        );
    }
}

#[test]
fn completion_needs_every_mandatory_item_and_no_discrepancy() {
    let item = |label, mandatory, state| ItemView {
        label,
        mandatory,
        state,
    };
    let ok = [
        item("child", true, ItemState::Received),
        item("hukou", true, ItemState::Waived),
        item("devices", false, ItemState::Pending),
    ];
    assert_eq!(ready_to_complete(&ok, 7, 8, false), Ok(()));
    let pending = [
        item("child", true, ItemState::HandedOver),
        item("devices", false, ItemState::Pending),
    ];
    assert_eq!(
        ready_to_complete(&pending, 7, 8, false),
        Err(vec![NotReady::Unconfirmed(vec!["child".into()])])
    );
    let disc = [
        item("child", true, ItemState::Received),
        item("devices", false, ItemState::Discrepancy),
    ];
    assert_eq!(
        ready_to_complete(&disc, 7, 8, false),
        Err(vec![NotReady::OpenDiscrepancies(vec!["devices".into()])])
    );
    // The child's opinion from age 8 inclusive (以上).
    assert_eq!(
        ready_to_complete(&ok, 8, 8, false),
        Err(vec![NotReady::OpinionMissing])
    );
    assert_eq!(ready_to_complete(&ok, 8, 8, true), Ok(()));
}

#[test]
fn hukou_moves_unless_a_reason_keeps_it() {
    assert_eq!(
        check_hukou(true, " 长春市二道区 ", ""),
        Ok(HukouDecision::Moved {
            new_place: "长春市二道区".into()
        })
    );
    assert_eq!(
        check_hukou(true, "", "x"),
        Err(HukouProblem::NewPlaceMissing)
    );
    assert_eq!(
        check_hukou(false, "", "保留承包地权益"),
        Ok(HukouDecision::Kept {
            reason: "保留承包地权益".into()
        })
    );
    assert_eq!(
        check_hukou(false, "x", " "),
        Err(HukouProblem::ReasonMissing)
    );
}

#[test]
fn amounts_in_whole_fen_never_negative() {
    assert_eq!(parse_amount_fen("1234.5"), Some(123_450));
    assert_eq!(parse_amount_fen("1,234.56"), Some(123_456));
    assert_eq!(parse_amount_fen("0"), Some(0));
    assert_eq!(parse_amount_fen("12"), Some(1200));
    for bad in [
        "-1",
        "+1",
        "abc",
        "1.234",
        "",
        ".5",
        "1e3",
        "１２",
        "9999999999999",
    ] {
        assert_eq!(parse_amount_fen(bad), None, "{bad}");
    }
    assert_eq!(format_fen(123_450), "1234.50");
    assert_eq!(format_fen(5), "0.05");
}

#[test]
fn overdue_and_default_receiver() {
    let d = |m, day| chrono::NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    assert!(
        !overdue(d(11, 23), d(11, 23), BatchState::Accepted),
        "due today is not overdue"
    );
    assert!(overdue(d(11, 22), d(11, 23), BatchState::Accepted));
    assert!(!overdue(d(11, 22), d(11, 23), BatchState::Completed));
    let insts = [
        (InstitutionId(1), "county-welfare", 10),
        (InstitutionId(2), "city-welfare", 20),
        (InstitutionId(3), "city-welfare", 30),
        (InstitutionId(4), "protection-centre", 20),
    ];
    assert_eq!(default_receiver(&insts, 20), Some(InstitutionId(2)));
    assert_eq!(default_receiver(&insts, 99), None);
    assert!(DEFAULT_ITEMS.iter().filter(|(_, m)| *m).count() >= 8);
}

#[test]
fn allowance_months_are_year_dash_month() {
    assert_eq!(parse_month("2027-01"), NaiveDate::from_ymd_opt(2027, 1, 1));
    assert_eq!(
        parse_month(" 2026-12 "),
        NaiveDate::from_ymd_opt(2026, 12, 1)
    );
    for bad in [
        "2027-13",
        "2027-00",
        "2027-1",
        "27-01",
        "2027/01",
        "2027-01-01",
        "",
        "二〇二七年一月",
    ] {
        assert_eq!(parse_month(bad), None, "{bad}");
    }
}

#[test]
fn the_child_in_person_is_never_waived() {
    assert!(!waivable("child-in-person"));
    assert!(waivable("hukou"));
    assert!(waivable("doc-12"));
}
