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

mod modes;
pub(crate) mod scan;

use crate::diagnostics::{Code, Diagnostic};
use crate::html;
use crate::span::Span;
use chumsky::span::SimpleSpan;
use logos::Logos;
use scan::{
    char_len_at, find_end_tag, is_operator_keyword, skip_js_string, skip_regex, skip_template,
    starts_end_tag, starts_tag, unquoted_value_len,
};

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

/// Where a file's frontmatter is: an opening `---` alone on the first non-blank line, the code,
/// and a closing `---` alone on a line. Byte ranges into the file.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct FrontmatterFences {
    pub open: std::ops::Range<usize>,
    /// `None` when there is no code between the fences (or after an unclosed one).
    pub code: Option<std::ops::Range<usize>>,
    /// `None` when the frontmatter is never closed.
    pub close: Option<std::ops::Range<usize>>,
}

/// Finds the frontmatter the way [`lex`] does, without lexing the rest of the file: the
/// database reads a frontmatter with this, so analysing every file's imports does not need
/// every file's syntax tree.
pub fn frontmatter_fences(src: &str) -> Option<FrontmatterFences> {
    let leading = src.len() - src.trim_start().len();
    let first_line_start = src[..leading].rfind('\n').map_or(0, |i| i + 1);
    let after_ws = &src[first_line_start..];
    let trimmed = after_ws.trim_start_matches([' ', '\t']);
    let first_line = trimmed.split('\n').next().unwrap_or("");
    if !first_line.starts_with("---") || !first_line[3..].trim().is_empty() {
        return None;
    }
    let fence_start = src.len() - trimmed.len();
    let fence_end = fence_start + 3;
    // The code starts after the opening fence's line.
    let code_start = src[fence_end..]
        .find('\n')
        .map_or(src.len(), |i| fence_end + i + 1);
    let mut line_start = code_start;
    while line_start < src.len() {
        let line_end = src[line_start..]
            .find('\n')
            .map_or(src.len(), |i| line_start + i);
        let line = &src[line_start..line_end];
        if line.trim() == "---" {
            let fence = line_start + (line.len() - line.trim_start().len());
            return Some(FrontmatterFences {
                open: fence_start..fence_end,
                code: (code_start < fence).then_some(code_start..fence),
                close: Some(fence..fence + 3),
            });
        }
        line_start = line_end + 1;
    }
    Some(FrontmatterFences {
        open: fence_start..fence_end,
        code: (code_start < src.len()).then_some(code_start..src.len()),
        close: None,
    })
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

    /// Recognises `---` fences on the first non-blank line.
    fn frontmatter(&mut self) {
        let Some(fences) = frontmatter_fences(self.src) else {
            return;
        };
        if fences.open.start > 0 {
            self.emit(TokenKind::Text, 0, fences.open.start);
        }
        self.emit(TokenKind::Fence, fences.open.start, fences.open.end);
        if let Some(code) = &fences.code {
            self.emit(TokenKind::FrontmatterCode, code.start, code.end);
        }
        match fences.close {
            Some(close) => {
                self.emit(TokenKind::Fence, close.start, close.end);
                self.pos = close.end;
            }
            None => {
                self.error(
                    Code::UnclosedFrontmatter,
                    fences.open.start,
                    fences.open.end,
                    "the frontmatter is never closed",
                )
                .with_help_mut("add a line with `---` after the frontmatter code");
                self.pos = self.src.len();
            }
        }
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

    fn markup_frame(&mut self) -> &mut MarkupFrame {
        self.stack
            .iter_mut()
            .rev()
            .find_map(|frame| match frame {
                Frame::Markup(markup) => Some(markup),
                _ => None,
            })
            .expect("the bottom frame is markup")
    }

    fn in_embedded_markup(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame::Markup(MarkupFrame { embedded: true, .. }))
        )
    }

    fn markup(&mut self) {
        let Frame::Markup(frame) = self.stack.last().expect("checked by caller") else {
            unreachable!()
        };
        if frame.embedded && frame.depth == 0 && !starts_tag(self.rest()) {
            // The embedded element is complete (or never started): back to JavaScript.
            self.pop_embedded();
            return;
        }
        let mut logos = modes::Markup::lexer(self.rest());
        let start = self.pos;
        let Some(token) = logos.next() else { return };
        let end = start + logos.span().end;
        match token {
            Ok(modes::Markup::Text) => self.advance_as(TokenKind::Text, end),
            Ok(modes::Markup::CommentOpen) => {
                let close = self.src[end..].find("-->").map(|i| end + i + 3);
                let close = close.unwrap_or_else(|| {
                    self.error(
                        Code::UnclosedComment,
                        start,
                        end,
                        "the comment is never closed",
                    )
                    .with_help_mut("close it with `-->`");
                    self.src.len()
                });
                self.advance_as(TokenKind::Comment, close);
            }
            Ok(modes::Markup::Bang) => {
                let close = self.src[end..].find('>').map(|i| end + i + 1);
                let close = close.unwrap_or_else(|| {
                    self.error(
                        Code::UnterminatedTag,
                        start,
                        end,
                        "the doctype is missing its `>`",
                    )
                    .with_help_mut("close it with `>`");
                    self.src.len()
                });
                self.advance_as(TokenKind::Doctype, close);
            }
            Ok(modes::Markup::LtSlash) => {
                if matches!(self.peek_byte(2), Some(b) if b.is_ascii_alphabetic() || b == b'>') {
                    self.advance_as(TokenKind::EndTagOpen, end);
                    self.push(Frame::Tag(TagFrame {
                        closing: true,
                        name: None,
                        raw: false,
                        after_eq: false,
                    }));
                } else {
                    self.advance_as(TokenKind::Text, end);
                }
            }
            Ok(modes::Markup::Lt) => {
                if starts_tag(self.rest()) {
                    self.advance_as(TokenKind::TagOpen, end);
                    self.push(Frame::Tag(TagFrame {
                        closing: false,
                        name: None,
                        raw: false,
                        after_eq: false,
                    }));
                } else {
                    self.advance_as(TokenKind::Text, end);
                }
            }
            Ok(modes::Markup::LBrace) => {
                self.advance_as(TokenKind::ExprOpen, end);
                self.push(Frame::Expr(ExprFrame {
                    astral: true,
                    braces: 0,
                    prev: Prev::Operator,
                }));
            }
            Ok(modes::Markup::RBrace) => {
                if self.in_embedded_markup() {
                    // A `}` in markup nested in an expression ends the expression; the
                    // parser reports the elements left open.
                    self.pop_embedded();
                } else {
                    self.advance_as(TokenKind::Text, end);
                }
            }
            Err(()) => self.advance_as(TokenKind::Text, start + char_len_at(self.rest())),
        }
    }

    fn tag(&mut self) {
        let Frame::Tag(frame) = self.stack.last().expect("checked by caller") else {
            unreachable!()
        };
        let start = self.pos;
        if frame.after_eq
            && let Some(len) = unquoted_value_len(self.rest())
        {
            self.set_after_eq(false);
            self.advance_as(TokenKind::Unquoted, start + len);
            return;
        }
        let mut logos = modes::Tag::lexer(self.rest());
        let Some(token) = logos.next() else { return };
        let end = start + logos.span().end;
        match token {
            Ok(modes::Tag::Whitespace) => self.pos = end,
            Ok(modes::Tag::Name) => {
                self.set_after_eq(false);
                let name = Span::from_range(start..end);
                let Some(Frame::Tag(frame)) = self.stack.last_mut() else {
                    unreachable!()
                };
                if frame.name.is_none()
                    && self.tokens.last().is_some_and(|(kind, _)| {
                        matches!(kind, TokenKind::TagOpen | TokenKind::EndTagOpen)
                    })
                {
                    frame.name = Some(name);
                } else if name.text(self.src) == "is:raw" {
                    frame.raw = true;
                }
                self.advance_as(TokenKind::Name, end);
            }
            Ok(modes::Tag::Eq) => {
                self.set_after_eq(true);
                self.advance_as(TokenKind::Eq, end);
            }
            Ok(quote @ (modes::Tag::DoubleQuote | modes::Tag::SingleQuote)) => {
                self.set_after_eq(false);
                let quote = if quote == modes::Tag::DoubleQuote {
                    '"'
                } else {
                    '\''
                };
                let close = match self.src[end..].find(quote) {
                    Some(i) => end + i + 1,
                    None => {
                        self.error(
                            Code::UnterminatedString,
                            start,
                            end,
                            "this attribute value has no closing quote",
                        )
                        .with_help_mut(format!("close the value with {quote}"));
                        // Recover at the end of the line rather than swallowing the file.
                        self.src[end..]
                            .find('\n')
                            .map_or(self.src.len(), |i| end + i)
                    }
                };
                self.advance_as(TokenKind::Quoted, close);
            }
            Ok(modes::Tag::Backtick) => {
                self.set_after_eq(false);
                let close = skip_template(self.src, end);
                self.advance_as(TokenKind::TemplateValue, close);
            }
            Ok(modes::Tag::LBrace) => {
                self.set_after_eq(false);
                self.advance_as(TokenKind::ExprOpen, end);
                self.push(Frame::Expr(ExprFrame {
                    astral: true,
                    braces: 0,
                    prev: Prev::Operator,
                }));
            }
            Ok(modes::Tag::RBrace) => {
                let below = self
                    .stack
                    .len()
                    .checked_sub(2)
                    .and_then(|i| self.stack.get(i));
                if matches!(
                    below,
                    Some(Frame::Markup(MarkupFrame { embedded: true, .. }))
                ) {
                    // The tag is cut short by the end of the enclosing expression; the
                    // parser reports the missing `>`.
                    self.stack.pop();
                    self.pop_embedded();
                } else {
                    self.advance_as(TokenKind::Junk, end);
                }
            }
            Ok(modes::Tag::SlashGt) => {
                self.advance_as(TokenKind::TagSelfClose, end);
                self.finish_tag(true);
            }
            Ok(modes::Tag::Gt) => {
                self.advance_as(TokenKind::TagClose, end);
                self.finish_tag(false);
            }
            // A new tag starts before this one ended; the parser reports the missing `>`.
            Ok(modes::Tag::Lt) => {
                self.stack.pop();
            }
            Ok(modes::Tag::Slash) | Err(()) => {
                let end = start + char_len_at(self.rest());
                self.advance_as(TokenKind::Junk, end);
            }
        }
    }

    fn set_after_eq(&mut self, value: bool) {
        if let Some(Frame::Tag(frame)) = self.stack.last_mut() {
            frame.after_eq = value;
        }
    }

    /// A start or end tag ended with `>` or `/>`: update element depth and enter raw text.
    fn finish_tag(&mut self, self_closing: bool) {
        let Some(Frame::Tag(tag)) = self.stack.pop() else {
            unreachable!("finish_tag is called in tag mode")
        };
        let name = tag.name.map(|span| span.text(self.src)).unwrap_or("");
        let markup = self.markup_frame();
        let embedded = markup.embedded;
        if tag.closing {
            markup.depth = markup.depth.saturating_sub(1);
        } else if !self_closing && !html::is_void(name) {
            markup.depth += 1;
            let name_span = tag.name.unwrap_or_default();
            if html::is_raw_text(name) || tag.raw {
                self.push(Frame::Raw { name: name_span });
            } else if html::is_escapable_raw_text(name) {
                self.push(Frame::Escapable {
                    name: name_span,
                    end: None,
                });
            }
            return;
        }
        if embedded && self.markup_frame().depth == 0 {
            // The outermost embedded element is complete.
            if let Some(Frame::Markup(_)) = self.stack.last() {
                self.pop_embedded();
            }
            if let Some(Frame::Expr(expr)) = self.stack.last_mut() {
                expr.prev = Prev::Markup;
            }
        }
    }

    fn raw(&mut self, name: Span) {
        let end = find_end_tag(self.src, self.pos, name.text(self.src));
        if end > self.pos {
            self.advance_as(TokenKind::RawText, end);
        }
        self.stack.pop();
    }

    fn escapable(&mut self, name: Span, end: Option<usize>) {
        let stop = match end {
            Some(end) if end >= self.pos => end,
            _ => {
                let stop = find_end_tag(self.src, self.pos, name.text(self.src));
                if let Some(Frame::Escapable { end, .. }) = self.stack.last_mut() {
                    *end = Some(stop);
                }
                stop
            }
        };
        let brace = self.src[self.pos..stop].find('{').map(|i| self.pos + i);
        match brace {
            Some(brace) => {
                if brace > self.pos {
                    self.advance_as(TokenKind::Text, brace);
                }
                self.advance_as(TokenKind::ExprOpen, brace + 1);
                self.push(Frame::Expr(ExprFrame {
                    astral: true,
                    braces: 0,
                    prev: Prev::Operator,
                }));
            }
            None => {
                if stop > self.pos {
                    self.advance_as(TokenKind::Text, stop);
                }
                self.stack.pop();
            }
        }
    }

    fn expr_frame(&mut self) -> &mut ExprFrame {
        match self.stack.last_mut() {
            Some(Frame::Expr(frame)) => frame,
            _ => unreachable!("called in expression mode"),
        }
    }

    fn js(&mut self) {
        let start = self.pos;
        let mut logos = modes::Js::lexer(self.rest());
        let Some(token) = logos.next() else { return };
        let end = start + logos.span().end;
        let prev = self.expr_frame().prev;
        let mut next_prev = Some(Prev::Operator);
        let mut token_end = end;
        match token {
            Ok(modes::Js::Whitespace | modes::Js::LineComment) => next_prev = None,
            Ok(modes::Js::BlockCommentOpen) => {
                next_prev = None;
                token_end = self.src[end..]
                    .find("*/")
                    .map_or(self.src.len(), |i| end + i + 2);
            }
            Ok(modes::Js::DoubleQuote) => {
                next_prev = Some(Prev::Operand);
                token_end = skip_js_string(self.src, end, b'"');
            }
            Ok(modes::Js::SingleQuote) => {
                next_prev = Some(Prev::Operand);
                token_end = skip_js_string(self.src, end, b'\'');
            }
            Ok(modes::Js::Backtick) => {
                self.expr_frame().prev = Prev::Operand;
                self.advance_as(TokenKind::Js, end);
                self.push(Frame::Template);
                return;
            }
            Ok(modes::Js::Ident) => {
                if !is_operator_keyword(&self.src[start..end]) {
                    next_prev = Some(Prev::Operand);
                }
            }
            Ok(modes::Js::Number | modes::Js::Close) => next_prev = Some(Prev::Operand),
            Ok(modes::Js::Update) => next_prev = None,
            Ok(modes::Js::LBrace) => self.expr_frame().braces += 1,
            Ok(modes::Js::RBrace) => {
                let frame = self.expr_frame();
                if frame.braces == 0 {
                    let astral = frame.astral;
                    self.stack.pop();
                    if astral {
                        self.advance_as(TokenKind::ExprClose, end);
                    } else {
                        self.advance_as(TokenKind::Js, end);
                    }
                    return;
                }
                frame.braces -= 1;
                next_prev = Some(Prev::Operand);
            }
            Ok(modes::Js::Lt) => {
                if self.expr_frame().astral && starts_end_tag(self.rest()) {
                    // An end tag cannot occur in JavaScript: the expression was left
                    // unclosed. End it here so the tag closes its element; the parser
                    // reports the missing `}`.
                    self.stack.pop();
                    return;
                }
                if prev != Prev::Operand && starts_tag(self.rest()) {
                    self.push(Frame::Markup(MarkupFrame {
                        embedded: true,
                        depth: 0,
                    }));
                    self.tokens
                        .push((TokenKind::MarkupStart, (start..start).into()));
                    return;
                }
            }
            Ok(modes::Js::Slash) => {
                if prev == Prev::Operator {
                    next_prev = Some(Prev::Operand);
                    token_end = skip_regex(self.src, end);
                }
            }
            Ok(modes::Js::Open | modes::Js::Punct) => {}
            Err(()) => {
                next_prev = Some(Prev::Operand);
                token_end = start + char_len_at(self.rest());
            }
        }
        if let Some(next) = next_prev {
            self.expr_frame().prev = next;
        }
        self.advance_as(TokenKind::Js, token_end);
    }

    fn template(&mut self) {
        let bytes = self.src.as_bytes();
        let mut i = self.pos;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' => i += 2,
                b'`' => {
                    self.advance_as(TokenKind::Js, i + 1);
                    self.stack.pop();
                    return;
                }
                b'$' if bytes.get(i + 1) == Some(&b'{') => {
                    self.advance_as(TokenKind::Js, i + 2);
                    self.push(Frame::Expr(ExprFrame {
                        astral: false,
                        braces: 0,
                        prev: Prev::Operator,
                    }));
                    return;
                }
                _ => i += 1,
            }
        }
        self.advance_as(TokenKind::Js, self.src.len());
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
