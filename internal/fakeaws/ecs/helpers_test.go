package ecs_test

import (
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/smithy-go"

	"github.com/everruns/reconciler/internal/fakeaws"
	"github.com/everruns/reconciler/internal/fakeaws/core"
	fakeecs "github.com/everruns/reconciler/internal/fakeaws/ecs"
	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
)

// Tests run with tasks taking 10s to start and deployments 30s to settle
// once their tasks run; they move the clock, never sleep.
const (
	taskStart  = 10 * time.Second
	deployTime = 30 * time.Second
)

type harness struct {
	srv  *fakeaws.Server
	ecs  *ecs.Client
	fake *fakeecs.Service
	cfg  aws.Config
}

func start(t *testing.T) *harness {
	t.Helper()
	srv, cfg := fakeawstest.Start(t, fakeaws.WithTiming(core.Timing{ECSTaskStart: taskStart, ECSDeployment: deployTime}))
	return &harness{srv: srv, ecs: ecs.NewFromConfig(cfg), fake: srv.Service("ecs").(*fakeecs.Service), cfg: cfg}
}

func (h *harness) advance(d time.Duration) { h.srv.Clock().Advance(d) }

// errorCode is the AWS error code of err, or "" when err is nil.
func errorCode(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error %v is not an AWS API error", err)
	}
	return apiErr.ErrorCode()
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := errorCode(t, err); got != code {
		t.Fatalf("error = %v, want code %s", err, code)
	}
}

func wantMessage(t *testing.T, err error, msg string) {
	t.Helper()
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorMessage() != msg {
		t.Fatalf("error = %v, want message %q", err, msg)
	}
}

func (h *harness) cluster(t *testing.T, name string) {
	t.Helper()
	if _, err := h.ecs.CreateCluster(t.Context(), &ecs.CreateClusterInput{ClusterName: aws.String(name)}); err != nil {
		t.Fatalf("CreateCluster: %v", err)
	}
}

// bridgeTaskDef registers an EC2 task definition (bridge networking, so no
// VPC is needed) whose one container runs image.
func (h *harness) bridgeTaskDef(t *testing.T, family, image string) string {
	t.Helper()
	out, err := h.ecs.RegisterTaskDefinition(t.Context(), &ecs.RegisterTaskDefinitionInput{
		Family: aws.String(family),
		ContainerDefinitions: []types.ContainerDefinition{{
			Name: aws.String("app"), Image: aws.String(image), Memory: aws.Int32(256),
			PortMappings: []types.PortMapping{{ContainerPort: aws.Int32(8080)}},
		}},
	})
	if err != nil {
		t.Fatalf("RegisterTaskDefinition: %v", err)
	}
	return *out.TaskDefinition.TaskDefinitionArn
}

type svcOpt func(*ecs.CreateServiceInput)

func withBreaker(rollback bool) svcOpt {
	return func(in *ecs.CreateServiceInput) {
		in.DeploymentConfiguration = &types.DeploymentConfiguration{
			DeploymentCircuitBreaker: &types.DeploymentCircuitBreaker{Enable: true, Rollback: rollback},
		}
	}
}

func (h *harness) service(t *testing.T, cluster, name, td string, desired int32, opts ...svcOpt) *types.Service {
	t.Helper()
	in := &ecs.CreateServiceInput{
		Cluster: aws.String(cluster), ServiceName: aws.String(name), TaskDefinition: aws.String(td),
		DesiredCount: aws.Int32(desired), LaunchType: types.LaunchTypeEc2,
	}
	for _, o := range opts {
		o(in)
	}
	out, err := h.ecs.CreateService(t.Context(), in)
	if err != nil {
		t.Fatalf("CreateService: %v", err)
	}
	return out.Service
}

func (h *harness) describe(t *testing.T, cluster, name string) types.Service {
	t.Helper()
	out, err := h.ecs.DescribeServices(t.Context(), &ecs.DescribeServicesInput{
		Cluster: aws.String(cluster), Services: []string{name}, Include: []types.ServiceField{types.ServiceFieldTags},
	})
	if err != nil {
		t.Fatalf("DescribeServices: %v", err)
	}
	if len(out.Services) != 1 {
		t.Fatalf("DescribeServices %s: services %d, failures %+v", name, len(out.Services), out.Failures)
	}
	return out.Services[0]
}

func primary(t *testing.T, svc types.Service) types.Deployment {
	t.Helper()
	for _, d := range svc.Deployments {
		if aws.ToString(d.Status) == "PRIMARY" {
			return d
		}
	}
	t.Fatalf("service %s has no PRIMARY deployment", aws.ToString(svc.ServiceName))
	return types.Deployment{}
}

func hasEvent(svc types.Service, msg string) bool {
	for _, e := range svc.Events {
		if aws.ToString(e.Message) == msg {
			return true
		}
	}
	return false
}
