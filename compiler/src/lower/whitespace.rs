//! Template text whitespace, as Astro 7 does by default: JSX's text rules.

/// Applies JSX's rules to one run of template text: text on a single line is kept as is;
/// text spanning lines has each line trimmed (the first line only at its end, the last only
/// at its start), whitespace-only lines dropped, and the rest joined with one space.
pub fn jsx_text(text: &str) -> String {
    if !text.contains(['\n', '\r']) {
        return text.to_string();
    }
    let lines: Vec<&str> = text
        .split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line))
        .collect();
    let last_non_empty = lines.iter().rposition(|line| !line.trim().is_empty());
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let mut trimmed: &str = line;
        if i != 0 {
            trimmed = trimmed.trim_start_matches([' ', '\t']);
        }
        if i != lines.len() - 1 {
            trimmed = trimmed.trim_end_matches([' ', '\t']);
        }
        if trimmed.is_empty() {
            continue;
        }
        out.push_str(trimmed);
        if Some(i) != last_non_empty {
            out.push(' ');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::jsx_text;

    #[test]
    fn follows_jsx_text_rules() {
        assert_eq!(jsx_text("Hello "), "Hello ");
        assert_eq!(jsx_text("  a  "), "  a  ");
        assert_eq!(jsx_text("\n  hello\n  world\n"), "hello world");
        assert_eq!(jsx_text("\n    \n"), "");
        assert_eq!(jsx_text("text\n  "), "text");
        assert_eq!(jsx_text("  \n  text"), "text");
        assert_eq!(jsx_text("a \n b"), "a b");
        assert_eq!(jsx_text("one\r\n  two"), "one two");
    }
}
