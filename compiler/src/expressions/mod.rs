//! Checking template `{expressions}` as JavaScript/TypeScript.
//!
//! An expression may hold markup (`{items.map((i) => <li>{i}</li>)}`); the markup is not
//! JavaScript, so before parsing each markup part is replaced by a placeholder value of the
//! same byte length (`0` padded with spaces). Offsets in the parsed text thus equal offsets
//! in the file, and every span reported maps back exactly.

mod awaits;

pub use awaits::{AwaitFacts, CheckedHoles, FunctionRange, check as check_awaits};

use crate::diagnostics::{Code, Diagnostic};
use crate::js_syntax::{
    Context, MAX_JS_DEPTH, SpanMap, guard, nesting_too_deep, parse_expression, swc_failed,
    syntax_error, too_deep,
};
use crate::span::Span;
use crate::syntax::{ExprPart, Expression};
use serde::Serialize;
use std::borrow::Cow;
use swc_common::{BytePos, Spanned};
use swc_ecma_ast::{
    ArrowExpr, AssignTarget, BindingIdent, Class, ClassDecl, ClassExpr, Expr, FnDecl, FnExpr,
    ForHead, Function, MemberProp, TsEnumDecl,
};
use swc_ecma_parser::error::SyntaxError;
use swc_ecma_visit::{Visit, VisitWith, noop_visit_type};

/// Where an expression stands, which decides what it may contain.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize)]
pub enum ExpressionKind {
    /// `<p>{value}</p>`: any expression, or none (`{/* a comment */}`).
    Text,
    /// `name={value}`: any expression, or none.
    AttributeValue,
    /// `<a {href}>`: a plain variable name, which names the attribute too.
    Shorthand,
    /// `<a {...props}>`: `...` and one expression.
    Spread,
}

/// The result of [`check_expression`].
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize)]
pub struct ExpressionCheck {
    /// `E0203` errors, in source order.
    pub diagnostics: Vec<Diagnostic>,
    /// Names bound inside the expression, in source order, without duplicates: parameters
    /// of arrow functions and functions (destructuring, defaults and rest included), and
    /// variables, functions and classes declared in their bodies. Not scoped: a name bound
    /// anywhere in the expression is listed.
    pub bindings: Vec<String>,
    /// What the `await` check ([`check_awaits`]) needs of the expression's parse; `None`
    /// when it was not parsed (a plain reference, or input the parser refused) or holds no
    /// `await`.
    pub awaits: Option<AwaitFacts>,
}

/// Checks that `expression` (a node of the tree parsed from `source`) holds valid
/// JavaScript/TypeScript for its position `kind`, and collects the names it binds.
///
/// The JavaScript is parsed as TypeScript (not TSX); nested markup counts as one value, and
/// markup parts separated only by blanks count as one value together (`{<A/> <B/>}`).
/// `await` and `import.meta` are allowed. An unclosed expression (`closed == false`) is
/// checked as far as it goes, without an error for the missing `}` (the parser reports that)
/// or for the end of input it causes.
///
/// Every span is a byte range into `source` on char boundaries. Never panics on bad input.
pub fn check_expression(
    source: &str,
    expression: &Expression,
    kind: ExpressionKind,
) -> ExpressionCheck {
    crate::js_syntax::with_stack(|| check_on_stack(source, expression, kind))
}

