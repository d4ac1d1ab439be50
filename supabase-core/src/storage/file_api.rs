//! `storage.from_(bucket)`: the object methods of one bucket.

use std::fmt;

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use serde_json::{json, Value};

use super::client::{decode_json, StorageClient};
use super::download::{DownloadOptions, DownloadStream};
use super::list::SearchOptions;
use super::path::{bucket_and_key, bucket_id, encode_key, encode_segment, object_key, Tidy};
use super::signed_url::{
    absolute_signed_url, form_pairs, signed_url_extra, token_of, RawSignedUrlEntry,
    SignedUploadOptions, SignedUploadUrl, SignedUrl, SignedUrlResult, UrlOptions,
};
use super::types::{
    CopyResponse, FileObject, FileObjectInfo, MessageResponse, RawKeyAnswer, UploadResponse,
};
use super::upload::{FileOptions, UploadBody};
use crate::Error;

/// The objects of one bucket. Made by [`StorageClient::from_`]; cheap to clone.
///
/// Paths: `upload`, `update` and `upload_to_signed_url` clean the path as storage-js does
/// (runs of `/` collapsed, one leading and one trailing `/` removed); every other call only
/// removes leading slashes. An empty path, a `.`/`..` segment, or a character Supabase Storage
/// does not accept in keys (anything but ASCII letters, digits and `_/!-.*'() &$=@;:+,?`) is
/// refused with [`Error::InvalidArgument`] naming it, before any request. Unlike storage-js,
/// `?`, `;` and spaces are percent-encoded in URLs, so such keys reach the object they name
/// (Storage's router ends a path at a raw `?`, and on many deployments at a raw `;`).
///
/// ```
/// # use supabase_core::Client;
/// use supabase_core::storage::UrlOptions;
/// let client = Client::new("https://xyz.supabase.co", "k").unwrap();
/// let url = client.storage().from_("public-bucket").get_public_url("folder/my photo.png", UrlOptions::new()).unwrap();
/// assert_eq!(url, "https://xyz.supabase.co/storage/v1/object/public/public-bucket/folder/my%20photo.png");
/// ```
#[derive(Clone)]
pub struct StorageFileApi {
    pub(crate) storage: StorageClient,
    pub(crate) bucket: String,
}

impl fmt::Debug for StorageFileApi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StorageFileApi")
            .field("bucket", &self.bucket)
            .finish_non_exhaustive()
    }
}

impl StorageFileApi {
    /// The bucket id this API works on.
    ///
    /// ```
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k").unwrap();
    /// assert_eq!(client.storage().from_("docs").bucket_id(), "docs");
    /// ```
    pub fn bucket_id(&self) -> &str {
        &self.bucket
    }

    fn bucket(&self) -> Result<&str, Error> {
        bucket_id(&self.bucket)
    }

    /// `{prefix}{bucket}/{key}` as an endpoint URL.
    fn object_url(&self, prefix: &str, key: &str) -> Result<url::Url, Error> {
        let bucket = self.bucket()?;
        self.storage
            .endpoint(&format!("{prefix}{}", bucket_and_key(bucket, key)))
    }

    /// Uploads a new object (POST `/object/{bucket}/{path}`). With
    /// [`FileOptions::upsert`] an existing object is replaced; otherwise it is a Storage error
    /// with `status_code` `"409"`.
    ///
    /// The body is sent raw with `content-type`, `cache-control: max-age=N`, `x-upsert` and
    /// (with metadata) `x-metadata`; files, readers and streams are streamed. No multipart.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// use supabase_core::storage::{FileOptions, UploadBody};
    /// let avatars = client.storage().from_("avatars");
    /// let r = avatars.upload("public/avatar1.png", UploadBody::file("./avatar1.png"),
    ///     FileOptions::new().cache_control(3600).upsert(false)).await?;
    /// println!("{} {}", r.path, r.full_path);
    /// avatars.upload("notes/hello.txt", "hello", FileOptions::new()).await?;
    /// # Ok(()) }
    /// ```
    pub async fn upload(
        &self,
        path: &str,
        body: impl Into<UploadBody>,
        options: FileOptions,
    ) -> Result<UploadResponse, Error> {
        self.send_upload(Method::POST, path, body.into(), options, true)
            .await
    }

