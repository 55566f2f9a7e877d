//! ES module resolution and loading from an [`ir::Site`]: component modules by component id,
//! other modules from [`ir::Site::modules`]. Nothing is read from disk.

use astc_ir as ir;
use rquickjs::loader::{ImportAttributes, Loader, Resolver};
use rquickjs::module::Declared;
use rquickjs::{Ctx, Error, Module, Result};
use std::collections::HashMap;
use std::sync::Arc;

/// Suffixes tried, in order, after the exact specifier.
const SUFFIXES: [&str; 5] = [".ts", ".js", ".mjs", "/index.ts", "/index.js"];

/// The id → index table of a site's components, shared by the loader, the JS host and the
/// renderer. Indexes follow the [`ir::Site::components`] order.
#[derive(Debug)]
pub(crate) struct SiteIndex {
    pub ids: Vec<String>,
    pub by_id: HashMap<String, usize>,
}

impl SiteIndex {
    pub fn new(site: &ir::Site) -> SiteIndex {
        let ids: Vec<String> = site.components.keys().cloned().collect();
        let by_id = ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.clone(), i))
            .collect();
        SiteIndex { ids, by_id }
    }
}

/// The text put before a component module, on its first line (no newline, so line numbers
/// stay as the compiler wrote them; only line 1's columns shift by its length). It binds
/// `$$template` in the module's scope to a function that remembers the component, because a
/// template index means nothing without knowing whose templates it indexes.
pub(crate) fn component_prelude(index: usize) -> String {
    format!("const $$template = globalThis.$$templatesFor({index}); ")
}

/// Resolves `name` imported from module `base` to a module id of `site`.
pub(crate) fn resolve(site: &ir::Site, base: &str, name: &str) -> Option<String> {
    let joined = if name.starts_with("./") || name.starts_with("../") {
        let dir = base.rsplit_once('/').map_or("", |(dir, _)| dir);
        normalize(&format!("{dir}/{name}"))?
    } else if base.is_empty() {
        // The host importing a component's module by id.
        name.to_owned()
    } else {
        // Bare specifiers (packages, `astro:*`) are not part of a compiled site.
        return None;
    };
    let exists = |id: &str| {
        site.modules.contains_key(id)
            || site
                .components
                .get(id)
                .is_some_and(|component| component.script.is_some())
    };
    if exists(&joined) {
        return Some(joined);
    }
    SUFFIXES
        .iter()
        .map(|suffix| format!("{joined}{suffix}"))
        .find(|candidate| exists(candidate))
}

/// Joins `.` and `..` segments away. `None` when `..` climbs above the root.
fn normalize(path: &str) -> Option<String> {
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop()?;
            }
            other => segments.push(other),
        }
    }
    Some(segments.join("/"))
}

/// The rquickjs resolver + loader over a site.
pub(crate) struct SiteLoader {
    pub site: Arc<ir::Site>,
    pub index: Arc<SiteIndex>,
}

impl Resolver for SiteLoader {
    fn resolve<'js>(
        &mut self,
        _ctx: &Ctx<'js>,
        base: &str,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> Result<String> {
        resolve(&self.site, base, name).ok_or_else(|| {
            let why = if name.starts_with('.') || base.is_empty() {
                "no such module in the compiled site"
            } else {
                "only relative imports are supported"
            };
            Error::new_resolving_message(base, name, why)
        })
    }
}

impl Loader for SiteLoader {
    fn load<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> Result<Module<'js, Declared>> {
        if let Some(source) = self.site.modules.get(name) {
            return Module::declare(ctx.clone(), name, source.as_str());
        }
        let script = self
            .site
            .components
            .get(name)
            .and_then(|component| component.script.as_ref());
        match (script, self.index.by_id.get(name)) {
            (Some(script), Some(&index)) => {
                let mut source = component_prelude(index);
                source.push_str(&script.module);
                Module::declare(ctx.clone(), name, source)
            }
            _ => Err(Error::new_loading(name)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> ir::Site {
        let mut site = ir::Site::default();
        for id in [
            "src/lib/a.ts",
            "src/lib/b.js",
            "src/data/posts.json",
            "src/lib/dir/index.js",
        ] {
            site.modules.insert(id.into(), String::new());
        }
        site
    }

    #[test]
    fn relative_specifiers_join_and_normalize() {
        let site = site();
        let base = "src/pages/blog/index.astral";
        assert_eq!(
            resolve(&site, base, "../../lib/a.ts").as_deref(),
            Some("src/lib/a.ts")
        );
        assert_eq!(
            resolve(&site, base, "../../lib/./a").as_deref(),
            Some("src/lib/a.ts")
        );
        assert_eq!(
            resolve(&site, base, "../../lib/b").as_deref(),
            Some("src/lib/b.js")
        );
        assert_eq!(
            resolve(&site, base, "../../lib/dir").as_deref(),
            Some("src/lib/dir/index.js")
        );
        assert_eq!(
            resolve(&site, "src/lib/a.ts", "../data/posts.json").as_deref(),
            Some("src/data/posts.json")
        );
    }

    #[test]
    fn unknown_bare_and_escaping_specifiers_fail() {
        let site = site();
        assert_eq!(resolve(&site, "src/pages/a.astral", "./nope"), None);
        assert_eq!(resolve(&site, "src/pages/a.astral", "lodash"), None);
        assert_eq!(resolve(&site, "a.astral", "../../x.js"), None);
    }
}
