// Package aws is an opt-in smoke test against a real AWS account: a small
// environment (network, log group, roles, cluster, one nginx service, no
// database, no load balancer) goes through verify, apply, diff, a tag change
// that rolls out, and is then deleted through the AWS SDK. It is skipped
// unless RECONCILER_AWS_SMOKE=1 and the SDK's standard chain finds
// credentials. See README.md: it has never run, since no account was
// reachable where it was written.
package aws

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/ecs"

	"github.com/everruns/reconciler/internal/cli"
	"github.com/everruns/reconciler/pkg/desired"
)

// smokeFile is the environment under test. Each run has its own name, so
// two runs (or a leftover of a failed one) never share a resource. ARM64
// is not used: the nginx image is multi-arch, but X86_64 is the default
// every account can run.
const smokeFile = `environment: {{ENV}}
region: {{REGION}}
network:
  cidr: 10.42.0.0/16
  public_subnets:
    - {zone: {{REGION}}a, cidr: 10.42.1.0/24}
  private_subnets:
    - {zone: {{REGION}}a, cidr: 10.42.10.0/24}
  nat_gateways: 1     # the tasks pull from public.ecr.aws through it
security_groups:
  ecs:
    description: reconciler smoke test tasks
cluster:
  log_group:
    retention_days: 1
services:
  web:
    image: public.ecr.aws/nginx/nginx
    tag: "{{TAG}}"
    port: 80
    desired_count: 1
`

// Two tags of the same public image: the change from the first to the
// second must register a revision and roll the service.
const (
	firstTag  = "1.27"
	secondTag = "1.28"
)

func TestSmoke(t *testing.T) {
	if os.Getenv("RECONCILER_AWS_SMOKE") != "1" {
		t.Skip("set RECONCILER_AWS_SMOKE=1, with AWS credentials, to run against a real account")
	}
	ctx := t.Context()
	region := os.Getenv("AWS_REGION")
	if region == "" {
		region = "us-east-1"
	}
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(region))
	if err != nil {
		t.Skipf("no AWS configuration: %v", err)
	}
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		t.Skipf("no AWS credentials: %v", err)
	}
	if os.Getenv("AWS_ENDPOINT_URL") != "" {
		t.Fatal("AWS_ENDPOINT_URL is set: this test is for a real account (use test/e2e for devcloud)")
	}

	env := "smk-" + randomHex(t, 3)
	dir := t.TempDir()
	file := writeFile(t, dir, env, region, firstTag)

	// Whatever happens below, delete what the run made. t.Context() is
	// cancelled before cleanups run, so the cleanup has its own deadline.
	t.Cleanup(func() {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 45*time.Minute)
		defer cancel()
		loaded := mustLoad(t, file)
		if err := cleanUp(cctx, cfg, loaded); err != nil {
			t.Errorf("clean up %s: %v (delete what is left by hand: resources tagged everruns:environment=%s)", env, err, env)
		}
	})

	// verify: read-only checks before acting. The command lands with the
	// verify work; until then the CLI answers "unknown command", which is
	// noted, not a failure.
	if code, _, stderr := run(ctx, "verify", "-f", file); code != 0 {
		if strings.Contains(stderr, `unknown command "verify"`) {
			t.Log("verify is not in this build of the CLI yet; skipping that step")
		} else {
			t.Fatalf("verify exited %d:\n%s", code, stderr)
		}
	}

	// apply from empty: waits for the NAT gateway and the service's
	// rollout (the image is pulled through the NAT).
	if code, stdout, stderr := run(ctx, "apply", "-f", file, "--wait", "20m"); code != 0 {
		t.Fatalf("first apply exited %d:\n%s\n%s", code, stdout, stderr)
	}
	if code, stdout, stderr := run(ctx, "diff", "-f", file); code != 0 {
		t.Fatalf("diff after apply exited %d, want 0 (in sync):\n%s\n%s", code, stdout, stderr)
	}

	loaded := mustLoad(t, file)
	cluster, service := nameOf(t, loaded, "ecs.cluster"), nameOf(t, loaded, "ecs.service")
	client := ecs.NewFromConfig(cfg)
	before := primaryDeployment(ctx, t, client, cluster, service)

	// A person changes the tag; apply registers one revision and waits for
	// the rollout to complete.
	release := writeFile(t, dir, env, region, secondTag)
	if code, stdout, stderr := run(ctx, "diff", "-f", release); code != 2 {
		t.Fatalf("diff with the new tag exited %d, want 2 (changes):\n%s\n%s", code, stdout, stderr)
	}
	if code, stdout, stderr := run(ctx, "apply", "-f", release, "--wait", "20m"); code != 0 {
		t.Fatalf("apply of the new tag exited %d:\n%s\n%s", code, stdout, stderr)
	}
	after := primaryDeployment(ctx, t, client, cluster, service)
	if after.taskDefinition == before.taskDefinition {
		t.Fatalf("the service still runs %s after the tag change", before.taskDefinition)
	}
	if after.rollout != "COMPLETED" {
		t.Fatalf("rollout of %s is %s, want COMPLETED", after.taskDefinition, after.rollout)
	}
	td, err := client.DescribeTaskDefinition(ctx, &ecs.DescribeTaskDefinitionInput{TaskDefinition: aws.String(after.taskDefinition)})
	if err != nil {
		t.Fatalf("describe %s: %v", after.taskDefinition, err)
	}
	if img := aws.ToString(td.TaskDefinition.ContainerDefinitions[0].Image); !strings.HasSuffix(img, ":"+secondTag) {
		t.Fatalf("the new revision runs %s, want tag %s", img, secondTag)
	}
	if code, stdout, stderr := run(ctx, "diff", "-f", release); code != 0 {
		t.Fatalf("diff after the rollout exited %d, want 0:\n%s\n%s", code, stdout, stderr)
	}
}

