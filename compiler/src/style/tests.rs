use super::*;
use crate::diagnostics::Severity;

/// The first `<style>` element in `source`, searched depth-first.
fn find_style(nodes: &[Node]) -> Option<&Element> {
    nodes.iter().find_map(|node| match node {
        Node::Element(element) if element.name == "style" => Some(element),
        Node::Element(element) => find_style(&element.children),
        _ => None,
    })
}

fn check(source: &str) -> Vec<Diagnostic> {
    let parse = crate::parse(source);
    let style = find_style(&parse.document.nodes).expect("a <style> element");
    let diagnostics = check_style(source, style);
    for d in &diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end as usize <= source.len());
        assert!(source.is_char_boundary(d.span.start as usize));
        assert!(source.is_char_boundary(d.span.end as usize));
        assert!(style.span.start <= d.span.start && d.span.end <= style.span.end);
    }
    diagnostics
}

fn css(body: &str) -> String {
    format!("<style>{body}</style>\n")
}

/// `(code, span text, message)` of each diagnostic.
fn summary(source: &str) -> Vec<(&'static str, String, String)> {
    check(source)
        .into_iter()
        .map(|d| (d.code.as_str(), d.span.text(source).to_string(), d.message))
        .collect()
}

fn assert_clean(source: &str) {
    let diagnostics = summary(source);
    assert!(diagnostics.is_empty(), "{source:?}: {diagnostics:#?}");
}

/// Exactly one diagnostic, with this code and span text; returns its message.
fn single(source: &str, code: Code, span_text: &str) -> String {
    let diagnostics = check(source);
    assert_eq!(diagnostics.len(), 1, "{source:?}: {diagnostics:#?}");
    let d = &diagnostics[0];
    assert_eq!(
        (d.code, d.span.text(source)),
        (code, span_text),
        "{source:?}: {d:#?}"
    );
    d.message.clone()
}

#[test]
fn valid_css_is_clean() {
    for body in [
        "",
        "   \n  ",
        "h1 { color: red; }",
        ".a { color: red } .b { margin: 0 auto; padding: 1px 2px }",
        "* { box-sizing: border-box } html, body { margin: 0 }",
        ":root { --accent: #f60; } a { color: var(--accent, blue) }",
        "@media (min-width: 640px) and (max-width: 1024px) { .a { display: grid } }",
        "@media screen and (prefers-color-scheme: dark) { :root { --bg: #000 } }",
        "@supports (display: grid) { .a { display: grid } }",
        "@container (min-width: 30em) { .card { gap: 1rem } }",
        "@keyframes spin { from { rotate: 0deg } to { rotate: 1turn } }",
        ".a { animation: spin 1s infinite }",
        "@font-face { font-family: X; src: url(/x.woff2) format('woff2'); }",
        "@layer base, components; @layer base { h1 { font-size: 2rem } }",
        ".a { width: calc(100% - 2 * var(--gap)) }",
        ".a { height: min(1px, max(1em, clamp(1px, 2vw, calc(3px * (1 + 2))))) }",
        ".a { background: url(data:image/png;base64,iVBOR==) no-repeat }",
        ".a { background: url( 'x y.png' ) }",
        "a[href^='http'] ~ p + ul > li:nth-child(2n + 1)::before { content: '→ \"q\" {' }",
        ".a:is(.b, .c):not(:hover):has(> img) { color: red }",
        "/* a comment { ( [ */ .a { color: red /* inline */ }",
        ".a { color: red !important }",
        "input::placeholder, ::selection { color: gray }",
    ] {
        assert_clean(&css(body));
    }
}

#[test]
fn nesting_is_accepted() {
    assert_clean(&css(
        ".card { color: red; &:hover { color: blue } .title { font-weight: bold } \
         > p { margin: 0 } @media (width > 600px) { padding: 1rem } }",
    ));
}

#[test]
fn global_is_accepted_in_scoped_styles() {
    for body in [
        ":global(.dark) .a { color: white }",
        ".a :global(.b) { color: red }",
        ".a { &:global(.open) { display: block } }",
        ":global(body) { margin: 0 }",
        ".a :global(p):hover { color: red }",
    ] {
        assert_clean(&css(body));
    }
}

