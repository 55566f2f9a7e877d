//! Checks the CSS inside `<style>` elements (SPEC §3, "Styles").
//!
//! Each `<style>` body is parsed by lightningcss with error recovery on; what it reports is mapped
//! to diagnostics located in the `.astral` file. A cheap pre-scan runs first: it finds what
//! lightningcss silently accepts (unclosed brackets, comments and strings that run to the end of
//! the style, stray closing brackets) and refuses input nested so deeply that lightningcss would
//! overflow the stack or take exponential time on it.
//!
//! Contract: every diagnostic's span lies within the style's text (so within the file) and on
//! char boundaries; no input panics, overflows the stack or takes more than linear time outside
//! lightningcss.

use crate::diagnostics::{Code, Diagnostic};
use crate::span::Span;
use crate::syntax::{AttributeValue, Element, ElementEnd, Node};
use lightningcss::error::{ParserError, SelectorError};
use lightningcss::properties::custom::Token;
use lightningcss::stylesheet::{ParserOptions, StyleSheet};
use std::ops::Range;
use std::sync::{Arc, PoisonError, RwLock};

mod scan;
pub mod scope;

use scan::{is_name_byte, next_is_newline, scan, string_end};

/// The deepest bracket nesting (`{`, `(`, `[`, functions) handed to lightningcss.
///
/// lightningcss parses nested blocks recursively; in a debug build on a 2 MiB stack it overflows
/// somewhere between 300 and 1000 levels of `:is(`. Real CSS stays far below 128.
pub const MAX_NESTING: usize = 128;

/// The deepest nesting of `(` (parentheses and functions) handed to lightningcss.
///
/// lightningcss backtracks on math functions: an invalid or unclosed `calc(`/`min(` nested `n`
/// deep costs about 1.9ⁿ re-parses (16 deep takes 0.7 s in a debug build). At 10 the worst case
/// is a few milliseconds; hand-written CSS rarely nests functions beyond 5.
pub const MAX_FUNCTION_NESTING: usize = 10;

/// Checks one `<style>` element's CSS; diagnostics located in the `.astral` file.
///
/// Returns nothing for styles in another language (`lang="scss"`, `lang="less"`, … or a dynamic
/// `lang`), which astc does not check yet, and for a `<style>` with no end tag (the parser has
/// reported it, and its "CSS" is the rest of the file). `is:global` and `is:inline` styles are
/// plain CSS; other styles are scoped, where `:global(…)` is allowed.
pub fn check_style(source: &str, element: &Element) -> Vec<Diagnostic> {
    if element.end == ElementEnd::Missing || !is_css(source, element) {
        return Vec::new();
    }
    let scoped =
        element.attribute("is:global").is_none() && element.attribute("is:inline").is_none();
    let mut diagnostics = Vec::new();
    for child in &element.children {
        if let Node::Text(text) = child {
            diagnostics.extend(check_css(text.span.text(source), text.span.start, scoped));
        }
    }
    diagnostics
}

/// Whether the style is CSS: no `lang`, an empty one, or `lang="css"`.
fn is_css(source: &str, element: &Element) -> bool {
    let Some(lang) = element.attribute("lang") else {
        return true;
    };
    match lang.value() {
        None => true,
        Some(value @ (AttributeValue::Quoted { .. } | AttributeValue::Unquoted(_))) => value
            .static_text(source)
            .is_some_and(|lang| lang.trim().is_empty() || lang.trim().eq_ignore_ascii_case("css")),
        // `lang={x}`: we cannot know the language.
        Some(_) => false,
    }
}

/// One problem found in the CSS, located by a byte range of the CSS text.
struct Problem {
    range: Range<usize>,
    code: Code,
    message: String,
    label: Option<&'static str>,
    help: Option<String>,
}

impl Problem {
    fn new(code: Code, range: Range<usize>, message: impl Into<String>) -> Self {
        Self {
            range,
            code,
            message: message.into(),
            label: None,
            help: None,
        }
    }

