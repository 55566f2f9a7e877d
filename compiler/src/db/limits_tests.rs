//! Hostile input through the whole front end (checks, lowering, the IR as JSON) on a 2 MiB
//! thread, the stack of rayon's workers and the language server's blocking threads: code at
//! the nesting limits is analysed, code past them is a located `E0112`, and nothing aborts.

use super::*;
use crate::js_syntax::{MAX_JS_DEPTH, MAX_JS_NESTING};

/// The smallest stack the front end runs on.
const SMALL_STACK: usize = 2 << 20;

/// Checks and lowers `text` as `src/pages/index.astral` on a thread with a `stack`-byte
/// stack, and serializes the IR; returns the file's diagnostics.
pub(crate) fn check_on_stack(text: String, stack: usize) -> Vec<Diagnostic> {
    std::thread::Builder::new()
        .stack_size(stack)
        .spawn(move || {
            let db = Database::default();
            let file = SourceFile::new(&db, PathBuf::from("src/pages/index.astral"), text);
            let workspace = Workspace::new(&db, PathBuf::from("."), vec![file]);
            let diagnostics = file_diagnostics(&db, workspace, file).clone();
            let ir = &lowered(&db, workspace, file).component;
            serde_json::to_string(ir).expect("the IR serializes");
            diagnostics
        })
        .expect("spawn")
        .join()
        .expect("no panic and no stack overflow")
}

fn codes(diagnostics: &[Diagnostic]) -> Vec<&'static str> {
    diagnostics.iter().map(|d| d.code.as_str()).collect()
}

/// Chains of `n` links of every kind that once overflowed the stack, as expressions; the
/// frontmatter puts each after `const x = `.
fn chains(n: usize) -> Vec<(&'static str, String)> {
    vec![
        ("not", format!("{}1", "!".repeat(n))),
        ("minus", format!("{}1", "- ".repeat(n))),
        ("plus", format!("1{}", "+1".repeat(n))),
        ("pow", format!("2{}", "**2".repeat(n))),
        ("divide", format!("a{}", "/a".repeat(n))),
        ("member", format!("a{}", ".b".repeat(n))),
        ("call", format!("a{}", "()".repeat(n))),
        ("optional call", format!("a{}", "?.()".repeat(n))),
        ("tagged template", format!("a{}", "``".repeat(n))),
        ("non-null", format!("a{}", "!".repeat(n))),
        ("assignment", format!("a{}", "=a".repeat(n))),
        ("await", format!("{}1", "await ".repeat(n))),
        ("as", format!("a{}", " as A".repeat(n))),
    ]
}

/// One chain in the frontmatter and one in a `{expression}`.
fn page(chain: &str) -> String {
    format!("---\nlet a: any;\nconst x = {chain};\n---\n<p>{{{chain}}}</p>\n")
}

#[test]
fn chains_at_the_limit_are_analysed_on_a_small_stack() {
    // A few links go to `const x =` and the brackets around.
    let n = MAX_JS_DEPTH - 8;
    for (name, chain) in chains(n) {
        let diagnostics = check_on_stack(page(&chain), SMALL_STACK);
        assert!(
            !codes(&diagnostics).contains(&"E0112"),
            "{name}: {diagnostics:#?}"
        );
    }
}

#[test]
fn chains_past_the_limit_are_located_errors() {
    for n in [MAX_JS_DEPTH + 1, 100_000] {
        for (name, chain) in chains(n) {
            let text = page(&chain);
            let diagnostics = check_on_stack(text.clone(), SMALL_STACK);
            let deep: Vec<_> = diagnostics
                .iter()
                .filter(|d| d.code.as_str() == "E0112")
                .collect();
            // One in the frontmatter, one in the expression, each inside its chain.
            assert_eq!(deep.len(), 2, "{name}: {diagnostics:#?}");
            let frontmatter_chain = text.find("const x = ").unwrap() + 10;
            let expression_chain = text.find("<p>{").unwrap() + 4;
            assert!(deep[0].span.start as usize > frontmatter_chain, "{name}");
            assert!(deep[1].span.start as usize > expression_chain, "{name}");
            assert!(deep[1].span.end as usize <= expression_chain + chain.len());
        }
    }
}

