//! Editor features over the compiler's database: what is under the cursor, and the answers
//! built from it. Every function takes a [`Snapshot`](crate::state::Snapshot)-style database
//! handle and a file, and returns LSP types.

pub mod completion;
pub mod cursor;
pub mod definition;
pub mod docs;
pub mod folding;
pub mod hover;
pub mod symbols;

use astc_compiler::db::{Database, SourceFile, Workspace, components};

/// The component file a tag name (`Card`, not `ui.Card`) refers to, when it is imported
/// from an `.astral`/`.astro` file of the workspace.
pub fn component_file(
    db: &Database,
    workspace: Workspace,
    file: SourceFile,
    tag: &str,
) -> Option<SourceFile> {
    components(db, workspace, file).get(tag).copied()
}
