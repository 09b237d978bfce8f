package ecs

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/everruns/reconciler/pkg/desired/names"
)

func TestContainerRoundTripsThroughTheRequest(t *testing.T) {
	secret := "arn:aws:secretsmanager:us-east-1:000000000000:secret:everruns/production/database-AbCdEf"
	r := taskDef("task.migrate.task_definition", "migrate", "example/admin:v1", 0)
	c := r.Fields[names.TaskDefinition.ContainerDefinitions].([]any)[0].(map[string]any)
	c[names.Container.Secrets] = map[string]any{"DB": map[string]any{names.ContainerSecret.SecretARN: secret, names.ContainerSecret.Key: "host"}}
	in := registerInput(r.Fields)
	got := containerFields(in.ContainerDefinitions[0])
	if diff := cmp.Diff(c, got); diff != "" {
		t.Errorf("container (-file +observed):\n%s", diff)
	}
	if v := *in.ContainerDefinitions[0].Secrets[0].ValueFrom; v != secret+":host::" {
		t.Errorf("valueFrom = %q", v)
	}
}

func TestAWSDefaultsAreNotDrift(t *testing.T) {
	if units("1 vCPU") != 1024 || units("2 GB") != 2048 || units("512") != 512 {
		t.Error("task sizes in AWS's other spellings")
	}
	got := containerFields(types.ContainerDefinition{PortMappings: []types.PortMapping{{ContainerPort: ptr(int32(80)), HostPort: ptr(int32(80))}}})
	want := []any{map[string]any{names.PortMapping.ContainerPort: int64(80), names.PortMapping.Protocol: "tcp"}}
	if diff := cmp.Diff(want, got[names.Container.PortMappings]); diff != "" || got[names.Container.Essential] != true {
		t.Errorf("defaults: %s essential=%v", diff, got[names.Container.Essential])
	}
}

func ptr[T any](v T) *T { return &v }
