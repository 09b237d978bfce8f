package tagging_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"

	"github.com/everruns/reconciler/internal/adapters/tagging"
	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
	"github.com/everruns/reconciler/pkg/reconcile"
)

const (
	groupA = "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/a"
	groupB = "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/b"
	absent = "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/untagged"
)

// In a pass, the index is one GetResources however many ask, holds every
// project's tagged resources, and lacks the untagged ones (read through
// their service). Outside a pass it answers nothing and calls nothing.
func TestIndexIsOneReadPerPass(t *testing.T) {
	srv, cfg := fakeawstest.Start(t)
	logs := cloudwatchlogs.NewFromConfig(cfg)
	for name, tags := range map[string]map[string]string{"/ecs/a": {"project": "p"}, "/ecs/b": {"project": "q"}, "/ecs/untagged": nil} {
		if _, err := logs.CreateLogGroup(t.Context(), &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(name), Tags: tags}); err != nil {
			t.Fatal(err)
		}
	}
	ix := tagging.New(cfg)
	srv.ResetCalls()
	if got, err := ix.Tags(t.Context(), []string{groupA}); err != nil || len(got) != 0 || srv.Calls()[tagging.Operation] != 0 {
		t.Fatalf("outside a pass: %v, %v, calls %v; want nothing answered, nothing called", got, err, srv.Calls())
	}
	ctx := reconcile.WithPass(t.Context())
	for range 3 {
		got, err := ix.Tags(ctx, []string{groupA, groupB, absent})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[groupA]["project"] != "p" || got[groupB]["project"] != "q" {
			t.Fatalf("in a pass: %v, want the two tagged groups of both projects", got)
		}
	}
	if n := srv.Calls()[tagging.Operation]; n != 1 {
		t.Errorf("%d GetResources for three asks in one pass, want 1", n)
	}
	if _, err := ix.Tags(reconcile.WithPass(t.Context()), []string{groupA}); err != nil || srv.Calls()[tagging.Operation] != 2 {
		t.Errorf("a new pass: err %v, calls %v; want it read again", err, srv.Calls())
	}
}

// Tags this process wrote are never answered from the index, which can
// lag behind the write: the service reads them.
func TestIndexNeverAnswersForTagsThisProcessWrote(t *testing.T) {
	_, cfg := fakeawstest.Start(t)
	logs := cloudwatchlogs.NewFromConfig(cfg)
	for _, name := range []string{"/ecs/a", "/ecs/b"} {
		if _, err := logs.CreateLogGroup(t.Context(), &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(name),
			Tags: map[string]string{"project": "p"}}); err != nil {
			t.Fatal(err)
		}
	}
	ix := tagging.New(cfg)
	ix.Changed(groupA)
	got, err := ix.Tags(reconcile.WithPass(t.Context()), []string{groupA, groupB})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := got[groupA]; ok || len(got) != 1 {
		t.Errorf("answered %v; want only %s (the other was written by this process)", got, groupB)
	}
}
