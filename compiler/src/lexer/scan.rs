//! Scanners for the constructs the lexer skips over in one step: JavaScript strings, regex
//! literals and template literals, unquoted attribute values, and raw text up to its end
//! tag. Each returns an offset on a char boundary (or the end of the source).

/// `<` followed by a letter (a tag name) or `>` (a fragment).
pub(super) fn starts_tag(rest: &str) -> bool {
    let bytes = rest.as_bytes();
    bytes.first() == Some(&b'<')
        && matches!(bytes.get(1), Some(b) if b.is_ascii_alphabetic() || *b == b'>')
}

/// `</` followed by a letter: an end tag.
pub(super) fn starts_end_tag(rest: &str) -> bool {
    let bytes = rest.as_bytes();
    bytes.starts_with(b"</") && bytes.get(2).is_some_and(u8::is_ascii_alphabetic)
}

pub(super) fn char_len_at(rest: &str) -> usize {
    rest.chars().next().map_or(1, char::len_utf8)
}

/// Length of an unquoted attribute value at the start of `rest`, if one starts there.
pub(super) fn unquoted_value_len(rest: &str) -> Option<usize> {
    let len = rest
        .find(|c: char| {
            c.is_whitespace() || matches!(c, '"' | '\'' | '=' | '<' | '>' | '`' | '{' | '}')
        })
        .unwrap_or(rest.len());
    // As in HTML, a `/` just before `>` belongs to the value: `<a href=/about/>` is not
    // self-closing.
    (len > 0).then_some(len)
}

/// Keywords after which an expression (and so a regex or markup) may start.
pub(crate) fn is_operator_keyword(word: &str) -> bool {
    matches!(
        word,
        "return"
            | "typeof"
            | "instanceof"
            | "in"
            | "of"
            | "new"
            | "delete"
            | "void"
            | "throw"
            | "case"
            | "do"
            | "else"
            | "yield"
            | "await"
    )
}

/// Whether a JS line terminator (`\n`, `\r`, U+2028, U+2029) starts at byte `i`.
pub(crate) fn is_line_terminator(bytes: &[u8], i: usize) -> bool {
    match bytes.get(i) {
        Some(b'\n' | b'\r') => true,
        Some(0xE2) => {
            bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0xA8 | 0xA9))
        }
        _ => false,
    }
}

/// Skips a JS string body after its opening quote. Unterminated strings end at a `\n` or `\r`
/// (U+2028/U+2029 may appear in strings); an escaped line break continues the string.
pub(crate) fn skip_js_string(src: &str, mut i: usize, quote: u8) -> usize {
    let bytes = src.as_bytes();
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\n' | b'\r' => return i,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    // An escape at the very end may step past the end; clamp to a char boundary.
    bytes.len()
}

/// Scans a regex literal body after its opening `/`: `Ok` with the offset after its flags
/// when it closes on its line, else `Err` with where the line (or input) ends. A regex
/// cannot contain a line terminator, escaped or not.
pub(crate) fn scan_regex(src: &str, mut i: usize) -> Result<usize, usize> {
    let bytes = src.as_bytes();
    let mut in_class = false;
    while i < bytes.len() {
        if is_line_terminator(bytes, i) {
            return Err(i);
        }
        match bytes[i] {
            b'\\' if is_line_terminator(bytes, i + 1) => return Err(i + 1),
            b'\\' => i += 2,
            b'[' => {
                in_class = true;
                i += 1;
            }
            b']' => {
                in_class = false;
                i += 1;
            }
            b'/' if !in_class => {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                    i += 1;
                }
                return Ok(i);
            }
            _ => i += 1,
        }
    }
    Err(bytes.len())
}

/// Skips a regex literal body after its opening `/`. Unterminated regexes end at the line end.
pub(super) fn skip_regex(src: &str, i: usize) -> usize {
    match scan_regex(src, i) {
        Ok(end) | Err(end) => end,
    }
}

/// Skips a template literal after its opening backtick, including nested `${…}` with their
/// strings, comments and templates. Returns the offset after the closing backtick (or the end).
///
/// Iterative, with an explicit stack: nesting depth is bounded only by the input's length,
/// and recursion would overflow the call stack on `` `${`${`${… ``.
pub(super) fn skip_template(src: &str, mut i: usize) -> usize {
    /// One level of nesting, innermost last.
    enum Level {
        /// The text of a template literal, between backticks.
        Literal,
        /// A `${…}` substitution, with its count of open `{`.
        Substitution(u32),
    }
    let bytes = src.as_bytes();
    let mut levels = vec![Level::Literal];
    while i < bytes.len() {
        let Some(level) = levels.last_mut() else {
            break;
        };
        match level {
            Level::Literal => match bytes[i] {
                b'\\' => i += 2,
                b'`' => {
                    levels.pop();
                    i += 1;
                    if levels.is_empty() {
                        return i;
                    }
                }
                b'$' if bytes.get(i + 1) == Some(&b'{') => {
                    levels.push(Level::Substitution(0));
                    i += 2;
                }
                _ => i += 1,
            },
            Level::Substitution(depth) => match bytes[i] {
                b'"' | b'\'' => i = skip_js_string(src, i + 1, bytes[i]),
                b'`' => {
                    levels.push(Level::Literal);
                    i += 1;
                }
                b'/' if bytes.get(i + 1) == Some(&b'*') => {
                    i = src[i + 2..]
                        .find("*/")
                        .map_or(bytes.len(), |j| i + 2 + j + 2)
                }
                b'{' => {
                    *depth += 1;
                    i += 1;
                }
                b'}' => {
                    if *depth == 0 {
                        levels.pop();
                    } else {
                        *depth -= 1;
                    }
                    i += 1;
                }
                _ => i += 1,
            },
        }
    }
    bytes.len()
}

/// Where the end tag `</name` (ASCII case-insensitive, followed by whitespace, `>` or `/`)
/// starts at or after `from`; the end of the source if there is none.
pub(super) fn find_end_tag(src: &str, from: usize, name: &str) -> usize {
    let bytes = src.as_bytes();
    let mut i = from;
    while let Some(found) = src[i..].find("</") {
        let at = i + found;
        let name_end = at + 2 + name.len();
        if name_end <= bytes.len()
            && bytes[at + 2..name_end].eq_ignore_ascii_case(name.as_bytes())
            && bytes
                .get(name_end)
                .is_none_or(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
        {
            return at;
        }
        i = at + 2;
    }
    src.len()
}
