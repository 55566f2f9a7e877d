//! Builds the element tree from the grammar's flat items.
//!
//! This is HTML tree construction, simplified to what SPEC §3 asks: an open-element stack;
//! optional end tags (`li`, `p`, `td`…) closed by the next sibling of their kind or by an
//! ancestor's end tag; void elements; and recovery from mismatched, stray and missing end
//! tags, each reported once, at the opening tag where one exists.

use super::grammar::{EndTag, FlatAttribute, FlatExpression, FlatPart, FlatValue, Item, StartTag};
use crate::diagnostics::{Code, Diagnostic};
use crate::html;
use crate::span::Span;
use crate::syntax::{
    Attribute, AttributeKind, AttributeValue, Comment, Doctype, Element, ElementEnd, ElementKind,
    ExprPart, Expression, Node, Text,
};
use std::collections::HashMap;

/// How deep elements may nest before further start tags are treated as empty elements.
pub const MAX_ELEMENT_DEPTH: usize = 256;

pub(super) struct TreeBuilder<'s> {
    source: &'s str,
    pub diagnostics: Vec<Diagnostic>,
    reported_depth: bool,
    /// Per name, the start tags past [`MAX_ELEMENT_DEPTH`] made empty elements whose end tag
    /// has not been met yet: those end tags are expected, not stray (one `E0112` says why).
    flattened: HashMap<String, usize>,
}

/// An element whose end tag has not been seen yet.
struct Open {
    element: Element,
    /// A mismatched end tag was already reported against this element.
    mismatch_reported: bool,
}

impl<'s> TreeBuilder<'s> {
    pub fn new(source: &'s str) -> Self {
        Self {
            source,
            diagnostics: Vec::new(),
            reported_depth: false,
            flattened: HashMap::new(),
        }
    }

