//! `astc compile` end to end: fixture sites under `tests/sites/` built by the real binary,
//! every written file snapshotted (`snapshots/compile/`), and the error cases' diagnostics.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn compile(site: &str, extra: &[&str]) -> (Output, tempfile::TempDir) {
    let out = tempfile::tempdir().unwrap();
    let dist = out.path().join("dist");
    let src = format!("tests/sites/{site}/src");
    let output = Command::new(env!("CARGO_BIN_EXE_astc"))
        .args(["compile", &src, "--out"])
        .arg(&dist)
        .args(extra)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("astc runs");
    (output, out)
}

/// Every file under `dir`, sorted, as one readable document.
fn tree(dir: &Path) -> String {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, root, out);
            } else {
                let name = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((
                    name,
                    std::fs::read_to_string(&path).unwrap_or_else(|_| "<binary>".into()),
                ));
            }
        }
    }
    let mut files = Vec::new();
    walk(dir, dir, &mut files);
    files
        .into_iter()
        .map(|(name, text)| format!("=== {name}\n{text}\n"))
        .collect()
}

fn snapshot(name: &str, text: &str) {
    insta::with_settings!({ snapshot_path => "../../snapshots/compile", prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!(name, text);
    });
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn basic_site_builds_every_page() {
    let (output, out) = compile("basic", &["--emit", "html,ir"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let dist = out.path().join("dist");
    for page in [
        "index.html",
        "about/index.html",
        "blog/first/index.html",
        "blog/second/index.html",
        "docs/guide/start/index.html",
        "docs/index.html",
        "old/index.html",
        "404.html",
    ] {
        assert!(
            dist.join(page).is_file(),
            "{page} was not written:\n{}",
            tree(&dist)
        );
    }
    assert!(!dist.join("_draft/index.html").exists());
    snapshot("basic_site", &tree(&dist));
    snapshot("basic_site_route_table", &text(&output.stdout));
}

#[test]
fn a_static_page_has_no_script_in_the_ir() {
    let (output, out) = compile("basic", &["--emit", "html,ir"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let ir: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("dist/ir.json")).unwrap())
            .unwrap();
    let components = &ir["components"];
    assert!(
        components["src/pages/about.astral"]["script"].is_null(),
        "about has no JS"
    );
    assert!(
        components["src/components/Static.astral"]["script"].is_null(),
        "Static has no JS"
    );
    assert!(!components["src/pages/index.astral"]["script"].is_null());
}

#[test]
fn hostile_strings_are_escaped() {
    let (output, out) = compile("escaping", &[]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let html = std::fs::read_to_string(out.path().join("dist/index.html")).unwrap();
    assert!(!html.contains("<script>alert(\"x\")"), "{html}");
    assert!(!html.contains("\" onmouseover"), "{html}");
    snapshot("escaping", &html);
}

#[test]
fn render_errors_are_located_diagnostics_with_exit_code_1() {
    for (site, code, location) in [
        ("err-exception", "E0501", "components/Broken.astral:6:3"),
        // An `enum` makes the compiler reprint the module: swc's source map locates the throw.
        (
            "err-exception-enum",
            "E0501",
            "components/Broken.astral:11:5",
        ),
        ("err-static-paths", "E0504", "pages/[id].astral"),
        ("err-missing-component", "E0410", "pages/index.astral:2:18"),
        ("err-cycle", "E0412", "components/A.astral:2:15"),
        ("err-missing-static-paths", "E0505", "pages/[slug].astral"),
        ("err-timeout", "E0502", "pages/index.astral:3:1"),
        (
            "err-timeout-module",
            "E0502",
            "settle.js:3:3 was still running",
        ),
        ("err-await-in-callback", "E0203", "pages/index.astral:6:26"),
        ("err-config", "E0601", "err-config/astral.toml:2:1"),
        (
            "err-output-server",
            "E0510",
            "err-output-server/astral.toml:1:10",
        ),
    ] {
        let (output, _out) = compile(site, &["--render-timeout-ms", "300"]);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{site}: {stderr}");
        assert!(
            stderr.contains(&format!("[{code}]")),
            "{site} should report {code}:\n{stderr}"
        );
        assert!(
            stderr.contains(location),
            "{site} should point at {location}:\n{stderr}"
        );
        assert!(!stderr.contains("panicked"), "{site}: {stderr}");
        snapshot(
            &format!("error_{site}"),
            &stderr.replace(env!("CARGO_MANIFEST_DIR"), "<repo>"),
        );
    }
}

#[test]
fn astral_toml_sets_site_base_and_trailing_slash() {
    let (output, out) = compile("configured", &[]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let dist = out.path().join("dist");
    let index = std::fs::read_to_string(dist.join("index.html")).unwrap();
    assert!(
        index.contains(r#"<p id="site">https://example.com/</p>"#),
        "{index}"
    );
    assert!(
        index.contains(r#"<p id="url">https://example.com/docs</p>"#),
        "{index}"
    );
    // Assets are served under `base` too.
    assert!(
        index.contains(r#"<script type="module" src="/docs/_astral/"#),
        "{index}"
    );
    snapshot("configured_site", &tree(&dist));
}

#[test]
fn without_out_the_site_goes_to_out_dir_under_the_project_root() {
    let project = tempfile::tempdir().unwrap();
    let copy = |from: &Path, to: &Path| {
        for entry in walkdir::WalkDir::new(from) {
            let entry = entry.unwrap();
            let target = to.join(entry.path().strip_prefix(from).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    };
    copy(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites/configured"),
        project.path(),
    );
    let output = Command::new(env!("CARGO_BIN_EXE_astc"))
        .args(["compile", "src"])
        .current_dir(project.path())
        .output()
        .expect("astc runs");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(project.path().join("build/blog/post/index.html").is_file());
    assert!(!project.path().join("dist").exists());
}

#[test]
fn refuses_to_overwrite_a_folder_it_did_not_write() {
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("keep.txt"), "mine").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_astc"))
        .args(["compile", "tests/sites/basic/src", "--out"])
        .arg(out.path())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(out.path().join("keep.txt").exists());
}

#[test]
fn intl_formats_as_node_does() {
    let (output, out) = compile("intl", &[]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let html = std::fs::read_to_string(out.path().join("dist/index.html")).unwrap();
    // Node 20 (ICU 78) gives exactly this line for the page's expressions.
    let node = "Aug 1, 2022 | 1. August 2022 | 1.234,50\u{a0}€ | 26\u{a0}% | yesterday | two | \
                äpfel, apple, Zebra";
    assert!(html.contains(&format!("<p>{node}</p>")), "{html}");
}

#[test]
fn an_intl_option_icu4x_cannot_honour_is_a_render_error() {
    let (output, _out) = compile("err-intl", &[]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stdout));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("RangeError") && stderr.contains("timeStyle \"full\""),
        "{stderr}"
    );
}
