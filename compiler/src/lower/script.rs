//! TypeScript to JavaScript for processed `<script>` bodies and component modules (SPEC §3,
//! "Scripts"), with `swc_ts_fast_strip`.
//!
//! Strip-only mode first: type syntax is overwritten with spaces (line breaks kept) and nothing
//! else changes, so every JavaScript token keeps its line and column, and errors found later
//! in the JavaScript map back to the source without a source map. TypeScript that has runtime
//! semantics (`enum`, `namespace` with values, constructor parameter properties,
//! `import x = require()`, `export =`, `<T>x` assertions) cannot be erased: such code goes
//! through swc's transform mode instead, which prints new code with swc's source map, read
//! into [`Stripped::map`].
//!
//! Imports are kept as written, in both modes (TypeScript's `verbatimModuleSyntax`, which
//! Astro's tsconfig presets turn on): an import used only as a type must be written
//! `import type` (or `import { type T }`), or the module will ask its dependency for an export
//! that does not exist at run time.

use astc_ir::Mapping;
use std::sync::{Arc, Mutex, PoisonError};
use swc_common::errors::{DiagnosticBuilder, Emitter, HANDLER, Handler};
use swc_common::sync::Lrc;
use swc_common::{BytePos, GLOBALS, Globals, SourceMap};
use swc_ecma_parser::TsSyntax;
use swc_ts_fast_strip::{ErrorCode, Mode, Options, TransformConfig, operate};

/// The JavaScript made from a TypeScript input.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Stripped {
    pub code: String,
    /// `None` when types were erased in place (strip-only mode): the output has the input's
    /// lines, and every JavaScript token keeps its line and its column counted in UTF-16 code
    /// units (as JavaScript engines count). Byte offsets are kept too, unless erased type
    /// syntax contains non-ASCII characters: each becomes as many spaces as its UTF-16 length
    /// (`"é"` → one space for two bytes). An erased statement may leave a `;` (so that the
    /// next line cannot continue the previous statement).
    ///
    /// When the input needed swc's transform mode (enums, namespaces, parameter
    /// properties…), the code is reprinted and this is where its tokens came from: every
    /// mapping's `source_line`/`source_column` is a position in the input.
    pub map: Option<Vec<Mapping>>,
}

/// A problem found in code given to [`strip`].
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ScriptError {
    pub message: String,
    /// Where it starts in that code, when swc said.
    pub at: Option<ScriptPosition>,
}

/// A position in code given to [`strip`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct ScriptPosition {
    /// Byte offset.
    pub offset: u32,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

impl ScriptPosition {
    fn at(code: &str, offset: usize) -> ScriptPosition {
        let before = &code[..offset];
        ScriptPosition {
            offset: offset as u32,
            line: before.matches('\n').count() as u32 + 1,
            column: before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1,
        }
    }
}

/// Why [`strip`] failed: swc's errors in the order it found them, duplicates removed; never
/// empty.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct StripError {
    pub errors: Vec<ScriptError>,
}

impl StripError {
    fn one(message: impl Into<String>, at: Option<ScriptPosition>) -> StripError {
        StripError {
            errors: vec![ScriptError {
                message: message.into(),
                at,
            }],
        }
    }
}

/// Each error as `line:column: message` (without a position when swc gave none), joined by
/// `; `.
impl std::fmt::Display for StripError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (k, error) in self.errors.iter().enumerate() {
            if k > 0 {
                f.write_str("; ")?;
            }
            if let Some(at) = error.at {
                write!(f, "{}:{}: ", at.line, at.column)?;
            }
            f.write_str(&error.message)?;
        }
        Ok(())
    }
}

