//! HTML escaping (SPEC §3). Shared by the runtime and by the compiler's static folding, so
//! a value renders the same whether it was known at compile time or not.
//!
//! - text: `&` `<` `>` `"` `'` become `&amp;` `&lt;` `&gt;` `&quot;` `&#39;`;
//! - attribute values (always written double-quoted): `&` and `"` become `&amp;` `&quot;`.

use std::borrow::Cow;

/// Escapes a string for a text position.
pub fn escape_text(s: &str) -> Cow<'_, str> {
    escape(s, text_entity)
}

/// Escapes a string for a double-quoted attribute value.
pub fn escape_attribute(s: &str) -> Cow<'_, str> {
    escape(s, attribute_entity)
}

/// Writes `s` escaped for text into `out`, in pieces, without allocating.
pub fn write_text(s: &str, out: &mut dyn FnMut(&str)) {
    write_escaped(s, text_entity, out);
}

/// Writes `s` escaped for a double-quoted attribute value into `out`, without allocating.
pub fn write_attribute(s: &str, out: &mut dyn FnMut(&str)) {
    write_escaped(s, attribute_entity, out);
}

fn text_entity(b: u8) -> Option<&'static str> {
    match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    }
}

fn attribute_entity(b: u8) -> Option<&'static str> {
    match b {
        b'&' => Some("&amp;"),
        b'"' => Some("&quot;"),
        _ => None,
    }
}

fn escape(s: &str, entity: fn(u8) -> Option<&'static str>) -> Cow<'_, str> {
    // Every escaped character is ASCII, so byte positions are char boundaries.
    let Some(first) = s.bytes().position(|b| entity(b).is_some()) else {
        return Cow::Borrowed(s);
    };
    let mut escaped = String::with_capacity(s.len() + 8);
    escaped.push_str(&s[..first]);
    write_escaped(&s[first..], entity, &mut |piece| escaped.push_str(piece));
    Cow::Owned(escaped)
}

fn write_escaped(s: &str, entity: fn(u8) -> Option<&'static str>, out: &mut dyn FnMut(&str)) {
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        if let Some(replacement) = entity(b) {
            if start < i {
                out(&s[start..i]);
            }
            out(replacement);
            start = i + 1;
        }
    }
    if start < s.len() {
        out(&s[start..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escapes_five_characters() {
        assert_eq!(
            escape_text(r#"<script>alert("x" & 'y')</script>"#),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
        assert_eq!(escape_text("&amp;"), "&amp;amp;");
    }

    #[test]
    fn attribute_escapes_ampersand_and_double_quote_only() {
        assert_eq!(escape_attribute(r#"a"b'c<d>&"#), "a&quot;b'c<d>&amp;");
    }

    #[test]
    fn clean_strings_are_borrowed() {
        assert!(matches!(escape_text("héllo wörld"), Cow::Borrowed(_)));
        assert!(matches!(escape_attribute("a<b>'"), Cow::Borrowed(_)));
    }

    #[test]
    fn streaming_matches_allocating() {
        for s in ["", "plain", "&", "x&y<z>\"'", "ünï&cödé"] {
            let mut streamed = String::new();
            write_text(s, &mut |p| streamed.push_str(p));
            assert_eq!(streamed, escape_text(s));
            let mut streamed = String::new();
            write_attribute(s, &mut |p| streamed.push_str(p));
            assert_eq!(streamed, escape_attribute(s));
        }
    }
}
