//! `Intl.DateTimeFormat` over ICU4X's semantic field sets: the ECMA-402 options the JS glue
//! validated become a [`FieldSetBuilder`], and the pattern ICU4X picks is read back for
//! `resolvedOptions()` and to refuse a request it cannot honour (a text field that would come
//! out as a number, or the reverse), rather than format something else.

use super::{Failure, Parts, locale_of, range_error};
use icu::calendar::{AnyCalendarKind, Date, Iso};
use icu::datetime::DateTimeFormatter;
use icu::datetime::pattern::DateTimeNames;
use icu::locale::Locale;

type Dtf = DateTimeFormatter<CompositeDateTimeFieldSet>;
use icu::datetime::fieldsets::builder::{DateFields, FieldSetBuilder};
use icu::datetime::fieldsets::enums::CompositeDateTimeFieldSet;
use icu::datetime::input::{DateTime, Time};
use icu::datetime::options::{Length, TimePrecision, YearStyle};
use icu::locale::extensions::unicode;
use serde::Deserialize;
use serde_json::{Map, Value, json};
use writeable::Writeable;

/// The field options as the glue passes them: ECMA-402 names and values, already checked
/// against the allowed values, defaults applied.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub(super) struct Options {
    weekday: Option<String>,
    year: Option<String>,
    month: Option<String>,
    day: Option<String>,
    hour: Option<String>,
    minute: Option<String>,
    second: Option<String>,
    date_style: Option<String>,
    time_style: Option<String>,
    hour_cycle: Option<String>,
}

pub(super) struct Formatter {
    formatter: Dtf,
    /// The JSON of `resolvedOptions()` without `timeZone` (the glue owns that one).
    pub resolved: Value,
}

/// A wall-clock time as the glue computed it from a `Date` in the formatter's time zone.
pub(super) struct Fields {
    pub year: i32,
    /// 1-based.
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
}

impl Formatter {
    pub fn new(locale: &str, options: &Options) -> Result<Formatter, Failure> {
        let mut locale = locale_of(locale)?;
        if let Some(cycle) = &options.hour_cycle {
            if !matches!(cycle.as_str(), "h11" | "h12" | "h23") {
                return Err(range_error(format!(
                    "Intl.DateTimeFormat: hourCycle {cycle} is not supported"
                )));
            }
            let value = unicode::Value::try_from_str(cycle)
                .map_err(|e| range_error(format!("Intl.DateTimeFormat: {e}")))?;
            locale
                .extensions
                .unicode
                .keywords
                .set(unicode::key!("hc"), value);
        }
        let builder = builder(options)?;
        let (mut formatter, mut used) = make(&locale, builder.clone())?;
        if let Some(field) = text_as_number(options, &used) {
            // A locale may write a field as a number at every length (Japanese "8月"): then
            // the long length is its text form. Otherwise this length has no text for it.
            let mut long = builder;
            long.length = Some(Length::Long);
            (formatter, used) = make(&locale, long)?;
            if text_as_number(options, &used) != Some(field) {
                return Err(range_error(format!(
                    "Intl.DateTimeFormat: {field} as text cannot be combined with the other \
                     options given (ICU4X would show it as a number)"
                )));
            }
        }
        check_text_widths(options, &used)?;
        let mut resolved = Map::new();
        resolved.insert("locale".into(), json!(super::tag(&locale)));
        resolved.insert(
            "calendar".into(),
            json!(calendar_name(formatter.calendar().kind())),
        );
        resolved.insert("numberingSystem".into(), json!("latn"));
        resolved.insert("timeZone".into(), Value::Null);
        if let Some(cycle) = used.hour_cycle {
            resolved.insert("hourCycle".into(), json!(cycle));
            resolved.insert("hour12".into(), json!(cycle == "h11" || cycle == "h12"));
        }
        if options.date_style.is_some() || options.time_style.is_some() {
            for (key, value) in [
                ("dateStyle", &options.date_style),
                ("timeStyle", &options.time_style),
            ] {
                if let Some(value) = value {
                    resolved.insert(key.into(), json!(value));
                }
            }
        } else {
            for (key, value) in [
                ("weekday", used.weekday),
                ("year", used.year),
                ("month", used.month),
                ("day", used.day),
                ("hour", used.hour),
                ("minute", used.minute),
                ("second", used.second),
            ] {
                if let Some(value) = value {
                    resolved.insert(key.into(), json!(value));
                }
            }
        }
        Ok(Formatter {
            formatter,
            resolved: Value::Object(resolved),
        })
    }

