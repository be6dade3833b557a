//! `GET /api/openapi.json`: generated from the handlers, it lists every route with its access rule
//! and describes the public endpoints' bodies.

use portal_server::api::access::ROUTES;

use crate::helpers::spawn_app;

#[tokio::test]
async fn the_document_lists_every_route_and_describes_the_public_bodies() {
    let app = spawn_app().await;
    let (status, doc) = app.get_json("/api/openapi.json").await;
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for (method, path, _) in ROUTES {
        let operation = &doc["paths"][format!("/api{path}")][method.to_lowercase()];
        assert!(
            operation.is_object(),
            "{method} {path} is not in the document"
        );
    }
    // The public JSON bodies, from the handlers.
    let sign_in = &doc["paths"]["/api/session"]["post"];
    assert_eq!(sign_in["tags"][0], "public");
    let schema = &doc["components"]["schemas"]["SignInBody"];
    assert_eq!(
        schema["required"],
        serde_json::json!(["username", "password"])
    );
    assert!(doc["components"]["schemas"]["EligibilityBody"]["properties"]["program"].is_object());
    // The others say who may call them, and that they need the session cookie.
    let users = &doc["paths"]["/api/admin/users"]["get"];
    assert_eq!(users["x-access"], "Admin");
    assert!(users["security"][0]["session"].is_array());
    assert!(doc["components"]["securitySchemes"]["session"].is_object());
}
