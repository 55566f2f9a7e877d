//! Converts byte offsets to line/column positions, for terminals (chars) and LSP (UTF-16).
//!
//! The one line-break rule of astc's positions is LSP's: `\n`, `\r\n` and a lone `\r` each end
//! a line (ariadne, which draws the human diagnostics, breaks lines there too).

/// Line starts of one text. Lines and columns it returns are 0-based.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct LineIndex {
    line_starts: Vec<u32>,
}

/// A 0-based position: `col` counts in the unit the caller asked for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        line_starts.extend(
            (0..bytes.len())
                // The `\r` of a `\r\n` pair is not a break of its own.
                .filter(|&i| match bytes[i] {
                    b'\n' => true,
                    b'\r' => bytes.get(i + 1) != Some(&b'\n'),
                    _ => false,
                })
                .map(|i| i as u32 + 1),
        );
        Self { line_starts }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The byte offset where `line` starts (clamped to the last line).
    pub fn line_start(&self, line: u32) -> u32 {
        let i = (line as usize).min(self.line_starts.len() - 1);
        self.line_starts[i]
    }

    fn line_of(&self, offset: u32) -> u32 {
        (self.line_starts.partition_point(|&start| start <= offset) - 1) as u32
    }

    /// Line and column in Unicode scalar values. `offset` must be a char boundary of `text`.
    pub fn line_col(&self, text: &str, offset: u32) -> LineCol {
        let line = self.line_of(offset);
        let start = self.line_starts[line as usize] as usize;
        let col = text[start..offset as usize].chars().count() as u32;
        LineCol { line, col }
    }

    /// Line and column in UTF-16 code units, as LSP counts them.
    pub fn line_col_utf16(&self, text: &str, offset: u32) -> LineCol {
        let line = self.line_of(offset);
        let start = self.line_starts[line as usize] as usize;
        let col = text[start..offset as usize]
            .chars()
            .map(char::len_utf16)
            .sum::<usize>() as u32;
        LineCol { line, col }
    }

    /// The byte offset where `line`'s content ends, before its line break (clamped to the
    /// last line).
    pub fn line_end(&self, text: &str, line: u32) -> u32 {
        let i = (line as usize).min(self.line_starts.len() - 1);
        let end = self
            .line_starts
            .get(i + 1)
            .map_or(text.len(), |&next| next as usize);
        let content = &text[self.line_starts[i] as usize..end];
        let content = content.strip_suffix('\n').unwrap_or(content);
        let content = content.strip_suffix('\r').unwrap_or(content);
        self.line_starts[i] + content.len() as u32
    }

    /// The byte offset of a UTF-16 line/column, clamped to the line's end (before its line
    /// break).
    pub fn offset_utf16(&self, text: &str, pos: LineCol) -> u32 {
        if pos.line as usize >= self.line_starts.len() {
            return text.len() as u32;
        }
        let start = self.line_starts[pos.line as usize] as usize;
        let line_end = self.line_end(text, pos.line) as usize;
        let mut units = 0;
        for (i, c) in text[start..line_end].char_indices() {
            if units >= pos.col {
                return (start + i) as u32;
            }
            units += c.len_utf16() as u32;
        }
        line_end as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_chars_and_utf16_units() {
        let text = "ab\n😀x\ny";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 0), LineCol { line: 0, col: 0 });
        assert_eq!(index.line_col(text, 3), LineCol { line: 1, col: 0 });
        assert_eq!(index.line_col(text, 7), LineCol { line: 1, col: 1 });
        assert_eq!(index.line_col_utf16(text, 7), LineCol { line: 1, col: 2 });
        assert_eq!(index.line_col(text, 9), LineCol { line: 2, col: 0 });
        assert_eq!(index.offset_utf16(text, LineCol { line: 1, col: 2 }), 7);
        assert_eq!(index.offset_utf16(text, LineCol { line: 1, col: 99 }), 8);
        assert_eq!(index.offset_utf16(text, LineCol { line: 9, col: 0 }), 10);
    }

    #[test]
    fn cr_lf_and_crlf_each_end_one_line() {
        let text = "a\rb\r\nc\nd\r\re";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 6);
        let starts: Vec<u32> = (0..6).map(|line| index.line_start(line)).collect();
        assert_eq!(starts, [0, 2, 5, 7, 9, 10]);
        assert_eq!(index.line_col(text, 2), LineCol { line: 1, col: 0 });
        assert_eq!(index.line_col_utf16(text, 10), LineCol { line: 5, col: 0 });
        assert_eq!(index.line_col(text, 9), LineCol { line: 4, col: 0 });
        // A column past the end clamps before the break, never inside a `\r\n`.
        assert_eq!(index.offset_utf16(text, LineCol { line: 1, col: 9 }), 3);
        assert_eq!(index.offset_utf16(text, LineCol { line: 0, col: 9 }), 1);
        assert_eq!(index.offset_utf16(text, LineCol { line: 4, col: 9 }), 9);
        assert_eq!(index.line_end(text, 2), 6);
        assert_eq!(index.line_end(text, 5), 11);
    }
}
