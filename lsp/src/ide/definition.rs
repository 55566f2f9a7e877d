//! Go to definition: a component tag, or an import's path, to the file.

use super::component_file;
use super::cursor::{self, At};
use astc_compiler::db::{Database, SourceFile, Workspace, frontmatter, parse, resolve_import};
use astc_compiler::syntax::ElementKind;
use std::path::PathBuf;

/// The file the cursor refers to.
pub fn definition(
    db: &Database,
    workspace: Workspace,
    file: SourceFile,
    offset: u32,
) -> Option<PathBuf> {
    let info = frontmatter(db, file);
    if let Some(import) = info
        .imports
        .iter()
        .find(|import| import.source_span.start <= offset && offset <= import.source_span.end)
    {
        return resolve_import(db, workspace, file, &import.source);
    }
    let cursor = cursor::find(&parse(db, file).document.nodes, offset)?;
    match cursor.at {
        At::StartTagName | At::EndTagName if cursor.element.kind == ElementKind::Component => {
            let target = component_file(db, workspace, file, &cursor.element.name)?;
            Some(target.path(db).clone())
        }
        _ => None,
    }
}
