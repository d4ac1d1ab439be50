//! The real PostgREST 12.0.2 server, started as a child process with a config file in the scratch
//! directory and waited for until it serves its OpenAPI root.

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::pg::{read_log, Cluster};
use crate::tools;
use crate::watchdog::Watchdog;

/// How long PostgREST may take to load its schema cache and answer `GET /`.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// The password of the `authenticator` role created by `tests/fixtures/schema.sql`.
pub const AUTHENTICATOR_PASSWORD: &str = "authenticator-password";

/// The schemas PostgREST exposes; the first is the default, the others are chosen with
/// `Accept-Profile` / `Content-Profile`.
pub const DB_SCHEMAS: &str = "public,api2";

/// A running PostgREST server owned by this test process.
#[derive(Debug)]
pub struct Postgrest {
    /// The port on 127.0.0.1.
    pub port: u16,
    /// `http://127.0.0.1:<port>` (no trailing slash).
    pub url: String,
    /// The config file it was started with.
    pub config_path: PathBuf,
    /// Its combined stdout and stderr.
    pub log_path: PathBuf,
    child: Mutex<Child>,
}

impl Postgrest {
    /// Writes a config file under `dir` and starts PostgREST against `db`, verifying tokens with
    /// `jwt_secret`; waits until `GET /` answers 200.
    ///
    /// The config: `db-uri` to the `authenticator` role over 127.0.0.1 TCP, `db-schemas`
    /// [`DB_SCHEMAS`], `db-anon-role = "anon"`, `db-plan-enabled = true` (for `explain()`),
    /// `db-tx-end = "commit-allow-override"` (for `Prefer: tx=rollback`), no `db-max-rows`.
    pub fn start(
        dir: &Path,
        db: &Cluster,
        jwt_secret: &str,
        watchdog: &Watchdog,
    ) -> Result<Postgrest, String> {
        Self::start_with_schemas(dir, db, jwt_secret, DB_SCHEMAS, watchdog)
    }

    /// Like [`Postgrest::start`], exposing `schemas` (comma-separated, default first) instead of
    /// [`DB_SCHEMAS`]; used by `scripts/demo` on the example schema.
    pub fn start_with_schemas(
        dir: &Path,
        db: &Cluster,
        jwt_secret: &str,
        schemas: &str,
        watchdog: &Watchdog,
    ) -> Result<Postgrest, String> {
        Self::start_on(dir, db, "postgres", jwt_secret, schemas, watchdog)
    }

    /// Like [`Postgrest::start_with_schemas`], on the database `database` of the cluster (the
    /// corpus test runs one PostgREST per app database).
    pub fn start_on(
        dir: &Path,
        db: &Cluster,
        database: &str,
        jwt_secret: &str,
        schemas: &str,
        watchdog: &Watchdog,
    ) -> Result<Postgrest, String> {
        let bin = tools::postgrest_bin()?;
        let port = tools::free_port()?;
        let mut config = String::new();
        let _ = writeln!(
            config,
            "db-uri = \"postgres://authenticator:{AUTHENTICATOR_PASSWORD}@127.0.0.1:{}/{database}\"",
            db.port
        );
        let _ = writeln!(config, "db-schemas = \"{schemas}\"");
        let _ = writeln!(config, "db-anon-role = \"anon\"");
        let _ = writeln!(config, "db-pool = 10");
        let _ = writeln!(config, "db-plan-enabled = true");
        // `query!` aggregates (count/sum/avg/min/max in the select list).
        let _ = writeln!(config, "db-aggregates-enabled = true");
        let _ = writeln!(config, "db-tx-end = \"commit-allow-override\"");
        let _ = writeln!(config, "jwt-secret = \"{jwt_secret}\"");
        let _ = writeln!(config, "server-host = \"127.0.0.1\"");
        let _ = writeln!(config, "server-port = {port}");
        let _ = writeln!(config, "log-level = \"info\"");
        let config_path = dir.join("postgrest.conf");
        std::fs::write(&config_path, config)
            .map_err(|e| format!("cannot write {}: {e}", config_path.display()))?;

        let log_path = dir.join("postgrest.log");
        let log = |path: &Path| {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .map_err(|e| format!("cannot open {}: {e}", path.display()))
        };
        let child = Command::new(&bin)
            .arg(&config_path)
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(log(&log_path)?)
            .stderr(log(&log_path)?)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
        watchdog.watch(child.id(), "TERM")?;

        let server = Postgrest {
            port,
            url: format!("http://127.0.0.1:{port}"),
            config_path,
            log_path,
            child: Mutex::new(child),
        };
        server.wait_ready()?;
        Ok(server)
    }

    fn wait_ready(&self) -> Result<(), String> {
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            let exited = {
                let mut child = self.child.lock().unwrap_or_else(|e| e.into_inner());
                child.try_wait().ok().flatten()
            };
            if let Some(status) = exited {
                return Err(format!(
                    "PostgREST exited ({status}) before becoming ready; its output:\n{}",
                    read_log(&self.log_path)
                ));
            }
            let last = match http_status(self.port, "/") {
                Ok(200) => return Ok(()),
                Ok(status) => format!("GET / answered {status}"),
                Err(e) => e,
            };
            if Instant::now() > deadline {
                return Err(format!(
                    "PostgREST was not ready within {START_TIMEOUT:?} (last: {last}); its output:\n{}",
                    read_log(&self.log_path)
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// The status code of a plain `GET path` on 127.0.0.1:`port` (HTTP/1.0, no dependencies on a
/// runtime).
fn http_status(port: u16, path: &str) -> Result<u16, String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .map_err(|e| e.to_string())?;
    write!(
        stream,
        "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .map_err(|e| e.to_string())?;
    let mut head = [0u8; 32];
    let mut read = 0;
    while read < 12 {
        let n = stream.read(&mut head[read..]).map_err(|e| e.to_string())?;
        if n == 0 {
            break;
        }
        read += n;
    }
    // "HTTP/1.1 200 OK"
    let line = String::from_utf8_lossy(&head[..read]).into_owned();
    line.get(9..12)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| format!("unexpected answer {line:?}"))
}