    fn label(mut self, label: &'static str) -> Self {
        self.label = Some(label);
        self
    }

    fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    fn into_diagnostic(self, base: u32) -> Diagnostic {
        let span = Span::new(base + self.range.start as u32, base + self.range.end as u32);
        let mut diagnostic = Diagnostic::new(self.code, span, self.message);
        if let Some(label) = self.label {
            diagnostic = diagnostic.with_span_label(label);
        }
        if let Some(help) = self.help {
            diagnostic = diagnostic.with_help(help);
        }
        diagnostic
    }
}

/// Checks one style body, `css`, which starts at byte `base` of the file.
fn check_css(css: &str, base: u32, scoped: bool) -> Vec<Diagnostic> {
    if css.trim().is_empty() {
        return Vec::new();
    }
    let scan = scan(css);
    let mut problems = scan.problems;
    if !scan.too_deep {
        let mut scanned: Vec<usize> = problems.iter().map(|p| p.range.start).collect();
        scanned.sort_unstable();
        for problem in parse(css, scoped) {
            // The pre-scan's wording is more precise; keep one diagnostic per place. What
            // lightningcss finds inside an unclosed bracket, or as "end of input" at the very
            // end, follows from what the pre-scan reported.
            let start = problem.range.start;
            let region = scan.shadowed.partition_point(|region| region.end <= start);
            let duplicate = scanned.binary_search(&start).is_ok()
                || scan
                    .shadowed
                    .get(region)
                    .is_some_and(|r| r.contains(&start))
                || (scan.runs_to_end && problem.message == END_OF_STYLE);
            if !duplicate {
                problems.push(problem);
            }
        }
    }
    problems.sort_by_key(|p| (p.range.start, p.range.end));
    problems.dedup_by(|a, b| a.range == b.range && a.message == b.message);
    problems
        .into_iter()
        .map(|problem| problem.into_diagnostic(base))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// lightningcss.

const END_OF_STYLE: &str = "unexpected end of the style";

const STRING_HELP: &str =
    "close the string on the same line; a line break inside a string needs a `\\` before it";

const DEPTH_HELP: &str = "astc does not check or compile CSS nested this deeply; flatten it";

/// Parses `css` with lightningcss and describes what it reports.
fn parse(css: &str, scoped: bool) -> Vec<Problem> {
    let warnings = Arc::new(RwLock::new(Vec::new()));
    let options = ParserOptions {
        // CSS-modules mode makes lightningcss understand `:global(…)` (and check the selector
        // inside it) instead of warning about an unknown pseudo-class. Only scoped styles get
        // it: in `is:global`/`is:inline` styles nothing rewrites `:global`, so it should warn.
        css_modules: scoped.then(Default::default),
        error_recovery: true,
        warnings: Some(Arc::clone(&warnings)),
        ..ParserOptions::default()
    };
    let mut errors = match StyleSheet::parse(css, options) {
        Ok(_) => Vec::new(),
        Err(error) => vec![error],
    };
    errors.append(&mut warnings.write().unwrap_or_else(PoisonError::into_inner));

    let positions: Vec<(u32, u32)> = errors
        .iter()
        .map(|e| e.loc.as_ref().map_or((0, 1), |loc| (loc.line, loc.column)))
        .collect();
    let offsets = offsets(css, &positions);
    errors
        .iter()
        .zip(offsets)
        .filter_map(|(error, offset)| describe(css, offset, &error.kind))
        .map(|problem| sass_hint(css, problem))
        .collect()
}

/// Sass at-rules, which in a plain `<style>` suggest a missing `lang="scss"`.
const SASS_AT_RULES: &[&str] = &[
    "each", "extend", "forward", "function", "if", "include", "mixin", "use",
];

/// Points at `lang="scss"` when a problem looks like Sass written in a plain `<style>`.
fn sass_hint(css: &str, mut problem: Problem) -> Problem {
    let text = &css[problem.range.clone()];
    let sass = text.starts_with('$')
        || text
            .strip_prefix('@')
            .is_some_and(|name| SASS_AT_RULES.contains(&name));
    if sass {
        problem.help = Some(
            "this looks like Sass: add `lang=\"scss\"` to the `<style>` (astc does not check Sass)"
                .into(),
        );
    }
    problem
}

/// The unquoted `url(…)` starting at `offset`, up to its `)` or the end of the line.
fn url_at(css: &str, offset: usize) -> Option<Range<usize>> {
    let rest = css.get(offset..)?;
    if !rest.get(..4)?.eq_ignore_ascii_case("url(") {
        return None;
    }
    let end = rest
        .find([')', '\n', '\r', '\x0C'])
        .map_or(rest.len(), |i| i + usize::from(rest.as_bytes()[i] == b')'));
    Some(offset..offset + end)
}

/// Byte offsets in `css` of lightningcss locations: lines from 0, columns from 1 in UTF-16 code
/// units (cssparser's `SourceLocation`), lines broken by `\n`, `\r\n`, `\r` or form feed. One
/// forward pass over `css` for all positions; results are clamped to the text and on char
/// boundaries.
fn offsets(css: &str, positions: &[(u32, u32)]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..positions.len()).collect();
    order.sort_by_key(|&i| positions[i]);
    let mut result = vec![0; positions.len()];
    let bytes = css.as_bytes();
    let (mut offset, mut line, mut column) = (0usize, 0u32, 0u32);
    for i in order {
        let (target_line, target_column) = positions[i];
        let target_column = target_column.saturating_sub(1);
        while line < target_line && offset < bytes.len() {
            match bytes[offset] {
                b'\r' if bytes.get(offset + 1) == Some(&b'\n') => {
                    offset += 2;
                    (line, column) = (line + 1, 0);
                }
                b'\n' | b'\r' | b'\x0C' => {
                    offset += 1;
                    (line, column) = (line + 1, 0);
                }
                _ => offset += char_len(bytes[offset]),
            }
        }
        if line == target_line {
            while let Some(c) = css[offset..].chars().next() {
                let width = c.len_utf16() as u32;
                if matches!(c, '\n' | '\r' | '\x0C') || column + width > target_column {
                    break;
                }
                column += width;
                offset += c.len_utf8();
            }
        }
        result[i] = offset;
    }
    result
}

