//! Routes from the files under `src/pages/` (SPEC §4): patterns, priority, conflicts, and
//! the file each page is written to.

use crate::problems::report;
use crate::project::Project;
use crate::{BuildError, FileDiagnostics};
use astc_compiler::db::{self, SourceFile};
use astc_compiler::diagnostics::{Code, Diagnostic};
use astc_compiler::files::find_page_files;
use astc_compiler::span::Span;
use astc_ir::route::{Route, Segment};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The project's routes in priority order, the page file of each page component, and the
/// problems with the set of pages (errors, and warnings that do not stop the build).
pub(crate) struct ProjectRoutes {
    pub(crate) routes: Vec<Route>,
    pub(crate) pages: HashMap<String, SourceFile>,
    pub(crate) problems: Vec<FileDiagnostics>,
    pub(crate) warnings: Vec<FileDiagnostics>,
}

/// The routes of the component files under `src/pages/`, and a warning for each file there
/// that Astro would build and astc does not yet.
pub(crate) fn of_project(project: &Project) -> Result<ProjectRoutes, BuildError> {
    let db = &project.db;
    let mut pages = HashMap::new();
    let page_files: Vec<PageFile> = project
        .files
        .iter()
        .filter_map(|&f| {
            let file = f.path(db).strip_prefix(&project.pages_dir).ok()?;
            let component = db::component_id(db, project.workspace, f);
            pages.insert(component.clone(), f);
            Some(PageFile {
                file: file.to_path_buf(),
                component,
            })
        })
        .collect();
    let (routes, route_problems) = routes(&page_files);
    let (mut problems, mut warnings) = (Vec::new(), Vec::new());
    for problem in route_problems {
        let Some(&file) = project.by_path.get(&project.pages_dir.join(&problem.file)) else {
            continue;
        };
        let (code, into) = if problem.shadowed {
            (Code::ShadowedPage, &mut warnings)
        } else {
            (Code::RouteConflict, &mut problems)
        };
        into.push(report(
            db,
            file,
            vec![Diagnostic::new(code, Span::empty(0), problem.message)],
        ));
    }
    warnings.extend(unbuilt_page_files(&project.pages_dir).map_err(BuildError::Io)?);
    Ok(ProjectRoutes {
        routes,
        pages,
        problems,
        warnings,
    })
}

/// What Astro makes of a page file that astc does not build, if anything: Markdown pages and
/// `.js`/`.ts` endpoints are routes there; framework components are warned about.
fn unbuilt_page_file(relative: &Path) -> Option<(String, &'static str)> {
    let name = relative.display();
    let extension = relative.extension()?.to_str()?;
    match extension {
        "md" | "markdown" | "mdown" | "mkdn" | "mkd" | "mdwn" | "mdx" => Some((
            format!("Markdown pages are not supported by astc yet: `{name}` is not built"),
            "write the page as an `.astral` or `.astro` component, or start its name with `_` to leave it out",
        )),
        "js" | "ts" => Some((
            format!("endpoints are not supported by astc yet: `{name}` is not built"),
            "start its name with `_` to leave it out until astc builds endpoints",
        )),
        "tsx" | "jsx" | "vue" | "svelte" => Some((
            format!(
                "`{name}` is a framework component in the pages folder: only Astro components can be pages"
            ),
            "start its name with `_` to ignore it, or move it out of `src/pages/`",
        )),
        _ => None,
    }
}

/// `W0521` for each file under `pages` that [`unbuilt_page_file`] names.
fn unbuilt_page_files(pages: &Path) -> Result<Vec<FileDiagnostics>, String> {
    let mut warnings = Vec::new();
    for path in find_page_files(pages)? {
        let relative = path.strip_prefix(pages).unwrap_or(&path);
        let Some((message, help)) = unbuilt_page_file(relative) else {
            continue;
        };
        // Shown under the diagnostic; a file that is too big or not text shows nothing.
        let text = std::fs::metadata(&path)
            .ok()
            .filter(|metadata| metadata.len() <= 1 << 20)
            .and_then(|_| std::fs::read_to_string(&path).ok())
            .unwrap_or_default();
        warnings.push(FileDiagnostics {
            path: path.display().to_string(),
            text,
            diagnostics: vec![
                Diagnostic::new(Code::UnbuiltPageFile, Span::empty(0), message).with_help(help),
            ],
        });
    }
    Ok(warnings)
}

/// A page file: its path relative to `src/pages/` and its component id.
pub struct PageFile {
    pub file: PathBuf,
    pub component: String,
}

