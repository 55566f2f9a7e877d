//! Facts about HTML elements that the parser and checks rely on.

/// Elements that never have children or an end tag.
pub fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Elements whose content is raw text: no tags, no expressions.
pub fn is_raw_text(name: &str) -> bool {
    matches!(name, "script" | "style")
}

/// Elements whose content is text and expressions, but no tags.
pub fn is_escapable_raw_text(name: &str) -> bool {
    matches!(name, "textarea" | "title")
}

/// Elements whose end tag may be left out (SPEC §3).
pub fn has_optional_end(name: &str) -> bool {
    matches!(
        name,
        "li" | "p" | "td" | "th" | "tr" | "option" | "dt" | "dd"
    )
}

/// Whether starting an element `next` implicitly closes an open, optional-end element `open`.
pub fn start_closes(open: &str, next: &str) -> bool {
    match open {
        "li" => next == "li",
        "p" => closes_paragraph(next),
        "td" | "th" => matches!(next, "td" | "th" | "tr" | "tbody" | "thead" | "tfoot"),
        "tr" => matches!(next, "tr" | "tbody" | "thead" | "tfoot"),
        "option" => matches!(next, "option" | "optgroup"),
        "dt" | "dd" => matches!(next, "dt" | "dd"),
        _ => false,
    }
}

/// Start tags that close an open `<p>`, as in HTML's tree construction.
fn closes_paragraph(next: &str) -> bool {
    matches!(
        next,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "details"
            | "dialog"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "table"
            | "ul"
    )
}

/// HTML's boolean attributes (present or absent, no value).
pub fn is_boolean_attribute(name: &str) -> bool {
    matches!(
        name,
        "allowfullscreen"
            | "async"
            | "autofocus"
            | "autoplay"
            | "checked"
            | "controls"
            | "default"
            | "defer"
            | "disabled"
            | "formnovalidate"
            | "hidden"
            | "inert"
            | "ismap"
            | "itemscope"
            | "loop"
            | "multiple"
            | "muted"
            | "nomodule"
            | "novalidate"
            | "open"
            | "playsinline"
            | "readonly"
            | "required"
            | "reversed"
            | "selected"
    )
}

/// Whether a tag name names a component rather than an HTML element:
/// capitalised (`Card`) or dotted (`ui.Button`).
pub fn is_component_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase()) || name.contains('.')
}
