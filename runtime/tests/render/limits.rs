//! Time, memory, stack and nesting limits; engine reuse.

use super::*;

fn limits(time: Duration, memory: usize) -> Limits {
    Limits {
        time_per_render: time,
        memory_bytes: memory,
        ..Limits::default()
    }
}

#[test]
fn infinite_loops_time_out_and_the_renderer_recovers() {
    let s = site(
        vec![
            component(
                "pages/loop.astral",
                vec![vec![]],
                Some("export default async function () {\n  while (true) {}\n}\n"),
            ),
            component(
                "pages/jobs.astral",
                vec![vec![]],
                Some(
                    "export default async function () {\n  const spin = () => { Promise.resolve().then(spin); };\n  spin();\n  await new Promise(() => {});\n}\n",
                ),
            ),
            component(
                "pages/ok.astral",
                vec![vec![Part::Text(0)]],
                Some("export default async function () { return ['fine']; }"),
            ),
        ],
        &[],
    );
    let mut renderer = Renderer::new(s, limits(Duration::from_millis(300), 64 << 20));
    for page_id in ["pages/loop.astral", "pages/jobs.astral"] {
        let started = Instant::now();
        let e = render(&mut renderer, page_id).unwrap_err();
        assert_eq!(e.kind, RenderErrorKind::Timeout, "{e}");
        assert_eq!(e.component, page_id);
        assert!(started.elapsed() < Duration::from_secs(5));
    }
    assert_eq!(render(&mut renderer, "pages/ok.astral").unwrap(), "fine");
}

#[test]
fn allocation_bombs_run_out_of_memory_and_the_renderer_recovers() {
    let s = site(
        vec![
            component(
                "pages/bomb.astral",
                vec![vec![]],
                Some(
                    "export default async function () {\n  const a = [];\n  for (;;) a.push('x'.repeat(1 << 16) + a.length);\n}\n",
                ),
            ),
            component(
                "pages/chain-bomb.astral",
                vec![vec![]],
                // An ever longer chain of promises, each resolved with the next.
                Some(
                    "export default async function () {\n  const spin = () => Promise.resolve().then(spin);\n  spin();\n  await new Promise(() => {});\n}\n",
                ),
            ),
            component(
                "pages/job-bomb.astral",
                vec![vec![]],
                // Each step keeps the previous ones alive, in promise jobs rather than a loop.
                Some(
                    "export default async function () {\n  const keep = [];\n  const grow = () => { keep.push('y'.repeat(1 << 16) + keep.length); return Promise.resolve().then(grow); };\n  await grow();\n}\n",
                ),
            ),
            component(
                "pages/ok.astral",
                vec![vec![Part::Text(0)]],
                Some("export default async function () { return ['fine']; }"),
            ),
        ],
        &[],
    );
    let mut renderer = Renderer::new(s, limits(Duration::from_secs(10), 32 << 20));
    for page_id in [
        "pages/bomb.astral",
        "pages/job-bomb.astral",
        "pages/chain-bomb.astral",
    ] {
        let e = render(&mut renderer, page_id).unwrap_err();
        assert_eq!(e.kind, RenderErrorKind::OutOfMemory, "{page_id}: {e}");
        assert_eq!(render(&mut renderer, "pages/ok.astral").unwrap(), "fine");
    }
}

#[test]
fn deep_javascript_recursion_is_an_error() {
    let s = page_site(
        "function down(n) { return down(n + 1) + 1; }\nexport default async function () {\n  return [down(0)];\n}\n",
        vec![vec![Part::Text(0)]],
    );
    let e = render_site(s, "pages/index.astral").unwrap_err();
    assert_eq!(e.kind, RenderErrorKind::Exception);
    assert!(e.message.contains("call stack"), "{e}");
    assert_eq!(e.line, Some(1));
}

