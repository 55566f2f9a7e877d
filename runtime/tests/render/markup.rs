//! Static pages, escaping, values in text and attributes, template instances.

use super::*;

#[test]
fn static_page_renders_without_starting_javascript() {
    let s = site(
        vec![
            component(
                "pages/index.astral",
                vec![
                    vec![call(
                        "layouts/Base.astral",
                        Props::Static(vec![]),
                        vec![slot("default", 1, None)],
                    )],
                    vec![h("<p>Hello &amp; welcome</p>")],
                ],
                None,
            ),
            component(
                "layouts/Base.astral",
                vec![vec![
                    h("<html><head><title>x</title>"),
                    Part::HeadEnd,
                    h("</head><body>"),
                    Part::Slot {
                        name: "default".into(),
                        fallback: vec![h("empty")],
                    },
                    Part::Slot {
                        name: "footer".into(),
                        fallback: vec![h("<footer>fallback</footer>")],
                    },
                    h("</body></html>"),
                ]],
                None,
            ),
        ],
        &[],
    );
    let mut renderer = Renderer::new(s, Limits::default());
    let input = PageInput {
        head: "<style>p{}</style>",
        ..page("pages/index.astral")
    };
    let html = render_input(&mut renderer, &input).unwrap();
    assert_eq!(
        html,
        "<!DOCTYPE html><html><head><title>x</title><style>p{}</style></head><body>\
         <p>Hello &amp; welcome</p><footer>fallback</footer></body></html>"
    );
    assert!(
        !renderer.js_engine_started(),
        "a static page started the JS engine"
    );
}

#[test]
fn doctype_is_added_once() {
    let s = site(
        vec![
            component("pages/a.astral", vec![vec![h("\n<html></html>")]], None),
            component(
                "pages/b.astral",
                vec![vec![h("<!DOCTYPE html>\n<html></html>")]],
                None,
            ),
        ],
        &[],
    );
    let mut renderer = Renderer::new(s, Limits::default());
    assert_eq!(
        render_input(&mut renderer, &page("pages/a.astral")).unwrap(),
        "<!DOCTYPE html>\n<html></html>"
    );
    assert_eq!(
        render_input(&mut renderer, &page("pages/b.astral")).unwrap(),
        "<!DOCTYPE html>\n<html></html>"
    );
}

#[test]
fn text_escapes_hostile_strings() {
    let s = page_site(
        r#"export default async function (Astro) {
  return ["<script>alert(1)</script>", `"double" 'single'`, "&amp; & <b>"];
}"#,
        vec![vec![
            h("<p>"),
            Part::Text(0),
            h("</p><p>"),
            Part::Text(1),
            h("</p><p>"),
            Part::Text(2),
            h("</p>"),
        ]],
    );
    assert_eq!(
        render_ok(s, "pages/index.astral"),
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p><p>&quot;double&quot; &#39;single&#39;</p>\
         <p>&amp;amp; &amp; &lt;b&gt;</p>"
    );
}

#[test]
fn raw_html_is_not_escaped() {
    let s = page_site(
        r#"export default async function () {
  return ["<b>bold</b>", null, ["<i>", "x", "</i>"], $$template(1, ["<u>"])];
}"#,
        vec![
            vec![
                Part::RawHtml(0),
                Part::RawHtml(1),
                Part::RawHtml(2),
                Part::RawHtml(3),
            ],
            vec![h("<em>"), Part::Text(0), h("</em>")],
        ],
    );
    assert_eq!(
        render_ok(s, "pages/index.astral"),
        "<b>bold</b><i>x</i><em>&lt;u&gt;</em>"
    );
}

#[test]
fn text_values_follow_the_rendering_rules() {
    let s = page_site(
        r#"export default async function () {
  return [
    null, undefined, false, true, 0, 42, -1.5, NaN, 0.1 + 0.2, 1e21, 10n,
    ["a", ["b", [null, "c"]], 1],
    { toString() { return "<obj>"; } },
    {},
    new Set(["x", "y"]),
    Promise.resolve("<later>"),
    () => "from fn",
    "",
  ];
}"#,
        vec![(0..18).flat_map(|i| [Part::Text(i), h("|")]).collect()],
    );
    assert_eq!(
        render_ok(s, "pages/index.astral"),
        "|||true|0|42|-1.5||0.30000000000000004|1e+21|10|abc1|&lt;obj&gt;|[object Object]|xy|\
         &lt;later&gt;|from fn||"
    );
}

