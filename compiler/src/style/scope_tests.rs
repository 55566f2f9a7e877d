use super::*;

/// Scopes `css` with the hash `h` and checks the output, where `$` in `expected` stands for
/// the scope attribute `[data-astro-cid-h]`.
#[track_caller]
fn check(css: &str, expected: &str) {
    let scoped = scope_css(css, "h", false).unwrap_or_else(|error| panic!("{css}: {error}"));
    assert_eq!(
        scoped.css,
        expected.replace('$', "[data-astro-cid-h]"),
        "{css}"
    );
}

#[track_caller]
fn error(css: &str) -> String {
    match scope_css(css, "h", false) {
        Ok(scoped) => panic!("{css}: expected an error, got {:?}", scoped.css),
        Err(message) => message,
    }
}

#[test]
fn hash_is_stable() {
    // Hard-coded: a change here changes every scoped class of every site.
    assert_eq!(scope_hash("src/pages/index.astral"), "x7ufmw53");
    assert_eq!(scope_hash("src/components/Card.astral"), "dbp4cep3");
    assert_eq!(scope_hash("src/components/card.astral"), "npoe7j2n");
    assert_eq!(scope_hash(""), "57ib6yf2");
}

#[test]
fn hash_is_short_base32_and_spreads() {
    let mut seen = std::collections::HashSet::new();
    for i in 0..10_000 {
        let hash = scope_hash(&format!("src/pages/page-{i}.astral"));
        assert_eq!(hash.len(), 8);
        assert!(
            hash.bytes()
                .all(|b| b.is_ascii_lowercase() || (b'2'..=b'7').contains(&b)),
            "{hash}"
        );
        assert!(seen.insert(hash));
    }
}

#[test]
fn marker_is_astros_attribute() {
    assert_eq!(
        scope_marker("x7ufmw53"),
        ("data-astro-cid-x7ufmw53".to_string(), String::new())
    );
    let (name, _) = scope_marker(&scope_hash("src/pages/index.astral"));
    let css = scope_css(
        "p { color: red }",
        &scope_hash("src/pages/index.astral"),
        false,
    );
    assert_eq!(css.unwrap().css, format!("p[{name}]{{color:red}}"));
}

#[test]
fn scoped_elements() {
    for tag in ["div", "p", "html", "body", "svg", "my-element", "main"] {
        assert!(is_scoped_element(tag), "{tag}");
    }
    for tag in [
        "head", "title", "meta", "link", "base", "script", "style", "slot", "noscript",
    ] {
        assert!(!is_scoped_element(tag), "{tag}");
    }
    assert!(!is_scoped_element("Fragment"));
}

#[test]
fn simple_selectors() {
    check("h1 { color: red }", "h1${color:red}");
    check(".text { color: blue }", ".text${color:#00f}");
    check("#main { color: red }", "#main${color:red}");
    check("a.b.c#d { color: red }", "a$.b.c#d{color:red}");
    check(
        ".class\\:x:focus { color: red }",
        ".class\\:x$:focus{color:red}",
    );
}

#[test]
fn universal_selector_becomes_the_attribute() {
    check("* { margin: 0 }", "${margin:0}");
    check(".a * { margin: 0 }", ".a$ ${margin:0}");
    check(".a > * { margin: 0 }", ".a$>${margin:0}");
    check("*:hover { margin: 0 }", "$:hover{margin:0}");
    check("svg|*, *|a { margin: 0 }", "svg|*$,*|a${margin:0}");
}

#[test]
fn combinators() {
    check("nav a { color: red }", "nav$ a${color:red}");
    check("ul > li { color: red }", "ul$>li${color:red}");
    check("h1 + p { color: red }", "h1$+p${color:red}");
    check("h1 ~ p { color: red }", "h1$~p${color:red}");
    check(".a /* comment */ > .b { color: red }", ".a$>.b${color:red}");
}

#[test]
fn selector_lists() {
    check(".a, p, #i { color: red }", ".a$,p$,#i${color:red}");
    // The minifier merges rules with the same declarations, before scoping.
    check(".a { color: red } .b { color: red }", ".a$,.b${color:red}");
}