#[test]
fn infinite_component_recursion_is_too_deep() {
    // <Astro.self/> through JavaScript.
    let s = site(
        vec![component(
            "components/Tree.astral",
            vec![vec![
                h("<li>"),
                Part::Component(ComponentCall {
                    target: ComponentTarget::Dynamic(0),
                    name: "Astro.self".into(),
                    props: Props::Static(vec![]),
                    slots: vec![],
                }),
                h("</li>"),
            ]],
            Some("export default async function (Astro) { return [Astro.self]; }"),
        )],
        &[],
    );
    let e = render_site(s, "components/Tree.astral").unwrap_err();
    assert_eq!(e.kind, RenderErrorKind::NestingTooDeep, "{e}");
    assert!(
        e.message
            .contains("components/Tree.astral → components/Tree.astral"),
        "{e}"
    );

    // A → B → A without any script.
    let s = site(
        vec![
            component(
                "components/A.astral",
                vec![vec![call(
                    "components/B.astral",
                    Props::Static(vec![]),
                    vec![],
                )]],
                None,
            ),
            component(
                "components/B.astral",
                vec![vec![call(
                    "components/A.astral",
                    Props::Static(vec![]),
                    vec![],
                )]],
                None,
            ),
        ],
        &[],
    );
    let mut renderer = Renderer::new(s, Limits::default());
    let e = render(&mut renderer, "components/A.astral").unwrap_err();
    assert_eq!(e.kind, RenderErrorKind::NestingTooDeep, "{e}");
    assert!(!renderer.js_engine_started());
}

#[test]
fn deeply_nested_values_are_too_deep_not_a_crash() {
    let s = page_site(
        "export default async function () {\n  let v = 'x';\n  for (let i = 0; i < 100000; i++) v = [v];\n  return [v];\n}\n",
        vec![vec![Part::Text(0)]],
    );
    let e = render_site(s, "pages/index.astral").unwrap_err();
    assert_eq!(e.kind, RenderErrorKind::NestingTooDeep, "{e}");
}

#[test]
fn errors_inside_slot_rendering_keep_their_kind() {
    let s = site(
        vec![
            component(
                "components/Wrap.astral",
                vec![vec![Part::RawHtml(0)]],
                Some(
                    "export default async function (Astro) {\n  return [await Astro.slots.render('default')];\n}\n",
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
                    vec![call(
                        "components/Gone.astral",
                        Props::Static(vec![]),
                        vec![],
                    )],
                ],
                None,
            ),
        ],
        &[],
    );
    let e = render_site(s, "pages/index.astral").unwrap_err();
    assert_eq!(e.kind, RenderErrorKind::MissingComponent, "{e}");
}

