//! The salsa database shared by the CLI and the language server.
//!
//! Inputs are kept apart from derived queries: [`SourceFile`] (a path and its text) and
//! [`Workspace`] (the set of files) are set by the host; everything else is a tracked query.
//! Queries are layered so that editing a file's template re-runs only that file's parse and
//! template checks: frontmatter analysis depends on the frontmatter text alone, and the
//! component graph on each file's imports alone.

use crate::diagnostics::{self, Code, Diagnostic};
use crate::frontmatter::{FrontmatterInfo, ImportKind, analyze_frontmatter};
use crate::line_index::LineIndex;
use crate::lower::{LowerInput, Lowered, lower};
use crate::parser::Parse;
use crate::semantic::check_template;
use crate::span::Span;
use std::collections::{BTreeMap, HashMap};
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
    /// The project root: component ids are file paths relative to it.
    #[returns(ref)]
    pub root: PathBuf,
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

/// The syntax tree and syntax diagnostics of a file. Least recently used trees are dropped
/// at each new revision beyond the capacity (the build sets a small one and evicts as it
/// goes); what depends on them stays valid, and a dropped tree is parsed again on demand.
#[salsa::tracked(returns(ref), no_eq, lru = 1024)]
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
    // Found as the lexer finds it (the syntax tree's frontmatter is the same), so the
    // component graph of a whole site needs no syntax tree.
    let text = file.text(db);
    // `parse` reports a file over the limit and gives it an empty tree.
    if text.len() > crate::parser::MAX_SOURCE_BYTES {
        return None;
    }
    let fences = crate::lexer::frontmatter_fences(text)?;
    // Without the closing fence the template would be analysed as code: noise.
    let close = fences.close?;
    let code = match fences.code {
        Some(code) => Span::from_range(code),
        None => Span::empty(close.end as u32),
    };
    Some(FrontmatterSource {
        code,
        text: code.text(text).to_string(),
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

/// The components a file can call by tag name: the local name of each default import of a
/// component file of the workspace (type-only imports excepted) → that file. The one
/// resolution of static component tags, read by lowering and the language server.
#[salsa::tracked(returns(ref))]
pub fn components(
    db: &dyn salsa::Database,
    workspace: Workspace,
    file: SourceFile,
) -> BTreeMap<String, SourceFile> {
    let info = frontmatter(db, file);
    let mut out = BTreeMap::new();
    for resolved in component_imports(db, workspace, file) {
        let Some(target) = resolved.target else {
            continue;
        };
        let Some(import) = info
            .imports
            .iter()
            .find(|i| i.source_span == resolved.source_span)
        else {
            continue;
        };
        for specifier in &import.specifiers {
            if specifier.kind == ImportKind::Default && !specifier.type_only {
                out.insert(specifier.local.clone(), target);
            }
        }
    }
    out
}

/// Where a relative import of `file` leads: a component file of the workspace, or a module
/// on disk by [`crate::modules::resolve`] (the build's rule: as written, `.ts`, `.js`,
/// `.mjs`, `index.ts`, `index.js`). Not a query: it reads the file system.
pub fn resolve_import(
    db: &dyn salsa::Database,
    workspace: Workspace,
    file: SourceFile,
    specifier: &str,
) -> Option<PathBuf> {
    if !is_relative(specifier) {
        return None;
    }
    let dir = file.path(db).parent().unwrap_or(Path::new(""));
    if is_component_path(specifier) {
        let path = normalize(&dir.join(specifier));
        if files_by_path(db, workspace).contains_key(&path) {
            return Some(path);
        }
    }
    crate::modules::resolve(dir, specifier)
}

/// The names of the static `<slot name="…">`s of a component, sorted, without repeats.
#[salsa::tracked(returns(ref))]
pub fn slot_names(db: &dyn salsa::Database, file: SourceFile) -> Vec<String> {
    let text = file.text(db);
    let mut names: Vec<String> = crate::syntax::visit::elements(&parse(db, file).document.nodes)
        .into_iter()
        .filter(|element| element.kind == crate::syntax::ElementKind::Slot)
        .filter_map(|slot| {
            slot.attribute("name")?
                .value()?
                .static_text(text)
                .map(str::to_string)
        })
        .collect();
    names.sort();
    names.dedup();
    names
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

/// A component's id: its path relative to the workspace root, with `/` separators.
pub fn component_id(db: &dyn salsa::Database, workspace: Workspace, file: SourceFile) -> String {
    let path = file.path(db);
    let relative = path.strip_prefix(workspace.root(db)).unwrap_or(path);
    relative
        .components()
        .map(|component| component.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The component's render IR (see `astc_ir`) and the problems found lowering it.
/// Evicted like [`parse`]: the build copies it out.
#[salsa::tracked(returns(ref), lru = 1024)]
pub fn lowered(db: &dyn salsa::Database, workspace: Workspace, file: SourceFile) -> Lowered {
    let info = frontmatter(db, file);
    let components: HashMap<String, String> = components(db, workspace, file)
        .iter()
        .map(|(name, target)| (name.clone(), component_id(db, workspace, *target)))
        .collect();
    let input = LowerInput {
        id: &component_id(db, workspace, file),
        source: file.text(db),
        document: &parse(db, file).document,
        frontmatter: info,
        components: &components,
        line_index: line_index(db, file),
    };
    crate::js_syntax::with_stack(|| lower(&input))
}

/// How many syntax trees ([`parse`]) and IR memos ([`lowered`]) the database keeps once LRU
/// eviction runs (at a new revision, or `trigger_lru_eviction`). The build keeps a chunk's
/// worth; the language server keeps the default.
pub fn set_memo_capacity(db: &mut Database, capacity: usize) {
    parse::set_lru_capacity(db, capacity);
    lowered::set_lru_capacity(db, capacity);
}

/// Pairs (importer, imported) of component imports that lie on an import cycle through
/// other components (a component importing itself is not one).
#[salsa::tracked(returns(ref))]
pub fn import_cycles(
    db: &dyn salsa::Database,
    workspace: Workspace,
) -> Vec<(SourceFile, SourceFile)> {
    let graph = component_graph(db, workspace);
    let index: HashMap<SourceFile, usize> = graph
        .edges
        .iter()
        .enumerate()
        .map(|(i, (file, _))| (*file, i))
        .collect();
    let adjacency: Vec<Vec<usize>> = graph
        .edges
        .iter()
        .map(|(_, targets)| {
            targets
                .iter()
                .filter_map(|t| index.get(t).copied())
                .collect()
        })
        .collect();
    let component = strongly_connected(&adjacency);
    let mut out = Vec::new();
    for (from, targets) in adjacency.iter().enumerate() {
        for &to in targets {
            // A component importing itself renders itself, as `<Astro.self />` does: Astro
            // allows it, and the render's depth limit stops a recursion without end.
            if from != to && component[from] == component[to] {
                out.push((graph.edges[from].0, graph.edges[to].0));
            }
        }
    }
    out
}

/// Tarjan's strongly connected components, iteratively: the component number of each node.
fn strongly_connected(adjacency: &[Vec<usize>]) -> Vec<usize> {
    let n = adjacency.len();
    let (mut index, mut low, mut component) =
        (vec![usize::MAX; n], vec![0; n], vec![usize::MAX; n]);
    let (mut on_stack, mut stack, mut next_index, mut next_component) =
        (vec![false; n], Vec::new(), 0, 0);
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some((node, edge)) = work.pop() {
            if edge == 0 {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&next) = adjacency[node].get(edge) {
                work.push((node, edge + 1));
                if index[next] == usize::MAX {
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
        }
    }
    component
}

/// Template checks: expressions, styles, components, directives, slots.
#[salsa::tracked(returns(ref))]
pub fn template_diagnostics(db: &dyn salsa::Database, file: SourceFile) -> Vec<Diagnostic> {
    let (document, frontmatter) = (&parse(db, file).document, frontmatter(db, file));
    crate::js_syntax::with_stack(|| check_template(file.text(db), document, frontmatter))
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
    let cycles = import_cycles(db, workspace);
    for import in component_imports(db, workspace, file) {
        if let Some(target) = import.target
            && cycles.contains(&(file, target))
        {
            all.push(
                Diagnostic::new(
                    Code::ComponentImportCycle,
                    import.source_span,
                    format!("importing `{}` makes an import cycle", import.specifier),
                )
                .with_help("components that import each other would render each other forever; move the shared part into a third component (a component may render itself with `<Astro.self />`)"),
            );
        }
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
    diagnostics::cap(&mut all);
    all
}

/// The diagnostics of every file of the workspace, computed in parallel, in workspace order.
///
/// Every file's frontmatter is analysed first, in parallel: the import-cycle check of any one
/// file needs the whole component graph, and computing it on demand would leave one thread
/// analysing every frontmatter while the others wait for it.
pub fn check_all(db: &Database, workspace: Workspace) -> Vec<(SourceFile, Vec<Diagnostic>)> {
    use rayon::prelude::*;
    let files = workspace.files(db).clone();
    files.par_iter().for_each_with(db.clone(), |db, &file| {
        frontmatter(db, file);
    });
    files
        .par_iter()
        .map_with(db.clone(), |db, &file| {
            (file, file_diagnostics(db, workspace, file).clone())
        })
        .collect()
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
            // `..` cancels a named folder; above the start of a relative path it stays
            // (`../../x` is not `x`), and at the root it is the root.
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(".."),
            },
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod limits_tests;
