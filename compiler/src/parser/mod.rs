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

/// The largest file astc reads, in bytes (2 MiB). Parsing and checking take up to about 400
/// bytes of memory per input byte on pathological input (measured: a file of ` a` attributes;
/// a token, an item, a node and their spans for every two bytes), so the cap bounds one
/// file's memory to under 1 GiB; hand-written components are far below it. A larger file is
/// one `E0115` error and an empty tree.
pub const MAX_SOURCE_BYTES: usize = 2 << 20;

/// The error for a file over [`MAX_SOURCE_BYTES`], at its first character past the limit.
fn too_large(source: &str) -> Diagnostic {
    let mut at = MAX_SOURCE_BYTES;
    while !source.is_char_boundary(at) {
        at -= 1;
    }
    let end = at + source[at..].chars().next().map_or(0, char::len_utf8);
    Diagnostic::new(
        Code::SourceTooLarge,
        Span::new(at as u32, end as u32),
        format!(
            "the file is {} bytes long, over astc's limit of {} MiB; it is not checked",
            source.len(),
            MAX_SOURCE_BYTES >> 20
        ),
    )
    .with_help("split the page into components, or move the data into a `.json` module")
}

/// Parses one `.astral` file.
pub fn parse(source: &str) -> Parse {
    if source.len() > MAX_SOURCE_BYTES {
        return Parse {
            document: Document::default(),
            diagnostics: vec![too_large(source)],
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
