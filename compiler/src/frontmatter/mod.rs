//! Analysis of the frontmatter: the TypeScript module between the `---` fences.
//!
//! [`analyze_frontmatter`] parses the code with swc and extracts what later phases need —
//! imports, top-level bindings, `interface Props`, `getStaticPaths`, `prerender` — and
//! reports syntax errors and misuses of Astro's special exports.
//!
//! Every [`Span`] produced here is a byte range into the whole `.astral` file, on char
//! boundaries.

use crate::diagnostics::{Code, Diagnostic};
use crate::js_syntax::{Context, SpanMap, nesting_too_deep, new_lexer, syntax_error, too_deep};
use crate::span::Span;
use serde::Serialize;
use swc_common::Spanned;
use swc_ecma_ast::{
    Decl, DefaultDecl, ExportSpecifier, Expr, Ident, ImportDecl, Lit, ModuleDecl, ModuleExportName,
    ModuleItem, ObjectPatProp, Pat, Stmt, TsModuleName, VarDecl, VarDeclKind, VarDeclarator,
};
use swc_ecma_parser::Parser;
use swc_ecma_parser::error::SyntaxError;

/// What the frontmatter declares, and what is wrong with it.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Default)]
pub struct FrontmatterInfo {
    /// Every `import` declaration, in source order.
    pub imports: Vec<Import>,
    /// `export const prerender = true | false`, when written exactly so.
    pub prerender: Option<Prerender>,
    /// The span of the exported `getStaticPaths` name (the function's name, or the
    /// exported name in an `export { … }` list).
    pub get_static_paths: Option<Span>,
    /// `interface Props` or `type Props = …`, exported or not.
    pub props: Option<PropsDecl>,
    /// The names of every top-level value binding, in source order, without duplicates:
    /// import locals (type-only imports excluded), `const`/`let`/`var`/`using` (destructuring
    /// included), functions, classes, enums, namespaces and `import x = …` aliases.
    /// Types (interfaces, type aliases) are not values and are not listed.
    pub bindings: Vec<String>,
    /// Syntax errors (`E0201`) and misused special exports (`E0202`, `E0204`), in source
    /// order.
    pub diagnostics: Vec<Diagnostic>,
    /// Every top-level item, in source order: what code generation needs to turn the
    /// frontmatter into a module (hoisting imports and `getStaticPaths`).
    pub items: Vec<ModuleItemInfo>,
}

