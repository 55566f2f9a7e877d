use super::*;
use crate::syntax::{AttributeKind, AttributeValue, Node};

/// The first `{…}` in the text of `source` (depth first), checked as text.
fn text(source: &str) -> ExpressionCheck {
    fn first(nodes: &[Node]) -> Option<&Expression> {
        nodes.iter().find_map(|node| match node {
            Node::Expression(expression) => Some(expression),
            Node::Element(element) => first(&element.children),
            _ => None,
        })
    }
    let parse = crate::parse(source);
    let expression = first(&parse.document.nodes).expect("an expression");
    check_expression(source, expression, ExpressionKind::Text)
}

/// The first attribute of the first element, checked as what it is.
fn attribute(source: &str) -> ExpressionCheck {
    let parse = crate::parse(source);
    let Some(Node::Element(element)) = parse.document.nodes.first() else {
        panic!("no element in {source:?}");
    };
    let (expression, kind) = match &element.attributes[0].kind {
        AttributeKind::Shorthand(expression) => (expression, ExpressionKind::Shorthand),
        AttributeKind::Spread(expression) => (expression, ExpressionKind::Spread),
        AttributeKind::Named {
            value: Some(AttributeValue::Expression(expression)),
            ..
        } => (expression, ExpressionKind::AttributeValue),
        other => panic!("not an expression attribute: {other:?}"),
    };
    check_expression(source, expression, kind)
}

/// The `E0203` errors of the template checks of `source`: the `await` check needs the
/// expressions nested in an expression's markup checked too.
fn template(source: &str) -> ExpressionCheck {
    let parse = crate::parse(source);
    let frontmatter = crate::frontmatter::FrontmatterInfo::default();
    let mut diagnostics = crate::semantic::check_template(source, &parse.document, &frontmatter);
    diagnostics.retain(|diagnostic| diagnostic.code == Code::ExpressionSyntax);
    ExpressionCheck {
        diagnostics,
        ..ExpressionCheck::default()
    }
}

fn errors<'s>(source: &'s str, check: &ExpressionCheck) -> Vec<&'s str> {
    for diagnostic in &check.diagnostics {
        assert_eq!(diagnostic.code, Code::ExpressionSyntax);
    }
    check
        .diagnostics
        .iter()
        .map(|diagnostic| diagnostic.span.text(source))
        .collect()
}

fn assert_valid(check: ExpressionCheck, source: &str) -> ExpressionCheck {
    assert!(
        check.diagnostics.is_empty(),
        "unexpected diagnostics for {source:?}: {:#?}",
        check.diagnostics
    );
    check
}

#[test]
fn valid_expressions() {
    for source in [
        "{title}",
        "{post.data.title}",
        "{'default' in Astro.slots ? a : b}",
        "{x = key in object}",
        "{items.map((item) => <li>{item}</li>)}",
        "{items.map((item) => (\n  <li class=\"x\">{item.name}</li>\n))}",
        "{ok ? <A /> : <B>text</B>}",
        "{ok && <p>yes</p>}",
        "{`Hello ${name}, you have ${count + 1} messages`}",
        "{/ab+c/gi.test(value) ? 'match' : 'no'}",
        "{{ a: 1, 'b': [2, 3], ...rest }}",
        "{value as string}",
        "{(value as any).x satisfies unknown}",
        "{user?.profile?.name ?? 'anonymous'}",
        "{list?.[0]?.()}",
        "{await fetchThing()}",
        "{import.meta.env.PROD}",
        "{<A /><B />}",
        "{<A />\n  <B />}",
        "{ok && <A /> <B />}",
        "{a, b}",
        "{this}",
        "{true}",
        "{x!}",
        "{(a: number, b?: string): number => a}",
        "{<><p>fragment</p></>}",
    ] {
        assert_valid(text(source), source);
    }
}

#[test]
fn valid_attribute_values() {
    for source in [
        "<a href={`/posts/${slug}`}>x</a>",
        "<div class:list={['a', { b: on }]}></div>",
        "<C render={() => <p>hi</p>} />",
        "<div style={{ color: 'red' }}></div>",
    ] {
        assert_valid(attribute(source), source);
    }
}

