use super::*;

fn analyze(source: &str) -> FrontmatterInfo {
    let parse = crate::parse(source);
    let frontmatter = parse.document.frontmatter.expect("frontmatter");
    analyze_frontmatter(source, frontmatter.code)
}

/// The diagnostics as `(code, text under the span)`.
fn errors<'s>(source: &'s str, info: &FrontmatterInfo) -> Vec<(Code, &'s str)> {
    info.diagnostics
        .iter()
        .map(|diagnostic| (diagnostic.code, diagnostic.span.text(source)))
        .collect()
}

fn assert_clean(source: &str) -> FrontmatterInfo {
    let info = analyze(source);
    assert!(
        info.diagnostics.is_empty(),
        "unexpected diagnostics for {source:?}: {:#?}",
        info.diagnostics
    );
    info
}

fn named(imported: &str) -> ImportKind {
    ImportKind::Named {
        imported: imported.to_string(),
    }
}

#[test]
fn import_forms() {
    let source = "---\n\
        import Card from './Card.astral';\n\
        import { a, b as c } from \"./lib.ts\";\n\
        import * as utils from './utils';\n\
        import type { Post } from './types';\n\
        import Layout, { type Meta, helper } from '../Layout.astral';\n\
        import './global.css';\n\
        ---\n";
    let info = assert_clean(source);
    assert_eq!(info.imports.len(), 6);

    let card = &info.imports[0];
    assert_eq!(card.span.text(source), "import Card from './Card.astral';");
    assert_eq!(card.source, "./Card.astral");
    assert_eq!(card.source_span.text(source), "'./Card.astral'");
    assert!(!card.type_only);
    assert_eq!(
        card.specifiers,
        vec![ImportSpecifier {
            local: "Card".into(),
            local_span: card.specifiers[0].local_span,
            kind: ImportKind::Default,
            type_only: false,
        }]
    );
    assert_eq!(card.specifiers[0].local_span.text(source), "Card");

    let lib = &info.imports[1];
    assert_eq!(lib.source_span.text(source), "\"./lib.ts\"");
    let kinds: Vec<_> = lib
        .specifiers
        .iter()
        .map(|s| (s.local.as_str(), s.kind.clone(), s.local_span.text(source)))
        .collect();
    assert_eq!(kinds, vec![("a", named("a"), "a"), ("c", named("b"), "c")]);

    let utils = &info.imports[2];
    assert_eq!(utils.specifiers[0].kind, ImportKind::Namespace);
    assert_eq!(utils.specifiers[0].local, "utils");

    let types = &info.imports[3];
    assert!(types.type_only);
    assert!(types.specifiers[0].type_only);

    let layout = &info.imports[4];
    assert!(!layout.type_only);
    let flags: Vec<_> = layout
        .specifiers
        .iter()
        .map(|s| (s.local.as_str(), s.type_only))
        .collect();
    assert_eq!(
        flags,
        vec![("Layout", false), ("Meta", true), ("helper", false)]
    );

    let css = &info.imports[5];
    assert_eq!(css.source, "./global.css");
    assert!(css.specifiers.is_empty());

    // Type-only names are not values.
    assert_eq!(
        info.bindings,
        ["Card", "a", "c", "utils", "Layout", "helper"]
    );
}

#[test]
fn import_with_escapes_and_string_names() {
    let source = "---\nimport { \"odd-name\" as odd } from './a\\u0062.js';\n---\n";
    let info = assert_clean(source);
    assert_eq!(info.imports[0].source, "./ab.js");
    assert_eq!(info.imports[0].source_span.text(source), "'./a\\u0062.js'");
    assert_eq!(info.imports[0].specifiers[0].kind, named("odd-name"));
}

#[test]
fn top_level_bindings() {
    let source = "---\n\
        const a = 1, { b, c: [d, ...e], f = 2, ...g } = obj;\n\
        let [h, , i = 3] = list;\n\
        var j;\n\
        export const k = 4;\n\
        function l() { const inner = 1; }\n\
        export async function m() {}\n\
        class N {}\n\
        enum O { X }\n\
        namespace P { export const q = 1; }\n\
        interface Props {}\n\
        type T = string;\n\
        export default function Q() {}\n\
        if (a) { const notTopLevel = 1; }\n\
        ---\n";
    let info = assert_clean(source);
    assert_eq!(
        info.bindings,
        [
            "a", "b", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "N", "O", "P", "Q"
        ]
    );
}

#[test]
fn prerender_literals() {
    let source = "---\nexport const prerender = true;\n---\n";
    let prerender = assert_clean(source).prerender.unwrap();
    assert!(prerender.value);
    assert_eq!(prerender.span.text(source), "prerender = true");

    let source = "---\nexport const prerender: boolean = false\n---\n";
    let prerender = assert_clean(source).prerender.unwrap();
    assert!(!prerender.value);

    assert_eq!(assert_clean("---\nconst x = 1;\n---\n").prerender, None);
}