    /// Replaces an existing object (PUT `/object/{bucket}/{path}`, no `x-upsert`).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// use supabase_core::storage::FileOptions;
    /// client.storage().from_("avatars")
    ///     .update("public/avatar1.png", std::path::Path::new("./new.png"), FileOptions::new()).await?;
    /// # Ok(()) }
    /// ```
    pub async fn update(
        &self,
        path: &str,
        body: impl Into<UploadBody>,
        options: FileOptions,
    ) -> Result<UploadResponse, Error> {
        self.send_upload(Method::PUT, path, body.into(), options, false)
            .await
    }

    async fn send_upload(
        &self,
        method: Method,
        path: &str,
        body: UploadBody,
        options: FileOptions,
        send_upsert: bool,
    ) -> Result<UploadResponse, Error> {
        let key = object_key(path, Tidy::Clean)?;
        let url = self.object_url("object/", &key)?;
        let (body, default_type, len) = body.into_parts(options.progress.clone()).await?;
        let headers = options.headers(default_type, len, send_upsert)?;
        let response = self.storage.send(method, url, headers, Some(body)).await?;
        let raw: RawKeyAnswer = decode_json(response).await?;
        Ok(UploadResponse {
            id: raw.id,
            path: key,
            full_path: raw.key,
        })
    }

    /// Creates a URL anyone can `PUT` one object to, valid for two hours
    /// (POST `/object/upload/sign/{bucket}/{path}`).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// use supabase_core::storage::SignedUploadOptions;
    /// let s = client.storage().from_("uploads")
    ///     .create_signed_upload_url("incoming/a.csv", SignedUploadOptions::new()).await?;
    /// println!("{} {}", s.signed_url, s.token);
    /// # Ok(()) }
    /// ```
    pub async fn create_signed_upload_url(
        &self,
        path: &str,
        options: SignedUploadOptions,
    ) -> Result<SignedUploadUrl, Error> {
        let key = object_key(path, Tidy::StripLeading)?;
        let url = self.object_url("object/upload/sign/", &key)?;
        let mut headers = HeaderMap::new();
        if options.upsert {
            headers.insert(
                HeaderName::from_static("x-upsert"),
                HeaderValue::from_static("true"),
            );
        }
        #[derive(serde::Deserialize)]
        struct Answer {
            url: String,
        }
        let response = self
            .storage
            .send_json_response(Method::POST, url, &json!({}), headers)
            .await?;
        let status = response.status().as_u16();
        let bytes = response.bytes().await.map_err(Error::from_reqwest)?;
        let decode_error = |source| Error::Decode {
            source,
            status,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        };
        let answer: Answer = serde_json::from_slice(&bytes).map_err(decode_error)?;
        let token = token_of(&answer.url).ok_or_else(|| {
            decode_error(<serde_json::Error as serde::de::Error>::custom(
                "the signed upload url has no token",
            ))
        })?;
        Ok(SignedUploadUrl {
            signed_url: absolute_signed_url(self.storage.base_without_slash(), &answer.url, &[]),
            token,
            path: key,
        })
    }

    /// Uploads to a URL made by [`StorageFileApi::create_signed_upload_url`]
    /// (PUT `/object/upload/sign/{bucket}/{path}?token=…`, always with `x-upsert`).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// use supabase_core::storage::{FileOptions, SignedUploadOptions};
    /// let uploads = client.storage().from_("uploads");
    /// let s = uploads.create_signed_upload_url("a.csv", SignedUploadOptions::new()).await?;
    /// uploads.upload_to_signed_url(&s.path, &s.token, "x,y\n1,2\n", FileOptions::new().content_type("text/csv")).await?;
    /// # Ok(()) }
    /// ```
    pub async fn upload_to_signed_url(
        &self,
        path: &str,
        token: &str,
        body: impl Into<UploadBody>,
        options: FileOptions,
    ) -> Result<UploadResponse, Error> {
        let key = object_key(path, Tidy::Clean)?;
        let mut url = self.object_url("object/upload/sign/", &key)?;
        url.query_pairs_mut().append_pair("token", token);
        let (body, default_type, len) = body.into().into_parts(options.progress.clone()).await?;
        let headers = options.headers(default_type, len, true)?;
        let response = self
            .storage
            .send(Method::PUT, url, headers, Some(body))
            .await?;
        let raw: RawKeyAnswer = decode_json(response).await?;
        Ok(UploadResponse {
            id: raw.id,
            path: key,
            full_path: raw.key,
        })
    }

