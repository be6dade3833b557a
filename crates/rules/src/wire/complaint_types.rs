//! The complaint types a ticket is about (`GET /api/complaint-types`). Written once, here.

use serde::{Deserialize, Serialize};

/// The eleven complaint types of the July 2023 overview ("Portal Complaint Types").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComplaintType {
    ClaimsPayment,
    Communications,
    Contracting,
    CoverageServiceDenials,
    Eligibility,
    PatientCreditFile,
    PriorAuthorizations,
    ProviderEnrollment,
    Roster,
    SystemIssue,
    Other,
}

impl ComplaintType {
    pub const ALL: [ComplaintType; 11] = [
        ComplaintType::ClaimsPayment,
        ComplaintType::Communications,
        ComplaintType::Contracting,
        ComplaintType::CoverageServiceDenials,
        ComplaintType::Eligibility,
        ComplaintType::PatientCreditFile,
        ComplaintType::PriorAuthorizations,
        ComplaintType::ProviderEnrollment,
        ComplaintType::Roster,
        ComplaintType::SystemIssue,
        ComplaintType::Other,
    ];

    /// The seed's own words.
    pub fn label(self) -> &'static str {
        match self {
            ComplaintType::ClaimsPayment => "Claims/Payment",
            ComplaintType::Communications => "Communications",
            ComplaintType::Contracting => "Contracting",
            ComplaintType::CoverageServiceDenials => "Coverage/Service Denials",
            ComplaintType::Eligibility => "Eligibility",
            ComplaintType::PatientCreditFile => "Patient Credit File (PCF)",
            ComplaintType::PriorAuthorizations => "Prior Authorizations (PAs)",
            ComplaintType::ProviderEnrollment => "Provider Enrollment",
            ComplaintType::Roster => "Roster",
            ComplaintType::SystemIssue => "System Issue",
            ComplaintType::Other => "Other",
        }
    }

    /// The type's key on the wire (`claims_payment`, ...).
    pub fn key(self) -> String {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::String(key)) => key,
            _ => String::new(),
        }
    }
}

/// One complaint type as `GET /api/complaint-types` lists it: `{"key", "label"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintTypeOption {
    /// The [`ComplaintType`] in snake case (`claims_payment`, ...).
    pub key: String,
    pub label: String,
}

impl From<ComplaintType> for ComplaintTypeOption {
    fn from(t: ComplaintType) -> Self {
        ComplaintTypeOption {
            key: t.key(),
            label: t.label().to_owned(),
        }
    }
}