/// TypeScript to JavaScript, for a processed `<script>` body (not `is:inline`), a component's
/// generated module (imports, then the frontmatter inside the render function) and an
/// imported `.ts`/`.js` module.
///
/// The code is parsed as an ES module, so `import`/`export` and top-level `await` are allowed
/// and strict-mode rules apply; a `return` outside any function is a syntax error. Type
/// syntax is erased in place when possible: the output has the input's lines, and each
/// JavaScript token keeps its line and (UTF-16) column; with ASCII-only types, its byte
/// offset too. Otherwise (enums and other TypeScript with runtime semantics) the code is
/// transformed and reprinted, with its map ([`Stripped::map`]). Syntax errors are located in
/// `code`. Then `import.meta.env` is rewritten to the renderer's global
/// ([`crate::env::rewrite`], which moves no token).
pub fn strip(code: &str) -> Result<Stripped, StripError> {
    // Scripts and imported modules were never checked; a component's module was, piece by
    // piece, but markup nests its expressions, so the assembled module is scanned too.
    if let Some(at) = crate::js_syntax::nesting_too_deep(code) {
        return Err(StripError::one(
            format!(
                "nested too deeply to compile (over {} brackets, or over {} levels counting \
                 operators, calls and member accesses)",
                crate::js_syntax::MAX_JS_NESTING,
                crate::js_syntax::MAX_JS_DEPTH
            ),
            Some(ScriptPosition::at(code, at)),
        ));
    }
    let stripped = match run(code, Mode::StripOnly) {
        Ok((code, _)) => Stripped { code, map: None },
        // TypeScript with runtime semantics: only transform mode can compile it.
        Err(Failure {
            code: ErrorCode::UnsupportedSyntax,
            ..
        }) => run(code, Mode::Transform)
            .map(|(code, map)| Stripped {
                code,
                map: Some(map),
            })
            .map_err(|failure| failure.error)?,
        Err(failure) => return Err(failure.error),
    };
    Ok(Stripped {
        code: crate::env::rewrite(&stripped.code),
        map: stripped.map,
    })
}

struct Failure {
    code: ErrorCode,
    error: StripError,
}

/// One `operate` call with a fresh source map and an error collector: the code and, in
/// transform mode, where its tokens came from.
fn run(code: &str, mode: Mode) -> Result<(String, Vec<Mapping>), Failure> {
    crate::js_syntax::with_stack(|| run_on_stack(code, mode))
}

fn run_on_stack(code: &str, mode: Mode) -> Result<(String, Vec<Mapping>), Failure> {
    let cm: Lrc<SourceMap> = Lrc::default();
    let errors: Reported = Arc::default();
    let handler = Handler::with_emitter(
        false,
        false,
        Box::new(Collector {
            errors: Arc::clone(&errors),
        }),
    );
    let transform = matches!(mode, Mode::Transform);
    let options = Options {
        module: Some(true),
        mode,
        // As swc_ts_fast_strip's own default: decorators allowed.
        parser: TsSyntax {
            decorators: true,
            ..TsSyntax::default()
        },
        transform: transform.then(|| {
            let mut config = TransformConfig::default();
            // Keep imports as written, like strip-only mode does (see the module docs).
            config.typescript.verbatim_module_syntax = true;
            // Class fields stay class fields (`useDefineForClassFields`, as in strip-only).
            config.typescript.native_class_properties = true;
            // No `export {}` added to modules without exports.
            config.typescript.no_empty_export = true;
            config
        }),
        // Reprinted code needs swc's map back to the input; erased code keeps positions.
        source_map: transform,
        ..Options::default()
    };
    let Some(result) = crate::js_syntax::guard(|| {
        if transform {
            // Transform mode creates hygiene marks (which live in `GLOBALS`) and its TypeScript
            // pass reports through `HANDLER`. A fresh `Globals` per call: marks are never freed,
            // so a shared one would grow for the life of the process.
            GLOBALS.set(&Globals::new(), || {
                HANDLER.set(&handler, || {
                    operate(&cm, &handler, code.to_string(), options)
                })
            })
        } else {
            operate(&cm, &handler, code.to_string(), options)
        }
    }) else {
        return Err(Failure {
            code: ErrorCode::Unknown,
            error: StripError::one("the JavaScript parser (swc) failed on this code", None),
        });
    };
    result
        .map(|output| {
            let map = output.map.as_deref().map_or_else(Vec::new, mappings);
            (output.code, map)
        })
        .map_err(|error| {
            let collected =
                std::mem::take(&mut *errors.lock().unwrap_or_else(PoisonError::into_inner));
            let mut errors: Vec<ScriptError> = collected
                .into_iter()
                .map(|(message, pos)| ScriptError {
                    message,
                    at: pos.map(|pos| {
                        let loc = cm.lookup_char_pos(pos);
                        ScriptPosition {
                            offset: cm.lookup_byte_offset(pos).pos.0,
                            line: loc.line as u32,
                            column: loc.col.0 as u32 + 1,
                        }
                    }),
                })
                .collect();
            errors.dedup();
            if errors.is_empty() {
                errors.push(ScriptError {
                    message: error.message,
                    at: None,
                });
            }
            Failure {
                code: error.code,
                error: StripError { errors },
            }
        })
}

