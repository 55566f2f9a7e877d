// Writes cases.json: JavaScript expressions calling Intl and the toLocale*String methods, each
// with the string Node gives for it. The runtime's differential test (runtime/src/intl/tests.rs)
// evaluates the same expressions in the engine and compares. Run from this folder:
//   node generate.mjs
// Expressions avoid the host's time zone except where they format a local date without time.
import { writeFileSync } from "node:fs";

const locales = ["en-US", "en-GB", "de-DE", "fr-FR", "es-ES", "ja-JP", "zh-CN", "pt-BR"];
const at = "new Date(Date.UTC(2022, 7, 1, 15, 4, 5))";
const local = "new Date(2022, 7, 1)";
const exprs = [];
const j = (o) => JSON.stringify(o);

const dateOptions = [
  { dateStyle: "full" },
  { dateStyle: "long" },
  { dateStyle: "medium" },
  { dateStyle: "short" },
  { year: "numeric", month: "long", day: "numeric" },
  { year: "numeric", month: "short", day: "numeric" },
  { year: "numeric", month: "numeric", day: "numeric" },
  { weekday: "long", year: "numeric", month: "long", day: "numeric" },
  { weekday: "short", year: "numeric", month: "short", day: "numeric" },
  { month: "long", day: "numeric" },
  { month: "short", day: "numeric" },
  { year: "numeric", month: "long" },
  { year: "numeric", month: "short" },
  { month: "long" },
  { month: "short" },
  { weekday: "long" },
  { year: "numeric" },
  { day: "numeric" },
];
const timeOptions = [
  { timeStyle: "medium" },
  { timeStyle: "short" },
  { hour: "numeric", minute: "2-digit" },
  { hour: "numeric", minute: "2-digit", second: "2-digit" },
  { hour: "numeric", minute: "2-digit", hour12: false },
  { hour: "numeric", minute: "2-digit", hour12: true },
];
for (const locale of locales) {
  exprs.push(`${local}.toLocaleDateString(${j(locale)})`);
  exprs.push(`${at}.toLocaleDateString(${j(locale)}, { timeZone: "UTC" })`);
  exprs.push(`${at}.toLocaleTimeString(${j(locale)}, { timeZone: "UTC" })`);
  exprs.push(`${at}.toLocaleString(${j(locale)}, { timeZone: "UTC" })`);
  for (const o of dateOptions) {
    exprs.push(`new Intl.DateTimeFormat(${j(locale)}, ${j({ ...o, timeZone: "UTC" })}).format(${at})`);
  }
  for (const o of timeOptions) {
    exprs.push(`new Intl.DateTimeFormat(${j(locale)}, ${j({ ...o, timeZone: "UTC" })}).format(${at})`);
  }
  exprs.push(
    `new Intl.DateTimeFormat(${j(locale)}, { dateStyle: "long", timeStyle: "short", timeZone: "UTC" }).format(${at})`,
  );
  exprs.push(
    `new Intl.DateTimeFormat(${j(locale)}, { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" }).format(${at})`,
  );
  exprs.push(`${local}.toLocaleDateString(${j(locale)}, { year: "numeric", month: "long", day: "numeric" })`);
  exprs.push(`JSON.stringify(new Intl.DateTimeFormat(${j(locale)}, { timeZone: "UTC" }).resolvedOptions())`);

  for (const n of ["1234567.891", "0.5", "-42", "1e21", "0", "NaN", "-Infinity"]) {
    exprs.push(`(${n}).toLocaleString(${j(locale)})`);
  }
  exprs.push(`new Intl.NumberFormat(${j(locale)}, { minimumFractionDigits: 2 }).format(1234.5)`);
  exprs.push(`new Intl.NumberFormat(${j(locale)}, { maximumFractionDigits: 0 }).format(2.5)`);
  exprs.push(`new Intl.NumberFormat(${j(locale)}, { maximumFractionDigits: 1 }).format(-0.04)`);
  exprs.push(`new Intl.NumberFormat(${j(locale)}, { useGrouping: false }).format(1234567)`);
  exprs.push(`new Intl.NumberFormat(${j(locale)}, { style: "percent" }).format(0.256)`);
  exprs.push(`new Intl.NumberFormat(${j(locale)}, { style: "percent", maximumFractionDigits: 1 }).format(0.2567)`);
  exprs.push(`JSON.stringify(new Intl.NumberFormat(${j(locale)}).resolvedOptions())`);

  for (const type of ["cardinal", "ordinal"]) {
    for (const n of [0, 1, 2, 3, 5, 11, 22, 1.5]) {
      exprs.push(`new Intl.PluralRules(${j(locale)}, { type: ${j(type)} }).select(${n})`);
    }
  }
  exprs.push(`new Intl.PluralRules(${j(locale)}).resolvedOptions().pluralCategories.join(" ")`);

  for (const [v, unit] of [[-1, "day"], [1, "day"], [-3, "month"], [2, "year"], [-5, "minute"], [0, "day"]]) {
    exprs.push(`new Intl.RelativeTimeFormat(${j(locale)}).format(${v}, ${j(unit)})`);
    exprs.push(`new Intl.RelativeTimeFormat(${j(locale)}, { numeric: "auto" }).format(${v}, ${j(unit)})`);
    exprs.push(`new Intl.RelativeTimeFormat(${j(locale)}, { style: "short" }).format(${v}, ${j(unit)})`);
  }

  const words = ["résumé", "resume", "Resume", "apple", "Zebra", "zebra", "Äpfel", "item10", "item2"];
  exprs.push(`${j(words)}.sort(new Intl.Collator(${j(locale)}).compare).join(" ")`);
  exprs.push(`${j(words)}.sort(new Intl.Collator(${j(locale)}, { numeric: true }).compare).join(" ")`);
  exprs.push(`${j(words)}.sort((a, b) => a.localeCompare(b, ${j(locale)}, { sensitivity: "base" })).join(" ")`);
  exprs.push(`"a".localeCompare("A", ${j(locale)}, { sensitivity: "base" })`);
  exprs.push(`"a".localeCompare("á", ${j(locale)}, { sensitivity: "accent" })`);
  exprs.push(`"a".localeCompare("B", ${j(locale)})`);
}