    fn text(&self, span: Span) -> &'s str {
        span.text(self.source)
    }

    fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Builds the nodes of one container (the document, or markup inside an expression).
    /// `depth` is the element depth of the container.
    pub fn build(&mut self, items: Vec<Item>, depth: usize) -> Vec<Node> {
        self.build_container(items, depth, false)
    }

    fn build_container(
        &mut self,
        items: Vec<Item>,
        depth: usize,
        in_expression: bool,
    ) -> Vec<Node> {
        let mut root: Vec<Node> = Vec::new();
        let mut stack: Vec<Open> = Vec::new();
        for item in items {
            match item {
                Item::Text(span) => {
                    push(&mut stack, &mut root, Node::Text(Text { span, raw: false }))
                }
                Item::RawText(span) => {
                    push(&mut stack, &mut root, Node::Text(Text { span, raw: true }))
                }
                Item::Comment(span) => push(&mut stack, &mut root, Node::Comment(Comment { span })),
                Item::Doctype(span) => push(&mut stack, &mut root, Node::Doctype(Doctype { span })),
                Item::Unexpected(span) => self.report(
                    Diagnostic::new(Code::UnexpectedToken, span, "unexpected input here")
                        .with_help("remove it, or escape it if it is meant as text"),
                ),
                Item::Expression(expression) => {
                    let expression = self.expression(expression, depth + stack.len());
                    push(&mut stack, &mut root, Node::Expression(expression));
                }
                Item::StartTag(tag) => self.start_tag(tag, depth, &mut stack, &mut root),
                Item::EndTag(tag) => self.end_tag(tag, &mut stack, &mut root),
            }
        }
        while let Some(open) = stack.pop() {
            // An optional end tag may be left out before the parent's end tag, but the
            // end of an expression is not one: `{x && <li>a}` is missing its `</li>`.
            let element = self.unclosed(open, None, in_expression);
            push(&mut stack, &mut root, Node::Element(element));
        }
        root
    }

    fn start_tag(
        &mut self,
        tag: StartTag,
        depth: usize,
        stack: &mut Vec<Open>,
        root: &mut Vec<Node>,
    ) {
        let name = tag.name.map_or("", |span| self.text(span));
        // `<li>` closes an open `<li>`, and so on.
        while let Some(top) = stack.last()
            && top.element.kind == ElementKind::Html
            && html::start_closes(&top.element.name, name)
        {
            let mut open = stack.pop().expect("checked non-empty");
            open.element.end = ElementEnd::Implied;
            finish_span(&mut open.element);
            push(stack, root, Node::Element(open.element));
        }
        let self_closing = tag.self_closing;
        let mut element = self.element(tag, depth + stack.len());
        if self_closing {
            element.end = ElementEnd::SelfClosing;
            push(stack, root, Node::Element(element));
        } else if html::is_void(name) && element.kind == ElementKind::Html {
            element.end = ElementEnd::Void;
            push(stack, root, Node::Element(element));
        } else if depth + stack.len() >= MAX_ELEMENT_DEPTH {
            if !self.reported_depth {
                self.reported_depth = true;
                self.report(
                    Diagnostic::new(
                        Code::NestingTooDeep,
                        element.start_tag,
                        format!("elements are nested deeper than {MAX_ELEMENT_DEPTH} levels"),
                    )
                    .with_help("split this part of the page into components"),
                );
            }
            *self.flattened.entry(name.to_string()).or_default() += 1;
            element.end = ElementEnd::Missing;
            push(stack, root, Node::Element(element));
        } else {
            stack.push(Open {
                element,
                mismatch_reported: false,
            });
        }
    }

    fn end_tag(&mut self, tag: EndTag, stack: &mut Vec<Open>, root: &mut Vec<Node>) {
        let name = tag.name.map_or("", |span| self.text(span));
        if !tag.closed {
            self.report(
                Diagnostic::new(
                    Code::UnterminatedTag,
                    tag.span,
                    format!("the end tag `</{name}` is missing its `>`"),
                )
                .with_help("add `>`"),
            );
        }
        if let Some(first) = tag.attributes.first() {
            let span = attribute_span(first)
                .cover(attribute_span(tag.attributes.last().expect("non-empty")));
            self.report(
                Diagnostic::new(
                    Code::AttributesOnClosingTag,
                    span,
                    "an end tag cannot have attributes",
                )
                .with_help("move the attributes to the start tag"),
            );
        }
        if html::is_void(name) && !stack.iter().any(|open| open.element.name == name) {
            self.report(
                Diagnostic::new(
                    Code::VoidElementClosingTag,
                    tag.span,
                    format!("`<{name}>` is a void element and has no end tag"),
                )
                .with_help(format!(
                    "remove `</{name}>`; write `<{name}>` or `<{name} />` alone"
                )),
            );
            return;
        }
        let matching = stack
            .iter()
            .rposition(|open| names_match(&open.element, name));
        let Some(index) = matching else {
            if let Some(count) = self.flattened.get_mut(name)
                && *count > 0
            {
                *count -= 1;
                return;
            }
            match stack.last_mut() {
                Some(top) => {
                    top.mismatch_reported = true;
                    let top_name = display_name(&top.element);
                    let diagnostic = Diagnostic::new(
                        Code::MismatchedClosingTag,
                        top.element.start_tag,
                        format!("`<{top_name}>` is closed by a mismatched `</{name}>`"),
                    )
                    .with_span_label(format!("`<{top_name}>` is opened here"))
                    .with_label(tag.span, format!("expected `</{top_name}>` here"))
                    .with_help(format!(
                        "close `<{top_name}>` with `</{top_name}>`, or remove the stray `</{name}>`"
                    ));
                    self.report(diagnostic);
                }
                None => self.report(
                    Diagnostic::new(
                        Code::StrayClosingTag,
                        tag.span,
                        format!("`</{name}>` has no open element to close"),
                    )
                    .with_help("remove it, or add the matching start tag"),
                ),
            }
            return;
        };
        while stack.len() > index + 1 {
            let open = stack.pop().expect("above index");
            let element = self.unclosed(open, Some(tag.span), false);
            push(stack, root, Node::Element(element));
        }
        let mut open = stack.pop().expect("index is in the stack");
        open.element.end = ElementEnd::EndTag(tag.span);
        finish_span(&mut open.element);
        push(stack, root, Node::Element(open.element));
    }

    /// Closes an element that has no end tag, reporting it unless its end tag is optional
    /// (and `strict` is off) or it was already reported.
    fn unclosed(&mut self, open: Open, closed_by: Option<Span>, strict: bool) -> Element {
        let mut element = open.element;
        if !element.start_tag_closed || open.mismatch_reported {
            // Its unterminated start tag or a mismatched end tag is already reported.
            element.end = ElementEnd::Missing;
        } else if !strict
            && element.kind == ElementKind::Html
            && html::has_optional_end(&element.name)
        {
            element.end = ElementEnd::Implied;
        } else {
            let name = display_name(&element);
            let mut diagnostic = Diagnostic::new(
                Code::UnclosedElement,
                element.start_tag,
                format!("`<{name}>` is never closed"),
            )
            .with_span_label("opened here")
            .with_help(format!(
                "add `</{name}>` where the element ends, or write `<{name} />` if it is empty"
            ));
            if let Some(span) = closed_by {
                diagnostic = diagnostic.with_label(span, "the enclosing element ends here");
            }
            self.report(diagnostic);
            element.end = ElementEnd::Missing;
        }
        finish_span(&mut element);
        element
    }

    fn element(&mut self, tag: StartTag, depth: usize) -> Element {
        let name = tag.name.map_or("", |span| self.text(span)).to_string();
        let ends_in_open_quote = matches!(
            tag.attributes.last(),
            Some(FlatAttribute::Named { value: Some((_, Some(FlatValue::Quoted(span)))), .. })
                if !is_closed_quote(self.text(*span))
        );
        // After an unterminated quoted value the missing `>` is a consequence, not news.
        if !tag.closed && !ends_in_open_quote {
            self.report(
                Diagnostic::new(
                    Code::UnterminatedTag,
                    tag.span,
                    format!("the start tag `<{name}` is missing its `>`"),
                )
                .with_help("add `>` (or `/>` for an empty element)"),
            );
        }
        let kind = if name.is_empty() || name == "Fragment" {
            ElementKind::Fragment
        } else if name == "slot" {
            ElementKind::Slot
        } else if html::is_component_name(&name) {
            ElementKind::Component
        } else {
            ElementKind::Html
        };
        let attributes = tag
            .attributes
            .into_iter()
            .filter_map(|attribute| self.attribute(attribute, depth))
            .collect();
        Element {
            kind,
            name,
            name_span: tag.name,
            attributes,
            children: Vec::new(),
            start_tag: tag.span,
            start_tag_closed: tag.closed,
            end: ElementEnd::Missing,
            span: tag.span,
        }
    }

    fn attribute(&mut self, attribute: FlatAttribute, depth: usize) -> Option<Attribute> {
        match attribute {
            FlatAttribute::Junk(span) => {
                self.report(
                    Diagnostic::new(
                        Code::UnexpectedCharacterInTag,
                        span,
                        format!("`{}` cannot appear here in a tag", self.text(span)),
                    )
                    .with_help("attributes are `name`, `name=\"value\"`, `name={expression}` or `{...spread}`"),
                );
                None
            }
            FlatAttribute::Named { span, name, value } => {
                let value = value.map(|(eq, value)| match value {
                    None => {
                        self.report(
                            Diagnostic::new(
                                Code::MissingAttributeValue,
                                eq,
                                format!("`{}=` has no value", self.text(name)),
                            )
                            .with_help("give a value such as `\"…\"` or `{…}`, or remove the `=`"),
                        );
                        AttributeValue::Missing(eq)
                    }
                    Some(FlatValue::Quoted(span)) => {
                        let closed = is_closed_quote(self.text(span));
                        let inner_end = if closed { span.end - 1 } else { span.end };
                        AttributeValue::Quoted {
                            span,
                            value: Span::new(span.start + 1, inner_end),
                        }
                    }
                    Some(FlatValue::Unquoted(span)) => AttributeValue::Unquoted(span),
                    Some(FlatValue::Template(span)) => AttributeValue::Template(span),
                    Some(FlatValue::Expression(expression)) => {
                        AttributeValue::Expression(self.expression(expression, depth))
                    }
                });
                Some(Attribute {
                    span,
                    kind: AttributeKind::Named {
                        name: self.text(name).to_string(),
                        name_span: name,
                        value,
                    },
                })
            }
            FlatAttribute::Braced(expression) => {
                let span = expression.span;
                let expression = self.expression(expression, depth);
                let is_spread = expression.parts.first().is_some_and(|part| {
                    matches!(part, ExprPart::Js(js) if self.text(*js).trim_start().starts_with("..."))
                });
                let kind = if is_spread {
                    AttributeKind::Spread(expression)
                } else {
                    AttributeKind::Shorthand(expression)
                };
                Some(Attribute { span, kind })
            }
        }
    }

    fn expression(&mut self, expression: FlatExpression, depth: usize) -> Expression {
        if !expression.closed {
            self.report(
                Diagnostic::new(
                    Code::UnclosedExpression,
                    Span::new(expression.span.start, expression.span.start + 1),
                    "this `{` is never closed",
                )
                .with_span_label("expression starts here")
                .with_help("add the matching `}`"),
            );
        }
        let parts = expression
            .parts
            .into_iter()
            .map(|part| match part {
                FlatPart::Js(span) => ExprPart::Js(span),
                FlatPart::Markup { span, items } => ExprPart::Markup {
                    span,
                    nodes: self.build_container(items, depth + 1, true),
                },
            })
            .collect();
        Expression {
            span: expression.span,
            parts,
            closed: expression.closed,
        }
    }
}

