package ecs

import (
	"fmt"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/ecs"
)

// The checks CreateService, UpdateService and RunTask share. Where another
// fake service owns the fact (a subnet, a target group, a Cloud Map
// service), env.Dir answers; an absent answerer means "accept".

// checkLaunchType refuses a Fargate launch of a definition that is not
// Fargate-compatible.
func checkLaunchType(launchType string, td *taskDef) error {
	if launchType == "" || launchType == "EC2" || launchType == "EXTERNAL" {
		return nil
	}
	for _, c := range td.def.Compatibilities {
		if aws.StringValue(c) == launchType {
			return nil
		}
	}
	return errInvalid("Task definition does not support launch_type %s.", launchType)
}

// checkNetwork applies awsvpc's rules: the configuration is required with
// awsvpc and refused otherwise, subnets are required and must exist, and a
// public IP is a Fargate feature.
func (s *Service) checkNetwork(nc *v1.NetworkConfiguration, td *taskDef, launchType string) error {
	awsvpc := aws.StringValue(td.def.NetworkMode) == "awsvpc"
	if nc == nil || nc.AwsvpcConfiguration == nil {
		if awsvpc {
			return errInvalid("Network Configuration must be provided when networkMode 'awsvpc' is specified.")
		}
		return nil
	}
	if !awsvpc {
		return errInvalid("Network Configuration is not valid for the given networkMode of this task definition.")
	}
	vpc := nc.AwsvpcConfiguration
	if len(vpc.Subnets) == 0 {
		return errInvalid("subnets can not be empty.")
	}
	if len(vpc.Subnets) > 16 || len(vpc.SecurityGroups) > 5 {
		return errInvalid("awsvpcConfiguration allows at most 16 subnets and 5 security groups.")
	}
	if aws.StringValue(vpc.AssignPublicIp) == "ENABLED" && launchType != "FARGATE" {
		return errInvalid("Assign public IP is not supported for this launch type.")
	}
	return s.checkVPCResources(vpc)
}

func (s *Service) checkVPCResources(vpc *v1.AwsVpcConfiguration) error {
	dir := s.env.Dir
	if dir == nil {
		return nil
	}
	if dir.SubnetAZ != nil {
		for _, id := range aws.StringValueSlice(vpc.Subnets) {
			if _, _, ok := dir.SubnetAZ(id); !ok {
				return errInvalid("Error retrieving subnet information for [%s]: The subnet ID '%s' does not exist (ECS).", id, id)
			}
		}
	}
	if dir.SecurityGroupVPC != nil {
		for _, id := range aws.StringValueSlice(vpc.SecurityGroups) {
			if _, ok := dir.SecurityGroupVPC(id); !ok {
				return errInvalid("Error retrieving security group information for [%s]: The security group '%s' does not exist (ECS).", id, id)
			}
		}
	}
	return nil
}

// checkLoadBalancers requires each target group to exist and each
// containerName:containerPort to be a port mapping of the definition. AWS
// answers a target group it cannot find with the misleading role message
// below.
func (s *Service) checkLoadBalancers(lbs []*v1.LoadBalancer, td *taskDef) error {
	for _, lb := range lbs {
		tg := aws.StringValue(lb.TargetGroupArn)
		if tg == "" && aws.StringValue(lb.LoadBalancerName) == "" {
			return errInvalid("Target Group Arn can not be blank.")
		}
		if tg != "" && s.env.Dir != nil && s.env.Dir.TargetGroupExists != nil && !s.env.Dir.TargetGroupExists(tg) {
			return errInvalid("Unable to assume role and validate the specified targetGroupArn. Please verify that the ECS service role being passed has the proper permissions.")
		}

		if err := checkContainerPort(td, aws.StringValue(lb.ContainerName), aws.Int64Value(lb.ContainerPort)); err != nil {
			return err
		}
	}
	return nil
}

func checkContainerPort(td *taskDef, name string, port int64) error {
	for _, c := range td.def.ContainerDefinitions {
		if aws.StringValue(c.Name) != name {
			continue
		}
		for _, pm := range c.PortMappings {
			if aws.Int64Value(pm.ContainerPort) == port {
				return nil
			}
		}
		return errInvalid("The container %s did not have a container port %d defined.", name, port)
	}
	return errInvalid("The container %s does not exist in the task definition.", name)
}

// checkRegistries requires each Cloud Map service to exist.
func (s *Service) checkRegistries(regs []*v1.ServiceRegistry) error {
	for _, r := range regs {
		arn := aws.StringValue(r.RegistryArn)
		if s.env.Dir != nil && s.env.Dir.DiscoveryServiceExists != nil && !s.env.Dir.DiscoveryServiceExists(arn) {
			return errInvalid("Service registry %s does not exist.", arn)
		}
	}
	return nil
}

// checkDeploymentConfiguration applies the documented bounds of
// minimumHealthyPercent and maximumPercent.
func checkDeploymentConfiguration(dc *v1.DeploymentConfiguration) error {
	if dc == nil {
		return nil
	}
	if dc.MaximumPercent != nil && *dc.MaximumPercent < 100 {
		return errInvalid("%s", fmt.Sprintf("maximumPercent must be at least 100, got %d.", *dc.MaximumPercent))
	}
	if dc.MinimumHealthyPercent != nil && (*dc.MinimumHealthyPercent < 0 || *dc.MinimumHealthyPercent > 100) {
		return errInvalid("minimumHealthyPercent must be between 0 and 100.")
	}
	return nil
}

// checkAssociated requires each target group a request gives (CreateService,
// or UpdateService with loadBalancers) to be used by a load balancer: a
// listener or rule forwarding to it. AWS refuses one that is not with
// InvalidParameterException
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshoot-service-load-balancers.html),
// which is why a service must be created after its listener and rules.
func (s *Service) checkAssociated(lbs []*v1.LoadBalancer) error {
	if s.env.Dir == nil || s.env.Dir.TargetGroupLoadBalancers == nil {
		return nil
	}
	for _, lb := range lbs {
		if tg := aws.StringValue(lb.TargetGroupArn); tg != "" && len(s.env.Dir.TargetGroupLoadBalancers(tg)) == 0 {
			return errInvalid("The target group with targetGroupArn %s does not have an associated load balancer.", tg)
		}
	}
	return nil
}
