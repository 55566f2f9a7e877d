//! `astro.config.mjs` (or `.js`, `.ts`, `.mts`) at the project root: Astro's settings file,
//! evaluated by the embedded engine ([`eval`]). The keys astc has settings for (`site`,
//! `base`, `trailingSlash`, `output`, `outDir`) are applied where `astral.toml` does not set
//! them: `astral.toml` wins. `@astrojs/sitemap` is run natively (with its default options).
//! Everything else the file sets, each other integration included, is named in a warning
//! (`W0604`), never ignored in silence. A value astc cannot use, or a
//! config that cannot be evaluated, is an error (`E0603`).

mod eval;

use crate::{BuildError, FileDiagnostics};
use astc_compiler::config::{self, Config, Output};
use astc_compiler::diagnostics::{Code, Diagnostic};
use astc_compiler::files;
use astc_compiler::span::Span;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The file names Astro looks for, in the order tried.
const NAMES: [&str; 4] = [
    "astro.config.mjs",
    "astro.config.js",
    "astro.config.ts",
    "astro.config.mts",
];

/// The one integration astc runs, natively (`crate::sitemap`).
const SITEMAP: &str = "@astrojs/sitemap";

/// Keys of Astro's config astc applies, with `astral.toml`'s name for each.
const APPLIED: [&str; 5] = ["site", "base", "trailingSlash", "output", "outDir"];

/// An evaluated config file.
pub(crate) struct AstroConfig {
    path: PathBuf,
    text: String,
    /// Its default export, as JSON.
    value: Value,
}

/// The project's Astro config, if it has one.
pub(crate) fn read(root: &Path) -> Result<Option<AstroConfig>, BuildError> {
    let Some(path) = NAMES
        .iter()
        .map(|name| root.join(name))
        .find(|p| p.is_file())
    else {
        return Ok(None);
    };
    files::confine(&files::real_path(root), &path)
        .map_err(|why| BuildError::Io(format!("refusing to read `{}`: {why}", path.display())))?;
    let text = std::fs::read_to_string(&path)
        .map_err(|error| BuildError::Io(format!("cannot read `{}`: {error}", path.display())))?;
    let name = path
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let javascript = if name.ends_with("ts") {
        astc_compiler::lower::script::strip(&text)
            .map(|stripped| stripped.code)
            .map_err(|error| {
                error_at(&path, &text, 0, format!("cannot compile `{name}`: {error}"))
            })?
    } else {
        text.clone()
    };
    let process_env = crate::env::process()
        .map(|(name, value)| (name, Value::from(value)))
        .collect();
    let value = eval::evaluate(&name, &javascript, &process_env)
        .map_err(|message| error_at(&path, &text, 0, message))?;
    if !value.is_object() {
        return Err(error_at(
            &path,
            &text,
            0,
            format!("the default export of `{name}` is not a config object"),
        ));
    }
    Ok(Some(AstroConfig { path, text, value }))
}

/// The settings of a project: `astral.toml`'s, then `astro.config.*`'s.
pub(crate) struct Settings {
    pub(crate) config: Config,
    /// Whether `@astrojs/sitemap` is to be run (natively), `site` being set.
    pub(crate) sitemap: bool,
    /// What `astro.config.*` sets that is not applied.
    pub(crate) warnings: Vec<FileDiagnostics>,
}

