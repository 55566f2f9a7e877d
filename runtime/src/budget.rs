//! What one render may produce besides time: HTML bytes and console bytes, counted per
//! render (reset by [`Budget::start`]), and the memory limit errors are worded with.

use std::cell::Cell;
use std::io::Write;

/// The byte budgets of one render, shared by the renderer, the walker and the console.
pub(crate) struct Budget {
    output_limit: usize,
    output_used: Cell<usize>,
    console_limit: usize,
    console_used: Cell<usize>,
    console_cut: Cell<bool>,
    /// The JavaScript heap limit, for messages.
    pub memory_bytes: usize,
}

impl Budget {
    pub fn new(output_limit: usize, console_limit: usize, memory_bytes: usize) -> Budget {
        Budget {
            output_limit,
            output_used: Cell::new(0),
            console_limit,
            console_used: Cell::new(0),
            console_cut: Cell::new(false),
            memory_bytes,
        }
    }

    pub fn start(&self) {
        self.output_used.set(0);
        self.console_used.set(0);
        self.console_cut.set(false);
    }

    /// Counts `bytes` of output: `false` (and the budget stays exceeded) when they do not fit.
    pub fn charge(&self, bytes: usize) -> bool {
        let used = self.output_used.get().saturating_add(bytes);
        self.output_used.set(used);
        used <= self.output_limit
    }

    /// Whether `bytes` more would fit, without counting them.
    pub fn fits(&self, bytes: usize) -> bool {
        self.output_used.get().saturating_add(bytes) <= self.output_limit
    }

    pub fn output_limit(&self) -> usize {
        self.output_limit
    }

    pub fn exceeded(&self) -> bool {
        self.output_used.get() > self.output_limit
    }

    /// The message of a render whose output outgrew the limit.
    pub fn too_much_output(&self) -> String {
        format!(
            "the page's HTML is larger than the limit of {} (a loop or a slot that repeats \
             without end?)",
            mebibytes(self.output_limit)
        )
    }

    /// The message of a render that reached the memory limit.
    pub fn out_of_memory(&self) -> String {
        format!(
            "the page used more than {} of memory",
            mebibytes(self.memory_bytes)
        )
    }

    /// Writes a console line to stderr while the render's console budget lasts; the line
    /// that does not fit is cut, followed by one line saying the rest is dropped.
    pub fn console(&self, level: &str, text: &str) {
        self.console_into(level, text, &mut std::io::stderr().lock());
    }

    fn console_into(&self, level: &str, text: &str, stderr: &mut dyn Write) {
        if self.console_cut.get() {
            return;
        }
        let prefix = match level {
            "warn" | "error" | "trace" => level,
            _ => "",
        };
        let cost = prefix.len() + text.len() + 3;
        let left = self.console_limit - self.console_used.get();
        // A closed or full stderr must not fail the render: console output is best effort.
        let mut line = |text: &str| {
            let _ = if prefix.is_empty() {
                writeln!(stderr, "{text}")
            } else {
                writeln!(stderr, "{prefix}: {text}")
            };
        };
        if cost <= left {
            self.console_used.set(self.console_used.get() + cost);
            line(text);
            return;
        }
        let mut end = left.saturating_sub(prefix.len() + 3).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        if end > 0 {
            line(&text[..end]);
        }
        self.console_cut.set(true);
        let _ = writeln!(
            stderr,
            "… console output truncated: this render printed more than {}",
            mebibytes(self.console_limit)
        );
    }
}

/// `64 MiB`, or bytes below one MiB.
pub(crate) fn mebibytes(bytes: usize) -> String {
    if bytes >= 1 << 20 && bytes.is_multiple_of(1 << 20) {
        format!("{} MiB", bytes >> 20)
    } else if bytes >= 1 << 20 {
        format!("{:.1} MiB", bytes as f64 / f64::from(1 << 20))
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_is_counted_until_the_limit() {
        let budget = Budget::new(10, 100, 1 << 20);
        assert!(budget.charge(6));
        assert!(budget.fits(4));
        assert!(!budget.fits(5));
        assert!(budget.charge(4));
        assert!(!budget.exceeded());
        assert!(!budget.charge(1));
        assert!(budget.exceeded());
        budget.start();
        assert!(!budget.exceeded());
    }

    #[test]
    fn sizes_read_well() {
        assert_eq!(mebibytes(64 << 20), "64 MiB");
        assert_eq!(mebibytes(3 << 19), "1.5 MiB");
        assert_eq!(mebibytes(1000), "1000 bytes");
    }

    #[test]
    fn console_output_is_cut_once_with_one_line_saying_so() {
        let budget = Budget::new(10, 20, 1 << 20);
        let mut err = Vec::new();
        budget.console_into("log", "hello", &mut err);
        budget.console_into("warn", "yyyyyyyyyyyyyyyyyyyy", &mut err);
        budget.console_into("log", "dropped", &mut err);
        let text = String::from_utf8(err).unwrap();
        assert_eq!(
            text,
            "hello\nwarn: yyyyy\n… console output truncated: this render printed more than 20 bytes\n"
        );
        budget.start();
        let mut err = Vec::new();
        budget.console_into("log", "again", &mut err);
        assert_eq!(err, b"again\n");
    }
}
