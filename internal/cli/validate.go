package cli

import (
	"fmt"
	"sort"

	"github.com/spf13/cobra"

	"github.com/everruns/reconciler/internal/cost"
)

type validateOptions struct {
	file string
}

// newValidateCommand: reconciler validate -f FILE. Exit 0 with a summary
// of the resources by kind, or 1 with every error on stderr.
func newValidateCommand(io IO) *cobra.Command {
	var o validateOptions
	cmd := &cobra.Command{
		Use:   "validate -f FILE",
		Short: "Load and validate the file only",
		Long: "Load and validate the environment file, and print its resources by kind.\n" +
			"Every error is printed on stderr as FILE:LINE:COL: message; nothing calls AWS.",
		Example: "  reconciler validate -f deploy/environment.yaml\n  cat environment.yaml | reconciler validate -f -",
		Args:    noArgs,
		RunE:    func(*cobra.Command, []string) error { return o.run(io) },
	}
	fileFlag(cmd.Flags(), &o.file, "environment `FILE` (deploy/environment.yaml; - reads standard input)")
	return cmd
}

func (o *validateOptions) run(io IO) error {
	env, err := load(o.file, io.Stdin, io.Stderr)
	if err != nil {
		return err
	}
	resources := env.Resources()
	byKind := map[string]int{}
	for _, r := range resources {
		byKind[r.Kind]++
	}
	kinds := make([]string, 0, len(byKind))
	for k := range byKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	name := displayName(o.file)
	fmt.Fprintf(io.Stdout, "%s: valid: environment %q in %s, %d resources\n", name, env.Name, env.Region, len(resources))
	for _, k := range kinds {
		fmt.Fprintf(io.Stdout, "  %-28s %d\n", k, byKind[k])
	}
	// A budget overrun is a warning here and an error for `cost`.
	if prices, err := cost.PricesFor(env.Region); err == nil {
		if est, err := prices.Estimate(env); err == nil && est.OverBudget {
			fmt.Fprintf(io.Stderr, "%s: warning: estimated $%.2f/month exceeds the budget of $%.2f (see reconciler cost)\n",
				name, est.MonthlyUSD, est.BudgetUSD)
		}
	}
	return nil
}
