package secretsmanager

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// TestNoValueLeavesTheAdapter runs every path that reads or writes a
// value (generation, completion, regeneration, operator values missing,
// lacking a key, complete) and scans everything the adapter hands out —
// Live (fields, attrs, status, notes) and errors — for every generated
// password and every operator value.
func TestNoValueLeavesTheAdapter(t *testing.T) {
	e := start(t)
	var out []string
	record := func(l reconcile.Live, err error) {
		out = append(out, fmt.Sprintf("%#v %v", l, err))
		if err != nil {
			out = append(out, err.Error())
		}
	}
	observeAll := func() {
		for _, a := range []desired.Address{dbSecret, dbValueAddr, openaiSecret} {
			for _, l := range e.observeAll(a) {
				record(l, nil)
			}
		}
	}
	record(e.converge(dbSecret))
	values := []string{e.stored().Password}
	e.createInstance(values[0])
	record(e.converge(dbValueAddr))
	record(e.converge(openaiSecret))
	observeAll()
	operator := []string{"sk-LEAK-CHECK-lacking", "sk-LEAK-CHECK-complete"}
	values = append(values, operator...)
	e.put(openaiName, `{"other":"`+operator[0]+`"}`)
	observeAll()
	record(e.converge(openaiSecret))
	e.put(openaiName, `{"api_key":"`+operator[1]+`","extra":"`+operator[1]+`"}`)
	observeAll()
	record(e.converge(openaiSecret))
	if _, err := e.sm.DeleteSecret(t.Context(), &sm.DeleteSecretInput{SecretId: aws.String(dbSecretName), ForceDeleteWithoutRecovery: aws.Bool(true)}); err != nil {
		t.Fatal(err)
	}
	e.srv.Clock().Advance(dbTime)
	record(e.converge(dbSecret))
	record(e.converge(dbValueAddr))
	values = append(values, e.stored().Password)
	observeAll()
	all := strings.Join(out, "\n")
	if !strings.Contains(all, "value missing") || !strings.Contains(all, "does not declare") {
		t.Fatal("the scan did not cover the refusals it means to")
	}
	for _, v := range values {
		if strings.Contains(all, v) {
			t.Errorf("a secret value (%d characters) leaves the adapter", len(v))
		}
	}
}
