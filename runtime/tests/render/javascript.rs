//! getStaticPaths, errors and their locations, modules, async frontmatter.

use super::*;

fn paths_site(get_static_paths: &str) -> Arc<Site> {
    let module = format!(
        "{get_static_paths}\nexport default async function (Astro) {{\n  return [Astro.params.slug, Astro.props.date instanceof Date ? Astro.props.date.getUTCFullYear() : \"no date\"];\n}}\n"
    );
    page_site(&module, vec![vec![Part::Text(0), h(" "), Part::Text(1)]])
}

#[test]
fn static_paths_are_validated_cached_and_used() {
    let s = paths_site(
        r#"globalThis.calls = 0;
export async function getStaticPaths() {
  globalThis.calls++;
  return [
    { params: { slug: "a" }, props: { date: new Date(Date.UTC(2024, 0, 1)) } },
    { params: { slug: 2, rest: undefined } },
    [{ params: { slug: "nested" } }],
  ];
}"#,
    );
    let mut renderer = Renderer::new(s, Limits::default());
    let paths = renderer.static_paths("pages/index.astral").unwrap();
    let params: Vec<Vec<(String, String)>> = paths
        .iter()
        .map(|p| p.params.clone().into_iter().collect())
        .collect();
    assert_eq!(
        params,
        vec![
            vec![("slug".to_string(), "a".to_string())],
            vec![("slug".to_string(), "2".to_string())],
            vec![("slug".to_string(), "nested".to_string())],
        ]
    );
    let mut outputs = Vec::new();
    for entry in 0..3 {
        let input = PageInput {
            path_entry: Some(entry),
            ..page("pages/index.astral")
        };
        outputs.push(render_input(&mut renderer, &input).unwrap());
    }
    assert_eq!(
        outputs,
        [
            "<!DOCTYPE html>a 2024",
            "<!DOCTYPE html>2 no date",
            "<!DOCTYPE html>nested no date"
        ]
    );
    // getStaticPaths ran once, however many pages used it.
    renderer.static_paths("pages/index.astral").unwrap();

    let input = PageInput {
        path_entry: Some(3),
        ..page("pages/index.astral")
    };
    let e = render_input(&mut renderer, &input).unwrap_err();
    assert_eq!(e.kind, RenderErrorKind::BadStaticPaths);
    assert!(e.message.contains("path entry 3 does not exist"), "{e}");
}

#[test]
fn static_paths_run_once_per_renderer() {
    let s = page_site(
        r#"let calls = 0;
export function getStaticPaths() { calls++; return [{ params: { n: calls } }]; }
export default async function (Astro) { return [Astro.params.n]; }"#,
        vec![vec![Part::Text(0)]],
    );
    let mut renderer = Renderer::new(s, Limits::default());
    for _ in 0..3 {
        assert_eq!(
            renderer.static_paths("pages/index.astral").unwrap()[0].params["n"],
            "1"
        );
        let input = PageInput {
            path_entry: Some(0),
            ..page("pages/index.astral")
        };
        assert_eq!(
            render_input(&mut renderer, &input).unwrap(),
            "<!DOCTYPE html>1"
        );
    }
}

#[test]
fn bad_static_paths_say_what_is_wrong() {
    let cases = [
        (
            "export function getStaticPaths() { return { params: {} }; }",
            "must return an array of { params, props? } objects, got an object",
        ),
        (
            "export function getStaticPaths() { return [{ params: { a: 'x' } }, 'b']; }",
            "entry 1 must be an object",
        ),
        (
            "export function getStaticPaths() { return [{ props: {} }]; }",
            "entry 0 has no `params`",
        ),
        (
            "export function getStaticPaths() { return [{ params: 'x' }]; }",
            "entry 0: `params` must be an object, got a string (\"x\")",
        ),
        (
            "export function getStaticPaths() { return [{ params: { slug: null } }]; }",
            "entry 0: param `slug` must be a string or a number (or undefined for a rest parameter), got null",
        ),
        (
            "export function getStaticPaths() { return [{ params: { slug: true } }]; }",
            "param `slug` must be a string or a number",
        ),
        (
            "export function getStaticPaths() { return [{ params: {}, props: 3 }]; }",
            "entry 0: `props` must be an object, got a number (3)",
        ),
        (
            "export async function getStaticPaths() { return undefined; }",
            "got undefined",
        ),
    ];
    for (source, expected) in cases {
        let mut renderer = Renderer::new(paths_site(source), Limits::default());
        let e = renderer.static_paths("pages/index.astral").unwrap_err();
        assert_eq!(e.kind, RenderErrorKind::BadStaticPaths, "{source}: {e}");
        assert!(
            e.message.contains(expected),
            "{source}:\n  got {e}\n  want …{expected}…"
        );
    }
    let s = page_site(
        "export default async function () { return []; }",
        vec![vec![]],
    );
    let e = Renderer::new(s, Limits::default())
        .static_paths("pages/index.astral")
        .unwrap_err();
    assert_eq!(e.kind, RenderErrorKind::BadStaticPaths);
}

#[test]
fn exceptions_map_to_source_lines() {
    let mut c = component(
        "pages/index.astral",
        vec![vec![]],
        Some(
            "import { check } from \"../lib/check.js\";\nexport default async function (Astro) {\n  const x = 1;\n  check(x);\n  return [];\n}\n",
        ),
    );
    // Module line 4 is source line 12 (frontmatter after the template, say).
    c.script.as_mut().unwrap().line_map = vec![2, 0, 11, 12, 0, 0];
    let s = site(
        vec![c],
        &[(
            "lib/check.js",
            "export function check(x) {\n  if (x) throw new Error(\"boom\");\n}\n",
        )],
    );
    let e = render_site(s, "pages/index.astral").unwrap_err();
    assert_eq!(e.kind, RenderErrorKind::Exception);
    assert_eq!(e.message, "Error: boom");
    assert_eq!(e.component, "pages/index.astral");
    assert_eq!(e.line, Some(12));
    // QuickJS reports a call frame's column inside the call expression.
    assert!(e.column.is_some_and(|c| (3..=10).contains(&c)), "{e:?}");
}

