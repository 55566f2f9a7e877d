//! `astral.toml`: the project's settings (SPEC §4). The file is optional and every key has a
//! default. Keys are Astro's (`trailingSlash`, `outDir`); an unknown key or a wrong value is
//! an error located in the file, never silently ignored.
//!
//! ```toml
//! output = "static"            # or "server" (on-demand rendering; not built yet)
//! site = "https://example.com" # Astro.site, and the origin of Astro.url
//! base = "/docs"               # path prefix of every page and asset URL
//! trailingSlash = "ignore"     # "always" | "never" | "ignore": Astro.url's pathname
//! outDir = "dist"              # default for `astc compile --out`, relative to the root
//!
//! [server]                     # read by `astc serve`
//! host = "127.0.0.1"
//! port = 4321
//! ```

use crate::diagnostics::{Code, Diagnostic};
use crate::span::Span;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The file name, at the project root (the folder holding `src/`).
pub const CONFIG_FILE: &str = "astral.toml";

/// The settings of one project, validated.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Config {
    pub output: Output,
    /// Where `output` is written in the file, if it is.
    pub output_span: Option<Span>,
    /// `site` as an absolute `http(s)` URL ending in `/` after the origin's path, e.g.
    /// `https://example.com/`.
    pub site: Option<String>,
    /// `base`: `/` or a path starting with `/` and not ending with one (`/docs`).
    pub base: String,
    pub trailing_slash: TrailingSlash,
    /// `outDir`, relative to the project root.
    pub out_dir: PathBuf,
    pub server: Server,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Output {
    Static,
    Server,
}

pub use astc_ir::route::TrailingSlash;

/// Where `astc serve` listens.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Server {
    pub host: String,
    pub port: u16,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            output: Output::Static,
            output_span: None,
            site: None,
            base: "/".into(),
            trailing_slash: TrailingSlash::Ignore,
            out_dir: PathBuf::from("dist"),
            server: Server {
                host: "127.0.0.1".into(),
                port: 4321,
            },
        }
    }
}

impl Config {
    /// The settings page URLs are made of, as the IR carries them.
    pub fn urls(&self) -> astc_ir::route::Urls {
        astc_ir::route::Urls {
            site: self.site.clone(),
            base: self.base.clone(),
            trailing_slash: self.trailing_slash,
        }
    }
}

/// A project's settings with the file they came from.
pub struct Loaded {
    pub config: Config,
    pub path: PathBuf,
    /// The file's text (empty when there is no file).
    pub text: String,
}

/// Reads `ROOT/astral.toml` (defaults when there is none). `Err` carries the file's text and
/// its diagnostics.
pub fn load(root: &Path) -> Result<Loaded, ConfigError> {
    let path = root.join(CONFIG_FILE);
    // The build's read rule holds for the configuration too: a symlinked `astral.toml`
    // that leads out of the project is not read (its text would be shown in diagnostics).
    if path.exists() {
        crate::files::confine(&crate::files::real_path(root), &path).map_err(|why| {
            ConfigError::Io(format!("refusing to read `{}`: {why}", path.display()))
        })?;
    }
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Loaded {
                config: Config::default(),
                path,
                text: String::new(),
            });
        }
        Err(e) => {
            return Err(ConfigError::Io(format!(
                "cannot read `{}`: {e}",
                path.display()
            )));
        }
    };
    match parse(&text) {
        Ok(config) => Ok(Loaded { config, path, text }),
        Err(diagnostics) => Err(ConfigError::Invalid {
            path,
            text,
            diagnostics,
        }),
    }
}

pub enum ConfigError {
    Io(String),
    Invalid {
        path: PathBuf,
        text: String,
        diagnostics: Vec<Diagnostic>,
    },
}

/// The keys of the file, as written. Unknown keys are reported by [`unknown_keys`], so
/// they are not an error here.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawConfig {
    output: Option<Spanned<String>>,
    site: Option<Spanned<String>>,
    base: Option<Spanned<String>>,
    trailing_slash: Option<Spanned<String>>,
    out_dir: Option<Spanned<String>>,
    server: Option<RawServer>,
}

