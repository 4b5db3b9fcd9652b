#!/usr/bin/env bash
# The benchmark table: piiscan's throughput on a standard ~500 MB mixed corpus
# (CSV, JSON Lines, text; realistic density, most values not sensitive), side
# by side in one run with ripgrep -j1 running 15 patterns for the most common
# identifiers, and with the raw read rate (wc -l over the same files). The
# machine is shared and noisy, so every figure is the median of RUNS runs and
# the targets are ratios between figures of this same run. Two more
# tables, informational, time the scans with the corpus dropped from the
# page cache before each run (read from the disk, as most of a data lake
# is), and many small files (per-object costs). Before every round it
# gauges each core (bench/cpugauge), since on a shared machine a core may
# be running at ~0.6 of its speed for piiscan's kind of work, and prints
# the readings beside the scaling figure.
#
#   bench/run.sh                 # RUNS=3 SIZE=500MB by default
#   RUNS=5 SIZE=200MB bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS="${RUNS:-3}"
SIZE="${SIZE:-500MB}"
CORPUS="${CORPUS:-$PWD/.cache/bench-corpus-$SIZE}"
BIN="$PWD/.cache/bench-bin"
mkdir -p "$BIN"

need_rg() {
  command -v rg >/dev/null && return
  echo "installing ripgrep from Debian's packages..." >&2
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq ripgrep >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq ripgrep >/dev/null; fi
}
need_rg

# Release builds are static (CGO_ENABLED=0): no dynamic loader and no libc
# at start-up, 3 ms of an empty scan's 50 here, and one binary for every
# Linux.
echo "building piiscan (release build: GOEXPERIMENT=simd, static; and the portable build)..." >&2
CGO_ENABLED=0 GOEXPERIMENT=simd go build -trimpath -o "$BIN/piiscan" ./cmd/piiscan
CGO_ENABLED=0 go build -trimpath -o "$BIN/piiscan-portable" ./cmd/piiscan
go build -o "$BIN/dropcache" ./bench/dropcache
go build -o "$BIN/cpugauge" ./bench/cpugauge
# The manifest stays outside the corpus so that it is not scanned.
if [ ! -f "$CORPUS.manifest.json" ]; then
  echo "generating the $SIZE corpus in $CORPUS..." >&2
  rm -rf "$CORPUS"
  go run ./testcorpus/cmd/gencorpus -out "$CORPUS" -manifest "$CORPUS.manifest.json" -seed 7 -size "$SIZE" -formats csv,jsonl,txt
fi
# Many small objects (as data lakes of small JSON and log files hold):
# 21,000 files of five rows or lines each, where per-object costs
# (opening, decoder set-up, a result record each) dominate.
SMALL="${SMALL:-$PWD/.cache/bench-corpus-small}"
SMALL_FILES="${SMALL_FILES:-7000}"
if [ ! -f "$SMALL.manifest.json" ]; then
  echo "generating the small-files corpus in $SMALL..." >&2
  rm -rf "$SMALL"
  go run ./testcorpus/cmd/gencorpus -out "$SMALL" -manifest "$SMALL.manifest.json" -seed 7 -files "$SMALL_FILES" -rows 5 -formats csv,jsonl,txt
fi
mapfile -t FILES < <(find "$CORPUS" -type f | sort)
BYTES=$(cat "${FILES[@]}" | wc -c)
CORES=$(nproc)

