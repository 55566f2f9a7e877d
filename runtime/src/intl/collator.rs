//! `Intl.Collator` and `String.prototype.localeCompare`: ICU4X's collator, with ECMA-402's
//! `sensitivity` as strength (and case level), `numeric` and `caseFirst` as the locale's
//! `kn`/`kf` keywords, `ignorePunctuation` as shifted alternate handling.

use super::{Failure, locale_of, range_error};
use icu::collator::options::{AlternateHandling, CaseLevel, CollatorOptions, Strength};
use icu::collator::{Collator as IcuCollator, CollatorBorrowed};
use icu::locale::extensions::unicode;
use serde::Deserialize;
use std::cmp::Ordering;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Options {
    sensitivity: String,
    numeric: bool,
    case_first: String,
    ignore_punctuation: bool,
}

pub(super) struct Collator {
    collator: CollatorBorrowed<'static>,
    pub locale: String,
}

impl Collator {
    pub fn new(locale: &str, options: &Options) -> Result<Collator, Failure> {
        let mut locale = locale_of(locale)?;
        let tag = super::tag(&locale);
        let keywords = &mut locale.extensions.unicode.keywords;
        if options.numeric {
            keywords.set(unicode::key!("kn"), unicode::value!("true"));
        }
        if options.case_first != "false" {
            let value = unicode::Value::try_from_str(&options.case_first)
                .map_err(|e| range_error(format!("Intl.Collator: {e}")))?;
            keywords.set(unicode::key!("kf"), value);
        }
        let mut icu_options = CollatorOptions::default();
        let (strength, case_level) = match options.sensitivity.as_str() {
            "base" => (Strength::Primary, CaseLevel::Off),
            "accent" => (Strength::Secondary, CaseLevel::Off),
            "case" => (Strength::Primary, CaseLevel::On),
            _ => (Strength::Tertiary, CaseLevel::Off),
        };
        icu_options.strength = Some(strength);
        icu_options.case_level = Some(case_level);
        if options.ignore_punctuation {
            icu_options.alternate_handling = Some(AlternateHandling::Shifted);
        }
        let collator = IcuCollator::try_new((&locale).into(), icu_options)
            .map_err(|e| range_error(format!("Intl.Collator: {e}")))?;
        Ok(Collator {
            collator,
            locale: tag,
        })
    }

    pub fn compare(&self, a: &str, b: &str) -> i32 {
        match self.collator.compare(a, b) {
            Ordering::Less => -1,
            Ordering::Equal => 0,
            Ordering::Greater => 1,
        }
    }
}
