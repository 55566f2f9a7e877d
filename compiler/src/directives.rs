//! The one directive table: every directive astc knows, where it has an effect, and its
//! one-line documentation. The checker (unknown names, `W0413`), lowering (which attributes
//! are instructions, not output) and the language server (completion, hover) all read it.

use crate::syntax::ElementKind;

/// Where a directive has an effect.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Placement {
    /// A component (`client:*`, `server:defer`).
    Component,
    /// An HTML element or a fragment (`set:*`).
    ElementOrFragment,
    /// An HTML element (`class:list`, `is:raw`).
    Element,
    /// A `<script>` or a `<style>` (`is:inline`, `define:vars`).
    ScriptOrStyle,
    /// A `<style>` (`is:global`).
    Style,
}

impl Placement {
    /// Whether a directive with this placement has an effect on an element of `kind` named
    /// `tag`.
    pub fn fits(self, kind: ElementKind, tag: &str) -> bool {
        match self {
            Placement::Component => kind == ElementKind::Component,
            Placement::ElementOrFragment => {
                matches!(kind, ElementKind::Html | ElementKind::Fragment)
            }
            Placement::Element => kind == ElementKind::Html,
            Placement::ScriptOrStyle => {
                kind == ElementKind::Html && matches!(tag, "script" | "style")
            }
            Placement::Style => kind == ElementKind::Html && tag == "style",
        }
    }

    /// Where the directive belongs, as said in messages.
    pub fn describe(self) -> &'static str {
        match self {
            Placement::Component => "a component",
            Placement::ElementOrFragment => "an HTML element or a fragment",
            Placement::Element => "an HTML element",
            Placement::ScriptOrStyle => "a `<script>` or a `<style>`",
            Placement::Style => "a `<style>`",
        }
    }
}

/// One directive.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Directive {
    /// The full name, e.g. `client:load`.
    pub name: &'static str,
    pub placement: Placement,
    /// One line saying what it does (Markdown), shown on hover and in completion.
    pub doc: &'static str,
}

impl Directive {
    /// The part before the colon, e.g. `client`.
    pub fn namespace(&self) -> &'static str {
        self.name.split_once(':').map_or(self.name, |(ns, _)| ns)
    }
}

/// Every directive.
pub const DIRECTIVES: &[Directive] = &[
    Directive {
        name: "client:load",
        placement: Placement::Component,
        doc: "Hydrate this framework component in the browser as soon as the page loads.",
    },
    Directive {
        name: "client:idle",
        placement: Placement::Component,
        doc: "Hydrate this framework component once the browser is idle (`requestIdleCallback`).",
    },
    Directive {
        name: "client:visible",
        placement: Placement::Component,
        doc: "Hydrate this framework component when it scrolls into view (`IntersectionObserver`).",
    },
    Directive {
        name: "client:media",
        placement: Placement::Component,
        doc: "Hydrate this framework component when the media query matches, e.g. `client:media=\"(max-width: 50em)\"`.",
    },
    Directive {
        name: "client:only",
        placement: Placement::Component,
        doc: "Render this framework component only in the browser; name its framework, e.g. `client:only=\"react\"`.",
    },
    Directive {
        name: "server:defer",
        placement: Placement::Component,
        doc: "Render this `.astral` component as a server island: the page ships its `slot=\"fallback\"` content and fetches the island's HTML afterwards.",
    },
    Directive {
        name: "set:html",
        placement: Placement::ElementOrFragment,
        doc: "Set the element's inner HTML from an expression, unescaped. Only use it with trusted HTML.",
    },
    Directive {
        name: "set:text",
        placement: Placement::ElementOrFragment,
        doc: "Set the element's text content from an expression, escaped.",
    },
    Directive {
        name: "is:raw",
        placement: Placement::Element,
        doc: "Treat the element's children as literal text: no expressions, no tags.",
    },
    Directive {
        name: "is:inline",
        placement: Placement::ScriptOrStyle,
        doc: "Leave this `<script>` or `<style>` exactly as written: not processed, bundled or scoped.",
    },
    Directive {
        name: "is:global",
        placement: Placement::Style,
        doc: "Do not scope this `<style>`: its selectors apply to the whole page.",
    },
    Directive {
        name: "define:vars",
        placement: Placement::ScriptOrStyle,
        doc: "Pass server values into a `<script>` (as JSON) or `<style>` (as CSS custom properties).",
    },
    Directive {
        name: "class:list",
        placement: Placement::Element,
        doc: "Build the `class` attribute from strings, arrays and `{ name: condition }` objects (clsx semantics).",
    },
];

/// The directive named `name`, if it is one.
pub fn lookup(name: &str) -> Option<&'static Directive> {
    DIRECTIVES.iter().find(|directive| directive.name == name)
}

/// Whether `namespace` (the part before a colon) is a directive namespace: an attribute in
/// one is an instruction to the compiler, never output, even when the name is unknown.
pub fn is_namespace(namespace: &str) -> bool {
    DIRECTIVES
        .iter()
        .any(|directive| directive.namespace() == namespace)
}

/// Whether the attribute `name` is in a directive namespace (see [`is_namespace`]).
pub fn is_directive_attribute(name: &str) -> bool {
    name.split_once(':')
        .is_some_and(|(namespace, _)| is_namespace(namespace))
}

/// The directives of `namespace`, in table order.
pub fn in_namespace(namespace: &str) -> impl Iterator<Item = &'static Directive> + '_ {
    DIRECTIVES
        .iter()
        .filter(move |directive| directive.namespace() == namespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_namespaced() {
        for (i, directive) in DIRECTIVES.iter().enumerate() {
            assert!(directive.name.contains(':'), "{}", directive.name);
            assert_eq!(lookup(directive.name), Some(&DIRECTIVES[i]));
        }
    }

    #[test]
    fn placement_follows_the_element() {
        let inline = lookup("is:inline").unwrap().placement;
        assert!(inline.fits(ElementKind::Html, "script"));
        assert!(!inline.fits(ElementKind::Html, "div"));
        assert!(!inline.fits(ElementKind::Component, "style"));
        assert!(Placement::ElementOrFragment.fits(ElementKind::Fragment, "Fragment"));
        assert!(!Placement::Component.fits(ElementKind::Slot, "slot"));
        assert!(is_directive_attribute("client:bogus"));
        assert!(!is_directive_attribute("xlink:href"));
    }
}
