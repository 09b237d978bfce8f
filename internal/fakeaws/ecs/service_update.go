package ecs

import (
	"reflect"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/ecs"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// findService resolves a service name or ARN in cluster c.
func findService(c *cluster, ref *string) (*service, error) {
	svc, ok := c.services[shortName(aws.StringValue(ref))]
	if !ok {
		return nil, errServiceNotFound()
	}
	return svc, nil
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html
// A change of task definition, network configuration, platform version,
// load balancers, service registries or execute-command (or
// forceNewDeployment) starts a new deployment; a change of desiredCount
// alone scales the PRIMARY deployment in place.
func (s *Service) updateService(r *core.Request) (any, error) {
	var in v1.UpdateServiceInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	c, err := s.findCluster(in.Cluster)
	if err != nil {
		return nil, err
	}
	svc, err := findService(c, in.Service)
	if err != nil {
		return nil, err
	}
	if svc.status != "ACTIVE" {
		return nil, errServiceNotActive()
	}
	next, err := s.updatedService(svc, &in)
	if err != nil {
		return nil, err
	}
	now := s.env.Clock.Now()
	redeploy := aws.BoolValue(in.ForceNewDeployment) || next.td != svc.td ||
		!reflect.DeepEqual(next.network, svc.network) || next.platformVersion != svc.platformVersion ||
		!reflect.DeepEqual(next.loadBalancers, svc.loadBalancers) || !reflect.DeepEqual(next.registries, svc.registries) ||
		next.enableExecuteCommand != svc.enableExecuteCommand
	*svc = *next
	if redeploy || len(svc.deployments) == 0 {
		s.startDeployment(svc, now)
	} else if d := svc.deployments[0]; d.desired != svc.desired {
		d.desired, d.updatedAt = svc.desired, now
		s.scale(svc, d, now)
	}
	return &v1.UpdateServiceOutput{Service: s.serviceView(svc, false)}, nil
}

// updatedService returns a copy of svc with the request applied, after
// checking the result as CreateService would.
func (s *Service) updatedService(svc *service, in *v1.UpdateServiceInput) (*service, error) {
	next := *svc
	if in.TaskDefinition != nil {
		td, err := s.serviceTaskDef(in.TaskDefinition)
		if err != nil {
			return nil, err
		}
		next.td = td
	}
	if in.DesiredCount != nil {
		next.desired = *in.DesiredCount
	}
	if in.NetworkConfiguration != nil {
		next.network = clone(in.NetworkConfiguration)
	}
	if in.PlatformVersion != nil {
		next.platformVersion = *in.PlatformVersion
	}
	if in.LoadBalancers != nil {
		next.loadBalancers = cloneAll(in.LoadBalancers)
	}
	if in.ServiceRegistries != nil {
		next.registries = cloneAll(in.ServiceRegistries)
	}
	if in.DeploymentConfiguration != nil {
		next.deployConfig = deploymentDefaults(in.DeploymentConfiguration)
	}
	if in.EnableExecuteCommand != nil {
		next.enableExecuteCommand = *in.EnableExecuteCommand
	}
	if in.PropagateTags != nil {
		next.propagateTags = *in.PropagateTags
	}
	if in.EnableECSManagedTags != nil {
		next.enableManagedTags = *in.EnableECSManagedTags
	}
	if in.HealthCheckGracePeriodSeconds != nil {
		next.healthCheckGracePeriod = clone(in.HealthCheckGracePeriodSeconds)
	}
	if in.PlacementConstraints != nil {
		next.placementConstraints = cloneAll(in.PlacementConstraints)
	}
	if in.PlacementStrategy != nil {
		next.placementStrategy = cloneAll(in.PlacementStrategy)
	}
	if in.CapacityProviderStrategy != nil {
		next.capacityProviders = cloneAll(in.CapacityProviderStrategy)
	}
	if err := s.checkServiceShape(next.td, next.launchType, next.network, next.loadBalancers, next.registries, next.deployConfig); err != nil {
		return nil, err
	}
	if err := s.checkAssociated(in.LoadBalancers); err != nil {
		return nil, err
	}
	return &next, nil
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeleteService.html
// A service still scaled above zero can be deleted only with force. The
// service turns DRAINING (and leaves ListServices) while its tasks stop,
// which takes Timing.ECSTaskStart, then INACTIVE.
func (s *Service) deleteService(r *core.Request) (any, error) {
	var in v1.DeleteServiceInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	c, err := s.findCluster(in.Cluster)
	if err != nil {
		return nil, err
	}
	svc, err := findService(c, in.Service)
	if err != nil {
		return nil, err
	}
	if svc.status != "ACTIVE" {
		return nil, errServiceNotActive()
	}
	if svc.desired > 0 && !aws.BoolValue(in.Force) {
		return nil, errInvalid("The service cannot be stopped while it is scaled above 0.")
	}
	now := s.env.Clock.Now()
	stopAt := now.Add(s.env.Timing.ECSTaskStart)
	svc.desired, svc.status, svc.drainedAt = 0, "DRAINING", stopAt
	for _, d := range svc.deployments {
		d.desired = 0
		for _, t := range d.slots {
			t.requestStop(stopAt, "ServiceSchedulerInitiated", "Service deleted")
		}
	}
	return &v1.DeleteServiceOutput{Service: s.serviceView(svc, false)}, nil
}
