package e2e

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/everruns/reconciler/internal/cli"
	"github.com/everruns/reconciler/internal/source/sourcetest"
)

// shippedWith writes the shipped file with extra appended, in a temporary
// directory, and returns its path.
func shippedWith(t *testing.T, extra string) string {
	t.Helper()
	seed, err := os.ReadFile(envFile)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "environment.yaml")
	if err := os.WriteFile(file, append(seed, []byte("\n"+extra)...), 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

// policyReport is the part of diff's JSON the policy tests read.
type policyReport struct {
	Changes []struct {
		Address    string `json:"address"`
		Action     string `json:"action"`
		ReportOnly bool   `json:"report_only"`
	} `json:"changes"`
	InSync bool `json:"in_sync"`
}

func diffFile(t *testing.T, file string) (int, policyReport) {
	t.Helper()
	code, out, errOut := reconciler(t.Context(), "diff", "-f", file, "--target", target, "--poll-interval", poll, "-o", "json")
	if code != cli.ExitOK && code != cli.ExitChanges {
		t.Fatalf("diff exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	var r policyReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("diff -o json is not JSON: %v\n%s", err, out)
	}
	return code, r
}

func (r policyReport) change(addr string) (action string, reportOnly, ok bool) {
	for _, c := range r.Changes {
		if c.Address == addr {
			return c.Action, c.ReportOnly, true
		}
	}
	return "", false, false
}

// With reconciler: {suspend: true}, drift is reported and nothing is
// repaired: apply only observes (exit 1, changes remain), and the daemon's
// passes make no mutating call and set reconciler_suspended 1. Lifting
// the suspension in the file lets the daemon repair.
func TestSuspendedFileRepairsNothing(t *testing.T) {
	f := newFake(t)
	useFake(t, f)
	apply(t)
	file := shippedWith(t, "reconciler: {suspend: true}\n")
	revokeDefaultEgress(t, f, groupID(t, f, "network.security_group.alb"))

	f.srv.ResetCalls()
	code, out, errOut := reconciler(t.Context(), "apply", "-f", file, "--target", target, "--poll-interval", poll)
	if code != cli.ExitError || !strings.Contains(errOut, "suspend") || !strings.Contains(out, "network.security_group.alb") {
		t.Errorf("apply of a suspended file: exit %d (want 1), stdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if m := mutations(f.srv.Calls()); len(m) > 0 {
		t.Errorf("apply of a suspended file made mutating calls %v", m)
	}

	f.srv.ResetCalls()
	base, stop, stderr := startDaemon(t, file)
	eventually(t, "a suspended pass to finish", func() bool {
		return strings.Contains(stderr.String(), `"msg":"pass finished"`)
	})
	if m := mutations(f.srv.Calls()); len(m) > 0 {
		t.Errorf("the daemon's suspended pass made mutating calls %v", m)
	}
	if body := get(t, base+"/metrics").body; !strings.Contains(body, "reconciler_suspended 1") {
		t.Errorf("/metrics lacks reconciler_suspended 1")
	}
	drift := get(t, base+"/drift").body
	if !strings.Contains(drift, "network.security_group.alb") || !strings.Contains(drift, "suspended by the file") {
		t.Errorf("/drift does not report the drift and the suspension:\n%s", drift)
	}

	// A new commit lifts the suspension: the next pass repairs.
	seed, err := os.ReadFile(envFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, seed, 0o600); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the daemon to repair once the suspension is lifted", func() bool { return inSync(t) })
	eventually(t, "reconciler_suspended 0", func() bool {
		return strings.Contains(get(t, base+"/metrics").body, "reconciler_suspended 0")
	})
	if code := stop(); code != cli.ExitOK {
		t.Errorf("daemon exit %d", code)
	}
}

// drift_policy per resource, in one apply: the load balancer's group is
// report-only (its drift is reported, not repaired), the ECS group is
// repaired, and the VPC's DNS hostnames, ignored, are not even reported.
func TestDriftPolicyPerResource(t *testing.T) {
	f := newFake(t)
	useFake(t, f)
	apply(t)
	file := shippedWith(t, `drift_policy:
  network.security_group.alb: {drift: report}
  network.vpc: {ignore: [enable_dns_hostnames]}
`)
	driftTwoWays(t, f) // VPC DNS hostnames off, SSH opened on alb
	revokeDefaultEgress(t, f, groupID(t, f, "network.security_group.ecs"))

	code, r := diffFile(t, file)
	if code != cli.ExitChanges {
		t.Errorf("diff exit %d, want %d", code, cli.ExitChanges)
	}
	if action, reportOnly, ok := r.change("network.security_group.alb"); !ok || action != "update" || !reportOnly {
		t.Errorf("alb group: %q report_only %v (reported %v); want an update marked report_only", action, reportOnly, ok)
	}
	if action, reportOnly, ok := r.change("network.security_group.ecs"); !ok || action != "update" || reportOnly {
		t.Errorf("ecs group: %q report_only %v (reported %v); want an update to repair", action, reportOnly, ok)
	}
	if _, _, ok := r.change("network.vpc"); ok {
		t.Error("the VPC's ignored field is reported")
	}

	f.srv.ResetCalls()
	code, out, errOut := reconciler(t.Context(), "apply", "-f", file, "--target", target, "--poll-interval", poll)
	if code != cli.ExitOK || !strings.Contains(out, "drift (report only)") {
		t.Fatalf("apply exit %d, want 0 with the report-only drift shown\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	calls := f.srv.Calls()
	if calls["ec2:AuthorizeSecurityGroupEgress"] == 0 {
		t.Errorf("the ECS group's egress was not restored; calls %v", mutations(calls))
	}
	for _, op := range []string{"ec2:RevokeSecurityGroupIngress", "ec2:ModifyVpcAttribute"} {
		if calls[op] > 0 {
			t.Errorf("%s called: a report-only or ignored drift was acted on", op)
		}
	}
	vpc, err := f.ec2.DescribeVpcAttribute(t.Context(), &ec2.DescribeVpcAttributeInput{VpcId: aws.String(vpcID(t, f)), Attribute: "enableDnsHostnames"})
	must(t, "DescribeVpcAttribute", err)
	if aws.ToBool(vpc.EnableDnsHostnames.Value) {
		t.Error("the ignored VPC attribute was changed back")
	}
	code, r = diffFile(t, file)
	if action, reportOnly, ok := r.change("network.security_group.alb"); code != cli.ExitChanges || len(r.Changes) != 1 || !ok || action != "update" || !reportOnly {
		t.Errorf("after apply: exit %d, changes %+v; want exit 2 with only the alb group's report-only drift", code, r.Changes)
	}
}

// Inside a freeze window (one always open here, so that no timing is
// asserted) the daemon following git repairs nothing; a commit whose
// message carries the override token is acted on, and the override is
// logged.
func TestFreezeWindowOverrideThroughGit(t *testing.T) {
	f := newFake(t)
	useFake(t, f)
	apply(t)
	seed, err := os.ReadFile(envFile)
	if err != nil {
		t.Fatal(err)
	}
	frozen := string(seed) + `
reconciler:
  freeze_windows:
    - {start: "* * * * *", duration: 1h}
  override_token: "[freeze-override]"
`
	repo := sourcetest.NewRepo(t)
	first := repo.CommitMessage(t, "deploy/environment.yaml", []byte(frozen), "routine change")
	revokeDefaultEgress(t, f, groupID(t, f, "network.security_group.alb"))

	f.srv.ResetCalls()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var stderr lockedBuffer
	done := make(chan int, 1)
	go func() {
		done <- cli.Main(ctx, []string{"run", "--git-url", repo.URL, "--git-poll", "10ms", "--target", target,
			"--poll-interval", poll, "--interval", "1h", "--listen", "127.0.0.1:0", "--log-format", "json"},
			cli.IO{Stdout: &lockedBuffer{}, Stderr: &stderr})
	}()
	base := "http://" + listenAddr(t, &stderr, done)
	eventually(t, "a frozen pass at the first commit", func() bool {
		d := readDrift(t, base)
		return d.Revision == first && strings.Contains(stderr.String(), `"msg":"pass finished"`)
	})
	if m := mutations(f.srv.Calls()); len(m) > 0 {
		t.Errorf("a pass inside the freeze window made mutating calls %v", m)
	}
	if d := get(t, base+"/drift").body; !strings.Contains(d, "network.security_group.alb") || !strings.Contains(d, "freeze window") {
		t.Errorf("/drift does not report the drift and the freeze:\n%s", d)
	}
	if m := get(t, base+"/metrics").body; !strings.Contains(m, "reconciler_frozen 1") {
		t.Error("/metrics lacks reconciler_frozen 1")
	}

	repo.CommitMessage(t, "deploy/environment.yaml", []byte(frozen+"# hotfix\n"), "hotfix: restore egress\n\n[freeze-override]\n")
	eventually(t, "the overriding commit to be acted on", func() bool { return inSync(t) })
	if !strings.Contains(stderr.String(), "freeze window overridden") {
		t.Errorf("the override was not logged:\n%s", stderr.String())
	}
	// The pass records its metrics once it has finished acting.
	eventually(t, "reconciler_frozen 0 after the override", func() bool {
		return strings.Contains(get(t, base+"/metrics").body, "reconciler_frozen 0")
	})
	cancel()
	if code := <-done; code != cli.ExitOK {
		t.Errorf("daemon exit %d", code)
	}
}
