package blackbox

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
	"github.com/everruns/reconciler/internal/testbin"
)

const envFile = repo + "/deploy/environment.yaml"

// The Done-when of the whole environment, with the built binaries: apply
// exits 1 until a person has set the operator secrets and validated the
// certificate, then 0; diff exits 0 with nothing to change, nothing
// unsupported and no mutating call; a tag changed in a copy of the file
// rolls exactly that service to COMPLETED.
func TestWholeEnvironmentAgainstDevcloud(t *testing.T) {
	reconciler := testbin.Build(t, "reconciler")
	endpoint := devcloud(t, testbin.Build(t, "devcloud"), "-timing-scale", "0.02")
	env := userEnv(t, endpoint)
	cli := func(args ...string) (int, string, string) {
		return run(t.Context(), env, reconciler, append(args, "--poll-interval", "100ms")...)
	}
	if code, out, errOut := cli("apply", "-f", envFile, "--wait", "3s"); code != 1 || !strings.Contains(errOut, "put-secret-value") {
		t.Fatalf("first apply: exit %d, want 1 asking for the operator secrets\n%s\n%s", code, out, errOut)
	}
	putOperatorSecrets(t, endpoint)
	hook(t, "POST", endpoint+"/_devcloud/acm/validate?domain=poc.everruns.com", nil)
	if code, out, errOut := cli("apply", "-f", envFile); code != 0 {
		t.Fatalf("apply after the person's steps: exit %d\n%s\n%s", code, out, errOut)
	}

	hook(t, "POST", endpoint+"/_devcloud/calls/reset", nil)
	code, out, errOut := cli("diff", "-f", envFile, "-o", "json")
	var r struct {
		Changes     []json.RawMessage `json:"changes"`
		Unsupported []json.RawMessage `json:"unsupported"`
	}
	if err := json.Unmarshal([]byte(out), &r); code != 0 || err != nil || len(r.Changes) != 0 || len(r.Unsupported) != 0 {
		t.Fatalf("diff: exit %d (%v), want 0 with no changes and nothing unsupported\n%s\n%s", code, err, out, errOut)
	}
	if m := mutating(calls(t, endpoint)); len(m) > 0 {
		t.Errorf("diff made mutating calls %v", m)
	}

	file := withWorkerTag(t, "v0.5.1")
	hook(t, "POST", endpoint+"/_devcloud/calls/reset", nil)
	if code, out, errOut := cli("apply", "-f", file); code != 0 {
		t.Fatalf("apply of a new worker tag: exit %d\n%s\n%s", code, out, errOut)
	}
	c := calls(t, endpoint)
	if c["ecs:RegisterTaskDefinition"] != 1 || c["ecs:UpdateService"] != 1 || c["ecs:RunTask"] != 0 {
		t.Errorf("tag change: %v; want one registration, one service update, no task run", mutating(c))
	}
	wantRolledOnlyWorker(t, endpoint)
}

func putOperatorSecrets(t *testing.T, endpoint string) {
	t.Helper()
	client := sm.NewFromConfig(fakeawstest.Config(endpoint))
	for name, v := range map[string]string{
		"everruns/production/openai-api-key": `{"api_key":"sk-blackbox"}`,
		"everruns/production/ghcr":           `{"username":"bot","password":"ghp-blackbox"}`,
	} {
		if _, err := client.PutSecretValue(t.Context(), &sm.PutSecretValueInput{SecretId: aws.String(name), SecretString: aws.String(v)}); err != nil {
			t.Fatalf("put-secret-value %s: %v", name, err)
		}
	}
}

func calls(t *testing.T, endpoint string) map[string]int {
	t.Helper()
	var c map[string]int
	hook(t, "GET", endpoint+"/_devcloud/calls", &c)
	return c
}

// mutating lists the operations counted that do not only read.
func mutating(calls map[string]int) []string {
	var out []string
	for op, n := range calls {
		_, name, _ := strings.Cut(op, ":")
		if n > 0 && !strings.HasPrefix(name, "Describe") && !strings.HasPrefix(name, "List") && !strings.HasPrefix(name, "Get") {
			out = append(out, op)
		}
	}
	sort.Strings(out)
	return out
}

// withWorkerTag copies the shipped file with the worker service's tag
// changed, as a person edits it.
func withWorkerTag(t *testing.T, tag string) string {
	t.Helper()
	body, err := os.ReadFile(envFile)
	if err != nil {
		t.Fatal(err)
	}
	text := string(body)
	at := strings.Index(text, "\n  worker:\n")
	if at < 0 {
		t.Fatal("the file has no worker service")
	}
	rest := text[at:]
	i := strings.Index(rest, "tag: ")
	j := strings.IndexByte(rest[max(i, 0):], '\n')
	if i < 0 || j < 0 {
		t.Fatal("the worker service has no tag")
	}
	text = text[:at] + rest[:i] + "tag: " + tag + rest[i+j:]
	path := filepath.Join(t.TempDir(), "environment.yaml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// wantRolledOnlyWorker: the worker runs revision 2, its rollout
// COMPLETED; every other service still runs revision 1.
func wantRolledOnlyWorker(t *testing.T, endpoint string) {
	t.Helper()
	out, err := ecs.NewFromConfig(fakeawstest.Config(endpoint)).DescribeServices(t.Context(), &ecs.DescribeServicesInput{
		Cluster: aws.String("everruns-production"), Services: []string{"temporal", "everruns-api", "everruns-worker", "everruns-ui"}})
	if err != nil || len(out.Services) != 4 {
		t.Fatalf("describe services: %v", err)
	}
	for _, s := range out.Services {
		name, td := aws.ToString(s.ServiceName), aws.ToString(s.TaskDefinition)
		wantRev := ":1"
		if name == "everruns-worker" {
			wantRev = ":2"
			if d := s.Deployments[0]; aws.ToString(d.Status) != "PRIMARY" || d.RolloutState != "COMPLETED" || len(s.Deployments) != 1 {
				t.Errorf("worker's deployments %+v, want one PRIMARY COMPLETED", s.Deployments)
			}
		}
		if !strings.HasSuffix(td, wantRev) {
			t.Errorf("%s runs %s, want revision %s", name, td, wantRev)
		}
	}
}
