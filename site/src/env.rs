//! `import.meta.env` of a build, as Astro's build defines it: `MODE` is `production`, the
//! URL settings give `BASE_URL` and `SITE`, and variables come from the `.env` files of the
//! project root (Vite's `loadEnv`: `.env`, `.env.local`, `.env.production`,
//! `.env.production.local`, each overriding the ones before) and from the process
//! environment, which overrides them all.
//!
//! Which variables go where follows Astro: names starting with `PUBLIC_` may reach client
//! scripts; every other variable reaches server code only, and only when its name occurs in
//! the text of server code (Astro inlines the variables a module names). Names that are not
//! JavaScript identifiers are left out, as Astro does.

use crate::FileDiagnostics;
use astc_compiler::diagnostics::{Code, Diagnostic};
use astc_compiler::files;
use astc_compiler::span::Span;
use astc_ir::route::{TrailingSlash, Urls};
use astc_ir::{ENV_GLOBAL, Env};
use std::collections::BTreeMap;
use std::path::Path;

/// The mode of `astc compile`.
pub(crate) const MODE: &str = "production";

/// The prefix of variables that client scripts may see (Vite's `envPrefix` in Astro).
const PUBLIC_PREFIX: &str = "PUBLIC_";

/// Why the environment could not be read.
pub(crate) enum EnvError {
    Io(String),
    /// A `.env` file that dotenv cannot parse.
    Invalid(FileDiagnostics),
}

/// The env of a build of the project at `root` with `urls`, whose server code is
/// `server_js`; `process` is the process environment.
pub(crate) fn load<'a>(
    root: &Path,
    urls: &Urls,
    server_js: impl Iterator<Item = &'a str>,
    process: impl Iterator<Item = (String, String)>,
) -> Result<Env, EnvError> {
    let mut variables = BTreeMap::new();
    let real_root = files::real_path(root);
    for name in [
        ".env".to_owned(),
        ".env.local".to_owned(),
        format!(".env.{MODE}"),
        format!(".env.{MODE}.local"),
    ] {
        let path = root.join(&name);
        if !path.is_file() {
            continue;
        }
        files::confine(&real_root, &path).map_err(EnvError::Io)?;
        let text = std::fs::read_to_string(&path)
            .map_err(|error| EnvError::Io(format!("cannot read `{}`: {error}", path.display())))?;
        variables.extend(parse(&path, &text)?);
    }
    variables.extend(process);
    variables.retain(|name, _| is_identifier(name));
    let server_js: Vec<&str> = server_js.filter(|js| js.contains(ENV_GLOBAL)).collect();
    let (public, private) = variables
        .into_iter()
        .partition::<BTreeMap<_, _>, _>(|(name, _)| name.starts_with(PUBLIC_PREFIX));
    let private = private
        .into_iter()
        .filter(|(name, _)| server_js.iter().any(|js| js.contains(name.as_str())))
        .collect();
    Ok(Env {
        mode: MODE.to_owned(),
        base_url: base_url(urls),
        site: urls.site.clone(),
        public,
        private,
    })
}

/// The process environment, as far as it is UTF-8.
pub(crate) fn process() -> impl Iterator<Item = (String, String)> {
    std::env::vars_os()
        .filter_map(|(name, value)| Some((name.into_string().ok()?, value.into_string().ok()?)))
}

/// `script` (a client script asset) with the public `import.meta.env` defined at its start,
/// on its first line, when it reads it.
pub(crate) fn client_script(script: &str, env: &Env) -> String {
    if script.contains(ENV_GLOBAL) {
        format!(
            "const {ENV_GLOBAL} = {}; {script}",
            env.object_literal(false)
        )
    } else {
        script.to_owned()
    }
}

/// Astro's `BASE_URL`: `base`, with a trailing slash when `trailingSlash` is `always`.
fn base_url(urls: &Urls) -> String {
    if urls.trailing_slash == TrailingSlash::Always && !urls.base.ends_with('/') {
        format!("{}/", urls.base)
    } else {
        urls.base.clone()
    }
}

/// `^[_$a-zA-Z][\w$]*$`, the names Astro lets through.
fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c == '_' || c == '$' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c == '$' || c.is_ascii_alphanumeric())
}

