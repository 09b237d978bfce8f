package servicediscovery_test

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	sd "github.com/aws/aws-sdk-go-v2/service/servicediscovery"
	"github.com/aws/aws-sdk-go-v2/service/servicediscovery/types"

	"github.com/everruns/reconciler/internal/adapters/kit/kittest"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// discovery is the first discovery service the file declares.
func discovery(t *testing.T, h *harness) desired.Address {
	t.Helper()
	for a, r := range h.file {
		if r.Kind == names.KindDiscoveryService {
			return a
		}
	}
	t.Fatal("the file declares no discovery service")
	return ""
}

func TestDiscoveryServiceCreateObserveAndIdempotentCreate(t *testing.T) {
	h := start(t)
	h.create(t, h.resolved("cluster.namespace"))
	r := h.resolved(discovery(t, h))
	made := h.create(t, r)
	got := h.inSync(t, r)
	kittest.Equal(t, "ID", made.ID, got.ID)
	again := h.create(t, r) // the first create's answer was lost
	kittest.Equal(t, "ID of the second create", made.ID, again.ID)
}

func TestDiscoveryServiceTTLAndTagsFollowTheFile(t *testing.T) {
	h := start(t)
	h.create(t, h.resolved("cluster.namespace"))
	r := h.resolved(discovery(t, h))
	l := h.create(t, r)
	_, err := h.sd.UpdateService(t.Context(), &sd.UpdateServiceInput{Id: aws.String(l.ID), Service: &types.ServiceChange{
		DnsConfig: &types.DnsConfigChange{DnsRecords: []types.DnsRecord{{Type: types.RecordTypeA, TTL: aws.Int64(300)}}}}})
	if err != nil {
		t.Fatal(err)
	}
	h.srv.Clock().Advance(time.Minute) // the person's change takes effect
	want := withTag(r, "Team", "platform")
	fields, err := h.update(t, want)
	if err != nil {
		t.Fatal(err)
	}
	kittest.Equal(t, "fields updated", []string{"dns_records", "tags"}, fields)
	h.inSync(t, want) // no clock moved by the test: Update waited for its operation
}

func TestDiscoveryServiceRoutingPolicyIsNotChangedInPlace(t *testing.T) {
	h := start(t)
	h.create(t, h.resolved("cluster.namespace"))
	r := h.resolved(discovery(t, h))
	h.create(t, r)
	r.Fields[names.DiscoveryService.RoutingPolicy] = "WEIGHTED"
	if _, err := h.update(t, r); !reconcile.IsTerminal(err) {
		t.Errorf("routing policy change: %v, want a terminal error", err)
	}
}
