package secretsmanager

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

const openaiName = "everruns/production/openai-api-key"

const putHint = `aws secretsmanager put-secret-value --secret-id ` + openaiName + ` --secret-string '{"api_key":"…"}'`

func TestOperatorSecretWithoutValueIsReportedAndRefused(t *testing.T) {
	e := start(t)
	_, err := e.converge(openaiSecret)
	if !reconcile.IsTerminal(err) || !strings.Contains(err.Error(), "value missing") {
		t.Fatalf("create without a value: %v, want a terminal value missing", err)
	}
	ch, l := e.change(openaiSecret)
	if l.Ready || len(l.Notes) != 1 || !strings.HasPrefix(l.Notes[0], "value missing: secret "+openaiName+" has no value") ||
		!strings.Contains(l.Notes[0], "must hold api_key") || !strings.HasSuffix(l.Notes[0], putHint) {
		t.Fatalf("observed: ready %v, notes %q", l.Ready, l.Notes)
	}
	if added, _ := drift.Delta(ch.Fields).SetChange(names.Secret.Keys); len(added) != 1 || added[0] != "api_key" {
		t.Fatalf("drift %+v: want keys lacking api_key", ch.Fields)
	}
	_, err = e.converge(openaiSecret)
	if !reconcile.IsTerminal(err) || !strings.Contains(err.Error(), "value missing: secret "+openaiName) {
		t.Fatalf("update without a value: %v", err)
	}
	e.put(openaiName, `{"organisation":"o-1"}`)
	_, l = e.change(openaiSecret)
	if len(l.Notes) != 1 || !strings.Contains(l.Notes[0], "lacks key(s) api_key") {
		t.Fatalf("value lacking a key: notes %q", l.Notes)
	}
	_, err = e.converge(openaiSecret)
	if !reconcile.IsTerminal(err) || !strings.Contains(err.Error(), "lacks key(s) api_key") {
		t.Fatalf("update, value lacking a key: %v", err)
	}
	e.put(openaiName, `{"api_key":"sk-operator-1"}`)
	if l := e.wantInSync(openaiSecret); !l.Ready || len(l.Notes) != 0 {
		t.Fatalf("with its value: ready %v, notes %q", l.Ready, l.Notes)
	}
}

func TestScheduledDeletionIsRestored(t *testing.T) {
	e := start(t)
	_, _ = e.converge(openaiSecret)
	e.put(openaiName, `{"api_key":"sk-operator-2"}`)
	if _, err := e.sm.DeleteSecret(t.Context(), &sm.DeleteSecretInput{SecretId: aws.String(openaiName), RecoveryWindowInDays: aws.Int64(7)}); err != nil {
		t.Fatal(err)
	}
	ch, l := e.change(openaiSecret)
	if ch.Action != drift.ActionUpdate || l.Status != statusScheduled || len(l.Notes) != 1 || !strings.Contains(l.Notes[0], "scheduled for deletion") {
		t.Fatalf("scheduled: %s, status %q, notes %q", ch.Action, l.Status, l.Notes)
	}
	e.srv.ResetCalls()
	got := e.mustConverge(openaiSecret)
	if e.srv.Calls()["secretsmanager:RestoreSecret"] != 1 || len(got.Notes) != 1 || !strings.HasPrefix(got.Notes[0], "restored secret "+openaiName) {
		t.Fatalf("calls %v, notes %q", e.srv.Calls(), got.Notes)
	}
	e.wantInSync(openaiSecret)
}

