//! Issue 13 over HTTP: expedited tickets, the MCO's plan and `resolve_by`, the follow-up after
//! closure, HFS's review through the Account Manager and an SME to a decision letter, deliveries
//! by both parties, an incomplete answer, the seeds' other closings, and files from every party.
//! Each step by its party, and refused for the others, out of turn and out of time.

use serde_json::{json, Value};

use crate::helpers::tickets::{
    act, decide, deliver, insert_ticket, provider, respond, staff, step, submit_ticket, ticket_id,
    upload, valid_form, world, World, AETNA, PDF,
};
use crate::helpers::{assert_no_phi, days_ago, emails, iso, today, user_id, DEMO_PASSWORD};

/// [`insert_ticket`] with its submission and the MCO's receipt dated before its presentation.
async fn ins(w: &World, status: &str, events: &[(&str, chrono::NaiveDate)]) -> i64 {
    let mut all: Vec<(&str, chrono::NaiveDate)> = events.to_vec();
    if let Some((_, presented)) = events.iter().find(|(c, _)| *c == "presented_on") {
        let submitted = *presented - chrono::Duration::days(1);
        all.push(("submitted_on", submitted));
        all.push(("mco_received_on", submitted - chrono::Duration::days(40)));
    }
    insert_ticket(w, status, &all).await
}

async fn set(w: &World, id: i64, sql: &str) {
    sqlx::query(&format!("UPDATE tickets SET {sql} WHERE id = $1"))
        .bind(id)
        .execute(&w.app.pool)
        .await
        .expect("ticket updated");
}

async fn detail(w: &World, client: &reqwest::Client, id: i64) -> Value {
    let (code, body) = w.app.get_with(client, &format!("/api/tickets/{id}")).await;
    assert_eq!(code, 200, "{body}");
    body
}

