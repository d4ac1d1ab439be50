//! `auth.admin()`: user management with a service-role key (§2.6).

use std::fmt;

use http::Method;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::client::Auth;
use super::error::AuthError;
use super::http::{segment, Call};
use super::params::SignOutScope;
use super::types::{Factor, User};
use crate::Error;

/// User fields for [`Admin::create_user`] and [`Admin::update_user_by_id`]. Only the fields
/// set are sent.
///
/// ```
/// use supabase_core::auth::AdminUserAttributes;
/// let a = AdminUserAttributes::new()
///     .email("ann@example.com")
///     .password("pw-123456")
///     .email_confirm(true)
///     .user_metadata(serde_json::json!({"name": "Ann"}));
/// assert!(!format!("{a:?}").contains("pw-123456"));
/// ```
#[derive(Clone, Default)]
#[must_use]
pub struct AdminUserAttributes {
    body: Map<String, Value>,
}

impl fmt::Debug for AdminUserAttributes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keys: Vec<&String> = self.body.keys().collect();
        f.debug_struct("AdminUserAttributes")
            .field("fields", &keys)
            .finish()
    }
}

macro_rules! setters {
    ($( $(#[$doc:meta])* $name:ident: $ty:ty, )*) => {
        $(
            $(#[$doc])*
            pub fn $name(mut self, value: impl Into<$ty>) -> Self {
                let value: $ty = value.into();
                self.body.insert(stringify!($name).into(), json!(value));
                self
            }
        )*
    };
}

impl AdminUserAttributes {
    /// Nothing set.
    pub fn new() -> Self {
        Self::default()
    }

    setters! {
        /// The email.
        email: String,
        /// The phone.
        phone: String,
        /// The password.
        password: String,
        /// A bcrypt/argon2 hash instead of a password.
        password_hash: String,
        /// Mark the email confirmed.
        email_confirm: bool,
        /// Mark the phone confirmed.
        phone_confirm: bool,
        /// User metadata.
        user_metadata: Value,
        /// App metadata.
        app_metadata: Value,
        /// `"none"` or a Go duration (`"24h"`).
        ban_duration: String,
        /// The Postgres role claim.
        role: String,
        /// The user id to create the user with.
        id: String,
        /// A reauthentication nonce.
        nonce: String,
    }
}

/// One page of [`Admin::list_users`], with the pagination from `Link` and `X-Total-Count`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct UserList {
    /// The users of this page.
    pub users: Vec<User>,
    /// The audience.
    pub aud: Option<String>,
    /// The next page, if any (from `Link: …; rel="next"`).
    pub next_page: Option<u32>,
    /// The last page (from `Link: …; rel="last"`).
    pub last_page: Option<u32>,
    /// The total number of users (`X-Total-Count`).
    pub total: Option<u64>,
}

/// The type of link [`Admin::generate_link`] makes.
///
/// ```
/// use supabase_core::auth::GenerateLinkType;
/// assert_eq!(GenerateLinkType::EmailChangeNew.as_str(), "email_change_new");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum GenerateLinkType {
    /// Sign-up confirmation (needs a password).
    Signup,
    /// Invitation.
    Invite,
    /// Magic link.
    Magiclink,
    /// Password recovery.
    Recovery,
    /// Email change, sent to the current address.
    EmailChangeCurrent,
    /// Email change, sent to the new address.
    EmailChangeNew,
}

impl GenerateLinkType {
    /// The wire name.
    pub fn as_str(&self) -> &'static str {
        match self {
            GenerateLinkType::Signup => "signup",
            GenerateLinkType::Invite => "invite",
            GenerateLinkType::Magiclink => "magiclink",
            GenerateLinkType::Recovery => "recovery",
            GenerateLinkType::EmailChangeCurrent => "email_change_current",
            GenerateLinkType::EmailChangeNew => "email_change_new",
        }
    }
}

