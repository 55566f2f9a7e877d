//! A readable, indented dump of the tree, used by snapshot tests and `astc parse --dump`.

use super::{
    AttributeKind, AttributeValue, Document, Element, ElementEnd, ExprPart, Expression, Node,
};
use std::fmt::Write;

/// Renders `document` one node per line, with spans and (shortened) text.
pub fn dump(document: &Document, source: &str) -> String {
    let mut out = String::new();
    if let Some(frontmatter) = &document.frontmatter {
        let _ = writeln!(
            out,
            "Frontmatter {:?}{} code {:?} {}",
            frontmatter.span,
            if frontmatter.closed { "" } else { " UNCLOSED" },
            frontmatter.code,
            quote(frontmatter.code.text(source)),
        );
    }
    nodes(&mut out, &document.nodes, source, 0);
    out
}

fn nodes(out: &mut String, list: &[Node], source: &str, depth: usize) {
    for node in list {
        let pad = "  ".repeat(depth);
        match node {
            Node::Text(text) => {
                let kind = if text.raw { "RawText" } else { "Text" };
                let _ = writeln!(
                    out,
                    "{pad}{kind} {:?} {}",
                    text.span,
                    quote(text.span.text(source))
                );
            }
            Node::Comment(comment) => {
                let _ = writeln!(
                    out,
                    "{pad}Comment {:?} {}",
                    comment.span,
                    quote(comment.content(source).text(source))
                );
            }
            Node::Doctype(doctype) => {
                let _ = writeln!(
                    out,
                    "{pad}Doctype {:?} {}",
                    doctype.span,
                    quote(doctype.span.text(source))
                );
            }
            Node::Expression(expression) => {
                self::expression(out, "Expression", expression, source, depth)
            }
            Node::Element(element) => self::element(out, element, source, depth),
        }
    }
}

fn element(out: &mut String, element: &Element, source: &str, depth: usize) {
    let pad = "  ".repeat(depth);
    let end = match element.end {
        ElementEnd::EndTag(span) => format!("end {span:?}"),
        ElementEnd::SelfClosing => "self-closing".into(),
        ElementEnd::Void => "void".into(),
        ElementEnd::Implied => "end implied".into(),
        ElementEnd::Missing => "END MISSING".into(),
    };
    let _ = writeln!(
        out,
        "{pad}{:?} {} {:?} start {:?}{} {end}",
        element.kind,
        if element.name.is_empty() {
            "<>"
        } else {
            &element.name
        },
        element.span,
        element.start_tag,
        if element.start_tag_closed {
            ""
        } else {
            " UNTERMINATED"
        },
    );
    for attribute in &element.attributes {
        let inner = format!("{pad}  ");
        match &attribute.kind {
            AttributeKind::Named { name, value, .. } => {
                let value = match value {
                    None => String::new(),
                    Some(AttributeValue::Quoted { value, .. }) => {
                        format!(" = Quoted {}", quote(value.text(source)))
                    }
                    Some(AttributeValue::Unquoted(span)) => {
                        format!(" = Unquoted {}", quote(span.text(source)))
                    }
                    Some(AttributeValue::Template(span)) => {
                        format!(" = Template {}", quote(span.text(source)))
                    }
                    Some(AttributeValue::Missing(_)) => " = MISSING".into(),
                    Some(AttributeValue::Expression(expression)) => {
                        let _ = writeln!(out, "{inner}Attr {name} {:?} =", attribute.span);
                        self::expression(out, "Expression", expression, source, depth + 2);
                        continue;
                    }
                };
                let _ = writeln!(out, "{inner}Attr {name} {:?}{value}", attribute.span);
            }
            AttributeKind::Shorthand(expression) => {
                self::expression(out, "Shorthand", expression, source, depth + 1)
            }
            AttributeKind::Spread(expression) => {
                self::expression(out, "Spread", expression, source, depth + 1)
            }
        }
    }
    nodes(out, &element.children, source, depth + 1);
}

fn expression(out: &mut String, label: &str, expression: &Expression, source: &str, depth: usize) {
    let pad = "  ".repeat(depth);
    let _ = writeln!(
        out,
        "{pad}{label} {:?}{}",
        expression.span,
        if expression.closed { "" } else { " UNCLOSED" }
    );
    for part in &expression.parts {
        match part {
            ExprPart::Js(span) => {
                let _ = writeln!(out, "{pad}  Js {span:?} {}", quote(span.text(source)));
            }
            ExprPart::Markup { span, nodes: list } => {
                let _ = writeln!(out, "{pad}  Markup {span:?}");
                nodes(out, list, source, depth + 2);
            }
        }
    }
}

/// Quotes text for the dump, shortening long runs so snapshots stay readable.
fn quote(text: &str) -> String {
    const MAX: usize = 60;
    let escaped: String = text.escape_debug().collect();
    if escaped.chars().count() <= MAX {
        format!("\"{escaped}\"")
    } else {
        let head: String = escaped.chars().take(MAX / 2).collect();
        let tail: String = {
            let chars: Vec<char> = escaped.chars().collect();
            chars[chars.len() - MAX / 2..].iter().collect()
        };
        format!("\"{head}…{tail}\"")
    }
}