/// The variables of one `.env` file, by dotenv's rules (quotes, escapes, `export`, `${VAR}`
/// substitution from earlier lines and the process environment).
fn parse(path: &Path, text: &str) -> Result<Vec<(String, String)>, EnvError> {
    dotenvy::from_read_iter(text.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| match error {
            dotenvy::Error::LineParse(line, index) => {
                // dotenv names the line by its text, not its number.
                let start = text.find(line.as_str()).unwrap_or(0);
                let at = (start + index.min(line.len())) as u32;
                EnvError::Invalid(FileDiagnostics {
                    path: path.display().to_string(),
                    text: text.to_owned(),
                    diagnostics: vec![
                        Diagnostic::new(
                            Code::InvalidEnvFile,
                            Span::empty(at),
                            "this line is not `NAME=value`",
                        )
                        .with_help(
                            "quote a value with spaces or special characters: `NAME=\"a b\"` (Vite's \
                             dotenv also takes it unquoted)",
                        ),
                    ],
                })
            }
            other => EnvError::Io(format!("cannot read `{}`: {other}", path.display())),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(base: &str, trailing_slash: TrailingSlash) -> Urls {
        Urls {
            site: Some("https://example.com/".into()),
            base: base.into(),
            trailing_slash,
        }
    }

    fn load_in(root: &Path, server_js: &[&str], process: &[(&str, &str)]) -> Result<Env, EnvError> {
        load(
            root,
            &urls("/", TrailingSlash::Ignore),
            server_js.iter().copied(),
            process.iter().map(|(k, v)| (k.to_string(), v.to_string())),
        )
    }

    #[test]
    fn files_override_in_vite_s_order_and_the_process_wins() {
        let tmp = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| std::fs::write(tmp.path().join(name), text).unwrap();
        write(
            ".env",
            "A=env\nB=env\nC=env\nD=env\nE=env\nPUBLIC_X=\"quoted value\"\n",
        );
        write(".env.local", "B=local\nC=local\nD=local\nE=local\n");
        write(
            ".env.production",
            "C=production\nD=production\nE=production\n",
        );
        write(
            ".env.production.local",
            "D=production.local\nE=production.local\n",
        );
        write(".env.development", "A=development\n");
        let js = "$$importMetaEnv.A + $$importMetaEnv.B + $$importMetaEnv.C + $$importMetaEnv.D + $$importMetaEnv.E";
        let env = load_in(tmp.path(), &[js], &[("E", "process"), ("PUBLIC_Y", "y")])
            .ok()
            .unwrap();
        let private: Vec<(&str, &str)> = env
            .private
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            private,
            [
                ("A", "env"),
                ("B", "local"),
                ("C", "production"),
                ("D", "production.local"),
                ("E", "process")
            ]
        );
        let public: Vec<(&str, &str)> = env
            .public
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(public, [("PUBLIC_X", "quoted value"), ("PUBLIC_Y", "y")]);
        assert_eq!(env.mode, "production");
    }

    #[test]
    fn only_private_variables_server_code_names_are_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let env = load_in(
            tmp.path(),
            &["f($$importMetaEnv.USED)", "g(process.env.UNSEEN)"],
            &[("USED", "1"), ("UNSEEN", "2"), ("NOT-AN-IDENT", "3")],
        )
        .ok()
        .unwrap();
        assert_eq!(env.private.keys().collect::<Vec<_>>(), ["USED"]);
    }

    #[test]
    fn base_url_follows_trailing_slash_as_astro_s_does() {
        assert_eq!(base_url(&urls("/docs", TrailingSlash::Always)), "/docs/");
        assert_eq!(base_url(&urls("/docs", TrailingSlash::Never)), "/docs");
        assert_eq!(base_url(&urls("/", TrailingSlash::Always)), "/");
        assert_eq!(base_url(&urls("/", TrailingSlash::Never)), "/");
    }

    #[test]
    fn client_scripts_get_the_public_env_only() {
        let env = Env {
            mode: MODE.into(),
            base_url: "/".into(),
            site: None,
            public: [("PUBLIC_A".to_owned(), "a".to_owned())].into(),
            private: [("SECRET".to_owned(), "s3cret".to_owned())].into(),
        };
        let script = client_script("console.log($$importMetaEnv.SECRET);", &env);
        assert!(!script.contains("s3cret"), "{script}");
        assert!(
            script.contains(r#""PUBLIC_A":"a""#) && script.contains(r#""SSR":false"#),
            "{script}"
        );
        assert_eq!(client_script("console.log(1);", &env), "console.log(1);");
    }

    #[test]
    fn a_line_dotenv_cannot_parse_is_located() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join(".env"), "A=1\nB C\n").unwrap();
        let Err(EnvError::Invalid(report)) = load_in(tmp.path(), &[], &[]) else {
            panic!("a bad line passed");
        };
        assert_eq!(report.diagnostics[0].code, Code::InvalidEnvFile);
        assert!(
            report.diagnostics[0].span.start >= 4,
            "{:?}",
            report.diagnostics[0].span
        );
    }
}
