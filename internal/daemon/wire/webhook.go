package wire

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"time"

	"go.uber.org/zap"

	"github.com/everruns/reconciler/internal/lease"
	"github.com/everruns/reconciler/internal/metrics"
	"github.com/everruns/reconciler/internal/source"
	"github.com/everruns/reconciler/internal/webhook"
)

// nudgeTimeout bounds the one DynamoDB call a webhook on a replica without
// the lease makes to hand the push to the holder.
const nudgeTimeout = 10 * time.Second

func (o WebhookOptions) enabled() bool { return o.SecretFile != "" || o.SecretEnv != "" }

// flag names the secret's flag that was given, for messages.
func (o WebhookOptions) flag() string {
	if o.SecretEnv != "" {
		return "--webhook-secret-env"
	}
	return "--webhook-secret-file"
}

// secret reads the secret; the error never carries it.
func (o WebhookOptions) secret() ([]byte, error) {
	if o.SecretFile != "" {
		return webhook.ReadSecretFile(o.SecretFile)
	}
	b := bytes.TrimRight([]byte(os.Getenv(o.SecretEnv)), "\r\n")
	if len(b) == 0 {
		return nil, fmt.Errorf("webhook secret: environment variable %s: %w", o.SecretEnv, errors.New("empty or unset"))
	}
	return b, nil
}

// triggers is what a push (a webhook) or a nudge (a push that reached
// another replica) sets off. The daemon, the git source and the lease are
// filled in as they are built; every method returns at once.
type triggers struct {
	ctx     context.Context // the daemon's: a nudge ends with it
	log     *zap.Logger
	trigger func(reason string)
	git     *source.Git  // nil for a file
	lease   *lease.Lease // nil without a lease table
}

// push is a push to the tracked branch: the git watch looks at the head
// now, a pass starts (coalesced with any pending), and a replica without
// the lease asks the holder for one, since only the holder acts.
func (t *triggers) push(reason string) {
	if t.git != nil {
		t.git.Refresh()
	}
	t.trigger(reason)
	if t.lease != nil && !t.lease.Held() {
		go t.nudge()
	}
}

// nudged is the holder's side: another replica received a push.
func (t *triggers) nudged() {
	if t.git != nil {
		t.git.Refresh()
	}
	t.trigger("nudge")
}

func (t *triggers) nudge() {
	ctx, cancel := context.WithTimeout(t.ctx, nudgeTimeout)
	defer cancel()
	if err := t.lease.Nudge(ctx); err != nil {
		t.log.Warn("could not hand the push to the lease holder; it passes at its next resync", zap.Error(err))
	}
}

// webhookRoutes serves the webhook (POST Path) when a secret is given
// (Check has refused one without a git source).
func webhookRoutes(o WebhookOptions, branch string, t *triggers, m *metrics.Metrics) (map[string]http.Handler, error) {
	if !o.enabled() {
		return nil, nil
	}
	secret, err := o.secret()
	if err != nil {
		return nil, err
	}
	h, err := webhook.New(webhook.Config{Secret: secret, Branch: branch, Logger: t.log.Named("webhook"),
		Registerer: m.Registry,
		OnPush:     func(context.Context, webhook.Push) { t.push("webhook") }})
	if err != nil {
		return nil, err
	}
	return map[string]http.Handler{o.Path: h}, nil
}
