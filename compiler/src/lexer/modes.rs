//! The token set of each lexer mode. The driver in `mod.rs` picks the mode; logos
//! classifies the next token within it.

use logos::Logos;

/// Template content between tags.
#[derive(Logos, Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Markup {
    #[regex(r"[^<{}]+")]
    Text,
    #[token("<!--")]
    CommentOpen,
    #[token("<!")]
    Bang,
    #[token("</")]
    LtSlash,
    #[token("<")]
    Lt,
    #[token("{")]
    LBrace,
    #[token("}")]
    RBrace,
}

/// The inside of a start or end tag.
#[derive(Logos, Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tag {
    #[regex(r"\s+")]
    Whitespace,
    #[regex(r#"[^\s"'<>/={}`]+"#)]
    Name,
    #[token("=")]
    Eq,
    #[token("\"")]
    DoubleQuote,
    #[token("'")]
    SingleQuote,
    #[token("`")]
    Backtick,
    #[token("{")]
    LBrace,
    #[token("}")]
    RBrace,
    #[token("/>")]
    SlashGt,
    #[token(">")]
    Gt,
    #[token("<")]
    Lt,
    #[token("/")]
    Slash,
}

/// JavaScript inside `{…}`: only as fine-grained as needed to find where the expression
/// ends, where markup starts, and to skip strings, comments, regexes and templates.
/// Anything else (non-ASCII identifier characters, unusual spaces) is a lexing error that
/// the driver treats as part of an operand.
#[derive(Logos, Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Js {
    #[regex(r"[ \t\n\r\x0B\x0C]+")]
    Whitespace,
    #[regex(r"//[^\n\r]*", allow_greedy = true)]
    LineComment,
    #[token("/*")]
    BlockCommentOpen,
    #[token("\"")]
    DoubleQuote,
    #[token("'")]
    SingleQuote,
    #[token("`")]
    Backtick,
    #[regex(r"#?[A-Za-z_$][A-Za-z0-9_$]*")]
    Ident,
    #[regex(r"[0-9][0-9A-Za-z_.]*|\.[0-9][0-9A-Za-z_]*")]
    Number,
    #[token("{")]
    LBrace,
    #[token("}")]
    RBrace,
    #[token("(")]
    #[token("[")]
    Open,
    #[token(")")]
    #[token("]")]
    Close,
    #[token("++")]
    #[token("--")]
    Update,
    #[token("<")]
    Lt,
    #[token("/")]
    Slash,
    #[regex(r#"[!%&*+,\-.:;=>?@^|~\\]"#)]
    Punct,
}
