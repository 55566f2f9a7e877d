//! Raw text modes: the contents of `<script>`/`<style>` (raw text) and of
//! `<textarea>`/`<title>` (escapable raw text), up to their end tag.

use super::scan::find_end_tag;
use super::{ExprFrame, Frame, Lexer, Prev, TokenKind};
use crate::span::Span;

impl Lexer<'_> {
    pub(super) fn raw(&mut self, name: Span) {
        let end = find_end_tag(self.src, self.pos, name.text(self.src));
        if end > self.pos {
            self.advance_as(TokenKind::RawText, end);
        }
        self.stack.pop();
    }

    pub(super) fn escapable(&mut self, name: Span, end: Option<usize>) {
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
}
