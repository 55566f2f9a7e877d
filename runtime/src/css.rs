//! CSS declarations built from data: `style={{ … }}` objects and `<style define:vars>`.
//! Property names must be CSS identifiers (anything else is an error); a value is written
//! as is when it tokenizes as one well-formed declaration value, and otherwise escaped into
//! a single identifier, so no value can end its declaration or add another.

use cssparser::{Parser, ParserInput, Token, serialize_identifier};

/// A property name of a JSX-style object the way Astro writes it: camelCase keys are
/// kebab-cased (`fontSize` → `font-size`), keys starting with `-` (`--x`, `-webkit-…`) are
/// kept.
pub(crate) fn property_name(key: &str) -> String {
    let mut chars = key.chars();
    let dash = chars.next() == Some('-') || chars.next() == Some('-');
    if dash || !key.bytes().any(|b| b.is_ascii_uppercase()) {
        return key.to_owned();
    }
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('-');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether `name` is one CSS identifier written without escapes (`color`, `--main-bg`,
/// `-webkit-transition`): what a property name in a declaration may be.
pub(crate) fn is_identifier(name: &str) -> bool {
    let mut input = ParserInput::new(name);
    let mut parser = Parser::new(&mut input);
    let ok = matches!(parser.next_including_whitespace_and_comments(), Ok(Token::Ident(ident)) if **ident == *name);
    ok && parser.is_exhausted()
}

/// Appends `name:value` to `out` (a style object's entry, as Astro's `toStyleString`), the
/// value written as [`write_value`] does.
pub(crate) fn write_declaration(out: &mut String, name: &str, value: &str) {
    out.push_str(name);
    out.push(':');
    write_value(out, value);
}

/// Appends `name: value;` to `out` (a `<style define:vars>` entry, as Astro's
/// `defineStyleVars`), the value written as [`write_value`] does.
pub(crate) fn write_custom_property(out: &mut String, name: &str, value: &str) {
    out.push_str(name);
    out.push_str(": ");
    write_value(out, value);
    out.push(';');
}

/// Appends `value` as is when it is one well-formed declaration value, else escaped into one
/// identifier.
fn write_value(out: &mut String, value: &str) {
    if is_safe_value(value) {
        out.push_str(value);
    } else {
        // Writing into a String cannot fail.
        let _ = serialize_identifier(value, out);
    }
}

/// Whether `value` tokenizes as one declaration value: closed strings, urls, comments and
/// blocks, no bad string or url, no `;` outside a block, no `{` or `}` anywhere.
pub(crate) fn is_safe_value(value: &str) -> bool {
    // A sentinel `;` must come out as a top-level semicolon exactly where the value ends:
    // an unclosed string, url, comment, block or trailing escape would swallow it.
    let mut text = String::with_capacity(value.len() + 1);
    text.push_str(value);
    text.push(';');
    let mut input = ParserInput::new(&text);
    let mut parser = Parser::new(&mut input);
    loop {
        let start = parser.position().byte_index();
        let token = match parser.next_including_whitespace_and_comments() {
            Ok(token) => token.clone(),
            Err(_) => return false,
        };
        match token {
            Token::Semicolon => return start == value.len(),
            Token::Function(_) | Token::ParenthesisBlock | Token::SquareBracketBlock
                if !nested_is_safe(&mut parser, 0) =>
            {
                return false;
            }
            token if is_unsafe_token(&token) => return false,
            _ => {}
        }
    }
}

/// How deep `(`, `[` and functions may nest in a value written as is; deeper values are
/// escaped (the check recurses once per level, and values come from data).
const MAX_VALUE_NESTING: usize = 32;

/// Whether the block the parser just entered (at `depth` blocks deep) is closed and holds
/// only safe tokens.
fn nested_is_safe(parser: &mut Parser<'_, '_>, depth: usize) -> bool {
    if depth >= MAX_VALUE_NESTING {
        return false;
    }
    parser
        .parse_nested_block(|p| {
            if block_is_safe(p, depth + 1) {
                Ok(())
            } else {
                Err(p.new_custom_error::<(), ()>(()))
            }
        })
        .is_ok()
}

fn block_is_safe(parser: &mut Parser<'_, '_>, depth: usize) -> bool {
    loop {
        let token = match parser.next_including_whitespace_and_comments() {
            Ok(token) => token.clone(),
            Err(_) => return true,
        };
        match token {
            Token::Function(_) | Token::ParenthesisBlock | Token::SquareBracketBlock
                if !nested_is_safe(parser, depth) =>
            {
                return false;
            }
            token if is_unsafe_token(&token) => return false,
            _ => {}
        }
    }
}

fn is_unsafe_token(token: &Token<'_>) -> bool {
    matches!(
        token,
        Token::CurlyBracketBlock
            | Token::CloseCurlyBracket
            | Token::CloseParenthesis
            | Token::CloseSquareBracket
            | Token::BadString(_)
            | Token::BadUrl(_)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_escaped_not_recursed_into() {
        // Run where the stack is small: the check must not recurse per level of the value.
        let verdicts = std::thread::Builder::new()
            .stack_size(256 << 10)
            .spawn(|| {
                (
                    is_safe_value(&"(".repeat(1_000_000)),
                    is_safe_value(&format!("{}x{}", "calc(".repeat(40), ")".repeat(40))),
                    is_safe_value(&format!("{}x{}", "calc(".repeat(8), ")".repeat(8))),
                )
            })
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(verdicts, (false, false, true));
    }

    #[test]
    fn property_names_are_kebab_cased_like_astro() {
        assert_eq!(property_name("fontSize"), "font-size");
        assert_eq!(property_name("color"), "color");
        assert_eq!(property_name("--mainBg"), "--mainBg");
        assert_eq!(property_name("-webkitX"), "-webkitX");
        assert_eq!(property_name("WebkitTransition"), "-webkit-transition");
    }

    #[test]
    fn identifiers() {
        for ok in [
            "color",
            "--x",
            "--main-bg",
            "-webkit-transition",
            "font-size",
            "--ünï",
        ] {
            assert!(is_identifier(ok), "{ok}");
        }
        for bad in [
            "",
            "a b",
            "color:red",
            "x;y",
            "1a",
            "--a{",
            "a\\62",
            "a/**/",
            "\"a\"",
            "a)",
        ] {
            assert!(!is_identifier(bad), "{bad}");
        }
    }

    #[test]
    fn well_formed_values_are_kept() {
        for ok in [
            "red",
            "2em",
            "0",
            "1px solid rgb(0 0 0 / 50%)",
            "url(\"a;b.png\")",
            "url(a.png)",
            "\"a;b\"",
            "var(--x, calc(1px + 2%))",
            "red !important",
            "'it''s'",
            "[a] b",
        ] {
            assert!(is_safe_value(ok), "{ok}");
        }
    }

    #[test]
    fn values_that_could_end_the_declaration_are_escaped() {
        for bad in [
            "red;background:url(javascript:alert(1))",
            "red}body{color:blue",
            "red{",
            "\"unclosed",
            "url(unclosed",
            "calc(1px",
            "a)",
            "a]",
            "/* open comment",
            "x\\",
            "url(a b)",
            "\"bad\nstring\"",
        ] {
            assert!(!is_safe_value(bad), "{bad}");
            let mut out = String::new();
            write_declaration(&mut out, "color", bad);
            let value = &out["color:".len()..];
            assert!(!value.contains(';') || value.contains("\\;"), "{out}");
            // One identifier token whose value is the original text.
            let mut input = ParserInput::new(value);
            let mut parser = Parser::new(&mut input);
            let token = parser.next_including_whitespace_and_comments().cloned();
            assert!(
                matches!(token, Ok(Token::Ident(ref s)) if **s == *bad),
                "{out}"
            );
            assert!(parser.is_exhausted(), "{out}");
        }
    }

    /// The property names a style attribute's text declares, as a browser's CSS parser
    /// reads a declaration list (`None` for a declaration it drops).
    fn declared(text: &str) -> Vec<Option<String>> {
        use cssparser::{
            AtRuleParser, CowRcStr, DeclarationParser, ParseError, ParserState,
            QualifiedRuleParser, RuleBodyItemParser, RuleBodyParser,
        };
        struct Names;
        impl<'i> DeclarationParser<'i> for Names {
            type Declaration = String;
            type Error = ();
            fn parse_value<'t>(
                &mut self,
                name: CowRcStr<'i>,
                input: &mut Parser<'i, 't>,
                _: &ParserState,
            ) -> Result<String, ParseError<'i, ()>> {
                while input.next_including_whitespace_and_comments().is_ok() {}
                Ok(name.to_string())
            }
        }
        impl<'i> AtRuleParser<'i> for Names {
            type Prelude = ();
            type AtRule = String;
            type Error = ();
        }
        impl<'i> QualifiedRuleParser<'i> for Names {
            type Prelude = ();
            type QualifiedRule = String;
            type Error = ();
        }
        impl<'i> RuleBodyItemParser<'i, String, ()> for Names {
            fn parse_declarations(&self) -> bool {
                true
            }
            fn parse_qualified(&self) -> bool {
                false
            }
        }
        let mut input = ParserInput::new(text);
        let mut parser = Parser::new(&mut input);
        RuleBodyParser::new(&mut parser, &mut Names)
            .map(Result::ok)
            .collect()
    }

    #[test]
    fn no_value_adds_or_hides_a_declaration() {
        // Every string up to length 4 over the characters that matter to CSS syntax (and a
        // few that do not), between two fixed declarations: a parser must see exactly
        // those, with the value in the middle one.
        const ALPHABET: [&str; 16] = [
            ";", "{", "}", "(", ")", "[", "]", "\"", "'", "\\", "/*", "*/", "url(", ":", "\n", "a",
        ];
        let mut values = vec![String::new()];
        let mut frontier = vec![String::new()];
        for _ in 0..4 {
            let mut next = Vec::new();
            for prefix in &frontier {
                for piece in ALPHABET {
                    next.push(format!("{prefix}{piece}"));
                }
            }
            values.extend(next.iter().cloned());
            frontier = next;
        }
        assert!(values.len() > 60_000);
        for value in &values {
            let mut text = String::from("top:0;");
            write_declaration(&mut text, "color", value);
            text.push_str(";left:0");
            let names = declared(&text);
            let expected = [Some("top"), Some("color"), Some("left")];
            let same = names.len() == 3
                && names[0].as_deref() == expected[0]
                && names[2].as_deref() == expected[2]
                && names[1].as_deref().is_none_or(|n| n == "color");
            assert!(same, "{value:?} gives {text:?}: {names:?}");
        }
    }
}
