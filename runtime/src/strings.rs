//! The one way JavaScript strings become Rust text. JavaScript strings are UTF-16 and may
//! hold lone surrogates (`'\ud800'`), which UTF-8 cannot; QuickJS hands them over as
//! three-byte surrogate encodings (WTF-8). Here each lone surrogate becomes one U+FFFD, as
//! browsers and Node do when they encode such a string, so no value a page computes can
//! fail a conversion.
//!
//! Nothing in the runtime converts with rquickjs's own `String::to_string`, `FromJs for
//! String`, `Coerced<String>` or `Atom::to_string` (they fail on lone surrogates, and the
//! atom conversion assumes valid UTF-8).

use rquickjs::convert::Coerced;
use rquickjs::{Ctx, Error, FromJs, Result, Value};
use std::borrow::Cow;

/// Calls `f` with the text of `s`, borrowed from the engine's buffer when it is valid
/// UTF-8 (the common case: no copy), else with lone surrogates replaced.
pub(crate) fn with_str<R>(s: &rquickjs::String<'_>, f: impl FnOnce(&str) -> R) -> Result<R> {
    let ctx = s.ctx();
    let mut len = 0;
    // SAFETY: the context and the string are live; QuickJS returns a NUL-terminated buffer
    // of `len` bytes (or NULL with an exception pending), freed below with JS_FreeCString.
    let ptr =
        unsafe { rquickjs::qjs::JS_ToCStringLen(ctx.as_raw().as_ptr(), &mut len, s.as_raw()) };
    if ptr.is_null() {
        // Only an allocation failure, which leaves an out-of-memory exception pending.
        return Err(Error::Exception);
    }
    // SAFETY: `ptr` points to `len` initialised bytes until JS_FreeCString.
    let bytes = unsafe { std::slice::from_raw_parts(ptr.cast::<u8>(), len) };
    let result = f(&wtf8_to_utf8(bytes));
    // SAFETY: `ptr` came from JS_ToCStringLen on this context and is freed once.
    unsafe { rquickjs::qjs::JS_FreeCString(ctx.as_raw().as_ptr(), ptr) };
    Ok(result)
}

/// The text of a JavaScript string.
pub(crate) fn to_string(s: &rquickjs::String<'_>) -> Result<String> {
    with_str(s, str::to_owned)
}

/// `String(value)` as JavaScript computes it (calling `toString`, which may throw), as text.
pub(crate) fn coerce<'js>(ctx: &Ctx<'js>, value: &Value<'js>) -> Result<String> {
    to_string(&coerce_to_js(ctx, value)?)
}

/// `String(value)` as a JavaScript string (calling `toString`, which may throw).
pub(crate) fn coerce_to_js<'js>(
    ctx: &Ctx<'js>,
    value: &Value<'js>,
) -> Result<rquickjs::String<'js>> {
    match value.as_string() {
        Some(s) => Ok(s.clone()),
        None => Ok(Coerced::<rquickjs::String>::from_js(ctx, value.clone())?.0),
    }
}

/// The text of a string value; `None` when `value` is not a string.
pub(crate) fn string_value(value: &Value<'_>) -> Result<Option<String>> {
    value.as_string().map(to_string).transpose()
}

/// A property of an object as text: `None` when it is `undefined` or `null`, `String(v)`
/// otherwise.
pub(crate) fn property<'js>(object: &rquickjs::Object<'js>, key: &str) -> Result<Option<String>> {
    let value: Value = object.get(key)?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    coerce(object.ctx(), &value).map(Some)
}

/// QuickJS's UTF-8 with lone surrogates (ED A0..BF 80..BF) as UTF-8 with one U+FFFD each.
pub(crate) fn wtf8_to_utf8(bytes: &[u8]) -> Cow<'_, str> {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                break;
            }
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                // SAFETY: from_utf8 said these bytes are valid.
                out.push_str(unsafe { std::str::from_utf8_unchecked(valid) });
                out.push(char::REPLACEMENT_CHARACTER);
                // A surrogate is one three-byte sequence; anything else QuickJS never
                // produces, and is skipped as far as the decoder says is invalid.
                let skip = match after {
                    [0xED, 0xA0..=0xBF, 0x80..=0xBF, ..] => 3,
                    _ => e.error_len().unwrap_or(after.len()),
                };
                rest = &after[skip..];
            }
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_replacement_per_lone_surrogate() {
        // U+D800 and U+DFFF as QuickJS encodes them, around valid text.
        let bytes = b"a\xED\xA0\x80b\xED\xBF\xBF\xED\xA0\x80\xC3\xA9";
        assert_eq!(wtf8_to_utf8(bytes), "a\u{FFFD}b\u{FFFD}\u{FFFD}é");
        assert!(matches!(
            wtf8_to_utf8("ok é".as_bytes()),
            Cow::Borrowed("ok é")
        ));
        assert_eq!(wtf8_to_utf8(b"\xFFx"), "\u{FFFD}x");
        assert_eq!(wtf8_to_utf8(b"x\xED"), "x\u{FFFD}");
    }
}
