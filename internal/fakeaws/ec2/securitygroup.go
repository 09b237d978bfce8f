package ec2

import (
	"regexp"
	"strings"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/service/ec2"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

type securityGroup struct {
	id, name, desc, vpcID string
	rules                 []*sgRule
}

// newDefaultGroup creates a VPC's default security group with the rules AWS
// gives it: all inbound traffic from the group itself, all outbound traffic
// (https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html).
func (st *state) newDefaultGroup(v *vpc) *securityGroup {
	g := &securityGroup{id: st.id("sg"), name: "default", desc: "default VPC security group", vpcID: v.id}
	g.rules = []*sgRule{
		{id: st.id("sgr"), groupID: g.id, proto: "-1", from: -1, to: -1, source: g.id},
		st.allEgress(g.id),
	}
	st.groups[g.id] = g
	return g
}

// allEgress is the rule every new security group starts with: all traffic
// to 0.0.0.0/0.
func (st *state) allEgress(groupID string) *sgRule {
	return &sgRule{id: st.id("sgr"), groupID: groupID, egress: true, proto: "-1", from: -1, to: -1, cidr: "0.0.0.0/0"}
}

func (st *state) renderGroup(g *securityGroup) *ec2.SecurityGroup {
	var in, out []*sgRule
	for _, r := range g.rules {
		if r.egress {
			out = append(out, r)
		} else {
			in = append(in, r)
		}
	}
	return &ec2.SecurityGroup{
		GroupId:             aws.String(g.id),
		GroupName:           aws.String(g.name),
		Description:         aws.String(g.desc),
		VpcId:               aws.String(g.vpcID),
		OwnerId:             aws.String(core.AccountID),
		IpPermissions:       st.permissions(in),
		IpPermissionsEgress: st.permissions(out),
		Tags:                st.tagList(g.id),
	}
}

// createSecurityGroup follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html:
// names are unique per VPC (InvalidGroup.Duplicate), "default" is reserved
// and "sg-…" is not a name. The fake has no default VPC, so VpcId is
// required (VPCIdNotSpecified, as AWS answers in an account without one).
func (s *Service) createSecurityGroup(st *state, r *core.Request) (any, error) {
	var in ec2.CreateSecurityGroupInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	name, desc := deref(in.GroupName), deref(in.Description)
	switch {
	case name == "":
		return nil, core.MissingParameter("GroupName")
	case desc == "":
		return nil, core.MissingParameter("GroupDescription")
	case len(name) > 255 || len(desc) > 255:
		return nil, core.BadRequest("InvalidParameterValue", "Group name and description must be at most 255 characters.")
	case !groupText.MatchString(name) || !groupText.MatchString(desc):
		return nil, core.BadRequest("InvalidParameterValue", "Invalid security group name or description: only a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$* are allowed.")
	case strings.HasPrefix(name, "sg-"):
		return nil, core.BadRequest("InvalidParameterValue", "Group names may not be in the format sg-*.")
	case name == "default":
		return nil, core.BadRequest("InvalidGroup.Reserved", "The security group 'default' is reserved.")
	case in.VpcId == nil:
		return nil, core.BadRequest("VPCIdNotSpecified", "No default VPC for this user")
	}
	v, err := st.vpc(in.VpcId)
	if err != nil {
		return nil, err
	}
	for _, g := range st.groups {
		if g.vpcID == v.id && g.name == name {
			return nil, core.BadRequest("InvalidGroup.Duplicate", "The security group '%s' already exists for VPC '%s'", name, v.id)
		}
	}
	tags, err := tagSpecs(in.TagSpecifications, "security-group")
	if err != nil {
		return nil, err
	}
	g := &securityGroup{id: st.id("sg"), name: name, desc: desc, vpcID: v.id}
	g.rules = []*sgRule{st.allEgress(g.id)}
	st.groups[g.id] = g
	st.setTags(g.id, tags)
	return &ec2.CreateSecurityGroupOutput{GroupId: aws.String(g.id), Tags: st.tagList(g.id)}, nil
}

// group finds a group by ID. AWS accepts a group name only for EC2-Classic
// and a default VPC, and the fake has neither, so a name alone is refused
// as AWS refuses it in an account without a default VPC.
func (st *state) group(id, name *string) (*securityGroup, error) {
	if deref(id) != "" {
		if g := st.groups[*id]; g != nil {
			return g, nil
		}
		return nil, kindSG.missing(*id)
	}
	if deref(name) != "" {
		return nil, errNoDefaultVPC
	}
	return nil, core.MissingParameter("GroupId")
}

var errNoDefaultVPC = core.BadRequest("VPCIdNotSpecified", "No default VPC for this user. GroupName is only supported for EC2-Classic and default VPC.")

// groupText is the character set AWS allows in a VPC security group's
// name and description: a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$*.
var groupText = regexp.MustCompile(`^[a-zA-Z0-9 ._\-:/()#,@\[\]+=&;{}!$*]*$`)

// deleteSecurityGroup follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteSecurityGroup.html:
// a VPC's default group cannot be deleted (CannotDelete); a group that
// another group's rule references is DependencyViolation.
func (s *Service) deleteSecurityGroup(st *state, r *core.Request) (any, error) {
	var in ec2.DeleteSecurityGroupInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	g, err := st.group(in.GroupId, in.GroupName)
	if err != nil {
		return nil, err
	}
	if v := st.vpcs[g.vpcID]; v != nil && v.defaultGroup == g.id {
		return nil, core.BadRequest("CannotDelete", "the specified group: \"%s\" name: \"default\" cannot be deleted by a user", g.id)
	}
	for _, other := range st.groups {
		if other.id == g.id {
			continue
		}
		for _, rule := range other.rules {
			if rule.source == g.id {
				return nil, core.BadRequest("DependencyViolation", "resource %s has a dependent object", g.id)
			}
		}
	}
	for _, rule := range g.rules {
		st.forget(rule.id)
	}
	st.forget(g.id)
	delete(st.groups, g.id)
	return &ec2.DeleteSecurityGroupOutput{}, nil
}

func ruleValues(g *securityGroup, egress bool, get func(*sgRule) string) []string {
	var out []string
	for _, r := range g.rules {
		if r.egress == egress {
			if v := get(r); v != "" {
				out = append(out, v)
			}
		}
	}
	return out
}

// groupFields are DescribeSecurityGroups' filters, the ip-permission.* ones
// for inbound rules and egress.ip-permission.* for outbound.
var groupFields = func() fields[*securityGroup] {
	fs := fields[*securityGroup]{
		"description": func(g *securityGroup) []string { return one(g.desc) },
		"group-id":    func(g *securityGroup) []string { return one(g.id) },
		"group-name":  func(g *securityGroup) []string { return one(g.name) },
		"owner-id":    func(*securityGroup) []string { return one(core.AccountID) },
		"vpc-id":      func(g *securityGroup) []string { return one(g.vpcID) },
	}
	perm := map[string]func(*sgRule) string{
		"cidr":           func(r *sgRule) string { return r.cidr },
		"ipv6-cidr":      func(r *sgRule) string { return r.cidr6 },
		"prefix-list-id": func(r *sgRule) string { return r.prefixList },
		"group-id":       func(r *sgRule) string { return r.source },
		"protocol":       func(r *sgRule) string { return r.proto },
		"from-port":      func(r *sgRule) string { return r.port(r.from) },
		"to-port":        func(r *sgRule) string { return r.port(r.to) },
	}
	for name, get := range perm {
		fs["ip-permission."+name] = func(g *securityGroup) []string { return ruleValues(g, false, get) }
		fs["egress.ip-permission."+name] = func(g *securityGroup) []string { return ruleValues(g, true, get) }
	}
	return fs
}()

// describeSecurityGroups follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSecurityGroups.html
// (MaxResults 5–1000).
func (s *Service) describeSecurityGroups(st *state, r *core.Request) (any, error) {
	var in ec2.DescribeSecurityGroupsInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	m, err := compile(groupFields, in.Filters)
	if err != nil {
		return nil, err
	}
	ids, err := pick(st.groups, in.GroupIds, kindSG.missing)
	if err != nil {
		return nil, err
	}
	if len(in.GroupNames) > 0 {
		return nil, errNoDefaultVPC
	}
	var hits []*securityGroup
	for _, id := range ids {
		if g := st.groups[id]; m.match(g, st.tags[id]) {
			hits = append(hits, g)
		}
	}
	got, next, err := page(hits, in.MaxResults, in.NextToken, 5, 1000)
	if err != nil {
		return nil, err
	}
	out := &ec2.DescribeSecurityGroupsOutput{NextToken: next, SecurityGroups: []*ec2.SecurityGroup{}}
	for _, g := range got {
		out.SecurityGroups = append(out.SecurityGroups, st.renderGroup(g))
	}
	return out, nil
}
