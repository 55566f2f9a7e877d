//! The salsa database shared by the CLI and the language server.
//!
//! Inputs are kept apart from derived queries: [`SourceFile`] (a path and its text) and
//! [`Workspace`] (the set of files) are set by the host; everything else is a tracked query.
//! Queries are layered so that editing a file's template re-runs only that file's parse and
//! template checks: frontmatter analysis depends on the frontmatter text alone, and the
//! component graph on each file's imports alone.

use crate::diagnostics::{self, Code, Diagnostic};
use crate::frontmatter::{FrontmatterInfo, analyze_frontmatter};
use crate::line_index::LineIndex;
use crate::parser::Parse;
use crate::semantic::check_template;
use crate::span::Span;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

/// One `.astral`/`.astro` file: the host sets its text.
#[salsa::input(debug)]
pub struct SourceFile {
    #[returns(ref)]
    pub path: PathBuf,
    #[returns(ref)]
    pub text: String,
}

/// The files of one project; import resolution looks among them.
#[salsa::input(debug)]
pub struct Workspace {
    #[returns(ref)]
    pub files: Vec<SourceFile>,
}

/// The concrete database. Cloning gives a handle for another thread.
#[salsa::db]
#[derive(Clone, Default)]
pub struct Database {
    storage: salsa::Storage<Self>,
}

#[salsa::db]
impl salsa::Database for Database {}

impl Database {
    /// A database that reports every salsa event to `callback` (tests count executions).
    pub fn with_event_callback(callback: impl Fn(salsa::Event) + Send + Sync + 'static) -> Self {
        Self {
            storage: salsa::Storage::new(Some(Box::new(callback))),
        }
    }
}

/// Line starts of a file, for converting offsets to positions.
#[salsa::tracked(returns(ref))]
pub fn line_index(db: &dyn salsa::Database, file: SourceFile) -> LineIndex {
    LineIndex::new(file.text(db))
}

/// The syntax tree and syntax diagnostics of a file.
#[salsa::tracked(returns(ref), no_eq)]
pub fn parse(db: &dyn salsa::Database, file: SourceFile) -> Parse {
    crate::parser::parse(file.text(db))
}

/// The frontmatter's code and where it starts; equal across edits to the template.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct FrontmatterSource {
    pub code: Span,
    pub text: String,
}

#[salsa::tracked(returns(ref))]
pub fn frontmatter_source(db: &dyn salsa::Database, file: SourceFile) -> Option<FrontmatterSource> {
    let frontmatter = parse(db, file).document.frontmatter.as_ref()?;
    if !frontmatter.closed {
        // Without the closing fence the template would be analysed as code: noise.
        return None;
    }
    Some(FrontmatterSource {
        code: frontmatter.code,
        text: frontmatter.code.text(file.text(db)).to_string(),
    })
}

/// Imports, `prerender`, `getStaticPaths`, `Props` and the frontmatter's diagnostics.
#[salsa::tracked(returns(ref))]
pub fn frontmatter(db: &dyn salsa::Database, file: SourceFile) -> FrontmatterInfo {
    match frontmatter_source(db, file) {
        Some(source) => {
            // The analysis reports spans in the whole file; only the code's offset matters,
            // so pad instead of depending on the (changing) template text.
            let start = source.code.start as usize;
            let mut padded = String::with_capacity(start + source.text.len());
            padded.extend(std::iter::repeat_n(' ', start));
            padded.push_str(&source.text);
            analyze_frontmatter(&padded, source.code)
        }
        None => FrontmatterInfo::default(),
    }
}

/// The workspace's files by path.
#[salsa::tracked(returns(ref))]
pub fn files_by_path(
    db: &dyn salsa::Database,
    workspace: Workspace,
) -> BTreeMap<PathBuf, SourceFile> {
    workspace
        .files(db)
        .iter()
        .map(|file| (normalize(file.path(db)), *file))
        .collect()
}

/// A relative import of an `.astral`/`.astro` component and the file it resolves to.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ComponentImport {
    /// The import's string literal, quotes included.
    pub source_span: Span,
    pub specifier: String,
    pub target: Option<SourceFile>,
}

/// The component files a file imports.
#[salsa::tracked(returns(ref))]
pub fn component_imports(
    db: &dyn salsa::Database,
    workspace: Workspace,
    file: SourceFile,
) -> Vec<ComponentImport> {
    let by_path = files_by_path(db, workspace);
    let dir = file.path(db).parent().unwrap_or(Path::new(""));
    frontmatter(db, file)
        .imports
        .iter()
        .filter(|import| is_relative(&import.source) && is_component_path(&import.source))
        .map(|import| ComponentImport {
            source_span: import.source_span,
            specifier: import.source.clone(),
            target: by_path.get(&normalize(&dir.join(&import.source))).copied(),
        })
        .collect()
}

/// Which file imports which component files, in workspace order.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct ComponentGraph {
    pub edges: Vec<(SourceFile, Vec<SourceFile>)>,
}

impl ComponentGraph {
    /// The files that import `file`.
    pub fn importers(&self, file: SourceFile) -> impl Iterator<Item = SourceFile> + '_ {
        self.edges
            .iter()
            .filter(move |(_, targets)| targets.contains(&file))
            .map(|(importer, _)| *importer)
    }
}

#[salsa::tracked(returns(ref))]
pub fn component_graph(db: &dyn salsa::Database, workspace: Workspace) -> ComponentGraph {
    let edges = workspace
        .files(db)
        .iter()
        .map(|&file| {
            let targets = component_imports(db, workspace, file)
                .iter()
                .filter_map(|import| import.target)
                .collect();
            (file, targets)
        })
        .collect();
    ComponentGraph { edges }
}

/// Template checks: expressions, styles, components, directives, slots.
#[salsa::tracked(returns(ref))]
pub fn template_diagnostics(db: &dyn salsa::Database, file: SourceFile) -> Vec<Diagnostic> {
    check_template(
        file.text(db),
        &parse(db, file).document,
        frontmatter(db, file),
    )
}

/// Every diagnostic of a file, in source order: what `astc check` prints and the language
/// server pushes.
#[salsa::tracked(returns(ref))]
pub fn file_diagnostics(
    db: &dyn salsa::Database,
    workspace: Workspace,
    file: SourceFile,
) -> Vec<Diagnostic> {
    let mut all = parse(db, file).diagnostics.clone();
    all.extend(frontmatter(db, file).diagnostics.iter().cloned());
    all.extend(template_diagnostics(db, file).iter().cloned());
    for import in component_imports(db, workspace, file) {
        if import.target.is_none() {
            all.push(
                Diagnostic::new(
                    Code::ComponentNotFound,
                    import.source_span,
                    format!("cannot find the component file `{}`", import.specifier),
                )
                .with_help("check the path; it is resolved relative to this file"),
            );
        }
    }
    diagnostics::sort(&mut all);
    all
}

fn is_relative(specifier: &str) -> bool {
    specifier.starts_with("./") || specifier.starts_with("../")
}

fn is_component_path(specifier: &str) -> bool {
    specifier.ends_with(".astral") || specifier.ends_with(".astro")
}

/// Resolves `.` and `..` without touching the file system.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests;
