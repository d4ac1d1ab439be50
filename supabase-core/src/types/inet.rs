//! `inet` and `cidr`: IP addresses with a network prefix length.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use super::parse_error::{text_serde, TypeParseError};

fn parse_addr(type_name: &'static str, text: &str) -> Result<(IpAddr, Option<u8>), TypeParseError> {
    let (addr, prefix) = match text.split_once('/') {
        Some((addr, prefix)) => (addr, Some(prefix)),
        None => (text, None),
    };
    let addr: IpAddr = addr.parse().map_err(|e: std::net::AddrParseError| {
        TypeParseError::new(type_name, text, e.to_string())
    })?;
    let max = if addr.is_ipv4() { 32 } else { 128 };
    let prefix = match prefix {
        Some(p) => Some(
            p.parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| TypeParseError::new(type_name, text, "bad prefix length"))?,
        ),
        None => None,
    };
    Ok((addr, prefix))
}

fn full_prefix(addr: &IpAddr) -> u8 {
    if addr.is_ipv4() {
        32
    } else {
        128
    }
}

/// An `inet`: a host address with an optional network prefix length (`192.168.0.1/24`, `::1`).
/// Postgres leaves the prefix out of the text when it covers the whole address.
///
/// ```
/// use supabase_core::types::Inet;
///
/// let ip: Inet = serde_json::from_str(r#""192.168.0.1/24""#).unwrap();
/// assert_eq!(ip.prefix, 24);
/// assert_eq!(ip.to_string(), "192.168.0.1/24");
/// assert_eq!("::1".parse::<Inet>().unwrap().prefix, 128);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Inet {
    /// The address.
    pub addr: IpAddr,
    /// The network prefix length (32 or 128 for a single host).
    pub prefix: u8,
}

impl FromStr for Inet {
    type Err = TypeParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (addr, prefix) = parse_addr("inet", text)?;
        Ok(Inet {
            addr,
            prefix: prefix.unwrap_or_else(|| full_prefix(&addr)),
        })
    }
}

impl fmt::Display for Inet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.prefix == full_prefix(&self.addr) {
            write!(f, "{}", self.addr)
        } else {
            write!(f, "{}/{}", self.addr, self.prefix)
        }
    }
}

impl From<IpAddr> for Inet {
    fn from(addr: IpAddr) -> Self {
        Inet {
            addr,
            prefix: full_prefix(&addr),
        }
    }
}

text_serde!(Inet, "an inet such as \"192.168.0.1/24\"");

/// A `cidr`: a network (`10.0.0.0/8`); Postgres always prints the prefix length.
///
/// ```
/// use supabase_core::types::Cidr;
///
/// let net: Cidr = serde_json::from_str(r#""10.0.0.0/8""#).unwrap();
/// assert_eq!(net.prefix, 8);
/// assert_eq!("2001:db8::/32".parse::<Cidr>().unwrap().to_string(), "2001:db8::/32");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cidr {
    /// The network address.
    pub addr: IpAddr,
    /// The network prefix length.
    pub prefix: u8,
}

impl FromStr for Cidr {
    type Err = TypeParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (addr, prefix) = parse_addr("cidr", text)?;
        Ok(Cidr {
            addr,
            prefix: prefix.unwrap_or_else(|| full_prefix(&addr)),
        })
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

text_serde!(Cidr, "a cidr such as \"10.0.0.0/8\"");

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn prefixes() {
        assert_eq!(
            "10.1.2.3/32".parse::<Inet>().unwrap().to_string(),
            "10.1.2.3"
        );
        assert_eq!(
            "10.0.0.0".parse::<Cidr>().unwrap().to_string(),
            "10.0.0.0/32"
        );
        assert!("10.0.0.0/33".parse::<Inet>().is_err());
        assert!("nope".parse::<Inet>().is_err());
    }
}
