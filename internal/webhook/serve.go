package webhook

import (
	"context"
	"errors"
	"io"
	"net/http"

	"go.uber.org/zap"
)

// delivery is one request as the handler sees it once it is authenticated.
type delivery struct {
	id, event, contentType string
	body                   []byte
}

// ServeHTTP authenticates the delivery, then answers by its event. A
// signature header of the wrong shape is refused before the body is read;
// otherwise the body (at most MaxBody) is read and its HMAC checked. Nothing
// from the body reaches a log: a log line carries the delivery ID, the
// event, the result, and for a push the ref and commit.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		h.reply(w, "unknown", ResultMethodNotAllowed, http.StatusMethodNotAllowed)
		return
	}
	digest, ok := parseSignature(r.Header.Get("X-Hub-Signature-256"))
	if !ok {
		h.unauthorized(w, r)
		return
	}
	body, status := h.readBody(w, r)
	if status != 0 {
		result := ResultBadRequest
		if status == http.StatusRequestEntityTooLarge {
			result = ResultTooLarge
		}
		h.reply(w, "unknown", result, status)
		return
	}
	if !validSignature(h.cfg.Secret, body, digest) {
		h.unauthorized(w, r)
		return
	}
	d := delivery{id: r.Header.Get("X-GitHub-Delivery"), event: r.Header.Get("X-GitHub-Event"),
		contentType: r.Header.Get("Content-Type"), body: body}
	result, status := h.dispatch(context.WithoutCancel(r.Context()), d)
	h.cfg.Logger.Info("webhook delivery", zap.String("delivery", d.id), zap.String("event", d.event), zap.String("result", result))
	h.reply(w, eventLabel(d.event, true), result, status)
}

func (h *Handler) unauthorized(w http.ResponseWriter, r *http.Request) {
	h.cfg.Logger.Warn("webhook delivery refused: bad or missing signature", zap.String("remote", r.RemoteAddr))
	h.reply(w, "unknown", ResultUnauthorized, http.StatusUnauthorized)
}

// readBody reads at most MaxBody bytes; a status other than 0 says why it
// could not.
func (h *Handler) readBody(w http.ResponseWriter, r *http.Request) ([]byte, int) {
	if r.ContentLength > h.cfg.MaxBody {
		return nil, http.StatusRequestEntityTooLarge
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.cfg.MaxBody))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return nil, http.StatusRequestEntityTooLarge
	case err != nil:
		return nil, http.StatusBadRequest
	}
	return body, 0
}

// dispatch acts on an authenticated delivery.
func (h *Handler) dispatch(ctx context.Context, d delivery) (result string, status int) {
	switch d.event {
	case "ping":
		return ResultPong, http.StatusOK
	case "push":
		return h.push(ctx, d)
	}
	return ResultIgnored, http.StatusAccepted
}

func (h *Handler) push(ctx context.Context, d delivery) (string, int) {
	p, err := parsePush(d.contentType, d.body)
	if err != nil {
		h.cfg.Logger.Warn("webhook push refused", zap.String("delivery", d.id), zap.Error(err))
		return ResultBadRequest, http.StatusBadRequest
	}
	if p.Ref != "refs/heads/"+h.cfg.Branch || p.Deleted {
		return ResultIgnored, http.StatusAccepted
	}
	// A push is acted on once per delivery ID. The ID is recorded only
	// here, once the push is read and about to be acted on: GitHub's
	// Redeliver keeps the ID, and a delivery refused before this point was
	// never acted on, so its redelivery must be.
	if d.id != "" && !h.seen.firstTime(d.id) {
		return ResultDuplicate, http.StatusAccepted
	}
	h.cfg.Logger.Info("webhook push to the tracked branch", zap.String("delivery", d.id),
		zap.String("ref", p.Ref), zap.String("after", p.After))
	h.cfg.OnPush(ctx, Push{Ref: p.Ref, After: p.After, DeliveryID: d.id})
	return ResultTriggered, http.StatusAccepted
}

// reply counts the delivery and writes a short plain-text answer.
func (h *Handler) reply(w http.ResponseWriter, event, result string, status int) {
	h.deliveries.WithLabelValues(event, result).Inc()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, result+"\n")
}
