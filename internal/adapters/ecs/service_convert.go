package ecs

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
)

// networkInput is the awsvpc configuration of a service or a task; a
// public IP is never assigned (tasks reach out through the NAT gateway).
func networkInput(rd *kit.Reader, f map[string]any, key string) *types.NetworkConfiguration {
	n := rd.Map(f, key)
	ip := types.AssignPublicIpDisabled
	if rd.Bool(n, names.TaskNetwork.AssignPublicIP) {
		ip = types.AssignPublicIpEnabled
	}
	return &types.NetworkConfiguration{AwsvpcConfiguration: &types.AwsVpcConfiguration{
		Subnets: rd.Strings(n, names.TaskNetwork.Subnets), SecurityGroups: rd.Strings(n, names.TaskNetwork.SecurityGroups), AssignPublicIp: ip}}
}

func networkFields(nc *types.NetworkConfiguration) map[string]any {
	out := map[string]any{names.TaskNetwork.Subnets: desired.Set{}, names.TaskNetwork.SecurityGroups: desired.Set{}, names.TaskNetwork.AssignPublicIP: false}
	if nc == nil || nc.AwsvpcConfiguration == nil {
		return out
	}
	a := nc.AwsvpcConfiguration
	out[names.TaskNetwork.Subnets] = desired.Set(anyStrings(a.Subnets))
	out[names.TaskNetwork.SecurityGroups] = desired.Set(anyStrings(a.SecurityGroups))
	out[names.TaskNetwork.AssignPublicIP] = a.AssignPublicIp == types.AssignPublicIpEnabled
	return out
}

func loadBalancersInput(rd *kit.Reader, f map[string]any) []types.LoadBalancer {
	out := []types.LoadBalancer{}
	for _, m := range rd.Maps(f, names.Service.LoadBalancers) {
		lb := names.LoadBalancerBinding
		out = append(out, types.LoadBalancer{TargetGroupArn: aws.String(rd.String(m, lb.TargetGroupARN)),
			ContainerName: aws.String(rd.String(m, lb.ContainerName)), ContainerPort: aws.Int32(int32(rd.Int(m, lb.ContainerPort)))})
	}
	return out
}

func loadBalancerFields(lbs []types.LoadBalancer) []any {
	out := []any{}
	for _, l := range lbs {
		b := names.LoadBalancerBinding
		out = append(out, map[string]any{b.TargetGroupARN: aws.ToString(l.TargetGroupArn),
			b.ContainerName: aws.ToString(l.ContainerName), b.ContainerPort: int64(aws.ToInt32(l.ContainerPort))})
	}
	return out
}

func registriesInput(rd *kit.Reader, f map[string]any) []types.ServiceRegistry {
	out := []types.ServiceRegistry{}
	for _, m := range rd.Maps(f, names.Service.ServiceRegistries) {
		out = append(out, types.ServiceRegistry{RegistryArn: aws.String(rd.String(m, names.ServiceRegistry.RegistryARN))})
	}
	return out
}

func registryFields(rs []types.ServiceRegistry) []any {
	out := []any{}
	for _, r := range rs {
		out = append(out, map[string]any{names.ServiceRegistry.RegistryARN: aws.ToString(r.RegistryArn)})
	}
	return out
}

func deploymentInput(rd *kit.Reader, f map[string]any) *types.DeploymentConfiguration {
	d, n := rd.Map(f, names.Service.Deployment), names.ServiceDeployment
	return &types.DeploymentConfiguration{
		DeploymentCircuitBreaker: &types.DeploymentCircuitBreaker{Enable: rd.Bool(d, n.CircuitBreaker), Rollback: rd.Bool(d, n.Rollback)},
		MinimumHealthyPercent:    aws.Int32(int32(rd.Int(d, n.MinimumHealthyPercent))),
		MaximumPercent:           aws.Int32(int32(rd.Int(d, n.MaximumPercent))),
	}
}

// deploymentFields reads the configuration with AWS's defaults (no
// circuit breaker, 100 and 200 percent) for what it leaves out.
func deploymentFields(c *types.DeploymentConfiguration) map[string]any {
	n := names.ServiceDeployment
	out := map[string]any{n.CircuitBreaker: false, n.Rollback: false, n.MinimumHealthyPercent: int64(100), n.MaximumPercent: int64(200)}
	if c == nil {
		return out
	}
	if cb := c.DeploymentCircuitBreaker; cb != nil {
		out[n.CircuitBreaker], out[n.Rollback] = cb.Enable, cb.Rollback
	}
	out[n.MinimumHealthyPercent] = orInt(c.MinimumHealthyPercent, 100)
	out[n.MaximumPercent] = orInt(c.MaximumPercent, 200)
	return out
}

// serviceFields is a described service in the file's vocabulary.
func serviceFields(s types.Service) map[string]any {
	f := names.Service
	return map[string]any{
		f.ServiceName: aws.ToString(s.ServiceName), f.Cluster: aws.ToString(s.ClusterArn),
		f.TaskDefinition: aws.ToString(s.TaskDefinition), f.DesiredCount: int64(s.DesiredCount),
		f.LaunchType: string(s.LaunchType), f.Network: networkFields(s.NetworkConfiguration),
		f.LoadBalancers: loadBalancerFields(s.LoadBalancers), f.ServiceRegistries: registryFields(s.ServiceRegistries),
		f.Deployment: deploymentFields(s.DeploymentConfiguration), f.Tags: observedTags(tagMap(s.Tags)),
	}
}
