package daemon

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// SQSAPI is the part of the SQS client a Consumer uses; *sqs.Client
// satisfies it.
type SQSAPI interface {
	ReceiveMessage(context.Context, *sqs.ReceiveMessageInput, ...func(*sqs.Options)) (*sqs.ReceiveMessageOutput, error)
	DeleteMessage(context.Context, *sqs.DeleteMessageInput, ...func(*sqs.Options)) (*sqs.DeleteMessageOutput, error)
	ChangeMessageVisibility(context.Context, *sqs.ChangeMessageVisibilityInput, ...func(*sqs.Options)) (*sqs.ChangeMessageVisibilityOutput, error)
	SendMessage(context.Context, *sqs.SendMessageInput, ...func(*sqs.Options)) (*sqs.SendMessageOutput, error)
	GetQueueAttributes(context.Context, *sqs.GetQueueAttributesInput, ...func(*sqs.Options)) (*sqs.GetQueueAttributesOutput, error)
	GetQueueUrl(context.Context, *sqs.GetQueueUrlInput, ...func(*sqs.Options)) (*sqs.GetQueueUrlOutput, error)
}

// DeadLetterReasonAttribute is the message attribute a dead-lettered
// message carries, saying why it was moved.
const DeadLetterReasonAttribute = "piiscan-dead-letter-reason"

// Consumer receives S3 event messages from one queue and scans the objects
// they name. See the package documentation for its delivery guarantees.
type Consumer struct {
	SQS   SQSAPI
	Queue QueueConfig // validated: every field set
	// Scan scans one object and stores its records (EventScanner.Scan).
	Scan    func(ctx context.Context, ev ObjectEvent) error
	Metrics *Metrics
	Logger  *slog.Logger

	dlq string
}

// Prepare finds where poison messages go: Queue.DeadLetterQueueURL, or the
// queue's redrive policy target. Without either it returns an error: a
// message that always fails would be received forever.
func (c *Consumer) Prepare(ctx context.Context) error {
	if c.Queue.DeadLetterQueueURL != "" {
		c.dlq = c.Queue.DeadLetterQueueURL
		return nil
	}
	out, err := c.SQS.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl: aws.String(c.Queue.URL), AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameRedrivePolicy},
	})
	if err != nil {
		return fmt.Errorf("get attributes of queue %s: %w", c.Queue.URL, err)
	}
	policy := out.Attributes[string(types.QueueAttributeNameRedrivePolicy)]
	if policy == "" {
		return fmt.Errorf("queue %s has no redrive policy and queue.deadLetterQueueUrl is not set: a message that cannot be processed would be retried forever", c.Queue.URL)
	}
	var rp struct {
		DeadLetterTargetArn string `json:"deadLetterTargetArn"`
	}
	if err := json.Unmarshal([]byte(policy), &rp); err != nil {
		return fmt.Errorf("queue %s: redrive policy: %w", c.Queue.URL, err)
	}
	// arn:aws:sqs:<region>:<account>:<name>
	parts := strings.Split(rp.DeadLetterTargetArn, ":")
	if len(parts) != 6 || parts[2] != "sqs" {
		return fmt.Errorf("queue %s: redrive policy target %q is not an SQS queue ARN", c.Queue.URL, rp.DeadLetterTargetArn)
	}
	u, err := c.SQS.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(parts[5]), QueueOwnerAWSAccountId: aws.String(parts[4])})
	if err != nil {
		return fmt.Errorf("queue %s: find the redrive target %s: %w", c.Queue.URL, rp.DeadLetterTargetArn, err)
	}
	c.dlq = aws.ToString(u.QueueUrl)
	return nil
}

// receiveMargin is how long past its wait time a receive may take (the
// request itself, the SDK's retries) before it is abandoned.
const receiveMargin = 10 * time.Second

// receiveGrace is the least time a receive in flight at shutdown gets to
// answer, however short the drain deadline. Abandoning it can lose an
// answer SQS has already sent: its messages would stay invisible for the
// whole visibility timeout instead of being released. A poll of a busy
// queue answers in milliseconds; only an empty queue's long poll runs the
// grace out, and it has nothing to lose.
const receiveGrace = 2 * time.Second

// received is what one ReceiveMessage call returned.
type received struct {
	out *sqs.ReceiveMessageOutput
	err error
}

func (r received) messages() []types.Message {
	if r.out == nil {
		return nil
	}
	return r.out.Messages
}