#[test]
fn many_renders_reuse_the_engine() {
    let s = site(
        vec![
            components::card(),
            component(
                "pages/index.astral",
                vec![
                    vec![Part::Text(0)],
                    vec![call("components/Card.astral", Props::Dynamic(0), vec![])],
                ],
                Some(
                    "export default async function (Astro) {\n  return [Array.from({ length: 20 }, (_, i) => $$template(1, [{ title: 't' + i }]))];\n}\n",
                ),
            ),
        ],
        &[],
    );
    let mut renderer = Renderer::new(s, Limits::default());
    let started = Instant::now();
    let mut bytes = 0;
    for _ in 0..200 {
        bytes += render(&mut renderer, "pages/index.astral").unwrap().len();
    }
    assert!(bytes > 200 * 20 * 50);
    // Generous: a debug build renders this in well under a second.
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn deep_but_bounded_nesting_renders_with_javascript_at_the_bottom() {
    let s = page_site(
        "export default async function () {\n  let v = () => 'bottom';\n  for (let i = 0; i < 1990; i++) v = [v];\n  return [v];\n}\n",
        vec![vec![Part::Text(0)]],
    );
    assert_eq!(render_ok(s, "pages/index.astral"), "bottom");
    let s = page_site(
        "export default async function () {\n  let v = () => 'bottom';\n  for (let i = 0; i < 990; i++) v = $$template(1, [v]);\n  return [v];\n}\n",
        vec![
            vec![Part::Text(0)],
            vec![h("<b>"), Part::Text(0), h("</b>")],
        ],
    );
    assert!(render_ok(s, "pages/index.astral").contains("bottom"));
}

/// Renders `page` of `s` with a short time limit and expects a timeout.
fn time_out(s: Arc<Site>, page: &str) -> RenderError {
    let e = render(
        &mut Renderer::new(s, limits(Duration::from_millis(100), 64 << 20)),
        page,
    )
    .unwrap_err();
    assert_eq!(e.kind, RenderErrorKind::Timeout, "{e}");
    e
}

/// A page whose module is `module`, lowered as the compiler does: line 1 is the generated
/// header and module line `k` is source line `k + 1` (after the opening fence).
fn page(module: &str) -> Component {
    let mut c = component(
        "pages/index.astral",
        vec![vec![Part::Text(0)]],
        Some(module),
    );
    let script = c.script.as_mut().unwrap();
    script.line_map = (0..script.line_map.len() as u32).map(|k| k + 2).collect();
    script.line_map[0] = 0;
    c
}

#[test]
fn a_timeout_points_at_the_loop_in_the_frontmatter() {
    // QuickJS reports the statement before the loop (`f()`, line 4) or, without one, the
    // generated header; the loop's line is what the error must name.
    let s = site(
        vec![page(
            "export default function (Astro, Astral) {\nlet n = 0;\nfor (let i = 0; i < 3; i++) { n += i; }\nf();\nwhile (true) {\n  n++;\n}\nreturn [n];\n}\nfunction f() {}\n",
        )],
        &[],
    );
    let e = time_out(s, "pages/index.astral");
    assert_eq!((e.line, e.column), (Some(6), Some(1)), "{e}");
    assert!(
        e.message.ends_with("; the loop here was still running"),
        "{e}"
    );
    let s = site(
        vec![page(
            "export default function (Astro, Astral) {\nlet n = 0;\nwhile (true) { n++; }\nreturn [n];\n}\n",
        )],
        &[],
    );
    let e = time_out(s, "pages/index.astral");
    assert_eq!((e.line, e.column), (Some(4), Some(1)), "{e}");
}

#[test]
fn a_timeout_points_at_the_loop_in_an_expression() {
    // The hole on source line 9: `{(() => { let k = 0; do k++; while (k > 0); return k; })()}`.
    let mut c = page(
        "export default function (Astro, Astral) {\nlet n = 1;\nreturn [\n(() => { let k = 0; do k++; while (k > 0); return k; })()\n,\n];\n}\n",
    );
    c.script.as_mut().unwrap().line_map = vec![0, 2, 0, 9, 0, 0, 0];
    let e = time_out(site(vec![c], &[]), "pages/index.astral");
    assert_eq!((e.line, e.column), (Some(9), Some(21)), "{e}");
}

#[test]
fn a_timeout_points_at_the_loop_in_a_helper() {
    let s = site(
        vec![page(
            "export default function (Astro, Astral) {\nconst total = sum([1, 2]);\nreturn [total];\nfunction sum(xs) {\n  let t = 0;\n  for (let i = 0; i < xs.length; i += 0) t += xs[i];\n  return t;\n}\n}\n",
        )],
        &[],
    );
    let e = time_out(s, "pages/index.astral");
    assert_eq!((e.line, e.column), (Some(7), Some(3)), "{e}");
}

#[test]
fn a_timeout_in_an_imported_module_names_the_modules_loop() {
    let s = site(
        vec![page(
            "import { slow } from \"../lib/slow.js\";export default function (Astro, Astral) {\nconst x = slow(3);\nreturn [x];\n}\n",
        )],
        &[(
            "lib/slow.js",
            "export function slow(n) {\n  const seen = [];\n  seen.push(n);\n  while (n > 0) n = n * 2;\n  return n;\n}\n",
        )],
    );
    let e = time_out(s, "pages/index.astral");
    // Located at the component's call, with the module's loop in the message.
    assert_eq!(e.line, Some(3), "{e}");
    assert!(
        e.message
            .ends_with("; the loop at lib/slow.js:4:3 was still running"),
        "{e}"
    );
}

#[test]
fn a_timeout_in_a_loop_with_branches_points_at_it() {
    // Interrupted on a branch inside the loop, QuickJS reports a position in its body; on the
    // back edge, the position before it. Either way the running loop (line 4) comes first,
    // and the later loop may be named as the other candidate.
    let s = site(
        vec![page(
            "export default function (Astro, Astral) {\nlet n = 0;\nwhile (true) {\n  if (n > 5) n = 0;\n  if (n < 2) n += 3;\n  n++;\n}\nfor (;;) {}\nreturn [n];\n}\n",
        )],
        &[],
    );
    let e = time_out(s, "pages/index.astral");
    assert_eq!((e.line, e.column), (Some(4), Some(1)), "{e}");
    assert!(
        e.message.ends_with("; the loop here was still running")
            || e.message
                .ends_with("; the loop here (or the one at line 9) was still running"),
        "{e}"
    );
}
