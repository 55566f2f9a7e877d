//! What a build reports: the route table and the time each phase took.

use crate::FileDiagnostics;
use crate::expand::Job;
use astc_ir::route::Route;
use std::path::PathBuf;
use std::time::{Duration, Instant};

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

/// Times the phases of a build, one after the other.
pub(crate) struct Phases {
    clock: Instant,
    done: Vec<(&'static str, Duration)>,
}

impl Phases {
    pub(crate) fn start() -> Phases {
        Phases {
            clock: Instant::now(),
            done: Vec::new(),
        }
    }

    /// Ends the phase `name`, which ran since the previous one ended.
    pub(crate) fn end(&mut self, name: &'static str) {
        self.done.push((name, self.clock.elapsed()));
        self.clock = Instant::now();
    }

    pub(crate) fn into_vec(self) -> Vec<(&'static str, Duration)> {
        self.done
    }
}

/// The route table: every route in priority order with the files its pages went to.
pub(crate) fn route_rows(routes: &[Route], jobs: &[Job]) -> Vec<RouteRow> {
    routes
        .iter()
        .enumerate()
        .map(|(index, route)| RouteRow {
            route: route.pattern.clone(),
            kind: if route.dynamic { "dynamic" } else { "static" },
            outputs: jobs
                .iter()
                .filter(|job| job.route == index)
                .map(|job| job.output.display().to_string())
                .collect(),
        })
        .collect()
}
