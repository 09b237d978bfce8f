package e2e

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/everruns/reconciler/internal/cli"
	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
	"github.com/everruns/reconciler/pkg/iampolicy"
)

const (
	shFile    = "../../deploy/examples/self-hosted.yaml"
	shDomain  = "ops.everruns.com"
	shRole    = "everruns-ops-reconciler"
	shCluster = "everruns-ops"
	shService = "everruns-reconciler"
)

// shValues are what a person puts in the example's operator secrets.
var shValues = map[string]string{
	"everruns/ops/ghcr":    `{"username":"e2e-bot","password":"ghp-e2e-GHCR-value"}`,
	"everruns/ops/github":  `{"token":"github_pat_e2e-TOKEN-value"}`,
	"everruns/ops/webhook": `{"secret":"e2e-WEBHOOK-value"}`,
}

// shRun runs the command line on file with fast readiness polls.
func shRun(t *testing.T, file string, args ...string) (int, string, string) {
	t.Helper()
	return reconciler(t.Context(), append(append([]string{}, args...), "-f", file, "--poll-interval", poll)...)
}

// shBootstrap is the self-hosted path from a laptop: the secrets first
// (apply --target secrets creates them and says what to put), the person
// puts the values and creates the certificate's validation record, then
// one apply creates everything else, the reconciler itself included.
func shBootstrap(t *testing.T) *fake {
	t.Helper()
	f := newFake(t)
	useFake(t, f)
	resp, err := http.Post(f.url+"/_devcloud/acm/validate?domain="+url.QueryEscape(shDomain), "", nil)
	must(t, "validate hook", err)
	resp.Body.Close()
	code, out, errOut := shRun(t, shFile, "apply", "--target", "secrets")
	if code != cli.ExitError || !strings.Contains(out+errOut, "put-secret-value") {
		t.Fatalf("apply --target secrets: exit %d, want 1 saying how to put the values\n%s\n%s", code, out, errOut)
	}
	client := sm.NewFromConfig(fakeawstest.Config(f.url))
	for name, v := range shValues {
		_, err := client.PutSecretValue(t.Context(), &sm.PutSecretValueInput{SecretId: aws.String(name), SecretString: aws.String(v)})
		must(t, "PutSecretValue", err)
	}
	f.srv.ResetCalls()
	if code, out, errOut := shRun(t, shFile, "apply"); code != cli.ExitOK {
		t.Fatalf("apply: exit %d, want 0\n%s\n%s", code, out, errOut)
	}
	return f
}

// One apply of the self-hosted example creates the reconciler's role with
// exactly the policy `reconciler iam-policy` prints for the file, its task
// definition running the daemon on the branch, and its service with the
// circuit breaker and rollback; diff then exits 0.
func TestSelfHostedBootstrap(t *testing.T) {
	f := shBootstrap(t)
	for _, op := range []string{"iam:CreateRole", "iam:PutRolePolicy", "ecs:RegisterTaskDefinition", "ecs:CreateService", "elasticloadbalancing:CreateRule"} {
		if f.srv.Calls()[op] == 0 {
			t.Errorf("the apply never called %s", op)
		}
	}
	roleARN := shWantRolePolicy(t, f)
	shWantService(t, f, roleARN)
	code, out, errOut := shRun(t, shFile, "diff", "-o", "json")
	if code != cli.ExitOK {
		t.Fatalf("diff after apply: exit %d, want 0\n%s\n%s", code, out, errOut)
	}
}

// shWantRolePolicy checks the role's inline policy against iam-policy's
// output, both in canonical form, and returns the role's ARN.
func shWantRolePolicy(t *testing.T, f *fake) string {
	t.Helper()
	c := iam.NewFromConfig(fakeawstest.Config(f.url))
	role, err := c.GetRole(t.Context(), &iam.GetRoleInput{RoleName: aws.String(shRole)})
	must(t, "GetRole", err)
	if p := aws.ToString(role.Role.Path); p != "/everruns/everruns/ops/" {
		t.Errorf("role path %q", p)
	}
	pol, err := c.GetRolePolicy(t.Context(), &iam.GetRolePolicyInput{RoleName: aws.String(shRole), PolicyName: aws.String("everruns")})
	must(t, "GetRolePolicy", err)
	code, printed, errOut := reconciler(t.Context(), "iam-policy", "-f", shFile)
	if code != cli.ExitOK {
		t.Fatalf("iam-policy: exit %d\n%s", code, errOut)
	}
	want, err := iampolicy.Canonical(printed)
	must(t, "canonical iam-policy output", err)
	if got := iampolicy.Observed(aws.ToString(pol.PolicyDocument)); got != want {
		t.Errorf("the role's inline policy differs from iam-policy's output:\nrole:       %s\niam-policy: %s", got, want)
	}
	for _, s := range []string{"table/everruns-ops-reconciler-lease", "secret:everruns/ops/github-??????", "secret:everruns/ops/webhook-??????", "iam:PassRole"} {
		if !strings.Contains(want, s) {
			t.Errorf("the generated policy lacks %s", s)
		}
	}
	return aws.ToString(role.Role.Arn)
}

