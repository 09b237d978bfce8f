package ec2

import (
	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/service/ec2"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// authorize adds rules to g. A rule that exists already, or appears twice
// in the request, fails the whole request with InvalidPermission.Duplicate.
func (st *state) authorize(g *securityGroup, egress bool, perms []*ec2.IpPermission, specs []*ec2.TagSpecification) ([]*ec2.SecurityGroupRule, error) {
	if len(perms) == 0 {
		return nil, core.MissingParameter("IpPermissions")
	}
	rules, err := st.expand(g, egress, perms)
	if err != nil {
		return nil, err
	}
	tags, err := tagSpecs(specs, "security-group-rule")
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, r := range g.rules {
		seen[r.key()] = true
	}
	for _, r := range rules {
		if seen[r.key()] {
			return nil, core.BadRequest("InvalidPermission.Duplicate", "the specified rule \"%s\" already exists", r.describe())
		}
		seen[r.key()] = true
	}
	out := []*ec2.SecurityGroupRule{}
	for _, r := range rules {
		r.id = st.id("sgr")
		g.rules = append(g.rules, r)
		st.setTags(r.id, tags)
		out = append(out, st.renderRule(r))
	}
	return out, nil
}

// authorizeIngress follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AuthorizeSecurityGroupIngress.html
func (s *Service) authorizeIngress(st *state, r *core.Request) (any, error) {
	var in ec2.AuthorizeSecurityGroupIngressInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	g, err := st.group(in.GroupId, in.GroupName)
	if err != nil {
		return nil, err
	}
	perms := append(in.IpPermissions, legacy(in.IpProtocol, in.CidrIp, in.SourceSecurityGroupName, in.FromPort, in.ToPort)...)
	rules, err := st.authorize(g, false, perms, in.TagSpecifications)
	if err != nil {
		return nil, err
	}
	return &ec2.AuthorizeSecurityGroupIngressOutput{Return: aws.Bool(true), SecurityGroupRules: rules}, nil
}

// authorizeEgress follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AuthorizeSecurityGroupEgress.html
func (s *Service) authorizeEgress(st *state, r *core.Request) (any, error) {
	var in ec2.AuthorizeSecurityGroupEgressInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	g, err := st.group(in.GroupId, nil)
	if err != nil {
		return nil, err
	}
	perms := append(in.IpPermissions, legacy(in.IpProtocol, in.CidrIp, in.SourceSecurityGroupName, in.FromPort, in.ToPort)...)
	rules, err := st.authorize(g, true, perms, in.TagSpecifications)
	if err != nil {
		return nil, err
	}
	return &ec2.AuthorizeSecurityGroupEgressOutput{Return: aws.Bool(true), SecurityGroupRules: rules}, nil
}

// revoke removes rules from g, named by IpPermissions (matched exactly,
// the description aside) or by rule ID. In a non-default VPC a rule that
// does not exist fails the request with InvalidPermission.NotFound and
// nothing is revoked.
func (st *state) revoke(g *securityGroup, egress bool, perms []*ec2.IpPermission, ruleIDs []*string) error {
	if len(perms) == 0 && len(ruleIDs) == 0 {
		return core.MissingParameter("IpPermissions")
	}
	wanted, err := st.expand(g, egress, perms)
	if err != nil {
		return err
	}
	drop := map[string]bool{}
	byKey := map[string]*sgRule{}
	for _, r := range g.rules {
		byKey[r.key()] = r
	}
	for _, w := range wanted {
		r := byKey[w.key()]
		if r == nil {
			return core.BadRequest("InvalidPermission.NotFound", "The specified rule does not exist in this security group.")
		}
		drop[r.id] = true
	}
	for _, p := range ruleIDs {
		id := deref(p)
		og, r := st.findRule(id)
		if r == nil || og != g || r.egress != egress {
			return core.NotFound("InvalidSecurityGroupRuleId.NotFound", "The security group rule ID '%s' does not exist", id)
		}
		drop[id] = true
	}
	kept := g.rules[:0]
	for _, r := range g.rules {
		if drop[r.id] {
			st.forget(r.id)
			continue
		}
		kept = append(kept, r)
	}
	g.rules = kept
	return nil
}

// revokeIngress follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RevokeSecurityGroupIngress.html
func (s *Service) revokeIngress(st *state, r *core.Request) (any, error) {
	var in ec2.RevokeSecurityGroupIngressInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	g, err := st.group(in.GroupId, in.GroupName)
	if err != nil {
		return nil, err
	}
	perms := append(in.IpPermissions, legacy(in.IpProtocol, in.CidrIp, in.SourceSecurityGroupName, in.FromPort, in.ToPort)...)
	if err := st.revoke(g, false, perms, in.SecurityGroupRuleIds); err != nil {
		return nil, err
	}
	return &ec2.RevokeSecurityGroupIngressOutput{Return: aws.Bool(true)}, nil
}

// revokeEgress follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RevokeSecurityGroupEgress.html
func (s *Service) revokeEgress(st *state, r *core.Request) (any, error) {
	var in ec2.RevokeSecurityGroupEgressInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	g, err := st.group(in.GroupId, nil)
	if err != nil {
		return nil, err
	}
	perms := append(in.IpPermissions, legacy(in.IpProtocol, in.CidrIp, in.SourceSecurityGroupName, in.FromPort, in.ToPort)...)
	if err := st.revoke(g, true, perms, in.SecurityGroupRuleIds); err != nil {
		return nil, err
	}
	return &ec2.RevokeSecurityGroupEgressOutput{Return: aws.Bool(true)}, nil
}

var ruleFields = fields[*sgRule]{
	"group-id":               func(r *sgRule) []string { return one(r.groupID) },
	"security-group-rule-id": func(r *sgRule) []string { return one(r.id) },
}

// describeSecurityGroupRules follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSecurityGroupRules.html
// (MaxResults 5–1000).
func (s *Service) describeSecurityGroupRules(st *state, r *core.Request) (any, error) {
	var in ec2.DescribeSecurityGroupRulesInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	m, err := compile(ruleFields, in.Filters)
	if err != nil {
		return nil, err
	}
	all := map[string]*sgRule{}
	for _, g := range st.groups {
		for _, rule := range g.rules {
			all[rule.id] = rule
		}
	}
	ids, err := pick(all, in.SecurityGroupRuleIds, kindSGR.missing)
	if err != nil {
		return nil, err
	}
	var hits []*sgRule
	for _, id := range ids {
		if rule := all[id]; m.match(rule, st.tags[id]) {
			hits = append(hits, rule)
		}
	}
	got, next, err := page(hits, in.MaxResults, in.NextToken, 5, 1000)
	if err != nil {
		return nil, err
	}
	out := &ec2.DescribeSecurityGroupRulesOutput{NextToken: next, SecurityGroupRules: []*ec2.SecurityGroupRule{}}
	for _, rule := range got {
		out.SecurityGroupRules = append(out.SecurityGroupRules, st.renderRule(rule))
	}
	return out, nil
}
