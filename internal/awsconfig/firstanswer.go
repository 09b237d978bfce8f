package awsconfig

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
)

// FirstAnswerWithin is how long a command waits for AWS's first answer.
// A person is waiting: an endpoint that drops packets (a firewall, a
// private endpoint out of reach) would otherwise hold every call for the
// SDK's 30 s connect timeout, and one that accepts and never answers, for
// ever.
const FirstAnswerWithin = 5 * time.Second

// errNoAnswer is the cause a request is cancelled with when AWS has
// answered nothing in time.
var errNoAnswer = errors.New("no answer from AWS in time")

// BoundFirstAnswer makes the clients built from cfg give up, with an
// *AccessError, on every request still waiting once within has passed
// since the first request was sent without any answer from AWS. Once AWS
// has answered (any status), requests are left alone, however long they
// take: the bound is about reaching AWS at all, in place of a call made
// only to check that (the pass's own first calls do it).
func BoundFirstAnswer(cfg *aws.Config, within time.Duration) {
	next := cfg.HTTPClient
	if next == nil {
		next = awshttp.NewBuildableClient()
	}
	cfg.HTTPClient = &firstAnswer{next: next, within: within, region: cfg.Region,
		expired: make(chan struct{}), answered: make(chan struct{})}
}

type firstAnswer struct {
	next   aws.HTTPClient
	within time.Duration
	region string

	start      sync.Once
	expired    chan struct{} // closed once within passed with no answer
	answerOnce sync.Once
	answered   chan struct{} // closed at the first answer
}

func (c *firstAnswer) Do(r *http.Request) (*http.Response, error) {
	select {
	case <-c.answered:
		return c.next.Do(r)
	default:
	}
	c.start.Do(func() {
		go func() {
			t := time.NewTimer(c.within)
			defer t.Stop()
			select {
			case <-t.C:
				close(c.expired)
			case <-c.answered:
			}
		}()
	})
	ctx, cancel := context.WithCancelCause(r.Context())
	sent := make(chan struct{})
	go func() {
		select {
		case <-c.expired:
			cancel(errNoAnswer)
		case <-c.answered:
		case <-sent:
		}
	}()
	resp, err := c.next.Do(r.WithContext(ctx))
	close(sent)
	if err != nil {
		cancel(nil)
		if errors.Is(context.Cause(ctx), errNoAnswer) {
			return nil, &AccessError{
				Cause: fmt.Sprintf("no answer from %s within %s", endpointOf(r.URL.String()), c.within),
				Fix:   fmt.Sprintf("check the network, AWS_REGION (%s) and AWS_ENDPOINT_URL", c.region),
				Err:   err,
			}
		}
		return nil, err
	}
	c.answerOnce.Do(func() { close(c.answered) })
	resp.Body = cancelOnClose{ReadCloser: resp.Body, cancel: func() { cancel(nil) }}
	return resp, nil
}

// cancelOnClose releases the request's context once its body is done.
type cancelOnClose struct {
	io.ReadCloser
	cancel func()
}

func (b cancelOnClose) Close() error {
	defer b.cancel()
	return b.ReadCloser.Close()
}
