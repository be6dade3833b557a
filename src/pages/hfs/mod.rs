//! HFS staff's queues: registration requests and requested facilities.

pub mod facility_requests;
pub mod registrations;

pub use facility_requests::FacilityQueue;
pub use registrations::{RegistrationDecision, RegistrationQueue};
