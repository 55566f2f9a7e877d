//! Lowering: a component's syntax tree to the render IR (`astc_ir`).
//!
//! Static markup is folded into HTML strings here; every expression becomes a *hole* whose
//! JavaScript goes into the component's module (see `module.rs`), so a component without
//! expressions and frontmatter code has no script and never runs JavaScript.

mod components;
mod elements;
mod module;
pub mod script;
mod whitespace;

pub use module::json_string;
pub use whitespace::jsx_text;

use crate::diagnostics::{Code, Diagnostic};
use crate::directives::is_directive_attribute;
use crate::frontmatter::FrontmatterInfo;
use crate::html;
use crate::line_index::LineIndex;
use crate::span::Span;
use crate::style::scope::{is_scoped_element, scope_css, scope_hash, scope_marker};
use crate::syntax::{
    Attribute, AttributeKind, AttributeValue, Document, Element, ElementKind, ExprPart, Expression,
    Node,
};
use astc_ir::{
    self as ir, ComponentCall, ComponentTarget, Hole, Part, Props, SlotContent, Template,
};
use module::HoleJs;
use std::collections::HashMap;

/// What lowering needs besides the tree.
pub struct LowerInput<'a> {
    /// The component's id (its path relative to the project root).
    pub id: &'a str,
    pub source: &'a str,
    pub document: &'a Document,
    pub frontmatter: &'a FrontmatterInfo,
    /// Local names of `.astral`/`.astro` default imports → component ids.
    pub components: &'a HashMap<String, String>,
    pub line_index: &'a LineIndex,
}

/// The IR of one component and the problems found while lowering it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Lowered {
    pub component: ir::Component,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn lower(input: &LowerInput<'_>) -> Lowered {
    let scoped = has_scoped_style(&input.document.nodes);
    let hash = scope_hash(input.id);
    let mut lowerer = Lowerer {
        input,
        templates: vec![Template { parts: Vec::new() }],
        styles: Vec::new(),
        scripts: Vec::new(),
        diagnostics: Vec::new(),
        marker: scoped.then(|| scope_marker(&hash)),
        hash,
        css_vars: None,
    };
    lowerer.css_vars = crate::syntax::visit::elements(&input.document.nodes)
        .into_iter()
        .filter(|element| element.kind == ElementKind::Html && element.name == "style")
        .find_map(|element| {
            let attribute = element.attribute("define:vars")?;
            Some((
                lowerer.value_js(attribute)?,
                lowerer.line(attribute.span.start),
            ))
        });
    let mut frame = Frame::default();
    let mut parts = Vec::new();
    lowerer.nodes(
        &input.document.nodes,
        &mut parts,
        &mut frame,
        Context::default(),
    );
    lowerer.templates[0].parts = merge_html(parts);

    let needs_script = !frame.holes.is_empty()
        || module::frontmatter_has_code(input.frontmatter)
        || input.frontmatter.get_static_paths.is_some();
    let script = needs_script.then(|| {
        let code = input
            .document
            .frontmatter
            .as_ref()
            .map_or(Span::empty(0), |frontmatter| frontmatter.code);
        let line_of = |offset: u32| input.line_index.line_col(input.source, offset).line + 1;
        let built = module::build(
            input.source,
            code,
            input.frontmatter,
            input.components,
            &frame.holes,
            &line_of,
        );
        let mut line_map = built.line_map;
        let mut mappings = Vec::new();
        let module = match script::strip(&built.code) {
            Ok(script::Stripped { code, map: None }) => code,
            Ok(script::Stripped {
                code,
                map: Some(map),
            }) => {
                (line_map, mappings) = module::through_map(&code, &map, &line_map);
                code
            }
            Err(error) => {
                let (span, message) =
                    locate_script_error(&error, &line_map, input.line_index, input.source)
                        .unwrap_or_else(|| (code, error.to_string()));
                let mut diagnostic = Diagnostic::new(
                    Code::FrontmatterSyntax,
                    span,
                    format!("cannot compile the component's script: {message}"),
                );
                if message.contains("await isn't allowed") {
                    diagnostic = diagnostic.with_help(
                        "`await` works in the frontmatter and directly in a `{…}` expression; \
                         inside a function (a `.map` callback, say) make that function \
                         `async`: the promises it returns are awaited when rendered",
                    );
                }
                lowerer.diagnostics.push(diagnostic);
                built.code
            }
        };
        ir::Script {
            module,
            get_static_paths: built.get_static_paths,
            line_map,
            mappings,
        }
    });
    Lowered {
        component: ir::Component {
            id: input.id.to_string(),
            templates: lowerer.templates,
            script,
            styles: lowerer.styles,
            scripts: lowerer.scripts,
        },
        diagnostics: lowerer.diagnostics,
    }
}

