//! Renders diagnostics for people (ariadne), for tools (JSON) and for GitHub Actions.

use super::{Diagnostic, Severity};
use crate::line_index::LineIndex;
use crate::span::Span;
use ariadne::{Config, IndexType, Label, Report, ReportKind, Source};

/// Source lines longer than this many bytes are cut, in rendered snippets, to a window around
/// the spans on them: ariadne prints whole lines, and a minified or generated line would be
/// printed again for every diagnostic on it.
pub const MAX_SNIPPET_LINE: usize = 160;

/// How much of a cut line is kept before the first span on it, in bytes.
const CONTEXT_BEFORE: usize = 60;

/// Renders one file's diagnostics with ariadne. `color` is for terminals; tests pass `false`.
/// Lines over [`MAX_SNIPPET_LINE`] bytes are cut around the spans and marked with `…` (the
/// header keeps the file's line and column); so the output is bounded by the number of
/// diagnostics, not by line length.
pub fn render_human(path: &str, source: &str, diagnostics: &[Diagnostic], color: bool) -> String {
    let mut out = Vec::new();
    let config = Config::default()
        .with_index_type(IndexType::Byte)
        .with_color(color);
    let index = LineIndex::new(source);
    // Built on first use: a file whose long lines are all cut never needs it.
    let mut cache = None;
    for diagnostic in diagnostics {
        let mut spans = vec![diagnostic.span];
        spans.extend(diagnostic.labels.iter().map(|label| label.span));
        let excerpt = Excerpt::new(source, &index, &spans);
        let map = |span: Span| match &excerpt {
            Some(excerpt) => excerpt.range(span),
            None => span.range(),
        };
        let kind = match diagnostic.severity {
            Severity::Error => ReportKind::Error,
            Severity::Warning => ReportKind::Warning,
        };
        // ariadne draws no underline for a label without a message.
        let primary = Label::new((path, map(diagnostic.span)))
            .with_priority(1)
            .with_message(diagnostic.span_label.as_deref().unwrap_or("here"));
        let mut report = Report::build(kind, (path, map(diagnostic.span)))
            .with_config(config)
            .with_code(diagnostic.code.as_str())
            .with_message(&diagnostic.message)
            .with_label(primary);
        for label in &diagnostic.labels {
            report =
                report.with_label(Label::new((path, map(label.span))).with_message(&label.message));
        }
        if let Some(help) = &diagnostic.help {
            report = report.with_help(help);
        }
        // Writing into a Vec cannot fail.
        let _ = match &excerpt {
            Some(excerpt) => {
                let mut one = Vec::new();
                let _ = report
                    .finish()
                    .write((path, Source::from(excerpt.text.as_str())), &mut one);
                // ariadne's header gives the column in the cut line: put the file's back.
                let at = index.line_col(source, diagnostic.span.start);
                let one = String::from_utf8_lossy(&one);
                let line_ref = format!("{path}:{}:", at.line + 1);
                match one.find(&line_ref) {
                    Some(start) => {
                        let col_start = start + line_ref.len();
                        let col_end = one[col_start..]
                            .find(|c: char| !c.is_ascii_digit())
                            .map_or(one.len(), |n| col_start + n);
                        out.extend_from_slice(one[..col_start].as_bytes());
                        out.extend_from_slice((at.col + 1).to_string().as_bytes());
                        out.extend_from_slice(one[col_end..].as_bytes());
                    }
                    None => out.extend_from_slice(one.as_bytes()),
                }
                Ok(())
            }
            None => report.finish().write(
                cache.get_or_insert_with(|| (path, Source::from(source))),
                &mut out,
            ),
        };
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The lines a diagnostic's spans touch, long ones cut to a window, after as many empty lines
/// as come before them in the file (so line numbers stay right).
struct Excerpt {
    text: String,
    /// Per line of the excerpt: the file range it shows and where that range starts in
    /// `text`.
    lines: Vec<(std::ops::Range<usize>, usize)>,
}

impl Excerpt {
    /// `None` when every line the spans touch is short enough to print whole.
    fn new(source: &str, index: &LineIndex, spans: &[Span]) -> Option<Self> {
        let line_of = |offset: u32| index.line_col(source, offset).line;
        let line_range = |line: u32| {
            let start = index.line_start(line) as usize;
            let end = source[start..]
                .find('\n')
                .map_or(source.len(), |n| start + n);
            start..end
        };
        let first = spans.iter().map(|s| line_of(s.start)).min()?;
        let last = spans.iter().map(|s| line_of(s.end)).max()?;
        if (first..=last).all(|line| line_range(line).len() <= MAX_SNIPPET_LINE) {
            return None;
        }
        let mut text = "\n".repeat(first as usize);
        let mut lines = Vec::new();
        for line in first..=last {
            let range = line_range(line);
            let shown = if range.len() <= MAX_SNIPPET_LINE {
                range.clone()
            } else {
                // From a little before the first span offset on the line to the last, at least
                // MAX_SNIPPET_LINE bytes when the line has them, at most four times that. The
                // primary span (the first) decides when it starts on the line: other labels
                // beyond the window are clamped to its edge.
                let on = |at: &usize| range.contains(at) || *at == range.end;
                let primary = [spans[0].start as usize, spans[0].end as usize];
                let on_line: Vec<usize> = if on(&primary[0]) {
                    primary.into_iter().filter(on).collect()
                } else {
                    spans
                        .iter()
                        .flat_map(|s| [s.start as usize, s.end as usize])
                        .filter(on)
                        .collect()
                };
                let low = on_line.iter().min().copied().unwrap_or(range.start);
                let high = on_line.iter().max().copied().unwrap_or(range.start);
                let start = floor(source, low.saturating_sub(CONTEXT_BEFORE).max(range.start));
                let end = (high + 20)
                    .max(start + MAX_SNIPPET_LINE)
                    .min(start + 4 * MAX_SNIPPET_LINE)
                    .min(range.end);
                start..floor(source, end)
            };
            if shown.start > range.start {
                text.push('…');
            }
            lines.push((shown.clone(), text.len()));
            text.push_str(&source[shown.clone()]);
            if shown.end < range.end {
                text.push('…');
            }
            text.push('\n');
        }
        Some(Self { text, lines })
    }

    /// Where a file span is in the excerpt: each end on its line's window, clamped into it.
    fn range(&self, span: Span) -> std::ops::Range<usize> {
        let at = |offset: usize| {
            let i = self
                .lines
                .partition_point(|(shown, _)| shown.start <= offset)
                .saturating_sub(1);
            let (shown, base) = &self.lines[i];
            base + offset.clamp(shown.start, shown.end) - shown.start
        };
        let start = at(span.start as usize);
        start..at(span.end as usize).max(start)
    }
}

/// `at`, or the char boundary of `text` before it.
fn floor(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
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

#[cfg(test)]
mod tests {
    use super::{MAX_SNIPPET_LINE, render_human};
    use crate::diagnostics::{Code, Diagnostic};
    use crate::span::Span;

    #[test]
    fn long_lines_are_cut_around_the_spans() {
        // One 3,000-attribute line, a duplicate reported on each of its last 200 attributes:
        // every diagnostic once reprinted the whole 23 kB line.
        let names: Vec<String> = (0..3000).map(|i| format!("a{i}")).collect();
        let source = format!("---\n---\n<div {}>é</div>\n", names.join(" "));
        let line_start = source.find("<div").unwrap() as u32;
        let diagnostics: Vec<Diagnostic> = names[2800..]
            .iter()
            .map(|name| {
                let at = source
                    .find(&format!(" {name} "))
                    .or_else(|| source.find(&format!(" {name}>")))
                    .unwrap() as u32
                    + 1;
                Diagnostic::new(
                    Code::DuplicateAttribute,
                    Span::new(at, at + name.len() as u32),
                    "twice",
                )
                .with_label(
                    Span::new(line_start + 5, line_start + 7),
                    "first given here",
                )
            })
            .collect();
        let out = render_human("x.astral", &source, &diagnostics, false);
        // Labels far apart on one line widen the window, to at most four times the limit.
        assert!(
            out.len() < diagnostics.len() * 8 * 1024,
            "{} bytes",
            out.len()
        );
        for line in out.lines() {
            assert!(line.chars().count() < 4 * MAX_SNIPPET_LINE + 64, "{line}");
        }
        // The cut is marked, the real position given, and the span's text shown.
        let first = out.split("───╯").next().unwrap();
        assert!(first.contains("…"), "{first}");
        let column = source.find(" a2800 ").unwrap() - source.find("<div").unwrap() + 2;
        assert!(first.contains(&format!("x.astral:3:{column} ]")), "{first}");
        assert!(first.contains(" a2800 "), "{first}");
        // Short lines are printed whole, as before.
        let short = render_human(
            "x.astral",
            "<p>\n<div a a>\n",
            &[Diagnostic::new(
                Code::DuplicateAttribute,
                Span::new(11, 12),
                "twice",
            )],
            false,
        );
        assert!(
            short.contains("<div a a>") && !short.contains("…"),
            "{short}"
        );
        assert!(short.contains("x.astral:2:8"), "{short}");
    }
}
