//! Routes from the files under `src/pages/` (SPEC §4): patterns, priority, conflicts.

use std::path::{Path, PathBuf};

#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Segment {
    Static(String),
    /// `[name]`: one path segment.
    Param(String),
    /// `[...name]`: any number of segments, including none.
    Rest(String),
}

#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Route {
    /// The page file, relative to `src/pages/`.
    pub file: PathBuf,
    pub segments: Vec<Segment>,
    /// `404.astral` / `500.astral`: written as `404.html` / `500.html`.
    pub error_page: Option<u16>,
}

impl Route {
    /// The route as written: `/blog/[slug]`.
    pub fn pattern(&self) -> String {
        let mut out = String::new();
        for segment in &self.segments {
            out.push('/');
            match segment {
                Segment::Static(text) => out.push_str(text),
                Segment::Param(name) => out.push_str(&format!("[{name}]")),
                Segment::Rest(name) => out.push_str(&format!("[...{name}]")),
            }
        }
        if out.is_empty() {
            out.push('/');
        }
        out
    }

    pub fn is_dynamic(&self) -> bool {
        self.segments
            .iter()
            .any(|segment| !matches!(segment, Segment::Static(_)))
    }

    /// The parameter names, in order.
    pub fn params(&self) -> Vec<&str> {
        self.segments
            .iter()
            .filter_map(|segment| match segment {
                Segment::Param(name) | Segment::Rest(name) => Some(name.as_str()),
                Segment::Static(_) => None,
            })
            .collect()
    }

    /// The URL path for these params (values already validated): `/blog/a/`.
    pub fn url_path(&self, params: &std::collections::BTreeMap<String, String>) -> String {
        let mut out = String::new();
        for segment in &self.segments {
            let text = match segment {
                Segment::Static(text) => text.as_str(),
                Segment::Param(name) | Segment::Rest(name) => {
                    params.get(name).map_or("", String::as_str)
                }
            };
            if !text.is_empty() {
                out.push('/');
                out.push_str(text.trim_matches('/'));
            }
        }
        out.push('/');
        out
    }

    /// Sort key: static segments before params before rest, then more segments first.
    fn priority(&self) -> (Vec<u8>, std::cmp::Reverse<usize>) {
        let ranks = self
            .segments
            .iter()
            .map(|segment| match segment {
                Segment::Static(_) => 0,
                Segment::Param(_) => 1,
                Segment::Rest(_) => 2,
            })
            .collect();
        (ranks, std::cmp::Reverse(self.segments.len()))
    }
}

/// A problem with the set of pages.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct RouteProblem {
    pub file: PathBuf,
    pub message: String,
}

/// Routes for the page files (relative to `src/pages/`), in priority order. Files and
/// folders starting with `_` are skipped.
pub fn routes(files: &[PathBuf]) -> (Vec<Route>, Vec<RouteProblem>) {
    let mut routes = Vec::new();
    let mut problems = Vec::new();
    for file in files {
        if file
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('_'))
        {
            continue;
        }
        match route_for(file) {
            Ok(route) => routes.push(route),
            Err(message) => problems.push(RouteProblem {
                file: file.clone(),
                message,
            }),
        }
    }
    routes.sort_by(|a, b| {
        a.priority()
            .cmp(&b.priority())
            .then_with(|| a.file.cmp(&b.file))
    });
    for (i, route) in routes.iter().enumerate() {
        for earlier in &routes[..i] {
            if same_shape(earlier, route) {
                problems.push(RouteProblem {
                    file: route.file.clone(),
                    message: format!(
                        "`{}` and `{}` both define the route `{}`",
                        earlier.file.display(),
                        route.file.display(),
                        route.pattern()
                    ),
                });
            }
        }
    }
    (routes, problems)
}

fn same_shape(a: &Route, b: &Route) -> bool {
    a.segments.len() == b.segments.len()
        && a.segments.iter().zip(&b.segments).all(|pair| match pair {
            (Segment::Static(x), Segment::Static(y)) => x == y,
            (Segment::Param(_), Segment::Param(_)) | (Segment::Rest(_), Segment::Rest(_)) => true,
            _ => false,
        })
}

fn route_for(file: &Path) -> Result<Route, String> {
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
    Ok(Route {
        file: file.to_path_buf(),
        segments,
        error_page,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patterns(files: &[&str]) -> (Vec<String>, Vec<String>) {
        let files: Vec<PathBuf> = files.iter().map(PathBuf::from).collect();
        let (routes, problems) = routes(&files);
        (
            routes.iter().map(Route::pattern).collect(),
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
    fn conflicts_are_reported() {
        let (_, problems) = patterns(&[
            "about.astral",
            "about/index.astral",
            "[a].astral",
            "[b].astral",
        ]);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("`/about`") || problems[1].contains("`/about`"));
    }

    #[test]
    fn url_paths() {
        let (routes, _) = routes(&[PathBuf::from("docs/[...path].astral")]);
        let params = [("path".to_string(), "a/b".to_string())]
            .into_iter()
            .collect();
        assert_eq!(routes[0].url_path(&params), "/docs/a/b/");
        let empty = [("path".to_string(), String::new())].into_iter().collect();
        assert_eq!(routes[0].url_path(&empty), "/docs/");
    }
}
