package detectors

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSortMatchesEqualsSort checks the run merge against a full sort on
// concatenations of sorted runs (with repeats, shared starts and shared
// spans), on unsorted input and on more runs than maxMergeRuns, reusing
// one Scanner so that the swapped buffers are exercised too.
func TestSortMatchesEqualsSort(t *testing.T) {
	e := mustCompile(t, Options{})
	s := e.NewScanner()
	r := rand.New(rand.NewPCG(3, 4))
	for iter := range 3000 {
		var in []Match
		nruns := r.IntN(6)
		switch iter % 10 {
		case 8:
			nruns = maxMergeRuns + r.IntN(8) // more runs than a merge handles
		case 9:
			nruns = 0 // no order at all
			for range r.IntN(200) {
				in = append(in, Match{Identifier: r.IntN(4), Start: r.IntN(50), End: r.IntN(50)})
			}
		}
		spread := 1 + r.IntN(100)
		for range nruns {
			run := make([]Match, r.IntN(40))
			for i := range run {
				st := r.IntN(spread)
				run[i] = Match{Identifier: r.IntN(4), Start: st, End: st + 1 + r.IntN(3)}
			}
			slices.SortFunc(run, compareMatches)
			if len(run) > 1 && r.IntN(4) == 0 {
				run[1] = run[0] // an exact repeat
			}
			in = append(in, run...)
		}
		want := slices.Clone(in)
		slices.SortFunc(want, compareMatches)
		s.matches = append(s.matches[:0], in...)
		s.sortMatches()
		if !slices.Equal(s.matches, want) {
			t.Fatalf("iteration %d: sortMatches(%v)\n= %v\nwant %v", iter, in, s.matches, want)
		}
	}
}

// TestScanSortUnchanged checks that Scan reports what it reported when it
// sorted its matches with a full sort, on buffers where every pass finds
// something: the benchmark corpus (text and NUL-separated, with and
// without a field context), random splices of it, and engines with custom
// identifiers and allow lists.
func TestScanSortUnchanged(t *testing.T) {
	custom := []CustomDataIdentifier{
		{Name: "order", Regex: `ORD-\d{4}-\d{6}`},
		{Name: "worker", Regex: `worker-\d+`},
		{Name: "hex8", Regex: `[0-9a-f]{8}`, Keywords: []string{"session", "trace"}},
		{Name: "time", Regex: `\d\d:\d\d:\d\d`},
	}
	engines := []*Engine{
		mustCompile(t, Options{}),
		mustCompile(t, Options{Managed: allIDs(), Custom: custom}),
		mustCompile(t, Options{Custom: custom[:2], AllowLists: []AllowList{{Name: "a", Criteria: AllowListCriteria{Regex: `@mail\.example\.org$`}}}}),
	}
	corpus := benchCorpus()[:1<<18]
	nul := benchCorpusNUL()[:1<<18]
	r := rand.New(rand.NewPCG(5, 6))
	bufs := [][]byte{corpus, nul, []byte(""), []byte("4526018159083012 4526018159083012\x004526018159083012")}
	for range 40 {
		var b bytes.Buffer
		for range 1 + r.IntN(30) {
			src := corpus
			if r.IntN(2) == 0 {
				src = nul
			}
			st := r.IntN(len(src) - 4096)
			b.Write(src[st : st+r.IntN(4096)])
		}
		bufs = append(bufs, b.Bytes())
	}
	merged := 0 // buffers whose matches were more than one sorted run
	for ei, e := range engines {
		s := e.NewScanner()
		for bi, data := range bufs {
			for _, field := range []FieldContext{{}, e.Field("customer_ssn"), e.Field("card number")} {
				var got []Match
				s.Scan(data, field, func(m Match) { got = append(got, m) })

				s.collect(data, field)
				raw := slices.Clone(s.matches)
				if !slices.IsSortedFunc(raw, compareMatches) {
					merged++
				}
				s.matches = slices.Clone(raw)
				slices.SortFunc(s.matches, compareMatches)
				var want []Match
				s.report(data, func(m Match) { want = append(want, m) })

				if !slices.Equal(got, want) {
					t.Fatalf("engine %d, buffer %d: Scan reported %d matches, the full sort %d", ei, bi, len(got), len(want))
				}
				s.matches = raw
				s.sortMatches()
				sorted := slices.Clone(raw)
				slices.SortFunc(sorted, compareMatches)
				if !slices.Equal(s.matches, sorted) {
					t.Fatalf("engine %d, buffer %d: sortMatches differs from a full sort", ei, bi)
				}
			}
		}
	}
	if merged < len(bufs) {
		t.Fatalf("only %d scans had unsorted matches to merge", merged)
	}
}

// TestWholeCellHasNoKeywordNear: a value bounded by NULs or the buffer's
// ends has no keyword near it, whatever surrounds the NULs, for every
// keyword set of the catalogue and window size: what lets emit skip the
// search (wholeCell).
func TestWholeCellHasNoKeywordNear(t *testing.T) {
	e := mustCompile(t, Options{Managed: allIDs()})
	r := rand.New(rand.NewPCG(39, 40))
	var words []string
	sets := map[*kwSet]bool{}
	for _, rules := range [][]target{e.email, e.jwt, e.awsID, e.ip} {
		for _, tg := range rules {
			if tg.kw != nil {
				sets[tg.kw] = true
			}
		}
	}
	for _, sh := range e.shapes {
		for _, tg := range sh.targets {
			if tg.kw != nil {
				sets[tg.kw] = true
			}
		}
	}
	for _, nr := range e.numeric {
		for _, tg := range nr.targets {
			if tg.kw != nil {
				sets[tg.kw] = true
			}
		}
	}
	for _, sp := range Catalogue() {
		words = append(words, sp.Keywords...)
	}
	if len(sets) < 10 || len(words) < 100 {
		t.Fatalf("%d keyword sets, %d keywords: the test proves little", len(sets), len(words))
	}
	checked := 0
	for range 2000 {
		// Keywords and values, every piece its own cell now and then.
		var data []byte
		var cells [][2]int
		for len(data) < 300 {
			if r.IntN(2) == 0 {
				data = append(data, words[r.IntN(len(words))]...)
				data = append(data, " :=\x00"[r.IntN(4)])
				continue
			}
			st := len(data)
			data = append(data, "4111 1111 1111 1111"[:1+r.IntN(19)]...)
			cells = append(cells, [2]int{st, len(data)})
			data = append(data, "\x00 é"[r.IntN(3)])
		}
		for _, c := range cells {
			if !wholeCell(data, c[0], c[1]) {
				continue
			}
			for ks := range sets {
				for _, prox := range []int{0, 5, 30, 100, 300} {
					checked++
					if ks.near(data, c[0], c[1], prox) {
						t.Fatalf("a keyword near %q, a whole cell of %q", data[c[0]:c[1]], data)
					}
				}
			}
		}
	}
	if checked < 10000 {
		t.Fatalf("only %d windows checked", checked)
	}
}
