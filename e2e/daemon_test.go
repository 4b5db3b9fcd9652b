package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

const (
	deletedScanned = `piiscan_queue_messages_deleted_total{outcome="scanned"}`
	eventComplete  = `piiscan_scanned_objects_total{source="event",status="COMPLETE"}`
)

// TestDaemonScansEvents: 200 objects put, their events enqueued (plain S3,
// SNS-wrapped and EventBridge shapes, keys needing URL-decoding), plus an
// s3:TestEvent: 200 results, one per object, and metrics that add up.
func TestDaemonScansEvents(t *testing.T) {
	e := needDaemonEnv(t)
	const n = 200
	key := func(i int) string { return fmt.Sprintf("incoming/batch %d/file+%03d é.csv", i%7, i) }
	etags, sizes := e.putObjects(t, n, key, 600)
	bodies := []string{`{"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-11-22T10:00:00.000Z","Bucket":"` + e.data + `"}`}
	totalBytes := 0
	for i := range n {
		k := key(i)
		totalBytes += sizes[k]
		switch i % 8 {
		case 6:
			bodies = append(bodies, snsEnvelope(s3Event(e.data, k, etags[k], sizes[k])))
		case 7:
			bodies = append(bodies, eventBridgeEvent(e.data, k, etags[k], sizes[k]))
		default:
			bodies = append(bodies, s3Event(e.data, k, etags[k], sizes[k]))
		}
	}
	e.send(t, e.queue, bodies)

	d := e.startDaemon(t, e.config(t, "  maxInFlight: 8"))
	m := d.waitMetric(90*time.Second, "200 messages scanned and deleted", func(m map[string]float64) bool {
		return m[deletedScanned] >= n && m[`piiscan_queue_messages_deleted_total{outcome="test_event"}`] >= 1
	})

	recs, objects := e.readResults(t)
	if objects != n {
		t.Errorf("%d results objects, want %d", objects, n)
	}
	checkExactlyOnce(t, recs, etags)
	for _, r := range recs {
		if r.ClassificationDetails.Result.Status.Code != "COMPLETE" || r.ClassificationDetails.JobID != "piiscan-events" {
			t.Errorf("%s: status %+v job %q", r.ResourcesAffected.S3Object.Key, r.ClassificationDetails.Result.Status, r.ClassificationDetails.JobID)
		}
	}

	want := map[string]float64{
		deletedScanned: n,
		`piiscan_queue_messages_deleted_total{outcome="test_event"}`:     1,
		`piiscan_queue_messages_received_total`:                          n + 1,
		eventComplete:                                                    n,
		`piiscan_scanned_bytes_total{source="event"}`:                    float64(totalBytes),
		`piiscan_findings_total{severity="Low",type="EMAIL_ADDRESS"}`:    n, // 2 in each of n/2 objects
		`piiscan_results_objects_written_total`:                          n,
		`piiscan_object_scan_duration_seconds_count{source="event"}`:     n,
		`piiscan_inflight_objects`:                                       0,
		`piiscan_queue_inflight_messages`:                                0,
		`piiscan_queue_messages_failed_total{reason="scan_error"}`:       0,
		`piiscan_queue_messages_failed_total{reason="results_write"}`:    0,
		`piiscan_queue_messages_dead_lettered_total{reason="malformed"}`: 0,
	}
	for series, v := range want {
		if got, ok := m[series]; !ok || got != v {
			t.Errorf("%s = %v (present %v), want %v", series, got, ok, v)
		}
	}
	for series := range m {
		if strings.Contains(series, e.data) || strings.Contains(series, "incoming") || strings.Contains(series, "example.com") {
			t.Errorf("a metric names a bucket, key or value: %s", series)
		}
	}
	if visible, inFlight := e.queueDepth(t, e.queue); visible+inFlight != 0 {
		t.Errorf("queue holds %d visible + %d in-flight messages after the run", visible, inFlight)
	}
	checkPromtool(t, d)

	if code, body := d.get("/healthz"); code != 200 {
		t.Errorf("/healthz: %d %s", code, body)
	}
	if code, body := d.get("/readyz"); code != 200 || !strings.Contains(body, `"sqs":"ok"`) || !strings.Contains(body, `"s3":"ok"`) || !strings.Contains(body, `"kms":"ok"`) {
		t.Errorf("/readyz: %d %s", code, body)
	}
	if code := d.stop(syscall.SIGTERM, 30*time.Second); code != 0 {
		t.Errorf("exit %d after SIGTERM, want 0", code)
	}
	if strings.Contains(d.log(), "example.com") {
		t.Error("the log contains a matched value")
	}
}

