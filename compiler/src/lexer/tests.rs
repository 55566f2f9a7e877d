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
            (MarkupStart, ""),
            (TagOpen, "<"),
            (Name, "li"),
            (TagClose, ">"),
            (ExprOpen, "{"),
            (Js, "i.name"),
            (ExprClose, "}"),
            (EndTagOpen, "</"),
            (Name, "li"),
            (TagClose, ">"),
            (MarkupEnd, ""),
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
        for (kind, span) in &tokens {
            let empty_ok = matches!(kind, TokenKind::MarkupStart | TokenKind::MarkupEnd);
            assert!(
                span.start >= last && (span.end > span.start || empty_ok),
                "{source}: {tokens:?}"
            );
            last = span.end;
        }
    }
}

/// Found while fuzzing (compiler/fuzz, with a large generated input): `skip_template`
/// recursed once per nested template literal in an attribute value, so
/// `` <a b=`${`${`${… `` overflowed the stack.
#[test]
fn deeply_nested_template_attribute_does_not_overflow_the_stack() {
    let source = format!("<a b=`{}>", "${`".repeat(100_000));
    let tokens = kinds(&source);
    assert_eq!(tokens[2], (TokenKind::Name, "b"));
    assert_eq!(tokens[3], (TokenKind::Eq, "="));
    // Unclosed: the template value runs to the end of the file.
    assert_eq!(tokens[4].0, TokenKind::TemplateValue);
    assert_eq!(tokens[4].1.len(), source.len() - 5);
    // Closed at every level, the value ends at the last backtick.
    let source = format!("<a b=`{}{}`>", "${`".repeat(1000), "`}".repeat(1000));
    let tokens = kinds(&source);
    assert_eq!(tokens[4].1.len(), source.len() - 6);
    assert_eq!(tokens[5], (TokenKind::TagClose, ">"));
}

/// Found while fuzzing (compiler/fuzz, with a large generated input): in `<title>` and
/// `<textarea>` the search for the end tag was repeated after every expression, quadratic
/// in their number (`<title>{}{}{}…`).
#[test]
fn many_expressions_in_title_lex_in_linear_time() {
    use TokenKind::*;
    let source = format!("<title>{}</title>", "{}".repeat(50_000));
    let tokens = kinds(&source);
    assert_eq!(tokens.len(), 3 + 2 * 50_000 + 3);
    assert_eq!(tokens[tokens.len() - 3], (EndTagOpen, "</"));
    // The cached end tag is searched again once an expression runs past it.
    let tokens = kinds("<title>{a}{\"</title>\"}b</title>");
    assert_eq!(
        &tokens[3..],
        &[
            (ExprOpen, "{"),
            (Js, "a"),
            (ExprClose, "}"),
            (ExprOpen, "{"),
            (Js, "\"</title>\""),
            (ExprClose, "}"),
            (Text, "b"),
            (EndTagOpen, "</"),
            (Name, "title"),
            (TagClose, ">"),
        ]
    );
}

#[test]
fn an_end_tag_ends_an_unclosed_expression() {
    use TokenKind::*;
    assert_eq!(
        kinds("<p>{a + 1</p>"),
        vec![
            (TagOpen, "<"),
            (Name, "p"),
            (TagClose, ">"),
            (ExprOpen, "{"),
            (Js, "a + 1"),
            (EndTagOpen, "</"),
            (Name, "p"),
            (TagClose, ">"),
        ]
    );
}

#[test]
fn frontmatter_fences_agree_with_the_syntax_tree() {
    for source in [
        "---\nconst a = 1;\n---\n<p/>",
        "  \n  ---\nx\n  ---  \n",
        "---\n---\n<p>",
        "---\n",
        "---",
        "---\nconst a = 1;",
        "--- x\n---\n",
        "<p>---</p>\n---\n",
        "",
        "\n\n---\r\nconst a = 1;\r\n---\r\n",
    ] {
        let tree = crate::parse(source).document.frontmatter;
        let fences = super::frontmatter_fences(source);
        assert_eq!(fences.is_some(), tree.is_some(), "{source:?}");
        if let (Some(fences), Some(tree)) = (fences, tree) {
            assert_eq!(fences.close.is_some(), tree.closed, "{source:?}");
            let code = fences.code.map(crate::span::Span::from_range);
            let expected_code = (!tree.code.is_empty()).then_some(tree.code);
            assert_eq!(code, expected_code, "{source:?}");
        }
    }
}
