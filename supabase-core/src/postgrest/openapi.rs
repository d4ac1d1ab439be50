//! `client.get_openapi_spec()`: the OpenAPI description PostgREST serves at its root.

use http::{HeaderValue, Method};

use super::execute::send;
use super::request::{Headers, PreparedRequest, ResponseMode};
use crate::{Client, Error};

impl Client {
    /// The OpenAPI (Swagger 2.0) description of the API for this client's schema, parsed:
    /// `GET {rest_url}` with `Accept: application/openapi+json` and `Accept-Profile`, as
    /// PostgREST serves it (tables, views and functions the key's role may see, their columns
    /// and types). Errors as for [`FilterBuilder::execute`](crate::FilterBuilder::execute);
    /// retried like any read.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// use supabase_core::Client;
    /// let client = Client::new("https://xyz.supabase.co", "service-role-key")?;
    /// let spec = client.get_openapi_spec().await?;
    /// for path in spec["paths"].as_object().into_iter().flat_map(|p| p.keys()) {
    ///     println!("{path}");
    /// }
    /// let api2 = client.schema("api2").get_openapi_spec().await?;
    /// # let _ = api2;
    /// # Ok(()) }
    /// ```
    pub async fn get_openapi_spec(&self) -> Result<serde_json::Value, Error> {
        let mut headers = self.static_headers().clone();
        headers.insert(
            http::header::ACCEPT,
            HeaderValue::from_static("application/openapi+json"),
        );
        let profile = HeaderValue::from_str(self.schema_name()).map_err(|_| {
            Error::InvalidArgument(format!(
                "invalid value for header accept-profile: {:?}",
                self.schema_name()
            ))
        })?;
        headers.insert("accept-profile", profile);
        let request = PreparedRequest::new(
            Method::GET,
            self.rest_url().as_str().to_owned(),
            Headers::Own(headers),
            None,
            self.default_timeout(),
            self.retry_enabled(),
            ResponseMode::default(),
        );
        Ok(send(self, &request).await?.data)
    }
}