/// One top-level item of the frontmatter.
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub struct ModuleItemInfo {
    pub span: Span,
    pub kind: ModuleItemKind,
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub enum ModuleItemKind {
    Import,
    /// `export <declaration>`, with the value names it declares.
    ExportDeclaration {
        names: Vec<String>,
    },
    /// An interface or type alias (exported or not): erased from JavaScript.
    TypeDeclaration,
    /// `export { … }`, `export default …`, `export * from …`.
    OtherExport,
    /// Any statement or non-exported declaration.
    Statement,
}

/// One `import` declaration.
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub struct Import {
    /// The whole declaration.
    pub span: Span,
    /// The module specifier, unquoted and unescaped.
    pub source: String,
    /// The string literal, quotes included.
    pub source_span: Span,
    /// `import type …`.
    pub type_only: bool,
    /// Empty for a side-effect import (`import './x.css'`).
    pub specifiers: Vec<ImportSpecifier>,
}

/// One name an `import` binds.
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub struct ImportSpecifier {
    /// The local name.
    pub local: String,
    pub local_span: Span,
    pub kind: ImportKind,
    /// Whether the name is only a type: `import { type X }`, or any specifier of an
    /// `import type` declaration.
    pub type_only: bool,
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub enum ImportKind {
    /// `import X from`.
    Default,
    /// `import { imported as local }`; `imported` equals the local name when not renamed.
    Named { imported: String },
    /// `import * as X from`.
    Namespace,
}

/// A valid `export const prerender = true | false`.
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub struct Prerender {
    pub value: bool,
    /// The declarator: `prerender = true`.
    pub span: Span,
}

/// The component's `Props` type declaration.
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub struct PropsDecl {
    /// The whole declaration, `export` included when present.
    pub span: Span,
    pub kind: PropsKind,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize)]
pub enum PropsKind {
    Interface,
    TypeAlias,
}

/// The value names a declaration introduces (functions, classes, variables' identifiers).
fn declared_names(declaration: &Decl) -> Vec<String> {
    match declaration {
        Decl::Fn(function) => vec![function.ident.sym.to_string()],
        Decl::Class(class) => vec![class.ident.sym.to_string()],
        Decl::Var(var) => var
            .decls
            .iter()
            .filter_map(|declarator| {
                declarator
                    .name
                    .as_ident()
                    .map(|ident| ident.id.sym.to_string())
            })
            .collect(),
        _ => Vec::new(),
    }
}

const PRERENDER: &str = "prerender";
const GET_STATIC_PATHS: &str = "getStaticPaths";

/// Parses the frontmatter `code` (a span of `source`, the whole file) as a TypeScript module
/// and analyses it.
///
/// Never panics on bad input: syntax errors become diagnostics. After recoverable errors the
/// tree swc rebuilt is analysed as usual; a fatal error leaves no tree, so then only
/// `diagnostics` is filled. A top-level `return` is allowed (Astro runs the frontmatter as a
/// function body), and so is top-level `await`.
pub fn analyze_frontmatter(source: &str, code: Span) -> FrontmatterInfo {
    crate::js_syntax::with_stack(|| analyze(source, code))
}

fn analyze(source: &str, code: Span) -> FrontmatterInfo {
    let mut info = FrontmatterInfo::default();
    let map = SpanMap::new(code);
    if let Some(at) = nesting_too_deep(code.text(source)) {
        let at = code.start + at as u32;
        info.diagnostics.push(too_deep(Span::new(at, at + 1)));
        return info;
    }
    let mut parser = Parser::new_from(new_lexer(code.text(source)));
    let Some(result) = crate::js_syntax::guard(|| parser.parse_module()) else {
        let at =
            code.start + (code.text(source).len() - code.text(source).trim_start().len()) as u32;
        let end = source[at as usize..]
            .chars()
            .next()
            .map_or(at, |c| at + c.len_utf8() as u32);
        info.diagnostics.push(crate::js_syntax::swc_failed(
            Code::FrontmatterSyntax,
            Span::new(at, end),
        ));
        return info;
    };

    let mut errors = parser.take_errors();
    let module = match result {
        Ok(module) => Some(module),
        Err(fatal) => {
            errors.push(fatal);
            None
        }
    };
    for error in &errors {
        // Astro wraps the frontmatter in a function, so a top-level `return` is fine.
        if matches!(error.kind(), SyntaxError::ReturnNotAllowed) {
            continue;
        }
        let diagnostic = syntax_error(
            source,
            &map,
            error,
            Code::FrontmatterSyntax,
            Context::Frontmatter,
        );
        // swc sometimes reports one problem twice (e.g. a TypeScript and a strict-mode error
        // for `017`, or recoverably and then as the fatal error): keep the first.
        if !info
            .diagnostics
            .iter()
            .any(|seen| seen.span == diagnostic.span)
        {
            info.diagnostics.push(diagnostic);
        }
    }

    if let Some(module) = module {
        Analyzer {
            source,
            map: &map,
            info: &mut info,
            listed_prerender: false,
            listed_get_static_paths: false,
        }
        .module(&module.body);
    }
    crate::diagnostics::sort(&mut info.diagnostics);
    info
}

struct Analyzer<'a> {
    source: &'a str,
    map: &'a SpanMap,
    info: &'a mut FrontmatterInfo,
    /// Whether an `export { … }` list exports the local `prerender`.
    listed_prerender: bool,
    /// Whether an `export { … }` list exports the local `getStaticPaths` under that name.
    listed_get_static_paths: bool,
}

