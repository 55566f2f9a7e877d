//! Components (static, dynamic and as dynamic tags), their frontmatter, and slots.

use super::{Cx, MAX_COMPONENT_DEPTH, Out, PropsIn, Ran, Redirect, Sc, Scope, ScopeId};
use crate::error::{RenderError, RenderErrorKind};
use crate::js::HostKind;
use crate::strings;
use crate::values::{describe, is_valid_tag_name, is_void_element};
use astc_ir::{ComponentCall, ComponentTarget, Hole, Part, Props, SlotContent};
use rquickjs::{IntoJs, Object, Type, Value};
use std::rc::Rc;

impl<'js> Cx<'js> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn render_component(
        &self,
        target: usize,
        props: PropsIn<'_, 'js>,
        slots: Rc<[SlotContent]>,
        caller: Option<ScopeId>,
        depth: u32,
        page: bool,
        out: Out<'_>,
    ) -> Result<Option<Redirect>, RenderError> {
        if depth > MAX_COMPONENT_DEPTH {
            return Err(self.too_deep(target, caller));
        }
        if self.clock.expired() {
            return Err(self.walker_timeout(target));
        }
        let _guard = self.enter(target)?;
        let component = self.component(target);
        let sc = self.push(Scope {
            serial: 0,
            component: target,
            frame: None,
            slots,
            caller,
            depth,
        });
        let _pop = self.pop_later(&sc);
        let frame = match component.script {
            None => None,
            Some(_) => match self.frontmatter(target, sc.id, props)? {
                Ran::Frame(frame) => frame,
                Ran::Redirect(redirect) if page => return Ok(Some(redirect)),
                Ran::Redirect(_) => {
                    return Err(self.error(
                        RenderErrorKind::Exception,
                        target,
                        "Astro.redirect() can only end a page's frontmatter, and this \
                         component is rendered inside another one",
                    ));
                }
            },
        };
        self.scopes.borrow_mut()[sc.id].frame = frame.clone();
        let template = component.templates.first().ok_or_else(|| {
            self.error(
                RenderErrorKind::Internal,
                target,
                "the component has no template",
            )
        })?;
        let sc = Sc { frame, ..sc };
        self.parts(&sc, &template.parts, out)?;
        Ok(None)
    }

    pub(super) fn too_deep(&self, target: usize, mut caller: Option<ScopeId>) -> RenderError {
        // The innermost few components of the chain, outermost first.
        let mut chain = vec![self.id(target).to_owned()];
        {
            let scopes = self.scopes.borrow();
            while let Some(id) = caller {
                if chain.len() == 6 {
                    chain.push("…".into());
                    break;
                }
                chain.push(self.id(scopes[id].component).to_owned());
                caller = scopes[id].caller;
            }
        }
        chain.reverse();
        self.error(
            RenderErrorKind::NestingTooDeep,
            target,
            format!(
                "components nested more than {MAX_COMPONENT_DEPTH} deep: {} (a component that \
                 renders itself without end?)",
                chain.join(" → ")
            ),
        )
    }

    /// Runs a component's default export; returns its frame or its redirect.
    pub(super) fn frontmatter(
        &self,
        target: usize,
        scope: ScopeId,
        props: PropsIn<'_, 'js>,
    ) -> Result<Ran<'js>, RenderError> {
        let page_js = self.js(target)?;
        let js = &page_js.js;
        let engine = |e| js.error(e, target);
        let f = js.export(target, "default")?;
        let props = self.props_object(target, props)?;
        let (names, serial) = {
            let scopes = self.scopes.borrow();
            let slots = &scopes[scope].slots;
            let names = (!slots.is_empty())
                .then(|| slots.iter().map(|s| s.name.clone()).collect::<Vec<_>>());
            (names, scopes[scope].serial)
        };
        let args = (
            f,
            props,
            page_js.page.clone(),
            names,
            page_js.render_slot.clone(),
            serial,
            target as u32,
        );
        let result = js.call(&js.api.call_component, args, target)?;
        match result.type_of() {
            Type::Undefined => Ok(Ran::Frame(None)),
            Type::Array => Ok(Ran::Frame(result.into_array())),
            _ => {
                if let Some(object) = result.as_object()
                    && js.kind(object) == HostKind::Redirect
                {
                    let location = strings::property(object, "location")
                        .map_err(engine)?
                        .unwrap_or_default();
                    let status: u16 = object.get("status").map_err(engine)?;
                    return Ok(Ran::Redirect(Redirect { location, status }));
                }
                Err(self.error(
                    RenderErrorKind::Exception,
                    target,
                    format!(
                        "the frontmatter returned {}; only `return Astro.redirect(…)` may end it early",
                        describe(&result)
                    ),
                ))
            }
        }
    }

    pub(super) fn props_object(
        &self,
        target: usize,
        props: PropsIn<'_, 'js>,
    ) -> Result<Value<'js>, RenderError> {
        let js = &self.js(target)?.js;
        let engine = |e| js.error(e, target);
        let empty = || {
            Object::new(js.ctx.clone())
                .map(Object::into_value)
                .map_err(engine)
        };
        match props {
            PropsIn::Empty => empty(),
            PropsIn::Static(list) => {
                let object = Object::new(js.ctx.clone()).map_err(engine)?;
                for (name, value) in list {
                    object
                        .set(name.as_str(), js.json_to_js(value).map_err(engine)?)
                        .map_err(engine)?;
                }
                Ok(object.into_value())
            }
            PropsIn::Value(value) => match value.type_of() {
                Type::Undefined | Type::Null => empty(),
                Type::Object | Type::Proxy => Ok(value),
                _ => Err(self.error(
                    RenderErrorKind::Exception,
                    target,
                    format!("props must be an object, got {}", describe(&value)),
                )),
            },
        }
    }

    pub(super) fn component_call(
        &self,
        sc: &Sc<'js>,
        call: &ComponentCall,
        out: Out<'_>,
    ) -> Result<(), RenderError> {
        let target = match &call.target {
            ComponentTarget::Static(id) => match self.index.by_id.get(id) {
                Some(&target) => target,
                None => {
                    return Err(self.error(
                        RenderErrorKind::MissingComponent,
                        sc.component,
                        format!("<{}> refers to `{id}`, which is not in the site", call.name),
                    ));
                }
            },
            ComponentTarget::Dynamic(hole) => {
                let value = self.settle(sc, self.hole(sc, *hole)?)?;
                self.component_ref(sc, &value, &call.name)?
            }
        };
        let props = match &call.props {
            Props::Static(list) => PropsIn::Static(list),
            Props::Dynamic(hole) => PropsIn::Value(self.hole(sc, *hole)?),
        };
        self.render_component(
            target,
            props,
            self.slot_list(&call.slots),
            Some(sc.id),
            sc.depth + 1,
            false,
            out,
        )?;
        Ok(())
    }

    pub(super) fn slot_list(&self, slots: &[SlotContent]) -> Rc<[SlotContent]> {
        if slots.is_empty() {
            self.no_slots.clone()
        } else {
            Rc::from(slots)
        }
    }

    /// The component index of a component reference.
    pub(super) fn component_ref(
        &self,
        sc: &Sc<'js>,
        value: &Value<'js>,
        name: &str,
    ) -> Result<usize, RenderError> {
        let js = &self.js(sc.component)?.js;
        let object = value
            .as_object()
            .filter(|o| js.kind(o) == HostKind::Component);
        let Some(object) = object else {
            return Err(self.error(
                RenderErrorKind::Exception,
                sc.component,
                format!(
                    "<{name}> must be a component or a tag name string, got {}",
                    describe(value)
                ),
            ));
        };
        let c: i32 = object.get("c").map_err(|e| js.error(e, sc.component))?;
        usize::try_from(c).map_err(|_| {
            let id = strings::property(object, "id")
                .ok()
                .flatten()
                .unwrap_or_default();
            self.error(
                RenderErrorKind::MissingComponent,
                sc.component,
                format!("<{name}> refers to `{id}`, which is not in the site"),
            )
        })
    }

    pub(super) fn slot(
        &self,
        sc: &Sc<'js>,
        name: &str,
        fallback: &[Part],
        out: Out<'_>,
    ) -> Result<(), RenderError> {
        let given = {
            let scopes = self.scopes.borrow();
            let entry = &scopes[sc.id];
            let index = entry.slots.iter().position(|s| s.name == name);
            index
                .zip(entry.caller)
                .map(|(i, caller)| (entry.slots.clone(), i, caller))
        };
        match given {
            Some((slots, i, caller)) => self.slot_content(caller, &slots[i], out),
            None => self.parts(sc, fallback, out),
        }
    }

    /// Renders slot content in the caller's scope, calling its thunk for a fresh frame.
    pub(super) fn slot_content(
        &self,
        caller: ScopeId,
        content: &SlotContent,
        out: Out<'_>,
    ) -> Result<(), RenderError> {
        let (csc, slots, grand_caller) = {
            let scopes = self.scopes.borrow();
            let entry = &scopes[caller];
            let csc = Sc {
                id: caller,
                component: entry.component,
                frame: entry.frame.clone(),
                depth: entry.depth,
            };
            (csc, entry.slots.clone(), entry.caller)
        };
        let _guard = self.enter(csc.component)?;
        let frame = match content.frame {
            None => None,
            Some(hole) => {
                let thunk = self.hole(&csc, hole)?;
                let js = &self.js(csc.component)?.js;
                let Some(f) = thunk.as_function() else {
                    return Err(self.error(
                        RenderErrorKind::Internal,
                        csc.component,
                        format!(
                            "slot `{}`: hole {hole} holds {}, not a thunk",
                            content.name,
                            describe(&thunk)
                        ),
                    ));
                };
                let frame = js.call(f, (), csc.component)?;
                self.frame_of(csc.component, frame)?
            }
        };
        let Some(template) = self
            .component(csc.component)
            .templates
            .get(content.template as usize)
        else {
            return Err(self.error(
                RenderErrorKind::Internal,
                csc.component,
                format!(
                    "slot `{}` uses template {}, which does not exist",
                    content.name, content.template
                ),
            ));
        };
        let sc = self.push(Scope {
            serial: 0,
            component: csc.component,
            frame,
            slots,
            caller: grand_caller,
            depth: csc.depth,
        });
        let _pop = self.pop_later(&sc);
        self.parts(&sc, &template.parts, out)
    }

    /// `Astro.slots.render(name)`: the slot's HTML as a JS string (`undefined` if not given).
    pub(super) fn render_slot_for_js(
        &self,
        handle: u32,
        name: &str,
    ) -> rquickjs::Result<Value<'js>> {
        let js = &self
            .js
            .as_ref()
            .expect("slot rendering needs JavaScript")
            .js;
        let given = {
            let scope = self.scope_by_serial(handle);
            let scopes = self.scopes.borrow();
            scope.and_then(|id| scopes.get(id)).and_then(|entry| {
                let index = entry.slots.iter().position(|s| s.name == name);
                index
                    .zip(entry.caller)
                    .map(|(i, caller)| (entry.slots.clone(), i, caller))
            })
        };
        let Some((slots, i, caller)) = given else {
            return Ok(Value::new_undefined(js.ctx.clone()));
        };
        let caller_component = self.scopes.borrow()[caller].component;
        let mut html = String::new();
        // The slot's HTML counts toward the render's output: it is made here in full.
        let budget = self.budget.clone();
        let mut write = |s: &str| {
            if budget.charge(s.len()) {
                html.push_str(s);
            }
        };
        let result = self.slot_content(caller, &slots[i], &mut write);
        let result = match result {
            Ok(()) if self.budget.exceeded() => Err(self.error(
                RenderErrorKind::OutputTooLarge,
                caller_component,
                self.budget.too_much_output(),
            )),
            other => other,
        };
        match result {
            Ok(()) => html.into_js(&js.ctx),
            Err(error) => Err(js.throw(error)),
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn dynamic_element(
        &self,
        sc: &Sc<'js>,
        tag: Hole,
        attributes: &[Part],
        props: Hole,
        slots: &[SlotContent],
        out: Out<'_>,
    ) -> Result<(), RenderError> {
        let tag = self.settle(sc, self.hole(sc, tag)?)?;
        if tag.is_string() {
            let name = self.string(sc, &tag)?;
            if !is_valid_tag_name(&name) {
                return Err(self.error(
                    RenderErrorKind::Exception,
                    sc.component,
                    format!("{name:?} is not a valid element name for a dynamic tag"),
                ));
            }
            out("<");
            out(&name);
            self.parts(sc, attributes, out)?;
            out(">");
            if !is_void_element(&name) {
                // The element's content is its slot contents (the same lowering serves the
                // component case); an HTML element renders them in place.
                for content in slots {
                    self.slot_content(sc.id, content, out)?;
                }
                out("</");
                out(&name);
                out(">");
            }
            return Ok(());
        }
        let target = self.component_ref(sc, &tag, "dynamic tag")?;
        let props = PropsIn::Value(self.hole(sc, props)?);
        self.render_component(
            target,
            props,
            self.slot_list(slots),
            Some(sc.id),
            sc.depth + 1,
            false,
            out,
        )?;
        Ok(())
    }
}
