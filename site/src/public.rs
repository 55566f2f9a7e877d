//! `public/`: files the build copies as they are into the output folder, each at its path
//! relative to `<root>/public/` (Astro's `publicDir`). Dotfiles are copied too
//! (`.well-known/…`), as Vite copies the whole folder.
//!
//! Symlinks are followed, but only to files inside the project folder: one leading out is an
//! error naming the link, never read. A page whose output file is a public file is not
//! written: the public file wins, with a warning (see `output::collisions`).

use crate::output::{OutputDir, confine};
use astc_compiler::files;
use std::path::{Path, PathBuf};

/// The folder's name under the project root.
pub const PUBLIC_DIR: &str = "public";

/// One file to copy.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct PublicFile {
    /// Where it is read.
    pub(crate) source: PathBuf,
    /// Where it is written, relative to the output folder.
    pub(crate) output: PathBuf,
}

/// Every file under `<root>/public/`, sorted by output path; none when the folder is
/// missing. A file that resolves outside the project, or whose name cannot be an output path,
/// is an error.
pub(crate) fn find(root: &Path) -> Result<Vec<PublicFile>, String> {
    let public = root.join(PUBLIC_DIR);
    if !public.is_dir() {
        return Ok(Vec::new());
    }
    let real_root = files::real_path(root);
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(&public).follow_links(true) {
        let entry =
            entry.map_err(|error| format!("cannot walk `{}`: {error}", public.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        files::confine(&real_root, entry.path()).map_err(|message| {
            format!("{message}; astc copies only files inside the project from `public/`")
        })?;
        let relative = entry
            .path()
            .strip_prefix(&public)
            .expect("walkdir yields paths under its root");
        let output = confine(relative).map_err(|message| {
            format!(
                "cannot copy `{}` from `public/`: {message}",
                entry.path().display()
            )
        })?;
        found.push(PublicFile {
            source: entry.into_path(),
            output,
        });
    }
    found.sort_by(|a, b| a.output.cmp(&b.output));
    Ok(found)
}

/// Refuses an output folder inside `<root>/public/`: each build would copy the last one's
/// output into the next.
pub(crate) fn check_location(root: &Path, out: &Path) -> Result<(), String> {
    let public = root.join(PUBLIC_DIR);
    match (crate::output::resolve(&public), crate::output::resolve(out)) {
        (Some(public_real), Some(out_real)) if out_real.starts_with(&public_real) => Err(format!(
            "the output folder `{}` is inside the public folder `{}`; choose an `--out` \
                 outside it (the default is `dist` next to it)",
            out.display(),
            public.display()
        )),
        _ => Ok(()),
    }
}

/// Copies every file of `public` into `output`, byte for byte.
pub(crate) fn copy(public: &[PublicFile], output: &OutputDir) -> Result<(), String> {
    for file in public {
        let bytes = std::fs::read(&file.source)
            .map_err(|error| format!("cannot read `{}`: {error}", file.source.display()))?;
        output.write(&file.output, &bytes)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, bytes: &[u8]) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    #[test]
    fn every_file_is_found_at_its_relative_path_dotfiles_included() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        write(&root.join("public/favicon.svg"), b"<svg/>");
        write(&root.join("public/fonts/a/b.woff2"), &[0, 159, 146, 150]);
        write(&root.join("public/.well-known/security.txt"), b"x");
        let outputs: Vec<PathBuf> = find(&root).unwrap().into_iter().map(|f| f.output).collect();
        assert_eq!(
            outputs,
            [".well-known/security.txt", "favicon.svg", "fonts/a/b.woff2"].map(PathBuf::from)
        );
    }

    #[test]
    fn a_project_without_public_has_nothing_to_copy() {
        let tmp = tempfile::tempdir().unwrap();
        assert_eq!(find(tmp.path()).unwrap(), Vec::new());
    }

    #[test]
    fn the_copy_is_byte_for_byte() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        let bytes = [0u8, 255, 10, 13, 0xC3];
        write(&root.join("public/img/x.bin"), &bytes);
        let out = OutputDir::prepare(&tmp.path().join("dist")).unwrap();
        copy(&find(&root).unwrap(), &out).unwrap();
        assert_eq!(
            std::fs::read(tmp.path().join("dist/img/x.bin")).unwrap(),
            bytes
        );
    }

    #[test]
    fn an_output_folder_inside_public_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("public")).unwrap();
        assert!(check_location(tmp.path(), &tmp.path().join("public/dist")).is_err());
        assert!(check_location(tmp.path(), &tmp.path().join("dist")).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_of_the_project_are_refused_and_inside_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        write(&tmp.path().join("secret.txt"), b"secret");
        write(&root.join("assets/logo.svg"), b"<svg/>");
        std::fs::create_dir_all(root.join("public")).unwrap();
        std::os::unix::fs::symlink(root.join("assets/logo.svg"), root.join("public/logo.svg"))
            .unwrap();
        assert_eq!(find(&root).unwrap().len(), 1);
        std::os::unix::fs::symlink(tmp.path().join("secret.txt"), root.join("public/s.txt"))
            .unwrap();
        let error = find(&root).unwrap_err();
        assert!(
            error.contains("public/s.txt") && error.contains("outside the project"),
            "{error}"
        );
    }
}
