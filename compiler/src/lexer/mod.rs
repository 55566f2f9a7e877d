//! Modal lexer for `.astral` files.
//!
//! A component mixes sublanguages: frontmatter, markup, the inside of tags, JavaScript in
//! `{…}` (which may itself contain markup, to any depth), and raw text in `<script>` and
//! `<style>`. The driver keeps a stack of modes and asks the logos token set of the mode on
//! top (see `modes.rs`) for the next token; it emits one flat token stream for the parser.
//!
//! Contract: `lex` accepts any `&str`, always terminates, and produces tokens whose spans are
//! in order, on char boundaries, and never overlap; only `MarkupStart`/`MarkupEnd` are empty. Mode nesting is capped at
//! [`MAX_NESTING`]; past it the rest of the file becomes one text token and a diagnostic.

mod fences;
mod js;
mod markup;
mod modes;
mod raw;
pub(crate) mod scan;
mod tag;

use crate::diagnostics::{Code, Diagnostic};
use crate::span::Span;
use chumsky::span::SimpleSpan;

pub use fences::{FrontmatterFences, frontmatter_fences};

/// How deep modes (expressions inside markup inside expressions…) may nest.
pub const MAX_NESTING: usize = 256;

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum TokenKind {
    /// A `---` line opening or closing the frontmatter.
    Fence,
    /// The frontmatter's code, between the fences.
    FrontmatterCode,
    /// Template text.
    Text,
    /// `<!-- … -->`, whole.
    Comment,
    /// `<!…>`: a doctype, whole.
    Doctype,
    /// `<` opening a start tag.
    TagOpen,
    /// `</` opening an end tag.
    EndTagOpen,
    /// A tag or attribute name.
    Name,
    /// `=` between an attribute name and its value.
    Eq,
    /// A quoted attribute value, quotes included.
    Quoted,
    /// An unquoted attribute value.
    Unquoted,
    /// A template-literal attribute value, backticks included.
    TemplateValue,
    /// `>` closing a tag.
    TagClose,
    /// `/>` closing a self-closing tag.
    TagSelfClose,
    /// `{` opening an expression.
    ExprOpen,
    /// `}` closing an expression.
    ExprClose,
    /// JavaScript source inside an expression.
    Js,
    /// The body of `<script>`, `<style>` or an `is:raw` element.
    RawText,
    /// Zero-width: markup nested in an expression starts here.
    MarkupStart,
    /// Zero-width: markup nested in an expression ends here.
    MarkupEnd,
    /// A character in a tag that cannot start anything there.
    Junk,
}

impl std::fmt::Display for TokenKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            TokenKind::Fence => "`---`",
            TokenKind::FrontmatterCode => "frontmatter code",
            TokenKind::Text => "text",
            TokenKind::Comment => "a comment",
            TokenKind::Doctype => "a doctype",
            TokenKind::TagOpen => "`<`",
            TokenKind::EndTagOpen => "`</`",
            TokenKind::Name => "a name",
            TokenKind::Eq => "`=`",
            TokenKind::Quoted => "a quoted value",
            TokenKind::Unquoted => "an unquoted value",
            TokenKind::TemplateValue => "a template literal",
            TokenKind::TagClose => "`>`",
            TokenKind::TagSelfClose => "`/>`",
            TokenKind::ExprOpen => "`{`",
            TokenKind::ExprClose => "`}`",
            TokenKind::Js => "JavaScript",
            TokenKind::RawText => "raw text",
            TokenKind::MarkupStart => "the start of markup",
            TokenKind::MarkupEnd => "the end of markup",
            TokenKind::Junk => "an unexpected character",
        };
        f.write_str(text)
    }
}

pub type Token = (TokenKind, SimpleSpan);

