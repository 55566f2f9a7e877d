//! swc plumbing shared by [`crate::frontmatter`] and [`crate::expressions`]: a lexer over a
//! slice of the file, mapping swc positions back to file spans, and swc syntax errors as
//! diagnostics with help texts.

use crate::diagnostics::{Code, Diagnostic};
use crate::span::Span;
use swc_common::{BytePos, Spanned};
use swc_ecma_ast::{EsVersion, Expr};
use swc_ecma_parser::error::{Error as SwcError, SyntaxError};
use swc_ecma_parser::{Lexer, PResult, Parser, StringInput, Syntax, TsSyntax};

/// Maps swc positions back to file offsets.
///
/// The parsed text starts at `BytePos(1)` (swc reserves `BytePos(0)` as "dummy"), whatever
/// its offset in the file: relative positions keep files of any size clear of swc's reserved
/// high positions.
pub(crate) struct SpanMap {
    /// The file offset of the parsed text's first byte.
    base: u32,
    /// The parsed text's length in bytes.
    len: u32,
}

impl SpanMap {
    pub(crate) fn new(text: Span) -> Self {
        Self {
            base: text.start,
            len: text.len(),
        }
    }

    /// The file offset of an swc position, clamped to the parsed text.
    pub(crate) fn offset(&self, pos: BytePos) -> u32 {
        self.base + pos.0.saturating_sub(1).min(self.len)
    }

    /// The file span of an swc span, on char boundaries of `source`.
    pub(crate) fn file_span(&self, source: &str, span: swc_common::Span) -> Span {
        let start = floor_char_boundary(source, self.offset(span.lo));
        let end = ceil_char_boundary(source, self.offset(span.hi).max(start));
        Span::new(start, end)
    }

    /// Like [`Self::file_span`], but an empty span grows to cover one character so that it
    /// can be shown: at the end of the parsed text (where swc puts "unexpected end" errors),
    /// the character just after its last non-blank one; elsewhere the next character.
    /// A span that cannot grow (at the end of the file) stays empty.
    pub(crate) fn visible_span(&self, source: &str, span: swc_common::Span) -> Span {
        let span = self.file_span(source, span);
        if !span.is_empty() {
            return span;
        }
        let text_end = self.base + self.len;
        let mut at = span.start;
        if at == text_end {
            let text = &source[self.base as usize..text_end as usize];
            at = self.base + text.trim_end().len() as u32;
        }
        match source[at as usize..].chars().next() {
            Some(next) => Span::new(at, at + next.len_utf8() as u32),
            None => span,
        }
    }
}

fn floor_char_boundary(source: &str, mut offset: u32) -> u32 {
    offset = offset.min(source.len() as u32);
    while !source.is_char_boundary(offset as usize) {
        offset -= 1;
    }
    offset
}

fn ceil_char_boundary(source: &str, mut offset: u32) -> u32 {
    offset = offset.min(source.len() as u32);
    while !source.is_char_boundary(offset as usize) {
        offset += 1;
    }
    offset
}

/// The stack swc's work needs at [`MAX_JS_NESTING`] and [`MAX_JS_DEPTH`], with room to spare:
/// measured below 2 MiB in a debug build (`db::limits_tests`), where frames are largest.
const JS_STACK_RED_ZONE: usize = 4 << 20;

/// The stack [`with_stack`] allocates when less than [`JS_STACK_RED_ZONE`] is left. Pages are
/// committed only as they are touched.
const JS_STACK_SIZE: usize = 16 << 20;

/// Runs `f`, which hands code [`nesting_too_deep`] accepted to swc, with at least
/// [`JS_STACK_RED_ZONE`] of stack: on the current stack when that much is left, else on a
/// fresh [`JS_STACK_SIZE`] one. So swc's depth is bounded by the pre-scan and its stack by this,
/// whatever thread it runs on (rayon workers and the language server's blocking threads have
/// 2 MiB). Nested calls reuse the stack of the outermost, so wrap whole queries.
pub(crate) fn with_stack<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(JS_STACK_RED_ZONE, JS_STACK_SIZE, f)
}

/// Runs `f`, an swc call, turning a panic inside swc into `None`. swc asserts some of its own
/// invariants (`debug_assert`s in debug builds, `unwrap`s), and odd input can break them, as
/// the property test found with `(a, a + x => x)`; a panic must not end `astc check` or the
/// build. The panic hook still prints the message, which is what a bug report needs.
pub(crate) fn guard<R>(f: impl FnOnce() -> R) -> Option<R> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).ok()
}

