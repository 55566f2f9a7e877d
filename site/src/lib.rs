//! `astc compile`: a site's sources to static files.
//!
//! Check every file (errors stop the build), lower every component to the render IR
//! (through the database), load the JavaScript modules they import, find the routes, expand
//! dynamic routes with `getStaticPaths`, then render every page in parallel (one JS runtime
//! per worker thread) and write `OUT/<route>/index.html` and the script assets.

mod modules;
pub mod output;
mod redirect;
pub mod routes;
mod watchdog;
mod workers;

use astc_compiler::config::{Config, ConfigError, Loaded, Output};
use astc_compiler::db::{self, Database, SourceFile, Workspace};
use astc_compiler::diagnostics::{Code, Diagnostic, Severity};
use astc_compiler::files::{find_component_files, is_component_file, read_all};
use astc_compiler::lower::Lowered;
use astc_compiler::span::Span;
use astc_ir::{self as ir, Part};
use astc_runtime::{Limits, Outcome, PageInput, RenderError, RenderErrorKind, Renderer};
use output::OutputDir;
use rayon::prelude::*;
use routes::Route;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub struct BuildOptions {
    /// The `src/` folder.
    pub src: PathBuf,
    /// Where to write; `None` means `outDir` of `astral.toml`, relative to the project root.
    pub out: Option<PathBuf>,
    /// Render and write the pages.
    pub emit_html: bool,
    /// Write the render IR of the whole site as `OUT/ir.json`.
    pub emit_ir: bool,
    pub limits: Limits,
    /// Called (from a watchdog thread) with a message when a render is stuck inside one
    /// JavaScript engine operation well past its time limit, where it cannot be interrupted
    /// or unwound: the host ends the process (the CLI prints the message and exits 1).
    pub on_stuck_render: fn(&str) -> !,
}

/// Diagnostics of one file, with what is needed to print them.
pub struct FileDiagnostics {
    pub path: String,
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// One line of the route table.
pub struct RouteRow {
    pub route: String,
    /// `static` or `dynamic`.
    pub kind: &'static str,
    pub outputs: Vec<String>,
}

pub struct BuildReport {
    /// The folder written.
    pub out: PathBuf,
    pub rows: Vec<RouteRow>,
    pub pages: usize,
    pub warnings: Vec<FileDiagnostics>,
    /// Time spent per phase, for `--timings` and benchmarks.
    pub phases: Vec<(&'static str, Duration)>,
}

pub enum BuildError {
    /// A usage or I/O problem (exit status 2).
    Io(String),
    /// Problems in the sources (exit status 1).
    Diagnostics(Vec<FileDiagnostics>),
}

/// Reports rendering progress (the CLI draws a bar).
pub trait Progress: Sync {
    fn start(&self, pages: usize);
    fn page_done(&self);
    fn finish(&self);
}

/// A page to render.
struct Job {
    route: usize,
    component: String,
    path_entry: Option<usize>,
    params: BTreeMap<String, String>,
    url_path: String,
    output: PathBuf,
}

pub fn build(options: &BuildOptions, progress: &dyn Progress) -> Result<BuildReport, BuildError> {
    let mut phases = Vec::new();
    let mut clock = Instant::now();
    let mut phase = |name: &'static str, phases: &mut Vec<(&'static str, Duration)>| {
        phases.push((name, clock.elapsed()));
        clock = Instant::now();
    };

    let project = astc_compiler::project::discover(&options.src);
    let src = &project.src;
    let pages_dir = src.join("pages");
    if !pages_dir.is_dir() {
        return Err(BuildError::Io(format!(
            "`{}` has no `pages/` folder",
            src.display()
        )));
    }
    let root = project.root.clone();
    let config = load_config(project.config)?;
    let out = match &options.out {
        Some(out) => out.clone(),
        None => root.join(&config.out_dir),
    };
    output::check_location(src, &out).map_err(BuildError::Io)?;
    let loaded =
        read_all(find_component_files(src).map_err(BuildError::Io)?).map_err(BuildError::Io)?;
    let mut db = Database::default();
    let files: Vec<SourceFile> = loaded
        .into_iter()
        .map(|file| SourceFile::new(&db, file.path, file.text))
        .collect();
    let workspace = Workspace::new(&db, root.clone(), files.clone());
    phase("read", &mut phases);

