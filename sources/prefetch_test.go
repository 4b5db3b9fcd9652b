package sources

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"
)

// recordingReaderAt is a file in memory that records its reads, can hold
// them at a gate and can fail them.
type recordingReaderAt struct {
	data []byte
	// gate, when not nil, holds every read until it is closed.
	gate chan struct{}
	// together, when set, holds each read until that many are in flight,
	// or for 300 ms, until that has happened once.
	together int
	// fail, when set, says how a read of [off, off+n) ends: n bytes read
	// and an error, or ok false for a normal read.
	fail func(off int64, n int) (got int, err error, ok bool)

	mu       sync.Mutex
	calls    []byteRange
	inFlight int
	peak     int
}

func (r *recordingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	r.mu.Lock()
	r.calls = append(r.calls, byteRange{off, off + int64(len(p))})
	r.inFlight++
	r.peak = max(r.peak, r.inFlight)
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		r.inFlight--
		r.mu.Unlock()
	}()
	if r.gate != nil {
		<-r.gate
	}
	for deadline := time.Now().Add(300 * time.Millisecond); r.together > 0 && time.Now().Before(deadline); time.Sleep(100 * time.Microsecond) {
		r.mu.Lock()
		done := r.peak >= r.together
		r.mu.Unlock()
		if done {
			break
		}
	}
	if r.fail != nil {
		if n, err, ok := r.fail(off, len(p)); ok {
			copy(p[:n], r.data[off:])
			return n, err
		}
	}
	return bytes.NewReader(r.data).ReadAt(p, off)
}

func (r *recordingReaderAt) seen() []byteRange {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.calls)
}

func (r *recordingReaderAt) state() (inFlight, peak, calls int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.inFlight, r.peak, len(r.calls)
}

func testFile(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*31 + i>>8)
	}
	return b
}

// readPlan reads every range of plan in order through p, reaching each
// first, and checks the bytes.
func readPlan(t *testing.T, p *prefetchReaderAt, data []byte, plan []byteRange) {
	t.Helper()
	for k, r := range plan {
		p.reach(k)
		if r.end <= r.off || r.off < 0 || r.end > int64(len(data)) {
			continue
		}
		got := make([]byte, r.end-r.off)
		if n, err := p.ReadAt(got, r.off); n != len(got) || err != nil {
			t.Fatalf("range %d [%d, %d): read %d, %v", k, r.off, r.end, n, err)
		}
		if !bytes.Equal(got, data[r.off:r.end]) {
			t.Fatalf("range %d [%d, %d): wrong bytes", k, r.off, r.end)
		}
	}
}

// checkReleased fails unless p holds no piece and no buffer.
func checkReleased(t *testing.T, p *prefetchReaderAt) {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.live != 0 || p.held != 0 || p.heldBytes != 0 || p.fetchers != 0 {
		t.Fatalf("after close: %d pieces live, %d held, %d bytes of buffers, %d fetchers", p.live, p.held, p.heldBytes, p.fetchers)
	}
}

