//! The data types of the Auth API.

mod session;
mod user;

pub use session::{AuthResponse, OAuthResponse, OtpResponse, Session, WeakPassword};
pub use user::{Factor, Identity, User};
