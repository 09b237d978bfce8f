package cli

import (
	"context"
	"fmt"
	"sort"

	"github.com/everruns/reconciler/internal/cost"
)

// runValidate: reconciler validate -f FILE. Exit 0 with a summary of the
// resources by kind, or 1 with every error on stderr.
func runValidate(_ context.Context, args []string, io IO) int {
	fs := newFlags("validate", io)
	file := fs.String("f", "", "environment file (deploy/environment.yaml)")
	if !parse(fs, args) {
		return ExitError
	}
	env := load(*file, io.Stderr)
	if env == nil {
		return ExitError
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
	fmt.Fprintf(io.Stdout, "%s: valid: environment %q in %s, %d resources\n", *file, env.Name, env.Region, len(resources))
	for _, k := range kinds {
		fmt.Fprintf(io.Stdout, "  %-28s %d\n", k, byKind[k])
	}
	// A budget overrun is a warning here and an error for `cost`.
	if prices, err := cost.PricesFor(env.Region); err == nil {
		if est, err := prices.Estimate(env); err == nil && est.OverBudget {
			fmt.Fprintf(io.Stderr, "%s: warning: estimated $%.2f/month exceeds the budget of $%.2f (see reconciler cost)\n",
				*file, est.MonthlyUSD, est.BudgetUSD)
		}
	}
	return ExitOK
}
