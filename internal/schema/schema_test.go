package schema

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/invopop/jsonschema"
	sjs "github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

const committed = "../../docs/environment.schema.json"

// The schema editors read (docs/environment.schema.json) must be what the
// binary prints: regenerate with `go run ./cmd/reconciler schema >
// docs/environment.schema.json`.
func TestCommittedSchemaIsCurrent(t *testing.T) {
	want, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(committed)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is stale: run `go generate ./internal/schema && go run ./cmd/reconciler schema > docs/environment.schema.json`", committed)
	}
}

// The compiled-in comments must be those of the source.
func TestCommentsAreCurrent(t *testing.T) {
	var r jsonschema.Reflector
	wd, _ := os.Getwd()
	t.Chdir("../..")
	defer os.Chdir(wd) //nolint:errcheck // t.Chdir restores it too
	if err := r.AddGoComments("github.com/everruns/reconciler", "pkg/desired", jsonschema.WithFullComment()); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r.CommentMap, comments) {
		t.Error("comments_gen.go is stale: run `go generate ./internal/schema`")
	}
}

func compile(t *testing.T) *sjs.Schema {
	t.Helper()
	b, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := sjs.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	c := sjs.NewCompiler()
	if err := c.AddResource(ID, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(ID)
	if err != nil {
		t.Fatalf("compile schema: %v", err)
	}
	return s
}

// instance turns YAML into the JSON value the schema validates.
func instance(t *testing.T, src string) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal([]byte(src), &v); err != nil {
		t.Fatalf("yaml: %v", err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("json: %v", err)
	}
	inst, err := sjs.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return inst
}

func TestSchemaAcceptsShippedFiles(t *testing.T) {
	s := compile(t)
	files, _ := filepath.Glob("../../deploy/examples/*.yaml")
	files = append(files, "../../deploy/environment.yaml")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(instance(t, string(b))); err != nil {
			t.Errorf("%s does not match the schema: %v", f, err)
		}
	}
}

func TestSchemaRejectsBrokenFiles(t *testing.T) {
	s := compile(t)
	b, err := os.ReadFile("../../deploy/environment.yaml")
	if err != nil {
		t.Fatal(err)
	}
	seed := string(b)
	cases := map[string]string{
		"unknown top-level key": seed + "\nfrobnicate: true\n",
		"wrong type":            strings.Replace(seed, "region: us-east-1", "region: [us-east-1]", 1),
		"missing required key":  strings.Replace(seed, "region: us-east-1\n", "", 1),
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			if src == seed {
				t.Fatal("the case did not change the file")
			}
			if err := s.Validate(instance(t, src)); err == nil {
				t.Error("the schema accepted a broken file")
			}
		})
	}
}
