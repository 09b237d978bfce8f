package cli

import (
	"bytes"
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/everruns/reconciler/internal/testnet"
)

// closedEndpoint is the URL of a port nothing listens on any more.
func closedEndpoint(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	_ = ln.Close()
	return url
}

// unreachable runs command (diff, verify) with the environment env on top of a clean AWS
// configuration (no profile, no file). The 10 s context is the promise to
// a person, not a timing assertion: a command still retrying when it ends
// prints a cancellation, which fails the checks on the message.
func unreachable(t *testing.T, command string, env map[string]string) (int, string) {
	t.Helper()
	for k, v := range map[string]string{"AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "", "AWS_PROFILE": "",
		"AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent", "AWS_EC2_METADATA_DISABLED": "true",
		"AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "x", "AWS_SESSION_TOKEN": ""} {
		t.Setenv(k, v)
	}
	for k, v := range env {
		t.Setenv(k, v)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	var out, errOut bytes.Buffer
	code := Main(ctx, []string{command, "-f", seedFile}, IO{Stdout: &out, Stderr: &errOut})
	if out.Len() > 0 {
		t.Errorf("%s printed a report without reaching AWS:\n%s", command, out.String())
	}
	return code, errOut.String()
}

func checkShortError(t *testing.T, code int, stderr string, wants ...string) {
	t.Helper()
	if code != ExitError {
		t.Errorf("exit %d, want %d", code, ExitError)
	}
	if n := strings.Count(strings.TrimRight(stderr, "\n"), "\n") + 1; n > 5 {
		t.Errorf("%d lines on stderr, want at most 5:\n%s", n, stderr)
	}
	for _, w := range wants {
		if !strings.Contains(stderr, w) {
			t.Errorf("stderr does not say %q:\n%s", w, stderr)
		}
	}
	for _, noise := range []string{"retry quota", "operation error", "IMDS", "context deadline"} {
		if strings.Contains(stderr, noise) {
			t.Errorf("stderr has the SDK's %q:\n%s", noise, stderr)
		}
	}
}

// An endpoint that refuses connections is one short error naming it and
// the settings to check, not one line per kind after every retry.
func TestDiffAgainstAClosedEndpointSaysSoOnce(t *testing.T) {
	endpoint := closedEndpoint(t)
	code, stderr := unreachable(t, "diff", map[string]string{"AWS_ENDPOINT_URL": endpoint})
	checkShortError(t, code, stderr, "cannot reach "+endpoint, "connection refused", "AWS_ENDPOINT_URL", "AWS_REGION (us-east-1)")
}

// No credentials anywhere is one short error that says how to give some.
func TestDiffWithoutCredentialsSaysHowToGiveThem(t *testing.T) {
	code, stderr := unreachable(t, "diff", map[string]string{"AWS_ENDPOINT_URL": closedEndpoint(t),
		"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""})
	checkShortError(t, code, stderr, "no AWS credentials found", "AWS_PROFILE", "aws sso login", "AWS_ACCESS_KEY_ID")
}

// An endpoint that accepts connections and never answers (a proxy or a
// private endpoint gone wrong) is one short error once AWS's first
// answer is overdue, not a command that waits for ever.
func TestDiffAgainstASilentEndpointSaysSoOnce(t *testing.T) {
	endpoint := "http://" + testnet.Silent(t)
	code, stderr := unreachable(t, "diff", map[string]string{"AWS_ENDPOINT_URL": endpoint})
	checkShortError(t, code, stderr, "no answer from "+endpoint, "AWS_ENDPOINT_URL", "AWS_REGION (us-east-1)")
}

// verify with AWS out of reach fails (exit 1) in one line: every one of
// its checks would otherwise report "could not be read" as a warning and
// conclude that nothing would stop an apply.
func TestVerifyAgainstAClosedEndpointFails(t *testing.T) {
	endpoint := closedEndpoint(t)
	code, stderr := unreachable(t, "verify", map[string]string{"AWS_ENDPOINT_URL": endpoint})
	checkShortError(t, code, stderr, "cannot reach "+endpoint, "AWS_ENDPOINT_URL")
}
