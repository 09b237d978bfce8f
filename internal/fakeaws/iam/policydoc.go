package iam

import (
	"encoding/json"
	"net/url"
	"strings"
)

// checkPolicy rejects what IAM rejects as MalformedPolicyDocument: text that
// is not a JSON object, or one without a Statement. IAM keeps the accepted
// text as it was sent.
func checkPolicy(doc string) error {
	if doc == "" {
		return validationError("1 validation error detected: Value null at 'policyDocument' failed to satisfy constraint: Member must not be null")
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(doc), &v); err != nil {
		return malformed("Syntax errors in policy.")
	}
	if _, ok := v["Statement"]; !ok {
		return malformed("Missing required field Statement")
	}
	return nil
}

func malformed(msg string) error { return badRequest("MalformedPolicyDocument", msg) }

// encodePolicy renders a policy document as IAM returns it: URL-encoded
// (RFC 3986), so that clients decode it with url.QueryUnescape.
func encodePolicy(doc string) string {
	return strings.ReplaceAll(url.QueryEscape(doc), "+", "%20")
}
