//! The single-page app: static files from `dist/`, its two pages for app routes, cache headers,
//! and the Content-Security-Policy built from the pages' inline scripts.
//!
//! `cargo xtask build` makes the apps in `dist/`: `public-<entry>.html` for each entry of
//! `rules::public_pages::ENTRIES`, a few public pages each (a small first download),
//! `area-<area>.html` for each signed-in area of `rules::public_pages::AREAS` (MCO, HFS,
//! administration), and `index.html`, the provider's area and every other address
//! (docs/architecture.md, "The apps").
//!
//! Rules:
//! - `/api` and `/api/...` never reach the app: unknown API paths answer a JSON 404.
//! - A path whose last segment has a file extension is a file: served from `dist/`, or 404.
//! - Any other path is an app route: it gets the page `rules::public_pages::page_for` names (its
//!   public entry's `public-<entry>.html`, its area's `area-<area>.html`, or `index.html`; all
//!   `no-store`; `index.html` when that page is missing), or a plain 503 page when the app has not
//!   been built.
//! - A page's CSP allows its own inline loader (the hash of its inline script) and nothing else
//!   inline; every other response carries the same policy without any hash (a few hundred bytes
//!   less on each of a first visit's responses).
//! - Files named with Trunk's hash (`name-0123456789abcdef.js`, `name-..._bg.wasm`) are
//!   `immutable`; the pages are `no-store`; other files `no-cache`.
//!
//! The handler that sends requests here is `crate::fallback`.
//!
//! May import: nothing of this crate.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::SystemTime;

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use sha2::{Digest, Sha256};
use tower::ServiceExt as _;
use tower_http::services::ServeDir;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const NOT_BUILT: &str = "The app has not been built yet.\n\n\
    Run `cargo xtask serve` to build it and start the server.\n\
    The API under /api/ works meanwhile.\n";

/// The built app in `dist/` and what was read from its pages.
pub struct Spa {
    dist: PathBuf,
    files: ServeDir,
    pages: RwLock<Arc<Pages>>,
}

/// One reading of `dist/index.html` (the provider's area and any other address) and of every other
/// app's page (`rules::public_pages::app_pages`: the public entries' and the areas'), and the CSP of
/// every response that is not a page (no inline script allowed).
struct Pages {
    app: Index,
    /// `(page name, page)`, in the order of `app_pages`.
    others: Vec<(String, Index)>,
    csp: HeaderValue,
}

impl Pages {
    fn read(dist: &Path) -> Pages {
        let app = Index::read(&dist.join(APP_PAGE));
        let others: Vec<(String, Index)> = rules::public_pages::app_pages()
            .into_iter()
            .map(|name| {
                let index = Index::read(&dist.join(&name));
                (name, index)
            })
            .collect();
        Pages {
            csp: csp_header(&[]),
            app,
            others,
        }
    }

    /// The page a path gets: the one `rules::public_pages::page_for` names (when it was built),
    /// else `index.html`. The pages' own names (`/public-start.html`) get themselves.
    fn for_path(&self, path: &str) -> &Index {
        let last = path.rsplit('/').next().unwrap_or("");
        let name = if is_page_name(last) {
            last.to_owned()
        } else {
            rules::public_pages::page_for(path)
        };
        self.others
            .iter()
            .find(|(n, index)| *n == name && index.html.is_some())
            .map_or(&self.app, |(_, index)| index)
    }

    /// The stamps of every page, to notice a rebuild.
    fn stamps(&self) -> Vec<Option<(SystemTime, u64)>> {
        std::iter::once(self.app.stamp)
            .chain(self.others.iter().map(|(_, index)| index.stamp))
            .collect()
    }
}

/// The provider's area and every address no other app holds (see [`Pages`]).
const APP_PAGE: &str = rules::public_pages::PORTAL_PAGE;

/// Whether `name` (a path's last segment) is one of the apps' pages.
fn is_page_name(name: &str) -> bool {
    name == APP_PAGE || rules::public_pages::app_pages().iter().any(|p| p == name)
}

/// One reading of one page.
struct Index {
    /// The file's contents; `None` when it is missing.
    html: Option<Bytes>,
    /// Modification time and length when read, to notice a rebuild.
    stamp: Option<(SystemTime, u64)>,
    /// Its CSP: the hashes of its inline scripts allowed.
    csp: HeaderValue,
}

