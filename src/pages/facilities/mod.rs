pub mod invitation;
pub mod request;

pub use invitation::RedeemInvitation;
pub use request::RequestFacilities;