/// The error for code swc panicked on, at `span`.
pub(crate) fn swc_failed(code: Code, span: Span) -> Diagnostic {
    Diagnostic::new(
        code,
        span,
        "the JavaScript parser (swc) failed on this code",
    )
    .with_help(
        "this is a bug in swc or astc, not necessarily in your code; rewriting the code \
         differently usually avoids it; please report it with the code",
    )
}

/// The deepest JavaScript nesting astc hands to swc. swc's parser recurses on the thread's
/// stack for every bracket, brace and arrow function it is inside (about 3 KiB a level in a
/// release build), so deeper code would overflow the stack; it is an error (`E0112`)
/// instead. Real code stays far below.
pub(crate) const MAX_JS_NESTING: usize = 256;

/// The deepest syntax tree astc hands to swc: [`MAX_JS_NESTING`]'s constructs plus the links
/// of operator chains. swc's parser, its visitors and the tree's `Drop` recurse once per
/// level of the tree, and a chain of `n` operators, calls or member accesses (`a+a+…`,
/// `!!…!x`, `a.b.c…`, `f()()…`, ``t`x``…`, `a: a: …`) is `n` levels deep, brackets or not.
/// Long chains in real code are tens of links, not a thousand.
pub(crate) const MAX_JS_DEPTH: usize = 1024;