/// `config`, read from `astral.toml` (whose text is `astral_text`), with the settings of
/// `astro` that `astral.toml` does not set; and a warning for everything of `astro` that is
/// not applied.
pub(crate) fn merge(
    mut config: Config,
    astral_text: &str,
    astro: &AstroConfig,
) -> Result<Settings, BuildError> {
    let in_astral: toml::Table = toml::from_str(astral_text).unwrap_or_default();
    let object = astro.value.as_object().expect("checked when read");
    let mut toml_text = String::new();
    for key in APPLIED {
        let Some(value) = object.get(key) else {
            continue;
        };
        if value.is_null() {
            continue;
        }
        let Some(text) = value.as_str() else {
            return Err(astro.error(key, format!("`{key}` must be a string")));
        };
        if !in_astral.contains_key(key) {
            toml_text.push_str(&format!("{key} = {}\n", Value::from(text)));
        }
    }
    let from_astro = config::parse(&toml_text).map_err(|diagnostics| {
        let message = diagnostics
            .into_iter()
            .map(|d| d.message)
            .collect::<Vec<_>>()
            .join("; ");
        let key = APPLIED
            .iter()
            .find(|key| message.contains(**key))
            .unwrap_or(&"");
        astro.error(key, message)
    })?;
    let set =
        |key: &str| object.get(key).is_some_and(|v| !v.is_null()) && !in_astral.contains_key(key);
    if set("site") {
        config.site = from_astro.site;
    }
    if set("base") {
        config.base = from_astro.base;
    }
    if set("trailingSlash") {
        config.trailing_slash = from_astro.trailing_slash;
    }
    if set("outDir") {
        config.out_dir = from_astro.out_dir;
    }
    if set("output") {
        if from_astro.output == Output::Server {
            return Err(astro.diagnostic(
                "output",
                Diagnostic::new(
                    Code::UnsupportedOutput,
                    Span::empty(0),
                    "`output: \"server\"` (rendering pages on demand) is not supported by this astc yet",
                )
                .with_help("use `output: \"static\"` (the default) to prerender every page"),
            ));
        }
        config.output = from_astro.output;
        config.output_span = None;
    }
    let (sitemap, warnings) = astro.not_applied(object, config.site.is_some());
    Ok(Settings {
        config,
        sitemap,
        warnings,
    })
}

impl AstroConfig {
    /// Whether `@astrojs/sitemap` runs (it needs `site`, `has_site`), and warnings for each
    /// key and integration of `object` that astc does not apply.
    fn not_applied(
        &self,
        object: &serde_json::Map<String, Value>,
        has_site: bool,
    ) -> (bool, Vec<FileDiagnostics>) {
        let mut sitemap = false;
        let mut warnings = Vec::new();
        let mut warn = |key: &str, message: String| {
            warnings.push(Diagnostic::new(
                Code::AstroConfigNotApplied,
                self.span_of(key),
                message,
            ));
        };
        for (key, value) in object {
            if APPLIED.contains(&key.as_str()) || is_empty(value) {
                continue;
            }
            match key.as_str() {
                "integrations" => {
                    for integration in value.as_array().into_iter().flatten().flat_map(flatten) {
                        let name = integration["name"]
                            .as_str()
                            .unwrap_or("an unnamed integration");
                        let options = &integration["options"];
                        if name == SITEMAP && !has_site {
                            warn(
                                name,
                                format!("`{SITEMAP}` needs `site`: no sitemap is written"),
                            );
                            continue;
                        }
                        if name == SITEMAP {
                            sitemap = true;
                            if !is_empty(options) {
                                warn(
                                    name,
                                    format!(
                                        "the options of `{SITEMAP}` are not applied by astc yet: its defaults are"
                                    ),
                                );
                            }
                            continue;
                        }
                        warn(
                            name,
                            format!(
                                "the integration `{name}` is not run by astc: its effect is missing from the build"
                            ),
                        );
                    }
                }
                "build" => {
                    for (inner, setting) in value.as_object().into_iter().flatten() {
                        if inner == "format" && setting == "directory" {
                            continue;
                        }
                        warn(inner, format!("`build.{inner}` is not applied by astc yet"));
                    }
                }
                _ => warn(key, format!("`{key}` is not applied by astc yet")),
            }
        }
        if warnings.is_empty() {
            return (sitemap, Vec::new());
        }
        (sitemap, vec![self.report(warnings)])
    }

    fn error(&self, key: &str, message: String) -> BuildError {
        self.diagnostic(
            key,
            Diagnostic::new(Code::InvalidAstroConfig, Span::empty(0), message),
        )
    }

