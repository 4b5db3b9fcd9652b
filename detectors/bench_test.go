package detectors

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
)

// benchCorpus is ~8 MiB of realistic mixed data, mostly not sensitive: CSV
// rows (names, dates, amounts, UUIDs, hashes, order numbers, phone numbers),
// JSON Lines log records and plain log/prose lines, with a few planted
// identifiers. Deterministic, so runs compare.
var benchCorpus = sync.OnceValue(func() []byte {
	r := rand.New(rand.NewPCG(1, 2))
	first := []string{"Maria", "John", "Wei", "Fatima", "Olga", "Kenji", "Amara", "Lukas", "Sofia", "Mateo", "Priya", "Noah"}
	last := []string{"Garcia", "Smith", "Zhang", "Khan", "Ivanova", "Sato", "Okafor", "Müller", "Rossi", "Silva", "Patel", "Brown"}
	words := strings.Fields("the order was processed and shipped to the customer after payment confirmation from the " +
		"warehouse team who checked inventory levels against the forecast for next quarter while support " +
		"answered questions about delivery times refunds and account settings in the portal")
	hex := func(n int) string {
		const h = "0123456789abcdef"
		b := make([]byte, n)
		for i := range b {
			b[i] = h[r.IntN(16)]
		}
		return string(b)
	}
	uuid := func() string { return hex(8) + "-" + hex(4) + "-4" + hex(3) + "-a" + hex(3) + "-" + hex(12) }
	date := func() string {
		return fmt.Sprintf("2024-%02d-%02dT%02d:%02d:%02d.%03dZ", 1+r.IntN(12), 1+r.IntN(28), r.IntN(24), r.IntN(60), r.IntN(60), r.IntN(1000))
	}
	planted := []string{
		"card number 4526018159083012", "SSN: 536-22-8726", "contact jane.doe@example.com",
		"AKIABBR6QMW4WXFOGO6M", "aws_secret_access_key=tws8phP9nhFyJfm5di4PzJ59FHz5r1pY4OjE2jBM",
		"IBAN DE89 3704 0044 0532 0130 00", "eyJhbGciOiJub25lIn0.eyJzdWIiOiI0NzExIn0.", "ref 5382199351819096",
	}
	var b bytes.Buffer
	b.WriteString("order_id,customer,email,created_at,amount,currency,session,checksum,phone,note\n")
	for line := 0; b.Len() < 8<<20; line++ {
		switch line % 3 {
		case 0: // CSV
			email := ""
			if r.IntN(10) == 0 {
				email = strings.ToLower(first[r.IntN(len(first))]) + "." + strings.ToLower(last[r.IntN(len(last))]) + "@mail.example.org"
			}
			fmt.Fprintf(&b, "ORD-%d-%06d,%s %s,%s,%s,%d.%02d,EUR,%s,%s,+1 555-%03d-%04d,%s\n",
				2024, r.IntN(1000000), first[r.IntN(len(first))], last[r.IntN(len(last))], email, date(),
				r.IntN(10000), r.IntN(100), uuid(), hex(40), r.IntN(1000), r.IntN(10000), words[r.IntN(len(words))])
		case 1: // JSON Lines
			fmt.Fprintf(&b, `{"ts":"%s","level":"info","msg":"%s %s","order":%d,"amount":%d.%02d,"user_id":"u_%d","trace":"%s","ip":"10.%d.%d.%d","latency_ms":%d}`+"\n",
				date(), words[r.IntN(len(words))], words[r.IntN(len(words))], r.IntN(10000000), r.IntN(1000), r.IntN(100),
				r.IntN(100000), hex(32), r.IntN(256), r.IntN(256), r.IntN(256), r.IntN(2000))
		default: // log and prose
			fmt.Fprintf(&b, "%s INFO worker-%d batch %d in %dms (items=%d):", date(), r.IntN(16), r.IntN(100000), r.IntN(500), r.IntN(5000))
			for i := 0; i < 8+r.IntN(8); i++ {
				b.WriteByte(' ')
				b.WriteString(words[r.IntN(len(words))])
			}
			b.WriteByte('\n')
		}
		if line%400 == 0 {
			b.WriteString(planted[(line/400)%len(planted)])
			b.WriteByte('\n')
		}
	}
	return b.Bytes()
})

// benchCorpusNUL is the same bytes with CSV/JSON value separators and line
// ends replaced by NUL, as a structured decoder lays out values.
var benchCorpusNUL = sync.OnceValue(func() []byte {
	d := bytes.Clone(benchCorpus())
	for i, c := range d {
		if c == ',' || c == '\n' {
			d[i] = 0
		}
	}
	return d
})

