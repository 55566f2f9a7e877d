//! `Intl.PluralRules`: ICU4X's cardinal and ordinal rules, on the number as ECMA-402 rounds
//! it (fraction digits 0 to 3 by default), so `1.0` and `1` select alike.

use super::{Failure, locale_of, range_error};
use fixed_decimal::{Decimal, FloatPrecision, SignedRoundingMode, UnsignedRoundingMode};
use icu::plurals::{PluralCategory, PluralRuleType, PluralRules, PluralRulesOptions};

pub(super) struct Rules {
    rules: PluralRules,
    minimum_fraction_digits: i16,
    maximum_fraction_digits: i16,
    pub locale: String,
}

impl Rules {
    pub fn new(locale: &str, ordinal: bool, digits: (i16, i16)) -> Result<Rules, Failure> {
        let locale = locale_of(locale)?;
        let rule_type = if ordinal {
            PluralRuleType::Ordinal
        } else {
            PluralRuleType::Cardinal
        };
        let rules = PluralRules::try_new(
            (&locale).into(),
            PluralRulesOptions::default().with_type(rule_type),
        )
        .map_err(|e| range_error(format!("Intl.PluralRules: {e}")))?;
        Ok(Rules {
            rules,
            minimum_fraction_digits: digits.0,
            maximum_fraction_digits: digits.1,
            locale: super::tag(&locale),
        })
    }

    pub fn select(&self, value: f64) -> &'static str {
        if !value.is_finite() {
            return "other";
        }
        let Ok(mut number) = Decimal::try_from_f64(value, FloatPrecision::RoundTrip) else {
            return "other";
        };
        number.round_with_mode(
            -self.maximum_fraction_digits,
            SignedRoundingMode::Unsigned(UnsignedRoundingMode::HalfExpand),
        );
        number.absolute.trim_end();
        number.absolute.pad_end(-self.minimum_fraction_digits);
        name(self.rules.category_for(&number))
    }

    /// The categories as V8 lists them: by name, `other` last.
    pub fn categories(&self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = self.rules.categories().map(name).collect();
        names.sort_by_key(|n| (*n == "other", *n));
        names
    }
}

fn name(category: PluralCategory) -> &'static str {
    match category {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}
