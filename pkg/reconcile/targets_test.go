package reconcile

import (
	"errors"
	"strings"
	"testing"
)

// A --target that matches nothing would make an empty plan, reported as
// "in sync": a typo would pass silently. It is an error naming the prefix,
// for Plan and Apply alike, and no mutating call is made.
func TestTargetMatchingNothingIsAnError(t *testing.T) {
	c := newCloud()
	_, err := engine(c).Plan(t.Context(), env, network(), []string{"network", "nosuch"})
	if !errors.Is(err, ErrTargetMatchesNothing) || !strings.Contains(err.Error(), `"nosuch"`) {
		t.Errorf("Plan(--target nosuch) = %v, want ErrTargetMatchesNothing naming \"nosuch\"", err)
	}
	_, err = engine(c).Apply(t.Context(), env, network(), ApplyOptions{Targets: []string{"nosuch"}})
	if !errors.Is(err, ErrTargetMatchesNothing) || !strings.Contains(err.Error(), `"nosuch"`) {
		t.Errorf("Apply(--target nosuch) = %v, want ErrTargetMatchesNothing naming \"nosuch\"", err)
	}
	if n := mutatingCalls(c); n != 0 {
		t.Errorf("%d mutating calls for a target that matches nothing: %v", n, c.calls)
	}
}

// A prefix that matches only an orphan (a resource removed from the file
// but still in AWS) matches something: targeting it is how one deletes it
// alone.
func TestTargetMatchingOnlyAnOrphanIsAccepted(t *testing.T) {
	c := newCloud()
	c.seed("ec2.subnet", res("network.subnet.old", "ec2.subnet", map[string]any{"cidr_block": "10.0.9.0/24"}))
	p, err := engine(c).Plan(t.Context(), env, network(), []string{"network.subnet.old"})
	if err != nil {
		t.Fatalf("Plan(--target an orphan) = %v", err)
	}
	if p.Report.InSync() {
		t.Error("the orphan under the target is not reported")
	}
}
