//! Parse + check throughput on the generated benchmark site, single-threaded and parallel.
//!
//! The corpus is the site `../shared/bench/gen_site.py --pages 1000 --ext .astral` writes.
//! Set `ASTC_BENCH_SITE` to an existing site folder, or `ASTC_GEN_SITE` to the generator
//! (default `../shared/bench/gen_site.py`), which is run once into `target/bench-site-1000`.
//!
//!     cargo bench --bench check
//!
//! divan prints bytes/s for each benchmark (input bytes of all component files).

use astc_compiler::db::{Database, SourceFile, Workspace, check_all, file_diagnostics};
use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

#[path = "support/site.rs"]
mod site;

use site::site_root;

fn main() {
    divan::main();
}

struct Corpus {
    files: Vec<(PathBuf, String)>,
    bytes: usize,
}

fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let root = site_root();
        let mut files = Vec::new();
        collect(&root.join("src"), &mut files);
        assert!(
            !files.is_empty(),
            "no component files under {}",
            root.display()
        );
        let bytes = files.iter().map(|(_, text)| text.len()).sum();
        eprintln!(
            "corpus: {} files, {:.1} MB",
            files.len(),
            bytes as f64 / 1e6
        );
        Corpus { files, bytes }
    })
}

fn collect(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "astral") {
            let text = std::fs::read_to_string(&path).unwrap();
            out.push((path, text));
        }
    }
}

/// A fresh database holding the corpus: nothing is cached between iterations.
fn load(corpus: &Corpus) -> (Database, Workspace, Vec<SourceFile>) {
    let db = Database::default();
    let files: Vec<SourceFile> = corpus
        .files
        .iter()
        .map(|(path, text)| SourceFile::new(&db, path.clone(), text.clone()))
        .collect();
    let workspace = Workspace::new(&db, site_root(), files.clone());
    (db, workspace, files)
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn parse_only(bencher: Bencher) {
    let corpus = corpus();
    bencher.counter(BytesCount::new(corpus.bytes)).bench(|| {
        for (_, text) in &corpus.files {
            black_box(astc_compiler::parse(text));
        }
    });
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn parse_and_check_single_thread(bencher: Bencher) {
    let corpus = corpus();
    bencher
        .counter(BytesCount::new(corpus.bytes))
        .with_inputs(|| load(corpus))
        .bench_values(|(db, workspace, files)| {
            let count: usize = files
                .iter()
                .map(|&file| file_diagnostics(&db, workspace, file).len())
                .sum();
            assert_eq!(count, 0, "the benchmark site is clean");
        });
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn parse_and_check_parallel(bencher: Bencher) {
    let corpus = corpus();
    bencher
        .counter(BytesCount::new(corpus.bytes))
        .with_inputs(|| load(corpus))
        .bench_values(|(db, workspace, _files)| {
            let count: usize = check_all(&db, workspace).iter().map(|(_, d)| d.len()).sum();
            assert_eq!(count, 0, "the benchmark site is clean");
        });
}
