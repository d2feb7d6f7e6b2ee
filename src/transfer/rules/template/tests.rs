use super::*;

fn rows(items: &[TemplateItem]) -> Vec<EditLine> {
    items
        .iter()
        .enumerate()
        .map(|(i, t)| EditLine {
            code: t.code.clone(),
            label: t.label.clone(),
            mandatory: t.mandatory,
            remove: false,
            order: (i * 10).to_string(),
        })
        .collect()
}

fn new_line(label: &str, mandatory: bool, order: &str) -> EditLine {
    EditLine {
        label: label.into(),
        mandatory,
        order: order.into(),
        ..EditLine::default()
    }
}

#[test]
fn the_unchanged_form_is_refused_as_no_change() {
    let cur = default_items();
    assert_eq!(
        next_version(&cur, &rows(&cur)),
        Err(vec![(None, Problem::Unchanged)])
    );
}

#[test]
fn a_new_line_gets_the_next_custom_code_and_its_place() {
    let cur = default_items();
    let mut form = rows(&cur);
    form.push(new_line("  学习用品  ", true, "15"));
    form.push(new_line("", false, "")); // blank row ignored
    let next = next_version(&cur, &form).unwrap();
    assert_eq!(next.len(), cur.len() + 1);
    assert_eq!(
        next[2],
        TemplateItem {
            code: "custom-1".into(),
            mandatory: true,
            label: "学习用品".into()
        }
    );
    // Numbering continues after the highest custom code, even after one was removed.
    let mut again = rows(&next);
    again.retain(|l| l.code != "custom-1");
    again.push(new_line("玩具", false, "999"));
    let v3 = next_version(&next, &again).unwrap();
    assert_eq!(v3.last().unwrap().code, "custom-2");
    assert!(!v3.iter().any(|i| i.code == "custom-1"));
}

#[test]
fn optional_lines_may_be_removed_made_optional_or_moved() {
    let cur = default_items();
    let mut form = rows(&cur);
    for l in form.iter_mut() {
        match l.code.as_str() {
            "id-card" => l.remove = true,
            // 学籍 is a required line since issue 10 point 19; a mandatory line that is not required:
            "diagnoses-and-medicines" => l.mandatory = false,
            "psychological-preparation" => l.order = "-1".into(),
            _ => {}
        }
    }
    let next = next_version(&cur, &form).unwrap();
    assert!(!next.iter().any(|i| i.code == "id-card"));
    assert!(
        !next
            .iter()
            .find(|i| i.code == "diagnoses-and-medicines")
            .unwrap()
            .mandatory
    );
    assert_eq!(next[0].code, "psychological-preparation");
}

#[test]
fn required_lines_can_be_neither_removed_nor_made_optional_nor_left_out() {
    let cur = default_items();
    for code in REQUIRED_ITEMS {
        let mut removed = rows(&cur);
        let row = removed.iter().position(|l| l.code == code).unwrap();
        removed[row].remove = true;
        assert_eq!(
            next_version(&cur, &removed),
            Err(vec![(Some(row), Problem::Required)]),
            "{code}"
        );
        let mut optional = rows(&cur);
        optional[row].mandatory = false;
        assert_eq!(
            next_version(&cur, &optional),
            Err(vec![(Some(row), Problem::Required)])
        );
        let mut missing = rows(&cur);
        missing.remove(row);
        assert_eq!(
            next_version(&cur, &missing),
            Err(vec![(None, Problem::Required)])
        );
    }
}

#[test]
fn labels_are_checked_and_every_problem_is_reported_by_row() {
    let cur = default_items();
    let mut form = rows(&cur);
    let n = form.len();
    form.push(new_line(&"长".repeat(MAX_LABEL + 1), false, ""));
    form.push(new_line(&"长".repeat(MAX_LABEL), false, "")); // exactly the limit is fine
    form.push(new_line("乐器\u{7}", false, ""));
    form.push(new_line("相册", false, ""));
    form.push(new_line("相册", false, "x"));
    let got = next_version(&cur, &form).unwrap_err();
    assert_eq!(
        got,
        vec![
            (Some(n), Problem::LabelTooLong),
            (Some(n + 2), Problem::LabelControlChars),
            (Some(n + 4), Problem::OrderNotNumber),
            (Some(n + 4), Problem::DuplicateLabel),
        ]
    );
}

#[test]
fn unknown_codes_too_many_lines_and_an_empty_template_are_refused() {
    let cur = default_items();
    let mut form = rows(&cur);
    form[1].code = "not-a-line".into();
    assert!(next_version(&cur, &form)
        .unwrap_err()
        .contains(&(Some(1), Problem::UnknownCode)));
    let mut many = rows(&cur);
    for i in 0..MAX_LINES {
        many.push(new_line(&format!("物品{i}"), false, ""));
    }
    assert!(next_version(&cur, &many)
        .unwrap_err()
        .contains(&(None, Problem::TooMany)));
    let mut exactly = rows(&cur);
    for i in 0..(MAX_LINES - cur.len()) {
        exactly.push(new_line(&format!("物品{i}"), false, ""));
    }
    assert_eq!(next_version(&cur, &exactly).unwrap().len(), MAX_LINES);
    assert!(next_version(&[], &[])
        .unwrap_err()
        .contains(&(None, Problem::Empty)));
}

#[test]
fn a_built_in_line_keeps_its_catalogue_label_whatever_was_typed() {
    let cur = default_items();
    let mut form = rows(&cur);
    form[2].label = "改名".into();
    form[2].mandatory = !form[2].mandatory;
    let next = next_version(&cur, &form).unwrap();
    assert_eq!(next[2].label, "");
    let zh = crate::platform::catalogue(crate::platform::Lang::Zh);
    assert_eq!(next[0].label_in(zh), "儿童本人");
}

#[test]
fn old_stored_versions_without_labels_still_read() {
    let v1: Vec<TemplateItem> =
        serde_json::from_str(r#"[{"code":"child-in-person","mandatory":true}]"#).unwrap();
    assert_eq!(v1[0].label, "");
    assert_eq!(
        serde_json::to_string(&v1).unwrap(),
        r#"[{"code":"child-in-person","mandatory":true}]"#
    );
}