# ripgrep's side: 15 patterns for the identifiers most often found, ASCII
# word boundaries only (Unicode \b is ~50x slower and would be unfair to it).
RG_PATTERNS=(
  '\b(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|3[47][0-9]{13}|6011[0-9]{12})\b'  # card, contiguous
  '\b[0-9]{4}[- ][0-9]{4}[- ][0-9]{4}[- ][0-9]{4}\b'                               # card, grouped
  '\b[0-9]{3}-[0-9]{2}-[0-9]{4}\b'                                                 # US SSN
  '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,24}'                               # email
  '\b(?:AKIA|ASIA)[A-Z2-7]{16}\b'                                                  # AWS access key id
  '(?i:aws_secret_access_key)\s*[=:]\s*[A-Za-z0-9/+]{40}'                          # AWS secret key
  '-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----'              # private keys
  '\beyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*'                         # JWT
  '\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b'                 # IBAN
  '\(?\b[2-9][0-9]{2}\)?[-. ][0-9]{3}[-. ][0-9]{4}\b'                              # US phone
  '\b(?:[0-9]{1,3}\.){3}[0-9]{1,3}\b'                                              # IPv4
  '\b[A-HJ-NPR-Z0-9]{17}\b'                                                        # VIN
  '\b[A-CEGHJ-PR-TW-Z]{2}[0-9]{6}[A-D]\b'                                          # UK NINO
  '\b(?:19|20)[0-9]{2}-[01][0-9]-[0-3][0-9]\b'                                     # date of birth
  '\b[A-Z][0-9]{8}\b'                                                              # passport
)
RG_ARGS=(-j1 --no-unicode --no-config -c)
for p in "${RG_PATTERNS[@]}"; do RG_ARGS+=(-e "$p"); done

# The commands timed, by name.
cmd_raw()  { wc -l "${FILES[@]}"; }
cmd_rg()   { rg "${RG_ARGS[@]}" "$CORPUS"; }
# ripgrep on all cores: what this machine gives a parallel scan that is
# not ours, the reference for piiscan's scaling.
cmd_rgN()  { rg "${RG_ARGS[@]}" -j"$CORES" "$CORPUS"; }
cmd_p1()   { "$BIN/piiscan" scan --workers 1 --format json --progress never --fail-on NEVER "$CORPUS"; }
cmd_pN()   { "$BIN/piiscan" scan --workers "$CORES" --format json --progress never --fail-on NEVER "$CORPUS"; }
cmd_p1p()  { "$BIN/piiscan-portable" scan --workers 1 --format json --progress never --fail-on NEVER "$CORPUS"; }
cmd_rgS()  { rg "${RG_ARGS[@]}" "$SMALL"; }
cmd_p1S()  { "$BIN/piiscan" scan --workers 1 --format json --progress never --fail-on NEVER "$SMALL"; }

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }

# gauge: how fast each core runs now (bench/cpugauge: a throughput-bound
# and a latency-bound loop, pinned to each core in turn), appended to
# GAUGE_T and GAUGE_L under the core's number. A virtual core that shares
# its physical core with another guest's thread runs a throughput-bound
# scan at ~0.6 of its speed (see the README's performance section), so
# the scaling figure is read against these.
declare -A GAUGE_T GAUGE_L
gauge() {
  local cpu t l
  while read -r cpu t l; do
    GAUGE_T[$cpu]+="$t "
    GAUGE_L[$cpu]+="$l "
  done < <("$BIN/cpugauge" -ms 100)
}

# timeall MODE NAME...: RUNS rounds in which each command runs once, in
# turn: interleaved, so that a drift in the shared machine's speed touches
# every figure of a ratio alike. MODE warm: one warm-up run of each command
# first (page cache); WALL and CPU (user+sys) get each command's median
# seconds under its name. MODE cold: the corpus is dropped from the page
# cache before every run (bench/dropcache), so that each reads it from the
# disk; the medians go under cold_NAME.
declare -A WALL CPU
timeall() {
  local mode=$1 name t r u s key
  shift
  declare -A walls=() cpus=()
  if [ "$mode" = warm ]; then
    for name in "$@"; do "cmd_$name" >/dev/null 2>&1 || true; done
  fi
  for _ in $(seq "$RUNS"); do
    if [ "$mode" = warm ]; then gauge; fi
    for name in "$@"; do
      if [ "$mode" = cold ]; then "$BIN/dropcache" "$CORPUS"; fi
      t=$( { TIMEFORMAT='%R %U %S'; time "cmd_$name" >/dev/null 2>/dev/null; } 2>&1 | tail -n1 ) || true
      read -r r u s <<<"$t"
      walls[$name]+="$r "
      cpus[$name]+="$(awk -v u="$u" -v s="$s" 'BEGIN{print u+s}') "
    done
  done
  if [ "$mode" = warm ]; then gauge; fi
  for name in "$@"; do
    key=$name
    if [ "$mode" = cold ]; then key=cold_$name; fi
    # shellcheck disable=SC2086 # the lists split into their values
    WALL[$key]=$(median ${walls[$name]})
    # shellcheck disable=SC2086
    CPU[$key]=$(median ${cpus[$name]})
  done
}

