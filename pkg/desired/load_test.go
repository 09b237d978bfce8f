package desired

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A file that cannot be read is a problem of the whole file: it is
// reported at no position, with the system's reason and not the path
// twice.
func TestUnreadableFilesHaveNoPosition(t *testing.T) {
	dir := t.TempDir()
	for name, tc := range map[string]struct {
		path, want string
	}{
		"missing":     {filepath.Join(dir, "nope.yaml"), filepath.Join(dir, "nope.yaml") + ": no such file"},
		"a directory": {dir, dir + ": is a directory"},
	} {
		_, diags := Load(tc.path)
		if len(diags) != 1 || diags[0].Line != 0 || diags[0].String() != tc.want {
			t.Errorf("%s: %v, want one diagnostic %q", name, diags, tc.want)
		}
	}
}

// LoadReader reads a stream as Load reads a file, with the same limit,
// naming it as told.
func TestLoadReaderNamesTheStream(t *testing.T) {
	seed, err := os.ReadFile("../../deploy/environment.yaml")
	if err != nil {
		t.Fatal(err)
	}
	env, diags := LoadReader("<stdin>", bytes.NewReader(seed))
	if env == nil || diags.HasErrors() {
		t.Fatalf("the seed file from a stream: %v", diags)
	}
	_, diags = LoadReader("<stdin>", strings.NewReader("name: [unclosed\n"))
	if len(diags) == 0 || !strings.HasPrefix(diags[0].String(), "<stdin>:1:") {
		t.Errorf("a bad stream: %v, want <stdin>:1:…", diags)
	}
	_, diags = LoadReader("<stdin>", bytes.NewReader(make([]byte, MaxFileSize+1)))
	if len(diags) != 1 || diags[0].String() != "<stdin>: file is larger than the 1048576-byte limit" {
		t.Errorf("a huge stream: %v", diags)
	}
}