#[test]
fn attributes_escape_and_follow_html_rules() {
    let s = page_site(
        r#"export default async function () {
  return [`a"b<c>&d'`, null, undefined, false, true, 0, "", "yes", true, false, 3, { color: "red", fontSize: "2em", "--x": 1, empty: "" }, true];
}"#,
        vec![vec![
            h("<input"),
            Part::Attribute {
                name: "title".into(),
                value: 0,
            },
            Part::Attribute {
                name: "a".into(),
                value: 1,
            },
            Part::Attribute {
                name: "b".into(),
                value: 2,
            },
            Part::Attribute {
                name: "c".into(),
                value: 3,
            },
            Part::Attribute {
                name: "d".into(),
                value: 4,
            },
            Part::Attribute {
                name: "disabled".into(),
                value: 5,
            },
            Part::Attribute {
                name: "checked".into(),
                value: 6,
            },
            Part::Attribute {
                name: "hidden".into(),
                value: 7,
            },
            Part::Attribute {
                name: "aria-hidden".into(),
                value: 8,
            },
            Part::Attribute {
                name: "draggable".into(),
                value: 9,
            },
            Part::Attribute {
                name: "tabindex".into(),
                value: 10,
            },
            Part::Attribute {
                name: "style".into(),
                value: 11,
            },
            Part::Attribute {
                name: "readonly".into(),
                value: 12,
            },
            h(">"),
        ]],
    );
    assert_eq!(
        render_ok(s, "pages/index.astral"),
        r#"<input title="a&quot;b<c>&amp;d'" d hidden aria-hidden="true" draggable="false" tabindex="3" style="color:red;font-size:2em;--x:1" readonly>"#
    );
}

#[test]
fn spread_and_class_list() {
    let s = page_site(
        r#"export default async function () {
  return [
    { id: "x", "data-n": 1, hidden: false, title: '"q"', 'bad"key': "no", "on load": "no", "class:list": ["a", { b: true }] },
    ["btn", "btn", 0, null, ["nested", { on: 1, off: 0 }], 7, "  spaced   out "],
    [],
  ];
}"#,
        vec![vec![
            h("<div"),
            Part::SpreadAttributes(0),
            h("></div><a"),
            Part::ClassList {
                value: 1,
                static_class: Some("base btn".into()),
            },
            h("></a><b"),
            Part::ClassList {
                value: 2,
                static_class: None,
            },
            h("></b>"),
        ]],
    );
    assert_eq!(
        render_ok(s, "pages/index.astral"),
        r#"<div id="x" data-n="1" title="&quot;q&quot;" class="a b"></div><a class="base btn nested on 7 spaced out"></a><b></b>"#
    );
}

#[test]
fn nested_template_instances_from_map() {
    let s = page_site(
        r#"export default async function () {
  const posts = [{ title: "A & B", tags: ["x", "y"] }, { title: "<C>", tags: [] }];
  return [posts.map((p) => $$template(1, [p.title, p.tags.map((t) => $$template(2, [t])), p.tags.length === 0 && $$template(3, [])]))];
}"#,
        vec![
            vec![h("<ul>"), Part::Text(0), h("</ul>")],
            vec![
                h("<li><h2>"),
                Part::Text(0),
                h("</h2>"),
                Part::Text(1),
                Part::Text(2),
                h("</li>"),
            ],
            vec![h("<span>"), Part::Text(0), h("</span>")],
            vec![h("<em>no tags</em>")],
        ],
    );
    assert_eq!(
        render_ok(s, "pages/index.astral"),
        "<ul><li><h2>A &amp; B</h2><span>x</span><span>y</span></li><li><h2>&lt;C&gt;</h2><em>no tags</em></li></ul>"
    );
}
