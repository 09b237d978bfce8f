package ecs_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/everruns/reconciler/internal/adapters/kit/kittest"
	"github.com/everruns/reconciler/pkg/desired/names"
)

func TestClusterCreateObserveAndIdempotentCreate(t *testing.T) {
	h := start(t)
	r := h.File["cluster.ecs"]
	made := h.Create(t, r)
	got := h.InSync(t, r)
	kittest.Equal(t, "ID", made.ID, got.ID)
	if !got.Ready || got.Attrs["arn"] != got.ID {
		t.Errorf("live = %+v", got)
	}
	again := h.Create(t, r) // a retry after a lost answer
	kittest.Equal(t, "ID of the second create", made.ID, again.ID)
	if n := len(h.Observe(t, names.KindCluster)); n != 1 {
		t.Errorf("%d clusters observed, want 1", n)
	}
}

func TestClusterOfTheSameNameNotOursIsRefused(t *testing.T) {
	h := start(t)
	r := h.File["cluster.ecs"]
	_, err := h.ecs.CreateCluster(t.Context(), &ecs.CreateClusterInput{ClusterName: aws.String(r.Fields["cluster_name"].(string))})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Kinds[r.Kind].Create(t.Context(), h.ID, r); err == nil {
		t.Fatal("an untagged cluster of the same name was taken")
	}
	if n := len(h.Observe(t, names.KindCluster)); n != 0 {
		t.Errorf("observed %d clusters; the untagged one is not ours", n)
	}
}

func TestClusterUpdatesInsightsAndTags(t *testing.T) {
	h := start(t)
	r := h.File["cluster.ecs"]
	h.Create(t, r)
	tags := map[string]any{}
	for k, v := range r.Fields["tags"].(map[string]any) {
		tags[k] = v
	}
	tags["Team"] = "platform"
	delete(tags, "ManagedBy")
	want := kittest.With(r, map[string]any{names.Cluster.ContainerInsights: true, names.Cluster.Tags: tags})
	kittest.Equal(t, "fields updated", []string{"container_insights", "tags"}, h.Update(t, want))
	h.InSync(t, want)

	off := kittest.With(want, map[string]any{names.Cluster.ContainerInsights: false})
	kittest.Equal(t, "fields updated", []string{"container_insights"}, h.Update(t, off))
	h.InSync(t, off)
}

func TestClusterEnhancedInsightsIsDrift(t *testing.T) {
	h := start(t)
	r := h.File["cluster.ecs"]
	l := h.Create(t, r)
	_, err := h.ecs.UpdateClusterSettings(t.Context(), &ecs.UpdateClusterSettingsInput{Cluster: aws.String(l.ID),
		Settings: []types.ClusterSetting{{Name: types.ClusterSettingNameContainerInsights, Value: aws.String("enhanced")}}})
	if err != nil {
		t.Fatal(err)
	}
	kittest.Equal(t, "fields updated", []string{"container_insights"}, h.Update(t, r))
	h.InSync(t, r)
}