// checkPromtool runs `promtool check metrics` on a scrape when promtool is
// installed (Debian's prometheus package; scripts/install-test-servers.sh
// installs it when it can). The daemon package's unit test lints the same
// names in-process with client_golang's promlint, promtool's own linter.
func checkPromtool(t *testing.T, d *daemonProc) {
	t.Helper()
	promtool, err := exec.LookPath("promtool")
	if err != nil {
		t.Log("promtool not installed: metrics linted by the daemon package's promlint test only")
		return
	}
	_, body := d.get("/metrics")
	cmd := exec.Command(promtool, "check", "metrics")
	cmd.Stdin = strings.NewReader(body)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("promtool check metrics: %v\n%s", err, out)
	}
}

// TestDaemonKilledPeerFinishes: a daemon killed with SIGKILL mid-batch
// leaves its in-flight messages invisible; when their visibility timeout
// runs out a second daemon scans them. Every object ends with exactly one
// record, including those the first daemon stored but had not deleted.
func TestDaemonKilledPeerFinishes(t *testing.T) {
	e := needDaemonEnv(t)
	const n = 80
	key := func(i int) string { return fmt.Sprintf("kill/%03d.csv", i) }
	etags, sizes := e.putObjects(t, n, key, 64<<10)
	var bodies []string
	for i := range n {
		bodies = append(bodies, s3Event(e.data, key(i), etags[key(i)], sizes[key(i)]))
	}
	e.send(t, e.queue, bodies)
	cfg := e.config(t, "  maxInFlight: 4\n  visibilityTimeout: 4s")

	first := e.startDaemon(t, cfg)
	first.waitMetric(60*time.Second, "a quarter scanned", func(m map[string]float64) bool {
		return m[deletedScanned] >= n/4 && m[`piiscan_queue_inflight_messages`] > 0
	})
	if code := first.stop(syscall.SIGKILL, 10*time.Second); code != -1 {
		t.Fatalf("exit code %d after SIGKILL", code)
	}
	if _, inFlight := e.queueDepth(t, e.queue); inFlight == 0 {
		t.Log("no message in flight at the kill (a race with the scans); the test still checks the outcome")
	}

	second := e.startDaemon(t, cfg)
	second.waitMetric(90*time.Second, "the queue emptied", func(m map[string]float64) bool {
		visible, inFlight := e.queueDepth(t, e.queue)
		return visible+inFlight == 0 && m[`piiscan_queue_inflight_messages`] == 0
	})
	recs := e.waitResults(t, n, 10*time.Second)
	checkExactlyOnce(t, recs, etags)
	if code := second.stop(syscall.SIGTERM, 30*time.Second); code != 0 {
		t.Errorf("exit %d after SIGTERM", code)
	}
}

// TestDaemonSIGTERMDrains: on SIGTERM a daemon stops receiving and finishes
// what it holds (exit 0, nothing left in flight); with a drain deadline too
// short to finish, it releases the rest (visibility 0), so a peer takes
// them at once rather than after the 60 s visibility timeout.
func TestDaemonSIGTERMDrains(t *testing.T) {
	e := needDaemonEnv(t)
	const n = 16
	key := func(i int) string { return fmt.Sprintf("drain/%03d.csv", i) }
	// Objects big enough that a scan in flight at SIGTERM is still running
	// a millisecond later (phase 2): with 6 MiB ones, faster scans made
	// that race lost one CI dry run in a few.
	etags, sizes := e.putObjects(t, n, key, 12<<20)
	var bodies []string
	for i := range n {
		bodies = append(bodies, s3Event(e.data, key(i), etags[key(i)], sizes[key(i)]))
	}
	e.send(t, e.queue, bodies)

	// 1. Drain with time to finish: what was received is scanned and deleted.
	d := e.startDaemon(t, e.config(t, "  maxInFlight: 2\n  visibilityTimeout: 60s"))
	d.waitMetric(60*time.Second, "objects in flight", func(m map[string]float64) bool {
		return m[`piiscan_inflight_objects`] > 0
	})
	if code := d.stop(syscall.SIGTERM, 30*time.Second); code != 0 {
		t.Fatalf("exit %d after SIGTERM, want 0", code)
	}
	if !strings.Contains(d.log(), `"msg":"draining: no more messages received"`) {
		t.Error("no drain logged")
	}
	// A message that the poll in flight at SIGTERM brings is released
	// ("message received at shutdown released for a peer"), and that is
	// right; a scan in hand is not, with time to finish it.
	if d.logCount("message released for a peer") != 0 {
		t.Error("scans released although the drain had time to finish them")
	}
	if _, inFlight := e.queueDepth(t, e.queue); inFlight != 0 {
		t.Fatalf("%d messages left in flight by a drained daemon", inFlight)
	}
	recs, _ := e.readResults(t)
	done := len(recs)
	if done == 0 || done == n {
		t.Fatalf("%d of %d done after the first drain; want some but not all", done, n)
	}

	// 2. A drain deadline too short to finish: in-flight scans are
	// cancelled and their messages released, so a peer takes them at once
	// rather than after the 60 s visibility timeout.
	// SIGTERM can land between two scans, with nothing in hand to release,
	// or the scans in hand can finish within the millisecond: then the
	// drain deadline is not reached, the scenario did not happen, and it is
	// tried again (the queue still holds most objects).
	shortCfg := e.configDrain(t, "  maxInFlight: 2\n  visibilityTimeout: 60s", "1ms")
	for attempt := 1; ; attempt++ {
		short := e.startDaemon(t, shortCfg)
		short.waitMetric(60*time.Second, "objects in flight", func(m map[string]float64) bool {
			return m[`piiscan_inflight_objects`] > 0
		})
		if code := short.stop(syscall.SIGTERM, 30*time.Second); code != 0 {
			t.Fatalf("exit %d after SIGTERM, want 0", code)
		}
		if short.logCount("message released for a peer") > 0 {
			break
		}
		if short.logCount("drain deadline reached: releasing the messages still in flight") > 0 || attempt == 3 {
			t.Fatalf("no message released at a 1 ms drain deadline; log:\n%s", short.log())
		}
	}
	start := time.Now()
	peer := e.startDaemon(t, e.config(t, "  maxInFlight: 4\n  visibilityTimeout: 60s"))
	peer.waitMetric(45*time.Second, "the queue emptied", func(map[string]float64) bool {
		visible, inFlight := e.queueDepth(t, e.queue)
		return visible+inFlight == 0
	})
	if elapsed := time.Since(start); elapsed > 40*time.Second {
		t.Errorf("the peer took %s: released messages were not visible at once", elapsed)
	}
	recs = e.waitResults(t, n, 10*time.Second)
	checkExactlyOnce(t, recs, etags)
	if code := peer.stop(syscall.SIGTERM, 30*time.Second); code != 0 {
		t.Errorf("exit %d after SIGTERM", code)
	}
}

