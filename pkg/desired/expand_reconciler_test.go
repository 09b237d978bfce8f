package desired

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/everruns/reconciler/pkg/desired/names"
)

const selfHostedFile = "../../deploy/examples/self-hosted.yaml"

func loadSelfHosted(t *testing.T) (*Environment, map[Address]Resource) {
	t.Helper()
	env, diags := Load(selfHostedFile)
	if diags.HasErrors() || len(diags) > 0 {
		t.Fatalf("the example must load without diagnostics:\n%s", diags.Error())
	}
	out := map[Address]Resource{}
	for _, r := range env.Resources() {
		out[r.Address] = r
	}
	return env, out
}

// The example's reconciler: section expands to its role (stateful, with
// the generated-policy marker), a task definition running the daemon on
// the branch with its secrets as environment variables, a service that
// always deploys with the circuit breaker and rollback, and the webhook's
// route on the load balancer.
func TestSelfHostedExpansion(t *testing.T) {
	_, got := loadSelfHosted(t)
	role := got[AddrReconcilerRole]
	if role.Kind != names.KindRole || !role.Stateful {
		t.Errorf("role: kind %s, stateful %v; want iam.role, stateful", role.Kind, role.Stateful)
	}
	wantInline := map[string]any{"everruns": GeneratedPolicy{LeaseTable: "everruns-ops-reconciler-lease"}}
	if d := cmp.Diff(wantInline, role.Fields[names.Role.InlinePolicies]); d != "" {
		t.Errorf("role inline policies (-want +got):\n%s", d)
	}
	if role.Fields[names.Role.RoleName] != "everruns-ops-reconciler" {
		t.Errorf("role name %v", role.Fields[names.Role.RoleName])
	}

	td := got["reconciler.task_definition"]
	if td.Fields[names.TaskDefinition.TaskRoleARN] != (Ref{Address: AddrReconcilerRole, Attr: "arn"}) || !slices.Contains(td.DependsOn, AddrReconcilerRole) {
		t.Errorf("task definition's task role: %v, deps %v", td.Fields[names.TaskDefinition.TaskRoleARN], td.DependsOn)
	}
	c := td.Fields[names.TaskDefinition.ContainerDefinitions].([]any)[0].(map[string]any)
	cd := names.Container
	wantCmd := strSlice(strings.Fields("run --git-url https://github.com/everruns/infrastructure --git-branch main --git-path deploy/examples/self-hosted.yaml " +
		"--interval 1m --listen :8080 --log-format json --lease-table everruns-ops-reconciler-lease --webhook-secret-env WEBHOOK_SECRET --webhook-path /hooks/github"))
	if d := cmp.Diff(wantCmd, c[cd.Command]); d != "" {
		t.Errorf("command (-want +got):\n%s", d)
	}
	secret := func(addr Address, key string) map[string]any {
		return map[string]any{names.ContainerSecret.SecretARN: Ref{Address: addr, Attr: "arn"}, names.ContainerSecret.Key: key}
	}
	wantSecrets := map[string]any{"GIT_TOKEN": secret("secrets.github", "token"), "WEBHOOK_SECRET": secret("secrets.webhook", "secret")}
	if d := cmp.Diff(wantSecrets, c[cd.Secrets]); d != "" {
		t.Errorf("secrets (-want +got):\n%s", d)
	}
	if c[cd.Image] != "ghcr.io/everruns/reconciler:v0.6.0" || c[cd.RepositoryCredentials] != (Ref{Address: "secrets.ghcr", Attr: "arn"}) {
		t.Errorf("image %v, credentials %v", c[cd.Image], c[cd.RepositoryCredentials])
	}
	wantLog := map[string]any{names.ContainerLog.LogGroup: Ref{Address: addrLogGroup}, names.ContainerLog.Region: "us-east-1", names.ContainerLog.StreamPrefix: "reconciler"}
	if d := cmp.Diff(wantLog, c[cd.LogConfiguration]); d != "" {
		t.Errorf("log configuration (-want +got):\n%s", d)
	}

	svc := got[AddrReconcilerService]
	f := names.Service
	wantDeploy := map[string]any{"circuit_breaker": true, "rollback": true, "minimum_healthy_percent": int64(100), "maximum_percent": int64(200)}
	if d := cmp.Diff(wantDeploy, svc.Fields[f.Deployment]); d != "" {
		t.Errorf("deployment (-want +got):\n%s", d)
	}
	if svc.Fields[f.DesiredCount] != int64(2) || svc.Fields[f.ServiceName] != "everruns-reconciler" {
		t.Errorf("service: count %v, name %v", svc.Fields[f.DesiredCount], svc.Fields[f.ServiceName])
	}
	wantLB := []any{map[string]any{"target_group_arn": Ref{Address: "reconciler.target_group"}, "container_name": "reconciler", "container_port": int64(8080)}}
	if d := cmp.Diff(wantLB, svc.Fields[f.LoadBalancers]); d != "" {
		t.Errorf("load balancers (-want +got):\n%s", d)
	}
	for _, dep := range []Address{"reconciler.task_definition", "reconciler.target_group", "reconciler.rule", "network.security_group.ecs", "cluster.ecs"} {
		if !slices.Contains(svc.DependsOn, dep) {
			t.Errorf("service does not depend on %s: %v", dep, svc.DependsOn)
		}
	}

	rule := got["reconciler.rule"]
	if rule.Fields[names.ListenerRule.Priority] != int64(1) || rule.Fields[names.ListenerRule.ListenerARN] != (Ref{Address: "loadbalancer.listener.https"}) ||
		!cmp.Equal(rule.Fields[names.ListenerRule.PathPatterns], Set{"/hooks/github"}) {
		t.Errorf("rule fields %v", rule.Fields)
	}
	hc := got["reconciler.target_group"].Fields[names.TargetGroup.HealthCheck].(map[string]any)
	if got["reconciler.target_group"].Fields[names.TargetGroup.Port] != int64(8080) || hc[names.HealthCheck.Path] != "/healthz" {
		t.Errorf("target group: %v", got["reconciler.target_group"].Fields)
	}
}

