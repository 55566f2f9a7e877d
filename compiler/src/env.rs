//! `import.meta.env` in compiled JavaScript. A compiled site is rendered from its IR, where
//! module code cannot know the environment the site is built in; instead every
//! `import.meta.env` becomes [`ENV_GLOBAL`], a global the renderer defines from
//! `ir::Site::env` for server code, and a client script asset defines at its top with the
//! public part only (see `astc_site`). The name has the length of `import.meta.env`, so no
//! token moves: line and column positions (and source maps) stay right.

use crate::js_syntax::{guard, nesting_too_deep, new_lexer, with_stack};
use swc_ecma_ast::{Expr, MemberExpr, MemberProp, MetaPropKind};
use swc_ecma_parser::Parser;
use swc_ecma_visit::{Visit, VisitWith};

pub use astc_ir::ENV_GLOBAL;

/// `js` (an ES module) with each `import.meta.env` replaced by [`ENV_GLOBAL`], padded so
/// that the text keeps its length and its lines. Code that does not parse is returned as it
/// is: the engine reports its syntax error.
pub fn rewrite(js: &str) -> String {
    if !js.contains("meta") || nesting_too_deep(js).is_some() {
        return js.to_owned();
    }
    let spans = with_stack(|| {
        guard(|| match Parser::new_from(new_lexer(js)).parse_module() {
            Ok(module) => {
                let mut found = Found(Vec::new());
                module.visit_with(&mut found);
                found.0
            }
            Err(_) => Vec::new(),
        })
    })
    .unwrap_or_default();
    let mut out = js.to_owned();
    // From the end, so earlier offsets stay valid.
    for (start, end) in spans.into_iter().rev() {
        let original = &js[start..end];
        let newlines = original.matches('\n').count();
        let fill = original.len().saturating_sub(ENV_GLOBAL.len() + newlines);
        let replacement = format!("{ENV_GLOBAL}{}{}", " ".repeat(fill), "\n".repeat(newlines));
        out.replace_range(start..end, &replacement);
    }
    out
}

/// Byte ranges of `import.meta.env` expressions, in source order.
struct Found(Vec<(usize, usize)>);

impl Visit for Found {
    fn visit_member_expr(&mut self, member: &MemberExpr) {
        let is_env = matches!(&member.prop, MemberProp::Ident(name) if name.sym == *"env");
        if is_env
            && let Expr::MetaProp(meta) = &*member.obj
            && meta.kind == MetaPropKind::ImportMeta
        {
            // `new_lexer` starts positions at 1.
            self.0
                .push((member.span.lo.0 as usize - 1, member.span.hi.0 as usize - 1));
            return;
        }
        member.visit_children_with(self);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_import_meta_env_becomes_the_global_in_place() {
        let js = "const a = import.meta.env.PROD;\nexport const b = import.meta.env;\nf(import.meta.env?.X, \"import.meta.env\");\n// import.meta.env\nimport.meta.url;\n";
        assert_eq!(
            rewrite(js),
            "const a = $$importMetaEnv.PROD;\nexport const b = $$importMetaEnv;\nf($$importMetaEnv?.X, \"import.meta.env\");\n// import.meta.env\nimport.meta.url;\n"
        );
    }

    #[test]
    fn lines_and_length_are_kept_when_the_expression_spans_lines() {
        let js = "const a = import.meta\n  .env.SITE;\n";
        let out = rewrite(js);
        assert_eq!(out.len(), js.len());
        assert_eq!(out.lines().count(), js.lines().count());
        assert!(out.starts_with("const a = $$importMetaEnv"), "{out}");
    }

    #[test]
    fn code_that_does_not_parse_is_left_alone() {
        let js = "const = import.meta.env;";
        assert_eq!(rewrite(js), js);
    }
}