    pub fn format(
        &self,
        fields: &Fields,
        mut parts: Option<&mut Parts>,
    ) -> Result<String, Failure> {
        let date = Date::try_new_iso(fields.year, fields.month, fields.day)
            .map_err(|e| range_error(format!("Intl.DateTimeFormat: {e}")))?;
        let time = Time::try_new(fields.hour, fields.minute, fields.second, 0)
            .map_err(|e| range_error(format!("Intl.DateTimeFormat: {e}")))?;
        let input: DateTime<Iso> = DateTime { date, time };
        let formatted = self.formatter.format(&input);
        // V8 writes U+0020 where CLDR 42+ has U+202F (before AM/PM, in "p. m."), for web
        // compatibility; so does this, to give Node's strings.
        let text = super::write(&formatted, parts.as_deref_mut()).replace('\u{202f}', " ");
        if let Some(parts) = parts {
            for (_, value) in &mut parts.list {
                *value = value.replace('\u{202f}', " ");
            }
        }
        Ok(text)
    }
}

/// The builder for the requested fields: the length comes from the widest text field (a
/// `long` month or weekday is ICU4X's long length, `short` medium, numbers short).
fn builder(options: &Options) -> Result<FieldSetBuilder, Failure> {
    let mut builder = FieldSetBuilder::new();
    if options.date_style.is_some() || options.time_style.is_some() {
        let length = |style: &str| match style {
            "full" | "long" => Length::Long,
            "medium" => Length::Medium,
            _ => Length::Short,
        };
        if let Some(style) = &options.date_style {
            builder.date_fields = Some(if style == "full" {
                DateFields::YMDE
            } else {
                DateFields::YMD
            });
            builder.length = Some(length(style));
        }
        if let Some(style) = &options.time_style {
            builder.time_precision = Some(match style.as_str() {
                "short" => TimePrecision::Minute,
                "medium" => TimePrecision::Second,
                other => {
                    return Err(range_error(format!(
                        "Intl.DateTimeFormat: timeStyle \"{other}\" shows the time zone name, \
                         which is not supported yet"
                    )));
                }
            });
            if builder.length.is_none() {
                builder.length = Some(length(style));
            }
        }
        return Ok(builder);
    }
    let (y, m, d, e) = (
        options.year.is_some(),
        options.month.is_some(),
        options.day.is_some(),
        options.weekday.is_some(),
    );
    builder.date_fields = match (y, m, d, e) {
        (false, false, false, false) => None,
        (false, false, true, false) => Some(DateFields::D),
        (false, true, true, false) => Some(DateFields::MD),
        (true, true, true, false) => Some(DateFields::YMD),
        (false, false, true, true) => Some(DateFields::DE),
        (false, true, true, true) => Some(DateFields::MDE),
        (true, true, true, true) => Some(DateFields::YMDE),
        (false, false, false, true) => Some(DateFields::E),
        (false, true, false, false) => Some(DateFields::M),
        (true, true, false, false) => Some(DateFields::YM),
        (true, false, false, false) => Some(DateFields::Y),
        _ => {
            return Err(range_error(
                "Intl.DateTimeFormat: this combination of year, month, day and weekday is not \
                 supported"
                    .into(),
            ));
        }
    };
    let width = |value: &Option<String>| match value.as_deref() {
        Some("long") => Some(Length::Long),
        Some("short") => Some(Length::Medium),
        Some("narrow") => Some(Length::Short),
        Some(_) => Some(Length::Short),
        None => None,
    };
    builder.length = width(&options.month)
        .or(width(&options.weekday))
        .or(builder.date_fields.map(|_| Length::Short));
    if y {
        builder.year_style = Some(if options.year.as_deref() == Some("2-digit") {
            YearStyle::Auto
        } else {
            YearStyle::Full
        });
    }
    builder.time_precision = match (
        options.hour.is_some(),
        options.minute.is_some(),
        options.second.is_some(),
    ) {
        (false, false, false) => None,
        (true, false, false) => Some(TimePrecision::Hour),
        (true, true, false) => Some(TimePrecision::Minute),
        (true, true, true) => Some(TimePrecision::Second),
        _ => {
            return Err(range_error(
                "Intl.DateTimeFormat: minutes or seconds without the hour are not supported".into(),
            ));
        }
    };
    if builder.time_precision.is_some() && builder.length.is_none() {
        builder.length = Some(Length::Short);
    }
    Ok(builder)
}

/// The fields a UTS #35 pattern shows, as ECMA-402 option values.
#[derive(Default, Debug)]
struct Used {
    weekday: Option<&'static str>,
    year: Option<&'static str>,
    month: Option<&'static str>,
    day: Option<&'static str>,
    hour: Option<&'static str>,
    minute: Option<&'static str>,
    second: Option<&'static str>,
    hour_cycle: Option<&'static str>,
}