func benchScan(b *testing.B, e *Engine, data []byte, field FieldContext) {
	s := e.NewScanner()
	n := 0
	fn := func(Match) { n++ }
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for b.Loop() {
		s.Scan(data, field, fn)
	}
	// Throughput per second of this process's CPU time: on a shared
	// machine wall-clock MB/s swings with other people's builds, CPU time
	// much less (ENVIRONMENT.md reports MB/s per core the same way).
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(len(data))*float64(b.N)/1e6/cpu.Seconds(), "MB/cpu-s")
	}
	b.ReportMetric(float64(n)/float64(b.N), "matches/op")
}

func BenchmarkScan(b *testing.B) {
	e, err := Compile(Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("text", func(b *testing.B) { benchScan(b, e, benchCorpus(), FieldContext{}) })
	b.Run("nul", func(b *testing.B) { benchScan(b, e, benchCorpusNUL(), FieldContext{}) })
	b.Run("nul-field", func(b *testing.B) { benchScan(b, e, benchCorpusNUL(), e.Field("customer_ssn")) })
}

// BenchmarkScanEach measures each managed identifier alone, to show where
// the time goes.
func BenchmarkScanEach(b *testing.B) {
	for _, id := range DefaultIDs() {
		e, err := Compile(Options{Managed: []string{id}})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(id, func(b *testing.B) { benchScan(b, e, benchCorpus(), FieldContext{}) })
	}
}

func BenchmarkScanCustom(b *testing.B) {
	custom := []CustomDataIdentifier{
		{Name: "employee", Regex: `EMP-\d{6}`, Keywords: []string{"employee"}},
		{Name: "policy", Regex: `POL[0-9]{8}`},
		{Name: "badge", Regex: `\bB[A-Z]\d{5}\b`},
		{Name: "ticket", Regex: `TCK-[A-Z]{3}-\d{4}`},
		{Name: "member", Regex: `(?i)member\s*#\s*\d{7}`},
		{Name: "vin", Regex: `[A-HJ-NPR-Z0-9]{17}`},
	}
	for _, n := range []int{1, 3, 4, 6} {
		e, err := Compile(Options{Managed: []string{}, Custom: custom[:n]})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("%d-patterns", n), func(b *testing.B) { benchScan(b, e, benchCorpus(), FieldContext{}) })
	}
}

// BenchmarkScanCustomAnchored measures anchored custom patterns over NUL-
// separated values against the same patterns without anchors: whole-value
// and start anchors are decided from the candidates (no extra RE2 call),
// other anchors run the pattern again on each value with a candidate.
func BenchmarkScanCustomAnchored(b *testing.B) {
	for _, tc := range []struct{ name, anchored, plain string }{
		{"whole", `^\d{3}-\d{2}-\d{4}$`, `\d{3}-\d{2}-\d{4}`},
		{"start", `^[A-Z][a-z]+ `, `[A-Z][a-z]+ `},
		{"end", `\d{4}$`, `\d{4}`},
		{"lines", `(?m)^[a-z]+@`, `[a-z]+@`},
	} {
		for _, re := range []string{tc.anchored, tc.plain} {
			e, err := Compile(Options{Managed: []string{}, Custom: []CustomDataIdentifier{{Name: "c", Regex: re}}})
			if err != nil {
				b.Fatal(err)
			}
			name := tc.name + "/anchored"
			if re == tc.plain {
				name = tc.name + "/plain"
			}
			b.Run(name, func(b *testing.B) { benchScan(b, e, benchCorpusNUL(), FieldContext{}) })
		}
	}
}

