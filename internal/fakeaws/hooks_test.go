package fakeaws_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/everruns/reconciler/internal/fakeaws"
	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
)

// hookClient drives the /_devcloud/ hooks of one fake over HTTP, as a
// black-box test or a person with curl would.
type hookClient struct {
	t        *testing.T
	endpoint string
}

func startHooks(t *testing.T, opts ...fakeaws.Option) (*fakeaws.Server, aws.Config, hookClient) {
	t.Helper()
	srv, cfg := fakeawstest.Start(t, opts...)
	return srv, cfg, hookClient{t: t, endpoint: *cfg.BaseEndpoint}
}

// do sends a hook request and returns the status and body.
func (h hookClient) do(method, path, body string) (int, string) {
	h.t.Helper()
	req, err := http.NewRequestWithContext(h.t.Context(), method, h.endpoint+path, strings.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatalf("%s %s: read body: %v", method, path, err)
	}
	return resp.StatusCode, string(b)
}

func (h hookClient) calls() map[string]int {
	h.t.Helper()
	status, body := h.do(http.MethodGet, "/_devcloud/calls", "")
	if status != http.StatusOK {
		h.t.Fatalf("GET /_devcloud/calls: %d %s", status, body)
	}
	var out map[string]int
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		h.t.Fatalf("calls body %q: %v", body, err)
	}
	return out
}

func (h hookClient) inject(fault string) {
	h.t.Helper()
	if status, body := h.do(http.MethodPost, "/_devcloud/faults", fault); status != http.StatusNoContent {
		h.t.Fatalf("POST /_devcloud/faults %s: %d %s", fault, status, body)
	}
}

func callerIdentity(t *testing.T, cfg aws.Config) error {
	t.Helper()
	_, err := sts.NewFromConfig(cfg).GetCallerIdentity(t.Context(), &sts.GetCallerIdentityInput{})
	return err
}

// apiError returns the AWS error code and HTTP status of err, failing the
// test if err is not an AWS error response.
func apiError(t *testing.T, err error) (code string, status int) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("err = %v, want an AWS API error", err)
	}
	var re *smithyhttp.ResponseError
	if errors.As(err, &re) {
		status = re.HTTPStatusCode()
	}
	return ae.ErrorCode(), status
}

func TestCallsCountByServiceAndOperationAndReset(t *testing.T) {
	_, cfg, h := startHooks(t)
	for range 3 {
		if err := callerIdentity(t, cfg); err != nil {
			t.Fatal(err)
		}
	}
	if got := h.calls(); got["sts:GetCallerIdentity"] != 3 || len(got) != 1 {
		t.Errorf("calls = %v, want {sts:GetCallerIdentity: 3}", got)
	}
	if status, _ := h.do(http.MethodPost, "/_devcloud/calls/reset", ""); status != http.StatusNoContent {
		t.Fatalf("reset status = %d", status)
	}
	if got := h.calls(); len(got) != 0 {
		t.Errorf("calls after reset = %v, want none", got)
	}
}

func TestThrottleForTheNextNCallsThenServe(t *testing.T) {
	_, cfg, h := startHooks(t)
	h.inject(`{"service":"sts","operation":"GetCallerIdentity","kind":"throttle","count":2}`)
	for i := range 2 {
		code, status := apiError(t, callerIdentity(t, cfg))
		if code != "Throttling" || status != http.StatusBadRequest {
			t.Errorf("call %d: %s %d, want Throttling 400 (the Query protocol's code)", i, code, status)
		}
	}
	if err := callerIdentity(t, cfg); err != nil {
		t.Errorf("third call: %v, want success once the count is used up", err)
	}
	if got := h.calls()["sts:GetCallerIdentity"]; got != 3 {
		t.Errorf("calls = %d, want 3 (faulted calls count too)", got)
	}
}

func TestServerErrors(t *testing.T) {
	for kind, want := range map[string]struct {
		code   string
		status int
	}{
		"500": {"InternalFailure", http.StatusInternalServerError},
		"503": {"ServiceUnavailable", http.StatusServiceUnavailable},
	} {
		t.Run(kind, func(t *testing.T) {
			_, cfg, h := startHooks(t)
			h.inject(`{"kind":"` + kind + `","count":1}`)
			code, status := apiError(t, callerIdentity(t, cfg))
			if code != want.code || status != want.status {
				t.Errorf("got %s %d, want %s %d", code, status, want.code, want.status)
			}
		})
	}
}

func TestFaultSelectsServiceAndOperation(t *testing.T) {
	_, cfg, h := startHooks(t)
	h.inject(`{"service":"iam","kind":"500"}`)
	h.inject(`{"service":"sts","operation":"AssumeRole","kind":"500"}`)
	if err := callerIdentity(t, cfg); err != nil {
		t.Errorf("GetCallerIdentity: %v, want no fault (other service, other operation)", err)
	}
}