#[derive(Deserialize)]
struct RawServer {
    host: Option<Spanned<String>>,
    port: Option<Spanned<u16>>,
}

const KEYS: &[&str] = &[
    "output",
    "site",
    "base",
    "trailingSlash",
    "outDir",
    "server",
];
const SERVER_KEYS: &[&str] = &["host", "port"];

/// Parses and validates the text of an `astral.toml`; problems come sorted by position.
pub fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
    let table = toml::de::DeTable::parse(text).map_err(|e| vec![syntax_error(text, &e)])?;
    let raw: RawConfig = toml::from_str(text).map_err(|e| vec![syntax_error(text, &e)])?;
    let mut config = Config::default();
    let mut problems = unknown_keys(table.get_ref());
    let mut invalid = |value: &Spanned<String>, message: String, help: &str| {
        problems.push(
            Diagnostic::new(Code::InvalidConfig, Span::from_range(value.span()), message)
                .with_help(help.to_owned()),
        );
    };

    if let Some(output) = &raw.output {
        config.output_span = Some(Span::from_range(output.span()));
        match output.get_ref().as_str() {
            "static" => config.output = Output::Static,
            "server" => config.output = Output::Server,
            other => invalid(
                output,
                format!("`output` must be \"static\" or \"server\", not {other:?}"),
                "\"static\" prerenders every page; \"server\" renders pages on demand",
            ),
        }
    }
    if let Some(site) = &raw.site {
        match normalize_site(site.get_ref()) {
            Ok(normalized) => config.site = Some(normalized),
            Err(why) => invalid(
                site,
                format!("`site` must be an absolute http(s) URL: {why}"),
                "write the address the site is deployed at, e.g. \"https://example.com\"",
            ),
        }
    }
    if let Some(base) = &raw.base {
        match normalize_base(base.get_ref()) {
            Ok(normalized) => config.base = normalized,
            Err(why) => invalid(
                base,
                format!("`base` must be a URL path: {why}"),
                "write a path such as \"/docs\" (or \"/\", the default)",
            ),
        }
    }
    if let Some(slash) = &raw.trailing_slash {
        match slash.get_ref().as_str() {
            "always" => config.trailing_slash = TrailingSlash::Always,
            "never" => config.trailing_slash = TrailingSlash::Never,
            "ignore" => config.trailing_slash = TrailingSlash::Ignore,
            other => invalid(
                slash,
                format!(
                    "`trailingSlash` must be \"always\", \"never\" or \"ignore\", not {other:?}"
                ),
                "\"ignore\" (the default) accepts URLs with and without the final `/`",
            ),
        }
    }
    if let Some(out_dir) = &raw.out_dir {
        let path = Path::new(out_dir.get_ref());
        if out_dir.get_ref().trim().is_empty() {
            invalid(
                out_dir,
                "`outDir` is empty".into(),
                "write a folder, relative to the project root, such as \"dist\"",
            );
        } else {
            config.out_dir = path.to_path_buf();
        }
    }
    if let Some(server) = &raw.server {
        if let Some(host) = &server.host {
            if host.get_ref().trim().is_empty() {
                invalid(
                    host,
                    "`server.host` is empty".into(),
                    "write an address to listen on, such as \"127.0.0.1\"",
                );
            } else {
                config.server.host = host.get_ref().clone();
            }
        }
        if let Some(port) = &server.port {
            config.server.port = *port.get_ref();
        }
    }
    if problems.is_empty() {
        Ok(config)
    } else {
        crate::diagnostics::sort(&mut problems);
        Err(problems)
    }
}

fn syntax_error(text: &str, error: &toml::de::Error) -> Diagnostic {
    let span = error.span().map_or(Span::empty(0), |r| {
        Span::from_range(r.start..r.end.min(text.len()))
    });
    Diagnostic::new(Code::InvalidConfig, span, error.message().trim_end())
}

