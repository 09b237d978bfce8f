package notify

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/everruns/reconciler/internal/pass"
	"github.com/everruns/reconciler/pkg/drift"
)

var t0 = time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)

func report(changes ...drift.Change) drift.Report {
	r := drift.Report{Environment: "production"}
	r.Changes = append(r.Changes, drift.Change{Address: "network.vpc.main", Kind: "ec2.vpc", Action: drift.ActionNone})
	r.Changes = append(r.Changes, changes...)
	return r
}

var drifted = drift.Change{Address: "network.subnet.a", Kind: "ec2.subnet", Action: drift.ActionUpdate,
	Fields: []drift.FieldChange{{Path: "tags.Name", Desired: "a", Live: "renamed"}}}

func observed(at int, mode pass.Mode, r drift.Report) Pass {
	return Pass{At: t0.Add(time.Duration(at) * time.Minute), Outcome: pass.Outcome{Observed: true, Mode: mode, Report: r,
		Revision: "c0ffee", Source: pass.SourceStatus{Valid: true, Revision: "c0ffee"}}}
}

func describe(evs []Event) string {
	var out []string
	for _, e := range evs {
		out = append(out, string(e.Type)+" "+e.Incident.Key)
	}
	return strings.Join(out, ", ")
}

// A drift is announced when first seen and when repaired, and not in
// between, whatever the passes in between saw (even a failed one).
func TestOneIncidentOneOpeningOneResolution(t *testing.T) {
	tr := NewTracker(5 * time.Minute)
	failed := Pass{At: t0.Add(4 * time.Minute), Err: errors.New("throttled"), FailingSince: t0.Add(4 * time.Minute),
		Outcome: pass.Outcome{Revision: "c0ffee", Source: pass.SourceStatus{Valid: true, Revision: "c0ffee"}}}
	repairedPass := observed(5, pass.Act, report())
	repairedPass.Outcome.Found = report(drifted)
	passes := []Pass{observed(1, pass.Observe, report()), observed(2, pass.Observe, report(drifted)),
		observed(3, pass.Observe, report(drifted)), failed, repairedPass}
	var all []Event
	for i, p := range passes {
		evs := tr.Observe(p)
		all = append(all, evs...)
		t.Logf("pass %d: %s", i+1, describe(evs))
	}
	if got := describe(all); got != "opened drift:network.subnet.a, resolved drift:network.subnet.a" {
		t.Fatalf("events: %s", got)
	}
	open, res := all[0], all[1]
	if open.Incident.Since != t0.Add(2*time.Minute) || open.Incident.WillRepair || open.Incident.Commit != "c0ffee" {
		t.Errorf("opening %+v", open.Incident)
	}
	if !strings.Contains(strings.Join(open.Incident.Details, "\n"), `tags.Name: "renamed" → "a"`) {
		t.Errorf("the opening does not say what drifted: %v", open.Incident.Details)
	}
	if res.Resolution != "repaired: the resource matches the file" || res.Incident.Since != open.Incident.Since {
		t.Errorf("resolution %+v", res)
	}
	if len(tr.Open()) != 0 {
		t.Errorf("still open: %v", tr.Open())
	}
}

// An apply that finds drift and repairs it in the same pass says both;
// what it finds on a revision it has not acted on before is that
// revision's change, not drift.
func TestDriftFoundAndRepairedInOnePass(t *testing.T) {
	tr := NewTracker(time.Minute)
	first := observed(0, pass.Act, report())
	first.Outcome.Found = report(drift.Change{Address: "network.subnet.b", Kind: "ec2.subnet", Action: drift.ActionCreate})
	if got := describe(tr.Observe(first)); got != "" {
		t.Fatalf("a new revision's changes were told as drift: %s", got)
	}
	p := observed(1, pass.Act, report())
	p.Outcome.Found = report(drifted)
	evs := tr.Observe(p)
	if got := describe(evs); got != "opened drift:network.subnet.a, resolved drift:network.subnet.a" {
		t.Fatalf("events: %s", got)
	}
	if !evs[0].Incident.WillRepair {
		t.Errorf("an acting pass's drift is said not to be repaired")
	}
	if got := describe(tr.Observe(observed(2, pass.Act, report()))); got != "" {
		t.Fatalf("the next pass said %s", got)
	}
}

func TestPassesFailingForLongerThanStaleAfter(t *testing.T) {
	tr := NewTracker(5 * time.Minute)
	since := t0
	var got []string
	for i := 1; i <= 8; i++ {
		p := Pass{At: t0.Add(time.Duration(i) * time.Minute), Err: errors.New("AccessDenied"), FailingSince: since}
		got = append(got, describe(tr.Observe(p)))
	}
	got = append(got, describe(tr.Observe(observed(9, pass.Act, report()))))
	want := []string{"", "", "", "", "", "opened passes_failing", "", "", "resolved passes_failing"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("got %q\nwant %q", got, want)
	}
}

