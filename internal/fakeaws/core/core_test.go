package core

//lint:file-ignore SA1019 aws-sdk-go v1 is used only for its wire shapes, as the fake's codec.

import (
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/private/protocol/query/queryutil"
	"github.com/aws/aws-sdk-go/service/ec2"
	"github.com/aws/aws-sdk-go/service/elbv2"
	"github.com/aws/aws-sdk-go/service/iam"
	"github.com/aws/aws-sdk-go/service/sns"
	"github.com/aws/aws-sdk-go/service/sqs"
	"github.com/google/go-cmp/cmp"
)

// DecodeForm is the inverse of the SDK's own query serializer: encoding a
// shape with queryutil.Parse and decoding it back must give the same shape,
// for EC2's always-flattened lists and for Query's "member" lists and
// "entry" maps.
func TestDecodeFormRoundTripsTheSDKsEncoding(t *testing.T) {
	cases := map[string]struct {
		in    any
		out   func() any
		isEC2 bool
	}{
		"EC2 nested lists of structures": {
			in: &ec2.AuthorizeSecurityGroupIngressInput{
				GroupId: aws.String("sg-0123456789abcdef0"),
				IpPermissions: []*ec2.IpPermission{{
					IpProtocol: aws.String("tcp"), FromPort: aws.Int64(443), ToPort: aws.Int64(443),
					IpRanges:         []*ec2.IpRange{{CidrIp: aws.String("0.0.0.0/0"), Description: aws.String("web")}},
					UserIdGroupPairs: []*ec2.UserIdGroupPair{{GroupId: aws.String("sg-0fedcba9876543210")}},
				}},
			},
			out:   func() any { return &ec2.AuthorizeSecurityGroupIngressInput{} },
			isEC2: true,
		},
		"EC2 tag specifications and filters": {
			in: &ec2.CreateVpcInput{
				CidrBlock: aws.String("10.0.0.0/16"),
				TagSpecifications: []*ec2.TagSpecification{{ResourceType: aws.String("vpc"),
					Tags: []*ec2.Tag{{Key: aws.String("a"), Value: aws.String("1")}, {Key: aws.String("b"), Value: aws.String("2")}}}},
			},
			out:   func() any { return &ec2.CreateVpcInput{} },
			isEC2: true,
		},
		"Query member lists": {
			in: &elbv2.CreateRuleInput{
				ListenerArn: aws.String("arn:l"), Priority: aws.Int64(10),
				Conditions: []*elbv2.RuleCondition{{Field: aws.String("path-pattern"), Values: []*string{aws.String("/api/*"), aws.String("/health")}}},
				Actions:    []*elbv2.Action{{Type: aws.String("forward"), TargetGroupArn: aws.String("arn:tg")}},
			},
			out: func() any { return &elbv2.CreateRuleInput{} },
		},
		"Query booleans and integers": {
			in:  &iam.CreateRoleInput{RoleName: aws.String("r"), AssumeRolePolicyDocument: aws.String(`{"a":1}`), MaxSessionDuration: aws.Int64(7200)},
			out: func() any { return &iam.CreateRoleInput{} },
		},
		"Query flattened maps": {
			in:  &sqs.SetQueueAttributesInput{QueueUrl: aws.String("q"), Attributes: map[string]*string{"DelaySeconds": aws.String("5"), "Policy": aws.String("{}")}},
			out: func() any { return &sqs.SetQueueAttributesInput{} },
		},
		"Query entry maps": {
			in:  &sns.SetEndpointAttributesInput{EndpointArn: aws.String("e"), Attributes: map[string]*string{"Enabled": aws.String("true"), "Token": aws.String("t")}},
			out: func() any { return &sns.SetEndpointAttributesInput{} },
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			form := url.Values{}
			if err := queryutil.Parse(form, tc.in, tc.isEC2); err != nil {
				t.Fatal(err)
			}
			got := tc.out()
			if err := DecodeForm(form, got, tc.isEC2); err != nil {
				t.Fatalf("DecodeForm(%v): %v", form, err)
			}
			if diff := cmp.Diff(tc.in, got); diff != "" {
				t.Errorf("round trip of %v: -want +got\n%s", form, diff)
			}
		})
	}
}

func TestDecodeFormRefusesMalformedScalars(t *testing.T) {
	var in ec2.CreateSubnetInput
	err := DecodeForm(url.Values{"CidrBlock": {"10.0.1.0/24"}, "DryRun": {"maybe"}}, &in, true)
	if e, ok := err.(*Error); !ok || e.Code != "InvalidParameterValue" || e.Status != http.StatusBadRequest {
		t.Errorf("DecodeForm of DryRun=maybe = %v, want a 400 InvalidParameterValue", err)
	}
}

func TestPageVisitsEveryItemOnce(t *testing.T) {
	seen := make([]int, 23)
	token := ""
	for pages := 0; ; pages++ {
		if pages > 10 {
			t.Fatal("paging does not end")
		}
		start, end, next, err := Page(len(seen), token, 5, 100)
		if err != nil {
			t.Fatal(err)
		}
		for i := start; i < end; i++ {
			seen[i]++
		}
		if next == "" {
			break
		}
		token = next
	}
	for i, n := range seen {
		if n != 1 {
			t.Errorf("item %d seen %d times", i, n)
		}
	}
	if _, _, _, err := Page(23, "not-a-token!", 5, 100); err == nil {
		t.Error("a malformed token was accepted")
	}
}

func TestManualClockMovesOnlyWhenAdvanced(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := NewManualClock(start)
	if !c.Now().Equal(start) {
		t.Fatalf("Now = %v, want %v", c.Now(), start)
	}
	c.Advance(90 * time.Second)
	if got := c.Now().Sub(start); got != 90*time.Second {
		t.Errorf("after Advance(90s) the clock moved %v", got)
	}
}

func TestIDsAreAWSShaped(t *testing.T) {
	g := NewIDs(1)
	id := g.EC2("vpc")
	if len(id) != len("vpc-")+17 || !strings.HasPrefix(id, "vpc-") || strings.Trim(id[4:], "0123456789abcdef") != "" {
		t.Errorf("EC2 ID %q is not vpc- and 17 hex digits", id)
	}
	if a, b := NewIDs(7).EC2("sg"), NewIDs(7).EC2("sg"); a != b {
		t.Errorf("the same seed gave %q and %q", a, b)
	}
}

// The error envelope of each protocol carries the code where the SDK looks
// for it.
func TestErrorEnvelopes(t *testing.T) {
	e := BadRequest("InvalidVpcID.NotFound", "The vpc ID 'vpc-1' does not exist")
	for name, tc := range map[string]struct {
		p    Protocol
		want string
	}{
		"EC2":   {EC2Query, "<Response><Errors><Error><Code>InvalidVpcID.NotFound</Code>"},
		"Query": {Query, "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidVpcID.NotFound</Code>"},
		"JSON":  {JSON, `"__type":"InvalidVpcID.NotFound"`},
	} {
		t.Run(name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			WriteError(rec, &Request{Protocol: tc.p, RequestID: "r"}, e)
			if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), tc.want) {
				t.Errorf("%d %s, want 400 containing %s", rec.Code, rec.Body.String(), tc.want)
			}
			if tc.p != JSON {
				if err := xml.Unmarshal(rec.Body.Bytes(), new(struct{})); err != nil {
					t.Errorf("not well-formed XML: %v", err)
				}
			}
		})
	}
}
