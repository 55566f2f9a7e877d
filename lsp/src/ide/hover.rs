//! Hover: directives, component tags (file and `Props`), HTML tags.

use super::component_file;
use super::cursor::{self, At};
use astc_compiler::Span;
use astc_compiler::db::{Database, SourceFile, Workspace, frontmatter, parse};
use astc_compiler::directives;
use astc_compiler::semantic::import_of;
use astc_compiler::syntax::ElementKind;

/// Hover text (Markdown) and the span it describes.
pub fn hover(
    db: &Database,
    workspace: Workspace,
    file: SourceFile,
    offset: u32,
) -> Option<(String, Span)> {
    let document = &parse(db, file).document;
    let cursor = cursor::find(&document.nodes, offset)?;
    let element = cursor.element;
    match cursor.at {
        At::AttributeName(attribute) => {
            let name = attribute.name()?;
            let doc = directives::lookup(name)?.doc;
            let span = match &attribute.kind {
                astc_compiler::syntax::AttributeKind::Named { name_span, .. } => *name_span,
                _ => attribute.span,
            };
            Some((format!("**`{name}`**\n\n{doc}"), span))
        }
        At::StartTagName | At::EndTagName => {
            let span = match (cursor.at, element.end) {
                (At::EndTagName, astc_compiler::syntax::ElementEnd::EndTag(end)) => end,
                _ => element.name_span?,
            };
            let text = match element.kind {
                ElementKind::Component => component_hover(db, workspace, file, &element.name),
                ElementKind::Html => format!(
                    "HTML element **`<{0}>`**\n\n[MDN reference](https://developer.mozilla.org/docs/Web/HTML/Element/{0})",
                    element.name
                ),
                ElementKind::Fragment => "**`<Fragment>`**: groups children without adding an element to the page.".into(),
                ElementKind::Slot => "**`<slot>`**: where the children passed to this component are rendered; `name` selects a named slot.".into(),
            };
            Some((text, span))
        }
        _ => None,
    }
}

fn component_hover(db: &Database, workspace: Workspace, file: SourceFile, name: &str) -> String {
    let Some(target) = component_file(db, workspace, file, name) else {
        let source = import_of(name, frontmatter(db, file)).map(|import| import.source.clone());
        return match source {
            Some(source) => format!("component **`{name}`** from `{source}`"),
            None => format!("component **`{name}`**"),
        };
    };
    let path = target.path(db).display().to_string();
    let mut text = format!("component **`{name}`**\n\n`{path}`");
    if let Some(props) = &frontmatter(db, target).props {
        text.push_str(&format!(
            "\n\n```ts\n{}\n```",
            props.span.text(target.text(db))
        ));
    }
    text
}
