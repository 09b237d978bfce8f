package ecs

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/drift"
)

// A service held by a rollback on v1 while the file names v2 reports the
// difference as pending, with a note and the held attribute: passes do
// not act on it, and even a change forced onto the definition is not
// sent. Once the file names another definition (v3), the rollout goes
// out and ends the hold.
func TestHeldServiceStaysUntilTheFileChangesItsDefinition(t *testing.T) {
	h := newHarness(t)
	v1, _ := h.deployed("example/api:v1")
	v2, live := h.deployed("example/api:v2")
	ctx := t.Context()
	_, err := h.client.TagResource(ctx, &ecs.TagResourceInput{ResourceArn: aws.String(live.ID), Tags: []types.Tag{
		{Key: aws.String(names.TagHold), Value: aws.String(v1.ID)},
		{Key: aws.String(names.TagHoldAgainst), Value: aws.String(v2.ID)},
		{Key: aws.String(names.TagHoldFile), Value: aws.String("sha256:0123456789abcdef")}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := h.observe(names.KindService)["service.api"]; got.Attrs[names.AttrServiceHeld] != "" {
		t.Errorf("a hold on a revision the service does not run counts: %v", got.Attrs)
	}
	if _, err := h.client.UpdateService(ctx, &ecs.UpdateServiceInput{Cluster: aws.String(h.cluster), Service: aws.String("everruns-api"),
		TaskDefinition: aws.String(v1.ID)}); err != nil {
		t.Fatal(err)
	}
	live = h.settle(names.KindService, "service.api")
	s := h.service("service.api", "everruns-api", v2.ID, 2)
	ch := drift.CompareObserved(s, drift.Observed{Exists: true, Fields: live.Fields, Pending: live.Pending, Notes: live.Notes})
	if ch.Action != drift.ActionNone || len(ch.Pending) != 1 || ch.Pending[0].Path != names.Service.TaskDefinition {
		t.Fatalf("held service: action %s, fields %v, pending %v; want none with the definition pending", ch.Action, ch.Fields, ch.Pending)
	}
	if held := live.Attrs[names.AttrServiceHeld]; held != "held on everruns-api-production:1 against file revision sha256:0123456789ab" {
		t.Errorf("held attribute %q", held)
	}
	if len(live.Notes) != 1 || !strings.Contains(live.Notes[0], "--release api") {
		t.Errorf("notes %q", live.Notes)
	}
	h.srv.ResetCalls()
	if _, err := h.kinds[names.KindService].Update(ctx, prod, s, live, delta(s, live)); err != nil {
		t.Fatal(err)
	}
	if n := h.srv.Calls()["ecs:UpdateService"]; n != 0 {
		t.Errorf("an update forced onto the held definition made %d UpdateService", n)
	}

	v3, live := h.deployed("example/api:v3")
	if live.Fields[names.Service.TaskDefinition] != v3.ID || live.Attrs[names.AttrServiceHeld] != "" || len(live.Pending) != 0 {
		t.Errorf("after the file changed: runs %v (want %s), held %q, pending %v", live.Fields[names.Service.TaskDefinition], v3.ID, live.Attrs[names.AttrServiceHeld], live.Pending)
	}
	out, err := h.client.ListTagsForResource(ctx, &ecs.ListTagsForResourceInput{ResourceArn: aws.String(live.ID)})
	if err != nil {
		t.Fatal(err)
	}
	for _, tag := range out.Tags {
		if strings.HasPrefix(aws.ToString(tag.Key), "everruns:hold") {
			t.Errorf("hold tag %s stayed after the rollout the file asked for", aws.ToString(tag.Key))
		}
	}
}
