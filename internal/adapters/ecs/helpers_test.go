package ecs

import (
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/everruns/reconciler/internal/fakeaws"
	fakeecs "github.com/everruns/reconciler/internal/fakeaws/ecs"
	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

var prod = desired.Identity{Project: "everruns", Environment: "production"}

// harness is a fake AWS with a cluster claimed by prod, and the kinds.
type harness struct {
	t       *testing.T
	srv     *fakeaws.Server
	fake    *fakeecs.Service
	client  *ecs.Client
	cfg     aws.Config
	kinds   map[string]reconcile.Kind
	cluster string
	now     time.Time
	subnets desired.Set
	group   string
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	srv, cfg := fakeawstest.Start(t)
	h := &harness{t: t, srv: srv, fake: srv.Service("ecs").(*fakeecs.Service), client: ecs.NewFromConfig(cfg), cfg: cfg}
	h.now = srv.Clock().Now()
	h.kinds = Kinds(h.client, WithClock(func() time.Time { return h.srv.Clock().Now() }))
	out, err := h.client.CreateCluster(t.Context(), &ecs.CreateClusterInput{ClusterName: aws.String("everruns-production"),
		Tags: []types.Tag{{Key: aws.String(names.TagProject), Value: aws.String("everruns")},
			{Key: aws.String(names.TagEnvironment), Value: aws.String("production")},
			{Key: aws.String(names.TagAddress), Value: aws.String("cluster.ecs")}}})
	if err != nil {
		t.Fatal(err)
	}
	h.cluster = aws.ToString(out.Cluster.ClusterArn)
	h.makeNetwork(ec2.NewFromConfig(cfg))
	return h
}

// makeNetwork creates the subnets and group that ECS checks exist.
func (h *harness) makeNetwork(c *ec2.Client) {
	ctx := h.t.Context()
	vpc, err := c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/16")})
	if err != nil {
		h.t.Fatal(err)
	}
	for i, az := range []string{"us-east-1a", "us-east-1b"} {
		sn, err := c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: vpc.Vpc.VpcId, AvailabilityZone: aws.String(az),
			CidrBlock: aws.String(fmt.Sprintf("10.0.%d.0/24", i))})
		if err != nil {
			h.t.Fatal(err)
		}
		h.subnets = append(h.subnets, aws.ToString(sn.Subnet.SubnetId))
	}
	sg, err := c.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{VpcId: vpc.Vpc.VpcId, GroupName: aws.String("ecs"), Description: aws.String("tasks")})
	if err != nil {
		h.t.Fatal(err)
	}
	h.group = aws.ToString(sg.GroupId)
}

func identityTags(addr, name string) map[string]any {
	return map[string]any{names.TagProject: "everruns", names.TagEnvironment: "production", names.TagAddress: addr,
		"ManagedBy": "everruns-reconciler", "Name": name}
}

// taskDef is a resolved task definition of one container running image.
func taskDef(addr desired.Address, key, image string, port int64) desired.Resource {
	cd, td := names.Container, names.TaskDefinition
	c := map[string]any{
		cd.Name: key, cd.Image: image, cd.Essential: true,
		cd.Environment: map[string]any{"B": "2", "A": "1"},
		// No secret: the fake fails a task whose secret does not exist
		// (convert_test.go checks the valueFrom round trip).
		cd.Secrets:          map[string]any{},
		cd.LogConfiguration: map[string]any{names.ContainerLog.LogGroup: "/ecs/everruns-production", names.ContainerLog.Region: "us-east-1", names.ContainerLog.StreamPrefix: key},
		cd.EntryPoint:       []any{"sh", "-c"},
		cd.Command:          []any{"run"},
	}
	if port != 0 {
		c[cd.PortMappings] = []any{map[string]any{names.PortMapping.ContainerPort: port, names.PortMapping.Protocol: "tcp"}}
	}
	family := "everruns-" + key + "-production"
	return desired.Resource{Address: addr, Kind: names.KindTaskDefinition, Fields: map[string]any{
		td.Family: family, td.CPU: int64(256), td.Memory: int64(512), td.NetworkMode: "awsvpc",
		td.RequiresCompatibilities: desired.Set{"FARGATE"},
		td.RuntimePlatform:         map[string]any{names.RuntimePlatform.CPUArchitecture: "X86_64", names.RuntimePlatform.OperatingSystemFamily: "LINUX"},
		td.ExecutionRoleARN:        "arn:aws:iam::000000000000:role/everruns-production-execution",
		td.TaskRoleARN:             "arn:aws:iam::000000000000:role/everruns-production-task",
		td.ContainerDefinitions:    []any{c},
		td.Tags:                    identityTags(string(addr), family),
	}}
}

func (h *harness) network() map[string]any {
	return map[string]any{names.TaskNetwork.Subnets: h.subnets,
		names.TaskNetwork.SecurityGroups: desired.Set{h.group}, names.TaskNetwork.AssignPublicIP: false}
}

func (h *harness) service(addr desired.Address, name, tdARN string, count int64) desired.Resource {
	s := names.Service
	return desired.Resource{Address: addr, Kind: names.KindService, Fields: map[string]any{
		s.ServiceName: name, s.Cluster: h.cluster, s.TaskDefinition: tdARN, s.DesiredCount: count, s.LaunchType: "FARGATE",
		s.Network: h.network(), s.LoadBalancers: []any{}, s.ServiceRegistries: []any{},
		s.Deployment: map[string]any{names.ServiceDeployment.CircuitBreaker: true, names.ServiceDeployment.Rollback: true,
			names.ServiceDeployment.MinimumHealthyPercent: int64(100), names.ServiceDeployment.MaximumPercent: int64(200)},
		s.Tags: identityTags(string(addr), name),
	}}
}

func (h *harness) runTask(addr desired.Address, name, tdARN string) desired.Resource {
	f := names.RunTask
	return desired.Resource{Address: addr, Kind: names.KindRunTask, Fields: map[string]any{
		f.Cluster: h.cluster, f.TaskDefinition: tdARN, f.LaunchType: "FARGATE", f.Network: h.network(),
		f.Tags: identityTags(string(addr), name),
	}}
}

func (h *harness) observe(kind string) map[desired.Address]reconcile.Live {
	h.t.Helper()
	m, err := h.kinds[kind].Observe(h.t.Context(), prod)
	if err != nil {
		h.t.Fatalf("observe %s: %v", kind, err)
	}
	return m
}

// settle advances the fake's clock until addr is ready or failed, with a
// bound on the number of steps (no wall-clock waits).
func (h *harness) settle(kind string, addr desired.Address) reconcile.Live {
	h.t.Helper()
	for range 200 {
		if l, ok := h.observe(kind)[addr]; ok && (l.Ready || l.Failure != "") {
			return l
		}
		h.srv.Clock().Advance(5 * time.Second)
	}
	h.t.Fatalf("%s neither ready nor failed", addr)
	return reconcile.Live{}
}

// delta is the drift of r against what is observed now.
func delta(r desired.Resource, l reconcile.Live) drift.Delta {
	return drift.Delta(drift.Compare(r, true, l.Fields).Fields)
}
