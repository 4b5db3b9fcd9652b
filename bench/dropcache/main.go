//go:build linux

// Command dropcache asks the kernel to drop the page cache of every regular
// file under the directories it is given (posix_fadvise
// POSIX_FADV_DONTNEED), so that bench/run.sh can time scans that read from
// the disk without root's /proc/sys/vm/drop_caches, and without dropping
// the rest of the machine's cache. Pages a process has mapped, or not yet
// written back, stay.
//
//	go run ./bench/dropcache .cache/bench-corpus-500MB
package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: dropcache DIR...")
		os.Exit(2)
	}
	failed := false
	for _, root := range os.Args[1:] {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() {
				return err
			}
			f, err := os.Open(path)
			if err != nil {
				return err
			}
			defer f.Close()
			if err := unix.Fadvise(int(f.Fd()), 0, 0, unix.FADV_DONTNEED); err != nil {
				return fmt.Errorf("%s: fadvise: %w", path, err)
			}
			return nil
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, "dropcache:", err)
			failed = true
		}
	}
	if failed {
		os.Exit(1)
	}
}
