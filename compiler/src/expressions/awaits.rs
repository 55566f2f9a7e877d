//! `await` in markup returned by a function that is not `async`:
//! `{items.map((item) => <li>{await load(item)}</li>)}`.
//!
//! Each expression is parsed on its own, where a bare `await` is fine (templates render in an
//! async function). But the values of markup are computed where the markup stands, so the
//! `await` above runs inside `(item) => …` and is a syntax error in the compiled module. This
//! finds those: for every markup part of an expression that lies in a non-async function,
//! every `await` its values evaluate directly (element children, attribute values, component
//! props; not component children, which become slot functions of their own).
//!
//! Nothing is parsed here: each expression's own check records what this needs of its one
//! parse ([`AwaitFacts`]), and the template checker runs [`check`] once the expressions
//! nested in an expression's markup have been checked.

use crate::diagnostics::{Code, Diagnostic};
use crate::span::Span;
use crate::syntax::{AttributeKind, AttributeValue, ElementKind, ExprPart, Expression, Node};
use serde::Serialize;
use std::collections::HashMap;
use swc_common::Spanned;
use swc_ecma_ast::{ArrowExpr, AwaitExpr, Expr, Function};
use swc_ecma_visit::{Visit, VisitWith, noop_visit_type};

/// What the `await` check needs of one parsed expression, in file offsets.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize)]
pub struct AwaitFacts {
    /// Whether the expression checked without errors: only then are its own markup's
    /// `await`s looked at (a broken expression has its syntax error instead).
    pub clean: bool,
    /// The `await` keywords outside any function of the expression's own code.
    pub top_level: Vec<Span>,
    /// Its functions and arrow functions; recorded only when it holds markup.
    pub functions: Vec<FunctionRange>,
}

/// The expressions of a template already checked, by the offset of their `{`.
pub type CheckedHoles = HashMap<u32, AwaitFacts>;

/// Reads the facts of `expr`, the parsed code of `expression` starting at `code_start` in
/// `source`; `None` when the expression's text, markup included, has no `await` at all, so
/// that neither it nor anything nested in it can matter to the check.
pub(super) fn facts(
    source: &str,
    expression: &Expression,
    expr: &Expr,
    code_start: u32,
    clean: bool,
) -> Option<AwaitFacts> {
    if !source
        .get(expression.inner().range())
        .is_some_and(|text| text.contains("await"))
    {
        return None;
    }
    let mut awaits = TopLevelAwaits::default();
    expr.visit_with(&mut awaits);
    let top_level = awaits
        .found
        .into_iter()
        .map(|at| {
            let start = code_start + at.0.saturating_sub(1);
            Span::new(start, start + "await".len() as u32)
        })
        .collect();
    let has_markup = expression
        .parts
        .iter()
        .any(|part| matches!(part, ExprPart::Markup { .. }));
    Some(AwaitFacts {
        clean,
        top_level,
        functions: if has_markup {
            functions(expr, code_start)
        } else {
            Vec::new()
        },
    })
}

/// Reports `await`s in markup that `expression` (with its `facts`) returns from a non-async
/// function. `holes` holds the facts of every expression nested in its markup.
pub fn check(
    source: &str,
    expression: &Expression,
    facts: &AwaitFacts,
    holes: &CheckedHoles,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if !facts.clean {
        return;
    }
    let markup_with_await = |part: &&ExprPart| match part {
        ExprPart::Markup { span, .. } => source
            .get(span.range())
            .is_some_and(|text| text.contains("await")),
        ExprPart::Js(_) => false,
    };
    if !expression.parts.iter().any(|p| markup_with_await(&p)) {
        return;
    }
    for part in expression.parts.iter().filter(markup_with_await) {
        let ExprPart::Markup { span, nodes } = part else {
            continue;
        };
        if let Some(function) = innermost(&facts.functions, *span)
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
                node_awaits(source, node, head, holes, diagnostics);
            }
        }
    }
}

/// A function or arrow function of the parsed code, in file offsets.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize)]
pub struct FunctionRange {
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
fn node_awaits(
    source: &str,
    node: &Node,
    function: Span,
    holes: &CheckedHoles,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Node::Element(element) = node else {
        if let Node::Expression(expression) = node {
            hole_awaits(source, expression, function, holes, diagnostics);
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
                hole_awaits(source, expression, function, holes, diagnostics)
            }
            AttributeKind::Named { .. } => {}
        }
    }
    // A component's children are slot content: a function of their own, made async when
    // they await.
    if element.kind != ElementKind::Component {
        for child in &element.children {
            node_awaits(source, child, function, holes, diagnostics);
        }
    }
}

/// The `await`s of one `{…}` in the markup that are not inside a function of its own, and
/// those of its own markup that is not either.
fn hole_awaits(
    source: &str,
    expression: &Expression,
    function: Span,
    holes: &CheckedHoles,
    diagnostics: &mut Vec<Diagnostic>,
) {
    // A hole without facts did not parse (its own syntax error says why) or needed no parse.
    let Some(facts) = holes.get(&expression.span.start) else {
        return;
    };
    for &at in &facts.top_level {
        diagnostics.push(
            Diagnostic::new(
                Code::ExpressionSyntax,
                at,
                "`await` in markup returned by a function that is not `async`",
            )
            .with_label(function, "this function is not `async`")
            .with_help(
                "mark the function `async` (`async (item) => …`): astc waits for the promises \
                 it returns; or await the data in the frontmatter",
            ),
        );
    }
    for part in &expression.parts {
        if let ExprPart::Markup { span, nodes } = part
            && innermost(&facts.functions, *span).is_none()
        {
            for node in nodes {
                node_awaits(source, node, function, holes, diagnostics);
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
