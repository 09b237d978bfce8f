package e2e

import (
	"maps"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	logs "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/everruns/reconciler/pkg/desired"
)

// fullDriftCase is one out-of-band change to the compute and edge tiers.
type fullDriftCase struct {
	mutate func(t *testing.T, w *fullEngine)
	want   change
	also   []change
}

// Out-of-band changes to the compute and edge tiers, made through the AWS
// APIs as a person would, over the whole shipped environment: each is
// reported with its address, action and field, and repaired; the
// environment is in sync again after each. The cluster and load balancer
// tests cover more cases of their tiers alone (cluster_test.go,
// loadbalancer_drift_test.go); here they meet the services that use them.
func TestWholeEnvironmentComputeAndEdgeDrift(t *testing.T) {
	w := newFullEngine(t)
	w.fromEmpty()
	cases := fullDriftCases()
	if len(cases) < 15 {
		t.Fatalf("%d cases, want at least 15", len(cases))
	}
	for _, name := range slices.Sorted(maps.Keys(cases)) {
		tc := cases[name]
		t.Run(name, func(t *testing.T) {
			w.t = t
			tc.mutate(t, w)
			r := w.plan()
			for _, c := range append([]change{tc.want}, tc.also...) {
				if !reportsChange(r, c) {
					t.Errorf("not reported: %s %s at %s; outstanding %+v", c.action, c.address, c.path, r.Outstanding())
				}
			}
			w.converge(w.resources)
			if r := w.plan(); !r.InSync() {
				t.Fatalf("not repaired: %+v", r.Outstanding())
			}
		})
	}
}

func fullDriftCases() map[string]fullDriftCase {
	cases := map[string]fullDriftCase{}
	maps.Copy(cases, fullServiceCases())
	maps.Copy(cases, fullEdgeCases())
	maps.Copy(cases, fullClusterCases())
	return cases
}

const fullCluster = "everruns-production"

func fullUpdateService(t *testing.T, w *fullEngine, in *ecs.UpdateServiceInput) {
	t.Helper()
	in.Cluster = aws.String(fullCluster)
	_, err := w.clients.ecs.UpdateService(t.Context(), in)
	must(t, "UpdateService", err)
}

func fullServiceCases() map[string]fullDriftCase {
	return map[string]fullDriftCase{
		"service desired count changed": {func(t *testing.T, w *fullEngine) {
			fullUpdateService(t, w, &ecs.UpdateServiceInput{Service: aws.String("everruns-api"), DesiredCount: aws.Int32(3)})
		}, change{"service.api", "update", "desired_count"}, nil},
		"service switched to another revision": {func(t *testing.T, w *fullEngine) {
			fullUpdateService(t, w, &ecs.UpdateServiceInput{Service: aws.String("everruns-worker"), TaskDefinition: aws.String(fullHandRevision(t, w, "everruns-worker"))})
		}, change{"service.worker", "update", "task_definition"}, nil},
		"service deleted": {func(t *testing.T, w *fullEngine) {
			_, err := w.clients.ecs.DeleteService(t.Context(), &ecs.DeleteServiceInput{Cluster: aws.String(fullCluster), Service: aws.String("everruns-ui"), Force: aws.Bool(true)})
			must(t, "DeleteService", err)
		}, change{"service.ui", "create", "desired_count"}, nil},
		"service circuit breaker turned off": {func(t *testing.T, w *fullEngine) {
			fullUpdateService(t, w, &ecs.UpdateServiceInput{Service: aws.String("everruns-api"), DeploymentConfiguration: &ecstypes.DeploymentConfiguration{
				DeploymentCircuitBreaker: &ecstypes.DeploymentCircuitBreaker{Enable: false, Rollback: false},
				MinimumHealthyPercent:    aws.Int32(100), MaximumPercent: aws.Int32(200)}})
		}, change{"service.api", "update", "deployment"}, nil},
		"service moved to a hand-made security group": {func(t *testing.T, w *fullEngine) {
			svc := fullDescribeService(t, w, "temporal")
			vpc := svc.NetworkConfiguration.AwsvpcConfiguration
			out, err := w.f.ec2.CreateSecurityGroup(t.Context(), &ec2.CreateSecurityGroupInput{
				VpcId: aws.String(vpcID(t, w.f)), GroupName: aws.String("temporal-by-hand"), Description: aws.String("made in the console")})
			must(t, "CreateSecurityGroup", err)
			vpc.SecurityGroups = []string{aws.ToString(out.GroupId)}
			fullUpdateService(t, w, &ecs.UpdateServiceInput{Service: aws.String("temporal"), NetworkConfiguration: svc.NetworkConfiguration})
		}, change{"service.temporal", "update", "network"}, nil},
		"service tag removed": {func(t *testing.T, w *fullEngine) {
			_, err := w.clients.ecs.UntagResource(t.Context(), &ecs.UntagResourceInput{ResourceArn: fullDescribeService(t, w, "everruns-worker").ServiceArn, TagKeys: []string{"ManagedBy"}})
			must(t, "UntagResource", err)
		}, change{"service.worker", "update", "tags"}, nil},
	}
}

