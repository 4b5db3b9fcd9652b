package sources

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/snappy"
)

type benchPQRow struct {
	ID    int64  `parquet:"id"`
	Name  string `parquet:"name"`
	Email string `parquet:"email"`
	SSN   string `parquet:"ssn"`
	Card  int64  `parquet:"card"`
	Note  string `parquet:"note"`
}

// benchColumnar returns the same rows as Parquet (snappy, 64Ki-row row
// groups) and as CSV, and the size of their column data (the values'
// text), about 8 MB.
func benchColumnar(b *testing.B) (pqData, csvData []byte, size int64) {
	var buf, csv bytes.Buffer
	w := pq.NewGenericWriter[benchPQRow](&buf, pq.Compression(&snappy.Codec{}), pq.MaxRowsPerRowGroup(64<<10))
	csv.WriteString("id,name,email,ssn,card,note\n")
	rows := make([]benchPQRow, 0, 1024)
	for i := 0; size < 8<<20; i++ {
		r := benchPQRow{ID: int64(i), Name: fmt.Sprintf("Name %d", i*7919%100000), Email: fmt.Sprintf("user%d@example.com", i),
			SSN: fmt.Sprintf("%03d-%02d-%04d", 100+i%600, 1+i%98, 1+i%9998), Card: 4000000000000000 + int64(i)*7919, Note: "request served in " + fmt.Sprint(i%1000) + " ms"}
		line := fmt.Sprintf("%d,%s,%s,%s,%d,%s\n", r.ID, r.Name, r.Email, r.SSN, r.Card, r.Note)
		csv.WriteString(line)
		size += int64(len(line) - 6)
		rows = append(rows, r)
		if len(rows) == cap(rows) {
			w.Write(rows)
			rows = rows[:0]
		}
	}
	w.Write(rows)
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes(), csv.Bytes(), size
}

// BenchmarkDecodeColumnar decodes the same rows as Parquet and as CSV;
// SetBytes counts the column data, so MB/s compare like with like.
func BenchmarkDecodeColumnar(b *testing.B) {
	pqData, csvData, size := benchColumnar(b)
	for _, tc := range []struct {
		name string
		data []byte
	}{{"a.parquet", pqData}, {"a.csv", csvData}} {
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			start := cpuTime()
			for b.Loop() {
				if _, err := DecodeObject(context.Background(), bytes.NewReader(tc.data), Object{Key: tc.name, Size: int64(len(tc.data))}, func(*Chunk) error { return nil }); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, start, int(size))
		})
	}
}
