//! Scoped styles (SPEC §3, "Styles"): the per-component hash, the marker on a component's
//! elements, and the selector rewrite of its `<style>`s.
//!
//! Strategy: Astro's default, `scopedStyleStrategy: "attribute"` (the default since Astro 3; see
//! <https://docs.astro.build/en/guides/styling/#scoped-styles>, where `h1 { … }` compiles to
//! `h1[data-astro-cid-hhnqfkh6] { … }`). Each element of a scoped component carries the empty
//! attribute `data-astro-cid-HASH` ([`scope_marker`]), and each compound selector of its CSS
//! gets `[data-astro-cid-HASH]`. The names are Astro's own, so CSS and scripts written for
//! Astro (`[data-astro-cid-…]`, copying the attribute onto created elements) keep working.
//! Unlike Astro's optional `"where"` strategy (`:where(.astro-HASH)`), the attribute adds
//! specificity (0,1,0 per scoped compound), exactly as in Astro by default.
//!
//! The rewrite follows Astro's compiler (its `scope-css` tests), on lightningcss's selector
//! tree rather than on text:
//! - every compound selector of a complex selector is scoped, ancestors included:
//!   `.a > p` → `.a[data-astro-cid-h]>p[data-astro-cid-h]`;
//! - the attribute goes after the first type, class or id selector, else before the first
//!   attribute selector or pseudo-element, else first: `a:hover` → `a[…]:hover`,
//!   `[href]` → `[…][href]`, `::before` → `[…]::before`, `p::before` → `p[…]:before`;
//!   `*` is replaced by it (`.a *` → `.a[…] […]`);
//! - not scoped: compounds containing `html`, `body`, `:root`, the nesting selector `&` (the
//!   parent rule is scoped already) or `:scope`; anything inside `:not()`, `:is()`,
//!   `:where()`, `:has()` and other functional pseudo-classes;
//! - `:global(sel)` is unwrapped and left unscoped: `:global(.x) .y` → `.x .y[…]`,
//!   `.x :global(.y)` → `.x[…] .y`, `:global(a).b` → `a.b`; a compound with a local
//!   selector *before* the `:global()` is still scoped (`.a:global(.b)` → `.a[…].b`).
//!   `:global` without parentheses and `:global(a, b)` are not supported (errors);
//! - at-rules: selectors inside `@media`, `@supports`, `@container`, `@layer`,
//!   `@starting-style`, `@scope` (prelude included) and nested rules are scoped;
//!   `@keyframes` (names included), `@font-face`, `@page`, `@property`… are left as they are.
//!
//! `is:global` styles are not rewritten, only minified.

use lightningcss::error::{ParserError, SelectorError};
use lightningcss::rules::CssRule;
use lightningcss::rules::CssRuleList;
use lightningcss::rules::style::StyleRule;
use lightningcss::selector::{Combinator, Component, PseudoClass, Selector, SelectorList};
use lightningcss::stylesheet::{MinifyOptions, ParserOptions, PrinterOptions, StyleSheet};
use lightningcss::targets::{Browsers, Targets};
use lightningcss::values::ident::Ident;
use lightningcss::values::string::CowArcStr;

/// The marker attribute's name without the hash (Astro's name, see the module docs).
pub const SCOPE_ATTRIBUTE_PREFIX: &str = "data-astro-cid-";

/// A stable, short hash for a component, from its id (its path relative to the project root,
/// with `/` separators, so that it is the same on every platform).
///
/// Eight characters of lowercase RFC 4648 base32 (`a`–`z`, `2`–`7`), like Astro's hashes
/// (`hhnqfkh6`): 40 bits, so that a site of 10 000 components has a collision (two components
/// sharing styles) with a chance of about 1 in 20 000. A pure function of `component_id`'s
/// bytes: the same on every run, platform and build.
pub fn scope_hash(component_id: &str) -> String {
    // FNV-1a, then MurmurHash3's 64-bit finalizer so that every output bit depends on every
    // input bit (FNV-1a alone mixes its high bits poorly).
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in component_id.as_bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    hash ^= hash >> 33;
    const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
    (0..8)
        .map(|i| char::from(ALPHABET[((hash >> (59 - 5 * i)) & 31) as usize]))
        .collect()
}