/// Every key of the file (top level and `[server]`) that astc does not know, with the known
/// key it may be a misspelling of.
fn unknown_keys(table: &toml::de::DeTable<'_>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut check = |table: &toml::de::DeTable<'_>, known: &[&str], place: &str| {
        for key in table.keys() {
            let name: &str = key.get_ref();
            if known.contains(&name) {
                continue;
            }
            let normalized = |s: &str| s.replace(['_', '-'], "").to_ascii_lowercase();
            let help = match known.iter().find(|k| normalized(k) == normalized(name)) {
                Some(similar) => format!("did you mean `{similar}`?"),
                None => format!(
                    "the keys of {place} are {}",
                    known
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            problems.push(
                Diagnostic::new(
                    Code::InvalidConfig,
                    Span::from_range(key.span()),
                    format!("unknown key `{name}` in {place}"),
                )
                .with_help(help),
            );
        }
    };
    check(table, KEYS, &format!("`{CONFIG_FILE}`"));
    if let Some(server) = table.get("server")
        && let toml::de::DeValue::Table(server) = server.get_ref()
    {
        check(server, SERVER_KEYS, "`[server]`");
    }
    problems
}

/// `https://Example.com/blog` → `https://example.com/blog/`.
fn normalize_site(site: &str) -> Result<String, &'static str> {
    let (scheme, rest) = site
        .split_once("://")
        .ok_or("it has no `http://` or `https://`")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return Err("only http and https are supported");
    }
    let (host, path) = match rest.find(['/', '?', '#']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    if host.is_empty() || host.contains(['@', ' ']) {
        return Err("it has no valid host");
    }
    if path.contains(['?', '#']) {
        return Err("it may not have a query or fragment");
    }
    if path.contains(char::is_whitespace) {
        return Err("it may not contain spaces");
    }
    let path = path.trim_end_matches('/');
    Ok(format!("{scheme}://{}{path}/", host.to_ascii_lowercase()))
}

/// `docs/` → `/docs`; `/` stays `/`.
fn normalize_base(base: &str) -> Result<String, &'static str> {
    if base.contains(['?', '#']) {
        return Err("it may not have a query or fragment");
    }
    if base.contains(char::is_whitespace) {
        return Err("it may not contain spaces");
    }
    if base.contains(['"', '\'', '<', '>', '\\', '`']) {
        return Err("it may not contain quotes, `<`, `>` or `\\`");
    }
    if base.contains("://") {
        return Err("it is a path, not a URL (the origin goes in `site`)");
    }
    let trimmed = base.trim_matches('/');
    if trimmed
        .split('/')
        .any(|s| s.is_empty() || s == "." || s == "..")
        && !trimmed.is_empty()
    {
        return Err("it has an empty, `.` or `..` segment");
    }
    Ok(if trimmed.is_empty() {
        "/".into()
    } else {
        format!("/{trimmed}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> Vec<(String, Option<String>)> {
        parse(text)
            .unwrap_err()
            .into_iter()
            .map(|d| (d.message.clone(), d.help.clone()))
            .collect()
    }

    #[test]
    fn an_empty_file_is_the_defaults() {
        assert_eq!(parse("").unwrap(), Config::default());
    }

    #[test]
    fn every_key_is_read_and_normalized() {
        let config = parse(
            "output = \"static\"\nsite = \"HTTPS://Example.com/blog\"\nbase = \"docs/\"\n\
             trailingSlash = \"never\"\noutDir = \"public-out\"\n[server]\nhost = \"0.0.0.0\"\nport = 8080\n",
        )
        .unwrap();
        assert_eq!(config.site.as_deref(), Some("https://example.com/blog/"));
        assert_eq!(config.base, "/docs");
        assert_eq!(config.trailing_slash, TrailingSlash::Never);
        assert_eq!(config.out_dir, PathBuf::from("public-out"));
        assert_eq!(config.server.host, "0.0.0.0");
        assert_eq!(config.server.port, 8080);
    }

    #[test]
    fn page_urls_follow_site_base_and_trailing_slash() {
        let mut config = Config::default();
        assert_eq!(config.urls().page_url("/"), "http://localhost/");
        assert_eq!(config.urls().page_url("/a/b/"), "http://localhost/a/b/");
        config.site = Some("https://example.com/blog/".into());
        config.base = "/docs".into();
        assert_eq!(config.urls().page_url("/"), "https://example.com/docs/");
        assert_eq!(config.urls().page_url("/a/"), "https://example.com/docs/a/");
        config.trailing_slash = TrailingSlash::Never;
        assert_eq!(config.urls().page_url("/a/"), "https://example.com/docs/a");
        assert_eq!(config.urls().page_url("/"), "https://example.com/docs");
        config.base = "/".into();
        assert_eq!(config.urls().page_url("/"), "https://example.com/");
    }

    #[test]
    fn unknown_keys_are_errors_with_a_suggestion() {
        let problems = err("outdir = \"x\"\nsite = \"ftp://x\"\n[server]\nhots = 1\n");
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert_eq!(problems[0].0, "unknown key `outdir` in `astral.toml`");
        assert_eq!(problems[0].1.as_deref(), Some("did you mean `outDir`?"));
        // In file order.
        assert!(problems[1].0.starts_with("`site` must be"), "{problems:?}");
        assert_eq!(problems[2].0, "unknown key `hots` in `[server]`");
        let problems = err("colour = 1\n");
        assert!(
            problems[0]
                .1
                .as_deref()
                .unwrap()
                .contains("`trailingSlash`")
        );
    }

    #[test]
    fn wrong_values_are_located_errors() {
        let text = "site = \"example.com\"\nbase = \"/a/../b\"\ntrailingSlash = \"yes\"\noutput = \"spa\"\n";
        let diagnostics = parse(text).unwrap_err();
        assert_eq!(diagnostics.len(), 4);
        for d in &diagnostics {
            assert_eq!(d.code, Code::InvalidConfig);
            let quoted = &text[d.span.range()];
            assert!(quoted.starts_with('"') && quoted.ends_with('"'), "{quoted}");
        }
        assert!(parse("base = '/a\"b'\n").is_err());
        let port = parse("[server]\nport = 70000\n").unwrap_err();
        assert_eq!(&"[server]\nport = 70000\n"[port[0].span.range()], "70000");
        let syntax = parse("site = \n").unwrap_err();
        assert_eq!(syntax[0].code, Code::InvalidConfig);
    }

    #[test]
    fn a_symlinked_config_is_read_only_from_inside_the_project() {
        let dir = tempfile::tempdir().unwrap();
        let (project, outside) = (dir.path().join("project"), dir.path().join("secret"));
        std::fs::create_dir_all(project.join("conf")).unwrap();
        std::fs::write(&outside, "site = \"https://secret.example\"\n").unwrap();
        std::os::unix::fs::symlink(&outside, project.join(CONFIG_FILE)).unwrap();
        match load(&project) {
            Err(ConfigError::Io(message)) => {
                assert!(message.contains("outside the project folder"), "{message}")
            }
            Err(ConfigError::Invalid { .. }) => panic!("the outside file was parsed"),
            Ok(loaded) => panic!("the outside file was read: {:?}", loaded.text),
        }
        std::fs::remove_file(project.join(CONFIG_FILE)).unwrap();
        std::fs::write(
            project.join("conf/a.toml"),
            "site = \"https://ok.example\"\n",
        )
        .unwrap();
        std::os::unix::fs::symlink("conf/a.toml", project.join(CONFIG_FILE)).unwrap();
        let loaded = load(&project).unwrap_or_else(|_| panic!("an inside link is read"));
        assert_eq!(loaded.config.site.as_deref(), Some("https://ok.example/"));
    }
}
