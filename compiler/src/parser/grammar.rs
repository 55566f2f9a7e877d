//! The chumsky grammar over the lexer's tokens.
//!
//! It produces a flat sequence of items (text, tags, expressions with their nested items):
//! element nesting is HTML tree construction with optional end tags and recovery from
//! mismatched tags, which `tree_builder` does with an explicit stack.
//!
//! The grammar is total: every token sequence the lexer can produce is accepted, and anything
//! missing (a `>`, a `}`, an attribute value) is recorded in the items for the tree builder
//! to report. An item that fits nowhere becomes [`Item::Unexpected`].

use crate::lexer::TokenKind;
use crate::span::Span;
use chumsky::input::ValueInput;
use chumsky::prelude::*;

#[derive(Clone, Debug)]
pub(super) struct FlatDocument {
    pub frontmatter: Option<FlatFrontmatter>,
    pub items: Vec<Item>,
}

#[derive(Clone, Debug)]
pub(super) struct FlatFrontmatter {
    pub span: Span,
    pub code: Option<Span>,
    pub closed: bool,
}

#[derive(Clone, Debug)]
pub(super) enum Item {
    Text(Span),
    RawText(Span),
    Comment(Span),
    Doctype(Span),
    Expression(FlatExpression),
    StartTag(StartTag),
    EndTag(EndTag),
    /// A token that cannot appear here.
    Unexpected(Span),
}

#[derive(Clone, Debug)]
pub(super) struct FlatExpression {
    pub span: Span,
    pub parts: Vec<FlatPart>,
    pub closed: bool,
}

#[derive(Clone, Debug)]
pub(super) enum FlatPart {
    Js(Span),
    /// Markup nested in the expression, as the lexer delimited it.
    Markup {
        span: Span,
        items: Vec<Item>,
    },
}

#[derive(Clone, Debug)]
pub(super) struct StartTag {
    pub span: Span,
    pub name: Option<Span>,
    pub attributes: Vec<FlatAttribute>,
    pub self_closing: bool,
    /// Whether the tag ends with `>` or `/>`.
    pub closed: bool,
}

#[derive(Clone, Debug)]
pub(super) struct EndTag {
    pub span: Span,
    pub name: Option<Span>,
    pub attributes: Vec<FlatAttribute>,
    pub closed: bool,
}

#[derive(Clone, Debug)]
pub(super) enum FlatAttribute {
    Named {
        span: Span,
        name: Span,
        /// `=` and the value after it, if any.
        value: Option<(Span, Option<FlatValue>)>,
    },
    /// `{x}` or `{...x}`.
    Braced(FlatExpression),
    /// Something that is not an attribute.
    Junk(Span),
}

#[derive(Clone, Debug)]
pub(super) enum FlatValue {
    Quoted(Span),
    Unquoted(Span),
    Template(Span),
    Expression(FlatExpression),
}

pub(super) type Extra<'t> = extra::Err<Rich<'t, TokenKind>>;

/// The whole file: optional frontmatter, then items.
pub(super) fn document<'t, I>() -> impl Parser<'t, I, FlatDocument, Extra<'t>>
where
    I: ValueInput<'t, Token = TokenKind, Span = SimpleSpan>,
{
    use TokenKind as T;
    let frontmatter = just(T::Text)
        .or_not()
        .ignore_then(just(T::Fence))
        .ignore_then(
            just(T::FrontmatterCode)
                .map_with(|_, e| span(e.span()))
                .or_not(),
        )
        .then(just(T::Fence).or_not())
        .map_with(|(code, close), e| FlatFrontmatter {
            span: span(e.span()),
            code,
            closed: close.is_some(),
        });
    frontmatter
        .or_not()
        .then(item().repeated().collect::<Vec<_>>())
        .then_ignore(end())
        .map(|(frontmatter, items)| FlatDocument { frontmatter, items })
}

