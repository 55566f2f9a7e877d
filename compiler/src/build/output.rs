//! The output folder: the one place the build writes files.
//!
//! Every file the build writes goes through [`OutputDir::write`], which takes a path
//! relative to the folder and refuses anything that could land outside it: `.` and `..`
//! segments, absolute paths, NUL, backslashes, and — checked on disk after the parent folders
//! are made — a parent folder that resolves (through symlinks) outside the output folder.
//! Route params reach file names, and params come from data (a CMS, Markdown front matter),
//! so this check is what keeps a hostile slug from writing elsewhere.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// Marks an output folder as astc's own, so a rebuild may empty it.
pub const OUTPUT_MARKER: &str = ".astc-output";

/// An output folder that exists and is astc's, with its real (symlink-free) path.
pub struct OutputDir {
    /// As the user named it, for messages.
    shown: PathBuf,
    /// `shown` with every symlink resolved: what written paths must lie under.
    real: PathBuf,
}

impl OutputDir {
    /// Empties the folder if astc made it (or creates it) and marks it as astc's; refuses any
    /// other non-empty folder, so a wrong `--out` never deletes someone's files.
    pub fn prepare(out: &Path) -> Result<OutputDir, String> {
        if out.exists() {
            let empty = std::fs::read_dir(out)
                .map_err(|e| format!("cannot read `{}`: {e}", out.display()))?
                .next()
                .is_none();
            if !empty {
                if !out.join(OUTPUT_MARKER).exists() {
                    return Err(format!(
                        "`{}` is not empty and was not written by astc; choose another `--out` or empty it",
                        out.display()
                    ));
                }
                std::fs::remove_dir_all(out)
                    .map_err(|e| format!("cannot empty `{}`: {e}", out.display()))?;
            }
        }
        std::fs::create_dir_all(out)
            .map_err(|e| format!("cannot create `{}`: {e}", out.display()))?;
        let real = out
            .canonicalize()
            .map_err(|e| format!("cannot resolve `{}`: {e}", out.display()))?;
        let dir = OutputDir {
            shown: out.to_path_buf(),
            real,
        };
        dir.write(
            Path::new(OUTPUT_MARKER),
            b"written by astc compile; the folder is emptied on the next build\n",
        )?;
        Ok(dir)
    }

    /// The folder as the user named it.
    pub fn path(&self) -> &Path {
        &self.shown
    }

    /// Writes `bytes` to `relative` under the folder, making parent folders; refuses a path
    /// that [`confine`] rejects or whose parent resolves outside the folder.
    pub fn write(&self, relative: &Path, bytes: &[u8]) -> Result<(), String> {
        let relative = confine(relative)?;
        let path = self.real.join(&relative);
        let parent = path.parent().unwrap_or(&self.real);
        std::fs::create_dir_all(parent).map_err(|e| {
            format!(
                "cannot create `{}`: {e}",
                self.shown.join(&relative).display()
            )
        })?;
        // A symlink already in the folder could point anywhere: what counts is where the
        // parent really is.
        let real_parent = parent
            .canonicalize()
            .map_err(|e| format!("cannot resolve `{}`: {e}", parent.display()))?;
        if !real_parent.starts_with(&self.real) {
            return Err(format!(
                "refusing to write `{}`: it resolves to `{}`, outside the output folder `{}`",
                relative.display(),
                real_parent.display(),
                self.shown.display()
            ));
        }
        let shown = self.shown.join(&relative);
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(format!(
                "refusing to write `{}`: it is a symlink",
                shown.display()
            ));
        }
        std::fs::write(&path, bytes).map_err(|e| format!("cannot write `{}`: {e}", shown.display()))
    }
}

/// The files a build will write, each claimed by an owner before anything is written, so
/// that two owners of one path — or one owner's file where another needs a folder
/// (`index.html` the file and `index.html/` the folder of a page whose slug is
/// `index.html`) — are found up front instead of one silently overwriting the other.
pub struct Plan<O> {
    files: HashMap<PathBuf, O>,
    /// Every folder some claimed file needs, with the first owner that needed it.
    folders: HashMap<PathBuf, O>,
}

/// Why a claim failed: the owner already holding the path (or a folder of it).
#[derive(Debug, PartialEq, Eq)]
pub enum Clash<O> {
    /// The same file.
    SameFile(O),
    /// The path is a file for one owner and a folder for the other.
    FileAndFolder { other: O, path: PathBuf },
}

impl<O> Default for Plan<O> {
    fn default() -> Plan<O> {
        Plan {
            files: HashMap::new(),
            folders: HashMap::new(),
        }
    }
}

