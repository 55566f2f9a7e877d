//! Which loop a timed-out render was running, read from the module's source.
//!
//! QuickJS checks its interrupt handler on jumps and calls but records the running position
//! only at operations that can throw, and reports the one before the jump's target. So an
//! interrupt on a loop's back edge reports the last position before the loop (the statement
//! before it, the header or body of a loop that already ended, or the start of the enclosing
//! function), while one on a branch or call inside the loop reports a position in its body.
//! Hence, within the function the position is in:
//! - a position in no loop's body: the first loop after it was running (else the loop whose
//!   header holds it);
//! - a position in a loop's body: that loop was running, unless the position is the last one
//!   of a loop that ended and the first loop after it is running. Both are named, the
//!   enclosing loop first.
//!
//! The module is parsed only when a render times out, so renders that finish pay nothing.

use swc_common::{BytePos, Spanned};
use swc_ecma_ast::{
    ArrowExpr, Constructor, DoWhileStmt, ForInStmt, ForOfStmt, ForStmt, Function, GetterProp,
    SetterProp, Stmt, WhileStmt,
};
use swc_ecma_parser::{EsSyntax, Parser, StringInput, Syntax};
use swc_ecma_visit::{Visit, VisitWith};

/// A 1-based line and column in a module's text, as QuickJS reports them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Position {
    pub line: u32,
    pub column: u32,
}

/// Where the loop that was running starts, and where another loop that may have been running
/// instead starts (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RunningLoop {
    pub at: Position,
    pub or: Option<Position>,
}

/// The loop that was running when QuickJS stopped at `reported` in `source` (the text QuickJS
/// evaluated, as an ES module), or `None` when the source does not parse or no loop fits.
pub(crate) fn running_loop(source: &str, reported: Position) -> Option<RunningLoop> {
    let at = offset(source, reported)?;
    let end = BytePos(1 + u32::try_from(source.len()).ok()?);
    let input = StringInput::new(source, BytePos(1), end);
    let syntax = Syntax::Es(EsSyntax::default());
    let module = Parser::new(syntax, input, None).parse_module().ok()?;
    let mut shapes = Shapes::default();
    module.visit_with(&mut shapes);
    let (first, other) = shapes.pick(at)?;
    Some(RunningLoop {
        at: position(source, first),
        or: other.map(|start| position(source, start)),
    })
}

/// A function's or loop's byte range in the source.
#[derive(Clone, Copy, Debug)]
struct Range {
    start: u32,
    end: u32,
}

impl Range {
    fn of(span: swc_common::Span) -> Range {
        // The parsed text starts at BytePos(1): swc reserves 0.
        Range {
            start: span.lo.0.saturating_sub(1),
            end: span.hi.0.saturating_sub(1),
        }
    }
}

/// A loop statement, its body, and the index of its nearest enclosing function.
#[derive(Clone, Copy, Debug)]
struct Loop {
    range: Range,
    body: Range,
    function: usize,
}

/// The module's functions and loops; function 0 is the module's top level.
#[derive(Default)]
struct Shapes {
    functions: Vec<Range>,
    loops: Vec<Loop>,
    enclosing: Vec<usize>,
}

impl Shapes {
    fn function(&mut self, span: swc_common::Span, visit_children: impl FnOnce(&mut Self)) {
        self.functions.push(Range::of(span));
        self.enclosing.push(self.functions.len());
        visit_children(self);
        self.enclosing.pop();
    }

    fn looped(
        &mut self,
        span: swc_common::Span,
        body: &Stmt,
        visit_children: impl FnOnce(&mut Self),
    ) {
        self.loops.push(Loop {
            range: Range::of(span),
            body: Range::of(body.span()),
            function: self.enclosing.last().copied().unwrap_or(0),
        });
        visit_children(self);
    }

    /// The starts of the running loop and of the other candidate, for a reported byte
    /// offset `at`.
    fn pick(&self, at: u32) -> Option<(u32, Option<u32>)> {
        // The innermost function around `at` (1-based: 0 is the top level). QuickJS places an
        // `async function` one column before its `async`, hence the slack of one byte.
        let function = self
            .functions
            .iter()
            .enumerate()
            .filter(|(_, f)| f.start <= at.saturating_add(1) && at < f.end)
            .max_by_key(|(_, f)| f.start)
            .map_or(0, |(i, _)| i + 1);
        let own = self.loops.iter().filter(|l| l.function == function);
        let innermost = |inside: fn(&Loop) -> Range| {
            own.clone()
                .filter(|l| inside(l).start <= at && at < inside(l).end)
                .max_by_key(|l| l.range.start)
                .map(|l| l.range.start)
        };
        let after = own
            .clone()
            .filter(|l| l.range.start > at)
            .min_by_key(|l| l.range.start)
            .map(|l| l.range.start);
        match (innermost(|l| l.body), after) {
            (Some(around), after) => Some((around, after)),
            (None, Some(after)) => Some((after, None)),
            (None, None) => innermost(|l| l.range).map(|header| (header, None)),
        }
    }
}

