//! Finding and reading a project's component files, and the one rule for what the build may
//! read: files inside the project folder, symlinks resolved. Shared by `astc check`, the
//! build and the language server.

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
///
/// Symlinks are followed, but only to files inside the project folder, `root`'s parent
/// (where `astral.toml` lives when `root` is `src/`): a component that really lies outside
/// it is an error naming the link, never read. A symlink loop is an error too.
pub fn find_component_files(root: &Path) -> Result<Vec<PathBuf>, String> {
    let metadata = std::fs::metadata(root)
        .map_err(|error| format!("cannot read `{}`: {error}", root.display()))?;
    if metadata.is_file() {
        return Ok(vec![root.to_path_buf()]);
    }
    let real_project = real_path(root.parent().unwrap_or(Path::new("")));
    walk_confined(
        root,
        &real_project,
        |name| !(name.starts_with('.') || name == "node_modules"),
        is_component_file,
    )
}

/// Every file under `pages` (a project's `src/pages/`) that can be a route, sorted, as
/// Astro walks it: names (without extension) starting with `_` are private and left out with
/// what they hold, and so are hidden names (`.x`) except `.well-known`. Files that resolve
/// outside the project folder (the parent of `pages`'s parent) are refused as in
/// [`find_component_files`].
pub fn find_page_files(pages: &Path) -> Result<Vec<PathBuf>, String> {
    let real_project = real_path(
        pages
            .parent()
            .and_then(Path::parent)
            .unwrap_or(Path::new("")),
    );
    walk_confined(
        pages,
        &real_project,
        |name| {
            let stem = Path::new(name)
                .file_stem()
                .map_or(name.into(), |stem| stem.to_string_lossy());
            !(stem.starts_with('_') || (name.starts_with('.') && name != ".well-known"))
        },
        |_| true,
    )
}

/// The files under `root` that `keep_file` accepts, sorted, walking only into entries whose
/// names `keep_name` accepts. Symlinks are followed; a file that really lies outside
/// `real_project` is an error naming it, never listed.
fn walk_confined(
    root: &Path,
    real_project: &Path,
    keep_name: impl Fn(&str) -> bool,
    keep_file: impl Fn(&Path) -> bool,
) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || keep_name(&entry.file_name().to_string_lossy())
        });
    for entry in walker {
        let entry = entry.map_err(|error| format!("cannot walk `{}`: {error}", root.display()))?;
        if entry.file_type().is_file() && keep_file(entry.path()) {
            confine(real_project, entry.path()).map_err(|message| {
                format!("{message}; astc reads only files inside the project")
            })?;
            files.push(entry.into_path());
        }
    }
    files.sort();
    Ok(files)
}

/// `path` with every symlink resolved (`.` for the empty path); the path itself if it
/// cannot be resolved.
pub fn real_path(path: &Path) -> PathBuf {
    let path = if path.as_os_str().is_empty() {
        Path::new(".")
    } else {
        path
    };
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// Whether the file at `path` really (after symlinks) lies under `real_root`, the real path
/// of the project folder; `Err` says where it is instead. This is the one symlink rule of
/// the build: links are followed, and where they lead must be inside the project.
pub fn confine(real_root: &Path, path: &Path) -> Result<(), String> {
    let real = path
        .canonicalize()
        .map_err(|error| format!("cannot resolve `{}`: {error}", path.display()))?;
    if real.starts_with(real_root) {
        Ok(())
    } else {
        Err(format!(
            "`{}` resolves to `{}`, outside the project folder `{}`",
            path.display(),
            real.display(),
            real_root.display()
        ))
    }
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
