//! Evaluating an `astro.config.*` file with the embedded engine (QuickJS), in a context of
//! its own with time and memory limits: its default export, as JSON.
//!
//! Its imports are not read: `astro/config` gives `defineConfig` (the identity, as in
//! Astro) and the helpers configs call; any other package gives a default export that
//! records the integration it would make (`{ name, options }` with `name` the package), so
//! that the caller can name every integration astc does not run. Relative and `node:`
//! imports are an error naming the import.

use rquickjs::loader::{ImportAttributes, Loader, Resolver};
use rquickjs::module::Declared;
use rquickjs::{CatchResultExt, Context, Ctx, Error, Function, Module, Runtime, Value};
use std::time::{Duration, Instant};

/// Generous for a configuration object; a config that runs longer is stuck.
const TIME_LIMIT: Duration = Duration::from_secs(5);
const MEMORY_LIMIT: usize = 64 << 20;

/// What `astro/config` exports (every export of Astro's): `defineConfig` is the identity;
/// the helpers give plain records of what they were asked for, which the settings astc
/// does not apply carry into warnings.
const ASTRO_CONFIG_MODULE: &str = r#"export function defineConfig(config) { return config; }
const records = (kind) => new Proxy({}, { get: (_, name) => (options) => ({ [kind]: String(name), options }) });
export const envField = new Proxy({}, { get: (_, type) => (options) => ({ ...options, type }) });
export const fontProviders = records("provider");
export const sessionDrivers = records("driver");
export const logHandlers = records("handler");
export function passthroughImageService() { return { entrypoint: "astro/assets/services/noop" }; }
export function sharpImageService(config) { return { entrypoint: "astro/assets/services/sharp", config }; }
export function svgoOptimizer(options) { return { optimizer: "svgo", options }; }
export function memoryCache(options) { return { cache: "memory", options }; }
export function getViteConfig(config) { return config; }
export function validateConfig(config) { return config; }
export function mergeConfig(defaults, overrides) {
  const out = { ...defaults };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    const both = [out[key], value].every((v) => v && typeof v === "object" && !Array.isArray(v));
    out[key] = both ? mergeConfig(out[key], value)
      : Array.isArray(out[key]) && Array.isArray(value) ? [...out[key], ...value] : value;
  }
  return out;
}
"#;

/// Marks a function where the config holds one, so that JSON keeps that the key was set.
const FUNCTION_MARKER: &str = "[function]";

/// The default export of the config module `text` (JavaScript; `name` for messages) as JSON,
/// with functions as `"[function]"`. `process_env` becomes `process.env`.
pub(super) fn evaluate(
    name: &str,
    text: &str,
    process_env: &serde_json::Map<String, serde_json::Value>,
) -> Result<serde_json::Value, String> {
    let fail = |error: Error| format!("cannot evaluate `{name}`: {error}");
    let runtime = Runtime::new().map_err(fail)?;
    runtime.set_memory_limit(MEMORY_LIMIT);
    let deadline = Instant::now() + TIME_LIMIT;
    runtime.set_interrupt_handler(Some(Box::new(move || Instant::now() > deadline)));
    runtime.set_loader(Imports, Imports);
    let context = Context::full(&runtime).map_err(fail)?;
    context.with(|ctx| {
        let json = run(&ctx, name, text, process_env)
            .catch(&ctx)
            .map_err(|error| {
                if Instant::now() > deadline {
                    format!("`{name}` ran longer than {} s", TIME_LIMIT.as_secs())
                } else {
                    format!("evaluating `{name}` failed: {error}")
                }
            })?;
        serde_json::from_str(&json)
            .map_err(|error| format!("the default export of `{name}` is not plain data: {error}"))
    })
}

