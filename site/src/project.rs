//! Reading a project: its folders, `astral.toml`, its component files, and the database
//! they are put in.

use crate::astro_config;
use crate::public::{self, PublicFile};
use crate::{BuildError, BuildOptions, FileDiagnostics, output};
use astc_compiler::config::{Config, ConfigError, Loaded, Output};
use astc_compiler::db::{Database, SourceFile, Workspace};
use astc_compiler::diagnostics::{Code, Diagnostic};
use astc_compiler::files::{find_component_files, read_all};
use std::collections::HashMap;
use std::path::PathBuf;

/// A project read from disk, its files in the database.
pub(crate) struct Project {
    /// The folder holding `src/`.
    pub(crate) root: PathBuf,
    /// `src/pages/`.
    pub(crate) pages_dir: PathBuf,
    pub(crate) config: Config,
    /// The output folder.
    pub(crate) out: PathBuf,
    pub(crate) db: Database,
    pub(crate) workspace: Workspace,
    /// Every component file, in the order found.
    pub(crate) files: Vec<SourceFile>,
    pub(crate) by_path: HashMap<PathBuf, SourceFile>,
    /// The files of `public/`, to copy.
    pub(crate) public: Vec<PublicFile>,
    /// Whether to write a sitemap (`@astrojs/sitemap` in `astro.config.*`).
    pub(crate) sitemap: bool,
    /// What `astro.config.*` sets that astc does not apply.
    pub(crate) warnings: Vec<FileDiagnostics>,
}

/// Reads the project of `options.src`, with its settings from `astral.toml` and then
/// `astro.config.*`: refuses a missing `pages/` folder, a bad `astral.toml` or Astro
/// config, an output folder that would overwrite the sources or lie in `public/`, and a
/// public file that leads outside the project.
pub(crate) fn read(options: &BuildOptions) -> Result<Project, BuildError> {
    let project = astc_compiler::project::discover(&options.src);
    let src = &project.src;
    let pages_dir = src.join("pages");
    if !pages_dir.is_dir() {
        return Err(BuildError::Io(format!(
            "`{}` has no `pages/` folder",
            src.display()
        )));
    }
    let root = project.root.clone();
    let (config, astral_text) = load_config(project.config)?;
    let astro_config::Settings {
        config,
        sitemap,
        warnings,
    } = match astro_config::read(&root)? {
        Some(astro) => astro_config::merge(config, &astral_text, &astro)?,
        None => astro_config::Settings {
            config,
            sitemap: false,
            warnings: Vec::new(),
        },
    };
    let out = match &options.out {
        Some(out) => out.clone(),
        None => root.join(&config.out_dir),
    };
    output::check_location(src, &out).map_err(BuildError::Io)?;
    public::check_location(&root, &out).map_err(BuildError::Io)?;
    let public = public::find(&root).map_err(BuildError::Io)?;
    let loaded =
        read_all(find_component_files(src).map_err(BuildError::Io)?).map_err(BuildError::Io)?;
    let db = Database::default();
    let files: Vec<SourceFile> = loaded
        .into_iter()
        .map(|file| SourceFile::new(&db, file.path, file.text))
        .collect();
    let workspace = Workspace::new(&db, root.clone(), files.clone());
    let by_path = files.iter().map(|&f| (f.path(&db).clone(), f)).collect();
    Ok(Project {
        root,
        pages_dir,
        config,
        out,
        db,
        workspace,
        files,
        by_path,
        public,
        sitemap,
        warnings,
    })
}

/// The project's `astral.toml` and its text; on-demand output is refused, since this build
/// writes static files only.
fn load_config(loaded: Result<Loaded, ConfigError>) -> Result<(Config, String), BuildError> {
    let loaded = match loaded {
        Ok(loaded) => loaded,
        Err(ConfigError::Io(message)) => return Err(BuildError::Io(message)),
        Err(ConfigError::Invalid {
            path,
            text,
            diagnostics,
        }) => {
            return Err(BuildError::Diagnostics(vec![FileDiagnostics {
                path: path.display().to_string(),
                text,
                diagnostics,
            }]));
        }
    };
    if loaded.config.output == Output::Server {
        let span = loaded.config.output_span.unwrap_or_default();
        return Err(BuildError::Diagnostics(vec![FileDiagnostics {
            path: loaded.path.display().to_string(),
            text: loaded.text,
            diagnostics: vec![
                Diagnostic::new(
                    Code::UnsupportedOutput,
                    span,
                    "`output = \"server\"` (rendering pages on demand) is not supported by this astc yet",
                )
                .with_help("use `output = \"static\"` (the default) to prerender every page"),
            ],
        }]));
    }
    Ok((loaded.config, loaded.text))
}
