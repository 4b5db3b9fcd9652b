package findings

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
)

func TestAggregatorCap(t *testing.T) {
	a := newTestAggregator(DefaultMaxOccurrences)
	for i := range 1500 {
		a.Add("EMAIL_ADDRESS", CategoryPersonal, false, LineOccurrence(int64(i+1), int64(i+1), 1))
	}
	r := a.Build(ObjectInfo{Key: "big.txt"}, Status{Code: StatusComplete}, 1, "text/plain", JobInfo{JobID: "j"}, testSeverity)
	res := r.ClassificationDetails.Result
	if len(res.SensitiveData) != 1 || len(res.SensitiveData[0].Detections) != 1 {
		t.Fatalf("sensitiveData = %+v", res.SensitiveData)
	}
	d := res.SensitiveData[0].Detections[0]
	if d.Count != 1500 || res.SensitiveData[0].TotalCount != 1500 {
		t.Errorf("count = %d, totalCount = %d, want 1500", d.Count, res.SensitiveData[0].TotalCount)
	}
	if n := len(d.Occurrences.LineRanges); n != 1000 {
		t.Errorf("kept %d occurrences, want 1000", n)
	}
	for i, lr := range d.Occurrences.LineRanges {
		if lr.Start != int64(i+1) {
			t.Fatalf("occurrence %d is line %d: order not kept", i, lr.Start)
		}
	}
	if !res.AdditionalOccurrences {
		t.Error("additionalOccurrences = false past the cap")
	}
}

func TestAggregatorCapZero(t *testing.T) {
	a := newTestAggregator(-5)
	a.Add("EMAIL_ADDRESS", CategoryPersonal, false, LineOccurrence(1, 1, 1))
	r := a.Build(ObjectInfo{Key: "k"}, Status{Code: StatusComplete}, 1, "", JobInfo{}, nil)
	d := r.ClassificationDetails.Result.SensitiveData[0].Detections[0]
	if d.Count != 1 || d.Occurrences != nil {
		t.Errorf("got count %d occurrences %+v, want 1 and none", d.Count, d.Occurrences)
	}
	if r.Severity != SeverityNone || r.Type != TypePersonal {
		t.Errorf("severity %+v type %q: want no severity (no rater) and the type still set", r.Severity, r.Type)
	}
}

// TestAggregatorReset checks that nothing of one object shows in the next,
// though the tables' memory is reused.
func TestAggregatorReset(t *testing.T) {
	a := newTestAggregator(10)
	a.Add("EMAIL_ADDRESS", CategoryPersonal, false, CellOccurrence(1, 1, "email"))
	a.Add("EMPLOYEE_ID", "", true, LineOccurrence(1, 1, 1).In(&EmbeddedFileDetails{FilePath: "a.txt"}))
	first := a.Build(ObjectInfo{Key: "one"}, Status{Code: StatusComplete}, 1, "", JobInfo{}, testSeverity)
	a.Reset()
	a.Add("CREDIT_CARD_NUMBER", CategoryFinancial, false, LineOccurrence(7, 7, 3))
	second := a.Build(ObjectInfo{Key: "two"}, Status{Code: StatusComplete}, 1, "", JobInfo{}, testSeverity)
	if emb := a.BuildEmbedded(ObjectInfo{Key: "two"}, JobInfo{}, testSeverity); emb != nil {
		t.Errorf("BuildEmbedded after Reset = %d records, want none", len(emb))
	}

	res := second.ClassificationDetails.Result
	if len(res.SensitiveData) != 1 || res.SensitiveData[0].Detections[0].Type != "CREDIT_CARD_NUMBER" {
		t.Fatalf("second object: %+v", res.SensitiveData)
	}
	occ := res.SensitiveData[0].Detections[0].Occurrences
	if len(occ.Cells) != 0 || len(occ.LineRanges) != 1 || occ.LineRanges[0].Start != 7 {
		t.Errorf("second object's occurrences: %+v", occ)
	}
	if len(res.CustomDataIdentifiers.Detections) != 0 {
		t.Errorf("custom detections leaked: %+v", res.CustomDataIdentifiers)
	}
	if second.Type != TypeFinancial {
		t.Errorf("type = %q", second.Type)
	}
	// The first record owns its memory: reusing the aggregator did not change it.
	if c := first.ClassificationDetails.Result.SensitiveData[0].Detections[0].Occurrences.Cells; len(c) != 1 || c[0].ColumnName != "email" {
		t.Errorf("first record changed after reuse: %+v", c)
	}
	if first.ID == second.ID {
		t.Error("two records share an id")
	}
}

