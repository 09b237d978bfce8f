package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/everruns/reconciler/internal/cost"
)

type costOptions struct {
	file, output string
}

// newCostCommand: reconciler cost -f FILE [-o text|json]. Exit 1 when the
// estimate exceeds the file's budget.
func newCostCommand(streams IO) *cobra.Command {
	o := costOptions{output: "text"}
	cmd := &cobra.Command{
		Use:   "cost -f FILE [-o text|json]",
		Short: "Estimate the monthly AWS cost of the file",
		Long: "Estimate the monthly AWS cost of the file at on-demand prices.\n" +
			"Exit 1 when the estimate exceeds the file's budget.",
		Args: noArgs,
		RunE: func(*cobra.Command, []string) error { return o.run(streams) },
	}
	fileFlag(cmd.Flags(), &o.file, "environment `FILE` (- reads standard input)")
	cmd.Flags().StringVarP(&o.output, "output", "o", o.output, "output: text or json")
	return cmd
}

func (o *costOptions) run(streams IO) error {
	if err := oneOf(o.output, "text", "json"); err != nil {
		return err
	}
	env, err := load(o.file, streams.Stdin, streams.Stderr)
	if err != nil {
		return err
	}
	prices, err := cost.PricesFor(env.Region)
	if err != nil {
		return err
	}
	est, err := prices.Estimate(env)
	if err != nil {
		return err
	}
	if o.output == "json" {
		enc := json.NewEncoder(streams.Stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(est)
	} else {
		writeCostText(streams.Stdout, est)
	}
	if est.OverBudget {
		return fmt.Errorf("estimated $%.2f/month exceeds the budget of $%.2f", est.MonthlyUSD, est.BudgetUSD)
	}
	return nil
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