/// Where `code` first nests deeper than [`MAX_JS_NESTING`] or [`MAX_JS_DEPTH`] (a byte offset
/// into `code`), or `None`.
///
/// Nesting counts open `(`, `[`, `{` and `${`; and, until a `,` or `;` at their level or
/// their enclosing bracket ends them, the other constructs swc's parser recurses into: arrow
/// functions (`=>`), conditionals (`?`), type arguments (`<`, less one per `>`) and the
/// prefix keywords `new`, `typeof`, `void`, `delete` and `yield`. Depth adds, over the same
/// extent, one link per operator token (binary, assignment, `:`, `.`, `?.`, unary and
/// non-null `!`, `-`, `+`, `~`, `++`, `--`, operator words such as `in`, `as`, `keyof`,
/// `await`), per call or index bracket after an operand and per tagged template. Two operands
/// in a row (`a` then `b` with no operator between: a new statement by ASI) end the links and
/// constructs of their level, like a `;`. Statements nested without brackets (`if (a) if (b)`,
/// `else if`, loops whose body is a loop, `do do`) count one each until a statement starts
/// that is not the body of the previous one or an `else`. Over-counting is deliberate: only
/// pathological code has hundreds of these in one list item. Strings, comments, template
/// text and regex literals are skipped; a `/` is a regex where an operand is expected. Markup
/// placeholders are plain values here. Linear; never panics.
pub(crate) fn nesting_too_deep(code: &str) -> Option<usize> {
    use crate::lexer::scan::{is_line_terminator, is_operator_keyword, scan_regex, skip_js_string};
    let bytes = code.as_bytes();
    let mut scan = Depth::default();
    let mut operand = false;
    let mut i = 0;
    // In template text (after a backtick or a `${…}`'s `}`): skip to the end or a `${`.
    let mut in_template = false;
    // After `if`, `while`, `for`, `with`: a `(` opens the statement's head.
    let mut head_next = false;
    // After a head's `)`, `else` or `do`: a statement keyword here nests in that statement.
    let mut body_next = false;
    // After a token that may end an operand for swc although it does not here (a `>`, a
    // contextual keyword that can be a name): a `/` divides. Skipping a regex swc would not
    // see could hide code; counting a regex's text as code only counts more.
    let mut slash_divides = false;
    while i < bytes.len() {
        // Blanks are most of the bytes (type annotations are stripped to spaces).
        if matches!(bytes[i], b' ' | b'\n' | b'\t') {
            i += 1;
            continue;
        }
        // Non-ASCII blanks separate tokens for swc: `a\u{a0}in\u{a0}b` is `a in b`.
        if !in_template && let Some(len) = unicode_blank(code, i) {
            i += len;
            continue;
        }
        if in_template {
            match bytes[i] {
                b'\\' => i += 2,
                b'`' => {
                    in_template = false;
                    operand = true;
                    i += 1;
                }
                b'$' if bytes.get(i + 1) == Some(&b'{') => {
                    in_template = false;
                    if scan.open_bracket(Opener::Template) {
                        return Some(i);
                    }
                    operand = false;
                    i += 2;
                }
                _ => i += 1,
            }
            continue;
        }
        let byte = bytes[i];
        let (was_head, was_body, was_divides) = (head_next, body_next, slash_divides);
        head_next = false;
        body_next = false;
        slash_divides = false;
        match byte {
            b'"' | b'\'' => {
                if operand {
                    scan.end_statement();
                }
                i = skip_js_string(code, i + 1, byte);
                operand = true;
                continue;
            }
            b'`' => {
                // After an operand, a tagged template: one more level.
                if operand && scan.link() {
                    return Some(i);
                }
                in_template = true;
                i += 1;
                continue;
            }
            // Comments change nothing, not even what the previous token expects next.
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                (head_next, body_next, slash_divides) = (was_head, was_body, was_divides);
                while i < bytes.len() && !is_line_terminator(bytes, i) {
                    i += 1;
                }
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                (head_next, body_next, slash_divides) = (was_head, was_body, was_divides);
                i = code[i + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |n| i + 2 + n + 2);
                continue;
            }
            // A regex is skipped only when it ends on its line, as swc's would, and only where
            // swc expects an operand too.
            b'/' if !operand && !was_divides => {
                if let Ok(end) = scan_regex(code, i + 1) {
                    i = end;
                    operand = true;
                    continue;
                }
                if scan.link() {
                    return Some(i);
                }
                operand = false;
            }
            // `a++ / b` divides. Two links: `----x` nests as four unary minuses would.
            b'+' | b'-' if bytes.get(i + 1) == Some(&byte) => {
                if scan.link() || scan.link() {
                    return Some(i);
                }
                operand = true;
                i += 2;
                continue;
            }
            b'(' if was_head => {
                if scan.open_bracket(Opener::Head) {
                    return Some(i);
                }
                operand = false;
            }
            b'(' | b'[' | b'{' => {
                // A call or an index: one more level around the bracket.
                if operand && byte != b'{' && scan.link() {
                    return Some(i);
                }
                if scan.open_bracket(Opener::Bracket) {
                    return Some(i);
                }
                operand = false;
            }
            b')' | b']' | b'}' => match scan.close_bracket() {
                Opener::Template => {
                    in_template = true;
                    i += 1;
                    continue;
                }
                // The statement's body follows, not an operator.
                Opener::Head => {
                    body_next = true;
                    operand = false;
                }
                Opener::Bracket => operand = true,
            },
            b'=' if bytes.get(i + 1) == Some(&b'>') => {
                if scan.open_construct(false) {
                    return Some(i);
                }
                operand = false;
                i += 2;
                continue;
            }
            // `?` opens a conditional (not `?.` or `??`); `<` type arguments or a comparison
            // (not `<=` or `<<`).
            b'?' if !matches!(bytes.get(i + 1), Some(b'.' | b'?')) => {
                if scan.open_construct(false) {
                    return Some(i);
                }
                operand = false;
            }
            b'<' if !matches!(bytes.get(i + 1), Some(b'=' | b'<')) => {
                if scan.open_construct(true) {
                    return Some(i);
                }
                operand = false;
            }
            b'>' if bytes.get(i + 1) != Some(&b'=') => {
                // Closes a `<` only: a `>` never undoes an arrow or a conditional.
                scan.close_angle();
                operand = false;
                // `f<T> / x` may divide.
                slash_divides = true;
            }
            b',' | b';' => {
                scan.end_statement();
                operand = false;
            }
            // Non-null (`a!`) after an operand, which it stays; else a unary prefix.
            b'!' if bytes.get(i + 1) != Some(&b'=') => {
                if scan.link() {
                    return Some(i);
                }
                i += 1;
                continue;
            }
            // `?.`: a member access whose operand continues.
            b'?' if bytes.get(i + 1) == Some(&b'.')
                && !bytes.get(i + 2).is_some_and(u8::is_ascii_digit) =>
            {
                if scan.link() {
                    return Some(i);
                }
                operand = false;
                i += 2;
                continue;
            }
            b if IDENT[b as usize] => {
                let start = i;
                if b.is_ascii_digit() {
                    if operand {
                        scan.end_statement();
                    }
                    // A number keeps its `.` (`1. / 2` divides).
                    while i < bytes.len()
                        && (IDENT[bytes[i] as usize] || bytes[i] == b'.')
                        && unicode_blank(code, i).is_none()
                    {
                        i += 1;
                    }
                    operand = true;
                    continue;
                }
                while i < bytes.len()
                    && IDENT[bytes[i] as usize]
                    && unicode_blank(code, i).is_none()
                {
                    i += 1;
                }
                // Keywords are short and lowercase: most words need no comparison.
                let word = &code[start..i];
                if b.is_ascii_lowercase() && word.len() <= 10 {
                    // Statements nest in statements without brackets: `if (a) if (b) …`,
                    // `else if (c) …`, `while (d) for (;;) …`, `do do …`.
                    if matches!(word, "if" | "while" | "for" | "with" | "do" | "else") {
                        if !was_body && word != "else" {
                            scan.end_statements();
                        }
                        if scan.statement() {
                            return Some(start);
                        }
                        head_next = !matches!(word, "do" | "else");
                        body_next = !head_next;
                        operand = false;
                        continue;
                    }
                    // `for await (`.
                    if word == "await" && was_head {
                        head_next = true;
                        operand = false;
                        continue;
                    }
                    // `return` and `yield` end at a line break (ASI): `return\nx = 1` is two
                    // statements.
                    if matches!(word, "return" | "yield") && ends_line(bytes, i) {
                        scan.end_statement();
                        operand = false;
                        continue;
                    }
                    if matches!(word, "new" | "typeof" | "void" | "delete" | "yield") {
                        if scan.open_construct(false) {
                            return Some(start);
                        }
                        operand = false;
                        slash_divides = word == "yield";
                        continue;
                    }
                    // `async x => async x => …` nests arrows: `async` never starts a new
                    // statement before its parameter.
                    if is_operator_keyword(word) || is_type_operator(word) || word == "async" {
                        if scan.link() {
                            return Some(start);
                        }
                        operand = false;
                        // Contextual keywords can be names: `of / 2` divides.
                        slash_divides = !is_reserved_operator(word);
                        continue;
                    }
                }
                if operand {
                    scan.end_statement();
                }
                operand = true;
                continue;
            }
            b if b.is_ascii_whitespace() => {}
            // Any other punctuator is an operator: one link per token.
            _ => {
                if scan.link() {
                    return Some(i);
                }
                operand = false;
                i += operator_len(bytes, i);
                continue;
            }
        }
        i += 1;
    }
    None
}

