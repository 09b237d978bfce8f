package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"go.uber.org/zap"

	"github.com/everruns/reconciler/internal/retryhttp"
	"github.com/everruns/reconciler/pkg/desired"
)

// Format is the body a target receives.
type Format string

const (
	// FormatSlack is an incoming-webhook message: {"text", "blocks"}
	// (Slack, Mattermost, Rocket.Chat and the like).
	FormatSlack Format = "slack"
	// FormatJSON is the event itself: {"event", "incident", "at", …}.
	FormatJSON Format = "json"
)

// ParseFormat checks a --notify-format value.
func ParseFormat(s string) (Format, error) {
	switch Format(s) {
	case FormatSlack, FormatJSON:
		return Format(s), nil
	}
	return "", fmt.Errorf("--notify-format must be slack or json, not %q", s)
}

// Limits on what one message holds: Slack truncates a section's text at
// 3,000 characters, and no target needs more than a page.
const (
	maxText    = 2900
	maxDetails = 20
	maxBody    = 16 << 10
)

// SenderConfig configures a Sender.
type SenderConfig struct {
	URLs   []string
	Format Format
	// Link, when set, is added to every message (the daemon's /drift).
	Link string
	// OnFailure counts each failed delivery attempt
	// (reconciler_notify_errors_total).
	OnFailure func(reason string)
	// Retry tunes the retries (nil: the defaults).
	Retry *retryhttp.Transport
	// Queue bounds the events waiting (default 256); a full queue drops
	// the newest, counted.
	Queue int
	Log   *zap.Logger
}

// Sender delivers events in the background, so that a slow or failing
// target never holds up a pass.
type Sender struct {
	cfg    SenderConfig
	client *http.Client
	queue  chan Event
}

// NewSender returns a sender; Run delivers.
func NewSender(cfg SenderConfig) *Sender {
	if cfg.Queue <= 0 {
		cfg.Queue = 256
	}
	if cfg.Log == nil {
		cfg.Log = zap.NewNop()
	}
	rt := &retryhttp.Transport{}
	if cfg.Retry != nil {
		rt = cfg.Retry
	}
	rt.OnFailure = cfg.OnFailure
	return &Sender{cfg: cfg, client: &http.Client{Transport: rt}, queue: make(chan Event, cfg.Queue)}
}

// Enqueue asks for ev to be delivered; it never blocks.
func (s *Sender) Enqueue(ev Event) {
	select {
	case s.queue <- ev:
	default:
		if s.cfg.OnFailure != nil {
			s.cfg.OnFailure("queue_full")
		}
		s.cfg.Log.Warn("notification dropped: the queue is full", zap.String("incident", ev.Incident.Key))
	}
}

// Pending is how many events wait to be delivered.
func (s *Sender) Pending() int { return len(s.queue) }

// Run delivers queued events until ctx ends.
func (s *Sender) Run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case ev := <-s.queue:
			for _, u := range s.cfg.URLs {
				if err := s.Send(ctx, u, ev); err != nil {
					s.cfg.Log.Warn("notification not delivered", zap.String("incident", ev.Incident.Key),
						zap.String("event", string(ev.Type)), zap.Error(err))
				}
			}
		}
	}
}