// TestDaemonPoisonMessages: a message that is not an S3 event goes to the
// dead-letter queue at once; a message received more than maxReceives
// times goes there before it is processed again; neither is retried
// forever, and both carry the reason.
func TestDaemonPoisonMessages(t *testing.T) {
	e := needDaemonEnv(t)
	etags, sizes := e.putObjects(t, 1, func(int) string { return "poison/ok.csv" }, 100)
	poisoned := s3Event(e.data, "poison/ok.csv", etags["poison/ok.csv"], sizes["poison/ok.csv"])
	e.send(t, e.queue, []string{"this is not an S3 event"})
	e.send(t, e.queue, []string{poisoned})
	// Receive the event three times, as crashed consumers would have.
	for range 3 {
		out, err := e.sqs.ReceiveMessage(context.Background(), &sqs.ReceiveMessageInput{
			QueueUrl: aws.String(e.queue), MaxNumberOfMessages: 10, VisibilityTimeout: 0, WaitTimeSeconds: 1,
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range out.Messages {
			if _, err := e.sqs.ChangeMessageVisibility(context.Background(), &sqs.ChangeMessageVisibilityInput{
				QueueUrl: aws.String(e.queue), ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0,
			}); err != nil {
				t.Fatal(err)
			}
		}
	}
	d := e.startDaemon(t, e.config(t, "  maxReceives: 2"))
	m := d.waitMetric(30*time.Second, "two dead letters", func(m map[string]float64) bool {
		return m[`piiscan_queue_messages_deleted_total{outcome="dead_lettered"}`] >= 2
	})
	for _, series := range []string{`piiscan_queue_messages_dead_lettered_total{reason="malformed"}`, `piiscan_queue_messages_dead_lettered_total{reason="max_receives"}`} {
		if m[series] != 1 {
			t.Errorf("%s = %v, want 1", series, m[series])
		}
	}
	if m[deletedScanned] != 0 {
		t.Errorf("%s = %v: a poison message was scanned", deletedScanned, m[deletedScanned])
	}
	out, err := e.sqs.ReceiveMessage(context.Background(), &sqs.ReceiveMessageInput{
		QueueUrl: aws.String(e.dlq), MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageAttributeNames: []string{"All"},
	})
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[string]string{}
	for _, msg := range out.Messages {
		reasons[aws.ToString(msg.Body)] = aws.ToString(msg.MessageAttributes["piiscan-dead-letter-reason"].StringValue)
	}
	if r := reasons["this is not an S3 event"]; !strings.HasPrefix(r, "malformed:") {
		t.Errorf("malformed message in the DLQ with reason %q (DLQ: %v)", r, reasons)
	}
	if r := reasons[poisoned]; !strings.HasPrefix(r, "max_receives:") {
		t.Errorf("over-received message in the DLQ with reason %q", r)
	}
	if visible, inFlight := e.queueDepth(t, e.queue); visible+inFlight != 0 {
		t.Errorf("queue still holds %d + %d messages", visible, inFlight)
	}
	d.stop(syscall.SIGTERM, 30*time.Second)
}

// TestDaemonsShareQueue: two daemons on one queue split the work; every
// object gets exactly one record.
func TestDaemonsShareQueue(t *testing.T) {
	e := needDaemonEnv(t)
	const n = 120
	key := func(i int) string { return fmt.Sprintf("shared/%03d.csv", i) }
	etags, sizes := e.putObjects(t, n, key, 16<<10)
	cfg := e.config(t, "  maxInFlight: 3")
	a, b := e.startDaemon(t, cfg), e.startDaemon(t, cfg)
	var bodies []string
	for i := range n {
		bodies = append(bodies, s3Event(e.data, key(i), etags[key(i)], sizes[key(i)]))
	}
	e.send(t, e.queue, bodies)
	var ma, mb map[string]float64
	deadline := time.Now().Add(90 * time.Second)
	for {
		ma, mb = a.metrics(), b.metrics()
		if ma[deletedScanned]+mb[deletedScanned] >= n {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out: %v + %v of %d", ma[deletedScanned], mb[deletedScanned], n)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if ma[deletedScanned] == 0 || mb[deletedScanned] == 0 {
		t.Errorf("one daemon did all the work: %v and %v", ma[deletedScanned], mb[deletedScanned])
	}
	if total := ma[deletedScanned] + mb[deletedScanned]; total != n {
		t.Errorf("%v messages scanned and deleted, want %d", total, n)
	}
	recs := e.waitResults(t, n, 10*time.Second)
	checkExactlyOnce(t, recs, etags)
	for _, d := range []*daemonProc{a, b} {
		if code := d.stop(syscall.SIGTERM, 30*time.Second); code != 0 {
			t.Errorf("exit %d after SIGTERM", code)
		}
	}
}

// TestDaemonClientEncryptedResults: with results.encryption client, each
// event's results object is sealed on the daemon's side under a data key
// from the KMS server (no SSE on the object, envelope metadata instead),
// and the results repository's reader opens every one of them.
func TestDaemonClientEncryptedResults(t *testing.T) {
	e := needDaemonEnv(t)
	const n = 12
	key := func(i int) string { return fmt.Sprintf("sealed/%02d.csv", i) }
	etags, sizes := e.putObjects(t, n, key, 600)
	var bodies []string
	for i := range n {
		bodies = append(bodies, s3Event(e.data, key(i), etags[key(i)], sizes[key(i)]))
	}
	e.send(t, e.queue, bodies)
	// Unique per run: the KMS server keeps aliases across -count runs.
	alias := fmt.Sprintf("alias/piiscan-daemon-sealed-%d", time.Now().UnixNano())
	e.newKMSKey(t, alias)
	path := e.config(t, "  maxInFlight: 4")
	cfg, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sealed := strings.Replace(string(cfg), "  kmsKeyId: "+e.minioKMSKey+"\n", "  kmsKeyId: "+alias+"\n  encryption: client\n", 1)
	if sealed == string(cfg) {
		t.Fatal("could not set results.encryption in the test's config")
	}
	if err := os.WriteFile(path, []byte(sealed), 0o600); err != nil {
		t.Fatal(err)
	}

	d := e.startDaemon(t, path)
	d.waitMetric(60*time.Second, "every message scanned and deleted", func(m map[string]float64) bool { return m[deletedScanned] >= n })
	recs, objects := e.readResults(t)
	if objects != n {
		t.Errorf("%d results objects, want %d", objects, n)
	}
	checkExactlyOnce(t, recs, etags)

	list, err := e.clients.S3.ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{Bucket: aws.String(e.results), Prefix: aws.String(resultsPrefix + "/AWSLogs/")})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range list.Contents {
		if !strings.HasSuffix(aws.ToString(o.Key), ".jsonl.gz") {
			continue // the preflight marker
		}
		head, err := e.clients.S3.HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(e.results), Key: o.Key})
		if err != nil {
			t.Fatal(err)
		}
		if head.ServerSideEncryption == s3types.ServerSideEncryptionAwsKms || len(head.Metadata) == 0 {
			t.Errorf("%s: SSE %q, metadata %v: want sealed on the client", aws.ToString(o.Key), head.ServerSideEncryption, head.Metadata)
		}
	}
	if code := d.stop(syscall.SIGTERM, 30*time.Second); code != 0 {
		t.Errorf("exit %d after SIGTERM", code)
	}
}
