//! The pre-scan: one linear pass over a style's CSS that finds what lightningcss accepts
//! silently (unclosed brackets, comments and strings running to the end) and nesting too deep
//! to hand to lightningcss.

use super::{DEPTH_HELP, MAX_FUNCTION_NESTING, MAX_NESTING, Problem, STRING_HELP};
use crate::diagnostics::Code;
use std::ops::Range;

pub(super) struct Scan {
    pub(super) problems: Vec<Problem>,
    /// Nesting exceeded a limit: `problems` holds that one diagnostic and lightningcss must not
    /// run.
    pub(super) too_deep: bool,
    /// Something is left open at the end of the style, so lightningcss's "unexpected end of
    /// input" there is already explained.
    pub(super) runs_to_end: bool,
    /// Regions after a reported unclosed bracket, up to where the pre-scan resynchronised on a
    /// closing bracket (or the end, for `(` and `[`): CSS keeps the bracket open there, so
    /// lightningcss's complaints inside follow from the one already reported. Disjoint and
    /// sorted (see [`shadow`]).
    pub(super) shadowed: Vec<Range<usize>>,
}

/// One linear pass over the CSS tokens that matter for structure: comments, strings, escapes,
/// unquoted `url(…)` and brackets. It follows CSS Syntax §4 closely enough that brackets inside
/// strings, comments and URLs are not counted.
pub(super) fn scan(css: &str) -> Scan {
    let bytes = css.as_bytes();
    let mut problems = Vec::new();
    // Open brackets, innermost last: (byte, offset). Bounded by MAX_NESTING.
    let mut stack: Vec<(u8, usize)> = Vec::new();
    let mut parens = 0;
    let mut runs_to_end = false;
    let mut shadowed = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'*') => match css[i + 2..].find("*/") {
                Some(end) => i += end + 4,
                None => {
                    problems.push(
                        Problem::new(Code::CssSyntax, i..i + 2, "unterminated comment")
                            .label("comment opened here")
                            .help("close it with `*/`; everything after it is ignored"),
                    );
                    runs_to_end = true;
                    break;
                }
            },
            b'"' | b'\'' => {
                let (end, closed) = string_end(bytes, i);
                if !closed {
                    problems.push(
                        Problem::new(Code::CssSyntax, i..end.max(i + 1), "unterminated string")
                            .label("string opened here")
                            .help(STRING_HELP),
                    );
                    if end == bytes.len() {
                        runs_to_end = true;
                        break;
                    }
                }
                i = end;
            }
            // An escape: the next character is literal (a `\` before a line break is invalid
            // and stays a lone delimiter).
            b'\\' => i += if next_is_newline(bytes, i + 1) { 1 } else { 2 },
            b'u' | b'U' if starts_unquoted_url(bytes, i) => {
                let mut j = i + 4;
                while j < bytes.len() && bytes[j] != b')' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                if j >= bytes.len() {
                    problems.push(
                        Problem::new(Code::CssSyntax, i..i + 4, "unclosed `url(`")
                            .label("opened here")
                            .help("add the missing `)`"),
                    );
                    runs_to_end = true;
                    break;
                }
                i = j + 1;
            }
            open @ (b'{' | b'(' | b'[') => {
                if stack.len() >= MAX_NESTING || (open == b'(' && parens >= MAX_FUNCTION_NESTING) {
                    let (limit, what) = if open == b'(' && parens >= MAX_FUNCTION_NESTING {
                        (MAX_FUNCTION_NESTING, "functions or parentheses")
                    } else {
                        (MAX_NESTING, "brackets")
                    };
                    let problem = Problem::new(
                        Code::CssSyntax,
                        opener_range(css, i),
                        format!("nesting too deep: more than {limit} nested {what}"),
                    )
                    .label("too deep")
                    .help(DEPTH_HELP);
                    return Scan {
                        problems: vec![problem],
                        too_deep: true,
                        runs_to_end: false,
                        shadowed,
                    };
                }
                stack.push((open, i));
                parens += usize::from(open == b'(');
                i += 1;
            }
            close @ (b'}' | b')' | b']') => {
                let open = match close {
                    b'}' => b'{',
                    b')' => b'(',
                    _ => b'[',
                };
                match stack.iter().rposition(|&(b, _)| b == open) {
                    Some(at) => {
                        // In CSS a `}` inside `( … )` is just a stray token, but the likely
                        // mistake is the unclosed `(`, so report that and resynchronise.
                        if at + 1 < stack.len() {
                            let (inner, offset) = stack[stack.len() - 1];
                            problems.push(unclosed(css, inner, offset));
                            shadow(&mut shadowed, offset + 1..i + 1);
                            runs_to_end = true;
                        }
                        parens -= stack[at..].iter().filter(|&&(b, _)| b == b'(').count();
                        stack.truncate(at);
                    }
                    None => {
                        let c = close as char;
                        let o = open as char;
                        problems.push(
                            Problem::new(Code::CssSyntax, i..i + 1, format!("unexpected `{c}`"))
                                .label("nothing to close")
                                .help(format!(
                                    "there is no `{o}` for this `{c}` to close; remove it"
                                )),
                        );
                    }
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    if !runs_to_end && let Some(&(open, offset)) = stack.last() {
        // Report the innermost one: closing it often closes the others, and one diagnostic per
        // cause is enough. An error although browsers close brackets at the end silently: it is
        // almost always a typo, and the next rule added after it would silently nest inside.
        problems.push(unclosed(css, open, offset));
        if open != b'{' {
            // An unclosed `{` is usually a forgotten `}` at the end, and the declarations
            // inside still deserve checking; an unclosed `(` or `[` swallows what follows.
            shadow(&mut shadowed, offset + 1..css.len() + 1);
        }
        runs_to_end = true;
    }
    Scan {
        problems,
        too_deep: false,
        runs_to_end,
        shadowed,
    }
}

/// Adds `region` to the shadowed regions, keeping them disjoint and sorted. Regions arrive in
/// order of their end; a new one either follows the others or contains the last few (its
/// bracket was opened before theirs), which it then replaces.
fn shadow(shadowed: &mut Vec<Range<usize>>, region: Range<usize>) {
    while shadowed
        .last()
        .is_some_and(|last| last.start >= region.start)
    {
        shadowed.pop();
    }
    shadowed.push(region);
}

fn unclosed(css: &str, open: u8, offset: usize) -> Problem {
    let close = match open {
        b'{' => '}',
        b'(' => ')',
        _ => ']',
    };
    let range = opener_range(css, offset);
    let message = format!("unclosed `{}`", &css[range.clone()]);
    Problem::new(Code::CssSyntax, range, message)
        .label("opened here")
        .help(format!("add the missing `{close}`"))
}

/// The opening bracket at `offset`, with the function name before a `(` (`calc(`).
pub(super) fn opener_range(css: &str, offset: usize) -> Range<usize> {
    let bytes = css.as_bytes();
    let mut start = offset;
    if bytes[offset] == b'(' {
        while start > 0 && is_name_byte(bytes[start - 1]) {
            start -= 1;
        }
        // Only ASCII names: keeps `start` on a char boundary and the span short.
        if start < offset && !bytes[start..offset].is_ascii() {
            start = offset;
        }
    }
    start..offset + 1
}

/// The end of the string starting at the quote `start`, and whether it is closed. An unclosed
/// string ends before the line break (a CSS bad-string) or at the end of the input.
pub(super) fn string_end(bytes: &[u8], start: usize) -> (usize, bool) {
    let quote = bytes[start];
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b if b == quote => return (i + 1, true),
            b'\n' | b'\r' | b'\x0C' => return (i, false),
            b'\\' if bytes.get(i + 1) == Some(&b'\r') && bytes.get(i + 2) == Some(&b'\n') => {
                i += 3;
            }
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
    (bytes.len(), false)
}

pub(super) fn next_is_newline(bytes: &[u8], i: usize) -> bool {
    matches!(bytes.get(i), None | Some(b'\n' | b'\r' | b'\x0C'))
}

/// A byte that can continue a CSS name (ASCII letters, digits, `-`, `_`, or non-ASCII).
pub(super) fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b >= 0x80
}

/// Whether an unquoted `url(…)` token starts at `i`: the name `url` (not the end of a longer
/// name), `(`, optional whitespace, and no quote.
pub(super) fn starts_unquoted_url(bytes: &[u8], i: usize) -> bool {
    let is_url = bytes.len() >= i + 4
        && bytes[i..i + 3].eq_ignore_ascii_case(b"url")
        && bytes[i + 3] == b'('
        && (i == 0 || !(is_name_byte(bytes[i - 1]) || bytes[i - 1] == b'\\'));
    if !is_url {
        return false;
    }
    let rest = &bytes[i + 4..];
    let first = rest.iter().find(|b| !b.is_ascii_whitespace());
    !matches!(first, Some(b'"' | b'\''))
}
