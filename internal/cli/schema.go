package cli

import (
	"context"
	"fmt"

	"github.com/everruns/reconciler/internal/schema"
)

// runSchema: reconciler schema. Prints the JSON Schema of the file.
func runSchema(_ context.Context, args []string, io IO) int {
	fs := newFlags("schema", io)
	if !parse(fs, args) {
		return ExitError
	}
	b, err := schema.Generate()
	if err != nil {
		fmt.Fprintf(io.Stderr, "reconciler schema: %v\n", err)
		return ExitError
	}
	_, _ = io.Stdout.Write(b)
	return ExitOK
}
