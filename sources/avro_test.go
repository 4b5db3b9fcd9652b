package sources

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/hamba/avro/v2/ocf"
)

const avroTestSchema = `{"type":"record","name":"Customer","fields":[
 {"name":"id","type":"long"},
 {"name":"email","type":["null","string"]},
 {"name":"card","type":"long"},
 {"name":"created","type":{"type":"long","logicalType":"timestamp-millis"}},
 {"name":"active","type":"boolean"},
 {"name":"cards","type":{"type":"array","items":{"type":"record","name":"Card","fields":[{"name":"number","type":"string"}]}}},
 {"name":"attrs","type":{"type":"map","values":"string"}},
 {"name":"next","type":["null","Customer"]}
]}`

type avCard struct {
	Number string `avro:"number"`
}

type avCustomer struct {
	ID      int64             `avro:"id"`
	Email   *string           `avro:"email"`
	Card    int64             `avro:"card"`
	Created int64             `avro:"created"`
	Active  bool              `avro:"active"`
	Cards   []avCard          `avro:"cards"`
	Attrs   map[string]string `avro:"attrs"`
	Next    *avCustomer       `avro:"next"`
}

func avroRecords(n int) []avCustomer {
	recs := make([]avCustomer, n)
	for i := range recs {
		r := &recs[i]
		r.ID, r.Card, r.Created = int64(i), 4111111111111111+int64(i), 1700000000000
		if i%2 == 0 {
			e := fmt.Sprintf("user%d@example.com", i)
			r.Email = &e
		}
		for c := 0; c < i%3; c++ {
			r.Cards = append(r.Cards, avCard{Number: fmt.Sprintf("card-%d-%d", i, c)})
		}
		r.Attrs = map[string]string{}
		if i%5 == 0 {
			r.Attrs["note"] = fmt.Sprintf("n%d", i)
			r.Next = &avCustomer{ID: 1000 + int64(i), Attrs: map[string]string{}}
		}
	}
	return recs
}

func writeAvro(t testing.TB, codec ocf.CodecName, recs []avCustomer) []byte {
	t.Helper()
	return encodeOCF(t, avroTestSchema, recs, ocf.WithCodec(codec), ocf.WithBlockLength(7))
}

