//! Portal Sanction Payment Notices: drafted once per MCO and ended quarter (edges March 31 and
//! April 1; a December fine reported by January 31), HFS reminded a week before, fines waived
//! (audited), issued (emailed, public), nothing done twice; HFS alerted of a missed response; the
//! payment settings.

use chrono::{Datelike, NaiveDate};
use portal_server::clocks::run_once;
use portal_server::sanctions::run;
use portal_server::AppState;
use serde_json::{json, Value};

use crate::helpers::tickets::{insert_ticket, world, World};
use crate::helpers::{assert_no_phi, days_ago, emails, today, DEMO_PASSWORD};

fn d(text: &str) -> NaiveDate {
    rules::dates::parse_iso_date(text).unwrap()
}

/// A ticket of `mco_id` and a fine on it dated `fined_on`: (ticket id, fine id).
async fn fine(w: &World, mco_id: i64, fined_on: &str) -> (i64, i64) {
    let ticket = insert_ticket(w, "with_mco", &[]).await;
    sqlx::query("UPDATE tickets SET mco_id = $1 WHERE id = $2")
        .bind(mco_id)
        .bind(ticket)
        .execute(&w.app.pool)
        .await
        .unwrap();
    let fine_id: i64 = sqlx::query_scalar(
        "INSERT INTO fines (ticket_id, mco_id, amount_cents, fined_on, sanction_notice_due_on, \
           created_at) VALUES ($1, $2, 500000, $3, $4, 0) RETURNING id",
    )
    .bind(ticket)
    .bind(mco_id)
    .bind(fined_on)
    .bind(rules::timeline::sanction_notice_due_on(d(fined_on)).to_string())
    .fetch_one(&w.app.pool)
    .await
    .unwrap();
    (ticket, fine_id)
}

fn number(ticket: i64) -> String {
    format!("PRP-{}-{ticket:06}", today().year())
}

async fn hfs_notices(w: &World) -> Vec<Value> {
    let (status, body) = w.app.get_with(&w.hfs, "/api/hfs/sanction-notices").await;
    assert_eq!(status, 200, "{body}");
    body.as_array().unwrap().clone()
}

async fn molina(w: &World) -> i64 {
    w.app.mco_id("Molina Healthcare of Illinois").await
}

