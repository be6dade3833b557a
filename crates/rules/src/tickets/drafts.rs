//! How long the portal keeps a draft ticket nobody changes: the portal's own housekeeping rule (the
//! State's documents say nothing of drafts), written once here for the server that deletes them,
//! the email that warns their owner and the pages that say so.

/// A draft unchanged for this many calendar days is deleted, with its files.
pub const DRAFT_KEPT_DAYS: i64 = 90;

/// Its owner is emailed this many calendar days before (and a draft is never deleted sooner than
/// this after that email).
pub const DRAFT_WARNED_DAYS_BEFORE: i64 = 7;

/// What the pages say of it: "Drafts are kept for 90 days after their last change. We email you
/// 7 days before one is deleted."
pub fn keeping_words() -> String {
    format!(
        "Drafts are kept for {DRAFT_KEPT_DAYS} days after their last change. We email you \
         {DRAFT_WARNED_DAYS_BEFORE} days before one is deleted."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_words_name_both_numbers() {
        assert_eq!(
            keeping_words(),
            "Drafts are kept for 90 days after their last change. We email you 7 days before \
             one is deleted."
        );
    }
}