#[test]
fn global_without_parentheses_is_an_error() {
    let source = css(":global .x { color: red }");
    let diagnostics = check(&source);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0].code, Code::CssSyntax);
    assert!(
        diagnostics[0].message.contains("parentheses"),
        "{}",
        diagnostics[0].message
    );
    assert!(
        diagnostics[0].span.text(&source).contains("global"),
        "{:?}",
        diagnostics[0].span.text(&source)
    );
}

#[test]
fn the_selector_inside_global_is_checked() {
    let source = css(".a :global(..x) { color: red }");
    single(&source, Code::CssSyntax, ".");
}

#[test]
fn global_in_unscoped_styles_warns() {
    for attribute in ["is:global", "is:inline"] {
        let source = format!("<style {attribute}>:global(.x) {{ color: red }}</style>");
        let message = single(&source, Code::CssWarning, ":global");
        assert!(message.contains("unscoped"), "{message}");
        assert_clean(&format!("<style {attribute}>.x {{ color: red }}</style>"));
    }
}

#[test]
fn define_vars_styles_are_css() {
    assert_clean("<style define:vars={{ c, s }}>.a { color: var(--c); top: var(--s) }</style>");
    let source = "<style define:vars={{ color }}>.a { color var(--color) }</style>";
    single(source, Code::CssSyntax, "var");
}

#[test]
fn preprocessor_styles_are_not_checked() {
    for lang in ["scss", "sass", "less", "stylus", "SCSS", "postcss"] {
        let source = format!(
            "<style lang=\"{lang}\">$x: 1px; .a {{ .b {{ width: $x }} }} @include m;</style>"
        );
        assert!(check(&source).is_empty(), "{lang}");
    }
    assert!(check("<style lang={lang}>.a { color red }</style>").is_empty());
    let source = "<style lang=\"css\">.a { color red }</style>";
    single(source, Code::CssSyntax, "red");
}

#[test]
fn a_style_without_end_tag_is_not_checked() {
    assert!(check("<div><style>.a { color: red").is_empty());
}

#[test]
fn invalid_declaration_is_located_exactly() {
    let source = css(".a { color red; }");
    let message = single(&source, Code::CssSyntax, "red");
    assert_eq!(message, "unexpected `red`");
}

#[test]
fn errors_after_non_ascii_text_are_located_exactly() {
    // é: 2 bytes, 1 UTF-16 unit; 😀: 4 bytes, 2 UTF-16 units; 中: 3 bytes, 1 unit.
    let source = "---\nconst t = 'héllo 😀';\n---\n<p>日本語 😀</p>\n\
                  <style>\n/* é 😀 中 */ .é { content: '😀'; color red; }\n</style>\n";
    single(source, Code::CssSyntax, "red");
    let source = "<p>😀</p><style>.😀 { x: 1 }\n.a😀b😀 > { color: red }</style>";
    single(source, Code::CssSyntax, "{");
    let source = "<style>.a { content: '😀😀'; width: calc(1px)) }</style>";
    single(source, Code::CssSyntax, ")");
}

#[test]
fn every_line_break_cssparser_knows_is_counted() {
    for newline in ["\n", "\r\n", "\r", "\x0C"] {
        let source = format!("<style>.a {{ color: red; }}{newline}.b {{ color red; }}</style>");
        single(&source, Code::CssSyntax, "red");
    }
}

#[test]
fn missing_semicolon_before_nested_rule() {
    let source = css(".a { color: red\n  .b { color: blue } }");
    let d = check(&source);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].span.text(&source), "{");
    assert!(d[0].help.as_deref().unwrap().contains("`;`"));
}

#[test]
fn selector_errors() {
    single(&css(".a, { color: red }"), Code::CssSyntax, "{");
    single(&css(".a > { color: red }"), Code::CssSyntax, "{");
    single(&css("..a { color: red }"), Code::CssSyntax, ".");
    single(&css("{ color: red }"), Code::CssSyntax, "{");
}

