package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/everruns/reconciler/internal/fakeaws/core"
	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
)

// The CLI contract (docs/architecture.md): devcloud -addr HOST:PORT serves
// every service on one endpoint, with GET /_devcloud/calls.
func TestStartServesCallsAndPrintsEnvironment(t *testing.T) {
	o, err := parseFlags([]string{"-addr", "127.0.0.1:0", "-timing-scale", "0"}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	var stdout bytes.Buffer
	stderr := &lockedBuffer{}
	d, err := start(o, &stdout, stderr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.shutdown(t.Context()) })

	endpoint := "http://" + d.addr
	if !strings.Contains(stdout.String(), "export AWS_ENDPOINT_URL="+endpoint+"\n") {
		t.Errorf("stdout lacks the endpoint export:\n%s", stdout.String())
	}
	// Both region keys: AWS CLI v1 reads only AWS_DEFAULT_REGION.
	if !strings.Contains(stdout.String(), "export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 AWS_ACCESS_KEY_ID=") {
		t.Errorf("stdout lacks the region and credentials export:\n%s", stdout.String())
	}
	if _, err := sts.NewFromConfig(fakeawstest.Config(endpoint)).GetCallerIdentity(t.Context(), &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatalf("GetCallerIdentity: %v", err)
	}

	resp, err := http.Get(endpoint + "/_devcloud/calls")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var calls map[string]int
	if err := json.NewDecoder(resp.Body).Decode(&calls); err != nil {
		t.Fatal(err)
	}
	if calls["sts:GetCallerIdentity"] != 1 {
		t.Errorf("calls = %v, want sts:GetCallerIdentity 1", calls)
	}
	// The line is written once the handler returns, which may be just after
	// the client has its answer: poll with a deadline.
	for deadline := time.Now().Add(5 * time.Second); !strings.HasPrefix(stderr.String(), "sts:GetCallerIdentity 200 "); {
		if time.Now().After(deadline) {
			t.Fatalf("call log = %q, want a line starting sts:GetCallerIdentity 200", stderr.String())
		}
		runtime.Gosched()
	}
}

// lockedBuffer is a bytes.Buffer safe for the server's goroutines.
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

func TestQuietLogsNothing(t *testing.T) {
	var stdout bytes.Buffer
	stderr := &lockedBuffer{}
	d, err := start(options{addr: "127.0.0.1:0", quiet: true}, &stdout, stderr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.shutdown(t.Context()) })
	if _, err := sts.NewFromConfig(fakeawstest.Config("http://"+d.addr)).GetCallerIdentity(t.Context(), &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatal(err)
	}
	if stderr.String() != "" {
		t.Errorf("stderr = %q, want nothing with -quiet", stderr.String())
	}
}

func TestTimingScale(t *testing.T) {
	got := scaleTiming(core.Timing{NATGateway: 4 * time.Second, DBInstance: time.Second}, 0.5)
	if got.NATGateway != 2*time.Second || got.DBInstance != 500*time.Millisecond {
		t.Errorf("scaled = %+v", got)
	}
	if zero := scaleTiming(core.DefaultTiming(), 0); zero != (core.Timing{}) {
		t.Errorf("scale 0 = %+v, want all zero", zero)
	}
}

func TestRejectsNegativeScale(t *testing.T) {
	if _, err := parseFlags([]string{"-timing-scale", "-1"}, &bytes.Buffer{}); err == nil {
		t.Error("want an error for a negative -timing-scale")
	}
}

// The README's walkthrough exports what devcloud prints: the same keys
// and values, so copying either works with AWS CLI v1 and v2.
func TestREADMEExportsWhatDevcloudPrints(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	want := "export AWS_ENDPOINT_URL=http://127.0.0.1:4566\nexport " + exportLine + "\n"
	if !strings.Contains(string(readme), want) {
		t.Errorf("README.md's walkthrough does not export what devcloud prints:\n%s", want)
	}
}
