package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/everruns/reconciler/internal/webhook"
)

// webhookFlags say where the webhook's secret comes from and where it is
// served. The secret comes from a file (a mounted secret) or from an
// environment variable: ECS injects a Secrets Manager value into a Fargate
// task only as an environment variable, which is how the file's
// reconciler: section runs the daemon.
type webhookFlags struct {
	file, env, path string
}

func (f *webhookFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.file, "webhook-secret-file", "", "serve GitHub's push webhook, signed with this file's secret (needs --git-url)")
	fs.StringVar(&f.env, "webhook-secret-env", "", "serve GitHub's push webhook, signed with the secret in this environment variable (needs --git-url)")
	fs.StringVar(&f.path, "webhook-path", webhook.Path, "path of the webhook (POST)")
}

func (f *webhookFlags) enabled() bool { return f.file != "" || f.env != "" }

// daemonPaths are the daemon's own endpoints, which the webhook cannot take.
var daemonPaths = []string{"/metrics", "/healthz", "/readyz", "/drift"}

// check says, on w, what is wrong with the combination.
func (f *webhookFlags) check(w io.Writer, git bool) bool {
	switch {
	case f.file != "" && f.env != "":
		fmt.Fprintln(w, "reconciler run: give --webhook-secret-file or --webhook-secret-env, not both")
	case f.enabled() && !git:
		// A push names a branch; a local file has none, and its own watch
		// already notices every change within milliseconds.
		fmt.Fprintf(w, "reconciler run: %s needs --git-url: a push webhook is about a git branch, and -f FILE is watched already\n", f.flag())
	case !strings.HasPrefix(f.path, "/") || strings.ContainsAny(f.path, "{}*? ") || slices.Contains(daemonPaths, f.path):
		fmt.Fprintf(w, "reconciler run: --webhook-path %q: an exact path starting with /, not one of %s\n", f.path, strings.Join(daemonPaths, ", "))
	default:
		return true
	}
	return false
}

// flag names the secret's flag that was given, for messages.
func (f *webhookFlags) flag() string {
	if f.env != "" {
		return "--webhook-secret-env"
	}
	return "--webhook-secret-file"
}

// secret reads the secret; the error never carries it.
func (f *webhookFlags) secret() ([]byte, error) {
	if f.file != "" {
		return webhook.ReadSecretFile(f.file)
	}
	b := bytes.TrimRight([]byte(os.Getenv(f.env)), "\r\n")
	if len(b) == 0 {
		return nil, fmt.Errorf("webhook secret: environment variable %s: %w", f.env, errors.New("empty or unset"))
	}
	return b, nil
}
