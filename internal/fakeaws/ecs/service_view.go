package ecs

import (
	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/ecs"
)

// serviceLinkedRole is the role AWS reports for a service with load
// balancers when none was given: ECS's service-linked role.
const serviceLinkedRole = "arn:aws:iam::123456789012:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS"

func (s *Service) serviceView(svc *service, withTags bool) *v1.Service {
	now := s.env.Clock.Now()
	out := &v1.Service{
		ServiceArn: aws.String(svc.arn), ServiceName: aws.String(svc.name), ClusterArn: aws.String(svc.cluster.arn),
		Status: aws.String(svc.status), DesiredCount: aws.Int64(svc.desired), TaskDefinition: aws.String(svc.td.arn()),
		LaunchType: optString(svc.launchType), PlatformVersion: optString(svc.platformVersion),
		SchedulingStrategy: aws.String(svc.schedulingStrategy), CreatedAt: aws.Time(svc.createdAt),
		CreatedBy:     aws.String(registeredBy),
		LoadBalancers: orEmpty(cloneAll(svc.loadBalancers)), ServiceRegistries: orEmpty(cloneAll(svc.registries)),
		NetworkConfiguration: clone(svc.network), DeploymentConfiguration: clone(svc.deployConfig),
		DeploymentController: clone(svc.deploymentController), CapacityProviderStrategy: cloneAll(svc.capacityProviders),
		PlacementConstraints: orEmpty(cloneAll(svc.placementConstraints)), PlacementStrategy: orEmpty(cloneAll(svc.placementStrategy)),
		EnableExecuteCommand: aws.Bool(svc.enableExecuteCommand), EnableECSManagedTags: aws.Bool(svc.enableManagedTags),
		PropagateTags: aws.String(svc.propagateTags), HealthCheckGracePeriodSeconds: clone(svc.healthCheckGracePeriod),
		Deployments: []*v1.Deployment{}, Events: []*v1.ServiceEvent{},
	}
	if len(svc.loadBalancers) > 0 {
		out.RoleArn = aws.String(serviceLinkedRole)
	}
	if svc.launchType == "FARGATE" {
		out.PlatformFamily = aws.String("Linux")
	}
	var running, pending int64
	for _, d := range svc.deployments {
		dv := d.view(now)
		running += *dv.RunningCount
		pending += *dv.PendingCount
		out.Deployments = append(out.Deployments, dv)
	}
	out.RunningCount, out.PendingCount = aws.Int64(running), aws.Int64(pending)
	// AWS lists events newest first.
	for i := len(svc.events) - 1; i >= 0; i-- {
		out.Events = append(out.Events, clone(svc.events[i]))
	}
	if withTags {
		out.Tags = copyTags(svc.tags)
	}
	return out
}
