//! End-to-end tests of the real `astc` binary.

use std::path::Path;
use std::process::{Command, Output};

fn astc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_astc"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("astc runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn check_passes_on_valid_fixtures_and_the_example_site() {
    for dir in ["tests/fixtures/ok", "examples/blog/src"] {
        let output = astc(&["check", dir]);
        assert_eq!(output.status.code(), Some(0), "{dir}: {}", stderr(&output));
        assert!(
            stderr(&output).contains("0 errors, 0 warnings"),
            "{}",
            stderr(&output)
        );
    }
}

#[test]
fn check_reports_astral_toml_problems_next_to_the_components() {
    let output = astc(&["check", "tests/sites/err-config/src", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let document: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let diagnostics = document["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 2, "{document:#}");
    for d in diagnostics {
        assert_eq!(d["code"], "E0601");
        assert_eq!(d["file"], "tests/sites/err-config/astral.toml");
    }
    // A valid file is checked too, and passes.
    let output = astc(&["check", "tests/sites/configured/src"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("Checked 3 files"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn check_reports_errors_with_exit_code_1_in_every_format() {
    let human = astc(&["check", "tests/fixtures/err", "--color", "never"]);
    assert_eq!(human.status.code(), Some(1));
    let text = stderr(&human);
    assert!(
        text.contains("[E0106] Error: `<section>` is never closed"),
        "{text}"
    );
    assert!(
        text.contains("tests/fixtures/err/E0106-unclosed-element.astral:2:3"),
        "{text}"
    );

    let json = astc(&["check", "tests/fixtures/err", "--format", "json"]);
    assert_eq!(json.status.code(), Some(1));
    let document: serde_json::Value = serde_json::from_str(&stdout(&json)).expect("valid JSON");
    let diagnostics = document["diagnostics"].as_array().unwrap();
    assert!(document["errors"].as_u64().unwrap() > 10);
    let unclosed = diagnostics
        .iter()
        .find(|d| d["code"] == "E0106")
        .expect("an E0106 diagnostic");
    assert_eq!(
        unclosed["file"],
        "tests/fixtures/err/E0106-unclosed-element.astral"
    );
    assert_eq!(unclosed["start"]["line"], 2);
    assert_eq!(unclosed["start"]["column"], 3);
    assert_eq!(unclosed["severity"], "error");

    let github = astc(&[
        "check",
        "tests/fixtures/err/E0106-unclosed-element.astral",
        "--format",
        "github",
    ]);
    assert_eq!(github.status.code(), Some(1));
    assert_eq!(
        stdout(&github).lines().next().unwrap(),
        "::error file=tests/fixtures/err/E0106-unclosed-element.astral,line=2,col=3,endLine=2,endColumn=12,\
         title=unclosed-element::E0106 `<section>` is never closed%0Ahelp: add `</section>` where the element \
         ends, or write `<section />` if it is empty"
    );
}

#[test]
fn warnings_fail_only_with_deny_warnings() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("w.astral"),
        "<p class=\"a\" class=\"b\">x</p>\n",
    )
    .unwrap();
    let path = dir.path().to_str().unwrap();
    let output = astc(&["check", path]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("0 errors, 1 warning"));
    let output = astc(&["check", path, "--deny-warnings"]);
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn usage_and_io_errors_exit_with_2() {
    let output = astc(&["check", "does/not/exist"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("cannot read `does/not/exist`"));

    let output = astc(&["check", "--format", "xml"]);
    assert_eq!(output.status.code(), Some(2));

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.astral"), [0xff, 0xfe, b'<']).unwrap();
    let output = astc(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("not valid UTF-8"));
}

#[test]
fn checks_astro_files_too_and_skips_node_modules() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.astro"), "<div>\n").unwrap();
    std::fs::create_dir(dir.path().join("node_modules")).unwrap();
    std::fs::write(dir.path().join("node_modules/b.astral"), "<div>\n").unwrap();
    let output = astc(&["check", dir.path().to_str().unwrap(), "--format", "json"]);
    let document: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(document["files"], 1);
    assert_eq!(document["errors"], 1);
    assert!(Path::new(document["diagnostics"][0]["file"].as_str().unwrap()).ends_with("a.astro"));
}

/// `tests/sites/bench-12` was made once by the benchmark generator
/// (`gen_site.py --pages 12 --ext .astral`, seed 1), whose `manifest.json` says what it
/// holds: it checks clean, and compiles to the pages the generator meant.
#[test]
fn generated_benchmark_site_checks_clean_and_compiles() {
    let site = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites/bench-12");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(site.join("manifest.json")).unwrap())
            .unwrap();

    let output = astc(&["check", "tests/sites/bench-12/src", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let document: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(document["errors"], 0);
    assert_eq!(document["warnings"], 0);
    assert_eq!(document["files"], manifest["source_files"]);

    let dist = tempfile::tempdir().unwrap();
    let output = astc(&[
        "compile",
        "tests/sites/bench-12/src",
        "--out",
        dist.path().to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let pages = walkdir::WalkDir::new(dist.path())
        .into_iter()
        .filter(|entry| entry.as_ref().unwrap().file_name() == "index.html")
        .count();
    assert_eq!(Some(pages as u64), manifest["pages_expected"].as_u64());
}

/// Issue 13's hostile inputs through the real binary, one file each (so rayon's 2 MiB worker
/// threads take some): located errors and exit code 1, never an abort, and human output
/// bounded by the per-file diagnostic cap and the cut of long lines.
#[test]
fn check_survives_deep_chains_and_floods_of_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        (
            "not",
            format!("---\nconst a = {}1;\n---\n<p/>\n", "!".repeat(21_000)),
        ),
        ("plus", format!("<p>{{1{}}}</p>\n", "+1".repeat(100_000))),
        (
            "labels",
            format!("---\n{}1;\n---\n<p/>\n", "a: ".repeat(10_000)),
        ),
        ("calls", format!("<p>{{a{}}}</p>\n", "?.()".repeat(50_000))),
        (
            "divs",
            format!("{}{}\n", "<div>".repeat(100_000), "</div>".repeat(100_000)),
        ),
        (
            "attributes",
            format!(
                "<div {}></div>\n",
                (0..1500)
                    .map(|i| format!("a{i}=1 a{i}=2"))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
        ),
    ];
    for (name, text) in &files {
        std::fs::write(dir.path().join(format!("{name}.astral")), text).unwrap();
    }
    let output = astc(&["check", dir.path().to_str().unwrap()]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{:.2000}", err);
    assert!(
        err.contains("E0112") && err.contains("E0116"),
        "{:.2000}",
        err
    );
    // 3,000 diagnostics on one 23 kB line once printed 217 MB.
    assert!(err.len() < 4 << 20, "{} bytes of output", err.len());
}

#[test]
fn check_reports_what_compile_rejects_with_the_same_code() {
    // A framework component and a server island: both checked clean before, and failed
    // `astc compile` (or were silently rendered inline).
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir_all(src.join("pages")).unwrap();
    std::fs::create_dir_all(src.join("components")).unwrap();
    std::fs::write(
        src.join("components/Counter.jsx"),
        "export default function Counter() { return null; }\n",
    )
    .unwrap();
    std::fs::write(src.join("components/Card.astral"), "<p>card</p>\n").unwrap();
    for (page, code) in [
        (
            "---\nimport Counter from '../components/Counter.jsx';\n---\n<Counter client:load />\n",
            "E0508",
        ),
        (
            "---\nimport Card from '../components/Card.astral';\n---\n<Card server:defer />\n",
            "E0513",
        ),
    ] {
        std::fs::write(src.join("pages/index.astral"), page).unwrap();
        let out = dir.path().join("dist");
        let compiled = astc(&[
            "compile",
            src.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(compiled.status.code(), Some(1), "{}", stderr(&compiled));
        assert!(
            stderr(&compiled).contains(&format!("[{code}]")),
            "compile: {}",
            stderr(&compiled)
        );
        let checked = astc(&["check", src.to_str().unwrap(), "--format", "json"]);
        assert_eq!(checked.status.code(), Some(1), "{}", stderr(&checked));
        let document: serde_json::Value = serde_json::from_str(&stdout(&checked)).unwrap();
        let codes: Vec<&str> = document["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|d| d["code"].as_str())
            .collect();
        assert_eq!(codes, [code], "{document:#}");
    }
}