// Run receives and handles messages until ctx is done, then stops
// receiving and waits for messages in hand; after drain it cancels their
// scans and makes them visible again for a peer. It returns when every
// message is finished or released.
func (c *Consumer) Run(ctx context.Context, drain time.Duration) {
	if c.dlq == "" {
		panic("daemon: Consumer.Run before Prepare")
	}
	sem := make(chan struct{}, c.Queue.MaxInFlight)
	scanCtx, cancelScans := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelScans()
	pollCtx, cancelPolls := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelPolls()
	var wg sync.WaitGroup
	var inHand atomic.Int64 // messages being handled (sem also holds a poll's slots)
	backoff := time.Second
	for ctx.Err() == nil {
		// Ask for as many messages as there are free slots, at least one.
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			continue
		}
		free := 1
	fill:
		for free < 10 {
			select {
			case sem <- struct{}{}:
				free++
			default:
				break fill
			}
		}
		// The long poll runs aside: at shutdown it is not abandoned, since
		// SQS may already have handed it messages that would then stay
		// invisible for the whole visibility timeout. It finishes during
		// the drain, and what it brings is given straight back; the later
		// of the drain deadline and receiveGrace (pollCtx) cuts it short.
		recvCtx, cancelRecv := context.WithTimeout(pollCtx, c.Queue.WaitTime.Duration+receiveMargin)
		polled := make(chan received, 1)
		go func() {
			defer cancelRecv()
			out, err := c.SQS.ReceiveMessage(recvCtx, &sqs.ReceiveMessageInput{
				QueueUrl:                    aws.String(c.Queue.URL),
				MaxNumberOfMessages:         int32(free),
				WaitTimeSeconds:             int32(c.Queue.WaitTime.Seconds()),
				VisibilityTimeout:           int32(c.Queue.VisibilityTimeout.Seconds()),
				MessageSystemAttributeNames: []types.MessageSystemAttributeName{types.MessageSystemAttributeNameApproximateReceiveCount},
				MessageAttributeNames:       []string{"All"},
			})
			polled <- received{out, err}
		}()
		var r received
		select {
		case r = <-polled:
		case <-ctx.Done():
			wg.Go(func() {
				r := <-polled
				for _, m := range r.messages() {
					c.release(m, c.Logger.With("message_id", aws.ToString(m.MessageId)), releasedPoll)
				}
				for range free {
					<-sem
				}
			})
			continue // the loop ends: ctx is done
		}
		err := r.err
		msgs := r.messages()
		if ctx.Err() != nil {
			// Shutdown began as the poll answered (select picks either of
			// two ready cases): what it brought goes back at once, as when
			// it answers after.
			for _, m := range msgs {
				c.release(m, c.Logger.With("message_id", aws.ToString(m.MessageId)), releasedPoll)
			}
			for range free {
				<-sem
			}
			continue // the loop ends: ctx is done
		}
		for range free - len(msgs) {
			<-sem
		}
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			c.Metrics.receiveErrors.Inc()
			c.Logger.Error("receive messages", "queue", c.Queue.URL, "error", err.Error(), "retry_in", backoff.String())
			_ = sleep(ctx, backoff)
			backoff = min(2*backoff, time.Minute)
			continue
		}
		backoff = time.Second
		c.Metrics.received.Add(float64(len(msgs)))
		for _, m := range msgs {
			inHand.Add(1)
			wg.Go(func() {
				defer func() { inHand.Add(-1); <-sem }()
				c.handle(scanCtx, m)
			})
		}
	}

	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	c.Logger.Info("draining: no more messages received", "in_flight", inHand.Load(), "deadline", drain.String())
	stopPolls := time.AfterFunc(max(drain, receiveGrace), cancelPolls)
	defer stopPolls.Stop()
	t := time.NewTimer(drain)
	defer t.Stop()
	select {
	case <-finished:
	case <-t.C:
		c.Logger.Warn("drain deadline reached: releasing the messages still in flight", "in_flight", inHand.Load())
		cancelScans()
		<-finished
	}
}

// handle decides a message's fate: deleted after its objects' records are
// stored, dead-lettered, left to be retried, or released at shutdown.
func (c *Consumer) handle(ctx context.Context, m types.Message) {
	c.Metrics.inflightMsgs.Inc()
	defer c.Metrics.inflightMsgs.Dec()
	log := c.Logger.With("message_id", aws.ToString(m.MessageId))
	receives, _ := strconv.Atoi(m.Attributes[string(types.MessageSystemAttributeNameApproximateReceiveCount)])

	parsed, err := ParseMessage([]byte(aws.ToString(m.Body)))
	if err != nil {
		c.deadLetter(ctx, m, deadMalform, err.Error(), log)
		return
	}
	if receives > c.Queue.MaxReceives {
		c.deadLetter(ctx, m, deadReceives, fmt.Sprintf("received %d times, more than queue.maxReceives %d", receives, c.Queue.MaxReceives), log)
		return
	}
	switch {
	case parsed.TestEvent:
		c.delete(ctx, m, "test_event", log)
		return
	case len(parsed.Events) == 0:
		c.delete(ctx, m, "ignored", log)
		return
	}

	hbCtx, stopHeartbeat := context.WithCancel(ctx)
	var hb sync.WaitGroup
	hb.Go(func() { c.heartbeat(hbCtx, m, log) })
	for _, ev := range parsed.Events {
		if err = c.Scan(ctx, ev); err != nil {
			break
		}
		log.Info("object scanned", "bucket", ev.Bucket, "key", ev.Key, "etag", ev.ETag)
	}
	stopHeartbeat()
	hb.Wait()

	switch {
	case err == nil:
		c.delete(ctx, m, "scanned", log)
	case ctx.Err() != nil:
		c.release(m, log, releasedScan)
	default:
		reason := failScan
		if errors.Is(err, ErrResults) {
			reason = failResults
		}
		c.Metrics.failed.WithLabelValues(reason).Inc()
		// Back off before the retry rather than take the message again at
		// once: the cause (a throttled bucket, a KMS outage) needs time.
		retry := min(time.Duration(1<<min(receives, 10))*time.Second, c.Queue.VisibilityTimeout.Duration)
		log.Error("message left for retry", "reason", reason, "receives", receives, "retry_in", retry.String(), "error", err.Error())
		c.setVisibility(m, retry, log)
	}
}