fn push(stack: &mut [Open], root: &mut Vec<Node>, node: Node) {
    match stack.last_mut() {
        Some(open) => open.element.children.push(node),
        None => root.push(node),
    }
}

/// Sets an element's span to cover its end tag or, failing that, its last child.
fn finish_span(element: &mut Element) {
    let mut end = element.start_tag.end;
    if let Some(last) = element.children.last() {
        end = end.max(last.span().end);
    }
    if let ElementEnd::EndTag(span) = element.end {
        end = end.max(span.end);
    }
    element.span = Span::new(element.start_tag.start, end);
}

/// Whether a quoted value's text (quotes included) ends with its opening quote.
fn is_closed_quote(text: &str) -> bool {
    text.len() >= 2 && text.ends_with(&text[..1])
}

fn names_match(element: &Element, end_name: &str) -> bool {
    match element.kind {
        ElementKind::Html | ElementKind::Slot => element.name.eq_ignore_ascii_case(end_name),
        ElementKind::Component | ElementKind::Fragment => element.name == end_name,
    }
}

fn display_name(element: &Element) -> &str {
    &element.name
}

fn attribute_span(attribute: &FlatAttribute) -> Span {
    match attribute {
        FlatAttribute::Named { span, .. } | FlatAttribute::Junk(span) => *span,
        FlatAttribute::Braced(expression) => expression.span,
    }
}