/// How a scoped component's elements are marked: the attribute `(name, value)` to add to each
/// of them, here `("data-astro-cid-HASH", "")`, written as a bare attribute
/// (`<p data-astro-cid-HASH>`); `scope` is [`scope_hash`]'s result.
///
/// Astro marks every element written in the template of a component that has at least one
/// scoped (not `is:global`, not `is:inline`) style, `<html>` and `<body>` included, except
/// those [`is_scoped_element`] rejects; it also passes the attribute to child components as a
/// prop (`"data-astro-cid-HASH": true`), which they see in `Astro.props`.
pub fn scope_marker(scope: &str) -> (String, String) {
    (format!("{SCOPE_ATTRIBUTE_PREFIX}{scope}"), String::new())
}

/// Whether an HTML element named `tag` gets the scope marker: not the elements that are never
/// styled or never rendered (Astro's list: `head`, `base`, `link`, `meta`, `title`, `script`,
/// `style`, `noscript`, `slot`, `font`, `frame`, `frameset`, `noframes`, and `Fragment`).
pub fn is_scoped_element(tag: &str) -> bool {
    const NEVER: &[&str] = &[
        "base", "font", "frame", "frameset", "head", "link", "meta", "noframes", "noscript",
        "script", "slot", "style", "title",
    ];
    tag != "Fragment" && !NEVER.iter().any(|never| tag.eq_ignore_ascii_case(never))
}

/// One `<style>`'s CSS, scoped (unless `global`) and minified.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ScopedCss {
    /// Minified CSS; empty when the style has no rules.
    pub css: String,
}

/// Scopes and minifies one `<style>`'s CSS (see the module docs for the rules); `scope` is
/// [`scope_hash`]'s result. `global` (`is:global`) only minifies.
///
/// Minified means lightningcss's minifier (shorter values, merged rules) and printer (no
/// whitespace), for the browsers of [`targets`]: syntax they lack (nesting, media ranges) is
/// lowered and vendor prefixes are added, as Astro's Vite build does.
///
/// `Err` (a message starting with the 1-based `line:column` in `css` when lightningcss gives
/// one) when the CSS does not parse, without error recovery: the checker reports these errors
/// and a style with errors is not compiled. Also `Err` for CSS nested too deeply to compile
/// safely ([`super::MAX_NESTING`]). Unknown at-rules, pseudo-classes and properties are not
/// errors: they are kept.
pub fn scope_css(css: &str, scope: &str, global: bool) -> Result<ScopedCss, String> {
    if super::scan::scan(css).too_deep {
        return Err("the style is nested too deeply to compile".into());
    }
    let options = ParserOptions {
        // CSS-modules mode parses `:global(…)` into a selector. It also renames classes, but
        // only when printing, and the sheet is printed without it below.
        css_modules: (!global).then(Default::default),
        ..ParserOptions::default()
    };
    let mut sheet = StyleSheet::parse(css, options).map_err(|error| {
        let message = match &error.kind {
            ParserError::SelectorError(SelectorError::AmbiguousCssModuleClass(name)) => {
                format!("`:{name}` needs parentheses in a scoped style: `:{name}(.x)`")
            }
            kind => kind.to_string(),
        };
        match error.loc {
            Some(loc) => format!("{}:{}: {message}", loc.line + 1, loc.column),
            None => message,
        }
    })?;
    // Before scoping: the minifier consults selector flags (whether a selector has a
    // pseudo-element) that selectors rebuilt by the scoping do not carry.
    sheet
        .minify(MinifyOptions {
            targets: targets(),
            ..MinifyOptions::default()
        })
        .map_err(|error| error.kind.to_string())?;
    if !global {
        Scoper::new(scope).rules(&mut sheet.rules);
    }
    let StyleSheet {
        rules,
        sources,
        license_comments,
        ..
    } = sheet;
    let mut printable = StyleSheet::new(sources, rules, ParserOptions::default());
    printable.license_comments = license_comments;
    let printed = printable
        .to_css(PrinterOptions {
            minify: true,
            targets: targets(),
            ..PrinterOptions::default()
        })
        .map_err(|error| error.kind.to_string())?;
    Ok(ScopedCss { css: printed.code })
}

