#!/usr/bin/env bash
# Runs the grammar's tests: unit tests (tests/unit, assertion comments) and snapshot tests
# (tests/snap, against the committed .snap files). Needs Node and npm only.
#
#   ./test.sh            run everything; exit non-zero on any failure
#   ./test.sh --update   regenerate astral.tmLanguage.json and rewrite the .snap files
#                        (review `git diff tests/snap` before committing them)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

# Install the pinned tools (package-lock.json) when missing or older than the lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

bin=node_modules/.bin
langs=node_modules/tm-grammars/grammars
# The Astral grammar and the grammars it embeds (TypeScript, TSX, CSS, SCSS, Less, JSON).
# SCSS refers to source.sassdoc, which no package here ships: an empty stand-in keeps the
# tools from warning about it.
grammars=(
  -g astral.tmLanguage.json
  -g "$langs/typescript.json"
  -g "$langs/tsx.json"
  -g "$langs/css.json"
  -g "$langs/scss.json"
  -g "$langs/less.json"
  -g "$langs/json.json"
  -g tests/grammars/sassdoc.tmLanguage.json
)

if [ "${1:-}" = "--update" ]; then
  node build.js
  "$bin/vscode-tmgrammar-snap" -s source.astral "${grammars[@]}" --updateSnapshot 'tests/snap/**/*.astral'
  exit 0
fi

echo "== grammar is generated from build.js"
node build.js --check

shopt -s nullglob
unit=(tests/unit/*.test.astral)
snap=(tests/snap/*.astral)
if [ "${#unit[@]}" = 0 ] || [ "${#snap[@]}" = 0 ]; then
  echo "no test files found under tests/unit or tests/snap" >&2
  exit 1
fi

echo "== unit tests (tests/unit)"
"$bin/vscode-tmgrammar-test" -c "${grammars[@]}" "${unit[@]}"

echo "== snapshot tests (tests/snap)"
# vscode-tmgrammar-snap silently writes a missing .snap and passes: refuse that here.
for f in "${snap[@]}"; do
  if [ ! -f "$f.snap" ]; then
    echo "missing snapshot: $f.snap (run ./test.sh --update, review it, commit it)" >&2
    exit 1
  fi
done
"$bin/vscode-tmgrammar-snap" -s source.astral "${grammars[@]}" "${snap[@]}"

# Reached only when every file passed (any failure above exits non-zero).
echo "grammar: $(( ${#unit[@]} + ${#snap[@]} )) passed, 0 failed"
