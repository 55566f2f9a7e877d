//! The differential test: every expression of `runtime/tests/intl/cases.json` (written by
//! `generate.mjs` with Node) is evaluated in a context with `Intl` installed and must give
//! Node's string, or throw the same kind of error, except where [`DIFFERENCES`] records what
//! ICU4X's data gives instead (each documented in `docs/differences.md`).

use rquickjs::{CatchResultExt, Context, Runtime, Value};
use serde::Deserialize;

const CASES: &str = include_str!("../../tests/intl/cases.json");

/// What the engine does where it differs from Node.
enum Ours {
    /// Another string, from ICU4X's CLDR data or its field sets.
    Gives(&'static str),
    /// A RangeError: ICU4X cannot give what was asked for.
    Refuses,
}

/// The cases where the engine differs from Node, each in `docs/differences.md`: numeric
/// dates in the locale's short form (`01.08.2022`, where V8 derives `1.8.2022` from a
/// skeleton), text widths that one ICU4X length cannot mix, and Spanish ordinals (CLDR data).
const DIFFERENCES: &[(&str, Ours)] = &[
    (
        "new Date(2022, 7, 1).toLocaleDateString(\"de-DE\")",
        Ours::Gives("01.08.2022"),
    ),
    (
        "new Date(Date.UTC(2022, 7, 1, 15, 4, 5)).toLocaleDateString(\"de-DE\", { timeZone: \"UTC\" })",
        Ours::Gives("01.08.2022"),
    ),
    (
        "new Date(Date.UTC(2022, 7, 1, 15, 4, 5)).toLocaleString(\"de-DE\", { timeZone: \"UTC\" })",
        Ours::Gives("01.08.2022, 15:04:05"),
    ),
    (
        "new Intl.DateTimeFormat(\"de-DE\", {\"year\":\"numeric\",\"month\":\"short\",\"day\":\"numeric\",\"timeZone\":\"UTC\"}).format(new Date(Date.UTC(2022, 7, 1, 15, 4, 5)))",
        Ours::Refuses,
    ),
    (
        "new Intl.DateTimeFormat(\"de-DE\", {\"year\":\"numeric\",\"month\":\"numeric\",\"day\":\"numeric\",\"timeZone\":\"UTC\"}).format(new Date(Date.UTC(2022, 7, 1, 15, 4, 5)))",
        Ours::Gives("01.08.2022"),
    ),
    (
        "new Intl.DateTimeFormat(\"de-DE\", {\"weekday\":\"short\",\"year\":\"numeric\",\"month\":\"short\",\"day\":\"numeric\",\"timeZone\":\"UTC\"}).format(new Date(Date.UTC(2022, 7, 1, 15, 4, 5)))",
        Ours::Refuses,
    ),
    (
        "new Intl.DateTimeFormat(\"de-DE\", {\"year\":\"numeric\",\"month\":\"short\",\"timeZone\":\"UTC\"}).format(new Date(Date.UTC(2022, 7, 1, 15, 4, 5)))",
        Ours::Refuses,
    ),
    (
        "JSON.stringify(new Intl.DateTimeFormat(\"de-DE\", { timeZone: \"UTC\" }).resolvedOptions())",
        Ours::Gives(
            "{\"locale\":\"de-DE\",\"calendar\":\"gregory\",\"numberingSystem\":\"latn\",\"timeZone\":\"UTC\",\"year\":\"numeric\",\"month\":\"2-digit\",\"day\":\"2-digit\"}",
        ),
    ),
    (
        "new Intl.PluralRules(\"es-ES\", { type: \"ordinal\" }).select(1)",
        Ours::Gives("one"),
    ),
    (
        "new Intl.PluralRules(\"es-ES\", { type: \"ordinal\" }).select(3)",
        Ours::Gives("one"),
    ),
    (
        "new Date(2022, 7, 1).toLocaleDateString(\"ja-JP\")",
        Ours::Gives("2022/08/01"),
    ),
    (
        "new Date(Date.UTC(2022, 7, 1, 15, 4, 5)).toLocaleDateString(\"ja-JP\", { timeZone: \"UTC\" })",
        Ours::Gives("2022/08/01"),
    ),
    (
        "new Date(Date.UTC(2022, 7, 1, 15, 4, 5)).toLocaleString(\"ja-JP\", { timeZone: \"UTC\" })",
        Ours::Gives("2022/08/01 15:04:05"),
    ),
    (
        "new Intl.DateTimeFormat(\"ja-JP\", {\"year\":\"numeric\",\"month\":\"numeric\",\"day\":\"numeric\",\"timeZone\":\"UTC\"}).format(new Date(Date.UTC(2022, 7, 1, 15, 4, 5)))",
        Ours::Gives("2022/08/01"),
    ),
    (
        "new Intl.DateTimeFormat(\"ja-JP\", {\"weekday\":\"short\",\"year\":\"numeric\",\"month\":\"short\",\"day\":\"numeric\",\"timeZone\":\"UTC\"}).format(new Date(Date.UTC(2022, 7, 1, 15, 4, 5)))",
        Ours::Refuses,
    ),
    (
        "JSON.stringify(new Intl.DateTimeFormat(\"ja-JP\", { timeZone: \"UTC\" }).resolvedOptions())",
        Ours::Gives(
            "{\"locale\":\"ja-JP\",\"calendar\":\"gregory\",\"numberingSystem\":\"latn\",\"timeZone\":\"UTC\",\"year\":\"numeric\",\"month\":\"2-digit\",\"day\":\"2-digit\"}",
        ),
    ),
    (
        "new Intl.DateTimeFormat(\"zh-CN\", {\"weekday\":\"short\",\"year\":\"numeric\",\"month\":\"short\",\"day\":\"numeric\",\"timeZone\":\"UTC\"}).format(new Date(Date.UTC(2022, 7, 1, 15, 4, 5)))",
        Ours::Refuses,
    ),
];

#[derive(Deserialize)]
struct Table {
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    expr: String,
    out: Option<String>,
    throws: Option<String>,
}

fn evaluate(ctx: &rquickjs::Ctx<'_>, expr: &str) -> Result<String, String> {
    match ctx.eval::<Value, _>(expr).catch(ctx) {
        Ok(value) => {
            let string: rquickjs::String = ctx
                .globals()
                .get::<_, rquickjs::Function>("String")
                .and_then(|f| f.call((value,)))
                .map_err(|e| e.to_string())?;
            crate::strings::to_string(&string).map_err(|e| e.to_string())
        }
        Err(rquickjs::CaughtError::Exception(e)) => {
            let name: String = e.get("name").unwrap_or_default();
            Err(format!("{name}: {}", e.message().unwrap_or_default()))
        }
        Err(other) => Err(other.to_string()),
    }
}

fn context() -> (Runtime, Context) {
    let runtime = Runtime::new().unwrap();
    let context = Context::full(&runtime).unwrap();
    context.with(|ctx| super::install(&ctx).unwrap());
    (runtime, context)
}

#[test]
fn intl_matches_node() {
    let table: Table = serde_json::from_str(CASES).unwrap();
    let (_runtime, context) = context();
    let mut failures = Vec::new();
    context.with(|ctx| {
        for case in &table.cases {
            let got = evaluate(&ctx, &case.expr);
            let known = DIFFERENCES.iter().find(|(e, _)| *e == case.expr);
            let ok = match (&got, &case.out, &case.throws, known) {
                (Ok(got), _, _, Some((_, Ours::Gives(ours)))) => got == ours,
                (Err(error), _, _, Some((_, Ours::Refuses))) => error.starts_with("RangeError:"),
                (Ok(got), Some(out), _, None) => got == out,
                (Err(error), _, Some(kind), None) => error.starts_with(&format!("{kind}:")),
                _ => false,
            };
            if !ok {
                failures.push(format!(
                    "{}\n  node: {:?}\n  ours: {:?}",
                    case.expr,
                    case.out.as_deref().or(case.throws.as_deref()),
                    got
                ));
            }
        }
    });
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        table.cases.len(),
        failures.join("\n")
    );
}

#[test]
fn distinct_requests_are_bounded() {
    let (_runtime, context) = context();
    context.with(|ctx| {
        let made = format!(
            "let n = 0; try {{ for (; n < {}; n++) new Intl.PluralRules('en-x-a' + n).select(1); 'no error' }} \
             catch (e) {{ e.name + ' at ' + n }}",
            super::MAX_SERVICES + 1
        );
        let got = evaluate(&ctx, &made);
        assert_eq!(got, Ok(format!("RangeError at {}", super::MAX_SERVICES)));
    });
}