#[test]
fn syntax_errors_map_to_source_lines() {
    let mut c = component(
        "pages/index.astral",
        vec![vec![]],
        Some("export default async function () {\n  return {;\n}\n"),
    );
    c.script.as_mut().unwrap().line_map = vec![5, 6, 7];
    let e = render_site(site(vec![c], &[]), "pages/index.astral").unwrap_err();
    assert_eq!(e.kind, RenderErrorKind::Exception);
    assert!(e.message.starts_with("SyntaxError"), "{e}");
    assert_eq!(
        (e.component.as_str(), e.line),
        ("pages/index.astral", Some(6))
    );
}

#[test]
fn thrown_values_and_rejections_are_exceptions() {
    let s = page_site(
        "export default async function () {\n  await null;\n  throw new TypeError(\"bad <thing>\");\n}\n",
        vec![vec![]],
    );
    let e = render_site(s, "pages/index.astral").unwrap_err();
    assert_eq!(
        (e.kind, e.message.as_str(), e.line),
        (
            RenderErrorKind::Exception,
            "TypeError: bad <thing>",
            Some(3)
        )
    );

    let s = page_site(
        "export default async function () {\n  return [Promise.reject(\"plain string\")];\n}\n",
        vec![vec![Part::Text(0)]],
    );
    let e = render_site(s, "pages/index.astral").unwrap_err();
    assert_eq!(
        (e.kind, e.message.as_str()),
        (RenderErrorKind::Exception, "plain string")
    );
}

#[test]
fn unknown_imports_are_errors_at_the_import() {
    let s = page_site(
        "// a comment\nimport x from './missing.js';\nexport default async function () { return []; }\n",
        vec![vec![]],
    );
    let e = render_site(s, "pages/index.astral").unwrap_err();
    assert_eq!(e.kind, RenderErrorKind::Exception);
    assert!(e.message.contains("./missing.js"), "{e}");
    assert_eq!(e.component, "pages/index.astral");
    assert_eq!(e.line, Some(2));

    let s = page_site(
        "import React from 'react';\nexport default async function () { return []; }\n",
        vec![vec![]],
    );
    let e = render_site(s, "pages/index.astral").unwrap_err();
    assert!(e.message.contains("only relative imports"), "{e}");
}

#[test]
fn json_and_relative_js_modules() {
    let s = site(
        vec![component(
            "src/pages/index.astral",
            vec![vec![
                Part::Text(0),
                h(" "),
                Part::Text(1),
                h(" "),
                Part::Text(2),
            ]],
            Some(
                r#"import posts from "../data/posts.json";
import { shout } from "../lib/text";
import { twice } from "../lib/util/index.js";
globalThis.evaluations = (globalThis.evaluations ?? 0) + 1;
export default async function () {
  return [posts.map((p) => shout(p.title)).join(","), twice(21), globalThis.evaluations];
}"#,
            ),
        )],
        &[
            (
                "src/data/posts.json",
                r#"export default [{"title": "a"}, {"title": "b"}];"#,
            ),
            (
                "src/lib/text.ts",
                "import { twice } from './util';\nexport const shout = (s) => s.toUpperCase() + '!'.repeat(twice(1) - 1);\n",
            ),
            (
                "src/lib/util/index.js",
                "export const twice = (n) => n * 2;\n",
            ),
        ],
    );
    let mut renderer = Renderer::new(s, Limits::default());
    // Modules are evaluated once per renderer, not per render.
    for _ in 0..3 {
        assert_eq!(
            render(&mut renderer, "src/pages/index.astral").unwrap(),
            "A!,B! 42 1"
        );
    }
}

#[test]
fn async_frontmatter_awaits_promises_and_timers() {
    let s = site(
        vec![
            component(
                "components/Slow.astral",
                vec![vec![h("<i>"), Part::Text(0), h("</i>")]],
                Some(
                    r#"export default async function (Astro) {
  await new Promise((r) => setTimeout(r, 50));
  return [Astro.props.n];
}"#,
                ),
            ),
            component(
                "pages/index.astral",
                vec![vec![
                    Part::Text(0),
                    call(
                        "components/Slow.astral",
                        Props::Static(vec![("n".into(), 1.into())]),
                        vec![],
                    ),
                    Part::Text(1),
                ]],
                Some(
                    r#"const wait = (ms, v) => new Promise((r) => setTimeout(() => r(v), ms));
export default async function () {
  const order = [];
  const [a, b] = await Promise.all([wait(20, "a").then((v) => (order.push(v), v)), wait(10, "b").then((v) => (order.push(v), v))]);
  for await (const x of [wait(1, "c")]) order.push(x);
  return [a + b + ":" + order.join(""), (async () => { await null; return "tail"; })()];
}"#,
                ),
            ),
        ],
        &[],
    );
    assert_eq!(render_ok(s, "pages/index.astral"), "ab:bac<i>1</i>tail");
}

#[test]
fn a_promise_that_never_settles_is_an_error_not_a_hang() {
    let s = page_site(
        "export default async function () { await new Promise(() => {}); return []; }",
        vec![vec![]],
    );
    let e = render_site(s, "pages/index.astral").unwrap_err();
    assert_eq!(e.kind, RenderErrorKind::Exception);
    assert!(e.message.contains("never settles"), "{e}");
}