#[test]
fn prerender_invalid_forms() {
    let cases = [
        ("export const prerender = someVar;", "someVar"),
        ("export const prerender = \"true\";", "\"true\""),
        ("export const prerender = !false;", "!false"),
        ("export const prerender = true as const;", "true as const"),
        ("export const prerender = (true);", "(true)"),
        (
            "export const prerender = import.meta.env.SSR;",
            "import.meta.env.SSR",
        ),
        ("export let prerender = true;", "let"),
        ("export var prerender = false;", "var"),
        (
            "const prerender = true;\nexport { prerender };",
            "prerender",
        ),
        ("const p = true;\nexport { p as prerender };", "prerender"),
        ("export { prerender } from './config';", "prerender"),
        (
            "export const { prerender } = config;",
            "{ prerender } = config",
        ),
        ("export function prerender() {}", "prerender"),
        (
            "export declare const prerender: boolean;",
            "prerender: boolean",
        ),
    ];
    for (code, expected) in cases {
        let source = format!("---\n{code}\n---\n");
        let info = analyze(&source);
        assert_eq!(info.prerender, None, "{code}");
        let found = errors(&source, &info);
        assert_eq!(found, [(Code::InvalidPrerender, expected)], "{code}");
        let diagnostic = &info.diagnostics[0];
        let text = format!(
            "{} {}",
            diagnostic.message,
            diagnostic.help.as_deref().unwrap()
        );
        assert!(
            text.contains("`true`") && text.contains("`false`"),
            "{code}: the message must name the allowed literals: {text}"
        );
    }
}

#[test]
fn prerender_string_gets_a_specific_hint() {
    let source = "---\nexport const prerender = 'false';\n---\n";
    let info = analyze(source);
    assert!(
        info.diagnostics[0]
            .help
            .as_deref()
            .unwrap()
            .contains("remove the quotes")
    );
}

#[test]
fn prerender_not_exported() {
    let source = "---\nconst prerender = false;\n---\n";
    let info = analyze(source);
    assert_eq!(
        errors(source, &info),
        [(Code::InvalidPrerender, "prerender = false")]
    );
    assert!(
        info.diagnostics[0]
            .help
            .as_deref()
            .unwrap()
            .contains("export const")
    );
    // A local computed `prerender` is some other variable: left alone.
    assert_clean("---\nconst prerender = compute();\n---\n");
}

#[test]
fn get_static_paths_forms() {
    for code in [
        "export function getStaticPaths() { return []; }",
        "export async function getStaticPaths() { return []; }",
        "export const getStaticPaths = async () => [];",
        "export const getStaticPaths = () => [];",
        "export const getStaticPaths = function () { return []; };",
        "export const getStaticPaths: GetStaticPaths = async () => [];",
        "export const getStaticPaths = (async () => []) satisfies GetStaticPaths;",
        "export const getStaticPaths = makePaths('blog');",
        "function getStaticPaths() { return []; }\nexport { getStaticPaths };",
        "export { getStaticPaths } from './paths';",
    ] {
        let source = format!("---\n{code}\n---\n");
        let info = assert_clean(&source);
        let span = info.get_static_paths.unwrap_or_else(|| panic!("{code}"));
        assert_eq!(span.text(&source), "getStaticPaths", "{code}");
    }
    assert_eq!(
        assert_clean("---\nconst a = 1;\n---\n").get_static_paths,
        None
    );
}

#[test]
fn get_static_paths_not_exported() {
    for code in [
        "async function getStaticPaths() { return []; }",
        "function getStaticPaths() {}\nexport { getStaticPaths as other };",
        "const getStaticPaths = () => [];",
    ] {
        let source = format!("---\n{code}\n---\n");
        let info = analyze(&source);
        assert_eq!(info.get_static_paths, None, "{code}");
        assert_eq!(
            errors(&source, &info),
            [(Code::InvalidGetStaticPaths, "getStaticPaths")],
            "{code}"
        );
        let diagnostic = &info.diagnostics[0];
        assert!(diagnostic.message.contains("must be exported"));
        assert!(
            diagnostic
                .help
                .as_deref()
                .unwrap()
                .contains("export async function")
        );
    }
}

#[test]
fn get_static_paths_not_a_function() {
    let source = "---\nexport const getStaticPaths = [{ params: {} }];\n---\n";
    let info = analyze(source);
    assert_eq!(
        errors(source, &info),
        [(Code::InvalidGetStaticPaths, "[{ params: {} }]")]
    );
    assert_eq!(info.get_static_paths, None);
}

