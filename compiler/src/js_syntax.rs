//! swc plumbing shared by [`crate::frontmatter`] and [`crate::expressions`]: a lexer over a
//! slice of the file, mapping swc positions back to file spans, and swc syntax errors as
//! diagnostics with help texts.

use crate::diagnostics::{Code, Diagnostic};
use crate::span::Span;
use swc_common::{BytePos, Spanned};
use swc_ecma_ast::EsVersion;
use swc_ecma_parser::error::{Error as SwcError, SyntaxError};
use swc_ecma_parser::{Lexer, StringInput, Syntax, TsSyntax};

/// Maps swc positions back to file offsets.
///
/// The parsed text starts at `BytePos(1)` (swc reserves `BytePos(0)` as "dummy"), whatever
/// its offset in the file: relative positions keep files of any size clear of swc's reserved
/// high positions.
pub(crate) struct SpanMap {
    /// The file offset of the parsed text's first byte.
    base: u32,
    /// The parsed text's length in bytes.
    len: u32,
}

impl SpanMap {
    pub(crate) fn new(text: Span) -> Self {
        Self {
            base: text.start,
            len: text.len(),
        }
    }

    /// The file offset of an swc position, clamped to the parsed text.
    pub(crate) fn offset(&self, pos: BytePos) -> u32 {
        self.base + pos.0.saturating_sub(1).min(self.len)
    }

    /// The file span of an swc span, on char boundaries of `source`.
    pub(crate) fn file_span(&self, source: &str, span: swc_common::Span) -> Span {
        let start = floor_char_boundary(source, self.offset(span.lo));
        let end = ceil_char_boundary(source, self.offset(span.hi).max(start));
        Span::new(start, end)
    }

    /// Like [`Self::file_span`], but an empty span grows to cover one character so that it
    /// can be shown: at the end of the parsed text (where swc puts "unexpected end" errors),
    /// the character just after its last non-blank one; elsewhere the next character.
    /// A span that cannot grow (at the end of the file) stays empty.
    pub(crate) fn visible_span(&self, source: &str, span: swc_common::Span) -> Span {
        let span = self.file_span(source, span);
        if !span.is_empty() {
            return span;
        }
        let text_end = self.base + self.len;
        let mut at = span.start;
        if at == text_end {
            let text = &source[self.base as usize..text_end as usize];
            at = self.base + text.trim_end().len() as u32;
        }
        match source[at as usize..].chars().next() {
            Some(next) => Span::new(at, at + next.len_utf8() as u32),
            None => span,
        }
    }
}

fn floor_char_boundary(source: &str, mut offset: u32) -> u32 {
    offset = offset.min(source.len() as u32);
    while !source.is_char_boundary(offset as usize) {
        offset -= 1;
    }
    offset
}

fn ceil_char_boundary(source: &str, mut offset: u32) -> u32 {
    offset = offset.min(source.len() as u32);
    while !source.is_char_boundary(offset as usize) {
        offset += 1;
    }
    offset
}

/// A TypeScript (not TSX) lexer over `text`, positioned as [`SpanMap`] expects.
pub(crate) fn new_lexer(text: &str) -> Lexer<'_> {
    let end = BytePos(1 + text.len() as u32);
    Lexer::new(
        Syntax::Typescript(TsSyntax::default()),
        EsVersion::EsNext,
        StringInput::new(text, BytePos(1), end),
        None,
    )
}

/// Where swc code comes from, for help texts.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    Frontmatter,
    Expression,
}

/// An swc syntax error as a diagnostic with swc's message, at its exact place.
pub(crate) fn syntax_error(
    source: &str,
    map: &SpanMap,
    error: &SwcError,
    code: Code,
    context: Context,
) -> Diagnostic {
    let span = map.visible_span(source, error.span());
    let mut message = error.kind().msg().into_owned();
    // swc's messages are sentences of varying style; trim a trailing period for consistency.
    if message.ends_with('.') {
        message.pop();
    }
    let diagnostic = Diagnostic::new(code, span, message);
    match syntax_help(error.kind(), context) {
        Some(help) => diagnostic.with_help(help),
        None => diagnostic,
    }
}

fn syntax_help(kind: &SyntaxError, context: Context) -> Option<&'static str> {
    Some(match kind {
        SyntaxError::Eof => match context {
            Context::Frontmatter => {
                "the code ends in the middle of a statement: finish it before the closing `---`"
            }
            Context::Expression => "the expression is incomplete: finish it before the `}`",
        },
        SyntaxError::UnterminatedStrLit => {
            "close the string with the quote it starts with; for text over several lines use a \
             template literal (`…`)"
        }
        SyntaxError::UnterminatedTpl => "close the template literal with a backtick (`)",
        SyntaxError::UnterminatedBlockComment => "close the comment with `*/`",
        SyntaxError::UnterminatedRegExp => {
            "close the regular expression with `/`, or put spaces around a division operator"
        }
        SyntaxError::ExpectedSemi | SyntaxError::ExpectedSemiForExprStmt { .. } => {
            "two statements run together here: separate them with `;` or a line break, or add \
             the missing operator"
        }
        SyntaxError::TS1005 => "add the missing `;`",
        SyntaxError::TS1109 => "an expression is missing here",
        SyntaxError::ConstDeclarationsRequireInitialization => {
            "give the constant a value (`const name = value;`), or declare it with `let`"
        }
        SyntaxError::AwaitInFunction => "mark the enclosing function `async`",
        SyntaxError::LegacyOctal | SyntaxError::LegacyDecimal | SyntaxError::TS1085 => {
            "component code is strict-mode JavaScript: write octal numbers as `0o17`"
        }
        SyntaxError::NonTopLevelImportExport | SyntaxError::ImportExportInScript => match context {
            Context::Frontmatter => {
                "`import` and `export` must be at the top level of the frontmatter"
            }
            Context::Expression => {
                "import modules in the frontmatter, then use them in the template"
            }
        },
        SyntaxError::UnexpectedChar { .. } => "remove the character or put it inside a string",
        _ => return None,
    })
}
