package sources_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"github.com/piiscan/piiscan/sources"
	"github.com/piiscan/piiscan/sources/sourcestest"
)

// withoutDACOverride runs fn with CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH
// dropped from the effective set of every thread, so that mode 000 really
// stops root (tests here run as root, where chmod alone proves nothing).
// The capabilities stay permitted and are raised again afterwards.
func withoutDACOverride(t *testing.T, fn func()) {
	t.Helper()
	if os.Geteuid() != 0 {
		fn() // mode bits already apply
		return
	}
	type capHeader struct {
		version uint32
		pid     int32
	}
	type capData struct{ effective, permitted, inheritable uint32 }
	hdr := capHeader{version: 0x20080522} // _LINUX_CAPABILITY_VERSION_3
	var orig [2]capData
	if _, _, e := syscall.RawSyscall(syscall.SYS_CAPGET, uintptr(unsafe.Pointer(&hdr)), uintptr(unsafe.Pointer(&orig[0])), 0); e != 0 {
		t.Skipf("capget: %v", e)
	}
	set := func(d *[2]capData) syscall.Errno {
		h := capHeader{version: 0x20080522}
		_, _, e := syscall.AllThreadsSyscall(syscall.SYS_CAPSET, uintptr(unsafe.Pointer(&h)), uintptr(unsafe.Pointer(&d[0])), 0)
		return e
	}
	dropped := orig
	dropped[0].effective &^= 1<<1 | 1<<2 // CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
	if e := set(&dropped); e != 0 {
		// Some sandboxes refuse capset (EOPNOTSUPP) but let root change
		// user: the test runs again, whole, as nobody.
		runAsNobody(t)
		return
	}
	defer func() {
		if e := set(&orig); e != 0 {
			t.Fatalf("restore capabilities: %v", e)
		}
	}()
	fn()
}

// runAsNobody runs the test t again in a child process as the user nobody,
// from a copy of the test binary that nobody may run, and fails unless it
// passes there (a skip is not a pass).
func runAsNobody(t *testing.T) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "piiscan-nobody-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	copied := filepath.Join(dir, "test.bin")
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(copied, bin, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(copied, "-test.run=^"+t.Name()+"$", "-test.v", "-test.count=1")
	cmd.Dir = dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	if errors.Is(err, syscall.EPERM) && os.Getenv("CI") != "true" {
		t.Skipf("neither capset nor setuid is permitted here: %v", err)
	}
	if err != nil || !bytes.Contains(out, []byte("--- PASS: "+t.Name())) {
		t.Fatalf("as user nobody: %v\n%s", err, out)
	}
	t.Log("ran as user nobody: capset is not permitted here")
}

func TestLocalUnreadable(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, sourcestest.Files{
		"ok.txt":           []byte("fine\n"),
		"secret.txt":       []byte("locked\n"),
		"locked/inner.txt": []byte("hidden\n"),
	})
	if err := os.Chmod(filepath.Join(dir, "secret.txt"), 0); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(dir, "locked"), 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(filepath.Join(dir, "locked"), 0o755) })
	src, err := sources.NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	withoutDACOverride(t, func() {
		got := listAll(t, src)
		// An unreadable file is listed, and Open says it cannot be read
		// (below); an unreadable directory's files cannot be listed.
		want := map[string]string{
			"ok.txt":     "",
			"secret.txt": "",
			"locked/":    "SKIPPED " + sources.ReasonPermissionDenied,
		}
		if len(got) != len(want) {
			t.Errorf("listed %d objects, want %d: %v", len(got), len(want), got)
		}
		for k, w := range want {
			o, ok := got[k]
			if !ok {
				t.Errorf("missing %q", k)
				continue
			}
			if r := skipReason(o); r != w {
				t.Errorf("%q: skip %q, want %q", k, r, w)
			}
		}
		for key, want := range map[string]string{"ok.txt": "", "secret.txt": "SKIPPED " + sources.ReasonPermissionDenied} {
			rc, err := src.Open(context.Background(), got[key])
			var oe *sources.ObjectError
			switch {
			case want == "" && err != nil:
				t.Errorf("Open(%s) = %v, want it open", key, err)
			case want == "":
				rc.Close()
			case err == nil:
				rc.Close()
				t.Errorf("Open(%s) succeeded, want %s", key, want)
			case !errors.As(err, &oe) || oe.Status+" "+oe.Reason != want:
				t.Errorf("Open(%s) = %v, want %s", key, err, want)
			}
		}
		// An unreadable root makes the listing impossible: an error naming it.
		locked, err := sources.NewLocal(filepath.Join(dir, "locked"))
		if err != nil {
			t.Fatal(err)
		}
		err = locked.List(context.Background(), func(sources.Object) error { return nil })
		if err == nil || !strings.Contains(err.Error(), "locked") {
			t.Errorf("List of an unreadable root = %v, want an error naming it", err)
		}
	})
}
