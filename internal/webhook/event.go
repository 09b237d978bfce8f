package webhook

import (
	"encoding/json"
	"errors"
	"mime"
	"net/url"
	"regexp"
)

// Push is what the daemon needs from a push to the tracked branch.
type Push struct {
	Ref        string // refs/heads/<branch>
	After      string // the commit the branch now points to
	DeliveryID string // X-GitHub-Delivery, for logs
}

// commitID is a SHA-1 or SHA-256 object name, as "after" always is; a
// checked value is safe to log and to hand on.
var commitID = regexp.MustCompile(`^([0-9a-f]{40}|[0-9a-f]{64})$`)

// pushPayload is the part of GitHub's push event the handler reads; the rest
// of the (possibly large) body is skipped by the decoder.
type pushPayload struct {
	Ref     string `json:"ref"`
	After   string `json:"after"`
	Deleted bool   `json:"deleted"`
}

// eventJSON returns the event's JSON document. GitHub sends it as the body
// (content type application/json) or as the form field "payload"
// (application/x-www-form-urlencoded); the signature covers the raw body in
// both cases, so this runs only after it was checked.
func eventJSON(contentType string, body []byte) ([]byte, error) {
	mediaType, _, _ := mime.ParseMediaType(contentType)
	if mediaType != "application/x-www-form-urlencoded" {
		return body, nil
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, errors.New("form body does not parse")
	}
	payload := form.Get("payload")
	if payload == "" {
		return nil, errors.New("form body has no payload field")
	}
	return []byte(payload), nil
}

// parsePush decodes a push event. The decoder's errors are replaced by a
// fixed message, because they may quote the body.
func parsePush(contentType string, body []byte) (pushPayload, error) {
	doc, err := eventJSON(contentType, body)
	if err != nil {
		return pushPayload{}, err
	}
	var p pushPayload
	if json.Unmarshal(doc, &p) != nil {
		return pushPayload{}, errors.New("push payload is not valid JSON")
	}
	if p.Ref == "" {
		return pushPayload{}, errors.New("push payload has no ref")
	}
	if !commitID.MatchString(p.After) {
		return pushPayload{}, errors.New("push payload's after is not a commit ID")
	}
	return p, nil
}
