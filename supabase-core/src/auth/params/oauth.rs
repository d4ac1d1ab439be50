//! OAuth and SSO arguments.

/// Arguments of [`crate::auth::Auth::sign_in_with_oauth`] and
/// [`crate::auth::Auth::link_identity`].
///
/// ```
/// use supabase_core::auth::SignInWithOAuthCredentials;
/// let c = SignInWithOAuthCredentials::new("github")
///     .redirect_to("https://app.example.com/callback")
///     .scopes("repo gist")
///     .query_param("prompt", "consent");
/// # let _ = c;
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct SignInWithOAuthCredentials {
    pub(crate) provider: String,
    pub(crate) redirect_to: Option<String>,
    pub(crate) scopes: Option<String>,
    pub(crate) query_params: Vec<(String, String)>,
}

impl SignInWithOAuthCredentials {
    /// The provider (`github`, `google`, `azure`, …).
    pub fn new(provider: impl Into<String>) -> Self {
        SignInWithOAuthCredentials {
            provider: provider.into(),
            redirect_to: None,
            scopes: None,
            query_params: Vec::new(),
        }
    }

    /// A custom provider made with the admin API: the provider becomes `custom:{identifier}`
    /// (pass the bare identifier, without the prefix).
    ///
    /// ```
    /// use supabase_core::auth::SignInWithOAuthCredentials;
    /// let c = SignInWithOAuthCredentials::custom("acme");
    /// # let _ = c;
    /// ```
    pub fn custom(identifier: &str) -> Self {
        Self::new(format!("custom:{identifier}"))
    }

    /// Where the provider sends the user back.
    pub fn redirect_to(mut self, url: impl Into<String>) -> Self {
        self.redirect_to = Some(url.into());
        self
    }

    /// Space-separated scopes to ask the provider for.
    pub fn scopes(mut self, scopes: impl Into<String>) -> Self {
        self.scopes = Some(scopes.into());
        self
    }

    /// An extra query parameter for the provider (`access_type`, `prompt`, …).
    pub fn query_param(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.query_params.push((key.into(), value.into()));
        self
    }
}

#[derive(Debug, Clone)]
pub(crate) enum SsoTarget {
    Domain(String),
    ProviderId(String),
}

/// Arguments of [`crate::auth::Auth::sign_in_with_sso`]: the company domain or the SSO
/// provider id.
///
/// ```
/// use supabase_core::auth::SignInWithSsoCredentials;
/// let c = SignInWithSsoCredentials::domain("acme.com").redirect_to("https://app.example.com");
/// # let _ = c;
/// ```
#[derive(Clone)]
#[must_use]
pub struct SignInWithSsoCredentials {
    pub(crate) target: SsoTarget,
    pub(crate) redirect_to: Option<String>,
    pub(crate) captcha_token: Option<String>,
}

impl SignInWithSsoCredentials {
    /// By email domain.
    pub fn domain(domain: impl Into<String>) -> Self {
        Self::with(SsoTarget::Domain(domain.into()))
    }

    /// By SSO provider id (a UUID).
    pub fn provider_id(id: impl Into<String>) -> Self {
        Self::with(SsoTarget::ProviderId(id.into()))
    }

    fn with(target: SsoTarget) -> Self {
        SignInWithSsoCredentials {
            target,
            redirect_to: None,
            captcha_token: None,
        }
    }

    /// Where to land after SSO (sent in the body as `redirect_to`).
    pub fn redirect_to(mut self, url: impl Into<String>) -> Self {
        self.redirect_to = Some(url.into());
        self
    }

    /// A captcha token.
    pub fn captcha_token(mut self, token: impl Into<String>) -> Self {
        self.captcha_token = Some(token.into());
        self
    }
}

/// The `/sso` body: `provider_id` or `domain`, `redirect_to`, captcha only when given, and
/// `skip_http_redirect: true`. The PKCE fields are added by the caller.
pub(crate) fn sso_body(c: &SignInWithSsoCredentials) -> serde_json::Value {
    let mut body = serde_json::Map::new();
    match &c.target {
        SsoTarget::ProviderId(id) => body.insert("provider_id".into(), id.clone().into()),
        SsoTarget::Domain(d) => body.insert("domain".into(), d.clone().into()),
    };
    if let Some(url) = &c.redirect_to {
        body.insert("redirect_to".into(), url.clone().into());
    }
    if let Some(token) = &c.captcha_token {
        body.insert(
            "gotrue_meta_security".into(),
            serde_json::json!({ "captcha_token": token }),
        );
    }
    body.insert("skip_http_redirect".into(), true.into());
    serde_json::Value::Object(body)
}

impl std::fmt::Debug for SignInWithSsoCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignInWithSsoCredentials")
            .field("target", &self.target)
            .field("redirect_to", &self.redirect_to)
            .field(
                "captcha_token",
                &self.captcha_token.as_ref().map(|_| super::Redacted),
            )
            .finish()
    }
}