/// The length of the UTF-8 sequence a leading byte starts (1 for a stray continuation byte,
/// which cannot occur in a `str` at a char boundary).
fn char_len(b: u8) -> usize {
    match b {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

/// Tailwind directives: common in Astro styles, but astc does not run Tailwind.
const TAILWIND_AT_RULES: &[&str] = &[
    "apply",
    "config",
    "custom-variant",
    "plugin",
    "reference",
    "screen",
    "source",
    "tailwind",
    "theme",
    "utility",
    "variant",
];

/// Turns one lightningcss error or warning at byte `offset` into a problem (or nothing, for
/// what Astro accepts).
///
/// Severity, the rule used throughout: an error (E0301) when the CSS is malformed, so that
/// browsers drop a declaration or a whole rule for certain: unexpected tokens, broken
/// selectors, bad at-rule preludes, misplaced `@import`. A warning (W0302) when the syntax is
/// well-formed but something is unknown and may be ignored: unknown at-rules (`@apply`, or
/// newer than lightningcss), unknown pseudo-classes and pseudo-elements (lightningcss keeps the
/// rule, and a newer browser may know them), deprecated syntax, and `:global` in an unscoped
/// style. Those must not fail a build that may well be right.
fn describe(css: &str, offset: usize, kind: &ParserError<'_>) -> Option<Problem> {
    let token = token_at(css, offset);
    let text = snippet(&css[token.clone()]);
    let error = |message: String| Problem::new(Code::CssSyntax, token.clone(), message);
    // At-rule warnings are located after the at-keyword: cover `@name` itself.
    let at_rule = |name: &str| find_before(css, offset, '@', name).unwrap_or(token.clone());
    let problem = match kind {
        ParserError::EndOfInput if css[offset..].trim().is_empty() => error(END_OF_STYLE.into())
            .label("incomplete")
            .help("the last rule or declaration is unfinished"),
        ParserError::EndOfInput => error(format!(
            "unexpected `{text}`: something is missing before it"
        ))
        .label("incomplete before this"),
        ParserError::UnexpectedToken(Token::BadString(_)) => {
            error("unterminated string".into()).help(STRING_HELP)
        }
        ParserError::UnexpectedToken(Token::BadUrl(_)) => {
            let range = url_at(css, offset).unwrap_or(token);
            let text = snippet(&css[range.clone()]);
            Problem::new(Code::CssSyntax, range, format!("invalid URL `{text}`")).help(
                "quote it: `url(\"a b.png\")`; unquoted URLs cannot hold spaces, quotes or `(`",
            )
        }
        ParserError::UnexpectedToken(Token::CurlyBracketBlock) => error("unexpected `{`".into())
            .label("unexpected")
            .help("is a `;` missing after the previous declaration?"),
        ParserError::UnexpectedToken(Token::Delim('!')) => error(format!("unexpected `{text}`"))
            .label("unexpected")
            .help("the only flag a declaration takes is `!important`"),
        ParserError::UnexpectedToken(_) => {
            error(format!("unexpected `{text}`")).label("unexpected")
        }
        ParserError::AtRuleInvalid(name) => {
            let help = if TAILWIND_AT_RULES.contains(&name.as_ref()) {
                format!(
                    "`@{name}` is a Tailwind directive; astc does not run Tailwind, \
                     so browsers receive it unchanged and ignore it"
                )
            } else {
                "browsers ignore at-rules they do not know; check the spelling".into()
            };
            Problem::new(
                Code::CssWarning,
                at_rule(name),
                format!("unknown at-rule `@{name}`"),
            )
            .label("unknown")
            .help(help)
        }
        ParserError::UnexpectedImportRule => Problem::new(
            Code::CssSyntax,
            at_rule("import"),
            "`@import` after other rules is ignored",
        )
        .help("move it to the top: only `@charset` and `@layer` statements may come before it"),
        ParserError::UnexpectedNamespaceRule => Problem::new(
            Code::CssSyntax,
            at_rule("namespace"),
            "`@namespace` after other rules is ignored",
        )
        .help("move it before all rules but `@charset`, `@import` and `@layer` statements"),
        ParserError::DeprecatedNestRule => {
            Problem::new(Code::CssWarning, at_rule("nest"), "`@nest` is obsolete")
                .help("write the nested rule directly, with `&` for the parent")
        }
        ParserError::DeprecatedCssModulesValueRule => Problem::new(
            Code::CssWarning,
            at_rule("value"),
            "unknown at-rule `@value`",
        )
        .help("`@value` belongs to CSS Modules; use a custom property (`--name`) instead"),
        ParserError::SelectorError(selector) => {
            return describe_selector(css, offset, selector, token);
        }
        ParserError::MaximumNestingDepth => error("nesting too deep".into()).help(DEPTH_HELP),
        ParserError::InvalidMediaQuery => error(format!("invalid media query at `{text}`")),
        ParserError::EmptyBracketInCondition => {
            // Located at the `)`: cover the `(` too.
            let before = css[..token.start].trim_end();
            let start = match before.strip_suffix('(') {
                Some(rest) => rest.len(),
                None => token.start,
            };
            Problem::new(
                Code::CssSyntax,
                start..token.end,
                "empty `()` in a condition",
            )
            .help("write a condition inside, such as `(min-width: 40em)`")
        }
        ParserError::InvalidNesting => error(format!("invalid nested rule at `{text}`"))
            .help("a nested rule starts with a selector, `&` or a combinator: `&:hover { … }`"),
        ParserError::AtRulePreludeInvalid => error(format!("invalid at-rule at `{text}`")),
        ParserError::AtRuleBodyInvalid => error(format!("invalid at-rule body at `{text}`")),
        ParserError::QualifiedRuleInvalid => error(format!("invalid rule at `{text}`")),
        ParserError::InvalidDeclaration => error(format!("invalid declaration at `{text}`"))
            .help("a declaration is `property: value;`"),
        ParserError::InvalidPageSelector => error(format!("invalid `@page` selector at `{text}`")),
        ParserError::InvalidValue => error(format!("invalid value at `{text}`")),
    };
    Some(problem)
}

fn describe_selector(
    css: &str,
    offset: usize,
    kind: &SelectorError<'_>,
    token: Range<usize>,
) -> Option<Problem> {
    let text = snippet(&css[token.clone()]);
    let error = |message: String| Problem::new(Code::CssSyntax, token.clone(), message);
    // Pseudo-class warnings are located at the name, or inside `( … )`: cover `:name` itself.
    let pseudo = |name: &str| find_before(css, offset, ':', name).unwrap_or(token.clone());
    let unknown_pseudo_class = |name: &str| {
        Problem::new(
            Code::CssWarning,
            pseudo(name),
            format!("unknown pseudo-class `:{name}`"),
        )
        .label("unknown")
        .help("browsers drop a rule whose pseudo-class they do not know; check the spelling")
    };
    let problem = match kind {
        SelectorError::UnsupportedPseudoClass(name) if name.eq_ignore_ascii_case("global") => {
            // Only reached in unscoped styles: scoped ones parse in CSS-modules mode.
            Problem::new(
                Code::CssWarning,
                pseudo(name),
                "`:global` has no effect in an unscoped style",
            )
            .label("not rewritten")
            .help(
                "in an `is:global` or `is:inline` style nothing removes `:global`, \
                 so browsers drop the rule; write the selector without it",
            )
        }
        SelectorError::UnsupportedPseudoClass(name) => unknown_pseudo_class(name),
        SelectorError::UnsupportedPseudoElement(name) => Problem::new(
            Code::CssWarning,
            pseudo(name),
            format!("unknown pseudo-element `::{name}`"),
        )
        .label("unknown")
        .help("browsers drop a rule whose pseudo-element they do not know; check the spelling"),
        // `:global .x` in a scoped style: astc scopes only the functional form, so the
        // compiler would reject it; say so here, where the user looks first.
        SelectorError::AmbiguousCssModuleClass(name) if name.eq_ignore_ascii_case("global") => {
            error("`:global` needs parentheses here".into())
                .label("write `:global(…)`")
                .help("wrap the selector that must stay unscoped: `:global(.x)`, or `:global(body) .x`")
        }
        SelectorError::AmbiguousCssModuleClass(name) => unknown_pseudo_class(name),
        // Also reported when a selector starts with something that cannot start one.
        SelectorError::EmptySelector if !matches!(text.as_str(), "{" | "," | ")") => {
            error(format!("invalid selector: unexpected `{text}`")).label("unexpected")
        }
        SelectorError::EmptySelector => error("empty selector".into())
            .label("selector expected before this")
            .help("remove the extra `,` or write a selector"),
        SelectorError::DanglingCombinator => {
            error("a combinator must be followed by a selector".into())
                .label("selector expected")
                .help("`>`, `+` and `~` go between two selectors, as in `ul > li`")
        }
        SelectorError::ClassNeedsIdent(_) => {
            error(format!("expected a class name, found `{text}`")).label("class name expected")
        }
        SelectorError::InvalidPseudoClassAfterPseudoElement
        | SelectorError::InvalidPseudoClassAfterWebKitScrollbar
        | SelectorError::InvalidPseudoClassBeforeWebKitScrollbar
        | SelectorError::MissingNestingPrefix
        | SelectorError::MissingNestingSelector
        | SelectorError::ExpectedNamespace(_)
        | SelectorError::UnexpectedIdent(_) => error(format!(
            "invalid selector: {}",
            lower_first(&kind.to_string())
        )),
        // The rest carry a token whose debug form is no use to a reader; show the source text.
        _ => error(format!("invalid selector: unexpected `{text}`")).label("unexpected"),
    };
    Some(problem)
}

/// `message` with its first letter in lower case, to follow a prefix.
fn lower_first(message: &str) -> String {
    let mut chars = message.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_lowercase().chain(chars).collect()
    })
}

