use super::{TokenKind, lex};

fn kinds(source: &str) -> Vec<(TokenKind, &str)> {
    lex(source)
        .tokens
        .iter()
        .map(|(kind, span)| (*kind, &source[span.into_range()]))
        .collect()
}

#[test]
fn markup_inside_expressions_nests() {
    use TokenKind::*;
    let source = "<ul>{items.map((i) => <li>{i.name}</li>)}</ul>";
    assert_eq!(
        kinds(source),
        vec![
            (TagOpen, "<"),
            (Name, "ul"),
            (TagClose, ">"),
            (ExprOpen, "{"),
            (Js, "items.map((i) => "),
            (TagOpen, "<"),
            (Name, "li"),
            (TagClose, ">"),
            (ExprOpen, "{"),
            (Js, "i.name"),
            (ExprClose, "}"),
            (EndTagOpen, "</"),
            (Name, "li"),
            (TagClose, ">"),
            (Js, ")"),
            (ExprClose, "}"),
            (EndTagOpen, "</"),
            (Name, "ul"),
            (TagClose, ">"),
        ]
    );
}

#[test]
fn comparison_and_division_are_not_markup_or_regex() {
    use TokenKind::*;
    assert_eq!(
        kinds("{a <b}"),
        vec![(ExprOpen, "{"), (Js, "a <b"), (ExprClose, "}")]
    );
    assert_eq!(
        kinds("{a / b / c}"),
        vec![(ExprOpen, "{"), (Js, "a / b / c"), (ExprClose, "}")]
    );
}

#[test]
fn braces_in_strings_comments_regexes_and_templates_do_not_close() {
    use TokenKind::*;
    for source in [
        "{'}'}",
        "{\"}\"}",
        "{/* } */ x}",
        "{x // }\n}",
        "{/}/.test(x)}",
        "{`${ {a: '}'}.a } }`}",
        "{ {a: 1}.a }",
    ] {
        let tokens = kinds(source);
        assert_eq!(tokens.first(), Some(&(ExprOpen, "{")), "{source}");
        assert_eq!(tokens.last(), Some(&(ExprClose, "}")), "{source}");
        assert_eq!(tokens.len(), 3, "{source}: {tokens:?}");
    }
}

#[test]
fn raw_text_elements_do_not_lex_markup() {
    use TokenKind::*;
    let tokens = kinds("<script>if (a < b) { x('</div>') }</script>");
    assert_eq!(tokens[3], (RawText, "if (a < b) { x('</div>') }"));
    let tokens = kinds("<div is:raw>{not} <b>an expression</b></div>");
    assert_eq!(tokens[4], (RawText, "{not} <b>an expression</b>"));
}

#[test]
fn title_takes_expressions_but_not_tags() {
    use TokenKind::*;
    let tokens = kinds("<title>a <b> {x}</title>");
    assert_eq!(
        &tokens[3..7],
        &[
            (Text, "a <b> "),
            (ExprOpen, "{"),
            (Js, "x"),
            (ExprClose, "}")
        ]
    );
}

#[test]
fn spans_cover_input_in_order_for_hostile_input() {
    for source in [
        "<D}",
        "{{{{{{",
        "<a b=\"",
        "{<a {<b {",
        "</",
        "<!--",
        "{`${",
        "---\n",
        "{<>}",
        "{a ? <A/> : <B/>}",
    ] {
        let tokens = lex(source).tokens;
        let mut last = 0;
        for (_, span) in &tokens {
            assert!(
                span.start >= last && span.end > span.start,
                "{source}: {tokens:?}"
            );
            last = span.end;
        }
    }
}
