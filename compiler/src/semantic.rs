//! Checks of meaning over a parsed template: components in scope, directives on the right
//! targets, slots, duplicate attributes. Also runs the per-expression and per-style checks,
//! because expressions bring the scope that nested markup is checked in.

use crate::diagnostics::{Code, Diagnostic};
use crate::directives;
use crate::expressions::{CheckedHoles, ExpressionKind, check_awaits, check_expression};
use crate::frontmatter::{FrontmatterInfo, Import, ImportKind};
use crate::span::Span;
use crate::style::check_style;
use crate::syntax::{
    AttributeKind, AttributeValue, Document, Element, ElementKind, ExprPart, Expression, Node,
};
use std::borrow::Cow;
use std::collections::HashMap;

/// Names every component template may use without importing them.
const GLOBALS: &[&str] = &["Astro", "Astral", "Fragment"];

/// What a component tag refers to.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ComponentTarget<'a> {
    /// Imported from an `.astral` or `.astro` file.
    Astral { source: &'a str },
    /// Imported from anything else: a framework component (React, Svelte…).
    Framework,
    /// A local variable, an expression-scoped name or a global: unknown until run time.
    Dynamic,
    /// Not bound at all.
    Unbound,
}

/// Runs every template check of one file.
pub fn check_template(
    source: &str,
    document: &Document,
    frontmatter: &FrontmatterInfo,
) -> Vec<Diagnostic> {
    let mut checker = Checker {
        source,
        frontmatter,
        scope: Vec::new(),
        holes: CheckedHoles::new(),
        diagnostics: Vec::new(),
    };
    checker.nodes(&document.nodes);
    checker.diagnostics
}

/// Resolves a component tag name (`Card`, `ui.Button`) against the frontmatter's imports and
/// bindings and the names bound by enclosing expressions.
pub fn resolve_component<'a>(
    name: &str,
    frontmatter: &'a FrontmatterInfo,
    scope: &[String],
) -> ComponentTarget<'a> {
    let root = name.split('.').next().unwrap_or(name);
    if scope.iter().any(|bound| bound == root) {
        return ComponentTarget::Dynamic;
    }
    for import in &frontmatter.imports {
        for specifier in &import.specifiers {
            if specifier.local != root {
                continue;
            }
            let is_astral = is_component_source(&import.source);
            // `import * as ui from './ui'` then `<ui.Card>`: the module decides, unknown here.
            if is_astral && specifier.kind == ImportKind::Default && !name.contains('.') {
                return ComponentTarget::Astral {
                    source: &import.source,
                };
            }
            return ComponentTarget::Framework;
        }
    }
    if frontmatter.bindings.iter().any(|bound| bound == root) || GLOBALS.contains(&root) {
        return ComponentTarget::Dynamic;
    }
    ComponentTarget::Unbound
}

/// Whether an import specifier names a component file.
pub fn is_component_source(source: &str) -> bool {
    source.ends_with(".astral") || source.ends_with(".astro")
}

/// The import that binds a component tag's root name (`ui` of `ui.Button`), type-only
/// specifiers excepted.
pub fn import_of<'a>(name: &str, frontmatter: &'a FrontmatterInfo) -> Option<&'a Import> {
    let root = name.split('.').next().unwrap_or(name);
    frontmatter.imports.iter().find(|import| {
        import
            .specifiers
            .iter()
            .any(|specifier| specifier.local == root && !specifier.type_only)
    })
}

/// The import a component tag comes from when that is not a component file: a framework
/// component (React, Svelte…), which cannot be rendered yet. Names bound by enclosing
/// expressions are not consulted, as lowering does not see them: the checker and lowering
/// refuse the same calls.
pub fn framework_import<'a>(name: &str, frontmatter: &'a FrontmatterInfo) -> Option<&'a Import> {
    import_of(name, frontmatter).filter(|import| !is_component_source(&import.source))
}

