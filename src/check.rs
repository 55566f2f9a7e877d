//! `astc check`: diagnostics for every component file of a project.

use crate::{Color, Format};
use astc_compiler::config::{ConfigError, Loaded};
use astc_compiler::db::{Database, SourceFile, Workspace, check_all};
use astc_compiler::diagnostics::{render_github, render_human, render_json_value};
use astc_compiler::files::{find_component_files, read_all};
use astc_compiler::project;
use astc_compiler::{Diagnostic, LineIndex, Severity};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

pub struct Options {
    pub src: PathBuf,
    pub format: Format,
    pub deny_warnings: bool,
    pub color: Color,
}

/// The diagnostics of one file, with what is needed to print them.
struct FileReport {
    path: String,
    text: String,
    diagnostics: Vec<Diagnostic>,
}

pub fn run(options: &Options) -> ExitCode {
    let started = Instant::now();
    let reports = match check_folder(&options.src) {
        Ok(reports) => reports,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let count = |severity| {
        reports
            .iter()
            .flat_map(|report| &report.diagnostics)
            .filter(|d| d.severity == severity)
            .count()
    };
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let color = match options.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stderr().is_terminal(),
    };
    let mut stdout = std::io::stdout().lock();
    let written = match options.format {
        Format::Human => {
            let mut stderr = std::io::stderr().lock();
            for report in &reports {
                let _ = stderr.write_all(
                    render_human(&report.path, &report.text, &report.diagnostics, color).as_bytes(),
                );
            }
            writeln!(
                stderr,
                "Checked {} file{} in {} ms: {errors} error{}, {warnings} warning{}.",
                reports.len(),
                plural(reports.len()),
                started.elapsed().as_millis(),
                plural(errors),
                plural(warnings),
            )
        }
        Format::Json => {
            let diagnostics: Vec<_> = reports
                .iter()
                .flat_map(|report| {
                    let index = LineIndex::new(&report.text);
                    report
                        .diagnostics
                        .iter()
                        .map(move |d| render_json_value(&report.path, &report.text, &index, d))
                        .collect::<Vec<_>>()
                })
                .collect();
            let document = serde_json::json!({
                "files": reports.len(),
                "errors": errors,
                "warnings": warnings,
                "diagnostics": diagnostics,
            });
            writeln!(stdout, "{document:#}")
        }
        Format::Github => {
            for report in &reports {
                let index = LineIndex::new(&report.text);
                let _ = stdout.write_all(
                    render_github(&report.path, &report.text, &index, &report.diagnostics)
                        .as_bytes(),
                );
            }
            eprintln!(
                "Checked {} files: {errors} errors, {warnings} warnings.",
                reports.len()
            );
            Ok(())
        }
    };
    if written.is_err() {
        return ExitCode::from(2);
    }
    if errors > 0 || (options.deny_warnings && warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Loads every component file of the project `path` names into a database and checks them
/// in parallel, with the project's `astral.toml`.
fn check_folder(path: &Path) -> Result<Vec<FileReport>, String> {
    let project = project::discover(path);
    let loaded = read_all(find_component_files(&project.src)?)?;
    let db = Database::default();
    let files: Vec<SourceFile> = loaded
        .into_iter()
        .map(|file| SourceFile::new(&db, file.path, file.text))
        .collect();
    let workspace = Workspace::new(&db, project.root.clone(), files.clone());
    let mut reports: Vec<FileReport> = check_all(&db, workspace)
        .into_iter()
        .map(|(file, diagnostics)| FileReport {
            path: file.path(&db).display().to_string(),
            text: file.text(&db).clone(),
            diagnostics,
        })
        .collect();
    reports.extend(config_report(project.config)?);
    Ok(reports)
}

/// The project's `astral.toml` as a report, if there is one.
fn config_report(config: Result<Loaded, ConfigError>) -> Result<Option<FileReport>, String> {
    Ok(match config {
        Ok(loaded) if !loaded.path.is_file() => None,
        Ok(loaded) => Some(FileReport {
            path: loaded.path.display().to_string(),
            text: loaded.text,
            diagnostics: Vec::new(),
        }),
        Err(ConfigError::Io(message)) => return Err(message),
        Err(ConfigError::Invalid {
            path,
            text,
            diagnostics,
        }) => Some(FileReport {
            path: path.display().to_string(),
            text,
            diagnostics,
        }),
    })
}

/// `astc parse FILE`: the tree dump, then the syntax diagnostics.
pub fn parse_and_dump(path: &Path) -> ExitCode {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("error: cannot read `{}`: {error}", path.display());
            return ExitCode::from(2);
        }
    };
    let parse = astc_compiler::parse(&text);
    print!("{}", astc_compiler::syntax::dump(&parse.document, &text));
    let name = path.display().to_string();
    eprint!(
        "{}",
        render_human(
            &name,
            &text,
            &parse.diagnostics,
            std::io::stderr().is_terminal()
        )
    );
    if parse.diagnostics.iter().any(Diagnostic::is_error) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
