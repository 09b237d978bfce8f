package desired

import (
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func cmpStrings(want, got []string) string {
	if d := cmp.Diff(want, got); d != "" {
		return "(-want +got):\n" + d
	}
	return ""
}
