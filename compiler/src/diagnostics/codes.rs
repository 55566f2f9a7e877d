//! Every diagnostic code astc can report, registered once.
//!
//! Codes are stable: tools and users match on them. A code's number never changes meaning;
//! retired codes are not reused.

use super::Severity;
use serde::{Serialize, Serializer};

macro_rules! codes {
    ($($variant:ident = $code:literal, $name:literal, $severity:ident, $summary:literal;)*) => {
        /// A diagnostic code: stable identity of one kind of problem.
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
        pub enum Code {
            $(
                #[doc = $summary]
                $variant,
            )*
        }

        impl Code {
            /// Every code, in registry order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The code as written in output, e.g. `E0106`.
            pub const fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// A short kebab-case name, e.g. `unclosed-element`.
            pub const fn name(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// The severity the code is reported with.
            pub const fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// One line describing what the code means.
            pub const fn summary(self) -> &'static str {
                match self { $(Code::$variant => $summary,)* }
            }
        }
    };
}

codes! {
    // Syntax: the shape of the file.
    UnclosedFrontmatter = "E0101", "unclosed-frontmatter", Error, "The frontmatter's opening `---` has no closing `---`.";
    UnclosedComment = "E0102", "unclosed-comment", Error, "An HTML comment `<!--` is never closed with `-->`.";
    UnterminatedString = "E0103", "unterminated-string", Error, "A quoted attribute value has no closing quote.";
    UnterminatedTag = "E0104", "unterminated-tag", Error, "A tag is missing its closing `>`.";
    UnclosedExpression = "E0105", "unclosed-expression", Error, "An expression `{` has no matching `}`.";
    UnclosedElement = "E0106", "unclosed-element", Error, "An element is opened but never closed.";
    MismatchedClosingTag = "E0107", "mismatched-closing-tag", Error, "A closing tag does not match the element that is open.";
    StrayClosingTag = "E0108", "stray-closing-tag", Error, "A closing tag has no open element to close.";
    MissingAttributeValue = "E0109", "missing-attribute-value", Error, "An attribute has `=` but no value.";
    UnexpectedCharacterInTag = "E0110", "unexpected-character-in-tag", Error, "A character that cannot appear inside a tag.";
    VoidElementClosingTag = "E0111", "void-element-closing-tag", Error, "A void element such as `<br>` cannot have a closing tag.";
    NestingTooDeep = "E0112", "nesting-too-deep", Error, "Elements or expressions are nested deeper than astc supports.";
    UnexpectedToken = "E0113", "unexpected-token", Error, "The parser met something it did not expect here.";
    AttributesOnClosingTag = "E0114", "attributes-on-closing-tag", Error, "A closing tag carries attributes.";
    SourceTooLarge = "E0115", "source-too-large", Error, "The file is larger than astc reads (2 MiB).";
    TooManyDiagnostics = "E0116", "too-many-diagnostics", Error, "A file has more diagnostics than astc lists (200); the rest are counted, not shown (a warning when none of them is an error).";

    // JavaScript and TypeScript in frontmatter and expressions.
    FrontmatterSyntax = "E0201", "frontmatter-syntax", Error, "The frontmatter is not valid TypeScript.";
    InvalidPrerender = "E0202", "invalid-prerender", Error, "`export const prerender` must be the literal `true` or `false`.";
    ExpressionSyntax = "E0203", "expression-syntax", Error, "An `{expression}` is not a valid JavaScript/TypeScript expression.";
    InvalidGetStaticPaths = "E0204", "invalid-get-static-paths", Error, "`getStaticPaths` must be an exported function.";
    UnsupportedImport = "E0205", "unsupported-import", Error, "Only relative imports (components, `.json`, `.js`, `.ts`) can be built.";

    // Styles.
    CssSyntax = "E0301", "css-syntax", Error, "A `<style>` block is not valid CSS.";
    CssWarning = "W0302", "css-warning", Warning, "A `<style>` block has CSS that will be ignored.";

    // Meaning: components, directives, slots.
    UnknownComponent = "E0401", "unknown-component", Error, "A component tag is not bound by an import or a local variable.";
    ClientDirectiveOnAstralComponent = "E0402", "client-directive-on-astral-component", Error, "`client:*` hydrates framework components; an `.astral` component has no client code.";
    ClientDirectiveOnElement = "E0403", "client-directive-on-element", Error, "`client:*` is only meaningful on a framework component, not an HTML element.";
    InvalidServerDefer = "E0404", "invalid-server-defer", Error, "`server:defer` is only allowed on `.astral` components.";
    UnknownDirective = "E0405", "unknown-directive", Error, "A `client:`, `server:`, `set:`, `is:` or `define:` directive that does not exist.";
    ClientMediaWithoutQuery = "E0406", "client-media-without-query", Error, "`client:media` needs a media query.";
    SetHtmlWithChildren = "E0407", "set-html-with-children", Error, "An element with `set:html` or `set:text` also has children, which would be ignored.";
    DuplicateAttribute = "W0408", "duplicate-attribute", Warning, "The same attribute is given twice; only one takes effect.";
    DynamicSlotName = "E0409", "dynamic-slot-name", Error, "`<slot name>` must be a static string.";
    ComponentNotFound = "E0410", "component-not-found", Error, "An imported `.astral` component file does not exist.";
    ComponentImportCycle = "E0412", "component-import-cycle", Error, "Components import each other in a cycle.";
    ClientOnlyWithoutFramework = "W0411", "client-only-without-framework", Warning, "`client:only` should name the framework that renders the component.";
    DirectiveWithoutEffect = "W0413", "directive-without-effect", Warning, "A directive is written where it has no effect (e.g. `is:global` on a `<div>`, `set:html` on a component).";

    // Building: lowering, routes and rendering (reported by `astc compile`).
    RenderError = "E0501", "render-error", Error, "JavaScript threw an exception while rendering a page.";
    RenderTimeout = "E0502", "render-timeout", Error, "Rendering a page took longer than the time limit.";
    RenderOutOfMemory = "E0503", "render-out-of-memory", Error, "Rendering a page used more memory than the limit.";
    InvalidStaticPaths = "E0504", "invalid-static-paths", Error, "`getStaticPaths` returned something that is not a list of `{ params, props }`.";
    MissingStaticPaths = "E0505", "missing-static-paths", Error, "A prerendered dynamic route has no `getStaticPaths`.";
    RouteConflict = "E0506", "route-conflict", Error, "Two pages define the same route or output file.";
    RenderNestingTooDeep = "E0507", "render-nesting-too-deep", Error, "Components render each other deeper than the limit (likely endless recursion).";
    UnsupportedComponent = "E0508", "unsupported-component", Error, "A framework component cannot be rendered yet.";
    MissingModule = "E0509", "missing-module", Error, "A relative import of a `.js`, `.ts` or `.json` file cannot be read.";
    UnsupportedOutput = "E0510", "unsupported-output", Error, "The project asks for on-demand rendering, which this astc cannot build yet.";
    ImportOutsideProject = "E0511", "import-outside-project", Error, "An import resolves to a file outside the project folder.";
    RenderOutputTooLarge = "E0512", "render-output-too-large", Error, "Rendering a page produced more HTML than the limit.";
    ServerIslandUnsupported = "E0513", "server-island-unsupported", Error, "A component has `server:defer`: server islands cannot be built yet.";
    ShadowedPage = "W0520", "shadowed-page", Warning, "A page is not built because a route of higher priority or a file in `public/` gives the same path, as in Astro.";
    UnbuiltPageFile = "W0521", "unbuilt-page-file", Warning, "A file under `src/pages/` that Astro would build (a Markdown page, an endpoint) is not built by this astc yet.";

    // Project settings (`astral.toml`).
    InvalidConfig = "E0601", "invalid-config", Error, "`astral.toml` is not valid TOML, has an unknown key or a wrong value.";
    InvalidEnvFile = "E0602", "invalid-env-file", Error, "A `.env` file has a line that is not `NAME=value`.";
    InvalidAstroConfig = "E0603", "invalid-astro-config", Error, "`astro.config.*` cannot be evaluated, or sets a value astc cannot use.";
    AstroConfigNotApplied = "W0604", "astro-config-not-applied", Warning, "`astro.config.*` sets something astc does not apply (an integration, a key it has no setting for yet).";
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_and_names_are_unique_and_match_severity() {
        let mut seen = HashSet::new();
        for code in Code::ALL {
            assert!(
                seen.insert(code.as_str()),
                "duplicate code {}",
                code.as_str()
            );
            assert!(seen.insert(code.name()), "duplicate name {}", code.name());
            let prefix = match code.severity() {
                Severity::Error => 'E',
                Severity::Warning => 'W',
            };
            assert!(
                code.as_str().starts_with(prefix),
                "{} has the wrong prefix",
                code.as_str()
            );
        }
    }
}
