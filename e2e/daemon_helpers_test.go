package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/piiscan/piiscan/findings/s3repo"
)

// daemonEnv is a test's world: MinIO, the KMS server, fauxqs, a data
// bucket, a results bucket, a queue and its dead-letter queue.
type daemonEnv struct {
	*servers
	sqsEndpoint string
	sqs         *sqs.Client
	bin         string
	data        string // bucket of scanned objects
	results     string // bucket of results
	queue, dlq  string // queue URLs
}

const (
	daemonAccount = "111122223333"
	resultsPrefix = "repo"
)

var (
	daemonBinOnce sync.Once
	daemonBin     string
	daemonBinErr  error
)

// needDaemonEnv is needServers plus fauxqs; it builds the binary once.
func needDaemonEnv(t *testing.T) *daemonEnv {
	t.Helper()
	s := needServers(t)
	endpoint := os.Getenv("PIISCAN_TEST_SQS_ENDPOINT")
	if endpoint == "" {
		msg := "SQS test server not running (PIISCAN_TEST_SQS_ENDPOINT unset); run: scripts/with-test-servers.sh go test ./e2e/"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	daemonBinOnce.Do(func() {
		dir, err := os.MkdirTemp("", "piiscan-daemon-e2e")
		if err != nil {
			daemonBinErr = err
			return
		}
		daemonBin = filepath.Join(dir, "piiscan")
		if out, err := exec.Command("go", "build", "-o", daemonBin, "../cmd/piiscan").CombinedOutput(); err != nil {
			daemonBinErr = fmt.Errorf("build piiscan: %v\n%s", err, out)
		}
	})
	if daemonBinErr != nil {
		t.Fatal(daemonBinErr)
	}
	e := &daemonEnv{servers: s, sqsEndpoint: endpoint, bin: daemonBin}
	e.sqs = sqs.NewFromConfig(s.clients.Config, func(o *sqs.Options) {
		o.BaseEndpoint = aws.String(endpoint)
		o.Region = "us-east-1"
	})
	e.data, e.results = s.newBucket(t), s.newBucket(t)
	name := strings.ToLower(strings.NewReplacer("/", "-", "_", "-").Replace(t.Name()))
	e.dlq = e.newQueue(t, name+"-dlq")
	e.queue = e.newQueue(t, name)
	return e
}

func (e *daemonEnv) newQueue(t *testing.T, name string) string {
	t.Helper()
	out, err := e.sqs.CreateQueue(context.Background(), &sqs.CreateQueueInput{QueueName: aws.String(name)})
	if err != nil {
		t.Fatalf("create queue %s: %v", name, err)
	}
	return aws.ToString(out.QueueUrl)
}

// config writes a daemon configuration file; extra lines go under queue:.
func (e *daemonEnv) config(t *testing.T, queueExtra string) string {
	t.Helper()
	return e.configDrain(t, queueExtra, "20s")
}

// configDrain is config with a shutdownTimeout.
func (e *daemonEnv) configDrain(t *testing.T, queueExtra, shutdownTimeout string) string {
	t.Helper()
	cfg := fmt.Sprintf(`# written by %s
log:
  level: info
aws:
  region: us-east-1
  s3EndpointUrl: %s
  kmsEndpointUrl: %s
  sqsEndpointUrl: %s
results:
  url: s3://%s/%s
  kmsKeyId: %s
  accountId: "%s"
queue:
  url: %s
  deadLetterQueueUrl: %s
  waitTime: 1s
%s
shutdownTimeout: %s
`, t.Name(), e.s3Endpoint, e.kmsEndpoint, e.sqsEndpoint, e.results, resultsPrefix, e.minioKMSKey, daemonAccount, e.queue, e.dlq, queueExtra, shutdownTimeout)
	path := filepath.Join(t.TempDir(), "daemon.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// daemonProc is a running `piiscan daemon`.
type daemonProc struct {
	t    *testing.T
	cmd  *exec.Cmd
	addr string
	done chan struct{}
	mu   sync.Mutex
	logs bytes.Buffer
	err  error // from Wait
}

// startDaemon starts the daemon and waits until it serves HTTP.
func (e *daemonEnv) startDaemon(t *testing.T, config string, args ...string) *daemonProc {
	t.Helper()
	cmd := exec.Command(e.bin, append([]string{"daemon", "--config", config, "--listen", "127.0.0.1:0"}, args...)...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &daemonProc{t: t, cmd: cmd, done: make(chan struct{})}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := sc.Bytes()
			p.mu.Lock()
			p.logs.Write(line)
			p.logs.WriteByte('\n')
			p.mu.Unlock()
			var entry struct {
				Msg    string `json:"msg"`
				Listen string `json:"listen"`
			}
			if json.Unmarshal(line, &entry) == nil && entry.Msg == "daemon started" {
				addr <- entry.Listen
			}
		}
		_, _ = io.Copy(io.Discard, stderr)
		p.err = cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			_ = cmd.Process.Kill()
			<-p.done
		}
		if t.Failed() {
			t.Logf("daemon %d log:\n%s", cmd.Process.Pid, p.log())
		}
	})
	select {
	case p.addr = <-addr:
	case <-p.done:
		t.Fatalf("daemon exited before serving: %v\n%s", p.err, p.log())
	case <-time.After(30 * time.Second):
		t.Fatalf("daemon did not start in 30 s:\n%s", p.log())
	}
	return p
}

