//! Every route has an access rule (`portal_server::api::access::ROUTES`), and the rule holds: the
//! test walks the router's source for every route it registers and the table for every rule, and
//! calls each route against the real server as nobody, as a provider and as HFS staff.

use std::collections::BTreeSet;

use portal_server::api::access::{Access, ROUTES};
use reqwest::Method;

use crate::helpers::tickets::{provider, staff};
use crate::helpers::{spawn_app, APP_HEADER};

/// Every `(path)` the router's source registers with `.route("...")` in `src/api/`.
fn routed_paths() -> BTreeSet<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/api");
    let mut paths = BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            let mut rest = text.as_str();
            while let Some(at) = rest.find(".route(") {
                rest = &rest[at + ".route(".len()..];
                let trimmed = rest.trim_start();
                if let Some(literal) = trimmed.strip_prefix('"') {
                    let end = literal.find('"').unwrap();
                    paths.insert(literal[..end].to_owned());
                }
            }
        }
    }
    paths
}

#[test]
fn every_routed_path_has_a_rule_and_every_rule_a_route() {
    let routed = routed_paths();
    assert!(routed.len() > 50, "{routed:?}");
    let ruled: BTreeSet<String> = ROUTES.iter().map(|(_, p, _)| (*p).to_owned()).collect();
    let unruled: Vec<_> = routed.difference(&ruled).collect();
    assert!(
        unruled.is_empty(),
        "routes without an access rule: {unruled:?}"
    );
    let unrouted: Vec<_> = ruled.difference(&routed).collect();
    assert!(unrouted.is_empty(), "rules of no route: {unrouted:?}");
    // One rule per method and path.
    let unique: BTreeSet<(&str, &str)> = ROUTES.iter().map(|(m, p, _)| (*m, *p)).collect();
    assert_eq!(unique.len(), ROUTES.len());
}

/// The path with its parameters filled in.
fn concrete(path: &str) -> String {
    path.replace("{date}", "2026-12-24")
        .replace("{id}", "1")
        .replace("{user_id}", "1")
        .replace("{attachment_id}", "1")
        .replace("{fine_id}", "1")
}

async fn call(
    app: &crate::helpers::TestApp,
    client: &reqwest::Client,
    method: &str,
    path: &str,
) -> u16 {
    let method = Method::from_bytes(method.as_bytes()).unwrap();
    let mut request = client
        .request(method.clone(), app.url(&format!("/api{}", concrete(path))))
        .header(APP_HEADER.0, APP_HEADER.1);
    if method != Method::GET && method != Method::DELETE {
        request = request
            .header("content-type", "application/json")
            .body("{}");
    }
    request.send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn every_route_keeps_its_access_rule() {
    let app = spawn_app().await;
    let nobody = app.new_client();
    let p = provider(&app, "provider1").await;
    let hfs = staff(&app, "hfs-staff", "hfs_staff", None).await;
    let mut wrong = Vec::new();
    for (method, path, access) in ROUTES {
        let anonymous = call(&app, &nobody, method, path).await;
        if (*method, *path) == ("DELETE", "/session") {
            // Signing out would end the sessions the walk goes on with.
            assert_eq!(anonymous, 401);
            continue;
        }
        let as_provider = call(&app, &p.client, method, path).await;
        let as_hfs = call(&app, &hfs, method, path).await;
        let statuses = (anonymous, as_provider, as_hfs);
        // Never a server error, whoever asks (a route without a rule would answer 500).
        let fine = [anonymous, as_provider, as_hfs].iter().all(|s| *s < 500)
            && match access {
                Access::Public => ![401, 403].contains(&anonymous),
                // The tests' server runs without --demo.
                Access::Demo => anonymous == 404,
                Access::SignedIn | Access::TicketParty => anonymous == 401,
                Access::Provider => {
                    anonymous == 401
                        && ![401, 403].contains(&as_provider)
                        && [403, 404].contains(&as_hfs)
                }
                Access::Hfs => {
                    anonymous == 401 && as_provider == 403 && ![401, 403].contains(&as_hfs)
                }
                Access::Admin => anonymous == 401 && as_provider == 403 && as_hfs == 403,
            };
        if !fine {
            wrong.push(format!("{method} {path} ({access:?}): {statuses:?}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "routes not keeping their rule:\n{}",
        wrong.join("\n")
    );
}
