//! The token set of each lexer mode. The driver in `mod.rs` picks the mode; logos
//! classifies the next token within it.

use logos::{Lexer, Logos};

// Tokens that run over many characters match their first character by regex and the rest
// by a callback: logos's state machine takes a call per multi-byte character, which a debug
// build does not turn into a loop, so a long run of non-ASCII text would overflow the stack.

/// Extends the token over the following characters while `continues` holds.
fn extend_while<'s, T: Logos<'s, Source = str>>(
    lex: &mut Lexer<'s, T>,
    continues: impl Fn(char) -> bool,
) {
    let rest = lex.remainder();
    let len = rest.find(|c: char| !continues(c)).unwrap_or(rest.len());
    lex.bump(len);
}

/// Template content between tags.
#[derive(Logos, Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Markup {
    #[regex(r"[^<{}]", |lex| extend_while(lex, |c| !matches!(c, '<' | '{' | '}')))]
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
    #[regex(r"\s", |lex| extend_while(lex, char::is_whitespace))]
    Whitespace,
    #[regex(r#"[^\s"'<>/={}`]"#, |lex| extend_while(lex, is_name_char))]
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
    #[token("//", |lex| extend_while(lex, |c| !matches!(c, '\n' | '\r')))]
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

/// A character of a tag's name or unquoted value (`Tag::Name`).
fn is_name_char(c: char) -> bool {
    !c.is_whitespace() && !matches!(c, '"' | '\'' | '<' | '>' | '/' | '=' | '{' | '}' | '`')
}