fn pattern_fields(pattern: &str) -> Used {
    let mut used = Used::default();
    let mut chars = pattern.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if c == '\'' {
            quoted = !quoted;
            continue;
        }
        if quoted || !c.is_ascii_alphabetic() {
            continue;
        }
        let mut count = 1;
        while chars.peek() == Some(&c) {
            chars.next();
            count += 1;
        }
        let number = if count == 2 { "2-digit" } else { "numeric" };
        let text = match count {
            4 => "long",
            5 => "narrow",
            _ => "short",
        };
        match c {
            'y' => used.year = Some(number),
            'M' | 'L' => used.month = Some(if count >= 3 { text } else { number }),
            'd' => used.day = Some(number),
            'E' => used.weekday = Some(text),
            'c' | 'e' if count >= 3 => used.weekday = Some(text),
            'h' | 'H' | 'K' | 'k' => {
                used.hour = Some(number);
                used.hour_cycle = Some(match c {
                    'h' => "h12",
                    'H' => "h23",
                    'K' => "h11",
                    _ => "h24",
                });
            }
            'm' => used.minute = Some(number),
            's' => used.second = Some(number),
            _ => {}
        }
    }
    used
}

/// The formatter for `builder` and the fields its pattern shows.
fn make(locale: &Locale, builder: FieldSetBuilder) -> Result<(Dtf, Used), Failure> {
    let fail = |e: &dyn std::fmt::Display| range_error(format!("Intl.DateTimeFormat: {e}"));
    let fields = builder.build_composite_datetime().map_err(|_| {
        range_error(
            "Intl.DateTimeFormat: this combination of date and time fields is not supported \
             (ICU4X formats year-month-day, month-day, day and weekday sets, each with or \
             without a time, and year-month, month or year alone)"
                .into(),
        )
    })?;
    let formatter = DateTimeFormatter::try_new(locale.into(), fields).map_err(|e| fail(&e))?;
    // ICU4X 2.4 leaves the number formatter unloaded for some patterns whose only number
    // is the year (Portuguese "MMMM 'de' y"), and then writes nothing for it: load it always.
    let mut names = DateTimeNames::from_formatter(locale.into(), formatter);
    names
        .as_mut()
        .include_decimal_formatter()
        .map_err(|e| fail(&e))?;
    let formatter = names
        .try_into_formatter(fields)
        .map_err(|(e, _)| fail(&e))?;
    let sample = DateTime {
        date: Date::try_new_iso(2022, 8, 1).expect("a valid date"),
        time: Time::try_new(15, 4, 5, 0).expect("a valid time"),
    };
    let pattern = formatter
        .format(&sample)
        .pattern()
        .write_to_string()
        .into_owned();
    Ok((formatter, pattern_fields(&pattern)))
}

const TEXT: [&str; 3] = ["long", "short", "narrow"];

/// The first of month and weekday asked for as text that the pattern shows as a number.
fn text_as_number(options: &Options, used: &Used) -> Option<&'static str> {
    [
        ("month", &options.month, used.month),
        ("weekday", &options.weekday, used.weekday),
    ]
    .into_iter()
    .find(|(_, asked, got)| {
        asked.as_deref().is_some_and(|a| TEXT.contains(&a))
            && got.is_some_and(|g| !TEXT.contains(&g))
    })
    .map(|(name, _, _)| name)
}

/// Refuses text of another width than asked: ICU4X has one length per field set, so
/// `{ weekday: "long", month: "short" }` cannot be honoured.
fn check_text_widths(options: &Options, used: &Used) -> Result<(), Failure> {
    for (name, asked, got) in [
        ("month", &options.month, used.month),
        ("weekday", &options.weekday, used.weekday),
    ] {
        let (Some(asked), Some(got)) = (asked.as_deref(), got) else {
            continue;
        };
        if TEXT.contains(&got) && asked != got {
            return Err(range_error(format!(
                "Intl.DateTimeFormat: {name} \"{asked}\" cannot be combined with the other \
                 options given (ICU4X would show it as \"{got}\")"
            )));
        }
    }
    Ok(())
}

fn calendar_name(kind: AnyCalendarKind) -> String {
    match kind {
        AnyCalendarKind::Gregorian => "gregory".into(),
        AnyCalendarKind::Iso => "iso8601".into(),
        AnyCalendarKind::Roc => "roc".into(),
        other => format!("{other:?}").to_ascii_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pattern_fields_read_widths_and_skip_quoted_text() {
        let used = pattern_fields("EEEE, MMMM d, y 'at' h:mm a");
        assert_eq!(used.weekday, Some("long"));
        assert_eq!(used.month, Some("long"));
        assert_eq!(used.day, Some("numeric"));
        assert_eq!(used.year, Some("numeric"));
        assert_eq!(used.hour_cycle, Some("h12"));
        assert_eq!(used.minute, Some("2-digit"));
        assert_eq!(used.second, None);
        let used = pattern_fields("dd.MM.yy");
        assert_eq!(used.month, Some("2-digit"));
    }
}