    // Check and lower. Check errors stop the build; warnings are reported with the result.
    let checked_and_lowered = check_and_lower(&mut db, workspace, &files);
    let checked: Vec<FileDiagnostics> = checked_and_lowered
        .iter()
        .filter(|file| !file.check.is_empty())
        .map(|file| report(&db, file.file, file.check.clone()))
        .collect();
    if checked
        .iter()
        .any(|r| r.diagnostics.iter().any(Diagnostic::is_error))
    {
        return Err(BuildError::Diagnostics(checked));
    }
    let warnings = checked;
    let lowered: Vec<(SourceFile, Lowered)> = checked_and_lowered
        .into_iter()
        .filter_map(|file| Some((file.file, file.lowered?)))
        .collect();
    let mut problems: Vec<FileDiagnostics> = lowered
        .iter()
        .filter(|(_, l)| !l.diagnostics.is_empty())
        .map(|(file, l)| report(&db, *file, l.diagnostics.clone()))
        .collect();
    let sources: HashMap<String, SourceText> = lowered
        .iter()
        .map(|(file, l)| {
            let source = SourceText {
                path: file.path(&db).display().to_string(),
                text: file.text(&db).clone(),
            };
            (l.component.id.clone(), source)
        })
        .collect();
    let mut site = ir::Site::default();
    for (_, l) in lowered {
        site.components.insert(l.component.id.clone(), l.component);
    }

