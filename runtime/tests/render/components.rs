//! Components, props, slots, dynamic tags, `Astro.*`, redirects.

use super::*;

pub(crate) fn card() -> Component {
    component(
        "components/Card.astral",
        vec![vec![
            h("<article"),
            Part::Attribute {
                name: "class".into(),
                value: 0,
            },
            h("><h2>"),
            Part::Text(1),
            h("</h2>"),
            Part::Slot {
                name: "default".into(),
                fallback: vec![h("<p>no body</p>")],
            },
            h("<footer>"),
            Part::Slot {
                name: "footer".into(),
                fallback: vec![h("default footer")],
            },
            h("</footer></article>"),
        ]],
        Some(
            r#"export default async function (Astro) {
  const { title, kind = "plain" } = Astro.props;
  return [kind, title.toUpperCase()];
}"#,
        ),
    )
}

#[test]
fn components_with_static_and_dynamic_props_and_slots() {
    let s = site(
        vec![
            card(),
            component(
                "pages/index.astral",
                vec![
                    vec![
                        call(
                            "components/Card.astral",
                            Props::Static(vec![("title".into(), "static <t>".into())]),
                            vec![],
                        ),
                        call(
                            "components/Card.astral",
                            Props::Dynamic(0),
                            vec![slot("default", 1, Some(1)), slot("footer", 2, None)],
                        ),
                    ],
                    vec![h("<p>"), Part::Text(0), h("</p>")],
                    vec![h("<small>named</small>")],
                ],
                Some(
                    r#"export default async function (Astro) {
  const n = 2;
  return [{ title: "dyn", kind: "wide" }, () => ["body " + n]];
}"#,
                ),
            ),
        ],
        &[],
    );
    insta::with_settings!({snapshot_path => "../../../snapshots/runtime", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("components_props_slots", render_ok(s, "pages/index.astral"));
    });
}

#[test]
fn slot_thunks_run_on_every_render_of_the_slot() {
    let s = site(
        vec![
            component(
                "components/Twice.astral",
                vec![vec![
                    Part::Slot {
                        name: "default".into(),
                        fallback: vec![],
                    },
                    h("|"),
                    Part::Slot {
                        name: "default".into(),
                        fallback: vec![],
                    },
                ]],
                None,
            ),
            component(
                "pages/index.astral",
                vec![
                    vec![call(
                        "components/Twice.astral",
                        Props::Static(vec![]),
                        vec![slot("default", 1, Some(0))],
                    )],
                    vec![Part::Text(0)],
                ],
                Some(
                    r#"export default async function () {
  let calls = 0;
  return [() => [++calls]];
}"#,
                ),
            ),
        ],
        &[],
    );
    assert_eq!(render_ok(s, "pages/index.astral"), "1|2");
}

#[test]
fn slots_has_and_render() {
    let s = site(
        vec![
            component(
                "components/Box.astral",
                vec![vec![
                    h("<div data-has-footer="),
                    Part::Text(0),
                    h(" data-has-x="),
                    Part::Text(1),
                    h(">"),
                    Part::RawHtml(2),
                    h("|"),
                    Part::Text(3),
                    h("|"),
                    Part::Text(4),
                    h("</div>"),
                ]],
                Some(
                    r#"export default async function (Astro) {
  const [a, b] = await Promise.all([Astro.slots.render("default"), Astro.slots.render("default")]);
  const missing = await Astro.slots.render("nope");
  return [Astro.slots.has("footer"), Astro.slots.has("x"), a, b, String(missing)];
}"#,
                ),
            ),
            component(
                "pages/index.astral",
                vec![
                    vec![call(
                        "components/Box.astral",
                        Props::Static(vec![]),
                        vec![slot("default", 1, Some(0)), slot("footer", 2, None)],
                    )],
                    vec![h("<b>"), Part::Text(0), h("</b>")],
                    vec![h("f")],
                ],
                Some(
                    r#"export default async function () {
  let n = 0;
  return [() => ["call " + ++n]];
}"#,
                ),
            ),
        ],
        &[],
    );
    assert_eq!(
        render_ok(s, "pages/index.astral"),
        "<div data-has-footer=true data-has-x=><b>call 1</b>|&lt;b&gt;call 2&lt;/b&gt;|undefined</div>"
    );
}

