//! Lowering of HTML elements: attributes, `set:*` directives, raw text, `<style>` and
//! `<script>`.

use super::*;

impl Lowerer<'_> {
    /// `set:html` / `set:text` on an element: the part that replaces its children.
    pub(super) fn set_directive(&mut self, element: &Element, frame: &mut Frame) -> Option<Part> {
        for name in ["set:html", "set:text"] {
            let Some(attribute) = element.attribute(name) else {
                continue;
            };
            let js = self.value_js(attribute)?;
            let hole = frame.hole(js, self.line(attribute.span.start));
            return Some(if name == "set:html" {
                Part::RawHtml(hole)
            } else {
                Part::Text(hole)
            });
        }
        None
    }

    /// The JavaScript of an attribute's value (quoted values become string literals).
    pub(super) fn value_js(&mut self, attribute: &Attribute) -> Option<String> {
        match attribute.value()? {
            AttributeValue::Expression(expression) => self.expression_js(expression),
            AttributeValue::Template(span) => Some(self.text(*span).to_string()),
            value @ (AttributeValue::Quoted { .. } | AttributeValue::Unquoted(_)) => Some(
                json_string(value.static_text(self.input.source).unwrap_or("")),
            ),
            AttributeValue::Missing(_) => None,
        }
    }

    pub(super) fn html_element(
        &mut self,
        element: &Element,
        out: &mut Vec<Part>,
        frame: &mut Frame,
        context: Context,
    ) {
        let name = element.name.as_str();
        let inline = element.attribute("is:inline").is_some();
        if name == "style" && !inline {
            self.style(element);
            return;
        }
        if name == "script" && !inline {
            self.script(element, out, frame);
            return;
        }
        if name == "script"
            && let Some(attribute) = element.attribute("define:vars")
        {
            // `define:vars` makes even an `is:inline` script a function of the values.
            let code = self.raw_content(element);
            self.script_with_vars(attribute, &code, out, frame);
            return;
        }
        let foreign = context.foreign || name == "svg" || name == "math";
        out.push(Part::Html(format!("<{name}")));
        self.attributes(element, out, frame, context, false);
        let void = html::is_void(name);
        let self_closing = matches!(element.end, crate::syntax::ElementEnd::SelfClosing);
        if void {
            out.push(Part::Html(">".into()));
            return;
        }
        if self_closing && foreign {
            out.push(Part::Html("/>".into()));
            return;
        }
        out.push(Part::Html(">".into()));
        let child_context = Context {
            preformatted: context.preformatted || name == "pre" || name == "textarea",
            foreign,
            slot_root: false,
        };
        if let Some(part) = self.set_directive(element, frame) {
            out.push(part);
        } else {
            self.nodes(&element.children, out, frame, child_context);
        }
        if name == "head" {
            out.push(Part::HeadEnd);
        }
        out.push(Part::Html(format!("</{name}>")));
    }

    /// Writes an element's attributes: static ones folded, the rest as holes. Directives are
    /// consumed; `slot` is consumed on a slot's content root. `dynamic`: the attributes of a
    /// `<Tag>` whose tag is known at run time.
    pub(super) fn attributes(
        &mut self,
        element: &Element,
        out: &mut Vec<Part>,
        frame: &mut Frame,
        context: Context,
        dynamic: bool,
    ) {
        let class_list = element.attribute("class:list");
        let static_class = element
            .attribute("class")
            .and_then(|attribute| attribute.value())
            .and_then(|value| value.static_text(self.input.source))
            .map(str::to_string);
        for attribute in &element.attributes {
            let line = self.line(attribute.span.start);
            match &attribute.kind {
                AttributeKind::Named { name, value, .. } => {
                    if is_directive_attribute(name) || (name == "slot" && context.slot_root) {
                        continue;
                    }
                    if name == "class" && class_list.is_some() && static_class.is_some() {
                        continue;
                    }
                    match value {
                        None => out.push(Part::Html(format!(" {name}"))),
                        Some(AttributeValue::Missing(_)) => {}
                        Some(
                            value @ (AttributeValue::Quoted { .. } | AttributeValue::Unquoted(_)),
                        ) => {
                            let text = value.static_text(self.input.source).unwrap_or("");
                            out.push(Part::Html(format!(
                                " {name}=\"{}\"",
                                text.replace('"', "&quot;")
                            )));
                        }
                        Some(_) => {
                            if let Some(js) = self.value_js(attribute) {
                                let hole = frame.hole(js, line);
                                out.push(Part::Attribute {
                                    name: name.clone(),
                                    value: hole,
                                });
                            }
                        }
                    }
                }
                AttributeKind::Shorthand(expression) => {
                    let Some(js) = self.expression_js(expression) else {
                        continue;
                    };
                    let name = expression_name(self.text(expression.inner()));
                    let hole = frame.hole(js, line);
                    out.push(Part::Attribute { name, value: hole });
                }
                AttributeKind::Spread(expression) => {
                    let text = self.text(expression.inner()).trim_start();
                    let js = format!("({}\n)", text.strip_prefix("...").unwrap_or(text));
                    let hole = frame.hole(js, line);
                    out.push(Part::SpreadAttributes(hole));
                }
            }
        }
        if let Some(attribute) = class_list
            && let Some(js) = self.value_js(attribute)
        {
            let hole = frame.hole(js, self.line(attribute.span.start));
            out.push(Part::ClassList {
                value: hole,
                static_class,
            });
        }
        if !dynamic
            && is_scoped_element(&element.name)
            && let Some((vars, line)) = self.css_vars.clone()
        {
            // Astro's `<style define:vars>`: custom properties on every element its styles
            // scope, not on a `<Tag>`, which Astro renders as a component. The runtime's `$$styleVars` checks the keys and escapes the values; its
            // errors point at the `define:vars` attribute.
            let js = format!("$$styleVars({vars})");
            let hole = frame.hole(js, line);
            out.push(Part::Attribute {
                name: "style".into(),
                value: hole,
            });
        }
        if let Some((name, value)) = &self.marker
            && is_scoped_element(&element.name)
        {
            if value.is_empty() {
                out.push(Part::Html(format!(" {name}")));
            } else {
                out.push(Part::Html(format!(" {name}=\"{value}\"")));
            }
        }
    }

    /// The raw text content of a `<style>` or `<script>`.
    pub(super) fn raw_content(&self, element: &Element) -> String {
        element
            .children
            .iter()
            .filter_map(|child| match child {
                Node::Text(text) => Some(self.text(text.span)),
                _ => None,
            })
            .collect()
    }

    /// Collects a `<style>`'s scoped CSS (`define:vars` is applied by `attributes` to the
    /// template's root elements).
    pub(super) fn style(&mut self, element: &Element) {
        let css = self.raw_content(element);
        let global = element.attribute("is:global").is_some();
        match scope_css(&css, &self.hash, global) {
            Ok(scoped) => {
                if !scoped.css.is_empty() {
                    self.styles.push(scoped.css);
                }
            }
            Err(message) => self.diagnostics.push(
                Diagnostic::new(
                    Code::CssSyntax,
                    element.start_tag,
                    format!("cannot compile this style: {message}"),
                )
                .with_help("fix the CSS errors `astc check` reports"),
            ),
        }
        // `define:vars` is applied by `attributes` to the template's root elements.
    }

    pub(super) fn script(&mut self, element: &Element, out: &mut Vec<Part>, frame: &mut Frame) {
        let code = self.raw_content(element);
        let js = match script::strip(&code) {
            Ok(stripped) => stripped.code,
            Err(message) => {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::ExpressionSyntax,
                        element.start_tag,
                        format!("cannot compile this script: {message}"),
                    )
                    .with_help(
                        "fix the script's syntax, or mark it `is:inline` to ship it as written",
                    ),
                );
                return;
            }
        };
        if let Some(attribute) = element.attribute("define:vars") {
            self.script_with_vars(attribute, &js, out, frame);
            return;
        }
        if !js.trim().is_empty() {
            self.scripts.push(js);
        }
    }

    /// A `<script define:vars={…}>`: server values make the script per render, so it stays
    /// inline, its code (`js`) in a function scope after one `const` per value, as Astro
    /// writes it.
    fn script_with_vars(
        &mut self,
        attribute: &Attribute,
        js: &str,
        out: &mut Vec<Part>,
        frame: &mut Frame,
    ) {
        let Some(vars) = self.value_js(attribute) else {
            return;
        };
        // The runtime's `$$defineVars` checks that each key is an identifier and writes
        // the values as JSON that cannot end the script element.
        let declarations = format!("$$defineVars({vars})");
        out.push(Part::Html("<script>(function(){".into()));
        let hole = frame.hole(declarations, self.line(attribute.span.start));
        out.push(Part::RawHtml(hole));
        out.push(Part::Html(format!(
            "{}}})();</script>",
            js.replace("</script", "<\\/script")
        )));
    }
}
