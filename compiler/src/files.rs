//! Finding and reading a project's component files: the only file-system access in this
//! crate, shared by `astc check` and the language server.

use std::path::{Path, PathBuf};

/// A component file read from disk.
pub struct LoadedFile {
    pub path: PathBuf,
    pub text: String,
}

/// Whether `path` names a component file (`.astral` or `.astro`).
pub fn is_component_file(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("astral" | "astro")
    )
}

/// Every component file under `root` (or `root` itself if it is a file), sorted by path.
/// Hidden folders and `node_modules` are skipped.
pub fn find_component_files(root: &Path) -> Result<Vec<PathBuf>, String> {
    let metadata = std::fs::metadata(root)
        .map_err(|error| format!("cannot read `{}`: {error}", root.display()))?;
    if metadata.is_file() {
        return Ok(vec![root.to_path_buf()]);
    }
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_entry(|entry| {
            let name = entry.file_name().to_string_lossy();
            entry.depth() == 0 || !(name.starts_with('.') || name == "node_modules")
        });
    for entry in walker {
        let entry = entry.map_err(|error| format!("cannot walk `{}`: {error}", root.display()))?;
        if entry.file_type().is_file() && is_component_file(entry.path()) {
            files.push(entry.into_path());
        }
    }
    files.sort();
    Ok(files)
}

/// Reads files in parallel. A file that cannot be read or is not UTF-8 is an error.
pub fn read_all(paths: Vec<PathBuf>) -> Result<Vec<LoadedFile>, String> {
    use rayon::prelude::*;
    paths
        .into_par_iter()
        .map(|path| {
            let bytes = std::fs::read(&path)
                .map_err(|error| format!("cannot read `{}`: {error}", path.display()))?;
            let text = String::from_utf8(bytes).map_err(|_| {
                format!(
                    "`{}` is not valid UTF-8; astc reads UTF-8 sources only",
                    path.display()
                )
            })?;
            Ok(LoadedFile { path, text })
        })
        .collect()
}
