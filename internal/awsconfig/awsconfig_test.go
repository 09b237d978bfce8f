package awsconfig_test

import (
	"errors"
	"net"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/logging"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/everruns/reconciler/internal/awsconfig"
	"github.com/everruns/reconciler/internal/fakeaws"
	"github.com/everruns/reconciler/internal/metrics"
	"github.com/everruns/reconciler/pkg/reconcile"
)

var noBackoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })

// setEnv points the SDK's standard chain at srv, as an operator would with
// AWS_ENDPOINT_URL.
func setEnv(t *testing.T, url string) {
	t.Setenv("AWS_ENDPOINT_URL", url)
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDEVCLOUD")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "devcloud")
	t.Setenv("AWS_CONFIG_FILE", "/dev/null")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
}

func TestLoadRetriesThrottlingAndCountsEveryAttempt(t *testing.T) {
	srv := fakeaws.New()
	hs := httptest.NewServer(srv)
	defer hs.Close()
	setEnv(t, hs.URL)
	srv.InjectFault(fakeaws.Fault{Service: "sts", Operation: "GetCallerIdentity", Kind: fakeaws.FaultThrottle, Count: 2})

	m := metrics.New("test")
	cfg, err := awsconfig.Load(t.Context(), awsconfig.Options{Metrics: m, Backoff: noBackoff, MaxAttempts: 3})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if _, err := sts.NewFromConfig(cfg).GetCallerIdentity(t.Context(), &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatalf("GetCallerIdentity after two throttles with 3 attempts: %v", err)
	}
	if got := testutil.ToFloat64(m.AWSCalls.WithLabelValues("sts", "GetCallerIdentity", "Throttling")); got != 2 {
		t.Errorf("throttled attempts counted = %v, want 2", got)
	}
	if got := testutil.ToFloat64(m.AWSCalls.WithLabelValues("sts", "GetCallerIdentity", "")); got != 1 {
		t.Errorf("successful attempts counted = %v, want 1", got)
	}
	if got := testutil.ToFloat64(m.AWSRetries.WithLabelValues("sts")); got != 2 {
		t.Errorf("retries counted = %v, want 2 (the two attempts after a throttle)", got)
	}
}

func TestLoadGivesUpAfterMaxAttempts(t *testing.T) {
	srv := fakeaws.New()
	hs := httptest.NewServer(srv)
	defer hs.Close()
	setEnv(t, hs.URL)
	srv.InjectFault(fakeaws.Fault{Service: "sts", Kind: fakeaws.Fault503})

	cfg, err := awsconfig.Load(t.Context(), awsconfig.Options{Backoff: noBackoff, MaxAttempts: 4})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if _, err := sts.NewFromConfig(cfg).GetCallerIdentity(t.Context(), &sts.GetCallerIdentityInput{}); err == nil {
		t.Fatal("GetCallerIdentity succeeded against a service that always answers 503")
	}
	if got := srv.Calls()["sts:GetCallerIdentity"]; got != 4 {
		t.Errorf("attempts = %d, want exactly MaxAttempts (4)", got)
	}
}

// An error the SDK retried until it gave up is terminal for the engine:
// its retries would multiply the SDK's.
func TestAnErrorTheSDKGaveUpOnIsNotRetriedByTheEngine(t *testing.T) {
	srv := fakeaws.New()
	hs := httptest.NewServer(srv)
	defer hs.Close()
	setEnv(t, hs.URL)
	srv.InjectFault(fakeaws.Fault{Service: "sts", Kind: fakeaws.Fault503})
	cfg, err := awsconfig.Load(t.Context(), awsconfig.Options{Backoff: noBackoff, MaxAttempts: 2})
	if err != nil {
		t.Fatal(err)
	}
	_, err = sts.NewFromConfig(cfg).GetCallerIdentity(t.Context(), &sts.GetCallerIdentityInput{})
	if !reconcile.IsTerminal(err) || reconcile.IsFatal(err) {
		t.Errorf("err = %v: terminal %v, fatal %v; want terminal only", err, reconcile.IsTerminal(err), reconcile.IsFatal(err))
	}
	// A throttle the SDK absorbed is no error at all, marked or not.
	srv.ClearFaults()
	srv.InjectFault(fakeaws.Fault{Service: "sts", Kind: fakeaws.FaultThrottle, Count: 1})
	if _, err := sts.NewFromConfig(cfg).GetCallerIdentity(t.Context(), &sts.GetCallerIdentityInput{}); err != nil {
		t.Errorf("one throttle with two attempts: %v", err)
	}
}

