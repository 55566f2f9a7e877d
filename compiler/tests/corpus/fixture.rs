//! The trial of one fixture: its snapshots and what its folder promises (`ok/`: clean
//! through checking and lowering; `err/`: the code its file name starts with).

use crate::{Corpus, Fixture, ir_text};
use astc_compiler::db::{file_diagnostics, frontmatter_source, lowered};
use astc_compiler::diagnostics::render_human;
use astc_compiler::{Code, Diagnostic, Severity, parse, syntax};
use std::path::Path;

pub fn check(corpus: &Corpus, fixture: &Fixture) {
    let (db, workspace) = (&corpus.db, corpus.workspace);
    let (path, text) = (fixture.path.as_str(), fixture.text.as_str());
    let checked = file_diagnostics(db, workspace, fixture.file);
    let lowering = lowered(db, workspace, fixture.file);

    // The database reads frontmatters without the syntax tree; both must agree.
    let tree = parse(text).document.frontmatter;
    assert_eq!(
        frontmatter_source(db, fixture.file)
            .as_ref()
            .map(|s| s.code),
        tree.filter(|f| f.closed).map(|f| f.code),
        "{path}: frontmatter found differently"
    );

    // Whatever `astc compile` rejects, `astc check` and the editor report first, with the
    // same code. A file the checker already rejects never reaches lowering in a build, so
    // what lowering then adds (the module failing to compile) is a consequence, not news.
    let check_fails = checked.iter().any(|d| d.severity == Severity::Error);
    let unreported: Vec<Diagnostic> = lowering
        .diagnostics
        .iter()
        .filter(|d| !checked.iter().any(|c| c.code == d.code))
        .filter(|d| !(check_fails && d.severity == Severity::Error))
        .cloned()
        .collect();
    assert!(
        unreported.is_empty(),
        "{path}: lowering reports what checking does not:\n{}",
        rendered(path, text, &unreported)
    );

    let mut document = format!(
        "--- input\n{text}\n--- tree\n{}\n--- diagnostics\n{}",
        syntax::dump(&parse(text).document, text),
        rendered(path, text, checked)
    );
    if fixture.is_ok() {
        assert_snapshot("corpus", fixture, document);
        assert!(
            checked.is_empty(),
            "{path} should check clean:\n{}",
            rendered(path, text, checked)
        );
        assert!(
            lowering.diagnostics.is_empty(),
            "{path} should lower without diagnostics:\n{}",
            rendered(path, text, &lowering.diagnostics)
        );
        assert_snapshot("ir", fixture, ir_text::document(&lowering.component));
    } else {
        document.push_str(&format!(
            "--- lowering diagnostics\n{}",
            rendered(path, text, &lowering.diagnostics)
        ));
        assert_snapshot("corpus", fixture, document);
        let all: Vec<&Diagnostic> = checked.iter().chain(&lowering.diagnostics).collect();
        assert!(!all.is_empty(), "{path} should report something");
        let file_name = path.rsplit('/').next().unwrap();
        if let Some(expected) = Code::ALL
            .iter()
            .find(|code| file_name.starts_with(code.as_str()))
        {
            assert!(
                all.iter().any(|d| d.code == *expected),
                "{path} should report {} when checked or lowered",
                expected.as_str(),
            );
        }
    }
}

fn rendered(path: &str, text: &str, diagnostics: &[Diagnostic]) -> String {
    if diagnostics.is_empty() {
        "(none)\n".to_string()
    } else {
        render_human(path, text, diagnostics, false)
    }
}

/// Compares `document` with `snapshots/<folder>/<fixture's snapshot name>.snap`.
fn assert_snapshot(folder: &str, fixture: &Fixture, document: String) {
    let mut settings = insta::Settings::clone_current();
    // Relative to this file's folder, `compiler/tests/corpus/`.
    settings.set_snapshot_path(Path::new("../../../snapshots").join(folder));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_description(fixture.path.as_str());
    settings.bind(|| insta::assert_snapshot!(fixture.snapshot_name(), document));
}
