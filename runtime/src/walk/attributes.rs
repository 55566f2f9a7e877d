//! Computed attributes: single values, spreads and `class:list`.

use super::{Cx, Out, Sc};
use crate::error::{RenderError, RenderErrorKind};
use crate::js::HostKind;
use crate::values::{
    Classes, is_boolean_attribute, is_enumerated_attribute, is_valid_attribute_name, truthy,
};
use crate::{css, strings};
use astc_ir::escape;
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
        if name.eq_ignore_ascii_case("style")
            && let Some(object) = value.as_object()
            && value.type_of() == Type::Object
            && self.js(sc.component)?.js.kind(object) == HostKind::Plain
        {
            let text = self.style_object(sc, object)?;
            self.output(sc, text.len())?;
            out(" ");
            out(name);
            out("=\"");
            escape::write_attribute(&text, out);
            out("\"");
            return Ok(());
        }
        self.with_text(
            sc,
            &value,
            &mut |text, out| {
                out(" ");
                out(name);
                out("=\"");
                escape::write_attribute(text, out);
                out("\"");
            },
            out,
        )
    }

    /// `style={{ fontSize: "2em", "--x": 1 }}` → `font-size:2em;--x:1`, as Astro writes
    /// JSX-style objects: entries whose value is a non-blank string or a number, camelCase
    /// keys kebab-cased. A key that is not a CSS identifier is an error; a value that is not
    /// one declaration value is escaped (see [`css`]).
    fn style_object(
        &self,
        sc: &Sc<'js>,
        object: &rquickjs::Object<'js>,
    ) -> Result<String, RenderError> {
        let js = &self.js(sc.component)?.js;
        let mut text = String::new();
        for entry in object.props::<rquickjs::String, Value>() {
            self.tick(sc)?;
            let (key, value) = entry.map_err(|e| self.engine(sc, e))?;
            let value = match value.type_of() {
                Type::String => strings::string_value(&value)
                    .map_err(|e| self.engine(sc, e))?
                    .filter(|v| !v.trim().is_empty()),
                Type::Int | Type::Float => Some(js.to_string(&value, sc.component)?),
                _ => None,
            };
            let Some(value) = value else { continue };
            let key = strings::to_string(&key).map_err(|e| self.engine(sc, e))?;
            let name = css::property_name(&key);
            if !css::is_identifier(&name) {
                return Err(self.error(
                    RenderErrorKind::Exception,
                    sc.component,
                    format!(
                        "the style object's key {key:?} is not a CSS property name (`{name}` is \
                         not a CSS identifier)"
                    ),
                ));
            }
            if !text.is_empty() {
                text.push(';');
            }
            css::write_declaration(&mut text, &name, &value);
            if !self.budget.fits(text.len()) {
                return Err(self.too_much_output(sc));
            }
        }
        Ok(text)
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
        let mut entries = Vec::new();
        for entry in object.props::<rquickjs::String, Value>() {
            self.tick(sc)?;
            let (name, value) = entry.map_err(|e| self.engine(sc, e))?;
            let name = strings::to_string(&name).map_err(|e| self.engine(sc, e))?;
            entries.push((name, value));
        }
        for (name, value) in entries {
            self.tick(sc)?;
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
        let mut classes = Classes::default();
        if let Some(s) = static_class {
            classes.push(s);
        }
        self.clsx(sc, &value, &mut classes)?;
        if !classes.list.is_empty() {
            out(" class=\"");
            for (i, class) in classes.list.iter().enumerate() {
                if i > 0 {
                    out(" ");
                }
                escape::write_attribute(class, out);
            }
            out("\"");
        }
        Ok(())
    }

    /// clsx: strings, numbers, nested arrays, objects `{ name: truthy }`; falsy skipped.
    pub(super) fn clsx(
        &self,
        sc: &Sc<'js>,
        value: &Value<'js>,
        classes: &mut Classes,
    ) -> Result<(), RenderError> {
        let _guard = self.enter(sc.component)?;
        self.tick(sc)?;
        match value.type_of() {
            Type::String | Type::Int | Type::Float | Type::BigInt if truthy(value) => {
                let text = self.string(sc, value)?;
                self.output(sc, text.len())?;
                classes.push(&text);
            }
            Type::Array => {
                let Some(array) = value.as_array() else {
                    return Ok(());
                };
                let mut i = 0;
                while i < self.array_len(sc, array)? {
                    let item = array.get(i).map_err(|e| self.engine(sc, e))?;
                    self.clsx(sc, &item, classes)?;
                    i += 1;
                }
            }
            Type::Object | Type::Proxy => {
                let Some(object) = value.as_object() else {
                    return Ok(());
                };
                for entry in object.props::<rquickjs::String, Value>() {
                    self.tick(sc)?;
                    let (name, on) = entry.map_err(|e| self.engine(sc, e))?;
                    if truthy(&on) {
                        let name = strings::to_string(&name).map_err(|e| self.engine(sc, e))?;
                        self.output(sc, name.len())?;
                        classes.push(&name);
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }
}
