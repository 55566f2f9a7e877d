//! Page heads: the styles and scripts of every component a page can render, and the script
//! assets they name.

use crate::project::Project;
use astc_compiler::db::{self, SourceFile};
use astc_ir::route::Head;
use astc_ir::{Part, Site};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Fills the head of every route of `site` (`pages`: each page component's file) and puts
/// [`Part::HeadEnd`] at the start of pages without a `<head>`. Returns the script assets:
/// file name in the output folder → JavaScript.
pub(crate) fn collect(
    project: &Project,
    pages: &HashMap<String, SourceFile>,
    site: &mut Site,
) -> BTreeMap<String, String> {
    let db = &project.db;
    let graph = db::component_graph(db, project.workspace);
    let edges: HashMap<SourceFile, &Vec<SourceFile>> =
        graph.edges.iter().map(|(f, t)| (*f, t)).collect();
    let mut assets = BTreeMap::new();
    for route in &mut site.routes {
        let mut head = Head::default();
        let mut has_head = false;
        for file in reachable(&edges, pages[&route.component]) {
            let component = &site.components[&db::component_id(db, project.workspace, file)];
            has_head |= astc_compiler::lower::has_head(component);
            for style in &component.styles {
                if !head.styles.contains(style) {
                    head.styles.push(style.clone());
                }
            }
            for script in &component.scripts {
                let script = crate::env::client_script(script, &site.env);
                let name = format!("_astral/{}.js", fnv_hex(&script));
                let src = site.urls.base_path(&format!("/{name}"));
                if !head.scripts.contains(&src) {
                    head.scripts.push(src);
                }
                assets.insert(name, script);
            }
        }
        route.head = head;
        if !has_head && let Some(component) = site.components.get_mut(&route.component) {
            insert_head_end(&mut component.templates[0].parts);
        }
    }
    assets
}

/// Every component file a page can render: the page and what it imports, transitively.
fn reachable(edges: &HashMap<SourceFile, &Vec<SourceFile>>, page: SourceFile) -> Vec<SourceFile> {
    let mut seen = HashSet::new();
    let mut order = Vec::new();
    let mut stack = vec![page];
    while let Some(file) = stack.pop() {
        if !seen.insert(file) {
            continue;
        }
        order.push(file);
        if let Some(targets) = edges.get(&file) {
            stack.extend(targets.iter().rev());
        }
    }
    order
}

/// Puts the page's head content at the start of a page that has no `<head>` (after its
/// doctype, if it starts with one).
fn insert_head_end(parts: &mut Vec<Part>) {
    if let Some(Part::Html(first)) = parts.first_mut()
        && first
            .trim_start()
            .to_ascii_lowercase()
            .starts_with("<!doctype")
        && let Some(end) = first.find('>')
    {
        let rest = first.split_off(end + 1);
        let mut tail = vec![Part::HeadEnd];
        if !rest.is_empty() {
            tail.push(Part::Html(rest));
        }
        parts.splice(1..1, tail);
        return;
    }
    parts.insert(0, Part::HeadEnd);
}

/// A short stable content hash for asset names.
fn fnv_hex(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:012x}", hash >> 16)
}
