//! Browser end-to-end tests: a real server (in this process, port 0, fresh SQLite file)
//! serving the built web app (`client/dist`) with a small demo organisation, and a
//! Playwright script (`tests/js/e2e/*.mjs`, `playwright-core` driving Debian's Chromium)
//! run against it. Screenshots land in `target/e2e-artifacts`.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use rounds_server::demo::{self, Scale};
use rounds_server::storage::Store;
use rounds_shared::time::Timestamp;

use crate::{HarnessError, TestServer};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// A small organisation: quick to generate and to sync into a browser.
pub const SMALL: Scale = Scale {
    teams: 1,
    reps: 2,
    accounts: 12,
    opportunities: 40,
    visits: 150,
};

/// Starts a server serving the built app, with the demo organisation at `scale`.
pub async fn demo_server(scale: Scale) -> Result<TestServer, HarnessError> {
    demo_server_at(scale, built_app()?).await
}

/// The built app, `client/dist`.
pub fn built_app() -> Result<PathBuf, HarnessError> {
    let dist = workspace().join("client/dist");
    if !dist.join("index.html").is_file() || !dist.join("sw.js").is_file() {
        return Err(HarnessError(format!(
            "{} has no built app: run `bash scripts/test` (it builds it with trunk)",
            dist.display()
        )));
    }
    Ok(dist)
}

/// A copy of the built app that a test may change, as a deploy would.
pub fn app_copy() -> Result<tempfile::TempDir, HarnessError> {
    fn copy(from: &Path, to: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(to)?;
        for entry in std::fs::read_dir(from)? {
            let entry = entry?;
            let target = to.join(entry.file_name());
            if entry.file_type()?.is_dir() {
                copy(&entry.path(), &target)?;
            } else {
                std::fs::copy(entry.path(), target)?;
            }
        }
        Ok(())
    }
    let dir = tempfile::tempdir()?;
    copy(&built_app()?, dir.path())?;
    Ok(dir)
}

/// [`demo_server`] serving the app from `dist`.
pub async fn demo_server_at(scale: Scale, dist: PathBuf) -> Result<TestServer, HarnessError> {
    let server = TestServer::start_with_static(Some(dist)).await?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|e| HarnessError(e.to_string()))?
        .as_millis() as i64;
    let store: &dyn Store = server.store.as_ref();
    demo::generate(store, scale, 7, Timestamp(now)).map_err(|e| HarnessError(e.to_string()))?;
    Ok(server)
}

/// Runs `tests/js/e2e/<script>` against `server`; its output is printed, and a failure
/// carries it.
pub async fn run_script(server: &TestServer, script: &str) -> Result<String, HarnessError> {
    run_script_with(server, script, &[]).await
}

/// [`run_script`] with extra environment variables.
pub async fn run_script_with(
    server: &TestServer,
    script: &str,
    env: &[(&str, &str)],
) -> Result<String, HarnessError> {
    let js = workspace().join("tests/js");
    if !js.join("node_modules/playwright-core").is_dir() {
        return Err(HarnessError(
            "tests/js/node_modules is missing playwright-core: run `bash scripts/test`".into(),
        ));
    }
    let artefacts = workspace().join("target/e2e-artifacts");
    let out = tokio::process::Command::new("node")
        .arg(js.join("e2e").join(script))
        .current_dir(&js)
        .env("ROUNDS_URL", server.url(""))
        .env("ROUNDS_ARTEFACTS", &artefacts)
        .env("ROUNDS_DIST", workspace().join("client/dist"))
        .envs(env.iter().copied())
        .output()
        .await?;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    eprintln!("{stderr}");
    if !out.status.success() {
        return Err(HarnessError(format!(
            "{script} failed ({}):\n{stdout}\n{stderr}",
            out.status
        )));
    }
    Ok(stdout)
}
