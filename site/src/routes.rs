//! Routes from the files under `src/pages/` (SPEC §4): patterns, priority, conflicts.

use std::collections::BTreeMap;
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
    pub fn url_path(&self, params: &BTreeMap<String, String>) -> String {
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

    /// The file a page of this route is written to, relative to the output folder:
    /// `blog/a/index.html` for `/blog/a/`, `404.html` for the 404 page.
    pub fn output_file(&self, url_path: &str) -> PathBuf {
        match self.error_page {
            Some(code) => PathBuf::from(format!("{code}.html")),
            None => PathBuf::from(url_path.trim_start_matches('/')).join("index.html"),
        }
    }

    /// Checks param values from `getStaticPaths` (or, later, a request): every `[name]` has
    /// one non-empty segment, a `[...name]` any number of segments without leading or doubled
    /// `/`, and no segment can leave its folder or name something else on disk: `.`, `..`
    /// (also percent-encoded, which URL parsers treat alike), NUL and other control
    /// characters, backslashes and segments longer than a file name may be are refused.
    /// Params come from data, and they become file names in the output.
    pub fn check_params(&self, params: &BTreeMap<String, String>) -> Result<(), String> {
        for segment in &self.segments {
            match segment {
                Segment::Param(name) => {
                    let Some(value) = params.get(name) else {
                        return Err(format!("`params.{name}` is missing"));
                    };
                    if value.is_empty() || value.contains('/') {
                        return Err(format!(
                            "`params.{name}` is `{}`; a `[{name}]` parameter must be a non-empty string without `/`",
                            value.escape_debug()
                        ));
                    }
                    check_segment(name, value, value)?;
                }
                Segment::Rest(name) => {
                    let Some(value) = params.get(name) else {
                        continue;
                    };
                    if value.starts_with('/') || value.contains("//") {
                        return Err(format!(
                            "`params.{name}` is `{}`; a rest parameter is `a/b/c` without leading or doubled `/`",
                            value.escape_debug()
                        ));
                    }
                    for part in value.split('/').filter(|part| !part.is_empty()) {
                        check_segment(name, value, part)?;
                    }
                }
                Segment::Static(_) => {}
            }
        }
        Ok(())
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

/// `url_path` (a route's path, as its file is named) as it appears in a URL: `%`, `?` and
/// `#` percent-encoded, so a param holding them stays in the URL's path instead of starting
/// its query or fragment, and the URL names the file the page is written to. Other
/// characters are encoded by URL parsing.
pub fn url_of_path(url_path: &str) -> std::borrow::Cow<'_, str> {
    if !url_path.contains(['%', '?', '#']) {
        return url_path.into();
    }
    url_path
        .replace('%', "%25")
        .replace('?', "%3F")
        .replace('#', "%23")
        .into()
}

/// The longest file name (one path segment) Linux, macOS and Windows file systems accept,
/// in bytes: a longer segment could not be written.
const MAX_SEGMENT_BYTES: usize = 255;

/// One segment of a param's value (`part` of `value`): see [`Route::check_params`].
fn check_segment(name: &str, value: &str, part: &str) -> Result<(), String> {
    let shown = value.escape_debug();
    let decoded_dots = part.len() <= 6
        && matches!(
            part.to_ascii_lowercase().replace("%2e", ".").as_str(),
            "." | ".."
        );
    if decoded_dots {
        return Err(format!(
            "`params.{name}` is `{shown}`; `.` and `..` segments would point outside the route"
        ));
    }
    if part.contains('\\') {
        return Err(format!(
            "`params.{name}` is `{shown}`; a param may not contain a backslash"
        ));
    }
    if part.chars().any(char::is_control) {
        return Err(format!(
            "`params.{name}` is `{shown}`; a param may not contain NUL or other control characters"
        ));
    }
    if part.len() > MAX_SEGMENT_BYTES {
        return Err(format!(
            "`params.{name}` has a segment of {} bytes (`{}…`); a file name is at most \
             {MAX_SEGMENT_BYTES} bytes on common file systems",
            part.len(),
            part.chars().take(24).collect::<String>().escape_debug()
        ));
    }
    Ok(())
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
        assert_eq!(url_of_path("/docs/a/"), "/docs/a/");
        assert_eq!(url_of_path("/a?b#c/%2F/"), "/a%3Fb%23c/%252F/");
    }

    fn params(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn params_that_leave_the_route_are_refused() {
        let (routes, _) = routes(&[
            PathBuf::from("[slug].astral"),
            PathBuf::from("docs/[...path].astral"),
        ]);
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
            let (routes, _) = routes(&[
                PathBuf::from("blog/[slug].astral"),
                PathBuf::from("docs/[...path].astral"),
            ]);
            for (route, params) in [
                (&routes[0], params(&[("slug", &slug)])),
                (&routes[1], params(&[("path", &path)])),
            ] {
                let file = route.output_file(&route.url_path(&params));
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
