//! The public pages: the addresses a visitor can open without signing in, which the small public
//! entry apps hold (the eligibility checker, the deadline pages, statistics, sanctions, sign-in,
//! registering, password reset and the help pages), and the signed-in areas with an app of their
//! own ([`AREAS`]). The server sends each address the app [`page_for`] names; an app loads any
//! address it does not hold afresh from the server. One list, so that they can never disagree (a
//! disagreement would load a page forever).

/// The public pages, in small entry apps of a few pages each: `(entry, paths)`. The server sends
/// `public-<entry>.html` for each of an entry's paths; an entry app moves between its own pages in
/// the page and loads any other address afresh from the server. `:id` stands for one path segment.
/// Each entry's pages are what its visitor needs together (its first download is held to 150 KB).
pub const ENTRIES: &[(&str, &[&str])] = &[
    ("start", &["/", "/help", "/accessibility", "/contacts"]),
    (
        "sign-in",
        &[
            "/sign-in",
            "/forgot-password",
            "/forgot-password/sent",
            "/password-reset",
            "/password-reset/done",
            "/confirm-email",
        ],
    ),
    (
        // Registering: the account first, the profile's steps (signed in by then) apart, so that
        // the first download of `/register` holds no profile checks.
        "register",
        &["/register"],
    ),
    (
        "register-profile",
        &[
            "/register/name",
            "/register/organization",
            "/register/check",
        ],
    ),
    (
        "eligibility",
        &[
            "/eligibility",
            "/eligibility/program",
            "/eligibility/internal-process",
            "/eligibility/tracking-number",
            "/eligibility/received-date",
            "/eligibility/prior-authorization",
            "/eligibility/check",
            "/eligibility/result",
        ],
    ),
    ("deadlines", &["/deadlines", "/deadlines/calculator"]),
    ("statistics", &["/statistics"]),
    ("sanctions", &["/sanctions", "/sanctions/:id"]),
];

/// The signed-in areas with an app of their own: `(area, paths)`. The server sends `area-<area>.html`
/// for each of an area's paths; every other signed-in address (the provider's pages, the ticket
/// page, the account pages) gets `index.html`, the provider's area, which is also the app for an
/// address no app holds ("Page not found"). Each area's app also holds the pages its users reach from
/// it (the ticket page, the account pages, and for HFS the fines), and loads any other address afresh
/// from the server, as a public entry app does. The MCO's fines page is the MCO area's; HFS reaches
/// it inside its own.
pub const AREAS: &[(&str, &[&str])] = &[
    ("mco", &["/mco/tickets", "/fines"]),
    (
        "hfs",
        &[
            "/hfs/tickets",
            "/hfs/registrations",
            "/hfs/registrations/:user_id",
            "/hfs/facility-requests",
            "/hfs/sanctions",
        ],
    ),
    (
        "admin",
        &[
            "/admin/users",
            "/admin/users/:id/role",
            "/admin/mcos",
            "/admin/calendar",
            "/admin/audit",
            "/admin/outbox",
        ],
    ),
];

/// The provider's area, and every address no other app holds: `index.html`.
pub const PORTAL_PAGE: &str = "index.html";

/// The signed-in area that has its own app for `path`, if any ([`AREAS`]).
pub fn area_of(path: &str) -> Option<&'static str> {
    AREAS
        .iter()
        .find(|(_, pages)| pages.iter().any(|pattern| matches(pattern, path)))
        .map(|(area, _)| *area)
}

/// The page of `dist/` the server sends for `path` (without query or fragment):
/// `public-<entry>.html` for a public page, `area-<area>.html` for a page of an area with its own
/// app, [`PORTAL_PAGE`] for any other. An app loads afresh every address whose page is not its own.
pub fn page_for(path: &str) -> String {
    if let Some(entry) = entry_of(path) {
        entry_page(entry)
    } else if let Some(area) = area_of(path) {
        area_page(area)
    } else {
        PORTAL_PAGE.to_owned()
    }
}

/// A public entry's page: `public-<entry>.html`.
pub fn entry_page(entry: &str) -> String {
    format!("public-{entry}.html")
}

/// A signed-in area's page: `area-<area>.html`.
pub fn area_page(area: &str) -> String {
    format!("area-{area}.html")
}

/// Every app's page but [`PORTAL_PAGE`]: the public entries', then the areas'.
pub fn app_pages() -> Vec<String> {
    ENTRIES
        .iter()
        .map(|(entry, _)| entry_page(entry))
        .chain(AREAS.iter().map(|(area, _)| area_page(area)))
        .collect()
}

/// The entry app that holds `path` (without query or fragment), if it is a public page. A
/// trailing slash is not the same page (the app's router does not match it either).
pub fn entry_of(path: &str) -> Option<&'static str> {
    ENTRIES
        .iter()
        .find(|(_, pages)| pages.iter().any(|pattern| matches(pattern, path)))
        .map(|(entry, _)| *entry)
}

/// Whether `path` (without query or fragment) is a public page (one of [`ENTRIES`]).
pub fn is_public_page(path: &str) -> bool {
    entry_of(path).is_some()
}

