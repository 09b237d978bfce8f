package ecs_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

// runWithSecret registers a definition whose container reads valueFrom
// (or, with registry, pulls with it as repository credentials), runs one
// task and returns it once it has had time to start.
func (h *harness) runWithSecret(t *testing.T, valueFrom string, registry bool) types.Task {
	t.Helper()
	cd := types.ContainerDefinition{Name: aws.String("app"), Image: aws.String("ghcr.io/acme/web:1"), Memory: aws.Int32(256)}
	if registry {
		cd.RepositoryCredentials = &types.RepositoryCredentials{CredentialsParameter: aws.String(valueFrom)}
	} else {
		cd.Secrets = []types.Secret{{Name: aws.String("DB_PASSWORD"), ValueFrom: aws.String(valueFrom)}}
	}
	if _, err := h.ecs.RegisterTaskDefinition(t.Context(), &ecs.RegisterTaskDefinitionInput{
		Family: aws.String("web"), ExecutionRoleArn: aws.String(execRole), ContainerDefinitions: []types.ContainerDefinition{cd},
	}); err != nil {
		t.Fatalf("RegisterTaskDefinition: %v", err)
	}
	run, err := h.ecs.RunTask(t.Context(), &ecs.RunTaskInput{Cluster: aws.String("prod"), TaskDefinition: aws.String("web")})
	if err != nil {
		t.Fatalf("RunTask: %v", err)
	}
	h.advance(taskStart)
	return h.describeTask(t, "prod", aws.ToString(run.Tasks[0].TaskArn))
}

// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html
// (valueFrom "arn:…:secret:name:json-key:version-stage:version-id")
// https://repost.aws/knowledge-center/ecs-unable-to-pull-secrets
// A task whose secret has no AWSCURRENT value, or whose JSON value lacks
// the named key, stops before starting (TaskFailedToStart) with the
// agent's ResourceInitializationError; a key that is there resolves, for
// secrets and for repository credentials alike.
func TestSecretValueAndJSONKeyDecideTaskStart(t *testing.T) {
	h := start(t)
	h.cluster(t, "prod")
	sm := secretsmanager.NewFromConfig(h.cfg)
	empty, err := sm.CreateSecret(t.Context(), &secretsmanager.CreateSecretInput{Name: aws.String("empty")})
	if err != nil {
		t.Fatalf("CreateSecret empty: %v", err)
	}
	db, err := sm.CreateSecret(t.Context(), &secretsmanager.CreateSecretInput{Name: aws.String("db"), SecretString: aws.String(`{"username":"app","password":"s3cret-value"}`)})
	if err != nil {
		t.Fatalf("CreateSecret db: %v", err)
	}
	emptyARN, dbARN := aws.ToString(empty.ARN), aws.ToString(db.ARN)
	const prefix = "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): "
	cases := []struct {
		name, valueFrom string
		registry        bool
		wantReason      string // "" : the task runs
	}{
		{"no current value", emptyARN, false, prefix + "failed to fetch secret " + emptyARN + " from secrets manager: ResourceNotFoundException: Secrets Manager can't find the specified secret value for staging label: AWSCURRENT"},
		{"missing json key", dbARN + ":host::", false, prefix + "retrieved secret from Secrets Manager did not contain json key host"},
		{"present json key", dbARN + ":password::", false, ""},
		{"plain arn", dbARN, false, ""},
		{"registry credentials without value", emptyARN, true, prefix + "failed to fetch secret " + emptyARN + " from secrets manager: ResourceNotFoundException: Secrets Manager can't find the specified secret value for staging label: AWSCURRENT"},
		{"registry credentials", dbARN, true, ""},
	}
	for _, c := range cases {
		task := h.runWithSecret(t, c.valueFrom, c.registry)
		if c.wantReason == "" {
			if aws.ToString(task.LastStatus) != "RUNNING" {
				t.Errorf("%s: %s %q, want RUNNING", c.name, aws.ToString(task.LastStatus), aws.ToString(task.StoppedReason))
			}
			continue
		}
		if aws.ToString(task.LastStatus) != "STOPPED" || task.StopCode != types.TaskStopCodeTaskFailedToStart || aws.ToString(task.StoppedReason) != c.wantReason {
			t.Errorf("%s: %s %s %q, want STOPPED TaskFailedToStart %q", c.name, aws.ToString(task.LastStatus), task.StopCode, aws.ToString(task.StoppedReason), c.wantReason)
		}
		if strings.Contains(aws.ToString(task.StoppedReason), "s3cret-value") {
			t.Errorf("%s: the stopped reason shows the secret's value", c.name)
		}
	}
}
