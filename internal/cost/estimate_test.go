package cost

import (
	"math"
	"os"
	"strings"
	"testing"

	"github.com/everruns/reconciler/pkg/desired"
)

func seed(t *testing.T, edits ...string) *desired.Environment {
	t.Helper()
	b, err := os.ReadFile("../../deploy/environment.yaml")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	for i := 0; i+1 < len(edits); i += 2 {
		if !strings.Contains(text, edits[i]) {
			t.Fatalf("edit %q: not in the seed file", edits[i])
		}
		text = strings.Replace(text, edits[i], edits[i+1], 1)
	}
	env, diags := desired.Parse("env.yaml", []byte(text))
	if diags.HasErrors() {
		t.Fatalf("edited seed is invalid: %v", diags.Err())
	}
	return env
}

func estimate(t *testing.T, env *desired.Environment) *Estimate {
	t.Helper()
	p, err := PricesFor("us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	e, err := p.Estimate(env)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func category(e *Estimate, c string) float64 {
	sum := 0.0
	for _, it := range e.Items {
		if it.Category == c {
			sum += it.MonthlyUSD
		}
	}
	return sum
}

func near(a, b float64) bool { return math.Abs(a-b) < 0.015 }

// The seed's shape, priced by hand from the errata's price table.
func TestSeedEstimate(t *testing.T) {
	e := estimate(t, seed(t))
	want := map[string]float64{
		// 1.25 vCPU × 730 h × 0.04048 + 2.5 GB × 730 h × 0.004445
		"fargate": 36.94 + 8.11,
		"nat":     0.045*730 + 20*0.045,
		"ipv4":    3 * 0.005 * 730, // the NAT's EIP and one per ALB zone
		"alb":     0.0225*730 + 0.008*730,
		"rds":     0.016*730 + 20*0.115,
		"secrets": 3*0.40 + 0.05,
		"logs":    5*0.50 + 5*0.03,
	}
	for c, w := range want {
		if got := category(e, c); !near(got, w) {
			t.Errorf("%s = %.2f, want %.2f", c, got, w)
		}
	}
	if !near(e.MonthlyUSD, 130.50) {
		t.Errorf("total = %.2f, want 130.50", e.MonthlyUSD)
	}
}

func TestARM64IsCheaper(t *testing.T) {
	x86 := category(estimate(t, seed(t)), "fargate")
	arm := category(estimate(t, seed(t, "  ui:\n    name: everruns-ui\n", "  ui:\n    name: everruns-ui\n    cpu_architecture: ARM64\n")), "fargate")
	// ui: 0.25 vCPU and 0.5 GB for 730 h at the ARM64 discount.
	if want := x86 - 0.25*730*(0.04048-0.03238) - 0.5*730*(0.004445-0.00356); !near(arm, want) {
		t.Errorf("fargate with ui on ARM64 = %.2f, want %.2f", arm, want)
	}
}

func TestMultiAZDoublesTheDatabase(t *testing.T) {
	single := category(estimate(t, seed(t)), "rds")
	multi := category(estimate(t, seed(t, "multi_az: false", "multi_az: true")), "rds")
	if !near(multi, 2*single) {
		t.Errorf("Multi-AZ rds = %.2f, want twice %.2f", multi, single)
	}
}

func TestNATPerZoneAddsGatewaysAndAddresses(t *testing.T) {
	e := estimate(t, seed(t, "nat_gateways: 1", "nat_gateways: 2"))
	if want := 2*0.045*730 + 20*0.045; !near(category(e, "nat"), want) {
		t.Errorf("nat = %.2f, want %.2f", category(e, "nat"), want)
	}
	if want := 4 * 0.005 * 730; !near(category(e, "ipv4"), want) {
		t.Errorf("ipv4 = %.2f, want %.2f", category(e, "ipv4"), want)
	}
}

func TestUsageFromTheFileOverridesDefaults(t *testing.T) {
	e := estimate(t, seed(t, "nat_gb_per_month: 20", "nat_gb_per_month: 1000"))
	if want := 0.045*730 + 1000*0.045; !near(category(e, "nat"), want) {
		t.Errorf("nat with 1000 GB = %.2f, want %.2f", category(e, "nat"), want)
	}
	if e.Assumptions["nat_gb_per_month"] != 1000 {
		t.Errorf("assumption not reported: %v", e.Assumptions)
	}
}

func TestBudget(t *testing.T) {
	if e := estimate(t, seed(t)); e.OverBudget {
		t.Errorf("the seed file is over its own budget: %.2f > %.2f", e.MonthlyUSD, e.BudgetUSD)
	}
	if e := estimate(t, seed(t, "monthly_usd: 135", "monthly_usd: 100")); !e.OverBudget || e.BudgetUSD != 100 {
		t.Errorf("budget 100: over=%v budget=%v", e.OverBudget, e.BudgetUSD)
	}
}

func TestUnknownPricesAreErrors(t *testing.T) {
	if _, err := PricesFor("eu-west-3"); err == nil {
		t.Error("PricesFor a region without prices succeeded")
	}
	p, _ := PricesFor("us-east-1")
	if _, err := p.Estimate(seed(t, "db.t4g.micro", "db.r6g.large")); err == nil {
		t.Error("an instance class without a price was estimated")
	}
}
