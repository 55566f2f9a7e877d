//! Values in text and `set:html` position, and template instances.

use super::{Cx, Out, Sc, Scope};
use crate::error::{RenderError, RenderErrorKind};
use crate::js::HostKind;
use crate::strings;
use crate::values::integer_string;
use astc_ir::escape;
use rquickjs::{Object, Type, Value};

impl<'js> Cx<'js> {
    /// A value in text (`escape`) or `set:html` position.
    pub(super) fn value(
        &self,
        sc: &Sc<'js>,
        value: Value<'js>,
        escape: bool,
        out: Out<'_>,
    ) -> Result<(), RenderError> {
        let _guard = self.enter(sc.component)?;
        self.tick(sc)?;
        let mut write = |s: &str, out: Out<'_>| {
            if escape {
                escape::write_text(s, out)
            } else {
                out(s)
            }
        };
        match value.type_of() {
            Type::Uninitialized | Type::Undefined | Type::Null | Type::Module | Type::Unknown => {}
            Type::Bool => {
                if value.as_bool() == Some(true) {
                    out("true");
                }
            }
            Type::Int | Type::Float => {
                // NaN renders nothing, like Astro (it is falsy and not 0).
                if !value.as_float().is_some_and(f64::is_nan) {
                    match integer_string(&value) {
                        Some(s) => out(&s),
                        None => out(&self.js(sc.component)?.js.to_string(&value, sc.component)?),
                    }
                }
            }
            Type::String | Type::BigInt => self.with_text(sc, &value, &mut write, out)?,
            Type::Array => {
                let Some(array) = value.into_array() else {
                    return Ok(());
                };
                let mut i = 0;
                // The length is re-read: rendering may run code that changes the array.
                while i < self.array_len(sc, &array)? {
                    let item = array.get(i).map_err(|e| self.engine(sc, e))?;
                    self.value(sc, item, escape, out)?;
                    i += 1;
                }
            }
            Type::Promise => {
                let settled = self.settle(sc, value)?;
                self.value(sc, settled, escape, out)?;
            }
            Type::Function | Type::Constructor => {
                // `{() => …}` renders what the function returns, as in Astro.
                let js = &self.js(sc.component)?.js;
                let f = value.into_function().expect("type_of said function");
                let result = js.call(&f, (), sc.component)?;
                self.value(sc, result, escape, out)?;
            }
            Type::Symbol => {
                return Err(self.error(
                    RenderErrorKind::Exception,
                    sc.component,
                    "a symbol cannot be rendered",
                ));
            }
            Type::Object | Type::Exception | Type::Proxy => {
                let js = &self.js(sc.component)?.js;
                let object = value.as_object().expect("type_of said object");
                match js.kind(object) {
                    HostKind::Template => self.template(sc, object, out)?,
                    HostKind::Component => {
                        let id = strings::property(object, "id")
                            .ok()
                            .flatten()
                            .unwrap_or_default();
                        return Err(self.error(
                            RenderErrorKind::Exception,
                            sc.component,
                            format!(
                                "the component `{id}` is used as a value in text; write it as a \
                                 tag (`<Name />`) to render it"
                            ),
                        ));
                    }
                    HostKind::Redirect => {
                        return Err(self.error(
                            RenderErrorKind::Exception,
                            sc.component,
                            "an Astro.redirect() result is rendered as text; return it from \
                             the page's frontmatter instead",
                        ));
                    }
                    HostKind::Plain => match js.iterable_to_array(&value, sc.component)? {
                        Some(array) => self.value(sc, array.into_value(), escape, out)?,
                        None => self.with_text(sc, &value, &mut write, out)?,
                    },
                }
            }
        }
        Ok(())
    }

    /// A template instance: `templates[i]` of its component with its frame.
    pub(super) fn template(
        &self,
        sc: &Sc<'js>,
        object: &Object<'js>,
        out: Out<'_>,
    ) -> Result<(), RenderError> {
        let engine = |e| self.engine(sc, e);
        let c: i32 = object.get("c").map_err(engine)?;
        let i: u32 = object.get("i").map_err(engine)?;
        let frame = self.frame_of(sc.component, object.get("f").map_err(engine)?)?;
        let Some(component) = usize::try_from(c)
            .ok()
            .filter(|&c| c < self.index.ids.len())
        else {
            return Err(self.error(
                RenderErrorKind::Internal,
                sc.component,
                format!("template instance of unknown component {c}"),
            ));
        };
        let Some(template) = self.component(component).templates.get(i as usize) else {
            return Err(self.error(
                RenderErrorKind::Internal,
                component,
                format!("template instance of template {i}, which does not exist"),
            ));
        };
        // Markup made by this component renders with its slots; markup that came from
        // another component (as a prop, say) renders without any.
        let sc = if component == sc.component {
            self.derive(sc, component, frame)
        } else {
            self.push(Scope {
                serial: 0,
                component,
                frame,
                slots: self.no_slots.clone(),
                caller: None,
                depth: sc.depth,
            })
        };
        let _pop = self.pop_later(&sc);
        self.parts(&sc, &template.parts, out)
    }
}