#[test]
fn slot_forwarding_renders_in_the_right_scope() {
    // Page passes content to Outer, whose template passes its own slot on to Inner.
    let s = site(
        vec![
            component(
                "components/Inner.astral",
                vec![vec![
                    h("<inner>"),
                    Part::Slot {
                        name: "default".into(),
                        fallback: vec![],
                    },
                    h("</inner>"),
                ]],
                None,
            ),
            component(
                "components/Outer.astral",
                vec![
                    vec![call(
                        "components/Inner.astral",
                        Props::Static(vec![]),
                        vec![slot("default", 1, Some(0))],
                    )],
                    vec![
                        Part::Text(0),
                        h(":"),
                        Part::Slot {
                            name: "default".into(),
                            fallback: vec![],
                        },
                    ],
                ],
                Some(
                    r#"export default async function (Astro) { return [() => [Astro.props.label]]; }"#,
                ),
            ),
            component(
                "pages/index.astral",
                vec![
                    vec![call(
                        "components/Outer.astral",
                        Props::Static(vec![("label".into(), "outer".into())]),
                        vec![slot("default", 1, Some(0))],
                    )],
                    vec![Part::Text(0)],
                ],
                Some(r#"export default async function () { return [() => ["page content"]]; }"#),
            ),
        ],
        &[],
    );
    assert_eq!(
        render_ok(s, "pages/index.astral"),
        "<inner>outer:page content</inner>"
    );
}

#[test]
fn dynamic_elements_with_tag_strings_and_component_refs() {
    let s = site(
        vec![
            card(),
            component(
                "pages/index.astral",
                vec![
                    vec![
                        Part::DynamicElement {
                            tag: 0,
                            attributes: vec![
                                h(" id=\"t\""),
                                Part::Attribute {
                                    name: "title".into(),
                                    value: 1,
                                },
                            ],
                            props: 1,
                            slots: vec![slot("default", 2, None)],
                        },
                        Part::DynamicElement {
                            tag: 2,
                            attributes: vec![h(" alt=\"\"")],
                            props: 1,
                            slots: vec![],
                        },
                        Part::DynamicElement {
                            tag: 3,
                            attributes: vec![],
                            props: 4,
                            slots: vec![slot("default", 1, None)],
                        },
                    ],
                    vec![h("<p>card body</p>")],
                    vec![h("heading")],
                ],
                Some(
                    r#"const Card = $$component("components/Card.astral");
export default async function () {
  const Tag = "h2";
  return [Tag, "x", "img", Card, { title: "via ref" }];
}"#,
                ),
            ),
        ],
        &[],
    );
    assert_eq!(
        render_ok(s, "pages/index.astral"),
        r#"<h2 id="t" title="x">heading</h2><img alt=""><article class="plain"><h2>VIA REF</h2><p>card body</p><footer>default footer</footer></article>"#
    );
}

#[test]
fn bad_dynamic_tags_and_component_values_are_errors() {
    let bad_tag = page_site(
        r#"export default async function () { return ["a onclick=alert(1)"]; }"#,
        vec![vec![Part::DynamicElement {
            tag: 0,
            attributes: vec![],
            props: 0,
            slots: vec![],
        }]],
    );
    let e = render_site(bad_tag, "pages/index.astral").unwrap_err();
    assert_eq!(e.kind, RenderErrorKind::Exception);
    assert!(e.message.contains("not a valid element name"), "{e}");

    let component_as_text = page_site(
        r#"export default async function (Astro) { return [Astro.self]; }"#,
        vec![vec![Part::Text(0)]],
    );
    let e = render_site(component_as_text, "pages/index.astral").unwrap_err();
    assert_eq!(e.kind, RenderErrorKind::Exception);
    assert!(e.message.contains("used as a value"), "{e}");

    let unknown = page_site(
        r#"const X = $$component("components/Nope.astral");
export default async function () { return [X]; }"#,
        vec![vec![Part::DynamicElement {
            tag: 0,
            attributes: vec![],
            props: 1,
            slots: vec![],
        }]],
    );
    let e = render_site(unknown, "pages/index.astral").unwrap_err();
    assert_eq!(e.kind, RenderErrorKind::MissingComponent);

    let static_unknown = site(
        vec![component(
            "pages/index.astral",
            vec![vec![call(
                "components/Gone.astral",
                Props::Static(vec![]),
                vec![],
            )]],
            None,
        )],
        &[],
    );
    let e = render_site(static_unknown, "pages/index.astral").unwrap_err();
    assert_eq!(e.kind, RenderErrorKind::MissingComponent);
    assert_eq!(e.component, "pages/index.astral");

    let e = render_site(site(vec![], &[]), "pages/none.astral").unwrap_err();
    assert_eq!(e.kind, RenderErrorKind::MissingComponent);
}

#[test]
fn astro_url_params_and_site() {
    let s = page_site(
        r#"export default async function (Astro) {
  const u = Astro.url;
  const canonical = new URL(u.pathname, Astro.site);
  return [u.href, u.pathname, u.search, u.searchParams.get("q"), u.origin, u.host, u.protocol, String(u), Astro.params.slug, canonical.href, new URL("../x?y=1#z", u).href];
}"#,
        vec![(0..11).flat_map(|i| [Part::Text(i), h("\n")]).collect()],
    );
    let mut renderer = Renderer::new(s, Limits::default());
    let params: BTreeMap<String, String> = [("slug".to_string(), "a".to_string())].into();
    let input = PageInput {
        params: &params,
        url: "http://localhost:4321/blog/a/?q=x%20y",
        site: Some("https://example.com"),
        ..page("pages/index.astral")
    };
    let html = render_input(&mut renderer, &input).unwrap();
    assert_eq!(
        html,
        "<!DOCTYPE html>http://localhost:4321/blog/a/?q=x%20y\n/blog/a/\n?q=x%20y\nx y\nhttp://localhost:4321\nlocalhost:4321\nhttp:\n\
         http://localhost:4321/blog/a/?q=x%20y\na\nhttps://example.com/blog/a/\nhttp://localhost:4321/blog/x?y=1#z\n"
    );
}

