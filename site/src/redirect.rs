//! The HTML page written for a prerendered page that returns `Astro.redirect(...)`: Astro's
//! redirect page (a meta refresh, a canonical link and a link to follow), with every
//! interpolated URL escaped for where it goes.

use astc_ir::escape::{escape_attribute, escape_text};

/// A redirect of the page at `from` (its URL path) to `location` with `status`.
pub struct Redirect<'a> {
    pub location: &'a str,
    pub status: u16,
    pub from: &'a str,
    /// `site` of the configuration: the canonical link is absolute when it is set.
    pub site: Option<&'a str>,
}

/// The page for `redirect`, or why the location cannot be one: only paths, relative
/// references and `http(s)` URLs are redirect targets (a `javascript:` or `data:` URL
/// would run in the visitor's browser when the link is followed).
pub fn redirect_page(redirect: &Redirect) -> Result<String, String> {
    let location = redirect.location;
    check_target(location, location)?;
    // The meta refresh reads its URL its own way: a quoted URL loses its quotes, so
    // `"javascript:…"` is a relative reference for the link but a script URL for the refresh.
    check_target(location, refresh_url(location))?;
    let absolute = redirect
        .site
        .and_then(|site| url::Url::parse(site).ok()?.join(location).ok())
        .map_or_else(|| location.to_owned(), String::from);
    // A short delay makes search engines treat a 302 as temporary, as Astro does.
    let delay = if redirect.status == 302 { 2 } else { 0 };
    let text = escape_text(location);
    let attribute = escape_attribute(location);
    let canonical = escape_attribute(&absolute);
    let from = escape_text(redirect.from);
    Ok(format!(
        "<!doctype html>\n<title>Redirecting to: {text}</title>\n<meta http-equiv=\"refresh\" content=\"{delay};url={attribute}\">\n<meta name=\"robots\" content=\"noindex\">\n<link rel=\"canonical\" href=\"{canonical}\">\n<body>\n\t<a href=\"{attribute}\">Redirecting from <code>{from}</code> to <code>{text}</code></a>\n</body>"
    ))
}

/// Refuses `target` (read from `location`) unless it is a path, a relative reference or an
/// `http(s)` URL.
fn check_target(location: &str, target: &str) -> Result<(), String> {
    match url::Url::parse(target) {
        Ok(absolute) if !matches!(absolute.scheme(), "http" | "https") => Err(format!(
            "`Astro.redirect` to `{}`: a redirect goes to a path or an http(s) URL, not a `{}:` URL",
            location.escape_debug(),
            absolute.scheme()
        )),
        Ok(_) | Err(url::ParseError::RelativeUrlWithoutBase) => Ok(()),
        Err(error) => Err(format!(
            "`Astro.redirect` to `{}`: not a valid URL ({error})",
            location.escape_debug()
        )),
    }
}

/// The URL a `<meta http-equiv="refresh" content="0;url=…">` goes to when `…` is
/// `location`, as the HTML standard's refresh parsing reads it: leading ASCII whitespace
/// skipped, and a URL starting with `'` or `"` ends at the next such quote, without them.
fn refresh_url(location: &str) -> &str {
    let url = location.trim_start_matches(|c: char| c.is_ascii_whitespace());
    match url.chars().next() {
        Some(quote @ ('\'' | '"')) => {
            let url = &url[1..];
            url.find(quote).map_or(url, |end| &url[..end])
        }
        _ => url,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(location: &str) -> Result<String, String> {
        redirect_page(&Redirect {
            location,
            status: 301,
            from: "/old/",
            site: Some("https://example.com"),
        })
    }

    #[test]
    fn astro_s_page_with_absolute_canonical() {
        let html = page("/new/").unwrap();
        assert_eq!(
            html,
            "<!doctype html>\n<title>Redirecting to: /new/</title>\n<meta http-equiv=\"refresh\" content=\"0;url=/new/\">\n<meta name=\"robots\" content=\"noindex\">\n<link rel=\"canonical\" href=\"https://example.com/new/\">\n<body>\n\t<a href=\"/new/\">Redirecting from <code>/old/</code> to <code>/new/</code></a>\n</body>"
        );
        let temporary = redirect_page(&Redirect {
            location: "/tmp",
            status: 302,
            from: "/",
            site: None,
        })
        .unwrap();
        assert!(temporary.contains("content=\"2;url=/tmp\""), "{temporary}");
        assert!(temporary.contains("href=\"/tmp\""), "{temporary}");
    }

    #[test]
    fn hostile_locations_cannot_add_markup() {
        for hostile in [
            "/a</title><script>alert(1)</script>",
            "/a\"><script>alert(1)</script>",
            "/a'><img src=x onerror=alert(1)>",
            "/</code></a><svg onload=alert(1)>",
            "/a&quot;><b>",
        ] {
            let html = page(hostile).unwrap();
            // Outside the double-quoted attribute values (`"` is escaped in values and in
            // text), the only elements are the page's own.
            let markup: String = html.split('"').step_by(2).collect();
            assert_eq!(markup.matches('<').count(), 14, "{hostile}: {html}");
            assert!(!markup.contains("<script"), "{html}");
            assert!(!markup.contains("<img"), "{html}");
        }
    }

    #[test]
    fn script_urls_are_refused() {
        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "\"javascript:alert(1)\"",
            "'javascript:alert(1)'",
            " \t\"data:text/html,x",
            "'javascript:alert(1)",
        ] {
            let error = page(bad).unwrap_err();
            assert!(error.contains("Astro.redirect"), "{error}");
        }
        for ok in [
            "https://other.example/x",
            "new",
            "../up",
            "?q=1",
            "#top",
            "\"/quoted\"",
        ] {
            page(ok).unwrap();
        }
    }
}
