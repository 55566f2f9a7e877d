//! The frontmatter: `---` fences on the first non-blank line, found without lexing the
//! rest of the file.

use super::{HelpMut, Lexer, TokenKind};
use crate::diagnostics::Code;

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

/// Finds the frontmatter the way [`lex`](super::lex) does, without lexing the rest of the file: the
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

impl Lexer<'_> {
    /// Recognises `---` fences on the first non-blank line.
    pub(super) fn frontmatter(&mut self) {
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
}
