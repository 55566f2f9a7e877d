//! The JavaScript host: one QuickJS runtime and context per [`crate::Renderer`], created on
//! first need, with the site's modules behind a resolver/loader, the host globals of
//! `host.js`, the limits (time by interrupt handler, memory, stack) and a cache of module
//! namespaces, so each module is evaluated once per host.
//!
//! Every entry into JavaScript goes through [`JsHost::enter`], which runs the closure with
//! [`RENDER_STACK_BYTES`] of stack (switching to a fresh stack when the thread has less left)
//! and tells QuickJS where that stack starts: the JS stack limit then holds whatever stack the
//! caller's thread has.

use crate::budget::Budget;
use crate::error::{RenderError, RenderErrorKind};
use crate::modules::{SiteIndex, SiteLoader, component_prelude};
use crate::paths::StaticPath;
use crate::{css, loops, strings, trace};
use astc_ir as ir;
use rquickjs::promise::PromiseState;
use rquickjs::{
    Array, Context, Ctx, Error, Exception, Function, IntoJs, Module, Object, Persistent, Runtime,
    Type, Value,
};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How much of the render stack JavaScript may use (QuickJS `set_max_stack_size`).
pub(crate) const JS_STACK_BYTES: usize = 16 << 20;
/// The stack every render runs on: room for the JS stack plus the renderer's own recursion,
/// which [`crate::render`] bounds separately.
pub(crate) const RENDER_STACK_BYTES: usize = 64 << 20;

const HOST_JS: &str = include_str!("host.js");

/// The render deadline, shared with the QuickJS interrupt handler, and whether the render
/// ran out of memory where no exception reports it (a rejected promise nobody handles).
pub(crate) struct Clock {
    limit: Duration,
    deadline: Cell<Option<Instant>>,
    fired: Cell<bool>,
    out_of_memory: Cell<bool>,
}

impl Clock {
    pub fn new(limit: Duration) -> Clock {
        Clock {
            limit,
            deadline: Cell::new(None),
            fired: Cell::new(false),
            out_of_memory: Cell::new(false),
        }
    }

    pub fn start(&self) {
        self.deadline.set(Instant::now().checked_add(self.limit));
        self.fired.set(false);
        self.out_of_memory.set(false);
    }

    pub fn stop(&self) {
        self.deadline.set(None);
        self.fired.set(false);
    }

    /// Whether the running render is past its deadline. Once true it stays true until the
    /// next [`Clock::start`], so every later interrupt check aborts too.
    pub fn expired(&self) -> bool {
        if self.fired.get() {
            return true;
        }
        match self.deadline.get() {
            Some(deadline) if Instant::now() >= deadline => {
                self.fired.set(true);
                true
            }
            _ => false,
        }
    }

    pub fn timeout(&self, component: &str) -> RenderError {
        RenderError::new(
            RenderErrorKind::Timeout,
            component,
            format!("render took longer than the limit of {:?}", self.limit),
        )
    }
}

/// A validated `getStaticPaths` result, kept for the host's lifetime.
pub(crate) struct CachedPaths {
    pub paths: Vec<StaticPath>,
    /// Each entry's `props`, as the live JS value (Dates and class instances survive).
    pub props: Vec<Option<Persistent<Value<'static>>>>,
}

/// Host state that outlives one render. Holds persistent JS values, so it is dropped before
/// the context and runtime (see [`JsHost`]'s field order).
#[derive(Default)]
pub(crate) struct HostCache {
    namespaces: RefCell<HashMap<usize, Persistent<Object<'static>>>>,
    pub static_paths: RefCell<HashMap<usize, Rc<CachedPaths>>>,
    /// Render errors thrown through JavaScript (from a native callback such as
    /// `Astro.slots.render`), so they keep their kind when they come back out.
    thrown: RefCell<Vec<RenderError>>,
}

pub(crate) struct JsHost {
    // Field order is drop order: persistent values first, the runtime last.
    cache: Rc<HostCache>,
    internals: Persistent<Object<'static>>,
    context: Context,
    _runtime: Runtime,
    clock: Rc<Clock>,
    budget: Rc<Budget>,
    site: Arc<ir::Site>,
    index: Arc<SiteIndex>,
}

