//! Where a JavaScript error happened, in source terms: QuickJS stack frames mapped through
//! each component's [`ir::Script::line_map`].

use crate::modules::component_prelude;
use astc_ir as ir;

/// One frame of a QuickJS stack trace: `    at fn (file:line:col)` or `    at file:line:col`.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct StackFrame<'s> {
    pub file: &'s str,
    pub line: u32,
    pub column: u32,
}

pub(crate) fn parse_stack(stack: &str) -> impl Iterator<Item = StackFrame<'_>> {
    stack.lines().filter_map(|line| {
        let rest = line.trim().strip_prefix("at ")?;
        let location = match rest.strip_suffix(')') {
            Some(inner) => &inner[inner.rfind('(')? + 1..],
            None => rest,
        };
        let mut parts = location.rsplitn(3, ':');
        let column = parts.next()?.parse().ok()?;
        let line = parts.next()?.parse().ok()?;
        let file = parts.next()?;
        Some(StackFrame { file, line, column })
    })
}

/// A source location inside a component.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Location {
    pub component: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
}

/// The first frame of `stack` that lies in a component module, mapped to its source line.
/// Frames in plain modules (`src/lib/util.js`) are skipped: the error is reported where the
/// component called into them.
pub(crate) fn locate(
    site: &ir::Site,
    index_of: impl Fn(&str) -> Option<usize>,
    stack: &str,
) -> Option<Location> {
    parse_stack(stack).find_map(|frame| {
        let script = site.components.get(frame.file)?.script.as_ref()?;
        let (line, column) = map_position(script, index_of(frame.file)?, frame.line, frame.column);
        Some(Location {
            component: frame.file.to_owned(),
            line,
            column,
        })
    })
}

/// Maps a module line/column to the source: through the script's mappings when it has them
/// (the last one at or before the position on its line), else through its line map. The
/// column is dropped with the line when the line is generated (maps to 0).
pub(crate) fn map_position(
    script: &ir::Script,
    component_index: usize,
    line: u32,
    column: u32,
) -> (Option<u32>, Option<u32>) {
    let mapped = line
        .checked_sub(1)
        .and_then(|i| script.line_map.get(i as usize))
        .copied()
        .filter(|&l| l != 0);
    let Some(mapped) = mapped else {
        return (None, None);
    };
    let column = if line == 1 {
        // Line 1 carries the host's prelude before the compiler's text.
        let shift = component_prelude(component_index).chars().count() as u32;
        column.checked_sub(shift).filter(|&c| c > 0)
    } else {
        Some(column).filter(|&c| c > 0)
    };
    if script.mappings.is_empty() {
        return (Some(mapped), column);
    }
    let Some(column) = column else {
        return (Some(mapped), None);
    };
    let before = script
        .mappings
        .partition_point(|m| (m.line, m.column) <= (line, column));
    match before
        .checked_sub(1)
        .map(|i| script.mappings[i])
        .filter(|m| m.line == line)
    {
        Some(m) => (
            Some(m.source_line),
            Some(m.source_column + (column - m.column)),
        ),
        None => (Some(mapped), None),
    }
}

/// For "Error resolving module 'x' from 'y'": the importing module and the specifier.
pub(crate) fn unresolved_import(message: &str) -> Option<(&str, &str)> {
    let rest = &message[message.find("resolving module '")? + "resolving module '".len()..];
    let (specifier, rest) = rest.split_once("' from '")?;
    let (base, _) = rest.split_once('\'')?;
    Some((base, specifier))
}

/// The 1-based module line of the `import … 'specifier'` (or `"specifier"`) statement.
pub(crate) fn import_line(module: &str, specifier: &str) -> Option<u32> {
    let quoted = [format!("'{specifier}'"), format!("\"{specifier}\"")];
    module
        .lines()
        .position(|line| quoted.iter().any(|q| line.contains(q.as_str())))
        .map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_quickjs_frames() {
        let stack = "    at f (src/lib/util.js:2:3)\n    at default (components/Card.astral:4:3)\n    at components/Syn.astral:2:11\n    at <anonymous> (native)\n";
        let frames: Vec<_> = parse_stack(stack).collect();
        assert_eq!(
            frames,
            vec![
                StackFrame {
                    file: "src/lib/util.js",
                    line: 2,
                    column: 3
                },
                StackFrame {
                    file: "components/Card.astral",
                    line: 4,
                    column: 3
                },
                StackFrame {
                    file: "components/Syn.astral",
                    line: 2,
                    column: 11
                },
            ]
        );
    }

    #[test]
    fn maps_lines_and_shifts_first_line_columns() {
        let script = ir::Script {
            module: String::new(),
            get_static_paths: false,
            line_map: vec![3, 0, 9],
            mappings: Vec::new(),
        };
        assert_eq!(map_position(&script, 0, 3, 5), (Some(9), Some(5)));
        assert_eq!(map_position(&script, 0, 2, 5), (None, None));
        assert_eq!(map_position(&script, 0, 7, 5), (None, None));
        let shift = component_prelude(0).chars().count() as u32;
        assert_eq!(map_position(&script, 0, 1, shift + 4), (Some(3), Some(4)));
    }

    #[test]
    fn maps_reprinted_modules_through_their_mappings() {
        let at = |line, column, source_line, source_column| ir::Mapping {
            line,
            column,
            source_line,
            source_column,
        };
        let script = ir::Script {
            module: String::new(),
            get_static_paths: false,
            line_map: vec![0, 4, 7],
            mappings: vec![at(2, 5, 4, 1), at(2, 9, 5, 3), at(3, 1, 7, 2)],
        };
        // The last mapping at or before the column, shifted by the distance to it.
        assert_eq!(map_position(&script, 0, 2, 5), (Some(4), Some(1)));
        assert_eq!(map_position(&script, 0, 2, 12), (Some(5), Some(6)));
        // Before the line's first mapping: the line map's line, no column.
        assert_eq!(map_position(&script, 0, 2, 1), (Some(4), None));
        assert_eq!(map_position(&script, 0, 3, 4), (Some(7), Some(5)));
        assert_eq!(map_position(&script, 0, 1, 4), (None, None));
    }

    #[test]
    fn finds_unresolved_imports() {
        let message = "ReferenceError: Error resolving module './nope.js' from 'pages/a.astral': no such module";
        assert_eq!(
            unresolved_import(message),
            Some(("pages/a.astral", "./nope.js"))
        );
        assert_eq!(
            import_line("let a;\nimport x from \"./nope.js\";\n", "./nope.js"),
            Some(2)
        );
    }
}
