//! `astc compile` on pages that compute hostile values or reach the runtime's limits
//! (issue 13): what the user sees is a located diagnostic, never a panic, an abort, a hang
//! or unbounded output.

use std::process::{Command, Output};

/// Builds a one-page site whose `src/pages/{name}` is `page`.
fn compile_page(name: &str, page: &str, extra: &[&str]) -> (Output, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("src/pages");
    std::fs::create_dir_all(&pages).unwrap();
    std::fs::write(pages.join(name), page).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_astc"))
        .arg("compile")
        .arg(dir.path().join("src"))
        .arg("--out")
        .arg(dir.path().join("dist"))
        .args(extra)
        .output()
        .expect("astc runs");
    (output, dir)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Asserts a failed build with `code` at `location` (`index.astral:5:1`) and `message`.
fn assert_fails(output: &Output, code: &str, location: &str, message: &str) {
    let stderr = stderr(output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("[{code}]")),
        "want {code}:\n{stderr}"
    );
    assert!(stderr.contains(location), "want {location}:\n{stderr}");
    assert!(stderr.contains(message), "want {message}:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("likely a bug"), "{stderr}");
}

#[test]
fn define_vars_keys_that_are_not_identifiers_are_located_errors() {
    let page = "---\nconst k = { ['x = 1; alert(1); var y']: 0, ['</script><img src=x onerror=alert(2)>']: 0 };\n---\n<p>x</p>\n<script define:vars={k}>console.log(1)</script>\n";
    let (output, _dir) = compile_page("index.astral", page, &[]);
    assert_fails(
        &output,
        "E0501",
        "index.astral:5:1",
        "the key \"x = 1; alert(1); var y\" is not a JavaScript identifier",
    );

    let page = "---\nconst vars = { ['a;b']: 'red' };\n---\n<div>x</div>\n<style define:vars={vars}>div { color: var(--a) }</style>\n";
    let (output, _dir) = compile_page("index.astral", page, &[]);
    assert_fails(
        &output,
        "E0501",
        "index.astral:5:1",
        "cannot be a CSS custom property",
    );
}

#[test]
fn css_values_from_data_stay_one_declaration() {
    let page = "---\nconst s = 'red;background:url(javascript:alert(1))';\n---\n<p style={{ color: s, fontSize: '2em' }}>x</p>\n<style define:vars={{ c: s }}>p { color: var(--c) }</style>\n";
    let (output, dir) = compile_page("index.astral", page, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let html = std::fs::read_to_string(dir.path().join("dist/index.html")).unwrap();
    assert!(
        html.contains(
            r#"style="color:red\;background\:url\(javascript\:alert\(1\)\);font-size:2em""#
        ),
        "{html}"
    );
    assert!(
        html.contains(r#"style="--c: red\;background\:url\(javascript\:alert\(1\)\);""#),
        "{html}"
    );
}

#[test]
fn lone_surrogates_render_as_replacement_characters() {
    let page =
        "---\nconst lone = 'a\\ud800';\nconsole.log(lone);\n---\n<p title={lone}>{lone}</p>\n";
    let (output, dir) = compile_page("index.astral", page, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let html = std::fs::read_to_string(dir.path().join("dist/index.html")).unwrap();
    assert!(
        html.contains("<p title=\"a\u{FFFD}\">a\u{FFFD}</p>"),
        "{html}"
    );
}

#[test]
fn a_huge_static_paths_array_is_an_error_not_a_panic() {
    let page = "---\nexport function getStaticPaths() {\n  const a = [{ params: { slug: 'a' } }];\n  a.length = 2 ** 31;\n  return a;\n}\n---\n<p>x</p>\n";
    let (output, _dir) = compile_page("[slug].astral", page, &[]);
    assert_fails(
        &output,
        "E0504",
        "[slug].astral",
        "entry 1 must be an object",
    );
}

#[test]
fn out_of_memory_says_how_much_memory_the_page_used() {
    let page = "---\nconst a = [];\nfor (;;) a.push('x'.repeat(1 << 16) + a.length);\n---\n<p>{a.length}</p>\n";
    let (output, _dir) = compile_page("index.astral", page, &[]);
    assert_fails(
        &output,
        "E0503",
        "index.astral:3:1",
        "the page used more than 256 MiB of memory",
    );
}

#[test]
fn page_output_is_capped() {
    let page =
        "---\nconst s = 'x'.repeat(1e6);\n---\n<p>{Array.from({ length: 100 }, () => s)}</p>\n";
    let (output, dir) = compile_page("index.astral", page, &[]);
    assert_fails(
        &output,
        "E0512",
        "index.astral",
        "the page's HTML is larger than the limit of 64 MiB",
    );
    assert!(!dir.path().join("dist/index.html").exists());
}

#[test]
fn the_time_limit_covers_rendering_huge_arrays() {
    let page = "---\nconst a = Array(2 ** 26);\n---\n<p>{Array(20).fill(a)}</p>\n";
    let (output, _dir) = compile_page("index.astral", page, &["--render-timeout-ms", "300"]);
    assert_fails(
        &output,
        "E0502",
        "index.astral",
        "render took longer than the limit of 300ms",
    );
}

#[test]
fn console_floods_are_cut_at_one_mebibyte() {
    let page = "---\nwhile (true) console.log('y'.repeat(1e5));\n---\n<p>x</p>\n";
    let (output, _dir) = compile_page("index.astral", page, &["--render-timeout-ms", "500"]);
    assert_fails(&output, "E0502", "index.astral:2:1", "render took longer");
    let stderr = stderr(&output);
    assert!(stderr.len() < (1 << 20) + 4096, "{} bytes", stderr.len());
    assert_eq!(
        stderr
            .matches("console output truncated: this render printed more than 1 MiB")
            .count(),
        1
    );
}

/// One engine operation that runs for minutes without reaching QuickJS's interrupt check
/// (its duplicate check of a Proxy's `ownKeys` list is quadratic): the watchdog ends the
/// build with a message instead of letting it hang. Without it this test runs for minutes.
#[test]
fn a_render_stuck_inside_the_engine_ends_the_build() {
    // A million keys are made in well under the time limit (C loops); checking them is not.
    let proxy = "new Proxy({}, { ownKeys: () => Object.keys(Array(1e6).fill(0)), getOwnPropertyDescriptor: () => ({ value: 1, enumerable: true, configurable: true }) })";
    for (name, page, what) in [
        (
            "index.astral",
            format!("---\nconst o = {proxy};\n---\n<p {{...o}}>x</p>\n"),
            "rendering `/`",
        ),
        (
            "[a].astral",
            format!(
                "---\nexport function getStaticPaths() {{ Reflect.ownKeys({proxy}); return []; }}\n---\n<p>x</p>\n"
            ),
            "running `getStaticPaths` of `[a].astral`",
        ),
    ] {
        let (output, _dir) = compile_page(name, &page, &["--render-timeout-ms", "2000"]);
        let stderr = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.contains(&format!(
                "error: {what} went on past its time limit of 2000 ms"
            )),
            "{stderr}"
        );
        assert!(stderr.contains("cannot be interrupted"), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}