// The daemon has its own execution role, stateful like its task role,
// which may read exactly its secrets (ECS reads them with it to inject
// them at task start); the cluster's execution role does not, so a file
// that drops the section changes nothing the orphaned daemon runs with.
func TestSelfHostedExecutionRoleReadsTheDaemonsSecrets(t *testing.T) {
	_, got := loadSelfHosted(t)
	exec := got["cluster.role.reconciler-execution"]
	if !exec.Stateful || exec.Fields[names.Role.RoleName] != "everruns-ops-reconciler-execution" {
		t.Errorf("execution role: stateful %v, name %v", exec.Stateful, exec.Fields[names.Role.RoleName])
	}
	if td := got["reconciler.task_definition"]; td.Fields[names.TaskDefinition.ExecutionRoleARN] != (Ref{Address: "cluster.role.reconciler-execution", Attr: "arn"}) {
		t.Errorf("the daemon's task definition runs with %v", td.Fields[names.TaskDefinition.ExecutionRoleARN])
	}
	doc := string(exec.Fields[names.Role.InlinePolicies].(map[string]any)["everruns"].(JSON))
	for _, name := range []string{"everruns/ops/github-??????", "everruns/ops/webhook-??????", "everruns/ops/ghcr-??????"} {
		if !strings.Contains(doc, name) {
			t.Errorf("the daemon's execution role's policy does not allow reading %s:\n%s", name, doc)
		}
	}
	if _, ok := got[addrExecRole].Fields[names.Role.InlinePolicies].(map[string]any)["everruns"]; ok {
		t.Errorf("the cluster's execution role reads secrets no service of the example uses")
	}
}

// Without a webhook path there is no route, and the service has no load
// balancer; without a section nothing of the reconciler is expanded.
func TestReconcilerWithoutWebhookOrSection(t *testing.T) {
	env, _ := loadSelfHosted(t)
	env.Reconciler.WebhookPath = ""
	for _, r := range env.Resources() {
		if r.Address == "reconciler.rule" || r.Address == "reconciler.target_group" {
			t.Errorf("%s expanded without webhook_path", r.Address)
		}
		if r.Address == AddrReconcilerService && len(r.Fields[names.Service.LoadBalancers].([]any)) != 0 {
			t.Errorf("service has load balancers without webhook_path")
		}
	}
	for addr := range loadSeed(t) {
		if addr.HasPrefix("reconciler") || addr == AddrReconcilerRole {
			t.Errorf("the shipped file has no reconciler: section, yet expands %s", addr)
		}
	}
}
