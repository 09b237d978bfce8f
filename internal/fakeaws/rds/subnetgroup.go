package rds

import (
	"strings"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/rds"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

type subnetGroup struct {
	name, description, arn, vpcID string
	subnets                       []*v1.Subnet
	tags                          []*v1.Tag
}

func (g *subnetGroup) view() *v1.DBSubnetGroup {
	return &v1.DBSubnetGroup{
		DBSubnetGroupName:        aws.String(g.name),
		DBSubnetGroupDescription: aws.String(g.description),
		DBSubnetGroupArn:         aws.String(g.arn),
		VpcId:                    strOrNil(g.vpcID),
		SubnetGroupStatus:        aws.String("Complete"),
		Subnets:                  g.subnets,
		SupportedNetworkTypes:    aws.StringSlice([]string{"IPV4"}),
	}
}

// subnets resolves subnet IDs to their AZs through EC2 and checks what
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBSubnetGroup.html
// requires: known subnets (InvalidSubnet), one VPC, and at least two AZs
// (DBSubnetGroupDoesNotCoverEnoughAZs). Without the EC2 fake the AZs are
// unknown and the group is accepted, as core.Directory promises.
func (s *Service) subnets(region string, ids []*string) ([]*v1.Subnet, string, error) {
	if len(ids) == 0 {
		return nil, "", core.MissingParameter("SubnetIds")
	}
	var out []*v1.Subnet
	vpc := ""
	azs := map[string]bool{}
	for i, id := range aws.StringValueSlice(ids) {
		az := region + string(rune('a'+i%6))
		if lookup := s.env.Dir.SubnetAZ; lookup != nil {
			var subnetVPC string
			var ok bool
			if az, subnetVPC, ok = lookup(id); !ok {
				return nil, "", core.BadRequest("InvalidSubnet", "Some input subnets in :[%s] are invalid.", id)
			}
			if vpc != "" && subnetVPC != vpc {
				return nil, "", core.BadRequest("InvalidSubnet", "The subnets must all belong to the same VPC; %s is in %s, not %s.", id, subnetVPC, vpc)
			}
			vpc = subnetVPC
		}
		azs[az] = true
		out = append(out, &v1.Subnet{
			SubnetIdentifier:       aws.String(id),
			SubnetAvailabilityZone: &v1.AvailabilityZone{Name: aws.String(az)},
			SubnetStatus:           aws.String("Active"),
		})
	}
	if s.env.Dir.SubnetAZ != nil && len(azs) < 2 {
		return nil, "", core.BadRequest("DBSubnetGroupDoesNotCoverEnoughAZs",
			"The DB subnet group doesn't meet Availability Zone (AZ) coverage requirement. Current AZ coverage: %s. Add subnets to cover at least 2 AZs.", strings.Join(keys(azs), ", "))
	}
	return out, vpc, nil
}

// createDBSubnetGroup follows
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBSubnetGroup.html
// AWS stores the name in lower case.
func (s *Service) createDBSubnetGroup(r *core.Request) (any, error) {
	var in v1.CreateDBSubnetGroupInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	name := strings.ToLower(aws.StringValue(in.DBSubnetGroupName))
	if name == "" {
		return nil, core.MissingParameter("DBSubnetGroupName")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.subnetGroups[name]; ok {
		return nil, core.BadRequest("DBSubnetGroupAlreadyExists", "The DB subnet group '%s' already exists.", name)
	}
	subnets, vpc, err := s.subnets(r.Region, in.SubnetIds)
	if err != nil {
		return nil, err
	}
	g := &subnetGroup{
		name: name, description: aws.StringValue(in.DBSubnetGroupDescription),
		arn: s.arn(r.Region, "subgrp", name), vpcID: vpc, subnets: subnets, tags: in.Tags,
	}
	s.subnetGroups[name] = g
	return &v1.CreateDBSubnetGroupOutput{DBSubnetGroup: g.view()}, nil
}

// describeDBSubnetGroups follows
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBSubnetGroups.html
func (s *Service) describeDBSubnetGroups(r *core.Request) (any, error) {
	var in v1.DescribeDBSubnetGroupsInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	names := sortedKeys(s.subnetGroups)
	if in.DBSubnetGroupName != nil {
		name := strings.ToLower(*in.DBSubnetGroupName)
		if _, ok := s.subnetGroups[name]; !ok {
			return nil, subnetGroupNotFound(name)
		}
		names = []string{name}
	}
	start, end, next, err := page(len(names), in.Marker, in.MaxRecords)
	if err != nil {
		return nil, err
	}
	out := &v1.DescribeDBSubnetGroupsOutput{DBSubnetGroups: []*v1.DBSubnetGroup{}, Marker: next}
	for _, n := range names[start:end] {
		out.DBSubnetGroups = append(out.DBSubnetGroups, s.subnetGroups[n].view())
	}
	return out, nil
}

// modifyDBSubnetGroup follows
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBSubnetGroup.html
// The subnets given replace the group's subnets.
func (s *Service) modifyDBSubnetGroup(r *core.Request) (any, error) {
	var in v1.ModifyDBSubnetGroupInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	name := strings.ToLower(aws.StringValue(in.DBSubnetGroupName))
	g, ok := s.subnetGroups[name]
	if !ok {
		return nil, subnetGroupNotFound(name)
	}
	subnets, vpc, err := s.subnets(r.Region, in.SubnetIds)
	if err != nil {
		return nil, err
	}
	g.subnets, g.vpcID = subnets, vpc
	if in.DBSubnetGroupDescription != nil {
		g.description = *in.DBSubnetGroupDescription
	}
	return &v1.ModifyDBSubnetGroupOutput{DBSubnetGroup: g.view()}, nil
}

// deleteDBSubnetGroup follows
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBSubnetGroup.html
// A group that a DB instance uses cannot be deleted
// (InvalidDBSubnetGroupStateFault).
func (s *Service) deleteDBSubnetGroup(r *core.Request) (any, error) {
	var in v1.DeleteDBSubnetGroupInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tick()
	name := strings.ToLower(aws.StringValue(in.DBSubnetGroupName))
	if _, ok := s.subnetGroups[name]; !ok {
		return nil, subnetGroupNotFound(name)
	}
	for _, id := range sortedKeys(s.instances) {
		if s.instances[id].subnetGroup == name {
			return nil, core.BadRequest("InvalidDBSubnetGroupStateFault",
				"Cannot delete the subnet group '%s' because at least one database instance: %s is still using it.", name, id)
		}
	}
	delete(s.subnetGroups, name)
	return &v1.DeleteDBSubnetGroupOutput{}, nil
}

func subnetGroupNotFound(name string) error {
	return core.NotFound("DBSubnetGroupNotFoundFault", "DBSubnetGroup %s not found.", name)
}

func keys(m map[string]bool) []string { return sortedKeys(m) }

func strOrNil(s string) *string {
	if s == "" {
		return nil
	}
	return aws.String(s)
}
