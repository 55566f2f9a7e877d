//! `formatToParts`: the segments an ICU4X [`Writeable`] annotates, as ECMA-402 parts
//! (`{ type, value }`, unannotated text is `literal`).

use std::fmt;
use writeable::{Part, PartsWrite, Writeable};

/// Which annotation names a segment when ICU4X nests them: a date's `year` holds the
/// number's `integer`, where ECMA-402 wants `year`; a number's `integer` holds nothing finer.
#[derive(Clone, Copy)]
pub(crate) enum Nesting {
    Outermost,
    Innermost,
}

pub(crate) struct Parts {
    nesting: Nesting,
    open: Vec<&'static str>,
    /// `(type, value)`, adjacent segments of one type merged.
    pub list: Vec<(&'static str, String)>,
}

impl Parts {
    pub fn new(nesting: Nesting) -> Parts {
        Parts {
            nesting,
            open: Vec::new(),
            list: Vec::new(),
        }
    }

    /// The parts as a JSON array of `[type, value]` pairs, what the glue turns into objects.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.list).unwrap_or_default()
    }
}

impl fmt::Write for Parts {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if s.is_empty() {
            return Ok(());
        }
        let kind = match self.nesting {
            Nesting::Outermost => self.open.first(),
            Nesting::Innermost => self.open.last(),
        }
        .copied()
        .unwrap_or("literal");
        match self.list.last_mut() {
            Some((last, text)) if *last == kind => text.push_str(s),
            _ => self.list.push((kind, s.to_owned())),
        }
        Ok(())
    }
}

impl PartsWrite for Parts {
    type SubPartsWrite = Parts;

    fn with_part(
        &mut self,
        part: Part,
        mut f: impl FnMut(&mut Self::SubPartsWrite) -> fmt::Result,
    ) -> fmt::Result {
        self.open.push(part.value);
        let result = f(self);
        self.open.pop();
        result
    }
}

/// Writes `value` to a string, and its parts into `parts` when asked for.
pub(crate) fn write(value: &impl Writeable, parts: Option<&mut Parts>) -> String {
    match parts {
        Some(parts) => {
            // A `Parts` never fails to write.
            let _ = value.write_to_parts(parts);
            parts.list.iter().map(|(_, text)| text.as_str()).collect()
        }
        None => value.write_to_string().into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write;

    #[test]
    fn nested_parts_take_the_chosen_annotation_and_merge_neighbours() {
        let year = Part {
            category: "datetime",
            value: "year",
        };
        let integer = Part {
            category: "decimal",
            value: "integer",
        };
        let run = |nesting| {
            let mut parts = Parts::new(nesting);
            parts.write_str("in ").unwrap();
            parts
                .with_part(year, |p| p.with_part(integer, |p| p.write_str("20")))
                .unwrap();
            parts.with_part(year, |p| p.write_str("22")).unwrap();
            parts.list
        };
        assert_eq!(
            run(Nesting::Outermost),
            vec![("literal", "in ".to_owned()), ("year", "2022".to_owned())]
        );
        assert_eq!(
            run(Nesting::Innermost),
            vec![
                ("literal", "in ".to_owned()),
                ("integer", "20".to_owned()),
                ("year", "22".to_owned())
            ]
        );
    }
}