func fullDescribeService(t *testing.T, w *fullEngine, name string) ecstypes.Service {
	t.Helper()
	out, err := w.clients.ecs.DescribeServices(t.Context(), &ecs.DescribeServicesInput{Cluster: aws.String(fullCluster), Services: []string{name}})
	must(t, "DescribeServices", err)
	if len(out.Services) != 1 {
		t.Fatalf("service %s not found", name)
	}
	return out.Services[0]
}

// fullHandRevision registers, as a person would, a revision of the
// service's family with one more environment variable, and returns it.
func fullHandRevision(t *testing.T, w *fullEngine, service string) string {
	t.Helper()
	cur, err := w.clients.ecs.DescribeTaskDefinition(t.Context(), &ecs.DescribeTaskDefinitionInput{TaskDefinition: fullDescribeService(t, w, service).TaskDefinition})
	must(t, "DescribeTaskDefinition", err)
	td := cur.TaskDefinition
	cd := td.ContainerDefinitions
	cd[0].Environment = append(cd[0].Environment, ecstypes.KeyValuePair{Name: aws.String("DEBUG"), Value: aws.String("1")})
	out, err := w.clients.ecs.RegisterTaskDefinition(t.Context(), &ecs.RegisterTaskDefinitionInput{
		Family: td.Family, ContainerDefinitions: cd, Cpu: td.Cpu, Memory: td.Memory, NetworkMode: td.NetworkMode,
		RequiresCompatibilities: td.RequiresCompatibilities, ExecutionRoleArn: td.ExecutionRoleArn, TaskRoleArn: td.TaskRoleArn,
		RuntimePlatform: td.RuntimePlatform,
	})
	must(t, "RegisterTaskDefinition", err)
	return aws.ToString(out.TaskDefinition.TaskDefinitionArn)
}

func fullEdgeCases() map[string]fullDriftCase {
	lb := func(mutate func(t *testing.T, c *elb.Client)) func(t *testing.T, w *fullEngine) {
		return func(t *testing.T, w *fullEngine) { mutate(t, w.elb) }
	}
	cases := map[string]fullDriftCase{
		"ALB security groups changed": {func(t *testing.T, w *fullEngine) {
			lbCases(w.f)["alb security groups changed"].mutate(t, w.elb)
		}, change{"loadbalancer.alb", "update", "security_groups"}, nil},
		"UI target group deleted": {lb(lbDeleteUIGroup), change{"loadbalancer.target_group.ui", "create", "port"},
			[]change{{lbUIListener, "update", "default_action"}, {"service.ui", "update", "load_balancers"}}},
	}
	for name, tc := range lbCases(nil) {
		if name == "alb security groups changed" || name == "target group deleted" {
			continue // above: they need the whole environment's fake
		}
		cases["load balancer: "+name] = fullDriftCase{lb(tc.mutate), tc.want, tc.also}
	}
	return cases
}

func fullClusterCases() map[string]fullDriftCase {
	return map[string]fullDriftCase{
		"managed policy detached from the execution role": {func(t *testing.T, w *fullEngine) {
			_, err := w.clients.iam.DetachRolePolicy(t.Context(), &iam.DetachRolePolicyInput{RoleName: aws.String(fullRole(t, "execution")),
				PolicyArn: aws.String("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy")})
			must(t, "DetachRolePolicy", err)
		}, change{"cluster.role.execution", "update", "managed_policy_arns"}, nil},
		"execution role's inline policy edited": {func(t *testing.T, w *fullEngine) {
			_, err := w.clients.iam.PutRolePolicy(t.Context(), &iam.PutRolePolicyInput{RoleName: aws.String(fullRole(t, "execution")), PolicyName: aws.String("everruns"),
				PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"secretsmanager:*","Resource":"*"}}`)})
			must(t, "PutRolePolicy", err)
		}, change{"cluster.role.execution", "update", "inline_policies.everruns"}, nil},
		"log retention changed": {func(t *testing.T, w *fullEngine) {
			_, err := w.clients.logs.PutRetentionPolicy(t.Context(), &logs.PutRetentionPolicyInput{
				LogGroupName: aws.String(clusterField(t, "cluster.log_group", "log_group_name")), RetentionInDays: aws.Int32(7)})
			must(t, "PutRetentionPolicy", err)
		}, change{"cluster.log_group", "update", "retention_in_days"}, nil},
	}
}

func fullRole(t *testing.T, which string) string {
	t.Helper()
	return clusterField(t, desired.Address("cluster.role."+which), "role_name")
}