fn allowed(detail: &Value) -> Vec<String> {
    detail["allowed_actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_owned())
        .collect()
}

async fn refused(w: &World, client: &reqwest::Client, id: i64, body: Value) -> String {
    let (code, answer) = act(w, client, id, body).await;
    assert_eq!(code, 409, "{answer}");
    answer["message"].as_str().unwrap().to_owned()
}

async fn file(w: &World, client: &reqwest::Client, id: i64, name: &str) -> Value {
    let (code, file) = upload(
        &w.app,
        client,
        &format!("/api/tickets/{id}/attachments"),
        name,
        "application/pdf",
        PDF.to_vec(),
    )
    .await;
    assert_eq!(code, 201, "{file}");
    file["id"].clone()
}

#[tokio::test]
async fn an_expedited_ticket_is_marked_first_in_the_queues_and_counted_apart() {
    let w = world().await;
    // An ordinary ticket first, then the expedited one.
    let plain = insert_ticket(&w, "submitted", &[]).await;
    let mut form = valid_form(w.facility_id, w.mco_id);
    form["access_to_care"] = json!(true);
    let (code, submitted) = w.app.post_app(&w.provider, "/api/tickets", &form).await;
    assert_eq!(code, 201, "{submitted}");
    let id = ticket_id(&submitted);
    assert_eq!(submitted["summary"]["expedited"], true);
    assert_eq!(submitted["form"]["access_to_care"], true);

    let (_, list) = w.app.get_with(&w.hfs, "/api/tickets").await;
    let list = list.as_array().unwrap();
    assert_eq!(list[0]["id"], id, "expedited first for HFS");
    assert_eq!(list[0]["expedited"], true);
    assert!(list
        .iter()
        .any(|t| t["id"] == plain && t["expedited"] == false));

    // No deadline is invented: the same clocks as any ticket; HFS administrators set a target,
    // shown to HFS only.
    let admin = staff(&w.app, "hfs-admin", "hfs_admin", None).await;
    let target = json!({"action": "set_present_target", "present_by": iso(today())});
    assert!(refused(&w, &w.hfs, id, target.clone())
        .await
        .contains("administrators"));
    assert!(refused(&w, &w.provider, id, target.clone())
        .await
        .contains("Only HFS"));
    let past = json!({"action": "set_present_target", "present_by": iso(days_ago(1))});
    let (code, body) = act(&w, &admin, id, past).await;
    assert_eq!(code, 422, "{body}");
    assert!(body["errors"]["present_by"].is_array());
    let d = step(&w, &admin, id, target, "submitted").await;
    assert_eq!(d["present_target_on"], iso(today()));
    let seen = detail(&w, &w.provider, id).await;
    assert_eq!(seen["present_target_on"], Value::Null);
    assert_eq!(seen["summary"]["expedited"], true);
    // A target is for an expedited ticket only.
    let target = json!({"action": "set_present_target", "present_by": iso(today())});
    assert!(refused(&w, &admin, plain, target)
        .await
        .contains("expedited"));

    // With the MCO, first in its queue too.
    step(&w, &w.hfs, plain, json!({"action": "present"}), "with_mco").await;
    step(&w, &w.hfs, id, json!({"action": "present"}), "with_mco").await;
    let (_, list) = w.app.get_with(&w.mco, "/api/tickets").await;
    assert_eq!(list[0]["id"], id, "expedited first for the MCO");

    // Counted apart in the public statistics.
    let (code, stats) = w.app.get_json("/api/statistics").await;
    assert_eq!(code, 200);
    assert_eq!(stats["totals"]["expedited"], 1, "{stats}");
    assert_eq!(stats["totals"]["received"], 2);
}

#[tokio::test]
async fn the_mcos_plan_comes_with_its_date_and_the_provider_sees_both() {
    let w = world().await;
    let id = ins(&w, "with_mco", &[("presented_on", days_ago(3))]).await;
    let mut body = respond();
    body["resolution_plan"] = json!("We reprocess the claim.");
    let (code, answer) = act(&w, &w.mco, id, body.clone()).await;
    assert_eq!(code, 422, "{answer}");
    assert_eq!(
        answer["errors"]["resolve_by"][0],
        "Enter the date by which the dispute will be resolved, or remove the plan"
    );
    body["resolve_by"] = json!(iso(today() + chrono::Duration::days(20)));
    let letter = file(&w, &w.mco, id, "proposal.pdf").await;
    body["attachment_ids"] = json!([letter]);
    step(&w, &w.mco, id, body, "mco_responded").await;
    let seen = detail(&w, &w.provider, id).await;
    assert_eq!(
        seen["mco_response"]["resolution_plan"],
        "We reprocess the claim."
    );
    assert_eq!(
        seen["mco_response"]["resolve_by"],
        iso(today() + chrono::Duration::days(20))
    );
    assert_eq!(seen["mco_response"]["contact_name"], "Dana Whitfield");
    let respond_entry = seen["history"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["action"] == "respond")
        .unwrap();
    assert!(respond_entry["text"]
        .as_str()
        .unwrap()
        .contains("proposal.pdf"));
    // The mco_info_request clock: the MCO answered without asking (the page says "Not used").
    let info = seen["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["key"] == "mco_info_request")
        .unwrap();
    assert_eq!(info["state"], "met");
    // The extension it never asked for stays listed, unused.
    let ext = seen["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["key"] == "extension_request")
        .unwrap();
    assert_eq!(ext["state"], "missed");
    assert_eq!(ext["met_on"], Value::Null);
}

/// A ticket closed (accepted) whose MCO said it would resolve the complaint by `resolve_by`.
async fn closed_with_plan(w: &World, resolve_by: chrono::NaiveDate) -> i64 {
    let id = ins(
        w,
        "closed",
        &[
            ("presented_on", days_ago(30)),
            ("mco_responded_on", days_ago(20)),
            ("provider_decided_on", days_ago(19)),
            ("response_resolve_by", resolve_by),
        ],
    )
    .await;
    set(
        w,
        id,
        "provider_decision = 'accepted', closed_reason = 'accepted', response_outcome = 'overturned', \
         response_text = 'We reprocess.', response_plan = 'Reprocess the claim.', \
         response_contact_name = 'Dana', response_contact_phone = '(312) 555-0164', \
         response_contact_email = 'dana@aetna.example'",
    )
    .await;
    id
}

#[tokio::test]
async fn a_resolution_not_carried_out_goes_to_hfs_as_a_follow_up_and_the_ticket_stays_closed() {
    let w = world().await;
    let report =
        json!({"action": "report_unresolved", "message": "The claim was not reprocessed."});
    // Before the date has passed: nothing to report yet.
    let waiting = closed_with_plan(&w, today()).await;
    assert!(refused(&w, &w.provider, waiting, report.clone())
        .await
        .contains("has until"));
    assert!(!allowed(&detail(&w, &w.provider, waiting).await).contains(&"report_unresolved".into()));

    let id = closed_with_plan(&w, days_ago(2)).await;
    let seen = detail(&w, &w.provider, id).await;
    assert_eq!(allowed(&seen), vec!["report_unresolved"]);
    assert!(refused(&w, &w.mco, id, report.clone())
        .await
        .contains("Only the provider"));
    assert!(refused(&w, &w.hfs, id, report.clone())
        .await
        .contains("Only the provider"));
    // The provider attaches its evidence to the closed ticket, then reports.
    let evidence = file(&w, &w.provider, id, "remittance.pdf").await;
    let mut with_file = report.clone();
    with_file["attachment_ids"] = json!([evidence]);
    let after = step(&w, &w.provider, id, with_file, "closed").await;
    assert_eq!(after["summary"]["follow_up_open"], true);
    assert_eq!(
        after["summary"]["closed_reason"], "accepted",
        "never reopened"
    );
    assert_eq!(
        after["follow_ups"][0]["attachments"][0]["file_name"],
        "remittance.pdf"
    );
    assert!(refused(&w, &w.provider, id, report)
        .await
        .contains("already"));

    // In HFS's queue, which works and closes it with a note.
    let (_, list) = w.app.get_with(&w.hfs, "/api/tickets").await;
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["id"] == id && t["follow_up_open"] == true));
    let close =
        json!({"action": "close_follow_up", "note": "The MCO reprocessed the claim today."});
    assert!(refused(&w, &w.mco, id, close.clone())
        .await
        .contains("Only HFS"));
    let done = step(&w, &w.hfs, id, close.clone(), "closed").await;
    assert_eq!(done["summary"]["follow_up_open"], false);
    assert!(refused(&w, &w.hfs, id, close)
        .await
        .contains("no open follow-up"));
    let seen = detail(&w, &w.provider, id).await;
    assert_eq!(
        seen["follow_ups"][0]["note"],
        "The MCO reprocessed the claim today."
    );
    assert_eq!(seen["follow_ups"][0]["closed_on"], iso(today()));
    let mail = emails(&w.app).await;
    assert!(mail
        .iter()
        .any(|(_, s, _)| s.contains("Follow-up on closed ticket")));
    assert_no_phi(&mail);
}

#[tokio::test]
async fn review_goes_from_the_account_manager_to_an_sme_and_ends_in_a_decision_letter() {
    let w = world().await;
    let id = ins(
        &w,
        "contested",
        &[
            ("presented_on", days_ago(20)),
            ("mco_responded_on", days_ago(10)),
            ("provider_decided_on", days_ago(9)),
        ],
    )
    .await;
    set(
        &w,
        id,
        "provider_decision = 'contested', response_outcome = 'upheld', response_text = 'No.', \
         response_contact_name = 'Dana', response_contact_phone = '(312) 555-0164', \
         response_contact_email = 'dana@aetna.example'",
    )
    .await;
    let d = step(
        &w,
        &w.provider,
        id,
        json!({"action": "request_review", "reason": "Please decide."}),
        "hfs_review",
    )
    .await;
    assert_eq!(d["review_stage"], "requested");

    let manager = staff(&w.app, "hfs-manager", "hfs_staff", None).await;
    let sme = staff(&w.app, "hfs-sme", "hfs_staff", None).await;
    let manager_id = user_id(&w.app, "hfs-manager").await;
    let sme_id = user_id(&w.app, "hfs-sme").await;
    // Nobody decides before the Account Manager is assigned.
    assert!(refused(&w, &w.hfs, id, decide("x"))
        .await
        .contains("Account Manager"));
    let assign = json!({"action": "assign_review", "account_manager_id": manager_id});
    assert!(refused(&w, &w.mco, id, assign.clone())
        .await
        .contains("Only HFS"));
    let (code, body) = act(
        &w,
        &w.hfs,
        id,
        json!({"action": "assign_review", "account_manager_id": w.provider_id}),
    )
    .await;
    assert_eq!(code, 422, "an Account Manager is an HFS user: {body}");
    let (code, body) = act(&w, &w.hfs, id, json!({"action": "assign_review"})).await;
    assert_eq!(code, 422, "{body}");
    assert_eq!(
        body["errors"]["account_manager_id"][0],
        "Select the HFS MCO Account Manager"
    );
    let d = step(&w, &w.hfs, id, assign.clone(), "hfs_review").await;
    assert_eq!(d["review_stage"], "account_manager");
    assert_eq!(d["account_manager"]["id"], manager_id);
    assert!(refused(&w, &w.hfs, id, assign)
        .await
        .contains("already assigned"));
    // The provider sees the stage and who holds it.
    let seen = detail(&w, &w.provider, id).await;
    assert_eq!(seen["review_stage"], "account_manager");
    assert_eq!(seen["account_manager"]["name"], "hfs-manager");
    assert_eq!(seen["hfs_people"], json!([]), "HFS's list is HFS's");

    // Only the Account Manager decides or refers.
    assert!(refused(&w, &w.hfs, id, decide("x"))
        .await
        .contains("Account Manager"));
    let refer =
        json!({"action": "refer_to_sme", "sme_id": sme_id, "note": "A pharmacy policy question."});
    assert!(refused(&w, &w.hfs, id, refer.clone())
        .await
        .contains("Account Manager"));
    assert!(allowed(&detail(&w, &manager, id).await).contains(&"refer_to_sme".into()));
    let d = step(&w, &manager, id, refer, "hfs_review").await;
    assert_eq!(d["review_stage"], "sme");
    assert_eq!(d["sme"]["name"], "hfs-sme");
    assert!(refused(&w, &manager, id, decide("x"))
        .await
        .contains("Subject Matter Expert"));
    assert!(allowed(&detail(&w, &sme, id).await).contains(&"decide".into()));

    // The SME decides, with the outcome and a decision letter; both parties see it.
    let (code, body) = act(
        &w,
        &sme,
        id,
        json!({"action": "decide", "decision": "The MCO pays."}),
    )
    .await;
    assert_eq!(code, 422, "the outcome is required: {body}");
    let letter = file(&w, &sme, id, "decision-letter.pdf").await;
    let mut body = decide("The MCO reprocesses and pays the claim.");
    body["outcome"] = json!("partly");
    body["attachment_ids"] = json!([letter]);
    let d = step(&w, &sme, id, body, "closed").await;
    assert_eq!(d["summary"]["closed_reason"], "hfs_decision");
    for client in [&w.provider, &w.mco] {
        let seen = detail(&w, client, id).await;
        assert_eq!(seen["decision"]["outcome"], "partly");
        assert_eq!(
            seen["decision"]["decision"],
            "The MCO reprocesses and pays the claim."
        );
        assert_eq!(
            seen["decision"]["letter"]["file_name"],
            "decision-letter.pdf"
        );
        assert_eq!(seen["decision"]["decided_on"], iso(today()));
    }
    let mail = emails(&w.app).await;
    let decided: Vec<_> = mail
        .iter()
        .filter(|(_, s, _)| s.starts_with("HFS decided ticket"))
        .collect();
    assert!(decided.iter().any(|(to, _, _)| to == "pat@example.com"));
    assert!(decided
        .iter()
        .all(|(_, _, b)| b.contains("not contested cases") && b.contains("final")));
    assert_no_phi(&mail);
}

#[tokio::test]
async fn both_parties_deliver_and_hfs_sees_what_each_delivered_and_when() {
    let w = world().await;
    let id = ins(
        &w,
        "hfs_review",
        &[
            ("presented_on", days_ago(20)),
            ("mco_responded_on", days_ago(10)),
            ("provider_decided_on", days_ago(9)),
            ("hfs_review_requested_on", days_ago(8)),
        ],
    )
    .await;
    set(
        &w,
        id,
        "provider_decision = 'contested', review_stage = 'requested'",
    )
    .await;
    // HFS does not deliver, and cannot record that both did.
    assert!(refused(&w, &w.hfs, id, deliver("x")).await.contains("Only"));
    let (code, body) = act(
        &w,
        &w.provider,
        id,
        json!({"action": "deliver_information"}),
    )
    .await;
    assert_eq!(code, 422, "{body}");
    for field in [
        "information",
        "contact_name",
        "contact_phone",
        "contact_email",
    ] {
        assert!(body["errors"][field].is_array(), "{field}: {body}");
    }
    let proof = file(&w, &w.provider, id, "authorization.pdf").await;
    let mut body = deliver("The prior authorization, approved before the service.");
    body["attachment_ids"] = json!([proof]);
    let d = step(&w, &w.provider, id, body, "hfs_review").await;
    let clock = |d: &Value| {
        d["deadlines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["key"] == "information_delivery")
            .unwrap()
            .clone()
    };
    assert_eq!(clock(&d)["state"], "pending", "one party is not both");
    assert!(refused(&w, &w.provider, id, deliver("again"))
        .await
        .contains("already delivered"));
    // The MCO sees that the provider delivered, and when, not what.
    let seen = detail(&w, &w.mco, id).await;
    assert_eq!(seen["deliveries"][0]["party"], "provider");
    assert_eq!(seen["deliveries"][0]["delivered_on"], iso(today()));
    assert_eq!(seen["deliveries"][0]["information"], "");
    step(
        &w,
        &w.mco,
        id,
        deliver("Our claim notes and policy."),
        "hfs_review",
    )
    .await;
    let seen = detail(&w, &w.hfs, id).await;
    assert_eq!(clock(&seen)["state"], "met");
    assert_eq!(clock(&seen)["met_on"], iso(today()));
    let deliveries = seen["deliveries"].as_array().unwrap();
    assert_eq!(deliveries.len(), 2);
    assert!(deliveries.iter().any(|d| d["party"] == "mco"
        && d["information"] == "Our claim notes and policy."
        && d["contact_phone"] == "(217) 555-0142"));
    assert!(deliveries.iter().any(
        |d| d["party"] == "provider" && d["attachments"][0]["file_name"] == "authorization.pdf"
    ));
    assert_no_phi(&emails(&w.app).await);
}

#[tokio::test]
async fn a_delivery_after_its_due_date_is_refused() {
    let w = world().await;
    let id = ins(
        &w,
        "hfs_review",
        &[
            ("presented_on", days_ago(90)),
            ("mco_responded_on", days_ago(70)),
            ("provider_decided_on", days_ago(69)),
            ("hfs_review_requested_on", days_ago(60)),
        ],
    )
    .await;
    set(
        &w,
        id,
        "provider_decision = 'contested', review_stage = 'requested'",
    )
    .await;
    assert!(refused(&w, &w.mco, id, deliver("late"))
        .await
        .contains("had to be delivered by"));
}

async fn answered(w: &World) -> i64 {
    ins(
        w,
        "with_mco",
        &[
            ("presented_on", days_ago(4)),
            ("info_requested_on", days_ago(3)),
            ("info_provided_on", days_ago(1)),
        ],
    )
    .await
}

#[tokio::test]
async fn an_incomplete_answer_reported_by_the_mco_is_closed_by_hfs_with_its_reason() {
    let w = world().await;
    let id = answered(&w).await;
    let report = json!({"action": "report_incomplete", "missing": "The itemized bill."});
    assert!(refused(&w, &w.provider, id, report.clone())
        .await
        .contains("Only the MCO"));
    let close = json!({"action": "close", "reason": "incomplete_info_response", "note": "The bill was never sent."});
    assert!(refused(&w, &w.hfs, id, close.clone())
        .await
        .contains("not reported"));
    let d = step(&w, &w.mco, id, report.clone(), "with_mco").await;
    assert_eq!(d["incomplete_report"]["missing"], "The itemized bill.");
    assert!(refused(&w, &w.mco, id, report).await.contains("already"));
    assert!(allowed(&detail(&w, &w.hfs, id).await).contains(&"close_incomplete".into()));
    let d = step(&w, &w.hfs, id, close, "closed").await;
    assert_eq!(d["summary"]["closed_reason"], "incomplete_info_response");
    let seen = detail(&w, &w.provider, id).await;
    assert_eq!(seen["closing_note"], "The bill was never sent.");
    assert_eq!(seen["summary"]["closed_reason"], "incomplete_info_response");
    let mail = emails(&w.app).await;
    assert!(mail
        .iter()
        .any(|(to, s, _)| to == "pat@example.com" && s.contains("was closed by HFS")));
    assert_no_phi(&mail);

    // Or HFS tells the MCO to proceed, and the ticket goes on.
    let other = answered(&w).await;
    let report = json!({"action": "report_incomplete", "missing": "The remittance advice."});
    step(&w, &w.mco, other, report, "with_mco").await;
    let proceed = json!({"action": "proceed", "note": "The advice is attached to the answer."});
    assert!(refused(&w, &w.mco, other, proceed.clone())
        .await
        .contains("Only HFS"));
    let d = step(&w, &w.hfs, other, proceed, "with_mco").await;
    assert_eq!(d["incomplete_report"]["proceed_on"], iso(today()));
    step(&w, &w.mco, other, respond(), "mco_responded").await;
}

#[tokio::test]
async fn an_incomplete_answer_cannot_be_reported_after_the_mcos_resolution_period() {
    let w = world().await;
    let id = ins(
        &w,
        "with_mco",
        &[
            ("presented_on", days_ago(40)),
            ("info_requested_on", days_ago(39)),
            ("info_provided_on", days_ago(38)),
        ],
    )
    .await;
    let report = json!({"action": "report_incomplete", "missing": "x"});
    assert!(refused(&w, &w.mco, id, report)
        .await
        .contains("resolution period"));
}

#[tokio::test]
async fn hfs_closes_for_the_other_reasons_the_seeds_give_with_the_reason_shown() {
    let w = world().await;
    for reason in [
        "mco_not_given_chance",
        "several_issues",
        "several_mcos",
        "several_claims_without_template",
    ] {
        let id = insert_ticket(&w, "submitted", &[]).await;
        let body = json!({"action": "close", "reason": reason, "note": "See the reason."});
        assert!(refused(&w, &w.provider, id, body.clone())
            .await
            .contains("Only HFS"));
        step(&w, &w.hfs, id, body, "closed").await;
        let seen = detail(&w, &w.provider, id).await;
        assert_eq!(seen["summary"]["closed_reason"], reason);
    }
}

#[tokio::test]
async fn the_mco_attaches_files_to_its_information_request() {
    let w = world().await;
    let id = ins(&w, "with_mco", &[("presented_on", days_ago(1))]).await;
    let form = file(&w, &w.mco, id, "request-form.pdf").await;
    // Another party's file cannot be sent as the MCO's.
    let (code, body) = act(
        &w,
        &w.mco,
        id,
        json!({"action": "request_info", "message": "Fill in the form.", "attachment_ids": [999]}),
    )
    .await;
    assert_eq!(code, 422, "{body}");
    let d = step(
        &w,
        &w.mco,
        id,
        json!({"action": "request_info", "message": "Fill in the form.", "attachment_ids": [form]}),
        "info_requested",
    )
    .await;
    let entry = d["history"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["action"] == "request_info")
        .unwrap()
        .clone();
    assert!(entry["text"].as_str().unwrap().contains("request-form.pdf"));
}

#[tokio::test]
async fn a_ticket_filed_through_the_api_is_not_expedited_unless_asked() {
    let app = crate::helpers::spawn_app().await;
    let p = provider(&app, "plain-filer").await;
    let d = submit_ticket(&app, &p, AETNA).await;
    assert_eq!(d["summary"]["expedited"], false);
    let _ = DEMO_PASSWORD;
}