impl Index {
    fn read(path: &Path) -> Index {
        let stamp = stamp_of(std::fs::metadata(path).ok());
        match std::fs::read(path) {
            Ok(html) => Index {
                csp: csp_header(&inline_script_hashes(&String::from_utf8_lossy(&html))),
                html: Some(Bytes::from(html)),
                stamp,
            },
            Err(_) => Index {
                html: None,
                stamp: None,
                csp: csp_header(&[]),
            },
        }
    }
}

fn stamp_of(metadata: Option<std::fs::Metadata>) -> Option<(SystemTime, u64)> {
    let metadata = metadata?;
    Some((metadata.modified().ok()?, metadata.len()))
}

impl Spa {
    /// Reads `dist/index.html` and the public entries' pages now; they are read again only when one
    /// changes on disk (a rebuild changes the inline script, and so the hash the CSP must carry).
    pub fn load(dist: PathBuf) -> Spa {
        let pages = Pages::read(&dist);
        Spa {
            files: ServeDir::new(&dist)
                .append_index_html_on_directories(false)
                // The build writes .br and .gz copies (xtask/precompress.mjs).
                .precompressed_br()
                .precompressed_gzip(),
            dist,
            pages: RwLock::new(Arc::new(pages)),
        }
    }

    /// Whether `dist/index.html` was there at the last reading.
    pub fn has_index(&self) -> bool {
        self.current().app.html.is_some()
    }

    /// The Content-Security-Policy header value of every response that is not a page (a page sets
    /// its own, with the hashes of its inline scripts).
    pub fn csp(&self) -> HeaderValue {
        self.current().csp.clone()
    }

    fn current(&self) -> Arc<Pages> {
        match self.pages.read() {
            Ok(pages) => Arc::clone(&pages),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// The current pages, read again first if one changed on disk.
    async fn fresh_pages(&self) -> Arc<Pages> {
        let mut stamps = vec![stamp_of(
            tokio::fs::metadata(self.dist.join(APP_PAGE)).await.ok(),
        )];
        for name in rules::public_pages::app_pages() {
            let path = self.dist.join(name);
            stamps.push(stamp_of(tokio::fs::metadata(path).await.ok()));
        }
        let current = self.current();
        if stamps == current.stamps() {
            return current;
        }
        let dist = self.dist.clone();
        let fresh = match tokio::task::spawn_blocking(move || Pages::read(&dist)).await {
            Ok(pages) => Arc::new(pages),
            Err(_) => return current,
        };
        if fresh.stamps().iter().any(Option::is_some) {
            tracing::info!("read the app's pages again: one changed on disk");
        }
        match self.pages.write() {
            Ok(mut slot) => *slot = Arc::clone(&fresh),
            Err(poisoned) => *poisoned.into_inner() = Arc::clone(&fresh),
        }
        fresh
    }
}

impl Spa {
    /// The answer to a request outside `/api`: a file of `dist/`, else the page for an app route
    /// (`rules::public_pages::page_for`) with the calendar lines
    /// `calendar_changes` gives (asked only for a page).
    pub async fn respond<F>(
        &self,
        request: Request,
        calendar_changes: impl FnOnce() -> F,
    ) -> Response
    where
        F: std::future::Future<Output = String>,
    {
        if request.method() != Method::GET && request.method() != Method::HEAD {
            return (
                StatusCode::METHOD_NOT_ALLOWED,
                [(header::ALLOW, "GET, HEAD")],
                "Method not allowed\n",
            )
                .into_response();
        }
        let path = request.uri().path();
        let last_segment = path.rsplit('/').next().unwrap_or("");
        if is_page_name(last_segment) || !has_extension(last_segment) {
            // The app computes every deadline with the same calendar as the server: HFS's changes go
            // into the page itself, so the app has them from its first frame.
            let changes = calendar_changes().await;
            let pages = self.fresh_pages().await;
            return index_response(pages.for_path(path), &changes);
        }

        // The precompressed copies are sent in place of their file, never by their own name (they would
        // go out with the wrong type).
        if last_segment.ends_with(".br") || last_segment.ends_with(".gz") {
            return (StatusCode::NOT_FOUND, "Not found\n").into_response();
        }
        let hashed = is_hashed_asset(last_segment);
        let response = match self.files.clone().oneshot(request).await {
            Ok(response) => response.map(Body::new),
            Err(never) => match never {},
        };
        if response.status() == StatusCode::NOT_FOUND {
            return (StatusCode::NOT_FOUND, "Not found\n").into_response();
        }
        let mut response = response;
        if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
            let policy = if hashed { IMMUTABLE } else { "no-cache" };
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
        }
        response
    }
}

fn index_response(index: &Index, calendar_changes: &str) -> Response {
    match &index.html {
        Some(html) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/html; charset=utf-8"),
                ),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
                (header::CONTENT_SECURITY_POLICY, index.csp.clone()),
            ],
            with_calendar_changes(html, calendar_changes),
        )
            .into_response(),
        None => (
            StatusCode::SERVICE_UNAVAILABLE,
            [
                (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            NOT_BUILT,
        )
            .into_response(),
    }
}

