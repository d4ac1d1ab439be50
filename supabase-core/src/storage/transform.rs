//! Image transformation options (`/render/image/...`).

use serde_json::{Map, Value};

/// How a transformed image is fitted into `width` × `height`.
///
/// ```
/// use supabase_core::storage::Resize;
/// assert_eq!(Resize::Contain.as_str(), "contain");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Resize {
    /// Fill the box, cropping what does not fit (the server's default).
    Cover,
    /// Fit inside the box, keeping the aspect ratio.
    Contain,
    /// Stretch to the box.
    Fill,
}

impl Resize {
    /// The wire value.
    ///
    /// ```
    /// # use supabase_core::storage::Resize;
    /// assert_eq!(Resize::Cover.as_str(), "cover");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Resize::Cover => "cover",
            Resize::Contain => "contain",
            Resize::Fill => "fill",
        }
    }
}

/// The output format of a transformed image.
///
/// ```
/// use supabase_core::storage::ImageFormat;
/// assert_eq!(ImageFormat::Origin.as_str(), "origin");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ImageFormat {
    /// Keep the original format (no automatic WebP/AVIF conversion).
    Origin,
}

impl ImageFormat {
    /// The wire value.
    ///
    /// ```
    /// # use supabase_core::storage::ImageFormat;
    /// assert_eq!(ImageFormat::Origin.as_str(), "origin");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ImageFormat::Origin => "origin",
        }
    }
}

/// Image transformation: `width`, `height`, `resize`, `format`, `quality`.
///
/// Only set, non-zero values are sent (as storage-js sends only truthy ones). An empty
/// transformation is no transformation: the plain object endpoint is used.
///
/// ```
/// use supabase_core::storage::{Resize, TransformOptions};
/// let t = TransformOptions::new().width(200).height(100).resize(Resize::Contain).quality(80);
/// assert!(!t.is_empty());
/// assert_eq!(t.query_pairs(), vec![
///     ("width", "200".to_owned()), ("height", "100".to_owned()),
///     ("resize", "contain".to_owned()), ("quality", "80".to_owned()),
/// ]);
/// assert!(TransformOptions::new().width(0).is_empty());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[must_use]
pub struct TransformOptions {
    width: Option<u32>,
    height: Option<u32>,
    resize: Option<Resize>,
    format: Option<ImageFormat>,
    quality: Option<u32>,
}

impl TransformOptions {
    /// No transformation yet.
    ///
    /// ```
    /// # use supabase_core::storage::TransformOptions;
    /// assert!(TransformOptions::new().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// The width in pixels.
    ///
    /// ```
    /// # use supabase_core::storage::TransformOptions;
    /// assert_eq!(TransformOptions::new().width(64).query_pairs()[0], ("width", "64".to_owned()));
    /// ```
    pub fn width(mut self, width: u32) -> Self {
        self.width = Some(width);
        self
    }

    /// The height in pixels.
    ///
    /// ```
    /// # use supabase_core::storage::TransformOptions;
    /// assert_eq!(TransformOptions::new().height(64).query_pairs()[0], ("height", "64".to_owned()));
    /// ```
    pub fn height(mut self, height: u32) -> Self {
        self.height = Some(height);
        self
    }

    /// The resize mode.
    ///
    /// ```
    /// # use supabase_core::storage::{Resize, TransformOptions};
    /// assert_eq!(TransformOptions::new().resize(Resize::Fill).query_pairs()[0], ("resize", "fill".to_owned()));
    /// ```
    pub fn resize(mut self, resize: Resize) -> Self {
        self.resize = Some(resize);
        self
    }

    /// The output format.
    ///
    /// ```
    /// # use supabase_core::storage::{ImageFormat, TransformOptions};
    /// assert_eq!(TransformOptions::new().format(ImageFormat::Origin).query_pairs()[0], ("format", "origin".to_owned()));
    /// ```
    pub fn format(mut self, format: ImageFormat) -> Self {
        self.format = Some(format);
        self
    }

    /// The quality, 20 to 100 on the server.
    ///
    /// ```
    /// # use supabase_core::storage::TransformOptions;
    /// assert_eq!(TransformOptions::new().quality(75).query_pairs()[0], ("quality", "75".to_owned()));
    /// ```
    pub fn quality(mut self, quality: u32) -> Self {
        self.quality = Some(quality);
        self
    }

    /// True when nothing would be sent.
    ///
    /// ```
    /// # use supabase_core::storage::TransformOptions;
    /// assert!(TransformOptions::new().quality(0).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.query_pairs().is_empty()
    }

    /// The query pairs, in storage-js order: width, height, resize, format, quality.
    ///
    /// ```
    /// # use supabase_core::storage::TransformOptions;
    /// assert!(TransformOptions::new().query_pairs().is_empty());
    /// ```
    pub fn query_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if let Some(w) = self.width.filter(|w| *w > 0) {
            pairs.push(("width", w.to_string()));
        }
        if let Some(h) = self.height.filter(|h| *h > 0) {
            pairs.push(("height", h.to_string()));
        }
        if let Some(r) = self.resize {
            pairs.push(("resize", r.as_str().to_owned()));
        }
        if let Some(f) = self.format {
            pairs.push(("format", f.as_str().to_owned()));
        }
        if let Some(q) = self.quality.filter(|q| *q > 0) {
            pairs.push(("quality", q.to_string()));
        }
        pairs
    }

    /// The JSON object sent in a signing request (`{"width":200,"resize":"cover",…}`).
    pub(crate) fn to_json(&self) -> Value {
        let mut map = Map::new();
        for (key, value) in self.query_pairs() {
            let v = match key {
                "resize" | "format" => Value::String(value),
                _ => value
                    .parse::<u64>()
                    .map(Value::from)
                    .unwrap_or(Value::String(value)),
            };
            map.insert(key.to_owned(), v);
        }
        Value::Object(map)
    }
}
