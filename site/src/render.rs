//! Rendering pages: one page of a route to HTML from the IR alone, and every page of a
//! build on the renderer pool, written to the output folder.

use crate::expand::Job;
use crate::output::OutputDir;
use crate::problems::{Sources, render_error, stop_on};
use crate::watchdog::Watchdog;
use crate::{BuildError, Progress, redirect, workers};
use astc_ir::Site;
use astc_ir::route::{Urls, url_of_path};
use astc_runtime::{Limits, Outcome, PageInput, RenderError, RenderErrorKind, Renderer};
use std::collections::BTreeMap;
use std::sync::Arc;

/// One page of a route.
pub struct Page<'a> {
    /// The route's component.
    pub component: &'a str,
    /// The page's entry in the component's `getStaticPaths()` result (dynamic routes).
    pub path_entry: Option<usize>,
    pub params: &'a BTreeMap<String, String>,
    /// The route's path for these params (`Route::url_path`).
    pub url_path: &'a str,
}

/// The HTML of `page`, with `head` (its route's [`astc_ir::route::Head::html`]) at its
/// head's end; a redirect becomes the redirect page. Needs nothing but the IR: the
/// renderer's site and its `urls`.
pub fn page_html(
    renderer: &mut Renderer,
    urls: &Urls,
    head: &str,
    page: &Page,
) -> Result<String, RenderError> {
    let mut html = String::with_capacity(32 * 1024);
    let url = urls.page_url(&url_of_path(page.url_path));
    let input = PageInput {
        component: page.component,
        path_entry: page.path_entry,
        params: page.params,
        url: &url,
        site: urls.site.as_deref(),
        head,
    };
    let outcome = renderer.render_page(&input, &mut |chunk| html.push_str(chunk))?;
    if let Outcome::Redirect { location, status } = outcome {
        html = redirect::redirect_page(&redirect::Redirect {
            location: &location,
            status,
            from: url::Url::parse(&url)
                .as_ref()
                .map_or(page.url_path, url::Url::path),
            site: urls.site.as_deref(),
        })
        .map_err(|message| RenderError {
            kind: RenderErrorKind::Exception,
            message,
            component: page.component.to_owned(),
            line: None,
            column: None,
        })?;
    }
    Ok(html)
}

/// What rendering needs besides the jobs.
pub(crate) struct Pool<'a> {
    pub(crate) site: &'a Arc<Site>,
    pub(crate) limits: &'a Limits,
    pub(crate) watchdog: &'a Watchdog,
    pub(crate) progress: &'a dyn Progress,
    pub(crate) sources: &'a Sources,
}

enum JobError {
    Render(RenderError),
    Io(String),
}

/// Renders every job on one renderer per thread and writes it. Render errors stop the build
/// as diagnostics; files that cannot be written, as an I/O error.
pub(crate) fn render_all(pool: &Pool, jobs: &[Job], output: &OutputDir) -> Result<(), BuildError> {
    let heads: Vec<String> = pool.site.routes.iter().map(|r| r.head.html()).collect();
    pool.progress.start(jobs.len());
    let make = || Renderer::new(pool.site.clone(), pool.limits.clone());
    let run = |renderer: &mut Renderer, job: &Job| {
        let watch = pool.watchdog.watch(format!("rendering `{}`", job.url_path));
        let rendered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let page = Page {
                component: &job.component,
                path_entry: job.path_entry,
                params: &job.params,
                url_path: &job.url_path,
            };
            let html = page_html(renderer, &pool.site.urls, &heads[job.route], &page)
                .map_err(JobError::Render)?;
            output
                .write(&job.output, html.as_bytes())
                .map_err(JobError::Io)
        }));
        drop(watch);
        pool.progress.page_done();
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
        jobs,
        rayon::current_num_threads(),
        &make,
        &run,
        &|job: &Job| job.component.as_str(),
    )
    .map_err(BuildError::Io)?;
    pool.progress.finish();
    let mut failures = Vec::new();
    // A file that cannot be written is the machine's problem, not the source's: it is
    // reported as an I/O error (no source location to point at).
    let mut io_failures = Vec::new();
    for (result, job) in results.into_iter().zip(jobs) {
        match result {
            Ok(()) => {}
            Err(JobError::Render(error)) => {
                failures.push(render_error(pool.sources, &job.component, error))
            }
            Err(JobError::Io(message)) => io_failures.push(message),
        }
    }
    stop_on(failures)?;
    if let Some(first) = io_failures.first() {
        let more = match io_failures.len() - 1 {
            0 => String::new(),
            n => format!(" (and {n} more files could not be written)"),
        };
        return Err(BuildError::Io(format!("{first}{more}")));
    }
    Ok(())
}
