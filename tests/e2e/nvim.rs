//! `astc lsp` with a real LSP client: headless Neovim (0.7+) runs `tests/nvim/lsp_e2e.lua`
//! against the built binary over a temporary project.
//!
//! Without `nvim` on PATH the test fails (`.ci/run` installs Neovim), unless
//! `ASTC_SKIP_NVIM=1` asks to skip it; under CI (env `CI` set) that variable is ignored.

use std::io::Read;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The whole Neovim run; the script's own deadline is 30 s.
const TIMEOUT: Duration = Duration::from_secs(60);

const CARD: &str = "---\ninterface Props {\n  title: string;\n  href?: string;\n}\nconst { title } = Astro.props;\n---\n<article>\n  <h2>{title}</h2>\n  <slot />\n</article>\n";

/// An unclosed `<section>` (E0106) and an unknown `<Missing />` (E0401) on a line of its
/// own: the script deletes that line, then closes the section before `</main>`.
const PAGE: &str = "---\nimport Card from '../components/Card.astral';\n---\n<main>\n  <section>\n    <Card title=\"Hello\" />\n    <Missing />\n</main>\n";

#[test]
fn neovim_gets_diagnostics_hover_and_definition_from_astc_lsp() {
    let Some(version) = nvim_version() else {
        assert!(
            skip_allowed(),
            "`nvim` is not on PATH: install Neovim 0.7 or newer (CI must: see .ci/run), or set \
             ASTC_SKIP_NVIM=1 to skip this test (ignored when `CI` is set)"
        );
        eprintln!("skipped: `nvim` is not on PATH and ASTC_SKIP_NVIM=1");
        return;
    };

    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let project = root.join("site");
    std::fs::create_dir_all(project.join("src/components")).unwrap();
    std::fs::create_dir_all(project.join("src/pages")).unwrap();
    std::fs::write(project.join("src/components/Card.astral"), CARD).unwrap();
    std::fs::write(project.join("src/pages/index.astral"), PAGE).unwrap();
    // Neovim's state, logs (`lsp.log`) and config stay inside the temporary directory.
    let xdg = root.join("xdg");

    let mut child = Command::new("nvim")
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n"])
        .args(["-c", "luafile tests/nvim/lsp_e2e.lua"])
        // Reached only if the script could not run (e.g. a Lua syntax error), which would
        // otherwise leave headless Neovim waiting for input.
        .args(["-c", "cq"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("ASTC_BIN", env!("CARGO_BIN_EXE_astc"))
        .env("ASTC_PROJECT", &project)
        .env("XDG_CONFIG_HOME", xdg.join("config"))
        .env("XDG_DATA_HOME", xdg.join("data"))
        .env("XDG_STATE_HOME", xdg.join("state"))
        .env("XDG_CACHE_HOME", xdg.join("cache"))
        .env("NVIM_LOG_FILE", xdg.join("nvim.log"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("nvim starts");
    let stdout = read_in_background(child.stdout.take().unwrap());
    let stderr = read_in_background(child.stderr.take().unwrap());
    let status = wait_with_timeout(&mut child, TIMEOUT);
    let stdout = stdout.join().unwrap();
    let stderr = stderr.join().unwrap();

    let passed = matches!(status, Some(status) if status.success())
        && stdout.lines().any(|line| line.starts_with("PASS"));
    if !passed {
        let lsp_log = std::fs::read_to_string(xdg.join("cache/nvim/lsp.log")).unwrap_or_default();
        panic!(
            "Neovim LSP end-to-end test failed ({version}): {}\n\
             --- stdout ---\n{stdout}\n--- stderr ---\n{stderr}\n--- lsp.log ---\n{lsp_log}",
            match status {
                Some(status) => format!("nvim exited with {status}"),
                None => format!("nvim was killed after {TIMEOUT:?}"),
            }
        );
    }
    eprintln!("{version}: {}", stdout.trim());
}

/// Whether a missing `nvim` may skip the test: `ASTC_SKIP_NVIM=1`, outside CI.
fn skip_allowed() -> bool {
    std::env::var_os("ASTC_SKIP_NVIM").is_some_and(|value| value == "1")
        && std::env::var_os("CI").is_none()
}

/// The first line of `nvim --version`, or `None` when `nvim` is not on PATH.
fn nvim_version() -> Option<String> {
    match Command::new("nvim")
        .arg("--version")
        .stdin(Stdio::null())
        .output()
    {
        Ok(output) => {
            assert!(output.status.success(), "`nvim --version` failed");
            let text = String::from_utf8_lossy(&output.stdout);
            Some(text.lines().next().unwrap_or("nvim").to_string())
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => panic!("cannot run `nvim --version`: {error}"),
    }
}

fn read_in_background(mut pipe: impl Read + Send + 'static) -> JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// The exit status, or `None` after killing the process at the timeout.
fn wait_with_timeout(child: &mut Child, timeout: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(status) = child.try_wait().expect("waiting for nvim") {
            return Some(status);
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}