impl JsHost {
    pub fn new(
        site: Arc<ir::Site>,
        index: Arc<SiteIndex>,
        memory_bytes: usize,
        clock: Rc<Clock>,
        budget: Rc<Budget>,
    ) -> Result<JsHost, RenderError> {
        let fail = |e: Error| {
            RenderError::new(
                RenderErrorKind::Internal,
                "",
                format!("cannot start the JavaScript engine: {e}"),
            )
        };
        let runtime = Runtime::new().map_err(fail)?;
        runtime.set_memory_limit(memory_bytes);
        runtime.set_max_stack_size(JS_STACK_BYTES);
        let loader = || SiteLoader {
            site: site.clone(),
            index: index.clone(),
        };
        runtime.set_loader(loader(), loader());
        let interrupt_clock = clock.clone();
        runtime.set_interrupt_handler(Some(Box::new(move || interrupt_clock.expired())));
        let rejection_clock = clock.clone();
        // Out of memory inside promise machinery can surface only as a rejection (with the
        // error, or with null when even the error could not be allocated) that cuts the chain
        // a render awaits; remember it so that render reports OutOfMemory.
        runtime.set_host_promise_rejection_tracker(Some(Box::new(
            move |_ctx, _promise, reason: Value<'_>, _handled| {
                let oom = reason.is_null()
                    || reason
                        .as_exception()
                        .and_then(|e| e.message())
                        .is_some_and(|m| m == "out of memory");
                if oom {
                    rejection_clock.out_of_memory.set(true);
                }
            },
        )));
        let context = Context::full(&runtime).map_err(fail)?;
        let internals = on_render_stack(|| {
            context.with(|ctx| {
                update_stack_top(&ctx);
                let setup: Function = ctx.eval(HOST_JS)?;
                crate::intl::install(&ctx)?;
                let console = budget.clone();
                let print = Function::new(
                    ctx.clone(),
                    move |level: rquickjs::String<'_>, text: rquickjs::String<'_>| {
                        let level = strings::to_string(&level)?;
                        strings::with_str(&text, |text| console.console(&level, text))
                    },
                )?;
                let style_vars = Function::new(ctx.clone(), style_vars)?;
                let internals: Object = setup.call((index.ids.clone(), print, style_vars))?;
                // What compiled server code reads for `import.meta.env`.
                ctx.eval::<(), _>(format!(
                    "globalThis.{} = {};",
                    ir::ENV_GLOBAL,
                    site.env.object_literal(true)
                ))?;
                Ok(Persistent::save(&ctx, internals))
            })
        })
        .map_err(fail)?;
        Ok(JsHost {
            cache: Rc::default(),
            internals,
            context,
            _runtime: runtime,
            clock,
            budget,
            site,
            index,
        })
    }

    /// Runs `f` inside the context, on the render stack.
    pub fn enter<T>(
        &self,
        f: impl for<'js> FnOnce(Js<'js>) -> Result<T, RenderError>,
    ) -> Result<T, RenderError> {
        on_render_stack(|| {
            self.context.with(|ctx| {
                update_stack_top(&ctx);
                let internals =
                    self.internals.clone().restore(&ctx).map_err(|e| {
                        RenderError::new(RenderErrorKind::Internal, "", e.to_string())
                    })?;
                let api = Api::new(&internals)
                    .map_err(|e| RenderError::new(RenderErrorKind::Internal, "", e.to_string()))?;
                self.cache.thrown.borrow_mut().clear();
                let js = Js {
                    ctx: ctx.clone(),
                    api,
                    cache: self.cache.clone(),
                    clock: self.clock.clone(),
                    budget: self.budget.clone(),
                    site: self.site.clone(),
                    index: self.index.clone(),
                };
                f(js)
            })
        })
    }
}

