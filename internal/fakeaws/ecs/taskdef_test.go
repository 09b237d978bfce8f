package ecs_test

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

const execRole = "arn:aws:iam::123456789012:role/exec"

func fargateInput(family string) *ecs.RegisterTaskDefinitionInput {
	return &ecs.RegisterTaskDefinitionInput{
		Family: aws.String(family), NetworkMode: types.NetworkModeAwsvpc,
		RequiresCompatibilities: []types.Compatibility{types.CompatibilityFargate},
		Cpu:                     aws.String("512"), Memory: aws.String("1024"),
		ExecutionRoleArn: aws.String(execRole), TaskRoleArn: aws.String("arn:aws:iam::123456789012:role/task"),
		RuntimePlatform: &types.RuntimePlatform{CpuArchitecture: types.CPUArchitectureArm64, OperatingSystemFamily: types.OSFamilyLinux},
		ContainerDefinitions: []types.ContainerDefinition{{
			Name: aws.String("web"), Image: aws.String("nginx:1.27"), Cpu: 256, Memory: aws.Int32(512),
			Essential: aws.Bool(true), Command: []string{"nginx", "-g", "daemon off;"}, EntryPoint: []string{"/docker-entrypoint.sh"},
			PortMappings: []types.PortMapping{{ContainerPort: aws.Int32(80), HostPort: aws.Int32(80), Protocol: types.TransportProtocolTcp}},
			Environment:  []types.KeyValuePair{{Name: aws.String("MODE"), Value: aws.String("prod")}},
			Secrets: []types.Secret{{Name: aws.String("DB_PASSWORD"),
				ValueFrom: aws.String("arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:password::")}},
			LogConfiguration: &types.LogConfiguration{LogDriver: types.LogDriverAwslogs, Options: map[string]string{
				"awslogs-group": "/ecs/web", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "web"}},
			HealthCheck: &types.HealthCheck{Command: []string{"CMD-SHELL", "curl -f http://localhost/ || exit 1"},
				Interval: aws.Int32(30), Timeout: aws.Int32(5), Retries: aws.Int32(3), StartPeriod: aws.Int32(10)},
			RepositoryCredentials: &types.RepositoryCredentials{
				CredentialsParameter: aws.String("arn:aws:secretsmanager:us-east-1:123456789012:secret:dockerhub-123456")},
		}},
	}
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
// Everything a container definition carries comes back exactly.
func TestTaskDefinitionRoundTripsEveryField(t *testing.T) {
	h := start(t)
	in := fargateInput("web")
	if _, err := h.ecs.RegisterTaskDefinition(t.Context(), in); err != nil {
		t.Fatalf("RegisterTaskDefinition: %v", err)
	}
	out, err := h.ecs.DescribeTaskDefinition(t.Context(), &ecs.DescribeTaskDefinitionInput{TaskDefinition: aws.String("web")})
	if err != nil {
		t.Fatalf("DescribeTaskDefinition: %v", err)
	}
	td := out.TaskDefinition
	if diff := cmp.Diff(in.ContainerDefinitions, td.ContainerDefinitions,
		cmpopts.IgnoreUnexported(types.ContainerDefinition{}, types.PortMapping{}, types.KeyValuePair{}, types.Secret{},
			types.LogConfiguration{}, types.HealthCheck{}, types.RepositoryCredentials{}),
		cmpopts.IgnoreFields(types.ContainerDefinition{}, "MountPoints", "VolumesFrom")); diff != "" {
		t.Errorf("container definitions (-sent +described):\n%s", diff)
	}
	checks := map[string][2]string{
		"cpu":              {"512", aws.ToString(td.Cpu)},
		"memory":           {"1024", aws.ToString(td.Memory)},
		"networkMode":      {"awsvpc", string(td.NetworkMode)},
		"executionRoleArn": {execRole, aws.ToString(td.ExecutionRoleArn)},
		"taskRoleArn":      {"arn:aws:iam::123456789012:role/task", aws.ToString(td.TaskRoleArn)},
		"cpuArchitecture":  {"ARM64", string(td.RuntimePlatform.CpuArchitecture)},
		"osFamily":         {"LINUX", string(td.RuntimePlatform.OperatingSystemFamily)},
		"arn":              {"arn:aws:ecs:us-east-1:123456789012:task-definition/web:1", aws.ToString(td.TaskDefinitionArn)},
		"status":           {"ACTIVE", string(td.Status)},
		"requires":         {"[FARGATE]", fmt.Sprint(td.RequiresCompatibilities)},
		"compatibilities":  {"[EC2 FARGATE]", fmt.Sprint(td.Compatibilities)},
	}
	for field, c := range checks {
		if c[0] != c[1] {
			t.Errorf("%s = %q, want %q", field, c[1], c[0])
		}
	}
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
// AWS fills defaults a reconciler must expect: essential true, cpu 0,
// protocol tcp, hostPort = containerPort under awsvpc; "1 vCPU"/"2 GB"
// come back as units.
func TestTaskDefinitionDefaults(t *testing.T) {
	h := start(t)
	out, err := h.ecs.RegisterTaskDefinition(t.Context(), &ecs.RegisterTaskDefinitionInput{
		Family: aws.String("api"), NetworkMode: types.NetworkModeAwsvpc, Cpu: aws.String("1 vCPU"), Memory: aws.String("2 GB"),
		RequiresCompatibilities: []types.Compatibility{types.CompatibilityFargate},
		ContainerDefinitions: []types.ContainerDefinition{{Name: aws.String("api"), Image: aws.String("api:1"),
			PortMappings: []types.PortMapping{{ContainerPort: aws.Int32(8080)}}}},
	})
	if err != nil {
		t.Fatalf("RegisterTaskDefinition: %v", err)
	}
	td := out.TaskDefinition
	c := td.ContainerDefinitions[0]
	pm := c.PortMappings[0]
	if aws.ToString(td.Cpu) != "1024" || aws.ToString(td.Memory) != "2048" || !aws.ToBool(c.Essential) || c.Cpu != 0 ||
		pm.Protocol != types.TransportProtocolTcp || aws.ToInt32(pm.HostPort) != 8080 || c.Environment == nil {
		t.Errorf("defaults not filled: cpu %s memory %s container %+v port %+v", aws.ToString(td.Cpu), aws.ToString(td.Memory), c, pm)
	}
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html
// (Fargate: awsvpc only, task-level cpu/memory from the valid table,
// execution role for awslogs; ClientException with AWS's message)
func TestRegisterTaskDefinitionFargateValidation(t *testing.T) {
	cases := map[string]struct {
		edit func(*ecs.RegisterTaskDefinitionInput)
		msg  string
	}{
		"bridge network": {func(in *ecs.RegisterTaskDefinitionInput) { in.NetworkMode = types.NetworkModeBridge },
			"Fargate only supports network mode \u2018awsvpc\u2019."},
		"no cpu": {func(in *ecs.RegisterTaskDefinitionInput) { in.Cpu = nil },
			"Fargate requires that 'cpu' be defined at the task level."},
		"bad pair": {func(in *ecs.RegisterTaskDefinitionInput) { in.Cpu, in.Memory = aws.String("1024"), aws.String("1024") },
			"No Fargate configuration exists for given values: 1024 CPU, 1024 memory. See the Amazon ECS documentation for the valid values."},
		"awslogs without execution role": {func(in *ecs.RegisterTaskDefinitionInput) {
			in.ExecutionRoleArn = nil
			in.ContainerDefinitions[0].Secrets = nil
		}, "Fargate requires task definition to have execution role ARN to support log driver awslogs."},
		"secrets without execution role": {func(in *ecs.RegisterTaskDefinitionInput) { in.ExecutionRoleArn = nil },
			"When you are specifying container secrets, you must also specify a value for 'executionRoleArn'."},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			h := start(t)
			in := fargateInput("web")
			tc.edit(in)
			_, err := h.ecs.RegisterTaskDefinition(t.Context(), in)
			wantCode(t, err, "ClientException")
			wantMessage(t, err, tc.msg)
		})
	}
	t.Run("valid pairs", func(t *testing.T) {
		h := start(t)
		for _, pair := range [][2]string{{"256", "512"}, {"4096", "30720"}, {"16384", "122880"}, {"0.5 vCPU", "4GB"}} {
			in := fargateInput("ok")
			in.Cpu, in.Memory = aws.String(pair[0]), aws.String(pair[1])
			if _, err := h.ecs.RegisterTaskDefinition(t.Context(), in); err != nil {
				t.Errorf("%v: %v", pair, err)
			}
		}
	})
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html
// (EC2: memory or memoryReservation per container when none at task level)
func TestRegisterTaskDefinitionRequiresContainerMemory(t *testing.T) {
	h := start(t)
	_, err := h.ecs.RegisterTaskDefinition(t.Context(), &ecs.RegisterTaskDefinitionInput{
		Family:               aws.String("x"),
		ContainerDefinitions: []types.ContainerDefinition{{Name: aws.String("app"), Image: aws.String("app:1")}},
	})
	wantCode(t, err, "ClientException")
	wantMessage(t, err, "Invalid setting for container 'app'. At least one of 'memory' or 'memoryReservation' must be specified.")
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeregisterTaskDefinition.html
// Revisions increase per family; a deregistered one is INACTIVE but still
// described by revision, a bare family names the latest ACTIVE one, and
// numbers are never reused.
func TestRevisionsAndDeregistration(t *testing.T) {
	h := start(t)
	for range 2 {
		h.bridgeTaskDef(t, "web", "web:1")
	}
	if got := h.bridgeTaskDef(t, "api", "api:1"); got != "arn:aws:ecs:us-east-1:123456789012:task-definition/api:1" {
		t.Errorf("first revision of another family = %s", got)
	}
	dereg, err := h.ecs.DeregisterTaskDefinition(t.Context(), &ecs.DeregisterTaskDefinitionInput{TaskDefinition: aws.String("web:2")})
	if err != nil || dereg.TaskDefinition.Status != types.TaskDefinitionStatusInactive || dereg.TaskDefinition.DeregisteredAt == nil {
		t.Fatalf("DeregisterTaskDefinition = %+v, %v", dereg, err)
	}
	old, err := h.ecs.DescribeTaskDefinition(t.Context(), &ecs.DescribeTaskDefinitionInput{TaskDefinition: aws.String("web:2")})
	if err != nil || old.TaskDefinition.Status != types.TaskDefinitionStatusInactive {
		t.Errorf("describe web:2 = %v, %v; want INACTIVE", old, err)
	}
	latest, err := h.ecs.DescribeTaskDefinition(t.Context(), &ecs.DescribeTaskDefinitionInput{TaskDefinition: aws.String("web")})
	if err != nil || latest.TaskDefinition.Revision != 1 {
		t.Errorf("describe web = %v, %v; want revision 1 (latest ACTIVE)", latest, err)
	}
	if got := h.bridgeTaskDef(t, "web", "web:3"); got != "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3" {
		t.Errorf("after deregistering 2, next = %s, want web:3", got)
	}
	_, err = h.ecs.DescribeTaskDefinition(t.Context(), &ecs.DescribeTaskDefinitionInput{TaskDefinition: aws.String("web:9")})
	wantCode(t, err, "ClientException")
	wantMessage(t, err, "Unable to describe task definition.")
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListTaskDefinitions.html
func TestListTaskDefinitionsFiltersSortsAndPages(t *testing.T) {
	h := start(t)
	for range 3 {
		h.bridgeTaskDef(t, "web", "web:1")
	}
	h.bridgeTaskDef(t, "webapp", "webapp:1")
	if _, err := h.ecs.DeregisterTaskDefinition(t.Context(), &ecs.DeregisterTaskDefinitionInput{TaskDefinition: aws.String("web:1")}); err != nil {
		t.Fatal(err)
	}
	arn := func(s string) string { return "arn:aws:ecs:us-east-1:123456789012:task-definition/" + s }
	list := func(in *ecs.ListTaskDefinitionsInput) []string {
		var all []string
		p := ecs.NewListTaskDefinitionsPaginator(h.ecs, in)
		for p.HasMorePages() {
			page, err := p.NextPage(t.Context())
			if err != nil {
				t.Fatalf("ListTaskDefinitions: %v", err)
			}
			all = append(all, page.TaskDefinitionArns...)
		}
		return all
	}
	tests := map[string]struct {
		in   *ecs.ListTaskDefinitionsInput
		want []string
	}{
		"active by default, ASC": {&ecs.ListTaskDefinitionsInput{MaxResults: aws.Int32(1)},
			[]string{arn("web:2"), arn("web:3"), arn("webapp:1")}},
		"family is exact, DESC": {&ecs.ListTaskDefinitionsInput{FamilyPrefix: aws.String("web"), Sort: types.SortOrderDesc},
			[]string{arn("web:3"), arn("web:2")}},
		"inactive": {&ecs.ListTaskDefinitionsInput{Status: types.TaskDefinitionStatusInactive}, []string{arn("web:1")}},
	}
	for name, tc := range tests {
		if diff := cmp.Diff(tc.want, list(tc.in)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
	}
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeTaskDefinition.html
// (include TAGS)
func TestDescribeTaskDefinitionTags(t *testing.T) {
	h := start(t)
	in := fargateInput("web")
	in.Tags = []types.Tag{{Key: aws.String("team"), Value: aws.String("core")}}
	if _, err := h.ecs.RegisterTaskDefinition(t.Context(), in); err != nil {
		t.Fatal(err)
	}
	out, err := h.ecs.DescribeTaskDefinition(t.Context(), &ecs.DescribeTaskDefinitionInput{
		TaskDefinition: aws.String("web:1"), Include: []types.TaskDefinitionField{types.TaskDefinitionFieldTags}})
	if err != nil || len(out.Tags) != 1 || aws.ToString(out.Tags[0].Value) != "core" {
		t.Errorf("tags = %+v, %v", out, err)
	}
}