fn check_on_stack(source: &str, expression: &Expression, kind: ExpressionKind) -> ExpressionCheck {
    let mut check = ExpressionCheck::default();
    let inner = expression.inner();
    let Some(raw) = source.get(inner.range()) else {
        return check;
    };

    // The fast path: `{title}`, `{post.data.title}`, `{...Astro.props}` need no parser. A
    // member chain too long for swc is not simple: the component module gets it, so it is
    // refused here as in any other expression.
    let simple = raw.len() < MAX_JS_DEPTH
        && match kind {
            ExpressionKind::Text | ExpressionKind::AttributeValue => {
                is_simple_reference(raw, false)
            }
            ExpressionKind::Shorthand => is_simple_reference(raw, true),
            ExpressionKind::Spread => raw
                .trim_start()
                .strip_prefix("...")
                .is_some_and(|argument| is_simple_reference(argument, false)),
        };
    if simple {
        return check;
    }

    let text = with_placeholders(source, expression, inner);
    let text: &str = &text;

    // What to parse: the whole text, or for a spread what follows the `...`.
    let (offset, code) = if kind == ExpressionKind::Spread {
        let blank = text.len() - text.trim_start().len();
        let Some(argument) = text[blank..].strip_prefix("...") else {
            let span = visible(source, inner, inner.start + blank as u32);
            check.diagnostics.push(
                Diagnostic::new(
                    Code::ExpressionSyntax,
                    span,
                    "a spread attribute must start with `...`",
                )
                .with_help("write `{...object}` to spread an object's properties as attributes"),
            );
            return check;
        };
        (blank + 3, argument)
    } else {
        (0, text)
    };

    if is_blank_js(code) {
        match kind {
            ExpressionKind::Text | ExpressionKind::AttributeValue => {}
            ExpressionKind::Shorthand => check.diagnostics.push(
                Diagnostic::new(
                    Code::ExpressionSyntax,
                    expression.span,
                    "an empty `{}` in a tag sets no attribute",
                )
                .with_help("remove it, or write `name={value}`"),
            ),
            ExpressionKind::Spread => {
                let dots = inner.start + offset as u32 - 3;
                check.diagnostics.push(
                    Diagnostic::new(
                        Code::ExpressionSyntax,
                        Span::new(dots, dots + 3),
                        "expected an expression after `...`",
                    )
                    .with_help(
                        "write `{...object}` to spread an object's properties as attributes",
                    ),
                );
            }
        }
        return check;
    }

    let code_span = Span::new(inner.start + offset as u32, inner.end);
    if let Some(at) = nesting_too_deep(code) {
        let span = visible(source, inner, code_span.start + at as u32);
        check.diagnostics.push(too_deep(span));
        return check;
    }
    let map = SpanMap::new(code_span);
    let Some(parsed) = guard(|| parse_expression(code)) else {
        check.diagnostics.push(swc_failed(
            Code::ExpressionSyntax,
            visible(source, inner, code_span.start),
        ));
        return check;
    };
    let end = BytePos(1 + code.len() as u32);
    let mut errors = parsed.errors;
    let expr = match parsed.result {
        Ok(expr) => {
            if parsed.next.lo < end {
                // Something follows the expression (`{a b}`); swc stops without a word.
                let at = map.visible_span(source, parsed.next);
                check.diagnostics.push(leftover(source, expression, at));
            }
            Some(expr)
        }
        Err(fatal) => {
            errors.push(fatal);
            None
        }
    };
    // An unterminated comment swallows the rest, and swc then also reports the missing
    // expression: only the comment is worth saying.
    if errors
        .iter()
        .any(|error| matches!(error.kind(), SyntaxError::UnterminatedBlockComment))
    {
        errors.retain(|error| matches!(error.kind(), SyntaxError::UnterminatedBlockComment));
    }
    // Without its `}` the expression runs out of input, which the parser already reported:
    // errors at the end are consequences, and so is a regex read out of a closing tag
    // (`{a + 1</p>`) with whatever follows it. An unterminated string or comment, though,
    // says why the `}` is missing.
    let consequences_from = if expression.closed {
        end
    } else {
        errors
            .iter()
            .filter(|error| matches!(error.kind(), SyntaxError::UnterminatedRegExp))
            .map(|error| error.span().lo)
            .min()
            .unwrap_or(end)
    };
    for error in &errors {
        if !expression.closed
            && (matches!(error.kind(), SyntaxError::Eof)
                || (error.span().lo >= consequences_from && !is_unterminated(error.kind())))
        {
            continue;
        }
        let mut diagnostic = syntax_error(
            source,
            &map,
            error,
            Code::ExpressionSyntax,
            Context::Expression,
        );
        if let Some(help) = statement_help(code) {
            diagnostic.help = Some(help.to_string());
        }
        if !check
            .diagnostics
            .iter()
            .any(|seen| seen.span.start == diagnostic.span.start)
        {
            check.diagnostics.push(diagnostic);
        }
    }

    if let Some(expr) = expr {
        let clean = check.diagnostics.is_empty();
        if clean {
            match kind {
                ExpressionKind::Shorthand => {
                    check_shorthand(source, code_span, &expr, &mut check.diagnostics);
                }
                ExpressionKind::Spread => {
                    check_spread(source, code_span, &expr, &mut check.diagnostics);
                }
                ExpressionKind::Text | ExpressionKind::AttributeValue => {}
            }
        }
        check.awaits = awaits::facts(source, expression, &expr, code_span.start, clean);
        expr.visit_with(&mut Binder {
            bindings: &mut check.bindings,
            assigning: false,
        });
    }
    crate::diagnostics::sort(&mut check.diagnostics);
    check
}