#[test]
fn labels_keyof_and_brackets_at_the_limits_are_analysed_on_a_small_stack() {
    let inside = MAX_JS_DEPTH - 2 * MAX_JS_NESTING;
    for (name, text) in [
        (
            "labels",
            format!("---\n{}1;\n---\n<p/>\n", "a: ".repeat(MAX_JS_DEPTH - 1)),
        ),
        (
            "if",
            format!(
                "---\n{}1;\n---\n<p/>\n",
                "if (a) ".repeat(MAX_JS_DEPTH / 2 - 1)
            ),
        ),
        (
            "else if",
            format!(
                "---\nif (a) 1;{}\n---\n<p/>\n",
                " else if (b) 1;".repeat(MAX_JS_DEPTH / 3)
            ),
        ),
        (
            "keyof",
            format!(
                "---\ntype A = {}B;\n---\n<p/>\n",
                "keyof ".repeat(MAX_JS_DEPTH - 2)
            ),
        ),
        // Brackets at their limit with a chain inside: the two limits add up.
        (
            "brackets and calls",
            format!(
                "---\nconst x = {}a{}{};\n---\n<p/>\n",
                "(".repeat(MAX_JS_NESTING - 2),
                "()".repeat(inside),
                ")".repeat(MAX_JS_NESTING - 2)
            ),
        ),
        (
            "brackets and unary",
            format!(
                "<p>{{{}{}1{}}}</p>\n",
                "[".repeat(MAX_JS_NESTING - 2),
                "-".repeat(inside),
                "]".repeat(MAX_JS_NESTING - 2)
            ),
        ),
    ] {
        let diagnostics = check_on_stack(text, SMALL_STACK);
        assert!(
            !codes(&diagnostics).contains(&"E0112"),
            "{name}: {diagnostics:#?}"
        );
    }
}

#[test]
fn long_label_chains_are_refused_not_quadratic() {
    // 10,000 labels took 10 s and 1.2 GB in swc's label checks; now refused at the limit.
    let text = format!("---\n{}1;\n---\n<p/>\n", "a: ".repeat(10_000));
    let diagnostics = check_on_stack(text, SMALL_STACK);
    assert_eq!(codes(&diagnostics), ["E0112"], "{diagnostics:#?}");
}

fn attributes(names: impl Iterator<Item = String>) -> String {
    format!("<p {}>x</p>\n", names.collect::<Vec<_>>().join(" "))
}

#[test]
fn diagnostics_past_the_cap_are_one_note_at_the_first_left_out() {
    use crate::diagnostics::MAX_PER_FILE;
    // 300 duplicates (warnings) of `a`, then 10 of `B`/`b` (case-insensitive in HTML).
    let text = attributes(
        std::iter::repeat_n("a".to_string(), 301)
            .chain(["b".into()])
            .chain(std::iter::repeat_n("B".to_string(), 10)),
    );
    let diagnostics = check_on_stack(text.clone(), SMALL_STACK);
    assert_eq!(diagnostics.len(), MAX_PER_FILE + 1);
    assert!(
        diagnostics[..MAX_PER_FILE]
            .iter()
            .all(|d| d.code.as_str() == "W0408")
    );
    let note = &diagnostics[MAX_PER_FILE];
    assert_eq!(note.code.as_str(), "E0116");
    assert_eq!(note.severity, crate::Severity::Warning);
    assert_eq!(
        note.message,
        "110 more diagnostics in this file (0 of them errors), not listed"
    );
    // At the 201st duplicate: the 202nd `a`.
    assert_eq!(note.span, crate::span::Span::new(3 + 2 * 201, 4 + 2 * 201));
    // Errors among those left out make the note an error.
    let text = format!(
        "{}\n</i>\n",
        attributes(std::iter::repeat_n("a".to_string(), 300))
    );
    let diagnostics = check_on_stack(text, SMALL_STACK);
    let note = diagnostics.last().unwrap();
    assert_eq!(note.code.as_str(), "E0116");
    assert!(note.is_error(), "{note:?}");
}

