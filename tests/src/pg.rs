//! A throwaway PostgreSQL 15 cluster: `initdb` into a scratch directory, `postgres` started as a
//! child process on a free 127.0.0.1 port with its unix socket in the scratch directory, and
//! `psql` to run SQL against it as the superuser.
//!
//! `initdb` and `postgres` refuse to run as root. When the tests run as root, both are started as
//! the `postgres` system user through [`std::os::unix::process::CommandExt::uid`]/`gid` (which
//! also drops root's supplementary groups), the same effect as `runuser -u postgres --` but
//! without an intermediate process, so the server's PID is the one the watchdog signals.

use std::fs::File;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::tools;
use crate::watchdog::Watchdog;

/// How long PostgreSQL may take to accept connections.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// A running PostgreSQL 15 cluster owned by this test process.
#[derive(Debug)]
pub struct Cluster {
    /// The TCP port on 127.0.0.1.
    pub port: u16,
    /// The directory holding the unix socket (`.s.PGSQL.<port>`).
    pub socket_dir: PathBuf,
    /// The data directory.
    pub data_dir: PathBuf,
    /// The server log (stderr of `postgres`).
    pub log_path: PathBuf,
    /// A libpq URL connecting as the superuser `postgres` over TCP (trust authentication), for
    /// clients such as tokio-postgres: `postgres://postgres@127.0.0.1:<port>/postgres`.
    pub superuser_url: String,
    bindir: PathBuf,
    child: Mutex<Child>,
}

impl Cluster {
    /// Creates and starts a cluster under `dir` (which must exist and be writable by this process),
    /// registering the server with `watchdog` so that it stops when the test process exits.
    pub fn start(dir: &Path, watchdog: &Watchdog) -> Result<Cluster, String> {
        let bindir = tools::pg_bindir()?;
        let run_as = if tools::current_uid()? == 0 {
            Some(tools::user_ids("postgres").map_err(|e| {
                format!("running as root, so PostgreSQL must run as the `postgres` user, but: {e}")
            })?)
        } else {
            None
        };

        let data_dir = dir.join("pgdata");
        let socket_dir = dir.join("pgsock");
        std::fs::create_dir_all(&socket_dir)
            .map_err(|e| format!("cannot create {}: {e}", socket_dir.display()))?;
        if let Some((uid, gid)) = run_as {
            for path in [dir, socket_dir.as_path()] {
                std::os::unix::fs::chown(path, Some(uid), Some(gid))
                    .map_err(|e| format!("cannot chown {} to postgres: {e}", path.display()))?;
            }
        }

        let initdb_log = dir.join("initdb.log");
        let mut initdb = Command::new(bindir.join("initdb"));
        initdb
            .arg("-D")
            .arg(&data_dir)
            .args([
                "--no-sync",
                "--auth=trust",
                "--username=postgres",
                "--encoding=UTF8",
                "--locale=C",
            ])
            .stdin(Stdio::null())
            .stdout(log_file(&initdb_log)?)
            .stderr(log_file(&initdb_log)?);
        as_user(&mut initdb, run_as, dir);
        let status = initdb
            .status()
            .map_err(|e| format!("cannot run initdb: {e}"))?;
        if !status.success() {
            return Err(format!(
                "initdb failed ({status}):\n{}",
                read_log(&initdb_log)
            ));
        }

        let port = tools::free_port()?;
        let log_path = dir.join("postgres.log");
        let mut postgres = Command::new(bindir.join("postgres"));
        postgres
            .arg("-D")
            .arg(&data_dir)
            .arg("-p")
            .arg(port.to_string())
            .arg("-k")
            .arg(&socket_dir)
            .args([
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "full_page_writes=off",
                "-c",
                "timezone=UTC",
                "-c",
                "max_connections=100",
                "-c",
                "logging_collector=off",
            ])
            .stdin(Stdio::null())
            .stdout(log_file(&log_path)?)
            .stderr(log_file(&log_path)?);
        as_user(&mut postgres, run_as, dir);
        let child = postgres
            .spawn()
            .map_err(|e| format!("cannot start postgres: {e}"))?;
        // SIGQUIT: immediate shutdown; the data is thrown away anyway.
        watchdog.watch(child.id(), "QUIT")?;

        let cluster = Cluster {
            port,
            superuser_url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
            socket_dir,
            data_dir,
            log_path,
            bindir,
            child: Mutex::new(child),
        };
        cluster.wait_ready()?;
        Ok(cluster)
    }