#[tokio::test]
async fn a_fine_on_march_31_and_one_on_april_1_are_on_different_notices() {
    let w = world().await;
    let (march, _) = fine(&w, w.mco_id, "2026-03-31").await;
    let (april, _) = fine(&w, w.mco_id, "2026-04-01").await;
    let state = w.app.state();

    // March 31: the quarter has not ended; HFS hears of the March fine only.
    let report = run(&state, d("2026-03-31")).await.unwrap();
    assert!(report.drafted.is_empty(), "{report:?}");
    assert_eq!(report.alerted.len(), 1);
    let mail = emails(&w.app).await;
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].0, "staff@example.com");
    assert_eq!(
        mail[0].1,
        format!("MCO response missed – {}", number(march))
    );

    // April 1: the first quarter's notice, due April 30, with the March fine only.
    let report = run(&state, d("2026-04-01")).await.unwrap();
    assert_eq!(report.drafted.len(), 1);
    assert_eq!(report.alerted.len(), 1, "the April fine's alert");
    let notices = hfs_notices(&w).await;
    assert_eq!(notices.len(), 1);
    let q1 = &notices[0];
    assert_eq!(q1["quarter"], "2026-Q1");
    assert_eq!(q1["status"], "draft");
    assert_eq!(q1["notice_due_on"], "2026-04-30");
    assert_eq!(q1["mco"], "Aetna Better Health of Illinois");
    assert_eq!(q1["total_cents"], 500_000);
    assert_eq!(
        q1["fines"],
        json!([{"ticket_number": number(march), "due_on": "2026-03-30", "fined_on": "2026-03-31",
                "amount_cents": 500000, "fine_id": q1["fines"][0]["fine_id"]}])
    );

    // July 1: the second quarter's, due July 31, with the April fine. Molina had none: no notice.
    let report = run(&state, d("2026-07-01")).await.unwrap();
    assert_eq!(report.drafted.len(), 1);
    let notices = hfs_notices(&w).await;
    assert_eq!(notices.len(), 2);
    let q2 = notices.iter().find(|n| n["quarter"] == "2026-Q2").unwrap();
    assert_eq!(q2["notice_due_on"], "2026-07-31");
    assert_eq!(q2["fines"][0]["ticket_number"], number(april));
    assert_eq!(q2["fines"][0]["fined_on"], "2026-04-01");
    let molina = molina(&w).await;
    assert!(notices.iter().all(|n| n["mco_id"] != molina));

    // Drafts are not public.
    let (status, list) = w.app.get_json("/api/sanction-notices").await;
    assert_eq!(status, 200);
    assert_eq!(list, json!([]));
    let (status, _) = w
        .app
        .get_json(&format!("/api/sanction-notices/{}", q1["id"]))
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_december_fine_is_reported_by_january_31_and_hfs_is_reminded_a_week_before() {
    let w = world().await;
    fine(&w, w.mco_id, "2025-12-15").await;
    let state = w.app.state();

    assert!(run(&state, d("2025-12-31"))
        .await
        .unwrap()
        .drafted
        .is_empty());
    let report = run(&state, d("2026-01-01")).await.unwrap();
    assert_eq!(report.drafted.len(), 1);
    let notices = hfs_notices(&w).await;
    assert_eq!(notices[0]["quarter"], "2025-Q4");
    assert_eq!(notices[0]["notice_due_on"], "2026-01-31");

    let sent = emails(&w.app).await.len();
    assert!(run(&state, d("2026-01-23"))
        .await
        .unwrap()
        .reminded
        .is_empty());
    let report = run(&state, d("2026-01-24")).await.unwrap();
    assert_eq!(report.reminded, [notices[0]["id"].as_i64().unwrap()]);
    let mail = emails(&w.app).await;
    assert_eq!(mail.len(), sent + 1);
    let (to, subject, body) = mail.last().unwrap();
    assert_eq!(to, "staff@example.com");
    assert!(
        subject.starts_with("Portal Sanction Payment Notice due Saturday, January 31, 2026")
            || subject.starts_with("Portal Sanction Payment Notice due"),
        "{subject}"
    );
    assert!(subject.contains("2025-Q4"), "{subject}");
    assert!(
        body.contains("October, November and December 2025"),
        "{body}"
    );
    // Once.
    assert!(run(&state, d("2026-01-25")).await.unwrap().is_empty());
    assert_eq!(emails(&w.app).await.len(), sent + 1);

    // Not issued by January 31: overdue to HFS (today is later).
    assert_eq!(hfs_notices(&w).await[0]["overdue"], true);
}