/// Locates a script compile error (module positions) in the `.astral` source: the span of
/// the source line the first error's module line came from (columns differ where the
/// compiler rewrote the line) and its message, with a count of the others. `None` when the
/// first error names no position or a generated line.
fn locate_script_error(
    error: &script::StripError,
    line_map: &[u32],
    line_index: &LineIndex,
    source: &str,
) -> Option<(Span, String)> {
    let first = error.errors.first()?;
    let module_line = first.at?.line as usize;
    let source_line = *line_map.get(module_line.checked_sub(1)?)?;
    if source_line == 0 {
        return None;
    }
    let start = line_index.line_start(source_line - 1) as usize;
    let text = &source[start..];
    let end = start + text.find('\n').unwrap_or(text.len());
    let indent = source[start..end].len() - source[start..end].trim_start().len();
    let span = Span::new((start + indent) as u32, end as u32);
    let message = match error.errors.len() - 1 {
        0 => first.message.clone(),
        n => format!("{} (and {n} more)", first.message),
    };
    Some((span, message))
}

/// Whether the page's template has its own `<head>` (where collected styles go).
pub fn has_head(component: &ir::Component) -> bool {
    fn walk(parts: &[Part]) -> bool {
        parts.iter().any(|part| match part {
            Part::HeadEnd => true,
            Part::Slot { fallback, .. } => walk(fallback),
            _ => false,
        })
    }
    component
        .templates
        .iter()
        .any(|template| walk(&template.parts))
}

/// The JavaScript of one template instance's holes.
#[derive(Default)]
struct Frame {
    holes: Vec<HoleJs>,
}

impl Frame {
    fn hole(&mut self, js: String, line: u32) -> Hole {
        self.holes.push(HoleJs { js, line });
        (self.holes.len() - 1) as Hole
    }

    /// The frame as a JavaScript array literal.
    fn array(&self) -> String {
        let items: Vec<&str> = self.holes.iter().map(|hole| hole.js.as_str()).collect();
        format!("[{}]", items.join(", "))
    }
}

#[derive(Clone, Copy, Default)]
struct Context {
    /// Inside `<pre>` or `<textarea>`: whitespace is kept.
    preformatted: bool,
    /// Inside `<svg>` or `<math>`: self-closing tags stay self-closing.
    foreign: bool,
    /// The element is a slot's content root: its `slot` attribute is consumed.
    slot_root: bool,
}

struct Lowerer<'a> {
    input: &'a LowerInput<'a>,
    templates: Vec<Template>,
    styles: Vec<String>,
    scripts: Vec<String>,
    diagnostics: Vec<Diagnostic>,
    /// The attribute marking this component's elements for its scoped styles.
    marker: Option<(String, String)>,
    hash: String,
    /// The JavaScript of a `<style define:vars={…}>` value and the attribute's line, if the
    /// component has one.
    css_vars: Option<(String, u32)>,
}

