//! The real `rounds-server` binary, run as a child process.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::HarnessError;

/// The path of the `rounds-server` binary, building it first if this test run did not.
pub fn server_binary() -> Result<PathBuf, HarnessError> {
    let exe = std::env::current_exe()?;
    // target/<profile>/deps/<test> → target/<profile>/rounds-server
    let dir = exe
        .parent()
        .and_then(Path::parent)
        .ok_or_else(|| HarnessError("no target dir".into()))?;
    let bin = dir.join("rounds-server");
    // Older than the server's sources means built from older sources: rebuild it rather
    // than test an old server.
    let built = std::fs::metadata(&bin).and_then(|m| m.modified()).ok();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new("."));
    let sources = [
        root.join("server"),
        root.join("shared"),
        root.join("Cargo.lock"),
    ];
    let stale = built.is_none_or(|b| sources.iter().any(|s| newest(s).is_some_and(|n| n > b)));
    if stale {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut build = Command::new(cargo);
        build.args(["build", "-p", "rounds-server", "--bin", "rounds-server"]);
        if dir.file_name().is_some_and(|n| n == "release") {
            build.arg("--release");
        }
        let status = build.status()?;
        if !status.success() {
            return Err(HarnessError("building rounds-server failed".into()));
        }
    }
    Ok(bin)
}

/// The newest modification time of a file, or of any file under a folder.
fn newest(path: &Path) -> Option<std::time::SystemTime> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_dir() {
        return meta.modified().ok();
    }
    std::fs::read_dir(path)
        .ok()?
        .filter_map(Result::ok)
        .filter(|e| e.file_name() != "target")
        .filter_map(|e| newest(&e.path()))
        .max()
}

/// A `rounds-server serve` child process.
#[derive(Debug)]
pub struct ServerProcess {
    /// The process.
    pub child: Child,
    /// Where it listens.
    pub addr: SocketAddr,
}

impl ServerProcess {
    /// Starts `rounds-server serve` on `db`, on a free port, with `extra` arguments.
    pub fn start(db: &Path, extra: &[&str]) -> Result<Self, HarnessError> {
        let mut child = Command::new(server_binary()?)
            .arg("serve")
            .args(["--listen", "127.0.0.1:0", "--static-dir", "/nonexistent"])
            .arg("--db")
            .arg(db)
            .args(extra)
            .env("ROUNDS_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| HarnessError("no stdout".into()))?;
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line)?;
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|a| a.parse().ok())
            .ok_or_else(|| HarnessError(format!("unexpected first line: {line:?}")))?;
        Ok(Self { child, addr })
    }

    /// Asks it to stop with SIGTERM, as a service manager does, and waits at most `limit`
    /// for it to exit; its exit status, or `None` if it was still running (then killed).
    pub fn terminate(
        mut self,
        limit: std::time::Duration,
    ) -> Result<Option<std::process::ExitStatus>, HarnessError> {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()?;
        if !sent.success() {
            return Err(HarnessError("kill -TERM failed".into()));
        }
        let deadline = std::time::Instant::now() + limit;
        while std::time::Instant::now() < deadline {
            if let Some(status) = self.child.try_wait()? {
                return Ok(Some(status));
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        Ok(None)
    }

    /// Kills it with SIGKILL, as a crash or power loss would, and waits for it to go.
    pub fn kill(mut self) -> Result<(), HarnessError> {
        self.child.kill()?;
        self.child.wait()?;
        Ok(())
    }

    /// The sync URL with `token`.
    pub fn sync_url(&self, token: &str) -> String {
        format!("ws://{}/api/v1/sync?access_token={token}", self.addr)
    }

    /// Logs in `username` with the test password and returns the token.
    pub async fn login(&self, username: &str) -> Result<String, HarnessError> {
        self.login_with(username, crate::PASSWORD).await
    }

    /// Logs in `username` with `password` (the demo's, in the benchmarks) and returns the
    /// token.
    pub async fn login_with(&self, username: &str, password: &str) -> Result<String, HarnessError> {
        let res = reqwest::Client::new()
            .post(format!("http://{}/api/v1/session", self.addr))
            .json(
                &serde_json::json!({ "username": username, "password": password, "bearer": true }),
            )
            .send()
            .await?;
        let body: serde_json::Value = res.json().await?;
        body["token"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| HarnessError(format!("login failed: {body}")))
    }

    /// Peak resident memory so far (VmHWM), in KiB, on Linux.
    pub fn peak_memory_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
