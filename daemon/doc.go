// Package daemon is piiscan's long-running mode: it scans each new S3 object
// as its event notification arrives through SQS, runs scheduled jobs, and
// reports how it is doing on /metrics, /healthz and /readyz.
//
// # Event-driven scans and delivery guarantees
//
// A Consumer long-polls one SQS queue, keeps at most MaxInFlight messages
// in hand, and for each message: parses it (S3 → SQS, S3 → SNS → SQS, or
// EventBridge → SQS), scans every ObjectCreated object it names, stores the
// object's result records, and only then deletes the message. Delivery is
// at least once; duplicates are made harmless rather than impossible:
//
//   - Each scanned object's records are stored as one results object whose
//     key is derived from the object's identity (bucket, key and ETag, or
//     the event's sequencer when there is no ETag), and whose record IDs are
//     derived from the same identity. A redelivered message, a message two
//     daemons both saw, or a daemon killed between the PUT and the delete
//     rescans the object and overwrites the same results object with the
//     same record: no duplicate, with no coordination and no extra request.
//   - The GET of the object is conditional on the event's ETag, so a later
//     overwrite of the key is never recorded under an earlier event.
//   - While an object is being scanned, a heartbeat extends the message's
//     visibility timeout, so a large object is not handed to a peer.
//   - A message received more than MaxReceives times, or one that is not an
//     S3 event at all, is sent to the dead-letter queue (configured, or the
//     queue's redrive target) and deleted: nothing is retried forever.
//   - On shutdown the daemon stops receiving, lets in-flight messages finish
//     until the drain deadline, then cancels the rest and makes them visible
//     again at once (visibility 0) for a peer; a receive in flight gets
//     at least 2 s to answer, and what it brings is released too. A killed
//     daemon's messages come back when their visibility timeout runs out.
//
// # Scheduled jobs
//
// A Scheduler runs job definitions on Macie's daily, weekly and monthly
// frequencies, or on a cron expression, through a JobRunner (the jobs
// package's incremental runs). Runs of one job never overlap.
package daemon
