//! `Intl` in the engine, backed by ICU4X's compiled CLDR data: `DateTimeFormat`,
//! `NumberFormat`, `PluralRules`, `RelativeTimeFormat`, `Collator`, `Segmenter`, and the `toLocale*String`
//! and `localeCompare` methods.
//!
//! Cost model: context creation evaluates only `prelude.js`, which puts a lazy `Intl` getter on
//! the global object and replaces the locale methods with stubs. The first use evaluates
//! `intl.js` (the ECMA-402 option handling) with the natives of this module; a render that
//! never touches `Intl` pays nothing more. ICU4X formatters are made once per
//! (service, locale, options) and kept for the context's life, so `new Intl.DateTimeFormat`
//! in a loop costs a lookup.
//!
//! Each service is one file: `datetime`, `number`, `plural`, `relative`, `collator`,
//! `segmenter`; `parts`
//! turns ICU4X's annotated output into `formatToParts` results.

mod collator;
mod datetime;
mod number;
mod parts;
mod plural;
mod relative;
mod segmenter;
#[cfg(test)]
mod tests;

use crate::strings;
use icu::locale::Locale;
use parts::{Nesting, Parts, write};
use rquickjs::{Ctx, Exception, Function, Object};
use serde_json::json;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

const PRELUDE: &str = include_str!("prelude.js");
const INTL_JS: &str = include_str!("intl.js");

/// Why a native call failed: becomes a JS `RangeError` or `TypeError`.
pub(crate) enum Failure {
    Range(String),
    Type(String),
    /// The engine's own error (out of memory, an exception already thrown).
    Engine(rquickjs::Error),
}

impl From<rquickjs::Error> for Failure {
    fn from(error: rquickjs::Error) -> Failure {
        Failure::Engine(error)
    }
}

fn range_error(message: String) -> Failure {
    Failure::Range(message)
}

fn throw(ctx: &Ctx<'_>, failure: Failure) -> rquickjs::Error {
    match failure {
        Failure::Range(m) => Exception::throw_range(ctx, &m),
        Failure::Type(m) => Exception::throw_type(ctx, &m),
        Failure::Engine(e) => e,
    }
}

/// A BCP 47 tag the glue canonicalized; anything else is a `RangeError` like V8's.
fn locale_of(tag: &str) -> Result<Locale, Failure> {
    Locale::try_from_str(tag)
        .map_err(|_| Failure::Range("Incorrect locale information provided".into()))
}

/// The tag `resolvedOptions().locale` reports: the locale without its Unicode extensions
/// (each service reports the ones it honours as options).
fn tag(locale: &Locale) -> String {
    locale.id.to_string()
}

/// Installs the lazy `Intl` global and the locale-method stubs in a fresh context.
pub(crate) fn install(ctx: &Ctx<'_>) -> rquickjs::Result<()> {
    let setup: Function = ctx.eval(PRELUDE)?;
    setup.call((Function::new(ctx.clone(), load)?,))
}

enum Service {
    DateTime(datetime::Formatter),
    Number(number::Formatter),
    Plural(plural::Rules),
    Relative(relative::Format),
    Collator(collator::Collator),
}

/// The formatters of one context, by id; `ids` finds an existing one by its request. At most
/// [`MAX_SERVICES`].
#[derive(Default)]
struct Services {
    list: Vec<Service>,
    ids: HashMap<String, usize>,
}

impl Services {
    /// The id of the service for `key`, made by `make` the first time.
    fn id(
        &mut self,
        key: String,
        make: impl FnOnce() -> Result<Service, Failure>,
    ) -> Result<usize, Failure> {
        if let Some(&id) = self.ids.get(&key) {
            return Ok(id);
        }
        // Formatters live in Rust memory, outside the engine's memory limit.
        if self.list.len() >= MAX_SERVICES {
            return Err(Failure::Range(format!(
                "Intl: more than {MAX_SERVICES} different locale and option combinations in \
                 one build thread"
            )));
        }
        let id = self.list.len();
        self.list.push(make()?);
        self.ids.insert(key, id);
        Ok(id)
    }
}

type Shared = Rc<RefCell<Services>>;

/// How many formatters a context keeps: they are made per distinct request, so a page
/// that makes requests from data (locales in a loop) is bounded.
const MAX_SERVICES: usize = 4096;

