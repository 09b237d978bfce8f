package network

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/smithy-go"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
)

// str reads a string field. The engine resolves refs before Create and
// Update; a Ref still here is a bug upstream, reported rather than sent to
// AWS as garbage.
func str(fields map[string]any, key string) (string, error) {
	switch v := fields[key].(type) {
	case string:
		return v, nil
	case nil:
		return "", nil
	case desired.Ref:
		return "", badInput("field %s: unresolved ref to %s", key, v.Address)
	default:
		return "", badInput("field %s: want string, got %T", key, v)
	}
}

// boolean reads a bool field; absent is false, AWS's default for every
// boolean the network tier manages except enable_dns_support, which the
// file always states.
func boolean(fields map[string]any, key string) (bool, error) {
	switch v := fields[key].(type) {
	case bool:
		return v, nil
	case nil:
		return false, nil
	default:
		return false, badInput("field %s: want bool, got %T", key, v)
	}
}

// set reads a Set field; absent is the empty set.
func set(fields map[string]any, key string) (desired.Set, error) {
	switch v := fields[key].(type) {
	case desired.Set:
		return v, nil
	case []any:
		return desired.Set(v), nil
	case nil:
		return nil, nil
	default:
		return nil, badInput("field %s: want Set, got %T", key, v)
	}
}

// changed names the top-level fields the drift says differ, so that
// Update calls only the APIs behind them.
func changed(d drift.Delta) map[string]bool {
	out := map[string]bool{}
	for _, f := range d.Fields() {
		out[f] = true
	}
	return out
}

// clientToken is EC2's ClientToken for a create (kit.Token; EC2 allows 64
// ASCII characters).
func clientToken(id desired.Identity, r desired.Resource, salt string) (string, error) {
	return kit.Token(id, r, salt, 64)
}

// noRetry is for creates that AWS cannot make idempotent (no ClientToken):
// after a timeout their outcome is unknown, and the SDK's blind retry could
// make a second resource. The error goes to the engine instead, which
// observes (by tag) before it tries again.
func noRetry(o *ec2.Options) { o.Retryer = aws.NopRetryer{} }

// isNotFound reports AWS's "no such resource" answers, which are data, not
// failures ("InvalidVpcID.NotFound", "NatGatewayNotFound", …).
func isNotFound(err error) bool { return Errors.IsNotFound(err) }

func isNotFoundOld(err error) bool {
	return strings.HasSuffix(errorCode(err), "NotFound")
}

func errorCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// canonical is the identity of a Set element: its JSON, keys sorted, so
// int and int64 of one value compare equal.
func canonical(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%#v", v)
	}
	return string(b)
}

// diffSet returns the elements of want missing from have, and those of
// have missing from want.
func diffSet(want, have desired.Set) (add, remove []any) {
	in := func(s desired.Set) map[string]bool {
		m := make(map[string]bool, len(s))
		for _, e := range s {
			m[canonical(e)] = true
		}
		return m
	}
	w, h := in(want), in(have)
	for _, e := range want {
		if !h[canonical(e)] {
			add = append(add, e)
		}
	}
	for _, e := range have {
		if !w[canonical(e)] {
			remove = append(remove, e)
		}
	}
	return add, remove
}

// sortedSet orders observed elements canonically so that an Observe is
// reproducible (the drift does not care; people reading reports do).
func sortedSet(s desired.Set) desired.Set {
	sort.Slice(s, func(i, j int) bool { return canonical(s[i]) < canonical(s[j]) })
	return s
}

// mapField reads a map field of observed state (tags); absent is empty.
func mapField(fields map[string]any, key string) map[string]any {
	m, _ := fields[key].(map[string]any)
	return m
}
