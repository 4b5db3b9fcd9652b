#!/usr/bin/env bash
# columnar.sh — Parquet against CSV, and peak memory on large columnar and
# archive objects, in one run.
#
# 1. Throughput: the same rows written as Parquet (snappy, row groups of
#    128Ki rows) and as CSV, each scanned by `piiscan scan --workers 1`;
#    MB/s of uncompressed column data (the values' text, as the CSV holds
#    it without separators) per second of CPU time (user+sys) of the scan,
#    the median of RUNS runs. Target: Parquet ≥ 1.5 × CSV. The rows are
#    also written dictionary-encoded as parquet-mr and pyarrow write them
#    by default (1 MiB dictionaries, plain pages past that), and that
#    file's rate is printed too.
# 2. Peak RSS (max resident set, /usr/bin/time -v) scanning one Parquet
#    file and one tar.gz of CSV files, each SIZE_MB of column data. The
#    issue's target is ≤ 300 MB at 5 GB each: SIZE_MB=5120 for that run.
#
# Usage: bench/columnar.sh   (env: SIZE_MB=1024 THROUGHPUT_MB=256 RUNS=3 WORK=dir KEEP=0)
set -euo pipefail

SIZE_MB=${SIZE_MB:-1024}
THROUGHPUT_MB=${THROUGHPUT_MB:-256}
RUNS=${RUNS:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-$(mktemp -d /tmp/piiscan-columnar.XXXXXX)}
mkdir -p "$WORK"
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$WORK"' EXIT

if [ ! -x /usr/bin/time ]; then
	echo "installing GNU time (Debian package 'time') for peak RSS" >&2
	(apt-get install -y time >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y time >/dev/null 2>&1; }) ||
		echo "could not install time; reading VmHWM from /proc instead" >&2
fi

echo "building piiscan and the data generator..." >&2
(cd "$ROOT" && GOEXPERIMENT=simd go build -o "$WORK/piiscan" ./cmd/piiscan)

# The generator is a throwaway module next to the data, using the
# repository's pinned versions (its go.mod and go.sum), so it needs no
# network and leaves nothing in the repository.
GEN="$WORK/gen"
mkdir -p "$GEN"
sed 's#^module .*#module columnargen#' "$ROOT/go.mod" >"$GEN/go.mod"
cp "$ROOT/go.sum" "$GEN/go.sum"
cat >"$GEN/main.go" <<'EOF'
// Command columnargen writes the same deterministic rows as Parquet and
// CSV, or as several CSV files; it prints the column data's size in bytes.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"

	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/snappy"
)

type row struct {
	ID     int64  `parquet:"id"`
	Name   string `parquet:"name"`
	Email  string `parquet:"email"`
	Card   int64  `parquet:"card_number"`
	SSN    string `parquet:"ssn"`
	City   string `parquet:"city"`
	Notes  string `parquet:"notes"`
	Amount int64  `parquet:"amount_cents"`
}

// dictRow is row as parquet-mr and pyarrow write it by default: every
// column dictionary-encoded until its dictionary outgrows 1 MiB, plain
// pages after that (only the low-cardinality columns stay dictionaries).
type dictRow struct {
	ID     int64  `parquet:"id,dict"`
	Name   string `parquet:"name,dict"`
	Email  string `parquet:"email,dict"`
	Card   int64  `parquet:"card_number,dict"`
	SSN    string `parquet:"ssn,dict"`
	City   string `parquet:"city,dict"`
	Notes  string `parquet:"notes,dict"`
	Amount int64  `parquet:"amount_cents,dict"`
}

var cities = []string{"Paris", "Berlin", "Lisbon", "Austin", "Osaka", "Lyon", "Porto", "Denver"}
var words = []string{"order", "shipped", "refund", "customer", "called", "about", "the", "delivery", "invoice", "account", "updated", "address", "note", "ticket"}