// TestPrefetchPieces: the reads made for a plan, one ahead so that they
// come in order: long ranges split, near ones merged, the rest as they
// are; every byte read back right.
func TestPrefetchPieces(t *testing.T) {
	data := testFile(1000)
	r := func(off, end int64) byteRange { return byteRange{off, end} }
	for _, tc := range []struct {
		name string
		plan []byteRange
		want []byteRange
	}{
		{"split", []byteRange{r(0, 250)}, []byteRange{r(0, 100), r(100, 200), r(200, 250)}},
		{"exactly a piece", []byteRange{r(0, 100), r(100, 150)}, []byteRange{r(0, 100), r(100, 150)}},
		{"merged across a gap", []byteRange{r(0, 30), r(35, 60), r(100, 130)}, []byteRange{r(0, 60), r(100, 130)}},
		{"adjacent", []byteRange{r(0, 30), r(30, 60), r(60, 90)}, []byteRange{r(0, 90)}},
		{"merged up to a piece", []byteRange{r(0, 30), r(40, 250)}, []byteRange{r(0, 100), r(100, 200), r(200, 250)}},
		{"gap too wide", []byteRange{r(0, 30), r(41, 60)}, []byteRange{r(0, 30), r(41, 60)}},
		{"backwards", []byteRange{r(500, 550), r(0, 50)}, []byteRange{r(500, 550), r(0, 50)}},
		{"overlapping", []byteRange{r(0, 80), r(50, 120)}, []byteRange{r(0, 100), r(100, 120)}},
		{"contained", []byteRange{r(0, 80), r(10, 20), r(85, 90)}, []byteRange{r(0, 90)}},
		{"empty ones", []byteRange{r(0, 30), r(0, 0), r(50, 40), r(35, 60)}, []byteRange{r(0, 60)}},
		{"negative", []byteRange{r(-10, 20), r(30, 40), r(-5, -1)}, []byteRange{r(30, 40)}},
		{"nothing", nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ra := &recordingReaderAt{data: data}
			p := newPrefetchReaderAt(context.Background(), ra, tc.plan, 1, 100, 10)
			readPlan(t, p, data, tc.plan)
			p.close()
			checkReleased(t, p)
			if got := ra.seen(); !slices.Equal(got, tc.want) {
				t.Fatalf("reads %v, want %v", got, tc.want)
			}
			// Many ahead: the same reads, in any order.
			ra = &recordingReaderAt{data: data}
			p = newPrefetchReaderAt(context.Background(), ra, tc.plan, 8, 100, 10)
			readPlan(t, p, data, tc.plan)
			p.close()
			checkReleased(t, p)
			got := ra.seen()
			cmp := func(a, b byteRange) int { return int(a.off - b.off) }
			slices.SortFunc(got, cmp)
			want := slices.SortedFunc(slices.Values(tc.want), cmp)
			if !slices.Equal(got, want) {
				t.Fatalf("8 ahead: reads %v, want %v", got, want)
			}
		})
	}
}

// waitFor polls cond for up to 10 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// TestPrefetchAhead: ahead reads are in flight at once, no more, while
// the caller has read nothing; each piece read lets one more start; the
// buffers held never pass ahead pieces.
func TestPrefetchAhead(t *testing.T) {
	data := testFile(5000)
	plan := []byteRange{{0, 5000}}
	ra := &recordingReaderAt{data: data, gate: make(chan struct{})}
	const ahead = 4
	p := newPrefetchReaderAt(context.Background(), ra, plan, ahead, 100, 0)
	waitFor(t, "4 reads in flight", func() bool { n, _, _ := ra.state(); return n == ahead })
	time.Sleep(20 * time.Millisecond)
	if n, peak, calls := ra.state(); n != ahead || peak != ahead || calls != ahead {
		t.Fatalf("%d reads in flight (peak %d, %d made), want %d", n, peak, calls, ahead)
	}
	if want := []byteRange{{0, 100}, {100, 200}, {200, 300}, {300, 400}}; !slices.Equal(sorted(ra.seen()), want) {
		t.Fatalf("reads %v, want the plan's first %v", ra.seen(), want)
	}
	close(ra.gate)
	readPlan(t, p, data, plan)
	p.close()
	checkReleased(t, p)
	if _, peak, calls := ra.state(); peak > ahead || calls != 50 {
		t.Fatalf("peak %d reads in flight, %d made; want at most %d, and 50", peak, calls, ahead)
	}
	if p.peakBytes > ahead*100 {
		t.Fatalf("%d bytes of buffers held at once, want at most %d", p.peakBytes, ahead*100)
	}
}

