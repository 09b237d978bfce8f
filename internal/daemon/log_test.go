package daemon

import (
	"context"
	"errors"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/everruns/reconciler/internal/pass"
	"github.com/everruns/reconciler/pkg/desired"
)

// passLine runs one pass returning out and err, and returns its line.
func passLine(t *testing.T, out pass.Outcome, err error) observer.LoggedEntry {
	t.Helper()
	core, logs := observer.New(zapcore.DebugLevel)
	done := make(chan struct{}, 1)
	d := newDaemon(t, Config{Logger: zap.New(core), Pass: func(context.Context, pass.Mode) (pass.Outcome, error) {
		defer func() { done <- struct{}{} }()
		return out, err
	}})
	start(t, d)
	waitFor(t, done, "the pass")
	var lines []observer.LoggedEntry
	eventually(t, "the pass's line", func() bool {
		lines = append(logs.FilterMessage("pass finished").All(), logs.FilterMessage("pass failed").All()...)
		return len(lines) > 0
	})
	return lines[0]
}

// A failed pass is one line at error: a short message, the cause in a
// field.
func TestAFailedPassIsLoggedAtError(t *testing.T) {
	l := passLine(t, pass.Outcome{}, errors.New("observe ec2.vpc: endpoint unreachable"))
	if l.Level != zapcore.ErrorLevel || l.Message != "pass failed" {
		t.Fatalf("failed pass logged as %s %q, want error \"pass failed\"", l.Level, l.Message)
	}
	if got := l.ContextMap()["error"]; got != "observe ec2.vpc: endpoint unreachable" {
		t.Errorf("error field = %v", got)
	}
}

// A repair pass says how many resources it repaired and which, not a
// count of what is left ("changes": 0 read as "nothing happened").
func TestARepairPassSaysWhatItRepaired(t *testing.T) {
	out := observed("sha256:abc")
	out.Repaired = []desired.Address{"network.vpc", "network.subnet.a", "secrets.db"}
	l := passLine(t, out, nil)
	f := l.ContextMap()
	if l.Level != zapcore.InfoLevel || f["repaired"] != int64(3) || f["outstanding"] != int64(0) {
		t.Fatalf("repair pass logged as %s %v, want info with repaired 3 and outstanding 0", l.Level, f)
	}
	addrs, _ := f["repaired_addresses"].([]any)
	if len(addrs) != 3 || addrs[0] != "network.vpc" {
		t.Errorf("repaired_addresses = %v", f["repaired_addresses"])
	}
	if _, ok := f["changes"]; ok {
		t.Error("the line still has the ambiguous changes field")
	}
}