#[test]
fn many_attributes_and_nested_elements_are_checked_with_capped_output() {
    // 100,000 distinct attributes and one duplicate at the end (found by name, not by
    // comparing every pair).
    let text = attributes((0..100_000).map(|i| format!("a{i}")).chain(["A7".into()]));
    let diagnostics = check_on_stack(text, SMALL_STACK);
    assert_eq!(codes(&diagnostics), ["W0408"], "{diagnostics:#?}");
    assert_eq!(diagnostics[0].message, "`A7` is given twice");
    // 100,000 nested `<div>`s: one depth error; the end tags of the elements past the cap
    // are expected (they were 99,744 "stray" errors), a real stray one is still reported.
    let text = format!(
        "{}{}</div>\n",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    let diagnostics = check_on_stack(text, SMALL_STACK);
    assert_eq!(codes(&diagnostics), ["E0112", "E0108"], "{diagnostics:#?}");
    // Past the cap of diagnostics, one note.
    let text = format!("<i>{}</i>\n", "</b>".repeat(1000));
    let diagnostics = check_on_stack(text, SMALL_STACK);
    assert_eq!(diagnostics.len(), crate::diagnostics::MAX_PER_FILE + 1);
    assert_eq!(diagnostics.last().unwrap().code.as_str(), "E0116");
}

#[test]
fn a_file_over_the_size_limit_is_one_located_error() {
    use crate::parser::MAX_SOURCE_BYTES;
    let text = format!(
        "---\nconst a = 1;\n---\n<p>{}</p>\n",
        "é".repeat(MAX_SOURCE_BYTES / 2)
    );
    let diagnostics = check_on_stack(text.clone(), SMALL_STACK);
    assert_eq!(codes(&diagnostics), ["E0115"], "{diagnostics:#?}");
    // At the character that crosses the limit.
    let span = diagnostics[0].span;
    assert!(span.start as usize <= MAX_SOURCE_BYTES && span.end as usize > MAX_SOURCE_BYTES);
    assert_eq!(span.text(&text), "é");
    // At the limit, the file is checked.
    let text = format!("<p>{}</p>\n", "x".repeat(MAX_SOURCE_BYTES - 8));
    assert_eq!(text.len(), MAX_SOURCE_BYTES);
    assert!(check_on_stack(text, SMALL_STACK).is_empty());
}

mod chains_property {
    //! Generated long chains of every operator kind, mixed and nested in brackets, in the
    //! frontmatter and in `{expressions}`: checking and lowering finish on a 2 MiB stack, with
    //! well-formed diagnostics. `PROPTEST_CASES` raises the case count (default 64).

    use super::{SMALL_STACK, check_on_stack};
    use proptest::prelude::*;

    /// How many links a chain has: mostly short, often around the limit, sometimes far past.
    fn length() -> impl Strategy<Value = usize> {
        prop_oneof![
            3 => 0..20usize,
            2 => (crate::js_syntax::MAX_JS_DEPTH - 40)..(crate::js_syntax::MAX_JS_DEPTH + 40),
            1 => 2000..6000usize,
        ]
    }

    /// A prefix or postfix link, or a binary operator with its right operand.
    const PREFIXES: &[&str] = &[
        "!",
        "-",
        "- ",
        "~",
        "+",
        "typeof ",
        "await ",
        "void ",
        "new ",
        "async x => ",
        "x => ",
        "of/",
        "f<T>/",
    ];
    const POSTFIXES: &[&str] = &[
        ".b", "?.b", "()", "?.()", "[0]", "``", "`x${1}`", "!", " as A", "++",
    ];
    const BINARIES: &[&str] = &[
        "+1",
        "/a",
        "**2",
        "=a",
        " && a",
        " ?? a",
        " === a",
        " in a",
        "\u{a0}in\u{a0}a",
        "\u{feff}as\u{feff}A",
        "/a/",
        "\n+a",
        "-a",
        " instanceof A",
        ", a",
        "; a",
    ];

    fn chain(inner: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
        (
            inner,
            prop::sample::select(PREFIXES),
            prop::sample::select(POSTFIXES),
            prop::sample::select(BINARIES),
            length(),
            length(),
            length(),
        )
            .prop_map(|(inner, pre, post, bin, a, b, c)| {
                format!(
                    "{}{inner}{}{}",
                    pre.repeat(a),
                    post.repeat(b),
                    bin.repeat(c)
                )
            })
    }

    fn expression() -> impl Strategy<Value = String> {
        let leaf =
            prop::sample::select(&["a", "1", "'s'", "`t`", "x => x"][..]).prop_map(str::to_string);
        leaf.prop_recursive(4, 64, 2, |inner| {
            prop_oneof![
                chain(inner.clone()),
                (
                    inner.clone(),
                    prop::sample::select(&["()", "[]", "{}", "${}", "=>", "?:"][..]),
                    0..300usize
                )
                    .prop_map(|(e, bracket, n)| {
                        let (open, close) = match bracket {
                            "()" => ("(", ")"),
                            "[]" => ("[", "]"),
                            "{}" => ("({a: ", "})"),
                            "${}" => ("`${", "}`"),
                            "=>" => ("x => ", ""),
                            _ => ("c ? ", " : d"),
                        };
                        format!("{}{e}{}", open.repeat(n), close.repeat(n))
                    }),
                (inner.clone(), inner).prop_map(|(a, b)| format!("{a} + {b}")),
            ]
        })
    }

    fn page() -> impl Strategy<Value = String> {
        (
            expression(),
            expression(),
            (length(), length(), length(), length()),
            prop::sample::select(&["if (a) ", "else if (b) ", "while (c) ", "for (;;) ", "do "][..]),
        )
            .prop_map(|(a, b, (labels, keyofs, ifs, statements), statement)| {
                format!(
                    "---\nlet a: any, b: any, c: any, d: any, x: any, A: any;\nconst y = {a};\n{}1;\ntype T = {}A;\nif (a) {}1;\n{}{a};\n---\n<p title={{{b}}}>{{{b}}}</p>\n",
                    "l: ".repeat(labels),
                    "keyof ".repeat(keyofs),
                    "if (a) 1; else ".repeat(ifs),
                    statement.repeat(statements),
                )
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(64),
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn long_chains_never_abort(text in page()) {
            let diagnostics = check_on_stack(text.clone(), SMALL_STACK);
            for d in &diagnostics {
                prop_assert!(d.span.end as usize <= text.len());
                prop_assert!(text.is_char_boundary(d.span.start as usize));
                prop_assert!(text.is_char_boundary(d.span.end as usize));
            }
        }
    }
}

#[test]
fn markup_at_and_past_the_nesting_caps_is_lowered_on_a_small_stack() {
    // Elements and expressions alternating, past the lexer's and the tree builder's caps;
    // elements alone, past the cap; and a component's slots nested deep. Each is checked,
    // lowered and its IR serialized on 2 MiB (the tree walks, lowering and serde recurse).
    let n = 400;
    for (name, text) in [
        (
            "expressions in markup",
            format!("{}x{}", "<b>{a && ".repeat(n), "}</b>".repeat(n)),
        ),
        (
            "markup in expressions",
            format!(
                "---\nconst a = 1;\n---\n{}x{}",
                "{a && <i>".repeat(n),
                "</i>}".repeat(n)
            ),
        ),
        (
            "elements",
            format!("{}x{}", "<div>".repeat(n), "</div>".repeat(n)),
        ),
        // CSS past `style::MAX_NESTING`, scoped at lowering as well as checked.
        (
            "style",
            format!("<p>x</p><style>.a{}{{}}</style>", ":is(".repeat(100_000)),
        ),
        (
            "style blocks",
            format!("<p>x</p><style>{}</style>", ".a{".repeat(100_000)),
        ),
        (
            "slots",
            format!(
                "---\nimport C from './C.astral';\n---\n{}x{}",
                "<C><p slot=\"s\">".repeat(n),
                "</p></C>".repeat(n)
            ),
        ),
    ] {
        // Located errors (E0112 for markup, a CSS error for styles), no abort.
        let diagnostics = check_on_stack(text, SMALL_STACK);
        assert!(!diagnostics.is_empty(), "{name}");
    }
}

/// The property test's finding: swc's parser asserts (in debug builds) that an arrow after a
/// parenthesized list follows one item, and `(a, a + x => x)` breaks that. The panic is
/// caught: a located error, and checking and lowering go on.
#[test]
fn a_panic_inside_swc_is_a_located_error() {
    let text = "---\nlet a: any;\n---\n<p title={(a, a + x => x + a)}>{(a, a + x => x + a)}</p>\n";
    let diagnostics = check_on_stack(text.to_string(), SMALL_STACK);
    assert!(!diagnostics.is_empty());
    for d in &diagnostics {
        assert_eq!(d.code.as_str(), "E0203", "{d:#?}");
        assert!(d.span.start as usize > text.find("<p").unwrap(), "{d:#?}");
    }
}

/// Long runs of non-ASCII characters inside one lexer token: logos's state machine steps
/// through each multi-byte character with a call, which a debug build does not turn into a
/// loop (the property test overflowed on a long `//` comment of them). 120,000 characters
/// overflowed 2 MiB before tokens took the rest of a run by callback.
#[test]
fn long_non_ascii_tokens_are_lexed_on_a_small_stack() {
    let run = "é€\u{a0}".repeat(40_000);
    for (name, text) in [
        ("text", format!("<p>{run}</p>\n")),
        ("line comment", format!("<p>{{a // {run}\n}}</p>\n")),
        ("tag name", format!("<p{run}>x</p{run}>\n")),
        ("attribute value", format!("<p a={run}>x</p>\n")),
        (
            "blanks in a tag",
            format!("<p{}a>x</p>\n", "\u{3000}".repeat(120_000)),
        ),
        ("frontmatter comment", format!("---\n// {run}\n---\n<p/>\n")),
    ] {
        let diagnostics = check_on_stack(text, SMALL_STACK);
        assert!(!codes(&diagnostics).contains(&"E0112"), "{name}");
    }
}
