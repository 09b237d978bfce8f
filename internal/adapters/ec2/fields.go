package ec2

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
)

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

// isNotFound reports EC2's "no such resource" answers, which are data.
func isNotFound(err error) bool { return Errors.IsNotFound(err) }
