//! Hostile values (issue 13): injection through `define:vars` and style objects, lone
//! surrogates, and the engine's limits reached through the walker.

use super::*;

fn small(time_ms: u64) -> Limits {
    Limits {
        time_per_render: Duration::from_millis(time_ms),
        memory_bytes: 32 << 20,
        output_bytes: 1 << 20,
        console_bytes: 4 << 10,
    }
}

fn style_site(style: &str) -> Arc<Site> {
    page_site(
        &format!("export default async function () {{\n  return [{style}];\n}}\n"),
        vec![vec![
            h("<p"),
            Part::Attribute {
                name: "style".into(),
                value: 0,
            },
            h(">"),
        ]],
    )
}

#[test]
fn style_objects_keep_ordinary_values_as_astro_writes_them() {
    let html = render_ok(
        style_site(
            "{ fontSize: 12, color: 'red', '--main-bg': 'url(\"a;b.png\")', WebkitTransition: 'none', \
             '-moz-x': '1px', empty: ' ', gone: null, n: 1.5, grid: 'var(--x, calc(1px + 2%))' }",
        ),
        "pages/index.astral",
    );
    assert_eq!(
        html,
        "<p style=\"font-size:12;color:red;--main-bg:url(&quot;a;b.png&quot;);\
         -webkit-transition:none;-moz-x:1px;n:1.5;grid:var(--x, calc(1px + 2%))\">"
    );
}