echo "timing (median of $RUNS interleaved rounds)..." >&2
timeall warm raw rg rgN p1 pN p1p rgS p1S
echo "timing from the disk (median of $RUNS interleaved rounds)..." >&2
timeall cold raw rg rgN p1 pN
# The last rounds read the corpus from the disk: read it once more, so
# that a run after this one starts from a warm cache as this one did.
cmd_raw >/dev/null

mbps() { awk -v b="$BYTES" -v t="$1" 'BEGIN{printf "%.1f", b/1e6/t}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a/b}'; }

raw_core=$(mbps "${CPU[raw]}"); rg_core=$(mbps "${CPU[rg]}")
p1_core=$(mbps "${CPU[p1]}");  p1_wall=$(mbps "${WALL[p1]}")
pN_wall=$(mbps "${WALL[pN]}"); pN_core=$(mbps "${CPU[pN]}")

echo
echo "corpus: $(awk -v b="$BYTES" 'BEGIN{printf "%.1f", b/1e6}') MB in ${#FILES[@]} files ($CORPUS); $CORES cores; $(uname -m); median of $RUNS runs"
echo
echo "| what | wall s | CPU s | MB/s (wall) | MB/s per core (CPU) |"
echo "|---|---:|---:|---:|---:|"
printf '| raw read (wc -l) | %s | %s | %s | %s |\n' "${WALL[raw]}" "${CPU[raw]}" "$(mbps "${WALL[raw]}")" "$raw_core"
printf '| ripgrep -j1, 15 patterns | %s | %s | %s | %s |\n' "${WALL[rg]}" "${CPU[rg]}" "$(mbps "${WALL[rg]}")" "$rg_core"
printf '| ripgrep -j%s | %s | %s | %s | %s |\n' "$CORES" "${WALL[rgN]}" "${CPU[rgN]}" "$(mbps "${WALL[rgN]}")" "$(mbps "${CPU[rgN]}")"
printf '| piiscan --workers 1, default catalogue | %s | %s | %s | %s |\n' "${WALL[p1]}" "${CPU[p1]}" "$p1_wall" "$p1_core"
printf '| piiscan --workers %s | %s | %s | %s | %s |\n' "$CORES" "${WALL[pN]}" "${CPU[pN]}" "$pN_wall" "$pN_core"
printf '| piiscan --workers 1, portable build (no SIMD) | %s | %s | %s | %s |\n' "${WALL[p1p]}" "${CPU[p1p]}" "$(mbps "${WALL[p1p]}")" "$(mbps "${CPU[p1p]}")"
echo
echo "| ratio | value | target |"
echo "|---|---:|---:|"
printf '| piiscan -w1 / ripgrep -j1 (per core) | %s | >= 1.0 |\n' "$(ratio "$p1_core" "$rg_core")"
printf '| piiscan -w1 / raw read (per core) | %s | >= 0.40 (stretch) |\n' "$(ratio "$p1_core" "$raw_core")"
printf '| piiscan -w%s / -w1 (wall) | %s | >= 1.8 |\n' "$CORES" "$(ratio "$pN_wall" "$p1_wall")"
printf '| ripgrep -j%s / -j1 (wall): this machine'"'"'s reference | %s | |\n' "$CORES" "$(ratio "${WALL[rg]}" "${WALL[rgN]}")"
# The cores' capacity for a throughput-bound scan: the sum of their median
# throughput-loop readings over the largest (2.00 on two whole cores).
# shellcheck disable=SC2068 # the lists split into their values
fastest_t=$(printf '%s\n' ${GAUGE_T[@]} | sort -g | tail -n1)
# shellcheck disable=SC2068
fastest_l=$(printf '%s\n' ${GAUGE_L[@]} | sort -g | tail -n1)
declare -A MED_T MED_L
for cpu in "${!GAUGE_T[@]}"; do
  # shellcheck disable=SC2086
  MED_T[$cpu]=$(median ${GAUGE_T[$cpu]})
  # shellcheck disable=SC2086
  MED_L[$cpu]=$(median ${GAUGE_L[$cpu]})
