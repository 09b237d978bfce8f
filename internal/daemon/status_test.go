package daemon

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/everruns/reconciler/internal/pass"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
)

// gitSource is a source with a repository URL, as source.Git has.
type gitSource struct {
	chanSource
	url string
}

func (g gitSource) URL() string { return g.url }

// GET / is the status page of the last observation: the drifted resource
// marked drifted, the revision linked to its commit on GitHub, and
// nothing the observation holds that /drift does not show (an ARN).
func TestStatusPage(t *testing.T) {
	const rev = "0123456789abcdef0123456789abcdef01234567"
	out := observed(rev)
	out.Report = drift.Report{Environment: "production", Changes: []drift.Change{
		{Address: "network.vpc", Kind: "ec2.vpc", Action: drift.ActionUpdate,
			Fields: []drift.FieldChange{{Path: "enable_dns_hostnames", Desired: true, Live: false}}},
		{Address: "cluster.main", Kind: "ecs.cluster", Action: drift.ActionNone}}}
	out.Resources = map[desired.Address]pass.Resource{
		"network.vpc":  {Kind: "ec2.vpc", Status: "available", Ready: true},
		"cluster.main": {Kind: "ecs.cluster", Status: "ACTIVE", Ready: true, Attrs: map[string]string{"arn": "arn:aws:ecs:us-east-1:123456789012:cluster/x"}},
	}
	d := newDaemon(t, Config{Source: gitSource{chanSource{make(chan struct{})}, "https://github.com/everruns/infra.git"},
		Pass: func(context.Context, pass.Mode) (pass.Outcome, error) { return out, nil }})
	h := d.Handler()
	if page := scrape(t, h, "/"); !strings.Contains(page, "No pass has observed the environment yet") {
		t.Errorf("the page before any pass:\n%s", page)
	}
	start(t, d)
	eventually(t, "a pass", func() bool { return readDrift(t, d).Revision == rev })
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	page := rec.Body.String()
	if ct := rec.Header().Get("Content-Type"); rec.Code != http.StatusOK || !strings.HasPrefix(ct, "text/html") {
		t.Fatalf("GET / = %d %s", rec.Code, ct)
	}
	for _, want := range []string{
		`data-address="network.vpc" data-kind="ec2.vpc" data-sync="drifted" data-health="Healthy"`,
		`data-address="cluster.main" data-kind="ecs.cluster" data-sync="in sync" data-health="Healthy"`,
		`href="https://github.com/everruns/infra/commit/` + rev + `"`,
		"enable_dns_hostnames: false → true",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(page, "arn:aws:") {
		t.Errorf("the page shows an ARN, which /drift does not")
	}
	if code := status(t, h, "/nothing-here"); code != http.StatusNotFound {
		t.Errorf("GET /nothing-here = %d, want 404 (the page is / alone)", code)
	}
}
