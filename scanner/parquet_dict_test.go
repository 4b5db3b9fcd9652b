package scanner_test

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"testing"

	pq "github.com/parquet-go/parquet-go"

	"github.com/piiscan/piiscan/findings"
	"github.com/piiscan/piiscan/scanner"
)

type plainContact struct {
	Email   string   `parquet:"email"`
	SSN     *string  `parquet:"ssn,optional"`
	City    string   `parquet:"city"`
	Phones  []string `parquet:"phones,list"`
	Comment string   `parquet:"comment"`
}

type dictContact struct {
	Email   string   `parquet:"email,dict"`
	SSN     *string  `parquet:"ssn,optional,dict"`
	City    string   `parquet:"city,dict"`
	Phones  []string `parquet:"phones,list,dict"`
	Comment string   `parquet:"comment,dict"`
}

// TestParquetDictionaryFindings: the same rows, dictionary-encoded (as
// parquet-mr and pyarrow write them; with a dictionary that overflows into
// plain pages, too) or plain, give the same records: counts, listed
// occurrences, record indexes and paths. The scanner may report a
// dictionary value's matches once per row that uses it (Chunk.Uses)
// rather than scan it in every row; this holds it to the plain scan.
func TestParquetDictionaryFindings(t *testing.T) {
	ssns := []string{"078-05-1120", "123-45-6789", "219-09-9999"}
	plain := make([]plainContact, 3000)
	for i := range plain {
		c := &plain[i]
		c.Email = fmt.Sprintf("user%d@example.com", i%40)
		if i%3 != 0 {
			c.SSN = &ssns[i%len(ssns)]
		}
		c.City = []string{"Paris", "Lyon", "Austin"}[i%3]
		for k := range i % 3 {
			c.Phones = append(c.Phones, fmt.Sprintf("+1 202 555 01%02d", (i+k)%50))
		}
		c.Comment = fmt.Sprintf("card 4111 1111 1111 1111 for user%d@example.com", i%7)
		if i%11 == 0 {
			c.Comment = ""
		}
	}
	dict := make([]dictContact, len(plain))
	for i, c := range plain {
		dict[i] = dictContact(c)
	}
	write := func(rows any, opts ...pq.WriterOption) string {
		var buf bytes.Buffer
		var err error
		switch r := rows.(type) {
		case []plainContact:
			w := pq.NewGenericWriter[plainContact](&buf, opts...)
			if _, err = w.Write(r); err == nil {
				err = w.Close()
			}
		case []dictContact:
			w := pq.NewGenericWriter[dictContact](&buf, opts...)
			if _, err = w.Write(r); err == nil {
				err = w.Close()
			}
		}
		if err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	files := map[string]string{
		"plain.parquet":         write(plain, pq.PageBufferSize(2048)),
		"dict.parquet":          write(dict, pq.PageBufferSize(2048)),
		"dict-overflow.parquet": write(dict, pq.PageBufferSize(2048), pq.DictionaryMaxBytes(300)),
	}
	for _, maxOcc := range []int{0, 5, 1000, 1 << 20} {
		records := map[string]*findings.Record{}
		for name, data := range files {
			src := &memSource{}
			src.add(name, data)
			sink := &collectSink{}
			if err := scanner.Run(context.Background(), src, sink, findings.NewSummary(), scanner.Config{Engine: engine(t), Workers: 1, MaxOccurrences: maxOcc}); err != nil {
				t.Fatal(err)
			}
			if len(sink.records) != 1 {
				t.Fatalf("%s: %d records", name, len(sink.records))
			}
			records[name] = sink.records[0]
		}
		want := records["plain.parquet"].ClassificationDetails.Result
		if len(want.SensitiveData) == 0 || want.SensitiveData[0].TotalCount < int64(len(plain)) {
			t.Fatalf("plain file: %+v: the test checks too little", want.SensitiveData)
		}
		for _, name := range []string{"dict.parquet", "dict-overflow.parquet"} {
			got := records[name].ClassificationDetails.Result
			got.SizeClassified = want.SizeClassified
			if !reflect.DeepEqual(got.SensitiveData, want.SensitiveData) || got.AdditionalOccurrences != want.AdditionalOccurrences {
				t.Errorf("cap %d, %s: findings differ from the plain file's\ngot  %+v\nwant %+v", maxOcc, name, got.SensitiveData, want.SensitiveData)
			}
		}
	}
}
