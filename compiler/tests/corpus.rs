//! The fixture corpus under `tests/fixtures/`: every file is parsed and checked through the
//! salsa database, and one snapshot per file (input, tree, rendered diagnostics) is stored in
//! `snapshots/corpus/`. Files under `ok/` must be clean; files under `err/` must report the
//! code their name starts with. Every prefix of every valid file must parse into a
//! well-formed tree that keeps the elements completed before the cut.

use astc_compiler::db::{Database, SourceFile, Workspace, file_diagnostics, lowered};
use astc_compiler::diagnostics::render_human;
use astc_compiler::syntax::{
    self, AttributeKind, AttributeValue, Element, ElementEnd, ExprPart, Expression, Node,
};
use astc_compiler::{Code, Diagnostic, Span, parse};
use salsa::Setter;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

/// Every component file under `dir`, as (path relative to the fixtures root, text).
fn collect(dir: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, out);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("astral" | "astro")
        ) {
            let relative = path
                .strip_prefix(fixtures_root())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push((relative, std::fs::read_to_string(&path).unwrap()));
        }
    }
}

fn fixtures() -> Vec<(String, String)> {
    let mut out = Vec::new();
    collect(&fixtures_root(), &mut out);
    assert!(out.len() > 20, "fixture corpus not found");
    out
}

fn snapshot_document(path: &str, text: &str, diagnostics: &[Diagnostic]) -> String {
    let tree = syntax::dump(&parse(text).document, text);
    let rendered = if diagnostics.is_empty() {
        "(none)\n".to_string()
    } else {
        render_human(path, text, diagnostics, false)
    };
    format!("--- input\n{text}\n--- tree\n{tree}\n--- diagnostics\n{rendered}")
}

/// The IR as readable text: templates as JSON, the script module as code.
fn ir_document(
    component: &astc_ir::Component,
    diagnostics: &[Diagnostic],
    path: &str,
    text: &str,
) -> String {
    let mut without_script = component.clone();
    let script = without_script.script.take();
    let mut out = serde_json::to_string_pretty(&without_script).unwrap();
    if let Some(script) = script {
        out.push_str(&format!(
            "\n--- module (getStaticPaths: {})\n{}",
            script.get_static_paths, script.module
        ));
        out.push_str(&format!("--- line map\n{:?}\n", script.line_map));
    }
    if !diagnostics.is_empty() {
        out.push_str(&format!(
            "--- lowering diagnostics\n{}",
            render_human(path, text, diagnostics, false)
        ));
    }
    out
}

#[test]
fn corpus_snapshots_and_expected_codes() {
    let fixtures = fixtures();
    let db = Database::default();
    let files: Vec<SourceFile> = fixtures
        .iter()
        .map(|(path, text)| SourceFile::new(&db, PathBuf::from(path), text.clone()))
        .collect();
    let workspace = Workspace::new(&db, fixtures_root(), files.clone());
    let mut seen = BTreeSet::new();
    for ((path, text), file) in fixtures.iter().zip(files) {
        let diagnostics = file_diagnostics(&db, workspace, file);
        seen.extend(diagnostics.iter().map(|d| d.code));
        // Whatever `astc compile` rejects, `astc check` reports first, with the same code.
        let lowering = &lowered(&db, workspace, file).diagnostics;
        let unreported: Vec<_> = lowering
            .iter()
            .filter(|d| !diagnostics.iter().any(|c| c.code == d.code))
            .collect();
        assert!(
            unreported.is_empty(),
            "{path}: lowering reports what checking does not:\n{}",
            render_human(path, text, lowering, false)
        );
        // The database reads frontmatters without the syntax tree; both must agree.
        let tree = astc_compiler::parse(text).document.frontmatter;
        let source = astc_compiler::db::frontmatter_source(&db, file);
        assert_eq!(
            source.as_ref().map(|s| s.code),
            tree.filter(|f| f.closed).map(|f| f.code),
            "{path}: frontmatter found differently"
        );
        let name = path
            .trim_end_matches(".astral")
            .trim_end_matches(".astro")
            .replace('/', "__");
        insta::with_settings!({
            snapshot_path => "../../snapshots/corpus",
            prepend_module_to_snapshot => false,
            omit_expression => true,
            description => path.as_str(),
        }, {
            insta::assert_snapshot!(name.clone(), snapshot_document(path, text, diagnostics));
        });
        if path.starts_with("ok/") {
            assert!(
                diagnostics.is_empty(),
                "{path} should be clean:\n{}",
                render_human(path, text, diagnostics, false)
            );
            // The render IR of every valid fixture, reviewed like the tree.
            let lowered = lowered(&db, workspace, file);
            insta::with_settings!({
                snapshot_path => "../../snapshots/ir",
                prepend_module_to_snapshot => false,
                omit_expression => true,
                description => path.as_str(),
            }, {
                insta::assert_snapshot!(name.clone(), ir_document(&lowered.component, &lowered.diagnostics, path, text));
            });
        } else {
            assert!(!diagnostics.is_empty(), "{path} should report something");
            let file_name = path.rsplit('/').next().unwrap();
            if let Some(expected) = Code::ALL
                .iter()
                .find(|code| file_name.starts_with(code.as_str()))
            {
                assert!(
                    diagnostics.iter().any(|d| d.code == *expected),
                    "{path} should report {}:\n{}",
                    expected.as_str(),
                    render_human(path, text, diagnostics, false)
                );
            }
        }
    }
    // Codes no fixture can reach: a file over 2 MiB (`db::limits_tests`), and the grammar's fallback for tokens the
    // lexer never produces out of place.
    let unreachable = [Code::SourceTooLarge, Code::UnexpectedToken];
    // Build-time codes are reported by `astc compile`, and `astral.toml` codes by the config
    // loader (unit tests in `config.rs`); both are tested end to end in
    // `tests/e2e/compile.rs`.
    let build_time =
        |code: &Code| code.as_str().starts_with("E05") || code.as_str().starts_with("E06");
    let missing: Vec<_> = Code::ALL
        .iter()
        .filter(|code| !seen.contains(code) && !unreachable.contains(code) && !build_time(code))
        .map(|code| code.as_str())
        .collect();
    assert!(missing.is_empty(), "no fixture reports {missing:?}");
}

