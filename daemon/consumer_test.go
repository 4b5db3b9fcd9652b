package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// fakeSQS is an in-memory queue: enough of SQS's semantics (visibility,
// receive counts, receipt handles) to test the consumer's decisions. The
// end-to-end tests run the same code against fauxqs.
type fakeSQS struct {
	mu         sync.Mutex
	now        func() time.Time
	msgs       []*fakeMsg
	dlq        []types.Message
	changes    []time.Duration // ChangeMessageVisibility timeouts, in order
	deleted    int
	redrive    string
	receiveErr error
	// tick, when set, moves the fake clock on by this much at every
	// ReceiveMessage, so retry delays pass without waiting.
	tick  time.Duration
	clock time.Time
}

type fakeMsg struct {
	id, body  string
	receives  int
	invisible time.Time
	handle    string
	deleted   bool
}

func newFakeSQS(bodies ...string) *fakeSQS {
	f := &fakeSQS{now: time.Now}
	for i, b := range bodies {
		f.msgs = append(f.msgs, &fakeMsg{id: strconv.Itoa(i), body: b})
	}
	return f
}

func (f *fakeSQS) ReceiveMessage(ctx context.Context, in *sqs.ReceiveMessageInput, _ ...func(*sqs.Options)) (*sqs.ReceiveMessageOutput, error) {
	f.mu.Lock()
	if f.tick > 0 {
		f.clock = f.clock.Add(f.tick)
	}
	if f.receiveErr != nil {
		err := f.receiveErr
		f.mu.Unlock()
		return nil, err
	}
	var out []types.Message
	for _, m := range f.msgs {
		if len(out) >= int(in.MaxNumberOfMessages) {
			break
		}
		if m.deleted || f.now().Before(m.invisible) {
			continue
		}
		m.receives++
		m.handle = fmt.Sprintf("%s-%d", m.id, m.receives)
		m.invisible = f.now().Add(time.Duration(in.VisibilityTimeout) * time.Second)
		out = append(out, types.Message{
			MessageId: aws.String(m.id), Body: aws.String(m.body), ReceiptHandle: aws.String(m.handle),
			Attributes: map[string]string{"ApproximateReceiveCount": strconv.Itoa(m.receives)},
		})
	}
	f.mu.Unlock()
	if len(out) == 0 {
		// A short long poll.
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
	return &sqs.ReceiveMessageOutput{Messages: out}, nil
}

func (f *fakeSQS) find(handle *string) (*fakeMsg, error) {
	for _, m := range f.msgs {
		if m.handle == aws.ToString(handle) && !m.deleted {
			return m, nil
		}
	}
	return nil, errors.New("ReceiptHandleIsInvalid")
}

func (f *fakeSQS) DeleteMessage(_ context.Context, in *sqs.DeleteMessageInput, _ ...func(*sqs.Options)) (*sqs.DeleteMessageOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	m, err := f.find(in.ReceiptHandle)
	if err != nil {
		return nil, err
	}
	m.deleted = true
	f.deleted++
	return &sqs.DeleteMessageOutput{}, nil
}

func (f *fakeSQS) ChangeMessageVisibility(_ context.Context, in *sqs.ChangeMessageVisibilityInput, _ ...func(*sqs.Options)) (*sqs.ChangeMessageVisibilityOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	m, err := f.find(in.ReceiptHandle)
	if err != nil {
		return nil, err
	}
	d := time.Duration(in.VisibilityTimeout) * time.Second
	m.invisible = f.now().Add(d)
	f.changes = append(f.changes, d)
	return &sqs.ChangeMessageVisibilityOutput{}, nil
}

func (f *fakeSQS) SendMessage(_ context.Context, in *sqs.SendMessageInput, _ ...func(*sqs.Options)) (*sqs.SendMessageOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.dlq = append(f.dlq, types.Message{Body: in.MessageBody, MessageAttributes: in.MessageAttributes})
	return &sqs.SendMessageOutput{}, nil
}

func (f *fakeSQS) GetQueueAttributes(context.Context, *sqs.GetQueueAttributesInput, ...func(*sqs.Options)) (*sqs.GetQueueAttributesOutput, error) {
	attrs := map[string]string{}
	if f.redrive != "" {
		attrs["RedrivePolicy"] = f.redrive
	}
	return &sqs.GetQueueAttributesOutput{Attributes: attrs}, nil
}

func (f *fakeSQS) GetQueueUrl(_ context.Context, in *sqs.GetQueueUrlInput, _ ...func(*sqs.Options)) (*sqs.GetQueueUrlOutput, error) {
	return &sqs.GetQueueUrlOutput{QueueUrl: aws.String("https://sqs/" + aws.ToString(in.QueueOwnerAWSAccountId) + "/" + aws.ToString(in.QueueName))}, nil
}

func testQueue() QueueConfig {
	wait := Duration{}
	return QueueConfig{URL: "https://sqs/q", DeadLetterQueueURL: "https://sqs/dlq", MaxInFlight: 2, WaitTime: &wait,
		VisibilityTimeout: Duration{3 * time.Second}, MaxReceives: 3, JobID: "j"}
}

func event(key string) string {
	return `{"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{"key":"` + key + `","eTag":"e"}}}]}`
}

// runUntil runs the consumer until cond holds (or 10 s), then stops it.
func runUntil(t *testing.T, c *Consumer, drain time.Duration, cond func() bool) {
	t.Helper()
	if err := c.Prepare(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { c.Run(ctx, drain); close(done) }()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			cancel()
			<-done
			t.Fatal("condition not reached in 10 s")
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	<-done
}

func newConsumer(f *fakeSQS, scan func(context.Context, ObjectEvent) error) *Consumer {
	return &Consumer{SQS: f, Queue: testQueue(), Scan: scan, Metrics: NewMetrics("t"), Logger: slog.New(slog.DiscardHandler)}
}

func (f *fakeSQS) locked(fn func() bool) func() bool {
	return func() bool { f.mu.Lock(); defer f.mu.Unlock(); return fn() }
}

func TestConsumerScansAndDeletes(t *testing.T) {
	f := newFakeSQS(event("a"), event("b%20c"), `{"Service":"Amazon S3","Event":"s3:TestEvent"}`,
		`{"Records":[{"eventSource":"aws:s3","eventName":"ObjectRemoved:Delete","s3":{"bucket":{"name":"b"},"object":{"key":"x"}}}]}`)
	var mu sync.Mutex
	var keys []string
	c := newConsumer(f, func(_ context.Context, ev ObjectEvent) error {
		mu.Lock()
		keys = append(keys, ev.Key)
		mu.Unlock()
		return nil
	})
	runUntil(t, c, time.Second, f.locked(func() bool { return f.deleted == 4 }))
	if len(keys) != 2 {
		t.Errorf("scanned %v", keys)
	}
	for outcome, n := range map[string]float64{"scanned": 2, "test_event": 1, "ignored": 1} {
		if got := testutil.ToFloat64(c.Metrics.deleted.WithLabelValues(outcome)); got != n {
			t.Errorf("deleted{%s} = %v, want %v", outcome, got, n)
		}
	}
}

// TestConsumerExtendsVisibility: an object scanned for longer than the
// visibility timeout keeps its message invisible.
func TestConsumerExtendsVisibility(t *testing.T) {
	f := newFakeSQS(event("big"))
	c := newConsumer(f, func(ctx context.Context, _ ObjectEvent) error {
		return sleep(ctx, 2500*time.Millisecond) // visibility 3 s: renewed every 1 s
	})
	runUntil(t, c, time.Second, f.locked(func() bool { return f.deleted == 1 }))
	if n := testutil.ToFloat64(c.Metrics.extended); n < 2 {
		t.Errorf("%v extensions, want 2", n)
	}
	if f.msgs[0].receives != 1 {
		t.Errorf("received %d times: the visibility ran out during the scan", f.msgs[0].receives)
	}
	for _, d := range f.changes {
		if d != 3*time.Second {
			t.Errorf("visibility changed to %s, want 3s", d)
		}
	}
}

// TestConsumerRetriesThenDeadLetters: a scan that always fails is retried
// with a growing delay, then moved to the DLQ after MaxReceives receives.
func TestConsumerRetriesThenDeadLetters(t *testing.T) {
	f := newFakeSQS(event("fails"))
	f.clock, f.tick = time.Now(), time.Second
	f.now = func() time.Time { return f.clock } // called with f.mu held
	c := newConsumer(f, func(context.Context, ObjectEvent) error {
		return fmt.Errorf("%w: put: SlowDown", ErrResults)
	})
	runUntil(t, c, time.Second, f.locked(func() bool { return len(f.dlq) == 1 }))
	if got := testutil.ToFloat64(c.Metrics.failed.WithLabelValues(failResults)); got != 3 {
		t.Errorf("failed{results_write} = %v, want 3", got)
	}
	if got := testutil.ToFloat64(c.Metrics.deadLettered.WithLabelValues(deadReceives)); got != 1 {
		t.Errorf("dead_lettered{max_receives} = %v", got)
	}
	// Backoff: 2 s, 3 s (capped at the visibility timeout), 3 s.
	want := []time.Duration{2 * time.Second, 3 * time.Second, 3 * time.Second}
	if fmt.Sprint(f.changes) != fmt.Sprint(want) {
		t.Errorf("retry delays %v, want %v", f.changes, want)
	}
	reason := aws.ToString(f.dlq[0].MessageAttributes[DeadLetterReasonAttribute].StringValue)
	if reason != "max_receives: received 4 times, more than queue.maxReceives 3" {
		t.Errorf("reason %q", reason)
	}
	if !f.msgs[0].deleted {
		t.Error("dead-lettered message not deleted from the queue")
	}
}

func TestConsumerDeadLettersMalformedAtOnce(t *testing.T) {
	f := newFakeSQS("{not json")
	c := newConsumer(f, func(context.Context, ObjectEvent) error { t.Error("scanned"); return nil })
	runUntil(t, c, time.Second, f.locked(func() bool { return len(f.dlq) == 1 && f.deleted == 1 }))
	if got := testutil.ToFloat64(c.Metrics.deadLettered.WithLabelValues(deadMalform)); got != 1 {
		t.Errorf("dead_lettered{malformed} = %v", got)
	}
}

// TestConsumerReleasesAtDrainDeadline: scans still running at the deadline
// are cancelled and their messages made visible at once.
func TestConsumerReleasesAtDrainDeadline(t *testing.T) {
	f := newFakeSQS(event("slow1"), event("slow2"))
	started := make(chan struct{}, 2)
	c := newConsumer(f, func(ctx context.Context, _ ObjectEvent) error {
		started <- struct{}{}
		<-ctx.Done()
		return ctx.Err()
	})
	runUntil(t, c, 50*time.Millisecond, func() bool { return len(started) == 2 })
	if got := testutil.ToFloat64(c.Metrics.released); got != 2 {
		t.Errorf("released %v, want 2", got)
	}
	if f.deleted != 0 {
		t.Errorf("%d deleted", f.deleted)
	}
	for _, m := range f.msgs {
		if m.invisible.After(time.Now()) {
			t.Errorf("message %s still invisible", m.id)
		}
	}
}

// TestConsumerBoundsInFlight: never more than MaxInFlight scans at once.
func TestConsumerBoundsInFlight(t *testing.T) {
	var bodies []string
	for i := range 20 {
		bodies = append(bodies, event(fmt.Sprint(i)))
	}
	f := newFakeSQS(bodies...)
	var mu sync.Mutex
	cur, peak := 0, 0
	c := newConsumer(f, func(ctx context.Context, _ ObjectEvent) error {
		mu.Lock()
		cur++
		peak = max(peak, cur)
		mu.Unlock()
		time.Sleep(5 * time.Millisecond)
		mu.Lock()
		cur--
		mu.Unlock()
		return nil
	})
	runUntil(t, c, time.Second, f.locked(func() bool { return f.deleted == 20 }))
	if peak > c.Queue.MaxInFlight {
		t.Errorf("peak %d scans at once, MaxInFlight %d", peak, c.Queue.MaxInFlight)
	}
}

func TestPrepareDeadLetterQueue(t *testing.T) {
	q := testQueue()
	q.DeadLetterQueueURL = ""
	f := newFakeSQS()
	c := &Consumer{SQS: f, Queue: q}
	if err := c.Prepare(context.Background()); err == nil {
		t.Fatal("a queue with no DLQ and no redrive policy was accepted")
	}
	f.redrive = `{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:uploads-dlq","maxReceiveCount":"5"}`
	if err := c.Prepare(context.Background()); err != nil || c.dlq != "https://sqs/123456789012/uploads-dlq" {
		t.Fatalf("dlq %q, err %v", c.dlq, err)
	}
	f.redrive = `{"deadLetterTargetArn":"nonsense"}`
	if err := c.Prepare(context.Background()); err == nil {
		t.Fatal("bad redrive target accepted")
	}
}

// pollAcrossShutdown is an SQS whose first long poll hands out messages
// (they turn invisible) but answers only after the test lets it, as a poll
// in flight when SIGTERM arrives does.
type pollAcrossShutdown struct {
	*fakeSQS
	entered chan struct{}
	resume  chan struct{}
	once    sync.Once
}

func (p *pollAcrossShutdown) ReceiveMessage(ctx context.Context, in *sqs.ReceiveMessageInput, o ...func(*sqs.Options)) (*sqs.ReceiveMessageOutput, error) {
	out, err := p.fakeSQS.ReceiveMessage(ctx, in, o...)
	first := false
	p.once.Do(func() { first = true })
	if !first {
		return out, err
	}
	close(p.entered)
	<-p.resume
	if ctx.Err() != nil {
		return nil, ctx.Err() // the answer is lost: the messages stay invisible
	}
	return out, err
}

// TestConsumerReleasesWhatAPollReturnsAtShutdown: messages that a long
// poll in flight at shutdown brings back are made visible again at once
// (not scanned, not left invisible for the visibility timeout), also when
// the poll answers after a drain deadline shorter than a round trip.
func TestConsumerReleasesWhatAPollReturnsAtShutdown(t *testing.T) {
	for _, tc := range []struct {
		name          string
		drain, answer time.Duration // answer: how long after shutdown the poll answers
	}{
		{"answer within the drain", time.Second, 0},
		{"answer after a 1ms drain deadline", time.Millisecond, 100 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeSQS(event("a"), event("b"))
			p := &pollAcrossShutdown{fakeSQS: f, entered: make(chan struct{}), resume: make(chan struct{})}
			scans := 0
			c := newConsumer(f, func(context.Context, ObjectEvent) error { scans++; return nil })
			c.SQS = p
			if err := c.Prepare(context.Background()); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan struct{})
			go func() { c.Run(ctx, tc.drain); close(done) }()
			<-p.entered
			cancel()
			time.Sleep(tc.answer)
			close(p.resume)
			<-done
			if got := testutil.ToFloat64(c.Metrics.released); got != 2 || scans != 0 {
				t.Errorf("released %v, scanned %d: want 2 released, none scanned", got, scans)
			}
			for _, m := range f.msgs {
				if m.invisible.After(time.Now()) {
					t.Errorf("message %s still invisible", m.id)
				}
			}
		})
	}
}