func TestEachNewInvalidRevisionIsAnIncident(t *testing.T) {
	tr := NewTracker(time.Hour)
	invalid := func(at int, rev string) Pass {
		p := observed(at, pass.Act, report())
		p.Outcome.Source = pass.SourceStatus{Revision: rev, Errors: []string{"deploy/environment.yaml:3:7: unknown field"}}
		return p
	}
	var got []string
	for _, p := range []Pass{invalid(1, "bad1"), invalid(2, "bad1"), invalid(3, "bad2"), observed(4, pass.Act, report())} {
		got = append(got, describe(tr.Observe(p)))
	}
	want := "opened invalid_revision:bad1||resolved invalid_revision:bad1, opened invalid_revision:bad2|resolved invalid_revision:bad2"
	if strings.Join(got, "|") != want {
		t.Fatalf("got %q", strings.Join(got, "|"))
	}
}

func TestARolloutThatSucceedsAfterAFailure(t *testing.T) {
	tr := NewTracker(time.Hour)
	note := "rollout of service api failed and ECS rolled back to api:6: revision api:7 (image repo/api:v2): " +
		"Essential container in task exited (exit code 1); logs: /ecs/api/api/abc"
	svc := func(notes ...string) drift.Change {
		return drift.Change{Address: "cluster.service.api", Kind: "ecs.service", Action: drift.ActionNone, Notes: notes}
	}
	var got []string
	for i, r := range []drift.Report{report(svc(note)), report(svc(note)), report(svc())} {
		got = append(got, describe(tr.Observe(observed(i, pass.Act, r))))
	}
	if strings.Join(got, "|") != "opened rollout_failed:cluster.service.api||resolved rollout_failed:cluster.service.api" {
		t.Fatalf("got %q", got)
	}
}

func TestTheLeaseLostWithNoHolder(t *testing.T) {
	tr := NewTracker(time.Hour)
	p := observed(1, pass.Observe, report())
	p.LeaseLost = true
	if got := describe(tr.Observe(p)); got != "opened lease_lost" {
		t.Fatalf("got %s", got)
	}
	if got := describe(tr.Observe(p)); got != "" {
		t.Fatalf("again: %s", got)
	}
	p.LeaseLost = false
	if got := describe(tr.Observe(p)); got != "resolved lease_lost" {
		t.Fatalf("got %s", got)
	}
}

func TestNothingSecretShapedReachesTheBody(t *testing.T) {
	secrets := []string{"ghp_" + strings.Repeat("A1b2", 9), "AKIA" + "ABCDEFGHIJKLMNOP", "sk-" + strings.Repeat("x", 24)}
	ev := Event{Type: Opened, At: t0, Incident: Incident{Key: "rollout_failed:cluster.service.api", Kind: KindRolloutFailed,
		Summary: "rollout failed with " + secrets[2],
		Details: []string{"stopped: the container printed token=" + secrets[0], "env AWS_ACCESS_KEY_ID=" + secrets[1]}}}
	for _, f := range []Format{FormatSlack, FormatJSON} {
		body, err := Body(f, ev, "https://reconciler.example/drift")
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range secrets {
			if strings.Contains(string(body), s) {
				t.Errorf("%s body carries a secret: %s", f, body)
			}
		}
		if !strings.Contains(string(body), "redacted: a GitHub token") {
			t.Errorf("%s body does not say what it redacted: %s", f, body)
		}
	}
}

func TestTheBodyIsBounded(t *testing.T) {
	var details []string
	for i := range 5000 {
		details = append(details, fmt.Sprintf("field_%d: %s → %s", i, strings.Repeat("é", 300), "b"))
	}
	ev := Event{Type: Opened, At: t0, Incident: Incident{Key: "drift:x", Kind: KindDrift, Summary: strings.Repeat("s", 10000), Details: details}}
	for _, f := range []Format{FormatSlack, FormatJSON} {
		body, err := Body(f, ev, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(body) > maxBody {
			t.Errorf("%s body is %d bytes", f, len(body))
		}
	}
	text := Text(bounded(ev), "https://reconciler.example/drift")
	if len(text) > maxText || strings.Count(text, "```")%2 != 0 || !strings.HasSuffix(text, "|details>") {
		t.Fatalf("text of %d bytes, %d fences, ending %q", len(text), strings.Count(text, "```"), text[len(text)-40:])
	}
}

func TestRolloutFailedReadsTheAdaptersNote(t *testing.T) {
	note := "rollout of service everruns-api failed and ECS rolled back to everruns-api-production:1: revision everruns-api-production:2 (image example/api:v2): " +
		"task 584d112c stopped (EssentialContainerExited): Essential container in task exited; container api exit code 1; logs: group /ecs/x, stream api/api/584d112c"
	f, ok := RolloutFailed(drift.Change{Kind: "ecs.service", Notes: []string{"other note", note}})
	if !ok || f.Service != "everruns-api" || f.Revision != "everruns-api-production:2" || f.Image != "example/api:v2" ||
		f.Outcome != "ECS rolled back to everruns-api-production:1" || !strings.HasSuffix(f.Stopped, "stream api/api/584d112c") {
		t.Fatalf("RolloutFailed = %+v, %v", f, ok)
	}
	if got := f.Short(); !strings.HasPrefix(got, "everruns-api example/api:v2 failed: stopped (EssentialContainerExited): Essential") {
		t.Errorf("Short = %q", got)
	}
	if _, ok := RolloutFailed(drift.Change{Kind: "ecs.task_definition", Notes: []string{note}}); ok {
		t.Error("a note on another kind was read as a rollout failure")
	}
}