/// Checks that every span in the tree lies within `len`, children inside parents, siblings
/// in order, and every span on a char boundary.
fn assert_well_formed(nodes: &[Node], text: &str, parent: Span) {
    let mut last_end = parent.start;
    for node in nodes {
        let span = node.span();
        assert!(
            span.start >= last_end && span.end <= parent.end && span.start <= span.end,
            "{span:?} in {parent:?}, after {last_end}"
        );
        assert!(
            text.is_char_boundary(span.start as usize) && text.is_char_boundary(span.end as usize)
        );
        last_end = span.end;
        match node {
            Node::Element(element) => {
                for attribute in &element.attributes {
                    assert!(
                        element.start_tag.start <= attribute.span.start
                            && attribute.span.end <= element.start_tag.end
                    );
                    match &attribute.kind {
                        AttributeKind::Named {
                            value: Some(AttributeValue::Expression(e)),
                            ..
                        }
                        | AttributeKind::Shorthand(e)
                        | AttributeKind::Spread(e) => assert_expression(e, text),
                        AttributeKind::Named { .. } => {}
                    }
                }
                assert_well_formed(&element.children, text, element.span);
            }
            Node::Expression(expression) => assert_expression(expression, text),
            _ => {}
        }
    }
}

fn assert_expression(expression: &Expression, text: &str) {
    for part in &expression.parts {
        if let ExprPart::Markup { span, nodes } = part {
            assert!(expression.span.start <= span.start && span.end <= expression.span.end);
            assert_well_formed(nodes, text, *span);
        }
    }
}

fn completed_top_level_elements(nodes: &[Node], before: u32) -> Vec<&Element> {
    nodes
        .iter()
        .filter_map(|node| match node {
            Node::Element(element)
                if element.span.end <= before
                    && matches!(
                        element.end,
                        ElementEnd::EndTag(_) | ElementEnd::SelfClosing | ElementEnd::Void
                    ) =>
            {
                Some(element)
            }
            _ => None,
        })
        .collect()
}

#[test]
fn every_prefix_of_a_valid_file_gives_a_usable_tree() {
    let mut db = Database::default();
    let file = SourceFile::new(&db, PathBuf::from("prefix.astral"), String::new());
    let workspace = Workspace::new(&db, PathBuf::from("."), vec![file]);
    let mut prefixes = 0;
    for (path, text) in fixtures()
        .into_iter()
        .filter(|(path, _)| path.starts_with("ok/"))
    {
        let full = parse(&text);
        for cut in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            let prefix = &text[..cut];
            let parsed = parse(prefix);
            let bounds = Span::new(0, cut as u32);
            assert_well_formed(&parsed.document.nodes, prefix, bounds);
            // Elements finished before the cut are the same as in the whole file.
            for element in completed_top_level_elements(&full.document.nodes, cut as u32) {
                assert!(
                    parsed
                        .document
                        .nodes
                        .iter()
                        .any(|node| matches!(node, Node::Element(e) if e == element)),
                    "{path}: prefix of {cut} bytes lost `<{}>` at {:?}",
                    element.name,
                    element.span
                );
            }
            // The full analysis (frontmatter, expressions, CSS, semantics) never fails either.
            file.set_text(&mut db).to(prefix.to_string());
            for diagnostic in file_diagnostics(&db, workspace, file) {
                assert!(
                    diagnostic.span.end as usize <= cut,
                    "{path}@{cut}: {diagnostic:?}"
                );
                assert!(
                    prefix.is_char_boundary(diagnostic.span.start as usize)
                        && prefix.is_char_boundary(diagnostic.span.end as usize)
                );
            }
            prefixes += 1;
        }
        assert_eq!(full, parse(&text), "parsing is deterministic");
    }
    assert!(prefixes > 1000);
}