// TestPrefetchSkipsPieces: reads that leave each piece before its end
// (a zip's headers, 30 bytes at the start of each range, without reach)
// have the pieces after it read ahead all the same: every byte comes from
// a piece.
func TestPrefetchSkipsPieces(t *testing.T) {
	data := testFile(5000)
	var plan []byteRange
	for off := int64(0); off < 5000; off += 40 {
		plan = append(plan, byteRange{off, off + 40})
	}
	ra := &recordingReaderAt{data: data}
	p := newPrefetchReaderAt(context.Background(), ra, plan, 2, 100, 0)
	for _, r := range plan {
		r.end = r.off + 5
		got := make([]byte, r.end-r.off)
		if n, err := p.ReadAt(got, r.off); n != len(got) || err != nil || !bytes.Equal(got, data[r.off:r.end]) {
			t.Fatalf("[%d, %d): read %d, %v", r.off, r.end, n, err)
		}
	}
	p.close()
	checkReleased(t, p)
	if p.direct != 0 || p.served != 5*int64(len(plan)) {
		t.Fatalf("%d bytes from pieces, %d from the file; want %d and none", p.served, p.direct, 5*len(plan))
	}
}

func sorted(rs []byteRange) []byteRange {
	return slices.SortedFunc(slices.Values(rs), func(a, b byteRange) int { return int(a.off - b.off) })
}

// TestPrefetchStraddle: a read across two pieces, or from a piece into
// bytes no piece holds, or wholly outside the plan, returns the file's
// bytes; only what no piece holds is read from the file itself.
func TestPrefetchStraddle(t *testing.T) {
	data := testFile(1000)
	plan := []byteRange{{100, 300}, {600, 650}}
	ra := &recordingReaderAt{data: data}
	p := newPrefetchReaderAt(context.Background(), ra, plan, 4, 100, 0)
	defer p.close()
	waitFor(t, "the plan read", func() bool { _, _, n := ra.state(); return n == 3 })
	read := func(off, n int64) {
		t.Helper()
		got := make([]byte, n)
		m, err := p.ReadAt(got, off)
		if m != int(n) || err != nil || !bytes.Equal(got, data[off:off+n]) {
			t.Fatalf("ReadAt(%d bytes at %d) = %d, %v, right bytes %v", n, off, m, err, bytes.Equal(got, data[off:off+n]))
		}
	}
	read(150, 100) // [150, 250): two pieces
	read(0, 50)    // before the plan
	read(250, 100) // [250, 350): a piece, then the file
	read(640, 10)
	read(640, 60) // the piece is gone: the file
	want := []byteRange{{100, 200}, {200, 300}, {600, 650}, {0, 50}, {300, 350}, {640, 700}}
	if got := ra.seen(); !slices.Equal(sorted(got[:3]), want[:3]) || !slices.Equal(got[3:], want[3:]) {
		t.Fatalf("reads %v, want %v", got, want)
	}
	// Past the end of the file: what there is, and io.EOF, as the file says.
	got := make([]byte, 100)
	if n, err := p.ReadAt(got, 950); n != 50 || err != io.EOF {
		t.Fatalf("ReadAt past the end = %d, %v; want 50, EOF", n, err)
	}
}

