package findings

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"testing"
)

// FuzzAggregator drives an aggregator with an arbitrary sequence of Adds
// (each op is 3 bytes: type, kind, position) across two objects and checks
// the invariants Build promises: counts add up, nothing past the cap is
// listed, listed occurrences are in the order added, and the record
// survives a JSON round trip through the sink.
func FuzzAggregator(f *testing.F) {
	f.Add([]byte{0, 1, 5, 1, 2, 7, 4, 3, 1}, uint8(2))
	f.Add(bytes.Repeat([]byte{2, 4, 9}, 40), uint8(0))
	f.Add([]byte{7, 5, 200, 3, 6, 1, 0, 0, 0, 6, 1, 2}, uint8(255))
	types := []struct {
		typ, category string
		custom        bool
	}{
		{"EMAIL_ADDRESS", CategoryPersonal, false},
		{"CREDIT_CARD_NUMBER", CategoryFinancial, false},
		{"AWS_CREDENTIALS", CategoryCredentials, false},
		{"EMPLOYEE_ID", "", true},
		{"NAME", CategoryPersonal, false},
		{"HEALTH_ID", "HEALTH", false},
		{"PROJECT_CODE", CategoryPersonal, true},
		{"PHONE_NUMBER", CategoryPersonal, false},
	}
	members := []*EmbeddedFileDetails{{FilePath: "a.csv", FileSize: 1}, {FilePath: "b/c.txt", FileSize: 2}}
	f.Fuzz(func(t *testing.T, ops []byte, capacity uint8) {
		a := newTestAggregator(int(capacity % 8))
		var buf bytes.Buffer
		sink := NewJSONLines(&buf)
		for half, part := range [][]byte{ops[:len(ops)/2], ops[len(ops)/2:]} {
			a.Reset()
			type key struct {
				typ    string
				custom bool
			}
			counts := map[key]int64{}
			var seq []int64 // positions added, per type, to check order
			type kp struct {
				kind OccurrenceKind
				pos  int64
			}
			seqOf := map[key][]kp{}
			for i := 0; i+2 < len(part); i += 3 {
				tt := types[int(part[i])%len(types)]
				pos := int64(part[i+2])
				var occ Occurrence
				switch part[i+1] % 8 {
				case 0:
					occ = LineOccurrence(pos, pos, 1)
				case 1:
					occ = CellOccurrence(pos, 2, "col")
				case 2:
					occ = RecordOccurrence(pos, "$.x")
				case 3:
					occ = PageOccurrence(pos, Range{})
				case 4:
					occ = OffsetOccurrence(pos, pos+1, 1)
				case 5:
					occ = Occurrence{}
				case 6:
					occ = LineOccurrence(pos, pos, 1).In(members[0])
				default:
					occ = CellOccurrence(pos, 1, "c").In(members[1])
				}
				a.Add(tt.typ, tt.category, tt.custom, occ)
				k := key{tt.typ, tt.custom}
				counts[k]++
				if occ.Embedded == nil && occ.Kind != KindNone {
					seqOf[k] = append(seqOf[k], kp{occ.Kind, pos})
				}
				seq = append(seq, pos)
			}
			r := a.Build(ObjectInfo{Key: "obj"}, Status{Code: StatusComplete}, int64(len(part)), "", JobInfo{JobID: "j"}, testSeverity)
			res := r.ClassificationDetails.Result
			var total int64
			check := func(k key, count int64, o *Occurrences) {
				if count != counts[k] {
					t.Fatalf("object %d: %v count %d, want %d", half, k, count, counts[k])
				}
				total += count
				var listed []int64
				if o != nil {
					for _, x := range o.Cells {
						listed = append(listed, x.Row)
					}
					for _, x := range o.LineRanges {
						listed = append(listed, x.Start)
					}
					for _, x := range o.OffsetRanges {
						listed = append(listed, x.Start)
					}
					for _, x := range o.Pages {
						listed = append(listed, x.PageNumber)
					}
					for _, x := range o.Records {
						listed = append(listed, x.RecordIndex)
					}
				}
				// The first cap occurrences, in the order added, grouped by
				// kind in the order Occurrences lists its kinds.
				kept := seqOf[k][:min(len(seqOf[k]), int(capacity%8))]
				var want []int64
				for _, kind := range []OccurrenceKind{KindCell, KindLineRange, KindOffsetRange, KindPage, KindRecord} {
					for _, x := range kept {
						if x.kind == kind {
							want = append(want, x.pos)
						}
					}
				}
				if !slices.Equal(listed, want) {
					t.Fatalf("%v lists %v, want %v (cap %d)", k, listed, want, capacity%8)
				}
			}
			for _, it := range res.SensitiveData {
				var sum int64
				for _, d := range it.Detections {
					check(key{d.Type, false}, d.Count, d.Occurrences)
					sum += d.Count
				}
				if sum != it.TotalCount {
					t.Fatalf("%s totalCount %d, detections sum %d", it.Category, it.TotalCount, sum)
				}
			}
			var csum int64
			for _, d := range res.CustomDataIdentifiers.Detections {
				check(key{d.Name, true}, d.Count, d.Occurrences)
				csum += d.Count
			}
			if csum != res.CustomDataIdentifiers.TotalCount {
				t.Fatalf("custom totalCount %d, detections sum %d", res.CustomDataIdentifiers.TotalCount, csum)
			}
			if total != int64(len(seq)) || r.TotalCount() != total {
				t.Fatalf("record counts %d (TotalCount %d), added %d", total, r.TotalCount(), len(seq))
			}
			if (total > 0) != (r.Type != "") {
				t.Fatalf("type %q for %d occurrences", r.Type, total)
			}
			for _, er := range a.BuildEmbedded(ObjectInfo{Key: "obj"}, JobInfo{}, testSeverity) {
				if er.ResourcesAffected.S3Object.EmbeddedFileDetails == nil || er.TotalCount() == 0 {
					t.Fatalf("member record without file or occurrences: %+v", er.ResourcesAffected.S3Object)
				}
			}
			if err := sink.Write(context.Background(), r); err != nil {
				t.Fatal(err)
			}
		}
		if err := sink.Close(); err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(&buf)
		for dec.More() {
			var back Record
			if err := dec.Decode(&back); err != nil {
				t.Fatalf("sink output does not decode: %v", err)
			}
		}
	})
}

