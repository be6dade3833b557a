//! Each MCO's own dispute process (`docs/tickets.md`): what HFS administrators record per MCO
//! (the link to its internal dispute process, how to get a tracking number, its provider services
//! phone number) and the checks of that form, the same in the browser and the server. Every field
//! may stay empty: the seeded MCOs start with their names only.

use serde::{Deserialize, Serialize};

use crate::accounts::normalize_phone;
use crate::wire::ErrorBody;

/// The longest link kept.
pub const URL_MAX_CHARS: usize = 500;
/// The longest guidance kept.
pub const GUIDANCE_MAX_CHARS: usize = 1000;

/// `GET /api/mco-disputes`: one MCO's dispute information (empty strings where none is recorded).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct McoDispute {
    pub mco_id: i64,
    pub mco_name: String,
    /// `https://...`, the MCO's page about its internal dispute process.
    pub dispute_url: String,
    /// How to get a tracking number from the MCO, in the MCO's words.
    pub tracking_guidance: String,
    /// `(217) 555-0100`.
    pub provider_services_phone: String,
}

impl McoDispute {
    /// Whether anything is recorded.
    pub fn is_empty(&self) -> bool {
        self.dispute_url.is_empty()
            && self.tracking_guidance.is_empty()
            && self.provider_services_phone.is_empty()
    }
}

/// `PUT /api/admin/mcos/{id}/dispute`: the form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct McoDisputeInput {
    pub dispute_url: String,
    pub tracking_guidance: String,
    pub provider_services_phone: String,
}

/// The form as stored (trimmed, the phone written `(217) 555-0100`), or a message per field.
pub fn check(input: &McoDisputeInput) -> Result<McoDisputeInput, ErrorBody> {
    let mut errors = ErrorBody::default();
    let url = input.dispute_url.trim();
    if !url.is_empty() {
        let rest = url.strip_prefix("https://").unwrap_or_default();
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        if rest.is_empty() || !host.contains('.') || host.starts_with('.') || host.ends_with('.') {
            errors.add(
                "dispute_url",
                "Enter the link as a full web address starting with https://, like https://www.example.com/disputes",
            );
        } else if url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
        {
            errors.add("dispute_url", "The link must not contain spaces or quotes");
        } else if url.chars().count() > URL_MAX_CHARS {
            errors.add(
                "dispute_url",
                "The link is too long: 500 characters at most",
            );
        }
    }
    let guidance = input.tracking_guidance.trim();
    if guidance.chars().count() > GUIDANCE_MAX_CHARS {
        errors.add(
            "tracking_guidance",
            "The tracking number guidance is too long: 1000 characters at most",
        );
    } else if guidance
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r')
    {
        errors.add(
            "tracking_guidance",
            "Remove the tab and control characters from the guidance",
        );
    }
    let phone = input.provider_services_phone.trim();
    let phone = if phone.is_empty() {
        String::new()
    } else {
        match normalize_phone(phone) {
            Some(p) => p,
            None => {
                errors.add(
                    "provider_services_phone",
                    "Enter a US phone number with its area code, like 217 555 0100",
                );
                String::new()
            }
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(McoDisputeInput {
        dispute_url: url.to_owned(),
        tracking_guidance: guidance.replace("\r\n", "\n"),
        provider_services_phone: phone,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(url: &str, guidance: &str, phone: &str) -> McoDisputeInput {
        McoDisputeInput {
            dispute_url: url.into(),
            tracking_guidance: guidance.into(),
            provider_services_phone: phone.into(),
        }
    }

    #[test]
    fn everything_may_stay_empty() {
        assert_eq!(
            check(&input(" ", "", "")).unwrap(),
            McoDisputeInput::default()
        );
    }

    #[test]
    fn a_good_form_is_tidied() {
        let ok = check(&input(
            " https://www.example.com/providers/disputes ",
            " Call provider services. ",
            "217.555.0100",
        ))
        .unwrap();
        assert_eq!(ok.dispute_url, "https://www.example.com/providers/disputes");
        assert_eq!(ok.tracking_guidance, "Call provider services.");
        assert_eq!(ok.provider_services_phone, "(217) 555-0100");
    }

    #[test]
    fn bad_fields_say_what_to_do() {
        let errors = check(&input("http://x.com", &"a".repeat(1001), "555")).unwrap_err();
        assert_eq!(errors.errors.len(), 3);
        assert!(check(&input("javascript:alert(1)", "", "")).is_err());
        assert!(check(&input("https://nohost", "", "")).is_err());
        assert!(check(&input("https://a.com/x y", "", "")).is_err());
    }
}
