package logging

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/everruns/reconciler/pkg/reconcile"
)

func decodeLines(t *testing.T, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("line is not JSON: %q: %v", line, err)
		}
		out = append(out, m)
	}
	return out
}

// A JSON line carries what Flux's controllers write: an ISO-8601 ts, the
// caller, a lower-case level, and durations with their unit.
func TestJSONLinesAreWrittenAsFluxWritesThem(t *testing.T) {
	var buf bytes.Buffer
	log, err := New("json", &buf, false)
	if err != nil {
		t.Fatal(err)
	}
	log.Info("pass finished", zap.Duration("took", time.Minute))
	lines := decodeLines(t, &buf)
	if len(lines) != 1 {
		t.Fatalf("%d lines, want 1", len(lines))
	}
	l := lines[0]
	ts, _ := l["ts"].(string)
	if !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(Z|[+-]\d{4})$`).MatchString(ts) {
		t.Errorf("ts = %v, want ISO-8601", l["ts"])
	}
	if c, _ := l["caller"].(string); !strings.HasPrefix(c, "logging/logging_test.go:") {
		t.Errorf("caller = %v, want this file and line", l["caller"])
	}
	if l["level"] != "info" || l["took"] != "1m0s" || l["msg"] != "pass finished" {
		t.Errorf("line = %v, want level info, took 1m0s", l)
	}
}

func TestConsoleAndUnknownFormats(t *testing.T) {
	var buf bytes.Buffer
	log, err := New("console", &buf, false)
	if err != nil {
		t.Fatal(err)
	}
	log.Info("hello", zap.Duration("took", 1500*time.Millisecond))
	if got := buf.String(); !strings.Contains(got, "INFO") || !strings.Contains(got, `"took": "1.5s"`) || !strings.Contains(got, "logging_test.go:") {
		t.Errorf("console line = %q", got)
	}
	if _, err := New("xml", &buf, false); err == nil {
		t.Error("format xml accepted")
	}
}

// Retries are debug: at the default level an outage logs no line per
// attempt, while the action and its failure are still logged.
func TestProgressLogsRetriesAtDebugOnly(t *testing.T) {
	event := func(p reconcile.Phase) reconcile.Event {
		return reconcile.Event{Phase: p, Kind: "ec2.vpc", Address: "network.vpc", Elapsed: 2 * time.Second, Message: "x"}
	}
	for _, tc := range []struct {
		debug bool
		want  []string
	}{
		{false, []string{"create:info", "failed:warn"}},
		{true, []string{"create:info", "retry:debug", "failed:warn"}},
	} {
		var buf bytes.Buffer
		log, _ := New("json", &buf, tc.debug)
		progress := Progress(log)
		for _, p := range []reconcile.Phase{reconcile.PhaseCreate, reconcile.PhaseRetry, reconcile.PhaseFailed, reconcile.PhaseObserve} {
			progress(event(p))
		}
		var got []string
		for _, l := range decodeLines(t, &buf) {
			got = append(got, l["msg"].(string)+":"+l["level"].(string))
			if l["elapsed"] != "2s" || l["address"] != "network.vpc" {
				t.Errorf("line %v lacks elapsed 2s or the address", l)
			}
		}
		if strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("debug=%v: logged %v, want %v", tc.debug, got, tc.want)
		}
	}
}
