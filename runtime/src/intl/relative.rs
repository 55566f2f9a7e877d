//! `Intl.RelativeTimeFormat` over ICU4X's relative time formatter (one formatter per style
//! and unit, made when a unit is first formatted).

use super::{Failure, Parts, locale_of, range_error};
use fixed_decimal::{Decimal, FloatPrecision};
use icu::experimental::relativetime::options::Numeric;
use icu::experimental::relativetime::{RelativeTimeFormatter, RelativeTimeFormatterOptions};
use icu::locale::Locale;
use std::collections::HashMap;

pub(super) struct Format {
    locale: Locale,
    style: String,
    numeric: bool,
    units: HashMap<String, RelativeTimeFormatter>,
    pub tag: String,
}

impl Format {
    pub fn new(locale: &str, style: &str, numeric: &str) -> Result<Format, Failure> {
        let locale = locale_of(locale)?;
        Ok(Format {
            tag: super::tag(&locale),
            locale,
            style: style.to_owned(),
            numeric: numeric == "auto",
            units: HashMap::new(),
        })
    }

    /// `unit` is singular (the glue strips a plural `s`).
    pub fn format(
        &mut self,
        value: f64,
        unit: &str,
        parts: Option<&mut Parts>,
    ) -> Result<String, Failure> {
        if !self.units.contains_key(unit) {
            let formatter = self.make(unit)?;
            self.units.insert(unit.to_owned(), formatter);
        }
        let formatter = &self.units[unit];
        let number = Decimal::try_from_f64(value, FloatPrecision::RoundTrip).map_err(|_| {
            range_error("Intl.RelativeTimeFormat: the number is out of range".into())
        })?;
        Ok(super::write(&formatter.format(number), parts))
    }

    fn make(&self, unit: &str) -> Result<RelativeTimeFormatter, Failure> {
        let mut options = RelativeTimeFormatterOptions::default();
        if self.numeric {
            options = options.with_numeric(Numeric::Auto);
        }
        let prefs = (&self.locale).into();
        let made = match (self.style.as_str(), unit) {
            ("long", "second") => RelativeTimeFormatter::try_new_long_second(prefs, options),
            ("long", "minute") => RelativeTimeFormatter::try_new_long_minute(prefs, options),
            ("long", "hour") => RelativeTimeFormatter::try_new_long_hour(prefs, options),
            ("long", "day") => RelativeTimeFormatter::try_new_long_day(prefs, options),
            ("long", "week") => RelativeTimeFormatter::try_new_long_week(prefs, options),
            ("long", "month") => RelativeTimeFormatter::try_new_long_month(prefs, options),
            ("long", "quarter") => RelativeTimeFormatter::try_new_long_quarter(prefs, options),
            ("long", "year") => RelativeTimeFormatter::try_new_long_year(prefs, options),
            ("short", "second") => RelativeTimeFormatter::try_new_short_second(prefs, options),
            ("short", "minute") => RelativeTimeFormatter::try_new_short_minute(prefs, options),
            ("short", "hour") => RelativeTimeFormatter::try_new_short_hour(prefs, options),
            ("short", "day") => RelativeTimeFormatter::try_new_short_day(prefs, options),
            ("short", "week") => RelativeTimeFormatter::try_new_short_week(prefs, options),
            ("short", "month") => RelativeTimeFormatter::try_new_short_month(prefs, options),
            ("short", "quarter") => RelativeTimeFormatter::try_new_short_quarter(prefs, options),
            ("short", "year") => RelativeTimeFormatter::try_new_short_year(prefs, options),
            (_, "second") => RelativeTimeFormatter::try_new_narrow_second(prefs, options),
            (_, "minute") => RelativeTimeFormatter::try_new_narrow_minute(prefs, options),
            (_, "hour") => RelativeTimeFormatter::try_new_narrow_hour(prefs, options),
            (_, "day") => RelativeTimeFormatter::try_new_narrow_day(prefs, options),
            (_, "week") => RelativeTimeFormatter::try_new_narrow_week(prefs, options),
            (_, "month") => RelativeTimeFormatter::try_new_narrow_month(prefs, options),
            (_, "quarter") => RelativeTimeFormatter::try_new_narrow_quarter(prefs, options),
            (_, "year") => RelativeTimeFormatter::try_new_narrow_year(prefs, options),
            (_, other) => {
                return Err(range_error(format!(
                    "Invalid unit argument for format() '{other}'"
                )));
            }
        };
        made.map_err(|e| range_error(format!("Intl.RelativeTimeFormat: {e}")))
    }
}
