//! The server's inputs: which files exist, their text, which are open. Only this module
//! writes salsa inputs; everything else reads a [`Snapshot`].

use astc_compiler::db::{Database, SourceFile, Workspace};
use salsa::Setter;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A document the client has open.
pub struct OpenDocument {
    pub version: i32,
}

pub struct State {
    db: Database,
    workspace: Workspace,
    files: HashMap<PathBuf, SourceFile>,
    pub open: HashMap<PathBuf, OpenDocument>,
}

/// A read-only view of the database for one request. Setting an input on the main database
/// cancels every query running on a snapshot (they unwind with `salsa::Cancelled`).
pub struct Snapshot {
    pub db: Database,
    pub workspace: Workspace,
    files: HashMap<PathBuf, SourceFile>,
}

impl Snapshot {
    pub fn file(&self, path: &Path) -> Option<SourceFile> {
        self.files.get(path).copied()
    }
}

impl Default for State {
    fn default() -> Self {
        let db = Database::default();
        let workspace = Workspace::new(&db, PathBuf::new(), Vec::new());
        Self {
            db,
            workspace,
            files: HashMap::new(),
            open: HashMap::new(),
        }
    }
}

impl State {
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            db: self.db.clone(),
            workspace: self.workspace,
            files: self.files.clone(),
        }
    }

    /// Whether the file is loaded (open or not).
    pub fn knows(&self, path: &Path) -> bool {
        self.files.contains_key(path)
    }

    pub fn text(&self, path: &Path) -> Option<&str> {
        self.files
            .get(path)
            .map(|file| file.text(&self.db).as_str())
    }

    /// Sets a file's text, adding the file to the workspace if it is new.
    pub fn set_text(&mut self, path: &Path, text: String) {
        match self.files.get(path) {
            Some(file) => {
                if file.text(&self.db) != &text {
                    file.set_text(&mut self.db).to(text);
                }
            }
            None => {
                let file = SourceFile::new(&self.db, path.to_path_buf(), text);
                self.files.insert(path.to_path_buf(), file);
                self.sync_workspace();
            }
        }
    }

    /// Adds many files at once (workspace loading): one workspace update.
    pub fn add_files(&mut self, files: Vec<(PathBuf, String)>) {
        for (path, text) in files {
            if self.files.contains_key(&path) {
                continue;
            }
            let file = SourceFile::new(&self.db, path.clone(), text);
            self.files.insert(path, file);
        }
        self.sync_workspace();
    }

    pub fn remove(&mut self, path: &Path) {
        if self.files.remove(path).is_some() {
            self.sync_workspace();
        }
    }

    fn sync_workspace(&mut self) {
        let mut files: Vec<(&PathBuf, &SourceFile)> = self.files.iter().collect();
        files.sort_by(|a, b| a.0.cmp(b.0));
        let files = files.into_iter().map(|(_, file)| *file).collect();
        self.workspace.set_files(&mut self.db).to(files);
    }
}
