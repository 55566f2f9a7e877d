//! Converts byte offsets to line/column positions, for terminals (chars) and LSP (UTF-16).

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
        let mut line_starts = vec![0];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i as u32 + 1),
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

    /// The byte offset of a UTF-16 line/column, clamped to the line's end.
    pub fn offset_utf16(&self, text: &str, pos: LineCol) -> u32 {
        if pos.line as usize >= self.line_starts.len() {
            return text.len() as u32;
        }
        let start = self.line_starts[pos.line as usize] as usize;
        let line_end = self
            .line_starts
            .get(pos.line as usize + 1)
            .map_or(text.len(), |&next| next as usize);
        let mut units = 0;
        for (i, c) in text[start..line_end].char_indices() {
            if units >= pos.col || c == '\n' {
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
}