fn run<'js>(
    ctx: &Ctx<'js>,
    name: &str,
    text: &str,
    process_env: &serde_json::Map<String, serde_json::Value>,
) -> rquickjs::Result<String> {
    let env = serde_json::Value::Object(process_env.clone()).to_string();
    ctx.eval::<(), _>(format!(
        "globalThis.process = {{ env: {env} }}; globalThis.{} = {{}};",
        astc_ir::ENV_GLOBAL
    ))?;
    let (module, promise) = Module::declare(ctx.clone(), name, text)?.eval()?;
    promise.finish::<()>()?;
    let config: Value = module.namespace()?.get("default")?;
    let to_json: Function = ctx.eval(format!(
        "(config) => JSON.stringify(config ?? null, (key, value) => \
         typeof value === 'function' ? '{FUNCTION_MARKER}' : value)"
    ))?;
    to_json.call((config,))
}

/// Resolves and loads the config's imports (see the module docs).
struct Imports;

impl Resolver for Imports {
    fn resolve<'js>(
        &mut self,
        _ctx: &Ctx<'js>,
        base: &str,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> rquickjs::Result<String> {
        if name.starts_with('.') || name.starts_with('/') || name.starts_with("node:") {
            return Err(Error::new_resolving_message(
                base,
                name,
                "astc evaluates the config without reading its relative or `node:` imports",
            ));
        }
        Ok(name.to_owned())
    }
}

impl Loader for Imports {
    fn load<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> rquickjs::Result<Module<'js, Declared>> {
        if name == "astro/config" {
            return Module::declare(ctx.clone(), name, ASTRO_CONFIG_MODULE);
        }
        let package = serde_json::Value::from(name).to_string();
        Module::declare(
            ctx.clone(),
            name,
            format!(
                "export default function integration(options) {{ return {{ name: {package}, options }}; }}\n"
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(text: &str) -> Result<serde_json::Value, String> {
        let env = [(
            "SITE_URL".to_owned(),
            serde_json::Value::from("https://env.example"),
        )];
        evaluate("astro.config.mjs", text, &env.into_iter().collect())
    }

    #[test]
    fn define_config_is_the_identity_and_integrations_are_recorded() {
        let config = eval(
            "import { defineConfig } from 'astro/config';\n\
             import sitemap from '@astrojs/sitemap';\n\
             import mdx from '@astrojs/mdx';\n\
             export default defineConfig({ site: process.env.SITE_URL, base: '/blog', \
             integrations: [mdx(), sitemap({ filter: (page) => true })] });\n",
        )
        .unwrap();
        assert_eq!(config["site"], "https://env.example");
        assert_eq!(config["base"], "/blog");
        assert_eq!(config["integrations"][0]["name"], "@astrojs/mdx");
        assert_eq!(config["integrations"][1]["name"], "@astrojs/sitemap");
        assert_eq!(
            config["integrations"][1]["options"]["filter"],
            FUNCTION_MARKER
        );
    }

    #[test]
    fn astro_config_s_helpers_are_there() {
        let config = eval(
            "import { defineConfig, fontProviders, mergeConfig, envField } from 'astro/config';\n\
             export default defineConfig(mergeConfig({ a: { b: 1 }, list: [1] }, { a: { c: 2 }, list: [2], \
             fonts: [{ provider: fontProviders.local(), name: 'Atkinson' }], \
             env: { schema: { API: envField.string({ context: 'server', access: 'secret' }) } } }));\n",
        )
        .unwrap();
        assert_eq!(config["a"], serde_json::json!({ "b": 1, "c": 2 }));
        assert_eq!(config["list"], serde_json::json!([1, 2]));
        assert_eq!(config["fonts"][0]["provider"]["provider"], "local");
        assert_eq!(config["env"]["schema"]["API"]["type"], "string");
    }

    #[test]
    fn relative_imports_throws_and_endless_loops_are_errors() {
        let error = eval("import x from './x.mjs';\nexport default {};").unwrap_err();
        assert!(error.contains("./x.mjs"), "{error}");
        let error = eval("throw new Error('boom');").unwrap_err();
        assert!(error.contains("boom"), "{error}");
        let error = eval("while (true) {}").unwrap_err();
        assert!(error.contains("ran longer"), "{error}");
    }
}