// FuzzRecordJSON feeds arbitrary bytes to the record decoder (the path
// results read back from a repository take): it must not panic, what it
// accepts must encode and decode to the same thing, and every encoding of it
// (AppendJSON, MarshalJSON, the JSON Lines sink) must match encoding/json's
// by reflection. FuzzRecordJSONStrings covers strings the decoder cannot
// produce (invalid UTF-8).
func FuzzRecordJSON(f *testing.F) {
	for _, r := range sampleRecords() {
		b, _ := json.Marshal(r)
		f.Add(b)
	}
	f.Add([]byte(`{"createdAt":"2026-01-01T00:00:00+05:30","severity":{"score":9}}`))
	f.Add([]byte(`{"createdAt":12}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`{"id":"<a&b>\u2028\u2029\u0000\ud800 😀","severity":{"score":2},"resourcesAffected":{"s3Bucket":{"owner":{},"tags":[]},"s3Object":{"lastModified":"0001-01-01T00:00:00Z"}},` +
		`"classificationDetails":{"result":{"sensitiveData":[{"detections":[{"occurrences":{"pages":[{"pageNumber":1,"offsetRange":{"end":1}}],"cells":[]}}]}],"customDataIdentifiers":{"detections":[]}}}}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		var r Record
		if err := json.Unmarshal(in, &r); err != nil {
			return
		}
		_ = r.Severity.String()
		_ = r.TotalCount()
		checkRecordJSON(t, &r)
		out, err := json.Marshal(&r)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		var back Record
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("decode own output: %v\n%s", err, out)
		}
		again, _ := json.Marshal(&back)
		if !bytes.Equal(out, again) {
			t.Fatalf("not stable:\n%s\n%s", out, again)
		}
	})
}
