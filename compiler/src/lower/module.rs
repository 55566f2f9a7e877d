//! The component's JavaScript module: the frontmatter turned into the body of the render
//! function, its imports hoisted, `getStaticPaths` moved to module level, and the template's
//! holes returned as the frame (see `astc_ir` for the contract).
//!
//! Lines are kept: the frontmatter's code keeps its line structure (removed parts become
//! spaces), so [`Module::line_map`] maps every line of the module back to the `.astral`
//! source, and JavaScript errors point at the right line.

use crate::frontmatter::{FrontmatterInfo, ModuleItemKind};
use crate::span::Span;
use astc_ir::Mapping;
use std::collections::HashMap;

/// One hole of the top frame: its JavaScript and the source line it came from.
pub struct HoleJs {
    pub js: String,
    pub line: u32,
}

pub struct Module {
    pub code: String,
    pub line_map: Vec<u32>,
    pub get_static_paths: bool,
}

/// Whether the frontmatter has code that must run (anything but imports, types and
/// `prerender`).
pub fn frontmatter_has_code(frontmatter: &FrontmatterInfo) -> bool {
    frontmatter.items.iter().any(|item| match &item.kind {
        ModuleItemKind::Statement => true,
        ModuleItemKind::ExportDeclaration { names } => {
            !names.iter().all(|name| name == "prerender")
        }
        ModuleItemKind::Import | ModuleItemKind::TypeDeclaration | ModuleItemKind::OtherExport => {
            false
        }
    })
}

/// Builds the module. `components` maps the local names of component imports to component
/// ids; `line_of` gives the 1-based line of a byte offset.
pub fn build(
    source: &str,
    code: Span,
    frontmatter: &FrontmatterInfo,
    components: &HashMap<String, String>,
    holes: &[HoleJs],
    line_of: &dyn Fn(u32) -> u32,
) -> Module {
    let mut header = String::new();
    let mut body: Vec<u8> = code.text(source).as_bytes().to_vec();
    let mut tail = String::new();
    let mut tail_lines: Vec<u32> = Vec::new();
    let blank = |body: &mut Vec<u8>, span: Span| {
        for byte in &mut body[(span.start - code.start) as usize..(span.end - code.start) as usize]
        {
            if *byte != b'\n' {
                *byte = b' ';
            }
        }
    };
    let mut import_index = 0;
    for item in &frontmatter.items {
        match &item.kind {
            ModuleItemKind::Import => {
                let import = &frontmatter.imports[import_index];
                import_index += 1;
                blank(&mut body, item.span);
                if import.type_only
                    || import.specifiers.iter().all(|s| s.type_only)
                        && !import.specifiers.is_empty()
                {
                    continue;
                }
                let is_component =
                    import.source.ends_with(".astral") || import.source.ends_with(".astro");
                if is_component {
                    for specifier in &import.specifiers {
                        if let Some(id) = components.get(&specifier.local) {
                            header.push_str(&format!(
                                "const {} = $$component({});",
                                specifier.local,
                                json_string(id)
                            ));
                        }
                    }
                } else if import.source.starts_with("./") || import.source.starts_with("../") {
                    header.push_str(&item.span.text(source).replace(['\n', '\r'], " "));
                    if !header.ends_with(';') {
                        header.push(';');
                    }
                }
                // Other (package) imports are reported by the frontmatter analysis.
            }
            ModuleItemKind::ExportDeclaration { names } => {
                if names.iter().any(|name| name == "getStaticPaths") {
                    blank(&mut body, item.span);
                    let first = line_of(item.span.start);
                    let text = item.span.text(source);
                    tail.push_str(text);
                    tail.push('\n');
                    tail_lines.extend((0..text.split('\n').count() as u32).map(|k| first + k));
                } else if names.iter().all(|name| name == "prerender") {
                    blank(&mut body, item.span);
                } else {
                    // `export const x = …` inside a function body: drop the keyword.
                    blank(&mut body, Span::new(item.span.start, item.span.start + 6));
                }
            }
            // Types are erased anyway, and `export interface` is not valid in a function body.
            ModuleItemKind::OtherExport | ModuleItemKind::TypeDeclaration => {
                blank(&mut body, item.span)
            }
            ModuleItemKind::Statement => {}
        }
    }
    let body = String::from_utf8(body).expect("only ASCII bytes were replaced");

    let mut out = String::new();
    let mut line_map = Vec::new();
    out.push_str(&header);
    // An async function costs a promise and a job-queue round per component render.
    let awaits = may_await(&body) || holes.iter().any(|hole| may_await(&hole.js));
    out.push_str(if awaits {
        "export default async function (Astro, Astral) {\n"
    } else {
        "export default function (Astro, Astral) {\n"
    });
    line_map.push(0);
    let first_code_line = line_of(code.start);
    for (k, line) in body.split('\n').enumerate() {
        out.push_str(line);
        out.push('\n');
        line_map.push(first_code_line + k as u32);
    }
    out.push_str("return [\n");
    line_map.push(0);
    for hole in holes {
        for (k, line) in hole.js.split('\n').enumerate() {
            out.push_str(line);
            out.push('\n');
            line_map.push(hole.line + k as u32);
        }
        // The comma goes on the hole's last line, before its newline.
        out.insert(out.len() - 1, ',');
    }
    out.push_str("];\n}\n");
    line_map.extend([0, 0]);
    out.push_str(&tail);
    line_map.extend(tail_lines);
    Module {
        code: out,
        line_map,
        get_static_paths: frontmatter.get_static_paths.is_some(),
    }
}

/// The line map and mappings of `code`, a reprint of a module whose lines map to the source
/// by `line_map`, given `map`, where the reprint's tokens came from in that module. Columns
/// are kept: a module line the compiler kept has its source line's columns. Tokens from
/// generated lines are dropped, and a reprinted line without tokens from the source maps
/// to 0.
pub fn through_map(code: &str, map: &[Mapping], line_map: &[u32]) -> (Vec<u32>, Vec<Mapping>) {
    let mappings: Vec<Mapping> = map
        .iter()
        .filter_map(|mapping| {
            let source_line = *line_map.get(mapping.source_line.checked_sub(1)? as usize)?;
            (source_line != 0).then_some(Mapping {
                source_line,
                ..*mapping
            })
        })
        .collect();
    let mut lines = vec![0; code.split('\n').count()];
    for mapping in mappings.iter().rev() {
        if let Some(line) = lines.get_mut(mapping.line as usize - 1) {
            *line = mapping.source_line;
        }
    }
    (lines, mappings)
}

/// Whether `js` may contain an `await`, so the function around it must be `async`. A text
/// test: "await" in a string, comment or name only costs an unneeded `async`.
pub fn may_await(js: &str) -> bool {
    js.contains("await")
}

/// A JavaScript string literal.
pub fn json_string(text: &str) -> String {
    serde_json::to_string(text).expect("strings serialize")
}