/// The expression's inner text with each markup part replaced by a placeholder of the same
/// byte length; borrowed when there is no markup.
fn with_placeholders<'s>(source: &'s str, expression: &Expression, inner: Span) -> Cow<'s, str> {
    let raw = &source[inner.range()];
    if !expression
        .parts
        .iter()
        .any(|part| matches!(part, ExprPart::Markup { .. }))
    {
        return Cow::Borrowed(raw);
    }
    let mut text = String::with_capacity(raw.len());
    let mut cursor = inner.start;
    let mut previous_markup_end = None;
    for part in &expression.parts {
        let ExprPart::Markup { span, .. } = part else {
            continue;
        };
        let start = span.start.clamp(cursor, inner.end);
        let end = span.end.clamp(start, inner.end);
        let gap = source.get(cursor as usize..start as usize);
        match gap {
            Some(gap) => text.push_str(gap),
            // Not on char boundaries: impossible for parser spans, but stay exact in length.
            None => pad(&mut text, (start - cursor) as usize),
        }
        // `<A/> <B/>` is one value, so the second markup becomes blank.
        let joined = previous_markup_end == Some(cursor) && gap.is_some_and(is_blank_js);
        let len = (end - start) as usize;
        if joined || len == 0 {
            pad(&mut text, len);
        } else if len >= 2 && text.ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '$')
        {
            // `return<p/>` must not become the name `return0`.
            text.push_str(" 0");
            pad(&mut text, len - 2);
        } else {
            text.push('0');
            pad(&mut text, len - 1);
        }
        cursor = end;
        previous_markup_end = Some(end);
    }
    match source.get(cursor as usize..inner.end as usize) {
        Some(rest) => text.push_str(rest),
        None => pad(&mut text, (inner.end - cursor) as usize),
    }
    Cow::Owned(text)
}

fn pad(text: &mut String, len: usize) {
    text.extend(std::iter::repeat_n(' ', len));
}

/// Whether an error is a string, template or comment left open, which may have swallowed
/// the expression's `}`. (An open regex is rather a consequence of the missing `}`:
/// `{a + 1</p>` reads `/p>…` as one.)
fn is_unterminated(kind: &SyntaxError) -> bool {
    matches!(
        kind,
        SyntaxError::UnterminatedBlockComment
            | SyntaxError::UnterminatedStrLit
            | SyntaxError::UnterminatedTpl
    )
}

/// The error for tokens after a complete expression, at `at` (the first such token).
fn leftover(source: &str, expression: &Expression, at: Span) -> Diagnostic {
    let markup = expression.parts.iter().find_map(|part| match part {
        ExprPart::Markup { span, .. } if span.start <= at.start && at.start < span.end => {
            Some(*span)
        }
        _ => None,
    });
    let help = "an `{…}` holds a single expression: join the parts with an operator \
                (`a && b`, `a ?? b`) or give each its own `{…}`";
    match markup {
        Some(span) => Diagnostic::new(
            Code::ExpressionSyntax,
            span,
            "unexpected markup after the end of the expression",
        )
        .with_help(help),
        None => {
            let token = at.text(source);
            let message = if token.is_empty() || token.len() > 40 || token.contains('\n') {
                "unexpected token after the end of the expression".to_string()
            } else {
                format!("unexpected `{token}` after the end of the expression")
            };
            let help = statement_help(&source[expression.inner().range()]).unwrap_or(help);
            Diagnostic::new(Code::ExpressionSyntax, at, message).with_help(help)
        }
    }
}