fn wrong_id() -> Failure {
    Failure::Type("Intl: method called on an object of another type".into())
}

/// The native half of `intl.js`'s setup argument. Every function takes and returns plain
/// values (ids, numbers, strings; JSON for option bags and results with structure). Strings
/// the glue built (locale tags, option JSON, unit names) are ASCII it validated; user text
/// (the strings a collator compares) goes through [`strings`].
fn load<'js>(ctx: Ctx<'js>) -> rquickjs::Result<Object<'js>> {
    let services: Shared = Rc::default();
    let natives = Object::new(ctx.clone())?;
    macro_rules! native {
        ($name:literal, |$s:ident $(, $arg:ident : $ty:ty)*| $body:expr) => {{
            let shared = services.clone();
            natives.set(
                $name,
                Function::new(ctx.clone(), move |ctx: Ctx<'js>, $($arg: $ty),*| {
                    let $s = &mut *shared.borrow_mut();
                    let result = attempt(|| $body);
                    result.map_err(|f| throw(&ctx, f))
                })?,
            )?;
        }};
    }
    natives.set(
        "canonicalize",
        Function::new(ctx.clone(), |ctx: Ctx<'js>, tag: rquickjs::String<'js>| {
            let tag = strings::to_string(&tag)?;
            // ICU4X accepts `_` separators, ECMA-402 does not.
            match Locale::try_from_str(&tag) {
                Ok(locale) if !tag.contains('_') => Ok(locale.to_string()),
                _ => Err(Exception::throw_range(
                    &ctx,
                    "Incorrect locale information provided",
                )),
            }
        })?,
    )?;
    natives.set("hostTimeZone", Function::new(ctx.clone(), host_time_zone)?)?;
    native!("dateTimeFormat", |s, locale: String, options: String| {
        let parsed: datetime::Options = serde_json::from_str(&options)
            .map_err(|e| Failure::Type(format!("Intl.DateTimeFormat: {e}")))?;
        s.id(format!("dt\0{locale}\0{options}"), || {
            datetime::Formatter::new(&locale, &parsed).map(Service::DateTime)
        })
        .and_then(|id| match &s.list[id] {
            Service::DateTime(f) => Ok(json!({ "id": id, "resolved": f.resolved }).to_string()),
            _ => Err(wrong_id()),
        })
    });
    native!(
        "dateTimeFormatFormat",
        |s, id: usize, parts: bool, fields: Vec<i32>| {
            let Some(Service::DateTime(f)) = s.list.get(id) else {
                return Err(wrong_id());
            };
            let [year, month, day, hour, minute, second] = fields[..] else {
                return Err(wrong_id());
            };
            // The glue passes a Date's own fields: each fits its type.
            let small = |n: i32| u8::try_from(n).unwrap_or(u8::MAX);
            let fields = datetime::Fields {
                year,
                month: small(month),
                day: small(day),
                hour: small(hour),
                minute: small(minute),
                second: small(second),
            };
            format_with_parts(parts, Nesting::Outermost, |p| f.format(&fields, p))
        }
    );
    native!("numberFormat", |s, locale: String, options: String| {
        let parsed: number::Options = serde_json::from_str(&options)
            .map_err(|e| Failure::Type(format!("Intl.NumberFormat: {e}")))?;
        s.id(format!("nf\0{locale}\0{options}"), || {
            number::Formatter::new(&locale, &parsed).map(Service::Number)
        })
        .and_then(|id| match &s.list[id] {
            Service::Number(f) => Ok(json!({ "id": id, "locale": f.locale }).to_string()),
            _ => Err(wrong_id()),
        })
    });
    native!(
        "numberFormatFormat",
        |s, id: usize, parts: bool, value: f64| {
            let Some(Service::Number(f)) = s.list.get(id) else {
                return Err(wrong_id());
            };
            format_with_parts(parts, Nesting::Innermost, |p| f.format(value, p))
        }
    );
    native!("pluralRules", |s,
                            locale: String,
                            ordinal: bool,
                            min: i16,
                            max: i16| {
        s.id(format!("pr\0{locale}\0{ordinal}\0{min}\0{max}"), || {
            plural::Rules::new(&locale, ordinal, (min, max)).map(Service::Plural)
        })
        .and_then(|id| match &s.list[id] {
            Service::Plural(r) => Ok(json!({
                "id": id,
                "locale": r.locale,
                "categories": r.categories(),
            })
            .to_string()),
            _ => Err(wrong_id()),
        })
    });
    native!("pluralSelect", |s, id: usize, value: f64| {
        match s.list.get(id) {
            Some(Service::Plural(r)) => Ok(r.select(value)),
            _ => Err(wrong_id()),
        }
    });
    native!(
        "relativeTimeFormat",
        |s, locale: String, style: String, numeric: String| {
            s.id(format!("rt\0{locale}\0{style}\0{numeric}"), || {
                relative::Format::new(&locale, &style, &numeric).map(Service::Relative)
            })
            .and_then(|id| match &s.list[id] {
                Service::Relative(f) => Ok(json!({ "id": id, "locale": f.tag }).to_string()),
                _ => Err(wrong_id()),
            })
        }
    );
    native!(
        "relativeTimeFormatFormat",
        |s, id: usize, parts: bool, value: f64, unit: String| {
            let Some(Service::Relative(f)) = s.list.get_mut(id) else {
                return Err(wrong_id());
            };
            format_with_parts(parts, Nesting::Innermost, |p| f.format(value, &unit, p))
        }
    );
    native!("collator", |s, locale: String, options: String| {
        let parsed: collator::Options = serde_json::from_str(&options)
            .map_err(|e| Failure::Type(format!("Intl.Collator: {e}")))?;
        s.id(format!("co\0{locale}\0{options}"), || {
            collator::Collator::new(&locale, &parsed).map(Service::Collator)
        })
        .and_then(|id| match &s.list[id] {
            Service::Collator(c) => Ok(json!({ "id": id, "locale": c.locale }).to_string()),
            _ => Err(wrong_id()),
        })
    });
    native!(
        "collatorCompare",
        |s, id: usize, a: rquickjs::String<'js>, b: rquickjs::String<'js>| {
            let Some(Service::Collator(c)) = s.list.get(id) else {
                return Err(wrong_id());
            };
            let (a, b) = (strings::to_string(&a)?, strings::to_string(&b)?);
            Ok(c.compare(&a, &b))
        }
    );
    natives.set(
        "segment",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, granularity: String, text: rquickjs::String<'js>| {
                let text: Vec<u16> = strings::to_string(&text)?.encode_utf16().collect();
                let list = segmenter::segments(&granularity, &text).map_err(|f| throw(&ctx, f))?;
                Ok::<_, rquickjs::Error>(serde_json::to_string(&list).unwrap_or_default())
            },
        )?,
    )?;
    let build: Function = ctx.eval(INTL_JS)?;
    build.call((natives,))
}

