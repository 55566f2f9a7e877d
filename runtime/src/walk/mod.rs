//! The render-IR walker: parts, holes, components and slots, written to an output in
//! document order.
//!
//! A *scope* is one frame in use: a component instance's template-0 frame, a template
//! instance's frame or a slot content's frame. Scopes live in a per-page table, so a native
//! callback (`Astro.slots.render`) can name one by index; each records the slots its
//! component instance was given and the scope of the caller those slots render in.

mod attributes;
mod components;
mod text;

use crate::budget::Budget;
use crate::error::{RenderError, RenderErrorKind};
use crate::js::{Clock, Js};
use crate::modules::SiteIndex;
use crate::strings;
use crate::values::{array_len, describe, integer_string};
use astc_ir::{Hole, Part, Site, SlotContent};
use rquickjs::{Array, Ctx, Exception, Function, Object, Type, Value};
use std::cell::{Cell, OnceCell, RefCell};
use std::rc::{Rc, Weak};
use std::sync::Arc;

/// Components nested deeper than this are an error ([`RenderErrorKind::NestingTooDeep`]):
/// `<Astro.self/>` without a base case, A → B → A.
pub const MAX_COMPONENT_DEPTH: u32 = 128;
/// The renderer's own recursion (components, slots, template instances, nested arrays)
/// stops here, so hostile data cannot exhaust the stack.
pub(crate) const MAX_RECURSION: u32 = 2000;

/// The walker looks at the clock every this many steps (a step is a part, a value, an
/// array item, a class or an object entry), so the render deadline covers the walk too.
const STEPS_PER_CLOCK_CHECK: u32 = 256;

/// Below this much stack left, [`Cx::parts`] continues on a new segment of [`STACK_SEGMENT`].
const STACK_RED_ZONE: usize = 256 << 10;
const STACK_SEGMENT: usize = 4 << 20;

type ScopeId = usize;
type Out<'o> = &'o mut dyn FnMut(&str);

/// Scopes form a stack: each is popped when the component instance, template instance or
/// slot content it belongs to has rendered, so the table holds only the scopes in use.
struct Scope<'js> {
    /// Unique within the page render: what JavaScript holds (`Astro.slots`), so a handle
    /// kept past its scope's life finds nothing rather than a later scope at the same index.
    serial: u32,
    component: usize,
    frame: Option<Array<'js>>,
    /// The slot contents the component instance was given.
    slots: Rc<[SlotContent]>,
    /// The scope the slot contents render in.
    caller: Option<ScopeId>,
    depth: u32,
}

/// The walker's handle on the current scope.
struct Sc<'js> {
    id: ScopeId,
    component: usize,
    frame: Option<Array<'js>>,
    depth: u32,
}

/// Where a component's props come from.
pub(crate) enum PropsIn<'a, 'js> {
    Empty,
    Static(&'a [(String, serde_json::Value)]),
    Value(Value<'js>),
}

/// A page's `return Astro.redirect(…)`.
pub(crate) struct Redirect {
    pub location: String,
    pub status: u16,
}

enum Ran<'js> {
    Frame(Option<Array<'js>>),
    Redirect(Redirect),
}

/// The JavaScript state of one page render.
struct PageJs<'js> {
    js: Js<'js>,
    /// `{ params, url, site }`, shared by every component of the page.
    page: Object<'js>,
    /// The native `renderSlot(handle, name)` behind `Astro.slots.render`.
    render_slot: Function<'js>,
}

/// One page render.
pub(crate) struct Cx<'js> {
    site: Arc<Site>,
    index: Arc<SiteIndex>,
    clock: Rc<Clock>,
    budget: Rc<Budget>,
    js: Option<PageJs<'js>>,
    head: String,
    scopes: RefCell<Vec<Scope<'js>>>,
    serials: Cell<u32>,
    recursion: Cell<u32>,
    steps: Cell<u32>,
    no_slots: Rc<[SlotContent]>,
}

