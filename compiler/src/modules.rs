//! JavaScript modules imported by components, as text: where a specifier leads (the one
//! resolver of relative imports, shared by the build and the language server) and a module's
//! source compiled for the render IR (TypeScript stripped, JSON wrapped as `export default`).
//! Reading files is the caller's job.

use crate::js_syntax::{guard, nesting_too_deep, new_lexer, with_stack};
use crate::lower::script::strip;
use std::path::{Path, PathBuf};
use swc_ecma_ast::{ModuleDecl, ModuleItem};
use swc_ecma_parser::Parser;

/// A module compiled for the IR.
pub struct CompiledModule {
    /// ES module JavaScript.
    pub js: String,
    /// The relative specifiers it imports or re-exports (none for JSON).
    pub relative_imports: Vec<String>,
}

/// Compiles one module's source; `name` is used in error messages.
pub fn compile_module(name: &str, text: &str, is_json: bool) -> Result<CompiledModule, String> {
    if is_json {
        return serde_json::from_str::<serde_json::Value>(text)
            .map(|value| CompiledModule {
                js: format!("export default {value};\n"),
                relative_imports: Vec::new(),
            })
            .map_err(|error| format!("`{name}` is not valid JSON: {error}"));
    }
    let js = strip(text)
        .map_err(|error| format!("cannot compile `{name}`: {error}"))?
        .code;
    let relative_imports = relative_imports(&js);
    Ok(CompiledModule {
        js,
        relative_imports,
    })
}

/// The file a relative specifier names: as written, or with `.ts`/`.js`/`.mjs`, or an
/// `index` file in that folder.
pub fn resolve(dir: &Path, specifier: &str) -> Option<PathBuf> {
    let base = crate::db::normalize(&dir.join(specifier));
    let candidates = [
        base.clone(),
        base.with_extension("ts"),
        base.with_extension("js"),
        base.with_extension("mjs"),
        base.join("index.ts"),
        base.join("index.js"),
    ];
    candidates.into_iter().find(|candidate| candidate.is_file())
}

/// A path's id: relative to `root`, `/`-separated.
pub fn id_of(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative
        .components()
        .map(|component| component.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The relative specifiers a JavaScript module imports or re-exports.
fn relative_imports(js: &str) -> Vec<String> {
    // Too deep for swc's parser; the engine reports what is wrong with it when it runs.
    if nesting_too_deep(js).is_some() {
        return Vec::new();
    }
    // A module swc cannot parse (or panics on) has its problems reported by the engine. The
    // syntax tree is dropped on the deep stack too: dropping recurses as parsing does.
    with_stack(|| {
        guard(|| match Parser::new_from(new_lexer(js)).parse_module() {
            Ok(module) => specifiers(&module),
            Err(_) => Vec::new(),
        })
    })
    .unwrap_or_default()
}

/// The relative specifiers of a module's imports and re-exports.
fn specifiers(module: &swc_ecma_ast::Module) -> Vec<String> {
    module
        .body
        .iter()
        .filter_map(|item| match item {
            ModuleItem::ModuleDecl(ModuleDecl::Import(import)) => {
                Some(import.src.value.to_atom_lossy().to_string())
            }
            ModuleItem::ModuleDecl(ModuleDecl::ExportAll(export)) => {
                Some(export.src.value.to_atom_lossy().to_string())
            }
            ModuleItem::ModuleDecl(ModuleDecl::ExportNamed(export)) => export
                .src
                .as_ref()
                .map(|src| src.value.to_atom_lossy().to_string()),
            _ => None,
        })
        .filter(|specifier| specifier.starts_with("./") || specifier.starts_with("../"))
        .collect()
}