#[test]
fn pseudo_classes() {
    check("a:hover { color: red }", "a$:hover{color:red}");
    check(":hover { color: red }", "$:hover{color:red}");
    check(
        ":hover.a:focus { color: red }",
        ":hover.a$:focus{color:red}",
    );
    check(":not(.x).a { color: red }", ":not(.x).a${color:red}");
    // Nothing inside functional pseudo-classes is scoped.
    check(".a:not(.b .c) { color: red }", ".a$:not(.b .c){color:red}");
    check(":is(.a, .b) p { color: red }", "$:is(.a,.b) p${color:red}");
    check(
        "p:nth-child(2n+1 of .x) { color: red }",
        "p$:nth-child(odd of .x){color:red}",
    );
}

#[test]
fn pseudo_elements_stay_after_the_attribute() {
    check("p::before { content: '' }", "p$:before{content:\"\"}");
    check("::after { content: '' }", "$:after{content:\"\"}");
    check(
        "button:focus::before { content: '' }",
        "button$:focus:before{content:\"\"}",
    );
    check(
        "input::placeholder { color: red }",
        "input$::placeholder{color:red}",
    );
    check(
        "[data-x]::before { color: red }",
        "$[data-x]:before{color:red}",
    );
    check(".a::part(x) { color: red }", ".a$::part(x){color:red}");
}

#[test]
fn attribute_selectors() {
    check("[href] { color: red }", "$[href]{color:red}");
    check(
        "a[href^='http'] { color: red }",
        "a$[href^=http]{color:red}",
    );
    check(
        "input[type=text i] { color: red }",
        "input$[type=text i]{color:red}",
    );
    check(
        "[aria-visible], [aria-hidden] { color: red }",
        "$[aria-visible],$[aria-hidden]{color:red}",
    );
}

#[test]
fn global_selectors_are_unwrapped_and_not_scoped() {
    check(":global(.x) { color: red }", ".x{color:red}");
    check(":global(.x) .y { color: red }", ".x .y${color:red}");
    check(".x :global(.y) { color: red }", ".x$ .y{color:red}");
    check(".x :global(ul li) { color: red }", ".x$ ul li{color:red}");
    check(".x ~ :global(a) { color: red }", ".x$~a{color:red}");
    check(
        ".x :global(.nav:not(.on)) { color: red }",
        ".x$ .nav:not(.on){color:red}",
    );
    // A local selector before `:global()` in the same compound is scoped; one after is not.
    check(".a:global(.b) { color: red }", ".a$.b{color:red}");
    check(":global(a).b { color: red }", "a.b{color:red}");
    check(
        ":global(a)[role=button] { color: red }",
        "a[role=button]{color:red}",
    );
    check(":global(a)::after { color: red }", "a:after{color:red}");
    check(
        ":global(.foo):global(.bar) { color: red }",
        ".foo.bar{color:red}",
    );
    check(
        ":global(body:not(.light)).dark { color: red }",
        "body:not(.light).dark{color:red}",
    );
    check(":global(:root) { --x: 1 }", ":root{--x:1}");
    check("a:not(:global(.x)) { color: red }", "a$:not(.x){color:red}");
}

#[test]
fn unsupported_global_forms_are_errors() {
    assert_eq!(
        error(":global .x { color: red }"),
        "1:2: `:global` needs parentheses in a scoped style: `:global(.x)`"
    );
    assert_eq!(
        error(":global(.a, .b) { color: red }"),
        "1:11: Unexpected token Comma"
    );
}

#[test]
fn root_html_and_body_are_not_scoped() {
    // As Astro: styles of a layout may target the document itself.
    check(":root { --c: red }", ":root{--c:red}");
    check("html, body { margin: 0 }", "html,body{margin:0}");
    check("BODY, Html { margin: 0 }", "BODY,Html{margin:0}");
    check("html.dark { margin: 0 }", "html.dark{margin:0}");
    check("body.theme-dark { margin: 0 }", "body.theme-dark{margin:0}");
    check("body h1 { margin: 0 }", "body h1${margin:0}");
    check(":root .a { margin: 0 }", ":root .a${margin:0}");
}

