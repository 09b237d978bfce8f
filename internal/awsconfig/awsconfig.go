// Package awsconfig builds the one aws.Config every AWS client of the
// reconciler uses: the SDK's standard credential and region chain (so
// AWS_ENDPOINT_URL points it at a local fake with no special flag),
// adaptive retries with a bounded number of attempts, client-side token
// buckets shaped like AWS's own (per service and API family) so a large
// environment cannot flood AWS, and per-call metrics.
package awsconfig

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/middleware"
	"go.uber.org/zap"

	"github.com/everruns/reconciler/internal/metrics"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// Options tune the client behaviour; the zero value takes the defaults.
type Options struct {
	// MaxAttempts bounds the attempts of one call, retries included (default 5).
	MaxAttempts int
	// Limiter paces call attempts (default AWSShaped: AWS's own token
	// buckets per service and API family).
	Limiter Limiter
	// Metrics, if set, counts every attempt by service, operation and code.
	Metrics *metrics.Metrics
	// DefaultRegion is used when the standard chain names no region (the
	// environment file says where the environment lives).
	DefaultRegion string
	// Backoff replaces the SDK's jittered exponential backoff (tests use a
	// zero delay so that retries cost no wall time).
	Backoff retry.BackoffDelayer
	// Logger, if set, receives the SDK's own log lines (default: the SDK
	// prints them to stderr, which breaks a JSON log).
	Logger *zap.Logger
}

func (o *Options) defaults() {
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 5
	}
	if o.Limiter == nil {
		o.Limiter = NewAWSShaped()
	}
}

// AppID names the reconciler in the User-Agent of every call it makes
// ("app/everruns-reconciler"), so CloudTrail, and the tests' fake, tell
// its calls from a person's.
const AppID = "everruns-reconciler"

// Load returns the configuration from the standard chain with the
// reconciler's retry, rate limit and metrics.
func Load(ctx context.Context, opts Options) (aws.Config, error) {
	opts.defaults()
	loadOpts := []func(*config.LoadOptions) error{config.WithRetryer(retryer(opts))}
	if opts.Logger != nil {
		loadOpts = append(loadOpts, config.WithLogger(SDKLogger(opts.Logger)))
	} else {
		loadOpts = append(loadOpts, config.WithLogger(withoutIMDSFallback{logging.NewStandardLogger(os.Stderr)}))
	}
	cfg, err := config.LoadDefaultConfig(ctx, loadOpts...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("load AWS configuration: %w", err)
	}
	// Wrapped after loading: the loader adds a custom CA bundle only to the
	// SDK's own client type.
	cfg.HTTPClient = guard(cfg.HTTPClient)
	cfg.AppID = AppID
	if cfg.Region == "" {
		cfg.Region = opts.DefaultRegion
	}
	if cfg.Region == "" {
		return aws.Config{}, errors.New("load AWS configuration: no region: set AWS_REGION or a profile's region")
	}
	Instrument(&cfg, opts.Limiter, opts.Metrics)
	return cfg, nil
}

// retryer is adaptive, with opts' attempts and backoff.
func retryer(opts Options) func() aws.Retryer {
	return func() aws.Retryer {
		return retry.NewAdaptiveMode(func(a *retry.AdaptiveModeOptions) {
			a.StandardOptions = append(a.StandardOptions, func(s *retry.StandardOptions) {
				s.MaxAttempts = opts.MaxAttempts
				if opts.Backoff != nil {
					s.Backoff = opts.Backoff
				}
				// First, so that it wins over the SDK's rule that retries
				// every dial error.
				s.Retryables = append([]retry.IsErrorRetryable{notRetryingUnreachable}, s.Retryables...)
			})
		})
	}
}

// notRetryingUnreachable stops the SDK from retrying a call whose endpoint
// cannot be connected to (connection refused, a name that does not
// resolve) or that found no credentials: the request never left, the next
// attempt fails the same way after a backoff, and a person waits 15 s to
// learn it. The daemon's next pass tries again.
var notRetryingUnreachable = retry.IsErrorRetryableFunc(func(err error) aws.Ternary {
	var access *AccessError // already judged: AWS is out of reach
	if Unreachable(err) || MissingCredentials(err) || errors.As(err, &access) {
		return aws.FalseTernary
	}
	return aws.UnknownTernary
})

