//! The fixture corpus under `tests/fixtures/`, one trial per component file, named by its
//! path without the extension (`ok/components`, `err/E0106-unclosed-element`), so
//! `cargo test --test corpus ok/comp` runs the matching ones and one failure hides no other:
//!
//! - each fixture ([`fixture`]): snapshots of its tree and diagnostics (`snapshots/corpus/`);
//!   an `ok/` file checks clean, lowers without diagnostics and has its render IR
//!   snapshotted (`snapshots/ir/`); an `err/` file reports the code its name starts with,
//!   and its lowering diagnostics are snapshotted beside the checker's;
//! - `every_prefix_of_a_valid_file_gives_a_usable_tree/<fixture>` for each `ok/` file
//!   ([`prefixes`]);
//! - `every_code_is_reported_by_a_fixture`: each diagnostic code a fixture can reach is
//!   reached by one.

mod fixture;
mod ir_text;
mod prefixes;

use astc_compiler::Code;
use astc_compiler::db::{Database, SourceFile, Workspace, file_diagnostics, lowered};
use libtest_mimic::{Arguments, Trial};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One component file of the corpus.
pub struct Fixture {
    /// Relative to the fixtures root, with `/` separators: `ok/components.astral`.
    pub path: String,
    pub text: String,
    pub file: SourceFile,
}

impl Fixture {
    /// The trial name: the path without its extension (`ok/components`).
    pub fn name(&self) -> &str {
        self.path
            .trim_end_matches(".astral")
            .trim_end_matches(".astro")
    }

    /// The snapshot file name: the trial name with `__` for `/` (`ok__components`).
    pub fn snapshot_name(&self) -> String {
        self.name().replace('/', "__")
    }

    pub fn is_ok(&self) -> bool {
        self.path.starts_with("ok/")
    }
}

/// All fixtures in one database. Trials take their own handle (a clone), so what one
/// computes (the component graph, imported frontmatters) the others reuse.
#[derive(Clone)]
pub struct Corpus {
    pub db: Database,
    pub workspace: Workspace,
    pub fixtures: Arc<Vec<Fixture>>,
}

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

/// Every component file under `dir`, as (path relative to the fixtures root, text), sorted.
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

impl Corpus {
    fn load() -> Self {
        let mut found = Vec::new();
        collect(&fixtures_root(), &mut found);
        assert!(found.len() > 20, "fixture corpus not found");
        let db = Database::default();
        let fixtures: Vec<Fixture> = found
            .into_iter()
            .map(|(path, text)| Fixture {
                file: SourceFile::new(&db, PathBuf::from(&path), text.clone()),
                path,
                text,
            })
            .collect();
        let files = fixtures.iter().map(|f| f.file).collect();
        let workspace = Workspace::new(&db, fixtures_root(), files);
        Corpus {
            db,
            workspace,
            fixtures: Arc::new(fixtures),
        }
    }
}

fn main() {
    let args = Arguments::from_args();
    let corpus = Corpus::load();
    let mut trials = Vec::new();
    for (index, fixture) in corpus.fixtures.iter().enumerate() {
        let handle = corpus.clone();
        trials.push(Trial::test(fixture.name(), move || {
            fixture::check(&handle, &handle.fixtures[index]);
            Ok(())
        }));
    }
    for fixture in corpus.fixtures.iter().filter(|f| f.is_ok()) {
        let (path, text) = (fixture.path.clone(), fixture.text.clone());
        trials.push(Trial::test(
            format!(
                "every_prefix_of_a_valid_file_gives_a_usable_tree/{}",
                fixture.name()
            ),
            move || {
                prefixes::check(&path, &text);
                Ok(())
            },
        ));
    }
    let handle = corpus.clone();
    trials.push(Trial::test(
        "every_code_is_reported_by_a_fixture",
        move || {
            every_code_is_reported_by_a_fixture(&handle);
            Ok(())
        },
    ));
    libtest_mimic::run(&args, trials).exit();
}

/// Checked over the whole corpus: what the checker or lowering reports for some fixture.
fn every_code_is_reported_by_a_fixture(corpus: &Corpus) {
    let mut seen = BTreeSet::new();
    for fixture in corpus.fixtures.iter() {
        let checked = file_diagnostics(&corpus.db, corpus.workspace, fixture.file);
        let lowering = lowered(&corpus.db, corpus.workspace, fixture.file);
        seen.extend(checked.iter().chain(&lowering.diagnostics).map(|d| d.code));
    }
    // Codes no fixture can reach: a file over 2 MiB (`db::limits_tests`), and the grammar's
    // fallback for tokens the lexer never produces out of place.
    let unreachable = [Code::SourceTooLarge, Code::UnexpectedToken];
    // Build-time codes are reported by `astc compile`, and `astral.toml` codes by the config
    // loader (unit tests in `config.rs`); both are tested end to end in `tests/e2e/`.
    let build_time = |code: &Code| matches!(&code.as_str()[1..3], "05" | "06");
    let missing: Vec<_> = Code::ALL
        .iter()
        .filter(|code| !seen.contains(code) && !unreachable.contains(code) && !build_time(code))
        .map(|code| code.as_str())
        .collect();
    assert!(missing.is_empty(), "no fixture reports {missing:?}");
}
