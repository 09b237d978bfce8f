package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/internal/cli"
)

// twinGateway makes, out of band, an internet gateway claiming the file's
// address: what a create without ClientToken (CreateVpc, CreateSubnet,
// CreateInternetGateway, AllocateAddress) leaves when it is made twice.
// created is its created-at tag; zero leaves it out, as a person would.
func twinGateway(t *testing.T, f *fake, created time.Time) string {
	t.Helper()
	tags := map[string]string{tagAddress: "network.internet_gateway", "everruns:project": envProject, "everruns:environment": envName}
	if !created.IsZero() {
		tags = kit.Stamp(tags, created)
	}
	var sdkTags []types.Tag
	for k, v := range tags {
		sdkTags = append(sdkTags, types.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	out, err := f.ec2.CreateInternetGateway(t.Context(), &ec2.CreateInternetGatewayInput{TagSpecifications: []types.TagSpecification{{
		ResourceType: types.ResourceTypeInternetGateway, Tags: sdkTags}}})
	must(t, "CreateInternetGateway", err)
	return aws.ToString(out.InternetGateway.InternetGatewayId)
}

// A twin the reconciler cannot date (no created-at tag: made by hand, or
// by a version before the tag) is never deleted: diff refuses it (exit 2,
// not in sync) and notes it, apply
// keeps acting on the dated one and refuses the address naming both IDs,
// and no mutating call is made.
func TestTwinOfUnknownAgeIsReportedAndNeverDeleted(t *testing.T) {
	f := newFake(t)
	useFake(t, f)
	apply(t)
	first := aws.ToString(internetGateway(t, f).InternetGatewayId)
	twin := twinGateway(t, f, time.Time{})

	f.srv.ResetCalls()
	code, out, _ := reconciler(t.Context(), "diff", "-f", envFile, "--target", target)
	if code != cli.ExitChanges || !strings.Contains(out, "twin: "+twin) || !strings.Contains(out, first) {
		t.Errorf("diff with a twin: exit %d, want 2 and a note naming %s and %s:\n%s", code, twin, first, out)
	}
	code, _, errOut := reconciler(t.Context(), "apply", "-f", envFile, "--target", target, "--poll-interval", poll)
	if code != cli.ExitError || !strings.Contains(errOut, "not provably made by the reconciler") ||
		!strings.Contains(errOut, first) || !strings.Contains(errOut, twin) {
		t.Errorf("apply with a twin: exit %d, want 1 naming %s and %s:\n%s", code, first, twin, errOut)
	}
	if m := mutations(f.srv.Calls()); len(m) > 0 {
		t.Errorf("diff and apply acted with an undated twin present: mutating calls %v", m)
	}
}

// A younger, empty twin is something apply acts on: diff exits 2 and
// lists it as an update of the gateway's twins field; apply heals it and
// says so; the next diff is in sync.
func TestYoungerEmptyTwinIsHealed(t *testing.T) {
	f := newFake(t)
	useFake(t, f)
	apply(t)
	first := aws.ToString(internetGateway(t, f).InternetGatewayId)
	twin := twinGateway(t, f, time.Now().Add(time.Hour))

	if code, r := diff(t); code != cli.ExitChanges || r.InSync || !twinListed(r, "network.internet_gateway") {
		t.Errorf("diff with a twin: exit %d, in sync %v, changes %+v; want exit 2 and an update of twins", code, r.InSync, r.Changes)
	}
	code, _, errOut := reconciler(t.Context(), "apply", "-f", envFile, "--target", target, "--poll-interval", poll)
	want := "healed twin: deleted " + twin + " (younger, empty), kept " + first
	if code != cli.ExitOK || !strings.Contains(errOut, want) {
		t.Fatalf("apply: exit %d, want 0 and %q:\n%s", code, want, errOut)
	}
	wantInSync(t)
	if got := aws.ToString(internetGateway(t, f).InternetGatewayId); got != first {
		t.Errorf("gateway left %s, want the older %s", got, first)
	}
}

// twinTags are the identity tags of addr, stamped an hour from now.
func twinTags(addr string) []types.Tag {
	var out []types.Tag
	tags := kit.Stamp(map[string]string{tagAddress: addr, "everruns:project": envProject, "everruns:environment": envName}, time.Now().Add(time.Hour))
	for k, v := range tags {
		out = append(out, types.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	return out
}

// Younger empty twins of a subnet and a security group are healed too,
// each after its own check.
func TestYoungerSubnetAndGroupTwinsAreHealed(t *testing.T) {
	f := newFake(t)
	useFake(t, f)
	apply(t)
	vpc := internetGateway(t, f).Attachments[0].VpcId
	sn, err := f.ec2.CreateSubnet(t.Context(), &ec2.CreateSubnetInput{VpcId: vpc, CidrBlock: aws.String("10.0.200.0/24"),
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeSubnet, Tags: twinTags("network.subnet.private-a")}}})
	must(t, "CreateSubnet", err)
	sg, err := f.ec2.CreateSecurityGroup(t.Context(), &ec2.CreateSecurityGroupInput{VpcId: vpc, GroupName: aws.String("twin"), Description: aws.String("twin"),
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeSecurityGroup, Tags: twinTags("network.security_group.alb")}}})
	must(t, "CreateSecurityGroup", err)

	code, _, errOut := reconciler(t.Context(), "apply", "-f", envFile, "--target", target, "--poll-interval", poll)
	for _, id := range []string{aws.ToString(sn.Subnet.SubnetId), aws.ToString(sg.GroupId)} {
		if !strings.Contains(errOut, "healed twin: deleted "+id) {
			t.Errorf("apply did not heal %s (exit %d):\n%s", id, code, errOut)
		}
	}
	if code != cli.ExitOK {
		t.Errorf("apply exit %d", code)
	}
	wantInSync(t)
}

// twinListed says whether r updates the twins field of addr.
func twinListed(r report, addr string) bool {
	for _, c := range r.Changes {
		if c.Address != addr || c.Action != "update" {
			continue
		}
		for _, f := range c.Fields {
			if f.Path == "twins" {
				return true
			}
		}
	}
	return false
}
