//! `Intl.NumberFormat` (decimal, percent and currency styles) over ICU4X's decimal, percent
//! and currency formatters. Rounding follows ECMA-402's defaults: half away from zero
//! (`halfExpand`) at the maximum fraction digits, trailing zeros kept down to the minimum.

use super::{Failure, Parts, locale_of, range_error};
use fixed_decimal::{
    Decimal, FloatPrecision, SignDisplay, SignedRoundingMode, UnsignedRoundingMode,
};
use icu::decimal::DecimalFormatter;
use icu::decimal::options::{DecimalFormatterOptions, GroupingStrategy};
use icu::experimental::dimension::currency::CurrencyType;
use icu::experimental::dimension::currency::formatter::CurrencyFormatter;
use icu::experimental::dimension::percent::formatter::PercentFormatter;
use serde::Deserialize;

fn fail(error: impl std::fmt::Display) -> Failure {
    range_error(format!("Intl.NumberFormat: {error}"))
}

/// The options as the glue resolved them (ECMA-402 names; defaults applied).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Options {
    style: String,
    currency: Option<String>,
    minimum_integer_digits: i16,
    minimum_fraction_digits: Option<i16>,
    maximum_fraction_digits: Option<i16>,
    use_grouping: String,
    sign_display: String,
}

enum Style {
    Decimal(DecimalFormatter),
    Percent(PercentFormatter<DecimalFormatter>),
    Currency(CurrencyFormatter<DecimalFormatter>),
}

pub(super) struct Formatter {
    style: Style,
    minimum_integer_digits: i16,
    /// `None` for a currency without explicit digits: its formatter applies the currency's.
    fraction_digits: Option<(i16, i16)>,
    sign_display: SignDisplay,
    /// `resolvedOptions().locale`.
    pub locale: String,
}

impl Formatter {
    pub fn new(locale: &str, options: &Options) -> Result<Formatter, Failure> {
        let locale = locale_of(locale)?;
        let grouping = match options.use_grouping.as_str() {
            "always" => GroupingStrategy::Always,
            "min2" => GroupingStrategy::Min2,
            "false" => GroupingStrategy::Never,
            _ => GroupingStrategy::Auto,
        };
        let mut decimal_options = DecimalFormatterOptions::default();
        decimal_options.grouping_strategy = Some(grouping);
        let decimal = DecimalFormatter::try_new((&locale).into(), decimal_options).map_err(fail)?;
        let style = match options.style.as_str() {
            "percent" => Style::Percent(
                PercentFormatter::try_new_with_decimal_formatter(
                    (&locale).into(),
                    decimal,
                    Default::default(),
                )
                .map_err(fail)?,
            ),
            "currency" => {
                let code = options.currency.as_deref().unwrap_or_default();
                let currency = CurrencyType::try_from_str(&code.to_ascii_lowercase())
                    .map_err(|_| range_error(format!("Invalid currency code : {code}")))?;
                if grouping != GroupingStrategy::Auto {
                    return Err(range_error(
                        "Intl.NumberFormat: useGrouping with style \"currency\" is not supported"
                            .into(),
                    ));
                }
                Style::Currency(
                    CurrencyFormatter::try_new_symbol(
                        (&locale).into(),
                        currency,
                        Default::default(),
                    )
                    .map_err(fail)?,
                )
            }
            _ => Style::Decimal(decimal),
        };
        let fraction_digits = match (
            options.minimum_fraction_digits,
            options.maximum_fraction_digits,
        ) {
            (Some(min), Some(max)) => Some((min, max)),
            _ => None,
        };
        let sign_display = match options.sign_display.as_str() {
            "always" => SignDisplay::Always,
            "never" => SignDisplay::Never,
            "exceptZero" => SignDisplay::ExceptZero,
            "negative" => SignDisplay::Negative,
            _ => SignDisplay::Auto,
        };
        Ok(Formatter {
            style,
            minimum_integer_digits: options.minimum_integer_digits,
            fraction_digits,
            sign_display,
            locale: super::tag(&locale),
        })
    }

    /// Formats a finite number (the glue formats NaN and the infinities).
    pub fn format(&self, value: f64, parts: Option<&mut Parts>) -> Result<String, Failure> {
        let mut value = Decimal::try_from_f64(value, FloatPrecision::RoundTrip)
            .map_err(|_| range_error("Intl.NumberFormat: the number is out of range".into()))?;
        if matches!(self.style, Style::Percent(_)) {
            value.multiply_pow10(2);
        }
        if let Some((min, max)) = self.fraction_digits {
            value.round_with_mode(
                -max,
                SignedRoundingMode::Unsigned(UnsignedRoundingMode::HalfExpand),
            );
            value.absolute.trim_end();
            value.absolute.pad_end(-min);
        }
        value.absolute.pad_start(self.minimum_integer_digits);
        value.apply_sign_display(self.sign_display);
        Ok(match &self.style {
            Style::Decimal(f) => super::write(&f.format(&value), parts),
            Style::Percent(f) => super::write(&f.format(&value), parts),
            Style::Currency(f) => super::write(&f.format_fixed_decimal(&value), parts),
        })
    }
}
