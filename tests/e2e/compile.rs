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
fn paginate_gives_pages_and_their_urls_as_astro_does() {
    // `[...page]` leaves the number out of the first page's URL, `[page]` keeps it; URLs
    // carry the base and follow `trailingSlash = "always"`.
    let (output, out) = compile("paginate", &[]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let dist = out.path().join("dist");
    for page in [
        "blog/index.html",
        "blog/2/index.html",
        "blog/3/index.html",
        "tags/a/1/index.html",
        "tags/a/2/index.html",
        "tags/b/1/index.html",
        "tags/b/2/index.html",
    ] {
        assert!(dist.join(page).is_file(), "{page}:\n{}", tree(&dist));
    }
    snapshot("paginate", &tree(&dist));
}

#[test]
fn page_files_astc_cannot_build_yet_are_warnings_not_silence() {
    let (output, out) = compile("unbuilt-pages", &[]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(out.path().join("dist/index.html").is_file());
    for expected in [
        "Markdown pages are not supported by astc yet: `blog/hello.md` is not built",
        "endpoints are not supported by astc yet: `rss.xml.ts` is not built",
        "`Counter.tsx` is a framework component in the pages folder",
    ] {
        assert!(stderr.contains(expected), "{expected}:\n{stderr}");
    }
    // Private (`_`) files, and files Astro ignores too, are not mentioned.
    assert_eq!(stderr.matches("W0521").count(), 3, "{stderr}");
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
        ("err-env", "E0602", "err-env/.env:2:"),
        (
            "err-astro-config",
            "E0603",
            "err-astro-config/astro.config.mjs:3:",
        ),
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
fn public_files_are_copied_as_they_are_and_win_over_a_page() {
    let (output, out) = compile("public", &[]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let dist = out.path().join("dist");
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites/public/public");
    for file in [
        "favicon.svg",
        "robots.txt",
        "images/icons/star.svg",
        "images/pixel.png",
        ".well-known/security.txt",
        "about/index.html",
    ] {
        assert_eq!(
            std::fs::read(dist.join(file)).unwrap(),
            std::fs::read(source.join(file)).unwrap(),
            "{file}"
        );
    }
    // As in Astro, the page whose output file is a public file is skipped with a warning.
    assert!(stderr.contains("[W0520]"), "{stderr}");
    assert!(stderr.contains("pages/about.astral"), "{stderr}");
    assert!(dist.join("team/index.html").is_file());
    snapshot("public_site", &tree(&dist));
    snapshot("public_site_route_table", &text(&output.stdout));
}

#[test]
fn import_meta_env_has_astro_s_values_and_keeps_private_ones_on_the_server() {
    let dist = |out: &tempfile::TempDir| out.path().join("dist");
    let run = |process: &[(&str, &str)]| {
        let out = tempfile::tempdir().unwrap();
        let mut command = Command::new(env!("CARGO_BIN_EXE_astc"));
        // The test's own `PUBLIC_` variables would reach the snapshot.
        for (name, _) in std::env::vars_os() {
            if name.to_string_lossy().starts_with("PUBLIC_") || name == "SECRET_TOKEN" {
                command.env_remove(name);
            }
        }
        let output = command
            .args(["compile", "tests/sites/env/src", "--out"])
            .arg(dist(&out))
            .envs(process.iter().copied())
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("astc runs");
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
        out
    };
    let out = run(&[]);
    let html = std::fs::read_to_string(dist(&out).join("index.html")).unwrap();
    for expected in [
        r#"<p id="mode">production prod=true dev=false ssr=true</p>"#,
        r#"<p id="urls">/docs/ https://example.com/ undefined</p>"#,
        r#"<p id="public">hello from .env.production</p>"#,
        // `s3cret-from-dotenv`, read by an imported module.
        r#"<p id="secret">18</p>"#,
        r#"<p id="keys">BASE_URL,MODE,DEV,PROD,SSR,SITE,ASSETS_PREFIX unused=false</p>"#,
    ] {
        assert!(html.contains(expected), "{expected} not in {html}");
    }
    // The client script sees the public part only, with `SSR` false.
    let tree = tree(&dist(&out));
    assert!(!tree.contains("s3cret"), "{tree}");
    assert!(tree.contains(r#""SSR":false"#), "{tree}");
    assert!(
        tree.contains(r#""PUBLIC_GREETING":"hello from .env.production""#),
        "{tree}"
    );
    snapshot("env_site", &tree);

    // The process environment wins over the files.
    let out = run(&[
        ("SECRET_TOKEN", "s"),
        ("PUBLIC_GREETING", "from the process"),
    ]);
    let html = std::fs::read_to_string(dist(&out).join("index.html")).unwrap();
    assert!(
        html.contains(r#"<p id="public">from the process</p>"#),
        "{html}"
    );
    assert!(html.contains(r#"<p id="secret">1</p>"#), "{html}");
}

#[test]
fn astro_config_is_applied_under_astral_toml_and_what_is_not_applied_is_named() {
    let (output, out) = compile("astro-config", &[]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let html = std::fs::read_to_string(out.path().join("dist/index.html")).unwrap();
    // `site` and `trailingSlash` from `astro.config.ts`; `base` from `astral.toml`.
    for expected in [
        r#"<p id="site">https://astro.example/</p>"#,
        r#"<p id="url">/docs/</p>"#,
        r#"<p id="base">/docs/</p>"#,
    ] {
        assert!(html.contains(expected), "{expected} not in {html}");
    }
    for warning in [
        "the integration `@astrojs/mdx` is not run by astc",
        "`redirects` is not applied by astc yet",
    ] {
        assert!(stderr.contains(warning), "{warning} not in {stderr}");
    }
    assert!(stderr.contains("[W0604]"), "{stderr}");
    assert!(!stderr.contains("build.format"), "{stderr}");
    // `@astrojs/sitemap` runs natively.
    assert!(!stderr.contains("@astrojs/sitemap"), "{stderr}");
    let read = |name: &str| std::fs::read_to_string(out.path().join("dist").join(name)).unwrap();
    assert!(
        read("sitemap-index.xml")
            .contains("<sitemap><loc>https://astro.example/docs/sitemap-0.xml</loc></sitemap>")
    );
    let urls = read("sitemap-0.xml");
    assert!(
        urls.contains("<url><loc>https://astro.example/docs/</loc></url><url><loc>https://astro.example/docs/posts/2/</loc></url><url><loc>https://astro.example/docs/posts/10/</loc></url></urlset>"),
        "{urls}"
    );
    assert!(!urls.contains("404"), "{urls}");
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
