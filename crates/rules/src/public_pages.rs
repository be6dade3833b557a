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
}