/// A hint for code that starts with a statement keyword, which `{…}` cannot hold.
fn statement_help(code: &str) -> Option<&'static str> {
    let word = code
        .trim_start()
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '_' && c != '$')
        .next()?;
    Some(match word {
        "if" | "switch" => {
            "`{…}` holds an expression, not a statement: write `cond ? a : b` or `cond && a`"
        }
        "for" | "while" | "do" => {
            "`{…}` holds an expression, not a statement: loop with `items.map((item) => …)`"
        }
        "const" | "let" | "var" | "function" | "class" | "import" | "export" => {
            "declarations belong in the frontmatter (between the `---` fences); `{…}` holds \
             an expression"
        }
        "return" => "`{…}` holds an expression: remove `return`",
        _ => return None,
    })
}

/// Checks that a shorthand attribute `{name}` holds a plain name.
fn check_shorthand(source: &str, code: Span, expr: &Expr, diagnostics: &mut Vec<Diagnostic>) {
    if let Expr::Ident(_) = expr {
        return;
    }
    let text = code.text(source);
    let trimmed = text.trim();
    let start = code.start + (text.len() - text.trim_start().len()) as u32;
    let span = Span::new(start, start + trimmed.len() as u32);
    let help = match expr {
        Expr::Member(member) => match &member.prop {
            MemberProp::Ident(name) => format!(
                "a shorthand attribute names itself after its variable; write `{}={{{trimmed}}}`",
                name.sym
            ),
            _ => "a shorthand attribute names itself after its variable; write `name={…}`"
                .to_string(),
        },
        _ => "a shorthand attribute names itself after its variable; write `name={…}` to set an \
              attribute from an expression"
            .to_string(),
    };
    diagnostics.push(
        Diagnostic::new(
            Code::ExpressionSyntax,
            span,
            "a shorthand attribute `{…}` must be a plain variable name",
        )
        .with_span_label("not a plain name")
        .with_help(help),
    );
}

/// Checks that a spread `{...value}` spreads one value: `{...a, b}` parses as the comma
/// operator, which JSX (and so Astro) rejects.
fn check_spread(source: &str, code: Span, expr: &Expr, diagnostics: &mut Vec<Diagnostic>) {
    let Expr::Seq(sequence) = expr else {
        return;
    };
    let map = SpanMap::new(code);
    let span = map.file_span(source, sequence.span);
    diagnostics.push(
        Diagnostic::new(
            Code::ExpressionSyntax,
            span,
            "a spread attribute takes a single expression",
        )
        .with_help("spread each object on its own: `{...a} {...b}`"),
    );
}

/// An empty span at `at` widened to one character when possible, kept within `inner`'s
/// expression or the file.
fn visible(source: &str, inner: Span, at: u32) -> Span {
    let at = at.min(inner.end);
    match source
        .get(at as usize..)
        .and_then(|rest| rest.chars().next())
    {
        Some(next) => Span::new(at, at + next.len_utf8() as u32),
        None => Span::empty(at),
    }
}

/// Whether `code` holds only blanks and comments. An unterminated `/*` is not blank: it is
/// left to the parser to report.
fn is_blank_js(code: &str) -> bool {
    let mut rest = code;
    loop {
        rest = rest.trim_start();
        if let Some(comment) = rest.strip_prefix("//") {
            match comment.find(['\n', '\r', '\u{2028}', '\u{2029}']) {
                Some(end) => rest = &comment[end..],
                None => return true,
            }
        } else if let Some(comment) = rest.strip_prefix("/*") {
            match comment.find("*/") {
                Some(end) => rest = &comment[end + 2..],
                None => return false,
            }
        } else {
            return rest.is_empty();
        }
    }
}

