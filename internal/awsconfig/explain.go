package awsconfig

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials/ssocreds"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// AccessError says why AWS cannot be reached at all, and what to do about
// it, in one line a person can act on: the SDK's own chain (a dial error
// inside a request-send error inside an operation error, once per kind)
// names neither the setting at fault nor the fix. Err keeps that chain for
// errors.Is and the log.
type AccessError struct {
	Cause string // what is wrong: "cannot reach http://127.0.0.1:1 (connection refused)"
	Fix   string // what to do: "check AWS_ENDPOINT_URL and the network"
	Err   error
}

func (e *AccessError) Error() string { return e.Cause + ": " + e.Fix }
func (e *AccessError) Unwrap() error { return e.Err }

// credentialsFix is how to give the reconciler credentials, whichever way
// a person uses AWS.
const credentialsFix = "set AWS_PROFILE to a profile of ~/.aws/config (after `aws sso login --profile NAME` for an SSO profile), " +
	"or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"

// rejectedCredentials are the codes of an answer that refuses the
// credentials themselves (not a permission).
var rejectedCredentials = map[string]bool{
	"ExpiredToken": true, "ExpiredTokenException": true, "InvalidClientTokenId": true,
	"UnrecognizedClientException": true, "SignatureDoesNotMatch": true, "InvalidSignatureException": true,
	"AuthFailure": true, "RequestExpired": true,
}

// Explain returns an *AccessError for an error that says AWS cannot be
// reached with this configuration (no credentials, an expired SSO
// session, credentials AWS rejects, an endpoint that refuses connections
// or does not resolve), and nil for any other error. region is the
// configuration's region, named in the fix when it may be the cause.
func Explain(err error, region string) error {
	if err == nil {
		return nil
	}
	var done *AccessError
	if errors.As(err, &done) {
		return done
	}
	var sso *ssocreds.InvalidTokenError
	if errors.As(err, &sso) {
		return &AccessError{Cause: "the AWS SSO session has expired", Fix: "run `aws sso login` (with --profile " + profile() + ")", Err: err}
	}
	if MissingCredentials(err) {
		return &AccessError{Cause: "no AWS credentials found" + profileNote(), Fix: credentialsFix, Err: err}
	}
	if code := ErrorCode(err); rejectedCredentials[code] {
		return &AccessError{Cause: fmt.Sprintf("AWS rejected the credentials (%s)%s", code, profileNote()),
			Fix: "renew them (`aws sso login` for an SSO profile) or " + credentialsFix, Err: err}
	}
	endpoint := "AWS"
	var ue *url.Error
	if errors.As(err, &ue) {
		endpoint = endpointOf(ue.URL)
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return &AccessError{Cause: fmt.Sprintf("cannot resolve %s (%s)", dns.Name, endpoint),
			Fix: fmt.Sprintf("check AWS_REGION (%s), AWS_ENDPOINT_URL and the network's DNS", region), Err: err}
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return &AccessError{Cause: fmt.Sprintf("cannot reach %s (%s)", endpoint, dialReason(op)),
			Fix: fmt.Sprintf("check AWS_ENDPOINT_URL, AWS_REGION (%s) and the network", region), Err: err}
	}
	return nil
}

// credentialMarkers are what the SDK's chain says when the credential
// chain found nothing: the SDK wraps the provider's error with fmt.Errorf
// only (no type), so its text is all there is to go by.
var credentialMarkers = []string{
	"get identity: get credentials:",       // auth scheme resolution (SDK ≥ 1.30)
	"failed to refresh cached credentials", // aws.CredentialsCache
	"failed to retrieve credentials",       // v4 signer
	"static credentials are empty",         // credentials.StaticCredentialsProvider
}

// MissingCredentials reports whether err says no credentials could be
// found (as opposed to AWS refusing the ones found).
func MissingCredentials(err error) bool {
	var signing *v4.SigningError
	if errors.As(err, &signing) {
		return true
	}
	msg := err.Error()
	for _, m := range credentialMarkers {
		if strings.Contains(msg, m) {
			return true
		}
	}
	return false
}

// Unreachable reports whether err says the endpoint could not be
// connected to at all: the request never left, and the SDK's retryer,
// which retries a dial error, would only make a person wait.
func Unreachable(err error) bool {
	var dns *net.DNSError
	var op *net.OpError
	return errors.As(err, &dns) || (errors.As(err, &op) && op.Op == "dial")
}

// PreflightTimeout bounds the preflight call: a person waits for it.
const PreflightTimeout = 5 * time.Second

// Preflight makes one cheap call (STS GetCallerIdentity, which needs no
// permission) with no retry, so that a configuration that cannot reach AWS
// fails in seconds with one *AccessError. `verify` calls it first, since
// each of its checks would report the same failure as a warning of its
// own; a pass needs no such call (its first calls tell, BoundFirstAnswer).
// Any other failure is left to the calls that follow, which report it in
// their context: Preflight returns nil then.
func Preflight(ctx context.Context, cfg aws.Config) error {
	ctx, cancel := context.WithTimeout(ctx, PreflightTimeout)
	defer cancel()
	client := sts.NewFromConfig(cfg, func(o *sts.Options) { o.Retryer = aws.NopRetryer{} })
	_, err := client.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err == nil {
		return nil
	}
	if e := Explain(err, cfg.Region); e != nil {
		return e
	}
	if errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil {
		return &AccessError{Cause: fmt.Sprintf("no answer from AWS STS within %s", PreflightTimeout),
			Fix: fmt.Sprintf("check the network, AWS_REGION (%s) and AWS_ENDPOINT_URL", cfg.Region), Err: err}
	}
	return nil
}

func endpointOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	return u.Scheme + "://" + u.Host
}

func dialReason(op *net.OpError) string {
	msg := op.Err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	return msg
}

func profile() string {
	if p := os.Getenv("AWS_PROFILE"); p != "" {
		return p
	}
	return "your profile"
}

func profileNote() string {
	if p := os.Getenv("AWS_PROFILE"); p != "" {
		return " for profile " + p
	}
	return ""
}
