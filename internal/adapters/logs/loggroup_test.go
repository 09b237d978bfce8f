package logs_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	logs "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"

	"github.com/everruns/reconciler/internal/adapters/kit/kittest"
	"github.com/everruns/reconciler/pkg/desired/names"
)

func TestLogGroupCreateObserveAndIdempotentCreate(t *testing.T) {
	h := start(t)
	r := h.File["cluster.log_group"]
	made := h.Create(t, r)
	got := h.InSync(t, r)
	kittest.Equal(t, "ID", made.ID, got.ID)
	kittest.Equal(t, "ID is the name", r.Fields["log_group_name"], got.ID)
	if got.Attrs["arn"] == "" {
		t.Error("no arn attribute")
	}
	again := h.Create(t, r) // the first create's answer was lost
	kittest.Equal(t, "ID of the second create", made.ID, again.ID)
}

func TestLogGroupOfTheSameNameNotOursIsRefused(t *testing.T) {
	h := start(t)
	r := h.File["cluster.log_group"]
	_, err := h.logs.CreateLogGroup(t.Context(), &logs.CreateLogGroupInput{LogGroupName: aws.String(r.Fields["log_group_name"].(string)),
		Tags: map[string]string{"everruns:project": "everruns", "everruns:environment": "staging", "everruns:address": "cluster.log_group"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Kinds[r.Kind].Create(t.Context(), h.ID, r); err == nil {
		t.Fatal("another environment's log group was taken")
	}
}

func TestLogGroupUpdatesRetentionAndTags(t *testing.T) {
	h := start(t)
	r := h.File["cluster.log_group"]
	h.Create(t, r)
	tags := map[string]any{}
	for k, v := range r.Fields["tags"].(map[string]any) {
		tags[k] = v
	}
	tags["Team"] = "platform"
	delete(tags, "Name")
	want := kittest.With(r, map[string]any{names.LogGroup.RetentionInDays: int64(90), names.LogGroup.Tags: tags})
	kittest.Equal(t, "fields updated", []string{"retention_in_days", "tags"}, h.Update(t, want))
	h.InSync(t, want)

	forever := kittest.With(want, map[string]any{names.LogGroup.RetentionInDays: int64(0)})
	kittest.Equal(t, "fields updated", []string{"retention_in_days"}, h.Update(t, forever))
	h.InSync(t, forever)
}

func TestLogGroupObserveSkipsOthersAndCountsCalls(t *testing.T) {
	h := start(t)
	h.Create(t, h.File["cluster.log_group"])
	for _, n := range []string{"/aws/lambda/a", "/aws/lambda/b"} {
		if _, err := h.logs.CreateLogGroup(t.Context(), &logs.CreateLogGroupInput{LogGroupName: aws.String(n)}); err != nil {
			t.Fatal(err)
		}
	}
	h.Srv.ResetCalls()
	if got := h.Observe(t, names.KindLogGroup); len(got) != 1 {
		t.Fatalf("observed %v", got)
	}
	calls := h.Srv.Calls()
	kittest.Equal(t, "calls", map[string]int{"logs:DescribeLogGroups": 1, "logs:ListTagsForResource": 3}, nonZero(calls))
}

func nonZero(m map[string]int) map[string]int {
	out := map[string]int{}
	for k, v := range m {
		if v > 0 {
			out[k] = v
		}
	}
	return out
}
