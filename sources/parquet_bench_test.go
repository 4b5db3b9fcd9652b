package sources

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/hamba/avro/v2/ocf"
	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/snappy"
)

type benchPQRow struct {
	ID    int64  `parquet:"id" avro:"id"`
	Name  string `parquet:"name" avro:"name"`
	Email string `parquet:"email" avro:"email"`
	SSN   string `parquet:"ssn" avro:"ssn"`
	Card  int64  `parquet:"card" avro:"card"`
	Note  string `parquet:"note" avro:"note"`
}

const benchAvroSchema = `{"type":"record","name":"Row","fields":[
 {"name":"id","type":"long"},{"name":"name","type":"string"},{"name":"email","type":"string"},
 {"name":"ssn","type":"string"},{"name":"card","type":"long"},{"name":"note","type":"string"}]}`

// benchColumnar returns the same rows as Parquet (snappy, 64Ki-row row
// groups), as Avro (snappy) and as CSV, and the size of their column data
// (the values' text), about 8 MB.
func benchColumnar(b *testing.B) (pqData, avroData, csvData []byte, size int64) {
	var buf, av, csv bytes.Buffer
	w := pq.NewGenericWriter[benchPQRow](&buf, pq.Compression(&snappy.Codec{}), pq.MaxRowsPerRowGroup(64<<10))
	enc, err := ocf.NewEncoder(benchAvroSchema, &av, ocf.WithCodec(ocf.Snappy), ocf.WithBlockLength(1000))
	if err != nil {
		b.Fatal(err)
	}
	csv.WriteString("id,name,email,ssn,card,note\n")
	rows := make([]benchPQRow, 0, 1024)
	for i := 0; size < 8<<20; i++ {
		r := benchPQRow{ID: int64(i), Name: fmt.Sprintf("Name %d", i*7919%100000), Email: fmt.Sprintf("user%d@example.com", i),
			SSN: fmt.Sprintf("%03d-%02d-%04d", 100+i%600, 1+i%98, 1+i%9998), Card: 4000000000000000 + int64(i)*7919, Note: "request served in " + fmt.Sprint(i%1000) + " ms"}
		line := fmt.Sprintf("%d,%s,%s,%s,%d,%s\n", r.ID, r.Name, r.Email, r.SSN, r.Card, r.Note)
		csv.WriteString(line)
		size += int64(len(line) - 6)
		if err := enc.Encode(&r); err != nil {
			b.Fatal(err)
		}
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
	if err := enc.Close(); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes(), av.Bytes(), csv.Bytes(), size
}

// BenchmarkDecodeColumnar decodes the same rows as Parquet, Avro and CSV;
// SetBytes counts the column data, so MB/s compare like with like.
func BenchmarkDecodeColumnar(b *testing.B) {
	pqData, avroData, csvData, size := benchColumnar(b)
	for _, tc := range []struct {
		name string
		data []byte
	}{{"a.parquet", pqData}, {"a.avro", avroData}, {"a.csv", csvData}} {
		b.Run(tc.name, func(b *testing.B) { runColumnar(b, tc.name, tc.data, size) })
	}
}

func runColumnar(b *testing.B, name string, data []byte, size int64) {
	b.SetBytes(size)
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		if _, err := DecodeObject(context.Background(), bytes.NewReader(data), Object{Key: name, Size: int64(len(data))}, func(*Chunk) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start, int(size))
}

type benchNestedCard struct {
	Number string `parquet:"number" avro:"number"`
	Exp    string `parquet:"exp" avro:"exp"`
}

type benchNestedRow struct {
	ID    int64             `parquet:"id" avro:"id"`
	Email string            `parquet:"email" avro:"email"`
	Cards []benchNestedCard `parquet:"cards,list" avro:"cards"`
	Tags  []string          `parquet:"tags,list" avro:"tags"`
}

const benchNestedAvroSchema = `{"type":"record","name":"Row","fields":[
 {"name":"id","type":"long"},{"name":"email","type":"string"},
 {"name":"cards","type":{"type":"array","items":{"type":"record","name":"Card","fields":[
   {"name":"number","type":"string"},{"name":"exp","type":"string"}]}}},
 {"name":"tags","type":{"type":"array","items":"string"}}]}`

// BenchmarkDecodeColumnarNested decodes rows whose values are mostly under
// lists (so each has a concrete path with array indexes), as Parquet and
// as Avro; SetBytes counts the values' text.
func BenchmarkDecodeColumnarNested(b *testing.B) {
	var pqBuf, av bytes.Buffer
	w := pq.NewGenericWriter[benchNestedRow](&pqBuf, pq.Compression(&snappy.Codec{}), pq.MaxRowsPerRowGroup(64<<10))
	enc, err := ocf.NewEncoder(benchNestedAvroSchema, &av, ocf.WithCodec(ocf.Snappy), ocf.WithBlockLength(1000))
	if err != nil {
		b.Fatal(err)
	}
	var size int64
	rows := make([]benchNestedRow, 0, 1024)
	for i := 0; size < 8<<20; i++ {
		r := benchNestedRow{ID: int64(i), Email: fmt.Sprintf("user%d@example.com", i)}
		size += int64(len(fmt.Sprint(r.ID)) + len(r.Email))
		for c := 0; c < 1+i%4; c++ {
			card := benchNestedCard{Number: fmt.Sprintf("4111 1111 %04d %04d", i%10000, c), Exp: fmt.Sprintf("%02d/%02d", 1+c, 26+i%5)}
			r.Cards = append(r.Cards, card)
			size += int64(len(card.Number) + len(card.Exp))
		}
		for t := 0; t < i%3; t++ {
			tag := fmt.Sprintf("tag-%d", (i+t)%97)
			r.Tags = append(r.Tags, tag)
			size += int64(len(tag))
		}
		if err := enc.Encode(&r); err != nil {
			b.Fatal(err)
		}
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
	if err := enc.Close(); err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
	}{{"nested.parquet", pqBuf.Bytes()}, {"nested.avro", av.Bytes()}} {
		b.Run(tc.name, func(b *testing.B) { runColumnar(b, tc.name, tc.data, size) })
	}
}
