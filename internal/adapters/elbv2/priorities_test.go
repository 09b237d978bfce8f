package elbv2_test

import (
	"maps"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
)

// withPriority is the file's rule at addr with another priority.
func (h *harness) withPriority(t *testing.T, addr string, p int64) desired.Resource {
	t.Helper()
	r := h.resource(t, addr)
	r.Fields = maps.Clone(r.Fields)
	r.Fields[names.ListenerRule.Priority] = p
	return r
}

// priorities are the live priorities of the rules, by address.
func (h *harness) priorities(t *testing.T) map[desired.Address]int64 {
	t.Helper()
	out := map[desired.Address]int64{}
	for a, l := range h.observe(t, names.KindListenerRule) {
		out[a] = l.Fields[names.ListenerRule.Priority].(int64)
	}
	return out
}

// Two rules swap priorities: each Update is computed from one observation
// (as in one pass of the engine), and neither hits PriorityInUse: the
// first moves both in one SetRulePriorities call, the second finds itself
// already in place.
func TestRulesSwapPriorities(t *testing.T) {
	h := start(t)
	h.createAll(t)
	api, health := h.withPriority(t, "loadbalancer.rule.api", 20), h.withPriority(t, "loadbalancer.rule.health", 10)
	live := h.observe(t, names.KindListenerRule)
	h.srv.ResetCalls()
	for _, r := range []desired.Resource{api, health} {
		l := live[r.Address]
		if _, err := h.kinds[r.Kind].Update(t.Context(), env, r, l, deltaOf(r, l.Fields)); err != nil {
			t.Fatalf("Update(%s): %v", r.Address, err)
		}
	}
	if n := h.srv.Calls()["elasticloadbalancing:SetRulePriorities"]; n != 1 {
		t.Errorf("SetRulePriorities called %d times, want 1 (a swap in one call)", n)
	}
	got := h.priorities(t)
	if got["loadbalancer.rule.api"] != 20 || got["loadbalancer.rule.health"] != 10 {
		t.Errorf("priorities %v, want api 20 and health 10", got)
	}
}

// Three rules rotate (10→20→30→10): it settles with swaps, whatever the
// order the updates run in.
func TestRulesRotatePriorities(t *testing.T) {
	h := start(t)
	h.createAll(t)
	want := map[desired.Address]int64{"loadbalancer.rule.api": 20, "loadbalancer.rule.health": 30, "loadbalancer.rule.swagger": 10}
	live := h.observe(t, names.KindListenerRule)
	for _, addr := range []desired.Address{"loadbalancer.rule.swagger", "loadbalancer.rule.api", "loadbalancer.rule.health"} {
		r := h.withPriority(t, string(addr), want[addr])
		l := live[addr]
		if _, err := h.kinds[r.Kind].Update(t.Context(), env, r, l, deltaOf(r, l.Fields)); err != nil {
			t.Fatalf("Update(%s): %v", addr, err)
		}
	}
	got := h.priorities(t)
	for addr, p := range want {
		if got[addr] != p {
			t.Errorf("%s at %d, want %d (all: %v)", addr, got[addr], p, got)
		}
	}
	if got["loadbalancer.rule.openapi"] != 40 {
		t.Errorf("openapi moved to %d; nothing asked it to", got["loadbalancer.rule.openapi"])
	}
}

// A new rule whose priority a managed rule holds is created at a free
// priority and swapped into place; the displaced rule's own update then
// moves it where the file wants it.
func TestCreateAtAHeldPriority(t *testing.T) {
	h := start(t)
	h.createAll(t)
	rule := h.live["loadbalancer.rule.openapi"]
	must(t, h.kinds[names.KindListenerRule].Delete(t.Context(), rule))
	r := h.withPriority(t, "loadbalancer.rule.openapi", 10) // api holds 10
	h.create(t, r)
	got := h.priorities(t)
	if got["loadbalancer.rule.openapi"] != 10 || got["loadbalancer.rule.api"] == 10 {
		t.Fatalf("priorities %v, want openapi at 10 and api elsewhere", got)
	}
	h.update(t, h.withPriority(t, "loadbalancer.rule.api", 15))
	if got := h.priorities(t); got["loadbalancer.rule.api"] != 15 {
		t.Errorf("api at %d, want 15", got["loadbalancer.rule.api"])
	}
}

// A priority held by a rule the environment does not manage is not taken
// from it: the move is refused, terminally, naming the rule.
func TestPriorityHeldByAnUnmanagedRule(t *testing.T) {
	h := start(t)
	h.createAll(t)
	_, err := h.elb.CreateRule(t.Context(), &elb.CreateRuleInput{
		ListenerArn: aws.String(h.live["loadbalancer.listener.https"].ID), Priority: aws.Int32(15),
		Conditions: h.pathCondition("/by-hand/*"),
		Actions:    h.forward("loadbalancer.target_group.ui"),
	})
	must(t, err)
	r := h.withPriority(t, "loadbalancer.rule.api", 15)
	live, c := h.drift(t, r)
	_, err = h.kinds[r.Kind].Update(t.Context(), env, r, live, c.Fields)
	if err == nil || !contains(err.Error(), "does not manage") {
		t.Fatalf("Update = %v, want a refusal naming the unmanaged rule", err)
	}
	if got := h.priorities(t); got["loadbalancer.rule.api"] != 10 {
		t.Errorf("api moved to %d", got["loadbalancer.rule.api"])
	}
}
