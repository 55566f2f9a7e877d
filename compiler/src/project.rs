//! Project discovery: the one rule, used by every command, for where a project's root, its
//! source folder and its `astral.toml` are.

use crate::config::{self, ConfigError, Loaded};
use std::path::{Path, PathBuf};

/// A project on disk.
pub struct Project {
    /// The project folder: where `astral.toml` is, and what component ids are relative to.
    pub root: PathBuf,
    /// The source folder (`src/`): the component files, `pages/` among them.
    pub src: PathBuf,
    /// `ROOT/astral.toml`, read and validated (defaults when there is none). Only the root is
    /// looked at, never the source folder.
    pub config: Result<Loaded, ConfigError>,
}

/// The project that `path` names: a project folder (one with a `src/` folder), or else its
/// source folder, whose parent is the root.
pub fn discover(path: &Path) -> Project {
    let (root, src) = if path.join("src").is_dir() {
        (path.to_path_buf(), path.join("src"))
    } else {
        let root = path.parent().unwrap_or(Path::new("")).to_path_buf();
        (root, path.to_path_buf())
    };
    let config = config::load(&root);
    Project { root, src, config }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_project_folder_or_its_source_folder_finds_the_same_project() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("src/pages")).unwrap();
        std::fs::write(root.join(config::CONFIG_FILE), "outDir = \"out\"\n").unwrap();
        for given in [root.to_path_buf(), root.join("src")] {
            let project = discover(&given);
            assert_eq!(project.root, root);
            assert_eq!(project.src, root.join("src"));
            let loaded = project.config.ok().expect("valid config");
            assert_eq!(loaded.config.out_dir, PathBuf::from("out"));
        }
    }

    #[test]
    fn a_config_in_the_source_folder_is_not_the_projects() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("src");
        std::fs::create_dir_all(&src).unwrap();
        std::fs::write(src.join(config::CONFIG_FILE), "nonsense = 1\n").unwrap();
        let project = discover(&src);
        assert_eq!(project.root, dir.path());
        let loaded = project
            .config
            .ok()
            .expect("defaults: the root has no config");
        assert!(loaded.text.is_empty());
    }
}
