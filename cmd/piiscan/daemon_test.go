package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func writeTemp(t *testing.T, name, data string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestDaemonCheckConfigListsEveryProblem(t *testing.T) {
	cfg := writeTemp(t, "bad.yaml", `
listen: nowhere
log: {level: loud}
queue:
  url: https://sqs.us-east-1.amazonaws.com/1/q
  maxInFlight: 0
  waitTime: 30s
scan:
  identifiers: [NO_SUCH_IDENTIFIER]
`)
	_, stderr, code := piiscan(t, "daemon", "--config", cfg, "--check-config")
	if code != exitError {
		t.Fatalf("exit %d, want %d; stderr: %s", code, exitError, stderr)
	}
	for _, want := range []string{"invalid configuration", `listen "nowhere"`, `log.level "loud"`, "queue.waitTime 30s", "queue.url needs results.url", "NO_SUCH_IDENTIFIER"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}

func TestDaemonCheckConfigUnknownField(t *testing.T) {
	_, stderr, code := piiscan(t, "daemon", "--config", writeTemp(t, "c.yaml", "queu:\n  url: x\n"), "--check-config")
	if code != exitError || !strings.Contains(stderr, "queu") {
		t.Fatalf("exit %d; stderr: %s", code, stderr)
	}
}

// TestDaemonOverrides: flags beat environment variables, which beat the file.
func TestDaemonOverrides(t *testing.T) {
	cfg := writeTemp(t, "c.json", `{"listen":":1111","results":{"url":"s3://r","kmsKeyId":"alias/k"},
"queue":{"url":"https://sqs.us-east-1.amazonaws.com/1/from-file","deadLetterQueueUrl":"https://sqs.us-east-1.amazonaws.com/1/dlq"}}`)
	cmd := exec.Command(binary, "daemon", "--config", cfg, "--check-config", "--max-in-flight", "3")
	cmd.Env = append(os.Environ(), "PIISCAN_LISTEN=:2222", "PIISCAN_QUEUE_URL=https://sqs.us-east-1.amazonaws.com/1/from-env", "PIISCAN_MAX_IN_FLIGHT=9")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for _, want := range []string{"listen: :2222", "queue: https://sqs.us-east-1.amazonaws.com/1/from-env (in flight 3,", "results: s3://r (KMS key alias/k)"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
}

// TestDaemonNothingToDo: with neither queue nor job the daemon still
// starts, serves metrics and health, warns, and exits 0 on SIGTERM.
func TestDaemonNothingToDo(t *testing.T) {
	cmd := exec.Command(binary, "daemon", "--listen", "127.0.0.1:0")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := bufio.NewScanner(stderr)
	var addr string
	warned := false
	for addr == "" || !warned {
		if !lines.Scan() {
			t.Fatalf("daemon stopped logging: %v", lines.Err())
		}
		var entry struct {
			Level, Msg, Listen string
		}
		if err := json.Unmarshal(lines.Bytes(), &entry); err != nil {
			t.Fatalf("log line is not JSON: %s", lines.Bytes())
		}
		switch {
		case entry.Msg == "daemon started":
			addr = entry.Listen
		case entry.Level == "WARN" && strings.Contains(entry.Msg, "nothing to do"):
			warned = true
		}
	}
	go func() { _, _ = io.Copy(io.Discard, stderr) }()
	for _, path := range []string{"/metrics", "/healthz", "/readyz"} {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", path, resp.StatusCode)
		}
		if path == "/metrics" && !strings.Contains(string(body), "piiscan_build_info{") {
			t.Errorf("/metrics has no build info")
		}
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no exit 10 s after SIGTERM")
	}
}

func TestDaemonListenInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, stderr, code := piiscan(t, "daemon", "--listen", ln.Addr().String())
	if code != exitError || !strings.Contains(stderr, "listen") {
		t.Fatalf("exit %d; stderr: %s", code, stderr)
	}
}