func TestRemovedTagsAreWrittenAgain(t *testing.T) {
	e := start(t)
	e.mustConverge(dbSecret)
	if _, err := e.sm.UntagResource(t.Context(), &sm.UntagResourceInput{SecretId: aws.String(dbSecretName),
		TagKeys: []string{"ManagedBy", names.TagSecretSource}}); err != nil {
		t.Fatal(err)
	}
	ch, _ := e.change(dbSecret)
	if ch.Action != drift.ActionUpdate {
		t.Fatalf("tags removed: %s", ch.Action)
	}
	e.mustConverge(dbSecret)
	e.wantInSync(dbSecret)
	_, err := e.sm.TagResource(t.Context(), &sm.TagResourceInput{SecretId: aws.String(dbSecretName),
		Tags: []smtypes.Tag{{Key: aws.String(names.TagSecretSource), Value: aws.String("operator")}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.converge(dbSecret); !reconcile.IsTerminal(err) || !strings.Contains(err.Error(), "source cannot change") {
		t.Errorf("a secret whose source changed: %v", err)
	}
}

func TestNoOpObserveReadsNoValue(t *testing.T) {
	e := start(t)
	e.mustConverge(dbSecret)
	_, _ = e.converge(openaiSecret)
	e.put(openaiName, `{"api_key":"sk-operator-3"}`)
	e.createInstance(e.stored().Password)
	e.mustConverge(dbValueAddr)
	for _, a := range []desired.Address{dbSecret, dbValueAddr, openaiSecret} {
		e.wantInSync(a) // reads each new version once
	}
	e.pinned[dbValueAddr] = e.resource(dbValueAddr)
	e.srv.ResetCalls()
	e.wantInSync(dbSecret)
	e.wantInSync(dbValueAddr)
	e.wantInSync(openaiSecret)
	calls := e.srv.Calls()
	if calls["secretsmanager:GetSecretValue"] != 0 {
		t.Errorf("a no-op pass read %d secret values", calls["secretsmanager:GetSecretValue"])
	}
	if calls["secretsmanager:ListSecrets"] != 3 || calls["rds:DescribeDBInstances"] != 1 || len(calls) != 2 {
		t.Errorf("three observes made %v, want one ListSecrets each and one DescribeDBInstances", calls)
	}
}

// An apply records what it learnt of each current version on the secret;
// a new process (diff in CI) then reads no value, and finds the records
// no drift. A diff records nothing, and a new version is read again.
func TestANewProcessReadsNoValueAnApplyChecked(t *testing.T) {
	e := start(t)
	e.mustConverge(dbSecret)
	_, _ = e.converge(openaiSecret)
	e.put(openaiName, `{"api_key":"sk-operator-3"}`)
	e.createInstance(e.stored().Password)
	e.mustConverge(dbValueAddr)
	e.pinned[dbValueAddr] = e.resource(dbValueAddr)
	addrs := []desired.Address{dbSecret, dbValueAddr, openaiSecret}
	observeAll := func(ctx context.Context) {
		for _, a := range addrs {
			if _, err := e.kind(a).Observe(ctx, prod); err != nil {
				t.Fatal(err)
			}
		}
	}

	e.kinds = Kinds(e.sm, e.rds) // a new process that only diffs
	e.srv.ResetCalls()
	observeAll(t.Context())
	if c := e.srv.Calls(); c["secretsmanager:TagResource"] != 0 || c["secretsmanager:GetSecretValue"] != 2 {
		t.Fatalf("a diff: %v; want the two values (database, openai) read once each, nothing written", c)
	}

	e.kinds = Kinds(e.sm, e.rds) // a new process that applies
	observeAll(reconcile.WithActing(t.Context()))
	e.kinds = Kinds(e.sm, e.rds)
	e.srv.ResetCalls()
	for _, a := range addrs {
		e.wantInSync(a)
	}
	if n := e.srv.Calls()["secretsmanager:GetSecretValue"]; n != 0 {
		t.Errorf("a new process after an apply read %d values, want none", n)
	}

	e.put(openaiName, `{"api_key":"sk-operator-4"}`)
	e.kinds = Kinds(e.sm, e.rds)
	e.srv.ResetCalls()
	e.wantInSync(openaiSecret)
	if n := e.srv.Calls()["secretsmanager:GetSecretValue"]; n != 1 {
		t.Errorf("a new version: %d values read, want it read", n)
	}
}

func TestCheckedFactsRoundTrip(t *testing.T) {
	f := readFacts(aws.String(`{"username":"u","password":"p","host":"db.example.com","port":5432,"database":"d",`+
		`"connection_string":"postgres://u:p@db.example.com:5432/d?sslmode=require"}`), time.Time{})
	f.created = time.Time{}
	tags, ok := checkedTags("v1", f)
	if !ok {
		t.Fatal("a database value's facts not recordable")
	}
	for _, v := range tags {
		if strings.Contains(v, "p@") || strings.Contains(v, "password=") {
			t.Errorf("a recorded tag holds the password: %q", v)
		}
	}
	got, ok := recorded(tags, "v1")
	if !ok || !reflect.DeepEqual(got, f) {
		t.Errorf("recorded %+v (%v), want %+v", got, ok, f)
	}
	if _, ok := recorded(tags, "v2"); ok {
		t.Error("facts recorded for v1 answered for v2")
	}
	if _, ok := checkedTags("v1", facts{keys: []string{"a b"}, object: true}); ok {
		t.Error("a key with a space (not a tag character) was recorded")
	}
}
