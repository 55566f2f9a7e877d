//! The syntax tree of one `.astral` file.
//!
//! The tree is lossless about positions, not about trivia: every node and attribute keeps
//! its byte span, and text is referenced by span into the source rather than copied. Names
//! (tags, attributes) are copied because every later phase compares them.

mod dump;
pub mod visit;

pub use dump::dump;

use crate::span::Span;

/// One parsed file: the frontmatter, if any, and the template's top-level nodes.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Document {
    pub frontmatter: Option<Frontmatter>,
    pub nodes: Vec<Node>,
}

/// The `---` fenced script at the top of a component.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Frontmatter {
    /// From the opening fence to the end of the closing fence (or of the file).
    pub span: Span,
    /// The code between the fences.
    pub code: Span,
    /// Whether the closing fence exists.
    pub closed: bool,
}

#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Node {
    Text(Text),
    Comment(Comment),
    Doctype(Doctype),
    Expression(Expression),
    Element(Element),
}

impl Node {
    pub fn span(&self) -> Span {
        match self {
            Node::Text(text) => text.span,
            Node::Comment(comment) => comment.span,
            Node::Doctype(doctype) => doctype.span,
            Node::Expression(expression) => expression.span,
            Node::Element(element) => element.span,
        }
    }
}

/// Template text, or the body of a raw-text element when `raw` is set.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Text {
    pub span: Span,
    /// The body of `<script>`, `<style>` or an `is:raw` element: not markup.
    pub raw: bool,
}

/// `<!-- … -->`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Comment {
    pub span: Span,
}

impl Comment {
    /// The comment's content, without `<!--` and `-->`.
    pub fn content(&self, source: &str) -> Span {
        let text = self.span.text(source);
        let end = if text.ends_with("-->") && text.len() >= 7 {
            self.span.end - 3
        } else {
            self.span.end
        };
        Span::new((self.span.start + 4).min(end), end)
    }
}

/// `<!DOCTYPE html>` or another `<!…>` declaration.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Doctype {
    pub span: Span,
}

/// `{…}`: JavaScript, possibly with markup nested inside it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Expression {
    /// Braces included.
    pub span: Span,
    /// The contents in source order: JavaScript source and nested markup.
    pub parts: Vec<ExprPart>,
    /// Whether the closing `}` exists.
    pub closed: bool,
}

impl Expression {
    /// The span between the braces.
    pub fn inner(&self) -> Span {
        let end = if self.closed {
            self.span.end - 1
        } else {
            self.span.end
        };
        Span::new(self.span.start + 1, end.max(self.span.start + 1))
    }
}

#[derive(Clone, PartialEq, Eq, Debug)]
pub enum ExprPart {
    Js(Span),
    /// Markup nested in the expression, e.g. the `<li>…</li>` of `items.map((i) => <li>…</li>)`.
    Markup {
        span: Span,
        nodes: Vec<Node>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum ElementKind {
    /// An HTML (or custom) element.
    Html,
    /// A capitalised or dotted tag bound to a component.
    Component,
    /// `<>…</>` or `<Fragment>`.
    Fragment,
    /// `<slot>`.
    Slot,
}

/// How an element ended.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ElementEnd {
    /// By its end tag, whose span is given.
    EndTag(Span),
    /// `<x />`.
    SelfClosing,
    /// A void element such as `<br>`.
    Void,
    /// An optional end tag left out (`<li>` closed by the next `<li>`).
    Implied,
    /// Never closed: an error was reported.
    Missing,
}

#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Element {
    pub kind: ElementKind,
    /// The tag name as written; empty for `<>`.
    pub name: String,
    pub name_span: Option<Span>,
    pub attributes: Vec<Attribute>,
    pub children: Vec<Node>,
    /// The start tag, `<` to `>`.
    pub start_tag: Span,
    /// Whether the start tag has its `>`.
    pub start_tag_closed: bool,
    pub end: ElementEnd,
    /// From the start tag to the end of the end tag (or the last child).
    pub span: Span,
}

impl Element {
    /// The first attribute called `name`.
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes
            .iter()
            .find(|attribute| attribute.name() == Some(name))
    }
}

#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Attribute {
    pub span: Span,
    pub kind: AttributeKind,
}

impl Attribute {
    /// The attribute's name; `None` for `{shorthand}` and `{...spread}`.
    pub fn name(&self) -> Option<&str> {
        match &self.kind {
            AttributeKind::Named { name, .. } => Some(name),
            _ => None,
        }
    }

    pub fn value(&self) -> Option<&AttributeValue> {
        match &self.kind {
            AttributeKind::Named { value, .. } => value.as_ref(),
            _ => None,
        }
    }
}

#[derive(Clone, PartialEq, Eq, Debug)]
pub enum AttributeKind {
    /// `name`, `name="value"`, `name={expr}`, `client:load`…
    Named {
        name: String,
        name_span: Span,
        value: Option<AttributeValue>,
    },
    /// `{name}`: shorthand for `name={name}`.
    Shorthand(Expression),
    /// `{...props}`.
    Spread(Expression),
}

#[derive(Clone, PartialEq, Eq, Debug)]
pub enum AttributeValue {
    /// `"…"` or `'…'`; `value` is the span inside the quotes.
    Quoted {
        span: Span,
        value: Span,
    },
    /// `value` with no quotes.
    Unquoted(Span),
    /// `` `…${x}…` ``, backticks included.
    Template(Span),
    Expression(Expression),
    /// `name=` with nothing after it; the span is the `=`.
    Missing(Span),
}

impl AttributeValue {
    pub fn span(&self) -> Span {
        match self {
            AttributeValue::Quoted { span, .. } => *span,
            AttributeValue::Unquoted(span)
            | AttributeValue::Template(span)
            | AttributeValue::Missing(span) => *span,
            AttributeValue::Expression(expression) => expression.span,
        }
    }

    /// The literal string value, for quoted and unquoted values.
    pub fn static_text<'s>(&self, source: &'s str) -> Option<&'s str> {
        match self {
            AttributeValue::Quoted { value, .. } => Some(value.text(source)),
            AttributeValue::Unquoted(span) => Some(span.text(source)),
            _ => None,
        }
    }
}
