//! Lone UTF-16 surrogates in a message body's JSON escapes become U+FFFD.
//!
//! A client's document is UTF-16 text, and JavaScript's `JSON.stringify` writes a lone
//! surrogate (`'\ud800'`) as the escape `"\ud800"`, which is valid JSON but not a Rust
//! string: serde_json refuses the whole body, and a `didChange` carrying one would be
//! dropped, leaving the server's copy of the document out of step with the editor's for
//! every later edit. Replacing each lone surrogate escape with `\ufffd` keeps the body, and
//! the document, as browsers and Node decode such text.

use std::borrow::Cow;

/// `body` with every `\uXXXX` escape of a lone surrogate replaced by `\ufffd` (a pair of a
/// high and a low surrogate escape is kept). Other bytes are unchanged; borrowed when there
/// is nothing to replace. Linear in the body's length.
pub fn replace_lone(body: &[u8]) -> Cow<'_, [u8]> {
    let mut out: Option<Vec<u8>> = None;
    let mut copied = 0;
    let mut i = 0;
    while i < body.len() {
        if body[i] != b'\\' {
            i += 1;
            continue;
        }
        let Some(unit) = escape_at(body, i) else {
            // `\\`, `\"`, `\n`…: skip the escaped character so `\\ud800` is not read as an
            // escape.
            i += 2;
            continue;
        };
        let lone = match unit {
            0xD800..=0xDBFF => match escape_at(body, i + 6) {
                Some(0xDC00..=0xDFFF) => {
                    i += 12;
                    continue;
                }
                _ => true,
            },
            0xDC00..=0xDFFF => true,
            _ => false,
        };
        if lone {
            let out = out.get_or_insert_with(|| Vec::with_capacity(body.len()));
            out.extend_from_slice(&body[copied..i]);
            out.extend_from_slice(b"\\ufffd");
            copied = i + 6;
        }
        i += 6;
    }
    match out {
        None => Cow::Borrowed(body),
        Some(mut out) => {
            out.extend_from_slice(&body[copied..]);
            Cow::Owned(out)
        }
    }
}

/// The code unit of a `\uXXXX` escape starting at `at`, if there is one.
fn escape_at(body: &[u8], at: usize) -> Option<u16> {
    let escape = body.get(at..at + 6)?;
    if escape[0] != b'\\' || escape[1] != b'u' {
        return None;
    }
    let hex = std::str::from_utf8(&escape[2..]).ok()?;
    u16::from_str_radix(hex, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(body: &str) -> String {
        String::from_utf8(replace_lone(body.as_bytes()).into_owned()).unwrap()
    }

    #[test]
    fn lone_surrogates_become_the_replacement_character() {
        assert_eq!(text(r#""\ud800""#), r#""\ufffd""#);
        assert_eq!(text(r#""a\uDC00b""#), r#""a\ufffdb""#);
        assert_eq!(text(r#""\ud83d\ud83d\ude00""#), r#""\ufffd\ud83d\ude00""#);
        assert_eq!(text(r#""\ude00\ud83d""#), r#""\ufffd\ufffd""#);
        assert_eq!(text(r#""\ud800"#), r#""\ufffd"#);
        let value: String =
            serde_json::from_slice(&replace_lone(br#""x\ud800y""#)).expect("now valid");
        assert_eq!(value, "x\u{fffd}y");
    }

    #[test]
    fn everything_else_is_kept_as_it_is() {
        for body in [
            r#""\ud83d\ude00""#,
            r#""\\ud800""#,
            r#""\\\\ud800""#,
            r#""\u00e9\n\"\\""#,
            r#""\u""#,
            r#""\ud80""#,
            "\"\u{e9}\"",
            "\\",
        ] {
            assert!(
                matches!(replace_lone(body.as_bytes()), Cow::Borrowed(_)),
                "{body}"
            );
        }
    }

    proptest::proptest! {
        /// Whatever the JSON string holds, the repaired body parses, and text that was
        /// already valid is unchanged.
        #[test]
        fn repaired_strings_parse(units in proptest::collection::vec(
            proptest::prop_oneof![0xD7F0u16..0xE010, 0x20u16..0x80],
            0..12,
        )) {
            let mut body = String::from("\"");
            for unit in &units {
                body.push_str(&format!("\\u{unit:04x}"));
            }
            body.push('"');
            let repaired = replace_lone(body.as_bytes());
            let parsed: Result<String, _> = serde_json::from_slice(&repaired);
            proptest::prop_assert!(parsed.is_ok(), "{body}");
            let expected: String = char::decode_utf16(units.iter().copied())
                .map(|c| c.unwrap_or('\u{fffd}'))
                .collect();
            proptest::prop_assert_eq!(parsed.unwrap(), expected);
        }
    }
}
