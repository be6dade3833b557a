//! `GET /api/openapi.json`: the OpenAPI 3.1 document of the API, generated with `utoipa` from the
//! handlers of the public endpoints (their `#[utoipa::path]`: method, path, parameters, body and
//! answers) and completed with every other route of the access table (`api::access::ROUTES`:
//! method, path, and who may call it as `x-access` with the session cookie as its security).
//! `cargo xtask test` fuzzes the public endpoints from this document (schemathesis) and expects
//! no 500.
//!
//! The bodies are described by `api::schemas`.
//!
//! May import: `api::access`, `api::schemas`, `api::*` (the handlers' paths), `auth`, `state`.

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use utoipa::openapi::path::{HttpMethod, OperationBuilder};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{ResponseBuilder, ResponsesBuilder};
use utoipa::OpenApi;

use crate::api::schemas::{
    EligibilityBody, EmailConfirmationBody, PasswordResetBody, PasswordResetCompleteBody,
    RegistrationBody, SignInBody, TimelineBody,
};

use crate::api::access::{Access, ROUTES};
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Illinois Medicaid Provider Resolution Portal API",
        description = "The portal's JSON API (docs/api.md). Public endpoints are described in full; \
            the others need the session cookie and are listed with their access rule (x-access)."
    ),
    paths(
        crate::api::health::health,
        crate::api::calendar::holidays,
        crate::api::calendar::changes,
        crate::api::eligibility::eligibility,
        crate::api::timeline::timeline,
        crate::api::rules::rule_table,
        crate::api::tickets::complaint_types,
        crate::api::sanctions::public_list,
        crate::api::sanctions::public_one,
        crate::api::mco_disputes::list,
        crate::api::statistics::json,
        crate::api::session::sign_in,
        crate::api::password_reset::request_reset,
        crate::api::password_reset::complete_reset,
        crate::api::email_confirmation::confirm,
        crate::api::registration::register,
    ),
    components(schemas(
        SignInBody,
        PasswordResetBody,
        PasswordResetCompleteBody,
        EmailConfirmationBody,
        RegistrationBody,
        EligibilityBody,
        TimelineBody
    )),
    tags((name = "public", description = "Anyone may call these"))
)]
pub struct PublicApi;

/// The name of the session cookie's security scheme.
const SESSION: &str = "session";

/// The whole document: the public endpoints from their handlers, every other route from the
/// access table.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = PublicApi::openapi();
    let components = doc.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        SESSION,
        SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
            crate::auth::SESSION_COOKIE,
        ))),
    );
    for (method, path, access) in ROUTES {
        let full = format!("/api{path}");
        let method = match *method {
            "GET" => HttpMethod::Get,
            "POST" => HttpMethod::Post,
            "PUT" => HttpMethod::Put,
            "DELETE" => HttpMethod::Delete,
            _ => continue,
        };
        let documented = doc.paths.paths.get(&full).is_some_and(|item| match method {
            HttpMethod::Get => item.get.is_some(),
            HttpMethod::Post => item.post.is_some(),
            HttpMethod::Put => item.put.is_some(),
            HttpMethod::Delete => item.delete.is_some(),
            _ => false,
        });
        if documented {
            continue;
        }
        let rule = format!("{access:?}");
        let mut extensions = utoipa::openapi::extensions::Extensions::default();
        extensions.insert(
            "x-access".to_owned(),
            serde_json::Value::String(rule.clone()),
        );
        let mut operation = OperationBuilder::new()
            .summary(Some(format!("{} (access: {rule})", full)))
            .responses(
                ResponsesBuilder::new()
                    .response("200", ResponseBuilder::new().description("Done"))
                    .response("401", ResponseBuilder::new().description("No session"))
                    .response(
                        "403",
                        ResponseBuilder::new().description("Not for this role"),
                    ),
            )
            .extensions(Some(extensions));
        if !matches!(access, Access::Public | Access::Demo) {
            operation = operation.security(SecurityRequirement::new(SESSION, Vec::<String>::new()));
        }
        doc.paths
            .add_path_operation(full, vec![method], operation.build());
    }
    doc
}

pub fn router() -> Router<AppState> {
    Router::new().route("/openapi.json", get(openapi_json))
}

/// `GET /api/openapi.json`.
async fn openapi_json(State(_): State<AppState>) -> Response {
    let body = document()
        .to_pretty_json()
        .unwrap_or_else(|_| "{}".to_owned());
    let mut response = body.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}
