package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/everruns/reconciler/internal/adapters"
	"github.com/everruns/reconciler/internal/cli"
	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
)

const lbTarget = "loadbalancer"

// lbFile is the environment file the load balancer tests converge. While
// acm.certificate has no adapter, the HTTPS listener cannot be created
// (its certificate is unsupported), so the tests run on a copy of the
// shipped file whose HTTP listener forwards to the UI and carries the
// path rules; once the adapter lands they run on the shipped file itself.
func lbFile(t *testing.T) string {
	t.Helper()
	if !slices.Contains(adapters.NotYet, "acm.certificate") {
		return envFile
	}
	b, err := os.ReadFile(envFile)
	must(t, "read file", err)
	s := string(b)
	for old, repl := range map[string]string{
		"    http: {port: 80, redirect_to_https: true}\n":                       "    http: {port: 80, default_target_group: ui}\n",
		"    https: {port: 443, certificate: main, default_target_group: ui}\n": "",
	} {
		if !strings.Contains(s, old) {
			t.Fatalf("the shipped file no longer has %q: update lbFile", old)
		}
		s = strings.Replace(s, old, repl, 1)
	}
	path := filepath.Join(t.TempDir(), "environment.yaml")
	must(t, "write file", os.WriteFile(path, []byte(s), 0o600))
	return path
}

// lbRuleListener is the listener the file's path rules attach to.
func lbRuleListener(file string) string {
	if file == envFile {
		return "loadbalancer.listener.https"
	}
	return "loadbalancer.listener.http"
}

// lbApply converges the load balancer tier (and what it depends on).
func lbApply(t *testing.T, file string) {
	t.Helper()
	code, out, errOut := reconciler(t.Context(), "apply", "-f", file, "--target", lbTarget, "--poll-interval", poll)
	if code != cli.ExitOK {
		t.Fatalf("apply exit %d, want 0\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
}

// lbDiff runs diff -o json over the tier and decodes its report.
func lbDiff(t *testing.T, file string) (int, report) {
	t.Helper()
	code, out, errOut := reconciler(t.Context(), "diff", "-f", file, "--target", lbTarget, "--poll-interval", poll, "-o", "json")
	if code != cli.ExitOK && code != cli.ExitChanges {
		t.Fatalf("diff exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	var r report
	lbJSON(t, out, &r)
	return code, r
}

func lbWantInSync(t *testing.T, file string) {
	t.Helper()
	if code, r := lbDiff(t, file); code != cli.ExitOK || len(r.Changes) != 0 || !r.InSync {
		t.Fatalf("diff after apply: exit %d, changes %+v; want exit 0 and no changes", code, r.Changes)
	}
}

// lbClient is the test's own ELBv2 client: a person's console.
func lbClient(f *fake) *elb.Client { return elb.NewFromConfig(fakeawstest.Config(f.url)) }

// From an empty account, apply --target loadbalancer converges the
// network it needs and the whole tier; diff then exits 0, and a second
// apply makes no mutating call.
func TestLoadBalancerConvergesFromEmpty(t *testing.T) {
	f := newFake(t)
	useFake(t, f)
	file := lbFile(t)
	lbApply(t, file)
	for _, op := range []string{"CreateLoadBalancer", "CreateTargetGroup", "CreateListener", "CreateRule", "ModifyLoadBalancerAttributes"} {
		if f.srv.Calls()["elasticloadbalancing:"+op] == 0 {
			t.Errorf("apply from empty never called %s", op)
		}
	}
	lbWantInSync(t, file)
	lb := lbFind(t, lbClient(f), "loadbalancer.alb")
	if out, err := lbClient(f).DescribeLoadBalancers(t.Context(), &elb.DescribeLoadBalancersInput{LoadBalancerArns: []string{lb}}); err != nil ||
		out.LoadBalancers[0].State.Code != elbtypes.LoadBalancerStateEnumActive {
		t.Errorf("load balancer after apply: %+v, %v; want active", out, err)
	}
	f.srv.ResetCalls()
	lbApply(t, file)
	if m := mutations(f.srv.Calls()); len(m) > 0 {
		t.Errorf("apply of a converged tier made mutating calls %v", m)
	}
}

func sortedNames[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func lbJSON(t *testing.T, out string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("diff -o json is not JSON: %v\n%s", err, out)
	}
}
