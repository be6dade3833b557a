use serde_json::Value;

use crate::helpers::spawn_app;

#[tokio::test]
async fn the_rule_table_of_deadlines_md() {
    let app = spawn_app().await;
    let response = app.get("/api/rules").await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body: Value = response.json().await.unwrap();
    let rules = body.as_array().expect("a list");

    let keys: Vec<&str> = rules.iter().map(|r| r["key"].as_str().unwrap()).collect();
    assert_eq!(
        keys,
        [
            "filing_window_opens",
            "filing_window_closes",
            "present_to_mco",
            "mco_info_request",
            "provider_info_response",
            "extension_request",
            "mco_response",
            "provider_decision",
            "hfs_review_request",
            "information_delivery",
            "hfs_decision",
            "registration_review"
        ]
    );
    for rule in rules {
        // serde_json's maps are sorted: compare the sets.
        let mut fields: Vec<&str> = rule
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        fields.sort_unstable();
        let mut want = [
            "key",
            "owed_by",
            "amount",
            "unit",
            "moved",
            "source",
            "consequence",
        ];
        want.sort_unstable();
        assert_eq!(fields, want);
        assert!(rule["amount"].as_u64().is_some_and(|n| n > 0), "{rule}");
        assert!(["business_days", "calendar_days"].contains(&rule["unit"].as_str().unwrap()));
        assert!(rule["moved"].is_boolean());
        assert!(!rule["source"].as_str().unwrap().is_empty());
        assert!(!rule["consequence"].as_str().unwrap().is_empty());
    }

    let mco_response = &rules[6];
    assert_eq!(mco_response["owed_by"], "mco");
    assert_eq!(mco_response["amount"], 30);
    assert_eq!(mco_response["unit"], "calendar_days");
    assert_eq!(mco_response["moved"], true);
    assert!(mco_response["source"]
        .as_str()
        .unwrap()
        .contains("HFS MCO policy \"HFS Provider Resolution Portal Requirements\""));
    assert!(mco_response["consequence"]
        .as_str()
        .unwrap()
        .contains("$5,000"));

    let present = &rules[2];
    assert_eq!(present["owed_by"], "hfs");
    assert_eq!(present["amount"], 10);
    assert_eq!(present["unit"], "business_days");
    let closes = &rules[1];
    assert_eq!(closes["amount"], 60);
    assert_eq!(closes["moved"], false);
    assert_eq!(rules[5]["owed_by"], "mco_or_provider");
    assert_eq!(rules[9]["owed_by"], "mco_and_provider");
}

#[tokio::test]
async fn any_query_parameter_is_refused() {
    let app = spawn_app().await;
    let (status, body) = app.get_json("/api/rules?key=mco_response").await;
    assert_eq!(status, 422);
    let errors = body["errors"].as_object().unwrap();
    assert_eq!(errors.keys().collect::<Vec<_>>(), ["key"]);
}

#[tokio::test]
async fn only_get_is_accepted() {
    let app = spawn_app().await;
    let (status, _) = app.post_raw("/api/rules", "{}").await;
    assert_eq!(status, 405);
}
