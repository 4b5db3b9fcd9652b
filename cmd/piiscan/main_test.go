package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/piiscan/piiscan/testcorpus"
)

// The CLI is tested as a user runs it: a built binary, its exit status,
// stdout and stderr.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "piiscan-cli")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "piiscan")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		os.Stderr.Write(out)
		os.Exit(2)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func piiscan(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		code = exit.ExitCode()
	default:
		t.Fatalf("run piiscan: %v", err)
	}
	return o.String(), e.String(), code
}

const sampleDir = "../../testcorpus/sample"

func TestScanSampleJSON(t *testing.T) {
	stdout, stderr, code := piiscan(t, "scan", "--format", "json", sampleDir)
	if code != exitFindings {
		t.Fatalf("exit %d, want %d (findings); stderr: %s", code, exitFindings, stderr)
	}
	entries, err := os.ReadDir(sampleDir)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != len(entries) {
		t.Errorf("%d records for %d files", len(lines), len(entries))
	}
	statuses := make(map[string]string)
	for _, line := range lines {
		var rec struct {
			ClassificationDetails struct {
				Result struct {
					Status struct{ Code, Reason string }
				}
			}
			ResourcesAffected struct{ S3Object struct{ Key string } }
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("not a JSON record: %v: %s", err, line)
		}
		statuses[rec.ResourcesAffected.S3Object.Key] = rec.ClassificationDetails.Result.Status.Code + " " + rec.ClassificationDetails.Result.Status.Reason
	}
	if got := statuses["logo.png"]; got != "SKIPPED UNSUPPORTED_FILE_TYPE_EXCEPTION" {
		t.Errorf("logo.png: %q, want SKIPPED UNSUPPORTED_FILE_TYPE_EXCEPTION", got)
	}
	if got := statuses["customers.csv"]; got != "COMPLETE " {
		t.Errorf("customers.csv: %q, want COMPLETE", got)
	}
}

func TestScanSampleTable(t *testing.T) {
	stdout, _, code := piiscan(t, "scan", "--format", "table", "--progress", "never", sampleDir)
	if code != exitFindings {
		t.Fatalf("exit %d, want %d", code, exitFindings)
	}
	for _, want := range []string{"Findings by type", "CREDIT_CARD_NUMBER", "UNSUPPORTED_FILE_TYPE_EXCEPTION", "Top files"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("summary lacks %q:\n%s", want, stdout)
		}
	}
}