#[test]
fn leftover_tokens_are_errors() {
    let source = "<p>{a b}</p>";
    let check = text(source);
    assert_eq!(errors(source, &check), ["b"]);
    assert!(check.diagnostics[0].message.contains("`b`"));
    assert!(check.diagnostics[0].help.is_some());

    // Markup after a complete value is flagged as a whole. (The template parser only
    // starts markup where a value may start, so the tree is built by hand.)
    let source = "{a <B />}";
    let expression = Expression {
        span: Span::new(0, 9),
        parts: vec![
            ExprPart::Js(Span::new(1, 3)),
            ExprPart::Markup {
                span: Span::new(3, 8),
                nodes: Vec::new(),
            },
        ],
        closed: true,
    };
    let check = check_expression(source, &expression, ExpressionKind::Text);
    assert_eq!(errors(source, &check), ["<B />"]);
    assert!(check.diagnostics[0].message.contains("markup"));
}

#[test]
fn incomplete_expressions_are_located_exactly() {
    // swc reports the missing operand at the end; the span covers the `}`.
    let source = "<p>{a +}</p>";
    let check = text(source);
    assert_eq!(errors(source, &check), ["}"]);
    assert_eq!(
        check.diagnostics[0].span.start as usize,
        source.find('}').unwrap()
    );

    let source = "{(}";
    assert_eq!(errors(source, &text(source)), ["}"]);

    let source = "{a.}";
    assert_eq!(errors(source, &text(source)), ["}"]);

    // Trailing blanks: the span sits right after the last token.
    let source = "{a + }";
    let check = text(source);
    assert_eq!(check.diagnostics[0].span, Span::new(4, 5));
}

#[test]
fn errors_after_non_ascii_and_markup() {
    let source = "<p>{'héllo ü' + <b>ünïcødé</b> +}</p>";
    let check = text(source);
    assert_eq!(errors(source, &check), ["}"]);

    let source = "{items.map((i) => <li>é</li>) ) }";
    let check = text(source);
    assert_eq!(errors(source, &check), [")"]);
    assert_eq!(
        check.diagnostics[0].span.start as usize,
        source.rfind(')').unwrap()
    );
}

#[test]
fn statements_get_a_hint() {
    let source = "{if (ok) <p/>}";
    let check = text(source);
    assert_eq!(errors(source, &check), ["if"]);
    assert!(
        check.diagnostics[0]
            .help
            .as_deref()
            .unwrap()
            .contains("cond ? a : b")
    );
}

#[test]
fn unterminated_template_and_comment() {
    let source = "{`${a`}";
    let check = text(source);
    assert_eq!(check.diagnostics.len(), 1);
    assert!(check.diagnostics[0].message.contains("template"));
}

#[test]
fn unclosed_expression_has_no_end_of_input_error() {
    let source = "<p>{a +";
    let check = text(source);
    assert!(check.diagnostics.is_empty(), "{:?}", check.diagnostics);

    // A regex read out of the closing tag is a consequence of the missing `}` too.
    let source = "<p>{a + 1</p>";
    let check = text(source);
    assert!(check.diagnostics.is_empty(), "{:?}", check.diagnostics);

    // Real errors before the end still count.
    let source = "<p>{a b";
    let check = text(source);
    assert_eq!(errors(source, &check), ["b"]);
}

#[test]
fn empty_and_comment_only() {
    for source in [
        "{}",
        "{ }",
        "{/* note */}",
        "{// note\n}",
        "{ /* a */ // b\n }",
    ] {
        assert_valid(text(source), source);
    }
    assert_valid(attribute("<p title={/* later */} />"), "");

    let source = "<p {} />";
    let check = attribute(source);
    assert_eq!(errors(source, &check), ["{}"]);

    let source = "<p {/* x */} />";
    let check = attribute(source);
    assert_eq!(errors(source, &check), ["{/* x */}"]);

    let source = "<p {...} />";
    let check = attribute(source);
    assert_eq!(errors(source, &check), ["..."]);
    assert!(check.diagnostics[0].message.contains("after `...`"));

    // An unterminated comment is not a comment-only expression.
    let source = "<p>{/* x }</p>";
    let check = text(source);
    assert_eq!(check.diagnostics.len(), 1);
    assert!(check.diagnostics[0].message.contains("comment"));
}

