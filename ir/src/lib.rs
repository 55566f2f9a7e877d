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
//! `function (Astro, Astral)`, async or not. It returns (or resolves to) the frame of
//! template 0 (an array of hole values; `undefined` when template 0 has no holes) or, in a
//! page, a redirect made by `Astro.redirect` (see below). The module is evaluated once per
//! renderer, so its top level runs once, not per render. Inside the module:
//!
//! - `$$component(id)` (a global the host defines) returns a *component reference* for the
//!   component with that [`Component::id`]; component imports compile to it, so components
//!   are ordinary JS values (`const Tag = cond ? Card : Layout`). The same id gives the same
//!   object; an id not in the site gives a reference that fails to render
//!   (`MissingComponent`).
//! - `$$template(index, frame)` returns a *template instance*: markup nested in an
//!   expression, to be rendered as `templates[index]` with `frame` (which may be omitted when
//!   that template has no holes). It is not a global: the host binds it in each component
//!   module's scope, by putting `const $$template = globalThis.$$templatesFor(<n>); ` before
//!   the module's first line (no newline: line numbers are unchanged, line 1's columns
//!   shift), so an instance knows whose templates it indexes even when passed to another
//!   component. The compiler must not declare `$$template` itself.
//! - Slot content with holes is passed as a *thunk*: a hole holding `() => frame` (or
//!   `async () => frame`), called when (and each time) the slot is rendered.
//! - `Astro.props`, `Astro.params`, `Astro.url` (a URL), `Astro.site` (a URL or
//!   `undefined`), `Astro.slots.has(name)`, `await Astro.slots.render(name)` (the slot's HTML
//!   as a string; `undefined` for a slot not given), `Astro.redirect(path, status = 302)`
//!   (status 300–308), `Astro.self` (this component's reference), and the same object as
//!   `Astral`.
//! - `getStaticPaths`, when [`Script::get_static_paths`] is set, is a named export, called
//!   with `{ paginate }` (`paginate` is not supported yet and throws).
//!
//! Values are rendered with SPEC §3's escaping rules: text escapes `& < > " '`, attribute
//! values escape `&` and `"`. In text (and, unescaped, in `set:html`): `null`, `undefined`,
//! `false` and `NaN` render nothing; `true` renders `true` (as in Astro); numbers render as
//! `String(n)`; arrays and other iterables (`Set`, generators) flatten; promises are awaited;
//! functions are called and their result rendered (as in Astro); template instances render as
//! markup; a component reference or a redirect is an error (write `<Tag/>` instead);
//! anything else is converted with `String(value)` and escaped.

pub mod escape;
pub mod route;

use serde::{Deserialize, Serialize};

/// Everything needed to render a site's pages: its components, the JavaScript modules
/// they import, its routes and the settings of its URLs. Ids are paths relative to the project root (the folder holding `src/`),
/// with `/` separators: `src/components/Card.astral`, `src/data/posts.json`.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
pub struct Site {
    pub components: std::collections::BTreeMap<String, Component>,
    /// Relative `.js`/`.ts`/`.json` modules imported by components (directly or not), as
    /// ES module source (TypeScript stripped; JSON as `export default <json>;`). A relative
    /// specifier resolves against the importing module's id.
    pub modules: std::collections::BTreeMap<String, String>,
    /// The page routes in Astro's priority order (the first route matching a path renders
    /// it), each with its page's head.
    pub routes: Vec<route::Route>,
    /// `site`, `base` and `trailingSlash`: what `Astro.url`, `Astro.site` and asset URLs need.
    pub urls: route::Urls,
    /// The environment the site was built with: what `import.meta.env` holds.
    #[serde(default)]
    pub env: Env,
}

/// The global that compiled code reads where its source says `import.meta.env` (the
/// compiler rewrites it; the renderer and each client script asset define it).
pub const ENV_GLOBAL: &str = "$$importMetaEnv";

/// What `import.meta.env` holds, as Astro's build defines it. Server code (frontmatter,
/// template expressions, imported modules) sees every field; client `<script>`s see all but
/// [`Env::private`], and `SSR` is `false` for them.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
pub struct Env {
    /// `MODE`: `production` for a build. `PROD` is `MODE == "production"`, `DEV` the opposite.
    pub mode: String,
    /// `BASE_URL`: `base`, ending with `/` when `trailingSlash` is `always`.
    pub base_url: String,
    /// `SITE`: the `site` setting, when set.
    pub site: Option<String>,
    /// Variables whose names start with `PUBLIC_`, from the process environment and the
    /// `.env` files: they may reach the browser.
    pub public: std::collections::BTreeMap<String, String>,
    /// Every other variable that server code names (a name that occurs in the text of a
    /// component's module or an imported module, as Astro decides what to inline). Never
    /// written into client output.
    pub private: std::collections::BTreeMap<String, String>,
}