fn span(simple: SimpleSpan) -> Span {
    Span::from(simple)
}

/// One template item; recursive through expressions and attribute values.
fn item<'t, I>() -> impl Parser<'t, I, Item, Extra<'t>> + Clone
where
    I: ValueInput<'t, Token = TokenKind, Span = SimpleSpan>,
{
    use TokenKind as T;
    recursive(|item| {
        let markup = just(T::MarkupStart)
            .ignore_then(item.clone().repeated().collect::<Vec<_>>())
            .then_ignore(just(T::MarkupEnd).or_not())
            .map_with(|items, e| FlatPart::Markup {
                span: span(e.span()),
                items,
            });
        let expression = just(T::ExprOpen)
            .ignore_then(
                choice((
                    just(T::Js).map_with(|_, e| FlatPart::Js(span(e.span()))),
                    markup,
                ))
                .repeated()
                .collect::<Vec<_>>(),
            )
            .then(just(T::ExprClose).or_not())
            .map_with(|(parts, close), e| FlatExpression {
                span: span(e.span()),
                parts,
                closed: close.is_some(),
            })
            .boxed();

        let value = choice((
            just(T::Quoted).map_with(|_, e| FlatValue::Quoted(span(e.span()))),
            just(T::Unquoted).map_with(|_, e| FlatValue::Unquoted(span(e.span()))),
            just(T::TemplateValue).map_with(|_, e| FlatValue::Template(span(e.span()))),
            expression.clone().map(FlatValue::Expression),
        ));
        let named = just(T::Name)
            .map_with(|_, e| span(e.span()))
            .then(
                just(T::Eq)
                    .map_with(|_, e| span(e.span()))
                    .then(value.or_not())
                    .or_not(),
            )
            .map_with(|(name, value), e| FlatAttribute::Named {
                span: span(e.span()),
                name,
                value,
            });
        let junk = choice((
            just(T::Junk),
            just(T::Eq),
            just(T::Quoted),
            just(T::Unquoted),
            just(T::TemplateValue),
        ))
        .map_with(|_, e| FlatAttribute::Junk(span(e.span())));
        let attributes = choice((named, expression.clone().map(FlatAttribute::Braced), junk))
            .repeated()
            .collect::<Vec<_>>();

        let tag_name = just(T::Name).map_with(|_, e| span(e.span())).or_not();
        let start_tag = just(T::TagOpen)
            .ignore_then(tag_name)
            .then(attributes.clone())
            .then(choice((just(T::TagClose), just(T::TagSelfClose))).or_not())
            .map_with(|((name, attributes), close), e| {
                Item::StartTag(StartTag {
                    span: span(e.span()),
                    name,
                    attributes,
                    self_closing: close == Some(T::TagSelfClose),
                    closed: close.is_some(),
                })
            });
        let end_tag = just(T::EndTagOpen)
            .ignore_then(just(T::Name).map_with(|_, e| span(e.span())).or_not())
            .then(attributes)
            .then(just(T::TagClose).or_not())
            .map_with(|((name, attributes), close), e| {
                Item::EndTag(EndTag {
                    span: span(e.span()),
                    name,
                    attributes,
                    closed: close.is_some(),
                })
            });

        choice((
            just(T::Text).map_with(|_, e| Item::Text(span(e.span()))),
            just(T::RawText).map_with(|_, e| Item::RawText(span(e.span()))),
            just(T::Comment).map_with(|_, e| Item::Comment(span(e.span()))),
            just(T::Doctype).map_with(|_, e| Item::Doctype(span(e.span()))),
            expression.map(Item::Expression),
            start_tag,
            end_tag,
            // `}` and the end of nested markup are left for the enclosing expression.
            any()
                .filter(|token: &TokenKind| !matches!(token, T::ExprClose | T::MarkupEnd))
                .map_with(|_, e| Item::Unexpected(span(e.span()))),
        ))
        .boxed()
    })
}
