//! What is under the cursor.

use astc_compiler::Span;
use astc_compiler::syntax::{
    Attribute, AttributeKind, AttributeValue, Element, ElementEnd, ExprPart, Expression, Node,
};

/// The element around the cursor and the part of it the cursor is on.
pub struct Cursor<'a> {
    pub element: &'a Element,
    /// The nearest enclosing element, if any.
    pub parent: Option<&'a Element>,
    pub at: At<'a>,
}

pub enum At<'a> {
    /// On (or just after) the name in the start tag.
    StartTagName,
    /// On the name in the end tag.
    EndTagName,
    /// On (or just after) an attribute's name.
    AttributeName(&'a Attribute),
    /// Inside an attribute's value.
    AttributeValue(&'a Attribute),
    /// Elsewhere inside the start tag (between attributes).
    StartTag,
}

/// A span that also counts the position right after its end (where typing happens).
fn touches(span: Span, offset: u32) -> bool {
    span.start <= offset && offset <= span.end
}

/// The innermost element part at `offset`.
pub fn find(nodes: &[Node], offset: u32) -> Option<Cursor<'_>> {
    find_in(nodes, offset, None)
}

fn find_in<'a>(nodes: &'a [Node], offset: u32, parent: Option<&'a Element>) -> Option<Cursor<'a>> {
    for node in nodes {
        match node {
            Node::Element(element) if touches(element.span, offset) => {
                if let Some(cursor) = in_element(element, offset, parent) {
                    return Some(cursor);
                }
            }
            Node::Expression(expression) if touches(expression.span, offset) => {
                if let Some(cursor) = in_expression(expression, offset, parent) {
                    return Some(cursor);
                }
            }
            _ => {}
        }
    }
    None
}

fn in_expression<'a>(
    expression: &'a Expression,
    offset: u32,
    parent: Option<&'a Element>,
) -> Option<Cursor<'a>> {
    expression.parts.iter().find_map(|part| match part {
        ExprPart::Markup { span, nodes } if touches(*span, offset) => {
            find_in(nodes, offset, parent)
        }
        _ => None,
    })
}

fn in_element<'a>(
    element: &'a Element,
    offset: u32,
    parent: Option<&'a Element>,
) -> Option<Cursor<'a>> {
    let cursor = |at| {
        Some(Cursor {
            element,
            parent,
            at,
        })
    };
    if touches(element.start_tag, offset) {
        if element.name_span.is_some_and(|span| touches(span, offset)) {
            return cursor(At::StartTagName);
        }
        for attribute in &element.attributes {
            if !touches(attribute.span, offset) {
                continue;
            }
            match &attribute.kind {
                AttributeKind::Named {
                    name_span, value, ..
                } => {
                    if touches(*name_span, offset) {
                        return cursor(At::AttributeName(attribute));
                    }
                    if let Some(AttributeValue::Expression(expression)) = value
                        && let Some(inner) = in_expression(expression, offset, Some(element))
                    {
                        return Some(inner);
                    }
                    return cursor(At::AttributeValue(attribute));
                }
                AttributeKind::Shorthand(expression) | AttributeKind::Spread(expression) => {
                    return in_expression(expression, offset, Some(element));
                }
            }
        }
        // After the `>` the cursor is in the content, not the tag.
        if !(element.start_tag_closed && offset == element.start_tag.end) {
            return cursor(At::StartTag);
        }
    }
    if let ElementEnd::EndTag(end) = element.end
        && touches(end, offset)
        && offset > end.start + 1
    {
        return cursor(At::EndTagName);
    }
    find_in(&element.children, offset, Some(element))
}