    fn download_url(&self, path: &str, options: &DownloadOptions) -> Result<url::Url, Error> {
        let key = object_key(path, Tidy::StripLeading)?;
        let transform = options.transform.as_ref().filter(|t| !t.is_empty());
        let prefix = if transform.is_some() {
            "render/image/authenticated/"
        } else {
            "object/"
        };
        let mut url = self.object_url(prefix, &key)?;
        let mut pairs = transform.map(|t| t.query_pairs()).unwrap_or_default();
        if let Some(nonce) = &options.cache_nonce {
            pairs.push(("cacheNonce", nonce.clone()));
        }
        if !pairs.is_empty() {
            url.query_pairs_mut().extend_pairs(pairs);
        }
        Ok(url)
    }

    /// Downloads an object into memory (GET `/object/{bucket}/{path}`, or
    /// `/render/image/authenticated/…` with a transformation). For large objects use
    /// [`StorageFileApi::download_stream`].
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// use supabase_core::storage::{DownloadOptions, TransformOptions};
    /// let avatars = client.storage().from_("avatars");
    /// let png = avatars.download("folder/avatar1.png", DownloadOptions::new()).await?;
    /// let thumb = avatars.download("folder/avatar1.png",
    ///     DownloadOptions::new().transform(TransformOptions::new().width(64).height(64))).await?;
    /// # let _ = (png, thumb); Ok(()) }
    /// ```
    pub async fn download(&self, path: &str, options: DownloadOptions) -> Result<Bytes, Error> {
        let url = self.download_url(path, &options)?;
        let response = self
            .storage
            .send(Method::GET, url, HeaderMap::new(), None)
            .await?;
        match options.progress {
            None => response.bytes().await.map_err(Error::from_reqwest),
            Some(progress) => {
                let mut stream = DownloadStream::new(response, Some(progress));
                let mut all = bytes::BytesMut::with_capacity(
                    stream.content_length().unwrap_or(0).min(1 << 26) as usize,
                );
                while let Some(piece) = futures_util::StreamExt::next(&mut stream).await {
                    all.extend_from_slice(&piece?);
                }
                Ok(all.freeze())
            }
        }
    }

    /// Downloads an object as a stream of chunks (see [`DownloadStream`]); the status is
    /// checked before this returns, the body is read as the stream is polled.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// let stream = client.storage().from_("videos").download_stream("big.mp4", Default::default()).await?;
    /// let mut file = tokio::io::sink();
    /// tokio::io::copy(&mut stream.into_async_read(), &mut file).await?;
    /// # Ok(()) }
    /// ```
    pub async fn download_stream(
        &self,
        path: &str,
        options: DownloadOptions,
    ) -> Result<DownloadStream, Error> {
        let url = self.download_url(path, &options)?;
        let response = self
            .storage
            .send(Method::GET, url, HeaderMap::new(), None)
            .await?;
        Ok(DownloadStream::new(response, options.progress))
    }

    /// An object's details (GET `/object/info/{bucket}/{path}`).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// let info = client.storage().from_("docs").info("a.pdf").await?;
    /// println!("{:?} bytes, {:?}", info.size, info.content_type);
    /// # Ok(()) }
    /// ```
    pub async fn info(&self, path: &str) -> Result<FileObjectInfo, Error> {
        let key = object_key(path, Tidy::StripLeading)?;
        let url = self.object_url("object/info/", &key)?;
        self.storage
            .send_json(Method::GET, url, None, HeaderMap::new())
            .await
    }