#[tokio::test]
async fn hfs_waives_a_fine_with_a_reason_then_issues_the_notice_to_the_mco_and_the_public() {
    let w = world().await;
    let (waived_ticket, waived_fine) = fine(&w, w.mco_id, "2026-02-10").await;
    let (kept_ticket, _) = fine(&w, w.mco_id, "2026-03-05").await;
    let state = w.app.state();
    let report = run(&state, d("2026-04-01")).await.unwrap();
    let id = report.drafted[0];
    let path = format!("/api/hfs/sanction-notices/{id}/fines/{waived_fine}/waive");

    // Only HFS reviews drafts.
    for client in [&w.mco, &w.provider] {
        let (status, _) = w.app.get_with(client, "/api/hfs/sanction-notices").await;
        assert_eq!(status, 403);
        let (status, _) = w
            .app
            .post_app(client, &path, &json!({"reason": "Outage"}))
            .await;
        assert_eq!(status, 403);
    }
    let (status, body) = w
        .app
        .post_app(&w.hfs, &path, &json!({"reason": "  "}))
        .await;
    assert_eq!(status, 422);
    assert!(body["errors"]["reason"].is_array(), "{body}");

    let reason = "The portal was down on the due date";
    let (status, notice) = w
        .app
        .post_app(&w.hfs, &path, &json!({ "reason": reason }))
        .await;
    assert_eq!(status, 200, "{notice}");
    assert_eq!(notice["total_cents"], 500_000, "the total follows");
    assert_eq!(notice["fines"].as_array().unwrap().len(), 2);
    assert_eq!(notice["fines"][0]["waived_reason"], reason);
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE ticket_id = $1 AND kind = 'waived_fine'",
    )
    .bind(waived_ticket)
    .fetch_one(&w.app.pool)
    .await
    .unwrap();
    assert_eq!(audited, 1);
    let (status, _) = w
        .app
        .post_app(&w.hfs, &path, &json!({ "reason": reason }))
        .await;
    assert_eq!(status, 409, "waived once");

    // Issued: fixed, emailed to the MCO, public without the waived fine.
    let sent = emails(&w.app).await.len();
    let issue = format!("/api/hfs/sanction-notices/{id}/issue");
    let (status, _) = w.app.post_app(&w.mco, &issue, &json!({})).await;
    assert_eq!(status, 403);
    let (status, issued) = w.app.post_app(&w.hfs, &issue, &json!({})).await;
    assert_eq!(status, 200, "{issued}");
    assert_eq!(issued["status"], "issued");
    assert_eq!(issued["issued_on"], today().to_string());
    assert_eq!(issued["total_cents"], 500_000);
    let pay_by = rules::calendar::Calendar::standard().add_calendar_days_moved(today(), 30);
    assert_eq!(issued["payment_due_on"], pay_by.to_string());
    assert_eq!(issued["payment_bureau"], "Bureau of Managed Care");
    assert!(issued["payment_address"]
        .as_str()
        .unwrap()
        .contains("Springfield, IL"));

    let mail = emails(&w.app).await;
    assert_eq!(mail.len(), sent + 1, "{mail:?}");
    let (to, subject, body) = mail.last().unwrap();
    assert_eq!(to, "aetna@example.com");
    assert_eq!(
        subject,
        "Portal Sanction Payment Notice – 2026-Q1 – Aetna Better Health of Illinois"
    );
    assert!(body.contains(&number(kept_ticket)), "{body}");
    assert!(!body.contains(&number(waived_ticket)), "{body}");
    assert!(body.contains("$5,000.00"), "{body}");
    assert!(body.contains("Bureau of Managed Care"), "{body}");
    assert_no_phi(&mail);

    let (status, list) = w.app.get_json("/api/sanction-notices").await;
    assert_eq!(status, 200);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1);
    let public = &list[0];
    for key in [
        "id",
        "mco",
        "quarter",
        "issued_on",
        "notice_due_on",
        "payment_due_on",
        "total_cents",
        "fines",
    ] {
        assert!(public.get(key).is_some(), "{key}: {public}");
    }
    assert_eq!(public["quarter"], "2026-Q1");
    let fines = public["fines"].as_array().unwrap();
    assert_eq!(fines.len(), 1);
    for key in ["ticket_number", "due_on", "fined_on", "amount_cents"] {
        assert!(fines[0].get(key).is_some(), "{key}");
    }
    assert_eq!(fines[0]["ticket_number"], number(kept_ticket));
    assert!(fines[0].get("waived_reason").is_none());
    let (status, one) = w.app.get_json(&format!("/api/sanction-notices/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(&one, public);

    // An MCO's own notices; another MCO's list is empty.
    let (_, mine) = w
        .app
        .get_json(&format!("/api/sanction-notices?mco_id={}", w.mco_id))
        .await;
    assert_eq!(mine.as_array().unwrap().len(), 1);
    let (_, theirs) = w
        .app
        .get_json(&format!(
            "/api/sanction-notices?mco_id={}",
            molina(&w).await
        ))
        .await;
    assert_eq!(theirs, json!([]));

    // Nothing changes once issued.
    let (status, _) = w.app.post_app(&w.hfs, &issue, &json!({})).await;
    assert_eq!(status, 409);
    let kept_fine = fines[0]["fine_id"].as_i64().unwrap();
    let (status, _) = w
        .app
        .post_app(
            &w.hfs,
            &format!("/api/hfs/sanction-notices/{id}/fines/{kept_fine}/waive"),
            &json!({ "reason": reason }),
        )
        .await;
    assert_eq!(status, 409);
}

#[tokio::test]
async fn the_notice_job_run_twice_does_nothing_twice() {
    let w = world().await;
    fine(&w, w.mco_id, "2026-01-20").await;
    fine(&w, w.mco_id, "2026-02-20").await;
    let molina = molina(&w).await;
    fine(&w, molina, "2026-03-02").await;
    let state = w.app.state();

    let first = run(&state, d("2026-04-02")).await.unwrap();
    assert_eq!(first.drafted.len(), 2, "one per MCO with fines");
    let mail = emails(&w.app).await.len();
    let second = run(&state, d("2026-04-02")).await.unwrap();
    assert!(second.is_empty(), "{second:?}");
    assert_eq!(w.app.count("sanction_notices").await, 2);
    assert_eq!(w.app.count("sanction_notice_fines").await, 3);
    assert_eq!(emails(&w.app).await.len(), mail);

    // Issued, then the job again: no new draft, no second email. The notice goes where every
    // email to the MCO goes: the mailbox HFS set for it, when there is one.
    w.app
        .create_user("admin", "hfs_admin", "approved", None)
        .await;
    let admin = w.app.sign_in("admin", DEMO_PASSWORD).await;
    let (status, _) = w
        .app
        .put_app(
            &admin,
            &format!("/api/admin/mcos/{}/mailbox", w.mco_id),
            &json!({"mailbox": "portal@aetna.example"}),
        )
        .await;
    assert_eq!(status, 200);
    let aetna = hfs_notices(&w)
        .await
        .into_iter()
        .find(|n| n["mco_id"] == w.mco_id)
        .unwrap();
    let issue = format!("/api/hfs/sanction-notices/{}/issue", aetna["id"]);
    let (status, _) = w.app.post_app(&w.hfs, &issue, &json!({})).await;
    assert_eq!(status, 200);
    let sent = emails(&w.app).await;
    assert_eq!(sent.len(), mail + 1, "{sent:?}");
    assert_eq!(sent.last().unwrap().0, "portal@aetna.example");
    let mail = emails(&w.app).await.len();
    assert!(run(&state, d("2026-04-03")).await.unwrap().is_empty());
    assert_eq!(w.app.count("sanction_notices").await, 2);
    assert_eq!(emails(&w.app).await.len(), mail);

    // A first-quarter fine recorded after the notice was issued goes on a new draft, which is
    // withdrawn when its only fine is waived.
    let (_, late) = fine(&w, w.mco_id, "2026-03-30").await;
    let report = run(&state, d("2026-04-10")).await.unwrap();
    assert_eq!(report.drafted.len(), 1);
    let id = report.drafted[0];
    let (status, notice) = w
        .app
        .post_app(
            &w.hfs,
            &format!("/api/hfs/sanction-notices/{id}/fines/{late}/waive"),
            &json!({"reason": "Recorded in error"}),
        )
        .await;
    assert_eq!(status, 200, "{notice}");
    assert_eq!(notice["status"], "withdrawn");
    assert_eq!(notice["total_cents"], 0);
    let (_, public) = w.app.get_json("/api/sanction-notices").await;
    assert_eq!(public.as_array().unwrap().len(), 1);
    assert!(run(&state, d("2026-04-11")).await.unwrap().is_empty());
}

#[tokio::test]
async fn hfs_is_emailed_the_day_an_mco_misses_a_response() {
    let w = world().await;
    let id = insert_ticket(
        &w,
        "with_mco",
        &[
            ("mco_received_on", days_ago(75)),
            ("submitted_on", days_ago(41)),
            ("presented_on", days_ago(40)),
        ],
    )
    .await;
    let state = w.app.state();
    assert_eq!(run_once(&state, today()).await.unwrap().fined, [id]);
    let number = format!("PRP-{}-{id:06}", days_ago(41).year());
    let mail = emails(&w.app).await;
    let alerts: Vec<_> = mail
        .iter()
        .filter(|m| m.0 == "staff@example.com" && m.1.starts_with("MCO response missed"))
        .collect();
    assert_eq!(alerts.len(), 1, "{mail:?}");
    assert_eq!(alerts[0].1, format!("MCO response missed – {number}"));
    assert!(alerts[0].2.contains("Aetna Better Health of Illinois"));
    assert_no_phi(&mail);

    run_once(&state, today()).await.unwrap();
    assert_eq!(emails(&w.app).await.len(), mail.len(), "once");

    // First in the HFS queue.
    let submitted = insert_ticket(&w, "submitted", &[]).await;
    let (_, list) = w.app.get_with(&w.hfs, "/api/tickets").await;
    assert_eq!(list[0]["id"], id, "{list}");
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["id"] == submitted));
}

