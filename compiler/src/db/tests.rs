use super::*;
use salsa::Setter;
use std::sync::{Arc, Mutex};

/// A database that records which queries executed.
fn logging_db() -> (Database, Arc<Mutex<Vec<String>>>) {
    let log = Arc::new(Mutex::new(Vec::new()));
    let sink = log.clone();
    let db = Database::with_event_callback(move |event| {
        if let salsa::EventKind::WillExecute { database_key } = event.kind {
            sink.lock().unwrap().push(format!("{database_key:?}"));
        }
    });
    (db, log)
}

fn executed(log: &Mutex<Vec<String>>, query: &str) -> usize {
    log.lock()
        .unwrap()
        .iter()
        .filter(|entry| entry.starts_with(&format!("{query}(")))
        .count()
}

const PAGE: &str = "---\nimport Card from '../components/Card.astral';\nconst title = 'x';\n---\n<Card title={title} />\n<p>hello</p>\n";
const CARD: &str = "---\ninterface Props { title: string }\n---\n<div>{Astro.props.title}</div>\n";

fn workspace(db: &Database) -> (Workspace, SourceFile, SourceFile) {
    let page = SourceFile::new(
        db,
        PathBuf::from("src/pages/index.astral"),
        PAGE.to_string(),
    );
    let card = SourceFile::new(
        db,
        PathBuf::from("src/components/Card.astral"),
        CARD.to_string(),
    );
    (
        Workspace::new(db, PathBuf::from("."), vec![page, card]),
        page,
        card,
    )
}

fn check_all(db: &Database, workspace: Workspace) {
    for file in workspace.files(db) {
        file_diagnostics(db, workspace, *file);
    }
    component_graph(db, workspace);
}

#[test]
fn resolves_component_imports_into_a_graph() {
    let db = Database::default();
    let (workspace, page, card) = workspace(&db);
    let graph = component_graph(&db, workspace);
    assert_eq!(graph.edges, vec![(page, vec![card]), (card, vec![])]);
    assert_eq!(graph.importers(card).collect::<Vec<_>>(), vec![page]);
    assert!(
        file_diagnostics(&db, workspace, page).is_empty(),
        "{:?}",
        file_diagnostics(&db, workspace, page)
    );
}

#[test]
fn missing_component_file_is_reported_at_the_import() {
    let db = Database::default();
    let page = SourceFile::new(
        &db,
        PathBuf::from("src/pages/index.astral"),
        PAGE.to_string(),
    );
    let workspace = Workspace::new(&db, PathBuf::from("."), vec![page]);
    let diagnostics = file_diagnostics(&db, workspace, page);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0].code, Code::ComponentNotFound);
    assert_eq!(
        diagnostics[0].span.text(PAGE),
        "'../components/Card.astral'"
    );
}

#[test]
fn editing_a_template_reruns_only_that_files_template_queries() {
    let (mut db, log) = logging_db();
    let (workspace, page, _card) = workspace(&db);
    check_all(&db, workspace);
    assert_eq!(executed(&log, "parse"), 2);
    assert_eq!(executed(&log, "frontmatter"), 2);
    log.lock().unwrap().clear();

    // Change only the page's template.
    page.set_text(&mut db)
        .to(PAGE.replace("hello", "hello again"));
    check_all(&db, workspace);
    assert_eq!(
        executed(&log, "parse"),
        1,
        "only the edited file is parsed again"
    );
    assert_eq!(executed(&log, "template_diagnostics"), 1);
    assert_eq!(
        executed(&log, "frontmatter"),
        0,
        "the frontmatter text is unchanged"
    );
    assert_eq!(executed(&log, "component_imports"), 0);
    assert_eq!(executed(&log, "component_graph"), 0);
    log.lock().unwrap().clear();

    // Change the page's imports: the graph is recomputed.
    page.set_text(&mut db)
        .to(PAGE.replace("import Card from '../components/Card.astral';", ""));
    check_all(&db, workspace);
    assert_eq!(executed(&log, "parse"), 1);
    assert_eq!(executed(&log, "frontmatter"), 1);
    assert_eq!(executed(&log, "component_graph"), 1);
    let graph = component_graph(&db, workspace);
    assert!(graph.edges.iter().all(|(_, targets)| targets.is_empty()));
    // The page now uses an unknown component.
    assert_eq!(
        file_diagnostics(&db, workspace, page)[0].code,
        Code::UnknownComponent
    );
}

#[test]
fn normalize_resolves_dots() {
    assert_eq!(
        normalize(Path::new("src/pages/../components/./Card.astral")),
        PathBuf::from("src/components/Card.astral")
    );
    assert_eq!(normalize(Path::new("../x")), PathBuf::from("../x"));
    assert_eq!(normalize(Path::new("../../x")), PathBuf::from("../../x"));
    assert_eq!(
        normalize(Path::new("a/../../../x")),
        PathBuf::from("../../x")
    );
    assert_eq!(normalize(Path::new("/../x")), PathBuf::from("/x"));
}
