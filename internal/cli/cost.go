package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/everruns/reconciler/internal/cost"
)

// runCost: reconciler cost -f FILE [-o text|json]. Exit 1 when the
// estimate exceeds the file's budget.
func runCost(_ context.Context, args []string, io IO) int {
	fs := newFlags("cost", io)
	file := fs.String("f", "", "environment file")
	output := fs.String("o", "text", "output: text or json")
	if !parse(fs, args) {
		return ExitError
	}
	if *output != "text" && *output != "json" {
		fmt.Fprintf(io.Stderr, "reconciler cost: -o must be text or json, not %q\n", *output)
		return ExitError
	}
	env := load(*file, io.Stderr)
	if env == nil {
		return ExitError
	}
	prices, err := cost.PricesFor(env.Region)
	if err != nil {
		fmt.Fprintf(io.Stderr, "reconciler cost: %v\n", err)
		return ExitError
	}
	est, err := prices.Estimate(env)
	if err != nil {
		fmt.Fprintf(io.Stderr, "reconciler cost: %v\n", err)
		return ExitError
	}
	if *output == "json" {
		enc := json.NewEncoder(io.Stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(est)
	} else {
		writeCostText(io.Stdout, est)
	}
	if est.OverBudget {
		fmt.Fprintf(io.Stderr, "reconciler cost: estimated $%.2f/month exceeds the budget of $%.2f\n", est.MonthlyUSD, est.BudgetUSD)
		return ExitError
	}
	return ExitOK
}

func writeCostText(w io.Writer, est *cost.Estimate) {
	fmt.Fprintf(w, "Monthly estimate for %s in %s (on-demand prices of %s)\n\n", est.Environment, est.Region, est.PriceDate)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ITEM\tQUANTITY\tUNIT\tUNIT USD\tUSD/MONTH\t")
	for _, it := range est.Items {
		fmt.Fprintf(tw, "%s\t%.2f\t%s\t%.5g\t%.2f\t\n", it.Name, it.Quantity, it.Unit, it.UnitUSD, it.MonthlyUSD)
	}
	fmt.Fprintf(tw, "TOTAL\t\t\t\t%.2f\t\n", est.MonthlyUSD)
	_ = tw.Flush()
	fmt.Fprintf(w, "\nAssumptions (set them under usage: in the file): NAT %.0f GB/month, logs %.0f GB/month, ALB %.2g LCU, %.0f secret reads/month.\n",
		est.Assumptions["nat_gb_per_month"], est.Assumptions["log_gb_per_month"], est.Assumptions["alb_lcus"], est.Assumptions["secret_calls_per_month"])
	if est.BudgetUSD > 0 {
		verdict := "within"
		if est.OverBudget {
			verdict = "OVER"
		}
		fmt.Fprintf(w, "Budget: $%.2f/month, %s budget.\n", est.BudgetUSD, verdict)
	}
}
