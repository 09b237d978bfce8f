package e2e

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/everruns/reconciler/internal/cli"
)

// A twin (two resources claiming one address) is what a create without a
// ClientToken (CreateVpc, CreateSubnet, CreateInternetGateway,
// AllocateAddress) can leave when the process dies with it in flight and
// the restart observes before AWS has made it. The reconciler must then
// act on neither: diff and apply fail naming both IDs, and change nothing.
func TestTwinIsReportedAndNeverActedOn(t *testing.T) {
	f := newFake(t)
	useFake(t, f)
	apply(t)
	first := aws.ToString(internetGateway(t, f).InternetGatewayId)
	out, err := f.ec2.CreateInternetGateway(t.Context(), &ec2.CreateInternetGatewayInput{TagSpecifications: []types.TagSpecification{{
		ResourceType: types.ResourceTypeInternetGateway,
		Tags: []types.Tag{
			{Key: aws.String(tagAddress), Value: aws.String("network.internet_gateway")},
			{Key: aws.String("everruns:project"), Value: aws.String(envProject)},
			{Key: aws.String("everruns:environment"), Value: aws.String(envName)},
		},
	}}})
	must(t, "CreateInternetGateway", err)
	twin := aws.ToString(out.InternetGateway.InternetGatewayId)

	f.srv.ResetCalls()
	for _, cmd := range []string{"diff", "apply"} {
		code, _, errOut := reconciler(t.Context(), cmd, "-f", envFile, "--target", target, "--poll-interval", poll)
		if code != cli.ExitError {
			t.Errorf("%s with a twin: exit %d, want 1", cmd, code)
		}
		if !strings.Contains(errOut, "claimed by both") || !strings.Contains(errOut, first) || !strings.Contains(errOut, twin) {
			t.Errorf("%s with a twin: stderr does not name both %s and %s:\n%s", cmd, first, twin, errOut)
		}
	}
	if m := mutations(f.srv.Calls()); len(m) > 0 {
		t.Errorf("diff and apply acted with a twin present: mutating calls %v", m)
	}
}
