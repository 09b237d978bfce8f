package cli

import (
	"context"
	"errors"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"go.uber.org/zap"

	"github.com/everruns/reconciler/internal/daemon/wire"
)

type runOptions struct {
	wire.Options
	logFormat string
}

// newRunCommand: reconciler run -f FILE | --git-url URL … [--interval 1m]
// [--listen :8080] [--dry-run]. Runs until SIGTERM; exit 0 on a clean
// shutdown, 1 if the pass in progress had to be cancelled. The daemon is
// wired by internal/daemon/wire; this only binds its options.
func newRunCommand(streams IO) *cobra.Command {
	o := runOptions{Options: wire.DefaultOptions(), logFormat: "auto"}
	cmd := &cobra.Command{
		Use:   "run -f FILE | --git-url URL",
		Short: "Reconcile forever as a daemon, with metrics",
		Long: "Reconcile forever: a pass at start, on every change of the file or push to the\n" +
			"branch, and every --interval. Serves /metrics, /healthz, /readyz and /drift.\n" +
			"Exit 0 on a clean shutdown (SIGTERM), 1 if the pass in progress had to be cancelled.",
		Example: "  reconciler run -f deploy/environment.yaml --dry-run\n" +
			"  reconciler run --git-url https://github.com/OWNER/REPO --lease-table reconciler-lease",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return o.run(cmd.Context(), streams) },
	}
	o.bind(cmd.Flags())
	return cmd
}

func (o *runOptions) bind(fs *pflag.FlagSet) {
	fs.DurationVar(&o.Interval, "interval", o.Interval, "resync interval")
	fs.DurationVar(&o.Grace, "grace", o.Grace, "how long a pass may run on after SIGTERM before it is cancelled")
	fs.DurationVar(&o.StaleAfter, "stale-after", o.StaleAfter, "how long observation may keep failing before /readyz fails")
	fs.DurationVar(&o.StuckAfter, "stuck-after", o.StuckAfter, "how long a pass may run before it is reported stuck and /readyz fails (at least --interval)")
	fs.StringVar(&o.Listen, "listen", o.Listen, "address of /metrics, /healthz, /readyz and /drift")
	fs.StringVar(&o.logFormat, "log-format", o.logFormat, "auto (console on a terminal, else JSON), json or console")
	fs.BoolVar(&o.DryRun, "dry-run", false, "observe and report, never change anything")
	targetFlag(fs, &o.Targets)
	engineFlags(fs, &o.Engine)

	s := &o.Source
	fileFlag(fs, &s.File, "environment `FILE`, watched for changes")
	fs.DurationVar(&s.FilePoll, "file-poll", s.FilePoll, "how often to read the file whatever the filesystem watch says")
	fs.StringVar(&s.GitURL, "git-url", "", "follow the file in this git repository instead (https://… or file://…)")
	fs.StringVar(&s.GitBranch, "git-branch", s.GitBranch, "branch of --git-url")
	fs.StringVar(&s.GitPath, "git-path", s.GitPath, "path of the file in --git-url")
	fs.DurationVar(&s.GitPoll, "git-poll", s.GitPoll, "how often to ask --git-url for the branch head")
	fs.DurationVar(&s.GitTimeout, "git-timeout", s.GitTimeout, "how long one git operation (asking for the head, cloning) may take; past it, a source error")
	fs.StringVar(&s.TokenFile, "git-token-file", "", "file holding an HTTPS token for --git-url (default: $GIT_TOKEN)")

	fs.StringVar(&o.Lease.Table, "lease-table", "", "DynamoDB table of the lease: only the replica holding it changes AWS")
	fs.DurationVar(&o.Lease.Duration, "lease-duration", o.Lease.Duration,
		"how long another replica waits on a silent holder before taking over (renew deadline 2/3, retry period 1/6 of it)")

	w := &o.Webhook
	fs.StringVar(&w.SecretFile, "webhook-secret-file", "", "serve GitHub's push webhook, signed with this file's secret (needs --git-url)")
	fs.StringVar(&w.SecretEnv, "webhook-secret-env", "", "serve GitHub's push webhook, signed with the secret in this environment variable (needs --git-url)")
	fs.StringVar(&w.Path, "webhook-path", w.Path, "path of the webhook (POST)")

	g := &o.GitOps
	fs.StringVar(&g.StatusRepo, "github-status", "", "set a commit status (context reconciler/<environment>) on `OWNER/REPO` for the revision each pass acts on; the token is GITHUB_TOKEN or --github-token-file, the API GITHUB_API_URL")
	fs.StringVar(&g.TokenFile, "github-token-file", "", "file holding the GitHub token (default: GITHUB_TOKEN)")
	fs.StringVar(&g.PublicURL, "public-url", "", "the daemon's public URL: statuses and notifications link to its /drift")
	fs.StringArrayVar(&g.NotifyURLs, "notify-url", nil, "incoming webhook `URL` told of each incident once when it opens and once when it is resolved (repeatable)")
	fs.StringVar(&g.NotifyFormat, "notify-format", g.NotifyFormat, "body of --notify-url: slack (incoming-webhook JSON) or json (the event)")
}

func (o *runOptions) run(ctx context.Context, streams IO) error {
	if o.Source.File == "-" {
		// The daemon watches its file and reads it again at every change;
		// a stream is read once.
		return errors.New("-f - is not for run: the daemon watches a file; give its path, or --git-url")
	}
	o.Version = versionString()
	if err := o.Check(); err != nil {
		return err
	}
	log, err := wire.NewLogger(o.logFormat, streams.Stderr)
	if err != nil {
		return err
	}
	defer log.Sync() //nolint:errcheck // nothing to do about a failed flush at exit
	if err := wire.Run(ctx, o.Options, log); err != nil {
		log.Error("reconciler stopped", zap.Error(err))
		return errReported
	}
	return nil
}