#[test]
fn shorthand_must_be_a_name() {
    for source in ["<a {href} />", "<a { href } />", "<a {/* c */ href} />"] {
        assert_valid(attribute(source), source);
    }

    let source = "<a {props.href} />";
    let check = attribute(source);
    assert_eq!(errors(source, &check), ["props.href"]);
    assert!(
        check.diagnostics[0]
            .help
            .as_deref()
            .unwrap()
            .contains("href={props.href}")
    );

    let source = "<a {getHref()} />";
    let check = attribute(source);
    assert_eq!(errors(source, &check), ["getHref()"]);
    assert!(
        check.diagnostics[0]
            .help
            .as_deref()
            .unwrap()
            .contains("name={")
    );

    let source = "<a {a b} />";
    let check = attribute(source);
    assert_eq!(errors(source, &check), ["b"]);
}

#[test]
fn spread_checks_what_follows_the_dots() {
    for source in [
        "<a {...props} />",
        "<a {...Astro.props} />",
        "<a { ...{ id: 'x', ...rest } } />",
        "<a {...(ok ? a : b)} />",
    ] {
        assert_valid(attribute(source), source);
    }
    let source = "<a {...props +} />";
    let check = attribute(source);
    assert_eq!(errors(source, &check), ["}"]);

    let source = "<a {...a, b} />";
    let check = attribute(source);
    assert_eq!(errors(source, &check), ["a, b"]);

    let source = "<a {...a b} />";
    let check = attribute(source);
    assert_eq!(errors(source, &check), ["b"]);
}

#[test]
fn bindings_from_parameters_and_bodies() {
    let source = "{items.map((Item) => <Item />)}";
    assert_eq!(assert_valid(text(source), source).bindings, ["Item"]);

    let source = "{list.map(({ id, data: { title }, tags: [first, ...others] }, i = 0, ...more) => {\n\
                  const label = title;\n\
                  let [x, y] = pair;\n\
                  function helper(arg) {}\n\
                  class Local {}\n\
                  for (const entry of data) {}\n\
                  try {} catch (problem) {}\n\
                  return <p>{label}</p>;\n\
                  })}";
    assert_eq!(
        assert_valid(text(source), source).bindings,
        [
            "id", "title", "first", "others", "i", "more", "label", "x", "y", "helper", "arg",
            "Local", "entry", "problem"
        ]
    );

    let source = "{items.map((item) => { return<li>{item}</li>; })}";
    assert_eq!(assert_valid(text(source), source).bindings, ["item"]);

    let source = "{function named(a) { return a; }}";
    assert_eq!(assert_valid(text(source), source).bindings, ["named", "a"]);
}

#[test]
fn assignments_and_types_bind_nothing() {
    for source in [
        "{(count = 1)}",
        "{([a, b] = pair)}",
        "{value as (x: number) => void}",
        "{cb as <T>(t: T) => T}",
    ] {
        let check = assert_valid(text(source), source);
        assert!(check.bindings.is_empty(), "{source}: {:?}", check.bindings);
    }
    // A function inside an assignment target still binds its parameters.
    let source = "{({ a = (p) => p } = obj)}";
    assert_eq!(assert_valid(text(source), source).bindings, ["p"]);
}

#[test]
fn simple_reference_fast_path() {
    assert!(is_simple_reference(" title ", true));
    assert!(is_simple_reference("post.data.class", false));
    assert!(!is_simple_reference("post.data", true));
    assert!(!is_simple_reference("class", false));
    assert!(!is_simple_reference("a..b", false));
    assert!(!is_simple_reference("a.", false));
    assert!(!is_simple_reference("", false));
    assert!(!is_simple_reference("1a", false));
    // Reserved words still go through the parser, which knows `this` from `if`.
    let source = "{if}";
    assert_eq!(text(source).diagnostics.len(), 1);
}

#[test]
fn blank_js() {
    assert!(is_blank_js(""));
    assert!(is_blank_js(" \n\t"));
    assert!(is_blank_js("/* a */ // b"));
    assert!(is_blank_js("// b\n/**/"));
    assert!(!is_blank_js("/* a"));
    assert!(!is_blank_js("/* a */ x"));
    assert!(!is_blank_js("/"));
}

