//! Problems as diagnostics of files: gathering them, and render errors located in the
//! component they happened in.

use crate::{BuildError, FileDiagnostics};
use astc_compiler::db::{Database, SourceFile};
use astc_compiler::diagnostics::{Code, Diagnostic, Severity};
use astc_compiler::span::Span;
use astc_runtime::{RenderError, RenderErrorKind};
use std::collections::HashMap;

/// `diagnostics` of `file`, sorted, with what is needed to print them.
pub(crate) fn report(
    db: &Database,
    file: SourceFile,
    mut diagnostics: Vec<Diagnostic>,
) -> FileDiagnostics {
    astc_compiler::diagnostics::sort(&mut diagnostics);
    FileDiagnostics {
        path: file.path(db).display().to_string(),
        text: file.text(db).clone(),
        diagnostics,
    }
}

/// Joins reports of the same file.
pub(crate) fn merge(reports: Vec<FileDiagnostics>) -> Vec<FileDiagnostics> {
    let mut out: Vec<FileDiagnostics> = Vec::new();
    for report in reports {
        match out.iter_mut().find(|r| r.path == report.path) {
            Some(existing) => {
                existing.diagnostics.extend(report.diagnostics);
                astc_compiler::diagnostics::sort(&mut existing.diagnostics);
            }
            None => out.push(report),
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// A component's file, kept to report render errors once the database is gone.
pub(crate) struct SourceText {
    pub(crate) path: String,
    pub(crate) text: String,
}

/// Component id → its file.
pub(crate) type Sources = HashMap<String, SourceText>;

/// A render error as a diagnostic in the component it names, else in the page being
/// rendered.
pub(crate) fn render_error(
    sources: &Sources,
    page_id: &str,
    error: RenderError,
) -> FileDiagnostics {
    let source = sources
        .get(&error.component)
        .or_else(|| sources.get(page_id))
        .expect("every page has its source");
    let text = &source.text;
    let span = match error.line {
        Some(line) if line > 0 => {
            let index = astc_compiler::line_index::LineIndex::new(text);
            let start = index.line_start(line - 1) as usize;
            let line_end = index.line_end(text, line - 1) as usize;
            let content_start =
                start + (text[start..line_end].len() - text[start..line_end].trim_start().len());
            Span::new(content_start as u32, line_end.max(content_start) as u32)
        }
        // No line (a timeout, say): the first line, usually the frontmatter's fence.
        _ => Span::new(
            0,
            astc_compiler::line_index::LineIndex::new(text)
                .line_end(text, 0)
                .min(text.trim_end().len() as u32),
        ),
    };
    let (code, help) = match error.kind {
        RenderErrorKind::Exception => (
            Code::RenderError,
            "the page's JavaScript threw while rendering",
        ),
        RenderErrorKind::Timeout => (
            Code::RenderTimeout,
            "look for a loop that never ends, or a promise that never settles",
        ),
        RenderErrorKind::OutOfMemory => (
            Code::RenderOutOfMemory,
            "the render allocates without bound; look for data growing in a loop",
        ),
        RenderErrorKind::OutputTooLarge => (
            Code::RenderOutputTooLarge,
            "look for a loop or a slot that repeats without end, or split the content over \
             several pages",
        ),
        RenderErrorKind::BadStaticPaths => (
            Code::InvalidStaticPaths,
            "return an array of `{ params: { … }, props?: { … } }` with string params",
        ),
        RenderErrorKind::NestingTooDeep => (
            Code::RenderNestingTooDeep,
            "components render each other without end; add a condition that stops the recursion",
        ),
        RenderErrorKind::MissingComponent => (
            Code::UnsupportedComponent,
            "the component cannot be found in the build",
        ),
        RenderErrorKind::Unsupported => (
            Code::ServerIslandUnsupported,
            "remove `server:defer` to render the component with the page",
        ),
        RenderErrorKind::Internal => (
            Code::RenderError,
            "this is likely a bug in astc; please report it",
        ),
    };
    let mut diagnostic = Diagnostic::new(code, span, error.message).with_help(help);
    if diagnostic.severity != Severity::Error {
        diagnostic.severity = Severity::Error;
    }
    FileDiagnostics {
        path: source.path.clone(),
        text: source.text.clone(),
        diagnostics: vec![diagnostic],
    }
}

/// Stops the build if there is any problem.
pub(crate) fn stop_on(problems: Vec<FileDiagnostics>) -> Result<(), BuildError> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(BuildError::Diagnostics(merge(problems)))
    }
}
