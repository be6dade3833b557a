use serde_json::Value;

use crate::helpers::{
    inline_script_hash, spawn_app, spawn_app_without_index, HASHED_JS, HASHED_WASM,
    PRECOMPRESSED_BR,
};

#[tokio::test]
async fn unknown_api_paths_answer_json_404() {
    let app = spawn_app().await;
    for path in [
        "/api/nope",
        "/api",
        "/api/",
        "/api/health/extra",
        "/api/calendar",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status().as_u16(), 404, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-store", "{path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"], "not_found", "{path}");
        assert!(body["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("There is no API endpoint at this path")));
    }
    let response = app.client.post(app.url("/api/nope")).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 404);
    assert_eq!(
        response.json::<Value>().await.unwrap()["error"],
        "not_found"
    );
}

#[tokio::test]
async fn wrong_method_on_an_api_path_answers_json_405() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/api/health"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 405);
    assert_eq!(
        response.json::<Value>().await.unwrap()["error"],
        "method_not_allowed"
    );
    let response = app
        .client
        .delete(app.url("/api/calendar/holidays?year=2026"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 405);
}

#[tokio::test]
async fn app_routes_get_index_html_without_caching() {
    let app = spawn_app().await;
    for path in [
        "/",
        "/eligibility/result",
        "/eligibility",
        "/index.html",
        "/tickets/42/",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status().as_u16(), 200, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-store", "{path}");
        assert_eq!(
            response.headers()["content-type"],
            "text/html; charset=utf-8"
        );
        assert_eq!(response.text().await.unwrap(), app.index_html, "{path}");
    }
}

#[tokio::test]
async fn a_missing_file_is_404() {
    let app = spawn_app().await;
    for path in [
        "/missing.js",
        "/eligibility/missing.css",
        "/portal-app-0123456789abcdee.js",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status().as_u16(), 404, "{path}");
        assert_ne!(
            response.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
    }
    // No escaping the dist folder.
    let response = app.get("/..%2f..%2fetc%2fpasswd.txt").await;
    assert_eq!(response.status().as_u16(), 404);
}

#[tokio::test]
async fn cache_policies_by_file() {
    let app = spawn_app().await;
    let response = app.get(&format!("/{HASHED_JS}")).await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .contains("javascript"));
    assert_eq!(response.text().await.unwrap(), app.js);

    let response = app.get(&format!("/{HASHED_WASM}")).await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(response.headers()["content-type"], "application/wasm");

    let response = app.get("/input-0123456789abcdef.css").await;
    assert_eq!(
        response.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );

    let response = app.get("/robots.txt").await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["cache-control"], "no-cache");
}