/// The values of `pattern`'s `:name` segments in `path` (`name` without its colon), if `path`
/// matches `pattern`.
pub fn params_of(pattern: &str, path: &str) -> Option<Vec<(String, String)>> {
    if pattern == "/" {
        return (path == "/").then(Vec::new);
    }
    let mut params = Vec::new();
    let mut want = pattern.split('/');
    let mut got = path.split('/');
    loop {
        match (want.next(), got.next()) {
            (None, None) => return Some(params),
            (Some(w), Some(g)) if w.starts_with(':') => {
                if g.is_empty() {
                    return None;
                }
                params.push((w[1..].to_owned(), g.to_owned()));
            }
            (Some(w), Some(g)) if w == g => {}
            _ => return None,
        }
    }
}

fn matches(pattern: &str, path: &str) -> bool {
    params_of(pattern, path).is_some()
}

/// The page a user returns to after signing in, from a `return` given to `/sign-in`: a path of this
/// site only (it starts with one `/`, has no scheme, no host, no `..`, no backslash), and the path
/// alone (a query or fragment is dropped: nothing typed, so no protected health information, is
/// carried). `None` for anything else, and for the sign-in page itself.
pub fn return_path(text: &str) -> Option<String> {
    let path = text.split(['?', '#']).next().unwrap_or("");
    let safe = path.starts_with('/')
        && !path.starts_with("//")
        && path.len() <= 200
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.'))
        && !path
            .split('/')
            .any(|segment| segment == ".." || segment == ".")
        && path != "/sign-in";
    safe.then(|| path.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_address_has_one_app_page() {
        assert_eq!(page_for("/eligibility"), "public-eligibility.html");
        assert_eq!(page_for("/mco/tickets"), "area-mco.html");
        assert_eq!(page_for("/fines"), "area-mco.html");
        assert_eq!(page_for("/hfs/registrations/12"), "area-hfs.html");
        assert_eq!(page_for("/admin/users/3/role"), "area-admin.html");
        assert_eq!(page_for("/tickets"), PORTAL_PAGE);
        assert_eq!(page_for("/tickets/7"), PORTAL_PAGE);
        assert_eq!(page_for("/account"), PORTAL_PAGE);
        assert_eq!(page_for("/no/such/page"), PORTAL_PAGE);
        // No path is both public and an area's, and no area path is given twice.
        let mut seen = std::collections::HashSet::new();
        for (_, paths) in ENTRIES.iter().chain(AREAS) {
            for path in *paths {
                assert!(seen.insert(*path), "{path} is in two apps");
            }
        }
        let pages = app_pages();
        assert_eq!(pages.len(), ENTRIES.len() + AREAS.len());
        assert!(pages.contains(&"area-hfs.html".to_owned()));
    }

    #[test]
    fn public_and_signed_in_pages() {
        for path in [
            "/",
            "/eligibility",
            "/eligibility/result",
            "/deadlines/calculator",
        ] {
            assert!(is_public_page(path), "{path}");
        }
        assert!(is_public_page("/sanctions/42"));
        assert!(is_public_page("/register/check"));
        for path in [
            "",
            "/tickets",
            "/tickets/new",
            "/account",
            "/hfs/sanctions",
            "/admin/users",
            "/sanctions/",
            "/sanctions/42/edit",
            "/eligibility/",
            "/deadlines/calculator/x",
            "/nowhere",
        ] {
            assert!(!is_public_page(path), "{path}");
        }
    }

    #[test]
    fn each_public_page_has_one_entry() {
        assert_eq!(entry_of("/"), Some("start"));
        assert_eq!(entry_of("/help"), Some("start"));
        assert_eq!(entry_of("/password-reset"), Some("sign-in"));
        assert_eq!(entry_of("/register"), Some("register"));
        assert_eq!(entry_of("/register/check"), Some("register-profile"));
        assert_eq!(entry_of("/eligibility/result"), Some("eligibility"));
        assert_eq!(entry_of("/deadlines/calculator"), Some("deadlines"));
        assert_eq!(entry_of("/statistics"), Some("statistics"));
        assert_eq!(entry_of("/sanctions/42"), Some("sanctions"));
        assert_eq!(entry_of("/tickets"), None);
        for (entry, pages) in ENTRIES {
            for page in *pages {
                let path = page.replace(":id", "7");
                assert_eq!(entry_of(&path), Some(*entry), "{page}");
            }
        }
        assert_eq!(
            params_of("/sanctions/:id", "/sanctions/42"),
            Some(vec![("id".to_owned(), "42".to_owned())])
        );
        assert_eq!(params_of("/sanctions/:id", "/sanctions/"), None);
        assert_eq!(params_of("/", "/"), Some(Vec::new()));
    }

    #[test]
    fn return_paths_are_paths_of_this_site() {
        assert_eq!(return_path("/tickets/12"), Some("/tickets/12".into()));
        assert_eq!(
            return_path("/hfs/tickets?status=submitted"),
            Some("/hfs/tickets".into())
        );
        assert_eq!(return_path("/mco/tickets#all"), Some("/mco/tickets".into()));
        for bad in [
            "",
            "tickets",
            "//evil.example/x",
            "/\\evil.example",
            "https://evil.example/",
            "/tickets/../admin",
            "/a b",
            "/sign-in",
            "javascript:alert(1)",
            "/%2F%2Fevil",
        ] {
            assert_eq!(return_path(bad), None, "{bad}");
        }
    }
}
