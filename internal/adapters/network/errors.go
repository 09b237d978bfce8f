package network

import (
	"context"
	"fmt"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// terminalCodes are EC2 answers that no retry can change: bad input, a
// missing permission, a request AWS refuses for good
// (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html).
// Everything else (throttling, 5xx, eventual consistency such as a
// …NotFound just after a create) stays transient for the engine.
var terminalCodes = map[string]bool{
	"InvalidParameterValue":              true,
	"InvalidParameterCombination":        true,
	"InvalidParameter":                   true,
	"MissingParameter":                   true,
	"UnknownParameter":                   true,
	"UnauthorizedOperation":              true,
	"AuthFailure":                        true,
	"InvalidVpc.Range":                   true,
	"InvalidSubnet.Range":                true,
	"InvalidSubnet.Conflict":             true,
	"InvalidGroup.Duplicate":             true, // a group of that name we did not tag
	"InvalidGroup.Reserved":              true,
	"VpcLimitExceeded":                   true,
	"AddressLimitExceeded":               true,
	"NatGatewayLimitExceeded":            true,
	"RulesPerSecurityGroupLimitExceeded": true,
}

// badInput is an error in what the adapter was given (a wrong type, an
// unresolved ref, a change no API makes): terminal.
func badInput(format string, args ...any) error {
	return reconcile.Terminal(fmt.Errorf(format, args...))
}

// classify marks err Terminal when AWS's code says retrying cannot help.
func classify(err error) error {
	if err != nil && !reconcile.IsTerminal(err) && terminalCodes[errorCode(err)] {
		return reconcile.Terminal(err)
	}
	return err
}

// classified applies classify to every error of a kind: the one place
// where the network tier decides what is worth retrying.
type classified struct{ k reconcile.Kind }

func (c classified) Observe(ctx context.Context, env string) (map[desired.Address]reconcile.Live, error) {
	out, err := c.k.Observe(ctx, env)
	return out, classify(err)
}

func (c classified) Create(ctx context.Context, env string, r desired.Resource) (reconcile.Live, error) {
	l, err := c.k.Create(ctx, env, r)
	return l, classify(err)
}

func (c classified) Update(ctx context.Context, env string, r desired.Resource, live reconcile.Live, changes []drift.FieldChange) (reconcile.Live, error) {
	l, err := c.k.Update(ctx, env, r, live, changes)
	return l, classify(err)
}

func (c classified) Delete(ctx context.Context, live reconcile.Live) error {
	return classify(c.k.Delete(ctx, live))
}
