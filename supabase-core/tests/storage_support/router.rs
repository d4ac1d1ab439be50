//! How the Storage server's HTTP framework reads a request target, rebuilt from find-my-way
//! (the router of Fastify, which Storage runs on):
//!
//! - the path ends at the first `?` or `#`, and, when the router's `useSemicolonDelimiter` is
//!   on (Fastify 4's default; Fastify 5 turns it off), at the first `;`: the rest is the query
//!   string;
//! - when the path holds `%XX` escapes, it is run through JavaScript's `decodeURI` (which keeps
//!   escapes of `; / ? : @ & = + $ , #` as they are and fails on malformed escapes or UTF-8,
//!   answered "bad URL"), with `%25` protected so it is decoded only once;
//! - route parameters (the bucket name, the `*` wildcard holding the key) are cut from that
//!   path, and when it held an escape of one of `# $ % & + , / : ; = ? @` each parameter is
//!   then decoded with find-my-way's `safeDecodeURIComponent` (only those escapes). A `+` is
//!   never a space in a path.
//!
//! Cutting a parameter at `/` before its own `%2F` is decoded is the same as decoding the
//! segments one by one, which is what [`parse_target`] returns.

/// A request target as the router reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Path segments after the router's decoding, each a route parameter value.
    pub segments: Vec<String>,
    /// The query string the framework parses (after `?`, `#` or `;`).
    pub query: String,
}

/// Why the router refused a target (Fastify answers `FST_ERR_BAD_URL`, HTTP 400).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadUrl(pub String);

/// The component escapes `decodeURI` leaves alone and `safeDecodeURIComponent` decodes.
fn component_char(hi: u8, lo: u8) -> Option<u8> {
    let hex = [hi.to_ascii_uppercase(), lo.to_ascii_uppercase()];
    Some(match &hex {
        b"23" => b'#',
        b"24" => b'$',
        b"25" => b'%',
        b"26" => b'&',
        b"2B" => b'+',
        b"2C" => b',',
        b"2F" => b'/',
        b"3A" => b':',
        b"3B" => b';',
        b"3D" => b'=',
        b"3F" => b'?',
        b"40" => b'@',
        _ => return None,
    })
}

fn hex_value(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// JavaScript `decodeURI`: decodes `%XX` UTF-8 sequences except those of `;/?:@&=+$,#`.
pub fn decode_uri(text: &str) -> Result<String, BadUrl> {
    let bytes = text.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut i = 0;
    let escape_at = |i: usize| -> Result<u8, BadUrl> {
        match (
            bytes.get(i),
            bytes.get(i + 1).and_then(|&b| hex_value(b)),
            bytes.get(i + 2).and_then(|&b| hex_value(b)),
        ) {
            (Some(b'%'), Some(h), Some(l)) => Ok(h * 16 + l),
            _ => Err(BadUrl(format!("malformed escape in {text:?}"))),
        }
    };
    while i < bytes.len() {
        if bytes[i] != b'%' {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        let first = escape_at(i)?;
        if first < 0x80 {
            if b";/?:@&=+$,#".contains(&first) {
                out.extend_from_slice(&bytes[i..i + 3]);
            } else {
                out.push(first);
            }
            i += 3;
            continue;
        }
        let n = match first {
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF7 => 4,
            _ => return Err(BadUrl(format!("malformed UTF-8 escape in {text:?}"))),
        };
        let mut seq = vec![first];
        for k in 1..n {
            let b = escape_at(i + 3 * k)?;
            if b & 0xC0 != 0x80 {
                return Err(BadUrl(format!("malformed UTF-8 escape in {text:?}")));
            }
            seq.push(b);
        }
        let decoded = std::str::from_utf8(&seq)
            .map_err(|_| BadUrl(format!("malformed UTF-8 escape in {text:?}")))?;
        out.extend_from_slice(decoded.as_bytes());
        i += 3 * n;
    }
    String::from_utf8(out).map_err(|_| BadUrl(format!("not UTF-8: {text:?}")))
}

/// find-my-way's `safeDecodeURIComponent`: decodes only the escapes of `# $ % & + , / : ; = ? @`
/// (all that `decodeURI` left).
pub fn safe_decode_uri_component(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            if let (Some(&h), Some(&l)) = (bytes.get(i + 1), bytes.get(i + 2)) {
                if let Some(c) = component_char(h, l) {
                    out.push(c);
                    i += 3;
                    continue;
                }
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Splits and decodes a request target (`/storage/v1/object/b/k?x=1`) as find-my-way does.
///
/// `semicolon_delimiter` is the router's `useSemicolonDelimiter`.
pub fn parse_target(target: &str, semicolon_delimiter: bool) -> Result<Target, BadUrl> {
    let bytes = target.as_bytes();
    let mut path_end = bytes.len();
    let mut should_decode = false;
    let mut should_decode_param = false;
    let mut i = 1;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            match (bytes.get(i + 1), bytes.get(i + 2)) {
                (Some(&h), Some(&l)) if component_char(h, l).is_some() => {
                    should_decode_param = true;
                    if component_char(h, l) == Some(b'%') {
                        should_decode = true;
                    }
                    i += 3;
                    continue;
                }
                _ => should_decode = true,
            }
        } else if b == b'?' || b == b'#' || (b == b';' && semicolon_delimiter) {
            path_end = i;
            break;
        }
        i += 1;
    }
    let raw_path = &target[..path_end];
    let query = target.get(path_end + 1..).unwrap_or("").to_owned();
    // `%25` is protected (`%2525`) before decodeURI so that it survives as `%25` for the
    // component decoding of the parameters.
    let path = if should_decode {
        decode_uri(&raw_path.replace("%25", "%2525"))?
    } else {
        raw_path.to_owned()
    };
    let segments = path
        .split('/')
        .skip(1)
        .map(|seg| {
            if should_decode_param {
                safe_decode_uri_component(seg)
            } else {
                seg.to_owned()
            }
        })
        .collect();
    Ok(Target { segments, query })
}
