// Package webhook receives GitHub webhooks: it authenticates each delivery
// by its HMAC-SHA256 signature over the raw body before reading anything in
// it, answers at once, and hands a push to the tracked branch to a function
// that must not block (the daemon coalesces triggers into passes). It
// follows Flux's notification-controller receiver: verify, then parse, then
// hand the work elsewhere.
package webhook

import (
	"context"
	"errors"
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"
)

// Path is where the daemon serves the handler.
const Path = "/hooks/github"

// MaxBody is GitHub's cap on a delivery's payload, 25 MiB: GitHub does not
// send larger ones, so anything larger is not GitHub.
const MaxBody = 25 << 20

// Config is what a Handler needs. Secret, Branch and OnPush are required.
type Config struct {
	Secret []byte // the webhook's secret (ReadSecretFile)
	Branch string // the tracked branch, without refs/heads/
	// OnPush is called for each new, authenticated push to the tracked
	// branch. It runs in the request's goroutine and must return at once
	// (signal a channel, call Daemon.Trigger); ctx is not cancelled when the
	// response is sent, so it may be handed to work started in a goroutine.
	OnPush func(ctx context.Context, p Push)
	Logger *zap.Logger
	// Registerer receives reconciler_webhook_deliveries_total (nil: not
	// registered).
	Registerer prometheus.Registerer
	// MaxBody caps the body (default MaxBody); Dedup is how many recent
	// delivery IDs are remembered (default 1024).
	MaxBody int64
	Dedup   int
}

// Handler serves POST /hooks/github.
type Handler struct {
	cfg        Config
	seen       *recentIDs
	deliveries *prometheus.CounterVec
}

// New checks cfg, fills its defaults and registers the metric.
func New(cfg Config) (*Handler, error) {
	if len(cfg.Secret) == 0 || cfg.Branch == "" || cfg.OnPush == nil {
		return nil, errors.New("webhook: Secret, Branch and OnPush are required")
	}
	if cfg.Logger == nil {
		cfg.Logger = zap.NewNop()
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = MaxBody
	}
	if cfg.Dedup <= 0 {
		cfg.Dedup = 1024
	}
	deliveries, err := newDeliveries(cfg.Registerer)
	if err != nil {
		return nil, fmt.Errorf("webhook: register metrics: %w", err)
	}
	return &Handler{cfg: cfg, seen: newRecentIDs(cfg.Dedup), deliveries: deliveries}, nil
}
