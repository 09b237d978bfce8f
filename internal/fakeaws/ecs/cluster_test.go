package ecs_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"
)

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCluster.html
func TestCreateClusterReturnsLongARNAndIsIdempotent(t *testing.T) {
	h := start(t)
	out, err := h.ecs.CreateCluster(t.Context(), &ecs.CreateClusterInput{
		ClusterName: aws.String("prod"),
		Tags:        []types.Tag{{Key: aws.String("env"), Value: aws.String("prod")}},
		Settings:    []types.ClusterSetting{{Name: types.ClusterSettingNameContainerInsights, Value: aws.String("enabled")}},
	})
	if err != nil {
		t.Fatalf("CreateCluster: %v", err)
	}
	c := out.Cluster
	if got := aws.ToString(c.ClusterArn); got != "arn:aws:ecs:us-east-1:123456789012:cluster/prod" {
		t.Errorf("ClusterArn = %s", got)
	}
	if aws.ToString(c.Status) != "ACTIVE" || len(c.Tags) != 1 || aws.ToString(c.Settings[0].Value) != "enabled" {
		t.Errorf("cluster = %+v", c)
	}
	again, err := h.ecs.CreateCluster(t.Context(), &ecs.CreateClusterInput{ClusterName: aws.String("prod")})
	if err != nil || aws.ToString(again.Cluster.ClusterArn) != aws.ToString(c.ClusterArn) {
		t.Fatalf("second CreateCluster = %v, %v; want the same cluster", again, err)
	}
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeClusters.html
func TestDescribeClustersReportsMissingAsFailure(t *testing.T) {
	h := start(t)
	h.cluster(t, "prod")
	out, err := h.ecs.DescribeClusters(t.Context(), &ecs.DescribeClustersInput{Clusters: []string{"prod", "nope"}})
	if err != nil {
		t.Fatalf("DescribeClusters: %v", err)
	}
	if len(out.Clusters) != 1 || aws.ToString(out.Clusters[0].ClusterName) != "prod" {
		t.Errorf("clusters = %+v", out.Clusters)
	}
	if len(out.Failures) != 1 || aws.ToString(out.Failures[0].Reason) != "MISSING" ||
		aws.ToString(out.Failures[0].Arn) != "arn:aws:ecs:us-east-1:123456789012:cluster/nope" {
		t.Errorf("failures = %+v", out.Failures)
	}
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeClusters.html
// (include: tags and settings only when asked for)
func TestDescribeClustersIncludesTagsAndSettingsOnRequest(t *testing.T) {
	h := start(t)
	if _, err := h.ecs.CreateCluster(t.Context(), &ecs.CreateClusterInput{
		ClusterName: aws.String("prod"), Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String("v")}},
	}); err != nil {
		t.Fatal(err)
	}
	plain, _ := h.ecs.DescribeClusters(t.Context(), &ecs.DescribeClustersInput{Clusters: []string{"prod"}})
	if len(plain.Clusters[0].Tags) != 0 || len(plain.Clusters[0].Settings) != 0 {
		t.Errorf("without include: tags %v settings %v", plain.Clusters[0].Tags, plain.Clusters[0].Settings)
	}
	full, _ := h.ecs.DescribeClusters(t.Context(), &ecs.DescribeClustersInput{
		Clusters: []string{"prod"}, Include: []types.ClusterField{types.ClusterFieldTags, types.ClusterFieldSettings},
	})
	c := full.Clusters[0]
	if len(c.Tags) != 1 || len(c.Settings) != 1 || aws.ToString(c.Settings[0].Value) != "disabled" {
		t.Errorf("with include: tags %v settings %+v", c.Tags, c.Settings)
	}
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateCluster.html
func TestUpdateClusterChangesSettings(t *testing.T) {
	h := start(t)
	h.cluster(t, "prod")
	out, err := h.ecs.UpdateCluster(t.Context(), &ecs.UpdateClusterInput{
		Cluster:  aws.String("prod"),
		Settings: []types.ClusterSetting{{Name: types.ClusterSettingNameContainerInsights, Value: aws.String("enhanced")}},
	})
	if err != nil {
		t.Fatalf("UpdateCluster: %v", err)
	}
	if len(out.Cluster.Settings) != 1 || aws.ToString(out.Cluster.Settings[0].Value) != "enhanced" {
		t.Errorf("settings = %+v", out.Cluster.Settings)
	}
	_, err = h.ecs.UpdateCluster(t.Context(), &ecs.UpdateClusterInput{Cluster: aws.String("nope")})
	wantCode(t, err, "ClusterNotFoundException")
}