/// The mappings of a source map (JSON), as 1-based positions. swc maps tokens it generated
/// without a source position to the input's start; those are dropped with the others that
/// point nowhere.
fn mappings(json: &str) -> Vec<Mapping> {
    let Ok(map) = swc_sourcemap::SourceMap::from_slice(json.as_bytes()) else {
        return Vec::new();
    };
    let mut out: Vec<Mapping> = map
        .tokens()
        .filter(|token| token.has_source() && (token.get_src_line(), token.get_src_col()) != (0, 0))
        .map(|token| Mapping {
            line: token.get_dst_line() + 1,
            column: token.get_dst_col() + 1,
            source_line: token.get_src_line() + 1,
            source_column: token.get_src_col() + 1,
        })
        .collect();
    out.sort_by_key(|m| (m.line, m.column));
    out.dedup_by_key(|m| (m.line, m.column));
    out
}

/// What swc reported: each message with the start of its primary span.
type Reported = Arc<Mutex<Vec<(String, Option<BytePos>)>>>;

/// Collects what swc reports.
struct Collector {
    errors: Reported,
}

impl Emitter for Collector {
    fn emit(&mut self, db: &mut DiagnosticBuilder<'_>) {
        let pos = db.span.primary_span().map(|span| span.lo);
        let mut message = db.message();
        // swc's messages are sentences of varying style; trim a trailing period to join them.
        if message.ends_with('.') {
            message.pop();
        }
        self.errors
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((message, pos));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Strips `code` and checks that positions were kept: same length, same line breaks.
    fn erased(code: &str) -> String {
        let stripped = strip(code).unwrap();
        assert!(stripped.map.is_none(), "{code}");
        assert_eq!(stripped.code.len(), code.len(), "{:?}", stripped.code);
        let breaks = |s: &str| s.match_indices('\n').map(|(i, _)| i).collect::<Vec<_>>();
        assert_eq!(breaks(&stripped.code), breaks(code));
        stripped.code
    }

    #[test]
    fn types_are_erased_in_place() {
        let code = "\
interface Props {
  title: string;
  items?: Array<{ id: number }>;
}
type Id = string | number;
const el = document.querySelector<HTMLButtonElement>('#go')!;
function pick<T extends object>(value: T, key: keyof T): T[keyof T] {
  return value[key];
}
const n = (el as unknown as { count: number }).count satisfies number;
let later!: string;
class Box<T> implements Iterable<T> {
  private readonly items: T[] = [];
  declare size: number;
  *[Symbol.iterator](): Iterator<T> { yield* this.items; }
}
export type { Props };
import type { Other } from './other';
MARKER(pick, n, later, Box);
";
        let out = erased(code);
        let marker = code.find("MARKER").unwrap();
        assert_eq!(out.find("MARKER"), Some(marker));
        // Blanked statements become `;` so that the next line cannot continue them (ASI).
        let expected = "\
; const el = document.querySelector ('#go') ;
function pick (value , key ) {
  return value[key];
}
const n = (el ).count ;
let later ;
class Box {
  items = [];
  *[Symbol.iterator]() { yield* this.items; }
}
; ; MARKER(pick, n, later, Box);
";
        assert_eq!(words(&out), words(expected), "{out}");
    }