// run calls the CLI's entry point by command name, as the binary would.
func run(ctx context.Context, args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := cli.Main(ctx, args, cli.IO{Stdout: &stdout, Stderr: &stderr})
	return code, stdout.String(), stderr.String()
}

func writeFile(t *testing.T, dir, env, region, tag string) string {
	t.Helper()
	text := strings.NewReplacer("{{ENV}}", env, "{{REGION}}", region, "{{TAG}}", tag).Replace(smokeFile)
	path := filepath.Join(dir, "environment-"+tag+".yaml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func mustLoad(t *testing.T, file string) *desired.Environment {
	t.Helper()
	env, diags := desired.Load(file)
	if diags.HasErrors() {
		t.Fatalf("the smoke file is invalid:\n%s", diags.Error())
	}
	return env
}

// nameOf is the AWS name (the Name tag the expansion gives it) of the one
// resource of kind.
func nameOf(t *testing.T, env *desired.Environment, kind string) string {
	t.Helper()
	names := namesOf(env, kind)
	if len(names) != 1 {
		t.Fatalf("want one %s in the smoke file, found %v", kind, names)
	}
	return names[0]
}

// namesOf lists the Name tags of the resources of kind.
func namesOf(env *desired.Environment, kind string) []string {
	var out []string
	for _, r := range env.Resources() {
		if r.Kind != kind {
			continue
		}
		if tags, ok := r.Fields["tags"].(map[string]any); ok {
			if name, ok := tags["Name"].(string); ok {
				out = append(out, name)
			}
		}
	}
	return out
}

type deployment struct{ taskDefinition, rollout string }

func primaryDeployment(ctx context.Context, t *testing.T, client *ecs.Client, cluster, service string) deployment {
	t.Helper()
	out, err := client.DescribeServices(ctx, &ecs.DescribeServicesInput{Cluster: aws.String(cluster), Services: []string{service}})
	if err != nil || len(out.Services) != 1 {
		t.Fatalf("describe service %s/%s: %v (%d found)", cluster, service, err, len(out.Services))
	}
	for _, d := range out.Services[0].Deployments {
		if aws.ToString(d.Status) == "PRIMARY" {
			return deployment{aws.ToString(d.TaskDefinition), string(d.RolloutState)}
		}
	}
	t.Fatalf("service %s has no PRIMARY deployment", service)
	return deployment{}
}

func randomHex(t *testing.T, n int) string {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// errorsOf joins the errors of a clean-up, so that one failure does not
// stop the deletion of the rest.
type errorsOf []error

func (e *errorsOf) add(what string, err error) {
	if err != nil {
		*e = append(*e, fmt.Errorf("%s: %w", what, err))
	}
}

// cleanedByName are the kinds cleanUp deletes by the names the expansion
// gives them; every ec2.* kind is found by the environment tag instead.
var cleanedByName = []string{"ecs.cluster", "ecs.service", "ecs.task_definition", "servicediscovery.private_dns_namespace", "iam.role", "logs.log_group"}

// TestSmokeFileIsCleanedUp runs without AWS: the smoke file is valid, and
// every resource it makes is one the clean-up deletes, so a change of the
// file (or of the expansion) cannot leave something behind unnoticed.
func TestSmokeFileIsCleanedUp(t *testing.T) {
	env := mustLoad(t, writeFile(t, t.TempDir(), "smk-000000", "us-east-1", firstTag))
	for _, r := range env.Resources() {
		if !strings.HasPrefix(r.Kind, "ec2.") && !slices.Contains(cleanedByName, r.Kind) {
			t.Errorf("%s (%s) is made by the smoke file but not deleted by cleanUp", r.Address, r.Kind)
		}
	}
	for _, kind := range cleanedByName {
		if len(namesOf(env, kind)) == 0 {
			t.Errorf("no name for %s: the clean-up would delete nothing of that kind", kind)
		}
	}
}
