//! A real local AWS for tests: one `moto_server` per test, on a free loopback port.
//!
//! The integration tests of `share-aws` (and the CLI's end-to-end tests) run against a real
//! moto server rather than SDK mocks, because the behaviour worth testing lives in the wire
//! format: XML roots, percent-encoded IAM documents, error codes, per-account state reached
//! through STS AssumeRole. Each test owns its server, so tests never see each other's
//! buckets and can run in parallel; the server is killed when the [`MotoServer`] is
//! dropped, also when the test panics.
//!
//! This crate uses the standard library only, so it costs nothing to build.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How to install moto when it is missing; repeated in every error that needs it.
pub const INSTALL_HINT: &str =
    "install it with `pip install 'moto[server]'` (or run `scripts/ensure-moto`)";

/// The environment variable that names the `moto_server` binary, when it is not on `PATH`.
pub const BINARY_ENV: &str = "MOTO_SERVER";

/// How long to wait for a freshly started server to answer.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(60);

/// Why a server could not be started.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// `moto_server` is not installed.
    #[error("`moto_server` was not found on PATH (nor in ${BINARY_ENV}); {INSTALL_HINT}")]
    NotInstalled,
    /// The process could not be spawned.
    #[error("could not start `{binary}`: {source}")]
    Spawn {
        /// The binary that was run.
        binary: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// The process exited before it answered.
    #[error("`moto_server` exited during startup ({status}); its output:\n{output}")]
    Exited {
        /// The exit status.
        status: String,
        /// What it printed.
        output: String,
    },
    /// The process did not answer in time.
    #[error("`moto_server` did not answer on {address} within {seconds} s; its output:\n{output}")]
    Timeout {
        /// Where it should have answered.
        address: SocketAddr,
        /// How long we waited.
        seconds: u64,
        /// What it printed.
        output: String,
    },
    /// Some other I/O failure (no free port, no temporary directory).
    #[error("could not start `moto_server`: {0}")]
    Io(#[from] std::io::Error),
}

/// A running `moto_server`, stopped on drop.
#[derive(Debug)]
pub struct MotoServer {
    child: Child,
    address: SocketAddr,
    log: PathBuf,
}

impl MotoServer {
    /// Starts `moto_server -H 127.0.0.1 -p PORT` on a free port and waits until it answers
    /// HTTP. Retries on a different port when another process takes the chosen one first.
    pub fn start() -> Result<Self, Error> {
        let binary = find_binary().ok_or(Error::NotInstalled)?;
        let mut last = None;
        for _ in 0..3 {
            match Self::start_once(&binary) {
                Ok(server) => return Ok(server),
                // A port race shows as an early exit ("Address already in use"); try again.
                Err(Error::Exited { status, output }) if output.contains("in use") => {
                    last = Some(Error::Exited { status, output });
                }
                Err(e) => return Err(e),
            }
        }
        Err(last.unwrap_or(Error::NotInstalled))
    }

    fn start_once(binary: &Path) -> Result<Self, Error> {
        let port = free_port()?;
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let log =
            std::env::temp_dir().join(format!("share-moto-{}-{port}.log", std::process::id()));
        let out = std::fs::File::create(&log)?;
        let err = out.try_clone()?;
        let child = Command::new(binary)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            // Never let a developer's environment collapse the accounts (moto-notes).
            .env_remove("MOTO_ACCOUNT_ID")
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .map_err(|source| Error::Spawn {
                binary: binary.display().to_string(),
                source,
            })?;
        let mut server = Self {
            child,
            address,
            log,
        };
        server.wait_until_ready()?;
        Ok(server)
    }

    fn wait_until_ready(&mut self) -> Result<(), Error> {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait()? {
                return Err(Error::Exited {
                    status: status.to_string(),
                    output: self.output(),
                });
            }
            if answers(self.address) {
                return Ok(());
            }
            if started.elapsed() > STARTUP_TIMEOUT {
                return Err(Error::Timeout {
                    address: self.address,
                    seconds: STARTUP_TIMEOUT.as_secs(),
                    output: self.output(),
                });
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The endpoint URL, e.g. `http://127.0.0.1:49152`.
    pub fn endpoint_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The socket address the server listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The OS process id of the server.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Everything the server printed so far (its request log), for failing tests.
    pub fn output(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Clears all state (`POST /moto-api/reset`), for reusing one server.
    pub fn reset(&self) -> Result<(), Error> {
        let status = http(self.address, "POST", "/moto-api/reset")?;
        if status == 200 {
            Ok(())
        } else {
            Err(Error::Io(std::io::Error::other(format!(
                "POST /moto-api/reset answered {status}"
            ))))
        }
    }
}

impl Drop for MotoServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.log);
    }
}

/// A port that was free a moment ago (the OS picks it; we release it for the server).
pub fn free_port() -> std::io::Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    Ok(listener.local_addr()?.port())
}

/// `$MOTO_SERVER` when set, else `moto_server` searched on `PATH`.
pub fn find_binary() -> Option<PathBuf> {
    find_binary_in(std::env::var_os(BINARY_ENV), std::env::var_os("PATH"))
}

fn find_binary_in(explicit: Option<OsString>, path: Option<OsString>) -> Option<PathBuf> {
    if let Some(explicit) = explicit.filter(|v| !v.is_empty()) {
        let path = PathBuf::from(explicit);
        return path.is_file().then_some(path);
    }
    std::env::split_paths(&path?)
        .map(|dir| dir.join("moto_server"))
        .find(|candidate| is_executable(candidate))
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

fn answers(address: SocketAddr) -> bool {
    http(address, "GET", "/moto-api/").is_ok_and(|status| status == 200)
}

/// A minimal HTTP/1.1 request; returns the status code.
fn http(address: SocketAddr, method: &str, path: &str) -> std::io::Result<u16> {
    let mut stream = TcpStream::connect_timeout(&address, Duration::from_millis(500))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    response
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("not an HTTP response: {response:.80}")))
}

#[cfg(test)]
mod tests;