func TestAggregatorDefaultsAndIDs(t *testing.T) {
	a := NewAggregator(DefaultMaxOccurrences)
	a.Add("EMAIL_ADDRESS", CategoryPersonal, false, Occurrence{}) // counted, nowhere to list
	r := a.Build(ObjectInfo{Bucket: "b", Key: "dir/file.TXT", ETag: `"abc"`}, Status{Code: StatusComplete}, 1, "", JobInfo{Partition: "aws-cn"}, nil)
	if len(r.ID) != 36 || r.ID[14] != '4' {
		t.Errorf("id %q is not a version 4 UUID", r.ID)
	}
	if r.CreatedAt.IsZero() || r.CreatedAt != r.UpdatedAt {
		t.Errorf("createdAt %v updatedAt %v", r.CreatedAt, r.UpdatedAt)
	}
	o := r.ResourcesAffected.S3Object
	if o.Path != "b/dir/file.TXT" || o.Extension != "TXT" || o.ETag != "abc" || o.BucketArn != "arn:aws-cn:s3:::b" {
		t.Errorf("s3Object = %+v", o)
	}
	if r.ClassificationDetails.OriginType != OriginSensitiveDataDiscoveryJob {
		t.Errorf("originType = %q", r.ClassificationDetails.OriginType)
	}
	d := r.ClassificationDetails.Result.SensitiveData[0].Detections[0]
	if d.Count != 1 || d.Occurrences != nil || !r.ClassificationDetails.Result.AdditionalOccurrences {
		t.Errorf("detection %+v, additionalOccurrences %v", d, r.ClassificationDetails.Result.AdditionalOccurrences)
	}
}

// TestAggregatorAddDoesNotAllocate: once an aggregator's tables have grown,
// adding another object's occurrences costs no allocation.
func TestAggregatorAddDoesNotAllocate(t *testing.T) {
	a := NewAggregator(DefaultMaxOccurrences)
	member := &EmbeddedFileDetails{FilePath: "in/archive.csv"}
	fill := func() {
		a.Reset()
		for i := range 2000 {
			a.Add("EMAIL_ADDRESS", CategoryPersonal, false, LineOccurrence(int64(i), int64(i), 1))
			a.Add("CREDIT_CARD_NUMBER", CategoryFinancial, false, CellOccurrence(int64(i), 2, "card"))
			a.Add("EMPLOYEE_ID", "", true, RecordOccurrence(int64(i), "$.id"))
			a.Add("EMAIL_ADDRESS", CategoryPersonal, false, CellOccurrence(int64(i), 1, "email").In(member))
		}
	}
	fill()
	if n := testing.AllocsPerRun(20, fill); n != 0 {
		t.Errorf("a warmed Add allocates: %.1f allocations per object", n)
	}
}

func TestSortedDetections(t *testing.T) {
	a := newTestAggregator(5)
	a.Add("Z_CUSTOM", "", true, Occurrence{})
	a.Add("PHONE_NUMBER", CategoryPersonal, false, Occurrence{})
	a.Add("A_CUSTOM", "", true, Occurrence{})
	a.Add("AWS_CREDENTIALS", CategoryCredentials, false, Occurrence{})
	a.Add("ADDRESS", CategoryPersonal, false, Occurrence{})
	r := a.Build(ObjectInfo{Key: "k"}, Status{Code: StatusComplete}, 0, "", JobInfo{}, nil)
	res := r.ClassificationDetails.Result
	var got []string
	for _, it := range res.SensitiveData {
		for _, d := range it.Detections {
			got = append(got, it.Category+"/"+d.Type)
		}
	}
	for _, d := range res.CustomDataIdentifiers.Detections {
		got = append(got, "custom/"+d.Name)
	}
	want := []string{"CREDENTIALS/AWS_CREDENTIALS", "PERSONAL_INFORMATION/ADDRESS", "PERSONAL_INFORMATION/PHONE_NUMBER", "custom/A_CUSTOM", "custom/Z_CUSTOM"}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
	if res.SensitiveData[1].TotalCount != 2 || res.CustomDataIdentifiers.TotalCount != 2 {
		t.Errorf("totals: personal %d custom %d", res.SensitiveData[1].TotalCount, res.CustomDataIdentifiers.TotalCount)
	}
	if r.Type != TypeMultiple {
		t.Errorf("type %q", r.Type)
	}
}