    // JavaScript modules the components import.
    let requests = files
        .iter()
        .flat_map(|&file| {
            let path = file.path(&db).clone();
            db::frontmatter(&db, file)
                .imports
                .iter()
                .filter(|import| {
                    !import.type_only
                        && (import.source.starts_with("./") || import.source.starts_with("../"))
                        && !is_component_file(Path::new(&import.source))
                })
                .map(move |import| modules::Request {
                    importer: path.clone(),
                    specifier: import.source.clone(),
                    span: import.source_span,
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let loaded_modules = modules::load(&root, requests);
    site.modules = loaded_modules.modules;
    let file_by_path: HashMap<PathBuf, SourceFile> =
        files.iter().map(|&f| (f.path(&db).clone(), f)).collect();
    for (path, diagnostic) in loaded_modules.problems {
        if let Some(&file) = file_by_path.get(&path) {
            problems.push(report(&db, file, vec![diagnostic]));
        }
    }

    // Routes.
    let page_files: Vec<PathBuf> = files
        .iter()
        .filter_map(|&f| {
            f.path(&db)
                .strip_prefix(&pages_dir)
                .ok()
                .map(Path::to_path_buf)
        })
        .collect();
    let (routes, route_problems) = routes::routes(&page_files);
    for problem in route_problems {
        if let Some(&file) = file_by_path.get(&pages_dir.join(&problem.file)) {
            problems.push(report(
                &db,
                file,
                vec![Diagnostic::new(
                    Code::RouteConflict,
                    Span::empty(0),
                    problem.message,
                )],
            ));
        }
    }
    if !problems.is_empty() {
        return Err(BuildError::Diagnostics(merge(problems)));
    }
    phase("check+lower", &mut phases);

    // Page heads: the styles and scripts of every component a page can render.
    let graph = db::component_graph(&db, workspace);
    let edges: HashMap<SourceFile, &Vec<SourceFile>> =
        graph.edges.iter().map(|(f, t)| (*f, t)).collect();
    let mut assets: BTreeMap<String, String> = BTreeMap::new();
    let mut heads: HashMap<String, String> = HashMap::new();
    for route in &routes {
        let page = file_by_path[&pages_dir.join(&route.file)];
        let page_id = db::component_id(&db, workspace, page);
        let reachable = reachable(&edges, page);
        let mut styles: Vec<&str> = Vec::new();
        let mut head = String::new();
        let mut has_head = false;
        for file in &reachable {
            let component = &site.components[&db::component_id(&db, workspace, *file)];
            has_head |= astc_compiler::lower::has_head(component);
            for style in &component.styles {
                if !styles.contains(&style.as_str()) {
                    styles.push(style);
                }
            }
            for script in &component.scripts {
                let name = format!("_astral/{}.js", fnv_hex(script));
                let path = config.base_path(&format!("/{name}"));
                let src = astc_ir::escape::escape_attribute(&path);
                let tag = format!("<script type=\"module\" src=\"{src}\"></script>");
                if !head.contains(&tag) {
                    head.push_str(&tag);
                }
                assets.insert(name, script.clone());
            }
        }
        let styles: String = styles
            .iter()
            .map(|css| format!("<style>{css}</style>"))
            .collect();
        heads.insert(page_id.clone(), styles + &head);
        if !has_head && let Some(component) = site.components.get_mut(&page_id) {
            insert_head_end(&mut component.templates[0].parts);
        }
    }
    let site = Arc::new(site);
    if !options.emit_html {
        let output = OutputDir::prepare(&out).map_err(BuildError::Io)?;
        write_ir(&output, &site)?;
        return Ok(BuildReport {
            out,
            rows: Vec::new(),
            pages: 0,
            warnings,
            phases,
        });
    }

    // Expand dynamic routes.
    let mut jobs = Vec::new();
    let mut render_problems = Vec::new();
    let mut main_renderer = Renderer::new(site.clone(), options.limits.clone());
    let watchdog = watchdog::Watchdog::new(options.limits.time_per_render, options.on_stuck_render);
    for (index, route) in routes.iter().enumerate() {
        let page = file_by_path[&pages_dir.join(&route.file)];
        let id = db::component_id(&db, workspace, page);
        if !route.is_dynamic() {
            let url_path = route.url_path(&BTreeMap::new());
            jobs.push(Job {
                route: index,
                component: id,
                output: route.output_file(&url_path),
                path_entry: None,
                params: BTreeMap::new(),
                url_path,
            });
            continue;
        }
        let info = db::frontmatter(&db, page);
        if info.get_static_paths.is_none() {
            render_problems.push(report(
                &db,
                page,
                vec![Diagnostic::new(
                    Code::MissingStaticPaths,
                    Span::empty(0),
                    format!("the dynamic route `{}` has no `getStaticPaths`", route.pattern()),
                )
                .with_help("export `getStaticPaths()` returning `[{ params: { … } }]` to list the pages to build")],
            ));
            continue;
        }
        let watch = watchdog.watch(format!(
            "running `getStaticPaths` of `{}`",
            route.file.display()
        ));
        let static_paths = main_renderer.static_paths(&id);
        drop(watch);
        match static_paths {
            Ok(paths) => {
                for (entry, path) in paths.into_iter().enumerate() {
                    match route.check_params(&path.params) {
                        Ok(()) => {
                            let url_path = route.url_path(&path.params);
                            jobs.push(Job {
                                route: index,
                                component: id.clone(),
                                output: route.output_file(&url_path),
                                path_entry: Some(entry),
                                params: path.params,
                                url_path,
                            });
                        }
                        Err(message) => {
                            let span = info.get_static_paths.unwrap_or_default();
                            render_problems.push(report(
                                &db,
                                page,
                                vec![
                                    Diagnostic::new(
                                        Code::InvalidStaticPaths,
                                        span,
                                        format!("`getStaticPaths` entry {entry}: {message}"),
                                    )
                                    .with_help(format!(
                                        "each entry needs `params` with {}",
                                        describe_params(route)
                                    )),
                                ],
                            ));
                        }
                    }
                }
            }
            Err(error) => {
                render_problems.push(render_error(error_source(&sources, &id, &error), error))
            }
        }
    }
    // Output collisions: the route listed first (higher priority) keeps the file; astc's own
    // files are claimed before any page.
    let mut plan = output::Plan::default();
    let own_files = [output::OUTPUT_MARKER, "ir.json"]
        .into_iter()
        .chain(assets.keys().map(String::as_str));
    for file in own_files {
        plan.claim(Path::new(file), None)
            .expect("astc's own file names are distinct and never folders of each other");
    }
    for (index, job) in jobs.iter().enumerate() {
        let Err(clash) = plan.claim(&job.output, Some(index)) else {
            continue;
        };
        let owner = |other: &Option<usize>| match other {
            Some(other) if routes[jobs[*other].route].is_dynamic() => format!(
                "`{}` (from `{}`)",
                jobs[*other].url_path,
                routes[jobs[*other].route].pattern()
            ),
            Some(other) => format!("`{}`", jobs[*other].url_path),
            None => "astc's own output".to_owned(),
        };
        let message = match clash {
            output::Clash::SameFile { other, path } if path == job.output => format!(
                "`{}` of `{}` would be written to `{}`, which {} writes too",
                job.url_path,
                routes[job.route].pattern(),
                job.output.display(),
                owner(&other)
            ),
            output::Clash::SameFile { other, path } => format!(
                "`{}` of `{}` would be written to `{}`, and {} to `{}`: the names differ only \
                 in letter case or Unicode normalization, so they are one file on macOS and \
                 Windows",
                job.url_path,
                routes[job.route].pattern(),
                job.output.display(),
                owner(&other),
                path.display()
            ),
            output::Clash::FileAndFolder { other, path } => format!(
                "`{}` of `{}` and {} both need `{}`, one as a file and one as a folder",
                job.url_path,
                routes[job.route].pattern(),
                owner(&other),
                path.display()
            ),
        };
        let page = file_by_path[&pages_dir.join(&routes[job.route].file)];
        let span = db::frontmatter(&db, page)
            .get_static_paths
            .unwrap_or_default();
        render_problems.push(report(
            &db,
            page,
            vec![
                Diagnostic::new(Code::RouteConflict, span, message).with_help(
                    "give each page its own path; change the params `getStaticPaths` returns",
                ),
            ],
        ));
    }
    if !render_problems.is_empty() {
        return Err(BuildError::Diagnostics(merge(render_problems)));
    }
    phase("routes", &mut phases);

    // Rendering needs only the site's IR: the database (what analyses are left in it) and
    // the renderer that ran `getStaticPaths` go now, which keeps memory of big sites down.
    drop(main_renderer);
    drop(db);

    // Render and write.
    let output = OutputDir::prepare(&out).map_err(BuildError::Io)?;
    progress.start(jobs.len());
    let make = || Renderer::new(site.clone(), options.limits.clone());
    let run = |renderer: &mut Renderer, job: &Job| {
        let watch = watchdog.watch(format!("rendering `{}`", job.url_path));
        let rendered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            render_job(renderer, job, &heads[&job.component], &config, &output)
        }));
        drop(watch);
        progress.page_done();
        rendered.unwrap_or_else(|panic| {
            // A bug, not bad input: report it for this page and start this thread's
            // renderer afresh for the next one.
            *renderer = make();
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(JobError::Render(RenderError {
                kind: RenderErrorKind::Internal,
                message: format!("astc crashed while rendering this page: {message}"),
                component: job.component.clone(),
                line: None,
                column: None,
            }))
        })
    };
    let results = workers::render_all(
        &jobs,
        rayon::current_num_threads(),
        &make,
        &run,
        &|job: &Job| job.component.as_str(),
    )
    .map_err(BuildError::Io)?;
    progress.finish();
    let mut failures = Vec::new();
    // A file that cannot be written is the machine's problem, not the source's: it is
    // reported as an I/O error (no source location to point at).
    let mut io_failures = Vec::new();
    for (result, job) in results.into_iter().zip(&jobs) {
        match result {
            Ok(()) => {}
            Err(JobError::Render(error)) => failures.push(render_error(
                error_source(&sources, &job.component, &error),
                error,
            )),
            Err(JobError::Io(message)) => io_failures.push(message),
        }
    }
    if !failures.is_empty() {
        return Err(BuildError::Diagnostics(merge(failures)));
    }
    if let Some(first) = io_failures.first() {
        let more = match io_failures.len() - 1 {
            0 => String::new(),
            n => format!(" (and {n} more files could not be written)"),
        };
        return Err(BuildError::Io(format!("{first}{more}")));
    }
    for (name, script) in &assets {
        output
            .write(Path::new(name), script.as_bytes())
            .map_err(BuildError::Io)?;
    }
    if options.emit_ir {
        write_ir(&output, &site)?;
    }
    phase("render", &mut phases);

    let rows = routes
        .iter()
        .enumerate()
        .map(|(index, route)| RouteRow {
            route: route.pattern(),
            kind: if route.is_dynamic() {
                "dynamic"
            } else {
                "static"
            },
            outputs: jobs
                .iter()
                .filter(|job| job.route == index)
                .map(|job| job.output.display().to_string())
                .collect(),
        })
        .collect();
    Ok(BuildReport {
        out,
        rows,
        pages: jobs.len(),
        warnings,
        phases,
    })
}

/// How many files are checked and lowered between two evictions of syntax trees and IR
/// memos from the database.
const CHECK_CHUNK: usize = 128;

/// One file checked, and lowered if its check found no error.
struct CheckedFile {
    file: SourceFile,
    check: Vec<Diagnostic>,
    lowered: Option<Lowered>,
}

/// Checks and lowers every file, in parallel, keeping memory to a chunk of files: every
/// frontmatter is analysed first (the component graph needs them all, and they need no
/// syntax tree), then each chunk of files is checked and lowered, its IR taken out, and the
/// database's syntax trees and IR memos evicted (salsa LRU) before the next chunk.
fn check_and_lower(
    db: &mut Database,
    workspace: Workspace,
    files: &[SourceFile],
) -> Vec<CheckedFile> {
    files.par_iter().for_each_with(db.clone(), |db, &file| {
        db::frontmatter(db, file);
    });
    db::set_memo_capacity(db, CHECK_CHUNK);
    let mut out = Vec::with_capacity(files.len());
    for chunk in files.chunks(CHECK_CHUNK) {
        let checked: Vec<CheckedFile> = chunk
            .par_iter()
            .map_with(db.clone(), |db, &file| {
                let check = db::file_diagnostics(db, workspace, file).clone();
                // A file with errors is not lowered: its tree may be anything.
                let lowered = (!check.iter().any(Diagnostic::is_error))
                    .then(|| db::lowered(db, workspace, file).clone());
                CheckedFile {
                    file,
                    check,
                    lowered,
                }
            })
            .collect();
        out.extend(checked);
        salsa::Database::trigger_lru_eviction(db);
    }
    out
}

enum JobError {
    Render(RenderError),
    Io(String),
}

fn render_job(
    renderer: &mut Renderer,
    job: &Job,
    head: &str,
    config: &Config,
    output: &OutputDir,
) -> Result<(), JobError> {
    let mut html = String::with_capacity(32 * 1024);
    let url = config.page_url(&routes::url_of_path(&job.url_path));
    let input = PageInput {
        component: &job.component,
        path_entry: job.path_entry,
        params: &job.params,
        url: &url,
        site: config.site.as_deref(),
        head,
    };
    let outcome = renderer
        .render_page(&input, &mut |chunk| html.push_str(chunk))
        .map_err(JobError::Render)?;
    if let Outcome::Redirect { location, status } = outcome {
        html = redirect::redirect_page(&redirect::Redirect {
            location: &location,
            status,
            from: url::Url::parse(&url)
                .as_ref()
                .map_or(job.url_path.as_str(), url::Url::path),
            site: config.site.as_deref(),
        })
        .map_err(|message| {
            JobError::Render(RenderError {
                kind: RenderErrorKind::Exception,
                message,
                component: job.component.clone(),
                line: None,
                column: None,
            })
        })?;
    }
    output
        .write(&job.output, html.as_bytes())
        .map_err(JobError::Io)
}

/// The project's `astral.toml`; on-demand output is refused, since this build writes static
/// files only.
fn load_config(loaded: Result<Loaded, ConfigError>) -> Result<Config, BuildError> {
    let loaded = match loaded {
        Ok(loaded) => loaded,
        Err(ConfigError::Io(message)) => return Err(BuildError::Io(message)),
        Err(ConfigError::Invalid {
            path,
            text,
            diagnostics,
        }) => {
            return Err(BuildError::Diagnostics(vec![FileDiagnostics {
                path: path.display().to_string(),
                text,
                diagnostics,
            }]));
        }
    };
    if loaded.config.output == Output::Server {
        let span = loaded.config.output_span.unwrap_or_default();
        return Err(BuildError::Diagnostics(vec![FileDiagnostics {
            path: loaded.path.display().to_string(),
            text: loaded.text,
            diagnostics: vec![
                Diagnostic::new(
                    Code::UnsupportedOutput,
                    span,
                    "`output = \"server\"` (rendering pages on demand) is not supported by this astc yet",
                )
                .with_help("use `output = \"static\"` (the default) to prerender every page"),
            ],
        }]));
    }
    Ok(loaded.config)
}

fn write_ir(output: &OutputDir, site: &ir::Site) -> Result<(), BuildError> {
    let json = serde_json::to_string_pretty(site)
        .map_err(|e| BuildError::Io(format!("cannot serialize the IR: {e}")))?;
    output
        .write(Path::new("ir.json"), json.as_bytes())
        .map_err(BuildError::Io)
}

fn describe_params(route: &Route) -> String {
    route
        .params()
        .iter()
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every component file a page can render: the page and what it imports, transitively.
fn reachable(edges: &HashMap<SourceFile, &Vec<SourceFile>>, page: SourceFile) -> Vec<SourceFile> {
    let mut seen = HashSet::new();
    let mut order = Vec::new();
    let mut stack = vec![page];
    while let Some(file) = stack.pop() {
        if !seen.insert(file) {
            continue;
        }
        order.push(file);
        if let Some(targets) = edges.get(&file) {
            stack.extend(targets.iter().rev());
        }
    }
    order
}

/// Puts the page's head content at the start of a page that has no `<head>` (after its
/// doctype, if it starts with one).
fn insert_head_end(parts: &mut Vec<Part>) {
    if let Some(Part::Html(first)) = parts.first_mut()
        && first
            .trim_start()
            .to_ascii_lowercase()
            .starts_with("<!doctype")
        && let Some(end) = first.find('>')
    {
        let rest = first.split_off(end + 1);
        let mut tail = vec![Part::HeadEnd];
        if !rest.is_empty() {
            tail.push(Part::Html(rest));
        }
        parts.splice(1..1, tail);
        return;
    }
    parts.insert(0, Part::HeadEnd);
}

fn report(db: &Database, file: SourceFile, mut diagnostics: Vec<Diagnostic>) -> FileDiagnostics {
    astc_compiler::diagnostics::sort(&mut diagnostics);
    FileDiagnostics {
        path: file.path(db).display().to_string(),
        text: file.text(db).clone(),
        diagnostics,
    }
}

/// Joins reports of the same file.
fn merge(reports: Vec<FileDiagnostics>) -> Vec<FileDiagnostics> {
    let mut out: Vec<FileDiagnostics> = Vec::new();
    for report in reports {
        match out.iter_mut().find(|r| r.path == report.path) {
            Some(existing) => {
                existing.diagnostics.extend(report.diagnostics);
                astc_compiler::diagnostics::sort(&mut existing.diagnostics);
            }
            None => out.push(report),
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// A render error as a diagnostic in the component it happened in (the page otherwise).
/// A component's file, kept to report render errors once the database is gone.
struct SourceText {
    path: String,
    text: String,
}

/// The file a render error is in: the component it names, else the page being rendered.
fn error_source<'s>(
    sources: &'s HashMap<String, SourceText>,
    page_id: &str,
    error: &RenderError,
) -> &'s SourceText {
    sources
        .get(&error.component)
        .or_else(|| sources.get(page_id))
        .expect("every page has its source")
}

fn render_error(source: &SourceText, error: RenderError) -> FileDiagnostics {
    let text = &source.text;
    let span = match error.line {
        Some(line) if line > 0 => {
            let index = astc_compiler::line_index::LineIndex::new(text);
            let start = index.line_start(line - 1) as usize;
            let line_end = index.line_end(text, line - 1) as usize;
            let content_start =
                start + (text[start..line_end].len() - text[start..line_end].trim_start().len());
            Span::new(content_start as u32, line_end.max(content_start) as u32)
        }
        // No line (a timeout, say): the first line, usually the frontmatter's fence.
        _ => Span::new(
            0,
            astc_compiler::line_index::LineIndex::new(text)
                .line_end(text, 0)
                .min(text.trim_end().len() as u32),
        ),
    };
    let (code, help) = match error.kind {
        RenderErrorKind::Exception => (
            Code::RenderError,
            "the page's JavaScript threw while rendering",
        ),
        RenderErrorKind::Timeout => (
            Code::RenderTimeout,
            "look for a loop that never ends, or a promise that never settles",
        ),
        RenderErrorKind::OutOfMemory => (
            Code::RenderOutOfMemory,
            "the render allocates without bound; look for data growing in a loop",
        ),
        RenderErrorKind::OutputTooLarge => (
            Code::RenderOutputTooLarge,
            "look for a loop or a slot that repeats without end, or split the content over \
             several pages",
        ),
        RenderErrorKind::BadStaticPaths => (
            Code::InvalidStaticPaths,
            "return an array of `{ params: { … }, props?: { … } }` with string params",
        ),
        RenderErrorKind::NestingTooDeep => (
            Code::RenderNestingTooDeep,
            "components render each other without end; add a condition that stops the recursion",
        ),
        RenderErrorKind::MissingComponent => (
            Code::UnsupportedComponent,
            "the component cannot be found in the build",
        ),
        RenderErrorKind::Unsupported => (
            Code::ServerIslandUnsupported,
            "remove `server:defer` to render the component with the page",
        ),
        RenderErrorKind::Internal => (
            Code::RenderError,
            "this is likely a bug in astc; please report it",
        ),
    };
    let mut diagnostic = Diagnostic::new(code, span, error.message).with_help(help);
    if diagnostic.severity != Severity::Error {
        diagnostic.severity = Severity::Error;
    }
    FileDiagnostics {
        path: source.path.clone(),
        text: source.text.clone(),
        diagnostics: vec![diagnostic],
    }
}

/// A short stable content hash for asset names.
fn fnv_hex(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:012x}", hash >> 16)
}
