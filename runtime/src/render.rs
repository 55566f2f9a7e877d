//! The public face of rendering: [`Renderer`] turns a page of an [`ir::Site`] into HTML.

use crate::budget::Budget;
use crate::error::{RenderError, RenderErrorKind};
use crate::js::{CachedPaths, Clock, Js, JsHost};
use crate::modules::SiteIndex;
use crate::paths::{StaticPath, call_static_paths};
use crate::walk::{Cx, PropsIn, Redirect};
use astc_ir as ir;
use astc_ir::Part;
use rquickjs::Object;
use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

pub use crate::walk::MAX_COMPONENT_DEPTH;

/// Bounds on one render.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Wall-clock time of one [`Renderer::render_page`] or [`Renderer::static_paths`] call.
    pub time_per_render: Duration,
    /// Size of the JavaScript heap (all modules and values of the renderer's engine).
    pub memory_bytes: usize,
    /// HTML one render may produce (a page, or a `getStaticPaths` call's slot renders);
    /// more is a [`RenderErrorKind::OutputTooLarge`] error, found before it is all made.
    pub output_bytes: usize,
    /// Console output one render may print to stderr; the rest is dropped, after one line
    /// saying so.
    pub console_bytes: usize,
}

impl Default for Limits {
    /// 10 s, 256 MiB of heap, 64 MiB of HTML and 1 MiB of console output.
    fn default() -> Limits {
        Limits {
            time_per_render: Duration::from_secs(10),
            memory_bytes: 256 << 20,
            output_bytes: 64 << 20,
            console_bytes: 1 << 20,
        }
    }
}

/// What to render.
#[derive(Clone, Copy, Debug)]
pub struct PageInput<'a> {
    /// A component id in the site.
    pub component: &'a str,
    /// Index into this component's `getStaticPaths()` result (dynamic routes). The entry's
    /// params become `Astro.params` and its props `Astro.props`.
    pub path_entry: Option<usize>,
    /// `Astro.params` when `path_entry` is `None`.
    pub params: &'a BTreeMap<String, String>,
    /// Absolute URL of the page, e.g. `http://localhost/blog/a/`.
    pub url: &'a str,
    /// `Astro.site`.
    pub site: Option<&'a str>,
    /// HTML written at [`Part::HeadEnd`] (the page's `<style>`/`<script>` tags).
    pub head: &'a str,
}

/// How a render ended.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Outcome {
    /// The page was written to the output.
    Rendered,
    /// The page's frontmatter returned `Astro.redirect(location, status)`; nothing was
    /// written.
    Redirect { location: String, status: u16 },
}

/// Renders the pages of one site. Owns a QuickJS runtime, created on first need (a site whose
/// pages reach no component with a script never starts one), so it is `!Send`: make one per
/// thread.
pub struct Renderer {
    site: Arc<ir::Site>,
    index: Arc<SiteIndex>,
    /// Per component: whether rendering it can reach JavaScript.
    needs_js: Vec<bool>,
    limits: Limits,
    clock: Rc<Clock>,
    budget: Rc<Budget>,
    host: Option<JsHost>,
}

impl Renderer {
    pub fn new(site: Arc<ir::Site>, limits: Limits) -> Renderer {
        let index = Arc::new(SiteIndex::new(&site));
        let needs_js = needs_js(&site, &index);
        Renderer {
            clock: Rc::new(Clock::new(limits.time_per_render)),
            budget: Rc::new(Budget::new(
                limits.output_bytes,
                limits.console_bytes,
                limits.memory_bytes,
            )),
            site,
            index,
            needs_js,
            limits,
            host: None,
        }
    }

    /// Whether this renderer has started its JavaScript engine (it does on the first page or
    /// `getStaticPaths` call that needs it, and again after a timeout or out-of-memory error
    /// discarded it).
    pub fn js_engine_started(&self) -> bool {
        self.host.is_some()
    }

    /// Calls the component's exported `getStaticPaths` (once per renderer; the result is
    /// cached) and validates it: an array of `{ params: { name: string | number | undefined },
    /// props?: object }`. Anything else is a [`RenderErrorKind::BadStaticPaths`] error saying
    /// what is wrong and at which index.
    pub fn static_paths(&mut self, component: &str) -> Result<Vec<StaticPath>, RenderError> {
        let index = self.static_paths_component(component)?;
        self.start();
        let result = self
            .host()
            .and_then(|host| host.enter(|js| Ok(cached_paths(&js, index)?.paths.clone())));
        self.finish(result)
    }