func TestAggregatorListed(t *testing.T) {
	a := NewAggregator(2)
	member := &EmbeddedFileDetails{FilePath: "in/a.csv"}
	if !a.Listed("EMAIL_ADDRESS", false, nil) || !a.Listed("EMAIL_ADDRESS", false, member) {
		t.Fatal("a type never seen is not listed")
	}
	for range 2 {
		a.Add("EMAIL_ADDRESS", CategoryPersonal, false, RecordOccurrence(1, "$.a"))
	}
	if a.Listed("EMAIL_ADDRESS", false, nil) {
		t.Error("listed past the cap")
	}
	if !a.Listed("EMAIL_ADDRESS", true, nil) || !a.Listed("USA_SOCIAL_SECURITY_NUMBER", false, nil) {
		t.Error("another type (or a custom one of the same name) is capped too")
	}
	a.Add("EMAIL_ADDRESS", CategoryPersonal, false, RecordOccurrence(1, "$.a").In(member))
	if !a.Listed("EMAIL_ADDRESS", false, member) {
		t.Error("an archived file's own list is capped by the archive's")
	}
	a.Reset()
	if !a.Listed("EMAIL_ADDRESS", false, nil) {
		t.Error("still capped after Reset")
	}
}

// TestAggregatorAddCount: past the cap, AddCount(n) builds the same record
// as n calls to Add, in the object and in an archived file.
func TestAggregatorAddCount(t *testing.T) {
	emb := &EmbeddedFileDetails{FilePath: "in/a.parquet"}
	for _, tc := range []struct {
		name string
		emb  *EmbeddedFileDetails
	}{{"object", nil}, {"archived file", emb}} {
		t.Run(tc.name, func(t *testing.T) {
			one, bulk := newTestAggregator(3), newTestAggregator(3)
			occ := func(i int) Occurrence {
				o := RecordOccurrence(int64(i), "$.email")
				if tc.emb != nil {
					o = o.In(tc.emb)
				}
				return o
			}
			for i := range 3 {
				one.Add("EMAIL_ADDRESS", CategoryPersonal, false, occ(i))
				bulk.Add("EMAIL_ADDRESS", CategoryPersonal, false, occ(i))
			}
			if bulk.Listed("EMAIL_ADDRESS", false, tc.emb) {
				t.Fatal("Listed true at the cap")
			}
			for i := range 7 {
				one.Add("EMAIL_ADDRESS", CategoryPersonal, false, occ(3+i))
			}
			bulk.AddCount("EMAIL_ADDRESS", CategoryPersonal, false, tc.emb, 7)
			bulk.AddCount("EMAIL_ADDRESS", CategoryPersonal, false, tc.emb, 0)
			info, job := ObjectInfo{Key: "k"}, JobInfo{JobID: "j"}
			want := one.Build(info, Status{Code: StatusComplete}, 1, "", job, testSeverity)
			got := bulk.Build(info, Status{Code: StatusComplete}, 1, "", job, testSeverity)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("AddCount record\n%+v\nwant\n%+v", got, want)
			}
			wantE := one.BuildEmbedded(info, job, testSeverity)
			gotE := bulk.BuildEmbedded(info, job, testSeverity)
			if !reflect.DeepEqual(gotE, wantE) {
				t.Errorf("AddCount embedded records\n%+v\nwant\n%+v", gotE, wantE)
			}
		})
	}
}