/// The last `{prefix}{name}` (ASCII case-insensitive) starting at or before `offset` and no
/// more than 1 KiB before it; a `::` prefix is included for pseudo-elements. lightningcss
/// locates these warnings just after the name, or inside a functional pseudo-class.
fn find_before(css: &str, offset: usize, prefix: char, name: &str) -> Option<Range<usize>> {
    let bytes = css.as_bytes();
    let needle_len = 1 + name.len();
    let from = offset.saturating_sub(1024);
    let last_start = offset.min(bytes.len().checked_sub(needle_len)?);
    (from..=last_start).rev().find_map(|start| {
        let found = bytes[start] == prefix as u8
            && bytes[start + 1..start + needle_len].eq_ignore_ascii_case(name.as_bytes())
            && bytes
                .get(start + needle_len)
                .is_none_or(|&b| !is_name_byte(b));
        found.then(|| {
            // Include the first `:` of a pseudo-element's `::`.
            let double = prefix == ':' && start > 0 && bytes[start - 1] == b':';
            start - usize::from(double)..start + needle_len
        })
    })
}

/// The source token starting at `offset`, for a span that covers the offending text: a name or
/// number with its unit, an `@`/`#`/`!` word, a string up to the end of its line, or one
/// character. Whitespace is skipped. At the end of the text, the last non-blank character.
fn token_at(css: &str, offset: usize) -> Range<usize> {
    let bytes = css.as_bytes();
    let mut start = offset.min(bytes.len());
    while start < bytes.len() && bytes[start].is_ascii_whitespace() {
        start += 1;
    }
    if start >= bytes.len() {
        return match css.trim_end().chars().next_back() {
            Some(c) => {
                let end = css.trim_end().len();
                end - c.len_utf8()..end
            }
            None => bytes.len()..bytes.len(),
        };
    }
    let name_end = |mut i: usize| {
        while i < bytes.len() {
            match bytes[i] {
                b'\\' if !next_is_newline(bytes, i + 1) => i += 1 + char_len(bytes[i + 1]),
                b if is_name_byte(b) => i += 1,
                _ => break,
            }
        }
        i
    };
    let first = bytes[start];
    let end = match first {
        b'0'..=b'9' | b'.' | b'+' | b'-' if starts_number(bytes, start) => {
            let mut i = start + 1;
            while i < bytes.len()
                && (bytes[i].is_ascii_digit()
                    || (bytes[i] == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)))
            {
                i += 1;
            }
            if bytes.get(i) == Some(&b'%') {
                i + 1
            } else {
                name_end(i)
            }
        }
        b'"' | b'\'' => string_end(bytes, start).0,
        b'@' | b'#' | b'!' => name_end(start + 1),
        b'\\' => name_end(start),
        b if is_name_byte(b) => name_end(start),
        _ => start + 1,
    };
    // `name_end` and `string_end` step over whole characters, except that a stray multi-byte
    // character makes `start + 1` land inside it: round up to the next char boundary.
    let mut end = end.clamp(start + 1, bytes.len());
    while !css.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

fn starts_number(bytes: &[u8], i: usize) -> bool {
    let digit = |j: usize| bytes.get(j).is_some_and(u8::is_ascii_digit);
    match bytes[i] {
        b'0'..=b'9' => true,
        b'.' => digit(i + 1),
        _ => digit(i + 1) || (bytes.get(i + 1) == Some(&b'.') && digit(i + 2)),
    }
}

/// `text` for a message: at most 40 characters, on one line.
fn snippet(text: &str) -> String {
    let line = text.lines().next().unwrap_or("");
    if line.chars().count() > 40 {
        let mut short: String = line.chars().take(39).collect();
        short.push('…');
        short
    } else {
        line.to_string()
    }
}

#[cfg(test)]
mod tests;
