//! The one place where compiler spans and diagnostics become LSP positions (UTF-16) and
//! back.

use astc_compiler::{Diagnostic, LineIndex, Severity, Span, line_index::LineCol};
use tower_lsp_server::ls_types::{
    self as lsp, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Position, Range, Uri,
};

pub fn position(index: &LineIndex, text: &str, offset: u32) -> Position {
    let lc = index.line_col_utf16(text, offset.min(text.len() as u32));
    Position::new(lc.line, lc.col)
}

pub fn range(index: &LineIndex, text: &str, span: Span) -> Range {
    Range::new(
        position(index, text, span.start),
        position(index, text, span.end),
    )
}

/// The byte offset of an LSP position, clamped into the text and onto a char boundary.
pub fn offset(index: &LineIndex, text: &str, position: Position) -> u32 {
    index.offset_utf16(
        text,
        LineCol {
            line: position.line,
            col: position.character,
        },
    )
}

pub fn diagnostic(
    uri: &Uri,
    index: &LineIndex,
    text: &str,
    diagnostic: &Diagnostic,
) -> lsp::Diagnostic {
    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<_> = diagnostic
        .labels
        .iter()
        .map(|label| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), range(index, text, label.span)),
            message: label.message.clone(),
        })
        .collect();
    lsp::Diagnostic {
        range: range(index, text, diagnostic.span),
        severity: Some(match diagnostic.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(diagnostic.code.as_str().to_string())),
        source: Some("astc".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..Default::default()
    }
}
