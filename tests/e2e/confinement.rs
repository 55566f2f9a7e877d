//! What a hostile or careless site cannot make `astc compile` do: write outside `--out`,
//! read outside the project, or put markup into a redirect page. Each test builds a small
//! site written into a temporary folder, with an absolute `SRC`, by the real binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary folder holding `project/` (the site) and `fence/` (a folder outside it).
struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn new(files: &[(&str, &str)]) -> Site {
        let site = Site {
            dir: tempfile::tempdir().unwrap(),
        };
        std::fs::create_dir_all(site.fence()).unwrap();
        for (path, text) in files {
            site.write(path, text);
        }
        site
    }

    fn project(&self) -> PathBuf {
        self.dir.path().join("project")
    }

    /// A folder next to the project, which nothing may write into or read from.
    fn fence(&self) -> PathBuf {
        self.dir.path().join("fence")
    }

    fn write(&self, path: &str, text: &str) {
        let path = self.project().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn dist(&self) -> PathBuf {
        self.project().join("dist")
    }

    /// `astc compile <abs>/project/src --out <abs>/project/dist`
    fn compile(&self, extra: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_astc"))
            .arg("compile")
            .arg(self.project().join("src"))
            .arg("--out")
            .arg(self.dist())
            .args(extra)
            .output()
            .expect("astc runs")
    }

    /// Every path under the temporary folder, outside `project/dist`.
    fn files_outside_dist(&self) -> Vec<PathBuf> {
        walkdir::WalkDir::new(self.dir.path())
            .into_iter()
            .map(|e| e.unwrap().into_path())
            .filter(|p| !p.starts_with(self.dist()))
            .collect()
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn assert_fails_with(output: &Output, code: &str, status: i32) {
    let stderr = stderr(output);
    assert_eq!(output.status.code(), Some(status), "{stderr}");
    assert!(stderr.contains(code), "expected {code}:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

fn assert_stderr_has(output: &Output, needle: &str) {
    let stderr = stderr(output);
    assert!(stderr.contains(needle), "expected `{needle}` in:\n{stderr}");
}

fn paths_page(params: &str) -> String {
    format!(
        "---\nexport function getStaticPaths() {{ return [{{ params: {params} }}]; }}\n---\n<p>hello</p>\n"
    )
}

#[test]
fn params_cannot_write_outside_the_output_folder() {
    for (page, params) in [
        ("[slug].astral", "{ slug: '..' }"),
        ("[slug].astral", "{ slug: '.' }"),
        ("[slug].astral", "{ slug: '%2e%2e' }"),
        ("[slug].astral", "{ slug: 'a\\\\b' }"),
        ("[slug].astral", "{ slug: 'a\\0b' }"),
        (
            "[...rest].astral",
            "{ rest: '../../../../tmp/astc-escape' }",
        ),
        ("[...rest].astral", "{ rest: 'a/../../fence' }"),
        ("[...rest].astral", "{ rest: '/etc/astc' }"),
        ("blog/[...rest].astral", "{ rest: '../..' }"),
    ] {
        let site = Site::new(&[
            ("src/pages/index.astral", "<p>index</p>\n"),
            (&format!("src/pages/{page}"), &paths_page(params)),
        ]);
        let before = site.files_outside_dist();
        let output = site.compile(&[]);
        assert_fails_with(&output, "E0504", 1);
        assert_stderr_has(&output, "getStaticPaths");
        assert_eq!(site.files_outside_dist(), before, "{params} wrote outside");
        assert!(!Path::new("/tmp/astc-escape").exists());
    }
}

/// Compiles `site` expecting success; the output's stderr (warnings).
fn compile_ok(site: &Site) -> String {
    let output = site.compile(&[]);
    let stderr = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    stderr
}

#[test]
fn a_path_two_routes_give_is_built_by_the_one_of_higher_priority() {
    // A static route over a dynamic one, as Astro prerenders them: a warning, not an error.
    let site = Site::new(&[
        ("src/pages/about.astral", "<p>about</p>\n"),
        (
            "src/pages/[slug].astral",
            &paths_page("{ slug: 'about' } }, { params: { slug: 'more' }"),
        ),
    ]);
    let stderr = compile_ok(&site);
    assert!(stderr.contains("W0520"), "{stderr}");
    assert!(
        stderr.contains("`/about/` of `/[slug]` not built"),
        "{stderr}"
    );
    let about = std::fs::read_to_string(site.dist().join("about/index.html")).unwrap();
    assert!(about.contains("<p>about</p>"), "{about}");
    assert!(site.dist().join("more/index.html").is_file());

    // Two rest routes of the same shape, paginated lists beside posts: no conflict unless
    // their paths meet, and then the first route (by name, at equal priority) wins.
    let site = Site::new(&[
        (
            "src/pages/posts/[...page].astral",
            "---\nexport function getStaticPaths() { return [{ params: { page: undefined } }, { params: { page: '2' } }, { params: { page: 'hello' } }]; }\n---\n<p>list {Astro.params.page}</p>\n",
        ),
        (
            "src/pages/posts/[...slug].astral",
            "---\nexport function getStaticPaths() { return [{ params: { slug: 'hello' } }, { params: { slug: 'world' } }]; }\n---\n<p>post {Astro.params.slug}</p>\n",
        ),
    ]);
    let stderr = compile_ok(&site);
    assert!(stderr.contains("W0520"), "{stderr}");
    assert!(
        stderr.contains("`/posts/hello/` of `/posts/[...slug]` not built"),
        "{stderr}"
    );
    let read = |path: &str| std::fs::read_to_string(site.dist().join(path)).unwrap();
    assert!(read("posts/index.html").contains("<p>list </p>"));
    assert!(read("posts/2/index.html").contains("<p>list 2</p>"));
    assert!(read("posts/hello/index.html").contains("<p>list hello</p>"));
    assert!(read("posts/world/index.html").contains("<p>post world</p>"));

    // One route listing a path twice: built once, from its later entry.
    let site = Site::new(&[(
        "src/pages/tags/[tag].astral",
        "---\nexport function getStaticPaths() { return [{ params: { tag: 'a' }, props: { n: 1 } }, { params: { tag: 'a' }, props: { n: 2 } }]; }\n---\n<p>{Astro.props.n}</p>\n",
    )]);
    let stderr = compile_ok(&site);
    assert!(
        stderr.contains("`/tags/a/` listed twice by `getStaticPaths` of `/tags/[tag]`"),
        "{stderr}"
    );
    assert!(read_in(&site, "tags/a/index.html").contains("<p>2</p>"));
}

#[test]
fn a_static_route_defined_twice_is_built_once_with_a_warning() {
    let site = Site::new(&[
        ("src/pages/about.astral", "<p>first</p>\n"),
        ("src/pages/about/index.astral", "<p>second</p>\n"),
    ]);
    let stderr = compile_ok(&site);
    assert!(stderr.contains("W0520"), "{stderr}");
    // At equal priority, by path: the folder `about` sorts before `about.astral`.
    assert!(
        stderr.contains("is defined in both `about/index.astral` and `about.astral`"),
        "{stderr}"
    );
    assert!(read_in(&site, "about/index.html").contains("<p>second</p>"));
}

fn read_in(site: &Site, path: &str) -> String {
    std::fs::read_to_string(site.dist().join(path)).unwrap()
}

#[test]
fn a_page_where_another_needs_a_folder_is_an_error() {
    for (slug, clash) in [
        (
            "index.html",
            "`index.html`, one as a file and one as a folder",
        ),
        ("404.html", "`404.html`, one as a file and one as a folder"),
        (".astc-output", "astc's own output"),
    ] {
        let site = Site::new(&[
            ("src/pages/index.astral", "<p>index</p>\n"),
            ("src/pages/404.astral", "<p>not found</p>\n"),
            (
                "src/pages/[slug].astral",
                &paths_page(&format!("{{ slug: '{slug}' }}")),
            ),
        ]);
        let output = site.compile(&[]);
        assert_fails_with(&output, "E0506", 1);
        assert_stderr_has(&output, clash);
        assert_stderr_has(&output, "[slug].astral:2:");
    }
}

#[test]
fn names_that_differ_only_in_case_or_normalization_are_one_file() {
    for (params, shown) in [
        (
            "{ slug: 'Post' } }, { params: { slug: 'post' }",
            "`Post/index.html`",
        ),
        (
            "{ slug: 'caf\\u00e9' } }, { params: { slug: 'cafe\\u0301' }",
            "`caf\u{e9}/index.html`",
        ),
        (
            "{ slug: '404.HTML' }",
            "`404.html`, one as a file and one as a folder",
        ),
    ] {
        let site = Site::new(&[
            ("src/pages/404.astral", "<p>not found</p>\n"),
            ("src/pages/[slug].astral", &paths_page(params)),
        ]);
        let output = site.compile(&[]);
        assert_fails_with(&output, "E0506", 1);
        assert_stderr_has(&output, shown);
        assert_stderr_has(&output, "[slug].astral:2:");
    }
}

#[test]
fn a_param_segment_longer_than_a_file_name_is_a_located_error() {
    let site = Site::new(&[(
        "src/pages/[...rest].astral",
        &paths_page("{ rest: 'a/' + 'x'.repeat(256) }"),
    )]);
    let output = site.compile(&[]);
    assert_fails_with(&output, "E0504", 1);
    assert_stderr_has(&output, "a segment of 256 bytes");
    assert_stderr_has(&output, "[...rest].astral:2:");
}

#[test]
fn a_file_the_system_cannot_write_is_an_io_error_not_a_source_diagnostic() {
    // Every segment is a valid file name, but the whole path is longer than the system's
    // limit on a path (4096 bytes on Linux).
    let site = Site::new(&[(
        "src/pages/[...rest].astral",
        &paths_page("{ rest: Array(40).fill('x'.repeat(200)).join('/') }"),
    )]);
    let output = site.compile(&[]);
    let stderr = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.starts_with("error: cannot create `"), "{stderr}");
    assert!(!stderr.contains("[E0"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn the_output_folder_may_not_hold_or_lie_in_the_sources() {
    let site = Site::new(&[("src/pages/index.astral", "<p>index</p>\n")]);
    std::fs::create_dir_all(site.project().join("src/components")).unwrap();
    let before = site.files_outside_dist();
    for out in [
        site.project().join("src/components"),
        site.project().join("src/pages/out"),
        site.project(),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_astc"))
            .arg("compile")
            .arg(site.project().join("src"))
            .arg("--out")
            .arg(&out)
            .output()
            .expect("astc runs");
        let stderr = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{out:?}: {stderr}");
        assert!(stderr.contains("the source folder"), "{stderr}");
        assert_eq!(site.files_outside_dist(), before, "{out:?} was written");
    }
}

#[test]
fn astro_url_names_the_folder_a_param_with_url_syntax_is_written_to() {
    let page = "---\nexport function getStaticPaths() { return [{ params: { slug: 'a?b#c' } }, { params: { slug: '%2F' } }]; }\n---\n<p>{Astro.url.pathname}|{Astro.url.search}|{Astro.url.hash}</p>\n";
    let site = Site::new(&[("src/pages/[slug].astral", page)]);
    let output = site.compile(&[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let read = |folder: &str| {
        std::fs::read_to_string(site.dist().join(folder).join("index.html")).unwrap()
    };
    assert!(
        read("a?b#c").contains("<p>/a%3Fb%23c/||</p>"),
        "{}",
        read("a?b#c")
    );
    assert!(read("%2F").contains("<p>/%252F/||</p>"), "{}", read("%2F"));
}

#[test]
fn imports_outside_the_project_are_refused() {
    let site = Site::new(&[(
        "src/pages/index.astral",
        "---\nimport secret from '../../../fence/secret.json';\nimport passwd from '../../../../../../../../../../etc/passwd';\n---\n<p>{secret.token}{passwd}</p>\n",
    )]);
    std::fs::write(site.fence().join("secret.json"), r#"{"token":"s3cret"}"#).unwrap();
    let output = site.compile(&["--emit", "html,ir"]);
    assert_fails_with(&output, "E0511", 1);
    let stderr = stderr(&output);
    assert!(stderr.contains("secret.json"), "{stderr}");
    assert!(stderr.contains("etc/passwd"), "{stderr}");
    assert!(!stderr.contains("s3cret"), "{stderr}");
    assert!(!site.dist().join("ir.json").exists());
}

#[cfg(unix)]
#[test]
fn symlinks_may_not_lead_out_of_the_project() {
    use std::os::unix::fs::symlink;
    // A module symlinked from outside.
    let site = Site::new(&[(
        "src/pages/index.astral",
        "---\nimport data from '../data.json';\n---\n<p>{data.token}</p>\n",
    )]);
    std::fs::write(site.fence().join("data.json"), r#"{"token":"s3cret"}"#).unwrap();
    symlink(
        site.fence().join("data.json"),
        site.project().join("src/data.json"),
    )
    .unwrap();
    let output = site.compile(&[]);
    assert_fails_with(&output, "E0511", 1);
    assert!(!stderr(&output).contains("s3cret"));

    // A component symlinked from outside.
    let site = Site::new(&[("src/pages/index.astral", "<p>index</p>\n")]);
    std::fs::write(site.fence().join("Evil.astral"), "<p>s3cret</p>\n").unwrap();
    symlink(
        site.fence().join("Evil.astral"),
        site.project().join("src/pages/evil.astral"),
    )
    .unwrap();
    let output = site.compile(&[]);
    let stderr = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("outside the project folder"), "{stderr}");
    assert!(!site.dist().join("evil/index.html").exists());

    // Inside the project, symlinks are followed.
    let site = Site::new(&[
        (
            "src/pages/index.astral",
            "---\nimport data from '../data.json';\n---\n<p>{data.token}</p>\n",
        ),
        ("shared/data.json", r#"{"token":"shared"}"#),
    ]);
    symlink(
        site.project().join("shared/data.json"),
        site.project().join("src/data.json"),
    )
    .unwrap();
    let output = site.compile(&[]);
    assert_eq!(output.status.code(), Some(0), "{}", self::stderr(&output));
    let html = std::fs::read_to_string(site.dist().join("index.html")).unwrap();
    assert!(html.contains("<p>shared</p>"), "{html}");
}

#[test]
fn public_files_follow_the_output_and_symlink_rules() {
    // Only letter case tells a public file from a page's file: one file on macOS and Windows.
    let site = Site::new(&[
        ("src/pages/about.astral", "<p>about</p>\n"),
        ("public/About/index.html", "<p>public</p>\n"),
    ]);
    let output = site.compile(&[]);
    assert_fails_with(&output, "E0506", 1);
    assert_stderr_has(&output, "differ only in letter case");
    // A public file where a page needs a folder.
    let site = Site::new(&[
        ("src/pages/blog/post.astral", "<p>post</p>\n"),
        ("public/blog", "a file\n"),
    ]);
    assert_fails_with(&site.compile(&[]), "one as a file and one as a folder", 1);
    // A public file where astc writes its own.
    let site = Site::new(&[
        ("src/pages/index.astral", "<p>index</p>\n"),
        ("public/.astc-output", "mine\n"),
    ]);
    let output = site.compile(&[]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert_stderr_has(&output, "astc writes its own file");
    // An output folder inside `public/` would copy itself into every next build.
    let site = Site::new(&[("src/pages/index.astral", "<p>index</p>\n")]);
    std::fs::create_dir_all(site.project().join("public")).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_astc"))
        .arg("compile")
        .arg(site.project().join("src"))
        .arg("--out")
        .arg(site.project().join("public/dist"))
        .output()
        .expect("astc runs");
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert_stderr_has(&output, "inside the public folder");
}

#[test]
#[cfg(unix)]
fn public_symlinks_may_not_lead_out_of_the_project() {
    use std::os::unix::fs::symlink;
    let site = Site::new(&[
        ("src/pages/index.astral", "<p>index</p>\n"),
        ("assets/logo.svg", "<svg/>\n"),
    ]);
    std::fs::create_dir_all(site.project().join("public")).unwrap();
    symlink(
        site.project().join("assets/logo.svg"),
        site.project().join("public/logo.svg"),
    )
    .unwrap();
    let output = site.compile(&[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(site.dist().join("logo.svg")).unwrap(),
        "<svg/>\n"
    );
    std::fs::write(site.fence().join("secret.txt"), "s3cret").unwrap();
    symlink(
        site.fence().join("secret.txt"),
        site.project().join("public/secret.txt"),
    )
    .unwrap();
    let output = site.compile(&[]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert_stderr_has(&output, "public/secret.txt");
    assert_stderr_has(&output, "outside the project folder");
    assert!(!site.dist().join("secret.txt").exists());
}

#[test]
fn redirect_pages_escape_the_location() {
    let hostile = [
        "/a</title><script>alert(1)</script>",
        "/a\"><img src=x onerror=alert(2)>",
        "/</code></a><svg onload=alert(3)>",
        "/a'><iframe srcdoc=x>",
    ];
    let mut files = Vec::new();
    for (i, location) in hostile.iter().enumerate() {
        files.push((
            format!("src/pages/r{i}.astral"),
            format!(
                "---\nreturn Astro.redirect({}, 301);\n---\n",
                serde_json::to_string(location).unwrap()
            ),
        ));
    }
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let site = Site::new(&files);
    let output = site.compile(&[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    for i in 0..hostile.len() {
        let html = std::fs::read_to_string(site.dist().join(format!("r{i}/index.html"))).unwrap();
        // Attribute values are double-quoted with `"` escaped inside (and text escapes `"`
        // too), so what is left without them is the page's markup and text.
        let markup: String = html.split('"').step_by(2).collect();
        for tag in ["<script", "<img", "<svg", "<iframe"] {
            assert!(!markup.contains(tag), "{tag} in {html}");
        }
        assert_eq!(markup.matches('<').count(), 14, "{html}");
        assert!(
            html.contains(&format!("Redirecting from <code>/r{i}/</code>")),
            "{html}"
        );
    }
}

#[test]
fn a_redirect_to_a_script_url_is_an_error() {
    let site = Site::new(&[(
        "src/pages/index.astral",
        "---\nreturn Astro.redirect('javascript:alert(document.cookie)');\n---\n",
    )]);
    let output = site.compile(&[]);
    assert_fails_with(&output, "E0501", 1);
    assert_stderr_has(&output, "javascript:");
}