/// The file a page of `route` is written to, relative to the output folder:
/// `blog/a/index.html` for `/blog/a/`, `404.html` for the 404 page.
pub fn output_file(route: &Route, url_path: &str) -> PathBuf {
    match route.error_page {
        Some(code) => PathBuf::from(format!("{code}.html")),
        None => PathBuf::from(url_path.trim_start_matches('/')).join("index.html"),
    }
}

/// A problem with the set of pages.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct RouteProblem {
    pub file: PathBuf,
    pub message: String,
    /// A static route defined twice: the later file's page is not built (a warning, as in
    /// Astro), where other problems stop the build.
    pub shadowed: bool,
}

/// Routes for the page files, in priority order. Files and folders starting with `_` are
/// skipped.
pub fn routes(pages: &[PageFile]) -> (Vec<Route>, Vec<RouteProblem>) {
    let mut routes = Vec::new();
    let mut problems = Vec::new();
    for PageFile { file, component } in pages {
        if file
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('_'))
        {
            continue;
        }
        match route_for(file, component) {
            Ok(route) => routes.push((file, route)),
            Err(message) => problems.push(RouteProblem {
                file: file.clone(),
                message,
                shadowed: false,
            }),
        }
    }
    routes.sort_by(|(a_file, a), (b_file, b)| {
        a.priority()
            .cmp(&b.priority())
            .then_with(|| a_file.cmp(b_file))
    });
    // Only a static route defined twice is sure to clash; dynamic routes of the same shape
    // clash only if their `getStaticPaths` give the same path, which expansion resolves by
    // priority (as Astro does for prerendered routes).
    for (i, (file, route)) in routes.iter().enumerate() {
        if route.dynamic {
            continue;
        }
        if let Some((earlier_file, _)) = routes[..i]
            .iter()
            .find(|(_, earlier)| !earlier.dynamic && same_shape(earlier, route))
        {
            problems.push(RouteProblem {
                file: file.to_path_buf(),
                message: format!(
                    "the route `{}` is defined in both `{}` and `{}`: a static route cannot be \
                     defined more than once, so `{}` is not built",
                    route.pattern,
                    earlier_file.display(),
                    file.display(),
                    file.display()
                ),
                shadowed: true,
            });
        }
    }
    (
        routes.into_iter().map(|(_, route)| route).collect(),
        problems,
    )
}

fn same_shape(a: &Route, b: &Route) -> bool {
    a.segments.len() == b.segments.len()
        && a.segments.iter().zip(&b.segments).all(|pair| match pair {
            (Segment::Static(x), Segment::Static(y)) => x == y,
            (Segment::Param(_), Segment::Param(_)) | (Segment::Rest(_), Segment::Rest(_)) => true,
            _ => false,
        })
}

