//! `astc compile`: a site's sources to static files.
//!
//! Check every file (errors stop the build), lower every component to the render IR
//! (through the database), load the JavaScript modules they import, find the routes and
//! their page heads (both part of the IR), expand dynamic routes with `getStaticPaths`, then
//! render every page in parallel (one JS runtime per worker thread) and write
//! `OUT/<route>/index.html`, the script assets and a copy of `public/`.

mod astro_config;
mod check;
mod env;
mod expand;
mod heads;
mod modules;
pub mod output;
mod problems;
mod project;
mod public;
mod redirect;
pub mod render;
mod report;
pub mod routes;
mod sitemap;
mod watchdog;
mod workers;

pub use report::{BuildReport, RouteRow};

use astc_compiler::diagnostics::Diagnostic;
use astc_ir as ir;
use astc_runtime::Limits;
use output::OutputDir;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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

pub fn build(options: &BuildOptions, progress: &dyn Progress) -> Result<BuildReport, BuildError> {
    let mut phases = report::Phases::start();
    let mut project = project::read(options)?;
    phases.end("read");

    let config_warnings = std::mem::take(&mut project.warnings);
    let mut checked = check::check(&mut project)?;
    checked.warnings.extend(config_warnings);
    let (modules, module_problems) = modules::load_imports(&project);
    let routes = routes::of_project(&project)?;
    problems::stop_on(
        [checked.problems, module_problems, routes.problems]
            .into_iter()
            .flatten()
            .collect(),
    )?;
    let mut warnings = checked.warnings;
    warnings.extend(routes.warnings);
    let mut site = ir::Site {
        components: checked
            .components
            .into_iter()
            .map(|component| (component.id.clone(), component))
            .collect(),
        modules,
        routes: routes.routes,
        urls: project.config.urls(),
        env: Default::default(),
    };
    let server_js = (site.components.values())
        .filter_map(|component| {
            component
                .script
                .as_ref()
                .map(|script| script.module.as_str())
        })
        .chain(site.modules.values().map(String::as_str));
    site.env = match env::load(&project.root, &site.urls, server_js, env::process()) {
        Ok(env) => env,
        Err(env::EnvError::Io(message)) => return Err(BuildError::Io(message)),
        Err(env::EnvError::Invalid(report)) => return Err(BuildError::Diagnostics(vec![report])),
    };
    phases.end("check+lower");

    let assets = heads::collect(&project, &routes.pages, &mut site);
    let site = Arc::new(site);
    let out = project.out.clone();
    if !options.emit_html {
        let output = OutputDir::prepare(&out).map_err(BuildError::Io)?;
        write_ir(&output, &site)?;
        return Ok(BuildReport {
            out,
            rows: Vec::new(),
            pages: 0,
            warnings: problems::merge(warnings),
            phases: phases.into_vec(),
        });
    }

    let watchdog = watchdog::Watchdog::new(options.limits.time_per_render, options.on_stuck_render);
    let expansion = expand::Expansion {
        project: &project,
        pages: &routes.pages,
        sources: &checked.sources,
        limits: &options.limits,
        watchdog: &watchdog,
    };
    let sitemap_files = if project.sitemap {
        &sitemap::FILES[..]
    } else {
        &[]
    };
    let own_files = [output::OUTPUT_MARKER, "ir.json"]
        .into_iter()
        .chain(sitemap_files.iter().copied())
        .chain(assets.keys().map(String::as_str));
    let (jobs, shadowed) = expand::expand(&expansion, &site, own_files, &project.public)?;
    warnings.extend(shadowed);
    phases.end("routes");

    // Rendering needs only the site's IR: the database (what analyses are left in it) goes
    // now, which keeps memory of big sites down.
    let public = std::mem::take(&mut project.public);
    let write_sitemap = project.sitemap;
    drop(project);

    let output = OutputDir::prepare(&out).map_err(BuildError::Io)?;
    let pool = render::Pool {
        site: &site,
        limits: &options.limits,
        watchdog: &watchdog,
        progress,
        sources: &checked.sources,
    };
    render::render_all(&pool, &jobs, &output)?;
    for (name, script) in &assets {
        output
            .write(Path::new(name), script.as_bytes())
            .map_err(BuildError::Io)?;
    }
    public::copy(&public, &output).map_err(BuildError::Io)?;
    if write_sitemap {
        let pages = jobs
            .iter()
            .map(|job| (&site.routes[job.route], job.url_path.as_str()));
        for (name, xml) in sitemap::files(&site.urls, pages) {
            output
                .write(Path::new(&name), xml.as_bytes())
                .map_err(BuildError::Io)?;
        }
    }
    if options.emit_ir {
        write_ir(&output, &site)?;
    }
    phases.end("render");

    Ok(BuildReport {
        out,
        rows: report::route_rows(&site.routes, &jobs),
        pages: jobs.len(),
        warnings: problems::merge(warnings),
        phases: phases.into_vec(),
    })
}

fn write_ir(output: &OutputDir, site: &ir::Site) -> Result<(), BuildError> {
    let json = serde_json::to_string_pretty(site)
        .map_err(|e| BuildError::Io(format!("cannot serialize the IR: {e}")))?;
    output
        .write(Path::new("ir.json"), json.as_bytes())
        .map_err(BuildError::Io)
}