/// Arguments of [`Admin::generate_link`].
///
/// ```
/// use supabase_core::auth::{GenerateLinkParams, GenerateLinkType};
/// let p = GenerateLinkParams::new(GenerateLinkType::EmailChangeNew, "old@example.com")
///     .new_email("new@example.com")
///     .redirect_to("https://app.example.com");
/// # let _ = p;
/// ```
#[derive(Clone)]
#[must_use]
pub struct GenerateLinkParams {
    body: Map<String, Value>,
    redirect_to: Option<String>,
}

impl fmt::Debug for GenerateLinkParams {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GenerateLinkParams")
            .field("type", &self.body.get("type"))
            .field("email", &self.body.get("email"))
            .finish_non_exhaustive()
    }
}

impl GenerateLinkParams {
    /// A link of `link_type` for `email`.
    pub fn new(link_type: GenerateLinkType, email: impl Into<String>) -> Self {
        let mut body = Map::new();
        body.insert("type".into(), link_type.as_str().into());
        body.insert("email".into(), email.into().into());
        GenerateLinkParams {
            body,
            redirect_to: None,
        }
    }

    /// The password (sign-up links).
    pub fn password(mut self, password: impl Into<String>) -> Self {
        self.body.insert("password".into(), password.into().into());
        self
    }

    /// User metadata (sign-up and invite links).
    pub fn data(mut self, data: Value) -> Self {
        self.body.insert("data".into(), data);
        self
    }

    /// The new email (email change links).
    pub fn new_email(mut self, email: impl Into<String>) -> Self {
        self.body.insert("new_email".into(), email.into().into());
        self
    }

    /// Where the link leads (`redirect_to` query parameter).
    pub fn redirect_to(mut self, url: impl Into<String>) -> Self {
        self.redirect_to = Some(url.into());
        self
    }
}

/// The link and its parts. `Debug` hides the link, OTP and hash.
#[derive(Clone, Deserialize)]
#[non_exhaustive]
pub struct LinkProperties {
    /// The link to send to the user.
    pub action_link: String,
    /// The OTP in the email.
    #[serde(default)]
    pub email_otp: String,
    /// The token hash (for `verify_otp` with a token hash).
    #[serde(default)]
    pub hashed_token: String,
    /// The redirect.
    #[serde(default)]
    pub redirect_to: String,
    /// The verification type.
    #[serde(default)]
    pub verification_type: String,
}

impl fmt::Debug for LinkProperties {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LinkProperties")
            .field("redirect_to", &self.redirect_to)
            .field("verification_type", &self.verification_type)
            .finish_non_exhaustive()
    }
}

/// What [`Admin::generate_link`] returns.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct GenerateLinkResponse {
    /// The link.
    pub properties: LinkProperties,
    /// The user.
    pub user: User,
}

/// The admin API, from [`Auth::admin`]. Needs the client's key to be a service-role or
/// secret key; never use it in a browser or app.
///
/// ```no_run
/// # async fn run() -> Result<(), supabase_core::Error> {
/// use supabase_core::Client;
/// use supabase_core::auth::AdminUserAttributes;
/// let admin_client = Client::new("https://xyz.supabase.co", "service-role-key")?;
/// let admin = admin_client.auth().admin();
/// let user = admin
///     .create_user(AdminUserAttributes::new().email("ann@example.com").email_confirm(true))
///     .await?;
/// let page = admin.list_users(Some(1), Some(50)).await?;
/// println!("{} users, next page {:?}", page.total.unwrap_or(0), page.next_page);
/// admin.delete_user(&user.id, true).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Admin {
    auth: Auth,
}

/// Admin MFA calls, from [`Admin::mfa`].
#[derive(Debug, Clone)]
pub struct AdminMfa {
    auth: Auth,
}

impl Auth {
    /// The admin API.
    ///
    /// ```
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "service-key").unwrap();
    /// let admin = client.auth().admin();
    /// # let _ = admin;
    /// ```
    pub fn admin(&self) -> Admin {
        Admin { auth: self.clone() }
    }
}

fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// An id that goes into a path must be a UUID (auth-js and supabase-py check it first).
pub(crate) fn check_uuid(id: &str, what: &str) -> Result<(), AuthError> {
    if is_uuid(id) {
        Ok(())
    } else {
        Err(AuthError::invalid_credentials(format!(
            "expected a UUID as the {what}, got {id:?}"
        )))
    }
}

/// The pagination of a list answer: pages from `Link`, the total from `X-Total-Count`.
pub(crate) struct PageLinks {
    pub(crate) next: Option<u32>,
    pub(crate) last: Option<u32>,
    pub(crate) total: Option<u64>,
}

pub(crate) fn page_links(headers: &http::HeaderMap) -> PageLinks {
    let (next, last) = headers
        .get("link")
        .and_then(|v| v.to_str().ok())
        .map(parse_link)
        .unwrap_or((None, None));
    let total = headers
        .get("x-total-count")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok());
    PageLinks { next, last, total }
}

fn user_of(body: &[u8]) -> Result<User, AuthError> {
    super::body::user_answer(body)?.ok_or_else(AuthError::invalid_token_response)
}

/// The page numbers of a `Link` header, by `rel`.
fn parse_link(header: &str) -> (Option<u32>, Option<u32>) {
    let (mut next, mut last) = (None, None);
    for entry in header.split(',') {
        let mut parts = entry.split(';');
        let target = parts
            .next()
            .map(|t| t.trim().trim_start_matches('<').trim_end_matches('>'))
            .unwrap_or("");
        let rel = parts
            .filter_map(|p| p.trim().strip_prefix("rel="))
            .map(|r| r.trim_matches('"').to_owned())
            .next();
        let page = url::Url::parse(target)
            .or_else(|_| url::Url::parse("http://x/").and_then(|b| b.join(target)))
            .ok()
            .and_then(|u| {
                u.query_pairs()
                    .find(|(k, _)| k == "page")
                    .and_then(|(_, v)| v.parse::<u32>().ok())
            });
        match rel.as_deref() {
            Some("next") => next = page,
            Some("last") => last = page,
            _ => {}
        }
    }
    (next, last)
}

impl Admin {
    pub(crate) fn auth(&self) -> &Auth {
        &self.auth
    }

    /// A user by id (`GET /admin/users/{uid}`); the id must be a UUID.
    pub async fn get_user_by_id(&self, uid: &str) -> Result<User, Error> {
        check_uuid(uid, "user id")?;
        let path = format!("admin/users/{}", segment(uid));
        let answer = self.auth.inner.send(Call::new(Method::GET, &path)).await?;
        Ok(user_of(&answer.body)?)
    }

    /// A page of users (`GET /admin/users?page=&per_page=`; both always sent, empty when
    /// not given). `next_page`/`last_page` come from `Link`, `total` from `X-Total-Count`.
    pub async fn list_users(
        &self,
        page: Option<u32>,
        per_page: Option<u32>,
    ) -> Result<UserList, Error> {
        let text = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
        let call = Call::new(Method::GET, "admin/users")
            .query("page", text(page))
            .query("per_page", text(per_page));
        let answer = self.auth.inner.send(call).await?;
        #[derive(Deserialize)]
        struct Body {
            #[serde(default)]
            users: Vec<User>,
            #[serde(default)]
            aud: Option<String>,
        }
        let body: Body = answer.json()?;
        let links = page_links(&answer.headers);
        Ok(UserList {
            users: body.users,
            aud: body.aud,
            next_page: links.next,
            last_page: links.last,
            total: links.total,
        })
    }

    /// Creates a user (`POST /admin/users`).
    pub async fn create_user(&self, attributes: AdminUserAttributes) -> Result<User, Error> {
        let call = Call::new(Method::POST, "admin/users").body(Value::Object(attributes.body));
        let answer = self.auth.inner.send(call).await?;
        Ok(user_of(&answer.body)?)
    }

    /// Updates a user (`PUT /admin/users/{uid}`).
    pub async fn update_user_by_id(
        &self,
        uid: &str,
        attributes: AdminUserAttributes,
    ) -> Result<User, Error> {
        check_uuid(uid, "user id")?;
        let path = format!("admin/users/{}", segment(uid));
        let call = Call::new(Method::PUT, &path).body(Value::Object(attributes.body));
        let answer = self.auth.inner.send(call).await?;
        Ok(user_of(&answer.body)?)
    }