/// The browsers the CSS is compiled for: Vite's default build target ("baseline widely
/// available": Chrome and Edge 107, Firefox 104, Safari 16), which Astro's builds use. Newer
/// syntax is lowered for them: nesting is flattened (`div{&:hover{…}}` → `div:hover{…}`),
/// media ranges become `min-`/`max-` features, vendor prefixes are added where needed.
fn targets() -> Targets {
    let version = |major: u32| Some(major << 16);
    Browsers {
        chrome: version(107),
        edge: version(107),
        firefox: version(104),
        safari: version(16),
        ios_saf: version(16),
        ..Browsers::default()
    }
    .into()
}

/// Rewrites the selectors of a rule tree.
struct Scoper<'i> {
    /// `[data-astro-cid-HASH]`.
    attribute: Component<'i>,
}

impl<'i> Scoper<'i> {
    fn new(scope: &str) -> Self {
        let name: CowArcStr<'i> = format!("{SCOPE_ATTRIBUTE_PREFIX}{scope}").into();
        Self {
            attribute: Component::AttributeInNoNamespaceExists {
                local_name: Ident(name.clone()),
                local_name_lower: Ident(name),
            },
        }
    }

    fn rules(&self, rules: &mut CssRuleList<'i>) {
        for rule in &mut rules.0 {
            match rule {
                CssRule::Style(style) => self.style(style),
                CssRule::Nesting(nesting) => self.style(&mut nesting.style),
                CssRule::Media(media) => self.rules(&mut media.rules),
                CssRule::Supports(supports) => self.rules(&mut supports.rules),
                CssRule::Container(container) => self.rules(&mut container.rules),
                CssRule::LayerBlock(layer) => self.rules(&mut layer.rules),
                CssRule::StartingStyle(starting) => self.rules(&mut starting.rules),
                CssRule::MozDocument(document) => self.rules(&mut document.rules),
                CssRule::Scope(scope) => {
                    // `@scope (.card) to (.footer)` selects elements of the component too.
                    if let Some(start) = &mut scope.scope_start {
                        self.list(start);
                    }
                    if let Some(end) = &mut scope.scope_end {
                        self.list(end);
                    }
                    self.rules(&mut scope.rules);
                }
                // No element selectors: keyframes, font faces, pages, properties, imports,
                // layer statements, unknown at-rules…
                _ => {}
            }
        }
    }

    fn style(&self, style: &mut StyleRule<'i>) {
        self.list(&mut style.selectors);
        self.rules(&mut style.rules);
    }

    fn list(&self, list: &mut SelectorList<'i>) {
        for selector in list.0.iter_mut() {
            *selector = self.selector(selector);
        }
    }

