//! The `astc` command line: argument parsing and dispatch only.

mod check;
mod compile;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

// Parsing, lowering and the JS engine (through rquickjs's `rust-alloc`) allocate many small
// objects; mimalloc serves them faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "astc",
    version,
    about = "Compiler, checker and language tools for .astral components"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check every .astral and .astro file under SRC and print diagnostics.
    ///
    /// Exit status: 0 when there are no errors, 1 when there are errors (or warnings with
    /// --deny-warnings), 2 on a usage or I/O error.
    Check {
        /// The folder (or single file) to check.
        #[arg(default_value = "src")]
        src: PathBuf,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Fail on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// Colour human output: auto (when stderr is a terminal), always or never.
        #[arg(long, value_enum, default_value_t = Color::Auto)]
        color: Color,
    },
    /// Build the site under SRC into static files in OUT.
    ///
    /// Exit status: 0 built, 1 errors in the sources, 2 usage or I/O error.
    Compile {
        /// The site's `src/` folder (it must contain `pages/`).
        #[arg(default_value = "src")]
        src: PathBuf,
        /// Where to write the site (emptied first if astc wrote it before). Default: `outDir`
        /// of `astral.toml`, or `dist` next to SRC.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Print the time each build phase took.
        #[arg(long)]
        timings: bool,
        /// What to write: `html` (the pages) and/or `ir` (`OUT/ir.json`, the render IR).
        #[arg(long, value_enum, value_delimiter = ',', default_value = "html")]
        emit: Vec<Emit>,
        /// The time limit for rendering one page, in milliseconds (default 10 000).
        #[arg(long, hide = true)]
        render_timeout_ms: Option<u64>,
    },
    /// Run the language server on stdin/stdout (for editors).
    Lsp,
    /// Print the syntax tree and syntax diagnostics of one file (for debugging astc).
    #[command(hide = true)]
    Parse { file: PathBuf },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Readable reports with source excerpts.
    Human,
    /// One JSON document on stdout.
    Json,
    /// GitHub Actions annotations.
    Github,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Emit {
    Html,
    Ir,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check {
            src,
            format,
            deny_warnings,
            color,
        } => check::run(&check::Options {
            src,
            format,
            deny_warnings,
            color,
        }),
        Command::Compile {
            src,
            out,
            timings,
            mut emit,
            render_timeout_ms,
        } => {
            emit.dedup();
            compile::run(&compile::Options {
                src,
                out,
                timings,
                emit,
                render_timeout_ms,
            })
        }
        Command::Lsp => match astc_lsp::run_stdio() {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("error: cannot start the language server: {error}");
                ExitCode::from(2)
            }
        },
        Command::Parse { file } => check::parse_and_dump(&file),
    }
}
