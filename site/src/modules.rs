//! The JavaScript modules a site's components import: relative `.js`/`.ts`/`.json` files,
//! followed transitively, TypeScript stripped, JSON wrapped as `export default`.

use crate::FileDiagnostics;
use crate::problems::report;
use crate::project::Project;
use astc_compiler::db;
use astc_compiler::files::{confine, is_component_file, real_path};
use astc_compiler::modules::{compile_module, id_of, resolve};
use astc_compiler::{Code, Diagnostic, Span};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Loads the modules the project's components import (relative, not type-only, not
/// components): module id → JavaScript, and the problems as diagnostics of the importers.
pub(crate) fn load_imports(project: &Project) -> (BTreeMap<String, String>, Vec<FileDiagnostics>) {
    let db = &project.db;
    let requests = project
        .files
        .iter()
        .flat_map(|&file| {
            let path = file.path(db).clone();
            db::frontmatter(db, file)
                .imports
                .iter()
                .filter(|import| {
                    !import.type_only
                        && (import.source.starts_with("./") || import.source.starts_with("../"))
                        && !is_component_file(Path::new(&import.source))
                })
                .map(move |import| Request {
                    importer: path.clone(),
                    specifier: import.source.clone(),
                    span: import.source_span,
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let loaded = load(&project.root, requests);
    let problems = loaded
        .problems
        .into_iter()
        .filter_map(|(path, diagnostic)| {
            let file = *project.by_path.get(&path)?;
            Some(report(db, file, vec![diagnostic]))
        })
        .collect();
    (loaded.modules, problems)
}

/// A relative import found in a component, to be loaded.
pub struct Request {
    /// The importing component's id (for error messages) and file.
    pub importer: PathBuf,
    pub specifier: String,
    /// The import's string literal in the component's source.
    pub span: Span,
}

/// A module to load.
struct Pending {
    /// The folder its specifier is relative to.
    dir: PathBuf,
    /// The component import that led to it, directly or through other modules: where its
    /// problems are reported.
    origin: (PathBuf, Span),
    /// The module that imports it, when that is not the component.
    via: Option<PathBuf>,
    specifier: String,
}

/// What was loaded: module id → JavaScript, and the imports that could not be loaded.
pub struct Loaded {
    pub modules: BTreeMap<String, String>,
    /// (importing component file, diagnostic in it)
    pub problems: Vec<(PathBuf, Diagnostic)>,
}

/// Loads every module `requests` need, and what those modules import, from disk. Ids are
/// paths relative to `root`.
///
/// Only files inside the project are read: a specifier that resolves (after symlinks) to a
/// file outside the real path of `root` is an `E0511` error at the import, and is not read.
pub fn load(root: &Path, requests: Vec<Request>) -> Loaded {
    let mut loaded = Loaded {
        modules: BTreeMap::new(),
        problems: Vec::new(),
    };
    let real_root = real_path(root);
    let mut queue: Vec<Pending> = requests
        .into_iter()
        .map(|request| Pending {
            dir: request
                .importer
                .parent()
                .unwrap_or(Path::new(""))
                .to_path_buf(),
            origin: (request.importer, request.span),
            via: None,
            specifier: request.specifier,
        })
        .collect();
    while let Some(Pending {
        dir,
        origin,
        via,
        specifier,
    }) = queue.pop()
    {
        // Problems are reported at the component import that led here, also for a module
        // imported by another module (the message then names that module).
        let mut problem = |mut diagnostic: Diagnostic| {
            if let Some(via) = &via {
                diagnostic.message = format!(
                    "{} (imported by `{}`)",
                    diagnostic.message,
                    id_of(root, via)
                );
            }
            loaded.problems.push((
                origin.0.clone(),
                Diagnostic {
                    span: origin.1,
                    ..diagnostic
                },
            ));
        };
        let Some(path) = resolve(&dir, &specifier) else {
            problem(
                Diagnostic::new(Code::MissingModule, Span::default(), format!("cannot find the module `{specifier}`"))
                    .with_help("check the path; `.ts`, `.js` and `/index.ts` are tried when the extension is left out"),
            );
            continue;
        };
        let id = id_of(root, &path);
        if loaded.modules.contains_key(&id) {
            continue;
        }
        if let Err(message) = confine(&real_root, &path) {
            problem(
                Diagnostic::new(Code::ImportOutsideProject, Span::default(), message)
                    .with_help("astc reads modules from the project folder only; move or copy the file into it"),
            );
            continue;
        }
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) => {
                problem(Diagnostic::new(
                    Code::MissingModule,
                    Span::default(),
                    format!("cannot read `{}`: {error}", path.display()),
                ));
                continue;
            }
        };
        let is_json = path.extension().is_some_and(|e| e == "json");
        let compiled = match compile_module(&path.display().to_string(), &text, is_json) {
            Ok(compiled) => compiled,
            Err(message) => {
                problem(Diagnostic::new(
                    Code::MissingModule,
                    Span::default(),
                    message,
                ));
                continue;
            }
        };
        let module_dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
        for specifier in compiled.relative_imports {
            queue.push(Pending {
                dir: module_dir.clone(),
                origin: origin.clone(),
                via: Some(path.clone()),
                specifier,
            });
        }
        let js = compiled.js;
        loaded.modules.insert(id, js);
    }
    loaded
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A project with a module inside, a secret beside it, and (on Unix) symlinks to both.
    fn project() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("project");
        std::fs::create_dir_all(root.join("src/pages/deep")).unwrap();
        std::fs::create_dir_all(root.join("src/lib")).unwrap();
        std::fs::write(root.join("src/lib/ok.json"), r#"{"inside":1}"#).unwrap();
        std::fs::write(root.join("src/lib/mod.ts"), "export const x: number = 1;\n").unwrap();
        std::fs::write(tmp.path().join("secret.json"), r#"{"s3cret":1}"#).unwrap();
        std::fs::write(tmp.path().join("secret.ts"), "export const s3cret = 1;\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::symlink;
            symlink(
                tmp.path().join("secret.json"),
                root.join("src/lib/link.json"),
            )
            .unwrap();
            symlink(tmp.path(), root.join("src/lib/up")).unwrap();
            symlink(root.join("src/lib/ok.json"), root.join("src/lib/good.json")).unwrap();
        }
        (tmp, root)
    }

    fn load_one(root: &Path, specifier: &str) -> Loaded {
        load(
            root,
            vec![Request {
                importer: root.join("src/pages/deep/index.astral"),
                specifier: specifier.to_owned(),
                span: Span::new(1, 2),
            }],
        )
    }

    #[test]
    fn modules_inside_the_project_load() {
        let (_tmp, root) = project();
        let loaded = load_one(&root, "../../lib/ok.json");
        assert!(loaded.problems.is_empty());
        assert_eq!(
            loaded.modules.keys().collect::<Vec<_>>(),
            ["src/lib/ok.json"]
        );
        assert!(load_one(&root, "../../lib/mod").problems.is_empty());
        #[cfg(unix)]
        assert!(load_one(&root, "../../lib/good.json").problems.is_empty());
    }

    #[test]
    fn problems_of_modules_imported_by_modules_are_reported_at_the_component_import() {
        let (_tmp, root) = project();
        std::fs::write(
            root.join("src/lib/chain.ts"),
            "import { y } from './broken';\nimport { z } from './absent';\nexport const x = y + z;\n",
        )
        .unwrap();
        std::fs::write(root.join("src/lib/broken.ts"), "export const y = ;\n").unwrap();
        let loaded = load_one(&root, "../../lib/chain");
        let mut found: Vec<_> = loaded
            .problems
            .iter()
            .map(|(importer, diagnostic)| {
                assert!(importer.ends_with("src/pages/deep/index.astral"));
                assert_eq!(diagnostic.span, Span::new(1, 2));
                assert_eq!(diagnostic.code, Code::MissingModule);
                diagnostic.message.clone()
            })
            .collect();
        found.sort();
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].starts_with("cannot compile `") && found[0].contains("broken.ts"),
            "{found:?}"
        );
        assert_eq!(
            found[1],
            "cannot find the module `./absent` (imported by `src/lib/chain.ts`)"
        );
        assert!(found[0].ends_with("(imported by `src/lib/chain.ts`)"));
    }

    #[test]
    fn modules_outside_the_project_are_located_errors() {
        let (_tmp, root) = project();
        let mut outside = vec!["../../../../secret.json", "../../../../secret"];
        if cfg!(unix) {
            outside.extend(["../../lib/link.json", "../../lib/up/secret.json"]);
        }
        for specifier in outside {
            let loaded = load_one(&root, specifier);
            assert!(loaded.modules.is_empty(), "{specifier}");
            let [(_, diagnostic)] = loaded.problems.as_slice() else {
                panic!("{specifier}: {:?}", loaded.problems)
            };
            assert_eq!(diagnostic.code, Code::ImportOutsideProject, "{specifier}");
            assert_eq!(diagnostic.span, Span::new(1, 2));
        }
    }

    proptest::proptest! {
        /// Whatever a component imports, nothing outside the project is read: every loaded
        /// module really lies inside it, and the secret next to it never is loaded.
        #[test]
        fn no_specifier_reads_outside_the_project(
            segments in proptest::collection::vec(
                proptest::sample::select(vec![
                    "..", ".", "lib", "up", "src", "pages", "deep", "secret", "secret.json",
                    "secret.ts", "ok.json", "link.json", "good.json", "mod", "%2e%2e", "",
                    "..\\\\..", "project",
                ]),
                0..9,
            ),
            relative in proptest::bool::ANY,
        ) {
            let (tmp, root) = project();
            let joined = segments.join("/");
            let specifier = if relative { format!("./{joined}") } else { format!("../{joined}") };
            let loaded = load_one(&root, &specifier);
            let real_root = root.canonicalize().unwrap();
            for (id, js) in &loaded.modules {
                proptest::prop_assert!(!js.contains("s3cret"), "{specifier} loaded {id}");
                let real = root.join(id).canonicalize().unwrap();
                proptest::prop_assert!(real.starts_with(&real_root), "{specifier} loaded {id}");
            }
            drop(tmp);
        }
    }
}