/// Every expression in `nodes`, nested ones included, with its kind.
fn all_expressions<'n>(nodes: &'n [Node], out: &mut Vec<(&'n Expression, ExpressionKind)>) {
    for node in nodes {
        match node {
            Node::Expression(expression) => {
                out.push((expression, ExpressionKind::Text));
                for part in &expression.parts {
                    if let ExprPart::Markup { nodes, .. } = part {
                        all_expressions(nodes, out);
                    }
                }
            }
            Node::Element(element) => {
                for attribute in &element.attributes {
                    match &attribute.kind {
                        AttributeKind::Shorthand(expression) => {
                            out.push((expression, ExpressionKind::Shorthand));
                        }
                        AttributeKind::Spread(expression) => {
                            out.push((expression, ExpressionKind::Spread));
                        }
                        AttributeKind::Named {
                            value: Some(AttributeValue::Expression(expression)),
                            ..
                        } => out.push((expression, ExpressionKind::AttributeValue)),
                        AttributeKind::Named { .. } => {}
                    }
                }
                all_expressions(&element.children, out);
            }
            _ => {}
        }
    }
}

/// Every prefix of a few files: no panic, and every span in bounds on char boundaries.
#[test]
fn truncated_files_give_valid_spans() {
    let samples = [
        "---\nimport Card from './Card.astral';\nconst { title = 'Ünïcode' } = Astro.props;\nexport const prerender = true;\n---\n<ul>{items.map((item, i) => <li {...item} class={`x-${i}`}>{item.name ?? 'é'}</li>)}</ul>\n<Card {title} />",
        "<p>{a ? <b>é</b> : <i>{c + /re/g.source}</i>}</p>{/* ü */}<a {href} title={x as string}>{`${'🎉'}`}</a>",
    ];
    for sample in samples {
        let mut ends: Vec<usize> = sample.char_indices().map(|(i, _)| i).collect();
        ends.push(sample.len());
        for end in ends {
            let source = &sample[..end];
            let parse = crate::parse(source);
            let mut diagnostics = Vec::new();
            if let Some(frontmatter) = &parse.document.frontmatter {
                let info = crate::frontmatter::analyze_frontmatter(source, frontmatter.code);
                diagnostics.extend(info.diagnostics);
            }
            let mut expressions = Vec::new();
            all_expressions(&parse.document.nodes, &mut expressions);
            for (expression, kind) in expressions {
                diagnostics.extend(check_expression(source, expression, kind).diagnostics);
            }
            for diagnostic in diagnostics {
                let span = diagnostic.span;
                assert!(
                    span.start <= span.end && source.get(span.range()).is_some(),
                    "bad span {span:?} in {source:?}: {diagnostic:?}"
                );
            }
        }
    }
}

#[test]
fn await_in_markup_returned_by_a_sync_function_is_an_error() {
    for (source, awaits) in [
        // An element child, an attribute value and a component prop all run in the callback.
        ("{items.map((i) => <li>{await f(i)}</li>)}", 1),
        ("{items.map((i) => <li title={await f(i)}>x</li>)}", 1),
        ("{items.map((i) => <Card item={await f(i)} />)}", 1),
        // Through a nested expression's own markup, and a function's `return`.
        ("{items.map((i) => <li>{i && <b>{await f(i)}</b>}</li>)}", 1),
        (
            "{items.map(function (i) { return <li>{await f(i)}</li>; })}",
            1,
        ),
        ("{items.map((i) => <li>{await f(i)} {await g(i)}</li>)}", 2),
    ] {
        let check = template(source);
        let found = errors(source, &check);
        assert_eq!(found, vec!["await"; awaits], "{source}");
        let label = &check.diagnostics[0].labels[0];
        assert!(
            label.span.text(source).starts_with("(i)")
                || label.span.text(source).starts_with("function"),
            "{source}: label on {:?}",
            label.span.text(source)
        );
    }
}

#[test]
fn await_where_markup_may_wait_is_valid() {
    for source in [
        // At the top level, in an async callback, in a component's children (a slot
        // function of its own), or inside a function within the hole.
        "{await f()}",
        "{<p>{await f()}</p>}",
        "{items.map(async (i) => <li>{await f(i)}</li>)}",
        "{items.map((i) => <Card>{await f(i)}</Card>)}",
        "{items.map((i) => <li>{(async () => await f(i))()}</li>)}",
        // Left to the inner expression's own check (reported once, not twice).
        "{items.map((i) => <li>{others.map((o) => o)}</li>)}",
    ] {
        assert_valid(template(source), source);
    }
}

#[test]
fn await_in_a_nested_callback_is_reported_once() {
    let source = "{a.map((x) => <li>{b.map((y) => <i>{await f(y)}</i>)}</li>)}";
    assert_eq!(errors(source, &template(source)), vec!["await"]);
}