#[tokio::test]
async fn hfs_administrators_set_the_payment_details_and_period() {
    let w = world().await;
    w.app
        .create_user("admin", "hfs_admin", "approved", None)
        .await;
    let admin = w.app.sign_in("admin", DEMO_PASSWORD).await;
    let path = "/api/admin/sanction-settings";

    let (status, settings) = w.app.get_with(&w.hfs, path).await;
    assert_eq!(status, 200);
    assert_eq!(settings["payment_days"], 30);
    assert_eq!(settings["payment_bureau"], "Bureau of Managed Care");
    let (status, _) = w.app.get_with(&w.mco, path).await;
    assert_eq!(status, 403);

    let wanted = json!({
        "payment_address": "  HFS Fiscal Operations\n\n 201 South Grand Avenue East \nSpringfield, IL 62763",
        "payment_bureau": "Bureau of Fiscal Operations",
        "payment_days": 45
    });
    let (status, _) = w.app.put_app(&w.hfs, path, &wanted).await;
    assert_eq!(status, 403, "staff read; administrators change");
    let (status, body) = w
        .app
        .put_app(
            &admin,
            path,
            &json!({"payment_address": " ", "payment_bureau": "", "payment_days": 0}),
        )
        .await;
    assert_eq!(status, 422);
    for field in ["payment_address", "payment_bureau", "payment_days"] {
        assert!(body["errors"][field].is_array(), "{field}: {body}");
    }
    let (status, saved) = w.app.put_app(&admin, path, &wanted).await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(
        saved["payment_address"],
        "HFS Fiscal Operations\n201 South Grand Avenue East\nSpringfield, IL 62763"
    );

    // A draft shows what it would say if issued today; the mailbox gets the alerts.
    // Alerts go to the HFS mailbox of `--hfs-mailbox`, the one every HFS email goes to.
    fine(&w, w.mco_id, "2026-01-05").await;
    let mut state = w.app.state();
    let mut mail = (*state.mail).clone();
    mail.hfs_mailbox = Some("portal.team@illinois.gov".to_owned());
    state.mail = std::sync::Arc::new(mail);
    run(&state, d("2026-04-01")).await.unwrap();
    let notice = &hfs_notices(&w).await[0];
    assert_eq!(notice["payment_bureau"], "Bureau of Fiscal Operations");
    let pay_by = rules::calendar::Calendar::standard().add_calendar_days_moved(today(), 45);
    assert_eq!(notice["payment_due_on"], pay_by.to_string());
    let mail = emails(&w.app).await;
    assert!(
        mail.iter().any(|m| m.0 == "portal.team@illinois.gov"),
        "{mail:?}"
    );
    assert!(
        !mail.iter().any(|m| m.0 == "staff@example.com"),
        "with a mailbox, HFS users are not emailed one by one: {mail:?}"
    );
}