impl<O: Clone> Plan<O> {
    /// Claims `file` (relative to the output folder) for `owner`.
    pub fn claim(&mut self, file: &Path, owner: O) -> Result<(), Clash<O>> {
        if let Some(other) = self.files.get(file) {
            return Err(Clash::SameFile(other.clone()));
        }
        if let Some(other) = self.folders.get(file) {
            return Err(Clash::FileAndFolder {
                other: other.clone(),
                path: file.to_path_buf(),
            });
        }
        let folders: Vec<&Path> = file
            .ancestors()
            .skip(1)
            .filter(|folder| !folder.as_os_str().is_empty())
            .collect();
        for folder in &folders {
            if let Some(other) = self.files.get(*folder) {
                return Err(Clash::FileAndFolder {
                    other: other.clone(),
                    path: folder.to_path_buf(),
                });
            }
        }
        for folder in folders {
            self.folders
                .entry(folder.to_path_buf())
                .or_insert_with(|| owner.clone());
        }
        self.files.insert(file.to_path_buf(), owner);
        Ok(())
    }
}

/// `relative` as a path that stays inside whatever folder it is joined to: only plain
/// segments, none empty, with no NUL and no backslash (a separator on Windows, and never
/// meant as a file-name character in a URL path).
pub fn confine(relative: &Path) -> Result<PathBuf, String> {
    let text = relative.to_string_lossy();
    let refuse = |why: &str| Err(format!("refusing to write `{text}`: {why}"));
    if text.is_empty() {
        return refuse("the path is empty");
    }
    if text.contains('\0') {
        return refuse("it contains a NUL character");
    }
    if text.contains('\\') {
        return refuse("it contains a backslash");
    }
    let mut out = PathBuf::new();
    for component in relative.components() {
        match component {
            Component::Normal(segment) => out.push(segment),
            Component::CurDir | Component::ParentDir => {
                return refuse("`.` and `..` segments are not allowed");
            }
            Component::RootDir | Component::Prefix(_) => {
                return refuse("it is an absolute path");
            }
        }
    }
    // `Path::components` drops `.` in the middle of a path (`a/./b`); the text still has it.
    if text
        .split('/')
        .any(|segment| segment == "." || segment == "..")
    {
        return refuse("`.` and `..` segments are not allowed");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_relative_paths_pass() {
        for ok in [
            "index.html",
            "a/b/index.html",
            "404.html",
            "_astral/x.js",
            ".well-known/x",
        ] {
            assert_eq!(confine(Path::new(ok)).unwrap(), PathBuf::from(ok), "{ok}");
        }
    }

    #[test]
    fn escaping_paths_are_refused() {
        for bad in [
            "",
            "../index.html",
            "a/../../index.html",
            "/tmp/x/index.html",
            "./index.html",
            "a/./index.html",
            "a\\..\\b",
            "a\0b",
            "..",
        ] {
            assert!(confine(Path::new(bad)).is_err(), "{bad:?} passed");
        }
    }

    #[test]
    fn the_plan_finds_same_files_and_files_where_folders_go() {
        let mut plan = Plan::default();
        plan.claim(Path::new("index.html"), 0).unwrap();
        plan.claim(Path::new("a/index.html"), 1).unwrap();
        plan.claim(Path::new("a/b/index.html"), 2).unwrap();
        assert_eq!(
            plan.claim(Path::new("a/index.html"), 3),
            Err(Clash::SameFile(1))
        );
        assert_eq!(
            plan.claim(Path::new("index.html/index.html"), 4),
            Err(Clash::FileAndFolder {
                other: 0,
                path: PathBuf::from("index.html")
            })
        );
        assert_eq!(
            plan.claim(Path::new("a/b"), 5),
            Err(Clash::FileAndFolder {
                other: 2,
                path: PathBuf::from("a/b")
            })
        );
    }

    #[test]
    fn writes_stay_inside_and_symlinks_out_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let outside = tmp.path().join("outside");
        std::fs::create_dir(&outside).unwrap();
        let out = OutputDir::prepare(&tmp.path().join("dist")).unwrap();
        out.write(Path::new("a/b/index.html"), b"ok").unwrap();
        assert!(tmp.path().join("dist/a/b/index.html").is_file());
        assert!(out.write(Path::new("../x.html"), b"no").is_err());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&outside, tmp.path().join("dist/link")).unwrap();
            let error = out.write(Path::new("link/index.html"), b"no").unwrap_err();
            assert!(error.contains("outside the output folder"), "{error}");
            std::os::unix::fs::symlink(outside.join("f"), tmp.path().join("dist/file")).unwrap();
            assert!(out.write(Path::new("file"), b"no").is_err());
            assert!(std::fs::read_dir(&outside).unwrap().next().is_none());
        }
    }
}
