//! The one diagnostic type, shared by the CLI, the language server and the tests.

mod codes;
mod render;

pub use codes::Code;
pub use render::{render_github, render_human, render_json_value};

use crate::span::Span;
use serde::Serialize;

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A secondary span with a note, shown next to the primary one.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// A problem in one source file.
///
/// Invariant: `span` (and every label's span) lies within the file's text and on char
/// boundaries.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// Where the problem is. Short and exact: the opening tag, the bad attribute.
    pub span: Span,
    /// What the primary span is, said in a few words (shown under it).
    pub span_label: Option<String>,
    pub labels: Vec<Label>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with the code's default severity.
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Self {
        Self {
            code,
            severity: code.severity(),
            message: message.into(),
            span,
            span_label: None,
            labels: Vec::new(),
            help: None,
        }
    }

    pub fn with_span_label(mut self, label: impl Into<String>) -> Self {
        self.span_label = Some(label.into());
        self
    }

    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The most diagnostics listed for one file; [`cap`] counts the rest in one note.
pub const MAX_PER_FILE: usize = 200;

/// Keeps the first [`MAX_PER_FILE`] of `diagnostics` (in reading order: [`sort`] them first)
/// and replaces the rest by one `E0116` note at the first left out: an error when any left
/// out is one, else a warning. So the check's outcome stays right and the output stays bounded, for the CLI,
/// the build and the language server alike.
pub fn cap(diagnostics: &mut Vec<Diagnostic>) {
    if diagnostics.len() <= MAX_PER_FILE {
        return;
    }
    let rest = diagnostics.split_off(MAX_PER_FILE);
    let errors = rest.iter().filter(|d| d.is_error()).count();
    let mut note = Diagnostic::new(
        Code::TooManyDiagnostics,
        rest[0].span,
        format!(
            "{} more diagnostic{} in this file ({errors} of them error{}), not listed",
            rest.len(),
            if rest.len() == 1 { "" } else { "s" },
            if errors == 1 { "" } else { "s" },
        ),
    )
    .with_span_label("the first of them")
    .with_help(format!(
        "astc lists the first {MAX_PER_FILE} per file; fix these and check again"
    ));
    if errors == 0 {
        note.severity = Severity::Warning;
    }
    diagnostics.push(note);
}

/// Sorts diagnostics into reading order: by position, then code.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.span.end, a.code).cmp(&(b.span.start, b.span.end, b.code))
    });
}
