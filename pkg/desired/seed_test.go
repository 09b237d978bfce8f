package desired

import (
	"path/filepath"
	"testing"
)

// TestShippedFilesValidate: deploy/environment.yaml and every example load
// with no error and no warning.
func TestShippedFilesValidate(t *testing.T) {
	files, err := filepath.Glob("../../deploy/examples/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, "../../deploy/environment.yaml")
	if len(files) < 2 {
		t.Fatalf("want the environment and at least one example, found %v", files)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			env, diags := Load(f)
			if len(diags) != 0 {
				t.Fatalf("diagnostics:\n%v", diags.Error())
			}
			if len(env.Resources()) == 0 {
				t.Fatal("no resources")
			}
		})
	}
}
