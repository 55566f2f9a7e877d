//! Tag mode: the inside of a start or end tag (names, attributes, values, `{…}`
//! attribute expressions) and what its end switches to (raw text, escapable raw text).

use super::scan::{char_len_at, skip_template, unquoted_value_len};
use super::{ExprFrame, Frame, HelpMut, Lexer, MarkupFrame, Prev, TokenKind, modes};
use crate::diagnostics::Code;
use crate::html;
use crate::span::Span;
use logos::Logos;

impl Lexer<'_> {
    pub(super) fn tag(&mut self) {
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

    pub(super) fn set_after_eq(&mut self, value: bool) {
        if let Some(Frame::Tag(frame)) = self.stack.last_mut() {
            frame.after_eq = value;
        }
    }

    /// A start or end tag ended with `>` or `/>`: update element depth and enter raw text.
    pub(super) fn finish_tag(&mut self, self_closing: bool) {
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
}
