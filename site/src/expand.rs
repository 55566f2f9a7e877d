//! The pages to build: one per static route, and one per `getStaticPaths` entry of each
//! dynamic route, checked against the route and against each other's output files.

use crate::output;
use crate::problems::{Sources, render_error, report, stop_on};
use crate::project::Project;
use crate::public::PublicFile;
use crate::routes::output_file;
use crate::watchdog::Watchdog;
use crate::{BuildError, FileDiagnostics};
use astc_compiler::db::{self, SourceFile};
use astc_compiler::diagnostics::{Code, Diagnostic};
use astc_compiler::span::Span;
use astc_ir::Site;
use astc_ir::route::Route;
use astc_runtime::{Limits, Renderer};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

/// A page to render.
pub(crate) struct Job {
    /// Index into the site's routes.
    pub(crate) route: usize,
    pub(crate) component: String,
    /// The page's entry in its component's `getStaticPaths()` result.
    pub(crate) path_entry: Option<usize>,
    pub(crate) params: BTreeMap<String, String>,
    pub(crate) url_path: String,
    /// Relative to the output folder.
    pub(crate) output: PathBuf,
}

/// What expanding needs besides the site: the project's database, each page component's
/// file, and the component sources for errors.
pub(crate) struct Expansion<'a> {
    pub(crate) project: &'a Project,
    pub(crate) pages: &'a HashMap<String, SourceFile>,
    pub(crate) sources: &'a Sources,
    pub(crate) limits: &'a Limits,
    pub(crate) watchdog: &'a Watchdog,
}

/// Every page of `site` to write, in route order, with warnings for pages not written: a
/// path that two routes give is built by the one of higher priority ([`by_priority`]), and a
/// page whose output path a file of `public` has is not written. Dynamic routes without
/// `getStaticPaths`, invalid entries and pages whose output files clash (with each other,
/// with `own_files`, astc's own files, or otherwise with public files) stop the build.
pub(crate) fn expand<'f>(
    context: &Expansion,
    site: &Arc<Site>,
    own_files: impl Iterator<Item = &'f str>,
    public: &[PublicFile],
) -> Result<(Vec<Job>, Vec<FileDiagnostics>), BuildError> {
    let Expansion {
        project,
        pages,
        sources,
        limits,
        watchdog,
    } = context;
    let db = &project.db;
    let mut jobs = Vec::new();
    let mut problems = Vec::new();
    let mut renderer = Renderer::new(site.clone(), (*limits).clone());
    for (index, route) in site.routes.iter().enumerate() {
        let page = pages[&route.component];
        let id = &route.component;
        if !route.dynamic {
            let url_path = route.url_path(&BTreeMap::new());
            jobs.push(Job {
                route: index,
                component: id.clone(),
                output: output_file(route, &url_path),
                path_entry: None,
                params: BTreeMap::new(),
                url_path,
            });
            continue;
        }
        let info = db::frontmatter(db, page);
        let Some(span) = info.get_static_paths else {
            problems.push(report(
                db,
                page,
                vec![Diagnostic::new(
                    Code::MissingStaticPaths,
                    Span::empty(0),
                    format!("the dynamic route `{}` has no `getStaticPaths`", route.pattern),
                )
                .with_help("export `getStaticPaths()` returning `[{ params: { … } }]` to list the pages to build")],
            ));
            continue;
        };
        let file = page.path(db);
        let watch = watchdog.watch(format!(
            "running `getStaticPaths` of `{}`",
            file.strip_prefix(&project.pages_dir)
                .unwrap_or(file.as_path())
                .display()
        ));
        let static_paths = renderer.static_paths(id);
        drop(watch);
        let paths = match static_paths {
            Ok(paths) => paths,
            Err(error) => {
                problems.push(render_error(sources, id, error));
                continue;
            }
        };
        for (entry, path) in paths.into_iter().enumerate() {
            match route.check_params(&path.params) {
                Ok(()) => {
                    let url_path = route.url_path(&path.params);
                    jobs.push(Job {
                        route: index,
                        component: id.clone(),
                        output: output_file(route, &url_path),
                        path_entry: Some(entry),
                        params: path.params,
                        url_path,
                    });
                }
                Err(message) => problems.push(report(
                    db,
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
                )),
            }
        }
    }
    let (jobs, shadowed) = by_priority(jobs, &site.routes);
    let mut warnings: Vec<FileDiagnostics> = shadowed
        .iter()
        .map(|shadow| shadow_warning(db, pages, &site.routes, shadow))
        .collect();
    let collisions =
        output::collisions(&jobs, &site.routes, own_files, public).map_err(BuildError::Io)?;
    let span_of = |job: &Job| {
        let page = pages[&job.component];
        let span = db::frontmatter(db, page)
            .get_static_paths
            .unwrap_or_default();
        (page, span)
    };
    for (job, message) in collisions.clashes {
        let (page, span) = span_of(&jobs[job]);
        problems.push(report(
            db,
            page,
            vec![
                Diagnostic::new(Code::RouteConflict, span, message).with_help(
                    "give each page its own path; change the params `getStaticPaths` returns",
                ),
            ],
        ));
    }
    stop_on(problems)?;
    let mut skip = vec![false; jobs.len()];
    for (job, message) in collisions.shadowed {
        let (page, span) = span_of(&jobs[job]);
        skip[job] = true;
        warnings.push(report(
            db,
            page,
            vec![
                Diagnostic::new(Code::ShadowedPage, span, message).with_help(
                    "remove or rename the file in `public/` if the page should be written",
                ),
            ],
        ));
    }
    let jobs = jobs
        .into_iter()
        .zip(skip)
        .filter_map(|(job, skip)| (!skip).then_some(job))
        .collect();
    Ok((jobs, warnings))
}