// encodeOCF writes rows as an Avro object container file of schema.
func encodeOCF[T any](t testing.TB, schema string, rows []T, opts ...ocf.EncoderFunc) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc, err := ocf.NewEncoder(schema, &buf, opts...)
	if err != nil {
		t.Fatal(err)
	}
	for i := range rows {
		if err := enc.Encode(&rows[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestAvroLocations(t *testing.T) {
	recs := avroRecords(40)
	want := map[string]bool{}
	for i, r := range recs {
		add := func(v, path string) { want[fmt.Sprintf("%d|%s|%s", i, path, v)] = true }
		add(fmt.Sprint(r.ID), "$.id")
		if r.Email != nil {
			add(*r.Email, "$.email")
		}
		add(fmt.Sprint(r.Card), "$.card")
		for c, card := range r.Cards {
			add(card.Number, fmt.Sprintf("$.cards[%d].number", c))
		}
		for k, v := range r.Attrs {
			add(k, "$.attrs")
			add(v, "$.attrs."+k)
		}
		if r.Next != nil {
			add(fmt.Sprint(r.Next.ID), "$.next.id")
			add("0", "$.next.card")
		}
	}
	for _, codec := range []ocf.CodecName{ocf.Null, ocf.Deflate, ocf.Snappy, ocf.ZStandard} {
		t.Run(string(codec), func(t *testing.T) {
			got, err := collect(t, writeAvro(t, codec, recs), "x.avro", false)
			if err != nil {
				t.Fatal(err)
			}
			seen := map[string]bool{}
			for _, l := range got {
				k := fmt.Sprintf("%d|%s|%s", l.index, l.path, l.value)
				seen[k] = true
				if !want[k] {
					t.Errorf("unexpected %s", k)
				}
			}
			for k := range want {
				if !seen[k] {
					t.Errorf("missing %s", k)
				}
			}
		})
	}
}

// TestAvroBzip2: a bzip2 file (Avro's optional codec, which Java's
// implementation writes) decodes to what the same records give without a
// codec. The fixture is writeAvro(t, ocf.Null, avroRecords(40)) with its
// blocks recompressed by testdata/avro-codecs/rewrite.py: nothing in Go
// writes bzip2.
func TestAvroBzip2(t *testing.T) {
	data, err := os.ReadFile("testdata/avro-codecs/customers-bzip2.avro")
	if err != nil {
		t.Fatal(err)
	}
	got, err := collect(t, data, "x.avro", false)
	if err != nil {
		t.Fatal(err)
	}
	want, err := collect(t, writeAvro(t, ocf.Null, avroRecords(40)), "x.avro", false)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 || !slices.Equal(got, want) {
		t.Errorf("%d values, want the %d of the same records without a codec", len(got), len(want))
	}
	// A damaged block is malformed, after the blocks before it.
	bad := bytes.Clone(data)
	bad[len(bad)/2] ^= 0xff
	got, err = collect(t, bad, "x.avro", false)
	var oe *ObjectError
	if !errors.As(err, &oe) || oe.Reason != ReasonMalformedFile || len(got) >= len(want) {
		t.Errorf("damaged bzip2 block: %d values, err %v; want fewer than %d and MALFORMED_FILE", len(got), err, len(want))
	}
}

func TestAvroBadInput(t *testing.T) {
	data := writeAvro(t, ocf.Deflate, avroRecords(40))
	for _, tc := range []struct {
		name    string
		data    []byte
		reason  string
		partial bool
	}{
		{"truncated", data[:len(data)-20], ReasonMalformedFile, true},
		{"header only", data[:6], ReasonMalformedFile, false},
		{"bad schema", append([]byte("Obj\x01\x02\x16avro.schema\x06{x}\x00"), make([]byte, 16)...), ReasonUnableToParse, false},
		// A block claiming 2^62 items of an array of nulls in 30 bytes.
		{"array bomb", append(append([]byte("Obj\x01\x02\x16avro.schema\x3a{\"type\":\"array\",\"items\":\"null\"}\x00"), make([]byte, 16)...),
			append([]byte{0x02, 0x14, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x00}, make([]byte, 16)...)...), ReasonMalformedFile, false},
		{"huge block", append(append([]byte("Obj\x01\x02\x16avro.schema\x0c\"string\"\x00"), make([]byte, 16)...), 0x02, 0xfe, 0xff, 0xff, 0xff, 0x0f), ReasonMalformedFile, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := collect(t, tc.data, "x.avro", false)
			var oe *ObjectError
			if !errors.As(err, &oe) || oe.Reason != tc.reason || (oe.Status == StatusPartial) != tc.partial {
				t.Fatalf("err = %v, want reason %s (partial %v)", err, tc.reason, tc.partial)
			}
		})
	}
}

func FuzzAvro(f *testing.F) {
	for _, codec := range []ocf.CodecName{ocf.Null, ocf.Deflate, ocf.Snappy, ocf.ZStandard} {
		data := writeAvro(f, codec, avroRecords(12))
		f.Add(data)
		f.Add(data[:len(data)/2])
		f.Add(data[:len(data)-17])
	}
	if data, err := os.ReadFile("testdata/avro-codecs/customers-bzip2.avro"); err == nil {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, lim := range []*limits{&small, &defaultLimits} {
			in := &input{br: newBufReader(bytes.NewReader(data)), size: -1, arch: newArchiveState(DefaultArchiveLimits)}
			var line int64
			err := decodeAvro(context.Background(), in, lim, func(ch *Chunk) error {
				if err := checkChunk(ch, &line); err != nil {
					t.Fatalf("chunk contract: %v", err)
				}
				return nil
			})
			var me *malformedError
			var oe *ObjectError
			if err != nil && !errors.As(err, &me) && !errors.As(err, &oe) {
				t.Fatalf("error is neither malformed nor an *ObjectError: %v", err)
			}
		}
	})
}

// rawOCF is an object container file of schema, codec null, with one
// block of count records encoded as data.
func rawOCF(schema string, count int64, data []byte) []byte {
	b := []byte("Obj\x01")
	b = binary.AppendVarint(b, 2)
	for _, kv := range [][2]string{{"avro.schema", schema}, {"avro.codec", "null"}} {
		b = binary.AppendVarint(b, int64(len(kv[0])))
		b = append(b, kv[0]...)
		b = binary.AppendVarint(b, int64(len(kv[1])))
		b = append(b, kv[1]...)
	}
	b = binary.AppendVarint(b, 0)
	sync := bytes.Repeat([]byte{0xa5}, 16)
	b = append(b, sync...)
	b = binary.AppendVarint(b, count)
	b = binary.AppendVarint(b, int64(len(data)))
	b = append(b, data...)
	return append(b, sync...)
}

// TestAvroZeroSizeValues: records and array items that take no bytes (an
// empty record, null) are valid in any number, which the bytes left
// cannot bound; a count of 2^60 of them is counted, not walked.
func TestAvroZeroSizeValues(t *testing.T) {
	const huge = 1 << 60
	for _, tc := range []struct {
		name, schema string
		count        int64
		data         []byte
		want         []string
	}{
		{"empty records", `{"type":"record","name":"E","fields":[]}`, huge, nil, nil},
		// One record: an array block of 2^60 nulls, the array's end, then
		// the string "abc".
		{"array of nulls", `{"type":"record","name":"R","fields":[{"name":"a","type":{"type":"array","items":"null"}},{"name":"s","type":"string"}]}`,
			1, append(binary.AppendVarint(binary.AppendVarint(nil, huge), 0), append(binary.AppendVarint(nil, 3), "abc"...)...), []string{"$.s abc"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			done := make(chan struct{})
			var got []located
			var err error
			go func() { got, err = collect(t, rawOCF(tc.schema, tc.count, tc.data), "z.avro", false); close(done) }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("still decoding after 10 s")
			}
			if err != nil {
				t.Fatal(err)
			}
			var vals []string
			for _, l := range got {
				vals = append(vals, l.path+" "+l.value)
			}
			if !slices.Equal(vals, tc.want) {
				t.Errorf("values %q, want %q", vals, tc.want)
			}
		})
	}
}
