package ecs

import (
	"sort"
	"time"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/ecs"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

type cluster struct {
	arn, name     string
	createdAt     time.Time
	settings      []*v1.ClusterSetting
	configuration *v1.ClusterConfiguration
	tags          []*v1.Tag
	services      map[string]*service  // by name, including DRAINING and INACTIVE
	tasks         []*task              // one-off and service tasks, oldest first
	runTokens     map[string]*runToken // RunTask clientToken → what it ran
}

// findCluster resolves a cluster name or ARN; an empty reference is the
// "default" cluster, as every ECS operation documents.
func (s *Service) findCluster(ref *string) (*cluster, error) {
	name := "default"
	if ref != nil && *ref != "" {
		name = shortName(*ref)
	}
	c, ok := s.clusters[name]
	if !ok {
		return nil, errClusterNotFound()
	}
	return c, nil
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCluster.html
// CreateCluster is idempotent: creating an existing cluster returns it.
func (s *Service) createCluster(r *core.Request) (any, error) {
	var in v1.CreateClusterInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	name := aws.StringValue(in.ClusterName)
	if name == "" {
		name = "default"
	}
	if c, ok := s.clusters[name]; ok {
		return &v1.CreateClusterOutput{Cluster: s.clusterView(c, true, true)}, nil
	}
	if err := validateTags(in.Tags); err != nil {
		return nil, err
	}
	settings := in.Settings
	if len(settings) == 0 {
		// The account default AWS reports when none is given.
		settings = []*v1.ClusterSetting{{Name: aws.String("containerInsights"), Value: aws.String("disabled")}}
	}
	c := &cluster{
		arn: clusterARN(r.Region, name), name: name, createdAt: s.env.Clock.Now(),
		settings: copySettings(settings), configuration: in.Configuration,
		tags: copyTags(in.Tags), services: map[string]*service{},
	}
	s.clusters[name] = c
	return &v1.CreateClusterOutput{Cluster: s.clusterView(c, true, true)}, nil
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeClusters.html
// A cluster that does not exist is reported in failures with reason MISSING;
// settings and tags are returned only when include asks for them.
func (s *Service) describeClusters(r *core.Request) (any, error) {
	var in v1.DescribeClustersInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	refs := aws.StringValueSlice(in.Clusters)
	if len(refs) == 0 {
		refs = []string{"default"}
	}
	if len(refs) > 100 {
		return nil, errInvalid("clusters can have at most 100 items.")
	}
	inc := includes(in.Include)
	out := &v1.DescribeClustersOutput{Clusters: []*v1.Cluster{}, Failures: []*v1.Failure{}}
	for _, ref := range refs {
		c, ok := s.clusters[shortName(ref)]
		if !ok {
			out.Failures = append(out.Failures, &v1.Failure{Arn: aws.String(clusterARN(r.Region, shortName(ref))), Reason: aws.String("MISSING")})
			continue
		}
		out.Clusters = append(out.Clusters, s.clusterView(c, inc["SETTINGS"], inc["TAGS"]))
	}
	return out, nil
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateCluster.html
func (s *Service) updateCluster(r *core.Request) (any, error) {
	var in v1.UpdateClusterInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	c, err := s.findCluster(in.Cluster)
	if err != nil {
		return nil, err
	}
	mergeSettings(c, in.Settings)
	if in.Configuration != nil {
		c.configuration = in.Configuration
	}
	return &v1.UpdateClusterOutput{Cluster: s.clusterView(c, true, true)}, nil
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateClusterSettings.html
func (s *Service) updateClusterSettings(r *core.Request) (any, error) {
	var in v1.UpdateClusterSettingsInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	c, err := s.findCluster(in.Cluster)
	if err != nil {
		return nil, err
	}
	mergeSettings(c, in.Settings)
	return &v1.UpdateClusterSettingsOutput{Cluster: s.clusterView(c, true, false)}, nil
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListClusters.html
func (s *Service) listClusters(r *core.Request) (any, error) {
	var in v1.ListClustersInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	arns := make([]string, 0, len(s.clusters))
	for _, c := range s.clusters {
		arns = append(arns, c.arn)
	}
	sort.Strings(arns)
	start, end, next, err := core.Page(len(arns), aws.StringValue(in.NextToken), int(aws.Int64Value(in.MaxResults)), 100)
	if err != nil {
		return nil, err
	}
	return &v1.ListClustersOutput{ClusterArns: aws.StringSlice(arns[start:end]), NextToken: optString(next)}, nil
}

// mergeSettings replaces the settings named in update, keeping the others.
func mergeSettings(c *cluster, update []*v1.ClusterSetting) {
	for _, u := range update {
		found := false
		for _, have := range c.settings {
			if aws.StringValue(have.Name) == aws.StringValue(u.Name) {
				have.Value, found = u.Value, true
			}
		}
		if !found {
			c.settings = append(c.settings, &v1.ClusterSetting{Name: u.Name, Value: u.Value})
		}
	}
}

func (s *Service) clusterView(c *cluster, withSettings, withTags bool) *v1.Cluster {
	now := s.env.Clock.Now()
	var active, running, pending int64
	for _, svc := range c.services {
		if svc.status == "ACTIVE" {
			active++
		}
	}
	for _, t := range c.tasks {
		switch t.lastStatus(now) {
		case "RUNNING":
			running++
		case "PROVISIONING", "PENDING", "ACTIVATING":
			pending++
		}
	}
	out := &v1.Cluster{
		ClusterArn: aws.String(c.arn), ClusterName: aws.String(c.name), Status: aws.String("ACTIVE"),
		ActiveServicesCount: aws.Int64(active), RunningTasksCount: aws.Int64(running),
		PendingTasksCount: aws.Int64(pending), RegisteredContainerInstancesCount: aws.Int64(0),
		CapacityProviders: []*string{}, DefaultCapacityProviderStrategy: []*v1.CapacityProviderStrategyItem{},
		Statistics: []*v1.KeyValuePair{}, Configuration: c.configuration,
	}
	if withSettings {
		out.Settings = copySettings(c.settings)
	}
	if withTags {
		out.Tags = copyTags(c.tags)
	}
	return out
}
