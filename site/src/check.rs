//! Checking and lowering every component: check errors stop the build, warnings are kept
//! for the report, and each file without errors is lowered to the render IR.

use crate::problems::{SourceText, Sources, report};
use crate::project::Project;
use crate::{BuildError, FileDiagnostics};
use astc_compiler::db::{self, Database, SourceFile, Workspace};
use astc_compiler::diagnostics::Diagnostic;
use astc_compiler::lower::Lowered;
use astc_ir::Component;
use rayon::prelude::*;

/// Every component lowered, with what is left to report.
pub(crate) struct Checked {
    pub(crate) components: Vec<Component>,
    /// Each component's file, for render errors.
    pub(crate) sources: Sources,
    /// Check warnings, reported with the build's result.
    pub(crate) warnings: Vec<FileDiagnostics>,
    /// Problems found lowering: errors, reported with the project's other problems.
    pub(crate) problems: Vec<FileDiagnostics>,
}

/// Checks and lowers the project; any check error stops the build with every file's check
/// diagnostics.
pub(crate) fn check(project: &mut Project) -> Result<Checked, BuildError> {
    let checked_and_lowered = check_and_lower(&mut project.db, project.workspace, &project.files);
    let db = &project.db;
    let checked: Vec<FileDiagnostics> = checked_and_lowered
        .iter()
        .filter(|file| !file.check.is_empty())
        .map(|file| report(db, file.file, file.check.clone()))
        .collect();
    if checked
        .iter()
        .any(|r| r.diagnostics.iter().any(Diagnostic::is_error))
    {
        return Err(BuildError::Diagnostics(checked));
    }
    let lowered: Vec<(SourceFile, Lowered)> = checked_and_lowered
        .into_iter()
        .filter_map(|file| Some((file.file, file.lowered?)))
        .collect();
    let problems = lowered
        .iter()
        .filter(|(_, l)| !l.diagnostics.is_empty())
        .map(|(file, l)| report(db, *file, l.diagnostics.clone()))
        .collect();
    let sources = lowered
        .iter()
        .map(|(file, l)| {
            let source = SourceText {
                path: file.path(db).display().to_string(),
                text: file.text(db).clone(),
            };
            (l.component.id.clone(), source)
        })
        .collect();
    Ok(Checked {
        components: lowered.into_iter().map(|(_, l)| l.component).collect(),
        sources,
        warnings: checked,
        problems,
    })
}

/// How many files are checked and lowered between two evictions of syntax trees and IR
/// memos from the database.
const CHECK_CHUNK: usize = 128;

/// One file checked, and lowered if its check found no error.
struct CheckedFile {
    file: SourceFile,
    check: Vec<Diagnostic>,
    lowered: Option<Lowered>,
}

/// Checks and lowers every file, in parallel, keeping memory to a chunk of files: every
/// frontmatter is analysed first (the component graph needs them all, and they need no
/// syntax tree), then each chunk of files is checked and lowered, its IR taken out, and the
/// database's syntax trees and IR memos evicted (salsa LRU) before the next chunk.
fn check_and_lower(
    db: &mut Database,
    workspace: Workspace,
    files: &[SourceFile],
) -> Vec<CheckedFile> {
    files.par_iter().for_each_with(db.clone(), |db, &file| {
        db::frontmatter(db, file);
    });
    db::set_memo_capacity(db, CHECK_CHUNK);
    let mut out = Vec::with_capacity(files.len());
    for chunk in files.chunks(CHECK_CHUNK) {
        let checked: Vec<CheckedFile> = chunk
            .par_iter()
            .map_with(db.clone(), |db, &file| {
                let check = db::file_diagnostics(db, workspace, file).clone();
                // A file with errors is not lowered: its tree may be anything.
                let lowered = (!check.iter().any(Diagnostic::is_error))
                    .then(|| db::lowered(db, workspace, file).clone());
                CheckedFile {
                    file,
                    check,
                    lowered,
                }
            })
            .collect();
        out.extend(checked);
        salsa::Database::trigger_lru_eviction(db);
    }
    out
}
