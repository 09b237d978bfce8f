package webhook

import "github.com/prometheus/client_golang/prometheus"

// Results, the values of the result label and of what a delivery did.
const (
	ResultTriggered        = "triggered"          // push to the tracked branch: OnPush called (202)
	ResultIgnored          = "ignored"            // another event, branch, or a branch deletion (202)
	ResultPong             = "pong"               // ping (200)
	ResultDuplicate        = "duplicate"          // a delivery ID already handled (202)
	ResultUnauthorized     = "unauthorized"       // missing or wrong signature (401)
	ResultBadRequest       = "bad_request"        // signed, but the body does not parse (400)
	ResultTooLarge         = "too_large"          // body over the limit (413)
	ResultMethodNotAllowed = "method_not_allowed" // not a POST (405)
)

// eventLabel bounds the event label to a few values: the X-GitHub-Event
// header of a request that failed authentication is the sender's choice and
// must not mint label values.
func eventLabel(event string, authenticated bool) string {
	switch {
	case !authenticated:
		return "unknown"
	case event == "push" || event == "ping":
		return event
	default:
		return "other"
	}
}

func newDeliveries(reg prometheus.Registerer) (*prometheus.CounterVec, error) {
	c := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "reconciler_webhook_deliveries_total",
		Help: "GitHub webhook deliveries by event (push, ping, other, unknown when unauthenticated) and result.",
	}, []string{"event", "result"})
	if reg == nil {
		return c, nil
	}
	return c, reg.Register(c)
}