#[test]
fn style_values_cannot_add_declarations() {
    for (value, escaped) in [
        (
            "red;background:url(javascript:alert(1))",
            r"red\;background\:url\(javascript\:alert\(1\)\)",
        ),
        ("red}p{color:blue", r"red\}p\{color\:blue"),
        ("\"open", r#"\"open"#),
        ("url(x", r"url\(x"),
        ("calc(1px", r"calc\(1px"),
    ] {
        let js_value = serde_json::to_string(value).unwrap();
        let html = render_ok(
            style_site(&format!("{{ color: {js_value}, top: 0 }}")),
            "pages/index.astral",
        );
        let expected = format!(
            "<p style=\"color:{};top:0\">",
            escaped.replace('"', "&quot;")
        );
        assert_eq!(html, expected, "{value}");
    }
}

#[test]
fn style_object_keys_must_be_css_identifiers() {
    for key in ["'a b'", "'x;y'", "'color:red;z'", "'</style>'", "'1a'"] {
        let e = render_site(
            style_site(&format!("{{ [{key}]: 'red' }}")),
            "pages/index.astral",
        )
        .unwrap_err();
        assert_eq!(e.kind, RenderErrorKind::Exception, "{key}: {e}");
        assert!(e.message.contains("is not a CSS property name"), "{e}");
        assert_eq!(e.component, "pages/index.astral");
    }
}

#[test]
fn define_vars_keys_must_be_identifiers_and_values_stay_data() {
    // What the compiler lowers `<script define:vars={…}>` to: a `set:html` hole.
    let script = |vars: &str| {
        page_site(
            &format!(
                "export default async function () {{\n  const v = {vars};\n  return [\n$$defineVars(v)\n];\n}}\n"
            ),
            vec![vec![h("<script>"), Part::RawHtml(0), h("</script>")]],
        )
    };
    let html = render_ok(
        script("{ a: 1, b: '</script><img src=x onerror=alert(1)>', $c: [null], d: undefined }"),
        "pages/index.astral",
    );
    assert_eq!(
        html,
        "<script>const a = 1;\nconst b = \"\\u003c/script>\\u003cimg src=x onerror=alert(1)>\";\n\
         const $c = [null];\nconst d = undefined;\n</script>"
    );
    for key in [
        "'x = 1; alert(1); var y'",
        "'</script><img src=x onerror=alert(2)>'",
        "'a-b'",
        "'1a'",
        "'if'",
        "''",
    ] {
        let e =
            render_site(script(&format!("{{ [{key}]: 0 }}")), "pages/index.astral").unwrap_err();
        assert_eq!(e.kind, RenderErrorKind::Exception, "{key}: {e}");
        assert!(
            e.message.contains("is not a JavaScript identifier"),
            "{key}: {e}"
        );
        // The hole's line: where the compiler puts the `define:vars` attribute's line.
        assert_eq!(e.line, Some(4), "{key}: {e}");
    }
}

#[test]
fn style_define_vars_check_keys_and_escape_values() {
    let style_vars = |vars: &str| {
        page_site(
            &format!(
                "export default async function () {{\n  const v = {vars};\n  return [\n$$styleVars(v)\n];\n}}\n"
            ),
            vec![vec![
                h("<div"),
                Part::Attribute {
                    name: "style".into(),
                    value: 0,
                },
                h(">"),
            ]],
        )
    };
    let html = render_ok(
        style_vars(
            "{ color: 'red', size: 0, gone: null, no: false, bad: 'red;background:url(javascript:alert(1))' }",
        ),
        "pages/index.astral",
    );
    assert_eq!(
        html,
        r#"<div style="--color: red;--size: 0;--bad: red\;background\:url\(javascript\:alert\(1\)\);">"#
    );
    for key in ["'a b'", "'x;y:z'", "'}'"] {
        let e = render_site(
            style_vars(&format!("{{ [{key}]: 1 }}")),
            "pages/index.astral",
        )
        .unwrap_err();
        assert_eq!(e.kind, RenderErrorKind::Exception, "{key}: {e}");
        assert!(
            e.message.contains("cannot be a CSS custom property (`--"),
            "{e}"
        );
        assert_eq!(e.line, Some(4), "{key}: {e}");
    }
}

#[test]
fn lone_surrogates_become_replacement_characters() {
    let s = site(
        vec![component(
            "pages/index.astral",
            vec![vec![
                h("<p"),
                Part::Attribute {
                    name: "title".into(),
                    value: 1,
                },
                Part::SpreadAttributes(2),
                Part::ClassList {
                    value: 3,
                    static_class: None,
                },
                h(">"),
                Part::Text(0),
                Part::RawHtml(4),
                Part::Text(5),
                h("</p>"),
            ]],
            Some(
                "export default async function (Astro) {\n  console.log('lone \\ud800');\n  const lone = 'a\\ud800b\\udfff';\n  return [lone, lone, { ['data-\\udc00']: lone }, [lone, { ['c\\ud801']: true }], lone, Astro.params.p];\n}\n",
            ),
        )],
        &[],
    );
    let mut renderer = Renderer::new(s, Limits::default());
    let mut params = BTreeMap::new();
    params.insert("p".to_string(), "param".to_string());
    let input = PageInput {
        params: &params,
        ..page("pages/index.astral")
    };
    let html = render_input(&mut renderer, &input).unwrap();
    assert_eq!(
        html,
        "<!DOCTYPE html><p title=\"a\u{FFFD}b\u{FFFD}\" data-\u{FFFD}=\"a\u{FFFD}b\u{FFFD}\" \
         class=\"a\u{FFFD}b\u{FFFD} c\u{FFFD}\">a\u{FFFD}b\u{FFFD}a\u{FFFD}b\u{FFFD}param</p>"
    );
}

#[test]
fn lone_surrogates_in_params_redirects_and_errors() {
    let s = paths_page(
        "export function getStaticPaths() { return [{ params: { slug: 'x\\ud800' } }]; }",
        "export default async function (Astro) {\n  return Astro.redirect('/to\\udc00' + Astro.params.slug, 301);\n}\n",
    );
    let mut renderer = Renderer::new(s, Limits::default());
    let paths = renderer.static_paths("pages/[slug].astral").unwrap();
    assert_eq!(paths[0].params["slug"], "x\u{FFFD}");
    let outcome = renderer
        .render_page(
            &PageInput {
                path_entry: Some(0),
                ..page("pages/[slug].astral")
            },
            &mut |_| {},
        )
        .unwrap();
    assert_eq!(
        outcome,
        Outcome::Redirect {
            location: "/to\u{FFFD}x\u{FFFD}".into(),
            status: 301
        }
    );
    let s = page_site(
        "export default async function () {\n  throw new Error('bad \\ud800');\n}\n",
        vec![vec![]],
    );
    let e = render_site(s, "pages/index.astral").unwrap_err();
    assert_eq!(e.kind, RenderErrorKind::Exception);
    assert_eq!(e.message, "Error: bad \u{FFFD}");
    assert_eq!(e.line, Some(2));
}

fn paths_page(get_static_paths: &str, default: &str) -> Arc<Site> {
    site(
        vec![component(
            "pages/[slug].astral",
            vec![vec![]],
            Some(&format!("{get_static_paths}\n{default}")),
        )],
        &[],
    )
}

#[test]
fn huge_array_lengths_are_not_a_panic() {
    let s = paths_page(
        "export function getStaticPaths() {\n  const a = [{ params: { slug: 'a' } }];\n  a.length = 2 ** 31;\n  return a;\n}",
        "export default async function () {}",
    );
    let e = Renderer::new(s, small(2000))
        .static_paths("pages/[slug].astral")
        .unwrap_err();
    assert_eq!(e.kind, RenderErrorKind::BadStaticPaths, "{e}");
    assert!(e.message.contains("entry 1 must be an object"), "{e}");

    // In text and in class:list: holes are nothing, so only the clock stops it.
    let s = page_site(
        "export default async function () {\n  const a = [];\n  a.length = 2 ** 32 - 1;\n  return [Array(20).fill(a), [a]];\n}\n",
        vec![vec![
            h("<p"),
            Part::ClassList {
                value: 1,
                static_class: None,
            },
            h(">"),
            Part::Text(0),
        ]],
    );
    let e = render(&mut Renderer::new(s, small(300)), "pages/index.astral").unwrap_err();
    assert_eq!(e.kind, RenderErrorKind::Timeout, "{e}");
}

#[test]
fn static_paths_are_held_to_the_output_budget() {
    // One small object repeated: little JavaScript memory, much more as Rust paths.
    let s = paths_page(
        "export function getStaticPaths() {\n  return Array(1e6).fill({ params: { slug: 'a' } });\n}",
        "export default async function () {}",
    );
    let e = Renderer::new(s, small(10_000))
        .static_paths("pages/[slug].astral")
        .unwrap_err();
    assert_eq!(e.kind, RenderErrorKind::BadStaticPaths, "{e}");
    assert!(
        e.message
            .contains("getStaticPaths() returned more than 1 MiB of params"),
        "{e}"
    );
}

#[test]
fn the_deadline_covers_the_walker() {
    let s = page_site(
        "export default async function () {\n  const a = Array(1 << 26);\n  return [Array(20).fill(a)];\n}\n",
        vec![vec![h("<p>"), Part::Text(0), h("</p>")]],
    );
    let started = Instant::now();
    let e = render(&mut Renderer::new(s, small(300)), "pages/index.astral").unwrap_err();
    assert_eq!(e.kind, RenderErrorKind::Timeout, "{e}");
    assert!(
        e.message.ends_with(
            "while writing the page's HTML (a huge array, or content repeated without end?)"
        ),
        "{e}"
    );
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn output_is_capped_before_it_is_made() {
    // Many copies of one string, and one string bigger than the whole budget.
    for module in [
        "export default async function () {\n  const s = 'x'.repeat(1e5);\n  return [Array.from({ length: 1e3 }, () => s)];\n}\n",
        "export default async function () {\n  return ['<'.repeat(3 << 20)];\n}\n",
        "export default async function () {\n  return [{ toString() { return 'y'.repeat(3 << 20); } }];\n}\n",
    ] {
        let s = page_site(module, vec![vec![h("<p>"), Part::Text(0), h("</p>")]]);
        let mut renderer = Renderer::new(s, small(10_000));
        let mut written = 0;
        let e = renderer
            .render_page(&page("pages/index.astral"), &mut |s| written += s.len())
            .unwrap_err();
        assert_eq!(e.kind, RenderErrorKind::OutputTooLarge, "{e}");
        assert!(e.message.contains("larger than the limit of 1 MiB"), "{e}");
        assert_eq!(e.component, "pages/index.astral");
        assert!(written <= 1 << 20, "{written} bytes written");
    }
}

/// A component that renders its default slot twice, nested `levels` deep in the page.
fn doubling_site(levels: u32, text: &str, with_js: bool) -> Arc<Site> {
    let mut templates = Vec::new();
    for level in 0..levels {
        let mut parts = vec![h(text)];
        if level + 1 < levels {
            parts.push(call(
                "components/Twice.astral",
                Props::Static(vec![]),
                vec![slot("default", level + 1, None)],
            ));
        }
        templates.push(parts);
    }
    let default = || Part::Slot {
        name: "default".into(),
        fallback: vec![],
    };
    site(
        vec![
            component(
                "components/Twice.astral",
                vec![vec![default(), default()]],
                with_js.then_some("export default function () {}"),
            ),
            component("pages/index.astral", templates, None),
        ],
        &[],
    )
}

#[test]
fn slots_duplicated_through_many_levels_are_bounded() {
    // 2^40 copies of "x": the output budget stops it.
    let e = render(
        &mut Renderer::new(doubling_site(40, "x", false), small(10_000)),
        "pages/index.astral",
    )
    .unwrap_err();
    assert_eq!(e.kind, RenderErrorKind::OutputTooLarge, "{e}");
    // 2^40 empty renders: the clock stops it, with or without JavaScript.
    for with_js in [false, true] {
        let e = render(
            &mut Renderer::new(doubling_site(40, "", with_js), small(300)),
            "pages/index.astral",
        )
        .unwrap_err();
        assert_eq!(e.kind, RenderErrorKind::Timeout, "{e}");
        // Without JavaScript, only the walker can have seen the deadline.
        if !with_js {
            assert!(e.message.contains("while writing the page's HTML"), "{e}");
        }
    }
    // A bounded doubling renders.
    let html = render_ok(doubling_site(6, "x", true), "pages/index.astral");
    assert_eq!(html.len(), (1 << 6) - 1);
}

#[test]
fn slots_rendered_to_strings_count_toward_the_output() {
    let s = site(
        vec![
            component(
                "components/Wrap.astral",
                vec![vec![Part::RawHtml(0)]],
                Some(
                    "export default async function (Astro) {\n  const parts = [];\n  for (let i = 0; i < 100; i++) parts.push(await Astro.slots.render('default'));\n  return [parts];\n}\n",
                ),
            ),
            component(
                "pages/index.astral",
                vec![
                    vec![call(
                        "components/Wrap.astral",
                        Props::Static(vec![]),
                        vec![slot("default", 1, None)],
                    )],
                    vec![h(&"z".repeat(50_000))],
                ],
                None,
            ),
        ],
        &[],
    );
    let e = render(&mut Renderer::new(s, small(10_000)), "pages/index.astral").unwrap_err();
    assert_eq!(e.kind, RenderErrorKind::OutputTooLarge, "{e}");
}

#[test]
fn console_floods_end_at_the_deadline() {
    let s = page_site(
        "export default async function () {\n  while (true) console.log('y'.repeat(1e5));\n}\n",
        vec![vec![]],
    );
    let e = render(&mut Renderer::new(s, small(300)), "pages/index.astral").unwrap_err();
    assert_eq!(e.kind, RenderErrorKind::Timeout, "{e}");
}

#[test]
fn out_of_memory_says_how_much_the_page_used() {
    let s = page_site(
        "export default async function () {\n  let s = 'x';\n  for (;;) s = [s, s];\n}\n",
        vec![vec![]],
    );
    let e = render(&mut Renderer::new(s, small(10_000)), "pages/index.astral").unwrap_err();
    assert_eq!(e.kind, RenderErrorKind::OutOfMemory, "{e}");
    assert_eq!(e.message, "the page used more than 32 MiB of memory");
}

#[test]
fn a_slot_handle_kept_past_its_component_renders_nothing() {
    let s = site(
        vec![
            component(
                "components/Keep.astral",
                vec![vec![]],
                Some("export default function (Astro) {\n  globalThis.kept = Astro.slots;\n}\n"),
            ),
            component(
                "components/Other.astral",
                vec![vec![Part::Slot {
                    name: "default".into(),
                    fallback: vec![],
                }]],
                None,
            ),
            component(
                "pages/index.astral",
                vec![
                    vec![
                        call(
                            "components/Keep.astral",
                            Props::Static(vec![]),
                            vec![slot("default", 1, None)],
                        ),
                        call(
                            "components/Other.astral",
                            Props::Static(vec![]),
                            vec![slot("default", 2, Some(0))],
                        ),
                    ],
                    vec![h("kept slot")],
                    vec![Part::Text(0)],
                ],
                Some(
                    "export default function () {\n  return [() => [() => globalThis.kept.render('default')]];\n}\n",
                ),
            ),
        ],
        &[],
    );
    assert_eq!(render_ok(s, "pages/index.astral"), "");
}

#[test]
fn timeouts_say_where_they_can() {
    // Line 1 is the compiler's generated header, which maps to no source line.
    let frontmatter = |module: &str| {
        let mut c = component(
            "pages/index.astral",
            vec![vec![Part::Text(0)]],
            Some(module),
        );
        c.script.as_mut().unwrap().line_map[0] = 0;
        site(vec![c], &[])
    };
    // A loop of plain arithmetic in a helper: the loop's line, not the helper's start.
    let s = frontmatter(
        "export default async function () {\n  return [spin()];\n}\nfunction spin() {\n  let n = 0;\n  for (;;) n++;\n}\n",
    );
    let e = render(&mut Renderer::new(s, small(300)), "pages/index.astral").unwrap_err();
    assert_eq!(e.kind, RenderErrorKind::Timeout, "{e}");
    assert_eq!(e.line, Some(6), "{e}");
    // The same loop in the frontmatter itself.
    let s =
        frontmatter("export default async function () {\n  let n = 0;\n  while (true) n++;\n}\n");
    let e = render(&mut Renderer::new(s, small(300)), "pages/index.astral").unwrap_err();
    assert_eq!(e.kind, RenderErrorKind::Timeout, "{e}");
    assert_eq!(e.line, Some(3), "{e}");
    assert!(
        e.message.ends_with("; the loop here was still running"),
        "{e}"
    );
    // No loop statement: a callback the engine calls without end keeps the stack's line.
    let s = frontmatter(
        "export default async function () {\n  const many = { length: 2 ** 31, 0: 0 };\n  Array.prototype.some.call(new Proxy(many, { has: () => true }), () => false);\n}\n",
    );
    let e = render(&mut Renderer::new(s, small(300)), "pages/index.astral").unwrap_err();
    assert_eq!(e.kind, RenderErrorKind::Timeout, "{e}");
    assert_eq!(e.line, Some(3), "{e}");
    assert_eq!(
        e.message, "render took longer than the limit of 300ms",
        "{e}"
    );
    // Waiting for a timer that is always re-armed.
    let s = frontmatter(
        "export default async function () {\n  await new Promise(() => setInterval(() => {}, 1));\n}\n",
    );
    let e = render(&mut Renderer::new(s, small(300)), "pages/index.astral").unwrap_err();
    assert_eq!(e.kind, RenderErrorKind::Timeout, "{e}");
    assert!(
        e.message.ends_with("while waiting for a promise to settle"),
        "{e}"
    );
}