// shWantService checks the daemon's service and task definition as ECS
// holds them.
func shWantService(t *testing.T, f *fake, roleARN string) {
	t.Helper()
	c := ecs.NewFromConfig(fakeawstest.Config(f.url))
	out, err := c.DescribeServices(t.Context(), &ecs.DescribeServicesInput{Cluster: aws.String(shCluster), Services: []string{shService}})
	must(t, "DescribeServices", err)
	if len(out.Services) != 1 {
		t.Fatalf("services %+v, want %s", out.Services, shService)
	}
	s := out.Services[0]
	cb := s.DeploymentConfiguration.DeploymentCircuitBreaker
	if cb == nil || !cb.Enable || !cb.Rollback || s.DesiredCount != 2 || len(s.LoadBalancers) != 1 || aws.ToInt32(s.LoadBalancers[0].ContainerPort) != 8080 {
		t.Errorf("service: circuit breaker %+v, desired %d, load balancers %+v", cb, s.DesiredCount, s.LoadBalancers)
	}
	td, err := c.DescribeTaskDefinition(t.Context(), &ecs.DescribeTaskDefinitionInput{TaskDefinition: s.TaskDefinition})
	must(t, "DescribeTaskDefinition", err)
	def := td.TaskDefinition
	if aws.ToString(def.TaskRoleArn) != roleARN {
		t.Errorf("task role %s, want the reconciler's %s", aws.ToString(def.TaskRoleArn), roleARN)
	}
	ct := def.ContainerDefinitions[0]
	cmd := strings.Join(ct.Command, " ")
	for _, want := range []string{"run --git-url https://github.com/everruns/infrastructure --git-branch main --git-path deploy/examples/self-hosted.yaml",
		"--lease-table everruns-ops-reconciler-lease", "--webhook-secret-env WEBHOOK_SECRET", "--webhook-path /hooks/github"} {
		if !strings.Contains(cmd, want) {
			t.Errorf("command %q lacks %q", cmd, want)
		}
	}
	var envs []string
	for _, s := range ct.Secrets {
		envs = append(envs, aws.ToString(s.Name))
	}
	slices.Sort(envs)
	if !slices.Equal(envs, []string{"GIT_TOKEN", "WEBHOOK_SECRET"}) {
		t.Errorf("container secrets %v", envs)
	}
}

// A file whose reconciler: section is gone would remove the reconciler:
// diff reports its resources as orphans, and apply deletes none of them.
func TestSelfHostedRemovedSectionIsAnOrphan(t *testing.T) {
	f := shBootstrap(t)
	b, err := os.ReadFile(shFile)
	must(t, "read the example", err)
	text := string(b)
	file := filepath.Join(t.TempDir(), "environment.yaml")
	must(t, "write the file", os.WriteFile(file, []byte(text[:strings.Index(text, "\nreconciler:")+1]), 0o600))

	code, out, errOut := shRun(t, file, "diff", "-o", "json")
	var r report
	lbJSON(t, out, &r)
	orphans := map[string]bool{}
	for _, c := range r.Changes {
		if c.Action == "orphan" {
			orphans[c.Address] = true
		}
	}
	for _, a := range []string{"cluster.role.reconciler", "cluster.role.reconciler-execution", "reconciler.service", "reconciler.task_definition", "reconciler.target_group", "reconciler.rule"} {
		if !orphans[a] {
			t.Errorf("diff does not report %s as an orphan (exit %d)\n%s\n%s", a, code, out, errOut)
		}
	}
	f.srv.ResetCalls()
	code, out, errOut = shRun(t, file, "apply")
	for op := range f.srv.Calls() {
		if _, name, _ := strings.Cut(op, ":"); strings.HasPrefix(name, "Delete") || strings.HasPrefix(name, "Deregister") {
			t.Errorf("apply without the section called %s\n%s\n%s", op, out, errOut)
		}
	}
	if code != cli.ExitOK {
		t.Errorf("apply without the section: exit %d, want 0 (orphans are reported, not acted on)\n%s\n%s", code, out, errOut)
	}
	c := iam.NewFromConfig(fakeawstest.Config(f.url))
	if _, err := c.GetRole(t.Context(), &iam.GetRoleInput{RoleName: aws.String(shRole)}); err != nil {
		t.Errorf("the reconciler's role after apply: %v", err)
	}
}
