//! What runs a compiled site: the render-IR executor and the JavaScript host. Later: the HTTP
//! server and island crypto.
//!
//! Architecture invariants: this crate never imports the compiler. It executes the
//! [`ir::Site`] the compiler produced, so a compiled site renders without its sources. A page
//! whose components have no script never starts the JavaScript engine.
//!
//! - [`render`]: [`Renderer`], the API (pages, `getStaticPaths`, limits).
//! - `walk`: the IR walker (parts, holes, components, slots).
//! - `js` + `host.js`: the QuickJS host (modules, globals, promises, limits, errors).
//! - `intl`: `Intl` and the locale methods, backed by ICU4X, installed lazily per context.
//! - `modules`: module resolution and loading from the site.
//! - `paths`: `getStaticPaths` validation.
//! - `values`: facts about JS values and HTML names; `trace`: error locations.
//! - [`escape`]: HTML escaping, shared with the compiler's static folding; `css`: CSS
//!   declarations built from data.
//! - `strings`: the one JS → Rust string conversion (lone surrogates become U+FFFD).
//! - `budget`: output and console bytes per render.

mod budget;
mod css;
pub mod error;
mod intl;
mod js;
mod loops;
mod modules;
mod paths;
pub mod render;
mod strings;
mod trace;
mod values;
mod walk;

pub use error::{RenderError, RenderErrorKind};
pub use paths::StaticPath;
pub use render::{Limits, MAX_COMPONENT_DEPTH, Outcome, PageInput, Renderer};