    fn diagnostic(&self, key: &str, mut diagnostic: Diagnostic) -> BuildError {
        diagnostic.span = self.span_of(key);
        BuildError::Diagnostics(vec![self.report(vec![diagnostic])])
    }

    fn report(&self, diagnostics: Vec<Diagnostic>) -> FileDiagnostics {
        FileDiagnostics {
            path: self.path.display().to_string(),
            text: self.text.clone(),
            diagnostics,
        }
    }

    /// Where `key` is first written in the file (the evaluated value keeps no positions);
    /// the start of the file when it is not written as such.
    fn span_of(&self, key: &str) -> Span {
        match (key.is_empty(), self.text.find(key)) {
            (false, Some(at)) => Span::new(at as u32, (at + key.len()) as u32),
            _ => Span::empty(0),
        }
    }
}

fn error_at(path: &Path, text: &str, at: u32, message: String) -> BuildError {
    BuildError::Diagnostics(vec![FileDiagnostics {
        path: path.display().to_string(),
        text: text.to_owned(),
        diagnostics: vec![Diagnostic::new(
            Code::InvalidAstroConfig,
            Span::empty(at),
            message,
        )],
    }])
}

/// Whether a config value says nothing (`[]`, `{}`, `false` and `null` are defaults).
fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null | Value::Bool(false) => true,
        Value::Array(items) => items.is_empty(),
        Value::Object(entries) => entries.is_empty(),
        _ => false,
    }
}

/// Integrations may be nested in arrays (Astro flattens them); `false`/`null` are skipped.
fn flatten(value: &Value) -> Vec<&Value> {
    match value {
        Value::Array(items) => items.iter().flat_map(flatten).collect(),
        Value::Object(_) => vec![value],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn astro(text: &str, value: Value) -> AstroConfig {
        AstroConfig {
            path: PathBuf::from("astro.config.mjs"),
            text: text.to_owned(),
            value,
        }
    }

    #[test]
    fn astral_toml_wins_and_the_rest_is_applied() {
        let astro = astro(
            "site base trailingSlash",
            serde_json::json!({ "site": "https://astro.example", "base": "/astro", "trailingSlash": "always", "build": { "format": "directory" } }),
        );
        let astral_text = "base = \"/docs\"\n";
        let astral = config::parse(astral_text).unwrap();
        let Ok(Settings {
            config: merged,
            warnings,
            ..
        }) = merge(astral, astral_text, &astro)
        else {
            panic!("merge failed");
        };
        assert_eq!(merged.site.as_deref(), Some("https://astro.example/"));
        assert_eq!(merged.base, "/docs");
        assert_eq!(merged.trailing_slash, config::TrailingSlash::Always);
        assert!(warnings.is_empty());
    }

    #[test]
    fn integrations_and_other_keys_are_named_in_warnings() {
        let astro = astro(
            "sitemap mdx redirects",
            serde_json::json!({
                "integrations": [{ "name": "@astrojs/sitemap" }, [{ "name": "@astrojs/mdx" }], false],
                "redirects": { "/old": "/new" },
                "build": { "format": "file" },
                "vite": {},
            }),
        );
        let Ok(settings) = merge(Config::default(), "", &astro) else {
            panic!("merge failed");
        };
        // Without `site`, the sitemap is not written.
        assert!(!settings.sitemap);
        let messages: Vec<&str> = settings.warnings[0]
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`@astrojs/sitemap` needs `site`"))
        );
        assert!(messages.iter().any(|m| m.contains("`@astrojs/mdx`")));
        assert!(messages.iter().any(|m| m.contains("`redirects`")));
        assert!(messages.iter().any(|m| m.contains("`build.format`")));
    }

    #[test]
    fn bad_values_and_server_output_are_errors() {
        for value in [
            serde_json::json!({ "site": 3 }),
            serde_json::json!({ "trailingSlash": "sometimes" }),
            serde_json::json!({ "output": "server" }),
        ] {
            let astro = astro("site trailingSlash output", value.clone());
            assert!(merge(Config::default(), "", &astro).is_err(), "{value}");
        }
    }
}
