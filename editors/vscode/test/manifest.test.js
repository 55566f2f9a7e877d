// Checks the extension's manifest and static files in plain Node (no VS Code): what
// package.json contributes, that the files it points to exist and parse, and that the
// language configuration's regular expressions compile and behave. Run after the build
// (the grammar copy in syntaxes/ is made by scripts/copy-grammar.js).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const readJson = (rel) => JSON.parse(fs.readFileSync(path.join(root, rel), 'utf8'));

test('package.json: identity, engine, entry point, activation', () => {
  assert.equal(pkg.name, 'astral-vscode');
  assert.equal(pkg.version, '0.1.0');
  assert.ok(pkg.publisher, 'publisher');
  assert.ok(pkg.displayName && pkg.description && pkg.license && pkg.repository, 'metadata vsce needs');
  assert.match(pkg.engines.vscode, /^\^1\.\d+\.\d+$/);
  // @types/vscode must not be newer than the engine floor, or the code may use missing API.
  assert.equal(pkg.devDependencies['@types/vscode'], pkg.engines.vscode.slice(1));
  assert.equal(pkg.main, './out/extension.js');
  assert.ok(pkg.activationEvents.includes('onLanguage:astral'));
  assert.match(pkg.dependencies['vscode-languageclient'], /^9\./);
  for (const [name, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
    assert.match(version, /^\d+\.\d+\.\d+$/, `${name} is pinned to an exact version`);
  }
});

test('contributes the astral language', () => {
  const langs = pkg.contributes.languages;
  assert.equal(langs.length, 1);
  const [lang] = langs;
  assert.equal(lang.id, 'astral');
  assert.deepEqual(lang.extensions, ['.astral']);
  assert.ok(lang.aliases.includes('Astral'));
  assert.ok(fs.existsSync(path.join(root, lang.configuration)), `${lang.configuration} exists`);
});

test('contributes the grammar source.astral, its file a copy of grammar/astral.tmLanguage.json', () => {
  const [grammar] = pkg.contributes.grammars;
  assert.equal(grammar.language, 'astral');
  assert.equal(grammar.scopeName, 'source.astral');
  const file = path.join(root, grammar.path);
  assert.ok(fs.existsSync(file), `${grammar.path} exists (made by scripts/copy-grammar.js)`);
  const json = readJson(grammar.path);
  assert.equal(json.scopeName, 'source.astral');
  const original = path.resolve(root, '../../grammar/astral.tmLanguage.json');
  if (fs.existsSync(original)) {
    assert.equal(fs.readFileSync(file, 'utf8'), fs.readFileSync(original, 'utf8'), 'the copy is up to date');
  }
});

test('embeddedLanguages maps every grammar the Astral grammar includes', () => {
  const [grammar] = pkg.contributes.grammars;
  assert.deepEqual(grammar.embeddedLanguages, {
    'source.ts': 'typescript',
    'source.tsx': 'typescriptreact',
    'source.css': 'css',
    'source.css.scss': 'scss',
    'source.css.less': 'less',
    'source.json': 'json',
  });
  const included = new Set();
  (function walk(node) {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      if (typeof node.include === 'string' && /^source\./.test(node.include)) {
        included.add(node.include.replace(/#.*$/, ''));
      }
      Object.values(node).forEach(walk);
    }
  })(readJson(grammar.path));
  included.delete('source.astral');
  assert.ok(included.size > 0, 'the grammar embeds other grammars');
  for (const scope of included) {
    assert.ok(scope in grammar.embeddedLanguages, `${scope} has a language id`);
  }
});

test('contributes the settings and the restart command', () => {
  const props = pkg.contributes.configuration.properties;
  const serverPath = props['astral.server.path'];
  assert.equal(serverPath.type, 'string');
  assert.equal(serverPath.default, '');
  const extraArgs = props['astral.server.extraArgs'];
  assert.equal(extraArgs.type, 'array');
  assert.equal(extraArgs.items.type, 'string');
  const trace = props['astral.trace.server'];
  assert.deepEqual(trace.enum, ['off', 'messages', 'verbose']);
  assert.equal(trace.default, 'off');
  // A workspace must not choose the executable the extension runs while it is untrusted.
  assert.deepEqual(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.sort(), ['astral.server.extraArgs', 'astral.server.path']);
  const commands = pkg.contributes.commands.map((c) => c.command);
  assert.deepEqual(commands, ['astral.restartServer']);
  const source = fs.readFileSync(path.join(root, 'src/extension.ts'), 'utf8');
  assert.match(source, /RESTART_COMMAND = 'astral\.restartServer'/);
  assert.match(source, /registerCommand\(RESTART_COMMAND/);
});

test('language-configuration.json parses and its patterns compile', () => {
  const config = readJson('language-configuration.json');
  assert.deepEqual(config.comments.blockComment, ['<!--', '-->']);
  const pairs = config.brackets.map((b) => b.join(''));
  for (const p of ['<!---->', '<>', '{}', '()', '[]']) assert.ok(pairs.includes(p), `bracket pair ${p}`);
  const closing = config.autoClosingPairs.map((p) => p.open);
  for (const o of ['{', '[', '(', '"', "'", '`', '<!--']) assert.ok(closing.includes(o), `auto-closes ${o}`);
  assert.ok(config.surroundingPairs.some((p) => p.open === '<' && p.close === '>'));

  const start = new RegExp(config.folding.markers.start);
  const end = new RegExp(config.folding.markers.end);
  assert.ok(start.test('  <!-- #region header -->'));
  assert.ok(end.test('<!-- #endregion -->'));
  assert.ok(!start.test('<!-- region -->'));

  const word = new RegExp(config.wordPattern, 'g');
  assert.deepEqual('<Card client:load data-id={x} />'.match(word), ['Card', 'client:load', 'data-id', 'x']);

  const inc = new RegExp(config.indentationRules.increaseIndentPattern);
  const dec = new RegExp(config.indentationRules.decreaseIndentPattern);
  for (const line of ['<div>', '<Card client:load>', '<ui.Button kind="x">', '<>', '<!-- note', '{items.map((item) => (']) {
    assert.ok(inc.test(line), `indents after ${line}`);
  }
  for (const line of ['<br>', '<img src="a.png">', '<p>hi</p>', '<Card />', 'a < b', '<!-- x -->']) {
    assert.ok(!inc.test(line), `no indent after ${line}`);
  }
  for (const line of ['</div>', '  </ui.Button>', '</>', '})', '-->']) assert.ok(dec.test(line), `outdents ${line}`);
  for (const rule of config.onEnterRules) {
    new RegExp(rule.beforeText);
    if (rule.afterText) new RegExp(rule.afterText);
  }
  assert.ok(new RegExp(config.onEnterRules[0].beforeText).test('<section class="a">'));
  assert.ok(new RegExp(config.onEnterRules[0].afterText).test('</section>'));
});
