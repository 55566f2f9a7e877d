//! Every prefix of a valid file parses into a well-formed tree that keeps the elements
//! completed before the cut, and its full analysis reports diagnostics inside the prefix.

use astc_compiler::db::{Database, SourceFile, Workspace, file_diagnostics};
use astc_compiler::syntax::{
    AttributeKind, AttributeValue, Element, ElementEnd, ExprPart, Expression, Node,
};
use astc_compiler::{Span, parse};
use salsa::Setter;
use std::path::PathBuf;

pub fn check(path: &str, text: &str) {
    let mut db = Database::default();
    let file = SourceFile::new(&db, PathBuf::from("prefix.astral"), String::new());
    let workspace = Workspace::new(&db, PathBuf::from("."), vec![file]);
    let full = parse(text);
    for cut in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
        let prefix = &text[..cut];
        let parsed = parse(prefix);
        let bounds = Span::new(0, cut as u32);
        assert_well_formed(&parsed.document.nodes, prefix, bounds);
        // Elements finished before the cut are the same as in the whole file.
        for element in completed_top_level_elements(&full.document.nodes, cut as u32) {
            assert!(
                parsed
                    .document
                    .nodes
                    .iter()
                    .any(|node| matches!(node, Node::Element(e) if e == element)),
                "{path}: prefix of {cut} bytes lost `<{}>` at {:?}",
                element.name,
                element.span
            );
        }
        // The full analysis (frontmatter, expressions, CSS, semantics) never fails either.
        file.set_text(&mut db).to(prefix.to_string());
        for diagnostic in file_diagnostics(&db, workspace, file) {
            assert!(
                diagnostic.span.end as usize <= cut,
                "{path}@{cut}: {diagnostic:?}"
            );
            assert!(
                prefix.is_char_boundary(diagnostic.span.start as usize)
                    && prefix.is_char_boundary(diagnostic.span.end as usize)
            );
        }
    }
    assert_eq!(full, parse(text), "parsing is deterministic");
}

/// Checks that every span in the tree lies within `parent`, children inside parents, siblings
/// in order, and every span on a char boundary.
fn assert_well_formed(nodes: &[Node], text: &str, parent: Span) {
    let mut last_end = parent.start;
    for node in nodes {
        let span = node.span();
        assert!(
            span.start >= last_end && span.end <= parent.end && span.start <= span.end,
            "{span:?} in {parent:?}, after {last_end}"
        );
        assert!(
            text.is_char_boundary(span.start as usize) && text.is_char_boundary(span.end as usize)
        );
        last_end = span.end;
        match node {
            Node::Element(element) => {
                for attribute in &element.attributes {
                    assert!(
                        element.start_tag.start <= attribute.span.start
                            && attribute.span.end <= element.start_tag.end
                    );
                    match &attribute.kind {
                        AttributeKind::Named {
                            value: Some(AttributeValue::Expression(e)),
                            ..
                        }
                        | AttributeKind::Shorthand(e)
                        | AttributeKind::Spread(e) => assert_expression(e, text),
                        AttributeKind::Named { .. } => {}
                    }
                }
                assert_well_formed(&element.children, text, element.span);
            }
            Node::Expression(expression) => assert_expression(expression, text),
            _ => {}
        }
    }
}

fn assert_expression(expression: &Expression, text: &str) {
    for part in &expression.parts {
        if let ExprPart::Markup { span, nodes } = part {
            assert!(expression.span.start <= span.start && span.end <= expression.span.end);
            assert_well_formed(nodes, text, *span);
        }
    }
}

fn completed_top_level_elements(nodes: &[Node], before: u32) -> Vec<&Element> {
    nodes
        .iter()
        .filter_map(|node| match node {
            Node::Element(element)
                if element.span.end <= before
                    && matches!(
                        element.end,
                        ElementEnd::EndTag(_) | ElementEnd::SelfClosing | ElementEnd::Void
                    ) =>
            {
                Some(element)
            }
            _ => None,
        })
        .collect()
}
