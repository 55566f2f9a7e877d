#!/usr/bin/env node
// Bundles src/extension.ts and its runtime dependency (vscode-languageclient) into a single
// CommonJS file, out/extension.js, so the .vsix needs no node_modules. `vscode` is provided
// by the editor at run time and stays external.
//
//   node scripts/bundle.js          minified, no source map (what the .vsix ships)
//   node scripts/bundle.js --dev    readable, with an inline source map (for debugging)
'use strict';
const path = require('path');
const esbuild = require('esbuild');

const dev = process.argv.includes('--dev');
const root = path.resolve(__dirname, '..');

esbuild
  .build({
    absWorkingDir: root,
    entryPoints: ['src/extension.ts'],
    outfile: 'out/extension.js',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    // VS Code 1.85 runs extensions on Electron 25 (Node 18).
    target: 'node18',
    external: ['vscode'],
    minify: !dev,
    keepNames: true,
    sourcemap: dev ? 'inline' : false,
    logLevel: 'warning',
    metafile: true,
  })
  .then((result) => {
    const out = result.metafile.outputs['out/extension.js'];
    console.log(`bundle: out/extension.js (${out.bytes} bytes, ${Object.keys(result.metafile.inputs).length} inputs)`);
  })
  .catch(() => process.exit(1));