func TestLoadRequiresARegion(t *testing.T) {
	setEnv(t, "http://127.0.0.1:1")
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
	if _, err := awsconfig.Load(t.Context(), awsconfig.Options{}); err == nil {
		t.Fatal("Load without any region succeeded")
	}
}

func TestLoadFallsBackToTheDefaultRegion(t *testing.T) {
	setEnv(t, "http://127.0.0.1:1")
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
	cfg, err := awsconfig.Load(t.Context(), awsconfig.Options{DefaultRegion: "eu-west-1"})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if cfg.Region != "eu-west-1" {
		t.Errorf("Region = %q, want the default eu-west-1", cfg.Region)
	}
	t.Setenv("AWS_REGION", "us-east-1")
	if cfg, _ := awsconfig.Load(t.Context(), awsconfig.Options{DefaultRegion: "eu-west-1"}); cfg.Region != "us-east-1" {
		t.Errorf("Region = %q, want the configured us-east-1 to win", cfg.Region)
	}
}

// The SDK's own log lines go through zap: with a JSON log, every line stays
// JSON.
func TestSDKLoggerWritesThroughZap(t *testing.T) {
	core, logs := observer.New(zapcore.DebugLevel)
	cfg, err := awsconfig.Load(t.Context(), awsconfig.Options{DefaultRegion: "us-east-1", Logger: zap.New(core)})
	if err != nil {
		t.Fatal(err)
	}
	cfg.Logger.Logf(logging.Warn, "response has no supported checksum %s", "x")
	got := logs.FilterMessage("response has no supported checksum x").All()
	if len(got) != 1 || got[0].Level != zapcore.WarnLevel || got[0].LoggerName != "aws" {
		t.Errorf("SDK warning logged as %+v, want one warning from logger aws", got)
	}
}

// closedURL is the URL of a port nothing listens on any more.
func closedURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	_ = ln.Close()
	return url
}

// A refused connection is tried once (the SDK retries dial errors, which
// only makes a person wait), and comes out explained and marked fatal, so
// that the engine stops the pass at it.
func TestAnUnreachableEndpointIsTriedOnceAndExplained(t *testing.T) {
	url := closedURL(t)
	setEnv(t, url)
	m := metrics.New("test")
	cfg, err := awsconfig.Load(t.Context(), awsconfig.Options{Metrics: m, Backoff: noBackoff})
	if err != nil {
		t.Fatal(err)
	}
	_, err = sts.NewFromConfig(cfg).GetCallerIdentity(t.Context(), &sts.GetCallerIdentityInput{})
	var access *awsconfig.AccessError
	if !errors.As(err, &access) || !reconcile.IsFatal(err) {
		t.Fatalf("err = %v, want an *AccessError marked fatal", err)
	}
	if !strings.Contains(access.Error(), "cannot reach "+url) || !strings.Contains(access.Error(), "AWS_ENDPOINT_URL") {
		t.Errorf("explained as %q", access)
	}
	if got := testutil.ToFloat64(m.AWSCalls.WithLabelValues("sts", "GetCallerIdentity", "transport")); got != 1 {
		t.Errorf("%v attempts, want 1", got)
	}
}

func TestPreflight(t *testing.T) {
	srv := fakeaws.New()
	hs := httptest.NewServer(srv)
	defer hs.Close()
	setEnv(t, hs.URL)
	cfg, err := awsconfig.Load(t.Context(), awsconfig.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := awsconfig.Preflight(t.Context(), cfg); err != nil {
		t.Errorf("Preflight against a working endpoint: %v", err)
	}
	// A service that answers an error AWS could give any call is left to
	// the calls that follow: Preflight judges reachability only.
	srv.InjectFault(fakeaws.Fault{Service: "sts", Kind: fakeaws.Fault503})
	if err := awsconfig.Preflight(t.Context(), cfg); err != nil {
		t.Errorf("Preflight against a 503: %v, want nil", err)
	}

	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	cfg, err = awsconfig.Load(t.Context(), awsconfig.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var access *awsconfig.AccessError
	if err := awsconfig.Preflight(t.Context(), cfg); !errors.As(err, &access) || access.Cause != "no AWS credentials found" {
		t.Errorf("Preflight without credentials = %v, want no AWS credentials found", err)
	}
}