// TestAggregatorLend checks that records built with Lend encode exactly as
// copied ones, object after object over reused memory (archive members
// too), and that a lent list cannot be appended into the Aggregator.
func TestAggregatorLend(t *testing.T) {
	copied, lent := newTestAggregator(3), newTestAggregator(3)
	lent.Lend = true
	member := &EmbeddedFileDetails{FilePath: "dir/a.txt", FileSize: 9}
	objects := [][]func(a *Aggregator){
		{
			func(a *Aggregator) { a.Add("EMAIL_ADDRESS", CategoryPersonal, false, CellOccurrence(2, 3, "email")) },
			func(a *Aggregator) { a.Add("EMAIL_ADDRESS", CategoryPersonal, false, CellOccurrence(4, 3, "email")) },
			func(a *Aggregator) { a.Add("EMPLOYEE_ID", "", true, LineOccurrence(1, 1, 5).In(member)) },
		},
		{}, // no findings: the slots of the first object are left unused
		{
			func(a *Aggregator) {
				a.Add("CREDIT_CARD_NUMBER", CategoryFinancial, false, RecordOccurrence(0, "$.card"))
			},
			func(a *Aggregator) { a.Add("EMAIL_ADDRESS", CategoryPersonal, false, LineOccurrence(7, 7, 2)) },
			func(a *Aggregator) { a.Add("EMAIL_ADDRESS", CategoryPersonal, false, OffsetOccurrence(10, 30, 0)) },
			func(a *Aggregator) {
				a.Add("EMAIL_ADDRESS", CategoryPersonal, false, PageOccurrence(2, Range{Start: 1, End: 1}))
			},
			func(a *Aggregator) { a.AddCount("EMAIL_ADDRESS", CategoryPersonal, false, nil, 5) },
		},
	}
	for i, adds := range objects {
		var want, got [][]byte
		for _, a := range []*Aggregator{copied, lent} {
			a.Reset()
			for _, add := range adds {
				add(a)
			}
			obj := ObjectInfo{Key: "obj", Size: 100}
			recs := append([]*Record{a.Build(obj, Status{Code: StatusComplete}, 100, "text/plain", JobInfo{JobID: "j"}, testSeverity)},
				a.BuildEmbedded(obj, JobInfo{JobID: "j"}, testSeverity)...)
			var lines [][]byte
			for _, r := range recs {
				lines = append(lines, r.AppendJSON(nil, false))
			}
			if a == copied {
				want = lines
			} else {
				got = lines
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("object %d: lent records encode as\n%s\nwant\n%s", i, got, want)
		}
	}

	// An append to a lent list goes to new memory, which the Aggregator's
	// next occurrence does not overwrite.
	lent.Reset()
	lent.Add("EMAIL_ADDRESS", CategoryPersonal, false, CellOccurrence(1, 1, "a"))
	r := lent.Build(ObjectInfo{Key: "k"}, Status{Code: StatusComplete}, 1, "", JobInfo{}, nil)
	grown := append(r.ClassificationDetails.Result.SensitiveData[0].Detections[0].Occurrences.Cells, Cell{Row: 99})
	lent.Add("EMAIL_ADDRESS", CategoryPersonal, false, CellOccurrence(2, 1, "a"))
	if grown[1].Row != 99 {
		t.Errorf("the Aggregator wrote into an appended lent list: %+v", grown)
	}
}

// TestAggregatorLookupCache adds occurrences of more types than the
// Aggregator's lookup cache has entries, in runs and in turns, in the
// object and in archived files, each type's name sometimes in another copy
// of its bytes, and checks every count and list against a plain model: the
// cache must never mix two detections.
func TestAggregatorLookupCache(t *testing.T) {
	var types []string
	for i := range 100 {
		types = append(types, fmt.Sprintf("TYPE_%d", i%90)) // some names twice, in two copies
	}
	// Names that share their first byte's address: only their lengths
	// tell them apart.
	shared := strings.Repeat("ABCDEFGHIJ", 3)
	for n := 1; n <= len(shared); n += 3 {
		types = append(types, shared[:n])
	}
	files := []*EmbeddedFileDetails{nil}
	for i := range 80 {
		files = append(files, &EmbeddedFileDetails{FilePath: fmt.Sprintf("f%d.txt", i)})
	}
	rng := rand.New(rand.NewPCG(1, 2))
	a := newTestAggregator(5000)
	for round := range 50 {
		a.Reset() // one Aggregator, object after object
		type key struct {
			typ    string
			custom bool
			file   string
		}
		want := map[key][]int64{}
		wantCount := map[key]int64{}
		run := rng.IntN(8) + 1
		for i := range 2000 {
			typ := types[rng.IntN(len(types))]
			if round%2 == 0 {
				typ = types[(i/run)%len(types)] // runs
			}
			if rng.IntN(4) == 0 {
				typ = strings.Clone(typ)
			}
			custom := rng.IntN(5) == 0 // a custom identifier of the same name is another type
			f := files[rng.IntN(len(files))]
			occ := LineOccurrence(int64(i), int64(i), 1)
			// The object counts its archived files' occurrences and lists
			// its own; each file's record lists the file's.
			file := ""
			if f != nil {
				occ, file = occ.In(f), f.FilePath
			}
			want[key{typ, custom, file}] = append(want[key{typ, custom, file}], int64(i))
			wantCount[key{typ, custom, ""}]++
			if rng.IntN(3) == 0 && !a.Listed(typ, custom, f) {
				t.Fatalf("round %d: %s not listed below the cap", round, typ)
			}
			a.Add(typ, CategoryPersonal, custom, occ)
		}
		got := map[key][]int64{}
		check := func(typ string, custom bool, file string, count int64, o *Occurrences) {
			if o != nil {
				for _, lr := range o.LineRanges {
					got[key{typ, custom, file}] = append(got[key{typ, custom, file}], lr.Start)
				}
			}
			if file == "" && count != wantCount[key{typ, custom, ""}] || file != "" && (o == nil || int(count) != len(o.LineRanges)) {
				t.Fatalf("round %d: %s (custom %v) in %q: count %d", round, typ, custom, file, count)
			}
		}
		collect := func(r *Record, file string) {
			for _, item := range r.ClassificationDetails.Result.SensitiveData {
				for _, d := range item.Detections {
					check(d.Type, false, file, d.Count, d.Occurrences)
				}
			}
			for _, d := range r.ClassificationDetails.Result.CustomDataIdentifiers.Detections {
				check(d.Name, true, file, d.Count, d.Occurrences)
			}
		}
		collect(a.Build(ObjectInfo{Key: "k"}, Status{Code: StatusComplete}, 1, "", JobInfo{}, nil), "")
		for _, r := range a.BuildEmbedded(ObjectInfo{Key: "k"}, JobInfo{}, nil) {
			collect(r, r.ResourcesAffected.S3Object.EmbeddedFileDetails.FilePath)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("round %d: occurrences by type and file\n%v\nwant\n%v", round, got, want)
		}
	}
}

// TestBuildListsApart: a record's per-category detection lists share one
// allocation; an append to one must not write into the next.
func TestBuildListsApart(t *testing.T) {
	a := newTestAggregator(10)
	a.Add("CREDIT_CARD_NUMBER", CategoryFinancial, false, LineOccurrence(1, 1, 1))
	a.Add("EMAIL_ADDRESS", CategoryPersonal, false, LineOccurrence(2, 2, 1))
	a.Add("PHONE_NUMBER", CategoryPersonal, false, LineOccurrence(3, 3, 1))
	r := a.Build(ObjectInfo{Key: "k"}, Status{Code: StatusComplete}, 1, "", JobInfo{}, nil)
	sd := r.ClassificationDetails.Result.SensitiveData
	if len(sd) != 2 || len(sd[0].Detections) != 1 || len(sd[1].Detections) != 2 {
		t.Fatalf("sensitiveData = %+v", sd)
	}
	_ = append(sd[0].Detections, DefaultDetection{Type: "X"})
	_ = append(sd[1].Detections, DefaultDetection{Type: "Y"})
	if sd[1].Detections[0].Type != "EMAIL_ADDRESS" || sd[1].Detections[1].Type != "PHONE_NUMBER" {
		t.Errorf("an append to one category's list wrote into the next: %+v", sd[1].Detections)
	}
}

// TestAggregatorSlotsAcrossObjects: detection slots outlive an object, so
// a type of the last object must not show in the next unless added there,
// whether its slot is found in the cache, in the map, or after the slots
// were let go (too many) or the object counter wrapped.
func TestAggregatorSlotsAcrossObjects(t *testing.T) {
	a := newTestAggregator(10)
	types := func(r *Record) []string {
		var got []string
		for _, item := range r.ClassificationDetails.Result.SensitiveData {
			for _, d := range item.Detections {
				got = append(got, fmt.Sprintf("%s:%d", d.Type, d.Count))
			}
		}
		return got
	}
	for round := range 6 {
		switch round {
		case 3: // more slots than kept: the next Reset lets them go
			for i := range maxSlots + 1 {
				a.Add(fmt.Sprintf("T%d", i), CategoryPersonal, false, LineOccurrence(1, 1, 1))
			}
		case 4:
			a.epoch = ^uint32(0) // the next Reset wraps
		}
		a.Reset()
		if a.Listed("EMAIL_ADDRESS", false, nil) != true {
			t.Fatalf("round %d: not listed in a new object", round)
		}
		a.Add("EMAIL_ADDRESS", CategoryPersonal, false, LineOccurrence(1, 1, 1))
		if round%2 == 0 {
			a.Add("CREDIT_CARD_NUMBER", CategoryFinancial, false, LineOccurrence(2, 2, 1))
		}
		r := a.Build(ObjectInfo{Key: "k"}, Status{Code: StatusComplete}, 1, "", JobInfo{}, nil)
		want := []string{"EMAIL_ADDRESS:1"}
		if round%2 == 0 {
			want = []string{"CREDIT_CARD_NUMBER:1", "EMAIL_ADDRESS:1"}
		}
		if got := types(r); !slices.Equal(got, want) {
			t.Errorf("round %d: %v, want %v", round, got, want)
		}
		if round == 4 && len(a.dets) > 2 {
			t.Errorf("round 4: %d slots kept after %d were made", len(a.dets), maxSlots+1)
		}
	}
}

// TestRandomIDs checks the batched record ids: version 4 UUIDs written as
// uuid writes them, all different, across several batches.
func TestRandomIDs(t *testing.T) {
	a := NewAggregator(1)
	seen := map[string]bool{}
	for range 5*idBatch + 3 {
		id := a.Build(ObjectInfo{Key: "k"}, Status{Code: StatusComplete}, 0, "", JobInfo{}, nil).ID
		u, err := uuid.Parse(id)
		if err != nil || u.String() != id || u.Version() != 4 || u.Variant() != uuid.RFC4122 {
			t.Fatalf("id %q: %v, version %d, variant %v", id, err, u.Version(), u.Variant())
		}
		if seen[id] {
			t.Fatalf("id %q twice", id)
		}
		seen[id] = true
	}
}

// TestAggregatorLendManyRecords checks lent records past the number kept
// for reuse: an archive with more member files than that, object after
// object, gets distinct records that encode as copied ones.
func TestAggregatorLendManyRecords(t *testing.T) {
	copied, lent := newTestAggregator(3), newTestAggregator(3)
	lent.Lend = true
	for object := range 3 {
		var want, got [][]byte
		for _, a := range []*Aggregator{copied, lent} {
			a.Reset()
			for m := range keptRecords + 10 + object {
				member := &EmbeddedFileDetails{FilePath: fmt.Sprintf("dir/%d.txt", m), FileSize: int64(m)}
				a.Add("EMAIL_ADDRESS", CategoryPersonal, false, LineOccurrence(int64(m+1), int64(m+1), 1).In(member))
			}
			obj := ObjectInfo{Key: "bundle.zip", Size: 100}
			recs := append([]*Record{a.Build(obj, Status{Code: StatusComplete}, 100, "application/zip", JobInfo{JobID: "j"}, testSeverity)},
				a.BuildEmbedded(obj, JobInfo{JobID: "j"}, testSeverity)...)
			seen := map[*Record]bool{}
			var lines [][]byte
			for _, r := range recs {
				if seen[r] {
					t.Fatalf("object %d: a record returned twice", object)
				}
				seen[r] = true
				lines = append(lines, r.AppendJSON(nil, false))
			}
			if a == copied {
				want = lines
			} else {
				got = lines
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("object %d: lent records differ from copied ones", object)
		}
	}
}
