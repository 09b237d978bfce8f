package daemon

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/everruns/reconciler/internal/metrics"
	"github.com/everruns/reconciler/internal/pass"
	"github.com/everruns/reconciler/internal/source"
	"github.com/everruns/reconciler/internal/source/sourcetest"
	"github.com/everruns/reconciler/internal/testnet"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// gitDaemon runs a daemon whose passes read src with a real pass.Runner;
// the engine is never reached for AWS (it fails), since what is under
// test is the source.
func gitDaemon(t *testing.T, src source.Source) (*Daemon, *observer.ObservedLogs, *metrics.Metrics) {
	t.Helper()
	core, logs := observer.New(zapcore.InfoLevel)
	log := zap.New(core)
	m := metrics.New("test")
	runner := &pass.Runner{Source: src, Log: log,
		Engine: func(context.Context, *desired.Environment) (*reconcile.Engine, error) {
			return nil, errors.New("no AWS in this test")
		}}
	d := newDaemon(t, Config{Source: src, Pass: runner.Run, Logger: log, Metrics: m, MinBackoff: time.Hour})
	start(t, d)
	return d, logs, m
}

func logged(logs *observer.ObservedLogs, snippet string) bool {
	for _, e := range logs.All() {
		for _, f := range e.Context {
			if f.Type == zapcore.ErrorType && strings.Contains(f.Interface.(error).Error(), snippet) {
				return true
			}
		}
	}
	return false
}

// A git server that accepts and never answers, from the start: the daemon
// logs the source error (a timeout) and reports it, rather than make no
// pass and log nothing.
func TestDaemonLogsAGitServerThatNeverAnswersAtStart(t *testing.T) {
	g, err := source.NewGit(source.GitOptions{URL: "http://" + testnet.Silent(t) + "/org/repo.git",
		Timeout: 50 * time.Millisecond, Poll: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	d, logs, _ := gitDaemon(t, g)
	eventually(t, "the source's timeout in the log", func() bool { return logged(logs, "no answer within 50ms") })
	eventually(t, "/drift to carry the source error", func() bool {
		return strings.Contains(scrape(t, d.Handler(), "/drift"), "no answer within 50ms")
	})
}

// A git server that answered, then hangs in the middle of a run: the next
// pass logs the timeout, /drift carries it and reconciler_source_valid is
// 0, and the pass ends (on the last good revision).
func TestDaemonLogsAGitServerThatStopsAnswering(t *testing.T) {
	file, err := os.ReadFile("../../deploy/environment.yaml")
	if err != nil {
		t.Fatal(err)
	}
	repo := sourcetest.NewRepo(t)
	repo.Commit(t, "deploy/environment.yaml", file)
	served := repo.ServeHTTP(t)
	g, err := source.NewGit(source.GitOptions{URL: served.URL, Timeout: 2 * time.Second, Poll: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	d, logs, _ := gitDaemon(t, g)
	h := d.Handler()
	eventually(t, "the first pass to read the file", func() bool {
		return strings.Contains(scrape(t, h, "/metrics"), "reconciler_source_valid 1")
	})
	served.Hang()
	d.Trigger("test")
	eventually(t, "the source's timeout in the log", func() bool { return logged(logs, "no answer within 2s") })
	eventually(t, "reconciler_source_valid 0", func() bool {
		return strings.Contains(scrape(t, h, "/metrics"), "reconciler_source_valid 0")
	})
	if body := scrape(t, h, "/drift"); !strings.Contains(body, "no answer within 2s") {
		t.Errorf("/drift lacks the source's timeout:\n%s", body)
	}
}
