//! Parsing: tokens from the lexer, items from the chumsky grammar, the tree from the tree
//! builder.
//!
//! Contract: [`parse`] accepts any string and returns a tree plus diagnostics; it never
//! panics, and its time and memory are linear in the input (nesting is capped).

mod grammar;
mod tree_builder;

pub use tree_builder::MAX_ELEMENT_DEPTH;

use crate::diagnostics::{self, Code, Diagnostic};
use crate::lexer;
use crate::span::Span;
use crate::syntax::{Document, Frontmatter};
use chumsky::Parser;
use chumsky::input::Input;

/// A parsed file: the tree and the syntax diagnostics, in source order.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Parse {
    pub document: Document,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses one `.astral` file.
pub fn parse(source: &str) -> Parse {
    if u32::try_from(source.len()).is_err() {
        return Parse {
            document: Document::default(),
            diagnostics: vec![Diagnostic::new(
                Code::SourceTooLarge,
                Span::empty(0),
                "the file is too large to parse",
            )],
        };
    }
    let lexed = lexer::lex(source);
    let mut diagnostics = lexed.diagnostics;
    let eoi = (source.len()..source.len()).into();
    let (output, errors) = grammar::document()
        .parse(lexed.tokens.as_slice().split_token_span(eoi))
        .into_output_errors();
    for error in errors {
        diagnostics.push(
            Diagnostic::new(
                Code::UnexpectedToken,
                Span::from(*error.span()),
                error.to_string(),
            )
            .with_help("this is likely a bug in astc's parser; please report it"),
        );
    }
    let flat = output.unwrap_or(grammar::FlatDocument {
        frontmatter: None,
        items: Vec::new(),
    });
    let mut builder = tree_builder::TreeBuilder::new(source);
    let nodes = builder.build(flat.items, 0);
    // Past the lexer's nesting cap the rest of the file is text, so every element and
    // expression open there is "unclosed": one report of the cause is enough.
    let cut = diagnostics
        .iter()
        .find(|d| d.code == Code::NestingTooDeep)
        .map(|d| d.span.start);
    diagnostics.extend(builder.diagnostics.into_iter().filter(|d| {
        !(cut.is_some_and(|cut| d.span.start < cut)
            && matches!(d.code, Code::UnclosedElement | Code::UnclosedExpression))
    }));
    diagnostics::sort(&mut diagnostics);
    let frontmatter = flat.frontmatter.map(|frontmatter| Frontmatter {
        span: frontmatter.span,
        code: frontmatter
            .code
            .unwrap_or_else(|| Span::empty(frontmatter.span.end)),
        closed: frontmatter.closed,
    });
    Parse {
        document: Document { frontmatter, nodes },
        diagnostics,
    }
}
