//! The crate graph ARCHITECTURE.md describes, checked against Cargo's own view of the
//! workspace: which astc crates each crate may depend on, and which ones must not link the
//! JavaScript engine ("the compiler never runs JavaScript", "the language server links no
//! engine").

use std::collections::BTreeMap;
use std::process::Command;

/// Each workspace crate and the astc crates it may depend on (normal dependencies). Keep in
/// step with the table in ARCHITECTURE.md.
const ALLOWED: &[(&str, &[&str])] = &[
    ("astc-ir", &[]),
    ("astc-compiler", &["astc-ir"]),
    ("astc-runtime", &["astc-ir"]),
    ("astc-site", &["astc-ir", "astc-compiler", "astc-runtime"]),
    ("astc-lsp", &["astc-compiler"]),
    (
        "astc",
        &[
            "astc-ir",
            "astc-compiler",
            "astc-runtime",
            "astc-site",
            "astc-lsp",
        ],
    ),
];

/// Crates whose whole dependency tree (normal and build dependencies) must be free of
/// QuickJS.
const ENGINE_FREE: &[&str] = &["astc-ir", "astc-compiler", "astc-lsp"];

fn cargo() -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

fn run(command: &mut Command) -> String {
    let output = command.output().expect("cargo runs");
    assert!(
        output.status.success(),
        "{command:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("cargo prints UTF-8")
}

#[test]
fn workspace_crates_depend_only_on_what_the_architecture_allows() {
    let metadata: serde_json::Value = serde_json::from_str(&run(cargo().args([
        "metadata",
        "--format-version",
        "1",
        "--no-deps",
        "--offline",
    ])))
    .expect("cargo metadata prints JSON");
    let mut found: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for package in metadata["packages"].as_array().expect("packages") {
        let name = package["name"].as_str().unwrap().to_owned();
        let astc_deps = package["dependencies"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|dep| dep["kind"].is_null())
            .filter_map(|dep| dep["name"].as_str())
            .filter(|dep| dep.starts_with("astc"))
            .map(str::to_owned)
            .collect();
        found.insert(name, astc_deps);
    }
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    assert_eq!(
        found.keys().map(String::as_str).collect::<Vec<_>>(),
        allowed.keys().copied().collect::<Vec<_>>(),
        "every workspace crate is listed in ALLOWED (and in ARCHITECTURE.md)"
    );
    for (name, deps) in &found {
        for dep in deps {
            assert!(
                allowed[name.as_str()].contains(&dep.as_str()),
                "{name} depends on {dep}, which ARCHITECTURE.md does not allow"
            );
        }
    }
}

#[test]
fn the_compiler_and_the_language_server_link_no_javascript_engine() {
    for package in ENGINE_FREE {
        let tree = run(cargo().args([
            "tree",
            "--offline",
            "--package",
            package,
            "--edges",
            "normal,build",
            "--prefix",
            "none",
            "--format",
            "{p}",
        ]));
        let engine: Vec<&str> = tree
            .lines()
            .filter(|line| line.starts_with("rquickjs") || line.contains("quickjs"))
            .collect();
        assert!(
            engine.is_empty(),
            "{package} links the JavaScript engine through: {engine:?}"
        );
        assert!(
            tree.lines().any(|line| line.starts_with(package)),
            "cargo tree printed the tree of {package}"
        );
    }
    // The check itself can fail: the runtime does link the engine.
    let runtime = run(cargo().args([
        "tree",
        "--offline",
        "--package",
        "astc-runtime",
        "--prefix",
        "none",
        "--format",
        "{p}",
    ]));
    assert!(runtime.lines().any(|line| line.starts_with("rquickjs")));
}
