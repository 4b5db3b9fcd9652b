package daemon

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// ReadyCheck is one dependency /readyz checks: Check returns nil when the
// dependency answers.
type ReadyCheck struct {
	Name  string // "sqs", "s3", "kms"
	Check func(ctx context.Context) error
}

// readiness runs the checks at most once per ttl, so that probes from many
// places do not multiply calls to AWS.
type readiness struct {
	checks  []ReadyCheck
	ttl     time.Duration
	timeout time.Duration

	mu      sync.Mutex
	checked time.Time
	status  map[string]string
	ok      bool
}

func (r *readiness) get(ctx context.Context) (bool, map[string]string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if time.Since(r.checked) < r.ttl && r.status != nil {
		return r.ok, r.status
	}
	status := make(map[string]string, len(r.checks))
	ok := true
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, c := range r.checks {
		wg.Go(func() {
			cctx, cancel := context.WithTimeout(ctx, r.timeout)
			defer cancel()
			res := "ok"
			if err := c.Check(cctx); err != nil {
				res = err.Error()
			}
			mu.Lock()
			status[c.Name] = res
			if res != "ok" {
				ok = false
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	r.ok, r.status, r.checked = ok, status, time.Now()
	return ok, status
}

// Handler serves /metrics (Prometheus text or OpenMetrics), /healthz (200
// while the process serves) and /readyz (200 when every check passes, 503
// otherwise, with a JSON body naming each check's result).
func Handler(m *Metrics, checks []ReadyCheck) http.Handler {
	ready := &readiness{checks: checks, ttl: 5 * time.Second, timeout: 3 * time.Second}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{Registry: m.Registry, EnableOpenMetrics: true}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ok, status := ready.get(r.Context())
		w.Header().Set("Content-Type", "application/json")
		if !ok {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"ready": ok, "checks": status})
	})
	return mux
}
