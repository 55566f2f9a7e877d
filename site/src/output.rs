//! The output folder: the one place the build writes files.
//!
//! Every file the build writes goes through [`OutputDir::write`], which takes a path
//! relative to the folder and refuses anything that could land outside it: `.` and `..`
//! segments, absolute paths, NUL, backslashes, and — checked on disk after the parent folders
//! are made — a parent folder that resolves (through symlinks) outside the output folder.
//! Route params reach file names, and params come from data (a CMS, Markdown front matter),
//! so this check is what keeps a hostile slug from writing elsewhere.

use crate::expand::Job;
use crate::public::PublicFile;
use astc_ir::route::Route;
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

/// Refuses an output folder that is the source folder `src`, lies inside it, or holds it:
/// the build would read its own output, and a rebuild empties the output folder, which
/// would delete sources written there since.
pub fn check_location(src: &Path, out: &Path) -> Result<(), String> {
    let (Some(src_real), Some(out_real)) = (resolve(src), resolve(out)) else {
        // A path that cannot be resolved fails later, with its own message.
        return Ok(());
    };
    if out_real.starts_with(&src_real) {
        return Err(format!(
            "the output folder `{}` is inside the source folder `{}`; choose an `--out` \
             outside it (the default is `dist` next to it)",
            out.display(),
            src.display()
        ));
    }
    if src_real.starts_with(&out_real) {
        return Err(format!(
            "the output folder `{}` holds the source folder `{}`; choose an `--out` that \
             does not contain it (the default is `dist` next to it)",
            out.display(),
            src.display()
        ));
    }
    Ok(())
}

/// `path` made absolute with its longest existing prefix's symlinks resolved; the rest
/// (folders not made yet) appended as written, `..` and `.` applied.
pub(crate) fn resolve(path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    let components: Vec<Component> = absolute.components().collect();
    let (real, done) = (1..=components.len()).rev().find_map(|n| {
        let prefix: PathBuf = components[..n].iter().collect();
        prefix.canonicalize().ok().map(|real| (real, n))
    })?;
    let rest: PathBuf = components[done..].iter().collect();
    Some(astc_compiler::db::normalize(&real.join(rest)))
}

/// The files a build will write, each claimed by an owner before anything is written, so
/// that two owners of one path — or one owner's file where another needs a folder
/// (`index.html` the file and `index.html/` the folder of a page whose slug is
/// `index.html`) — are found up front instead of one silently overwriting the other.
///
/// Paths are compared as the file systems of macOS and Windows compare names: without
/// regard to letter case or Unicode normalization (see [`fold`]), so `Abc/index.html` and
/// `abc/index.html` are one file, as are `é` written precomposed and decomposed. A build
/// must not write a different site depending on the machine it runs on.
pub struct Plan<O> {
    /// Keyed by [`fold`]ed path, with the path as claimed.
    files: HashMap<String, (PathBuf, O)>,
    /// Every folder some claimed file needs (folded), with the first owner that needed it.
    folders: HashMap<String, (PathBuf, O)>,
}

/// Why a claim failed: the owner already holding the path (or a folder of it).
#[derive(Debug, PartialEq, Eq)]
pub enum Clash<O> {
    /// The same file; `path` is the other owner's file as it claimed it, which differs from
    /// the new claim only in case or Unicode normalization when it is not equal.
    SameFile { other: O, path: PathBuf },
    /// The path is a file for one owner and a folder for the other (`path` as the earlier
    /// owner named it).
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
        let key = fold(file);
        if let Some((path, other)) = self.files.get(&key) {
            return Err(Clash::SameFile {
                other: other.clone(),
                path: path.clone(),
            });
        }
        if let Some((path, other)) = self.folders.get(&key) {
            return Err(Clash::FileAndFolder {
                other: other.clone(),
                path: path.clone(),
            });
        }
        let folders: Vec<&Path> = file
            .ancestors()
            .skip(1)
            .filter(|folder| !folder.as_os_str().is_empty())
            .collect();
        for folder in &folders {
            if let Some((path, other)) = self.files.get(&fold(folder)) {
                return Err(Clash::FileAndFolder {
                    other: other.clone(),
                    path: path.clone(),
                });
            }
        }
        for folder in folders {
            self.folders
                .entry(fold(folder))
                .or_insert_with(|| (folder.to_path_buf(), owner.clone()));
        }
        self.files.insert(key, (file.to_path_buf(), owner));
        Ok(())
    }
}

