//! Connecting to a live database (feature `live`) with errors a user can act on: the host and
//! port tried and the cause in words (connection refused, timed out, authentication failed,
//! TLS, unknown database), never the URL itself, which may hold a password.

use std::time::Duration;

use tokio_postgres::config::Host;
use tokio_postgres::error::SqlState;
use tokio_postgres::{Client, Config, NoTls};

use crate::error::{Error, Result};

/// How long a TCP connection attempt, and then the whole start-up, may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);

/// `host:port` of the first host of `config` (as libpq would try it first).
fn target(config: &Config) -> String {
    let port = config.get_ports().first().copied().unwrap_or(5432);
    match config.get_hosts().first() {
        Some(Host::Tcp(host)) if host.contains(':') => format!("[{host}]:{port}"),
        Some(Host::Tcp(host)) => format!("{host}:{port}"),
        #[cfg(unix)]
        Some(Host::Unix(path)) => format!("{}/.s.PGSQL.{port}", path.display()),
        None => format!("localhost:{port}"),
    }
}

/// The cause of a failed connection, in words.
fn cause(config: &Config, e: &tokio_postgres::Error) -> String {
    let user = config.get_user().unwrap_or("(none)");
    if let Some(db) = e.as_db_error() {
        return match *db.code() {
            SqlState::INVALID_PASSWORD | SqlState::INVALID_AUTHORIZATION_SPECIFICATION => {
                format!("authentication failed for user `{user}`: {}", db.message())
            }
            SqlState::INVALID_CATALOG_NAME => {
                format!("the database does not exist: {}", db.message())
            }
            _ => format!("the server refused the connection: {}", db.message()),
        };
    }
    let text = e.to_string();
    let mut source = std::error::Error::source(e);
    let mut io_kind = None;
    let mut detail = String::new();
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            io_kind = Some(io.kind());
        }
        detail = s.to_string();
        source = s.source();
    }
    match io_kind {
        Some(std::io::ErrorKind::ConnectionRefused) => {
            "connection refused (is the database running, and on this port?)".to_owned()
        }
        Some(std::io::ErrorKind::TimedOut) => "timed out".to_owned(),
        _ if text.contains("TLS") || detail.contains("TLS") => format!(
            "TLS: {detail} (supabase-codegen connects without TLS; use `sslmode=disable` or \
             `sslmode=prefer` on a server that accepts plain connections)"
        ),
        _ if text == "authentication error" => format!(
            "authentication failed for user `{user}`{}",
            if detail.is_empty() {
                String::new()
            } else {
                format!(": {detail}")
            }
        ),
        _ if detail.is_empty() => text,
        _ => format!("{text}: {detail}"),
    }
}

/// Connects to `database_url` without TLS; the connection is driven by a spawned task.
///
/// # Errors
///
/// [`Error::Connect`] saying where and why, without the URL.
pub(crate) async fn connect(database_url: &str) -> Result<Client> {
    let mut config: Config = database_url.parse().map_err(|e: tokio_postgres::Error| {
        let detail = std::error::Error::source(&e)
            .map(|s| format!(": {s}"))
            .unwrap_or_default();
        Error::Config(format!("invalid database URL{detail}"))
    })?;
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    let target = target(&config);
    let connected = tokio::time::timeout(STARTUP_TIMEOUT, config.connect(NoTls)).await;
    match connected {
        Ok(Ok((client, connection))) => {
            tokio::spawn(async move {
                let _ = connection.await;
            });
            Ok(client)
        }
        Ok(Err(e)) => Err(Error::Connect {
            target,
            cause: cause(&config, &e),
        }),
        Err(_) => Err(Error::Connect {
            target,
            cause: format!(
                "timed out after {}s waiting for the server to start the session",
                STARTUP_TIMEOUT.as_secs()
            ),
        }),
    }
}
