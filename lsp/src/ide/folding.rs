//! Folding ranges: the frontmatter, multi-line elements, comments and expressions.

use astc_compiler::LineIndex;
use astc_compiler::syntax::{Document, ElementEnd, ExprPart, Node};
use tower_lsp_server::ls_types::{FoldingRange, FoldingRangeKind};

/// Where a fold ends: on the line of an offset, or on the line before it (so an end tag
/// or closing brace stays visible under the folded start).
enum End {
    At(u32),
    Before(u32),
}

pub fn folding_ranges(document: &Document, index: &LineIndex, source: &str) -> Vec<FoldingRange> {
    let mut out = Vec::new();
    let line = |offset: u32| index.line_col(source, offset).line;
    let mut push = |start: u32, end: End, kind: Option<FoldingRangeKind>| {
        let start_line = line(start);
        let end_line = match end {
            End::At(offset) => line(offset),
            End::Before(offset) => line(offset).saturating_sub(1),
        };
        if end_line > start_line {
            out.push(FoldingRange {
                start_line,
                end_line,
                kind,
                ..Default::default()
            });
        }
    };
    if let Some(frontmatter) = &document.frontmatter {
        push(
            frontmatter.span.start,
            End::At(frontmatter.span.end),
            Some(FoldingRangeKind::Imports),
        );
    }
    walk(&document.nodes, &mut push);
    out
}

fn walk(nodes: &[Node], push: &mut impl FnMut(u32, End, Option<FoldingRangeKind>)) {
    for node in nodes {
        match node {
            Node::Element(element) => {
                let end = match element.end {
                    ElementEnd::EndTag(end) => End::Before(end.start),
                    _ => End::At(element.span.end),
                };
                push(element.start_tag.start, end, None);
                walk(&element.children, push);
            }
            Node::Comment(comment) => push(
                comment.span.start,
                End::At(comment.span.end),
                Some(FoldingRangeKind::Comment),
            ),
            Node::Expression(expression) => {
                push(
                    expression.span.start,
                    End::Before(expression.span.end.saturating_sub(1)),
                    None,
                );
                for part in &expression.parts {
                    if let ExprPart::Markup { nodes, .. } = part {
                        walk(nodes, push);
                    }
                }
            }
            _ => {}
        }
    }
}
