package iam

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"regexp"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/iam"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// managedPolicies are the AWS-managed policies the fake knows, by ARN. The
// fake has no CreatePolicy, so these are the only attachable policies.
var managedPolicies = map[string]bool{
	"arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy": true,
	"arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole":  true,
	"arn:aws:iam::aws:policy/AdministratorAccess":                           true,
	"arn:aws:iam::aws:policy/ReadOnlyAccess":                                true,
	"arn:aws:iam::aws:policy/CloudWatchLogsFullAccess":                      true,
	"arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy":                   true,
	"arn:aws:iam::aws:policy/SecretsManagerReadWrite":                       true,
	"arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore":                  true,
	"arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess":                        true,
	"arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess":                      true,
}

var policyARN = regexp.MustCompile(`^arn:aws:iam::(aws|\d{12}):policy(/[\x21-\x7E]*)?/[\w+=,.@-]+$`)

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachRolePolicy.html
// Attaching an already attached policy is accepted and changes nothing.
func (s *Service) attachRolePolicy(req *core.Request) (any, error) {
	var in v1.AttachRolePolicyInput
	if err := req.Decode(&in); err != nil {
		return nil, err
	}
	arn, err := checkPolicyARN(in.PolicyArn)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.lookup(aws.StringValue(in.RoleName))
	if err != nil {
		return nil, err
	}
	if !managedPolicies[arn] {
		return nil, noSuchEntity("Policy %s does not exist or is not attachable.", arn)
	}
	if _, ok := r.attached[arn]; !ok && len(r.attached) >= 10 {
		return nil, limitExceeded("Cannot exceed quota for PoliciesPerRole: 10")
	}
	r.attached[arn] = arn[strings.LastIndex(arn, "/")+1:]
	return &v1.AttachRolePolicyOutput{}, nil
}

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DetachRolePolicy.html
func (s *Service) detachRolePolicy(req *core.Request) (any, error) {
	var in v1.DetachRolePolicyInput
	if err := req.Decode(&in); err != nil {
		return nil, err
	}
	arn, err := checkPolicyARN(in.PolicyArn)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.lookup(aws.StringValue(in.RoleName))
	if err != nil {
		return nil, err
	}
	if _, ok := r.attached[arn]; !ok {
		return nil, noSuchEntity("Policy %s was not found.", arn)
	}
	delete(r.attached, arn)
	return &v1.DetachRolePolicyOutput{}, nil
}

func checkPolicyARN(p *string) (string, error) {
	arn := aws.StringValue(p)
	if arn == "" {
		return "", core.MissingParameter("PolicyArn")
	}
	if !policyARN.MatchString(arn) {
		return "", invalidInput("ARN %s is not valid.", arn)
	}
	return arn, nil
}

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAttachedRolePolicies.html
func (s *Service) listAttachedRolePolicies(req *core.Request) (any, error) {
	var in v1.ListAttachedRolePoliciesInput
	if err := req.Decode(&in); err != nil {
		return nil, err
	}
	prefix := aws.StringValue(in.PathPrefix)
	s.mu.Lock()
	r, err := s.lookup(aws.StringValue(in.RoleName))
	var out []*v1.AttachedPolicy
	if err == nil {
		for arn, name := range r.attached {
			if strings.HasPrefix(policyPath(arn), prefix) {
				out = append(out, &v1.AttachedPolicy{PolicyArn: aws.String(arn), PolicyName: aws.String(name)})
			}
		}
	}
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return *out[i].PolicyName < *out[j].PolicyName })
	start, end, marker, err := page(len(out), in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &v1.ListAttachedRolePoliciesOutput{AttachedPolicies: out[start:end], IsTruncated: aws.Bool(marker != nil), Marker: marker}, nil
}

// policyPath is the path of a policy ARN: "/service-role/" for
// arn:aws:iam::aws:policy/service-role/X.
func policyPath(arn string) string {
	_, rest, _ := strings.Cut(arn, ":policy")
	return rest[:strings.LastIndex(rest, "/")+1]
}