done
capacity=$(printf '%s\n' "${MED_T[@]}" | awk '{s+=$1; if ($1>m) m=$1} END{printf "%.2f", s/m}')
printf '| the cores'"'"' capacity for a throughput-bound scan (sum / fastest, bench/cpugauge) | %s | %s.00 when no core is shared |\n' "$capacity" "$CORES"
echo
echo "the cores during the timed rounds: bench/cpugauge pinned to each, before every round and after the last; median readings over the run's fastest (a core well under 1.00 in the first column and near it in the second shares its physical core with another guest's thread)"
echo
echo "| core | throughput-bound loop | latency-bound loop | throughput-loop readings, in turn |"
echo "|---|---:|---:|---|"
for cpu in $(printf '%s\n' "${!MED_T[@]}" | sort -n); do
  readings=$(for v in ${GAUGE_T[$cpu]}; do ratio "$v" "$fastest_t"; echo; done | paste -sd' ')
  printf '| %s | %s | %s | %s |\n' "$cpu" "$(ratio "${MED_T[$cpu]}" "$fastest_t")" "$(ratio "${MED_L[$cpu]}" "$fastest_l")" "$readings"
done
echo
echo "from the disk: the corpus dropped from the page cache before each run; no target, this machine's disk"
echo
echo "| what | wall s | MB/s (wall) | ratio to ripgrep, same cores |"
echo "|---|---:|---:|---:|"
printf '| raw read (wc -l) | %s | %s | |\n' "${WALL[cold_raw]}" "$(mbps "${WALL[cold_raw]}")"
printf '| ripgrep -j1, 15 patterns | %s | %s | 1.00 |\n' "${WALL[cold_rg]}" "$(mbps "${WALL[cold_rg]}")"
printf '| ripgrep -j%s | %s | %s | 1.00 |\n' "$CORES" "${WALL[cold_rgN]}" "$(mbps "${WALL[cold_rgN]}")"
printf '| piiscan --workers 1 | %s | %s | %s |\n' "${WALL[cold_p1]}" "$(mbps "${WALL[cold_p1]}")" "$(ratio "${WALL[cold_rg]}" "${WALL[cold_p1]}")"
printf '| piiscan --workers %s | %s | %s | %s |\n' "$CORES" "${WALL[cold_pN]}" "$(mbps "${WALL[cold_pN]}")" "$(ratio "${WALL[cold_rgN]}" "${WALL[cold_pN]}")"
echo
SMALL_N=$(find "$SMALL" -type f | wc -l)
SMALL_BYTES=$(find "$SMALL" -type f -exec cat {} + | wc -c)
echo "many small files: $SMALL_N files, $(awk -v b="$SMALL_BYTES" 'BEGIN{printf "%.1f", b/1e6}') MB ($SMALL); no target, per-object costs"
echo
echo "| what | CPU s | µs per file | ratio to ripgrep -j1 |"
echo "|---|---:|---:|---:|"
perfile() { awk -v t="$1" -v n="$SMALL_N" 'BEGIN{printf "%.0f", t*1e6/n}'; }
printf '| ripgrep -j1, 15 patterns | %s | %s | 1.00 |\n' "${CPU[rgS]}" "$(perfile "${CPU[rgS]}")"
printf '| piiscan --workers 1 | %s | %s | %s |\n' "${CPU[p1S]}" "$(perfile "${CPU[p1S]}")" "$(ratio "${CPU[rgS]}" "${CPU[p1S]}")"
