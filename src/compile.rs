//! `astc compile`: builds the site and prints the route table.

use astc_compiler::diagnostics::render_human;
use astc_site::{BuildError, BuildOptions, Progress, build};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

pub struct Options {
    pub src: PathBuf,
    pub out: Option<PathBuf>,
    pub timings: bool,
    pub emit: Vec<crate::Emit>,
    pub render_timeout_ms: Option<u64>,
}

/// A progress bar on a terminal for builds of more than a few pages; nothing otherwise.
struct Bar(Option<ProgressBar>);

impl Progress for Bar {
    fn start(&self, pages: usize) {
        if let Some(bar) = &self.0 {
            bar.set_length(pages as u64);
            if pages < 50 {
                bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
            }
        }
    }
    fn page_done(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }
    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

pub fn run(options: &Options) -> ExitCode {
    let started = Instant::now();
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template("{spinner} rendering {pos}/{len} pages {wide_bar} {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    });
    let color = std::io::stderr().is_terminal();
    let result = build(
        &BuildOptions {
            src: options.src.clone(),
            out: options.out.clone(),
            emit_html: options.emit.contains(&crate::Emit::Html),
            emit_ir: options.emit.contains(&crate::Emit::Ir),
            limits: astc_runtime::Limits {
                time_per_render: options.render_timeout_ms.map_or(
                    astc_runtime::Limits::default().time_per_render,
                    std::time::Duration::from_millis,
                ),
                ..astc_runtime::Limits::default()
            },
            on_stuck_render: stop_stuck_build,
        },
        &Bar(bar),
    );
    match result {
        Ok(report) => {
            for file in &report.warnings {
                eprint!(
                    "{}",
                    render_human(&file.path, &file.text, &file.diagnostics, color)
                );
            }
            let width = report
                .rows
                .iter()
                .map(|row| row.route.len())
                .max()
                .unwrap_or(5)
                .max(5);
            println!("{:width$}  {:8}  output", "route", "kind");
            for row in &report.rows {
                let output = match row.outputs.as_slice() {
                    [one] => one.clone(),
                    [first, ..] => format!("{first} (+{} more)", row.outputs.len() - 1),
                    [] => "-".to_string(),
                };
                println!("{:width$}  {:8}  {output}", row.route, row.kind);
            }
            if options.timings {
                for (phase, time) in &report.phases {
                    eprintln!("  {phase:11} {:>8.1} ms", time.as_secs_f64() * 1e3);
                }
            }
            eprintln!(
                "Built {} page{} into {} in {} ms.",
                report.pages,
                if report.pages == 1 { "" } else { "s" },
                report.out.display(),
                started.elapsed().as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(BuildError::Io(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        Err(BuildError::Diagnostics(files)) => {
            let mut errors = 0;
            for file in &files {
                errors += file.diagnostics.iter().filter(|d| d.is_error()).count();
                eprint!(
                    "{}",
                    render_human(&file.path, &file.text, &file.diagnostics, color)
                );
            }
            eprintln!(
                "Build failed: {errors} error{}.",
                if errors == 1 { "" } else { "s" }
            );
            ExitCode::from(1)
        }
    }
}

/// Ends a build whose render is stuck inside the engine (see `BuildOptions::on_stuck_render`):
/// exit status 1, like any problem in the site.
fn stop_stuck_build(message: &str) -> ! {
    eprintln!("error: {message}; astc stops");
    std::process::exit(1)
}