/// The length of the non-ASCII JavaScript blank (white space or line terminator: U+00A0,
/// U+FEFF, U+2028, the space separators…) starting at byte `i`, if one does.
fn unicode_blank(code: &str, i: usize) -> Option<usize> {
    if code.as_bytes()[i] < 0xC0 || !code.is_char_boundary(i) {
        return None;
    }
    let c = code[i..].chars().next()?;
    (c.is_whitespace() || c == '\u{feff}').then_some(c.len_utf8())
}

/// Whether only blanks stand between `i` and the next line terminator.
fn ends_line(bytes: &[u8], mut i: usize) -> bool {
    while matches!(bytes.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    i == bytes.len() || crate::lexer::scan::is_line_terminator(bytes, i)
}

/// Operator keywords that are reserved words, never names: a `/` after them starts a regex.
/// `of`, `yield` and `await` are operators only in some contexts and names in others.
fn is_reserved_operator(word: &str) -> bool {
    crate::lexer::scan::is_operator_keyword(word) && !matches!(word, "of" | "yield" | "await")
}

/// Words that make an operator in TypeScript types or expressions, besides
/// [`crate::lexer::scan::is_operator_keyword`]'s.
fn is_type_operator(word: &str) -> bool {
    matches!(
        word,
        "as" | "satisfies" | "keyof" | "infer" | "is" | "extends" | "readonly" | "unique"
    )
}

/// The length of the operator token at `i` (maximal munch of the punctuator characters that
/// continue one: `===`, `>>>=`, `&&=`, `**`…), at least 1.
fn operator_len(bytes: &[u8], i: usize) -> usize {
    let mut len = 1;
    while len < 4
        && matches!(
            bytes.get(i + len),
            Some(b'=' | b'&' | b'|' | b'*' | b'>' | b'?')
        )
    {
        len += 1;
    }
    len
}

/// Bytes of identifiers and numbers: ASCII letters and digits, `_`, `$`, and every byte of a
/// non-ASCII character.
const IDENT: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80;
        b += 1;
    }
    table
};

/// [`nesting_too_deep`]'s counters.
struct Depth {
    /// Per open bracket, innermost last; the first is the code's top level.
    levels: Vec<Level>,
    /// Open brackets plus open constructs, at all levels.
    nesting: usize,
    /// `nesting` plus the links of all levels.
    depth: usize,
}

