package servicediscovery_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	sd "github.com/aws/aws-sdk-go-v2/service/servicediscovery"

	"github.com/everruns/reconciler/internal/adapters/kit/kittest"
	"github.com/everruns/reconciler/internal/adapters/servicediscovery"
	"github.com/everruns/reconciler/pkg/desired/names"
)

func TestNamespaceCreateWaitsForItsOperation(t *testing.T) {
	h := start(t)
	r := h.resolved("cluster.namespace")
	l := h.create(t, r)
	if h.sleeps == 0 {
		t.Error("Create returned without waiting for the operation")
	}
	if !l.Ready || l.Attrs["arn"] == "" {
		t.Errorf("live = %+v", l)
	}
	got := h.inSync(t, r)
	kittest.Equal(t, "ID", l.ID, got.ID)
	kittest.Equal(t, "vpc", vpcID, got.Fields[names.Namespace.VPCID])
}

// A crash while the operation is pending: Observe cannot see the
// namespace yet, so the engine creates again; the same CreatorRequestId
// answers the first operation and no twin is made.
func TestNamespaceCreateAfterACrashMidOperationMakesNoTwin(t *testing.T) {
	h := start(t)
	r := h.resolved("cluster.namespace")
	crash := errors.New("process killed")
	crashing := servicediscovery.Kinds(h.sd, servicediscovery.WithSleep(func(context.Context, time.Duration) error { return crash }))
	if _, err := crashing[names.KindNamespace].Create(t.Context(), h.id, r); !errors.Is(err, crash) {
		t.Fatalf("first create: %v", err)
	}
	if n := len(h.observe(t, names.KindNamespace)); n != 0 {
		t.Fatalf("a pending namespace was observed (%d)", n)
	}
	h.create(t, r)
	h.inSync(t, r)
	out, err := h.sd.ListNamespaces(t.Context(), &sd.ListNamespacesInput{})
	if err != nil {
		t.Fatal(err)
	}
	kittest.Equal(t, "namespaces in the account", 1, len(out.Namespaces))
}

func TestNamespaceTagsAndCalls(t *testing.T) {
	h := start(t)
	r := h.resolved("cluster.namespace")
	h.create(t, r)
	want := withTag(r, "Team", "platform")
	fields, err := h.update(t, want)
	if err != nil {
		t.Fatal(err)
	}
	kittest.Equal(t, "fields updated", []string{"tags"}, fields)
	h.inSync(t, want)
	h.srv.ResetCalls()
	h.observe(t, names.KindNamespace)
	got := map[string]int{}
	for k, v := range h.srv.Calls() {
		if v > 0 {
			got[k] = v
		}
	}
	kittest.Equal(t, "calls of one Observe", map[string]int{"servicediscovery:ListNamespaces": 1, "servicediscovery:ListTagsForResource": 1}, got)
}

func TestNamespaceNotTaggedIsNotClaimed(t *testing.T) {
	h := start(t)
	_, err := h.sd.CreatePrivateDnsNamespace(t.Context(), &sd.CreatePrivateDnsNamespaceInput{Name: aws.String("other.local"), Vpc: aws.String(vpcID)})
	if err != nil {
		t.Fatal(err)
	}
	h.srv.Clock().Advance(time.Minute)
	if n := len(h.observe(t, names.KindNamespace)); n != 0 {
		t.Errorf("an untagged namespace was claimed (%d)", n)
	}
}
