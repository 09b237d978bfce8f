package ecs_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/everruns/reconciler/pkg/desired/names"
)

func TestClusterCreateObserveAndIdempotentCreate(t *testing.T) {
	h := start(t)
	r := h.file["cluster.ecs"]
	made := h.create(t, r)
	got := h.inSync(t, r)
	mustEqual(t, "ID", made.ID, got.ID)
	if !got.Ready || got.Attrs["arn"] != got.ID {
		t.Errorf("live = %+v", got)
	}
	again := h.create(t, r) // a retry after a lost answer
	mustEqual(t, "ID of the second create", made.ID, again.ID)
	if n := len(h.observe(t, names.KindCluster)); n != 1 {
		t.Errorf("%d clusters observed, want 1", n)
	}
}

func TestClusterOfTheSameNameNotOursIsRefused(t *testing.T) {
	h := start(t)
	r := h.file["cluster.ecs"]
	_, err := h.ecs.CreateCluster(t.Context(), &ecs.CreateClusterInput{ClusterName: aws.String(r.Fields["cluster_name"].(string))})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.kinds[r.Kind].Create(t.Context(), h.id, r); err == nil {
		t.Fatal("an untagged cluster of the same name was taken")
	}
	if n := len(h.observe(t, names.KindCluster)); n != 0 {
		t.Errorf("observed %d clusters; the untagged one is not ours", n)
	}
}

func TestClusterUpdatesInsightsAndTags(t *testing.T) {
	h := start(t)
	r := h.file["cluster.ecs"]
	h.create(t, r)
	tags := map[string]any{}
	for k, v := range r.Fields["tags"].(map[string]any) {
		tags[k] = v
	}
	tags["Team"] = "platform"
	delete(tags, "ManagedBy")
	want := with(r, map[string]any{names.Cluster.ContainerInsights: true, names.Cluster.Tags: tags})
	mustEqual(t, "fields updated", []string{"container_insights", "tags"}, h.update(t, want))
	h.inSync(t, want)

	off := with(want, map[string]any{names.Cluster.ContainerInsights: false})
	mustEqual(t, "fields updated", []string{"container_insights"}, h.update(t, off))
	h.inSync(t, off)
}

func TestClusterEnhancedInsightsIsDrift(t *testing.T) {
	h := start(t)
	r := h.file["cluster.ecs"]
	l := h.create(t, r)
	_, err := h.ecs.UpdateClusterSettings(t.Context(), &ecs.UpdateClusterSettingsInput{Cluster: aws.String(l.ID),
		Settings: []types.ClusterSetting{{Name: types.ClusterSettingNameContainerInsights, Value: aws.String("enhanced")}}})
	if err != nil {
		t.Fatal(err)
	}
	mustEqual(t, "fields updated", []string{"container_insights"}, h.update(t, r))
	h.inSync(t, r)
}
