package daemon

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/piiscan/piiscan/detectors"
	"github.com/piiscan/piiscan/findings"
	"github.com/piiscan/piiscan/sources/s3source"
)

func BenchmarkParseMessage(b *testing.B) {
	for name, body := range map[string]string{"s3": s3Put, "sns": snsWrap(b, s3Put), "eventbridge": eventBridge} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				if _, err := ParseMessage([]byte(body)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// memObjects serves GetObject from memory: the benchmark measures the
// daemon's own cost per event (scanner set-up, detection, records, gzip),
// not the network's.
type memObjects struct {
	s3source.API
	data []byte
}

func (m memObjects) GetObject(context.Context, *s3.GetObjectInput, ...func(*s3.Options)) (*s3.GetObjectOutput, error) {
	return &s3.GetObjectOutput{Body: io.NopCloser(bytes.NewReader(m.data)), ContentLength: aws.Int64(int64(len(m.data)))}, nil
}

type discardPut struct{}

func (discardPut) PutObject(_ context.Context, in *s3.PutObjectInput, _ ...func(*s3.Options)) (*s3.PutObjectOutput, error) {
	_, _ = io.Copy(io.Discard, in.Body)
	return &s3.PutObjectOutput{}, nil
}

// BenchmarkEventScan is the per-object path of an event: one small CSV
// with a few email addresses, scanned and its record stored.
func BenchmarkEventScan(b *testing.B) {
	engine, err := detectors.Compile(detectors.Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, size := range []int{4 << 10, 1 << 20} {
		var data bytes.Buffer
		data.WriteString("id,name,email,note\n")
		for i := 0; data.Len() < size; i++ {
			if i%50 == 0 {
				fmt.Fprintf(&data, "%d,person %d,person.%d@example.com,customer\n", i, i, i)
			} else {
				fmt.Fprintf(&data, "%d,item %d,,nothing to see in row %d\n", i, i, i)
			}
		}
		objects := memObjects{data: data.Bytes()}
		es := &EventScanner{
			Client: func(context.Context, string) (s3source.API, error) { return objects, nil },
			Engine: engine, Job: findings.JobInfo{JobID: "bench"}, Metrics: NewMetrics("bench"),
			Results: &ResultsStore{S3: discardPut{}, Bucket: "r", Dir: "d/", KMSKeyID: "k"},
			Logger:  slog.New(slog.DiscardHandler),
		}
		ev := ObjectEvent{Bucket: "b", Key: "in/data.csv", Size: int64(data.Len()), ETag: "e"}
		b.Run(fmt.Sprintf("%dKiB", size>>10), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(data.Len()))
			for b.Loop() {
				if err := es.Scan(context.Background(), ev); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