/// `$$styleVars(vars)`, what `<style define:vars={vars}>` puts in its elements' `style`:
/// `--key: value;` per entry whose value is truthy or 0, as Astro writes it. A key that
/// makes no CSS identifier throws; a value that is not one declaration value is escaped
/// (see [`css`]).
fn style_vars<'js>(ctx: Ctx<'js>, vars: Value<'js>) -> rquickjs::Result<String> {
    let mut out = String::new();
    let Some(object) = vars.as_object() else {
        return Ok(out);
    };
    for entry in object.props::<rquickjs::String, Value>() {
        let (key, value) = entry?;
        let key = strings::to_string(&key)?;
        let keep = match value.type_of() {
            Type::Int => true,
            Type::Float => value.as_float().is_some_and(|f| !f.is_nan()),
            _ => crate::values::truthy(&value),
        };
        if !keep {
            continue;
        }
        let name = format!("--{key}");
        if !css::is_identifier(&name) {
            return Err(Exception::throw_type(
                &ctx,
                &format!(
                    "<style define:vars>: the key {key:?} cannot be a CSS custom property \
                     (`{name}` is not a CSS identifier)"
                ),
            ));
        }
        let value = strings::coerce(&ctx, &value)?;
        css::write_custom_property(&mut out, &name, &value);
    }
    Ok(out)
}

/// Runs `f` with at least [`RENDER_STACK_BYTES`] of stack: on the caller's stack when it has
/// that much left (a thread built with a big stack pays nothing), else on a fresh one.
fn on_render_stack<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(RENDER_STACK_BYTES, RENDER_STACK_BYTES, f)
}

/// Tells QuickJS that its stack starts here, so its limit counts from the render stack.
fn update_stack_top(ctx: &Ctx<'_>) {
    // SAFETY: the context pointer is live for the duration of `with`, and JS_UpdateStackTop
    // only reads the current stack pointer into the runtime.
    unsafe {
        let rt = rquickjs::qjs::JS_GetRuntime(ctx.as_raw().as_ptr());
        rquickjs::qjs::JS_UpdateStackTop(rt);
    }
}

/// The host functions and prototypes of `host.js`.
pub(crate) struct Api<'js> {
    template_proto: Object<'js>,
    component_proto: Object<'js>,
    redirect_proto: Object<'js>,
    pub call_component: Function<'js>,
    pub make_page: Function<'js>,
    to_array: Function<'js>,
    run_timer: Function<'js>,
    pub reset_timers: Function<'js>,
    /// `staticPathsArg(segments, base, trailingSlash)`: the `{ paginate }` argument of a
    /// page's `getStaticPaths`.
    pub static_paths_arg: Function<'js>,
}

impl<'js> Api<'js> {
    fn new(o: &Object<'js>) -> rquickjs::Result<Api<'js>> {
        Ok(Api {
            template_proto: o.get("templateProto")?,
            component_proto: o.get("componentProto")?,
            redirect_proto: o.get("redirectProto")?,
            call_component: o.get("callComponent")?,
            make_page: o.get("makePage")?,
            to_array: o.get("toArray")?,
            run_timer: o.get("runTimer")?,
            reset_timers: o.get("resetTimers")?,
            static_paths_arg: o.get("staticPathsArg")?,
        })
    }
}

/// What kind of host object a JS object is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum HostKind {
    Template,
    Component,
    Redirect,
    Plain,
}

/// The JavaScript side of one entry into the engine.
pub(crate) struct Js<'js> {
    pub ctx: Ctx<'js>,
    pub api: Api<'js>,
    pub cache: Rc<HostCache>,
    pub clock: Rc<Clock>,
    pub budget: Rc<Budget>,
    pub site: Arc<ir::Site>,
    pub index: Arc<SiteIndex>,
}

impl<'js> Js<'js> {
    pub fn kind(&self, object: &Object<'js>) -> HostKind {
        match object.get_prototype() {
            Some(p) if p == self.api.template_proto => HostKind::Template,
            Some(p) if p == self.api.component_proto => HostKind::Component,
            Some(p) if p == self.api.redirect_proto => HostKind::Redirect,
            _ => HostKind::Plain,
        }
    }