/// The lexer's output: tokens, and the problems found while lexing.
pub struct Lexed {
    pub tokens: Vec<Token>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Lexes a whole file. Never fails.
pub fn lex(source: &str) -> Lexed {
    let mut lexer = Lexer {
        src: source,
        pos: 0,
        tokens: Vec::with_capacity(source.len() / 6),
        diagnostics: Vec::new(),
        stack: vec![Frame::Markup(MarkupFrame {
            embedded: false,
            depth: 0,
        })],
    };
    lexer.frontmatter();
    lexer.run();
    Lexed {
        tokens: lexer.tokens,
        diagnostics: lexer.diagnostics,
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Prev {
    /// Start of an expression, or after an operator: `/` starts a regex, `<` markup.
    Operator,
    /// After a value: `/` divides, `<` compares.
    Operand,
    /// After embedded markup: `<` starts more markup, `/` divides.
    Markup,
}

#[derive(Debug)]
struct MarkupFrame {
    /// Markup nested in an expression ends when its outermost element does.
    embedded: bool,
    /// Elements open in this frame (only tracked for embedded markup).
    depth: u32,
}

#[derive(Debug)]
struct TagFrame {
    closing: bool,
    name: Option<Span>,
    /// Saw `is:raw`: the element's content is raw text.
    raw: bool,
    /// The last token was `=`: an unquoted value may follow.
    after_eq: bool,
}

#[derive(Debug)]
struct ExprFrame {
    /// Ends an astral `{…}` (emits `ExprClose`) or a template literal's `${…}`.
    astral: bool,
    braces: u32,
    prev: Prev,
}

#[derive(Debug)]
enum Frame {
    Markup(MarkupFrame),
    Tag(TagFrame),
    Expr(ExprFrame),
    /// Inside a JS template literal, between backticks.
    Template,
    /// Raw text up to `</name`.
    Raw {
        name: Span,
    },
    /// Text and expressions (no tags) up to `</name`: `<title>`, `<textarea>`.
    Escapable {
        name: Span,
        /// Where `</name` was last found to start. Still the answer while `pos` has not
        /// passed it, so the search is not repeated after every expression (which would
        /// be quadratic in the number of expressions).
        end: Option<usize>,
    },
}

struct Lexer<'s> {
    src: &'s str,
    pos: usize,
    tokens: Vec<Token>,
    diagnostics: Vec<Diagnostic>,
    stack: Vec<Frame>,
}

impl<'s> Lexer<'s> {
    fn rest(&self) -> &'s str {
        &self.src[self.pos..]
    }

    fn peek_byte(&self, ahead: usize) -> Option<u8> {
        self.src.as_bytes().get(self.pos + ahead).copied()
    }

    /// Emits a token; adjacent `Text` or `Js` tokens merge into one.
    fn emit(&mut self, kind: TokenKind, start: usize, end: usize) {
        debug_assert!(start < end, "empty {kind:?} token at {start}");
        if let Some((last_kind, last_span)) = self.tokens.last_mut()
            && *last_kind == kind
            && matches!(kind, TokenKind::Text | TokenKind::Js)
            && last_span.end == start
        {
            *last_span = (last_span.start..end).into();
            return;
        }
        self.tokens.push((kind, (start..end).into()));
    }

    /// Emits `kind` for the bytes from `self.pos` to `end` and moves there.
    fn advance_as(&mut self, kind: TokenKind, end: usize) {
        let start = self.pos;
        self.pos = end;
        self.emit(kind, start, end);
    }

    fn error(
        &mut self,
        code: Code,
        start: usize,
        end: usize,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.diagnostics
            .push(Diagnostic::new(code, Span::from_range(start..end), message));
        self.diagnostics.last_mut().expect("just pushed")
    }

    fn push(&mut self, frame: Frame) {
        self.stack.push(frame);
    }

    /// Leaves markup nested in an expression, marking where it ends.
    fn pop_embedded(&mut self) {
        self.stack.pop();
        self.tokens
            .push((TokenKind::MarkupEnd, (self.pos..self.pos).into()));
    }

    fn run(&mut self) {
        while self.pos < self.src.len() {
            if self.stack.len() > MAX_NESTING {
                let start = self.pos;
                self.error(
                    Code::NestingTooDeep,
                    start,
                    start + self.rest().chars().next().map_or(0, char::len_utf8),
                    format!("nesting is deeper than {MAX_NESTING} levels here"),
                )
                .with_help_mut(
                    "split this part into components; the rest of the file is not parsed",
                );
                self.advance_as(TokenKind::Text, self.src.len());
                return;
            }
            match self.stack.last().expect("the bottom frame is never popped") {
                Frame::Markup(_) => self.markup(),
                Frame::Tag(_) => self.tag(),
                Frame::Expr(_) => self.js(),
                Frame::Template => self.template(),
                Frame::Raw { name } => {
                    let name = *name;
                    self.raw(name)
                }
                Frame::Escapable { name, end } => {
                    let (name, end) = (*name, *end);
                    self.escapable(name, end)
                }
            }
        }
    }
}

trait HelpMut {
    fn with_help_mut(&mut self, help: impl Into<String>);
}

impl HelpMut for Diagnostic {
    fn with_help_mut(&mut self, help: impl Into<String>) {
        self.help = Some(help.into());
    }
}

#[cfg(test)]
mod tests;
