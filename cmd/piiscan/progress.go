package main

import (
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/piiscan/piiscan/findings"
)

// progressDelay keeps the bar off scans that finish in a moment.
const progressDelay = 750 * time.Millisecond

// progressBar implements scanner.Progress with atomic counters, so workers
// never wait on the terminal, and a goroutine that draws a bar on stderr
// from them, starting only once the scan has run for progressDelay.
type progressBar struct {
	listedObjects, listedBytes atomic.Int64
	readBytes, doneObjects     atomic.Int64

	stop chan struct{}
	wg   sync.WaitGroup
	once sync.Once
}

func newProgressBar(w io.Writer) *progressBar {
	p := &progressBar{stop: make(chan struct{})}
	p.wg.Add(1)
	go p.draw(w)
	return p
}

func (p *progressBar) Listed(size int64) {
	p.listedObjects.Add(1)
	p.listedBytes.Add(size)
}
func (p *progressBar) Read(n int64)          { p.readBytes.Add(n) }
func (p *progressBar) Done(*findings.Record) { p.doneObjects.Add(1) }

// Finish stops drawing and clears the bar, before the summary is printed.
func (p *progressBar) Finish() {
	p.once.Do(func() { close(p.stop) })
	p.wg.Wait()
}

func (p *progressBar) draw(w io.Writer) {
	defer p.wg.Done()
	select {
	case <-p.stop:
		return
	case <-time.After(progressDelay):
	}
	bar := progressbar.NewOptions64(-1,
		progressbar.OptionSetWriter(w),
		progressbar.OptionShowBytes(true),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionFullWidth(),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetElapsedTime(true),
	)
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		// The total grows while listing streams; bytes read can pass it
		// for compressed objects, so the max follows whichever is larger.
		total := max(p.listedBytes.Load(), p.readBytes.Load())
		bar.ChangeMax64(total)
		bar.Describe(fmt.Sprintf("%d/%d objects", p.doneObjects.Load(), p.listedObjects.Load()))
		_ = bar.Set64(p.readBytes.Load())
		select {
		case <-p.stop:
			_ = bar.Finish()
			_ = bar.Clear()
			return
		case <-tick.C:
		}
	}
}