impl Visit for Shapes {
    fn visit_function(&mut self, node: &Function) {
        self.function(node.span, |s| node.visit_children_with(s));
    }
    fn visit_arrow_expr(&mut self, node: &ArrowExpr) {
        self.function(node.span, |s| node.visit_children_with(s));
    }
    fn visit_constructor(&mut self, node: &Constructor) {
        self.function(node.span, |s| node.visit_children_with(s));
    }
    fn visit_getter_prop(&mut self, node: &GetterProp) {
        self.function(node.span, |s| node.visit_children_with(s));
    }
    fn visit_setter_prop(&mut self, node: &SetterProp) {
        self.function(node.span, |s| node.visit_children_with(s));
    }
    fn visit_for_stmt(&mut self, node: &ForStmt) {
        self.looped(node.span, &node.body, |s| node.visit_children_with(s));
    }
    fn visit_for_in_stmt(&mut self, node: &ForInStmt) {
        self.looped(node.span, &node.body, |s| node.visit_children_with(s));
    }
    fn visit_for_of_stmt(&mut self, node: &ForOfStmt) {
        self.looped(node.span, &node.body, |s| node.visit_children_with(s));
    }
    fn visit_while_stmt(&mut self, node: &WhileStmt) {
        self.looped(node.span, &node.body, |s| node.visit_children_with(s));
    }
    fn visit_do_while_stmt(&mut self, node: &DoWhileStmt) {
        self.looped(node.span, &node.body, |s| node.visit_children_with(s));
    }
}

/// The byte offset of a 1-based line and column (counted in chars), if inside the text.
fn offset(source: &str, position: Position) -> Option<u32> {
    let line_start = if position.line <= 1 {
        0
    } else {
        source
            .match_indices('\n')
            .nth(position.line as usize - 2)?
            .0
            + 1
    };
    let line = source[line_start..].split('\n').next()?;
    let in_line = line
        .char_indices()
        .nth(position.column.saturating_sub(1) as usize)
        .map_or(line.len(), |(i, _)| i);
    u32::try_from(line_start + in_line).ok()
}

/// The 1-based line and column (in chars) of a byte offset.
fn position(source: &str, offset: u32) -> Position {
    let before = &source[..(offset as usize).min(source.len())];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Position {
        line: before.matches('\n').count() as u32 + 1,
        column: before[line_start..].chars().count() as u32 + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: u32, column: u32) -> Position {
        Position { line, column }
    }

    fn only(line: u32, column: u32) -> Option<RunningLoop> {
        Some(RunningLoop {
            at: at(line, column),
            or: None,
        })
    }

    #[test]
    fn the_loop_after_the_reported_position_in_the_same_function() {
        let source = "function f() {\n  g();\n  for (;;) {}\n}\nwhile (true) {}\n";
        // Reported at the call before the loop, or at the function's start.
        assert_eq!(running_loop(source, at(2, 3)), only(3, 3));
        assert_eq!(running_loop(source, at(1, 1)), only(3, 3));
        // At the top level, the loop of the top level, not the one inside `f`.
        assert_eq!(running_loop(source, at(4, 2)), only(5, 1));
    }

    #[test]
    fn a_position_in_a_header_means_the_loop_after_it() {
        let source = "let n = 0;\nfor (let i = 0; i < 3; i++) n++;\nwhile (n) {}\nfor (;;) {}\n";
        assert_eq!(running_loop(source, at(2, 24)), only(3, 1));
        // No loop after: the loop whose header it is.
        assert_eq!(running_loop(source, at(4, 6)), only(4, 1));
    }

    #[test]
    fn a_position_in_a_body_names_that_loop_and_the_next() {
        let source = "let n = 0;\nwhile (true) {\n  if (n > 5) n = 0;\n  n++;\n}\nfor (;;) {}\n";
        assert_eq!(
            running_loop(source, at(3, 7)),
            Some(RunningLoop {
                at: at(2, 1),
                or: Some(at(6, 1)),
            })
        );
        assert_eq!(running_loop(source, at(6, 10)), only(6, 1));
    }

    #[test]
    fn a_loop_in_a_nested_function_is_not_the_callers() {
        let source = "function f() {\n  const g = () => { while (true) {} };\n  g();\n}\n";
        assert_eq!(running_loop(source, at(1, 1)), None);
        assert_eq!(running_loop(source, at(2, 13)), only(2, 21));
    }

    #[test]
    fn no_loop_or_no_parse_is_none() {
        assert_eq!(running_loop("f();\n", at(1, 1)), None);
        assert_eq!(running_loop("while (", at(1, 1)), None);
        assert_eq!(running_loop("while (1) {}", at(9, 1)), None);
    }
}