    fn selector(&self, selector: &Selector<'i>) -> Selector<'i> {
        let components = parse_order(selector);
        let mut out = Vec::with_capacity(components.len() + 4);
        let mut start = 0;
        for (i, component) in components.iter().enumerate() {
            if let Component::Combinator(combinator) = component
                && !is_pseudo_element_combinator(*combinator)
            {
                self.unit(&components[start..i], &mut out);
                out.push(component.clone());
                start = i + 1;
            }
        }
        self.unit(&components[start..], &mut out);
        Selector::from(out)
    }

    /// One compound selector between tree combinators, with its pseudo-elements.
    fn unit(&self, unit: &[Component<'i>], out: &mut Vec<Component<'i>>) {
        let Some(first_global) = unit.iter().position(is_global) else {
            self.compound(unit, out);
            return;
        };
        // `.a:global(.b)`: what comes before the first `:global()` is local, and scoped if it
        // selects anything; the rest belongs to the global part.
        let (local, global) = unit.split_at(first_global);
        if local.iter().any(selects_elements) {
            self.compound(local, out);
        } else {
            out.extend_from_slice(local);
        }
        for component in global {
            match component {
                Component::NonTSPseudoClass(PseudoClass::Global { selector }) => {
                    unwrap_global(selector, out);
                }
                _ => out.push(component.clone()),
            }
        }
    }

    /// Adds the scope attribute to a compound selector (see the module docs for where).
    fn compound(&self, compound: &[Component<'i>], out: &mut Vec<Component<'i>>) {
        let unscoped = compound.is_empty()
            || compound.iter().any(|component| match component {
                Component::Nesting | Component::Scope | Component::Root => true,
                Component::LocalName(name) => {
                    let name: &str = &name.lower_name.0;
                    name == "html" || name == "body"
                }
                _ => false,
            });
        if unscoped {
            out.extend_from_slice(compound);
            return;
        }
        // Namespace prefixes (`svg|a`, `svg|*`) stay in front of their type selector.
        let namespaces = compound.iter().take_while(|c| is_namespace(c)).count();
        let mut at = namespaces;
        let mut replace = false;
        for (i, component) in compound.iter().enumerate().skip(namespaces) {
            match component {
                Component::ExplicitUniversalType => {
                    // `*` → `[attr]`; `ns|*` → `ns|*[attr]`.
                    replace = namespaces == 0;
                    at = if replace { i } else { i + 1 };
                    break;
                }
                Component::LocalName(_) | Component::ID(_) | Component::Class(_) => {
                    at = i + 1;
                    break;
                }
                // Attribute selectors, and the combinator that precedes a pseudo-element
                // (an attribute may not follow a pseudo-element).
                Component::AttributeInNoNamespaceExists { .. }
                | Component::AttributeInNoNamespace { .. }
                | Component::AttributeOther(_)
                | Component::Combinator(_) => {
                    at = i;
                    break;
                }
                _ => {}
            }
        }
        out.extend_from_slice(&compound[..at]);
        out.push(self.attribute.clone());
        let rest = if replace { at + 1 } else { at };
        out.extend_from_slice(&compound[rest..]);
    }
}

/// `selector`'s components and combinators left to right, as written.
///
/// parcel_selectors stores compounds right to left (matching order) but each compound's
/// components left to right; pseudo-elements sit behind a `PseudoElement` combinator.
fn parse_order<'i>(selector: &Selector<'i>) -> Vec<Component<'i>> {
    let raw = selector.iter_raw_match_order().as_slice();
    let mut out = Vec::with_capacity(raw.len());
    let mut end = raw.len();
    loop {
        let start = raw[..end]
            .iter()
            .rposition(Component::is_combinator)
            .map_or(0, |i| i + 1);
        out.extend_from_slice(&raw[start..end]);
        if start == 0 {
            return out;
        }
        out.push(raw[start - 1].clone());
        end = start - 1;
    }
}

/// The components of a `:global()` argument, with nested `:global()`s unwrapped too.
fn unwrap_global<'i>(selector: &Selector<'i>, out: &mut Vec<Component<'i>>) {
    for component in parse_order(selector) {
        match component {
            Component::NonTSPseudoClass(PseudoClass::Global { selector }) => {
                unwrap_global(&selector, out);
            }
            component => out.push(component),
        }
    }
}

/// The combinators parcel_selectors puts before `::pseudo`, `::slotted()` and `::part()`:
/// they belong to the compound they follow.
fn is_pseudo_element_combinator(combinator: Combinator) -> bool {
    matches!(
        combinator,
        Combinator::PseudoElement | Combinator::SlotAssignment | Combinator::Part
    )
}

fn is_global(component: &Component<'_>) -> bool {
    matches!(
        component,
        Component::NonTSPseudoClass(PseudoClass::Global { .. })
    )
}

fn is_namespace(component: &Component<'_>) -> bool {
    matches!(
        component,
        Component::ExplicitAnyNamespace
            | Component::ExplicitNoNamespace
            | Component::DefaultNamespace(_)
            | Component::Namespace(..)
    )
}

/// Type, universal, class, id and attribute selectors (not pseudo-classes or -elements).
fn selects_elements(component: &Component<'_>) -> bool {
    matches!(
        component,
        Component::ExplicitUniversalType
            | Component::LocalName(_)
            | Component::ID(_)
            | Component::Class(_)
            | Component::AttributeInNoNamespaceExists { .. }
            | Component::AttributeInNoNamespace { .. }
            | Component::AttributeOther(_)
    )
}

#[cfg(test)]
#[path = "scope_tests.rs"]
mod tests;
