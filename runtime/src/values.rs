//! Facts about JavaScript values and HTML names that rendering needs, without recursion
//! into markup (that is [`crate::walk`]'s job).

use rquickjs::convert::Coerced;
use rquickjs::{Type, Value};

/// JavaScript truthiness.
pub(crate) fn truthy(value: &Value<'_>) -> bool {
    value.get::<Coerced<bool>>().is_ok_and(|b| b.0)
}

/// How a value is named in error messages: `undefined`, `a number (3)`, `an object`…
pub(crate) fn describe(value: &Value<'_>) -> String {
    let short = |s: &str| {
        if s.chars().nth(40).is_some() {
            format!("{}…", s.chars().take(40).collect::<String>())
        } else {
            s.to_owned()
        }
    };
    match value.type_of() {
        Type::Uninitialized | Type::Undefined => "undefined".into(),
        Type::Null => "null".into(),
        Type::Bool => format!("a boolean ({})", value.as_bool().unwrap_or_default()),
        Type::Int => format!("a number ({})", value.as_int().unwrap_or_default()),
        Type::Float => format!("a number ({})", value.as_float().unwrap_or_default()),
        Type::String => match value
            .as_string()
            .and_then(|s| crate::strings::with_str(s, short).ok())
        {
            Some(s) => format!("a string ({s:?})"),
            None => "a string".into(),
        },
        Type::Symbol => "a symbol".into(),
        Type::BigInt => "a bigint".into(),
        Type::Array => "an array".into(),
        Type::Function | Type::Constructor => "a function".into(),
        Type::Promise => "a promise".into(),
        Type::Exception => "an Error".into(),
        _ => "an object".into(),
    }
}

/// The `length` of an array: anything up to 2^32 - 1 (rquickjs's `Array::len` asserts that
/// it fits an `i32`).
pub(crate) fn array_len(array: &rquickjs::Array<'_>) -> rquickjs::Result<usize> {
    let length: Value = array.as_object().get("length")?;
    Ok(match length.as_int() {
        Some(n) => usize::try_from(n).unwrap_or(0),
        None => length.as_float().map_or(0, |f| f as usize),
    })
}

/// A number the way JavaScript's `String(n)` writes it, when Rust writes it the same way
/// (integers); `None` for the rest, which go through the engine.
pub(crate) fn integer_string(value: &Value<'_>) -> Option<String> {
    if let Some(i) = value.as_int() {
        return Some(i.to_string());
    }
    let f = value.as_float()?;
    // Integral floats below 2^53 print identically; -0 prints as "0" in JavaScript.
    (f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0).then(|| (f as i64).to_string())
}

/// HTML boolean attributes: present means true, whatever the value.
const BOOLEAN_ATTRIBUTES: [&str; 25] = [
    "allowfullscreen",
    "async",
    "autofocus",
    "autoplay",
    "checked",
    "controls",
    "default",
    "defer",
    "disabled",
    "formnovalidate",
    "hidden",
    "inert",
    "ismap",
    "itemscope",
    "loop",
    "multiple",
    "muted",
    "nomodule",
    "novalidate",
    "open",
    "playsinline",
    "readonly",
    "required",
    "reversed",
    "selected",
];

pub(crate) fn is_boolean_attribute(name: &str) -> bool {
    BOOLEAN_ATTRIBUTES
        .iter()
        .any(|b| b.eq_ignore_ascii_case(name))
}

/// Attributes whose value is the word `true`/`false` (enumerated attributes and ARIA
/// states): a boolean renders as `name="true"`/`name="false"`, since a bare `aria-hidden` or
/// `draggable` would mean the empty string, not true.
pub(crate) fn is_enumerated_attribute(name: &str) -> bool {
    const ENUMERATED: [&str; 4] = ["contenteditable", "draggable", "spellcheck", "value"];
    let lower = name.len() > 5 && name[..5].eq_ignore_ascii_case("aria-");
    lower || ENUMERATED.iter().any(|e| e.eq_ignore_ascii_case(name))
}

/// Whether `name` can be written as an attribute name without breaking the markup (spread
/// keys come from user data; anything else is dropped).
pub(crate) fn is_valid_attribute_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().all(|c| {
            !c.is_whitespace()
                && !c.is_control()
                && !matches!(c, '"' | '\'' | '>' | '<' | '/' | '=' | '`' | '{' | '}')
        })
}

/// Whether `tag` can be written as an element name (dynamic tags).
pub(crate) fn is_valid_tag_name(tag: &str) -> bool {
    let mut chars = tag.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
}

pub(crate) fn is_void_element(tag: &str) -> bool {
    const VOID: [&str; 14] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr",
    ];
    VOID.iter().any(|v| v.eq_ignore_ascii_case(tag))
}

/// Class names in first-seen order, each once.
#[derive(Default)]
pub(crate) struct Classes {
    pub list: Vec<String>,
    seen: std::collections::HashSet<String>,
}

impl Classes {
    /// Adds each whitespace-separated class of `s` unless already there.
    pub fn push(&mut self, s: &str) {
        for class in s.split_ascii_whitespace() {
            if !self.seen.contains(class) {
                self.seen.insert(class.to_owned());
                self.list.push(class.to_owned());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_name_facts() {
        assert!(is_boolean_attribute("Disabled"));
        assert!(!is_boolean_attribute("data-disabled"));
        assert!(is_enumerated_attribute("aria-hidden"));
        assert!(is_enumerated_attribute("draggable"));
        assert!(!is_enumerated_attribute("aria"));
        assert!(is_valid_attribute_name("data-x"));
        assert!(is_valid_attribute_name("@click"));
        assert!(!is_valid_attribute_name("a b"));
        assert!(!is_valid_attribute_name("x\"onload"));
        assert!(!is_valid_attribute_name(""));
    }

    #[test]
    fn tag_name_facts() {
        assert!(is_valid_tag_name("h2"));
        assert!(is_valid_tag_name("my-element"));
        assert!(!is_valid_tag_name("2h"));
        assert!(!is_valid_tag_name("a onclick=x"));
        assert!(is_void_element("BR"));
        assert!(!is_void_element("div"));
    }

    #[test]
    fn classes_deduplicate_in_order() {
        let mut classes = Classes::default();
        classes.push(" a  b ");
        classes.push("b c a");
        assert_eq!(classes.list, ["a", "b", "c"]);
    }
}
