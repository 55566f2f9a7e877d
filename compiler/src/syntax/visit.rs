//! Pre-order walks over the tree.

use super::{AttributeKind, AttributeValue, Element, ExprPart, Expression, Node};

/// Calls `f` on every node under `nodes`, parents before children, including markup nested
/// in expressions (in text and in attribute values).
pub fn walk_nodes<'a>(nodes: &'a [Node], f: &mut impl FnMut(&'a Node)) {
    for node in nodes {
        f(node);
        match node {
            Node::Element(element) => {
                walk_attribute_markup(element, f);
                walk_nodes(&element.children, f);
            }
            Node::Expression(expression) => walk_expression_markup(expression, f),
            Node::Text(_) | Node::Comment(_) | Node::Doctype(_) => {}
        }
    }
}

fn walk_attribute_markup<'a>(element: &'a Element, f: &mut impl FnMut(&'a Node)) {
    for attribute in &element.attributes {
        match &attribute.kind {
            AttributeKind::Named {
                value: Some(AttributeValue::Expression(expression)),
                ..
            }
            | AttributeKind::Shorthand(expression)
            | AttributeKind::Spread(expression) => walk_expression_markup(expression, f),
            AttributeKind::Named { .. } => {}
        }
    }
}

fn walk_expression_markup<'a>(expression: &'a Expression, f: &mut impl FnMut(&'a Node)) {
    for part in &expression.parts {
        if let ExprPart::Markup { nodes, .. } = part {
            walk_nodes(nodes, f);
        }
    }
}

/// Every element under `nodes`, in pre-order.
pub fn elements(nodes: &[Node]) -> Vec<&Element> {
    let mut out = Vec::new();
    walk_nodes(nodes, &mut |node| {
        if let Node::Element(element) = node {
            out.push(element);
        }
    });
    out
}