// BenchmarkScanCustomLead measures patterns run on windows around their
// candidates (lead) and over the whole buffer (whole): candidates found by
// a literal, a literal ignoring case, RE2 without the \b in front, and runs
// of byte classes.
func BenchmarkScanCustomLead(b *testing.B) {
	for _, re := range []string{`\bEMP-\d{6}\b`, `(?i)\bacct[-_ ]?\d{8}\b`, `\bcard\s*#?\s*\d{4}`,
		`[A-Z]{2}\d{6}`, `\b\d{3}-\d{2}-\d{4}\b`, `[A-Z]\d{7}`, `\w{6}`, `[a-z]{4}`,
		`[A-Z]{2} ?\d{6}`, `[A-Z]{3}-?\d{6}`, `\b[A-Z]{1,2}\d{6}\b`} {
		e, err := Compile(Options{Managed: []string{}, Custom: []CustomDataIdentifier{{Name: "c", Regex: re}}})
		if err != nil {
			b.Fatal(err)
		}
		if !e.custom[0].windowed() {
			b.Fatalf("%s: not run on windows", re)
		}
		whole := *e
		whole.custom = slices.Clone(e.custom)
		whole.custom[0].lead, whole.custom[0].leadLit, whole.custom[0].digitRun, whole.custom[0].leadFold, whole.custom[0].classSeq = nil, nil, 0, nil, nil
		for _, data := range []struct {
			name string
			buf  []byte
		}{{"text", benchCorpus()}, {"nul", benchCorpusNUL()}} {
			b.Run(re+"/"+data.name+"/lead", func(b *testing.B) { benchScan(b, e, data.buf, FieldContext{}) })
			b.Run(re+"/"+data.name+"/whole", func(b *testing.B) { benchScan(b, &whole, data.buf, FieldContext{}) })
		}
	}
}

// BenchmarkScanCustomNoSet is BenchmarkScanCustom/6-patterns without the set
// prefilter, to check customSetMin.
func BenchmarkScanCustomNoSet(b *testing.B) {
	var custom []CustomDataIdentifier
	for i, re := range []string{`EMP-\d{6}`, `POL[0-9]{8}`, `\bB[A-Z]\d{5}\b`, `TCK-[A-Z]{3}-\d{4}`, `(?i)member\s*#\s*\d{7}`, `[A-HJ-NPR-Z0-9]{17}`} {
		custom = append(custom, CustomDataIdentifier{Name: fmt.Sprint("c", i), Regex: re})
	}
	for _, n := range []int{4, 6} {
		e, err := Compile(Options{Managed: []string{}, Custom: custom[:n]})
		if err != nil {
			b.Fatal(err)
		}
		e.customSet = nil
		b.Run(fmt.Sprintf("%d-patterns", n), func(b *testing.B) { benchScan(b, e, benchCorpus(), FieldContext{}) })
	}
}

// BenchmarkScanCatalogueSize shows what the catalogue's size costs: the
// first nine identifiers, the default set and every identifier. Keyword-
// required shapes are looked for only near their keywords, so most of the
// catalogue costs one shared keyword pass.
func BenchmarkScanCatalogueSize(b *testing.B) {
	var all []string
	for _, sp := range Catalogue() {
		all = append(all, sp.ID)
	}
	sets := []struct {
		name string
		ids  []string
	}{
		{"first-9", []string{"AWS_CREDENTIALS", "CREDIT_CARD_NUMBER", "CREDIT_CARD_NUMBER_(NO_KEYWORD)", "EMAIL_ADDRESS",
			"GERMANY_BANK_ACCOUNT_NUMBER", "JSON_WEB_TOKEN", "OPENSSH_PRIVATE_KEY", "PKCS", "USA_SOCIAL_SECURITY_NUMBER"}},
		{"default", DefaultIDs()},
		{"default+NAME", append(DefaultIDs(), "NAME")},
		{"all", all},
	}
	for _, set := range sets {
		e, err := Compile(Options{Managed: set.ids})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("%s-%d", set.name, len(set.ids)), func(b *testing.B) { benchScan(b, e, benchCorpus(), FieldContext{}) })
	}
}

// BenchmarkKeywordPass is the keyword pass alone with the default catalogue:
// "blocks" is the loop this build uses (AVX-512 under GOEXPERIMENT=simd on
// a CPU that has it), "portable" the eight-bytes-at-a-time loop, in one
// process so that the ratio holds on a noisy machine.
func BenchmarkKeywordPass(b *testing.B) {
	e, err := Compile(Options{})
	if err != nil {
		b.Fatal(err)
	}
	data := benchCorpus()
	hits := 0
	fn := func(ks, ke int, wi uint16) { hits++ }
	for _, v := range []struct {
		name string
		scan func([]byte, func(ks, ke int, wi uint16))
	}{
		{"blocks", e.kwIdx.scan},
		{"portable", func(d []byte, fn func(ks, ke int, wi uint16)) { e.kwIdx.scanTail(d, e.kwIdx.scanSWAR(d, fn), fn) }},
	} {
		b.Run(v.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			cpu0 := cpuTime()
			for b.Loop() {
				v.scan(data, fn)
			}
			if cpu := cpuTime() - cpu0; cpu > 0 {
				b.ReportMetric(float64(len(data))*float64(b.N)/1e6/cpu.Seconds(), "MB/cpu-s")
			}
		})
	}
}