#[test]
fn unknown_pseudo_classes_and_at_rules_warn() {
    let source = css(".a:hovr { color: red }");
    assert_eq!(
        single(&source, Code::CssWarning, ":hovr"),
        "unknown pseudo-class `:hovr`"
    );
    let source = css(".a::befor { color: red }");
    assert_eq!(
        single(&source, Code::CssWarning, "::befor"),
        "unknown pseudo-element `::befor`"
    );
    let source = css(".a:foo(.b) { color: red }");
    single(&source, Code::CssWarning, ":foo");
    let source = css("@foo bar; .a { color: red }");
    assert_eq!(
        single(&source, Code::CssWarning, "@foo"),
        "unknown at-rule `@foo`"
    );
    let source = css(".a { @apply text-red-500; }");
    let d = check(&source);
    assert_eq!(d.len(), 1);
    assert_eq!(
        (d[0].severity, d[0].span.text(&source)),
        (Severity::Warning, "@apply")
    );
    assert!(d[0].help.as_deref().unwrap().contains("Tailwind"));
    // Vendor-prefixed pseudo-classes are fine.
    assert_clean(&css(
        "input:-webkit-autofill, .a::-moz-focus-inner { color: red }",
    ));
}

#[test]
fn misplaced_import_is_an_error() {
    let source = css(".a { color: red } @import 'x.css';");
    single(&source, Code::CssSyntax, "@import");
    assert_clean(&css("@import 'x.css'; .a { color: red }"));
}

#[test]
fn media_query_errors() {
    single(
        &css("@media (min-wdth 10px) { .a { color: red } }"),
        Code::CssSyntax,
        "10px",
    );
    single(
        &css("@media screen and { .a { color: red } }"),
        Code::CssSyntax,
        "{",
    );
}

#[test]
fn bad_important_flag() {
    single(
        &css(".a { color: red !importnt; }"),
        Code::CssSyntax,
        "!importnt",
    );
}

#[test]
fn unterminated_comment() {
    let source = css(".a { color: red; }\n/* never closed\n.b { color: blue }");
    assert_eq!(
        single(&source, Code::CssSyntax, "/*"),
        "unterminated comment"
    );
}

#[test]
fn unterminated_string() {
    // Runs to the end of the style.
    let source = css(".a { content: \"abc }");
    assert_eq!(
        single(&source, Code::CssSyntax, "\"abc }"),
        "unterminated string"
    );
    // Broken by a line break: reported once, not again by lightningcss.
    let source = css(".a { content: 'abc\n}");
    assert_eq!(
        single(&source, Code::CssSyntax, "'abc"),
        "unterminated string"
    );
    // An escaped line break continues the string.
    assert_clean(&css(".a { content: 'abc\\\ndef' }"));
}

#[test]
fn unclosed_brackets() {
    let source = css(".a { color: red;");
    assert_eq!(single(&source, Code::CssSyntax, "{"), "unclosed `{`");
    let source = css(".a { .b { color: red; }");
    single(&source, Code::CssSyntax, "{");
    assert_eq!(check(&source)[0].span.start, 10);
    let source = css("a[href { color: red }");
    single(&source, Code::CssSyntax, "[");
    let source = css(".a { width: calc(1px + 2px; } .b { color: red }");
    assert_eq!(
        single(&source, Code::CssSyntax, "calc("),
        "unclosed `calc(`"
    );
    let source = css(".a { background: url(x.png; }");
    let message = single(&source, Code::CssSyntax, "url(");
    assert_eq!(message, "unclosed `url(`");
}

#[test]
fn what_follows_an_unclosed_parenthesis_is_not_reported_again() {
    let source = css(".a { color: var(--x; } .b { color: red }");
    assert_eq!(single(&source, Code::CssSyntax, "var("), "unclosed `var(`");
    single(&css("@supports (display: grid {}"), Code::CssSyntax, "(");
    single(
        &css("@media (min-width: 1px { .a { color: red } }"),
        Code::CssSyntax,
        "(",
    );
}