// TestPrefetchErrors: a piece's error reaches the read that needs its
// missing bytes, unchanged, and no read before it; a short piece gives
// what it has first.
func TestPrefetchErrors(t *testing.T) {
	data := testFile(1000)
	errBroken := &ObjectError{Status: StatusPartial, Reason: ReasonUnreadable, Err: errors.New("connection reset")}
	ra := &recordingReaderAt{data: data, fail: func(off int64, n int) (int, error, bool) {
		switch off {
		case 100:
			return 0, errBroken, true
		case 200:
			return 30, io.ErrUnexpectedEOF, true
		}
		return 0, nil, false
	}}
	plan := []byteRange{{0, 300}}
	p := newPrefetchReaderAt(context.Background(), ra, plan, 4, 100, 0)
	defer p.close()
	waitFor(t, "the plan read", func() bool { n, _, calls := ra.state(); return n == 0 && calls == 3 })
	buf := make([]byte, 100)
	if n, err := p.ReadAt(buf, 0); n != 100 || err != nil {
		t.Fatalf("the piece before the failed one: %d, %v", n, err)
	}
	if n, err := p.ReadAt(buf[:50], 150); n != 0 || err != errBroken {
		t.Fatalf("in the failed piece: %d, %v; want 0 and its error as is", n, err)
	}
	// The failed piece is held still: a read that needs it fails again.
	if n, err := p.ReadAt(buf[:10], 100); n != 0 || err != errBroken {
		t.Fatalf("again: %d, %v", n, err)
	}
	if n, err := p.ReadAt(buf[:20], 200); n != 20 || err != nil || !bytes.Equal(buf[:20], data[200:220]) {
		t.Fatalf("within the bytes a short piece has: %d, %v", n, err)
	}
	if n, err := p.ReadAt(buf[:20], 220); n != 10 || err != io.ErrUnexpectedEOF {
		t.Fatalf("past them: %d, %v; want 10 and the piece's error", n, err)
	}
	// A panic in the file's ReadAt is the piece's error, not the process's.
	bad := &recordingReaderAt{data: data, fail: func(off int64, n int) (int, error, bool) { panic("bug") }}
	q := newPrefetchReaderAt(context.Background(), bad, plan, 2, 100, 0)
	if _, err := q.ReadAt(buf, 0); err == nil {
		t.Fatal("a read whose piece panicked: no error")
	}
	q.close()
	checkReleased(t, q)
}

// TestPrefetchClose: close waits for the reads in flight and leaves no
// goroutine and no buffer behind, whatever state the pieces are in; a
// context done stops new reads and waits.
func TestPrefetchClose(t *testing.T) {
	base := runtime.NumGoroutine()
	data := testFile(100_000)
	plan := []byteRange{{0, 100_000}}
	for _, read := range []int{0, 1, 5} {
		ra := &recordingReaderAt{data: data, gate: make(chan struct{})}
		p := newPrefetchReaderAt(context.Background(), ra, plan, 4, 1000, 0)
		waitFor(t, "4 reads in flight", func() bool { n, _, _ := ra.state(); return n == 4 })
		var wg sync.WaitGroup
		wg.Go(func() {
			buf := make([]byte, 1000)
			for i := range read {
				if _, err := p.ReadAt(buf, int64(i*1000)); err != nil {
					t.Errorf("ReadAt: %v", err)
				}
			}
		})
		if read > 0 {
			close(ra.gate)
			wg.Wait()
		}
		closed := make(chan struct{})
		go func() { p.close(); close(closed) }()
		if read == 0 {
			select {
			case <-closed:
				t.Fatal("close returned with reads in flight")
			case <-time.After(20 * time.Millisecond):
			}
			close(ra.gate)
		}
		<-closed
		wg.Wait()
		if n, _, _ := ra.state(); n != 0 {
			t.Fatalf("%d reads in flight after close", n)
		}
		checkReleased(t, p)
		buf := make([]byte, 10)
		if n, err := p.ReadAt(buf, 5000); n != 10 || err != nil || !bytes.Equal(buf, data[5000:5010]) {
			t.Fatalf("ReadAt after close = %d, %v", n, err)
		}
	}

	// A context done: ReadAt does not wait for a piece, no new one starts.
	ctx, cancel := context.WithCancel(context.Background())
	ra := &recordingReaderAt{data: data, gate: make(chan struct{})}
	p := newPrefetchReaderAt(ctx, ra, plan, 2, 1000, 0)
	waitFor(t, "2 reads in flight", func() bool { n, _, _ := ra.state(); return n == 2 })
	cancel()
	if _, err := p.ReadAt(make([]byte, 10), 0); err != context.Canceled {
		t.Fatalf("ReadAt of a piece in flight, context cancelled: %v", err)
	}
	close(ra.gate)
	waitFor(t, "the reads to end", func() bool { n, _, _ := ra.state(); return n == 0 })
	// A piece read is still served, and consuming it starts no other.
	buf := make([]byte, 1000)
	if n, err := p.ReadAt(buf, 0); n != 1000 || err != nil {
		t.Fatalf("ReadAt of a piece read, context cancelled: %d, %v", n, err)
	}
	p.reach(0)
	p.mu.Lock()
	live := p.live
	p.mu.Unlock()
	if live != 1 {
		t.Fatalf("%d pieces live after one of 2 was read, context cancelled; want 1", live)
	}
	p.close()
	checkReleased(t, p)
	if _, _, calls := ra.state(); calls != 2 {
		t.Fatalf("%d reads made, want the 2 started before the cancellation", calls)
	}
	waitFor(t, "the goroutines to end", func() bool { return runtime.NumGoroutine() <= base })
}