/// `index.html` with HFS's calendar changes (in `rules::calendar::changes_to_lines` form) in an inert
/// `<script type="text/plain" id="calendar-changes">` before `</head>`. A data block is never run,
/// so it needs no CSP hash; the line format holds no `<`, so it cannot end the element early.
pub fn with_calendar_changes(html: &Bytes, lines: &str) -> Bytes {
    if lines.is_empty() {
        return html.clone();
    }
    let text = String::from_utf8_lossy(html);
    let Some(at) = text.find("</head>") else {
        return html.clone();
    };
    let block = format!(r#"<script type="text/plain" id="calendar-changes">{lines}</script>"#);
    Bytes::from(format!("{}{block}{}", &text[..at], &text[at..]))
}

/// `app.js` and `a.b.css` have one, `eligibility`, `result` and `.hidden` do not.
fn has_extension(segment: &str) -> bool {
    match segment.rfind('.') {
        Some(dot) => dot > 0 && dot + 1 < segment.len(),
        None => false,
    }
}

/// A Trunk output name: `-` and a hex hash right before the extension, with an optional `_bg`
/// (`portal-app-1a2b3c4d5e6f7a8b_bg.wasm`, `input-0123456789abcdef.css`), or the hash and `-` first
/// (Trunk's name for the initializer, `7872df579eda989f-load-initializer.mjs`). Trunk writes the
/// 64-bit hash without leading zeros, so it can be shorter than 16 digits
/// (`portal-app-e668292c3bd3c39.js`); 12 to 16 digits are accepted (a shorter one would need 4
/// leading zero digits: 1 build in 65,536).
pub fn is_hashed_asset(file_name: &str) -> bool {
    let Some((stem, extension)) = file_name.split_once('.') else {
        return false;
    };
    if extension.is_empty() {
        return false;
    }
    let is_hash =
        |hash: &str| (12..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit());
    let hash_first = stem
        .split_once('-')
        .is_some_and(|(hash, name)| !name.is_empty() && is_hash(hash));
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let hash_last = stem
        .rsplit_once('-')
        .is_some_and(|(name, hash)| !name.is_empty() && is_hash(hash));
    hash_first || hash_last
}

/// The CSP for the app: only its own files, WebAssembly, and the given inline script hashes.
pub fn csp_header(script_hashes: &[String]) -> HeaderValue {
    let mut script_src = String::from("'self' 'wasm-unsafe-eval'");
    for hash in script_hashes {
        script_src.push_str(" '");
        script_src.push_str(hash);
        script_src.push('\'');
    }
    let policy = format!(
        "default-src 'self'; script-src {script_src}; style-src 'self'; img-src 'self' data:; \
         font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'"
    );
    HeaderValue::from_str(&policy).expect("the CSP is ASCII")
}

/// `sha256-BASE64` of the text of every inline `<script>` (one without `src`), in document order.
/// Line endings are normalised to `\n` first, as the browser does before hashing.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    inline_scripts(html)
        .into_iter()
        .map(|text| {
            let text = text.replace("\r\n", "\n").replace('\r', "\n");
            format!("sha256-{}", BASE64.encode(Sha256::digest(text.as_bytes())))
        })
        .collect()
}

