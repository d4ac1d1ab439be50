//! The region an Edge Function call is pinned to (`x-region` + `forceFunctionRegion`).

use std::fmt;

/// Where an Edge Function runs. [`Region::Any`] (the default) lets Supabase pick.
///
/// Any other region is sent as the header `x-region: <region>` **and** the query parameter
/// `forceFunctionRegion=<region>`. Region names that this enum does not know yet are kept in
/// [`Region::Other`], so a new region works without a new release.
///
/// ```
/// use supabase_core::functions::Region;
///
/// assert_eq!(Region::EuWest3.as_str(), "eu-west-3");
/// assert_eq!(Region::from("us-east-1"), Region::UsEast1);
/// assert_eq!(Region::from("mars-north-1"), Region::Other("mars-north-1".into()));
/// assert_eq!(Region::from("any"), Region::Any);
/// assert_eq!(Region::default(), Region::Any);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Region {
    /// No preference: no header, no query parameter.
    #[default]
    Any,
    /// `ap-northeast-1` (Tokyo).
    ApNortheast1,
    /// `ap-northeast-2` (Seoul).
    ApNortheast2,
    /// `ap-south-1` (Mumbai).
    ApSouth1,
    /// `ap-southeast-1` (Singapore).
    ApSoutheast1,
    /// `ap-southeast-2` (Sydney).
    ApSoutheast2,
    /// `ca-central-1` (Canada).
    CaCentral1,
    /// `eu-central-1` (Frankfurt).
    EuCentral1,
    /// `eu-west-1` (Ireland).
    EuWest1,
    /// `eu-west-2` (London).
    EuWest2,
    /// `eu-west-3` (Paris).
    EuWest3,
    /// `sa-east-1` (São Paulo).
    SaEast1,
    /// `us-east-1` (North Virginia).
    UsEast1,
    /// `us-west-1` (North California).
    UsWest1,
    /// `us-west-2` (Oregon).
    UsWest2,
    /// A region name this version does not list, sent as given.
    Other(String),
}

const KNOWN: [(Region, &str); 15] = [
    (Region::Any, "any"),
    (Region::ApNortheast1, "ap-northeast-1"),
    (Region::ApNortheast2, "ap-northeast-2"),
    (Region::ApSouth1, "ap-south-1"),
    (Region::ApSoutheast1, "ap-southeast-1"),
    (Region::ApSoutheast2, "ap-southeast-2"),
    (Region::CaCentral1, "ca-central-1"),
    (Region::EuCentral1, "eu-central-1"),
    (Region::EuWest1, "eu-west-1"),
    (Region::EuWest2, "eu-west-2"),
    (Region::EuWest3, "eu-west-3"),
    (Region::SaEast1, "sa-east-1"),
    (Region::UsEast1, "us-east-1"),
    (Region::UsWest1, "us-west-1"),
    (Region::UsWest2, "us-west-2"),
];

impl Region {
    /// The region's wire name (`"eu-west-3"`, `"any"`, or the [`Region::Other`] text).
    ///
    /// ```
    /// # use supabase_core::functions::Region;
    /// assert_eq!(Region::ApSoutheast2.as_str(), "ap-southeast-2");
    /// assert_eq!(Region::Other("x-1".into()).as_str(), "x-1");
    /// ```
    pub fn as_str(&self) -> &str {
        if let Region::Other(name) = self {
            return name;
        }
        KNOWN
            .iter()
            .find(|(region, _)| region == self)
            .map_or("any", |(_, name)| name)
    }

    /// True for [`Region::Any`] (nothing is sent).
    ///
    /// ```
    /// # use supabase_core::functions::Region;
    /// assert!(Region::Any.is_any());
    /// assert!(!Region::UsWest2.is_any());
    /// ```
    pub fn is_any(&self) -> bool {
        matches!(self, Region::Any)
    }
}

impl From<&str> for Region {
    /// Known names (exact, lowercase) map to their variant; anything else is [`Region::Other`].
    fn from(name: &str) -> Self {
        KNOWN
            .iter()
            .find(|(_, known)| *known == name)
            .map_or_else(|| Region::Other(name.to_owned()), |(r, _)| r.clone())
    }
}

impl From<String> for Region {
    fn from(name: String) -> Self {
        Region::from(name.as_str())
    }
}

impl From<&Region> for Region {
    fn from(region: &Region) -> Self {
        region.clone()
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
