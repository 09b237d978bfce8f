package kit

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/everruns/reconciler/pkg/reconcile"
)

func TestStampIsBookkeepingNotTags(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 5, time.FixedZone("x", 3600))
	tags := map[string]string{"Name": "main"}
	stamped := Stamp(tags, now)
	if got := stamped[TagCreatedAt]; got != "2026-03-01T11:00:00.000000005Z" {
		t.Errorf("created-at %q, want RFC 3339 in UTC", got)
	}
	if _, ok := tags[TagCreatedAt]; ok {
		t.Error("Stamp wrote into the file's tags")
	}
	if !CreatedAt(stamped).Equal(now) || !CreatedAt(tags).IsZero() {
		t.Errorf("CreatedAt read %v and %v", CreatedAt(stamped), CreatedAt(tags))
	}
	if diff := cmp.Diff(map[string]any{"Name": "main"}, Observed(stamped)); diff != "" {
		t.Errorf("observed tags (-want +got):\n%s", diff)
	}
}

func TestPutKeepsTheOlderAndRecordsTwins(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	old := reconcile.Live{ID: "vpc-b", CreatedAt: t0}
	young := reconcile.Live{ID: "vpc-a", CreatedAt: t0.Add(time.Millisecond)}
	tie := reconcile.Live{ID: "vpc-c", CreatedAt: t0}
	hand := reconcile.Live{ID: "vpc-0"}
	tests := map[string]struct {
		in        []reconcile.Live
		keep      string
		twinOrder []string
	}{
		"older first":       {[]reconcile.Live{old, young}, "vpc-b", []string{"vpc-a"}},
		"older second":      {[]reconcile.Live{young, old}, "vpc-b", []string{"vpc-a"}},
		"tie by ID":         {[]reconcile.Live{tie, old}, "vpc-b", []string{"vpc-c"}},
		"unknown age last":  {[]reconcile.Live{hand, young}, "vpc-a", []string{"vpc-0"}},
		"three, all twins":  {[]reconcile.Live{young, hand, old}, "vpc-b", []string{"vpc-0", "vpc-a"}},
		"no twin, no error": {[]reconcile.Live{hand}, "vpc-0", nil},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			out := Observation{}
			for _, l := range tc.in {
				if err := Put(out, "network.vpc", l); err != nil {
					t.Fatal(err)
				}
			}
			got := out["network.vpc"]
			var ids []string
			for _, tw := range got.Twins {
				ids = append(ids, tw.ID)
			}
			if got.ID != tc.keep || got.Address != "network.vpc" {
				t.Errorf("kept %s at %q, want %s", got.ID, got.Address, tc.keep)
			}
			if diff := cmp.Diff(tc.twinOrder, ids, cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
				t.Errorf("twins (-want +got):\n%s", diff)
			}
		})
	}
}