impl Default for Depth {
    fn default() -> Self {
        Self {
            levels: vec![Level::default()],
            nesting: 0,
            depth: 0,
        }
    }
}

impl Depth {
    fn too_deep(&self) -> bool {
        self.nesting > MAX_JS_NESTING || self.depth > MAX_JS_DEPTH
    }

    fn level(&mut self) -> &mut Level {
        if self.levels.is_empty() {
            self.levels.push(Level::default());
        }
        let last = self.levels.len() - 1;
        &mut self.levels[last]
    }

    /// One more bracket; `true` when that is too deep.
    fn open_bracket(&mut self, opener: Opener) -> bool {
        self.nesting += 1;
        self.depth += 1;
        self.levels.push(Level {
            opener,
            ..Level::default()
        });
        self.too_deep()
    }

    /// Ends the innermost bracket (a stray one at the top level ends nothing) and says what
    /// opened it.
    fn close_bracket(&mut self) -> Opener {
        if self.levels.len() < 2 {
            return Opener::Bracket;
        }
        let level = self.levels.pop().unwrap_or_default();
        self.nesting = self.nesting.saturating_sub(1 + level.open);
        self.depth = self
            .depth
            .saturating_sub(1 + level.open + level.links + level.statements);
        level.opener
    }

    /// One more statement nested in the innermost level's current one; `true` when that is
    /// too deep.
    fn statement(&mut self) -> bool {
        self.depth += 1;
        self.level().statements += 1;
        self.too_deep()
    }

    /// A statement that does not nest in the previous one starts: the innermost level's
    /// statement nesting ends.
    fn end_statements(&mut self) {
        let level = self.level();
        let statements = std::mem::take(&mut level.statements);
        self.depth -= statements;
    }

    /// One more open construct at the innermost level; `true` when that is too deep.
    fn open_construct(&mut self, angle: bool) -> bool {
        self.nesting += 1;
        self.depth += 1;
        let level = self.level();
        level.open += 1;
        level.angles += usize::from(angle);
        self.too_deep()
    }

    /// A `>`: closes the innermost level's latest `<`, if any.
    fn close_angle(&mut self) {
        let level = self.level();
        if level.angles > 0 {
            level.angles -= 1;
            level.open -= 1;
            self.nesting -= 1;
            self.depth -= 1;
        }
    }

    /// One more link of a chain at the innermost level; `true` when that is too deep.
    fn link(&mut self) -> bool {
        self.depth += 1;
        self.level().links += 1;
        self.too_deep()
    }

    /// A `,`, a `;` or a new statement: the innermost level's constructs and links end (its
    /// statement nesting goes on: `if (a) b; else …`).
    fn end_statement(&mut self) {
        let level = self.level();
        let open = std::mem::take(&mut level.open);
        let links = std::mem::take(&mut level.links);
        level.angles = 0;
        self.nesting -= open;
        self.depth -= open + links;
    }
}

/// One open bracket of [`nesting_too_deep`]'s scan.
#[derive(Default)]
struct Level {
    /// Constructs open at this level (arrows, conditionals, `<`, prefix keywords).
    open: usize,
    /// How many of them are `<`, which a `>` closes.
    angles: usize,
    /// Links of operator chains at this level.
    links: usize,
    /// Statements nested in the current statement at this level (`if`, `else`, loops).
    statements: usize,
    /// What opened this level.
    opener: Opener,
}

/// What opened a level of [`nesting_too_deep`]'s scan.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
enum Opener {
    /// `(`, `[` or `{` (and the code's top level).
    #[default]
    Bracket,
    /// The `(` of an `if`, `while`, `for` or `with`: after its `)` comes the body.
    Head,
    /// A template's `${`: after its `}` the template text resumes.
    Template,
}

/// The error for code [`nesting_too_deep`] refuses, at `span`.
pub(crate) fn too_deep(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::NestingTooDeep,
        span,
        format!(
            "JavaScript nested too deeply here (over {MAX_JS_NESTING} brackets, or over \
             {MAX_JS_DEPTH} levels counting operators, calls, member accesses and nested \
             statements)"
        ),
    )
    .with_help(
        "move part of it into a function or a variable, or split a long chain of operators \
         into several statements; astc does not parse the rest",
    )
}

/// A TypeScript (not TSX) lexer over `text`, positioned as [`SpanMap`] expects.
pub(crate) fn new_lexer(text: &str) -> Lexer<'_> {
    let end = BytePos(1 + text.len() as u32);
    Lexer::new(
        Syntax::Typescript(TsSyntax::default()),
        EsVersion::EsNext,
        StringInput::new(text, BytePos(1), end),
        None,
    )
}