impl Cx<'static> {
    /// A render that never enters JavaScript: every component it reaches has no script.
    pub fn without_js(
        site: Arc<Site>,
        index: Arc<SiteIndex>,
        clock: Rc<Clock>,
        budget: Rc<Budget>,
        head: &str,
    ) -> Cx<'static> {
        Cx::new(site, index, clock, budget, None, head)
    }
}

impl<'js> Cx<'js> {
    fn new(
        site: Arc<Site>,
        index: Arc<SiteIndex>,
        clock: Rc<Clock>,
        budget: Rc<Budget>,
        js: Option<PageJs<'js>>,
        head: &str,
    ) -> Cx<'js> {
        Cx {
            site,
            index,
            clock,
            budget,
            js,
            head: head.to_owned(),
            scopes: RefCell::new(Vec::new()),
            serials: Cell::new(0),
            recursion: Cell::new(0),
            steps: Cell::new(0),
            no_slots: Rc::from(Vec::new()),
        }
    }

    /// A render with JavaScript. `page` is the shared `{ params, url, site }` object.
    pub fn with_js(js: Js<'js>, page: Object<'js>, head: &str) -> rquickjs::Result<Rc<Cx<'js>>> {
        // The native slot renderer reaches the render through a weak reference: a strong one
        // would be a cycle through a JS function object that QuickJS cannot see.
        let cell: Rc<OnceCell<Weak<Cx<'js>>>> = Rc::default();
        let weak = cell.clone();
        let render_slot = Function::new(
            js.ctx.clone(),
            move |ctx: Ctx<'js>,
                  handle: u32,
                  name: rquickjs::String<'js>|
                  -> rquickjs::Result<Value<'js>> {
                let name = strings::to_string(&name)?;
                match weak.get().and_then(Weak::upgrade) {
                    Some(cx) => cx.render_slot_for_js(handle, &name),
                    None => Err(Exception::throw_message(
                        &ctx,
                        "Astro.slots.render() was called after its page finished rendering",
                    )),
                }
            },
        )?;
        let (site, index, clock, budget) = (
            js.site.clone(),
            js.index.clone(),
            js.clock.clone(),
            js.budget.clone(),
        );
        let page_js = PageJs {
            js,
            page,
            render_slot,
        };
        let cx = Rc::new(Cx::new(site, index, clock, budget, Some(page_js), head));
        let _ = cell.set(Rc::downgrade(&cx));
        Ok(cx)
    }

    /// Renders the page component; `Some` when its frontmatter returned a redirect (nothing
    /// was written then).
    pub fn render_page(
        &self,
        component: usize,
        props: PropsIn<'_, 'js>,
        out: Out<'_>,
    ) -> Result<Option<Redirect>, RenderError> {
        self.render_component(component, props, self.no_slots.clone(), None, 0, true, out)
    }

    fn component(&self, index: usize) -> &astc_ir::Component {
        &self.site.components[&self.index.ids[index]]
    }

    fn id(&self, component: usize) -> &str {
        &self.index.ids[component]
    }

    fn error(
        &self,
        kind: RenderErrorKind,
        component: usize,
        message: impl Into<String>,
    ) -> RenderError {
        RenderError::new(kind, self.id(component), message)
    }

    fn js(&self, component: usize) -> Result<&PageJs<'js>, RenderError> {
        self.js.as_ref().ok_or_else(|| {
            self.error(
                RenderErrorKind::Internal,
                component,
                "a value needs JavaScript in a page rendered without it",
            )
        })
    }

    /// Counts one level of the walker's recursion for as long as the guard lives.
    fn enter(&self, component: usize) -> Result<RecursionGuard<'_>, RenderError> {
        let depth = self.recursion.get() + 1;
        if depth > MAX_RECURSION {
            return Err(self.error(
                RenderErrorKind::NestingTooDeep,
                component,
                format!("markup nested more than {MAX_RECURSION} levels deep (nested arrays, templates or slots)"),
            ));
        }
        self.recursion.set(depth);
        Ok(RecursionGuard(&self.recursion))
    }

    /// One step of the walk: fails once the output budget is spent, and (every
    /// [`STEPS_PER_CLOCK_CHECK`] steps) once the deadline has passed.
    fn tick(&self, sc: &Sc<'js>) -> Result<(), RenderError> {
        if self.budget.exceeded() {
            return Err(self.too_much_output(sc));
        }
        let steps = self.steps.get().wrapping_add(1);
        self.steps.set(steps);
        if steps.is_multiple_of(STEPS_PER_CLOCK_CHECK) && self.clock.expired() {
            return Err(self.walker_timeout(sc.component));
        }
        Ok(())
    }

    /// A timeout found by the walker: no JavaScript was running, so there is no statement to
    /// point at; the message says what was going on instead.
    fn walker_timeout(&self, component: usize) -> RenderError {
        let mut error = self.clock.timeout(self.id(component));
        error.message.push_str(
            " while writing the page's HTML (a huge array, or content repeated without end?)",
        );
        error
    }

    /// Fails when `bytes` more output would not fit the budget: checked before a big value
    /// is written (or copied out of the engine).
    fn output(&self, sc: &Sc<'js>, bytes: usize) -> Result<(), RenderError> {
        if self.budget.fits(bytes) {
            Ok(())
        } else {
            Err(self.too_much_output(sc))
        }
    }

    fn too_much_output(&self, sc: &Sc<'js>) -> RenderError {
        self.error(
            RenderErrorKind::OutputTooLarge,
            sc.component,
            self.budget.too_much_output(),
        )
    }

    /// The length of an array, which may be anything up to 2^32 - 1.
    fn array_len(&self, sc: &Sc<'js>, array: &Array<'js>) -> Result<usize, RenderError> {
        array_len(array).map_err(|e| self.engine(sc, e))
    }

    /// Pushes a scope; pop it with [`Cx::pop`] when its content has rendered.
    fn push(&self, mut scope: Scope<'js>) -> Sc<'js> {
        scope.serial = self.serials.get();
        self.serials.set(scope.serial.wrapping_add(1));
        let sc = Sc {
            id: self.scopes.borrow().len(),
            component: scope.component,
            frame: scope.frame.clone(),
            depth: scope.depth,
        };
        self.scopes.borrow_mut().push(scope);
        sc
    }

    /// Pops `sc` and every scope above it when the guard drops (however the content's
    /// render ends).
    fn pop_later(&self, sc: &Sc<'js>) -> PopGuard<'_, 'js> {
        PopGuard(&self.scopes, sc.id)
    }

    /// The scope JavaScript names by `serial`, if it is still in use.
    fn scope_by_serial(&self, serial: u32) -> Option<ScopeId> {
        self.scopes
            .borrow()
            .binary_search_by_key(&serial, |scope| scope.serial)
            .ok()
    }

    /// A scope like `sc`'s table entry (same slots and caller) with another frame.
    fn derive(&self, sc: &Sc<'js>, component: usize, frame: Option<Array<'js>>) -> Sc<'js> {
        let (slots, caller) = {
            let scopes = self.scopes.borrow();
            let entry = &scopes[sc.id];
            (entry.slots.clone(), entry.caller)
        };
        self.push(Scope {
            serial: 0,
            component,
            frame,
            slots,
            caller,
            depth: sc.depth,
        })
    }

    fn parts(&self, sc: &Sc<'js>, parts: &[Part], out: Out<'_>) -> Result<(), RenderError> {
        // Every recursion of the walker passes here. A page with JavaScript already runs on
        // the big render stack (see `js::on_render_stack`), so this never switches stacks
        // under QuickJS; a static page starts on the caller's stack and grows only if it
        // nests deep enough to need it.
        stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, || {
            for part in parts {
                self.tick(sc)?;
                self.part(sc, part, out)?;
            }
            Ok(())
        })
    }

    fn part(&self, sc: &Sc<'js>, part: &Part, out: Out<'_>) -> Result<(), RenderError> {
        match part {
            Part::Html(html) => out(html),
            Part::Text(hole) => self.value(sc, self.hole(sc, *hole)?, true, out)?,
            Part::RawHtml(hole) => self.value(sc, self.hole(sc, *hole)?, false, out)?,
            Part::Attribute { name, value } => {
                self.attribute(sc, name, self.hole(sc, *value)?, out)?
            }
            Part::SpreadAttributes(hole) => self.spread(sc, self.hole(sc, *hole)?, out)?,
            Part::ClassList {
                value,
                static_class,
            } => self.class_list(sc, self.hole(sc, *value)?, static_class.as_deref(), out)?,
            Part::Component(call) => self.component_call(sc, call, out)?,
            Part::ServerIsland(call) => {
                return Err(self.error(
                    RenderErrorKind::Unsupported,
                    sc.component,
                    format!(
                        "<{}> has `server:defer`: server islands are not supported yet",
                        call.name
                    ),
                ));
            }
            Part::Slot { name, fallback } => self.slot(sc, name, fallback, out)?,
            Part::DynamicElement {
                tag,
                attributes,
                props,
                slots,
            } => self.dynamic_element(sc, *tag, attributes, *props, slots, out)?,
            Part::HeadEnd => out(&self.head),
        }
        Ok(())
    }

    fn hole(&self, sc: &Sc<'js>, hole: Hole) -> Result<Value<'js>, RenderError> {
        let Some(frame) = &sc.frame else {
            return Err(self.error(
                RenderErrorKind::Internal,
                sc.component,
                format!("the template reads hole {hole} but has no frame"),
            ));
        };
        frame.get(hole as usize).map_err(|e| self.engine(sc, e))
    }

    fn settle(&self, sc: &Sc<'js>, value: Value<'js>) -> Result<Value<'js>, RenderError> {
        if value.is_promise() {
            self.js(sc.component)?.js.settle(value, sc.component)
        } else {
            Ok(value)
        }
    }

    fn engine(&self, sc: &Sc<'js>, e: rquickjs::Error) -> RenderError {
        match &self.js {
            Some(p) => p.js.error(e, sc.component),
            None => self.error(RenderErrorKind::Internal, sc.component, e.to_string()),
        }
    }

    /// `String(value)`, no longer than the output budget allows.
    fn string(&self, sc: &Sc<'js>, value: &Value<'js>) -> Result<String, RenderError> {
        let mut text = String::new();
        self.with_text(sc, value, &mut |s, _| text.push_str(s), &mut |_| {})?;
        Ok(text)
    }

    /// Calls `write` with `String(value)` and `out`: a string is read in place from the
    /// engine (no copy), and one longer than the output budget allows is an error before
    /// anything is written.
    fn with_text(
        &self,
        sc: &Sc<'js>,
        value: &Value<'js>,
        write: &mut dyn FnMut(&str, Out<'_>),
        out: Out<'_>,
    ) -> Result<(), RenderError> {
        if let Some(text) = integer_string(value) {
            self.output(sc, text.len())?;
            write(&text, out);
            return Ok(());
        }
        let string = match value.as_string() {
            Some(s) => s.clone(),
            // `String(value)` made by the engine, so that a huge result is refused before
            // it is copied out.
            None => {
                let js = &self.js(sc.component)?.js;
                strings::coerce_to_js(&js.ctx, value).map_err(|e| js.error(e, sc.component))?
            }
        };
        strings::with_str(&string, |text| {
            self.output(sc, text.len())?;
            write(text, out);
            Ok(())
        })
        .map_err(|e| self.engine(sc, e))?
    }

    fn frame_of(
        &self,
        component: usize,
        value: Value<'js>,
    ) -> Result<Option<Array<'js>>, RenderError> {
        match value.type_of() {
            Type::Undefined | Type::Null => Ok(None),
            Type::Array => Ok(value.into_array()),
            _ => Err(self.error(
                RenderErrorKind::Internal,
                component,
                format!("a frame must be an array, got {}", describe(&value)),
            )),
        }
    }
}

struct PopGuard<'c, 'js>(&'c RefCell<Vec<Scope<'js>>>, ScopeId);

impl Drop for PopGuard<'_, '_> {
    fn drop(&mut self) {
        self.0.borrow_mut().truncate(self.1);
    }
}

struct RecursionGuard<'c>(&'c Cell<u32>);

impl Drop for RecursionGuard<'_> {
    fn drop(&mut self) {
        self.0.set(self.0.get() - 1);
    }
}