/// `E0508`: a framework component call, which `astc compile` cannot render.
pub fn unsupported_component(element: &Element, import: &Import) -> Diagnostic {
    Diagnostic::new(
        Code::UnsupportedComponent,
        element.name_span.unwrap_or(element.start_tag),
        format!(
            "cannot render `<{}>` from `{}`: framework components are not supported yet",
            element.name, import.source
        ),
    )
    .with_help("only `.astral` and `.astro` components can be rendered for now")
}

struct Checker<'a> {
    source: &'a str,
    frontmatter: &'a FrontmatterInfo,
    /// Names bound by the expressions enclosing the current markup.
    scope: Vec<String>,
    /// The facts of the expressions checked so far, for the `await` check of those that
    /// enclose them.
    holes: CheckedHoles,
    diagnostics: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn nodes(&mut self, nodes: &[Node]) {
        for node in nodes {
            match node {
                Node::Element(element) => self.element(element),
                Node::Expression(expression) => self.expression(expression, ExpressionKind::Text),
                Node::Text(_) | Node::Comment(_) | Node::Doctype(_) => {}
            }
        }
    }

    fn expression(&mut self, expression: &Expression, kind: ExpressionKind) {
        let check = check_expression(self.source, expression, kind);
        self.diagnostics.extend(check.diagnostics);
        let scope_len = self.scope.len();
        self.scope.extend(check.bindings);
        for part in &expression.parts {
            if let ExprPart::Markup { nodes, .. } = part {
                self.nodes(nodes);
            }
        }
        self.scope.truncate(scope_len);
        // After the nested expressions: their facts are in `holes` now.
        if let Some(facts) = check.awaits {
            check_awaits(
                self.source,
                expression,
                &facts,
                &self.holes,
                &mut self.diagnostics,
            );
            self.holes.insert(expression.span.start, facts);
        }
    }

    fn element(&mut self, element: &Element) {
        for attribute in &element.attributes {
            match &attribute.kind {
                AttributeKind::Named {
                    value: Some(AttributeValue::Expression(expression)),
                    ..
                } => self.expression(expression, ExpressionKind::AttributeValue),
                AttributeKind::Named { .. } => {}
                AttributeKind::Shorthand(expression) => {
                    self.expression(expression, ExpressionKind::Shorthand)
                }
                AttributeKind::Spread(expression) => {
                    self.expression(expression, ExpressionKind::Spread)
                }
            }
        }
        let target = match element.kind {
            ElementKind::Component => {
                let target = resolve_component(&element.name, self.frontmatter, &self.scope);
                if target == ComponentTarget::Unbound {
                    self.unknown_component(element);
                } else if !matches!(target, ComponentTarget::Astral { .. })
                    && let Some(import) = framework_import(&element.name, self.frontmatter)
                {
                    self.diagnostics
                        .push(unsupported_component(element, import));
                }
                Some(target)
            }
            _ => None,
        };
        self.directives(element, target);
        self.duplicate_attributes(element);
        if element.kind == ElementKind::Slot {
            self.slot(element);
        }
        if element.kind == ElementKind::Html && element.name == "style" {
            self.diagnostics.extend(check_style(self.source, element));
        }
        self.nodes(&element.children);
    }

    fn unknown_component(&mut self, element: &Element) {
        let span = element.name_span.unwrap_or(element.start_tag);
        let root = element.name.split('.').next().unwrap_or(&element.name);
        let mut diagnostic = Diagnostic::new(
            Code::UnknownComponent,
            span,
            format!("`{}` is not imported or defined", element.name),
        )
        .with_span_label("unknown component");
        let candidates = self
            .frontmatter
            .imports
            .iter()
            .flat_map(|import| &import.specifiers)
            .map(|specifier| specifier.local.as_str())
            .chain(self.frontmatter.bindings.iter().map(String::as_str));
        diagnostic = match closest(root, candidates) {
            Some(similar) => diagnostic.with_help(format!("did you mean `{similar}`?")),
            None => diagnostic.with_help(format!(
                "import it in the frontmatter, e.g. `import {root} from './{root}.astral';`"
            )),
        };
        self.diagnostics.push(diagnostic);
    }

    fn directives(&mut self, element: &Element, target: Option<ComponentTarget<'_>>) {
        for attribute in &element.attributes {
            let AttributeKind::Named {
                name,
                name_span,
                value,
            } = &attribute.kind
            else {
                continue;
            };
            let Some((namespace, directive)) = name.split_once(':') else {
                continue;
            };
            if !directives::is_namespace(namespace) {
                continue;
            }
            let Some(known) = directives::lookup(name) else {
                let allowed: Vec<&str> = directives::in_namespace(namespace)
                    .map(|known| &known.name[namespace.len() + 1..])
                    .collect();
                let options = allowed
                    .iter()
                    .map(|d| format!("`{namespace}:{d}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let help = match closest(directive, allowed.iter().copied()) {
                    Some(similar) => {
                        format!("did you mean `{namespace}:{similar}`? (known: {options})")
                    }
                    None => format!("known `{namespace}:` directives are {options}"),
                };
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::UnknownDirective,
                        *name_span,
                        format!("`{name}` is not a directive"),
                    )
                    .with_help(help),
                );
                continue;
            };
            // `client:*` and `server:defer` in the wrong place have their own errors below.
            if !matches!(namespace, "client" | "server")
                && !known.placement.fits(element.kind, &element.name)
            {
                let what = describe(element, target);
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::DirectiveWithoutEffect,
                        *name_span,
                        format!("`{name}` has no effect on {what}"),
                    )
                    .with_help(format!(
                        "`{name}` applies to {}; remove it",
                        known.placement.describe()
                    )),
                );
                continue;
            }
            match namespace {
                "client" => self.client_directive(
                    element,
                    target,
                    name,
                    *name_span,
                    directive,
                    value.as_ref(),
                ),
                "server"
                    if matches!(
                        target,
                        Some(ComponentTarget::Astral { .. } | ComponentTarget::Dynamic)
                    ) =>
                {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::ServerIslandUnsupported,
                            *name_span,
                            format!("`<{}>` cannot be rendered as a server island yet", element.name),
                        )
                        .with_help("server islands are not supported yet; remove `server:defer` to render the component with the page"),
                    );
                }
                "server" => {
                    let what = describe(element, target);
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::InvalidServerDefer,
                            *name_span,
                            format!("`server:defer` cannot be used on {what}"),
                        )
                        .with_help("`server:defer` makes an `.astral` component a server island; use it on a component imported from an `.astral` file"),
                    );
                }
                "set" => self.set_directive(element, name, *name_span),
                _ => {}
            }
        }
    }

    fn client_directive(
        &mut self,
        element: &Element,
        target: Option<ComponentTarget<'_>>,
        name: &str,
        name_span: Span,
        directive: &str,
        value: Option<&AttributeValue>,
    ) {
        match target {
            Some(ComponentTarget::Astral { source }) => self.diagnostics.push(
                Diagnostic::new(
                    Code::ClientDirectiveOnAstralComponent,
                    name_span,
                    format!("`{name}` cannot hydrate `{}`: it is an `.astral` component", element.name),
                )
                .with_label(element.name_span.unwrap_or(element.start_tag), format!("imported from `{source}`"))
                .with_help("`.astral` components render only on the server; remove the directive, or use `server:defer` to render it as a server island"),
            ),
            Some(ComponentTarget::Framework | ComponentTarget::Dynamic | ComponentTarget::Unbound) => {}
            None => {
                let what = describe(element, target);
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::ClientDirectiveOnElement,
                        name_span,
                        format!("`{name}` cannot be used on {what}"),
                    )
                    .with_help("`client:*` hydrates a framework component (React, Svelte, Vue…); for plain interactivity, use a `<script>`"),
                )
            }
        }
        let static_value = value.and_then(|value| value.static_text(self.source));
        match directive {
            "media" => {
                let empty = match value {
                    None | Some(AttributeValue::Missing(_)) => true,
                    Some(_) => static_value.is_some_and(|text| text.trim().is_empty()),
                };
                if empty {
                    self.diagnostics.push(
                        Diagnostic::new(Code::ClientMediaWithoutQuery, name_span, "`client:media` needs a media query")
                            .with_help("give the query that triggers hydration, e.g. `client:media=\"(max-width: 50em)\"`"),
                    );
                }
            }
            "only" if value.is_none() => {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::ClientOnlyWithoutFramework,
                        name_span,
                        "`client:only` does not say which framework renders the component",
                    )
                    .with_help("name the renderer, e.g. `client:only=\"react\"`"),
                );
            }
            _ => {}
        }
    }

    fn set_directive(&mut self, element: &Element, name: &str, name_span: Span) {
        let content = element.children.iter().find(|child| match child {
            Node::Text(text) => !text.span.text(self.source).trim().is_empty(),
            _ => true,
        });
        if let Some(child) = content {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::SetHtmlWithChildren,
                    name_span,
                    format!(
                        "`<{}>` has `{name}` and children; the children would be ignored",
                        element.name
                    ),
                )
                .with_label(child.span(), "this content is replaced")
                .with_help(format!("remove the children, or remove `{name}`")),
            );
        }
    }

    fn duplicate_attributes(&mut self, element: &Element) {
        let case_insensitive = element.kind == ElementKind::Html;
        // The first span of each name, keyed as HTML compares names: linear in the attributes.
        let mut first: HashMap<Cow<'_, str>, Span> = HashMap::new();
        for attribute in &element.attributes {
            let AttributeKind::Named {
                name, name_span, ..
            } = &attribute.kind
            else {
                continue;
            };
            let key = if case_insensitive && name.bytes().any(|b| b.is_ascii_uppercase()) {
                Cow::Owned(name.to_ascii_lowercase())
            } else {
                Cow::Borrowed(name.as_str())
            };
            match first.get(&key) {
                Some(first_span) => self.diagnostics.push(
                    Diagnostic::new(
                        Code::DuplicateAttribute,
                        *name_span,
                        format!("`{name}` is given twice"),
                    )
                    .with_label(*first_span, "first given here")
                    .with_help("remove one of them"),
                ),
                None => {
                    first.insert(key, *name_span);
                }
            }
        }
    }

    fn slot(&mut self, element: &Element) {
        let Some(attribute) = element.attribute("name") else {
            return;
        };
        if let Some(value @ (AttributeValue::Expression(_) | AttributeValue::Template(_))) =
            attribute.value()
        {
            self.diagnostics.push(
                Diagnostic::new(Code::DynamicSlotName, value.span(), "a slot's name must be a static string")
                    .with_help("write the name in quotes, e.g. `<slot name=\"footer\" />`; slot names are resolved at compile time"),
            );
        }
    }
}

/// How an element is called in messages.
fn describe(element: &Element, target: Option<ComponentTarget<'_>>) -> String {
    match (element.kind, target) {
        (ElementKind::Fragment, _) => "a fragment".into(),
        (ElementKind::Slot, _) => "`<slot>`".into(),
        (ElementKind::Html, _) => format!("the HTML element `<{}>`", element.name),
        (ElementKind::Component, Some(ComponentTarget::Framework)) => {
            format!("`<{}>`, which is not an `.astral` component", element.name)
        }
        (ElementKind::Component, _) => format!("`<{}>`", element.name),
    }
}

/// The candidate closest to `name` by edit distance, if it is close enough to be a typo.
fn closest<'c>(name: &str, candidates: impl Iterator<Item = &'c str>) -> Option<&'c str> {
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .map(|candidate| (edit_distance(name, candidate), candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Optimal string alignment distance: edits, counting a swap of neighbours as one.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for i in 0..=a.len() {
        d[i * width] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}

#[cfg(test)]
mod tests {
    use super::edit_distance;

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("load", "laod"), 1);
        assert_eq!(edit_distance("Card", "Cards"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