/// One expression parsed by swc, as a template `{…}` holds it (in a module's async function:
/// `await` and `import.meta` allowed).
pub(crate) struct ParsedExpression {
    pub result: PResult<Box<Expr>>,
    /// The errors swc recovered from.
    pub errors: Vec<SwcError>,
    /// The token after the expression (at or past the end of the code when it took it all).
    pub next: swc_common::Span,
}

/// Parses `code` as one expression; positions as [`new_lexer`] gives them. Not guarded:
/// call it inside [`guard`] and [`with_stack`].
pub(crate) fn parse_expression(code: &str) -> ParsedExpression {
    let parsed = parse_expression_from(new_lexer(code));
    // swc's `parse_expr` starts without the grammar's `[In]` parameter (as in a `for (…;`
    // head), so it stops before a top-level `in`: `'default' in Astro.slots ? a : b`. Such
    // code is parsed again inside parentheses, lexed from position 0 so that the code's own
    // positions stay the same.
    let stopped_at_in = parsed.result.is_ok()
        && code.get(
            parsed.next.lo.0.saturating_sub(1) as usize
                ..parsed.next.hi.0.saturating_sub(1) as usize,
        ) == Some("in");
    if !stopped_at_in {
        return parsed;
    }
    let wrapped = format!("({code})");
    let lexer = Lexer::new(
        Syntax::Typescript(TsSyntax::default()),
        EsVersion::EsNext,
        StringInput::new(&wrapped, BytePos(0), BytePos(wrapped.len() as u32)),
        None,
    );
    let mut parsed = parse_expression_from(lexer);
    parsed.result = parsed.result.map(|expr| match *expr {
        Expr::Paren(paren) => paren.expr,
        other => Box::new(other),
    });
    parsed
}

fn parse_expression_from(lexer: Lexer<'_>) -> ParsedExpression {
    let mut parser = Parser::new_from(lexer);
    parser.allow_module_syntax();
    let result = parser.parse_expr();
    ParsedExpression {
        result,
        errors: parser.take_errors(),
        next: parser.input().cur_span(),
    }
}

/// Where swc code comes from, for help texts.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    Frontmatter,
    Expression,
}

/// An swc syntax error as a diagnostic with swc's message, at its exact place.
pub(crate) fn syntax_error(
    source: &str,
    map: &SpanMap,
    error: &SwcError,
    code: Code,
    context: Context,
) -> Diagnostic {
    let span = map.visible_span(source, error.span());
    let mut message = error.kind().msg().into_owned();
    // swc's messages are sentences of varying style; trim a trailing period for consistency.
    if message.ends_with('.') {
        message.pop();
    }
    let diagnostic = Diagnostic::new(code, span, message);
    match syntax_help(error.kind(), context) {
        Some(help) => diagnostic.with_help(help),
        None => diagnostic,
    }
}

fn syntax_help(kind: &SyntaxError, context: Context) -> Option<&'static str> {
    Some(match kind {
        SyntaxError::Eof => match context {
            Context::Frontmatter => {
                "the code ends in the middle of a statement: finish it before the closing `---`"
            }
            Context::Expression => "the expression is incomplete: finish it before the `}`",
        },
        SyntaxError::UnterminatedStrLit => {
            "close the string with the quote it starts with; for text over several lines use a \
             template literal (`…`)"
        }
        SyntaxError::UnterminatedTpl => "close the template literal with a backtick (`)",
        SyntaxError::UnterminatedBlockComment => "close the comment with `*/`",
        SyntaxError::UnterminatedRegExp => {
            "close the regular expression with `/`, or put spaces around a division operator"
        }
        SyntaxError::ExpectedSemi | SyntaxError::ExpectedSemiForExprStmt { .. } => {
            "two statements run together here: separate them with `;` or a line break, or add \
             the missing operator"
        }
        SyntaxError::TS1005 => "add the missing `;`",
        SyntaxError::TS1109 => "an expression is missing here",
        SyntaxError::ConstDeclarationsRequireInitialization => {
            "give the constant a value (`const name = value;`), or declare it with `let`"
        }
        SyntaxError::AwaitInFunction => "mark the enclosing function `async`",
        SyntaxError::LegacyOctal | SyntaxError::LegacyDecimal | SyntaxError::TS1085 => {
            "component code is strict-mode JavaScript: write octal numbers as `0o17`"
        }
        SyntaxError::NonTopLevelImportExport | SyntaxError::ImportExportInScript => match context {
            Context::Frontmatter => {
                "`import` and `export` must be at the top level of the frontmatter"
            }
            Context::Expression => {
                "import modules in the frontmatter, then use them in the template"
            }
        },
        SyntaxError::UnexpectedChar { .. } => "remove the character or put it inside a string",
        _ => return None,
    })
}