impl Env {
    /// The `import.meta.env` object as a JavaScript object literal (JSON, with `undefined`
    /// for unset `SITE` and `ASSETS_PREFIX`, which astc has no setting for); `server` adds
    /// the private variables and sets `SSR`.
    pub fn object_literal(&self, server: bool) -> String {
        let quote = |text: &str| serde_json::Value::from(text).to_string();
        let prod = self.mode == "production";
        let mut out = format!(
            "{{\"BASE_URL\":{},\"MODE\":{},\"DEV\":{},\"PROD\":{prod},\"SSR\":{server},\"SITE\":{},\"ASSETS_PREFIX\":undefined",
            quote(&self.base_url),
            quote(&self.mode),
            !prod,
            self.site.as_deref().map_or("undefined".to_owned(), quote),
        );
        let variables = self
            .public
            .iter()
            .chain(server.then_some(&self.private).into_iter().flatten());
        for (name, value) in variables {
            out.push_str(&format!(",{}:{}", quote(name), quote(value)));
        }
        out.push('}');
        out
    }
}

/// The compiled form of one `.astral`/`.astro` file.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Component {
    /// Stable id: the source path relative to the project root, with `/` separators
    /// (`src/components/Card.astral`).
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
    /// (`checked`, `disabled`…) any truthy value renders ` name` and any falsy one nothing.
    /// For `aria-*` and the enumerated `contenteditable`, `draggable`, `spellcheck` and
    /// `value`, `true`/`false` render `name="true"`/`name="false"` (a bare `aria-hidden`
    /// would mean the empty string). A plain object for `style` renders as CSS text
    /// (`{ fontSize: "2em" }` → `font-size:2em`). A promise is awaited first.
    Attribute { name: String, value: Hole },
    /// `{...object}` on an HTML element: each own enumerable entry as an [`Part::Attribute`]
    /// (a `class:list` key as [`Part::ClassList`]). Keys that cannot be attribute names
    /// (whitespace, quotes, `<>/=`…) are dropped, so data cannot break out of the tag.
    SpreadAttributes(Hole),
    /// `class:list={…}`: the value flattened with clsx semantics, joined with the static
    /// `class` of the same element if any, rendered as ` class="…"`.
    ClassList {
        value: Hole,
        static_class: Option<String>,
    },
    /// A component call.
    Component(ComponentCall),
    /// A component call with `server:defer`: a server island, whose HTML the page fetches
    /// after loading (its `fallback` slot shows meanwhile). Islands are not served yet: the
    /// runtime refuses to render one.
    ServerIsland(ComponentCall),
    /// `<slot name="…">fallback</slot>` inside a component: the caller's slot content for
    /// `name` (`"default"` for an unnamed slot), else the fallback.
    Slot { name: String, fallback: Vec<Part> },
    /// An element whose tag is a value (`const Tag = 'h2'; <Tag>`): a string renders an HTML
    /// element with that name and its slot contents, in order, as children (void elements
    /// without children or end tag; a string that is not an element name is an error); a
    /// component reference renders the component with those slots. Children are always
    /// slot contents, so they are evaluated lazily in both cases.
    DynamicElement {
        tag: Hole,
        /// Attribute parts (`Html` with static attributes, `Attribute`, `SpreadAttributes`…).
        attributes: Vec<Part>,
        /// Props for the component case: a hole holding the props object.
        props: Hole,
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
    /// A hole holding the props object, built in JavaScript (`undefined`/`null` mean `{}`).
    /// It is passed to the component as is, not copied.
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
    /// line is generated), so JavaScript errors point into the `.astral` file. Error columns
    /// are the module's, so they are the source's where a line is emitted verbatim.
    pub line_map: Vec<u32>,
    /// Empty when the module keeps the lines and columns of the code it came from. When the
    /// compiler had to reprint it (TypeScript with runtime semantics, such as an `enum`), the
    /// source position of each token the printer placed, sorted by module position: a
    /// position maps through the last mapping at or before it on its line. `line_map` then
    /// holds, for each module line, the source line of its first mapping.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mappings: Vec<Mapping>,
}

/// A module position and the source position it came from; 1-based lines, 1-based columns
/// in UTF-16 code units (as JavaScript engines count).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Mapping {
    pub line: u32,
    pub column: u32,
    pub source_line: u32,
    pub source_column: u32,
}
