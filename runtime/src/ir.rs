//! The render IR: the contract between the compiler (which lowers syntax trees into it) and
//! the runtime (which executes it). Serializable, so a compiled site can be rendered without
//! its sources.
//!
//! A component is a [`Template`] tree of [`Part`]s. Everything known at compile time is
//! folded into [`Part::Html`] strings. Everything else is a *hole*: an index into a *frame*,
//! the array of values that one call of the component's JavaScript produced. A component
//! whose template has no holes and whose frontmatter has no code has no [`Script`] and never
//! enters the JS engine.
//!
//! ## The JavaScript contract
//!
//! [`Script::module`] is an ES module (TypeScript already stripped) whose default export is
//! `async function (Astro, Astral)`. It returns either the frame of template 0 (an array of
//! hole values) or a redirect made by `Astro.redirect` (see below). Inside the module:
//!
//! - `$$component(id)` (a global the host defines) returns a *component reference* for the
//!   component with that [`Component::id`]; component imports compile to it, so components
//!   are ordinary JS values (`const Tag = cond ? Card : Layout`).
//! - `$$template(index, frame)` (global) returns a *template instance*: markup nested in an
//!   expression, to be rendered as `templates[index]` with `frame`.
//! - Slot content with holes is passed as a *thunk*: a hole holding `() => frame`, called
//!   when (and each time) the slot is rendered.
//! - `Astro.props`, `Astro.params`, `Astro.url` (a URL), `Astro.site`, `Astro.slots.has(name)`,
//!   `await Astro.slots.render(name)` (the slot's HTML as a string), `Astro.redirect(path,
//!   status = 302)`, and the same object as `Astral`.
//! - `getStaticPaths`, when [`Script::get_static_paths`] is set, is a named export.
//!
//! Values are rendered by [`crate::render`] with SPEC §3's escaping rules: text escapes
//! `& < > " '`, attribute values escape `&` and `"`, `null`/`undefined`/`false` render
//! nothing, arrays flatten, template instances render as markup, everything else is
//! converted with `String(value)` and escaped.

use serde::{Deserialize, Serialize};

/// Everything needed to render a site's pages: its components and the JavaScript modules
/// they import. Ids are paths relative to the project root (the folder holding `src/`),
/// with `/` separators: `src/components/Card.astral`, `src/data/posts.json`.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
pub struct Site {
    pub components: std::collections::BTreeMap<String, Component>,
    /// Relative `.js`/`.ts`/`.json` modules imported by components (directly or not), as
    /// ES module source (TypeScript stripped; JSON as `export default <json>;`). A relative
    /// specifier resolves against the importing module's id.
    pub modules: std::collections::BTreeMap<String, String>,
}

/// The compiled form of one `.astral`/`.astro` file.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Component {
    /// Stable id: the source path relative to the project's `src/`, with `/` separators
    /// (`components/Card.astral`).
    pub id: String,
    /// `templates[0]` is the component's template; the others are markup nested in
    /// expressions and slot contents, referenced by index.
    pub templates: Vec<Template>,
    /// Present when rendering needs JavaScript.
    pub script: Option<Script>,
    /// CSS this component adds to a page that renders it: scoped and minified.
    pub styles: Vec<String>,
    /// Processed `<script>`s (not `is:inline`): JavaScript, TypeScript stripped, emitted once
    /// per page as module assets.
    pub scripts: Vec<String>,
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Template {
    pub parts: Vec<Part>,
}

/// An index into the current frame.
pub type Hole = u32;

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub enum Part {
    /// Literal HTML, already escaped where needed.
    Html(String),
    /// A value in text position, escaped (text rules).
    Text(Hole),
    /// `set:html`: the value's string form, unescaped. `set:text` lowers to [`Part::Text`].
    RawHtml(Hole),
    /// An attribute with a computed value: ` name="value"` (attribute escaping), ` name`
    /// for `true`, nothing for `null`/`undefined`/`false`. For HTML boolean attributes
    /// (`checked`, `disabled`…) any truthy value renders ` name`.
    Attribute { name: String, value: Hole },
    /// `{...object}` on an HTML element: each own enumerable entry as an [`Part::Attribute`].
    SpreadAttributes(Hole),
    /// `class:list={…}`: the value flattened with clsx semantics, joined with the static
    /// `class` of the same element if any, rendered as ` class="…"`.
    ClassList {
        value: Hole,
        static_class: Option<String>,
    },
    /// A component call.
    Component(ComponentCall),
    /// `<slot name="…">fallback</slot>` inside a component: the caller's slot content for
    /// `name` (`"default"` for an unnamed slot), else the fallback.
    Slot { name: String, fallback: Vec<Part> },
    /// An element whose tag is a value (`const Tag = 'h2'; <Tag>`): a string renders an HTML
    /// element with that name, a component reference renders the component.
    DynamicElement {
        tag: Hole,
        /// Attribute parts (`Html` with static attributes, `Attribute`, `SpreadAttributes`…).
        attributes: Vec<Part>,
        /// Props for the component case: a hole holding the props object.
        props: Hole,
        children: Vec<Part>,
        /// Slot contents for the component case, as in [`ComponentCall::slots`].
        slots: Vec<SlotContent>,
    },
    /// Where the page's collected `<style>`s and `<script>`s go: just before `</head>`, or
    /// at the start of the page when it has no `<head>`.
    HeadEnd,
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct ComponentCall {
    /// The component's id (static import) or a hole holding a component reference.
    pub target: ComponentTarget,
    /// The name as written, for error messages.
    pub name: String,
    pub props: Props,
    pub slots: Vec<SlotContent>,
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub enum ComponentTarget {
    Static(String),
    Dynamic(Hole),
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub enum Props {
    /// Known at compile time: names and JSON values (strings, `true` for bare attributes).
    Static(Vec<(String, serde_json::Value)>),
    /// A hole holding the props object, built in JavaScript.
    Dynamic(Hole),
}

/// Content passed to one named slot of a component.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct SlotContent {
    /// `"default"` for children without `slot="…"`.
    pub name: String,
    /// The template rendered for the slot.
    pub template: u32,
    /// A hole in the caller's frame holding a thunk that returns the template's frame;
    /// `None` when the template has no holes.
    pub frame: Option<Hole>,
}

/// The JavaScript of a component.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Script {
    /// The ES module (see the module docs for its contract).
    pub module: String,
    /// Whether the module exports `getStaticPaths`.
    pub get_static_paths: bool,
    /// `line_map[i]` is the 1-based source line of the module's line `i + 1` (0 when the
    /// line is generated), so JavaScript errors point into the `.astral` file.
    pub line_map: Vec<u32>,
}