    fn wait_ready(&self) -> Result<(), String> {
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if let Some(status) = self.exited() {
                return Err(format!(
                    "postgres exited ({status}) before accepting connections; its log:\n{}",
                    read_log(&self.log_path)
                ));
            }
            let ready = Command::new(self.bindir.join("pg_isready"))
                .arg("-q")
                .arg("-h")
                .arg(&self.socket_dir)
                .arg("-p")
                .arg(self.port.to_string())
                .arg("-U")
                .arg("postgres")
                .status()
                .map(|s| s.success())
                .unwrap_or(false);
            if ready {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "postgres did not accept connections within {START_TIMEOUT:?}; its log:\n{}",
                    read_log(&self.log_path)
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The exit status if the server has stopped.
    fn exited(&self) -> Option<std::process::ExitStatus> {
        let mut child = self.child.lock().unwrap_or_else(|e| e.into_inner());
        child.try_wait().ok().flatten()
    }

    /// Runs SQL (one or more statements) with `psql` as the superuser and returns what it printed:
    /// unaligned, tuples only (`psql -At`), `|` between columns, one row per line, without the
    /// trailing newline. Stops at the first error (`ON_ERROR_STOP`).
    pub fn try_psql(&self, sql: &str) -> Result<String, String> {
        self.try_psql_on("postgres", sql)
    }

    /// Like [`Cluster::try_psql`], in the database `database` of the cluster.
    pub fn try_psql_on(&self, database: &str, sql: &str) -> Result<String, String> {
        let out = self
            .psql_command(database)
            .arg("-c")
            .arg(sql)
            .output()
            .map_err(|e| format!("cannot run psql: {e}"))?;
        if out.status.success() {
            let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
            while text.ends_with('\n') {
                text.pop();
            }
            Ok(text)
        } else {
            Err(format!(
                "psql failed ({}) running:\n{sql}\n{}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }

    /// Like [`Cluster::try_psql`], panicking with psql's error output on failure.
    pub fn psql(&self, sql: &str) -> String {
        self.try_psql(sql).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Runs an SQL file with `psql -f` as the superuser, stopping at the first error.
    pub fn psql_file(&self, path: &Path) -> Result<(), String> {
        self.psql_file_on("postgres", path)
    }

    /// Like [`Cluster::psql_file`], in the database `database` of the cluster.
    pub fn psql_file_on(&self, database: &str, path: &Path) -> Result<(), String> {
        let out = self
            .psql_command(database)
            .arg("-f")
            .arg(path)
            .output()
            .map_err(|e| format!("cannot run psql: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "psql -f {} failed ({}):\n{}",
                path.display(),
                out.status,
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }

    fn psql_command(&self, database: &str) -> Command {
        let mut cmd = Command::new(self.bindir.join("psql"));
        cmd.args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"])
            .arg("-h")
            .arg(&self.socket_dir)
            .arg("-p")
            .arg(self.port.to_string())
            .args(["-U", "postgres", "-d", database])
            .env("PGTZ", "UTC")
            .env("PGCLIENTENCODING", "UTF8")
            .stdin(Stdio::null());
        cmd
    }
}

/// Runs `cmd` in `dir`, as the given user and group when set.
fn as_user(cmd: &mut Command, ids: Option<(u32, u32)>, dir: &Path) {
    // The caller's working directory may not be readable by the `postgres` user.
    cmd.current_dir(dir);
    if let Some((uid, gid)) = ids {
        cmd.uid(uid).gid(gid).env("HOME", dir);
    }
}

fn log_file(path: &Path) -> Result<File, String> {
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| format!("cannot open {}: {e}", path.display()))
}

/// The contents of a log file, or a note saying why it could not be read.
pub(crate) fn read_log(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| format!("(cannot read {}: {e})", path.display()))
}