func (p *daemonProc) log() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.logs.String()
}

// logCount counts log lines with this msg.
func (p *daemonProc) logCount(msg string) int {
	return strings.Count(p.log(), `"msg":"`+msg+`"`)
}

func (p *daemonProc) get(path string) (int, string) {
	p.t.Helper()
	resp, err := http.Get("http://" + p.addr + path)
	if err != nil {
		p.t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// metrics scrapes /metrics into series -> value; a series is written as
// the exposition format writes it (labels sorted).
func (p *daemonProc) metrics() map[string]float64 {
	p.t.Helper()
	code, body := p.get("/metrics")
	if code != http.StatusOK {
		p.t.Fatalf("/metrics: %d", code)
	}
	return parseMetrics(body)
}

func parseMetrics(body string) map[string]float64 {
	m := map[string]float64{}
	for line := range strings.Lines(body) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		if i < 0 {
			continue
		}
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err == nil {
			m[line[:i]] = v
		}
	}
	return m
}

// waitMetric polls /metrics until cond holds.
func (p *daemonProc) waitMetric(timeout time.Duration, what string, cond func(map[string]float64) bool) map[string]float64 {
	p.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		m := p.metrics()
		if cond(m) {
			return m
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("timed out after %s waiting for %s; metrics:\n%s", timeout, what, piiscanMetrics(m))
		}
		select {
		case <-p.done:
			p.t.Fatalf("daemon exited while waiting for %s: %v", what, p.err)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func piiscanMetrics(m map[string]float64) string {
	var b strings.Builder
	for k, v := range m {
		if strings.HasPrefix(k, "piiscan_") && !strings.Contains(k, "_bucket{") {
			fmt.Fprintf(&b, "  %s %g\n", k, v)
		}
	}
	return b.String()
}

// signal sends sig and waits for the exit; it returns the exit code.
func (p *daemonProc) stop(sig syscall.Signal, timeout time.Duration) int {
	p.t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		p.t.Fatal(err)
	}
	select {
	case <-p.done:
	case <-time.After(timeout):
		p.t.Fatalf("daemon did not exit %s after %v", timeout, sig)
	}
	return p.cmd.ProcessState.ExitCode()
}

// s3Event is the message S3 sends to SQS for a PUT, key URL-encoded as S3
// encodes it.
func s3Event(bucket, key, etag string, size int) string {
	return fmt.Sprintf(`{"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1","eventTime":"%s","eventName":"ObjectCreated:Put","userIdentity":{"principalId":"AWS:X"},"requestParameters":{"sourceIPAddress":"127.0.0.1"},"responseElements":{"x-amz-request-id":"R","x-amz-id-2":"H"},"s3":{"s3SchemaVersion":"1.0","configurationId":"piiscan","bucket":{"name":"%s","ownerIdentity":{"principalId":"X"},"arn":"arn:aws:s3:::%s"},"object":{"key":"%s","size":%d,"eTag":"%s","sequencer":"0055AED6DCD90281E5"}}}]}`,
		time.Now().UTC().Format("2006-01-02T15:04:05.000Z"), bucket, bucket, url.QueryEscape(key), size, strings.Trim(etag, `"`))
}

func snsEnvelope(inner string) string {
	msg, _ := json.Marshal(inner)
	return `{"Type":"Notification","MessageId":"m","TopicArn":"arn:aws:sns:us-east-1:111122223333:uploads","Subject":"Amazon S3 Notification","Message":` + string(msg) + `,"Timestamp":"2026-11-22T10:00:00.000Z","SignatureVersion":"1"}`
}

func eventBridgeEvent(bucket, key, etag string, size int) string {
	k, _ := json.Marshal(key)
	return fmt.Sprintf(`{"version":"0","id":"e","detail-type":"Object Created","source":"aws.s3","account":"111122223333","time":"2026-11-22T10:00:00Z","region":"us-east-1","resources":["arn:aws:s3:::%s"],"detail":{"version":"0","bucket":{"name":"%s"},"object":{"key":%s,"size":%d,"etag":"%s","sequencer":"00617F08299329D189"},"request-id":"R","requester":"111122223333","reason":"PutObject"}}`,
		bucket, bucket, k, size, strings.Trim(etag, `"`))
}

// send enqueues bodies, ten per SendMessageBatch.
func (e *daemonEnv) send(t *testing.T, queue string, bodies []string) {
	t.Helper()
	for start := 0; start < len(bodies); start += 10 {
		var entries []sqstypes.SendMessageBatchRequestEntry
		for i, b := range bodies[start:min(start+10, len(bodies))] {
			entries = append(entries, sqstypes.SendMessageBatchRequestEntry{Id: aws.String(strconv.Itoa(i)), MessageBody: aws.String(b)})
		}
		out, err := e.sqs.SendMessageBatch(context.Background(), &sqs.SendMessageBatchInput{QueueUrl: aws.String(queue), Entries: entries})
		if err != nil {
			t.Fatalf("send messages: %v", err)
		}
		if len(out.Failed) > 0 {
			t.Fatalf("send messages: %d failed: %s", len(out.Failed), aws.ToString(out.Failed[0].Message))
		}
	}
}

// queueDepth returns the visible and in-flight message counts.
func (e *daemonEnv) queueDepth(t *testing.T, queue string) (visible, inFlight int) {
	t.Helper()
	out, err := e.sqs.GetQueueAttributes(context.Background(), &sqs.GetQueueAttributesInput{
		QueueUrl: aws.String(queue),
		AttributeNames: []sqstypes.QueueAttributeName{
			sqstypes.QueueAttributeNameApproximateNumberOfMessages, sqstypes.QueueAttributeNameApproximateNumberOfMessagesNotVisible,
		},
	})
	if err != nil {
		t.Fatalf("queue attributes: %v", err)
	}
	visible, _ = strconv.Atoi(out.Attributes[string(sqstypes.QueueAttributeNameApproximateNumberOfMessages)])
	inFlight, _ = strconv.Atoi(out.Attributes[string(sqstypes.QueueAttributeNameApproximateNumberOfMessagesNotVisible)])
	return visible, inFlight
}

// putObjects puts n objects and returns key -> ETag and key -> size.
// Even-numbered objects hold two email addresses; odd ones nothing.
func (e *daemonEnv) putObjects(t *testing.T, n int, key func(int) string, size int) (map[string]string, map[string]int) {
	t.Helper()
	etags, sizes := map[string]string{}, map[string]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i := range n {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			data := objectData(i, size)
			out, err := e.clients.S3.PutObject(context.Background(), &s3.PutObjectInput{
				Bucket: aws.String(e.data), Key: aws.String(key(i)), Body: bytes.NewReader(data),
			})
			if err != nil {
				t.Errorf("put %s: %v", key(i), err)
				return
			}
			mu.Lock()
			etags[key(i)], sizes[key(i)] = aws.ToString(out.ETag), len(data)
			mu.Unlock()
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	return etags, sizes
}

func objectData(i, size int) []byte {
	var b bytes.Buffer
	b.WriteString("id,name,email,note\n")
	for row := 0; b.Len() < size; row++ {
		if i%2 == 0 && row < 2 {
			fmt.Fprintf(&b, "%d,person %d,person.%d.%d@example.com,customer\n", row, row, i, row)
		} else {
			fmt.Fprintf(&b, "%d,item %d,,nothing to see in row %d\n", row, row, row)
		}
	}
	return b.Bytes()
}

// resultRecord is what the tests read back from a results record.
type resultRecord struct {
	ID                    string `json:"id"`
	ClassificationDetails struct {
		JobID  string `json:"jobId"`
		Result struct {
			Status struct {
				Code   string `json:"code"`
				Reason string `json:"reason"`
			} `json:"status"`
		} `json:"result"`
	} `json:"classificationDetails"`
	ResourcesAffected struct {
		S3Object struct {
			Key  string `json:"key"`
			ETag string `json:"eTag"`
		} `json:"s3Object"`
	} `json:"resourcesAffected"`
}

// readResults returns every record in the results bucket, and the number
// of results objects.
func (e *daemonEnv) readResults(t *testing.T) ([]resultRecord, int) {
	t.Helper()
	r := s3repo.NewReader(e.clients.S3, e.clients.KMS, e.results, resultsPrefix+"/", s3repo.ReaderOptions{})
	var recs []resultRecord
	objects := map[string]bool{}
	err := r.Lines(context.Background(), func(key string, line []byte) error {
		objects[key] = true
		var rec resultRecord
		if err := json.Unmarshal(line, &rec); err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
		recs = append(recs, rec)
		return nil
	})
	if err != nil {
		t.Fatalf("read results: %v", err)
	}
	return recs, len(objects)
}

// checkExactlyOnce checks one record per key in want, no other record, and
// unique record IDs.
func checkExactlyOnce(t *testing.T, recs []resultRecord, want map[string]string) {
	t.Helper()
	seen := map[string]int{}
	ids := map[string]bool{}
	for _, r := range recs {
		k := r.ResourcesAffected.S3Object.Key
		seen[k]++
		if _, ok := want[k]; !ok {
			t.Errorf("record for unexpected key %q", k)
		}
		if ids[r.ID] {
			t.Errorf("record id %s twice", r.ID)
		}
		ids[r.ID] = true
		if got := r.ResourcesAffected.S3Object.ETag; got != strings.Trim(want[k], `"`) {
			t.Errorf("%s: eTag %q, want %q", k, got, want[k])
		}
	}
	missing, dup := 0, 0
	for k := range want {
		switch n := seen[k]; {
		case n == 0:
			missing++
		case n > 1:
			dup++
			t.Errorf("%s: %d records", k, n)
		}
	}
	if missing > 0 || dup > 0 {
		t.Fatalf("%d keys without a record, %d with more than one (of %d)", missing, dup, len(want))
	}
}

// waitResults polls the results bucket until n results objects exist.
func (e *daemonEnv) waitResults(t *testing.T, n int, timeout time.Duration) []resultRecord {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		recs, objects := e.readResults(t)
		if objects >= n {
			return recs
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out: %d results objects of %d after %s", objects, n, timeout)
		}
		time.Sleep(250 * time.Millisecond)
	}
}