    /// Deletes a user (`DELETE /admin/users/{id}` with `{should_soft_delete}`); a soft delete
    /// keeps the row and makes the user unusable.
    pub async fn delete_user(&self, id: &str, should_soft_delete: bool) -> Result<(), Error> {
        check_uuid(id, "user id")?;
        let path = format!("admin/users/{}", segment(id));
        let call = Call::new(Method::DELETE, &path)
            .body(json!({ "should_soft_delete": should_soft_delete }));
        self.auth.inner.send(call).await?;
        Ok(())
    }

    /// Invites a user by email (`POST /invite`).
    pub async fn invite_user_by_email(
        &self,
        email: &str,
        data: Option<Value>,
        redirect_to: Option<&str>,
    ) -> Result<User, Error> {
        let mut body = json!({ "email": email });
        if let (Some(obj), Some(d)) = (body.as_object_mut(), data) {
            obj.insert("data".into(), d);
        }
        let call = Call::new(Method::POST, "invite")
            .redirect_to(redirect_to)
            .body(body);
        let answer = self.auth.inner.send(call).await?;
        Ok(user_of(&answer.body)?)
    }

    /// Generates an email link without sending it (`POST /admin/generate_link`).
    pub async fn generate_link(
        &self,
        params: GenerateLinkParams,
    ) -> Result<GenerateLinkResponse, Error> {
        let call = Call::new(Method::POST, "admin/generate_link")
            .redirect_to(params.redirect_to.as_deref())
            .body(Value::Object(params.body));
        let answer = self.auth.inner.send(call).await?;
        // The link's fields and the user's sit side by side at the top: each type reads its
        // own keys from the bytes.
        let properties: LinkProperties = answer
            .json()
            .map_err(|_| AuthError::invalid_token_response())?;
        let mut user = user_of(&answer.body)?;
        for k in [
            "action_link",
            "email_otp",
            "hashed_token",
            "redirect_to",
            "verification_type",
        ] {
            user.extra.remove(k);
        }
        Ok(GenerateLinkResponse { properties, user })
    }

    /// Signs out the user of `jwt` (`POST /logout?scope=…`); 401/403/404 count as success.
    pub async fn sign_out(&self, jwt: &str, scope: SignOutScope) -> Result<(), Error> {
        Ok(self.auth.inner.logout(jwt, scope).await?)
    }

    /// Admin MFA calls.
    pub fn mfa(&self) -> AdminMfa {
        AdminMfa {
            auth: self.auth.clone(),
        }
    }
}

impl AdminMfa {
    /// A user's factors (`GET /admin/users/{id}/factors`).
    pub async fn list_factors(&self, user_id: &str) -> Result<Vec<Factor>, Error> {
        check_uuid(user_id, "user id")?;
        let path = format!("admin/users/{}/factors", segment(user_id));
        Ok(self
            .auth
            .inner
            .send(Call::new(Method::GET, &path))
            .await?
            .json()?)
    }

    /// Deletes a factor (`DELETE /admin/users/{user_id}/factors/{factor_id}`).
    pub async fn delete_factor(&self, user_id: &str, factor_id: &str) -> Result<Value, Error> {
        check_uuid(user_id, "user id")?;
        let path = format!(
            "admin/users/{}/factors/{}",
            segment(user_id),
            segment(factor_id)
        );
        Ok(self
            .auth
            .inner
            .send(Call::new(Method::DELETE, &path))
            .await?
            .json()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_header_pages_above_nine() {
        let h = r#"<http://h/admin/users?page=12&per_page=50>; rel="next", <http://h/admin/users?page=140&per_page=50>; rel="last""#;
        assert_eq!(parse_link(h), (Some(12), Some(140)));
        assert!(is_uuid("9a3c0c8e-0000-4000-8000-000000000001"));
        assert!(!is_uuid("../etc"));
    }
}
