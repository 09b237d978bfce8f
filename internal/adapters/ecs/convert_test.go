package ecs

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/reconcile"
)

func TestContainerRoundTripsThroughTheRequest(t *testing.T) {
	secret := "arn:aws:secretsmanager:us-east-1:000000000000:secret:everruns/production/database-AbCdEf"
	r := taskDef("task.migrate.task_definition", "migrate", "example/admin:v1", 0)
	c := r.Fields[names.TaskDefinition.ContainerDefinitions].([]any)[0].(map[string]any)
	c[names.Container.Secrets] = map[string]any{"DB": map[string]any{names.ContainerSecret.SecretARN: secret, names.ContainerSecret.Key: "host"}}
	in, err := registerInput(r.Fields)
	if err != nil {
		t.Fatal(err)
	}
	got := containerFields(in.ContainerDefinitions[0])
	if diff := cmp.Diff(c, got); diff != "" {
		t.Errorf("container (-file +observed):\n%s", diff)
	}
	if v := *in.ContainerDefinitions[0].Secrets[0].ValueFrom; v != secret+":host::" {
		t.Errorf("valueFrom = %q", v)
	}
}

// A field of the wrong type is an error before any call, never an empty
// value sent to AWS (an image of "" or a port of 0).
func TestWrongTypedFieldIsAnErrorNotAZeroValue(t *testing.T) {
	cases := map[string]func(c map[string]any){
		"image a number": func(c map[string]any) { c[names.Container.Image] = 42 },
		"port a string": func(c map[string]any) {
			c[names.Container.PortMappings] = []any{map[string]any{names.PortMapping.ContainerPort: "80"}}
		},
		"environment a list":  func(c map[string]any) { c[names.Container.Environment] = []any{"A=1"} },
		"command a map":       func(c map[string]any) { c[names.Container.Command] = map[string]any{} },
		"health check a list": func(c map[string]any) { c[names.Container.HealthCheck] = []any{"CMD"} },
	}
	for name, spoil := range cases {
		t.Run(name, func(t *testing.T) {
			r := taskDef("task.migrate.task_definition", "migrate", "example/admin:v1", 0)
			spoil(r.Fields[names.TaskDefinition.ContainerDefinitions].([]any)[0].(map[string]any))
			in, err := registerInput(r.Fields)
			if err == nil {
				t.Fatalf("registerInput accepted it: %+v", in.ContainerDefinitions[0])
			}
			if !reconcile.IsTerminal(err) {
				t.Errorf("%v is not terminal; the same input fails again", err)
			}
		})
	}
}

// A service whose desired count is a string is refused before CreateService.
func TestServiceWithAWrongTypedFieldIsNotCreated(t *testing.T) {
	h := newHarness(t)
	r := h.service("service.api", "api", "arn:aws:ecs:us-east-1:000000000000:task-definition/everruns-api-production:1", 1)
	r.Fields[names.Service.DesiredCount] = "2"
	h.srv.ResetCalls()
	if _, err := h.kinds[names.KindService].Create(t.Context(), prod, r); err == nil {
		t.Fatal("a desired count of \"2\" was accepted")
	}
	if n := h.srv.Calls()["ecs:CreateService"]; n != 0 {
		t.Errorf("%d CreateService calls, want none", n)
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
