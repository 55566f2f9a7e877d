//! `Intl.Segmenter`: ICU4X's grapheme, word (with its dictionaries and models for scripts
//! written without spaces) and sentence segmenters, on UTF-16 so positions are JS indices.

use super::{Failure, range_error};

/// Where each segment of `text` starts, and for words whether it is word-like (letters or
/// numbers, not spaces or punctuation).
pub(super) fn segments(granularity: &str, text: &[u16]) -> Result<Vec<(usize, bool)>, Failure> {
    use icu::segmenter::options::{SentenceBreakInvariantOptions, WordBreakInvariantOptions};
    use icu::segmenter::{GraphemeClusterSegmenter, SentenceSegmenter, WordSegmenter};
    let starts = |breaks: Vec<usize>| -> Vec<(usize, bool)> {
        let mut list: Vec<(usize, bool)> = breaks.into_iter().map(|b| (b, false)).collect();
        list.pop();
        list
    };
    Ok(match granularity {
        "grapheme" => starts(
            GraphemeClusterSegmenter::new()
                .segment_utf16(text)
                .collect(),
        ),
        "sentence" => starts(
            SentenceSegmenter::new(SentenceBreakInvariantOptions::default())
                .segment_utf16(text)
                .collect(),
        ),
        "word" => {
            let mut breaks =
                WordSegmenter::new_auto(WordBreakInvariantOptions::default()).segment_utf16(text);
            let mut list = Vec::new();
            let mut start = breaks.next();
            while let Some(from) = start {
                let Some(to) = breaks.next() else { break };
                list.push((from, breaks.is_word_like()));
                start = Some(to);
            }
            list
        }
        other => {
            return Err(range_error(format!(
                "Value {other} out of range for Intl.Segmenter options property granularity"
            )));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_marked_and_starts_are_utf16_indices() {
        let text: Vec<u16> = "👍 hi.".encode_utf16().collect();
        let words = segments("word", &text).ok().unwrap();
        assert_eq!(words, vec![(0, false), (2, false), (3, true), (5, false)]);
        let graphemes = segments("grapheme", &text).ok().unwrap();
        assert_eq!(graphemes.first(), Some(&(0, false)));
        assert_eq!(graphemes.get(1), Some(&(2, false)));
    }
}