func TestExitCodes(t *testing.T) {
	clean := t.TempDir()
	if err := os.WriteFile(filepath.Join(clean, "hello.txt"), []byte("nothing sensitive here\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	emailOnly := t.TempDir()
	if err := os.WriteFile(filepath.Join(emailOnly, "a.txt"), []byte("write to jane.doe@example.org\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     []string
		code     int
		inStderr string
	}{
		{"clean directory", []string{"scan", "--format", "json", clean}, exitClean, ""},
		{"findings", []string{"scan", "--format", "json", sampleDir}, exitFindings, ""},
		{"LOW finding under --fail-on HIGH", []string{"scan", "--format", "json", "--fail-on", "HIGH", emailOnly}, exitClean, ""},
		{"LOW finding under --fail-on LOW", []string{"scan", "--format", "json", "--fail-on", "low", emailOnly}, exitFindings, ""},
		{"--fail-on NEVER", []string{"scan", "--format", "json", "--fail-on", "NEVER", sampleDir}, exitClean, ""},
		{"bad format", []string{"scan", "--format", "xml", clean}, exitError, "--format"},
		{"bad fail-on", []string{"scan", "--fail-on", "SEVERE", clean}, exitError, "--fail-on"},
		{"bad workers", []string{"scan", "--workers", "0", clean}, exitError, "--workers"},
		{"missing path", []string{"scan", filepath.Join(clean, "nope")}, exitError, "nope"},
		{"no path", []string{"scan"}, exitError, "nothing to scan"},
		{"unknown flag", []string{"scan", "--frobnicate", clean}, exitError, "frobnicate"},
		{"unknown identifier", []string{"scan", "--identifiers", "NOT_A_THING", clean}, exitError, "NOT_A_THING"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := piiscan(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tt.code, stderr)
			}
			if tt.inStderr != "" && !strings.Contains(stderr, tt.inStderr) {
				t.Errorf("stderr %q does not mention %q", stderr, tt.inStderr)
			}
		})
	}
}

func TestCustomIdentifierAndAllowList(t *testing.T) {
	dir := t.TempDir()
	data := "employee id EMP-123456 and EMP-999999\nmail jane.doe@example.org and ops@example.org\n"
	if err := os.WriteFile(filepath.Join(dir, "hr.txt"), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	custom := filepath.Join(t.TempDir(), "custom.json")
	if err := os.WriteFile(custom, []byte(`{"name":"EMPLOYEE_ID","regex":"EMP-[0-9]{6}","keywords":["employee id"],"maximumMatchDistance":20}`), 0o644); err != nil {
		t.Fatal(err)
	}
	allow := filepath.Join(t.TempDir(), "allow.txt")
	if err := os.WriteFile(allow, []byte("ops@example.org\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := piiscan(t, "scan", "--format", "json", "--custom-identifiers", custom, "--allow-list", allow, dir)
	if code != exitFindings {
		t.Fatalf("exit %d; stderr %s", code, stderr)
	}
	var rec struct {
		ClassificationDetails struct {
			Result struct {
				CustomDataIdentifiers struct {
					Detections []struct {
						Name  string
						Count int
					}
				}
				SensitiveData []struct {
					Detections []struct {
						Type  string
						Count int
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(stdout), &rec); err != nil {
		t.Fatalf("%v: %s", err, stdout)
	}
	res := rec.ClassificationDetails.Result
	if d := res.CustomDataIdentifiers.Detections; len(d) != 1 || d[0].Name != "EMPLOYEE_ID" || d[0].Count != 1 {
		t.Errorf("custom detections %+v, want EMPLOYEE_ID once (the second is too far from its keyword)", d)
	}
	if len(res.SensitiveData) != 1 || res.SensitiveData[0].Detections[0].Count != 1 {
		t.Errorf("sensitive data %+v, want one EMAIL_ADDRESS (the other is allowed)", res.SensitiveData)
	}

	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte(`{"name":"X","regex":"(?=lookahead)x"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code = piiscan(t, "scan", "--custom-identifiers", bad, dir)
	if code != exitError || !strings.Contains(strings.ToLower(stderr), "lookahead") {
		t.Errorf("a lookahead regex: exit %d, stderr %q; want 2 and a message naming lookahead", code, stderr)
	}
}

// TestInterrupt: Ctrl-C mid-scan writes the records of the objects finished
// so far, whole, prints the summary, and exits 130.
func TestInterrupt(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a large corpus")
	}
	dir := t.TempDir()
	if _, err := testcorpus.Generate(dir, testcorpus.Options{Seed: 3, Rows: 2000, Density: 0.02, TotalBytes: 150 << 20,
		Formats: []string{"csv", "jsonl", "txt"}, ManifestPath: filepath.Join(t.TempDir(), "m.json")}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "records.jsonl")
	cmd := exec.Command(binary, "scan", "--workers", "1", "--format", "table", "--progress", "never", "--output", out, dir)
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		if fi, err := os.Stat(out); err == nil && fi.Size() > 0 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("no record written within 60s")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitInterrupted {
		t.Fatalf("exit %v, want %d", err, exitInterrupted)
	}
	if !strings.Contains(stdout.String(), "Objects") {
		t.Errorf("no summary printed after the interrupt:\n%s", stdout.String())
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	files := 0
	filepath.WalkDir(dir, func(_ string, d os.DirEntry, _ error) error {
		if d != nil && !d.IsDir() {
			files++
		}
		return nil
	})
	n := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		n++
		if !json.Valid(sc.Bytes()) {
			t.Fatalf("record %d is not whole JSON", n)
		}
	}
	if n == 0 || n >= files {
		t.Errorf("%d records written for %d files: want some, not all", n, files)
	}
}

func TestIdentifiersTest(t *testing.T) {
	stdout, stderr, code := piiscan(t, "identifiers", "test", "--identifiers", "CREDIT_CARD_NUMBER,USA_SOCIAL_SECURITY_NUMBER",
		"ssn 536-90-4399, card 4556 7375 8689 9855 and card 4556 7375 8689 9856")
	if code != exitClean {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"1:5", "USA_SOCIAL_SECURITY_NUMBER", "match",
		"4556 7375 8689 9856", "no: checksum failed",
		"2 match(es)",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	stdout, _, _ = piiscan(t, "identifiers", "test", "--identifiers", "USA_SOCIAL_SECURITY_NUMBER", "536-90-4399")
	if !strings.Contains(stdout, "no keyword") {
		t.Errorf("an SSN without its keyword is not explained:\n%s", stdout)
	}
	stdout, _, _ = piiscan(t, "identifiers", "test", "--identifiers", "USA_SOCIAL_SECURITY_NUMBER", "--field", "customer_ssn", "536-90-4399")
	if !strings.Contains(stdout, "1 match(es)") {
		t.Errorf("--field customer_ssn does not count as the keyword:\n%s", stdout)
	}
}

func TestIdentifiersList(t *testing.T) {
	stdout, _, code := piiscan(t, "identifiers", "list")
	if code != exitClean {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"ID", "CHECKSUM", "CREDIT_CARD_NUMBER", "luhn", "USA_SOCIAL_SECURITY_NUMBER"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("list lacks %q", want)
		}
	}

	// Custom identifiers are checked and listed after the catalogue.
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	os.WriteFile(good, []byte(`[{"name":"EMPLOYEE_ID","regex":"\\bEMP-\\d{6}\\b","keywords":["staff"],`+
		`"severityLevels":[{"occurrencesThreshold":1,"severity":"LOW"},{"occurrencesThreshold":50,"severity":"HIGH"}]}]`), 0o644)
	stdout, _, code = piiscan(t, "identifiers", "list", "--custom-identifiers", good)
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if last := strings.Fields(lines[len(lines)-1]); code != exitClean || len(last) < 6 || last[0] != "EMPLOYEE_ID" || last[2] != "yes" || !strings.Contains(stdout, "LOW; HIGH from 50") {
		t.Errorf("exit %d, last line %q", code, last)
	}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"name":"X","regex":"a(?=b)"}`), 0o644)
	if _, stderr, code := piiscan(t, "identifiers", "list", "--custom-identifiers", bad); code == exitClean || !strings.Contains(stderr, "lookahead") {
		t.Errorf("a pattern RE2 rejects: exit %d, %s", code, stderr)
	}
}
