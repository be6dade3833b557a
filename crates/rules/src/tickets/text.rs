//! The text checks the form and the actions share: short texts, free texts, phone numbers.

use crate::accounts::{clean_text, normalize_phone};

/// The longest free text: the description, the outcome wanted, and every action's text.
pub const TEXT_MAX_CHARS: usize = 5_000;

/// A short text on one line: cleaned with [`clean_text`], required, at most `max` characters.
pub(crate) fn check_short_text(
    text: &str,
    empty: &str,
    label: &str,
    max: usize,
) -> Result<String, String> {
    let cleaned = clean_text(text);
    if cleaned.is_empty() {
        return Err(empty.into());
    }
    if cleaned.chars().count() > max {
        return Err(format!("{label} must be {max} characters or fewer"));
    }
    Ok(cleaned)
}

/// Free text that keeps its paragraphs: line endings made `\n`, other control characters (tabs
/// excepted) dropped, trailing spaces of lines and the whole text trimmed.
pub fn clean_long_text(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    text.lines()
        .map(|line| {
            line.chars()
                .filter(|c| *c == '\t' || !c.is_control())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// Required free text of at most [`TEXT_MAX_CHARS`] characters, cleaned with [`clean_long_text`].
pub(crate) fn check_long_text(text: &str, empty: &str, label: &str) -> Result<String, String> {
    let cleaned = clean_long_text(text);
    if cleaned.is_empty() {
        return Err(empty.into());
    }
    if cleaned.chars().count() > TEXT_MAX_CHARS {
        return Err(format!("{label} must be 5,000 characters or fewer"));
    }
    Ok(cleaned)
}

/// The message of every phone number the portal cannot read (as [`crate::accounts`]).
pub const PHONE_FORMAT_MESSAGE: &str = "Enter a phone number, like 217 555 0100";

pub(crate) fn check_phone(text: &str, empty: &str) -> Result<String, String> {
    if text.trim().is_empty() {
        return Err(empty.into());
    }
    normalize_phone(text).ok_or_else(|| PHONE_FORMAT_MESSAGE.into())
}
