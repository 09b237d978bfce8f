package wire

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/everruns/reconciler/internal/daemon"
	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
	"github.com/everruns/reconciler/internal/lease"
	"github.com/everruns/reconciler/internal/pass"
	"github.com/everruns/reconciler/internal/source/sourcetest"
	"github.com/everruns/reconciler/internal/webhook"
)

const seedFile = "../../../deploy/environment.yaml"

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

// waitFor receives from ch or fails the test after a generous deadline; it
// asserts no timing.
func waitFor[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(20 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
		panic("unreachable")
	}
}

// passSeen is what the wiring gave a pass: the runner it built and the
// mode the daemon asked for.
type passSeen struct {
	runner *pass.Runner
	mode   pass.Mode
}

// started is a daemon wired by run, with a pass that reports each call on
// passes instead of calling AWS.
type started struct {
	base   string // http://127.0.0.1:PORT
	passes chan passSeen
	cancel context.CancelFunc
	done   chan error
}

func start(t *testing.T, o Options) *started {
	t.Helper()
	o.Listen = "127.0.0.1:0"
	ctx, cancel := context.WithCancel(t.Context())
	t.Cleanup(cancel)
	s := &started{passes: make(chan passSeen, 100), cancel: cancel, done: make(chan error, 1)}
	addr := make(chan net.Addr, 1)
	fake := func(r *pass.Runner) daemon.PassFunc {
		return func(ctx context.Context, mode pass.Mode) (pass.Outcome, error) {
			s.passes <- passSeen{runner: r, mode: mode}
			return pass.Outcome{}, nil
		}
	}
	go func() {
		s.done <- run(ctx, o, zaptest.NewLogger(t), seams{pass: fake, listening: func(a net.Addr) { addr <- a }})
	}()
	select {
	case a := <-addr:
		s.base = "http://" + a.String()
	case err := <-s.done:
		t.Fatalf("run stopped before it served: %v", err)
	case <-time.After(20 * time.Second):
		t.Fatal("timed out waiting for the server")
	}
	return s
}

// stop cancels the context and returns run's result.
func (s *started) stop(t *testing.T) error {
	t.Helper()
	s.cancel()
	return waitFor(t, s.done, "run to return after its context was cancelled")
}

func status(t *testing.T, method, url string, header http.Header, body []byte) int {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// A file source: the daemon passes at start with the runner built from the
// options, passes again when the file changes (the source is watched),
// serves its endpoints, and stops cleanly when the context ends.
func TestRunWithAFileWiresTheRunnerWatchesTheFileAndStopsOnCancel(t *testing.T) {
	seed, err := os.ReadFile(seedFile)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "environment.yaml")
	writeFile(t, file, string(seed))
	o := fileOptions(file)
	o.Interval, o.Source.FilePoll = time.Hour, 50*time.Millisecond
	o.Targets, o.DryRun = []string{"network"}, true
	s := start(t, o)

	first := waitFor(t, s.passes, "the pass at start")
	r := first.runner
	if r.Source == nil || r.Engine == nil || r.Resolve == nil || r.Expand == nil {
		t.Errorf("runner misses its source, engine, resolver or expansion: %+v", r)
	}
	if len(r.Targets) != 1 || r.Targets[0] != "network" || !r.DryRun {
		t.Errorf("runner targets %v, dry run %v; want [network], true", r.Targets, r.DryRun)
	}
	if r.Guard != nil {
		t.Error("a guard without a lease: every apply would be refused or guarded by nothing")
	}
	if first.mode != pass.Act {
		t.Errorf("mode without a lease = %v, want act (dry run is the runner's to enforce)", first.mode)
	}
	if code := status(t, http.MethodGet, s.base+"/healthz", nil, nil); code != http.StatusOK {
		t.Errorf("/healthz = %d", code)
	}
	if code := status(t, http.MethodPost, s.base+webhook.Path, nil, nil); code == http.StatusAccepted || code == http.StatusUnauthorized {
		t.Errorf("a webhook is served without a secret: POST %s = %d", webhook.Path, code)
	}

	writeFile(t, file, strings.Replace(string(seed), "\n", "\n# edited\n", 1))
	waitFor(t, s.passes, "a pass after the file changed")

	if err := s.stop(t); err != nil {
		t.Errorf("run after cancel = %v, want nil (a clean shutdown)", err)
	}
	if _, err := http.Get(s.base + "/healthz"); err == nil {
		t.Error("the HTTP server still answers after run returned")
	}
}

