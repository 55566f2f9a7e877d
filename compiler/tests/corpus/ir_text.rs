//! The render IR of a component as text to review: the component as JSON, then its
//! JavaScript module as code, each line beside the `.astral` line its line map gives.

use astc_ir::{Component, Script};
use std::fmt::Write;

pub fn document(component: &Component) -> String {
    // A one-line JSON string cannot be reviewed: the module is listed below instead.
    let without_script = Component {
        script: None,
        ..component.clone()
    };
    let mut out = serde_json::to_string_pretty(&without_script).unwrap();
    if component.script.is_some() {
        let null = "\n  \"script\": null,\n";
        assert!(out.contains(null), "{out}");
        out = out.replacen(null, "\n  \"script\": \"(the module below)\",\n", 1);
    }
    out.push('\n');
    if let Some(script) = &component.script {
        out.push_str(&module(script));
    }
    out
}

/// `--- module`, then one row per module line: its number, `← N` when the line map says
/// it comes from `.astral` line N (blank for a generated line, `← ?` past the map's end),
/// and the code. A map longer than the module is reported after the rows.
fn module(script: &Script) -> String {
    let mut out = format!(
        "--- module (getStaticPaths: {}; `← N`: from .astral line N)\n",
        script.get_static_paths
    );
    let lines: Vec<&str> = script.module.lines().collect();
    for (index, code) in lines.iter().enumerate() {
        let from = match script.line_map.get(index) {
            Some(0) => String::new(),
            Some(line) => format!("← {line}"),
            None => "← ?".to_string(),
        };
        let row = format!("{:>3} {from:<6}│ {code}", index + 1);
        writeln!(out, "{}", row.trim_end()).unwrap();
    }
    // `lines` drops the empty line after a final newline, which a map may count.
    let line_count = script.module.split('\n').count();
    if script.line_map.len() > line_count {
        writeln!(
            out,
            "--- line map has {} entries for {} module lines: {:?}",
            script.line_map.len(),
            line_count,
            &script.line_map[line_count..]
        )
        .unwrap();
    }
    out
}