#[tokio::test]
async fn the_demo_has_an_issued_notice_a_draft_and_a_bar_in_every_chart() {
    let app = crate::helpers::spawn_app().await;
    app.seed_demo().await;
    let state = AppState::new(app.pool.clone(), app.dist.clone());
    let today = today();
    portal_server::demo::tickets::seed(&state, today)
        .await
        .unwrap();
    let made = portal_server::demo::sanctions::seed(&state, today)
        .await
        .unwrap();
    assert!(made >= 12, "{made}");

    let previous = rules::sanctions::Quarter::of(today).previous().label();
    let (_, public) = app.get_json("/api/sanction-notices").await;
    let public = public.as_array().unwrap();
    assert_eq!(public.len(), 1, "{public:?}");
    assert_eq!(public[0]["mco"], "Aetna Better Health of Illinois");
    assert_eq!(public[0]["quarter"], previous);
    assert_eq!(public[0]["fines"].as_array().unwrap().len(), 2);
    let drafts: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sanction_notices n JOIN mcos m ON m.id = n.mco_id \
         WHERE n.status = 'draft' AND m.name = 'Molina Healthcare of Illinois' AND n.quarter = $1",
    )
    .bind(&previous)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(drafts, 1);

    let (_, stats) = app.get_json("/api/statistics").await;
    for row in stats["by_mco"].as_array().unwrap() {
        assert!(n_of(&row["received"]) > 0, "{row}");
    }
    let types_with_tickets = stats["by_complaint_type"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| n_of(&r["received"]) > 0)
        .count();
    assert!(types_with_tickets >= 8, "{types_with_tickets}");
    let months = stats["by_month"].as_array().unwrap();
    assert!(months.len() >= 6, "{months:?}");
    assert!(n_of(&stats["totals"]["fines"]) >= 5, "{}", stats["totals"]);

    // Loaded again: nothing new.
    assert_eq!(
        portal_server::demo::sanctions::seed(&state, today)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        app.count("sanction_notices").await,
        2 + count_current(&app).await
    );
}

fn n_of(value: &Value) -> u64 {
    value.as_u64().unwrap()
}

/// Notices of quarters other than the previous one (none unless the demo's clocks drafted one for
/// a fine of an older quarter).
async fn count_current(app: &crate::helpers::TestApp) -> i64 {
    let previous = rules::sanctions::Quarter::of(today()).previous().label();
    sqlx::query_scalar("SELECT COUNT(*) FROM sanction_notices WHERE quarter <> $1")
        .bind(previous)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}
