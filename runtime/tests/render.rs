//! Renders hand-built sites. The JavaScript modules are written by hand following the
//! contract in `ir.rs`: the default export returns template 0's frame, `$$template(i, frame)`
//! makes markup values, `$$component(id)` component references, slot contents with holes
//! are thunks.

use astc_ir::{
    Component, ComponentCall, ComponentTarget, Part, Props, Script, Site, SlotContent, Template,
};
use astc_runtime::{Limits, Outcome, PageInput, RenderError, RenderErrorKind, Renderer};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[path = "render/components.rs"]
mod components;
#[path = "render/hostile.rs"]
mod hostile;
#[path = "render/javascript.rs"]
mod javascript;
#[path = "render/limits.rs"]
mod limits;
#[path = "render/markup.rs"]
mod markup;

pub(crate) static NO_PARAMS: BTreeMap<String, String> = BTreeMap::new();

pub(crate) fn component(id: &str, templates: Vec<Vec<Part>>, module: Option<&str>) -> Component {
    Component {
        id: id.into(),
        templates: templates
            .into_iter()
            .map(|parts| Template { parts })
            .collect(),
        script: module.map(|m| Script {
            module: m.into(),
            get_static_paths: m.contains("export function getStaticPaths")
                || m.contains("export async function getStaticPaths"),
            line_map: (1..=m.lines().count() as u32).collect(),
            mappings: Vec::new(),
        }),
        styles: vec![],
        scripts: vec![],
    }
}

pub(crate) fn site(components: Vec<Component>, modules: &[(&str, &str)]) -> Arc<Site> {
    Arc::new(Site {
        components: components.into_iter().map(|c| (c.id.clone(), c)).collect(),
        modules: modules
            .iter()
            .map(|(id, src)| (id.to_string(), src.to_string()))
            .collect(),
        ..Site::default()
    })
}

pub(crate) fn h(html: &str) -> Part {
    Part::Html(html.into())
}

pub(crate) fn call(id: &str, props: Props, slots: Vec<SlotContent>) -> Part {
    Part::Component(ComponentCall {
        target: ComponentTarget::Static(id.into()),
        name: id
            .rsplit('/')
            .next()
            .unwrap()
            .trim_end_matches(".astral")
            .into(),
        props,
        slots,
    })
}

pub(crate) fn slot(name: &str, template: u32, frame: Option<u32>) -> SlotContent {
    SlotContent {
        name: name.into(),
        template,
        frame,
    }
}

pub(crate) fn page(component: &str) -> PageInput<'_> {
    PageInput {
        component,
        path_entry: None,
        params: &NO_PARAMS,
        url: "http://localhost/",
        site: None,
        head: "",
    }
}

pub(crate) fn render_input(
    renderer: &mut Renderer,
    input: &PageInput<'_>,
) -> Result<String, RenderError> {
    let mut html = String::new();
    let outcome = renderer.render_page(input, &mut |s| html.push_str(s))?;
    assert_eq!(outcome, Outcome::Rendered);
    Ok(html)
}

/// Renders `id` and drops the doctype the renderer adds.
pub(crate) fn render(renderer: &mut Renderer, id: &str) -> Result<String, RenderError> {
    let html = render_input(renderer, &page(id))?;
    Ok(html
        .strip_prefix("<!DOCTYPE html>")
        .map(str::to_owned)
        .unwrap_or(html))
}

pub(crate) fn render_site(site: Arc<Site>, id: &str) -> Result<String, RenderError> {
    render(&mut Renderer::new(site, Limits::default()), id)
}

pub(crate) fn render_ok(site: Arc<Site>, id: &str) -> String {
    render_site(site, id).unwrap_or_else(|e| panic!("render failed: {e}"))
}

/// A one-component site whose page has a script and template 0 `parts`.
pub(crate) fn page_site(module: &str, templates: Vec<Vec<Part>>) -> Arc<Site> {
    site(
        vec![component("pages/index.astral", templates, Some(module))],
        &[],
    )
}