// TestPrefetchHostilePlans: plans a hostile footer could make — a
// million ranges, ranges past the end of the file or of int64 — cost
// neither a panic nor memory beyond ahead pieces.
func TestPrefetchHostilePlans(t *testing.T) {
	data := testFile(1000)
	huge := make([]byteRange, 1_000_000)
	for i := range huge {
		huge[i] = byteRange{int64(i % 7), math.MaxInt64}
	}
	for name, plan := range map[string][]byteRange{
		"a million ranges of the whole int64": huge,
		"past the end":                        {{900, 5000}, {math.MaxInt64 - 10, math.MaxInt64}, {math.MaxInt64 - 1, math.MaxInt64 - 2}},
		"zero-length and inverted":            {{5, 5}, {10, 0}, {math.MinInt64, math.MaxInt64}, {0, 0}},
	} {
		t.Run(name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			ra := &recordingReaderAt{data: data}
			p := newPrefetchReaderAt(context.Background(), ra, plan, 4, 100, 10)
			buf := make([]byte, 150)
			for k := range min(len(plan), 20) {
				p.reach(k)
				if r := plan[k]; r.off >= 0 && r.off < r.end {
					_, _ = p.ReadAt(buf, r.off)
				}
			}
			p.reach(len(plan) - 1)
			p.reach(len(plan)) // out of the plan: ignored
			p.close()
			checkReleased(t, p)
			runtime.ReadMemStats(&after)
			if p.peakBytes > 4*100 {
				t.Fatalf("%d bytes of buffers at once", p.peakBytes)
			}
			if grew := after.TotalAlloc - before.TotalAlloc; grew > 1<<20 {
				t.Fatalf("%d bytes allocated", grew)
			}
			if _, _, calls := ra.state(); calls > 200 {
				t.Fatalf("%d reads", calls)
			}
		})
	}
}

// TestPrefetchPooled: pieces of the real size come from and go back to
// a pool: reading a plan allocates no buffer per piece once warm.
func TestPrefetchPooled(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's sync.Pool drops items at random")
	}
	data := testFile(8 * prefetchPieceBytes)
	plan := []byteRange{{0, int64(len(data))}}
	ra := bytes.NewReader(data)
	buf := make([]byte, 64<<10)
	read := func() {
		p := newPrefetchReaderAt(context.Background(), ra, plan, 4, prefetchPieceBytes, prefetchMergeGap)
		for off := int64(0); off < int64(len(data)); off += int64(len(buf)) {
			if _, err := p.ReadAt(buf, off); err != nil {
				t.Fatal(err)
			}
		}
		p.close()
	}
	read()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range 5 {
		read()
	}
	runtime.ReadMemStats(&after)
	// 8 pieces of 1 MiB per run: fresh buffers would be 40 MiB.
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 4*prefetchPieceBytes {
		t.Fatalf("%d bytes allocated reading 5 × 8 MiB", grew)
	}
}
