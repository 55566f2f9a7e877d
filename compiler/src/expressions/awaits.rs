//! `await` in markup returned by a function that is not `async`:
//! `{items.map((item) => <li>{await load(item)}</li>)}`.
//!
//! Each expression is parsed on its own, where a bare `await` is fine (templates render in an
//! async function). But the values of markup are computed where the markup stands, so the
//! `await` above runs inside `(item) => …` and is a syntax error in the compiled module. This
//! finds those: for every markup part of an expression that lies in a non-async function,
//! every `await` its values evaluate directly (element children, attribute values, component
//! props; not component children, which become slot functions of their own).

use super::with_placeholders;
use crate::diagnostics::{Code, Diagnostic};
use crate::js_syntax::{nesting_too_deep, new_lexer};
use crate::span::Span;
use crate::syntax::{AttributeKind, AttributeValue, ElementKind, ExprPart, Expression, Node};
use swc_common::Spanned;
use swc_ecma_ast::{ArrowExpr, AwaitExpr, Expr, Function};
use swc_ecma_parser::Parser;
use swc_ecma_visit::{Visit, VisitWith, noop_visit_type};

/// Reports `await`s in markup that `expr` (the parsed code of `expression`, starting at
/// `code_start` in `source`) returns from a non-async function.
pub(super) fn check(
    source: &str,
    expression: &Expression,
    expr: &Expr,
    code_start: u32,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let markup_with_await = |part: &&ExprPart| match part {
        ExprPart::Markup { span, .. } => source
            .get(span.range())
            .is_some_and(|text| text.contains("await")),
        ExprPart::Js(_) => false,
    };
    if !expression.parts.iter().any(|p| markup_with_await(&p)) {
        return;
    }
    let functions = functions(expr, code_start);
    for part in expression.parts.iter().filter(markup_with_await) {
        let ExprPart::Markup { span, nodes } = part else {
            continue;
        };
        if let Some(function) = innermost(&functions, *span)
            && !function.is_async
        {
            // The label covers the function up to its markup: `(item) =>`.
            let head = source
                .get(function.span.start as usize..span.start as usize)
                .map_or(0, |text| {
                    text.trim_end_matches(|c: char| c == '(' || c.is_whitespace())
                        .len() as u32
                });
            let head = Span::new(function.span.start, function.span.start + head.max(1));
            for node in nodes {
                node_awaits(source, node, head, diagnostics);
            }
        }
    }
}

/// A function or arrow function of the parsed code, in file offsets.
struct FunctionRange {
    span: Span,
    is_async: bool,
}

fn functions(expr: &Expr, code_start: u32) -> Vec<FunctionRange> {
    struct Collect {
        code_start: u32,
        found: Vec<FunctionRange>,
    }
    impl Collect {
        fn push(&mut self, span: swc_common::Span, is_async: bool) {
            // swc positions count from 1 at the start of the parsed code.
            let at = |pos: swc_common::BytePos| self.code_start + pos.0.saturating_sub(1);
            self.found.push(FunctionRange {
                span: Span::new(at(span.lo), at(span.hi)),
                is_async,
            });
        }
    }
    impl Visit for Collect {
        noop_visit_type!();
        fn visit_function(&mut self, node: &Function) {
            self.push(node.span, node.is_async);
            node.visit_children_with(self);
        }
        fn visit_arrow_expr(&mut self, node: &ArrowExpr) {
            self.push(node.span, node.is_async);
            node.visit_children_with(self);
        }
    }
    let mut collect = Collect {
        code_start,
        found: Vec::new(),
    };
    expr.visit_with(&mut collect);
    collect.found
}

/// The smallest function that contains the start of `span` (markup is parsed as a one-byte
/// placeholder, so a function that ends with it ends before the markup does).
fn innermost(functions: &[FunctionRange], span: Span) -> Option<&FunctionRange> {
    functions
        .iter()
        .filter(|f| f.span.start <= span.start && span.start < f.span.end)
        .min_by_key(|f| f.span.end - f.span.start)
}

/// The `await`s a markup node evaluates where it stands.
fn node_awaits(source: &str, node: &Node, function: Span, diagnostics: &mut Vec<Diagnostic>) {
    let Node::Element(element) = node else {
        if let Node::Expression(expression) = node {
            hole_awaits(source, expression, function, diagnostics);
        }
        return;
    };
    for attribute in &element.attributes {
        match &attribute.kind {
            AttributeKind::Named {
                value: Some(AttributeValue::Expression(expression)),
                ..
            }
            | AttributeKind::Shorthand(expression)
            | AttributeKind::Spread(expression) => {
                hole_awaits(source, expression, function, diagnostics)
            }
            AttributeKind::Named { .. } => {}
        }
    }
    // A component's children are slot content: a function of their own, made async when
    // they await.
    if element.kind != ElementKind::Component {
        for child in &element.children {
            node_awaits(source, child, function, diagnostics);
        }
    }
}

/// The `await`s of one `{…}` in the markup that are not inside a function of its own, and
/// those of its own markup that is not either.
fn hole_awaits(
    source: &str,
    expression: &Expression,
    function: Span,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let inner = expression.inner();
    if !source
        .get(inner.range())
        .is_some_and(|text| text.contains("await"))
    {
        return;
    }
    let text = with_placeholders(source, expression, inner);
    // Too deep for swc: the hole's own check reports it.
    if nesting_too_deep(&text).is_some() {
        return;
    }
    let mut parser = Parser::new_from(new_lexer(&text));
    parser.allow_module_syntax();
    // A hole that does not parse has its own syntax error.
    let Some(Ok(expr)) = crate::js_syntax::guard(|| parser.parse_expr()) else {
        return;
    };
    let mut awaits = TopLevelAwaits::default();
    expr.visit_with(&mut awaits);
    for at in awaits.found {
        let start = inner.start + at.0.saturating_sub(1);
        diagnostics.push(
            Diagnostic::new(
                Code::ExpressionSyntax,
                Span::new(start, start + "await".len() as u32),
                "`await` in markup returned by a function that is not `async`",
            )
            .with_label(function, "this function is not `async`")
            .with_help(
                "mark the function `async` (`async (item) => …`): astc waits for the promises \
                 it returns; or await the data in the frontmatter",
            ),
        );
    }
    let functions = functions(&expr, inner.start);
    for part in &expression.parts {
        if let ExprPart::Markup { span, nodes } = part
            && innermost(&functions, *span).is_none()
        {
            for node in nodes {
                node_awaits(source, node, function, diagnostics);
            }
        }
    }
}

/// Positions of `await` outside any nested function.
#[derive(Default)]
struct TopLevelAwaits {
    found: Vec<swc_common::BytePos>,
}

impl Visit for TopLevelAwaits {
    noop_visit_type!();
    fn visit_await_expr(&mut self, node: &AwaitExpr) {
        self.found.push(node.span().lo);
        node.visit_children_with(self);
    }
    fn visit_function(&mut self, _: &Function) {}
    fn visit_arrow_expr(&mut self, _: &ArrowExpr) {}
}
