package s3repo

import (
	"bytes"
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// BenchmarkWriterSSEKMS measures batching and compressing result lines into
// objects (the PUT goes to memory).
func BenchmarkWriterSSEKMS(b *testing.B) {
	line := bytes.Repeat([]byte(`{"k":"0123456789abcdef"},`), 20)
	line = append(append([]byte("["), line...), []byte(`{}]`)...)
	b.SetBytes(int64(len(line) + 1))
	b.ReportAllocs()
	mem := newMemS3()
	cfg := baseConfig("k")
	cfg.MaxRecords = 5000
	w, err := NewWriter(context.Background(), mem, nil, cfg)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := w.Write(context.Background(), line); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
}

// FuzzReaderObject feeds arbitrary stored bytes to the Reader as an SSE-KMS
// (not client-encrypted) result object: it must return lines or an error,
// never panic or hang.
func FuzzReaderObject(f *testing.F) {
	var gz bytes.Buffer
	w := newBatch()
	_, _ = w.gz.Write([]byte("{\"a\":1}\n{\"b\":2}\n"))
	_ = w.gz.Close()
	gz.Write(w.buf.Bytes())
	f.Add(gz.Bytes())
	f.Add([]byte{0x1f, 0x8b})
	f.Add([]byte("not gzip"))
	f.Fuzz(func(t *testing.T, body []byte) {
		mem := newMemS3()
		_, _ = mem.PutObject(context.Background(), &s3.PutObjectInput{Key: aws.String("r/x.jsonl.gz"), Body: bytes.NewReader(body)})
		r := NewReader(mem, failingKMS{}, "b", "r/", ReaderOptions{})
		_ = r.Lines(context.Background(), func(_ string, line []byte) error {
			if bytes.IndexByte(line, '\n') >= 0 {
				t.Fatal("a line holds a newline")
			}
			return nil
		})
	})
}