fn route_for(file: &Path, component: &str) -> Result<Route, String> {
    let without_extension = file.with_extension("");
    let mut parts: Vec<String> = without_extension
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|last| last == "index") {
        parts.pop();
    }
    let error_page = match parts.as_slice() {
        [only] if only == "404" => Some(404),
        [only] if only == "500" => Some(500),
        _ => None,
    };
    let segments = parts
        .into_iter()
        .map(|part| {
            if let Some(inner) = part.strip_prefix('[').and_then(|p| p.strip_suffix(']')) {
                if inner.contains(['[', ']']) {
                    return Err(format!(
                        "`{part}` mixes several parameters in one segment, which is not supported"
                    ));
                }
                return Ok(match inner.strip_prefix("...") {
                    Some(name) => Segment::Rest(name.to_string()),
                    None => Segment::Param(inner.to_string()),
                });
            }
            if part.contains(['[', ']']) {
                return Err(format!(
                    "`{part}` mixes text and parameters in one segment, which is not supported"
                ));
            }
            Ok(Segment::Static(part))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Route::new(segments, component.to_owned(), error_page))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn pages(files: &[&str]) -> Vec<PageFile> {
        files
            .iter()
            .map(|file| PageFile {
                file: PathBuf::from(file),
                component: format!("src/pages/{file}"),
            })
            .collect()
    }

    fn patterns(files: &[&str]) -> (Vec<String>, Vec<String>) {
        let (routes, problems) = routes(&pages(files));
        (
            routes.into_iter().map(|route| route.pattern).collect(),
            problems.into_iter().map(|p| p.message).collect(),
        )
    }

    #[test]
    fn patterns_priority_and_skipped_files() {
        let (routes, problems) = patterns(&[
            "index.astral",
            "about.astral",
            "blog/[slug].astral",
            "blog/index.astral",
            "[...rest].astral",
            "docs/[...path].astral",
            "blog/featured.astral",
            "_draft.astral",
            "_parts/x.astral",
            "404.astral",
        ]);
        assert!(problems.is_empty(), "{problems:?}");
        // Static routes first (in path order), then single params, then rest params.
        assert_eq!(
            routes,
            [
                "/",
                "/404",
                "/about",
                "/blog",
                "/blog/featured",
                "/blog/[slug]",
                "/docs/[...path]",
                "/[...rest]",
            ]
        );
    }

    #[test]
    fn only_a_static_route_defined_twice_is_a_problem() {
        let pages = pages(&[
            "about.astral",
            "about/index.astral",
            "[a].astral",
            "[b].astral",
            "[...x].astral",
            "[...y].astral",
        ]);
        let (routes, problems) = routes(&pages);
        assert_eq!(routes.len(), 6);
        let [problem] = problems.as_slice() else {
            panic!("{problems:?}")
        };
        assert!(problem.shadowed);
        assert_eq!(problem.file, Path::new("about.astral"));
        assert!(problem.message.contains("`/about`"), "{}", problem.message);
    }

    #[test]
    fn url_paths() {
        let (routes, _) = routes(&pages(&["docs/[...path].astral"]));
        let params = [("path".to_string(), "a/b".to_string())]
            .into_iter()
            .collect();
        assert_eq!(routes[0].url_path(&params), "/docs/a/b/");
        let empty = [("path".to_string(), String::new())].into_iter().collect();
        assert_eq!(routes[0].url_path(&empty), "/docs/");
        assert_eq!(routes[0].component, "src/pages/docs/[...path].astral");
        assert_eq!(
            output_file(&routes[0], "/docs/a/"),
            Path::new("docs/a/index.html")
        );
    }

    fn params(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn params_that_leave_the_route_are_refused() {
        let (routes, _) = routes(&pages(&["[slug].astral", "docs/[...path].astral"]));
        let (docs, slug) = (&routes[0], &routes[1]);
        for bad in [
            "..", ".", "%2e%2E", ".%2e", "a\\b", "a\0b", "a\nb", "", "a/b",
        ] {
            assert!(
                slug.check_params(&params(&[("slug", bad)])).is_err(),
                "slug {bad:?} passed"
            );
        }
        for bad in [
            "../../../../tmp/x",
            "a/../b",
            "a/./b",
            "/etc",
            "a//b",
            "..\\x",
            "a/%2e%2e/b",
            "a/\0",
        ] {
            assert!(
                docs.check_params(&params(&[("path", bad)])).is_err(),
                "path {bad:?} passed"
            );
        }
        let long = "\u{e9}".repeat(128);
        assert!(slug.check_params(&params(&[("slug", &long)])).is_err());
        let long_part = format!("a/{}/b", "x".repeat(256));
        assert!(docs.check_params(&params(&[("path", &long_part)])).is_err());
        let longest = "x".repeat(255);
        slug.check_params(&params(&[("slug", &longest)])).unwrap();
        for ok in ["a", "a.b", "...", "..a", ".well-known", "caf\u{e9}"] {
            slug.check_params(&params(&[("slug", ok)])).unwrap();
        }
        for ok in ["a/b/c", "a/", "x.y/z"] {
            docs.check_params(&params(&[("path", ok)])).unwrap();
        }
        docs.check_params(&params(&[])).unwrap();
    }

    proptest::proptest! {
        /// Whatever params `getStaticPaths` returns, an accepted set gives an output file
        /// that stays inside the output folder: the params check and the writer's
        /// confinement agree, and the writer would refuse anything that slips through.
        #[test]
        fn accepted_params_give_confined_output_files(
            slug in "[a./\\\\%2eE\0\n-]{0,12}",
            path in "[a./\\\\%2eE\0-]{0,16}",
        ) {
            let (routes, _) = routes(&pages(&["blog/[slug].astral", "docs/[...path].astral"]));
            for (route, params) in [
                (&routes[0], params(&[("slug", &slug)])),
                (&routes[1], params(&[("path", &path)])),
            ] {
                let file = output_file(route, &route.url_path(&params));
                if route.check_params(&params).is_ok() {
                    let confined = crate::output::confine(&file);
                    proptest::prop_assert!(confined.is_ok(), "{file:?}: {confined:?}");
                    proptest::prop_assert!(file.components().all(|c| matches!(c, std::path::Component::Normal(_))));
                }
                // The writer's own check never lets a path out, accepted params or not.
                if let Ok(confined) = crate::output::confine(&file) {
                    proptest::prop_assert!(confined.components().all(|c| matches!(c, std::path::Component::Normal(_))));
                    proptest::prop_assert!(!confined.to_string_lossy().split('/').any(|s| s == ".." || s == "."));
                }
            }
        }
    }
}
