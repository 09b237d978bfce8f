// Package schema generates the JSON Schema of environment.yaml from the Go
// types of pkg/desired, so that editors can complete and check the file and
// the schema can never disagree with the loader.
package schema

//go:generate go run ./gen

import (
	"encoding/json"
	"fmt"

	"github.com/invopop/jsonschema"

	"github.com/everruns/reconciler/pkg/desired"
)

// ID is the schema's $id.
const ID = "https://everruns.dev/schemas/environment.schema.json"

// Generate returns the JSON Schema of the file, indented, with the field
// documentation of pkg/desired as descriptions.
func Generate() ([]byte, error) {
	r := &jsonschema.Reflector{
		// Field names and optionality come from the json tags, which match
		// the yaml tags; unknown keys are refused, as the loader does.
		CommentMap:     comments,
		ExpandedStruct: true,
	}
	s := r.Reflect(&desired.Environment{})
	s.ID = ID
	s.Title = "Everruns environment"
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode schema: %w", err)
	}
	return append(b, '\n'), nil
}