func luhn(d []byte) byte {
	sum := 0
	for i := len(d) - 1; i >= 0; i-- {
		v := int(d[i] - '0')
		if (len(d)-i)%2 == 1 {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
	}
	return byte('0' + (10-sum%10)%10)
}

func makeRow(r *rand.Rand, i int64, scratch []byte) row {
	x := row{ID: i, City: cities[r.IntN(len(cities))], Amount: int64(r.IntN(100000))}
	x.Name = "Name" + strconv.Itoa(r.IntN(100000)) + " Surname" + strconv.Itoa(r.IntN(100000))
	x.Email = "user" + strconv.FormatInt(i, 10) + "@example.com"
	if r.IntN(100) == 0 { // a valid card now and then
		d := strconv.AppendInt(scratch[:0], 411111000000000+int64(r.IntN(1e8)), 10)
		d = append(d, luhn(d))
		x.Card, _ = strconv.ParseInt(string(d), 10, 64)
	} else {
		x.Card = int64(r.IntN(1e9))
	}
	x.SSN = fmt.Sprintf("%03d-%02d-%04d", 100+r.IntN(600), 1+r.IntN(98), 1+r.IntN(9998))
	n := 4 + r.IntN(8)
	b := scratch[:0]
	for k := 0; k < n; k++ {
		if k > 0 {
			b = append(b, ' ')
		}
		b = append(b, words[r.IntN(len(words))]...)
	}
	x.Notes = string(b)
	return x
}

func size(x *row) int64 {
	return int64(len(strconv.FormatInt(x.ID, 10)) + len(x.Name) + len(x.Email) + len(strconv.FormatInt(x.Card, 10)) + len(x.SSN) + len(x.City) + len(x.Notes) + len(strconv.FormatInt(x.Amount, 10)))
}

func csvLine(b []byte, x *row) []byte {
	b = strconv.AppendInt(b, x.ID, 10)
	b = append(append(append(b, ','), x.Name...), ',')
	b = append(append(b, x.Email...), ',')
	b = strconv.AppendInt(b, x.Card, 10)
	b = append(append(append(b, ','), x.SSN...), ',')
	b = append(append(b, x.City...), ',')
	b = append(append(b, x.Notes...), ',')
	b = strconv.AppendInt(b, x.Amount, 10)
	return append(b, '\n')
}

const header = "id,name,email,card_number,ssn,city,notes,amount_cents\n"

func main() {
	mb := flag.Int64("mb", 256, "MB of column data")
	pqPath := flag.String("parquet", "", "Parquet file to write")
	dictPath := flag.String("parquet-dict", "", "Parquet file to write dictionary-encoded (1 MiB dictionaries)")
	csvPath := flag.String("csv", "", "CSV file to write")
	csvDir := flag.String("csvdir", "", "directory of 64 MB CSV files to write")
	flag.Parse()
	target := *mb << 20
	r := rand.New(rand.NewPCG(1, 2))
	var w *pq.GenericWriter[row]
	if *pqPath != "" {
		f, err := os.Create(*pqPath)
		if err != nil {
			panic(err)
		}
		defer f.Close()
		bw := bufio.NewWriterSize(f, 1<<20)
		defer bw.Flush()
		w = pq.NewGenericWriter[row](bw, pq.Compression(&snappy.Codec{}), pq.MaxRowsPerRowGroup(128<<10))
		defer w.Close()
	}
	var dw *pq.GenericWriter[dictRow]
	if *dictPath != "" {
		f, err := os.Create(*dictPath)
		if err != nil {
			panic(err)
		}
		defer f.Close()
		bw := bufio.NewWriterSize(f, 1<<20)
		defer bw.Flush()
		dw = pq.NewGenericWriter[dictRow](bw, pq.Compression(&snappy.Codec{}), pq.MaxRowsPerRowGroup(128<<10), pq.DictionaryMaxBytes(1<<20))
		defer dw.Close()
	}
	var dbatch []dictRow
	var cw *bufio.Writer
	if *csvPath != "" {
		f, err := os.Create(*csvPath)
		if err != nil {
			panic(err)
		}
		defer f.Close()
		cw = bufio.NewWriterSize(f, 1<<20)
		defer cw.Flush()
		cw.WriteString(header)
	}
	var dirFile *os.File
	var dirW *bufio.Writer
	var dirBytes int64
	nextDirFile := func() {
		if dirW != nil {
			dirW.Flush()
			dirFile.Close()
		}
		var err error
		dirFile, err = os.Create(filepath.Join(*csvDir, fmt.Sprintf("part-%05d.csv", dirBytes>>26)))
		if err != nil {
			panic(err)
		}
		dirW = bufio.NewWriterSize(dirFile, 1<<20)
		dirW.WriteString(header)
	}
	var total int64
	batch := make([]row, 0, 1024)
	var line, scratch []byte
	for i := int64(0); total < target; i++ {
		x := makeRow(r, i, scratch)
		total += size(&x)
		if w != nil {
			batch = append(batch, x)
			if len(batch) == cap(batch) {
				if _, err := w.Write(batch); err != nil {
					panic(err)
				}
				batch = batch[:0]
			}
		}
		if dw != nil {
			dbatch = append(dbatch, dictRow(x))
			if len(dbatch) == 1024 {
				if _, err := dw.Write(dbatch); err != nil {
					panic(err)
				}
				dbatch = dbatch[:0]
			}
		}
		if cw != nil || *csvDir != "" {
			line = csvLine(line[:0], &x)
		}
		if cw != nil {
			cw.Write(line)
		}
		if *csvDir != "" {
			if dirW == nil || dirBytes>>26 != (dirBytes+int64(len(line)))>>26 {
				dirBytes += int64(len(line))
				nextDirFile()
			} else {
				dirBytes += int64(len(line))
			}
			dirW.Write(line)
		}
	}
	if w != nil && len(batch) > 0 {
		if _, err := w.Write(batch); err != nil {
			panic(err)
		}
	}
	if dw != nil && len(dbatch) > 0 {
		if _, err := dw.Write(dbatch); err != nil {
			panic(err)
		}
	}
	if dirW != nil {
		dirW.Flush()
		dirFile.Close()
	}
	fmt.Println(total)
}
EOF
(cd "$GEN" && GOFLAGS=-mod=mod GOPROXY=off go build -o "$WORK/columnargen" . 2>&1) || (cd "$GEN" && GOFLAGS=-mod=mod go build -o "$WORK/columnargen" .)

# run_scan FILE: prints "cpu_seconds max_rss_kb" for one scan of FILE.
run_scan() {
	local target=$1 out="$WORK/time.$$"
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -v "$WORK/piiscan" scan --workers 1 --format json --progress never --fail-on NEVER "$target" >/dev/null 2>"$out" || true
		awk -F': ' '/User time/{u=$2} /System time/{s=$2} /Maximum resident set size/{m=$2} END{printf "%.3f %d\n", u+s, m}' "$out"
	else
		"$WORK/piiscan" scan --workers 1 --format json --progress never --fail-on NEVER "$target" >/dev/null 2>&1 &
		local pid=$! hwm=0
		while kill -0 "$pid" 2>/dev/null; do
			v=$(awk '/VmHWM/{print $2}' /proc/$pid/status 2>/dev/null || echo 0)
			[ -n "$v" ] && [ "$v" -gt "$hwm" ] && hwm=$v
			sleep 0.05
		done
		wait "$pid" || true
		echo "NaN $hwm"
	fi
}

median() { sort -n | awk '{a[NR]=$1} END{ if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2 }'; }

echo "generating $THROUGHPUT_MB MB of column data as Parquet and CSV..." >&2
mkdir -p "$WORK/tp/parquet" "$WORK/tp/parquet-dict" "$WORK/tp/csv"
DATA_BYTES=$("$WORK/columnargen" -mb "$THROUGHPUT_MB" -parquet "$WORK/tp/parquet/rows.parquet" -parquet-dict "$WORK/tp/parquet-dict/rows.parquet" -csv "$WORK/tp/csv/rows.csv")
DATA_MB=$(awk -v b="$DATA_BYTES" 'BEGIN{printf "%.1f", b/1e6}')

# Interleaved rounds, each format once per round, so that a drift in the
# shared machine's speed touches both sides of the ratio alike.
declare -A rate rss rates
for _ in $(seq "$RUNS"); do
	for fmt in parquet parquet-dict csv; do
		read -r cpu kb < <(run_scan "$WORK/tp/$fmt")
		rates[$fmt]+="$(awk -v b="$DATA_BYTES" -v c="$cpu" 'BEGIN{ if (c > 0) printf "%.1f", b/1e6/c; else print "NaN" }') "
	done
done
for fmt in parquet parquet-dict csv; do
	# shellcheck disable=SC2086 # the list splits into its values
	rate[$fmt]=$(printf '%s\n' ${rates[$fmt]} | median)
	echo "  $fmt runs (MB/cpu-s): ${rates[$fmt]}" >&2
done

echo "generating $SIZE_MB MB of column data as one Parquet file and one tar.gz of CSV files..." >&2
mkdir -p "$WORK/big/parquet" "$WORK/big/tgz" "$WORK/big/csvparts"
"$WORK/columnargen" -mb "$SIZE_MB" -parquet "$WORK/big/parquet/big.parquet" >/dev/null
"$WORK/columnargen" -mb "$SIZE_MB" -csvdir "$WORK/big/csvparts" >/dev/null
tar -C "$WORK/big/csvparts" -czf "$WORK/big/tgz/big.tar.gz" .
rm -rf "$WORK/big/csvparts"
for what in parquet tgz; do
	vals=()
	for _ in $(seq "$RUNS"); do
		read -r _ kb < <(run_scan "$WORK/big/$what")
		vals+=("$kb")
	done
	rss[$what]=$(printf '%s\n' "${vals[@]}" | median)
	echo "  $what peak RSS runs (KB): ${vals[*]}" >&2
done

ratio=$(awk -v p="${rate[parquet]}" -v c="${rate[csv]}" 'BEGIN{ if (c > 0) printf "%.2f", p/c; else print "NaN" }')
printf '\n%-44s %12s\n' "measure (median of $RUNS runs)" "value"
printf '%-44s %12s\n' "column data scanned for throughput (MB)" "$DATA_MB"
printf '%-44s %12s\n' "Parquet scan, MB/s per core" "${rate[parquet]}"
printf '%-44s %12s\n' "CSV scan, MB/s per core" "${rate[csv]}"
printf '%-44s %12s   (target >= 1.5)\n' "Parquet / CSV" "$ratio"
printf '%-44s %12s\n' "Parquet, dictionary-encoded, MB/s per core" "${rate[parquet-dict]}"
printf '%-44s %12s\n' "Parquet, dictionary-encoded / CSV" "$(awk -v p="${rate[parquet-dict]}" -v c="${rate[csv]}" 'BEGIN{ if (c > 0) printf "%.2f", p/c; else print "NaN" }')"
printf '%-44s %12s\n' "peak RSS, ${SIZE_MB} MB Parquet (MB)" "$(awk -v k="${rss[parquet]}" 'BEGIN{printf "%.0f", k/1024}')"
printf '%-44s %12s\n' "peak RSS, ${SIZE_MB} MB tar.gz of CSV (MB)" "$(awk -v k="${rss[tgz]}" 'BEGIN{printf "%.0f", k/1024}')"
printf '%-44s %12s\n' "(target: <= 300 MB at 5 GB each)" ""
