package ec2_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/google/go-cmp/cmp/cmpopts"

	ec2adapter "github.com/everruns/reconciler/internal/adapters/ec2"
	"github.com/everruns/reconciler/internal/adapters/kit/kittest"
	"github.com/everruns/reconciler/internal/fakeaws"
	"github.com/everruns/reconciler/internal/fakeaws/core"
	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/reconcile"
)

const (
	envName = "production"
	natTime = 30 * time.Second
)

// env is the identity the shipped file gives its resources.
var env = desired.Identity{Project: "everruns", Environment: envName}

// harness is the fake EC2 with the adapters in front of it, and the IDs
// of what the test created, to resolve refs as the engine would.
type harness struct {
	srv   *fakeaws.Server
	ec2   *ec2.Client
	kinds map[string]reconcile.Kind
	live  map[desired.Address]reconcile.Live
}

func start(t *testing.T) *harness {
	t.Helper()
	timing := core.DefaultTiming()
	timing.NATGateway = natTime
	srv, cfg := fakeawstest.Start(t, fakeaws.WithTiming(timing))
	c := ec2.NewFromConfig(cfg)
	return &harness{srv: srv, ec2: c, kinds: ec2adapter.Kinds(c), live: map[desired.Address]reconcile.Live{}}
}

// create resolves r's refs from what was created before it, then creates it.
func (h *harness) create(t *testing.T, r desired.Resource) reconcile.Live {
	t.Helper()
	r = h.resolve(r)
	l := kittest.Create(t, h.kinds[r.Kind], env, r)
	h.live[r.Address] = l
	return l
}

func (h *harness) observe(t *testing.T, kind string) map[desired.Address]reconcile.Live {
	t.Helper()
	return kittest.Observe(t, h.kinds[kind], env)
}

// resolve replaces refs by the IDs of what was created, as the engine does.
func (h *harness) resolve(r desired.Resource) desired.Resource {
	return kittest.Resolve(r, func(ref desired.Ref) string { return h.live[ref.Address].ID })
}

// managed keeps the fields the resource declares, as the drift compares.
func managed(r desired.Resource, fields map[string]any) map[string]any {
	out := map[string]any{}
	for k := range r.Fields {
		out[k] = fields[k]
	}
	return out
}

// setOrder ignores element order in Sets (and []any) when comparing.
var setOrder = cmpopts.SortSlices(func(a, b any) bool { return canon(a) < canon(b) })

func canon(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// ref is the ID of the resource at address.
func ref(a string) desired.Ref { return desired.Ref{Address: desired.Address(a)} }

// tags are the tags expansion gives every resource of the tier.
func tags(addr, name string) map[string]any {
	return map[string]any{
		"everruns:project": "everruns", "everruns:environment": envName, "everruns:address": addr,
		"ManagedBy": "everruns-reconciler", "Project": "everruns", "Environment": envName,
		"Name": "everruns-" + envName + "-" + name,
	}
}

func rule(proto string, port int64, source string, val any) map[string]any {
	r := map[string]any{"protocol": proto, source: val}
	if proto != "-1" {
		r["from_port"], r["to_port"] = port, port
	}
	return r
}