exprs.push(`[...new Intl.Segmenter("en", { granularity: "grapheme" }).segment("e\\u0301👍🏽a")].map((s) => s.segment).join("|")`);
exprs.push(`[...new Intl.Segmenter("en", { granularity: "word" }).segment("Hello, world! It's 3.5.")].map((s) => s.segment + (s.isWordLike ? "*" : "")).join("|")`);
exprs.push(`JSON.stringify(new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" }).formatToParts(${at}))`);
exprs.push(`JSON.stringify(new Intl.NumberFormat("de-DE").formatToParts(-1234.5))`);
exprs.push(`(1234.5).toLocaleString("en-US", { style: "currency", currency: "USD" })`);
exprs.push(`(1234.5).toLocaleString("de-DE", { style: "currency", currency: "EUR" })`);
exprs.push(`(1234.5).toLocaleString("ja-JP", { style: "currency", currency: "JPY" })`);
exprs.push(`Intl.DateTimeFormat.supportedLocalesOf(["de-DE", "fr"]).join(" ")`);
exprs.push(`typeof Intl`);
exprs.push(`Object.prototype.toString.call(Intl)`);

const errors = [
  `new Intl.DateTimeFormat("en-US", { month: "huge" })`,
  `new Intl.NumberFormat("en-US", { maximumFractionDigits: 200 })`,
  `new Intl.NumberFormat("en-US", { style: "currency" })`,
  `new Intl.DateTimeFormat("en-US", { timeZone: "Not/AZone" })`,
  `new Intl.PluralRules("en-US", { type: "both" })`,
  `Intl.DateTimeFormat("not a locale!")`,
];
const cases = exprs.map((expr) => ({ expr, out: String((0, eval)(expr)) }));
for (const expr of errors) {
  try {
    (0, eval)(expr);
    throw new Error(`${expr} did not throw`);
  } catch (e) {
    cases.push({ expr, throws: e.constructor.name });
  }
}
const header = {
  note: "generated by generate.mjs; do not edit",
  node: process.version,
  icu: process.versions.icu,
  cldr: process.versions.cldr,
};
writeFileSync("cases.json", JSON.stringify({ ...header, cases }, null, 1) + "\n");
console.log(`${cases.length} cases`);