/// Whether `code` is, blanks around it aside, a plain ASCII name that is not a reserved
/// word, or (unless `name_only`) such a name followed by `.property` accesses: always valid
/// expressions that bind nothing.
fn is_simple_reference(code: &str, name_only: bool) -> bool {
    let code = code.trim_matches([' ', '\t', '\n', '\r']);
    let mut segments = code.split('.');
    let Some(first) = segments.next() else {
        return false;
    };
    if !is_ascii_identifier(first) || is_reserved(first) {
        return false;
    }
    if name_only {
        return !code.contains('.');
    }
    segments.all(is_ascii_identifier)
}

fn is_ascii_identifier(word: &str) -> bool {
    let mut bytes = word.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_' || b == b'$')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$')
}

/// Words that are not plain variable references (reserved words, literals, `this`, and
/// contextual keywords best left to the parser).
fn is_reserved(word: &str) -> bool {
    matches!(
        word,
        "await"
            | "break"
            | "case"
            | "catch"
            | "class"
            | "const"
            | "continue"
            | "debugger"
            | "default"
            | "delete"
            | "do"
            | "else"
            | "enum"
            | "export"
            | "extends"
            | "false"
            | "finally"
            | "for"
            | "function"
            | "if"
            | "implements"
            | "import"
            | "in"
            | "instanceof"
            | "interface"
            | "let"
            | "new"
            | "null"
            | "package"
            | "private"
            | "protected"
            | "public"
            | "return"
            | "static"
            | "super"
            | "switch"
            | "this"
            | "throw"
            | "true"
            | "try"
            | "typeof"
            | "var"
            | "void"
            | "while"
            | "with"
            | "yield"
    )
}

/// Collects the names bound in an expression.
struct Binder<'a> {
    bindings: &'a mut Vec<String>,
    /// Inside an assignment target (`[a, b] = pair`, `for (x of xs)`), where names are
    /// assigned, not bound.
    assigning: bool,
}

impl Binder<'_> {
    fn bind(&mut self, name: &str) {
        if !self.bindings.iter().any(|bound| bound == name) {
            self.bindings.push(name.to_string());
        }
    }

    /// Visits `node` with `assigning` set to `value`, restoring it after.
    fn with_assigning<N: VisitWith<Self> + ?Sized>(&mut self, value: bool, node: &N) {
        let outer = std::mem::replace(&mut self.assigning, value);
        node.visit_children_with(self);
        self.assigning = outer;
    }
}

impl Visit for Binder<'_> {
    // Types bind no values (and their parameter names are not variables).
    noop_visit_type!();

    fn visit_binding_ident(&mut self, node: &BindingIdent) {
        if !self.assigning {
            self.bind(&node.id.sym);
        }
    }

    fn visit_assign_target(&mut self, node: &AssignTarget) {
        self.with_assigning(true, node);
    }

    fn visit_for_head(&mut self, node: &ForHead) {
        let assigning = matches!(node, ForHead::Pat(_)) || self.assigning;
        self.with_assigning(assigning, node);
    }

    // A function starts afresh: its parameters bind even inside an assignment target.
    fn visit_function(&mut self, node: &Function) {
        self.with_assigning(false, node);
    }

    fn visit_arrow_expr(&mut self, node: &ArrowExpr) {
        self.with_assigning(false, node);
    }

    fn visit_class(&mut self, node: &Class) {
        self.with_assigning(false, node);
    }

    fn visit_fn_decl(&mut self, node: &FnDecl) {
        self.bind(&node.ident.sym);
        node.visit_children_with(self);
    }

    fn visit_fn_expr(&mut self, node: &FnExpr) {
        if let Some(ident) = &node.ident {
            self.bind(&ident.sym);
        }
        node.visit_children_with(self);
    }

    fn visit_class_decl(&mut self, node: &ClassDecl) {
        self.bind(&node.ident.sym);
        node.visit_children_with(self);
    }

    fn visit_class_expr(&mut self, node: &ClassExpr) {
        if let Some(ident) = &node.ident {
            self.bind(&ident.sym);
        }
        node.visit_children_with(self);
    }

    fn visit_ts_enum_decl(&mut self, node: &TsEnumDecl) {
        self.bind(&node.id.sym);
    }
}

#[cfg(test)]
mod tests;
