//! Document symbols (the outline): the frontmatter, components, slots and elements with an
//! `id`, nested as in the template.

use astc_compiler::Span;
use astc_compiler::syntax::{
    AttributeKind, AttributeValue, Document, Element, ElementKind, ExprPart, Node,
};
use tower_lsp_server::ls_types::SymbolKind;

/// An outline entry, with compiler spans (converted to ranges by the server).
pub struct Symbol {
    pub name: String,
    pub kind: SymbolKind,
    pub span: Span,
    pub selection: Span,
    pub children: Vec<Symbol>,
}

pub fn symbols(document: &Document, source: &str) -> Vec<Symbol> {
    let mut out = Vec::new();
    if let Some(frontmatter) = &document.frontmatter {
        out.push(Symbol {
            name: "frontmatter".into(),
            kind: SymbolKind::MODULE,
            span: frontmatter.span,
            selection: Span::new(frontmatter.span.start, frontmatter.span.start + 3),
            children: Vec::new(),
        });
    }
    collect(&document.nodes, source, &mut out);
    out
}

fn collect(nodes: &[Node], source: &str, out: &mut Vec<Symbol>) {
    for node in nodes {
        match node {
            Node::Element(element) => {
                let mut children = Vec::new();
                collect(&element.children, source, &mut children);
                for attribute in &element.attributes {
                    if let AttributeKind::Named {
                        value: Some(AttributeValue::Expression(expression)),
                        ..
                    } = &attribute.kind
                    {
                        collect_parts(&expression.parts, source, &mut children);
                    }
                }
                match symbol_name(element, source) {
                    Some((name, kind)) => out.push(Symbol {
                        name,
                        kind,
                        span: element.span,
                        selection: element.name_span.unwrap_or(element.start_tag),
                        children,
                    }),
                    // Uninteresting elements pass their symbols up.
                    None => out.extend(children),
                }
            }
            Node::Expression(expression) => collect_parts(&expression.parts, source, out),
            _ => {}
        }
    }
}

fn collect_parts(parts: &[ExprPart], source: &str, out: &mut Vec<Symbol>) {
    for part in parts {
        if let ExprPart::Markup { nodes, .. } = part {
            collect(nodes, source, out);
        }
    }
}

fn symbol_name(element: &Element, source: &str) -> Option<(String, SymbolKind)> {
    let static_attribute = |name: &str| element.attribute(name)?.value()?.static_text(source);
    match element.kind {
        ElementKind::Component => Some((format!("<{}>", element.name), SymbolKind::CLASS)),
        ElementKind::Slot => Some((
            match static_attribute("name") {
                Some(name) => format!("slot \"{name}\""),
                None => "slot (default)".into(),
            },
            SymbolKind::INTERFACE,
        )),
        ElementKind::Html => {
            static_attribute("id").map(|id| (format!("{}#{id}", element.name), SymbolKind::FIELD))
        }
        ElementKind::Fragment => None,
    }
}
