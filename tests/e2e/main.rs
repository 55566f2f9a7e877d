//! End-to-end tests, in one test binary: the `astc` CLI (`check`, `compile`), and `astc lsp`
//! driven by a real editor (headless Neovim).

mod architecture;
mod cli;
mod compile;
mod confinement;
mod hostile;
mod nvim;