#[test]
fn spans_cover_the_whole_construct() {
    let source = css(".a { background: url(a b.png) }");
    assert_eq!(
        single(&source, Code::CssSyntax, "url(a b.png)"),
        "invalid URL `url(a b.png)`"
    );
    let source = css("@media (min-width: 1px) and ( ) { }");
    single(&source, Code::CssSyntax, "( )");
    let source = css("@media screen {} @foo-bar baz; .a{}");
    single(&source, Code::CssWarning, "@foo-bar");
}

#[test]
fn sass_in_a_plain_style_gets_a_hint() {
    let source = css("$gap: 1rem;\n.a { color: red }");
    let diagnostics = check(&source);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0].span.text(&source), "$");
    assert!(
        diagnostics[0]
            .help
            .as_deref()
            .unwrap()
            .contains("lang=\"scss\"")
    );
}

#[test]
fn stray_closing_brackets() {
    let source = css(".a { color: red; } }");
    assert_eq!(single(&source, Code::CssSyntax, "}"), "unexpected `}`");
    let source = css(".a { width: calc(1px)) }");
    single(&source, Code::CssSyntax, ")");
    let source = css("} .b { color: red }");
    single(&source, Code::CssSyntax, "}");
}

#[test]
fn incomplete_rule_at_the_end() {
    let source = css(".a { color: red }\n.b");
    let message = single(&source, Code::CssSyntax, "b");
    assert_eq!(message, END_OF_STYLE);
}

/// Runs `check_style` on a thread with a 2 MiB stack, the default for spawned threads.
fn check_on_small_stack(source: String) -> Vec<(&'static str, String, String)> {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || summary(&source))
        .unwrap()
        .join()
        .expect("no stack overflow")
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    for open in ["{", "(", "[", ":is(", "calc(", ".a{", "@media (", "{(["] {
        let source = css(&open.repeat(100_000));
        let diagnostics = check_on_small_stack(source);
        assert_eq!(diagnostics.len(), 1, "{open}: {diagnostics:#?}");
        assert!(
            diagnostics[0].2.starts_with("nesting too deep"),
            "{diagnostics:?}"
        );
    }
    let source = css(&format!(".a {{ width: {} }}", "calc(".repeat(11)));
    let d = check_on_small_stack(source);
    assert_eq!(d[0].1, "calc(");
    assert_eq!(
        d[0].2,
        "nesting too deep: more than 10 nested functions or parentheses"
    );
}

#[test]
fn nesting_up_to_the_limits_is_checked_quickly_on_a_small_stack() {
    let start = std::time::Instant::now();
    let rules = format!(
        "{}color: red{}",
        ".a{".repeat(MAX_NESTING),
        "}".repeat(MAX_NESTING)
    );
    assert!(check_on_small_stack(css(&rules)).is_empty());
    let rules = format!("{}x", "@media screen{.a{&:hover{".repeat(MAX_NESTING / 3));
    assert!(!check_on_small_stack(css(&rules)).is_empty());
    // Invalid, unclosed math functions: lightningcss's worst case.
    for (function, times) in [("calc(", 10), ("min(", 10), ("clamp(1px, min(", 5)] {
        let body = format!(".a {{ margin: {}", function.repeat(times));
        assert!(!check_on_small_stack(css(&body)).is_empty());
        let body = format!(
            ".a {{ margin: {}1px +{} }}",
            function.repeat(times),
            ")".repeat(times)
        );
        check_on_small_stack(css(&body));
    }
    let selectors = format!(
        "{}.x{} {{}}",
        ":is(".repeat(MAX_FUNCTION_NESTING),
        ")".repeat(MAX_FUNCTION_NESTING)
    );
    assert!(check_on_small_stack(css(&selectors)).is_empty());
    assert!(start.elapsed().as_secs() < 5, "took {:?}", start.elapsed());
}

#[test]
fn arbitrary_prefixes_never_panic() {
    let body = ".a😀 { color: red; &:hover { content: \"é\\\"\" } } /* c */ \
                @media (min-width: calc(1px + 2em)) { :global(.b)[x='1'] { width: url(a b) } } \
                @foo é; .b { width: calc(1px + min(2px, (3px";
    for (end, _) in body.char_indices() {
        let source = format!("<p>ü</p><style>{}</style>", &body[..end]);
        check(&source);
    }
}
