//! The adoption pages (issue 13 points 1, 2, 5, 8): forms re-render with what was typed and a message
//! per field (422); the head marks a child, the registrar receives and registers, the head sees the
//! outcome; roles without the action get 403, readers outside the scope 404.

use crate::support::*;
use actix_web::test;
use fuyu::clock::Clock;

fn first_option(body: &str, select: &str) -> String {
    let at = body.find(&format!("id=\"{select}\"")).expect("select");
    let rest = &body[at..];
    let opt = rest
        .find("<option value=\"")
        .map(|i| &rest[i + 15..])
        .expect("option");
    // Skip the empty "—" option.
    let opt = if opt.starts_with('"') {
        let j = opt.find("<option value=\"").expect("a second option");
        &opt[j + 15..]
    } else {
        opt
    };
    opt[..opt.find('"').unwrap()].to_string()
}

#[actix_web::test]
async fn adoption_pages_mark_apply_register_with_field_messages_and_scope() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let today = t.clock.today().to_string();
    let received = (t.clock.today() - chrono::Duration::days(40)).to_string();

    // The head marks a child; a parents-unknown child without the notice is refused per field.
    let mut head = login(&app, "head.cc").await;
    let form = head.get(&app, "/adoption/mark").await;
    assert_eq!(form.status, 200);
    let child = first_option(&form.body, "child_id");
    let p = head
        .post(
            &app,
            "/adoption/mark",
            &[
                ("child_id", &child),
                ("category", "parents_unknown"),
                ("basis", "查找不到生父母 甲"),
            ],
        )
        .await;
    assert_eq!(p.status, 422, "{}", p.body);
    assert!(
        p.body.contains("id=\"notice_start-error\"")
            && p.body.contains("id=\"notice_medium-error\"")
    );
    assert!(
        p.body.contains("查找不到生父母 甲"),
        "what was typed is kept"
    );
    let p = head
        .post(
            &app,
            "/adoption/mark",
            &[
                ("child_id", &child),
                ("category", "orphan"),
                ("basis", "孤儿"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let list = head.get(&app, "/adoption").await;
    assert!(
        list.body.contains("id=\"marked\""),
        "the marked child is listed"
    );

    // The registrar receives the application; a missing name is named beside its field.
    let mut reg = login(&app, "registrar.cc").await;
    let form = reg.get(&app, "/adoption/applications/new").await;
    assert_eq!(form.status, 200);
    assert!(
        form.body.contains(&format!("<option value=\"{child}\"")),
        "the marked child is offered"
    );
    let mut fields = vec![
        ("child_id", child.as_str()),
        ("received_on", received.as_str()),
        ("married", "yes"),
        ("spouse_joins", "yes"),
        ("relation", "none"),
        ("child_consent", "yes"),
        ("a1_name", ""),
        ("a1_sex", "M"),
        ("a1_birth_date", "1985-03-01"),
        ("a1_children_count", "0"),
    ];
    let p = reg.post(&app, "/adoption/applications", &fields).await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"a1_name-error\""), "{}", p.body);
    fields[6] = ("a1_name", "张伟");
    let p = reg.post(&app, "/adoption/applications", &fields).await;
    assert_eq!(p.status, 303, "{}", p.body);
    let at = p.location.clone().expect("to the application");
    let page = reg.get(&app, &at).await;
    assert!(page.body.contains("id=\"eligible\""), "{}", page.body);
    assert!(page.body.contains("id=\"clock\""));

    // Scope: the head sees the outcome, not the applicants; another county's head 404; a caregiver 403.
    let hp = head.get(&app, &at).await;
    assert_eq!(hp.status, 200);
    assert!(!hp.body.contains("张伟") && !hp.body.contains("id=\"applicants\""));
    let mut na = login(&app, "head.na").await;
    assert_eq!(na.get(&app, &at).await.status, 404);
    let mut care = login(&app, "caregiver.cc").await;
    assert_eq!(care.get(&app, "/adoption").await.status, 403);
    assert_eq!(
        head.post(&app, &format!("{at}/register"), &[("certificate_no", "x")])
            .await
            .status,
        403
    );

    // The assessment pages (ADP-19…ADP-23): messages per field, then a 适宜 report.
    let asm = format!("{at}/assessment");
    let p = reg.get(&app, &asm).await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains("id=\"start-form\"") && p.body.contains("不收取任何费用"));
    assert_eq!(head.get(&app, &asm).await.status, 403);
    let start = |names: &'static str| {
        vec![
            ("mode", "team"),
            ("assessors", names),
            ("started_on", received.as_str()),
        ]
    };
    let p = reg
        .post(&app, &format!("{asm}/start"), &start("王敏"))
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"assessors-error\"") && p.body.contains("ADP-20"));
    let p = reg
        .post(&app, &format!("{asm}/start"), &start("王敏\n李强"))
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let p = reg
        .post(
            &app,
            &format!("{asm}/integration"),
            &[("integration_start", received.as_str()), ("version", "1")],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let p = reg
        .post(
            &app,
            &format!("{asm}/visit"),
            &[
                ("visited_on", today.as_str()),
                ("visitor", "王敏"),
                ("notes", "适应良好"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let items: Vec<String> = fuyu::adoption::rules::assessment::Item::ALL
        .iter()
        .map(|i| fuyu::adoption::rules::assessment::item_field(*i).to_string())
        .collect();
    let mut report: Vec<(&str, &str)> =
        items.iter().skip(1).map(|f| (f.as_str(), "良好")).collect();
    report.extend([
        ("conclusion", "suitable"),
        ("reasons", "符合条件"),
        ("reported_on", today.as_str()),
    ]);
    let p = reg.post(&app, &format!("{asm}/report"), &report).await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"item_motive-error\"") && p.body.contains("符合条件"));
    report.push(("item_motive", "希望组建完整家庭"));
    let p = reg.post(&app, &format!("{asm}/report"), &report).await;
    assert_eq!(p.status, 303, "{}", p.body);
    let p = reg.get(&app, &asm).await;
    assert!(p.body.contains("id=\"conclusion\"") && p.body.contains("适宜收养"));
    assert!(p.body.contains("id=\"report-pdf\"") && p.body.contains("适应良好"));

    // Registration: without attendance it re-renders with the message; then registered.
    let p = reg
        .post(
            &app,
            &format!("{at}/register"),
            &[
                ("certificate_no", "吉收登字第1号"),
                ("date", &today),
                ("confirm", "yes"),
                ("version", "2"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"attended-error\"") && p.body.contains("吉收登字第1号"));
    // ADP-18: the applicants' documents are missing, cited with the rule; then handed in.
    assert!(p.body.contains("id=\"documents-error\"") && p.body.contains("ADP-18 登记办法 第6条"));
    {
        let id: i64 = at.rsplit('/').next().unwrap().parse().unwrap();
        let w = who(&t, "registrar.cc");
        crate::adoption_assessment::hand_in_documents(&mut t.conn(), &op(&t, &w), id);
    }
    let p = reg
        .post(
            &app,
            &format!("{at}/register"),
            &[
                ("certificate_no", "吉收登字第1号"),
                ("date", &today),
                ("attended", "yes"),
                ("secrecy", "yes"),
                ("confirm", "yes"),
                ("version", "2"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let hp = head.get(&app, &at).await;
    assert!(
        hp.body.contains("已登记") && hp.body.contains("吉收登字第1号"),
        "the head sees the outcome"
    );
}

/// ADP-18 where the head marks the child (issue 13 point 1): choosing the child and the category shows
/// the placer's documents from the archive, and the marking form comes prefilled; a refused marking
/// shows them too. A child of another institution shows nothing.
#[actix_web::test]
async fn adoption_mark_form_shows_the_placers_documents_of_the_chosen_child() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut head = login(&app, "head.cc").await;
    let form = head.get(&app, "/adoption/mark").await;
    assert!(
        form.body.contains("id=\"doc-check-form\"") && !form.body.contains("id=\"placer-docs\"")
    );
    let child = first_option(&form.body, "child_id");
    let p = head
        .get(
            &app,
            &format!("/adoption/mark?child_id={child}&category=parents_unknown&trafficked=yes"),
        )
        .await;
    assert_eq!(p.status, 200);
    let at = p.body.find("id=\"placer-docs\"").expect("the checklist");
    let list = &p.body[at..p.body[at..].find("</ul>").unwrap() + at];
    // Intake record, the police report of the found child, the police "cannot be found" certificate.
    assert!(list.contains("捡拾") || list.contains("报案"), "{list}");
    assert_eq!(list.matches("<li>").count(), 3, "{list}");
    // The marking form is prefilled with the choice.
    let mark_at = p.body.find("id=\"mark-form\"").unwrap();
    assert!(p.body[mark_at..].contains(&format!("<option value=\"{child}\" selected")));
    // A refused marking (no notice) shows the list beside the form.
    let p = head
        .post(
            &app,
            "/adoption/mark",
            &[
                ("child_id", &child),
                ("category", "parents_unknown"),
                ("basis", "查找不到生父母"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"placer-docs\""));
    // Another institution's child: nothing shown.
    let mut na = login(&app, "head.na").await;
    let p = na
        .get(
            &app,
            &format!("/adoption/mark?child_id={child}&category=orphan"),
        )
        .await;
    assert_eq!(p.status, 200);
    assert!(!p.body.contains("id=\"placer-docs\""));
}
