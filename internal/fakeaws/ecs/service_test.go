package ecs_test

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"
	sd "github.com/aws/aws-sdk-go-v2/service/servicediscovery"
	sdtypes "github.com/aws/aws-sdk-go-v2/service/servicediscovery/types"
)

// network creates a VPC, a subnet and a security group in the fake EC2,
// which ECS checks awsvpc configurations against, as AWS does.
func (h *harness) network(t *testing.T) (vpc, subnet, sg string) {
	t.Helper()
	c := ec2.NewFromConfig(h.cfg)
	v, err := c.CreateVpc(t.Context(), &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/16")})
	if err != nil {
		t.Fatalf("CreateVpc: %v", err)
	}
	vpc = aws.ToString(v.Vpc.VpcId)
	s, err := c.CreateSubnet(t.Context(), &ec2.CreateSubnetInput{VpcId: aws.String(vpc), CidrBlock: aws.String("10.0.1.0/24"), AvailabilityZone: aws.String("us-east-1a")})
	if err != nil {
		t.Fatalf("CreateSubnet: %v", err)
	}
	g, err := c.CreateSecurityGroup(t.Context(), &ec2.CreateSecurityGroupInput{VpcId: aws.String(vpc), GroupName: aws.String("web"), Description: aws.String("web")})
	if err != nil {
		t.Fatalf("CreateSecurityGroup: %v", err)
	}
	return vpc, aws.ToString(s.Subnet.SubnetId), aws.ToString(g.GroupId)
}

// discoveryService creates a Cloud Map namespace and service, which ECS
// checks service registries against, and returns the service's ARN.
func (h *harness) discoveryService(t *testing.T, vpc string) string {
	t.Helper()
	c := sd.NewFromConfig(h.cfg)
	ns, err := c.CreatePrivateDnsNamespace(t.Context(), &sd.CreatePrivateDnsNamespaceInput{Name: aws.String("internal"), Vpc: aws.String(vpc)})
	if err != nil {
		t.Fatalf("CreatePrivateDnsNamespace: %v", err)
	}
	h.advance(time.Minute)
	op, err := c.GetOperation(t.Context(), &sd.GetOperationInput{OperationId: ns.OperationId})
	if err != nil || op.Operation.Status != sdtypes.OperationStatusSuccess {
		t.Fatalf("namespace operation = %+v, %v", op, err)
	}
	out, err := c.CreateService(t.Context(), &sd.CreateServiceInput{
		Name: aws.String("web"), NamespaceId: aws.String(op.Operation.Targets[string(sdtypes.OperationTargetTypeNamespace)]),
		DnsConfig: &sdtypes.DnsConfig{DnsRecords: []sdtypes.DnsRecord{{Type: sdtypes.RecordTypeA, TTL: aws.Int64(10)}}},
	})
	if err != nil {
		t.Fatalf("CreateService (Cloud Map): %v", err)
	}
	return aws.ToString(out.Service.Arn)
}

func awsvpc(subnet, sg string) *types.NetworkConfiguration {
	return &types.NetworkConfiguration{AwsvpcConfiguration: &types.AwsVpcConfiguration{
		Subnets: []string{subnet}, SecurityGroups: []string{sg}, AssignPublicIp: types.AssignPublicIpEnabled}}
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Service.html
// Everything the service was created with is described back.
func TestServiceRoundTripsConfiguration(t *testing.T) {
	h := start(t)
	h.cluster(t, "prod")
	vpc, subnet, sg := h.network(t)
	tgARN := h.targetGroup(t, vpc, "web")
	h.listenTo(t, vpc, subnet, sg, tgARN)
	if _, err := h.ecs.RegisterTaskDefinition(t.Context(), fargateInput("web")); err != nil {
		t.Fatal(err)
	}
	registry := h.discoveryService(t, vpc)
	_, err := h.ecs.CreateService(t.Context(), &ecs.CreateServiceInput{
		Cluster: aws.String("prod"), ServiceName: aws.String("web"), TaskDefinition: aws.String("web"), DesiredCount: aws.Int32(2),
		LaunchType: types.LaunchTypeFargate, PlatformVersion: aws.String("1.4.0"), EnableExecuteCommand: true,
		PropagateTags: types.PropagateTagsService, NetworkConfiguration: awsvpc(subnet, sg),
		LoadBalancers:     []types.LoadBalancer{{TargetGroupArn: aws.String(tgARN), ContainerName: aws.String("web"), ContainerPort: aws.Int32(80)}},
		ServiceRegistries: []types.ServiceRegistry{{RegistryArn: aws.String(registry)}},
		DeploymentConfiguration: &types.DeploymentConfiguration{MinimumHealthyPercent: aws.Int32(50), MaximumPercent: aws.Int32(150),
			DeploymentCircuitBreaker: &types.DeploymentCircuitBreaker{Enable: true, Rollback: true}},
		Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("core")}},
	})
	if err != nil {
		t.Fatalf("CreateService: %v", err)
	}
	svc := h.describe(t, "prod", "web")
	dc, nc := svc.DeploymentConfiguration, svc.NetworkConfiguration.AwsvpcConfiguration
	lb := svc.LoadBalancers[0]
	ok := aws.ToString(svc.ServiceArn) == "arn:aws:ecs:us-east-1:123456789012:service/prod/web" &&
		aws.ToString(svc.Status) == "ACTIVE" && svc.DesiredCount == 2 && svc.LaunchType == types.LaunchTypeFargate &&
		aws.ToString(svc.PlatformVersion) == "1.4.0" && svc.EnableExecuteCommand && svc.PropagateTags == types.PropagateTagsService &&
		aws.ToString(lb.TargetGroupArn) == tgARN && aws.ToString(lb.ContainerName) == "web" && aws.ToInt32(lb.ContainerPort) == 80 &&
		nc.Subnets[0] == subnet && nc.SecurityGroups[0] == sg && nc.AssignPublicIp == types.AssignPublicIpEnabled &&
		aws.ToString(svc.ServiceRegistries[0].RegistryArn) == registry &&
		aws.ToInt32(dc.MinimumHealthyPercent) == 50 && aws.ToInt32(dc.MaximumPercent) == 150 &&
		dc.DeploymentCircuitBreaker.Enable && dc.DeploymentCircuitBreaker.Rollback &&
		len(svc.Tags) == 1 && aws.ToString(svc.TaskDefinition) == "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1"
	if !ok {
		t.Errorf("service = %+v", svc)
	}
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html
// Defaults: 100/200 percent, circuit breaker off.
func TestServiceDeploymentDefaults(t *testing.T) {
	h := start(t)
	h.cluster(t, "prod")
	svc := h.service(t, "prod", "web", h.bridgeTaskDef(t, "web", "web:1"), 1)
	dc := svc.DeploymentConfiguration
	if aws.ToInt32(dc.MaximumPercent) != 200 || aws.ToInt32(dc.MinimumHealthyPercent) != 100 || dc.DeploymentCircuitBreaker.Enable {
		t.Errorf("deployment configuration = %+v", dc)
	}
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html
// (errors: ClusterNotFoundException; InvalidParameterException for a
// second service of the same name, an unknown target group, a missing
// awsvpc network configuration; ClientException for an unknown definition)
func TestCreateServiceErrors(t *testing.T) {
	h := start(t)
	h.cluster(t, "prod")
	_, subnet, sg := h.network(t)
	bridge := h.bridgeTaskDef(t, "web", "web:1")
	if _, err := h.ecs.RegisterTaskDefinition(t.Context(), fargateInput("fg")); err != nil {
		t.Fatal(err)
	}
	h.service(t, "prod", "web", bridge, 1)
	base := func() *ecs.CreateServiceInput {
		return &ecs.CreateServiceInput{Cluster: aws.String("prod"), ServiceName: aws.String("api"), TaskDefinition: aws.String("fg"),
			DesiredCount: aws.Int32(1), LaunchType: types.LaunchTypeFargate, NetworkConfiguration: awsvpc(subnet, sg)}
	}
	cases := map[string]struct {
		edit      func(*ecs.CreateServiceInput)
		code, msg string
	}{
		"no cluster": {func(in *ecs.CreateServiceInput) { in.Cluster = aws.String("nope") }, "ClusterNotFoundException", "Cluster not found."},
		"duplicate":  {func(in *ecs.CreateServiceInput) { in.ServiceName = aws.String("web") }, "InvalidParameterException", "Creation of service was not idempotent."},
		"unknown td": {func(in *ecs.CreateServiceInput) { in.TaskDefinition = aws.String("nope:1") }, "ClientException", "TaskDefinition not found."},
		"no network": {func(in *ecs.CreateServiceInput) { in.NetworkConfiguration = nil }, "InvalidParameterException", "Network Configuration must be provided when networkMode 'awsvpc' is specified."},
		"fargate on ec2 td": {func(in *ecs.CreateServiceInput) { in.TaskDefinition, in.NetworkConfiguration = aws.String(bridge), nil },
			"InvalidParameterException", "Task definition does not support launch_type FARGATE."},
		"unknown subnet": {func(in *ecs.CreateServiceInput) { in.NetworkConfiguration = awsvpc("subnet-0123456789abcdef0", sg) }, "InvalidParameterException",
			"Error retrieving subnet information for [subnet-0123456789abcdef0]: The subnet ID 'subnet-0123456789abcdef0' does not exist (ECS)."},
		"unknown registry": {func(in *ecs.CreateServiceInput) {
			in.ServiceRegistries = []types.ServiceRegistry{{RegistryArn: aws.String("arn:aws:servicediscovery:us-east-1:123456789012:service/srv-0000000000000000")}}
		}, "InvalidParameterException", "Service registry arn:aws:servicediscovery:us-east-1:123456789012:service/srv-0000000000000000 does not exist."},
		"unknown target group": {func(in *ecs.CreateServiceInput) {
			in.LoadBalancers = []types.LoadBalancer{{TargetGroupArn: aws.String("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/nope/0123456789abcdef"),
				ContainerName: aws.String("web"), ContainerPort: aws.Int32(80)}}
		}, "InvalidParameterException", "Unable to assume role and validate the specified targetGroupArn. Please verify that the ECS service role being passed has the proper permissions."},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			in := base()
			tc.edit(in)
			_, err := h.ecs.CreateService(t.Context(), in)
			wantCode(t, err, tc.code)
			wantMessage(t, err, tc.msg)
		})
	}
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServices.html
func TestDescribeServicesReportsMissing(t *testing.T) {
	h := start(t)
	h.cluster(t, "prod")
	out, err := h.ecs.DescribeServices(t.Context(), &ecs.DescribeServicesInput{Cluster: aws.String("prod"), Services: []string{"ghost"}})
	if err != nil {
		t.Fatalf("DescribeServices: %v", err)
	}
	if len(out.Services) != 0 || len(out.Failures) != 1 || aws.ToString(out.Failures[0].Reason) != "MISSING" ||
		aws.ToString(out.Failures[0].Arn) != "arn:aws:ecs:us-east-1:123456789012:service/prod/ghost" {
		t.Errorf("out = %+v", out)
	}
	_, err = h.ecs.DescribeServices(t.Context(), &ecs.DescribeServicesInput{Cluster: aws.String("nope"), Services: []string{"x"}})
	wantCode(t, err, "ClusterNotFoundException")
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeleteService.html
// Deleting needs desiredCount 0 or force; the service turns DRAINING,
// leaves ListServices, becomes INACTIVE once its tasks stopped, refuses
// updates (ServiceNotActiveException), and is finally purged (MISSING).
// Its name can be reused once INACTIVE, not while DRAINING.
func TestDeleteServiceLifecycle(t *testing.T) {
	h := start(t)
	h.cluster(t, "prod")
	td := h.bridgeTaskDef(t, "web", "web:1")
	h.service(t, "prod", "web", td, 1)
	h.advance(taskStart + deployTime)
	_, err := h.ecs.DeleteService(t.Context(), &ecs.DeleteServiceInput{Cluster: aws.String("prod"), Service: aws.String("web")})
	wantCode(t, err, "InvalidParameterException")
	wantMessage(t, err, "The service cannot be stopped while it is scaled above 0.")

	del, err := h.ecs.DeleteService(t.Context(), &ecs.DeleteServiceInput{Cluster: aws.String("prod"), Service: aws.String("web"), Force: aws.Bool(true)})
	if err != nil || aws.ToString(del.Service.Status) != "DRAINING" {
		t.Fatalf("DeleteService = %v, %v; want DRAINING", del, err)
	}
	list, _ := h.ecs.ListServices(t.Context(), &ecs.ListServicesInput{Cluster: aws.String("prod")})
	if len(list.ServiceArns) != 0 {
		t.Errorf("ListServices after delete = %v", list.ServiceArns)
	}
	_, err = h.ecs.CreateService(t.Context(), &ecs.CreateServiceInput{Cluster: aws.String("prod"), ServiceName: aws.String("web"), TaskDefinition: aws.String(td)})
	wantMessage(t, err, "Unable to Start a service that is still Draining.")

	h.advance(taskStart)
	if got := aws.ToString(h.describe(t, "prod", "web").Status); got != "INACTIVE" {
		t.Errorf("after drain status = %s, want INACTIVE", got)
	}
	_, err = h.ecs.UpdateService(t.Context(), &ecs.UpdateServiceInput{Cluster: aws.String("prod"), Service: aws.String("web"), DesiredCount: aws.Int32(1)})
	wantCode(t, err, "ServiceNotActiveException")

	h.advance(2 * time.Hour)
	out, _ := h.ecs.DescribeServices(t.Context(), &ecs.DescribeServicesInput{Cluster: aws.String("prod"), Services: []string{"web"}})
	if len(out.Failures) != 1 || aws.ToString(out.Failures[0].Reason) != "MISSING" {
		t.Errorf("after purge: %+v", out)
	}
	_, err = h.ecs.UpdateService(t.Context(), &ecs.UpdateServiceInput{Cluster: aws.String("prod"), Service: aws.String("web")})
	wantCode(t, err, "ServiceNotFoundException")
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html
// Changing only desiredCount scales the PRIMARY deployment in place.
func TestUpdateDesiredCountScalesInPlace(t *testing.T) {
	h := start(t)
	h.cluster(t, "prod")
	h.service(t, "prod", "web", h.bridgeTaskDef(t, "web", "web:1"), 1)
	h.advance(taskStart + deployTime)
	id := aws.ToString(primary(t, h.describe(t, "prod", "web")).Id)
	out, err := h.ecs.UpdateService(t.Context(), &ecs.UpdateServiceInput{Cluster: aws.String("prod"), Service: aws.String("web"), DesiredCount: aws.Int32(3)})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Service.Deployments) != 1 || aws.ToString(out.Service.Deployments[0].Id) != id || out.Service.PendingCount != 2 {
		t.Errorf("after scale: %+v", out.Service.Deployments)
	}
	h.advance(taskStart)
	if svc := h.describe(t, "prod", "web"); svc.RunningCount != 3 {
		t.Errorf("running = %d, want 3", svc.RunningCount)
	}
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListServices.html
func TestListServicesPages(t *testing.T) {
	h := start(t)
	h.cluster(t, "prod")
	td := h.bridgeTaskDef(t, "web", "web:1")
	for _, n := range []string{"a", "b", "c"} {
		h.service(t, "prod", n, td, 0)
	}
	p := ecs.NewListServicesPaginator(h.ecs, &ecs.ListServicesInput{Cluster: aws.String("prod"), MaxResults: aws.Int32(2)})
	var all []string
	for p.HasMorePages() {
		page, err := p.NextPage(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, page.ServiceArns...)
	}
	if len(all) != 3 || all[0] != "arn:aws:ecs:us-east-1:123456789012:service/prod/a" {
		t.Errorf("services = %v", all)
	}
}
