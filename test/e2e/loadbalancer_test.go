package e2e

import (
	"encoding/json"
	"net/http"
	"sort"
	"testing"

	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/everruns/reconciler/internal/cli"
	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
)

const lbTarget = "loadbalancer"

// lbNewFake is a fake where the certificate's validation CNAME already
// exists, as if a person had created it at the DNS provider ahead of
// time: the certificate is ISSUED shortly after it is requested, and the
// HTTPS listener follows.
func lbNewFake(t *testing.T) *fake {
	t.Helper()
	f := newFake(t)
	resp, err := http.Post(f.url+"/_devcloud/acm/validate?domain=poc.everruns.com", "", nil)
	must(t, "validate hook", err)
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		t.Fatalf("validate hook: %s", resp.Status)
	}
	useFake(t, f)
	return f
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
	f := lbNewFake(t)
	file := envFile
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
	c := lbClient(f)
	if got, want := lbDefaultForward(t, c, "loadbalancer.listener.https"), lbFind(t, c, "loadbalancer.target_group.ui"); got != want {
		t.Errorf("HTTPS listener forwards to %q, want the UI group %s", got, want)
	}
	if lbDefaultForward(t, c, "loadbalancer.listener.http") != "" {
		t.Error("HTTP listener forwards; want the redirect to HTTPS")
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
