package ecs

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/ecs"
)

var familyName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,255}$`)

// validateTaskDefinition checks what RegisterTaskDefinition refuses with a
// ClientException. AWS reports one problem per call, so this does too.
// Secrets are not resolved here: AWS registers a definition whose secret
// does not exist, and its tasks fail when they start.
func validateTaskDefinition(in *v1.RegisterTaskDefinitionInput) error {
	if !familyName.MatchString(aws.StringValue(in.Family)) {
		return errClient("Family contains invalid characters. Up to 255 letters (uppercase and lowercase), numbers, hyphens, and underscores are allowed.")
	}
	if len(in.ContainerDefinitions) == 0 {
		return errClient("Container list cannot be empty.")
	}
	if err := validateContainers(in); err != nil {
		return err
	}
	if requiresFargate(in.RequiresCompatibilities) {
		if err := fargateProblem(in); err != nil {
			return err
		}
	}
	return nil
}

func validateContainers(in *v1.RegisterTaskDefinitionInput) error {
	seen := map[string]bool{}
	essential, secrets := false, false
	for _, c := range in.ContainerDefinitions {
		name := aws.StringValue(c.Name)
		if name == "" {
			return errClient("Container.name should not be null or empty.")
		}
		if aws.StringValue(c.Image) == "" {
			return errClient("Container.image should not be null or empty.")
		}
		if seen[name] {
			return errClient("Duplicate container name: %s.", name)
		}
		seen[name] = true
		if in.Memory == nil && c.Memory == nil && c.MemoryReservation == nil {
			return errClient("Invalid setting for container '%s'. At least one of 'memory' or 'memoryReservation' must be specified.", name)
		}
		essential = essential || c.Essential == nil || *c.Essential
		secrets = secrets || len(c.Secrets) > 0
	}
	if !essential {
		return errClient("Task definition must have at least one essential container.")
	}
	if secrets && aws.StringValue(in.ExecutionRoleArn) == "" {
		return errClient("When you are specifying container secrets, you must also specify a value for 'executionRoleArn'.")
	}
	return nil
}

func requiresFargate(compat []*string) bool {
	for _, c := range compat {
		if aws.StringValue(c) == "FARGATE" {
			return true
		}
	}
	return false
}

// fargateProblem returns the ClientException Fargate raises for this
// definition, or nil. The messages are AWS's own.
func fargateProblem(in *v1.RegisterTaskDefinitionInput) error {
	if aws.StringValue(in.NetworkMode) != "awsvpc" {
		return errClient("Fargate only supports network mode \u2018awsvpc\u2019.")
	}
	if in.Cpu == nil {
		return errClient("Fargate requires that 'cpu' be defined at the task level.")
	}
	if in.Memory == nil {
		return errClient("Fargate requires that 'memory' be defined at the task level.")
	}
	cpu, okCPU := parseCPU(*in.Cpu)
	mem, okMem := parseMemory(*in.Memory)
	if !okCPU || !okMem || !fargateCombination(cpu, mem) {
		return errClient("No Fargate configuration exists for given values: %s CPU, %s memory. See the Amazon ECS documentation for the valid values.", *in.Cpu, *in.Memory)
	}
	for _, c := range in.ContainerDefinitions {
		if c.LogConfiguration != nil && aws.StringValue(c.LogConfiguration.LogDriver) == "awslogs" && aws.StringValue(in.ExecutionRoleArn) == "" {
			return errClient("Fargate requires task definition to have execution role ARN to support log driver awslogs.")
		}
	}
	return nil
}

// fargateCombination is the table of valid task CPU and memory values
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size).
func fargateCombination(cpu, mem int64) bool {
	type span struct{ lo, hi, step int64 }
	table := map[int64][]span{
		256:   {{512, 512, 1}, {1024, 1024, 1}, {2048, 2048, 1}},
		512:   {{1024, 4096, 1024}},
		1024:  {{2048, 8192, 1024}},
		2048:  {{4096, 16384, 1024}},
		4096:  {{8192, 30720, 1024}},
		8192:  {{16384, 61440, 4096}},
		16384: {{32768, 122880, 8192}},
	}
	for _, s := range table[cpu] {
		if mem >= s.lo && mem <= s.hi && (mem-s.lo)%s.step == 0 {
			return true
		}
	}
	return false
}

// parseCPU reads "256", "0.25 vCPU" or "1 vcpu" as CPU units (1024 per vCPU).
func parseCPU(s string) (int64, bool) {
	return parseUnits(s, []string{"vcpu"}, 1024)
}

// parseMemory reads "512", "1 GB" or "2gb" as MiB.
func parseMemory(s string) (int64, bool) {
	return parseUnits(s, []string{"gb"}, 1024)
}

func parseUnits(s string, suffixes []string, per float64) (int64, bool) {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, suf := range suffixes {
		if strings.HasSuffix(t, suf) {
			f, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(t, suf)), 64)
			if err != nil || f <= 0 {
				return 0, false
			}
			return int64(f * per), true
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	return n, err == nil && n > 0
}
