package elbv2_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	rgt "github.com/aws/aws-sdk-go-v2/service/resourcegroupstaggingapi"
	rgttypes "github.com/aws/aws-sdk-go-v2/service/resourcegroupstaggingapi/types"
	"github.com/google/go-cmp/cmp"

	"github.com/everruns/reconciler/internal/adapters/elbv2"
	"github.com/everruns/reconciler/internal/adapters/tagging"
	"github.com/everruns/reconciler/internal/adapters/tagging/taggingtest"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// rulesAsked records each DescribeRules: by rule ARNs (how many) or by
// listener (0).
type rulesAsked struct {
	elbv2.API
	mu    sync.Mutex
	calls []int
}

func (r *rulesAsked) DescribeRules(ctx context.Context, in *elb.DescribeRulesInput, opts ...func(*elb.Options)) (*elb.DescribeRulesOutput, error) {
	r.mu.Lock()
	r.calls = append(r.calls, len(in.RuleArns))
	r.mu.Unlock()
	return r.API.DescribeRules(ctx, in, opts...)
}

// observeRules observes the rules with a fresh tier (a new process) whose
// tags come from the index through api, in ctx; it returns what it saw
// and its DescribeRules.
func (h *harness) observeRules(t *testing.T, ctx context.Context, api tagging.API) (map[desired.Address]reconcile.Live, []int) {
	t.Helper()
	asked := &rulesAsked{API: h.elb}
	got, err := elbv2.Kinds(elbv2.WithIndex(asked, tagging.NewWith(api)))[names.KindListenerRule].Observe(ctx, env)
	if err != nil {
		t.Fatal(err)
	}
	return got, asked.calls
}

func (h *harness) file() []desired.Resource {
	var out []desired.Resource
	for _, r := range h.want {
		out = append(out, r)
	}
	return out
}

// In a pass whose index names every rule the file wants, the rules are
// read in one DescribeRules by their ARNs, and observed as when listed
// per listener (each on its listener). Outside a pass, or in one that does
// not say what the file wants, they are listed per listener.
func TestRulesNamedByTheIndexAreReadInOneCall(t *testing.T) {
	h := start(t)
	h.createAll(t)
	listed := h.observe(t, names.KindListenerRule)
	if len(listed) != 4 {
		t.Fatalf("listed %d rules, want the file's 4", len(listed))
	}
	index := rgt.NewFromConfig(h.cfg)
	got, calls := h.observeRules(t, reconcile.WithPassWanting(t.Context(), h.file()), index)
	if !slices.Equal(calls, []int{4}) {
		t.Errorf("DescribeRules by %v (rule ARNs per call, 0 for a listener's), want one call by the 4 rules' ARNs", calls)
	}
	if d := cmp.Diff(listed, got); d != "" {
		t.Errorf("rules by ARN differ from the listing's (-listed +by ARN):\n%s", d)
	}
	for name, ctx := range map[string]context.Context{"outside a pass": t.Context(), "pass without the file": reconcile.WithPass(t.Context())} {
		got, calls := h.observeRules(t, ctx, index)
		if slices.ContainsFunc(calls, func(n int) bool { return n > 0 }) || len(got) != 4 {
			t.Errorf("%s: DescribeRules by %v, %d observed; want them listed per listener, all observed", name, calls, len(got))
		}
	}
}

// A wanted rule the index does not name yet (just created) sends the
// read back to the listeners' listings, and so does an ARN the index
// still names after the rule went (AWS fails the whole call with
// RuleNotFound): no rule of the file is ever believed missing, which
// would create a twin (CreateRule has no idempotency token).
func TestRulesTheIndexCannotVouchForAreListed(t *testing.T) {
	h := start(t)
	h.createAll(t)
	listed := h.observe(t, names.KindListenerRule)
	health := listed["loadbalancer.rule.health"].ID
	ctx := func() context.Context { return reconcile.WithPassWanting(t.Context(), h.file()) }
	index := rgt.NewFromConfig(h.cfg)

	got, calls := h.observeRules(t, ctx(), taggingtest.Lagging{API: index, Drop: func(arn string) bool { return arn == health }})
	if len(calls) != 2 || slices.ContainsFunc(calls, func(n int) bool { return n > 0 }) {
		t.Errorf("index without a wanted rule: DescribeRules by %v, want one listing per listener (2)", calls)
	}
	if d := cmp.Diff(listed, got); d != "" {
		t.Errorf("index without a wanted rule: observation differs (-listed +got):\n%s", d)
	}

	gone := health[:strings.LastIndex(health, "/")+1] + "0000000000000000"
	stale := taggingtest.Lagging{API: index, Extra: []rgttypes.ResourceTagMapping{{ResourceARN: aws.String(gone), Tags: []rgttypes.Tag{
		{Key: aws.String(names.TagProject), Value: aws.String(env.Project)},
		{Key: aws.String(names.TagEnvironment), Value: aws.String(env.Environment)},
		{Key: aws.String(names.TagAddress), Value: aws.String("loadbalancer.rule.deleted")}}}}}
	got, calls = h.observeRules(t, ctx(), stale)
	if !slices.Equal(calls, []int{5, 0, 0}) {
		t.Errorf("index naming a deleted rule: DescribeRules by %v, want the 5 ARNs refused, then one listing per listener", calls)
	}
	if d := cmp.Diff(listed, got); d != "" {
		t.Errorf("index naming a deleted rule: observation differs (-listed +got):\n%s", d)
	}
}
