package logs_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	logs "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"

	"github.com/everruns/reconciler/pkg/desired/names"
)

func TestLogGroupCreateObserveAndIdempotentCreate(t *testing.T) {
	h := start(t)
	r := h.file["cluster.log_group"]
	made := h.create(t, r)
	got := h.inSync(t, r)
	mustEqual(t, "ID", made.ID, got.ID)
	mustEqual(t, "ID is the name", r.Fields["log_group_name"], got.ID)
	if got.Attrs["arn"] == "" {
		t.Error("no arn attribute")
	}
	again := h.create(t, r) // the first create's answer was lost
	mustEqual(t, "ID of the second create", made.ID, again.ID)
}

func TestLogGroupOfTheSameNameNotOursIsRefused(t *testing.T) {
	h := start(t)
	r := h.file["cluster.log_group"]
	_, err := h.logs.CreateLogGroup(t.Context(), &logs.CreateLogGroupInput{LogGroupName: aws.String(r.Fields["log_group_name"].(string)),
		Tags: map[string]string{"everruns:project": "everruns", "everruns:environment": "staging", "everruns:address": "cluster.log_group"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.kinds[r.Kind].Create(t.Context(), h.id, r); err == nil {
		t.Fatal("another environment's log group was taken")
	}
}

func TestLogGroupUpdatesRetentionAndTags(t *testing.T) {
	h := start(t)
	r := h.file["cluster.log_group"]
	h.create(t, r)
	tags := map[string]any{}
	for k, v := range r.Fields["tags"].(map[string]any) {
		tags[k] = v
	}
	tags["Team"] = "platform"
	delete(tags, "Name")
	want := with(r, map[string]any{names.LogGroup.RetentionInDays: int64(90), names.LogGroup.Tags: tags})
	mustEqual(t, "fields updated", []string{"retention_in_days", "tags"}, h.update(t, want))
	h.inSync(t, want)

	forever := with(want, map[string]any{names.LogGroup.RetentionInDays: int64(0)})
	mustEqual(t, "fields updated", []string{"retention_in_days"}, h.update(t, forever))
	h.inSync(t, forever)
}

func TestLogGroupObserveSkipsOthersAndCountsCalls(t *testing.T) {
	h := start(t)
	h.create(t, h.file["cluster.log_group"])
	for _, n := range []string{"/aws/lambda/a", "/aws/lambda/b"} {
		if _, err := h.logs.CreateLogGroup(t.Context(), &logs.CreateLogGroupInput{LogGroupName: aws.String(n)}); err != nil {
			t.Fatal(err)
		}
	}
	h.srv.ResetCalls()
	if got := h.observe(t, names.KindLogGroup); len(got) != 1 {
		t.Fatalf("observed %v", got)
	}
	calls := h.srv.Calls()
	mustEqual(t, "calls", map[string]int{"logs:DescribeLogGroups": 1, "logs:ListTagsForResource": 3}, nonZero(calls))
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