    /// Renders a page, streaming HTML into `out` in document order. Adds `<!DOCTYPE html>`
    /// when the output does not start with a doctype (leading whitespace ignored). On error,
    /// what was already written is incomplete and should be discarded.
    pub fn render_page(
        &mut self,
        page: &PageInput<'_>,
        out: &mut dyn FnMut(&str),
    ) -> Result<Outcome, RenderError> {
        let component = self.component_index(page.component)?;
        if page.path_entry.is_some() {
            self.static_paths_component(page.component)?;
        }
        let mut doc = DoctypeOut::new(out);
        self.start();
        let budget = self.budget.clone();
        // Output past the limit is dropped here; the walker sees the budget exceeded at its
        // next step and fails the render.
        let mut write = |s: &str| {
            if budget.charge(s.len()) {
                doc.write(s);
            }
        };
        let result = if !self.needs_js[component] {
            // The architecture invariant: a fully static page never enters the JS engine.
            let cx = Cx::without_js(
                self.site.clone(),
                self.index.clone(),
                self.clock.clone(),
                self.budget.clone(),
                page.head,
            );
            cx.render_page(component, PropsIn::Empty, &mut write)
        } else {
            self.host()
                .and_then(|host| host.enter(|js| render_with_js(js, component, page, &mut write)))
        };
        // The last write may be the one that did not fit, with no walker step after it.
        let result = match result {
            Ok(_) if self.budget.exceeded() => Err(RenderError::new(
                RenderErrorKind::OutputTooLarge,
                page.component,
                self.budget.too_much_output(),
            )),
            other => other,
        };
        match self.finish(result)? {
            Some(Redirect { location, status }) => Ok(Outcome::Redirect { location, status }),
            None => {
                doc.finish();
                Ok(Outcome::Rendered)
            }
        }
    }

    fn host(&mut self) -> Result<&JsHost, RenderError> {
        if self.host.is_none() {
            self.host = Some(JsHost::new(
                self.site.clone(),
                self.index.clone(),
                self.limits.memory_bytes,
                self.clock.clone(),
                self.budget.clone(),
            )?);
        }
        Ok(self.host.as_ref().expect("just created"))
    }

    fn start(&self) {
        self.clock.start();
        self.budget.start();
    }

    /// Stops the clock; after a timeout or out-of-memory error drops the engine, whose state
    /// (pending jobs, a half-built heap) must not leak into the next render.
    fn finish<T>(&mut self, result: Result<T, RenderError>) -> Result<T, RenderError> {
        self.clock.stop();
        if let Err(error) = &result
            && matches!(
                error.kind,
                RenderErrorKind::Timeout | RenderErrorKind::OutOfMemory
            )
        {
            self.host = None;
        }
        result
    }

    fn component_index(&self, id: &str) -> Result<usize, RenderError> {
        self.index.by_id.get(id).copied().ok_or_else(|| {
            RenderError::new(
                RenderErrorKind::MissingComponent,
                id,
                format!("no component `{id}` in the site"),
            )
        })
    }

    fn static_paths_component(&self, id: &str) -> Result<usize, RenderError> {
        let index = self.component_index(id)?;
        let exports = self.site.components[id]
            .script
            .as_ref()
            .is_some_and(|s| s.get_static_paths);
        if !exports {
            return Err(RenderError::new(
                RenderErrorKind::BadStaticPaths,
                id,
                "the component does not export getStaticPaths()",
            ));
        }
        Ok(index)
    }
}

fn cached_paths(js: &Js<'_>, component: usize) -> Result<Rc<CachedPaths>, RenderError> {
    if let Some(cached) = js.cache.static_paths.borrow().get(&component) {
        return Ok(cached.clone());
    }
    let paths = Rc::new(call_static_paths(js, component)?);
    js.cache
        .static_paths
        .borrow_mut()
        .insert(component, paths.clone());
    Ok(paths)
}

fn render_with_js(
    js: Js<'_>,
    component: usize,
    page: &PageInput<'_>,
    out: &mut dyn FnMut(&str),
) -> Result<Option<Redirect>, RenderError> {
    let engine = |js: &Js<'_>, e| js.error(e, component);
    js.api
        .reset_timers
        .call::<_, ()>(())
        .map_err(|e| engine(&js, e))?;
    let mut params = page.params.clone();
    let mut props = None;
    if let Some(entry) = page.path_entry {
        let cached = cached_paths(&js, component)?;
        let Some(path) = cached.paths.get(entry) else {
            return Err(RenderError::new(
                RenderErrorKind::BadStaticPaths,
                &js.index.ids[component],
                format!(
                    "path entry {entry} does not exist: getStaticPaths() returned {} entries",
                    cached.paths.len()
                ),
            ));
        };
        params = path.params.clone();
        props = cached.props[entry].clone();
    }
    let props = match props {
        Some(saved) => PropsIn::Value(saved.restore(&js.ctx).map_err(|e| engine(&js, e))?),
        None => PropsIn::Empty,
    };
    let page_object = (|| {
        let params_object = Object::new(js.ctx.clone())?;
        for (name, value) in &params {
            params_object.set(name.as_str(), value.as_str())?;
        }
        js.api
            .make_page
            .call::<_, Object>((params_object, page.url, page.site))
    })()
    .map_err(|e| engine(&js, e))?;
    let cx = Cx::with_js(js, page_object, page.head)
        .map_err(|e| RenderError::new(RenderErrorKind::Internal, "", e.to_string()))?;
    cx.render_page(component, props, out)
}

