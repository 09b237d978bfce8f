package e2e

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	logs "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	sd "github.com/aws/aws-sdk-go-v2/service/servicediscovery"
	sdtypes "github.com/aws/aws-sdk-go-v2/service/servicediscovery/types"

	"github.com/everruns/reconciler/internal/cli"
	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
	"github.com/everruns/reconciler/pkg/desired"
)

// clusterScope is the cluster tier and the one discovery service the file
// declares; the engine adds the network they need (the namespace's VPC).
var clusterScope = []string{"--target", "cluster", "--target", "service.temporal.discovery"}

// clusterClients are the test's own AWS clients, without retries, for
// out-of-band changes made as a person would.
type clusterClients struct {
	iam  *iam.Client
	logs *logs.Client
	ecs  *ecs.Client
	sd   *sd.Client
}

func clusterClientsOf(f *fake) clusterClients {
	cfg := fakeawstest.Config(f.url)
	return clusterClients{iam.NewFromConfig(cfg), logs.NewFromConfig(cfg), ecs.NewFromConfig(cfg), sd.NewFromConfig(cfg)}
}

func clusterApply(t *testing.T) {
	t.Helper()
	args := append([]string{"apply", "-f", envFile, "--poll-interval", poll}, clusterScope...)
	if code, out, errOut := reconciler(t.Context(), args...); code != cli.ExitOK {
		t.Fatalf("apply exit %d, want 0\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
}

func clusterDiff(t *testing.T) (int, report) {
	t.Helper()
	args := append([]string{"diff", "-f", envFile, "--poll-interval", poll, "-o", "json"}, clusterScope...)
	code, out, errOut := reconciler(t.Context(), args...)
	if code != cli.ExitOK && code != cli.ExitChanges {
		t.Fatalf("diff exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	return code, clusterDecode(t, out)
}

// clusterField is a field of the file's resource at a (a role's name, …).
func clusterField(t *testing.T, a desired.Address, field string) string {
	t.Helper()
	for _, r := range networkResources(t) {
		if r.Address == a {
			return r.Fields[field].(string)
		}
	}
	t.Fatalf("the file has no %s", a)
	return ""
}

func TestClusterTierConvergesAndDiffIsReadOnly(t *testing.T) {
	f := newFake(t)
	useFake(t, f)
	if code, _ := clusterDiff(t); code != cli.ExitChanges {
		t.Fatalf("diff of an empty account: exit %d, want 2", code)
	}
	clusterApply(t)
	f.srv.ResetCalls()
	code, r := clusterDiff(t)
	if code != cli.ExitOK || len(r.Changes) != 0 || !r.InSync {
		t.Fatalf("diff after apply: exit %d, changes %+v", code, r.Changes)
	}
	calls := f.srv.Calls()
	if m := mutations(calls); len(m) > 0 {
		t.Errorf("diff made mutating calls %v", m)
	}
	for _, op := range []string{"ecs:DescribeClusters", "logs:DescribeLogGroups", "iam:GetAccountAuthorizationDetails", "servicediscovery:ListNamespaces", "servicediscovery:ListServices"} {
		if calls[op] == 0 {
			t.Errorf("diff did not call %s (calls %v)", op, calls)
		}
	}
}

// Out-of-band changes to the cluster tier made through the AWS APIs, as a
// person would: each is reported by diff with its address, action and
// field, and repaired by apply.
func TestClusterOutOfBandChangesAreReportedAndRepaired(t *testing.T) {
	f := newFake(t)
	useFake(t, f)
	clusterApply(t)
	c := clusterClientsOf(f)
	execRole := clusterField(t, "cluster.role.execution", "role_name")
	taskRole := clusterField(t, "cluster.role.task", "role_name")
	cases := map[string]struct {
		mutate func(t *testing.T)
		want   change
	}{
		"log retention shortened": {func(t *testing.T) {
			_, err := c.logs.PutRetentionPolicy(t.Context(), &logs.PutRetentionPolicyInput{
				LogGroupName: aws.String(clusterField(t, "cluster.log_group", "log_group_name")), RetentionInDays: aws.Int32(7)})
			must(t, "PutRetentionPolicy", err)
		}, change{"cluster.log_group", "update", "retention_in_days"}},
		"execution policy detached": {func(t *testing.T) {
			_, err := c.iam.DetachRolePolicy(t.Context(), &iam.DetachRolePolicyInput{RoleName: aws.String(execRole),
				PolicyArn: aws.String("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy")})
			must(t, "DetachRolePolicy", err)
		}, change{"cluster.role.execution", "update", "managed_policy_arns"}},
		"administrator access attached by hand": {func(t *testing.T) {
			_, err := c.iam.AttachRolePolicy(t.Context(), &iam.AttachRolePolicyInput{RoleName: aws.String(taskRole),
				PolicyArn: aws.String("arn:aws:iam::aws:policy/AdministratorAccess")})
			must(t, "AttachRolePolicy", err)
		}, change{"cluster.role.task", "update", "managed_policy_arns"}},
		"inline policy widened": {func(t *testing.T) {
			_, err := c.iam.PutRolePolicy(t.Context(), &iam.PutRolePolicyInput{RoleName: aws.String(execRole), PolicyName: aws.String("everruns"),
				PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"secretsmanager:*","Resource":"*"}}`)})
			must(t, "PutRolePolicy", err)
		}, change{"cluster.role.execution", "update", "inline_policies.everruns"}},
		"trust policy opened to EC2": {func(t *testing.T) {
			_, err := c.iam.UpdateAssumeRolePolicy(t.Context(), &iam.UpdateAssumeRolePolicyInput{RoleName: aws.String(taskRole),
				PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":["ecs-tasks.amazonaws.com","ec2.amazonaws.com"]},"Action":"sts:AssumeRole"}]}`)})
			must(t, "UpdateAssumeRolePolicy", err)
		}, change{"cluster.role.task", "update", "assume_role_policy"}},
		"container insights turned on": {func(t *testing.T) {
			_, err := c.ecs.UpdateClusterSettings(t.Context(), &ecs.UpdateClusterSettingsInput{Cluster: aws.String(clusterField(t, "cluster.ecs", "cluster_name")),
				Settings: []ecstypes.ClusterSetting{{Name: ecstypes.ClusterSettingNameContainerInsights, Value: aws.String("enabled")}}})
			must(t, "UpdateClusterSettings", err)
		}, change{"cluster.ecs", "update", "container_insights"}},
		"log group tag removed": {func(t *testing.T) {
			_, err := c.logs.UntagResource(t.Context(), &logs.UntagResourceInput{TagKeys: []string{"ManagedBy"},
				ResourceArn: aws.String("arn:aws:logs:us-east-1:123456789012:log-group:" + clusterField(t, "cluster.log_group", "log_group_name"))})
			must(t, "UntagResource", err)
		}, change{"cluster.log_group", "update", "tags.ManagedBy"}},
		"namespace tag removed": {func(t *testing.T) {
			_, err := c.sd.UntagResource(t.Context(), &sd.UntagResourceInput{ResourceARN: aws.String(clusterNamespaceARN(t, c)), TagKeys: []string{"ManagedBy"}})
			must(t, "UntagResource", err)
		}, change{"cluster.namespace", "update", "tags.ManagedBy"}},
		"discovery TTL raised": {func(t *testing.T) {
			_, err := c.sd.UpdateService(t.Context(), &sd.UpdateServiceInput{Id: aws.String(clusterDiscoveryID(t, c, "temporal")), Service: &sdtypes.ServiceChange{
				DnsConfig: &sdtypes.DnsConfigChange{DnsRecords: []sdtypes.DnsRecord{{Type: sdtypes.RecordTypeA, TTL: aws.Int64(300)}}}}})
			must(t, "UpdateService", err)
			clusterAwaitTTL(t, c, "temporal", 300)
		}, change{"service.temporal.discovery", "update", "dns_records"}},
	}
	for _, name := range slices.Sorted(maps.Keys(cases)) {
		tc := cases[name]
		t.Run(name, func(t *testing.T) {
			tc.mutate(t)
			code, r := clusterDiff(t)
			if code != cli.ExitChanges {
				t.Fatalf("diff exit %d, want 2 (changes %+v)", code, r.Changes)
			}
			if !clusterReports(r, tc.want) {
				t.Fatalf("diff does not report %+v; changes %+v", tc.want, r.Changes)
			}
			clusterApply(t)
			if code, r := clusterDiff(t); code != cli.ExitOK {
				t.Fatalf("diff after apply: exit %d, changes %+v", code, r.Changes)
			}
		})
	}
}

// clusterReports says whether r holds want as the only change, its path
// or a path inside it (a policy document's "…Statement").
func clusterReports(r report, want change) bool {
	if len(r.Changes) != 1 {
		return false
	}
	ch := r.Changes[0]
	if ch.Address != want.address || ch.Action != want.action {
		return false
	}
	for _, f := range ch.Fields {
		if f.Path == want.path || strings.HasPrefix(f.Path, want.path+".") {
			return true
		}
	}
	return false
}
