//! The help pages, open to anyone: "Using the portal" (`/help`), the accessibility statement
//! (`/accessibility`) and the contacts the State's documents give (`/contacts`).

mod accessibility;
mod contacts;
mod using;

pub use accessibility::AccessibilityStatement;
pub use contacts::Contacts;
pub use using::UsingThePortal;

/// Questions about the portal and registering ("Portal Overview", the registration instructions).
pub const PORTAL_INQUIRIES: &str = "HFS.PortalInquiries@illinois.gov";
/// Login help (the registration instructions' sample invitation).
pub const LOGIN_HELP: &str = "hfs.crm.help@illinois.gov";
/// Medicaid fee-for-service issues (the portal launch notice, the 2021 reminders, the overview).
pub const FEE_FOR_SERVICE_PHONE: &str = "877-782-5565";