    fn words(code: &str) -> String {
        code.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn non_ascii_types_keep_utf16_columns() {
        let code = "let a: 'é😀' = 1; MARKER;\nMARKER;\n";
        let stripped = strip(code).unwrap();
        assert!(stripped.map.is_none());
        let out = stripped.code;
        assert_eq!(out, "let a        = 1; MARKER;\nMARKER;\n");
        let utf16_column = |s: &str| s[..s.find("MARKER").unwrap()].encode_utf16().count();
        assert_eq!(utf16_column(&out), utf16_column(code));
        // Byte offsets shift (`é` is 2 bytes but 1 UTF-16 unit); lines do not.
        assert_eq!(out.len(), code.len() - 3);
        assert_eq!(out.lines().nth(1), Some("MARKER;"));
    }

    #[test]
    fn plain_javascript_is_unchanged() {
        let code = "import { a } from './a.js';\nconst b = await a();\nconsole.log(b);\n";
        assert_eq!(erased(code), code);
        assert_eq!(strip(code).unwrap().code, code);
    }

    #[test]
    fn generated_module_shape_parses() {
        let code = "\
import Card from './Card.astral';
import type { Post } from './types';
export const prerender = true;
export async function getStaticPaths(): Promise<{ params: { slug: string } }[]> {
  return [];
}
export default async function (Astro: any, Astral: any) {
  const posts: Post[] = await fetch('/api').then((r) => r.json() as Promise<Post[]>);
  if (!posts.length) return Astro.redirect('/empty');
  return [posts, Card];
}
";
        let out = strip(code).unwrap().code;
        assert_eq!(out.len(), code.len());
        assert_eq!(out.lines().count(), code.lines().count());
        let marker = code.find("if (!posts").unwrap();
        assert_eq!(out.find("if (!posts"), Some(marker));
        let expected = "\
import Card from './Card.astral';
export const prerender = true;
export async function getStaticPaths() {
  return [];
}
export default async function (Astro , Astral ) {
  const posts = await fetch('/api').then((r) => r.json() );
  if (!posts.length) return Astro.redirect('/empty');
  return [posts, Card];
}
";
        assert_eq!(words(&out), words(expected), "{out}");
    }

    #[test]
    fn runtime_typescript_is_transformed() {
        let stripped =
            strip("enum Color { Red, Green }\nconsole.log(Color.Green as number);\n").unwrap();
        assert!(stripped.map.is_some());
        assert!(
            stripped
                .code
                .contains("Color[Color[\"Green\"] = 1] = \"Green\""),
            "{}",
            stripped.code
        );
        assert!(!stripped.code.contains(" as "), "{}", stripped.code);

        let stripped = strip("class A { constructor(private x: number) {} }\nnew A(1);\n").unwrap();
        assert!(stripped.map.is_some());
        assert!(stripped.code.contains("this.x = x"), "{}", stripped.code);

        let stripped = strip("namespace N { export const v = 1; }\nconsole.log(N.v);\n").unwrap();
        assert!(stripped.map.is_some());
        assert!(!stripped.code.contains("namespace"), "{}", stripped.code);
    }

    #[test]
    fn imports_are_kept_as_written() {
        // verbatimModuleSyntax: a value import stays even when only used as a type, in both modes.
        let code = "import { Thing } from './thing';\nlet t: Thing;\n";
        assert!(erased(code).starts_with("import { Thing } from './thing';"));
        let enum_code = "import { Thing } from './thing';\nenum E { A }\nlet t: Thing;\n";
        let stripped = strip(enum_code).unwrap();
        assert!(stripped.map.is_some());
        assert!(
            stripped.code.contains("import { Thing } from './thing';"),
            "{}",
            stripped.code
        );
    }

    #[test]
    fn syntax_errors_are_errors_with_positions() {
        let error = strip("const a = 1;\nconst b = ;\n").unwrap_err();
        let at = error.errors[0].at.unwrap();
        assert_eq!((at.line, at.column, at.offset), (2, 11, 23), "{error}");
        assert!(error.to_string().starts_with("2:11: "), "{error}");
        let error = strip("let x: = 1;").unwrap_err();
        assert_eq!(error.errors[0].at.map(|at| at.line), Some(1), "{error}");
        // Module goal: strict mode, no top-level `return`.
        assert!(strip("with (a) {}").is_err());
        assert!(strip("return 1;").is_err());
        // An error in code that also needs the transform is still an error.
        assert!(strip("enum E { A }\nconst = 1;").is_err());
    }

    #[test]
    fn too_deep_code_is_an_error_at_its_position() {
        let code = format!("let a = 1;\nlet b = {}1;\n", "(".repeat(300));
        let error = strip(&code).unwrap_err();
        let at = error.errors[0].at.unwrap();
        assert_eq!(at.line, 2, "{error}");
        assert!(
            error.errors[0].message.contains("nested too deeply"),
            "{error}"
        );
    }

    #[test]
    fn errors_display_as_positions_and_messages() {
        let error = StripError {
            errors: vec![
                ScriptError {
                    message: "bad; worse".into(),
                    at: Some(ScriptPosition {
                        offset: 4,
                        line: 2,
                        column: 3,
                    }),
                },
                ScriptError {
                    message: "somewhere".into(),
                    at: None,
                },
            ],
        };
        assert_eq!(error.to_string(), "2:3: bad; worse; somewhere");
    }
}
