pub mod facility_requests;
pub mod registrations;

pub use facility_requests::FacilityQueue;
pub use registrations::{RegistrationDecision, RegistrationQueue};
