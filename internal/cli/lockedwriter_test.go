package cli

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// An apply prints from many goroutines at once (the engine's progress and
// the registry's trouble, seen racing on one buffer under -race in e2e):
// through Main's writer every line arrives whole.
func TestConcurrentPrintsKeepTheirLinesWhole(t *testing.T) {
	var buf bytes.Buffer
	w := &lockedWriter{w: &buf}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				fmt.Fprintf(w, "goroutine %d line %d %s\n", g, i, strings.Repeat("x", 64))
			}
		})
	}
	wg.Wait()
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 8*200 {
		t.Fatalf("%d lines, want %d", len(lines), 8*200)
	}
	for _, l := range lines {
		var g, i int
		var xs string
		if n, err := fmt.Sscanf(l, "goroutine %d line %d %s", &g, &i, &xs); n != 3 || err != nil || len(xs) != 64 {
			t.Fatalf("a line not whole: %q", l)
		}
	}
}
