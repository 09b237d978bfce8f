package e2e

import (
	"maps"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	logs "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	sd "github.com/aws/aws-sdk-go-v2/service/servicediscovery"

	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
)

// auditWhole reads the whole fake, unfiltered, as a person's console
// would, after the release phase: exactly one resource per address of
// every tier, two revisions for the families the release changed (the
// rollback target and the new one) and one for the others, and each
// one-off task run once per revision.
func (w *fullEngine) auditWhole(resources []desired.Resource) {
	w.t.Helper()
	auditNoDuplicates(w.t, w.f, resources)
	w.auditCounts()
	w.auditLoadBalancer(resources)
	w.auditRevisions(resources)
}

// auditCounts: the kinds whose names AWS does not keep unique, and the
// others by count.
func (w *fullEngine) auditCounts() {
	t, ctx, cfg := w.t, w.t.Context(), fakeawstest.Config(w.f.url)
	got := map[string]int{}
	dbs, err := rds.NewFromConfig(cfg).DescribeDBInstances(ctx, &rds.DescribeDBInstancesInput{})
	must(t, "DescribeDBInstances", err)
	got["db instances"] = len(dbs.DBInstances)
	secrets, err := sm.NewFromConfig(cfg).ListSecrets(ctx, &sm.ListSecretsInput{IncludePlannedDeletion: aws.Bool(true)})
	must(t, "ListSecrets", err)
	got["secrets"] = len(secrets.SecretList)
	certs, err := acm.NewFromConfig(cfg).ListCertificates(ctx, &acm.ListCertificatesInput{})
	must(t, "ListCertificates", err)
	got["certificates"] = len(certs.CertificateSummaryList)
	roles, err := iam.NewFromConfig(cfg).ListRoles(ctx, &iam.ListRolesInput{})
	must(t, "ListRoles", err)
	got["roles"] = len(roles.Roles)
	groups, err := logs.NewFromConfig(cfg).DescribeLogGroups(ctx, &logs.DescribeLogGroupsInput{})
	must(t, "DescribeLogGroups", err)
	got["log groups"] = len(groups.LogGroups)
	namespaces, err := sd.NewFromConfig(cfg).ListNamespaces(ctx, &sd.ListNamespacesInput{})
	must(t, "ListNamespaces", err)
	got["namespaces"] = len(namespaces.Namespaces)
	discovery, err := sd.NewFromConfig(cfg).ListServices(ctx, &sd.ListServicesInput{})
	must(t, "ListServices", err)
	got["discovery services"] = len(discovery.Services)
	clusters, err := w.clients.ecs.ListClusters(ctx, &ecs.ListClustersInput{})
	must(t, "ListClusters", err)
	got["clusters"] = len(clusters.ClusterArns)
	services, err := w.clients.ecs.ListServices(ctx, &ecs.ListServicesInput{Cluster: aws.String(fullCluster)})
	must(t, "ListServices", err)
	got["services"] = len(services.ServiceArns)
	want := map[string]int{"db instances": 1, "secrets": 3, "certificates": 1, "roles": 2, "log groups": 1,
		"namespaces": 1, "discovery services": 1, "clusters": 1, "services": 4}
	if !maps.Equal(got, want) {
		t.Errorf("the fake holds %v, want %v", got, want)
	}
}

// auditLoadBalancer: every ELBv2 resource carries an address of the
// file's load balancer tier, each address once.
func (w *fullEngine) auditLoadBalancer(resources []desired.Resource) {
	t := w.t
	var want, got []string
	for _, r := range resources {
		if r.Address.HasPrefix("loadbalancer") {
			want = append(want, string(r.Address))
		}
	}
	for batch := range slices.Chunk(lbARNs(t, w.elb), 20) {
		out, err := w.elb.DescribeTags(t.Context(), &elb.DescribeTagsInput{ResourceArns: batch})
		must(t, "DescribeTags", err)
		for _, d := range out.TagDescriptions {
			addr := "untagged " + aws.ToString(d.ResourceArn)
			for _, tag := range d.Tags {
				if aws.ToString(tag.Key) == tagAddress {
					addr = aws.ToString(tag.Value)
				}
			}
			got = append(got, addr)
		}
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("ELBv2 holds %v, want %v", got, want)
	}
}

// released are the families the release phase changed.
var released = map[string]bool{"service.api.task_definition": true, "task.migrate.task_definition": true}

// auditRevisions: the revisions of each family, and the runs of each
// one-off task's revisions.
func (w *fullEngine) auditRevisions(resources []desired.Resource) {
	t, ctx := w.t, w.t.Context()
	for _, r := range resources {
		if r.Kind != names.KindTaskDefinition {
			continue
		}
		family := r.Fields[names.TaskDefinition.Family].(string)
		var revs []string
		for _, st := range []ecstypes.TaskDefinitionStatus{ecstypes.TaskDefinitionStatusActive, ecstypes.TaskDefinitionStatusInactive} {
			out, err := w.clients.ecs.ListTaskDefinitions(ctx, &ecs.ListTaskDefinitionsInput{FamilyPrefix: aws.String(family), Status: st})
			must(t, "ListTaskDefinitions", err)
			revs = append(revs, out.TaskDefinitionArns...)
		}
		want := 1
		if released[string(r.Address)] {
			want = 2
		}
		if len(revs) != want {
			t.Errorf("family %s has revisions %v, want %d", family, revs, want)
		}
		if r.Address.HasPrefix("task") {
			w.auditRuns(family, revs)
		}
	}
}

// auditRuns: each revision of a one-off task's family ran exactly once.
func (w *fullEngine) auditRuns(family string, revs []string) {
	t, ctx := w.t, w.t.Context()
	runs := map[string]int{}
	for _, st := range []ecstypes.DesiredStatus{ecstypes.DesiredStatusRunning, ecstypes.DesiredStatusStopped} {
		out, err := w.clients.ecs.ListTasks(ctx, &ecs.ListTasksInput{Cluster: aws.String(fullCluster), Family: aws.String(family), DesiredStatus: st})
		must(t, "ListTasks", err)
		if len(out.TaskArns) == 0 {
			continue
		}
		d, err := w.clients.ecs.DescribeTasks(ctx, &ecs.DescribeTasksInput{Cluster: aws.String(fullCluster), Tasks: out.TaskArns})
		must(t, "DescribeTasks", err)
		for _, task := range d.Tasks {
			runs[aws.ToString(task.TaskDefinitionArn)]++
		}
	}
	for _, rev := range revs {
		if runs[rev] != 1 {
			t.Errorf("%s ran %d times, want once (runs %v)", rev, runs[rev], runs)
		}
	}
	if len(runs) != len(revs) {
		t.Errorf("family %s: runs %v for revisions %v", family, runs, revs)
	}
}
