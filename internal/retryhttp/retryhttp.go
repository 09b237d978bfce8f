// Package retryhttp is an http.RoundTripper that retries what a busy or
// briefly broken web service answers: rate limits (429, or 403 with
// GitHub's rate-limit headers), 5xx and timeouts, with exponential
// back-off that honours Retry-After and X-RateLimit-Reset. The GitHub
// client and the notification sender share it: neither may put its
// service on the critical path of a pass, and both count their failures.
package retryhttp

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"
)

// Transport retries requests. The zero value of each field has a default.
type Transport struct {
	Base http.RoundTripper
	// Attempts is how many times a request is sent at most (default 4).
	Attempts int
	// MinWait and MaxWait bound the back-off between attempts (defaults 1s
	// and 60s); a server's Retry-After is honoured up to MaxWait.
	MinWait, MaxWait time.Duration
	// Timeout bounds each attempt, the body read included (default 15s).
	Timeout time.Duration
	// OnFailure is called for every failed attempt (a transport error or an
	// answer of 4xx or 5xx), with a short reason: the caller's counter.
	OnFailure func(reason string)
	// Sleep waits d or until ctx ends (default a timer): tests replace it.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is the clock that X-RateLimit-Reset is read against.
	Now func() time.Time
}

// RoundTrip sends req, again while the answer says to retry later.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	attempts := t.Attempts
	if attempts <= 0 {
		attempts = 4
	}
	for attempt := 1; ; attempt++ {
		resp, err := t.once(req, attempt)
		wait, retry, reason := t.classify(req, resp, err, attempt)
		if reason != "" && t.OnFailure != nil {
			t.OnFailure(reason)
		}
		if !retry || attempt >= attempts {
			return resp, err
		}
		if resp != nil {
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
			_ = resp.Body.Close()
		}
		if err := t.sleep(req.Context(), wait); err != nil {
			return nil, err
		}
	}
}

// once sends one attempt under its own timeout; the timeout's cancel runs
// when the caller closes the body, so reading it is covered too.
func (t *Transport) once(req *http.Request, attempt int) (*http.Response, error) {
	timeout := t.Timeout
	if timeout <= 0 {
		timeout = 15 * time.Second
	}
	ctx, cancel := context.WithTimeout(req.Context(), timeout)
	r := req.Clone(ctx)
	if attempt > 1 && req.Body != nil {
		if req.GetBody == nil {
			cancel()
			return nil, errors.New("retryhttp: a request body that cannot be sent again")
		}
		body, err := req.GetBody()
		if err != nil {
			cancel()
			return nil, err
		}
		r.Body = body
	}
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	resp, err := base.RoundTrip(r)
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c *cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}

// classify says whether to retry, after how long, and why the attempt
// failed ("" when it did not).
func (t *Transport) classify(req *http.Request, resp *http.Response, err error, attempt int) (time.Duration, bool, string) {
	backoff := t.backoff(attempt)
	switch {
	case err != nil && req.Context().Err() != nil:
		return 0, false, "cancelled"
	case err != nil:
		return backoff, true, "transport"
	case resp.StatusCode == http.StatusTooManyRequests:
		return t.serverWait(resp, backoff), true, "rate_limited"
	case resp.StatusCode == http.StatusForbidden && rateLimited(resp):
		return t.serverWait(resp, backoff), true, "rate_limited"
	case resp.StatusCode >= 500:
		return t.serverWait(resp, backoff), true, "server_error"
	case resp.StatusCode >= 400:
		return 0, false, "client_error"
	}
	return 0, false, ""
}

// rateLimited tells GitHub's rate-limit 403 (primary: no requests left;
// secondary: Retry-After) from a 403 that means "not allowed".
func rateLimited(resp *http.Response) bool {
	return resp.Header.Get("Retry-After") != "" || resp.Header.Get("X-RateLimit-Remaining") == "0"
}

func (t *Transport) backoff(attempt int) time.Duration {
	minWait, maxWait := t.bounds()
	d := minWait
	for i := 1; i < attempt && d < maxWait; i++ {
		d *= 2
	}
	return min(d, maxWait)
}

func (t *Transport) bounds() (time.Duration, time.Duration) {
	minWait, maxWait := t.MinWait, t.MaxWait
	if minWait <= 0 {
		minWait = time.Second
	}
	if maxWait <= 0 {
		maxWait = time.Minute
	}
	return min(minWait, maxWait), maxWait
}

// serverWait is what the server asks for (Retry-After in seconds, or the
// rate limit's reset time), else the back-off; never more than MaxWait.
func (t *Transport) serverWait(resp *http.Response, backoff time.Duration) time.Duration {
	_, maxWait := t.bounds()
	if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s >= 0 {
		return min(time.Duration(s)*time.Second, maxWait)
	}
	if resp.Header.Get("X-RateLimit-Remaining") == "0" {
		if reset, err := strconv.ParseInt(resp.Header.Get("X-RateLimit-Reset"), 10, 64); err == nil {
			now := time.Now
			if t.Now != nil {
				now = t.Now
			}
			if d := time.Unix(reset, 0).Sub(now()); d > 0 {
				return min(d, maxWait)
			}
		}
	}
	return backoff
}

func (t *Transport) sleep(ctx context.Context, d time.Duration) error {
	if t.Sleep != nil {
		return t.Sleep(ctx, d)
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}
