//! The render workers: a fixed set of threads, each with one [`Renderer`] (so one JavaScript
//! engine), taking pages from a shared counter until none is left.
//!
//! One renderer per thread, rather than one per work-stealing split, means each thread starts
//! its engine and evaluates the shared component modules once. A renderer is renewed once it
//! has rendered [`PAGES_PER_RENDERER`] different page components: every page module it
//! evaluated stays in its engine, so without renewal memory would grow with the size of the
//! site. Pages of one dynamic route count once: a fresh renderer would have to call the
//! route's `getStaticPaths` again for its props, which made big routes quadratic.

use astc_runtime::Renderer;
use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

/// Different page components one renderer renders before it is replaced by a fresh one.
pub const PAGES_PER_RENDERER: usize = 250;

/// Deep component trees and JavaScript recursion need a big stack.
const WORKER_STACK_BYTES: usize = 96 << 20;

/// Runs `run` on every job, on `threads` threads (at least one); results come back in job
/// order. `make` creates a renderer; `run` may replace the one it is given (after a panic, say).
/// `page_of` names the page component a job renders (what renewal counts).
/// `Err` when a thread cannot be started.
pub fn render_all<J, R>(
    jobs: &[J],
    threads: usize,
    make: &(dyn Fn() -> Renderer + Sync),
    run: &(dyn Fn(&mut Renderer, &J) -> R + Sync),
    page_of: &(dyn Fn(&J) -> &str + Sync),
) -> Result<Vec<R>, String>
where
    J: Sync,
    R: Send,
{
    let next = AtomicUsize::new(0);
    let (sender, receiver) = mpsc::channel::<(usize, R)>();
    std::thread::scope(|scope| {
        for worker in 0..threads.clamp(1, jobs.len().max(1)) {
            let sender = sender.clone();
            let next = &next;
            std::thread::Builder::new()
                .name(format!("astc-render-{worker}"))
                .stack_size(WORKER_STACK_BYTES)
                .spawn_scoped(scope, move || {
                    let mut renderer: Option<Renderer> = None;
                    let mut pages: HashSet<&str> = HashSet::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(job) = jobs.get(index) else { break };
                        let page = page_of(job);
                        if !pages.contains(page) && pages.len() == PAGES_PER_RENDERER {
                            renderer = None;
                            pages.clear();
                        }
                        pages.insert(page);
                        let renderer = renderer.get_or_insert_with(make);
                        let result = run(renderer, job);
                        if sender.send((index, result)).is_err() {
                            break;
                        }
                    }
                })
                .map_err(|e| format!("cannot start render threads: {e}"))?;
        }
        Ok::<(), String>(())
    })?;
    drop(sender);
    let mut results: Vec<Option<R>> = std::iter::repeat_with(|| None).take(jobs.len()).collect();
    for (index, result) in receiver {
        results[index] = Some(result);
    }
    Ok(results
        .into_iter()
        .map(|result| result.expect("every job was run"))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use astc_ir::Site;
    use astc_runtime::Limits;
    use std::sync::Arc;

    #[test]
    fn every_job_runs_once_and_results_keep_job_order() {
        let site = Arc::new(Site::default());
        let jobs: Vec<usize> = (0..1000).collect();
        let make = || Renderer::new(site.clone(), Limits::default());
        let results = render_all(&jobs, 3, &make, &|_, &job| job * 2, &|_| "page").unwrap();
        assert_eq!(results, jobs.iter().map(|j| j * 2).collect::<Vec<_>>());
    }

    #[test]
    fn renderers_are_renewed_after_their_quota_of_pages() {
        let site = Arc::new(Site::default());
        let made = AtomicUsize::new(0);
        let jobs: Vec<String> = (0..PAGES_PER_RENDERER * 2 + 1)
            .map(|i| format!("page{i}"))
            .collect();
        let make = || {
            made.fetch_add(1, Ordering::Relaxed);
            Renderer::new(site.clone(), Limits::default())
        };
        render_all(&jobs, 1, &make, &|_, _| (), &|job| job).unwrap();
        assert_eq!(made.load(Ordering::Relaxed), 3);
    }

    #[test]
    fn the_pages_of_one_route_share_a_renderer() {
        let site = Arc::new(Site::default());
        let made = AtomicUsize::new(0);
        let jobs = vec![(); PAGES_PER_RENDERER * 10];
        let make = || {
            made.fetch_add(1, Ordering::Relaxed);
            Renderer::new(site.clone(), Limits::default())
        };
        render_all(&jobs, 1, &make, &|_, _| (), &|_| "[slug]").unwrap();
        assert_eq!(made.load(Ordering::Relaxed), 1);
    }

    #[test]
    fn no_jobs_no_results() {
        let site = Arc::new(Site::default());
        let make = || Renderer::new(site.clone(), Limits::default());
        let results: Vec<()> = render_all(&[] as &[()], 2, &make, &|_, _| (), &|_| "").unwrap();
        assert!(results.is_empty());
    }
}