// heartbeat renews the visibility timeout every third of it while the
// message's objects are being scanned.
func (c *Consumer) heartbeat(ctx context.Context, m types.Message, log *slog.Logger) {
	period := c.Queue.VisibilityTimeout.Duration / 3
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		_, err := c.SQS.ChangeMessageVisibility(ctx, &sqs.ChangeMessageVisibilityInput{
			QueueUrl: aws.String(c.Queue.URL), ReceiptHandle: m.ReceiptHandle,
			VisibilityTimeout: int32(c.Queue.VisibilityTimeout.Seconds()),
		})
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			// The next tick tries again; if the timeout runs out a peer
			// scans the object too, which is harmless (idempotent results).
			log.Warn("extend visibility timeout", "error", err.Error())
			continue
		}
		c.Metrics.extended.Inc()
	}
}

// finishCtx bounds the calls that settle a message; they run even when the
// scan was cancelled.
func finishCtx(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
}

func (c *Consumer) delete(ctx context.Context, m types.Message, outcome string, log *slog.Logger) {
	fctx, cancel := finishCtx(ctx)
	defer cancel()
	_, err := c.SQS.DeleteMessage(fctx, &sqs.DeleteMessageInput{QueueUrl: aws.String(c.Queue.URL), ReceiptHandle: m.ReceiptHandle})
	if err != nil {
		// It comes back and is handled again; results are idempotent.
		c.Metrics.failed.WithLabelValues(failDelete).Inc()
		log.Error("delete message", "outcome", outcome, "error", err.Error())
		return
	}
	c.Metrics.deleted.WithLabelValues(outcome).Inc()
	log.Debug("message deleted", "outcome", outcome)
}

// Why a message is released: its scan was cancelled at the drain deadline,
// or a poll brought it after shutdown began, when no new work is taken.
const (
	releasedScan = "message released for a peer"
	releasedPoll = "message received at shutdown released for a peer"
)

// release makes a message visible again at once, for a peer; msg is one
// of the released* messages.
func (c *Consumer) release(m types.Message, log *slog.Logger, msg string) {
	if c.setVisibility(m, 0, log) {
		c.Metrics.released.Inc()
		log.Info(msg)
	}
}

func (c *Consumer) setVisibility(m types.Message, d time.Duration, log *slog.Logger) bool {
	fctx, cancel := finishCtx(context.Background())
	defer cancel()
	_, err := c.SQS.ChangeMessageVisibility(fctx, &sqs.ChangeMessageVisibilityInput{
		QueueUrl: aws.String(c.Queue.URL), ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: int32(d.Seconds()),
	})
	if err != nil {
		// The visibility timeout runs out on its own.
		log.Warn("change message visibility", "seconds", int(d.Seconds()), "error", err.Error())
		return false
	}
	return true
}

// deadLetter copies the message to the dead-letter queue, with its
// attributes and the reason, then deletes it from the queue.
func (c *Consumer) deadLetter(ctx context.Context, m types.Message, reason, detail string, log *slog.Logger) {
	fctx, cancel := finishCtx(ctx)
	defer cancel()
	attrs := make(map[string]types.MessageAttributeValue, len(m.MessageAttributes)+1)
	for k, v := range m.MessageAttributes {
		attrs[k] = v
	}
	if len(attrs) < 10 { // SQS's limit on message attributes
		attrs[DeadLetterReasonAttribute] = types.MessageAttributeValue{DataType: aws.String("String"), StringValue: aws.String(reason + ": " + truncate(detail, 200))}
	}
	_, err := c.SQS.SendMessage(fctx, &sqs.SendMessageInput{QueueUrl: aws.String(c.dlq), MessageBody: m.Body, MessageAttributes: attrs})
	if err != nil {
		c.Metrics.failed.WithLabelValues(failDeadLtr).Inc()
		log.Error("move message to the dead-letter queue", "dead_letter_queue", c.dlq, "reason", reason, "error", err.Error())
		return
	}
	c.Metrics.deadLettered.WithLabelValues(reason).Inc()
	log.Warn("message moved to the dead-letter queue", "dead_letter_queue", c.dlq, "reason", reason, "detail", detail)
	c.delete(ctx, m, "dead_lettered", log)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}
