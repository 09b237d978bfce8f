package cli

import (
	"github.com/spf13/cobra"

	"github.com/everruns/reconciler/internal/schema"
)

// newSchemaCommand: reconciler schema. Prints the JSON Schema of the file.
func newSchemaCommand(io IO) *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of the file",
		Args:  noArgs,
		RunE: func(*cobra.Command, []string) error {
			b, err := schema.Generate()
			if err != nil {
				return err
			}
			_, err = io.Stdout.Write(b)
			return err
		},
	}
}
