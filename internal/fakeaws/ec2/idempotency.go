package ec2

import (
	"github.com/aws/aws-sdk-go/aws/awsutil"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// clientToken remembers the first call made with a ClientToken
// (https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-idempotency.html).
type clientToken struct {
	params string // the request's parameters, the token excluded
	id     string // the resource it created
}

// replay looks a token up. With the same parameters it returns the ID of
// the resource the first call created; with others, IdempotentParameterMismatch.
// params must be the input with its ClientToken cleared.
func (st *state) replay(op, token string, params any) (id string, err error) {
	if token == "" {
		return "", nil
	}
	prev, ok := st.tokens[op+"/"+token]
	if !ok {
		return "", nil
	}
	if prev.params != awsutil.Prettify(params) {
		return "", core.BadRequest("IdempotentParameterMismatch",
			"The client token %s was already used with different parameters.", token)
	}
	return prev.id, nil
}

// remember records the resource created under a token.
func (st *state) remember(op, token string, params any, id string) {
	if token != "" {
		st.tokens[op+"/"+token] = clientToken{params: awsutil.Prettify(params), id: id}
	}
}