#[test]
fn props_forms() {
    let cases = [
        ("interface Props { title: string }", PropsKind::Interface),
        (
            "export interface Props { title: string }",
            PropsKind::Interface,
        ),
        ("type Props = { title: string };", PropsKind::TypeAlias),
        (
            "export type Props = { title: string };",
            PropsKind::TypeAlias,
        ),
    ];
    for (code, kind) in cases {
        let source = format!("---\n{code}\n---\n");
        let props = assert_clean(&source).props.unwrap();
        assert_eq!(props.kind, kind);
        assert_eq!(props.span.text(&source), code);
    }
    assert_eq!(assert_clean("---\ninterface Other {}\n---\n").props, None);
}

#[test]
fn syntax_error_is_located_exactly() {
    let source = "---\nconst a = 1;\nconst b = a b;\n---\n<p>{a}</p>\n";
    let info = analyze(source);
    assert_eq!(errors(source, &info), [(Code::FrontmatterSyntax, "b")]);
    let diagnostic = &info.diagnostics[0];
    assert_eq!(
        diagnostic.span.start as usize,
        source.find("a b").unwrap() + 2
    );
    assert!(
        diagnostic.message.contains("Expected"),
        "{}",
        diagnostic.message
    );
    assert!(diagnostic.help.is_some());
}

#[test]
fn non_ascii_before_an_error() {
    let source = "---\nconst café = 'ünïcødé 🎉';\nconst x = 1 +* 2;\n---\n";
    let info = analyze(source);
    assert_eq!(errors(source, &info), [(Code::FrontmatterSyntax, "*")]);

    // A recoverable error: the analysis goes on.
    let source = "---\nconst café = 'ü';\nlet n = 017;\n---\n";
    let info = analyze(source);
    assert_eq!(errors(source, &info), [(Code::FrontmatterSyntax, "017")]);
    assert_eq!(info.bindings, ["café", "n"]);
}

#[test]
fn error_spans_stay_on_char_boundaries() {
    // The lexer stops inside the identifier at the odd character.
    let source = "---\nconst a = 1 é# ü;\n---\n";
    let info = analyze(source);
    assert!(!info.diagnostics.is_empty());
    for diagnostic in &info.diagnostics {
        let _ = diagnostic.span.text(source); // panics off a char boundary
    }
}

#[test]
fn top_level_return_and_await_are_allowed() {
    assert_clean(
        "---\nconst user = await getUser();\nif (!user) {\n  return Astro.redirect('/login');\n}\nreturn;\n---\n",
    );
}

#[test]
fn unterminated_fragment_reports_at_the_end() {
    let source = "---\nconst a = \n---\n<p/>";
    let info = analyze(source);
    assert_eq!(info.diagnostics.len(), 1);
    let diagnostic = &info.diagnostics[0];
    assert_eq!(diagnostic.code, Code::FrontmatterSyntax);
    // swc reports at the end of the code; the span covers the blank after `=`.
    assert_eq!(
        diagnostic.span.start as usize,
        source.find("= ").unwrap() + 1
    );
    assert_eq!(diagnostic.span.len(), 1);
}

#[test]
fn unterminated_string_and_template() {
    let source = "---\nconst s = 'abc\nconst t = 1;\n---\n";
    let info = analyze(source);
    assert_eq!(errors(source, &info), [(Code::FrontmatterSyntax, "'abc")]);

    let source = "---\nconst t = `abc\n---\n";
    let info = analyze(source);
    assert_eq!(info.diagnostics[0].code, Code::FrontmatterSyntax);
    assert!(info.diagnostics[0].span.text(source).starts_with("`abc"));
}

#[test]
fn unclosed_frontmatter_error_at_end_of_file() {
    // No closing fence: the code runs to the end of the file, with nothing after it.
    let source = "---\nconst a = (";
    let info = analyze(source);
    assert_eq!(info.diagnostics.len(), 1);
    let span = info.diagnostics[0].span;
    assert!(span.end as usize <= source.len());
    assert_eq!(span, Span::empty(source.len() as u32));
}

#[test]
fn empty_code() {
    let info = analyze_frontmatter("---\n---\n", Span::empty(4));
    assert_eq!(info, FrontmatterInfo::default());
    let source = "---\n// only a comment\n---\n";
    assert_eq!(assert_clean(source), FrontmatterInfo::default());
}

#[test]
fn fatal_error_keeps_nothing_but_diagnostics() {
    let source = "---\nimport A from './A.astral';\nconst = 1;\n---\n";
    let info = analyze(source);
    assert!(!info.diagnostics.is_empty());
    assert!(
        info.diagnostics
            .iter()
            .all(|d| d.code == Code::FrontmatterSyntax)
    );
    for diagnostic in &info.diagnostics {
        assert!(diagnostic.span.end as usize <= source.len());
    }
}
