// Package e2e runs the reconciler end to end against an in-process fake
// AWS with a live clock: the real SDK clients, the real adapters, the real
// engine and, where it matters, the command line itself (cli.Main).
package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/everruns/reconciler/internal/adapters"
	"github.com/everruns/reconciler/internal/awsconfig"
	"github.com/everruns/reconciler/internal/cli"
	"github.com/everruns/reconciler/internal/fakeaws"
	"github.com/everruns/reconciler/internal/fakeaws/core"
	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/reconcile"
)

const (
	envFile    = "../../deploy/environment.yaml"
	envName    = "production"
	envProject = "everruns"
	target     = "network"
	// poll is the engine's readiness poll: the fake's NAT becomes available
	// after natTime on the wall clock.
	poll    = "10ms"
	natTime = 50 * time.Millisecond
)

// fake is one isolated fake AWS on a loopback port, with a live clock and
// short transitions so that the engine's real polling works.
type fake struct {
	srv *fakeaws.Server
	url string
	// ec2 is a client for the test's own reads and out-of-band changes; it
	// does not retry, so a test sees every error.
	ec2 *ec2.Client
}

func fastTiming() core.Timing {
	t := core.DefaultTiming()
	t.NATGateway = natTime
	t.DBInstance, t.LoadBalancer, t.CloudMapOp = natTime, natTime, natTime
	t.ECSTaskStart, t.ECSDeployment, t.CertificateDNS = natTime, natTime, natTime
	return t
}

// newFake starts a fake; opts come after the defaults and override them.
func newFake(t *testing.T, opts ...fakeaws.Option) *fake {
	t.Helper()
	srv := fakeaws.New(append([]fakeaws.Option{fakeaws.WithClock(core.NewLiveClock()), fakeaws.WithTiming(fastTiming()),
		fakeaws.WithCallLog(reconcilerCalls.record)}, opts...)...)
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return &fake{srv: srv, url: hs.URL, ec2: ec2.NewFromConfig(fakeawstest.Config(hs.URL))}
}

// useFake points the command line's standard AWS configuration chain at f
// through the environment, as a person would with devcloud's exports, and
// keeps any file of the machine out of it. t.Setenv: such tests are never
// parallel.
func useFake(t testing.TB, f *fake) {
	t.Helper()
	dir := t.TempDir()
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL":            f.url,
		"AWS_REGION":                  "us-east-1",
		"AWS_ACCESS_KEY_ID":           "AKIDEVCLOUD",
		"AWS_SECRET_ACCESS_KEY":       "devcloud",
		"AWS_SESSION_TOKEN":           "",
		"AWS_PROFILE":                 "",
		"AWS_CONFIG_FILE":             filepath.Join(dir, "config"),
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "credentials"),
		"AWS_EC2_METADATA_DISABLED":   "true",
	} {
		t.Setenv(k, v)
	}
}

// reconciler runs one command in process, exactly as from a shell.
func reconciler(ctx context.Context, args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = cli.Main(ctx, args, cli.IO{Stdout: &out, Stderr: &errOut})
	return code, out.String(), errOut.String()
}

// apply converges the network tier through the command line and fails the
// test unless it exits 0.
func apply(t *testing.T) {
	t.Helper()
	code, out, errOut := reconciler(t.Context(), "apply", "-f", envFile, "--target", target, "--poll-interval", poll)
	if code != cli.ExitOK {
		t.Fatalf("apply exit %d, want 0\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
}

// report is the part of diff's JSON contract the tests read.
type report struct {
	Environment string `json:"environment"`
	Changes     []struct {
		Address string `json:"address"`
		Kind    string `json:"kind"`
		Action  string `json:"action"`
		Fields  []struct {
			Path string `json:"path"`
		} `json:"fields"`
	} `json:"changes"`
	InSync bool `json:"in_sync"`
}

// diff runs diff -o json and decodes its report.
func diff(t *testing.T) (int, report) {
	t.Helper()
	code, out, errOut := reconciler(t.Context(), "diff", "-f", envFile, "--target", target, "--poll-interval", poll, "-o", "json")
	if code != cli.ExitOK && code != cli.ExitChanges {
		t.Fatalf("diff exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	var r report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("diff -o json is not JSON: %v\n%s", err, out)
	}
	return code, r
}

// wantInSync runs diff and fails unless it exits 0 with "changes": [].
func wantInSync(t *testing.T) {
	t.Helper()
	code, r := diff(t)
	if code != cli.ExitOK || len(r.Changes) != 0 || !r.InSync {
		t.Fatalf("diff after apply: exit %d, changes %+v; want exit 0 and no changes", code, r.Changes)
	}
}

// readOnly says whether an AWS operation only reads: the one predicate of
// "made no mutating call".
func readOnly(op string) bool {
	_, name, _ := strings.Cut(op, ":") // "ec2:DescribeVpcs"
	// Simulate* (IAM's policy simulator, verify's) evaluates and changes nothing.
	for _, p := range []string{"Describe", "List", "Get", "Simulate"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// mutations lists the counted operations that are not read-only.
func mutations(calls map[string]int) []string {
	var out []string
	for op, n := range calls {
		if n > 0 && !readOnly(op) {
			out = append(out, op)
		}
	}
	sort.Strings(out)
	return out
}

// zeroBackoff makes the SDK retry at once: retries cost no wall time.
var zeroBackoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })

// testConfig is the reconciler's client configuration pointed at f, built
// without the environment: the SDK's standard retryer (bounded attempts,
// zero backoff) and awsconfig.Instrument, as awsconfig.Load would.
func testConfig(f *fake) aws.Config {
	cfg := fakeawstest.Config(f.url)
	cfg.Retryer = func() aws.Retryer {
		return retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = 5
			o.Backoff = zeroBackoff
			o.RateLimiter = ratelimit.None // no retry quota: a burst of injected errors is all retried
		})
	}
	awsconfig.Instrument(&cfg, nil, nil)
	return cfg
}

// envID is the shipped file's identity.
var envID = desired.Identity{Project: envProject, Environment: envName}

// newEngine is the command line's engine (internal/cli/engine.go) over
// cfg, with fast polls and engine retries that do not wait; opts come
// after these and override them.
func newEngine(cfg aws.Config, opts ...reconcile.Option) *reconcile.Engine {
	reg, err := adapters.New(cfg)
	if err != nil {
		panic(err) // a wiring bug: every test would fail the same way
	}
	return reconcile.New(reg.Kinds(), append([]reconcile.Option{
		reconcile.WithClassifier(reg.Classifier().Classify),
		reconcile.WithPollInterval(10 * time.Millisecond),
		reconcile.WithReadyTimeout(30 * time.Second),
		reconcile.WithRetry(reconcile.RetryPolicy{Attempts: 5, Initial: time.Millisecond, Max: 5 * time.Millisecond}),
	}, opts...)...)
}

// networkResources is the file's network tier, as the engine receives it.
func networkResources(t *testing.T) []desired.Resource {
	t.Helper()
	env, diags := desired.Load(envFile)
	if diags.HasErrors() {
		t.Fatalf("load %s: %v", envFile, diags)
	}
	return env.Resources()
}

// lockedBuffer collects a daemon's log written from many goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
