// Package core holds what every service of the fake AWS shares: the wire
// protocols (decoding requests into and encoding responses from the
// aws-sdk-go v1 shapes, whose struct tags carry AWS's wire names), errors,
// the controllable clock, ID generation and pagination.
//
// A service package only writes behaviour: state, validation and the error
// codes the AWS API reference documents for each operation.
package core

import (
	"context"
	"net/url"
)

// Protocol is the wire protocol a service speaks.
type Protocol int

const (
	// EC2Query is EC2's dialect of the Query protocol: form-encoded request,
	// XML response whose root is <ActionResponse>, always-flattened lists.
	EC2Query Protocol = iota
	// Query is the awsquery protocol of RDS, ELBv2, IAM and STS: form-encoded
	// request, <ActionResponse><ActionResult>…</ActionResult></ActionResponse>.
	Query
	// JSON is awsJson1.0/1.1: the operation in X-Amz-Target, a JSON body.
	JSON
)

// Request is one decoded AWS API call.
type Request struct {
	Context   context.Context
	Service   string // signing name, e.g. "ec2"
	Action    string // operation name, e.g. "DescribeVpcs"
	Region    string
	RequestID string
	// AccessKey is the access key ID the request was signed with (the
	// Credential of its SigV4 Authorization header).
	AccessKey string
	Protocol  Protocol
	Form      url.Values // Query and EC2Query
	Body      []byte     // JSON
	// ContentType is the request's Content-Type for JSON services; the
	// answer carries the same one, because awsJson1.0 (DynamoDB) and
	// awsJson1.1 (Logs, ECS, …) differ only in it.
	ContentType string
}

// Decode fills in, a pointer to an aws-sdk-go v1 input shape, from the request.
func (r *Request) Decode(in any) error {
	switch r.Protocol {
	case JSON:
		return decodeJSON(r.Body, in)
	default:
		return DecodeForm(r.Form, in, r.Protocol == EC2Query)
	}
}

// Handler serves one operation. It returns a pointer to an aws-sdk-go v1
// output shape, or an error; an error that is not an *Error becomes a 500.
type Handler func(r *Request) (any, error)

// Service is one AWS service of the fake.
type Service interface {
	// Name is the SigV4 signing name and the prefix of call counts.
	Name() string
	Protocol() Protocol
	// Handlers maps operation names to their handlers.
	Handlers() map[string]Handler
}
