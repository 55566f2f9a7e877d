//! Renders diagnostics for people (ariadne), for tools (JSON) and for GitHub Actions.

use super::{Diagnostic, Severity};
use crate::line_index::LineIndex;
use ariadne::{Config, IndexType, Label, Report, ReportKind, Source};

/// Renders one file's diagnostics with ariadne. `color` is for terminals; tests pass `false`.
pub fn render_human(path: &str, source: &str, diagnostics: &[Diagnostic], color: bool) -> String {
    let mut out = Vec::new();
    let config = Config::default()
        .with_index_type(IndexType::Byte)
        .with_color(color);
    let mut cache = (path, Source::from(source));
    for diagnostic in diagnostics {
        let kind = match diagnostic.severity {
            Severity::Error => ReportKind::Error,
            Severity::Warning => ReportKind::Warning,
        };
        // ariadne draws no underline for a label without a message.
        let primary = Label::new((path, diagnostic.span.range()))
            .with_priority(1)
            .with_message(diagnostic.span_label.as_deref().unwrap_or("here"));
        let mut report = Report::build(kind, (path, diagnostic.span.range()))
            .with_config(config)
            .with_code(diagnostic.code.as_str())
            .with_message(&diagnostic.message)
            .with_label(primary);
        for label in &diagnostic.labels {
            report = report
                .with_label(Label::new((path, label.span.range())).with_message(&label.message));
        }
        if let Some(help) = &diagnostic.help {
            report = report.with_help(help);
        }
        // Writing into a Vec cannot fail.
        let _ = report.finish().write(&mut cache, &mut out);
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// One diagnostic as a JSON object, with 1-based line and column (in chars) next to byte
/// offsets.
pub fn render_json_value(
    path: &str,
    source: &str,
    index: &LineIndex,
    diagnostic: &Diagnostic,
) -> serde_json::Value {
    let position = |offset: u32| {
        let lc = index.line_col(source, offset);
        serde_json::json!({ "line": lc.line + 1, "column": lc.col + 1, "offset": offset })
    };
    serde_json::json!({
        "file": path,
        "code": diagnostic.code.as_str(),
        "name": diagnostic.code.name(),
        "severity": diagnostic.severity,
        "message": diagnostic.message,
        "start": position(diagnostic.span.start),
        "end": position(diagnostic.span.end),
        "label": diagnostic.span_label,
        "labels": diagnostic.labels.iter().map(|label| serde_json::json!({
            "message": label.message,
            "start": position(label.span.start),
            "end": position(label.span.end),
        })).collect::<Vec<_>>(),
        "help": diagnostic.help,
    })
}

/// GitHub Actions workflow commands (`::error file=…,line=…,col=…::…`), one per line.
pub fn render_github(
    path: &str,
    source: &str,
    index: &LineIndex,
    diagnostics: &[Diagnostic],
) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        let start = index.line_col(source, diagnostic.span.start);
        let end = index.line_col(source, diagnostic.span.end);
        let command = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = format!("{} {}", diagnostic.code.as_str(), diagnostic.message);
        if let Some(help) = &diagnostic.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            escape_property(path),
            start.line + 1,
            start.col + 1,
            end.line + 1,
            end.col + 1,
            escape_property(diagnostic.code.name()),
            escape_data(&message),
        ));
    }
    out
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}