// Send delivers ev to url now, retrying as the transport does.
func (s *Sender) Send(ctx context.Context, url string, ev Event) error {
	body, err := Body(s.cfg.Format, ev, s.cfg.Link)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("notification request: %w", redactErr(err))
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.client.Do(req)
	if err != nil {
		// The URL of an incoming webhook is itself a secret: keep it out.
		return fmt.Errorf("post the notification: %w", redactErr(err))
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode >= 300 {
		return fmt.Errorf("post the notification: the target answered %s", resp.Status)
	}
	return nil
}

// redactErr drops the URL from a transport error (*url.Error names it).
func redactErr(err error) error {
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 && strings.Contains(msg[:i], "http") {
		msg = msg[i+2:]
	}
	return fmt.Errorf("%s", msg)
}

// Body is ev rendered for format: bounded (maxBody bytes at most, each
// text cut on a rune boundary), and with every credential-shaped value
// redacted, whatever put it in a note or an error.
func Body(format Format, ev Event, link string) ([]byte, error) {
	ev = bounded(ev)
	var v any
	switch format {
	case FormatJSON:
		v = struct {
			Event
			Link string `json:"link,omitempty"`
		}{ev, link}
	default:
		text := Text(ev, link)
		v = map[string]any{"text": headline(ev), "blocks": []any{
			map[string]any{"type": "section", "text": map[string]any{"type": "mrkdwn", "text": text}},
		}}
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode the notification: %w", err)
	}
	if len(b) > maxBody && len(ev.Incident.Details) > 0 { // never expected with the limits above
		ev.Incident.Details = ev.Incident.Details[:len(ev.Incident.Details)/2]
		return Body(format, ev, link)
	}
	return b, nil
}

// bounded is ev redacted and cut to the limits.
func bounded(ev Event) Event {
	inc := ev.Incident
	inc.Summary = clip(desired.RedactCredentials(inc.Summary), 500)
	var details []string
	for i, d := range inc.Details {
		if i == maxDetails {
			details = append(details, fmt.Sprintf("… and %d more", len(inc.Details)-i))
			break
		}
		details = append(details, clip(desired.RedactCredentials(d), 500))
	}
	inc.Details = details
	if len(inc.Resources) > maxDetails {
		inc.Resources = append(inc.Resources[:maxDetails:maxDetails], fmt.Sprintf("… and %d more", len(inc.Resources)-maxDetails))
	}
	ev.Incident = inc
	ev.Resolution = clip(desired.RedactCredentials(ev.Resolution), 500)
	return ev
}

func headline(ev Event) string {
	switch ev.Type {
	case Resolved:
		return "Resolved: " + ev.Incident.Summary
	}
	return "Incident: " + ev.Incident.Summary
}

// Text is the message for people (Slack mrkdwn).
func Text(ev Event, link string) string {
	var b strings.Builder
	inc := ev.Incident
	if ev.Type == Resolved {
		fmt.Fprintf(&b, ":white_check_mark: *Resolved* (%s): %s\n%s after %s", inc.Kind, escape(inc.Summary),
			escape(ev.Resolution), ev.At.Sub(inc.Since).Round(time.Second))
	} else {
		fmt.Fprintf(&b, ":rotating_light: *Incident* (%s): %s\nsince %s", inc.Kind, escape(inc.Summary), inc.Since.UTC().Format(time.RFC3339))
	}
	if inc.Commit != "" {
		fmt.Fprintf(&b, "\ncommit `%s`", escape(inc.Commit))
	}
	if len(inc.Resources) > 0 {
		fmt.Fprintf(&b, "\nresources: %s", escape(strings.Join(inc.Resources, ", ")))
	}
	var suffix string
	if link != "" {
		suffix = fmt.Sprintf("\n<%s|details>", link)
	}
	head := clip(b.String(), maxText-len(suffix)-16)
	if ev.Type != Opened || len(inc.Details) == 0 {
		return head + suffix
	}
	// The details go in one code block, closed whatever is left out.
	budget := maxText - len(head) - len(suffix) - len("\n```\n```")
	var block strings.Builder
	for i, d := range inc.Details {
		line := strings.ReplaceAll(escape(d), "```", "'''") + "\n"
		if block.Len()+len(line) > budget {
			if more := fmt.Sprintf("… and %d more\n", len(inc.Details)-i); block.Len()+len(more) <= budget {
				block.WriteString(more)
			}
			break
		}
		block.WriteString(line)
	}
	return head + "\n```\n" + block.String() + "```" + suffix
}

// escape keeps Slack from reading a value as a link or a mention.
func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// clip cuts s to n bytes at most, on a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
