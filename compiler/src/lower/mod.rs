//! Lowering: a component's syntax tree to the render IR (`astc_ir`).
//!
//! Static markup is folded into HTML strings here; every expression becomes a *hole* whose
//! JavaScript goes into the component's module (see `module.rs`), so a component without
//! expressions and frontmatter code has no script and never runs JavaScript.

mod module;
pub mod script;
mod whitespace;

pub use module::json_string;
pub use whitespace::jsx_text;

use crate::diagnostics::{Code, Diagnostic};
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
    let root = Context {
        template_root: true,
        ..Context::default()
    };
    lowerer.nodes(&input.document.nodes, &mut parts, &mut frame, root);
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
        let module = match script::strip_typescript_module(&built.code) {
            Ok(stripped) => stripped,
            Err(message) => {
                let (span, message) =
                    locate_script_error(&message, &built.line_map, input.line_index, input.source)
                        .unwrap_or((code, message));
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
            line_map: built.line_map,
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

/// Locates a script compile error (`line:column: message; …`, module positions) in the
/// `.astral` source: the span of the source line the module line came from (columns differ
/// where the compiler rewrote the line) and the first message, with a count of the others.
/// `None` when the error names no position or a generated line.
fn locate_script_error(
    errors: &str,
    line_map: &[u32],
    line_index: &LineIndex,
    source: &str,
) -> Option<(Span, String)> {
    let (position, message) = errors.split_once(": ")?;
    let (line, _column) = position.split_once(':')?;
    let module_line: usize = line.parse().ok()?;
    let source_line = *line_map.get(module_line.checked_sub(1)?)?;
    if source_line == 0 {
        return None;
    }
    let start = line_index.line_start(source_line - 1) as usize;
    let text = &source[start..];
    let end = start + text.find('\n').unwrap_or(text.len());
    let indent = source[start..end].len() - source[start..end].trim_start().len();
    let span = Span::new((start + indent) as u32, end as u32);
    // Errors are joined by "; " and each starts with its position; a message may itself
    // contain "; ".
    let starts_with_position = |part: &str| {
        part.split_once(": ")
            .and_then(|(position, _)| position.split_once(':'))
            .is_some_and(|(l, c)| l.parse::<u32>().is_ok() && c.parse::<u32>().is_ok())
    };
    let mut parts = message.split("; ");
    let mut first = parts.next().unwrap_or(message).to_string();
    let mut others = 0;
    for part in parts {
        if starts_with_position(part) {
            others += 1;
        } else if others == 0 {
            first.push_str("; ");
            first.push_str(part);
        }
    }
    let message = match others {
        0 => first,
        n => format!("{first} (and {n} more)"),
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
    /// At the top level of the component's own template: receives `<style define:vars>`.
    template_root: bool,
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

    /// `set:html` / `set:text` on an element: the part that replaces its children.
    fn set_directive(&mut self, element: &Element, frame: &mut Frame) -> Option<Part> {
        for name in ["set:html", "set:text"] {
            let Some(attribute) = element.attribute(name) else {
                continue;
            };
            let js = self.value_js(attribute)?;
            let hole = frame.hole(js, self.line(attribute.span.start));
            return Some(if name == "set:html" {
                Part::RawHtml(hole)
            } else {
                Part::Text(hole)
            });
        }
        None
    }

    /// The JavaScript of an attribute's value (quoted values become string literals).
    fn value_js(&mut self, attribute: &Attribute) -> Option<String> {
        match attribute.value()? {
            AttributeValue::Expression(expression) => self.expression_js(expression),
            AttributeValue::Template(span) => Some(self.text(*span).to_string()),
            value @ (AttributeValue::Quoted { .. } | AttributeValue::Unquoted(_)) => Some(
                json_string(value.static_text(self.input.source).unwrap_or("")),
            ),
            AttributeValue::Missing(_) => None,
        }
    }

    fn html_element(
        &mut self,
        element: &Element,
        out: &mut Vec<Part>,
        frame: &mut Frame,
        context: Context,
    ) {
        let name = element.name.as_str();
        let inline = element.attribute("is:inline").is_some();
        if name == "style" && !inline {
            self.style(element);
            return;
        }
        if name == "script" && !inline {
            self.script(element, out, frame);
            return;
        }
        let foreign = context.foreign || name == "svg" || name == "math";
        out.push(Part::Html(format!("<{name}")));
        self.attributes(element, out, frame, context, false);
        let void = html::is_void(name);
        let self_closing = matches!(element.end, crate::syntax::ElementEnd::SelfClosing);
        if void {
            out.push(Part::Html(">".into()));
            return;
        }
        if self_closing && foreign {
            out.push(Part::Html("/>".into()));
            return;
        }
        out.push(Part::Html(">".into()));
        let child_context = Context {
            preformatted: context.preformatted || name == "pre" || name == "textarea",
            foreign,
            slot_root: false,
            template_root: false,
        };
        if let Some(part) = self.set_directive(element, frame) {
            out.push(part);
        } else {
            self.nodes(&element.children, out, frame, child_context);
        }
        if name == "head" {
            out.push(Part::HeadEnd);
        }
        out.push(Part::Html(format!("</{name}>")));
    }

    /// Writes an element's attributes: static ones folded, the rest as holes. Directives are
    /// consumed; `slot` is consumed on a slot's content root.
    fn attributes(
        &mut self,
        element: &Element,
        out: &mut Vec<Part>,
        frame: &mut Frame,
        context: Context,
        component_case: bool,
    ) {
        let class_list = element.attribute("class:list");
        let static_class = element
            .attribute("class")
            .and_then(|attribute| attribute.value())
            .and_then(|value| value.static_text(self.input.source))
            .map(str::to_string);
        for attribute in &element.attributes {
            let line = self.line(attribute.span.start);
            match &attribute.kind {
                AttributeKind::Named { name, value, .. } => {
                    if is_directive(name) || (name == "slot" && context.slot_root) {
                        continue;
                    }
                    if name == "class" && class_list.is_some() && static_class.is_some() {
                        continue;
                    }
                    match value {
                        None => out.push(Part::Html(format!(" {name}"))),
                        Some(AttributeValue::Missing(_)) => {}
                        Some(
                            value @ (AttributeValue::Quoted { .. } | AttributeValue::Unquoted(_)),
                        ) => {
                            let text = value.static_text(self.input.source).unwrap_or("");
                            out.push(Part::Html(format!(
                                " {name}=\"{}\"",
                                text.replace('"', "&quot;")
                            )));
                        }
                        Some(_) => {
                            if let Some(js) = self.value_js(attribute) {
                                let hole = frame.hole(js, line);
                                out.push(Part::Attribute {
                                    name: name.clone(),
                                    value: hole,
                                });
                            }
                        }
                    }
                }
                AttributeKind::Shorthand(expression) => {
                    let Some(js) = self.expression_js(expression) else {
                        continue;
                    };
                    let name = expression_name(self.text(expression.inner()));
                    let hole = frame.hole(js, line);
                    out.push(Part::Attribute { name, value: hole });
                }
                AttributeKind::Spread(expression) => {
                    let text = self.text(expression.inner()).trim_start();
                    let js = format!("({}\n)", text.strip_prefix("...").unwrap_or(text));
                    let hole = frame.hole(js, line);
                    out.push(Part::SpreadAttributes(hole));
                }
            }
        }
        if let Some(attribute) = class_list
            && let Some(js) = self.value_js(attribute)
        {
            let hole = frame.hole(js, self.line(attribute.span.start));
            out.push(Part::ClassList {
                value: hole,
                static_class,
            });
        }
        if context.template_root
            && let Some((vars, line)) = self.css_vars.clone()
        {
            // Astro's `<style define:vars>`: custom properties on the root elements, which
            // their descendants inherit. The runtime's `$$styleVars` checks the keys and
            // escapes the values; its errors point at the `define:vars` attribute.
            let js = format!("$$styleVars({vars})");
            let hole = frame.hole(js, line);
            out.push(Part::Attribute {
                name: "style".into(),
                value: hole,
            });
        }
        if !component_case
            && let Some((name, value)) = &self.marker
            && is_scoped_element(&element.name)
        {
            if value.is_empty() {
                out.push(Part::Html(format!(" {name}")));
            } else {
                out.push(Part::Html(format!(" {name}=\"{value}\"")));
            }
        }
    }

    /// The raw text content of a `<style>` or `<script>`.
    fn raw_content(&self, element: &Element) -> String {
        element
            .children
            .iter()
            .filter_map(|child| match child {
                Node::Text(text) => Some(self.text(text.span)),
                _ => None,
            })
            .collect()
    }

    /// Collects a `<style>`'s scoped CSS (`define:vars` is applied by `attributes` to the
    /// template's root elements).
    fn style(&mut self, element: &Element) {
        let css = self.raw_content(element);
        let global = element.attribute("is:global").is_some();
        match scope_css(&css, &self.hash, global) {
            Ok(scoped) => {
                if !scoped.css.is_empty() {
                    self.styles.push(scoped.css);
                }
            }
            Err(message) => self.diagnostics.push(
                Diagnostic::new(
                    Code::CssSyntax,
                    element.start_tag,
                    format!("cannot compile this style: {message}"),
                )
                .with_help("fix the CSS errors `astc check` reports"),
            ),
        }
        // `define:vars` is applied by `attributes` to the template's root elements.
    }

    fn script(&mut self, element: &Element, out: &mut Vec<Part>, frame: &mut Frame) {
        let code = self.raw_content(element);
        let js = match script::strip_typescript(&code) {
            Ok(js) => js,
            Err(message) => {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::ExpressionSyntax,
                        element.start_tag,
                        format!("cannot compile this script: {message}"),
                    )
                    .with_help(
                        "fix the script's syntax, or mark it `is:inline` to ship it as written",
                    ),
                );
                return;
            }
        };
        if let Some(attribute) = element.attribute("define:vars") {
            // Server values make the script per render: it stays inline, in a function scope.
            let Some(vars) = self.value_js(attribute) else {
                return;
            };
            // The runtime's `$$defineVars` checks that each key is an identifier and writes
            // the values as JSON that cannot end the script element.
            let declarations = format!("$$defineVars({vars})");
            out.push(Part::Html("<script>(function(){".into()));
            let hole = frame.hole(declarations, self.line(attribute.span.start));
            out.push(Part::RawHtml(hole));
            out.push(Part::Html(format!(
                "{}\n}})();</script>",
                js.replace("</script", "<\\/script")
            )));
            return;
        }
        if !js.trim().is_empty() {
            self.scripts.push(js);
        }
    }

    fn component(&mut self, element: &Element, out: &mut Vec<Part>, frame: &mut Frame) {
        let name = element.name.as_str();
        let line = self.line(element.start_tag.start);
        let target = if name == "Astro.self" || name == "Astral.self" {
            Some(self.input.id.to_string())
        } else {
            self.input.components.get(name).cloned()
        };
        let root = name.split('.').next().unwrap_or(name);
        let framework_import = self.input.frontmatter.imports.iter().find(|import| {
            !(import.source.ends_with(".astral") || import.source.ends_with(".astro"))
                && import
                    .specifiers
                    .iter()
                    .any(|s| s.local == root && !s.type_only)
        });
        if target.is_none()
            && let Some(import) = framework_import
        {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::UnsupportedComponent,
                    element.name_span.unwrap_or(element.start_tag),
                    format!("cannot render `<{name}>` from `{}`: framework components are not supported yet", import.source),
                )
                .with_help("only `.astral` and `.astro` components can be rendered for now"),
            );
            return;
        }
        let props = self.props(element, frame);
        let slots = self.slots(element, frame);
        match target {
            Some(id) => out.push(Part::Component(ComponentCall {
                target: ComponentTarget::Static(id),
                name: name.to_string(),
                props,
                slots,
            })),
            None => {
                // A local value: a tag name string or a component reference, known at run time.
                let tag = frame.hole(format!("({name})"), line);
                let props = match props {
                    Props::Dynamic(hole) => hole,
                    Props::Static(values) => {
                        let object = serde_json::Value::Object(values.into_iter().collect());
                        frame.hole(object.to_string(), line)
                    }
                };
                let mut attributes = Vec::new();
                self.attributes(element, &mut attributes, frame, Context::default(), false);
                out.push(Part::DynamicElement {
                    tag,
                    attributes: merge_html(attributes),
                    props,
                    slots,
                });
            }
        }
    }

    /// A component's props: static when every attribute is, else an object built in JS.
    fn props(&mut self, element: &Element, frame: &mut Frame) -> Props {
        let all_static = element
            .attributes
            .iter()
            .all(|attribute| match &attribute.kind {
                AttributeKind::Named { name, value, .. } => {
                    is_directive(name)
                        || matches!(
                            value,
                            None | Some(
                                AttributeValue::Quoted { .. }
                                    | AttributeValue::Unquoted(_)
                                    | AttributeValue::Missing(_)
                            )
                        )
                }
                _ => false,
            });
        if all_static {
            let values = element
                .attributes
                .iter()
                .filter_map(|attribute| {
                    let AttributeKind::Named { name, value, .. } = &attribute.kind else {
                        return None;
                    };
                    if is_directive(name) {
                        return None;
                    }
                    let value = match value {
                        None => serde_json::Value::Bool(true),
                        Some(AttributeValue::Missing(_)) => return None,
                        Some(value) => serde_json::Value::String(
                            value
                                .static_text(self.input.source)
                                .unwrap_or("")
                                .to_string(),
                        ),
                    };
                    Some((name.clone(), value))
                })
                .collect();
            return Props::Static(values);
        }
        let mut fields = Vec::new();
        for attribute in &element.attributes {
            match &attribute.kind {
                AttributeKind::Named { name, value, .. } => {
                    if is_directive(name) {
                        continue;
                    }
                    let js = match value {
                        None => "true".to_string(),
                        Some(_) => match self.value_js(attribute) {
                            Some(js) => js,
                            None => continue,
                        },
                    };
                    fields.push(format!("{}: {js}", json_string(name)));
                }
                AttributeKind::Shorthand(expression) => {
                    let text = self.text(expression.inner()).trim().to_string();
                    fields.push(format!(
                        "{}: ({text})",
                        json_string(&expression_name(&text))
                    ));
                }
                AttributeKind::Spread(expression) => {
                    let text = self.text(expression.inner()).trim();
                    fields.push(format!(
                        "...({}\n)",
                        text.strip_prefix("...").unwrap_or(text)
                    ));
                }
            }
        }
        Props::Dynamic(frame.hole(
            format!("{{{}}}", fields.join(", ")),
            self.line(element.start_tag.start),
        ))
    }

    /// Groups a component's children by `slot="…"` and lowers each group into a template.
    fn slots(&mut self, element: &Element, frame: &mut Frame) -> Vec<SlotContent> {
        let mut groups: Vec<(String, Vec<Node>)> = Vec::new();
        for child in &element.children {
            let name = match child {
                Node::Element(child) => child
                    .attribute("slot")
                    .and_then(|attribute| attribute.value())
                    .and_then(|value| value.static_text(self.input.source))
                    .map(str::to_string),
                Node::Text(text) if jsx_text(self.text(text.span)).is_empty() => continue,
                _ => None,
            };
            let name = name.unwrap_or_else(|| "default".to_string());
            match groups.iter_mut().find(|(existing, _)| *existing == name) {
                Some((_, nodes)) => nodes.push(child.clone()),
                None => groups.push((name, vec![child.clone()])),
            }
        }
        groups
            .into_iter()
            .map(|(name, nodes)| {
                let context = Context {
                    slot_root: name != "default",
                    ..Context::default()
                };
                let (template, nested) = self.template(&nodes, context);
                let frame_hole = (!nested.holes.is_empty()).then(|| {
                    let line = self.line(nodes[0].span().start);
                    let array = nested.array();
                    let arrow = if module::may_await(&array) {
                        "async () =>"
                    } else {
                        "() =>"
                    };
                    frame.hole(format!("{arrow} {array}"), line)
                });
                SlotContent {
                    name,
                    template,
                    frame: frame_hole,
                }
            })
            .collect()
    }
}

/// Attributes that are instructions to the compiler, not output.
fn is_directive(name: &str) -> bool {
    let Some((namespace, _)) = name.split_once(':') else {
        return false;
    };
    matches!(
        namespace,
        "client" | "server" | "set" | "is" | "define" | "class"
    )
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
        let (span, message) = locate_script_error(
            "3:6: bad thing; with detail; 3:9: second; 1:1: third",
            &line_map,
            &index,
            source,
        )
        .unwrap();
        assert_eq!(span.text(source), "<p>{ oops }</p>");
        assert_eq!(message, "bad thing; with detail (and 2 more)");
        assert!(locate_script_error("1:1: generated", &line_map, &index, source).is_none());
        assert!(locate_script_error("no position", &line_map, &index, source).is_none());
    }
}
