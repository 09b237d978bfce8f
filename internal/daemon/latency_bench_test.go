package daemon_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/everruns/reconciler/internal/daemon"
	"github.com/everruns/reconciler/internal/pass"
	"github.com/everruns/reconciler/internal/source"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// BenchmarkChangeToFirstAWSCall measures, per operation, the time from a
// change (a write of the file, or a Trigger) to the first call a pass
// makes to AWS (an adapter's Observe): file watch, debounce, read, parse,
// validate and engine start included. The budget is 1s.
func BenchmarkChangeToFirstAWSCall(b *testing.B) {
	seed, err := os.ReadFile("../../deploy/environment.yaml")
	if err != nil {
		b.Fatal(err)
	}
	for name, change := range map[string]func(d *daemon.Daemon, file string, i int){
		"file-write": func(_ *daemon.Daemon, file string, i int) {
			if err := os.WriteFile(file, fmt.Appendf(append([]byte{}, seed...), "# %d\n", i), 0o600); err != nil {
				b.Fatal(err)
			}
		},
		"trigger": func(d *daemon.Daemon, _ string, _ int) { d.Trigger("benchmark") },
	} {
		b.Run(name, func(b *testing.B) { benchChange(b, seed, change) })
	}
}

func benchChange(b *testing.B, seed []byte, change func(*daemon.Daemon, string, int)) {
	file := filepath.Join(b.TempDir(), "environment.yaml")
	if err := os.WriteFile(file, seed, 0o600); err != nil {
		b.Fatal(err)
	}
	firstCall, finished := make(chan struct{}, 1), make(chan struct{}, 1)
	engine := reconcile.New(map[string]reconcile.Kind{"ec2.vpc": reconcile.KindFns{
		ObserveFn: func(context.Context, desired.Identity) (map[desired.Address]reconcile.Live, error) {
			firstCall <- struct{}{}
			return nil, nil
		}}})
	src := source.NewFile(file)
	src.Poll = time.Hour // the watch alone
	runner := &pass.Runner{Source: src, Targets: []string{"network.vpc"}, DryRun: true, Log: zap.NewNop(),
		Engine: func(context.Context, *desired.Environment) (*reconcile.Engine, error) { return engine, nil }}
	d, err := daemon.New(daemon.Config{Interval: time.Hour, Source: src, Logger: zap.NewNop(),
		Pass: func(ctx context.Context, m pass.Mode) (pass.Outcome, error) {
			defer func() { finished <- struct{}{} }()
			return runner.Run(ctx, m)
		}})
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(b.Context())
	defer cancel()
	go func() { _ = d.Run(ctx) }()
	<-firstCall
	<-finished
	var worst time.Duration
	b.ResetTimer()
	for i := range b.N {
		start := time.Now()
		change(d, file, i)
		<-firstCall
		worst = max(worst, time.Since(start))
		<-finished
	}
	b.ReportMetric(float64(worst.Milliseconds()), "worst-ms")
}