    /// Whether an object exists (HEAD `/object/{bucket}/{path}`): `true` on 2xx, `false` on
    /// 400 or 404 (Storage answers "not found" with either), an error otherwise.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// if !client.storage().from_("docs").exists("a.pdf").await? { println!("missing"); }
    /// # Ok(()) }
    /// ```
    pub async fn exists(&self, path: &str) -> Result<bool, Error> {
        let key = object_key(path, Tidy::StripLeading)?;
        let url = self.object_url("object/", &key)?;
        match self
            .storage
            .send(Method::HEAD, url, HeaderMap::new(), None)
            .await
        {
            Ok(_) => Ok(true),
            Err(Error::Storage(e)) if e.status == 400 || e.status == 404 => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Lists the objects and folders directly under `prefix` (`""` for the root)
    /// (POST `/object/list/{bucket}`).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// use supabase_core::storage::{ObjectSortColumn, SearchOptions, SortOrder};
    /// let entries = client.storage().from_("avatars")
    ///     .list("folder", SearchOptions::new().limit(100).sort_by(ObjectSortColumn::Name, SortOrder::Desc)).await?;
    /// for e in entries { println!("{}{}", e.name, if e.is_folder() { "/" } else { "" }); }
    /// # Ok(()) }
    /// ```
    pub async fn list(
        &self,
        prefix: &str,
        options: SearchOptions,
    ) -> Result<Vec<FileObject>, Error> {
        let bucket = self.bucket()?;
        if prefix.split('/').any(|seg| seg == "." || seg == "..") {
            return Err(Error::InvalidArgument(format!(
                "the prefix {prefix:?} has a `.` or `..` segment"
            )));
        }
        let url = self
            .storage
            .endpoint(&format!("object/list/{}", encode_segment(bucket)))?;
        self.storage
            .send_json(
                Method::POST,
                url,
                Some(&options.body(prefix)),
                HeaderMap::new(),
            )
            .await
    }

    /// Moves (renames) an object within this bucket (POST `/object/move`).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// client.storage().from_("avatars").move_("public/a.png", "private/a.png").await?;
    /// # Ok(()) }
    /// ```
    pub async fn move_(&self, from: &str, to: &str) -> Result<MessageResponse, Error> {
        let body = self.transfer_body(from, to, None)?;
        let url = self.storage.endpoint("object/move")?;
        self.storage
            .send_json(Method::POST, url, Some(&body), HeaderMap::new())
            .await
    }

    /// Moves an object into another bucket (POST `/object/move` with `destinationBucket`).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// client.storage().from_("inbox").move_to_bucket("a.png", "archive", "2024/a.png").await?;
    /// # Ok(()) }
    /// ```
    pub async fn move_to_bucket(
        &self,
        from: &str,
        destination_bucket: &str,
        to: &str,
    ) -> Result<MessageResponse, Error> {
        let body = self.transfer_body(from, to, Some(destination_bucket))?;
        let url = self.storage.endpoint("object/move")?;
        self.storage
            .send_json(Method::POST, url, Some(&body), HeaderMap::new())
            .await
    }

    /// Copies an object within this bucket (POST `/object/copy`). The result's `path` is
    /// `bucket/key` (with the bucket, as storage-js returns it).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// let c = client.storage().from_("avatars").copy("a.png", "b.png").await?;
    /// assert_eq!(c.path, "avatars/b.png");
    /// # Ok(()) }
    /// ```
    pub async fn copy(&self, from: &str, to: &str) -> Result<CopyResponse, Error> {
        self.copy_inner(from, to, None).await
    }

    /// Copies an object into another bucket (POST `/object/copy` with `destinationBucket`).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// let c = client.storage().from_("avatars").copy_to_bucket("a.png", "backup", "a.png").await?;
    /// assert_eq!(c.path, "backup/a.png");
    /// # Ok(()) }
    /// ```
    pub async fn copy_to_bucket(
        &self,
        from: &str,
        destination_bucket: &str,
        to: &str,
    ) -> Result<CopyResponse, Error> {
        self.copy_inner(from, to, Some(destination_bucket)).await
    }

    async fn copy_inner(
        &self,
        from: &str,
        to: &str,
        destination_bucket: Option<&str>,
    ) -> Result<CopyResponse, Error> {
        let body = self.transfer_body(from, to, destination_bucket)?;
        let url = self.storage.endpoint("object/copy")?;
        let raw: RawKeyAnswer = self
            .storage
            .send_json(Method::POST, url, Some(&body), HeaderMap::new())
            .await?;
        Ok(CopyResponse {
            id: raw.id,
            path: raw.key,
        })
    }

    fn transfer_body(
        &self,
        from: &str,
        to: &str,
        destination_bucket: Option<&str>,
    ) -> Result<Value, Error> {
        let bucket = self.bucket()?;
        let from = object_key(from, Tidy::StripLeading)?;
        let to = object_key(to, Tidy::StripLeading)?;
        let mut body = json!({ "bucketId": bucket, "sourceKey": from, "destinationKey": to });
        if let (Some(dest), Some(map)) = (destination_bucket, body.as_object_mut()) {
            map.insert("destinationBucket".into(), json!(bucket_id(dest)?));
        }
        Ok(body)
    }

    /// Deletes objects (DELETE `/object/{bucket}` with `{"prefixes": [...]}`); answers the
    /// deleted objects. At least one path is required.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// let gone = client.storage().from_("avatars").remove(["a.png", "folder/b.png"]).await?;
    /// println!("{} removed", gone.len());
    /// # Ok(()) }
    /// ```
    pub async fn remove<I, S>(&self, paths: I) -> Result<Vec<FileObject>, Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let bucket = self.bucket()?;
        let keys = paths
            .into_iter()
            .map(|p| object_key(p.as_ref(), Tidy::StripLeading))
            .collect::<Result<Vec<_>, _>>()?;
        if keys.is_empty() {
            return Err(Error::InvalidArgument(
                "remove needs at least one path".into(),
            ));
        }
        let url = self
            .storage
            .endpoint(&format!("object/{}", encode_segment(bucket)))?;
        self.storage
            .send_json(
                Method::DELETE,
                url,
                Some(&json!({ "prefixes": keys })),
                HeaderMap::new(),
            )
            .await
    }

    /// Creates a URL that reads one object without a token for `expires_in` seconds
    /// (POST `/object/sign/{bucket}/{path}`). With a transformation it serves the transformed
    /// image; `download` adds `&download=…` (after the server's `?token=`).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// use supabase_core::storage::UrlOptions;
    /// let s = client.storage().from_("docs")
    ///     .create_signed_url("a.pdf", 60, UrlOptions::new().download(true)).await?;
    /// println!("{}", s.signed_url);
    /// # Ok(()) }
    /// ```
    pub async fn create_signed_url(
        &self,
        path: &str,
        expires_in: u64,
        options: UrlOptions,
    ) -> Result<SignedUrl, Error> {
        let key = object_key(path, Tidy::StripLeading)?;
        let url = self.object_url("object/sign/", &key)?;
        let mut body = json!({ "expiresIn": expires_in });
        if let (Some(t), Some(map)) = (options.non_empty_transform(), body.as_object_mut()) {
            map.insert("transform".into(), t.to_json());
        }
        #[derive(serde::Deserialize)]
        struct Answer {
            #[serde(rename = "signedURL")]
            signed_url: String,
        }
        let answer: Answer = self
            .storage
            .send_json(Method::POST, url, Some(&body), HeaderMap::new())
            .await?;
        let signed_url = absolute_signed_url(
            self.storage.base_without_slash(),
            &answer.signed_url,
            &signed_url_extra(&options),
        );
        Ok(SignedUrl {
            path: key,
            signed_url,
        })
    }

    /// Creates signed URLs for several objects at once (POST `/object/sign/{bucket}`). A path
    /// the server cannot sign comes back with its `error` and no URL. A transformation is
    /// refused (storage-js ignores it here).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// use supabase_core::storage::UrlOptions;
    /// let urls = client.storage().from_("docs")
    ///     .create_signed_urls(["a.pdf", "b.pdf"], 60, UrlOptions::new()).await?;
    /// for u in urls { println!("{:?} {:?} {:?}", u.path, u.signed_url, u.error); }
    /// # Ok(()) }
    /// ```
    pub async fn create_signed_urls<I, S>(
        &self,
        paths: I,
        expires_in: u64,
        options: UrlOptions,
    ) -> Result<Vec<SignedUrlResult>, Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let bucket = self.bucket()?;
        if options.non_empty_transform().is_some() {
            return Err(Error::InvalidArgument(
                "create_signed_urls does not take a transformation".into(),
            ));
        }
        let keys = paths
            .into_iter()
            .map(|p| object_key(p.as_ref(), Tidy::StripLeading))
            .collect::<Result<Vec<_>, _>>()?;
        if keys.is_empty() {
            return Err(Error::InvalidArgument(
                "create_signed_urls needs at least one path".into(),
            ));
        }
        let url = self
            .storage
            .endpoint(&format!("object/sign/{}", encode_segment(bucket)))?;
        let body = json!({ "expiresIn": expires_in, "paths": keys });
        let entries: Vec<RawSignedUrlEntry> = self
            .storage
            .send_json(Method::POST, url, Some(&body), HeaderMap::new())
            .await?;
        let extra = signed_url_extra(&options);
        let base = self.storage.base_without_slash();
        Ok(entries
            .into_iter()
            .map(|e| SignedUrlResult {
                signed_url: e
                    .signed_url
                    .as_deref()
                    .map(|s| absolute_signed_url(base, s, &extra)),
                path: e.path,
                error: e.error,
            })
            .collect())
    }

