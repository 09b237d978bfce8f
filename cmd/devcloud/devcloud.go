package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"reflect"
	"sync"
	"time"

	"github.com/everruns/reconciler/internal/fakeaws"
	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// options are the command-line flags.
type options struct {
	addr  string
	seed  uint64
	scale float64
	quiet bool
	// enforceIAM judges role sessions' calls against their role's policies.
	enforceIAM bool
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("devcloud", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.addr, "addr", "127.0.0.1:4566", "listen address (port 0 picks a free port)")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of generated IDs and fault probabilities")
	fs.Float64Var(&o.scale, "timing-scale", 1, "multiply every asynchronous transition time (0: instant)")
	fs.BoolVar(&o.quiet, "quiet", false, "do not log each call")
	fs.BoolVar(&o.enforceIAM, "enforce-iam", false, "evaluate calls signed with credentials of an STS AssumeRole session against the role's policies "+
		"(denials answer AccessDenied/UnauthorizedOperation and are listed at GET /_devcloud/iam/denials); other credentials are the account's root")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if o.scale < 0 {
		return o, fmt.Errorf("-timing-scale must not be negative, got %g", o.scale)
	}
	return o, nil
}

// run serves the fake until ctx is done, then shuts down gracefully.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	d, err := start(o, stdout, stderr)
	if err != nil {
		return err
	}
	<-ctx.Done()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return d.shutdown(shutdownCtx)
}

// daemon is a listening devcloud.
type daemon struct {
	addr string
	srv  *http.Server
	done chan error
}

// start listens on o.addr, prints the environment a client needs and serves
// in the background.
func start(o options, stdout, stderr io.Writer) (*daemon, error) {
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	opts := []fakeaws.Option{
		fakeaws.WithClock(core.NewLiveClock()),
		fakeaws.WithTiming(scaleTiming(core.DefaultTiming(), o.scale)),
		fakeaws.WithSeed(o.seed),
	}
	if o.enforceIAM {
		opts = append(opts, fakeaws.WithEnforceIAM())
	}
	if !o.quiet {
		var mu sync.Mutex // calls are served concurrently; keep lines whole
		opts = append(opts, fakeaws.WithCallLog(func(c fakeaws.Call) {
			mu.Lock()
			defer mu.Unlock()
			fmt.Fprintf(stderr, "%s:%s %d %s\n", c.Service, c.Operation, c.Status, c.Duration.Round(time.Microsecond))
		}))
	}
	d := &daemon{
		addr: ln.Addr().String(),
		srv:  &http.Server{Handler: fakeaws.New(opts...), ReadHeaderTimeout: 10 * time.Second},
		done: make(chan error, 1),
	}
	// AWS_DEFAULT_REGION too: AWS CLI v1 reads only that one ("You must
	// specify a region"), v2 and the SDKs read AWS_REGION first.
	fmt.Fprintf(stdout, "export AWS_ENDPOINT_URL=http://%s\n", d.addr)
	fmt.Fprintln(stdout, "export "+exportLine)
	go func() { d.done <- d.srv.Serve(ln) }()
	return d, nil
}

// exportLine is the region and credentials devcloud prints for a shell;
// the README's walkthrough shows the same keys.
const exportLine = "AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 AWS_ACCESS_KEY_ID=AKIDEVCLOUD AWS_SECRET_ACCESS_KEY=devcloud"

// shutdown stops accepting calls and waits for those in flight.
func (d *daemon) shutdown(ctx context.Context) error {
	err := d.srv.Shutdown(ctx)
	if serveErr := <-d.done; !errors.Is(serveErr, http.ErrServerClosed) {
		return serveErr
	}
	return err
}

// scaleTiming multiplies every duration of t by k. It walks the fields by
// reflection so that a transition added to core.Timing later is scaled too.
func scaleTiming(t core.Timing, k float64) core.Timing {
	v := reflect.ValueOf(&t).Elem()
	durType := reflect.TypeOf(time.Duration(0))
	for i := 0; i < v.NumField(); i++ {
		if f := v.Field(i); f.Type() == durType {
			f.SetInt(int64(float64(f.Int()) * k))
		}
	}
	return t
}