impl Analyzer<'_> {
    fn span(&self, span: swc_common::Span) -> Span {
        self.map.file_span(self.source, span)
    }

    fn error(&mut self, code: Code, span: Span, message: &str, help: &str) {
        self.info
            .diagnostics
            .push(Diagnostic::new(code, span, message).with_help(help));
    }

    fn bind(&mut self, name: &str) {
        if !self.info.bindings.iter().any(|bound| bound == name) {
            self.info.bindings.push(name.to_string());
        }
    }

    fn module(&mut self, body: &[ModuleItem]) {
        // A local exported later by an `export { … }` list is exported, so the lists are
        // read first.
        for item in body {
            let ModuleItem::ModuleDecl(ModuleDecl::ExportNamed(named)) = item else {
                continue;
            };
            if named.src.is_some() || named.type_only {
                continue;
            }
            for specifier in &named.specifiers {
                let ExportSpecifier::Named(specifier) = specifier else {
                    continue;
                };
                if specifier.is_type_only {
                    continue;
                }
                let local = export_name(&specifier.orig);
                let exported = specifier.exported.as_ref().map_or(local, export_name);
                self.listed_prerender |= local == PRERENDER;
                self.listed_get_static_paths |=
                    local == GET_STATIC_PATHS && exported == GET_STATIC_PATHS;
            }
        }

        for item in body {
            let kind = match item {
                ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(export))
                    if matches!(export.decl, Decl::TsInterface(_) | Decl::TsTypeAlias(_)) =>
                {
                    ModuleItemKind::TypeDeclaration
                }
                ModuleItem::Stmt(Stmt::Decl(Decl::TsInterface(_) | Decl::TsTypeAlias(_))) => {
                    ModuleItemKind::TypeDeclaration
                }
                ModuleItem::ModuleDecl(ModuleDecl::Import(_)) => ModuleItemKind::Import,
                ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(export)) => {
                    ModuleItemKind::ExportDeclaration {
                        names: declared_names(&export.decl),
                    }
                }
                ModuleItem::ModuleDecl(_) => ModuleItemKind::OtherExport,
                ModuleItem::Stmt(_) => ModuleItemKind::Statement,
            };
            let span = self.span(item.span());
            self.info.items.push(ModuleItemInfo { span, kind });
            match item {
                ModuleItem::ModuleDecl(declaration) => match declaration {
                    ModuleDecl::Import(import) => self.import(import),
                    ModuleDecl::ExportDecl(export) => {
                        let span = self.span(export.span);
                        self.declaration(&export.decl, Some(span));
                    }
                    ModuleDecl::ExportNamed(named) => {
                        for specifier in &named.specifiers {
                            let (name, span) = match specifier {
                                ExportSpecifier::Named(specifier) => {
                                    if named.type_only || specifier.is_type_only {
                                        continue;
                                    }
                                    let exported =
                                        specifier.exported.as_ref().unwrap_or(&specifier.orig);
                                    (export_name(exported), exported.span())
                                }
                                ExportSpecifier::Namespace(specifier) => {
                                    (export_name(&specifier.name), specifier.name.span())
                                }
                                ExportSpecifier::Default(specifier) => {
                                    (&*specifier.exported.sym, specifier.exported.span)
                                }
                            };
                            let span = self.span(span);
                            if name == PRERENDER {
                                self.error(
                                    Code::InvalidPrerender,
                                    span,
                                    "`prerender` must be declared as `export const prerender = true` or `false`",
                                    "Astro only reads `prerender` when it is written directly as \
                                     `export const prerender = true;` (or `false`) and silently \
                                     ignores any other form; only the literals `true` and \
                                     `false` are allowed",
                                );
                            } else if name == GET_STATIC_PATHS
                                && self.info.get_static_paths.is_none()
                            {
                                self.info.get_static_paths = Some(span);
                            }
                        }
                    }
                    ModuleDecl::ExportDefaultDecl(export) => match &export.decl {
                        DefaultDecl::Class(class) => {
                            if let Some(ident) = &class.ident {
                                self.bind(&ident.sym);
                            }
                        }
                        DefaultDecl::Fn(function) => {
                            if let Some(ident) = &function.ident {
                                self.bind(&ident.sym);
                            }
                        }
                        DefaultDecl::TsInterfaceDecl(interface)
                            if &*interface.id.sym == "Props" =>
                        {
                            self.props(export.span, PropsKind::Interface);
                        }
                        _ => {}
                    },
                    ModuleDecl::TsImportEquals(import) if !import.is_type_only => {
                        self.bind(&import.id.sym);
                    }
                    _ => {}
                },
                ModuleItem::Stmt(Stmt::Decl(declaration)) => {
                    self.declaration(declaration, None);
                }
                _ => {}
            }
        }
    }

    fn import(&mut self, import: &ImportDecl) {
        let mut specifiers = Vec::with_capacity(import.specifiers.len());
        for specifier in &import.specifiers {
            let (local, kind, type_only) = match specifier {
                swc_ecma_ast::ImportSpecifier::Default(default) => {
                    (&default.local, ImportKind::Default, import.type_only)
                }
                swc_ecma_ast::ImportSpecifier::Namespace(namespace) => {
                    (&namespace.local, ImportKind::Namespace, import.type_only)
                }
                swc_ecma_ast::ImportSpecifier::Named(named) => {
                    let imported = named.imported.as_ref().map_or_else(
                        || named.local.sym.to_string(),
                        |imported| imported.atom().to_string(),
                    );
                    (
                        &named.local,
                        ImportKind::Named { imported },
                        import.type_only || named.is_type_only,
                    )
                }
            };
            if !type_only {
                self.bind(&local.sym);
            }
            specifiers.push(ImportSpecifier {
                local: local.sym.to_string(),
                local_span: self.span(local.span),
                kind,
                type_only,
            });
        }
        let source = import.src.value.to_atom_lossy();
        let used_as_value = !import.type_only
            && import.specifiers.iter().any(|s| match s {
                swc_ecma_ast::ImportSpecifier::Named(named) => !named.is_type_only,
                _ => true,
            });
        let relative = source.starts_with("./") || source.starts_with("../");
        if !relative && (used_as_value || import.specifiers.is_empty()) {
            self.error(
                Code::UnsupportedImport,
                self.span(import.src.span),
                &format!("cannot import `{source}`: only relative imports are supported"),
                "import components, `.json`, `.js` and `.ts` files by a relative path such as \
                 `./data.json`; packages are not supported yet (`import type` from them is fine)",
            );
        }
        self.info.imports.push(Import {
            span: self.span(import.span),
            source: import.src.value.to_atom_lossy().to_string(),
            source_span: self.span(import.src.span),
            type_only: import.type_only,
            specifiers,
        });
    }

    /// A top-level declaration; `exported` is the span of its `export` declaration.
    fn declaration(&mut self, declaration: &Decl, exported: Option<Span>) {
        match declaration {
            Decl::Var(var) => {
                for declarator in &var.decls {
                    self.pattern(&declarator.name);
                    self.var_declarator(var, declarator, exported);
                }
            }
            Decl::Using(using) => {
                for declarator in &using.decls {
                    self.pattern(&declarator.name);
                }
            }
            Decl::Fn(function) => {
                self.bind(&function.ident.sym);
                if &*function.ident.sym == GET_STATIC_PATHS {
                    let span = self.span(function.ident.span);
                    if exported.is_some() {
                        if self.info.get_static_paths.is_none() {
                            self.info.get_static_paths = Some(span);
                        }
                    } else if !self.listed_get_static_paths {
                        self.get_static_paths_not_exported(span);
                    }
                }
                self.not_prerender(&function.ident, exported);
            }
            Decl::Class(class) => {
                self.bind(&class.ident.sym);
                if &*class.ident.sym == GET_STATIC_PATHS && exported.is_some() {
                    let span = self.span(class.ident.span);
                    self.error(
                        Code::InvalidGetStaticPaths,
                        span,
                        "`getStaticPaths` must be a function, not a class",
                        "write `export async function getStaticPaths() { … }`",
                    );
                }
                self.not_prerender(&class.ident, exported);
            }
            Decl::TsEnum(enumeration) => {
                self.bind(&enumeration.id.sym);
                self.not_prerender(&enumeration.id, exported);
            }
            Decl::TsModule(module) => {
                if let TsModuleName::Ident(ident) = &module.id {
                    self.bind(&ident.sym);
                }
            }
            Decl::TsInterface(interface) if &*interface.id.sym == "Props" => {
                self.props_at(exported, interface.span, PropsKind::Interface);
            }
            Decl::TsTypeAlias(alias) if &*alias.id.sym == "Props" => {
                self.props_at(exported, alias.span, PropsKind::TypeAlias);
            }
            _ => {}
        }
    }

    fn props_at(&mut self, exported: Option<Span>, declaration: swc_common::Span, kind: PropsKind) {
        if self.info.props.is_none() {
            let span = exported.unwrap_or_else(|| self.span(declaration));
            self.info.props = Some(PropsDecl { span, kind });
        }
    }

    fn props(&mut self, declaration: swc_common::Span, kind: PropsKind) {
        self.props_at(None, declaration, kind);
    }

    fn var_declarator(
        &mut self,
        var: &VarDecl,
        declarator: &VarDeclarator,
        exported: Option<Span>,
    ) {
        let declarator_span = self.span(declarator.span);
        let Pat::Ident(name) = &declarator.name else {
            // `export const { prerender } = config` binds the name, but not as Astro reads it.
            if exported.is_some() && pattern_binds(&declarator.name, PRERENDER) {
                self.error(
                    Code::InvalidPrerender,
                    declarator_span,
                    "`prerender` must be declared on its own as `export const prerender = true` or `false`",
                    "Astro does not read a destructured `prerender` and silently ignores it; \
                     write `export const prerender = true;` — only the literals `true` and \
                     `false` are allowed",
                );
            }
            return;
        };
        let init = declarator.init.as_deref();
        match &*name.id.sym {
            PRERENDER => {
                let literal = match init {
                    Some(Expr::Lit(Lit::Bool(value))) => Some(value.value),
                    _ => None,
                };
                if exported.is_none() {
                    // A local `prerender` holding a literal is almost surely a forgotten
                    // `export`; any other local `prerender` is left alone, and one exported
                    // by a list is reported on the list.
                    if literal.is_some() && !self.listed_prerender {
                        self.error(
                            Code::InvalidPrerender,
                            declarator_span,
                            "`prerender` is not exported, so Astro ignores it",
                            "add `export`: `export const prerender = true;` (or `false`)",
                        );
                    }
                    return;
                }
                if var.kind != VarDeclKind::Const {
                    let keyword = self.span(var.span);
                    let keyword = match var.kind {
                        VarDeclKind::Const => keyword,
                        VarDeclKind::Let | VarDeclKind::Var => {
                            Span::new(keyword.start, (keyword.start + 3).min(keyword.end))
                        }
                    };
                    self.error(
                        Code::InvalidPrerender,
                        keyword,
                        "`prerender` must be declared with `export const`",
                        "write `export const prerender = true;` (or `false`): Astro silently \
                         ignores other forms, and only the literals `true` and `false` are \
                         allowed",
                    );
                    return;
                }
                match (literal, init) {
                    (Some(value), _) => {
                        if self.info.prerender.is_none() {
                            self.info.prerender = Some(Prerender {
                                value,
                                span: declarator_span,
                            });
                        }
                    }
                    (None, Some(init)) => {
                        let span = self.span(init.span());
                        let help = prerender_value_help(init);
                        self.info.diagnostics.push(
                            Diagnostic::new(
                                Code::InvalidPrerender,
                                span,
                                "`export const prerender` must be the literal `true` or `false`",
                            )
                            .with_span_label("not a `true` or `false` literal")
                            .with_help(help),
                        );
                    }
                    (None, None) => self.error(
                        Code::InvalidPrerender,
                        declarator_span,
                        "`export const prerender` must be the literal `true` or `false`",
                        "give it a value: `export const prerender = true;` (or `false`)",
                    ),
                }
            }
            GET_STATIC_PATHS => {
                let span = self.span(name.id.span);
                if exported.is_none() {
                    if !self.listed_get_static_paths {
                        self.get_static_paths_not_exported(span);
                    }
                    return;
                }
                match init.map(unwrap_type_wrappers) {
                    None => self.error(
                        Code::InvalidGetStaticPaths,
                        span,
                        "`getStaticPaths` has no value",
                        "write `export async function getStaticPaths() { … }`",
                    ),
                    Some(value) if is_not_a_function(value) => {
                        let value_span = self.span(value.span());
                        self.info.diagnostics.push(
                            Diagnostic::new(
                                Code::InvalidGetStaticPaths,
                                value_span,
                                "`getStaticPaths` must be a function",
                            )
                            .with_label(span, "exported here")
                            .with_help("write `export async function getStaticPaths() { … }`"),
                        );
                    }
                    Some(_) => {
                        if self.info.get_static_paths.is_none() {
                            self.info.get_static_paths = Some(span);
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn get_static_paths_not_exported(&mut self, span: Span) {
        self.info.diagnostics.push(
            Diagnostic::new(
                Code::InvalidGetStaticPaths,
                span,
                "`getStaticPaths` must be exported",
            )
            .with_span_label("not exported")
            .with_help(
                "add `export`: `export async function getStaticPaths() { … }`; \
                 Astro only calls an exported `getStaticPaths`",
            ),
        );
    }

    /// Reports an exported function, class or enum called `prerender`.
    fn not_prerender(&mut self, ident: &Ident, exported: Option<Span>) {
        if exported.is_some() && &*ident.sym == PRERENDER {
            let span = self.span(ident.span);
            self.error(
                Code::InvalidPrerender,
                span,
                "`prerender` must be declared as `export const prerender = true` or `false`",
                "only the literals `true` and `false` are allowed; Astro silently ignores other \
                 forms",
            );
        }
    }

    /// Binds every name a binding pattern declares.
    fn pattern(&mut self, pattern: &Pat) {
        match pattern {
            Pat::Ident(ident) => self.bind(&ident.id.sym),
            Pat::Array(array) => {
                for element in array.elems.iter().flatten() {
                    self.pattern(element);
                }
            }
            Pat::Rest(rest) => self.pattern(&rest.arg),
            Pat::Object(object) => {
                for property in &object.props {
                    match property {
                        ObjectPatProp::KeyValue(key_value) => self.pattern(&key_value.value),
                        ObjectPatProp::Assign(assign) => self.bind(&assign.key.id.sym),
                        ObjectPatProp::Rest(rest) => self.pattern(&rest.arg),
                    }
                }
            }
            Pat::Assign(assign) => self.pattern(&assign.left),
            _ => {}
        }
    }
}

/// The name in an import or export list: `x` or `"x"`.
fn export_name(name: &ModuleExportName) -> &str {
    match name {
        ModuleExportName::Ident(ident) => &ident.sym,
        // A non-UTF-8 (lone surrogate) string name can never be `prerender`/`getStaticPaths`.
        ModuleExportName::Str(string) => string.value.as_str().unwrap_or(""),
    }
}

/// Whether a binding pattern declares `name`.
fn pattern_binds(pattern: &Pat, name: &str) -> bool {
    match pattern {
        Pat::Ident(ident) => &*ident.id.sym == name,
        Pat::Array(array) => array
            .elems
            .iter()
            .flatten()
            .any(|element| pattern_binds(element, name)),
        Pat::Rest(rest) => pattern_binds(&rest.arg, name),
        Pat::Object(object) => object.props.iter().any(|property| match property {
            ObjectPatProp::KeyValue(key_value) => pattern_binds(&key_value.value, name),
            ObjectPatProp::Assign(assign) => &*assign.key.id.sym == name,
            ObjectPatProp::Rest(rest) => pattern_binds(&rest.arg, name),
        }),
        Pat::Assign(assign) => pattern_binds(&assign.left, name),
        _ => false,
    }
}

/// `(x)`, `x as T`, `x satisfies T`, `x!`, `<T>x` → `x`: wrappers that leave the value alone.
fn unwrap_type_wrappers(mut expr: &Expr) -> &Expr {
    loop {
        expr = match expr {
            Expr::Paren(paren) => &paren.expr,
            Expr::TsAs(cast) => &cast.expr,
            Expr::TsSatisfies(satisfies) => &satisfies.expr,
            Expr::TsNonNull(non_null) => &non_null.expr,
            Expr::TsTypeAssertion(assertion) => &assertion.expr,
            Expr::TsConstAssertion(assertion) => &assertion.expr,
            _ => return expr,
        };
    }
}

/// Whether a value can never be a function. Names, calls and member accesses might be one,
/// so they pass.
fn is_not_a_function(expr: &Expr) -> bool {
    matches!(
        expr,
        Expr::Lit(_)
            | Expr::Object(_)
            | Expr::Array(_)
            | Expr::Tpl(_)
            | Expr::Class(_)
            | Expr::Unary(_)
            | Expr::Bin(_)
            | Expr::Update(_)
    )
}

fn prerender_value_help(init: &Expr) -> &'static str {
    match unwrap_type_wrappers(init) {
        Expr::Lit(Lit::Str(string))
            if string.value.as_str() == Some("true") || string.value.as_str() == Some("false") =>
        {
            "this is a string: remove the quotes. Only the literals `true` and `false` are \
             allowed; Astro silently ignores any other value"
        }
        Expr::Lit(Lit::Bool(_)) => {
            "remove the wrapping around the literal: write `export const prerender = true;` \
             (or `false`). Only the bare literals are allowed; Astro silently ignores any other \
             form"
        }
        _ => {
            "Astro reads `prerender` without running the code, so only the literals `true` and \
             `false` are allowed and anything else is silently ignored; write \
             `export const prerender = true;` (or `false`)"
        }
    }
}

#[cfg(test)]
mod tests;