/// The text of every `<script>` element without a `src` attribute, skipping comments.
fn inline_scripts(html: &str) -> Vec<&str> {
    // ASCII lowercasing keeps every byte offset, so offsets in `lower` index `html` too.
    let lower = html.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let mut scripts = Vec::new();
    let mut at = 0;
    while let Some(found) = lower[at..].find('<') {
        let start = at + found;
        let rest = &lower[start..];
        if rest.starts_with("<!--") {
            match lower[start + 4..].find("-->") {
                Some(end) => {
                    at = start + 4 + end + 3;
                    continue;
                }
                None => break,
            }
        }
        let is_script = rest.starts_with("<script")
            && matches!(
                bytes.get(start + 7),
                Some(b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>')
            );
        if !is_script {
            at = start + 1;
            continue;
        }
        let Some((tag_end, has_src)) = scan_attributes(&lower, start + 7) else {
            break;
        };
        let content_start = tag_end + 1;
        let content_end = lower[content_start..]
            .find("</script")
            .map_or(lower.len(), |end| content_start + end);
        if !has_src {
            scripts.push(&html[content_start..content_end]);
        }
        at = content_end;
    }
    scripts
}

/// Reads a start tag's attributes from `from`; returns the offset of its closing `>` and whether
/// it has a `src` attribute.
fn scan_attributes(lower: &str, from: usize) -> Option<(usize, bool)> {
    let bytes = lower.as_bytes();
    let mut i = from;
    let mut has_src = false;
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        match bytes.get(i)? {
            b'>' => return Some((i, has_src)),
            _ => {
                let name_start = i;
                while i < bytes.len()
                    && !bytes[i].is_ascii_whitespace()
                    && !matches!(bytes[i], b'=' | b'>' | b'/')
                {
                    i += 1;
                }
                if &lower[name_start..i] == "src" {
                    has_src = true;
                }
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                if bytes.get(i) == Some(&b'=') {
                    i += 1;
                    while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    match bytes.get(i)? {
                        quote @ (b'"' | b'\'') => {
                            let close = lower[i + 1..].find(*quote as char)?;
                            i = i + 1 + close + 1;
                        }
                        _ => {
                            while i < bytes.len()
                                && !bytes[i].is_ascii_whitespace()
                                && bytes[i] != b'>'
                            {
                                i += 1;
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names() {
        assert!(is_hashed_asset("portal-app-1a2b3c4d5e6f7a8b_bg.wasm"));
        assert!(is_hashed_asset("portal-app-1a2b3c4d5e6f7a8b.js"));
        assert!(is_hashed_asset("input-0123456789abcdef.css"));
        assert!(!is_hashed_asset("index.html"));
        assert!(!is_hashed_asset("favicon.ico"));
        // Trunk drops leading zeros of the hash.
        assert!(is_hashed_asset("portal-app-e668292c3bd3c39.js"));
        assert!(!is_hashed_asset("portal-app-1a2b3c4d5e6.js"));
        assert!(!is_hashed_asset("portal-app-1a2b3c4d5e6f7a8bc.js"));
        assert!(!is_hashed_asset("portal-app-1a2b3c4d5e6f7a8g.js"));
        assert!(!is_hashed_asset("-1a2b3c4d5e6f7a8b.js"));
        assert!(!is_hashed_asset("1a2b3c4d5e6f7a8b"));
        assert!(is_hashed_asset("7872df579eda989f-load-initializer.mjs"));
        assert!(!is_hashed_asset("7872df579eda989f-.mjs"));
        assert!(!is_hashed_asset("load-initializer.mjs"));
    }

    #[test]
    fn extensions() {
        assert!(has_extension("app.js"));
        assert!(has_extension("a.b.css"));
        assert!(!has_extension("eligibility"));
        assert!(!has_extension(""));
        assert!(!has_extension(".hidden"));
        assert!(!has_extension("trailing."));
    }

    #[test]
    fn finds_only_inline_scripts() {
        let html = "<!doctype html><html><head>\
            <!-- <script>not this</script> -->\
            <script src=\"/a.js\"></script>\
            <SCRIPT type=\"module\" data-x='a>b'>import init from '/app.js';\nawait init();</SCRIPT>\
            <script type=module src=/b.js defer></script>\
            <scripts>no</scripts>\
            <script>second</script>\
            </head><body></body></html>";
        assert_eq!(
            inline_scripts(html),
            vec!["import init from '/app.js';\nawait init();", "second"]
        );
    }

    #[test]
    fn hash_matches_a_known_value() {
        // printf '%s' 'alert(1)' | openssl dgst -sha256 -binary | base64
        assert_eq!(
            inline_script_hashes("<script>alert(1)</script>"),
            vec!["sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=".to_owned()]
        );
        assert_eq!(
            inline_script_hashes("<script>alert(1)\r\n</script>"),
            inline_script_hashes("<script>alert(1)\n</script>")
        );
    }

    #[test]
    fn csp_has_no_unsafe_sources() {
        let csp = csp_header(&["sha256-abc=".to_owned()]);
        let csp = csp.to_str().unwrap();
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-abc=';"));
        assert!(!csp.contains("unsafe-eval'") || csp.contains("'wasm-unsafe-eval'"));
        assert!(!csp.contains("'unsafe-eval'"));
        assert!(!csp.contains("unsafe-inline"));
        assert!(csp.ends_with("frame-ancestors 'none'"));
    }
}