#[test]
fn redirect_from_a_page_writes_nothing() {
    let s = page_site(
        r#"export default async function (Astro) {
  if (!Astro.url.searchParams.has("user")) return Astro.redirect("/login", 307);
  return [];
}"#,
        vec![vec![h("<p>secret</p>")]],
    );
    let mut renderer = Renderer::new(s, Limits::default());
    let mut html = String::new();
    let outcome = renderer
        .render_page(&page("pages/index.astral"), &mut |s| html.push_str(s))
        .unwrap();
    assert_eq!(
        outcome,
        Outcome::Redirect {
            location: "/login".into(),
            status: 307
        }
    );
    assert_eq!(html, "");
    let input = PageInput {
        url: "http://localhost/?user=1",
        ..page("pages/index.astral")
    };
    assert_eq!(
        render_input(&mut renderer, &input).unwrap(),
        "<!DOCTYPE html><p>secret</p>"
    );
}

#[test]
fn redirect_from_a_nested_component_is_an_error() {
    let s = site(
        vec![
            component(
                "components/Guard.astral",
                vec![vec![]],
                Some(r#"export default async function (Astro) { return Astro.redirect("/x"); }"#),
            ),
            component(
                "pages/index.astral",
                vec![vec![call(
                    "components/Guard.astral",
                    Props::Static(vec![]),
                    vec![],
                )]],
                None,
            ),
        ],
        &[],
    );
    let e = render_site(s, "pages/index.astral").unwrap_err();
    assert_eq!(e.kind, RenderErrorKind::Exception);
    assert_eq!(e.component, "components/Guard.astral");
    assert!(e.message.contains("redirect"), "{e}");
}

#[test]
fn server_islands_are_refused_not_rendered_inline() {
    let Part::Component(island) = call("components/Card.astral", Props::Static(vec![]), vec![])
    else {
        unreachable!("`call` makes a component part")
    };
    let s = site(
        vec![
            component(
                "pages/index.astral",
                vec![vec![h("<main>"), Part::ServerIsland(island), h("</main>")]],
                None,
            ),
            card(),
        ],
        &[],
    );
    let e = render_site(s, "pages/index.astral").unwrap_err();
    assert_eq!(e.kind, RenderErrorKind::Unsupported);
    assert_eq!(e.component, "pages/index.astral");
    assert!(
        e.message.contains("server islands are not supported yet"),
        "{e}"
    );
}
