package scanner

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/piiscan/piiscan/sources"
)

func TestObjectQueueOrderAndDrain(t *testing.T) {
	q := newObjectQueue(4)
	const n = 1000
	go func() {
		for i := range n {
			if err := q.put(context.Background(), sources.Object{Key: strconv.Itoa(i)}); err != nil {
				t.Error(err)
				return
			}
		}
		q.close()
	}()
	for i := range n {
		obj, ok := q.get()
		if !ok || obj.Key != strconv.Itoa(i) {
			t.Fatalf("get %d = %q, %v", i, obj.Key, ok)
		}
	}
	if obj, ok := q.get(); ok {
		t.Fatalf("get after close and drain = %q, true", obj.Key)
	}
}

func TestObjectQueueManyWorkers(t *testing.T) {
	q := newObjectQueue(8)
	const n = 5000
	go func() {
		for i := range n {
			q.put(context.Background(), sources.Object{Key: strconv.Itoa(i)})
		}
		q.close()
	}()
	var mu sync.Mutex
	seen := make(map[string]bool)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for {
				obj, ok := q.get()
				if !ok {
					return
				}
				mu.Lock()
				if seen[obj.Key] {
					t.Errorf("%s got twice", obj.Key)
				}
				seen[obj.Key] = true
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(seen) != n {
		t.Fatalf("got %d objects, want %d", len(seen), n)
	}
}

// A lister waiting on a full queue wakes once the workers took half of it,
// not at the first get.
func TestObjectQueueWakesListerAtLowWater(t *testing.T) {
	q := newObjectQueue(4)
	for i := range 4 {
		q.put(context.Background(), sources.Object{Key: strconv.Itoa(i)})
	}
	put := make(chan error, 1)
	go func() { put <- q.put(context.Background(), sources.Object{Key: "4"}) }()
	waitFor(t, func() bool { q.mu.Lock(); defer q.mu.Unlock(); return q.fullWait })
	q.get()
	select {
	case err := <-put:
		t.Fatalf("put returned (%v) with the queue 3/4 full", err)
	case <-time.After(20 * time.Millisecond):
	}
	q.get()
	if err := <-put; err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"2", "3", "4"} {
		if obj, _ := q.get(); obj.Key != want {
			t.Fatalf("get = %q, want %q", obj.Key, want)
		}
	}
}

func TestObjectQueuePutCancelled(t *testing.T) {
	q := newObjectQueue(2)
	ctx, cancel := context.WithCancel(context.Background())
	q.put(ctx, sources.Object{})
	q.put(ctx, sources.Object{})
	put := make(chan error, 1)
	go func() { put <- q.put(ctx, sources.Object{}) }()
	waitFor(t, func() bool { q.mu.Lock(); defer q.mu.Unlock(); return q.fullWait })
	cancel()
	if err := <-put; !errors.Is(err, context.Canceled) {
		t.Fatalf("put on a full queue after cancel = %v, want context.Canceled", err)
	}
	if err := q.put(ctx, sources.Object{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("put after cancel = %v, want context.Canceled", err)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached")
		}
		time.Sleep(time.Millisecond)
	}
}