func TestClearFaults(t *testing.T) {
	_, cfg, h := startHooks(t)
	h.inject(`{"kind":"503"}`)
	if status, _ := h.do(http.MethodDelete, "/_devcloud/faults", ""); status != http.StatusNoContent {
		t.Fatalf("DELETE faults status = %d", status)
	}
	if err := callerIdentity(t, cfg); err != nil {
		t.Errorf("after clearing: %v", err)
	}
}

func TestLatencyDelaysThenServes(t *testing.T) {
	_, cfg, h := startHooks(t)
	h.inject(`{"kind":"latency","latency":"60ms","count":1}`)
	start := time.Now()
	if err := callerIdentity(t, cfg); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 60*time.Millisecond {
		t.Errorf("call took %v, want at least the injected 60ms", d)
	}
}

func TestDropClosesTheConnection(t *testing.T) {
	_, cfg, h := startHooks(t)
	h.inject(`{"kind":"drop","count":1}`)
	err := callerIdentity(t, cfg)
	if err == nil {
		t.Fatal("want a transport error")
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		t.Errorf("err = %v, want a transport error, not an AWS answer", err)
	}
	if err := callerIdentity(t, cfg); err != nil {
		t.Errorf("next call: %v, want success", err)
	}
}

func TestProbabilityFiresForAShareOfCalls(t *testing.T) {
	_, cfg, h := startHooks(t, fakeaws.WithSeed(42))
	h.inject(`{"kind":"500","probability":0.5}`)
	failed := 0
	const n = 100
	for range n {
		if callerIdentity(t, cfg) != nil {
			failed++
		}
	}
	if failed < 25 || failed > 75 {
		t.Errorf("%d of %d calls failed, want about half", failed, n)
	}
}

func TestRejectsUnknownFaultKind(t *testing.T) {
	_, _, h := startHooks(t)
	for _, body := range []string{`{"kind":"explode"}`, `{"kind":"latency","latency":"soon"}`, `not json`} {
		if status, _ := h.do(http.MethodPost, "/_devcloud/faults", body); status != http.StatusBadRequest {
			t.Errorf("POST faults %s: status %d, want 400", body, status)
		}
	}
}

func TestClockAdvance(t *testing.T) {
	srv, _, h := startHooks(t)
	before := srv.Clock().Now()
	status, body := h.do(http.MethodPost, "/_devcloud/clock/advance?by=90m", "")
	if status != http.StatusOK {
		t.Fatalf("advance: %d %s", status, body)
	}
	want := before.Add(90 * time.Minute)
	if got := srv.Clock().Now(); !got.Equal(want) {
		t.Errorf("now = %v, want %v", got, want)
	}
	var out struct{ Now time.Time }
	if err := json.Unmarshal([]byte(body), &out); err != nil || !out.Now.Equal(want) {
		t.Errorf("body %s, want now %v", body, want)
	}
	for _, bad := range []string{"", "?by=-1m", "?by=soon"} {
		if status, _ := h.do(http.MethodPost, "/_devcloud/clock/advance"+bad, ""); status != http.StatusBadRequest {
			t.Errorf("advance%s: status %d, want 400", bad, status)
		}
	}
}

// Each protocol answers throttling with its own code: EC2
// RequestLimitExceeded, Query services (IAM, STS) Throttling, JSON services
// (CloudWatch Logs) ThrottlingException.
func TestThrottleCodePerProtocol(t *testing.T) {
	_, cfg, h := startHooks(t)
	h.inject(`{"kind":"throttle"}`)
	_, err := iam.NewFromConfig(cfg).GetRole(t.Context(), &iam.GetRoleInput{RoleName: aws.String("r")})
	if code, status := apiError(t, err); code != "Throttling" || status != http.StatusBadRequest {
		t.Errorf("iam: %s %d, want Throttling 400", code, status)
	}
	_, err = cloudwatchlogs.NewFromConfig(cfg).DescribeLogGroups(t.Context(), &cloudwatchlogs.DescribeLogGroupsInput{})
	if code, status := apiError(t, err); code != "ThrottlingException" || status != http.StatusBadRequest {
		t.Errorf("logs: %s %d, want ThrottlingException 400", code, status)
	}
	_, err = ec2.NewFromConfig(cfg).DescribeVpcs(t.Context(), &ec2.DescribeVpcsInput{})
	if code, status := apiError(t, err); code != "RequestLimitExceeded" || status != http.StatusBadRequest {
		t.Errorf("ec2: %s %d, want RequestLimitExceeded 400", code, status)
	}
	if got := h.calls(); got["iam:GetRole"] != 1 || got["logs:DescribeLogGroups"] != 1 || got["ec2:DescribeVpcs"] != 1 {
		t.Errorf("calls = %v", got)
	}
}