    /// The module namespace of a component (importing and evaluating it on first use).
    pub fn namespace(&self, component: usize) -> Result<Object<'js>, RenderError> {
        if let Some(saved) = self.cache.namespaces.borrow().get(&component).cloned() {
            return saved
                .restore(&self.ctx)
                .map_err(|e| self.error(e, component));
        }
        let id = self.index.ids[component].as_str();
        let promise = Module::import(&self.ctx, id).map_err(|e| self.error(e, component))?;
        let namespace = self.settle(promise.into_value(), component)?;
        let namespace = namespace.into_object().ok_or_else(|| {
            self.internal(component, "importing the module gave no namespace object")
        })?;
        self.cache
            .namespaces
            .borrow_mut()
            .insert(component, Persistent::save(&self.ctx, namespace.clone()));
        Ok(namespace)
    }

    /// An exported function of a component's module.
    pub fn export(&self, component: usize, name: &str) -> Result<Function<'js>, RenderError> {
        let namespace = self.namespace(component)?;
        let value: Value = namespace.get(name).map_err(|e| self.error(e, component))?;
        value.into_function().ok_or_else(|| {
            self.internal(
                component,
                format!("the component's module does not export a function `{name}`"),
            )
        })
    }

    /// Calls `f` and settles the result (see [`Js::settle`]).
    pub fn call(
        &self,
        f: &Function<'js>,
        args: impl rquickjs::function::IntoArgs<'js>,
        component: usize,
    ) -> Result<Value<'js>, RenderError> {
        let value: Value = f.call(args).map_err(|e| self.error(e, component))?;
        self.settle(value, component)
    }

    /// If `value` is a promise, runs jobs (and, when none is left, timers) until it settles,
    /// and returns its value or its rejection as an error. Other values come back as they are.
    pub fn settle(&self, value: Value<'js>, component: usize) -> Result<Value<'js>, RenderError> {
        let promise = match value.try_into_promise() {
            Ok(promise) => promise,
            Err(value) => return Ok(value),
        };
        loop {
            match promise.state() {
                PromiseState::Resolved | PromiseState::Rejected => {
                    return match promise.result::<Value>() {
                        Some(Ok(v)) => Ok(v),
                        Some(Err(e)) => Err(self.error(e, component)),
                        None => Err(self.internal(component, "settled promise without result")),
                    };
                }
                PromiseState::Pending => {
                    if self.clock.expired() {
                        let mut error = self.timeout(component, None);
                        error
                            .message
                            .push_str(" while waiting for a promise to settle");
                        return Err(error);
                    }
                    match self.run_job() {
                        Ok(true) => continue,
                        Ok(false) => {}
                        // QuickJS leaves no exception value when it could not even
                        // allocate the out-of-memory error.
                        Err(thrown) if thrown.is_null() && !self.clock.expired() => {
                            return Err(self.out_of_memory(component));
                        }
                        Err(thrown) => return Err(self.exception(thrown, component)),
                    }
                    let ran: bool = self
                        .api
                        .run_timer
                        .call(())
                        .map_err(|e| self.error(e, component))?;
                    if !ran {
                        if self.clock.out_of_memory.get() {
                            // The chain that would have settled it died of an out-of-memory
                            // rejection nobody handled.
                            return Err(self.out_of_memory(component));
                        }
                        return Err(RenderError::new(
                            RenderErrorKind::Exception,
                            &self.index.ids[component],
                            "a promise awaited during the render never settles (nothing is \
                             left that could resolve it)",
                        ));
                    }
                }
            }
        }
    }

    /// Runs one pending job: `Ok(false)` when there was none. A job fails only with an
    /// uncatchable error (the interrupt, out of memory), returned here rather than dropped
    /// as `Ctx::execute_pending_job` would, so a promise chain cut by it is not mistaken for a
    /// promise that never settles.
    fn run_job(&self) -> Result<bool, Value<'js>> {
        let mut job_ctx = std::ptr::null_mut();
        // SAFETY: the runtime pointer is live inside `with`; QuickJS writes the job's
        // context into `job_ctx`, which is our only context.
        let status = unsafe {
            let rt = rquickjs::qjs::JS_GetRuntime(self.ctx.as_raw().as_ptr());
            rquickjs::qjs::JS_ExecutePendingJob(rt, &mut job_ctx)
        };
        match status {
            0 => Ok(false),
            s if s > 0 => Ok(true),
            _ => Err(self.ctx.catch()),
        }
    }

    /// Iterables other than arrays and strings as an array; `None` when not iterable.
    pub fn iterable_to_array(
        &self,
        value: &Value<'js>,
        component: usize,
    ) -> Result<Option<Array<'js>>, RenderError> {
        let result: Value = self
            .api
            .to_array
            .call((value.clone(),))
            .map_err(|e| self.error(e, component))?;
        Ok(result.into_array())
    }

    /// `String(value)` as JavaScript computes it.
    pub fn to_string(&self, value: &Value<'js>, component: usize) -> Result<String, RenderError> {
        if let Some(i) = value.as_int() {
            return Ok(i.to_string());
        }
        strings::coerce(&self.ctx, value).map_err(|e| self.error(e, component))
    }

    pub fn json_to_js(&self, json: &serde_json::Value) -> rquickjs::Result<Value<'js>> {
        let ctx = &self.ctx;
        Ok(match json {
            serde_json::Value::Null => Value::new_null(ctx.clone()),
            serde_json::Value::Bool(b) => Value::new_bool(ctx.clone(), *b),
            serde_json::Value::Number(n) => match n.as_i64().and_then(|i| i32::try_from(i).ok()) {
                Some(i) => Value::new_int(ctx.clone(), i),
                None => Value::new_number(ctx.clone(), n.as_f64().unwrap_or(f64::NAN)),
            },
            serde_json::Value::String(s) => s.as_str().into_js(ctx)?,
            serde_json::Value::Array(items) => {
                let array = Array::new(ctx.clone())?;
                for (i, item) in items.iter().enumerate() {
                    array.set(i, self.json_to_js(item)?)?;
                }
                array.into_value()
            }
            serde_json::Value::Object(map) => {
                let object = Object::new(ctx.clone())?;
                for (key, value) in map {
                    object.set(key.as_str(), self.json_to_js(value)?)?;
                }
                object.into_value()
            }
        })
    }

    /// A render error to throw into JavaScript (from a native callback); it comes back out
    /// of [`Js::error`] unchanged, kind included.
    pub fn throw(&self, error: RenderError) -> Error {
        let message = error.message.clone();
        let index = {
            let mut thrown = self.cache.thrown.borrow_mut();
            thrown.push(error);
            thrown.len() - 1
        };
        let thrown = (|| -> rquickjs::Result<Value<'js>> {
            let ctor: Function = self.ctx.globals().get("Error")?;
            let object: Object = ctor.call((message,))?;
            object.set("$$astcError", index as u32)?;
            Ok(object.into_value())
        })();
        match thrown {
            Ok(value) => self.ctx.throw(value),
            Err(e) => e,
        }
    }

    /// An engine error as a render error located in `component` (or where the JS stack
    /// says).
    pub fn error(&self, error: Error, component: usize) -> RenderError {
        match error {
            Error::Exception => {
                let value = self.ctx.catch();
                self.exception(value, component)
            }
            Error::Allocation => self.out_of_memory(component),
            _ if self.clock.expired() => self.timeout(component, None),
            other => self.internal(component, other.to_string()),
        }
    }

    fn exception(&self, value: Value<'js>, component: usize) -> RenderError {
        let stack: Option<String> = value
            .as_object()
            .and_then(|o| strings::property(o, "stack").ok().flatten());
        if self.clock.expired() {
            return self.timeout(component, stack.as_deref());
        }
        // QuickJS throws null when it could not even allocate the out-of-memory error.
        if value.is_null() {
            return self.out_of_memory(component);
        }
        if let Some(object) = value.as_object()
            && let Ok(Some(index)) = object.get::<_, Option<u32>>("$$astcError")
            && let Some(error) = self.cache.thrown.borrow().get(index as usize)
        {
            return error.clone();
        }
        let message = match strings::coerce(&self.ctx, &value) {
            Ok(s) => s,
            Err(_) => {
                self.ctx.catch();
                format!("uncaught {}", value.type_name())
            }
        };
        if message.ends_with("out of memory") {
            let mut error = self.out_of_memory(component);
            self.locate(&mut error, stack.as_deref());
            return error;
        }
        let mut error = RenderError::new(
            RenderErrorKind::Exception,
            &self.index.ids[component],
            message,
        );
        self.locate(&mut error, stack.as_deref());
        error
    }

    /// A timeout located by the interrupted code's stack: at the loop that was running when
    /// the frame QuickJS stopped in is a loop (see [`crate::loops`]), else where the stack
    /// says. A loop in a plain module is named in the message, and the error stays at the
    /// component line that called into the module.
    pub fn timeout(&self, component: usize, stack: Option<&str>) -> RenderError {
        let mut error = self.clock.timeout(&self.index.ids[component]);
        self.locate(&mut error, stack);
        if let Some(stack) = stack
            && self.locate_loop(&mut error, stack)
        {
            return error;
        }
        if stack.is_some() && error.line.is_none() {
            error.message.push_str(
                " while running the frontmatter (a loop that never ends? QuickJS does not say \
                 which statement)",
            );
        }
        error
    }

    /// Points `error` at the loop the innermost frame of `stack` was running (naming the
    /// other loop that may have been running instead, see [`crate::loops`]); false when that
    /// frame is not in a site module or no loop fits.
    fn locate_loop(&self, error: &mut RenderError, stack: &str) -> bool {
        let Some(frame) = trace::parse_stack(stack).next() else {
            return false;
        };
        let reported = loops::Position {
            line: frame.line,
            column: frame.column,
        };
        if let Some(source) = self.site.modules.get(frame.file) {
            let Some(found) = loops::running_loop(source, reported) else {
                return false;
            };
            let at = |p: loops::Position| format!("{}:{}:{}", frame.file, p.line, p.column);
            let or = found
                .or
                .map(|p| format!(" (or the one at {})", at(p)))
                .unwrap_or_default();
            error.message.push_str(&format!(
                "; the loop at {}{or} was still running",
                at(found.at)
            ));
            return true;
        }
        let (Some(script), Some(&index)) = (
            self.site
                .components
                .get(frame.file)
                .and_then(|c| c.script.as_ref()),
            self.index.by_id.get(frame.file),
        ) else {
            return false;
        };
        let mut source = component_prelude(index);
        source.push_str(&script.module);
        let Some(found) = loops::running_loop(&source, reported) else {
            return false;
        };
        let map = |p: loops::Position| trace::map_position(script, index, p.line, p.column);
        let (line, column) = map(found.at);
        if line.is_none() {
            return false;
        }
        error.component = frame.file.to_owned();
        error.line = line;
        error.column = column;
        let or = match found.or.map(map) {
            Some((Some(other), _)) => format!(" (or the one at line {other})"),
            _ => String::new(),
        };
        error
            .message
            .push_str(&format!("; the loop here{or} was still running"));
        true
    }

    /// Fills the error's location from a JS stack, or for an unresolved import, from the
    /// import statement.
    fn locate(&self, error: &mut RenderError, stack: Option<&str>) {
        let index_of = |id: &str| self.index.by_id.get(id).copied();
        if let Some(location) = stack.and_then(|s| trace::locate(&self.site, index_of, s)) {
            error.component = location.component;
            error.line = location.line;
            error.column = location.column;
            return;
        }
        let Some((base, specifier)) = trace::unresolved_import(&error.message) else {
            return;
        };
        let Some(script) = self
            .site
            .components
            .get(base)
            .and_then(|c| c.script.as_ref())
        else {
            return;
        };
        error.component = base.to_owned();
        if let Some(line) = trace::import_line(&script.module, specifier)
            && let Some(&mapped) = script.line_map.get(line as usize - 1)
            && mapped != 0
        {
            error.line = Some(mapped);
        }
    }

    pub fn out_of_memory(&self, component: usize) -> RenderError {
        RenderError::new(
            RenderErrorKind::OutOfMemory,
            &self.index.ids[component],
            self.budget.out_of_memory(),
        )
    }

    pub fn internal(&self, component: usize, message: impl Into<String>) -> RenderError {
        RenderError::new(
            RenderErrorKind::Internal,
            &self.index.ids[component],
            message,
        )
    }
}
