package sources

import "testing"

func TestChunkPath(t *testing.T) {
	tests := []struct {
		name string
		ch   Chunk
		want []string
	}{
		{
			name: "no slots: every path is Field",
			ch:   Chunk{Field: "$.customer.ssn", Starts: []int32{0, 4}},
			want: []string{"$.customer.ssn", "$.customer.ssn"},
		},
		{
			name: "one array",
			ch:   Chunk{Field: "$[].ssn", FieldSlots: []int{1}, Positions: []int64{0, 7, 12}, Starts: []int32{0, 4, 8}},
			want: []string{"$[0].ssn", "$[7].ssn", "$[12].ssn"},
		},
		{
			name: "nested arrays",
			ch: Chunk{Field: "$.customers[].cards[].number", FieldSlots: []int{11, 19},
				Positions: []int64{3, 2, 10, 0}, Starts: []int32{0, 17}},
			want: []string{"$.customers[3].cards[2].number", "$.customers[10].cards[0].number"},
		},
		{
			name: "arrays of arrays at the end",
			ch:   Chunk{Field: "$[][]", FieldSlots: []int{1, 3}, Positions: []int64{1, 2}, Starts: []int32{0}},
			want: []string{"$[1][2]"},
		},
		{
			name: "bracket-quoted names holding []",
			ch: Chunk{Field: "$['a[]b'][]['[]'][]", FieldSlots: []int{9, 17},
				Positions: []int64{4, 5, 0, 1}, Starts: []int32{0, 2}},
			want: []string{"$['a[]b'][4]['[]'][5]", "$['a[]b'][0]['[]'][1]"},
		},
		{
			name: "Paths set: they win",
			ch: Chunk{Field: "$.a[].mail", Paths: []string{"$.a[0].mail", "$.a[1].mail"},
				FieldSlots: []int{3}, Positions: []int64{8, 9}, Starts: []int32{0, 5}},
			want: []string{"$.a[0].mail", "$.a[1].mail"},
		},
		{
			name: "positions missing: Field, never a wrong index",
			ch:   Chunk{Field: "$[].x", FieldSlots: []int{1}, Positions: []int64{4}, Starts: []int32{0, 3}},
			want: []string{"$[4].x", "$[].x"},
		},
		{
			name: "a slot that is not []: Field",
			ch:   Chunk{Field: "$.ab[]", FieldSlots: []int{2}, Positions: []int64{1}, Starts: []int32{0}},
			want: []string{"$.ab[]"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i, want := range tt.want {
				if got := tt.ch.Path(i); got != want {
					t.Errorf("Path(%d) = %q, want %q", i, got, want)
				}
			}
		})
	}
}

// TestJSONBracketNames decodes names holding "[]" and "'" next to real
// arrays: only the arrays' slots get indexes.
func TestJSONBracketNames(t *testing.T) {
	in := `{"a[]b":[{"[]":["x","y"]},{"it's[]":[["z"]]}]}`
	want := map[string]bool{
		`$['a[]b'][0]['[]'][0]`:         true,
		`$['a[]b'][0]['[]'][1]`:         true,
		`$['a[]b'][1]['it\'s[]'][0][0]`: true,
		`$`:                             true, // the key a[]b
		`$['a[]b'][0]`:                  true, // the key []
		`$['a[]b'][1]`:                  true, // the key it's[]
	}
	got := jsonPaths(t, []byte(in), false)
	for _, p := range got {
		if !want[p] {
			t.Errorf("unexpected path %q", p)
		}
		delete(want, p)
	}
	for p := range want {
		t.Errorf("missing path %q", p)
	}
}
