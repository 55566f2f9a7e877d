//! JavaScript mode: just enough JavaScript (strings, comments, template literals,
//! regex-vs-divide, braces) to find where an expression ends and where markup starts inside
//! it, and template literals with their `${…}` substitutions.

use super::scan::{
    char_len_at, is_operator_keyword, skip_js_string, skip_regex, starts_end_tag, starts_tag,
};
use super::{ExprFrame, Frame, Lexer, MarkupFrame, Prev, TokenKind, modes};
use logos::Logos;

impl Lexer<'_> {
    pub(super) fn expr_frame(&mut self) -> &mut ExprFrame {
        match self.stack.last_mut() {
            Some(Frame::Expr(frame)) => frame,
            _ => unreachable!("called in expression mode"),
        }
    }

    pub(super) fn js(&mut self) {
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

    pub(super) fn template(&mut self) {
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
