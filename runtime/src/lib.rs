//! What runs a compiled site: the render-IR executor and the JavaScript host. Later: the HTTP
//! server and island crypto.
//!
//! Architecture invariant: this crate never imports the compiler. It executes the
//! [`ir::Site`] the compiler produced, so a compiled site renders without its sources.

pub mod ir;