#[test]
fn nesting_is_scoped_then_flattened() {
    // `&` stands for the (scoped) parent; the targets lack nesting, so it is flattened.
    check(
        "div { color: red; & span { color: blue } p { color: green } }",
        "div${color:red}div$ span${color:#00f}div$ p${color:green}",
    );
    check(".a { &.dark { color: red } }", ".a$.dark{color:red}");
    check(".a { &:hover { color: red } }", ".a$:hover{color:red}");
    check(".a { > li { color: red } }", ".a$>li${color:red}");
    check(".a { .c & { color: red } }", ".c$ .a${color:red}");
    check(".a { .b { .c { color: red } } }", ".a$ .b$ .c${color:red}");
    check(
        ":global(.a) { &:hover { color: red } .b { color: red } }",
        ".a:hover,.a .b${color:red}",
    );
}

#[test]
fn at_rules() {
    check(
        "@media (min-width: 640px) { .a { color: red } }",
        "@media (min-width:640px){.a${color:red}}",
    );
    check(
        "@supports (display: grid) { div { display: grid } }",
        "@supports (display:grid){div${display:grid}}",
    );
    check(
        "@container (min-width: 200px) { h1 { font-size: 30px } }",
        "@container (width>=200px){h1${font-size:30px}}",
    );
    check(
        "@layer base, ui; @layer ui { .item { color: rebeccapurple } }",
        "@layer base;@layer ui{.item${color:#639}}",
    );
    check(
        "@starting-style { .a { opacity: 0 } }",
        "@starting-style{.a${opacity:0}}",
    );
    check(
        "@scope (.card) to (.footer) { img { border: 0 } :scope { color: red } }",
        "@scope(.card$) to (.footer$){img${border:0}:scope{color:red}}",
    );
    check(
        "div { @media (min-width: 640px) { color: blue } }",
        "@media (min-width:640px){div${color:#00f}}",
    );
    check(
        ":global(html) { @media (min-width: 640px) { color: blue } }",
        "@media (min-width:640px){html{color:#00f}}",
    );
}

#[test]
fn keyframes_and_other_at_rules_are_left_alone() {
    check(
        "@keyframes spin { from { transform: rotate(0deg) } to { transform: rotate(360deg) } } \
         .s { animation: spin 1s linear }",
        "@keyframes spin{0%{transform:rotate(0)}to{transform:rotate(360deg)}}\
         .s${animation:1s linear spin}",
    );
    check(
        "@font-face { font-family: X; src: url(x.woff2) }",
        "@font-face{font-family:X;src:url(x.woff2)}",
    );
    check("@page :first { margin: 1in }", "@page:first{margin:1in}");
    check(
        "@import url('x.css'); .a { color: red }",
        "@import \"x.css\";.a${color:red}",
    );
    // Unknown at-rules (Tailwind's) are kept, not errors; nested in a rule, flattening
    // gives them a rule of their own.
    check(
        "@tailwind base; .a { @apply px-2; color: red }",
        "@tailwind base;.a${@apply px-2;}.a${color:red}",
    );
}

#[test]
fn minified_for_the_targets() {
    check(
        "a { color: #ff0000; margin: 0px 0px 0px 0px }",
        "a${color:red;margin:0}",
    );
    check(
        ".a { backdrop-filter: blur(2px); user-select: none }",
        ".a${-webkit-backdrop-filter:blur(2px);backdrop-filter:blur(2px);\
         -webkit-user-select:none;user-select:none}",
    );
    check(
        "/*! license */ .a { color: red } /* dropped */",
        "/*! license */\n.a${color:red}",
    );
    check("", "");
    check("  \n ", "");
}

#[test]
fn global_styles_are_only_minified() {
    let global = |css: &str| scope_css(css, "h", true).unwrap().css;
    assert_eq!(
        global("h1 { color: red } .a > p::before { content: '' } :root { --c: #ff0000 }"),
        "h1{color:red}.a>p:before{content:\"\"}:root{--c:red}"
    );
    assert_eq!(
        global("div { & span { color: blue } }"),
        "div span{color:#00f}"
    );
    // Nothing removes `:global` in an unscoped style (the checker warns about it).
    assert_eq!(
        global(":global(.x) { color: red }"),
        ":global(.x){color:red}"
    );
}

#[test]
fn invalid_css_is_an_error() {
    assert_eq!(error("a {{"), "1:4: Unexpected end of input");
    assert!(scope_css("a {{", "h", true).is_err());
    assert!(error(".a { color: red }\n.b > { color: red }").starts_with("2:"));
    let deep = format!("{}a{{color:red}}{}", ".x{".repeat(200), "}".repeat(200));
    assert_eq!(error(&deep), "the style is nested too deeply to compile");
}