impl Lowerer<'_> {
    fn text(&self, span: Span) -> &str {
        span.text(self.input.source)
    }

    fn line(&self, offset: u32) -> u32 {
        self.input
            .line_index
            .line_col(self.input.source, offset)
            .line
            + 1
    }

    fn nodes(&mut self, nodes: &[Node], out: &mut Vec<Part>, frame: &mut Frame, context: Context) {
        for node in nodes {
            match node {
                Node::Text(text) => {
                    let raw = self.text(text.span);
                    if text.raw || context.preformatted {
                        out.push(Part::Html(raw.to_string()));
                    } else {
                        let cleaned = jsx_text(raw);
                        if !cleaned.is_empty() {
                            out.push(Part::Html(cleaned));
                        }
                    }
                }
                Node::Comment(comment) => out.push(Part::Html(self.text(comment.span).to_string())),
                Node::Doctype(doctype) => out.push(Part::Html(self.text(doctype.span).to_string())),
                Node::Expression(expression) => {
                    if let Some(js) = self.expression_js(expression) {
                        let hole = frame.hole(js, self.line(expression.span.start));
                        out.push(Part::Text(hole));
                    }
                }
                Node::Element(element) => self.element(element, out, frame, context),
            }
        }
    }

    /// The JavaScript of an expression, with nested markup as template instances; `None`
    /// for an empty or comment-only expression.
    fn expression_js(&mut self, expression: &Expression) -> Option<String> {
        let mut js = String::new();
        let mut has_code = false;
        for part in &expression.parts {
            match part {
                ExprPart::Js(span) => {
                    let text = self.text(*span);
                    has_code |= !strip_comments(text).trim().is_empty();
                    js.push_str(text);
                }
                ExprPart::Markup { nodes, .. } => {
                    has_code = true;
                    let (index, nested) = self.template(nodes, Context::default());
                    js.push_str(&format!("$$template({index}, {})", nested.array()));
                }
            }
        }
        if !has_code {
            return None;
        }
        // A trailing line comment would swallow what the frame adds after the expression.
        Some(format!("({js}\n)"))
    }

    /// Lowers `nodes` into a new template with its own frame.
    fn template(&mut self, nodes: &[Node], context: Context) -> (u32, Frame) {
        let index = self.templates.len();
        self.templates.push(Template { parts: Vec::new() });
        let mut frame = Frame::default();
        let mut parts = Vec::new();
        self.nodes(nodes, &mut parts, &mut frame, context);
        self.templates[index].parts = merge_html(parts);
        (index as u32, frame)
    }

    fn element(
        &mut self,
        element: &Element,
        out: &mut Vec<Part>,
        frame: &mut Frame,
        context: Context,
    ) {
        match element.kind {
            ElementKind::Html => self.html_element(element, out, frame, context),
            ElementKind::Component => self.component(element, out, frame),
            ElementKind::Fragment => {
                if let Some(part) = self.set_directive(element, frame) {
                    out.push(part);
                } else {
                    self.nodes(&element.children, out, frame, context);
                }
            }
            ElementKind::Slot => {
                let name = element
                    .attribute("name")
                    .and_then(|attribute| attribute.value())
                    .and_then(|value| value.static_text(self.input.source))
                    .unwrap_or("default")
                    .to_string();
                let mut fallback = Vec::new();
                self.nodes(&element.children, &mut fallback, frame, context);
                out.push(Part::Slot {
                    name,
                    fallback: merge_html(fallback),
                });
            }
        }
    }
}

/// The attribute name of a shorthand `{name}` (the last property of a member expression).
fn expression_name(text: &str) -> String {
    text.trim()
        .rsplit('.')
        .next()
        .unwrap_or("")
        .trim()
        .to_string()
}

/// Removes `//` and `/* */` comments from JavaScript text (strings are not special-cased:
/// only used to tell whether an expression has any code).
fn strip_comments(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("/*") {
            rest = after.find("*/").map_or("", |end| &after[end + 2..]);
        } else if let Some(after) = rest.strip_prefix("//") {
            rest = after.find('\n').map_or("", |end| &after[end..]);
        } else {
            let c = rest.chars().next().expect("non-empty");
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// Whether the template has a `<style>` that is scoped (not `is:global`, not `is:inline`).
fn has_scoped_style(nodes: &[Node]) -> bool {
    crate::syntax::visit::elements(nodes).iter().any(|element| {
        element.kind == ElementKind::Html
            && element.name == "style"
            && element.attribute("is:global").is_none()
            && element.attribute("is:inline").is_none()
    })
}

/// Joins adjacent HTML parts.
fn merge_html(parts: Vec<Part>) -> Vec<Part> {
    let mut out: Vec<Part> = Vec::with_capacity(parts.len());
    for part in parts {
        if let (Part::Html(next), Some(Part::Html(last))) = (&part, out.last_mut()) {
            last.push_str(next);
            continue;
        }
        out.push(part);
    }
    out
}

#[cfg(test)]
mod script_error_tests {
    use super::*;

    #[test]
    fn a_script_error_points_at_its_source_line_and_counts_the_others() {
        let source = "---\nconst a = 1;\n---\n<p>{ oops }</p>\n";
        let index = LineIndex::new(source);
        // Module line 3 came from source line 4; module line 1 is generated.
        let line_map = [0, 2, 4];
        let at = |line, message: &str| script::ScriptError {
            message: message.into(),
            at: Some(script::ScriptPosition {
                offset: 0,
                line,
                column: 1,
            }),
        };
        let error = script::StripError {
            errors: vec![
                at(3, "bad thing; with detail"),
                at(3, "second"),
                at(1, "third"),
            ],
        };
        let (span, message) = locate_script_error(&error, &line_map, &index, source).unwrap();
        assert_eq!(span.text(source), "<p>{ oops }</p>");
        assert_eq!(message, "bad thing; with detail (and 2 more)");
        let generated = script::StripError {
            errors: vec![at(1, "generated")],
        };
        assert!(locate_script_error(&generated, &line_map, &index, source).is_none());
        let nowhere = script::StripError {
            errors: vec![script::ScriptError {
                message: "no position".into(),
                at: None,
            }],
        };
        assert!(locate_script_error(&nowhere, &line_map, &index, source).is_none());
    }
}