#[cfg(test)]
mod nesting_tests {
    use super::{MAX_JS_DEPTH, MAX_JS_NESTING, nesting_too_deep};

    #[test]
    fn pathological_nesting_is_found_where_it_passes_the_limit() {
        let n = MAX_JS_NESTING + 1;
        for (code, opener) in [
            (format!("{}x{}", "(".repeat(n), ")".repeat(n)), '('),
            (format!("{}{}", "[".repeat(n), "]".repeat(n)), '['),
            (format!("{}1{}", "({a:".repeat(n), "})".repeat(n)), '('),
            (format!("{}1", "x=>".repeat(n)), '='),
            (format!("{}1{}", "a ? ".repeat(n), " : 2".repeat(n)), '?'),
            (
                format!("type A = {}x{};", "Array<".repeat(n), ">".repeat(n)),
                '<',
            ),
            (format!("{}X", "new ".repeat(n)), 'n'),
            (format!("`{}x{}`", "${`".repeat(n), "`}".repeat(n)), '$'),
            // A comment, string or regex ends at a `\r` for swc, so what follows is code.
            (format!("// c\r{}", "(".repeat(n)), '('),
            (format!("'s\r{}", "(".repeat(n)), '('),
            (format!("x = /re\r{}", "(".repeat(n)), '('),
            // Not a regex: `a++ / (` and `1. / (` divide.
            (format!("a++ / {}1 / 2", "(".repeat(n)), '('),
            (format!("1. / {}1 / 2", "(".repeat(n)), '('),
            // A `>` closes a `<`, not an arrow.
            (format!("{}1", "x => a > ".repeat(n)), '='),
        ] {
            let at = nesting_too_deep(&code).unwrap_or_else(|| panic!("not found: {code:.40}"));
            assert!(code.is_char_boundary(at));
            assert_eq!(code[at..].chars().next(), Some(opener), "{code:.40}");
        }
    }

    /// Every kind of chain the issue found overflowing swc's stack, refused at its
    /// `MAX_JS_DEPTH + 1`-th link (the first link counted past the limit).
    #[test]
    fn long_chains_are_found_where_they_pass_the_limit() {
        let n = MAX_JS_DEPTH + 1;
        for (code, opener) in [
            (format!("const a = {}1;", "!".repeat(n)), '!'),
            (format!("{}1", "-".repeat(n)), '-'),
            (format!("{}1", "~".repeat(n)), '~'),
            (format!("1{}", "+1".repeat(n)), '+'),
            (format!("2{}", "**2".repeat(n)), '*'),
            (format!("a{}", "/a".repeat(n)), '/'),
            (format!("a{}", "=a".repeat(n)), '='),
            (format!("a{}", " === a".repeat(n)), '='),
            (format!("a{}", " && a".repeat(n)), '&'),
            (format!("a{}", " ?? a".repeat(n)), '?'),
            (format!("a{}", ".b".repeat(n)), '.'),
            (format!("a{}", "?.b".repeat(n)), '?'),
            (format!("a{}", "()".repeat(n)), '('),
            (format!("a{}", "?.()".repeat(n)), '('),
            (format!("a{}", "[0]".repeat(n)), '['),
            (format!("a{}", "``".repeat(n)), '`'),
            (format!("a{}", "`x${1}`".repeat(n)), '$'),
            (format!("a{}", "!".repeat(n)), '!'),
            (format!("{}1", "await ".repeat(n)), 'a'),
            (format!("type A = {}B;", "keyof ".repeat(n)), 'k'),
            (format!("a{}", " as A".repeat(n)), 'a'),
            (format!("{}1;", "a: ".repeat(n)), ':'),
            (format!("{}1;", "a:".repeat(n)), ':'),
            // Mixed, and inside brackets: brackets and links add up.
            (format!("({}1)", "-a+".repeat(n)), '+'),
            (format!("{}{}", "(a.b".repeat(200), ".c()".repeat(n)), '('),
        ] {
            let at = nesting_too_deep(&code).unwrap_or_else(|| panic!("not found: {code:.40}"));
            assert!(code.is_char_boundary(at));
            assert_eq!(code[at..].chars().next(), Some(opener), "{code:.40}");
        }
        // Statements nested in statements, comments between or not: at a keyword or a head.
        for code in [
            format!("{}1;", "if(1)".repeat(n)),
            format!("{}1;", "if (1) /* c */ ".repeat(n)),
            format!("if(1)1;{}", "else if(1)1;".repeat(n)),
            format!("if(1)1\n{}", "else if(1)1\n".repeat(n)),
            format!("{}1;", "while(1)".repeat(n)),
            format!("{}1;", "for(;;)".repeat(n)),
            format!("{}1;", "for await(x of y)".repeat(n)),
            format!("{}1;", "do ".repeat(n)),
            format!("{}1", "async x => ".repeat(n)),
        ] {
            let at = nesting_too_deep(&code).unwrap_or_else(|| panic!("not found: {code:.40}"));
            assert!(
                code[at..].starts_with(['(', 'i', 'e', 'w', 'f', 'd', 'o', 'a', '=']),
                "{code:.40}: {:.10}",
                &code[at..]
            );
        }
    }

