#!/usr/bin/env bash
# Builds, tests and packages the Astral VS Code extension into astral-vscode.vsix.
# Needs Node (20 or later), npm and python3; run from anywhere.
#
#   1. npm ci            the pinned tools (package-lock.json), when missing or stale
#   2. copy grammar      ../../grammar/astral.tmLanguage.json -> syntaxes/ (gitignored)
#   3. tsc -p .          type check (fails on any type error)
#   4. esbuild bundle    src/extension.ts + vscode-languageclient -> out/extension.js
#   5. node tests        manifest, language configuration, client (with a stand-in vscode
#                        module and a fake language server)
#   6. vsce package      astral-vscode.vsix (its vscode:prepublish repeats steps 2-4)
#   7. check the .vsix   its contents, then the client tests again on the unpacked bundle
#
# With ASTC_BIN set to a built astc (scripts/test passes target/debug/astc), the client tests
# also start the real `astc lsp`; without it that test is skipped (and fails under CI).
set -euo pipefail

# ASTC_BIN may be relative to the caller's directory: make it absolute before the cd.
if [ -n "${ASTC_BIN:-}" ]; then
  if [ ! -f "$ASTC_BIN" ] || [ ! -x "$ASTC_BIN" ]; then
    echo "ASTC_BIN=$ASTC_BIN is not an executable file" >&2
    exit 1
  fi
  ASTC_BIN="$(cd "$(dirname "$ASTC_BIN")" && pwd)/$(basename "$ASTC_BIN")"
  export ASTC_BIN
fi
cd "$(dirname "${BASH_SOURCE[0]}")"

# Install the pinned tools when missing or older than the lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== npm ci"
  # --ignore-scripts: no install script is needed (esbuild and vsce-sign take their binaries
  # from their platform packages), and none may reach past the registry.
  npm ci --no-audit --no-fund --ignore-scripts
fi

echo "== copy grammar"
node scripts/copy-grammar.js
echo "== type check (tsc -p .)"
node_modules/.bin/tsc -p .
echo "== bundle"
node scripts/bundle.js

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Runs node's test runner on the given files: spec output here, TAP counts into $tmp/tap.
passed=0
skipped=0
run_tests() {
  node --test --test-timeout=60000 \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$tmp/tap" "$@"
  local n s
  n="$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$tmp/tap" | tail -1)"
  s="$(sed -n 's/^# skipped \([0-9]*\)$/\1/p' "$tmp/tap" | tail -1)"
  passed=$((passed + ${n:-0}))
  skipped=$((skipped + ${s:-0}))
}

echo "== tests"
run_tests test/manifest.test.js test/extension.test.js

echo "== package"
rm -f astral-vscode.vsix
node_modules/.bin/vsce package --no-dependencies -o astral-vscode.vsix

echo "== check the package"
python3 scripts/check-vsix.py astral-vscode.vsix "$tmp/vsix"
echo "== client tests on the packaged bundle"
ASTRAL_EXTENSION_DIR="$tmp/vsix/extension" run_tests test/extension.test.js

size="$(wc -c < astral-vscode.vsix | tr -d ' ')"
files="$(python3 -c 'import sys, zipfile; print(len(zipfile.ZipFile(sys.argv[1]).namelist()))' astral-vscode.vsix)"
echo "vscode extension: $PWD/astral-vscode.vsix ($size bytes, $files files)"
# Reached only when every step passed (any failure above exits non-zero).
if [ "$skipped" -gt 0 ]; then
  echo "vscode: $passed passed, 0 failed, $skipped skipped"
else
  echo "vscode: $passed passed, 0 failed"
fi
