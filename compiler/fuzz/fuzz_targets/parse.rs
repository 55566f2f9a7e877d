//! Fuzz target `parse`: any UTF-8 input through the whole front end.
//!
//! Beyond "no panic, no hang, no unbounded allocation" (which libFuzzer itself detects with
//! `-timeout` and `-rss_limit_mb`/`-malloc_limit_mb`), it checks the documented contracts
//! cheaply:
//!
//! - lexer (`lexer/mod.rs`): tokens are non-empty (but for the markup markers), in order,
//!   non-overlapping, inside the source and on char boundaries;
//! - parser: the chumsky grammar is total, so it never reports an error of its own (those
//!   carry the help "this is likely a bug in astc's parser");
//! - diagnostics: every span and label span is inside the source, `start <= end`, on char
//!   boundaries; the list is sorted (`diagnostics::sort`);
//! - tree: `syntax::dump` slices the source with every span in the tree (panics on a bad
//!   one), and a walk checks every node span, attribute span and expression part the same
//!   way, and that children lie within their element.
#![no_main]

use astc_compiler::lexer::TokenKind;
use astc_compiler::span::Span;
use astc_compiler::syntax::{AttributeKind, AttributeValue, Document, ExprPart, Expression, Node};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    check_tokens(src);

    let parse = astc_compiler::parse(src);
    let dumped = astc_compiler::syntax::dump(&parse.document, src);
    std::hint::black_box(&dumped);

    for diagnostic in &parse.diagnostics {
        check_span(src, diagnostic.span, "diagnostic");
        for label in &diagnostic.labels {
            check_span(src, label.span, "diagnostic label");
        }
        assert!(
            !diagnostic
                .help
                .as_deref()
                .is_some_and(|help| help.contains("bug in astc's parser")),
            "the grammar rejected lexer output (it should be total): {diagnostic:?}"
        );
    }
    assert!(
        parse
            .diagnostics
            .windows(2)
            .all(|w| (w[0].span.start, w[0].span.end) <= (w[1].span.start, w[1].span.end)),
        "diagnostics are not sorted"
    );
    check_document(src, &parse.document);
});

fn check_span(src: &str, span: Span, what: &str) {
    let (start, end) = (span.start as usize, span.end as usize);
    assert!(
        start <= end && end <= src.len(),
        "{what} span {span:?} is outside the source (len {})",
        src.len()
    );
    assert!(
        src.is_char_boundary(start) && src.is_char_boundary(end),
        "{what} span {span:?} is not on char boundaries"
    );
}

fn check_tokens(src: &str) {
    let lexed = astc_compiler::lexer::lex(src);
    let mut last = 0usize;
    for (kind, span) in &lexed.tokens {
        let (start, end) = (span.start, span.end);
        // The lexer's contract: only the markers around markup in an expression are empty.
        let may_be_empty = matches!(kind, TokenKind::MarkupStart | TokenKind::MarkupEnd);
        assert!(
            start >= last && (end > start || may_be_empty && end == start) && end <= src.len(),
            "token {kind:?} {start}..{end} is empty, out of order or outside the source"
        );
        assert!(
            src.is_char_boundary(start) && src.is_char_boundary(end),
            "token {kind:?} {start}..{end} is not on char boundaries"
        );
        last = end;
    }
    for diagnostic in &lexed.diagnostics {
        check_span(src, diagnostic.span, "lexer diagnostic");
    }
}

fn check_document(src: &str, document: &Document) {
    if let Some(frontmatter) = &document.frontmatter {
        check_span(src, frontmatter.span, "frontmatter");
        check_span(src, frontmatter.code, "frontmatter code");
    }
    check_nodes(src, &document.nodes, None);
}

fn check_nodes(src: &str, nodes: &[Node], parent: Option<Span>) {
    for node in nodes {
        let span = node.span();
        check_span(src, span, "node");
        if let Some(parent) = parent {
            assert!(
                parent.start <= span.start && span.end <= parent.end,
                "node {span:?} lies outside its parent {parent:?}"
            );
        }
        match node {
            Node::Element(element) => {
                check_span(src, element.start_tag, "start tag");
                if let Some(name) = element.name_span {
                    check_span(src, name, "element name");
                }
                for attribute in &element.attributes {
                    check_span(src, attribute.span, "attribute");
                    match &attribute.kind {
                        AttributeKind::Named {
                            name_span, value, ..
                        } => {
                            check_span(src, *name_span, "attribute name");
                            match value {
                                Some(AttributeValue::Expression(expression)) => {
                                    check_expression(src, expression)
                                }
                                Some(AttributeValue::Quoted { span, value }) => {
                                    check_span(src, *span, "quoted value");
                                    check_span(src, *value, "quoted value inner");
                                }
                                Some(other) => check_span(src, other.span(), "attribute value"),
                                None => {}
                            }
                        }
                        AttributeKind::Shorthand(expression)
                        | AttributeKind::Spread(expression) => check_expression(src, expression),
                    }
                }
                check_nodes(src, &element.children, Some(element.span));
            }
            Node::Expression(expression) => check_expression(src, expression),
            Node::Text(_) | Node::Comment(_) | Node::Doctype(_) => {}
        }
    }
}

fn check_expression(src: &str, expression: &Expression) {
    check_span(src, expression.span, "expression");
    check_span(src, expression.inner(), "expression inner");
    for part in &expression.parts {
        match part {
            ExprPart::Js(span) => check_span(src, *span, "js part"),
            ExprPart::Markup { span, nodes } => {
                check_span(src, *span, "markup part");
                check_nodes(src, nodes, Some(*span));
            }
        }
    }
}
