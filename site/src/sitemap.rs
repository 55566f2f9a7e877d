//! `@astrojs/sitemap`, run natively: `sitemap-index.xml` naming `sitemap-0.xml`,
//! `sitemap-1.xml`… (45 000 URLs each), which list the URL of every page built but the
//! 404 and 500 pages, sorted as the integration sorts them (`localeCompare` with numeric
//! collation), in the XML the `sitemap` package writes.

use astc_ir::route::{Route, TrailingSlash, Urls, url_of_path};
use std::cmp::Ordering;

/// URLs per sitemap file (the integration's default `entryLimit`).
const ENTRY_LIMIT: usize = 45_000;

const URLSET_OPEN: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\" xmlns:image=\"http://www.google.com/schemas/sitemap-image/1.1\" xmlns:video=\"http://www.google.com/schemas/sitemap-video/1.1\">";
const INDEX_OPEN: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">";

/// The files every sitemap has, claimed before the pages' (a sitemap of over 45 000 pages
/// has more, whose names no page file can take: pages write `index.html` files and error
/// pages).
pub(crate) const FILES: [&str; 2] = ["sitemap-index.xml", "sitemap-0.xml"];

/// The sitemap files (name, XML) of `pages` (each page's route and URL path), on `urls`,
/// which should have a `site` (pages are on `http://localhost` otherwise).
pub(crate) fn files<'a>(
    urls: &Urls,
    pages: impl Iterator<Item = (&'a Route, &'a str)>,
) -> Vec<(String, String)> {
    let mut locations: Vec<String> = pages
        .filter(|(route, _)| route.error_page.is_none())
        .map(|(_, url_path)| absolute(&urls.page_url(&url_of_path(url_path))))
        .collect();
    // The root URL without its slash, as the integration's workaround writes it.
    if urls.trailing_slash == TrailingSlash::Never {
        let home = absolute(&urls.page_url("/"));
        let host = home.trim_end_matches('/');
        for location in &mut locations {
            if location.len() == host.len() + 1 && location.starts_with(host) {
                location.truncate(host.len());
            }
        }
    }
    locations.sort_by(|a, b| locale_compare(a, b));
    locations.dedup();
    let mut files = vec![];
    let mut index = INDEX_OPEN.to_owned();
    let public_base = absolute(&urls.page_url("/"));
    let public_base = public_base.trim_end_matches('/');
    for (i, chunk) in locations.chunks(ENTRY_LIMIT).enumerate() {
        let name = format!("sitemap-{i}.xml");
        let mut xml = URLSET_OPEN.to_owned();
        for location in chunk {
            xml.push_str(&format!("<url><loc>{}</loc></url>", escape(location)));
        }
        xml.push_str("</urlset>");
        index.push_str(&format!(
            "<sitemap><loc>{}</loc></sitemap>",
            escape(&format!("{public_base}/{name}"))
        ));
        files.push((name, xml));
    }
    index.push_str("</sitemapindex>");
    files.insert(0, ("sitemap-index.xml".to_owned(), index));
    files
}

/// `url` as a browser's `URL.href` writes it (non-ASCII percent-encoded).
fn absolute(url: &str) -> String {
    url::Url::parse(url).map_or_else(|_| url.to_owned(), String::from)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// The order of punctuation and symbols in the root collation (non-ignorable), before
/// digits and letters.
const SYMBOLS: &str = "_-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$";

/// `a.localeCompare(b, "en", { numeric: true })` for URLs: symbols in collation order,
/// then digit runs by value, then letters without regard to case; ties broken by case
/// (lower first) and then by code points.
fn locale_compare(a: &str, b: &str) -> Ordering {
    primary(a)
        .cmp(&primary(b))
        .then_with(|| tertiary(a).cmp(&tertiary(b)))
        .then_with(|| a.cmp(b))
}

/// Collation keys: (class, value) per symbol, digit run or letter.
fn primary(text: &str) -> Vec<(u8, u128, char)> {
    let mut keys = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            let mut value = u128::from(c as u8 - b'0');
            while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                value = value
                    .saturating_mul(10)
                    .saturating_add(u128::from(d as u8 - b'0'));
                chars.next();
            }
            keys.push((2, value, '0'));
        } else if let Some(rank) = SYMBOLS.find(c) {
            keys.push((1, rank as u128, c));
        } else if c.is_alphabetic() {
            keys.push((3, 0, c.to_lowercase().next().unwrap_or(c)));
        } else {
            keys.push((0, u128::from(u32::from(c)), c));
        }
    }
    keys
}

/// Lowercase before uppercase, letter by letter.
fn tertiary(text: &str) -> Vec<bool> {
    text.chars()
        .filter(|c| c.is_alphabetic())
        .map(char::is_uppercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use astc_ir::route::Segment;

    fn route(path: &str, error_page: Option<u16>) -> Route {
        let segments = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| Segment::Static(s.to_owned()))
            .collect();
        Route::new(segments, "src/pages/x.astral".into(), error_page)
    }

    fn urls(base: &str, trailing_slash: TrailingSlash) -> Urls {
        Urls {
            site: Some("https://example.com/".into()),
            base: base.into(),
            trailing_slash,
        }
    }

    #[test]
    fn pages_but_error_pages_are_listed_sorted_under_base() {
        let routes = [
            route("/", None),
            route("/post-10", None),
            route("/post-9", None),
            route("/About", None),
            route("/404", Some(404)),
            route("/café", None),
        ];
        let paths = ["/", "/post-10/", "/post-9/", "/About/", "/404/", "/café/"];
        let files = files(
            &urls("/docs", TrailingSlash::Ignore),
            routes.iter().zip(paths),
        );
        assert_eq!(files[0].0, "sitemap-index.xml");
        assert_eq!(
            files[0].1,
            format!(
                "{INDEX_OPEN}<sitemap><loc>https://example.com/docs/sitemap-0.xml</loc></sitemap></sitemapindex>"
            )
        );
        assert_eq!(files[1].0, "sitemap-0.xml");
        assert_eq!(
            files[1].1,
            format!(
                "{URLSET_OPEN}<url><loc>https://example.com/docs/</loc></url><url><loc>https://example.com/docs/About/</loc></url><url><loc>https://example.com/docs/caf%C3%A9/</loc></url><url><loc>https://example.com/docs/post-9/</loc></url><url><loc>https://example.com/docs/post-10/</loc></url></urlset>"
            )
        );
    }

    #[test]
    fn never_drops_every_trailing_slash() {
        let routes = [route("/", None), route("/a", None)];
        let files = files(
            &urls("/", TrailingSlash::Never),
            routes.iter().zip(["/", "/a/"]),
        );
        assert!(
            files[1].1.contains("<url><loc>https://example.com</loc></url><url><loc>https://example.com/a</loc></url>"),
            "{}",
            files[1].1
        );
    }

    #[test]
    fn locale_order_puts_symbols_first_and_numbers_by_value() {
        let mut urls = vec!["b", "a_b", "a-b", "a10", "a9", "A", "a"];
        urls.sort_by(|a, b| locale_compare(a, b));
        assert_eq!(urls, ["a", "A", "a_b", "a-b", "a9", "a10", "b"]);
    }
}