/// Runs a native's body, whose `?` and `return` give [`Failure`]s.
fn attempt<T>(body: impl FnOnce() -> Result<T, Failure>) -> Result<T, Failure> {
    body()
}

/// The formatted string, or with `parts` the JSON of its parts.
fn format_with_parts(
    parts: bool,
    nesting: Nesting,
    format: impl FnOnce(Option<&mut Parts>) -> Result<String, Failure>,
) -> Result<String, Failure> {
    if !parts {
        return format(None);
    }
    let mut collected = Parts::new(nesting);
    format(Some(&mut collected))?;
    Ok(collected.to_json())
}

/// The host's IANA time zone: `TZ` when it names one, else the target of `/etc/localtime`,
/// else `UTC` (what the C library assumes too).
fn host_time_zone() -> String {
    let from_env = std::env::var("TZ")
        .ok()
        .map(|tz| tz.trim_start_matches(':').to_owned())
        .filter(|tz| !tz.is_empty() && !tz.starts_with('/'));
    let from_link = || {
        let target = std::fs::read_link("/etc/localtime").ok()?;
        let target = target.to_str()?;
        let (_, zone) = target.split_once("zoneinfo/")?;
        Some(zone.to_owned())
    };
    let zone = from_env.or_else(from_link).unwrap_or_else(|| "UTC".into());
    match zone.as_str() {
        "Etc/UTC" | "Etc/GMT" | "GMT" | "UTC" | "Etc/Universal" | "Universal" | "Zulu" => {
            "UTC".into()
        }
        _ => zone,
    }
}
