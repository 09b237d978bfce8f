package desired

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestInvalidFiles loads every file of test/testdata/invalid. The first
// line of each says what must be reported: "# want: LINE: substring".
func TestInvalidFiles(t *testing.T) {
	files, err := filepath.Glob("../../test/testdata/invalid/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 40 {
		t.Fatalf("want at least 40 invalid files, found %d", len(files))
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".yaml"), func(t *testing.T) {
			line, want := readWant(t, f)
			_, diags := Load(f)
			if !diags.HasErrors() {
				t.Fatalf("want an error at line %d containing %q, got none; diagnostics: %v", line, want, diags)
			}
			for _, d := range diags.Errors() {
				if d.File == f && d.Line == line && strings.Contains(d.Message, want) && d.Col > 0 {
					return
				}
			}
			t.Errorf("want an error at %s:%d containing %q, got:\n%s", f, line, want, diags.Error())
		})
	}
}

func readWant(t *testing.T, path string) (int, string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	s.Scan()
	rest, ok := strings.CutPrefix(s.Text(), "# want: ")
	num, want, ok2 := strings.Cut(rest, ": ")
	line, err := strconv.Atoi(num)
	if !ok || !ok2 || err != nil {
		t.Fatalf("first line %q is not \"# want: LINE: substring\"", s.Text())
	}
	return line, want
}

// TestMinimalValid: the base the invalid files are made from is valid, so
// each invalid file fails for its own mutation only.
func TestMinimalValid(t *testing.T) {
	_, diags := Load("../../test/testdata/valid-minimal.yaml")
	if diags.HasErrors() {
		t.Fatalf("diagnostics:\n%s", diags.Error())
	}
}