/// `path` as case- and normalization-insensitive file systems see it: NFC, then lowercase.
fn fold(path: &Path) -> String {
    let text = path.to_string_lossy();
    icu_normalizer::ComposingNormalizerBorrowed::new_nfc()
        .normalize(&text)
        .to_lowercase()
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

/// Who claims an output file in [`collisions`].
#[derive(Clone, Copy, Debug)]
enum Owner {
    /// astc's own files: the output marker, the IR, script assets.
    Astc,
    /// A file of `public/`, by index.
    Public(usize),
    /// A page, by index into the jobs.
    Page(usize),
}

/// What claiming every output file found.
#[derive(Default)]
pub(crate) struct Collisions {
    /// Pages whose output files clash, as (index into the jobs, message).
    pub(crate) clashes: Vec<(usize, String)>,
    /// Pages not written because a public file has their exact output path, as (index into
    /// the jobs, message): Astro's rule, the public file wins and the page is skipped with a
    /// warning.
    pub(crate) shadowed: Vec<(usize, String)>,
}

/// Claims every output file: astc's own files (`own_files`) first, then the files of
/// `public/` (one that clashes with astc's own is an `Err`), then pages in order, so the
/// route listed first (higher priority) keeps the file.
pub(crate) fn collisions<'f>(
    jobs: &[Job],
    routes: &[Route],
    own_files: impl Iterator<Item = &'f str>,
    public: &[PublicFile],
) -> Result<Collisions, String> {
    let mut plan = Plan::default();
    for file in own_files {
        plan.claim(Path::new(file), Owner::Astc)
            .expect("astc's own file names are distinct and never folders of each other");
    }
    for (index, file) in public.iter().enumerate() {
        let Err(clash) = plan.claim(&file.output, Owner::Public(index)) else {
            continue;
        };
        let other = match clash {
            Clash::SameFile { other, .. } | Clash::FileAndFolder { other, .. } => other,
        };
        return Err(match other {
            Owner::Public(other) => format!(
                "`{}` and `{}` in `public/` would be copied to one file or to a file and a \
                 folder of one name: the names differ only in letter case or Unicode \
                 normalization, so they are one file on macOS and Windows",
                public[other].source.display(),
                file.source.display()
            ),
            _ => format!(
                "`{}` cannot be copied from `public/`: astc writes its own file at `{}` or \
                 in it; rename or move the public file",
                file.source.display(),
                file.output.display()
            ),
        });
    }
    let mut found = Collisions::default();
    for (index, job) in jobs.iter().enumerate() {
        let Err(clash) = plan.claim(&job.output, Owner::Page(index)) else {
            continue;
        };
        let owner = |other: &Owner| match *other {
            Owner::Page(other) if routes[jobs[other].route].dynamic => format!(
                "`{}` (from `{}`)",
                jobs[other].url_path, routes[jobs[other].route].pattern
            ),
            Owner::Page(other) => format!("`{}`", jobs[other].url_path),
            Owner::Public(other) => format!("the public file `{}`", public[other].source.display()),
            Owner::Astc => "astc's own output".to_owned(),
        };
        let pattern = &routes[job.route].pattern;
        let message = match clash {
            Clash::SameFile {
                other: other @ Owner::Public(_),
                path,
            } if path == job.output => {
                found.shadowed.push((
                    index,
                    format!(
                        "`{}` of `{pattern}` is not written: {} has its output path `{}`, \
                         and public files win",
                        job.url_path,
                        owner(&other),
                        job.output.display()
                    ),
                ));
                continue;
            }
            Clash::SameFile { other, path } if path == job.output => format!(
                "`{}` of `{pattern}` would be written to `{}`, which {} writes too",
                job.url_path,
                job.output.display(),
                owner(&other)
            ),
            Clash::SameFile { other, path } => format!(
                "`{}` of `{pattern}` would be written to `{}`, and {} to `{}`: the names differ \
                 only in letter case or Unicode normalization, so they are one file on macOS \
                 and Windows",
                job.url_path,
                job.output.display(),
                owner(&other),
                path.display()
            ),
            Clash::FileAndFolder { other, path } => format!(
                "`{}` of `{pattern}` and {} both need `{}`, one as a file and one as a folder",
                job.url_path,
                owner(&other),
                path.display()
            ),
        };
        found.clashes.push((index, message));
    }
    Ok(found)
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
            Err(Clash::SameFile {
                other: 1,
                path: PathBuf::from("a/index.html")
            })
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

    #[test]
    fn the_plan_compares_paths_as_case_and_normalization_insensitive_file_systems_do() {
        let mut plan = Plan::default();
        plan.claim(Path::new("Abc/index.html"), 0).unwrap();
        assert_eq!(
            plan.claim(Path::new("abc/index.html"), 1),
            Err(Clash::SameFile {
                other: 0,
                path: PathBuf::from("Abc/index.html")
            })
        );
        plan.claim(Path::new("caf\u{e9}/index.html"), 2).unwrap();
        assert_eq!(
            plan.claim(Path::new("CAFE\u{301}/index.html"), 3),
            Err(Clash::SameFile {
                other: 2,
                path: PathBuf::from("caf\u{e9}/index.html")
            })
        );
        plan.claim(Path::new("404.html"), 4).unwrap();
        assert_eq!(
            plan.claim(Path::new("404.HTML/index.html"), 5),
            Err(Clash::FileAndFolder {
                other: 4,
                path: PathBuf::from("404.html")
            })
        );
        plan.claim(Path::new("X/y/index.html"), 6).unwrap();
        assert_eq!(
            plan.claim(Path::new("x/Y"), 7),
            Err(Clash::FileAndFolder {
                other: 6,
                path: PathBuf::from("X/y")
            })
        );
        // Different names stay different.
        plan.claim(Path::new("abd/index.html"), 8).unwrap();
    }

    #[test]
    fn the_output_folder_may_not_hold_or_lie_in_the_sources() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("src");
        std::fs::create_dir_all(src.join("pages")).unwrap();
        std::os::unix::fs::symlink(&src, dir.path().join("link")).unwrap();
        for bad in [
            src.clone(),
            src.join("pages"),
            src.join("components/new"),
            dir.path().to_path_buf(),
            dir.path().join("link/out"),
            dir.path().join("dist/../src/x"),
        ] {
            assert!(check_location(&src, &bad).is_err(), "{bad:?} passed");
        }
        for ok in [dir.path().join("dist"), dir.path().join("srcx")] {
            check_location(&src, &ok).unwrap();
        }
    }
}
