#!/usr/bin/env node
// Copies the TextMate grammar from the repository's grammar/ folder into this extension
// (syntaxes/, gitignored), so the grammar has one source of truth and the .vsix carries a copy.
'use strict';
const fs = require('fs');
const path = require('path');

const src = path.resolve(__dirname, '../../../grammar/astral.tmLanguage.json');
const destDir = path.resolve(__dirname, '../syntaxes');
const dest = path.join(destDir, 'astral.tmLanguage.json');

if (!fs.existsSync(src)) {
  console.error(`copy-grammar: ${src} not found (run from the astc repository)`);
  process.exit(1);
}
const text = fs.readFileSync(src, 'utf8');
let grammar;
try {
  grammar = JSON.parse(text);
} catch (err) {
  console.error(`copy-grammar: ${src} is not valid JSON: ${err.message}`);
  process.exit(1);
}
if (grammar.scopeName !== 'source.astral') {
  console.error(`copy-grammar: expected scopeName "source.astral", found ${JSON.stringify(grammar.scopeName)}`);
  process.exit(1);
}
fs.mkdirSync(destDir, { recursive: true });
fs.writeFileSync(dest, text);
console.log(`copy-grammar: ${path.relative(process.cwd(), src)} -> ${path.relative(process.cwd(), dest)} (${text.length} bytes)`);