#[tokio::test]
async fn security_headers_on_every_response() {
    let app = spawn_app().await;
    let hash = inline_script_hash();
    // A page allows its own inline loader; every other response no inline script at all.
    for (path, is_page) in [
        ("/", true),
        ("/eligibility/result", true),
        ("/api/health", false),
        ("/api/nope", false),
        ("/missing.js", false),
        (&format!("/{HASHED_JS}"), false),
    ] {
        let response = app.get(path).await;
        let headers = response.headers();
        let csp = headers["content-security-policy"].to_str().unwrap();
        let script_src = if is_page {
            format!("script-src 'self' 'wasm-unsafe-eval' {hash};")
        } else {
            "script-src 'self' 'wasm-unsafe-eval';".to_owned()
        };
        assert!(
            csp.starts_with(&format!(
                "default-src 'self'; {script_src} style-src 'self';"
            )),
            "{path}: {csp}"
        );
        assert!(csp.contains("object-src 'none'"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(csp.contains("connect-src 'self'"));
        assert!(!csp.contains("'unsafe-eval'"), "{csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "no-referrer", "{path}");
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
    }
}

#[tokio::test]
async fn responses_are_compressed() {
    let app = spawn_app().await;
    for (encoding, path) in [
        ("br", format!("/{HASHED_JS}")),
        ("gzip", format!("/{HASHED_JS}")),
        ("br", "/api/calendar/holidays?year=2026".to_owned()),
    ] {
        let response = app
            .client
            .get(app.url(&path))
            .header("accept-encoding", encoding)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(response.headers()["content-encoding"], encoding, "{path}");
        let compressed = response.bytes().await.unwrap();
        if path.ends_with(".js") {
            assert!(
                compressed.len() < app.js.len() / 4,
                "{} bytes",
                compressed.len()
            );
        }
    }
    // Without Accept-Encoding the body is plain.
    let response = app.get(&format!("/{HASHED_JS}")).await;
    assert!(response.headers().get("content-encoding").is_none());
}

#[tokio::test]
async fn without_a_built_app_pages_answer_503_and_the_api_works() {
    let app = spawn_app_without_index().await;
    let response = app.get("/eligibility/result").await;
    assert_eq!(response.status().as_u16(), 503);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    assert!(response.text().await.unwrap().contains("cargo xtask serve"));
    let response = app.get("/").await;
    assert_eq!(response.status().as_u16(), 503);

    let (status, _) = app.get_json("/api/health").await;
    assert_eq!(status, 200);
    let response = app.get("/api/calendar/holidays?year=2026").await;
    assert_eq!(response.status().as_u16(), 200);
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval';"),
        "{csp}"
    );
}

#[tokio::test]
async fn a_rebuilt_index_is_served_with_its_new_hash() {
    let app = spawn_app().await;
    let script = "import init from '/portal-app-fedcba9876543210.js'; await init();";
    let html = format!("<!DOCTYPE html><html lang=\"en\"><head><script type=\"module\">{script}</script></head><body></body></html>");
    std::fs::write(app.dist.join("index.html"), &html).unwrap();

    let response = app.get("/eligibility").await;
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(response.text().await.unwrap(), html);
    let digest = <sha2::Sha256 as sha2::Digest>::digest(script.as_bytes());
    let hash = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, digest);
    assert!(
        csp.contains(&format!("'wasm-unsafe-eval' 'sha256-{hash}';")),
        "{csp}"
    );
    assert!(!csp.contains(&inline_script_hash()), "the old hash is gone");
}

#[tokio::test]
async fn precompressed_copies_are_sent_as_they_are() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url(&format!("/{HASHED_WASM}")))
        .header("accept-encoding", "gzip, br")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let headers = response.headers().clone();
    assert_eq!(headers["content-encoding"], "br");
    assert_eq!(headers["content-type"], "application/wasm");
    assert_eq!(
        headers["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(&response.bytes().await.unwrap()[..], PRECOMPRESSED_BR);
    // The copy is never served under its own name.
    let direct = app.get(&format!("/{HASHED_WASM}.br")).await;
    assert_eq!(direct.status().as_u16(), 404);
    // A client without brotli gets the file itself.
    let plain = app.get(&format!("/{HASHED_WASM}")).await;
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(&plain.bytes().await.unwrap()[..], b"\0asm\x01\0\0\0");
}

#[tokio::test]
async fn public_pages_get_their_entry_app_and_its_own_loader_in_the_csp() {
    let app = spawn_app().await;
    let hash_of = |script: &str| {
        let digest = <sha2::Sha256 as sha2::Digest>::digest(script.as_bytes());
        format!(
            "'sha256-{}'",
            base64::Engine::encode(&base64::engine::general_purpose::STANDARD, digest)
        )
    };
    let mut pages = Vec::new();
    for (entry, _) in rules::public_pages::ENTRIES {
        let script =
            format!("import init from '/portal-public-{entry}-0123456789abcdef.js'; await init();");
        let html = format!(
            "<!DOCTYPE html><html lang=\"en\"><head><script type=\"module\">{script}</script></head><body></body></html>"
        );
        std::fs::write(app.dist.join(format!("public-{entry}.html")), &html).unwrap();
        pages.push((*entry, html, hash_of(&script)));
    }
    let public_hash = pages[0].2.clone();
    let html_of = |entry: &str| pages.iter().find(|p| p.0 == entry).unwrap().1.clone();

    for (path, entry) in [
        ("/", "start"),
        ("/help", "start"),
        ("/public-start.html", "start"),
        ("/sign-in", "sign-in"),
        ("/password-reset", "sign-in"),
        ("/register", "register"),
        ("/register/name", "register-profile"),
        ("/register/check", "register-profile"),
        ("/eligibility", "eligibility"),
        ("/eligibility/result", "eligibility"),
        ("/deadlines/calculator", "deadlines"),
        ("/deadlines", "deadlines"),
        ("/statistics", "statistics"),
        ("/sanctions", "sanctions"),
        ("/sanctions/7", "sanctions"),
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status().as_u16(), 200, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-store", "{path}");
        let csp = response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        // Its own loader's hash only.
        for (other, _, hash) in &pages {
            assert_eq!(csp.contains(hash), *other == entry, "{path}: {csp}");
        }
        assert!(!csp.contains(&inline_script_hash()), "{path}: {csp}");
        assert_eq!(response.text().await.unwrap(), html_of(entry), "{path}");
    }
    // Every other address gets the whole portal (which answers "Page not found" itself).
    for path in [
        "/tickets",
        "/tickets/42",
        "/account",
        "/hfs/sanctions",
        "/admin/users",
        "/index.html",
        "/eligibility/",
        "/no-such-page",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status().as_u16(), 200, "{path}");
        let csp = response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(!csp.contains(&public_hash), "{path}: {csp}");
        assert!(csp.contains(&inline_script_hash()), "{path}: {csp}");
        assert_eq!(response.text().await.unwrap(), app.index_html, "{path}");
    }
    // An API answer carries the policy without any inline script.
    let response = app.get("/api/health").await;
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .unwrap();
    assert!(!csp.contains("sha256-"), "{csp}");
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval';"),
        "{csp}"
    );
}

