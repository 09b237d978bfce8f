package ecs

import (
	"sort"
	"time"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/ecs"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// service is one ECS service. It keeps every field CreateService and
// UpdateService accept, so DescribeServices returns them as AWS does.
type service struct {
	name, arn, region string
	cluster           *cluster
	status            string // ACTIVE, DRAINING, INACTIVE
	drainedAt         time.Time
	inactiveAt        time.Time
	createdAt         time.Time
	clientToken       string

	desired                int64
	td                     *taskDef
	launchType             string
	platformVersion        string
	schedulingStrategy     string
	loadBalancers          []*v1.LoadBalancer
	network                *v1.NetworkConfiguration
	registries             []*v1.ServiceRegistry
	deployConfig           *v1.DeploymentConfiguration
	deploymentController   *v1.DeploymentController
	capacityProviders      []*v1.CapacityProviderStrategyItem
	placementConstraints   []*v1.PlacementConstraint
	placementStrategy      []*v1.PlacementStrategy
	enableExecuteCommand   bool
	enableManagedTags      bool
	propagateTags          string
	healthCheckGracePeriod *int64
	tags                   []*v1.Tag
	deployments            []*deployment // PRIMARY first, then ACTIVE newest first
	events                 []*v1.ServiceEvent
}

// inactiveRetention is how long an INACTIVE service stays describable. AWS
// says only that INACTIVE services "may be cleaned up and purged"; in
// practice they vanish after about an hour, after which DescribeServices
// reports them MISSING like any unknown service.
const inactiveRetention = time.Hour

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html
func (s *Service) createService(r *core.Request) (any, error) {
	var in v1.CreateServiceInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	c, err := s.findCluster(in.Cluster)
	if err != nil {
		return nil, err
	}
	name := aws.StringValue(in.ServiceName)
	if old, ok := c.services[name]; ok {
		switch old.status {
		case "ACTIVE":
			// A retry carrying the same client token gets the service back;
			// anything else is a second creation under the same name.
			if in.ClientToken != nil && *in.ClientToken == old.clientToken {
				return &v1.CreateServiceOutput{Service: s.serviceView(old, true)}, nil
			}
			return nil, errInvalid("Creation of service was not idempotent.")
		case "DRAINING":
			return nil, errInvalid("Unable to Start a service that is still Draining.")
		}
	}
	svc, err := s.newService(r.Region, c, &in)
	if err != nil {
		return nil, err
	}
	c.services[name] = svc
	s.startDeployment(svc, s.env.Clock.Now())
	return &v1.CreateServiceOutput{Service: s.serviceView(svc, true)}, nil
}

// newService validates the request and builds the service with AWS's
// defaults filled in (REPLICA, 100/200 %, circuit breaker off, platform
// LATEST on Fargate, propagateTags NONE).
func (s *Service) newService(region string, c *cluster, in *v1.CreateServiceInput) (*service, error) {
	td, err := s.serviceTaskDef(in.TaskDefinition)
	if err != nil {
		return nil, err
	}
	launchType := aws.StringValue(in.LaunchType)
	if launchType == "" && len(in.CapacityProviderStrategy) == 0 {
		launchType = "EC2"
	}
	if err := s.checkServiceShape(td, launchType, in.NetworkConfiguration, in.LoadBalancers, in.ServiceRegistries, in.DeploymentConfiguration); err != nil {
		return nil, err
	}
	if err := s.checkAssociated(in.LoadBalancers); err != nil {
		return nil, err
	}
	if err := validateTags(in.Tags); err != nil {
		return nil, err
	}
	svc := &service{
		name: *in.ServiceName, arn: serviceARN(region, c.name, *in.ServiceName), region: region,
		cluster: c, status: "ACTIVE", createdAt: s.env.Clock.Now(), clientToken: aws.StringValue(in.ClientToken),
		desired: 1, td: td, launchType: launchType, platformVersion: aws.StringValue(in.PlatformVersion),
		schedulingStrategy: aws.StringValue(in.SchedulingStrategy),
		loadBalancers:      orEmpty(cloneAll(in.LoadBalancers)), network: clone(in.NetworkConfiguration),
		registries: orEmpty(cloneAll(in.ServiceRegistries)), deployConfig: deploymentDefaults(in.DeploymentConfiguration),
		deploymentController: clone(in.DeploymentController), capacityProviders: cloneAll(in.CapacityProviderStrategy),
		placementConstraints: orEmpty(cloneAll(in.PlacementConstraints)), placementStrategy: orEmpty(cloneAll(in.PlacementStrategy)),
		enableExecuteCommand: aws.BoolValue(in.EnableExecuteCommand), enableManagedTags: aws.BoolValue(in.EnableECSManagedTags),
		propagateTags: aws.StringValue(in.PropagateTags), healthCheckGracePeriod: clone(in.HealthCheckGracePeriodSeconds),
		tags: copyTags(in.Tags),
	}
	if in.DesiredCount != nil {
		svc.desired = *in.DesiredCount
	}
	if svc.schedulingStrategy == "" {
		svc.schedulingStrategy = "REPLICA"
	}
	if svc.launchType == "FARGATE" && svc.platformVersion == "" {
		svc.platformVersion = "LATEST"
	}
	if svc.propagateTags == "" {
		svc.propagateTags = "NONE"
	}
	if svc.deploymentController == nil {
		svc.deploymentController = &v1.DeploymentController{Type: aws.String("ECS")}
	}
	return svc, nil
}

// serviceTaskDef resolves the task definition a service is to run.
func (s *Service) serviceTaskDef(ref *string) (*taskDef, error) {
	if aws.StringValue(ref) == "" {
		return nil, errInvalid("TaskDefinition can not be blank.")
	}
	td := s.findTaskDef(*ref)
	if td == nil {
		return nil, errClient("TaskDefinition not found.")
	}
	if !td.active() {
		return nil, errInvalid("TaskDefinition is inactive")
	}
	return td, nil
}

func (s *Service) checkServiceShape(td *taskDef, launchType string, nc *v1.NetworkConfiguration, lbs []*v1.LoadBalancer, regs []*v1.ServiceRegistry, dc *v1.DeploymentConfiguration) error {
	if err := checkLaunchType(launchType, td); err != nil {
		return err
	}
	if err := s.checkNetwork(nc, td, launchType); err != nil {
		return err
	}
	if err := s.checkLoadBalancers(lbs, td); err != nil {
		return err
	}
	if err := s.checkRegistries(regs); err != nil {
		return err
	}
	return checkDeploymentConfiguration(dc)
}

func deploymentDefaults(in *v1.DeploymentConfiguration) *v1.DeploymentConfiguration {
	dc := clone(in)
	if dc == nil {
		dc = &v1.DeploymentConfiguration{}
	}
	if dc.MaximumPercent == nil {
		dc.MaximumPercent = aws.Int64(200)
	}
	if dc.MinimumHealthyPercent == nil {
		dc.MinimumHealthyPercent = aws.Int64(100)
	}
	if dc.DeploymentCircuitBreaker == nil {
		dc.DeploymentCircuitBreaker = &v1.DeploymentCircuitBreaker{Enable: aws.Bool(false), Rollback: aws.Bool(false)}
	}
	return dc
}

func orEmpty[T any](in []*T) []*T {
	if in == nil {
		return []*T{}
	}
	return in
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServices.html
// DRAINING and INACTIVE services are described; unknown (or purged) ones
// are failures with reason MISSING. Tags only come with include TAGS.
func (s *Service) describeServices(r *core.Request) (any, error) {
	var in v1.DescribeServicesInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	c, err := s.findCluster(in.Cluster)
	if err != nil {
		return nil, err
	}
	if len(in.Services) == 0 || len(in.Services) > 10 {
		return nil, errInvalid("services can have between 1 and 10 items.")
	}
	withTags := includes(in.Include)["TAGS"]
	out := &v1.DescribeServicesOutput{Services: []*v1.Service{}, Failures: []*v1.Failure{}}
	for _, ref := range aws.StringValueSlice(in.Services) {
		svc, ok := c.services[shortName(ref)]
		if !ok {
			out.Failures = append(out.Failures, &v1.Failure{Arn: aws.String(serviceARN(r.Region, c.name, shortName(ref))), Reason: aws.String("MISSING")})
			continue
		}
		out.Services = append(out.Services, s.serviceView(svc, withTags))
	}
	return out, nil
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListServices.html
// Only ACTIVE services are listed: a deleted one leaves the list at once.
func (s *Service) listServices(r *core.Request) (any, error) {
	var in v1.ListServicesInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	c, err := s.findCluster(in.Cluster)
	if err != nil {
		return nil, err
	}
	arns := []string{}
	for _, svc := range c.services {
		if svc.status != "ACTIVE" ||
			(in.LaunchType != nil && *in.LaunchType != svc.launchType) ||
			(in.SchedulingStrategy != nil && *in.SchedulingStrategy != svc.schedulingStrategy) {
			continue
		}
		arns = append(arns, svc.arn)
	}
	sort.Strings(arns)
	start, end, next, err := core.Page(len(arns), aws.StringValue(in.NextToken), int(aws.Int64Value(in.MaxResults)), 10)
	if err != nil {
		return nil, err
	}
	return &v1.ListServicesOutput{ServiceArns: aws.StringSlice(arns[start:end]), NextToken: optString(next)}, nil
}