// Instrument adds the rate limit, the metrics and the mutation guard
// (GuardMutations) to every client built from cfg. All run per attempt
// (after the retry middleware), since each attempt is a request AWS counts.
func Instrument(cfg *aws.Config, limiter Limiter, m *metrics.Metrics) {
	cfg.APIOptions = append(cfg.APIOptions, func(stack *middleware.Stack) error {
		if err := stack.Initialize.Add(countAttempts, middleware.Before); err != nil {
			return err
		}
		if err := stack.Initialize.Add(explainAccess(cfg.Region), middleware.Before); err != nil {
			return err
		}
		return stack.Finalize.Add(attemptMiddleware(limiter, m), middleware.After)
	})
	GuardMutations(cfg) // after the limiter's wait: checked right before sending
}

// attemptsKey holds, in a call's context, the number of attempts made so
// far: every attempt after the first is a retry of the SDK's retryer.
type attemptsKey struct{}

// explainAccess marks a call's final error (it runs outside the retry
// loop) for the engine:
//   - one that says AWS cannot be reached at all (Explain) becomes its
//     *AccessError, marked reconcile.Fatal: the engine stops the pass at
//     the first one instead of reporting it once per kind;
//   - one the SDK's retryer already retried until it gave up (its attempts
//     or its retry quota spent) is marked reconcile.Terminal: the engine's
//     own retries would multiply the SDK's (5 × 5 attempts), and the next
//     pass asks again anyway.
func explainAccess(region string) middleware.InitializeMiddleware {
	return middleware.InitializeMiddlewareFunc("ReconcilerExplainAccess", func(
		ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler,
	) (middleware.InitializeOutput, middleware.Metadata, error) {
		out, md, err := next.HandleInitialize(ctx, in)
		switch explained := Explain(err, region); {
		case explained != nil:
			err = reconcile.Fatal(explained)
		case retriesSpent(err):
			err = reconcile.Terminal(err)
		}
		return out, md, err
	})
}

// retriesSpent reports whether the SDK's retryer gave up on err.
func retriesSpent(err error) bool {
	var attempts *retry.MaxAttemptsError
	var quota ratelimit.QuotaExceededError
	var quotaPtr *ratelimit.QuotaExceededError
	return errors.As(err, &attempts) || errors.As(err, &quota) || errors.As(err, &quotaPtr)
}

var countAttempts = middleware.InitializeMiddlewareFunc("ReconcilerCountAttempts", func(
	ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler,
) (middleware.InitializeOutput, middleware.Metadata, error) {
	return next.HandleInitialize(context.WithValue(ctx, attemptsKey{}, new(int)), in)
})

func attemptMiddleware(limiter Limiter, m *metrics.Metrics) middleware.FinalizeMiddleware {
	return middleware.FinalizeMiddlewareFunc("ReconcilerAttempt", func(
		ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler,
	) (middleware.FinalizeOutput, middleware.Metadata, error) {
		service, op := awsmiddleware.GetServiceID(ctx), awsmiddleware.GetOperationName(ctx)
		if limiter != nil {
			if err := limiter.Wait(ctx, service, op); err != nil {
				return middleware.FinalizeOutput{}, middleware.Metadata{}, fmt.Errorf("client-side rate limit: %w", err)
			}
		}
		start := time.Now()
		out, md, err := next.HandleFinalize(ctx, in)
		if m != nil && !errors.Is(err, reconcile.ErrGuard) { // a refused attempt was never sent
			label := ServiceLabel(service)
			m.AWSCalls.WithLabelValues(label, op, ErrorCode(err)).Inc()
			m.AWSLatency.WithLabelValues(label, op).Observe(time.Since(start).Seconds())
			if n, ok := ctx.Value(attemptsKey{}).(*int); ok {
				if *n++; *n > 1 {
					m.AWSRetries.WithLabelValues(label).Inc()
				}
			}
		}
		return out, md, err
	})
}

// ErrorCode is the AWS error code of err, "" for nil, or "transport" for an
// error that never reached AWS's error format (a dropped connection).
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode()
	}
	return "transport"
}