#[tokio::test]
async fn signed_in_areas_get_their_own_app_and_every_other_address_the_providers() {
    let app = spawn_app().await;
    let mut pages = Vec::new();
    for (area, _) in rules::public_pages::AREAS {
        let script =
            format!("import init from '/portal-area-{area}-0123456789abcdef.js'; await init();");
        let html = format!(
            "<!DOCTYPE html><html lang=\"en\"><head><script type=\"module\">{script}</script></head><body></body></html>"
        );
        std::fs::write(app.dist.join(format!("area-{area}.html")), &html).unwrap();
        pages.push((*area, html));
    }
    let html_of = |area: &str| pages.iter().find(|p| p.0 == area).unwrap().1.clone();
    for (path, area) in [
        ("/mco/tickets", "mco"),
        ("/fines", "mco"),
        ("/area-mco.html", "mco"),
        ("/hfs/tickets", "hfs"),
        ("/hfs/registrations/5", "hfs"),
        ("/hfs/facility-requests", "hfs"),
        ("/hfs/sanctions", "hfs"),
        ("/admin/users", "admin"),
        ("/admin/users/3/role", "admin"),
        ("/admin/outbox", "admin"),
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status().as_u16(), 200, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-store", "{path}");
        let csp = response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(!csp.contains(&inline_script_hash()), "{path}: {csp}");
        assert_eq!(response.text().await.unwrap(), html_of(area), "{path}");
    }
    // The provider's area, the ticket page and the account pages, and any unknown address: index.html.
    for path in [
        "/tickets",
        "/tickets/42",
        "/tickets/new/3/claims",
        "/account",
        "/demo/outbox",
        "/hfs/no-such-page",
        "/no-such-page",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status().as_u16(), 200, "{path}");
        assert_eq!(response.text().await.unwrap(), app.index_html, "{path}");
    }
}
