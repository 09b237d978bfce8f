package ecs

import (
	"time"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/ecs"
)

// registeredBy is the principal of the fake's one set of credentials (the
// same one STS answers GetCallerIdentity with).
const registeredBy = "arn:aws:iam::123456789012:user/devcloud"

// buildTaskDefinition keeps every field of the request and fills in what
// AWS fills in itself, so that a reconciler comparing a file with
// DescribeTaskDefinition sees the same defaults as against AWS: containers
// get cpu 0, essential true and empty environment/mountPoints/volumesFrom
// lists, port mappings get protocol tcp (and, under awsvpc, a hostPort equal
// to the containerPort), and task-level cpu/memory given in units such as
// "1 vCPU" or "2 GB" come back as "1024" and "2048".
func buildTaskDefinition(in *v1.RegisterTaskDefinitionInput, region string, rev int64, now time.Time) *v1.TaskDefinition {
	awsvpc := aws.StringValue(in.NetworkMode) == "awsvpc"
	td := &v1.TaskDefinition{
		Family:                  clone(in.Family),
		Revision:                aws.Int64(rev),
		TaskDefinitionArn:       aws.String(taskDefARN(region, *in.Family, rev)),
		Status:                  aws.String("ACTIVE"),
		RegisteredAt:            aws.Time(now),
		RegisteredBy:            aws.String(registeredBy),
		ContainerDefinitions:    cloneAll(in.ContainerDefinitions),
		NetworkMode:             clone(in.NetworkMode),
		RequiresCompatibilities: cloneStrings(in.RequiresCompatibilities),
		ExecutionRoleArn:        clone(in.ExecutionRoleArn),
		TaskRoleArn:             clone(in.TaskRoleArn),
		RuntimePlatform:         clone(in.RuntimePlatform),
		Volumes:                 cloneAll(in.Volumes),
		PlacementConstraints:    cloneAll(in.PlacementConstraints),
		EphemeralStorage:        clone(in.EphemeralStorage),
		ProxyConfiguration:      clone(in.ProxyConfiguration),
		PidMode:                 clone(in.PidMode),
		IpcMode:                 clone(in.IpcMode),
		InferenceAccelerators:   cloneAll(in.InferenceAccelerators),
		Compatibilities:         aws.StringSlice(compatibilities(in)),
	}
	if in.Cpu != nil {
		if n, ok := parseCPU(*in.Cpu); ok {
			td.Cpu = aws.String(itoa(n))
		} else {
			td.Cpu = clone(in.Cpu)
		}
	}
	if in.Memory != nil {
		if n, ok := parseMemory(*in.Memory); ok {
			td.Memory = aws.String(itoa(n))
		} else {
			td.Memory = clone(in.Memory)
		}
	}
	if td.Volumes == nil {
		td.Volumes = []*v1.Volume{}
	}
	if td.PlacementConstraints == nil {
		td.PlacementConstraints = []*v1.TaskDefinitionPlacementConstraint{}
	}
	for _, c := range td.ContainerDefinitions {
		fillContainerDefaults(c, awsvpc)
	}
	return td
}

func fillContainerDefaults(c *v1.ContainerDefinition, awsvpc bool) {
	if c.Cpu == nil {
		c.Cpu = aws.Int64(0)
	}
	if c.Essential == nil {
		c.Essential = aws.Bool(true)
	}
	if c.Environment == nil {
		c.Environment = []*v1.KeyValuePair{}
	}
	if c.MountPoints == nil {
		c.MountPoints = []*v1.MountPoint{}
	}
	if c.VolumesFrom == nil {
		c.VolumesFrom = []*v1.VolumeFrom{}
	}
	if c.PortMappings == nil {
		c.PortMappings = []*v1.PortMapping{}
	}
	for _, pm := range c.PortMappings {
		if pm.Protocol == nil {
			pm.Protocol = aws.String("tcp")
		}
		if awsvpc && pm.HostPort == nil && pm.ContainerPort != nil {
			pm.HostPort = aws.Int64(*pm.ContainerPort)
		}
	}
}

// compatibilities is what AWS computes: EC2 always, FARGATE when the
// definition would pass Fargate's validation.
func compatibilities(in *v1.RegisterTaskDefinitionInput) []string {
	out := []string{"EC2"}
	if fargateProblem(in) == nil {
		out = append(out, "FARGATE")
	}
	return out
}

func cloneStrings(in []*string) []*string {
	if in == nil {
		return nil
	}
	return aws.StringSlice(aws.StringValueSlice(in))
}
