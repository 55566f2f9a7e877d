//! The one error type of rendering.

use std::fmt;

/// Why a render (or a `getStaticPaths` call) failed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RenderErrorKind {
    /// JavaScript threw (or a promise rejected), or a value could not be rendered (a component
    /// reference in text position, a dynamic tag that is neither a string nor a component…).
    Exception,
    /// The render ran longer than [`crate::Limits::time_per_render`].
    Timeout,
    /// The JavaScript heap reached [`crate::Limits::memory_bytes`].
    OutOfMemory,
    /// The render's HTML outgrew [`crate::Limits::output_bytes`].
    OutputTooLarge,
    /// `getStaticPaths` returned something other than an array of `{ params, props? }`, or a
    /// page asked for a path entry that does not exist.
    BadStaticPaths,
    /// A component id that is not in the site (a page, a static call or a `$$component` id).
    MissingComponent,
    /// Components nested deeper than [`crate::render::MAX_COMPONENT_DEPTH`] (infinite
    /// recursion such as `<Astro.self/>` or A → B → A), or values nested deeper than the
    /// renderer follows.
    NestingTooDeep,
    /// The IR asks for something this runtime cannot render yet (a server island).
    Unsupported,
    /// The IR broke its contract (a hole without a frame, a frame that is not an array…) or
    /// the engine failed in an unexpected way. A bug in the compiler or the runtime.
    Internal,
}

/// A failed render: what went wrong and where.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct RenderError {
    pub kind: RenderErrorKind,
    /// For exceptions, the JavaScript error as `String(error)` would print it (`Error: boom`).
    pub message: String,
    /// The id of the component the error is located in.
    pub component: String,
    /// 1-based line in the component's source file, when known.
    pub line: Option<u32>,
    /// 1-based column, when known: the column in the compiled module's line, which is the
    /// source column when the compiler kept that line's text (frontmatter).
    pub column: Option<u32>,
}

impl RenderError {
    pub(crate) fn new(
        kind: RenderErrorKind,
        component: impl Into<String>,
        message: impl Into<String>,
    ) -> RenderError {
        RenderError {
            kind,
            message: message.into(),
            component: component.into(),
            line: None,
            column: None,
        }
    }
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.component)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for RenderError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_includes_location_when_known() {
        let mut e = RenderError::new(RenderErrorKind::Exception, "pages/a.astral", "Error: boom");
        assert_eq!(e.to_string(), "pages/a.astral: Error: boom");
        e.line = Some(3);
        e.column = Some(7);
        assert_eq!(e.to_string(), "pages/a.astral:3:7: Error: boom");
    }
}
