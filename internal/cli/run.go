package cli

import (
	"context"
	"flag"
	"fmt"

	"go.uber.org/zap"

	"github.com/everruns/reconciler/internal/daemon/wire"
)

// runFlags binds run's flags to the daemon's options.
func runFlags(fs *flag.FlagSet, o *wire.Options, logFormat *string, targets *stringList) {
	fs.DurationVar(&o.Interval, "interval", o.Interval, "resync interval")
	fs.DurationVar(&o.Grace, "grace", o.Grace, "how long a pass may run on after SIGTERM before it is cancelled")
	fs.DurationVar(&o.StaleAfter, "stale-after", o.StaleAfter, "how long observation may keep failing before /readyz fails")
	fs.StringVar(&o.Listen, "listen", o.Listen, "address of /metrics, /healthz, /readyz and /drift")
	fs.StringVar(logFormat, "log-format", "auto", "auto (console on a terminal, else JSON), json or console")
	fs.BoolVar(&o.DryRun, "dry-run", false, "observe and report, never change anything")
	fs.Var(targets, "target", "only addresses with this prefix, and what they depend on (repeatable)")
	engineFlags(fs, &o.Engine)
	s := &o.Source
	fs.StringVar(&s.File, "f", "", "environment file, watched for changes")
	fs.DurationVar(&s.FilePoll, "file-poll", s.FilePoll, "how often to read the file whatever the filesystem watch says")
	fs.StringVar(&s.GitURL, "git-url", "", "follow the file in this git repository instead (https://… or file://…)")
	fs.StringVar(&s.GitBranch, "git-branch", s.GitBranch, "branch of --git-url")
	fs.StringVar(&s.GitPath, "git-path", s.GitPath, "path of the file in --git-url")
	fs.DurationVar(&s.GitPoll, "git-poll", s.GitPoll, "how often to ask --git-url for the branch head")
	fs.StringVar(&s.TokenFile, "git-token-file", "", "file holding an HTTPS token for --git-url (default: $GIT_TOKEN)")
	fs.StringVar(&o.Lease.Table, "lease-table", "", "DynamoDB table of the lease: only the replica holding it changes AWS")
	fs.DurationVar(&o.Lease.Duration, "lease-duration", o.Lease.Duration,
		"how long another replica waits on a silent holder before taking over (renew deadline 2/3, retry period 1/6 of it)")
	w := &o.Webhook
	fs.StringVar(&w.SecretFile, "webhook-secret-file", "", "serve GitHub's push webhook, signed with this file's secret (needs --git-url)")
	fs.StringVar(&w.SecretEnv, "webhook-secret-env", "", "serve GitHub's push webhook, signed with the secret in this environment variable (needs --git-url)")
	fs.StringVar(&w.Path, "webhook-path", w.Path, "path of the webhook (POST)")
}

// runDaemon: reconciler run -f FILE | --git-url URL … [--interval 1m]
// [--listen :8080] [--dry-run]. Runs until SIGTERM; exit 0 on a clean
// shutdown, 1 if the pass in progress had to be cancelled.
func runDaemon(ctx context.Context, args []string, io IO) int {
	fs := newFlags("run", io)
	o := wire.DefaultOptions()
	var logFormat string
	var targets stringList
	runFlags(fs, &o, &logFormat, &targets)
	if !parse(fs, args) {
		return ExitError
	}
	o.Targets, o.Version = targets, Version
	if err := o.Check(); err != nil {
		fmt.Fprintf(io.Stderr, "reconciler run: %v\n", err)
		return ExitError
	}
	log, err := wire.NewLogger(logFormat, io.Stderr)
	if err != nil {
		fmt.Fprintf(io.Stderr, "reconciler run: %v\n", err)
		return ExitError
	}
	defer log.Sync() //nolint:errcheck // nothing to do about a failed flush at exit
	if err := wire.Run(ctx, o, log); err != nil {
		log.Error("reconciler stopped", zap.Error(err))
		return ExitError
	}
	return ExitOK
}