    /// A `/` after a word that can be a name, or after a `>`, may divide for swc: what follows
    /// is code, not a regex to skip.
    #[test]
    fn chains_behind_a_slash_that_may_divide_are_counted() {
        let chain = "!".repeat(MAX_JS_DEPTH + 1);
        for word in ["is", "of", "as", "keyof", "yield", "await", "async", "f<T>"] {
            let code = format!("x = {word}/{chain}x/1");
            assert!(nesting_too_deep(&code).is_some(), "{word}");
        }
        // Non-ASCII blanks separate words: these are chains of `in`, `as` and calls.
        for blank in ['\u{a0}', '\u{feff}', '\u{2028}', '\u{3000}'] {
            for link in ["in", "as"] {
                let code = format!(
                    "a{}",
                    format!("{blank}{link}{blank}a").repeat(MAX_JS_DEPTH + 1)
                );
                assert!(nesting_too_deep(&code).is_some(), "{blank:?} {link}");
            }
        }
        // After a reserved operator word a `/` starts a regex, as for swc.
        assert_eq!(nesting_too_deep(&format!("return /{chain}x/")), None);
    }

    #[test]
    fn ordinary_code_is_not_too_deep() {
        let many_statements =
            "const a = (b) => b ? [c, { d }] : new Date(typeof e);\n".repeat(2000);
        let comparisons = (0..200)
            .map(|i| format!("x < {i}"))
            .collect::<Vec<_>>()
            .join(" || ");
        for code in [
            many_statements.as_str(),
            &format!("if ({comparisons}) {{}}"),
            // Brackets inside strings, comments, templates and regexes do not count.
            &format!("const s = \"{}\";", "(".repeat(1000)),
            &format!("// {}\n/* {} */ x", "(".repeat(1000), "[".repeat(1000)),
            &format!("`{}`", "(".repeat(1000)),
            &format!("const r = /{}/;", "\\(".repeat(1000)),
            &format!("a.map((x) => x){}", ".map((x) => x)".repeat(200)),
            // Chains end at `,`, `;` and where a new statement starts without one.
            &"const a = 1 + 2 + b.c.d(e)\nlet f = !g\nh = i ?? j\n".repeat(2000),
            &"x = a.b.c + d.e.f; y = z`t`.u?.();\n".repeat(2000),
            &"if (a) { b() } else if (c) { d() } else { e() }\n".repeat(2000),
            &"if (a) b(); else c();\nwhile (d) e();\nfor (;;) if (f) break;\n".repeat(2000),
            &"if (a) return\nif (b) return\nx = 1\n".repeat(2000),
            &"do x++; while (x < 9)\n".repeat(2000),
            &format!("[{}]", "-1, !a, b.c.d, ".repeat(2000)),
            &format!("f({})", "a + b, ".repeat(2000)),
            &"class A { a = 1\n b = 2\n c() { return this.a }\n}\n".repeat(1000),
            &"interface I { a: string\n b: number\n c?: T }\n".repeat(1000),
            &format!("x = `{}`", "${a.b + c}".repeat(2000)),
            // A chain under the limit.
            &format!("a{}", ".b".repeat(MAX_JS_DEPTH - 1)),
        ] {
            assert_eq!(nesting_too_deep(code), None, "{code:.60}");
        }
    }
}
