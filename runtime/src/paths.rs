//! `getStaticPaths`: calling it and checking what it returned.

use crate::budget::mebibytes;
use crate::error::{RenderError, RenderErrorKind};
use crate::js::{CachedPaths, Js};
use crate::strings;
use crate::values::{array_len, describe};
use astc_ir::route::{Segment, TrailingSlash};
use rquickjs::{Object, Persistent, Type, Value};
use std::collections::BTreeMap;

/// One page of a dynamic route, as `getStaticPaths` listed it.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct StaticPath {
    /// Param values as strings (numbers are stringified). A param whose value was
    /// `undefined` (an empty rest parameter) is absent.
    pub params: BTreeMap<String, String>,
}

/// What one path entry and one param cost besides their text, for the output budget.
const ENTRY_OVERHEAD: usize = 64;

/// Calls the component's `getStaticPaths({ paginate })` and validates the result: an array
/// (one level of nested arrays is flattened, as Astro does) of `{ params, props? }`.
pub(crate) fn call_static_paths<'js>(
    js: &Js<'js>,
    component: usize,
) -> Result<CachedPaths, RenderError> {
    let f = js.export(component, "getStaticPaths")?;
    let arg = static_paths_arg(js, component).map_err(|e| js.error(e, component))?;
    let result = js.call(&f, (arg,), component)?;
    validate(js, component, result)
}

/// `{ paginate }` for the route whose page `component` is (the first, if several are).
fn static_paths_arg<'js>(js: &Js<'js>, component: usize) -> rquickjs::Result<Value<'js>> {
    let id = &js.index.ids[component];
    let route = js.site.routes.iter().find(|route| &route.component == id);
    let segments = match route {
        Some(route) => {
            let array = rquickjs::Array::new(js.ctx.clone())?;
            for (i, segment) in route.segments.iter().enumerate() {
                let (kind, text) = match segment {
                    Segment::Static(text) => ("static", text),
                    Segment::Param(name) => ("param", name),
                    Segment::Rest(name) => ("rest", name),
                };
                let pair = rquickjs::Array::new(js.ctx.clone())?;
                pair.set(0, kind)?;
                pair.set(1, text.as_str())?;
                array.set(i, pair)?;
            }
            array.into_value()
        }
        None => Value::new_null(js.ctx.clone()),
    };
    let urls = &js.site.urls;
    let trailing = match urls.trailing_slash {
        TrailingSlash::Always => "always",
        TrailingSlash::Never => "never",
        TrailingSlash::Ignore => "ignore",
    };
    js.api
        .static_paths_arg
        .call((segments, urls.base.as_str(), trailing))
}

fn validate<'js>(
    js: &Js<'js>,
    component: usize,
    result: Value<'js>,
) -> Result<CachedPaths, RenderError> {
    let bad = |message: String| bad_paths(js, component, message);
    let engine = |e| js.error(e, component);
    let Some(array) = result.as_array() else {
        return Err(bad(format!(
            "getStaticPaths() must return an array of {{ params, props? }} objects, got {}",
            describe(&result)
        )));
    };
    let mut paths = Vec::new();
    let mut props = Vec::new();
    // Entries are checked as they are read: an array may claim up to 2^32 - 1 entries, and
    // the first missing one is already an error.
    let mut check = |entry: Value<'js>| -> Result<(), RenderError> {
        if js.clock.expired() {
            return Err(js.timeout(component, None));
        }
        let (path, entry_props) = validate_entry(js, component, paths.len(), entry)?;
        // The result is kept outside the engine's heap, so it is held to the render's output
        // budget: a few bytes of JavaScript (one object repeated) cannot make gigabytes here.
        let size = ENTRY_OVERHEAD
            + path
                .params
                .iter()
                .map(|(k, v)| k.len() + v.len() + ENTRY_OVERHEAD)
                .sum::<usize>();
        if !js.budget.charge(size) {
            return Err(bad(format!(
                "getStaticPaths() returned more than {} of params ({} entries so far); split \
                 the route or return fewer paths",
                mebibytes(js.budget.output_limit()),
                paths.len()
            )));
        }
        paths.push(path);
        props.push(entry_props);
        Ok(())
    };
    let mut i = 0;
    while i < array_len(array).map_err(engine)? {
        let item: Value = array.get(i).map_err(engine)?;
        match item.as_array() {
            Some(nested) => {
                let mut j = 0;
                while j < array_len(nested).map_err(engine)? {
                    check(nested.get(j).map_err(engine)?)?;
                    j += 1;
                }
            }
            None => check(item)?,
        }
        i += 1;
    }
    Ok(CachedPaths { paths, props })
}

/// A `BadStaticPaths` error in `component`.
fn bad_paths(js: &Js<'_>, component: usize, message: String) -> RenderError {
    RenderError::new(
        RenderErrorKind::BadStaticPaths,
        &js.index.ids[component],
        message,
    )
}

/// Checks entry `i` of the result: `{ params: { name: string | number | undefined }, props? }`.
fn validate_entry<'js>(
    js: &Js<'js>,
    component: usize,
    i: usize,
    entry: Value<'js>,
) -> Result<(StaticPath, Option<Persistent<Value<'static>>>), RenderError> {
    let bad = |message: String| bad_paths(js, component, message);
    let engine = |e| js.error(e, component);
    let Some(object) = plain_object(&entry) else {
        return Err(bad(format!(
            "getStaticPaths() entry {i} must be an object like {{ params: {{ slug: \"a\" }} }}, got {}",
            describe(&entry)
        )));
    };
    let params_value: Value = object.get("params").map_err(engine)?;
    if params_value.is_undefined() {
        return Err(bad(format!(
            "getStaticPaths() entry {i} has no `params` (expected {{ params: {{ … }}, props? }})"
        )));
    }
    let Some(params_object) = plain_object(&params_value) else {
        return Err(bad(format!(
            "getStaticPaths() entry {i}: `params` must be an object, got {}",
            describe(&params_value)
        )));
    };
    let mut params = BTreeMap::new();
    for prop in params_object.props::<rquickjs::String, Value>() {
        let (name, value) = prop.map_err(engine)?;
        let name = strings::to_string(&name).map_err(engine)?;
        match value.type_of() {
            Type::Undefined => {}
            Type::String | Type::Int | Type::Float => {
                params.insert(name, js.to_string(&value, component)?);
            }
            _ => {
                return Err(bad(format!(
                    "getStaticPaths() entry {i}: param `{name}` must be a string or a number \
                         (or undefined for a rest parameter), got {}",
                    describe(&value)
                )));
            }
        }
    }
    let props_value: Value = object.get("props").map_err(engine)?;
    let entry_props = if props_value.is_undefined() {
        None
    } else if plain_object(&props_value).is_some() {
        Some(Persistent::save(&js.ctx, props_value))
    } else {
        return Err(bad(format!(
            "getStaticPaths() entry {i}: `props` must be an object, got {}",
            describe(&props_value)
        )));
    };
    Ok((StaticPath { params }, entry_props))
}

/// The value as an object when it is a non-array, non-function object.
fn plain_object<'js>(value: &Value<'js>) -> Option<Object<'js>> {
    match value.type_of() {
        Type::Object | Type::Exception | Type::Proxy => value.as_object().cloned(),
        _ => None,
    }
}
