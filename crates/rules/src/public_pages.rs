//! The public pages: the addresses a visitor can open without signing in, which the small public
//! app holds (the eligibility checker, the deadline pages, statistics, sanctions, sign-in,
//! registering, password reset and the help pages). The server sends that app for these addresses
//! and the whole portal for every other one; the public app loads any other address afresh from the
//! server. One list, so that the two can never disagree (a disagreement would load a page forever).

/// The public pages' paths; `:id` stands for one path segment.
pub const PUBLIC_PAGES: &[&str] = &[
    "/",
    "/eligibility",
    "/eligibility/program",
    "/eligibility/internal-process",
    "/eligibility/tracking-number",
    "/eligibility/received-date",
    "/eligibility/prior-authorization",
    "/eligibility/check",
    "/eligibility/result",
    "/deadlines",
    "/deadlines/calculator",
    "/sign-in",
    "/forgot-password",
    "/forgot-password/sent",
    "/password-reset",
    "/password-reset/done",
    "/confirm-email",
    "/register",
    "/register/name",
    "/register/organization",
    "/register/check",
    "/help",
    "/accessibility",
    "/contacts",
    "/statistics",
    "/sanctions",
    "/sanctions/:id",
];

/// Whether `path` (without query or fragment) is one of [`PUBLIC_PAGES`]. A trailing slash is
/// not the same page (the app's router does not match it either).
pub fn is_public_page(path: &str) -> bool {
    PUBLIC_PAGES.iter().any(|pattern| matches(pattern, path))
}

fn matches(pattern: &str, path: &str) -> bool {
    if pattern == "/" {
        return path == "/";
    }
    let mut want = pattern.split('/');
    let mut got = path.split('/');
    loop {
        match (want.next(), got.next()) {
            (None, None) => return true,
            (Some(w), Some(g)) if w.starts_with(':') => {
                if g.is_empty() {
                    return false;
                }
            }
            (Some(w), Some(g)) if w == g => {}
            _ => return false,
        }
    }
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