/// Per component: whether rendering it may run JavaScript, i.e. it has a script or calls
/// (statically, transitively) a component that has one.
fn needs_js(site: &ir::Site, index: &SiteIndex) -> Vec<bool> {
    let calls: Vec<Vec<usize>> = index
        .ids
        .iter()
        .map(|id| {
            let mut targets = Vec::new();
            for template in &site.components[id].templates {
                static_calls(&template.parts, index, &mut targets);
            }
            targets
        })
        .collect();
    let mut needs: Vec<bool> = index
        .ids
        .iter()
        .map(|id| site.components[id].script.is_some())
        .collect();
    // A fixpoint rather than a recursive search: component graphs may be deep and cyclic.
    let mut changed = true;
    while changed {
        changed = false;
        for (i, targets) in calls.iter().enumerate() {
            if !needs[i] && targets.iter().any(|&t| needs[t]) {
                needs[i] = true;
                changed = true;
            }
        }
    }
    needs
}

fn static_calls(parts: &[Part], index: &SiteIndex, targets: &mut Vec<usize>) {
    for part in parts {
        match part {
            Part::Component(call) => {
                if let ir::ComponentTarget::Static(id) = &call.target
                    && let Some(&target) = index.by_id.get(id)
                {
                    targets.push(target);
                }
            }
            Part::Slot { fallback, .. } => static_calls(fallback, index, targets),
            Part::DynamicElement { attributes, .. } => static_calls(attributes, index, targets),
            _ => {}
        }
    }
}

/// Passes output through, with `<!DOCTYPE html>` first unless the page starts with a doctype.
/// Output is held back only until its first non-whitespace characters decide that.
struct DoctypeOut<'o> {
    out: &'o mut dyn FnMut(&str),
    pending: Option<String>,
}

const DOCTYPE: &[u8] = b"<!doctype";

impl<'o> DoctypeOut<'o> {
    fn new(out: &'o mut dyn FnMut(&str)) -> DoctypeOut<'o> {
        DoctypeOut {
            out,
            pending: Some(String::new()),
        }
    }

    fn write(&mut self, s: &str) {
        let Some(buffer) = &mut self.pending else {
            (self.out)(s);
            return;
        };
        buffer.push_str(s);
        let start = buffer.trim_start().as_bytes();
        let n = start.len().min(DOCTYPE.len());
        if n == 0 || (n < DOCTYPE.len() && start.eq_ignore_ascii_case(&DOCTYPE[..n])) {
            return; // undecided
        }
        self.flush();
    }

    fn flush(&mut self) {
        if let Some(buffer) = self.pending.take() {
            let start = buffer.trim_start().as_bytes();
            let has_doctype = start.len() >= DOCTYPE.len()
                && start[..DOCTYPE.len()].eq_ignore_ascii_case(DOCTYPE);
            if !has_doctype {
                (self.out)("<!DOCTYPE html>");
            }
            (self.out)(&buffer);
        }
    }

    fn finish(mut self) {
        self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(chunks: &[&str]) -> String {
        let mut html = String::new();
        let mut sink = |s: &str| html.push_str(s);
        let mut doc = DoctypeOut::new(&mut sink);
        for chunk in chunks {
            doc.write(chunk);
        }
        doc.finish();
        html
    }

    #[test]
    fn doctype_is_added_unless_present() {
        assert_eq!(
            through(&["<html>", "</html>"]),
            "<!DOCTYPE html><html></html>"
        );
        assert_eq!(
            through(&["\n ", "<!Doc", "type html><p>"]),
            "\n <!Doctype html><p>"
        );
        assert_eq!(through(&["<!", "-- c -->"]), "<!DOCTYPE html><!-- c -->");
        assert_eq!(through(&[]), "<!DOCTYPE html>");
        assert_eq!(through(&["<!do"]), "<!DOCTYPE html><!do");
    }
}
