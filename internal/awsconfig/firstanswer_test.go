package awsconfig_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/everruns/reconciler/internal/awsconfig"
)

// get sends one GET through the client cfg's SDK clients would use.
func get(t *testing.T, cfg aws.Config, url string) (string, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := cfg.HTTPClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}

// An endpoint that accepts and never answers: the request gives up once
// the bound has passed, with an error that says what to check, instead
// of waiting for ever.
func TestNoFirstAnswerIsAnAccessError(t *testing.T) {
	never := make(chan struct{})
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-never:
		case <-r.Context().Done():
		}
	}))
	defer hs.Close()
	defer close(never)
	cfg := aws.Config{Region: "eu-west-1"}
	awsconfig.BoundFirstAnswer(&cfg, 20*time.Millisecond)
	_, err := get(t, cfg, hs.URL)
	var access *awsconfig.AccessError
	if !errors.As(err, &access) {
		t.Fatalf("err = %v, want an *AccessError", err)
	}
	if !strings.Contains(access.Error(), "no answer from "+hs.URL) || !strings.Contains(access.Error(), "AWS_REGION (eu-west-1)") {
		t.Errorf("error = %q, want it to name the endpoint and the region", access.Error())
	}
}

// Once AWS has answered anything, a request is never cut by the bound,
// neither one sent later nor one that was already waiting: the bound is
// about reaching AWS, and some calls take long.
func TestAfterTheFirstAnswerNothingIsCut(t *testing.T) {
	release, arrived := make(chan struct{}), make(chan struct{}, 2)
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			arrived <- struct{}{}
			<-release
		}
		_, _ = io.WriteString(w, r.URL.Path)
	}))
	defer hs.Close()
	const within = 20 * time.Millisecond
	cfg := aws.Config{Region: "eu-west-1"}
	awsconfig.BoundFirstAnswer(&cfg, within)

	waiting := make(chan error, 1)
	go func() {
		_, err := get(t, cfg, hs.URL+"/slow") // sent first: starts the bound
		waiting <- err
	}()
	<-arrived
	if body, err := get(t, cfg, hs.URL+"/fast"); err != nil || body != "/fast" {
		t.Fatalf("first answer: %q, %v", body, err)
	}
	time.Sleep(5 * within) // the bound passes, with an answer in hand
	late := make(chan error, 1)
	go func() {
		_, err := get(t, cfg, hs.URL+"/slow")
		late <- err
	}()
	time.Sleep(5 * within)
	close(release)
	if err := <-waiting; err != nil {
		t.Errorf("a request waiting when AWS first answered was cut: %v", err)
	}
	if err := <-late; err != nil {
		t.Errorf("a request sent after the first answer was cut: %v", err)
	}
}
