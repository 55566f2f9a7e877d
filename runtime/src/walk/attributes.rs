//! Computed attributes: single values, spreads and `class:list`.

use super::{Cx, Out, Sc};
use crate::error::RenderError;
use crate::escape;
use crate::js::HostKind;
use crate::values::{
    is_boolean_attribute, is_enumerated_attribute, is_valid_attribute_name, push_classes, truthy,
};
use rquickjs::{Type, Value};

impl<'js> Cx<'js> {
    pub(super) fn attribute(
        &self,
        sc: &Sc<'js>,
        name: &str,
        value: Value<'js>,
        out: Out<'_>,
    ) -> Result<(), RenderError> {
        let value = self.settle(sc, value)?;
        if value.is_undefined() || value.is_null() {
            return Ok(());
        }
        if is_boolean_attribute(name) {
            if truthy(&value) {
                out(" ");
                out(name);
            }
            return Ok(());
        }
        if let Some(b) = value.as_bool() {
            if is_enumerated_attribute(name) {
                out(" ");
                out(name);
                out(if b { "=\"true\"" } else { "=\"false\"" });
            } else if b {
                out(" ");
                out(name);
            }
            return Ok(());
        }
        let text = if name.eq_ignore_ascii_case("style")
            && value.type_of() == Type::Object
            && self
                .js(sc.component)?
                .js
                .kind(value.as_object().expect("object"))
                == HostKind::Plain
        {
            let js = &self.js(sc.component)?.js;
            js.api
                .style_string
                .call::<_, String>((value,))
                .map_err(|e| js.error(e, sc.component))?
        } else {
            self.string(sc, &value)?
        };
        out(" ");
        out(name);
        out("=\"");
        escape::write_attribute(&text, out);
        out("\"");
        Ok(())
    }

    pub(super) fn spread(
        &self,
        sc: &Sc<'js>,
        value: Value<'js>,
        out: Out<'_>,
    ) -> Result<(), RenderError> {
        let value = self.settle(sc, value)?;
        let Some(object) = value.as_object() else {
            return Ok(());
        };
        let entries = object
            .props::<String, Value>()
            .collect::<rquickjs::Result<Vec<_>>>()
            .map_err(|e| self.engine(sc, e))?;
        for (name, value) in entries {
            // Keys are data: one that cannot be an attribute name is dropped rather than
            // allowed to break out of the tag.
            if !is_valid_attribute_name(&name) {
                continue;
            }
            if name == "class:list" {
                self.class_list(sc, value, None, out)?;
            } else {
                self.attribute(sc, &name, value, out)?;
            }
        }
        Ok(())
    }

    pub(super) fn class_list(
        &self,
        sc: &Sc<'js>,
        value: Value<'js>,
        static_class: Option<&str>,
        out: Out<'_>,
    ) -> Result<(), RenderError> {
        let mut classes = Vec::new();
        if let Some(s) = static_class {
            push_classes(&mut classes, s);
        }
        self.clsx(sc, &value, &mut classes)?;
        if !classes.is_empty() {
            out(" class=\"");
            escape::write_attribute(&classes.join(" "), out);
            out("\"");
        }
        Ok(())
    }

    /// clsx: strings, numbers, nested arrays, objects `{ name: truthy }`; falsy skipped.
    pub(super) fn clsx(
        &self,
        sc: &Sc<'js>,
        value: &Value<'js>,
        classes: &mut Vec<String>,
    ) -> Result<(), RenderError> {
        let _guard = self.enter(sc.component)?;
        match value.type_of() {
            Type::String | Type::Int | Type::Float | Type::BigInt if truthy(value) => {
                push_classes(classes, &self.string(sc, value)?)
            }
            Type::Array => {
                let array = value.as_array().expect("type_of said array");
                for item in array.iter::<Value>() {
                    self.clsx(sc, &item.map_err(|e| self.engine(sc, e))?, classes)?;
                }
            }
            Type::Object | Type::Proxy => {
                let object = value.as_object().expect("type_of said object");
                for entry in object.props::<String, Value>() {
                    let (name, on) = entry.map_err(|e| self.engine(sc, e))?;
                    if truthy(&on) {
                        push_classes(classes, &name);
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }
}
