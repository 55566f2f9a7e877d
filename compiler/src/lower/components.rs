//! Lowering of component elements: the call, its props and its slot contents.

use super::*;
use crate::semantic::{framework_import, unsupported_component};

impl Lowerer<'_> {
    pub(super) fn component(&mut self, element: &Element, out: &mut Vec<Part>, frame: &mut Frame) {
        let name = element.name.as_str();
        let line = self.line(element.start_tag.start);
        let target = if name == "Astro.self" || name == "Astral.self" {
            Some(self.input.id.to_string())
        } else {
            self.input.components.get(name).cloned()
        };
        if target.is_none()
            && let Some(import) = framework_import(name, self.input.frontmatter)
        {
            self.diagnostics
                .push(unsupported_component(element, import));
            return;
        }
        let props = self.props(element, frame);
        let slots = self.slots(element, frame);
        if element.attribute("server:defer").is_some() {
            let target = match target {
                Some(id) => ComponentTarget::Static(id),
                None => ComponentTarget::Dynamic(frame.hole(format!("({name})"), line)),
            };
            out.push(Part::ServerIsland(ComponentCall {
                target,
                name: name.to_string(),
                props,
                slots,
            }));
            return;
        }
        match target {
            Some(id) => out.push(Part::Component(ComponentCall {
                target: ComponentTarget::Static(id),
                name: name.to_string(),
                props,
                slots,
            })),
            None => {
                // A local value: a tag name string or a component reference, known at run time.
                let tag = frame.hole(format!("({name})"), line);
                let props = match props {
                    Props::Dynamic(hole) => hole,
                    Props::Static(values) => {
                        let object = serde_json::Value::Object(values.into_iter().collect());
                        frame.hole(object.to_string(), line)
                    }
                };
                let mut attributes = Vec::new();
                self.attributes(element, &mut attributes, frame, Context::default(), true);
                out.push(Part::DynamicElement {
                    tag,
                    attributes: merge_html(attributes),
                    props,
                    slots,
                });
            }
        }
    }

    /// A component's props: static when every attribute is, else an object built in JS.
    pub(super) fn props(&mut self, element: &Element, frame: &mut Frame) -> Props {
        let all_static = element
            .attributes
            .iter()
            .all(|attribute| match &attribute.kind {
                AttributeKind::Named { name, value, .. } => {
                    is_directive_attribute(name)
                        || matches!(
                            value,
                            None | Some(
                                AttributeValue::Quoted { .. }
                                    | AttributeValue::Unquoted(_)
                                    | AttributeValue::Missing(_)
                            )
                        )
                }
                _ => false,
            });
        if all_static {
            let values = element
                .attributes
                .iter()
                .filter_map(|attribute| {
                    let AttributeKind::Named { name, value, .. } = &attribute.kind else {
                        return None;
                    };
                    if is_directive_attribute(name) {
                        return None;
                    }
                    let value = match value {
                        None => serde_json::Value::Bool(true),
                        Some(AttributeValue::Missing(_)) => return None,
                        Some(value) => serde_json::Value::String(
                            value
                                .static_text(self.input.source)
                                .unwrap_or("")
                                .to_string(),
                        ),
                    };
                    Some((name.clone(), value))
                })
                .collect();
            return Props::Static(values);
        }
        let mut fields = Vec::new();
        for attribute in &element.attributes {
            match &attribute.kind {
                AttributeKind::Named { name, value, .. } => {
                    if is_directive_attribute(name) {
                        continue;
                    }
                    let js = match value {
                        None => "true".to_string(),
                        Some(_) => match self.value_js(attribute) {
                            Some(js) => js,
                            None => continue,
                        },
                    };
                    fields.push(format!("{}: {js}", json_string(name)));
                }
                AttributeKind::Shorthand(expression) => {
                    let text = self.text(expression.inner()).trim().to_string();
                    fields.push(format!(
                        "{}: ({text})",
                        json_string(&expression_name(&text))
                    ));
                }
                AttributeKind::Spread(expression) => {
                    let text = self.text(expression.inner()).trim();
                    fields.push(format!(
                        "...({}\n)",
                        text.strip_prefix("...").unwrap_or(text)
                    ));
                }
            }
        }
        Props::Dynamic(frame.hole(
            format!("{{{}}}", fields.join(", ")),
            self.line(element.start_tag.start),
        ))
    }

    /// Groups a component's children by `slot="…"` and lowers each group into a template.
    pub(super) fn slots(&mut self, element: &Element, frame: &mut Frame) -> Vec<SlotContent> {
        let mut groups: Vec<(String, Vec<Node>)> = Vec::new();
        for child in &element.children {
            let name = match child {
                Node::Element(child) => child
                    .attribute("slot")
                    .and_then(|attribute| attribute.value())
                    .and_then(|value| value.static_text(self.input.source))
                    .map(str::to_string),
                Node::Text(text) if jsx_text(self.text(text.span)).is_empty() => continue,
                _ => None,
            };
            let name = name.unwrap_or_else(|| "default".to_string());
            match groups.iter_mut().find(|(existing, _)| *existing == name) {
                Some((_, nodes)) => nodes.push(child.clone()),
                None => groups.push((name, vec![child.clone()])),
            }
        }
        groups
            .into_iter()
            .map(|(name, nodes)| {
                let context = Context {
                    slot_root: name != "default",
                    ..Context::default()
                };
                let (template, nested) = self.template(&nodes, context);
                let frame_hole = (!nested.holes.is_empty()).then(|| {
                    let line = self.line(nodes[0].span().start);
                    let array = nested.array();
                    let arrow = if module::may_await(&array) {
                        "async () =>"
                    } else {
                        "() =>"
                    };
                    frame.hole(format!("{arrow} {array}"), line)
                });
                SlotContent {
                    name,
                    template,
                    frame: frame_hole,
                }
            })
            .collect()
    }
}
