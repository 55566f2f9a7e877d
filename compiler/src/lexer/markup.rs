//! Markup mode: text, tags starting, `{` expressions, comments and entities between
//! elements, and where markup nested in an expression ends.

use super::scan::{char_len_at, starts_tag};
use super::{ExprFrame, Frame, HelpMut, Lexer, MarkupFrame, Prev, TagFrame, TokenKind, modes};
use crate::diagnostics::Code;
use logos::Logos;

impl Lexer<'_> {
    pub(super) fn markup_frame(&mut self) -> &mut MarkupFrame {
        self.stack
            .iter_mut()
            .rev()
            .find_map(|frame| match frame {
                Frame::Markup(markup) => Some(markup),
                _ => None,
            })
            .expect("the bottom frame is markup")
    }

    pub(super) fn in_embedded_markup(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame::Markup(MarkupFrame { embedded: true, .. }))
        )
    }

    pub(super) fn markup(&mut self) {
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
}
