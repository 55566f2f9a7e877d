//! A site's routes and page URLs: which component renders which paths, what goes in each
//! page's `<head>`, and the settings that make a page's URL. Part of the IR so that a
//! compiled site renders without its sources.

use crate::escape::escape_attribute;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A page route: `src/pages/blog/[slug].astral` is `/blog/[slug]`.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Route {
    /// The route as written: `/blog/[slug]`, `/` for the index.
    pub pattern: String,
    pub segments: Vec<Segment>,
    /// The page's [`crate::Component::id`].
    pub component: String,
    /// Whether a segment is a parameter: its pages come from `getStaticPaths`.
    pub dynamic: bool,
    /// `404` / `500` for `404.astral` / `500.astral`, written as `404.html` / `500.html`.
    pub error_page: Option<u16>,
    /// What goes in the page's `<head>` (at [`crate::Part::HeadEnd`]).
    pub head: Head,
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub enum Segment {
    Static(String),
    /// `[name]`: one path segment.
    Param(String),
    /// `[...name]`: any number of segments, including none.
    Rest(String),
}

/// The styles and scripts of every component a page can render, in first-use order,
/// without repeats.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
pub struct Head {
    /// Scoped, minified CSS, one `<style>` each.
    pub styles: Vec<String>,
    /// Script asset URLs (with `base`), one `<script type="module">` each.
    pub scripts: Vec<String>,
}

impl Head {
    /// The HTML written at [`crate::Part::HeadEnd`]: the styles, then the scripts.
    pub fn html(&self) -> String {
        let mut out = String::new();
        for css in &self.styles {
            out.push_str(&format!("<style>{css}</style>"));
        }
        for src in &self.scripts {
            let src = escape_attribute(src);
            out.push_str(&format!("<script type=\"module\" src=\"{src}\"></script>"));
        }
        out
    }
}

impl Route {
    /// A route of these segments: its pattern and whether it is dynamic follow from them.
    pub fn new(segments: Vec<Segment>, component: String, error_page: Option<u16>) -> Route {
        let mut pattern = String::new();
        for segment in &segments {
            pattern.push('/');
            match segment {
                Segment::Static(text) => pattern.push_str(text),
                Segment::Param(name) => pattern.push_str(&format!("[{name}]")),
                Segment::Rest(name) => pattern.push_str(&format!("[...{name}]")),
            }
        }
        if pattern.is_empty() {
            pattern.push('/');
        }
        let dynamic = segments
            .iter()
            .any(|segment| !matches!(segment, Segment::Static(_)));
        Route {
            pattern,
            segments,
            component,
            dynamic,
            error_page,
            head: Head::default(),
        }
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

    /// The params if `path` (a URL path without `base`, query or fragment, not
    /// percent-decoded; a trailing `/` optional) is one of this route's paths: `/blog/a`
    /// matches `/blog/[slug]` with `slug = "a"`. A rest parameter takes as few segments as
    /// leave the rest of the route matching; none gives no entry in the params, as a
    /// `getStaticPaths` entry without it does. Values are checked as
    /// [`Route::check_params`] checks them, so a match never names a file outside the
    /// route's folder.
    pub fn match_path(&self, path: &str) -> Option<BTreeMap<String, String>> {
        let parts: Vec<&str> = path.split('/').filter(|part| !part.is_empty()).collect();
        let mut params = BTreeMap::new();
        if !match_segments(&self.segments, &parts, &mut params) {
            return None;
        }
        self.check_params(&params).ok().map(|()| params)
    }

    /// Checks param values from `getStaticPaths` (or a request): every `[name]` has one
    /// non-empty segment, a `[...name]` any number of segments without leading or doubled
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

    /// Sort key of Astro's route priority: static segments before params before rest,
    /// then more segments first.
    pub fn priority(&self) -> (Vec<u8>, std::cmp::Reverse<usize>) {
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

/// Whether `parts` match `segments`, filling `params`.
fn match_segments(
    segments: &[Segment],
    parts: &[&str],
    params: &mut BTreeMap<String, String>,
) -> bool {
    let Some((first, rest)) = segments.split_first() else {
        return parts.is_empty();
    };
    match first {
        Segment::Static(text) => {
            parts.first() == Some(&text.as_str()) && match_segments(rest, &parts[1..], params)
        }
        Segment::Param(name) => {
            let Some(value) = parts.first() else {
                return false;
            };
            params.insert(name.clone(), (*value).to_owned());
            match_segments(rest, &parts[1..], params) || {
                params.remove(name);
                false
            }
        }
        Segment::Rest(name) => (0..=parts.len()).any(|taken| {
            if taken > 0 {
                params.insert(name.clone(), parts[..taken].join("/"));
            }
            match_segments(rest, &parts[taken..], params) || {
                params.remove(name);
                false
            }
        }),
    }
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

/// The project settings that make page URLs (`astral.toml`'s `site`, `base`,
/// `trailingSlash`).
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Urls {
    /// An absolute `http(s)` URL ending in `/` after the origin's path
    /// (`https://example.com/`); `Astro.site`.
    pub site: Option<String>,
    /// `/` or a path starting with `/` and not ending with one (`/docs`).
    pub base: String,
    pub trailing_slash: TrailingSlash,
}

/// Whether page URLs end with `/`.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub enum TrailingSlash {
    Always,
    Never,
    /// Either is accepted; built pages are folders, so their URLs end with `/`.
    Ignore,
}

impl Default for Urls {
    fn default() -> Urls {
        Urls {
            site: None,
            base: "/".into(),
            trailing_slash: TrailingSlash::Ignore,
        }
    }
}

impl Urls {
    /// The URL of a page whose route path is `route_path` (`/`, `/blog/a/`: starting and
    /// ending with `/`), with `base` and `trailingSlash` applied, on `site`'s origin or
    /// `http://localhost`.
    pub fn page_url(&self, route_path: &str) -> String {
        let origin = self
            .site
            .as_deref()
            .and_then(|site| {
                let after_scheme = site.find("://")? + 3;
                let end = site[after_scheme..]
                    .find('/')
                    .map_or(site.len(), |i| after_scheme + i);
                Some(&site[..end])
            })
            .unwrap_or("http://localhost");
        let mut path = self.base_path(route_path);
        if self.trailing_slash == TrailingSlash::Never && path.len() > 1 {
            path.pop();
        }
        format!("{origin}{path}")
    }

    /// `route_path` under `base`: `/docs` + `/a/` = `/docs/a/`.
    pub fn base_path(&self, route_path: &str) -> String {
        if self.base == "/" {
            route_path.to_owned()
        } else {
            format!("{}{route_path}", self.base)
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn route(pattern: &[Segment]) -> Route {
        Route::new(pattern.to_vec(), "src/pages/x.astral".into(), None)
    }

    fn s(text: &str) -> Segment {
        Segment::Static(text.into())
    }

    fn params(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn patterns_and_url_paths() {
        let docs = route(&[s("docs"), Segment::Rest("path".into())]);
        assert_eq!(docs.pattern, "/docs/[...path]");
        assert!(docs.dynamic);
        assert_eq!(docs.url_path(&params(&[("path", "a/b")])), "/docs/a/b/");
        assert_eq!(docs.url_path(&params(&[("path", "")])), "/docs/");
        let index = route(&[]);
        assert_eq!((index.pattern.as_str(), index.dynamic), ("/", false));
        assert_eq!(url_of_path("/docs/a/"), "/docs/a/");
        assert_eq!(url_of_path("/a?b#c/%2F/"), "/a%3Fb%23c/%252F/");
    }

    #[test]
    fn paths_match_routes() {
        let slug = route(&[s("blog"), Segment::Param("slug".into())]);
        assert_eq!(slug.match_path("/blog/a/"), Some(params(&[("slug", "a")])));
        assert_eq!(slug.match_path("/blog/a"), Some(params(&[("slug", "a")])));
        assert_eq!(slug.match_path("/blog/"), None);
        assert_eq!(slug.match_path("/blog/a/b"), None);
        assert_eq!(slug.match_path("/blog/.."), None, "checked like params");
        let rest = route(&[s("docs"), Segment::Rest("path".into()), s("edit")]);
        assert_eq!(
            rest.match_path("/docs/a/b/edit/"),
            Some(params(&[("path", "a/b")]))
        );
        assert_eq!(rest.match_path("/docs/edit"), Some(params(&[])));
        assert_eq!(rest.match_path("/docs/a"), None);
        assert_eq!(route(&[]).match_path("/"), Some(params(&[])));
        assert_eq!(route(&[]).match_path("/a"), None);
    }

    #[test]
    fn heads_render_styles_then_scripts() {
        let head = Head {
            styles: vec!["a{color:red}".into()],
            scripts: vec!["/docs/_astral/x\".js".into()],
        };
        assert_eq!(
            head.html(),
            "<style>a{color:red}</style><script type=\"module\" src=\"/docs/_astral/x&quot;.js\"></script>"
        );
    }

    #[test]
    fn page_urls_follow_site_base_and_trailing_slash() {
        let mut urls = Urls::default();
        assert_eq!(urls.page_url("/a/b/"), "http://localhost/a/b/");
        urls.site = Some("https://example.com/".into());
        urls.base = "/docs".into();
        assert_eq!(urls.page_url("/a/"), "https://example.com/docs/a/");
        urls.trailing_slash = TrailingSlash::Never;
        assert_eq!(urls.page_url("/a/"), "https://example.com/docs/a");
    }
}
