//! End-to-end tests, in one test binary: the `astc` CLI, and `astc lsp` driven by a real
//! editor (headless Neovim).

mod cli;
mod nvim;
