package kit

import (
	"errors"
	"slices"
	"strings"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"

	"github.com/everruns/reconciler/pkg/reconcile"
)

// ErrorTable is one AWS service's error codes, as its API reference
// documents them, sorted by what the engine must do with them. An adapter
// package declares its service's table once; the registry gives every
// table to the engine's classifier.
type ErrorTable struct {
	// Service is the SDK's service ID ("EC2", "RDS", "Secrets Manager"),
	// as in smithy.OperationError.ServiceID.
	Service string
	// NotFound codes say the resource does not exist: data for Observe and
	// Delete. When one escapes to the engine (a resource created a moment
	// ago and not yet visible: eventual consistency) it is transient.
	NotFound []string
	// NotReady codes say the resource is in a state that forbids the call
	// for now (modifying, creating): the engine polls.
	NotReady []string
	// Transient codes are worth retrying later beyond the common ones.
	Transient []string
	// Terminal codes are refused whatever the retries, named here so that
	// their status code cannot mislead (a 5xx a service uses for a refusal).
	Terminal []string
	// NotReadyWhen are answers whose generic code (often also Terminal)
	// means "not yet" only with a given message; they win over the lists
	// of codes.
	NotReadyWhen []Message
}

// Message is an answer AWS gives under a generic code and tells apart
// only by its message: ECS's InvalidParameterException "Unable to Start a
// service that is still Draining." is a name that frees itself, where the
// same code is otherwise a refusal. It matches the AWS error's own code
// and message (smithy.APIError), never the text of a wrapped error.
type Message struct {
	Code     string
	Contains string
}

func (m Message) matches(ae smithy.APIError) bool {
	return ae.ErrorCode() == m.Code && strings.Contains(ae.ErrorMessage(), m.Contains)
}

// commonTransient are throttling and server-side codes every service
// shares in one dialect or another.
var commonTransient = []string{
	"Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException",
	"RequestThrottled", "RequestThrottledException", "ProvisionedThroughputExceededException",
	"SlowDown", "InternalFailure", "InternalError", "InternalServerError", "ServiceUnavailable",
	"ServiceUnavailableException", "ServerException", "Unavailable", "RequestTimeout",
	"RequestTimeoutException", "PriorRequestNotComplete",
}

// Code is the AWS error code of err, "" when AWS did not answer one.
func Code(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// IsNotFound reports whether err is one of the table's not-found answers.
func (t ErrorTable) IsNotFound(err error) bool {
	return err != nil && slices.Contains(t.NotFound, Code(err))
}

// IgnoreNotFound returns nil for a not-found answer (a Delete of what is
// already gone), err otherwise.
func (t ErrorTable) IgnoreNotFound(err error) error {
	if t.IsNotFound(err) {
		return nil
	}
	return err
}

// Classifier classifies AWS errors with the tables of every service; an
// error no table knows is classified by its HTTP status: 5xx transient,
// any other status terminal, and no answer at all (a transport failure)
// transient. Nothing depends on whether an adapter remembered to mark it.
type Classifier struct {
	tables map[string]ErrorTable
}

// NewClassifier returns a classifier over the tables, one per service.
func NewClassifier(tables ...ErrorTable) Classifier {
	c := Classifier{tables: map[string]ErrorTable{}}
	for _, t := range tables {
		c.tables[t.Service] = t
	}
	return c
}

// Classify is the engine's reconcile.Classifier.
func (c Classifier) Classify(err error) reconcile.Class {
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return reconcile.ClassTransient // never reached AWS's error format
	}
	code := ae.ErrorCode()
	t := c.tables[serviceOf(err)]
	switch {
	case slices.ContainsFunc(t.NotReadyWhen, func(m Message) bool { return m.matches(ae) }):
		return reconcile.ClassNotReady
	case slices.Contains(t.Terminal, code):
		return reconcile.ClassTerminal
	case slices.Contains(commonTransient, code), slices.Contains(t.Transient, code), slices.Contains(t.NotFound, code):
		return reconcile.ClassTransient
	case slices.Contains(t.NotReady, code):
		return reconcile.ClassNotReady
	}
	var re *awshttp.ResponseError
	if errors.As(err, &re) && re.HTTPStatusCode() >= 500 {
		return reconcile.ClassTransient
	}
	return reconcile.ClassTerminal
}

func serviceOf(err error) string {
	var oe *smithy.OperationError
	if errors.As(err, &oe) {
		return oe.ServiceID
	}
	return ""
}
