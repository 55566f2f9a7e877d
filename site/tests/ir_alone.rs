//! A compiled site renders from its `ir.json` alone: build a fixture site writing pages and
//! IR, delete the project, then render every page of every route from the IR with the
//! runtime and compare with the pages the build wrote, byte for byte.

use astc_ir::Site;
use astc_runtime::{Limits, Renderer};
use astc_site::render::{Page, page_html};
use astc_site::routes::output_file;
use astc_site::{BuildError, BuildOptions, Progress};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

struct Quiet;

impl Progress for Quiet {
    fn start(&self, _: usize) {}
    fn page_done(&self) {}
    fn finish(&self) {}
}

fn stuck(message: &str) -> ! {
    panic!("{message}")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// Every `.html` file under `dir`, relative to it.
fn html_files(dir: &Path, root: &Path, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            html_files(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "html") {
            let relative = path.strip_prefix(root).unwrap();
            out.insert(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}

/// Builds the fixture site `name`, deletes its project, and renders it again from the IR.
fn renders_from_ir_alone(name: &str) {
    let temp = tempfile::tempdir().unwrap();
    let project = temp.path().join("project");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/sites")
        .join(name);
    copy_dir(&fixture, &project);
    let dist = temp.path().join("dist");
    let options = BuildOptions {
        src: project.join("src"),
        out: Some(dist.clone()),
        emit_html: true,
        emit_ir: true,
        limits: Limits::default(),
        on_stuck_render: stuck,
    };
    match astc_site::build(&options, &Quiet) {
        Ok(_) => {}
        Err(BuildError::Io(message)) => panic!("{message}"),
        Err(BuildError::Diagnostics(files)) => panic!("{} files with problems", files.len()),
    }
    std::fs::remove_dir_all(&project).unwrap();

    let site: Site =
        serde_json::from_str(&std::fs::read_to_string(dist.join("ir.json")).unwrap()).unwrap();
    let site = Arc::new(site);
    let mut renderer = Renderer::new(site.clone(), Limits::default());
    let mut rendered = BTreeSet::new();
    for route in &site.routes {
        let head = route.head.html();
        let pages: Vec<(Option<usize>, BTreeMap<String, String>)> = if route.dynamic {
            let paths = renderer.static_paths(&route.component).unwrap();
            paths
                .into_iter()
                .enumerate()
                .map(|(entry, path)| (Some(entry), path.params))
                .collect()
        } else {
            vec![(None, BTreeMap::new())]
        };
        for (path_entry, params) in pages {
            route.check_params(&params).unwrap();
            let url_path = route.url_path(&params);
            if route.error_page.is_none() {
                assert_eq!(route.match_path(&url_path), Some(params.clone()));
            }
            let page = Page {
                component: &route.component,
                path_entry,
                params: &params,
                url_path: &url_path,
            };
            let html = page_html(&mut renderer, &site.urls, &head, &page).unwrap();
            let file = output_file(route, &url_path);
            let written = std::fs::read_to_string(dist.join(&file)).unwrap();
            assert_eq!(html, written, "{} differs", file.display());
            rendered.insert(file.to_string_lossy().replace('\\', "/"));
        }
    }
    let mut written = BTreeSet::new();
    html_files(&dist, &dist, &mut written);
    assert_eq!(
        rendered, written,
        "every written page is rendered from the IR"
    );
}

#[test]
fn the_basic_site_renders_from_its_ir_alone() {
    renders_from_ir_alone("basic");
}

#[test]
fn a_configured_site_renders_from_its_ir_alone() {
    renders_from_ir_alone("configured");
}