/// Paths of `route` that another entry builds: one of `winner`, a route of higher priority,
/// or (when `winner == route`) a later entry of the same `getStaticPaths`.
struct Shadowed {
    route: usize,
    winner: usize,
    paths: Vec<String>,
}

/// The jobs with each URL path (trailing `/` aside) built once, as Astro does: by the route
/// of higher priority (jobs come in route order), or, when one route lists a path twice, from
/// its later entry. Static routes defined twice are reported with the routes, so only
/// clashes involving a dynamic route are listed.
fn by_priority(jobs: Vec<Job>, routes: &[Route]) -> (Vec<Job>, Vec<Shadowed>) {
    let mut kept: Vec<Job> = Vec::with_capacity(jobs.len());
    let mut by_path: HashMap<String, usize> = HashMap::with_capacity(jobs.len());
    let mut shadowed: Vec<Shadowed> = Vec::new();
    for job in jobs {
        let path = job.url_path.trim_end_matches('/').to_owned();
        let Some(&at) = by_path.get(&path) else {
            by_path.insert(path, kept.len());
            kept.push(job);
            continue;
        };
        let (route, winner, url_path) = (job.route, kept[at].route, job.url_path.clone());
        if !routes[route].dynamic && !routes[winner].dynamic {
            continue;
        }
        if winner == route {
            kept[at] = job;
        }
        match shadowed
            .iter_mut()
            .find(|s| s.route == route && s.winner == winner)
        {
            Some(entry) => entry.paths.push(url_path),
            None => shadowed.push(Shadowed {
                route,
                winner,
                paths: vec![url_path],
            }),
        }
    }
    (kept, shadowed)
}

/// `W0520` at the `getStaticPaths` of the shadowed route's page.
fn shadow_warning(
    db: &db::Database,
    pages: &HashMap<String, SourceFile>,
    routes: &[Route],
    shadow: &Shadowed,
) -> crate::FileDiagnostics {
    let route = &routes[shadow.route];
    let page = pages[&route.component];
    let span = db::frontmatter(db, page)
        .get_static_paths
        .unwrap_or_default();
    let mut paths: Vec<String> = shadow
        .paths
        .iter()
        .take(3)
        .map(|p| format!("`{p}`"))
        .collect();
    if shadow.paths.len() > 3 {
        paths.push(format!("{} more", shadow.paths.len() - 3));
    }
    let paths = paths.join(", ");
    let pattern = &route.pattern;
    let winner = &routes[shadow.winner].pattern;
    let diagnostic = if shadow.winner == shadow.route {
        Diagnostic::new(
            Code::ShadowedPage,
            span,
            format!("{paths} listed twice by `getStaticPaths` of `{pattern}`: built from the later entry"),
        )
        .with_help("give each entry its own params")
    } else {
        let noun = if shadow.paths.len() == 1 {
            "path"
        } else {
            "paths"
        };
        Diagnostic::new(
            Code::ShadowedPage,
            span,
            format!(
                "{paths} of `{pattern}` not built: the route `{winner}` has higher priority and builds the same {noun}"
            ),
        )
        .with_help(format!(
            "make sure `{pattern}` and `{winner}` do not generate the same paths"
        ))
    };
    report(db, page, vec![diagnostic])
}

fn describe_params(route: &Route) -> String {
    route
        .params()
        .iter()
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