    /// The URL of an object in a public bucket (no request is made):
    /// `{storage}/object/public/{bucket}/{path}`, or `/render/image/public/…` with a
    /// transformation, then `?download&width&height&resize&format&quality&cacheNonce` as set.
    ///
    /// ```
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k").unwrap();
    /// use supabase_core::storage::{TransformOptions, UrlOptions};
    /// let url = client.storage().from_("avatars").get_public_url("a;1?.png",
    ///     UrlOptions::new().download(true).transform(TransformOptions::new().width(100))).unwrap();
    /// assert_eq!(url, "https://xyz.supabase.co/storage/v1/render/image/public/avatars/a%3B1%3F.png?download=&width=100");
    /// ```
    pub fn get_public_url(&self, path: &str, options: UrlOptions) -> Result<String, Error> {
        let bucket = self.bucket()?;
        let key = object_key(path, Tidy::StripLeading)?;
        let transform = options.non_empty_transform();
        let kind = if transform.is_some() {
            "render/image/public"
        } else {
            "object/public"
        };
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(d) = &options.download {
            pairs.push(("download", d.clone()));
        }
        if let Some(t) = transform {
            pairs.extend(t.query_pairs());
        }
        if let Some(n) = &options.cache_nonce {
            pairs.push(("cacheNonce", n.clone()));
        }
        let mut url = format!(
            "{}{kind}/{}/{}",
            self.storage.url.as_str(),
            encode_segment(bucket),
            encode_key(&key)
        );
        if !pairs.is_empty() {
            let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
            url.push('?');
            url.push_str(&form_pairs(&borrowed));
        }
        Ok(url)
    }
}

impl StorageClient {
    /// Sends a JSON body and returns the success response unread.
    pub(crate) async fn send_json_response(
        &self,
        method: Method,
        url: url::Url,
        body: &Value,
        mut headers: HeaderMap,
    ) -> Result<reqwest::Response, Error> {
        headers.insert(
            http::header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        let bytes = serde_json::to_vec(body).map_err(Error::Serialize)?;
        self.send(method, url, headers, Some(reqwest::Body::from(bytes)))
            .await
    }
}
