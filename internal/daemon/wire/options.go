// Package wire builds the daemon (reconciler run) from its options: the
// source, the lease, the webhook, the engine, the pass, the daemon loop
// and its HTTP server, and runs them until the context ends. The command
// line only parses flags into Options and calls Run.
package wire

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/everruns/reconciler/internal/awsengine"
	"github.com/everruns/reconciler/internal/lease"
	"github.com/everruns/reconciler/internal/source"
	"github.com/everruns/reconciler/internal/webhook"
)

// Options are everything `reconciler run` is told.
type Options struct {
	// Interval is the resync interval.
	Interval time.Duration
	// Grace is how long a pass may run on after shutdown begins before it
	// is cancelled.
	Grace time.Duration
	// StaleAfter is how long observation may keep failing before /readyz fails.
	StaleAfter time.Duration
	// StuckAfter is how long a pass may run before it is reported stuck and
	// /readyz fails; never less than Interval.
	StuckAfter time.Duration
	// Listen is the address of /metrics, /healthz, /readyz and /drift.
	Listen string
	// DryRun observes and reports, never changes anything.
	DryRun bool
	// Targets restricts passes to addresses with these prefixes and what
	// they depend on.
	Targets []string
	// Version is reported in the log and in reconciler_build_info.
	Version string

	Engine  awsengine.Options
	Source  SourceOptions
	Lease   LeaseOptions
	Webhook WebhookOptions
	GitOps  GitOpsOptions
}

// SourceOptions say where the environment file comes from: File, or a git
// branch (exactly one of File and GitURL).
type SourceOptions struct {
	File      string        // watched for changes
	FilePoll  time.Duration // read whatever the filesystem watch says
	GitURL    string        // https://… or file://…
	GitBranch string
	GitPath   string
	GitPoll   time.Duration // how often the branch head is asked for
	// GitTimeout bounds one git operation (asking for the head, cloning);
	// past it, a source error.
	GitTimeout time.Duration
	TokenFile  string // an HTTPS token for GitURL (default: $GIT_TOKEN)
}

// LeaseOptions: a DynamoDB lease when Table is set. The renew deadline
// and the retry period follow Duration in client-go's proportions (30s,
// 20s, 5s): two thirds and one sixth of it.
type LeaseOptions struct {
	Table    string
	Duration time.Duration
}

// WebhookOptions say where the webhook's secret comes from and where it
// is served. The secret comes from a file (a mounted secret) or from an
// environment variable: ECS injects a Secrets Manager value into a
// Fargate task only as an environment variable, which is how the file's
// reconciler: section runs the daemon. Neither set: no webhook.
type WebhookOptions struct {
	SecretFile, SecretEnv, Path string
}

// DefaultOptions are the flags' defaults.
func DefaultOptions() Options {
	return Options{
		Interval:   time.Minute,
		Grace:      20 * time.Second,
		StaleAfter: 5 * time.Minute,
		StuckAfter: 10 * time.Minute,
		Listen:     ":8080",
		Version:    "dev",
		Engine:     awsengine.DefaultOptions(),
		Source: SourceOptions{FilePoll: 2 * time.Second, GitBranch: "main",
			GitPath: "deploy/environment.yaml", GitPoll: time.Minute, GitTimeout: source.DefaultGitTimeout},
		Lease:   LeaseOptions{Duration: lease.DefaultLeaseDuration},
		Webhook: WebhookOptions{Path: webhook.Path},
		GitOps:  GitOpsOptions{NotifyFormat: "slack"},
	}
}

// daemonPaths are the daemon's own endpoints, which the webhook cannot take.
var daemonPaths = []string{"/metrics", "/healthz", "/readyz", "/drift"}

// Check says what is wrong with a combination of options, in the flags'
// words, before anything is opened.
func (o Options) Check() error {
	s, w := o.Source, o.Webhook
	switch {
	case (s.File == "") == (s.GitURL == ""):
		return errors.New("exactly one of -f FILE and --git-url URL is required")
	case w.SecretFile != "" && w.SecretEnv != "":
		return errors.New("give --webhook-secret-file or --webhook-secret-env, not both")
	case w.enabled() && s.GitURL == "":
		// A push names a branch; a local file has none, and its own watch
		// already notices every change within milliseconds.
		return fmt.Errorf("%s needs --git-url: a push webhook is about a git branch, and -f FILE is watched already", w.flag())
	case !strings.HasPrefix(w.Path, "/") || strings.ContainsAny(w.Path, "{}*? ") || slices.Contains(daemonPaths, w.Path):
		return fmt.Errorf("--webhook-path %q: an exact path starting with /, not one of %s", w.Path, strings.Join(daemonPaths, ", "))
	}
	for name, d := range map[string]time.Duration{"--interval": o.Interval, "--grace": o.Grace,
		"--stale-after": o.StaleAfter, "--stuck-after": o.StuckAfter, "--poll-interval": o.Engine.PollInterval} {
		if d <= 0 {
			return fmt.Errorf("%s must be a positive duration such as 30s, not %s", name, d)
		}
	}
	if o.Engine.Parallelism <= 0 {
		return fmt.Errorf("--parallelism must be a positive number, not %d", o.Engine.Parallelism)
	}
	switch {
	case s.File != "" && s.FilePoll <= 0:
		return fmt.Errorf("--file-poll must be a positive duration such as 30s, not %s", s.FilePoll)
	case s.GitURL != "" && s.GitPoll <= 0:
		return fmt.Errorf("--git-poll must be a positive duration such as 30s, not %s", s.GitPoll)
	case s.GitURL != "" && s.GitTimeout <= 0:
		return fmt.Errorf("--git-timeout must be a positive duration such as 30s, not %s", s.GitTimeout)
	case o.Lease.Table != "" && o.Lease.Duration <= 0:
		return fmt.Errorf("--lease-duration must be a positive duration such as 30s, not %s", o.Lease.Duration)
	}
	return o.GitOps.check(s.GitURL != "")
}
