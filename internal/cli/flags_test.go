package cli

import (
	"strings"
	"testing"
)

// A duration or count that is not positive is refused with a clear message
// by every command, before anything runs (--file-poll 0 used to panic).
func TestNonPositiveDurationsAndCountsAreRefused(t *testing.T) {
	for name, args := range map[string][]string{
		"run interval":       {"run", "-f", seedFile, "--interval", "0"},
		"run file-poll":      {"run", "-f", seedFile, "--file-poll", "0s"},
		"run git-poll":       {"run", "--git-url", "file:///nowhere", "--git-poll", "-1m"},
		"run lease-duration": {"run", "-f", seedFile, "--lease-table", "t", "--lease-duration", "0s"},
		"run grace":          {"run", "-f", seedFile, "--grace", "0s"},
		"run parallelism":    {"run", "-f", seedFile, "--parallelism", "0"},
		"diff poll-interval": {"diff", "-f", seedFile, "--poll-interval", "0s"},
		"apply parallelism":  {"apply", "-f", seedFile, "--parallelism", "-2"},
	} {
		t.Run(name, func(t *testing.T) {
			code, _, errOut := run(t, args...)
			if code != ExitError || !strings.Contains(errOut, "must be a positive") {
				t.Errorf("exit %d, stderr:\n%s", code, errOut)
			}
		})
	}
}

func TestRunNeedsExactlyOneSource(t *testing.T) {
	for name, args := range map[string][]string{
		"none": {"run"},
		"both": {"run", "-f", seedFile, "--git-url", "file:///x"},
	} {
		t.Run(name, func(t *testing.T) {
			code, _, errOut := run(t, args...)
			if code != ExitError || !strings.Contains(errOut, "exactly one of -f FILE and --git-url URL") {
				t.Errorf("exit %d, stderr:\n%s", code, errOut)
			}
		})
	}
}

// A push webhook is about a git branch: with -f FILE it is refused.
func TestWebhookNeedsAGitSource(t *testing.T) {
	code, _, errOut := run(t, "run", "-f", seedFile, "--webhook-secret-file", "/nowhere")
	if code != ExitError || !strings.Contains(errOut, "--webhook-secret-file needs --git-url") {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
}

func TestWebhookFlagCombinations(t *testing.T) {
	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"env without git":  {[]string{"run", "-f", seedFile, "--webhook-secret-env", "X"}, "--webhook-secret-env needs --git-url"},
		"file and env":     {[]string{"run", "--git-url", "file:///x", "--webhook-secret-file", "f", "--webhook-secret-env", "X"}, "not both"},
		"relative path":    {[]string{"run", "--git-url", "file:///x", "--webhook-secret-env", "X", "--webhook-path", "hooks"}, "--webhook-path"},
		"the daemon's own": {[]string{"run", "--git-url", "file:///x", "--webhook-secret-env", "X", "--webhook-path", "/metrics"}, "--webhook-path"},
		"a wildcard":       {[]string{"run", "--git-url", "file:///x", "--webhook-secret-env", "X", "--webhook-path", "/hooks/{x}"}, "--webhook-path"},
	} {
		t.Run(name, func(t *testing.T) {
			code, _, errOut := run(t, tc.args...)
			if code != ExitError || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stderr:\n%s", code, errOut)
			}
		})
	}
}
