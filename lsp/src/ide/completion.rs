//! Completion: directives after `client:`/`set:`/`is:`…, components in scope and HTML tags
//! after `<`, slot names of the target component in `slot="…"`, and a `---` snippet.

use super::cursor::{self, At};
use super::{component_file, docs};
use astc_compiler::Span;
use astc_compiler::db::{Database, SourceFile, Workspace, frontmatter, parse, slot_names};
use astc_compiler::directives::DIRECTIVES;
use astc_compiler::syntax::{AttributeKind, AttributeValue, ElementKind};
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, Documentation, InsertTextFormat, MarkupContent, MarkupKind,
};

/// Completion items, and the span of the text they replace (the word being typed).
pub struct Completions {
    pub items: Vec<CompletionItem>,
    pub replace: Option<Span>,
}

pub fn completions(
    db: &Database,
    workspace: Workspace,
    file: SourceFile,
    offset: u32,
) -> Completions {
    let text = file.text(db);
    let document = &parse(db, file).document;
    let before = &text[..offset as usize];
    let plain = |items| Completions {
        items,
        replace: None,
    };
    if document.frontmatter.is_none() && before.trim().trim_end_matches('-').is_empty() {
        return Completions {
            items: vec![frontmatter_snippet()],
            replace: Some(Span::new(
                (before.len() - before.trim_start().len()) as u32,
                offset,
            )),
        };
    }
    let Some(cursor) = cursor::find(&document.nodes, offset) else {
        return plain(if before.ends_with('<') {
            tag_names(db, file)
        } else {
            Vec::new()
        });
    };
    match cursor.at {
        At::StartTagName => Completions {
            items: tag_names(db, file),
            replace: cursor
                .element
                .name_span
                .map(|span| Span::new(span.start, offset)),
        },
        At::AttributeName(attribute) => {
            let AttributeKind::Named {
                name, name_span, ..
            } = &attribute.kind
            else {
                return plain(Vec::new());
            };
            let typed = &name[..(offset - name_span.start) as usize];
            Completions {
                items: directives(cursor.element.kind, &cursor.element.name, typed),
                replace: Some(Span::new(name_span.start, offset)),
            }
        }
        At::StartTag => plain(directives(cursor.element.kind, &cursor.element.name, "")),
        At::AttributeValue(attribute) if attribute.name() == Some("slot") => {
            let Some(parent) = cursor.parent.filter(|p| p.kind == ElementKind::Component) else {
                return plain(Vec::new());
            };
            let replace = match attribute.value() {
                Some(AttributeValue::Quoted { value, .. }) if value.start <= offset => {
                    Some(Span::new(value.start, offset))
                }
                _ => None,
            };
            Completions {
                items: slot_items(db, workspace, file, &parent.name),
                replace,
            }
        }
        _ => plain(Vec::new()),
    }
}

fn frontmatter_snippet() -> CompletionItem {
    CompletionItem {
        label: "---".into(),
        kind: Some(CompletionItemKind::SNIPPET),
        detail: Some("frontmatter".into()),
        insert_text: Some("---\n$0\n---\n".into()),
        insert_text_format: Some(InsertTextFormat::SNIPPET),
        ..Default::default()
    }
}

/// Components in scope (imports and capitalised bindings), then HTML elements.
fn tag_names(db: &Database, file: SourceFile) -> Vec<CompletionItem> {
    let info = frontmatter(db, file);
    let mut items: Vec<CompletionItem> = Vec::new();
    for import in &info.imports {
        for specifier in &import.specifiers {
            if specifier.type_only
                || !specifier
                    .local
                    .starts_with(|c: char| c.is_ascii_uppercase())
            {
                continue;
            }
            items.push(CompletionItem {
                label: specifier.local.clone(),
                kind: Some(CompletionItemKind::CLASS),
                detail: Some(format!("from '{}'", import.source)),
                sort_text: Some(format!("0{}", specifier.local)),
                ..Default::default()
            });
        }
    }
    for binding in &info.bindings {
        if binding.starts_with(|c: char| c.is_ascii_uppercase())
            && !items.iter().any(|i| &i.label == binding)
        {
            items.push(CompletionItem {
                label: binding.clone(),
                kind: Some(CompletionItemKind::VARIABLE),
                detail: Some("local component".into()),
                sort_text: Some(format!("0{binding}")),
                ..Default::default()
            });
        }
    }
    items.push(CompletionItem {
        label: "Fragment".into(),
        kind: Some(CompletionItemKind::KEYWORD),
        sort_text: Some("1Fragment".into()),
        ..Default::default()
    });
    items.extend(docs::HTML_ELEMENTS.iter().map(|name| CompletionItem {
        label: (*name).into(),
        kind: Some(CompletionItemKind::PROPERTY),
        sort_text: Some(format!("2{name}")),
        ..Default::default()
    }));
    items
}

/// Directives that have an effect on the element (the placement rules `astc check` enforces,
/// so completion never offers something that is then reported), filtered by what has been
/// typed.
fn directives(kind: ElementKind, name: &str, typed: &str) -> Vec<CompletionItem> {
    DIRECTIVES
        .iter()
        .filter(|directive| directive.placement.fits(kind, name))
        .filter(|directive| directive.name.starts_with(typed))
        .map(|directive| CompletionItem {
            label: directive.name.into(),
            kind: Some(CompletionItemKind::KEYWORD),
            documentation: Some(Documentation::MarkupContent(MarkupContent {
                kind: MarkupKind::Markdown,
                value: directive.doc.into(),
            })),
            ..Default::default()
        })
        .collect()
}

/// The named slots of the component `tag` refers to.
fn slot_items(
    db: &Database,
    workspace: Workspace,
    file: SourceFile,
    tag: &str,
) -> Vec<CompletionItem> {
    let Some(target) = component_file(db, workspace, file, tag) else {
        return Vec::new();
    };
    slot_names(db, target)
        .iter()
        .cloned()
        .map(|name| CompletionItem {
            label: name,
            kind: Some(CompletionItemKind::VALUE),
            detail: Some(format!("slot of <{tag}>")),
            ..Default::default()
        })
        .collect()
}