// A git source with a lease and a webhook, together: the lease is taken on
// the (fake) DynamoDB table, which makes the pass act and guards it; a
// signed push is served and brings a pass; an unsigned one is refused; on
// cancel the lease is released for the next holder.
func TestRunWithGitLeaseAndWebhookTogether(t *testing.T) {
	_, cfg := fakeawstest.Start(t)
	dir := t.TempDir()
	for k, v := range map[string]string{"AWS_ENDPOINT_URL": aws.ToString(cfg.BaseEndpoint), "AWS_REGION": "us-east-1",
		"AWS_ACCESS_KEY_ID": "AKIDEVCLOUD", "AWS_SECRET_ACCESS_KEY": "devcloud", "AWS_EC2_METADATA_DISABLED": "true",
		"AWS_CONFIG_FILE": filepath.Join(dir, "config"), "AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "credentials"),
		"HOOK_SECRET": "s3cr3t"} {
		t.Setenv(k, v)
	}
	seed, err := os.ReadFile(seedFile)
	if err != nil {
		t.Fatal(err)
	}
	repo := sourcetest.NewRepo(t)
	head := repo.Commit(t, "deploy/environment.yaml", seed)

	o := DefaultOptions()
	o.Interval = time.Hour
	o.Source.GitURL, o.Source.GitPoll = repo.URL, time.Hour
	o.Lease.Table, o.Lease.Duration = "reconciler-lease", 3*time.Second
	o.Webhook.SecretEnv = "HOOK_SECRET"
	s := start(t, o)

	// The first pass may run before the lease is taken (observe only);
	// gaining it brings an acting pass at once.
	seen := waitFor(t, s.passes, "the pass at start")
	for seen.mode != pass.Act {
		seen = waitFor(t, s.passes, "an acting pass once the lease is held")
	}
	if seen.runner.Guard == nil {
		t.Fatal("the runner has no guard with a lease: a replica that lost it would go on changing AWS")
	}
	if err := seen.runner.Guard(); err != nil {
		t.Errorf("the guard refuses while the lease is held: %v", err)
	}

	body := []byte(`{"ref":"refs/heads/main","before":"` + strings.Repeat("0", 40) + `","after":"` + head +
		`","deleted":false,"repository":{"full_name":"everruns/infra"}}`)
	hdr := http.Header{"Content-Type": {"application/json"}, "X-Github-Event": {"push"}, "X-Github-Delivery": {"d-1"}}
	if code := status(t, http.MethodPost, s.base+webhook.Path, hdr, body); code != http.StatusUnauthorized {
		t.Errorf("unsigned push = %d, want 401", code)
	}
	drain(s.passes)
	hdr.Set("X-Hub-Signature-256", webhook.Sign([]byte("s3cr3t"), body))
	hdr.Set("X-GitHub-Delivery", "d-2")
	if code := status(t, http.MethodPost, s.base+webhook.Path, hdr, body); code != http.StatusAccepted {
		t.Fatalf("signed push = %d, want 202", code)
	}
	waitFor(t, s.passes, "a pass after the signed push")

	if err := s.stop(t); err != nil {
		t.Errorf("run after cancel = %v, want nil", err)
	}
	item, err := dynamodb.NewFromConfig(cfg).GetItem(t.Context(), &dynamodb.GetItemInput{TableName: aws.String("reconciler-lease"),
		Key: map[string]types.AttributeValue{"lease_id": &types.AttributeValueMemberS{Value: lease.DefaultKey}}, ConsistentRead: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	if item.Item == nil {
		t.Fatal("no lease record: the lease was never taken")
	}
	if _, held := item.Item["holder"]; held {
		t.Error("the lease is still held after a clean shutdown: the next replica waits a whole lease duration")
	}
}

func drain[T any](ch <-chan T) {
	for {
		select {
		case <-ch:
		default:
			return
		}
	}
}

// What cannot be opened is an error from run before anything is served.
func TestRunReportsWhatItCannotOpen(t *testing.T) {
	for name, tc := range map[string]struct {
		edit func(*Options)
		want string
	}{
		"a bad combination":    {func(o *Options) { o.Source.GitURL = "file:///x" }, "exactly one of"},
		"a missing token file": {func(o *Options) { *o = gitOptions(); o.Source.TokenFile = "/nowhere/token" }, "--git-token-file"},
		"an unset webhook secret": {func(o *Options) {
			*o = gitOptions()
			o.Webhook.SecretEnv = "WIRE_TEST_UNSET_SECRET"
		}, "WIRE_TEST_UNSET_SECRET"},
		"an address in use": {func(o *Options) { o.Listen = "256.0.0.1:0" }, "listen on 256.0.0.1:0"},
	} {
		t.Run(name, func(t *testing.T) {
			o := fileOptions(seedFile)
			tc.edit(&o)
			err := Run(t.Context(), o, zap.NewNop())
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Run = %v, want an error with %q", err, tc.want)
			}
		})
	}
}

// A lease that can never work (its table cannot be made) stops the daemon
// with the lease's error, rather than leaving a replica that looks healthy
// and can never act.
func TestAnUnusableLeaseStopsTheDaemon(t *testing.T) {
	stopped := make(chan struct{})
	l, err := lease.New(failingDynamo{}, "t", lease.WithLogger(zap.NewNop()))
	if err != nil {
		t.Fatal(err)
	}
	done := runLease(t.Context(), l, zap.NewNop(), func() { close(stopped) })
	waitFor(t, stopped, "the daemon to be stopped")
	if err := waitFor(t, done, "the lease's result"); err == nil {
		t.Error("an unusable lease returned nil")
	}
	if err := <-runLease(t.Context(), nil, zap.NewNop(), func() { t.Error("stop without a lease") }); err != nil {
		t.Errorf("no lease: %v", err)
	}
}

// failingDynamo is a DynamoDB whose lease table has the wrong key: a
// table the lease can never use.
type failingDynamo struct{ lease.API }

func (failingDynamo) DescribeTable(context.Context, *dynamodb.DescribeTableInput, ...func(*dynamodb.Options)) (*dynamodb.DescribeTableOutput, error) {
	return &dynamodb.DescribeTableOutput{Table: &types.TableDescription{TableStatus: types.TableStatusActive,
		KeySchema: []types.KeySchemaElement{{AttributeName: aws.String("id"), KeyType: types.KeyTypeHash}}}}, nil
}
