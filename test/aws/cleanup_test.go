package aws

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/servicediscovery"
	sdtypes "github.com/aws/aws-sdk-go-v2/service/servicediscovery/types"
	"github.com/aws/smithy-go"

	"github.com/everruns/reconciler/pkg/desired"
)

// environmentTag is the identity tag every resource the reconciler creates
// carries (docs/resources.md); the network is found by it, since its IDs
// are AWS's.
const environmentTag = "everruns:environment"

// pollEvery is how often a deletion that waits on AWS (an ENI released, a
// NAT gateway gone) is retried, until the clean-up's deadline.
const pollEvery = 10 * time.Second

// cleanUp deletes what the smoke file made, in reverse dependency order:
// the service (and its tasks) before its task definitions, the Cloud Map
// namespace and the cluster; the roles and the log group; then the NAT
// gateway before its Elastic IP, and the VPC's gateway, subnets, route
// tables and security groups before the VPC. A resource that is not there
// (an apply that failed early) is not an error.
func cleanUp(ctx context.Context, cfg aws.Config, env *desired.Environment) error {
	var errs errorsOf
	ecsc := ecs.NewFromConfig(cfg)
	clusters := namesOf(env, "ecs.cluster")
	for _, cluster := range clusters {
		for _, svc := range namesOf(env, "ecs.service") {
			errs.add("ecs service "+svc, deleteService(ctx, ecsc, cluster, svc))
		}
	}
	for _, family := range namesOf(env, "ecs.task_definition") {
		errs.add("task definition family "+family, deleteFamily(ctx, ecsc, family))
	}
	sd := servicediscovery.NewFromConfig(cfg)
	for _, ns := range namesOf(env, "servicediscovery.private_dns_namespace") {
		errs.add("namespace "+ns, deleteNamespace(ctx, sd, ns, env.Name))
	}
	for _, cluster := range clusters {
		errs.add("cluster "+cluster, deleteCluster(ctx, ecsc, cluster))
	}
	iamc := iam.NewFromConfig(cfg)
	for _, role := range namesOf(env, "iam.role") {
		errs.add("role "+role, deleteRole(ctx, iamc, role))
	}
	logs := cloudwatchlogs.NewFromConfig(cfg)
	for _, group := range namesOf(env, "logs.log_group") {
		_, err := logs.DeleteLogGroup(ctx, &cloudwatchlogs.DeleteLogGroupInput{LogGroupName: aws.String(group)})
		errs.add("log group "+group, ignoreCodes(err, "ResourceNotFoundException"))
	}
	errs.add("network", deleteNetwork(ctx, ec2.NewFromConfig(cfg), env.Name))
	return errors.Join(errs...)
}

// deleteService scales the service to zero, deletes it and waits until ECS
// reports it INACTIVE (its tasks stopped).
func deleteService(ctx context.Context, c *ecs.Client, cluster, service string) error {
	_, err := c.UpdateService(ctx, &ecs.UpdateServiceInput{Cluster: aws.String(cluster), Service: aws.String(service), DesiredCount: aws.Int32(0)})
	if err = ignoreCodes(err, "ServiceNotFoundException", "ServiceNotActiveException", "ClusterNotFoundException"); err != nil {
		return fmt.Errorf("scale to 0: %w", err)
	}
	_, err = c.DeleteService(ctx, &ecs.DeleteServiceInput{Cluster: aws.String(cluster), Service: aws.String(service), Force: aws.Bool(true)})
	if isCode(err, "ServiceNotFoundException", "ServiceNotActiveException", "ClusterNotFoundException") {
		return nil
	}
	if err != nil {
		return fmt.Errorf("delete: %w", err)
	}
	return ecs.NewServicesInactiveWaiter(c).Wait(ctx, &ecs.DescribeServicesInput{Cluster: aws.String(cluster), Services: []string{service}}, 15*time.Minute)
}

// deleteFamily deregisters every revision of the family, then deletes them
// (ECS keeps INACTIVE revisions until DeleteTaskDefinitions).
func deleteFamily(ctx context.Context, c *ecs.Client, family string) error {
	var arns []string
	for _, status := range []ecstypes.TaskDefinitionStatus{ecstypes.TaskDefinitionStatusActive, ecstypes.TaskDefinitionStatusInactive} {
		p := ecs.NewListTaskDefinitionsPaginator(c, &ecs.ListTaskDefinitionsInput{FamilyPrefix: aws.String(family), Status: status})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return fmt.Errorf("list: %w", err)
			}
			for _, arn := range page.TaskDefinitionArns {
				if status == ecstypes.TaskDefinitionStatusActive {
					if _, err := c.DeregisterTaskDefinition(ctx, &ecs.DeregisterTaskDefinitionInput{TaskDefinition: aws.String(arn)}); err != nil {
						return fmt.Errorf("deregister %s: %w", arn, err)
					}
				}
				arns = append(arns, arn)
			}
		}
	}
	for batch := range slices.Chunk(arns, 10) { // DeleteTaskDefinitions takes at most 10
		if _, err := c.DeleteTaskDefinitions(ctx, &ecs.DeleteTaskDefinitionsInput{TaskDefinitions: batch}); err != nil {
			return fmt.Errorf("delete %v: %w", batch, err)
		}
	}
	return nil
}

// deleteCluster waits until no task runs in the cluster (a deleted
// service's tasks drain), then deletes it.
func deleteCluster(ctx context.Context, c *ecs.Client, cluster string) error {
	return retry(ctx, func() (bool, error) {
		tasks, err := c.ListTasks(ctx, &ecs.ListTasksInput{Cluster: aws.String(cluster)})
		if isCode(err, "ClusterNotFoundException") {
			return true, nil
		}
		if err != nil {
			return false, err
		}
		if len(tasks.TaskArns) > 0 {
			return false, nil
		}
		_, err = c.DeleteCluster(ctx, &ecs.DeleteClusterInput{Cluster: aws.String(cluster)})
		if isCode(err, "ClusterContainsTasksException", "ClusterContainsServicesException") {
			return false, nil
		}
		return true, ignoreCodes(err, "ClusterNotFoundException")
	})
}

// deleteNamespace deletes the private DNS namespace of that name that
// carries this environment's tag (the name, everruns.local by default, is
// shared by every environment of the account), with its services first.
func deleteNamespace(ctx context.Context, c *servicediscovery.Client, name, env string) error {
	p := servicediscovery.NewListNamespacesPaginator(c, &servicediscovery.ListNamespacesInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("list: %w", err)
		}
		for _, ns := range page.Namespaces {
			if aws.ToString(ns.Name) != name {
				continue
			}
			tags, err := c.ListTagsForResource(ctx, &servicediscovery.ListTagsForResourceInput{ResourceARN: ns.Arn})
			if err != nil {
				return fmt.Errorf("tags of %s: %w", aws.ToString(ns.Id), err)
			}
			if !slices.ContainsFunc(tags.Tags, func(t sdtypes.Tag) bool {
				return aws.ToString(t.Key) == environmentTag && aws.ToString(t.Value) == env
			}) {
				continue
			}
			if err := deleteNamespaceByID(ctx, c, aws.ToString(ns.Id)); err != nil {
				return err
			}
		}
	}
	return nil
}

func deleteNamespaceByID(ctx context.Context, c *servicediscovery.Client, id string) error {
	services, err := c.ListServices(ctx, &servicediscovery.ListServicesInput{Filters: []sdtypes.ServiceFilter{{
		Name: sdtypes.ServiceFilterNameNamespaceId, Values: []string{id}, Condition: sdtypes.FilterConditionEq}}})
	if err != nil {
		return fmt.Errorf("services of %s: %w", id, err)
	}
	for _, s := range services.Services {
		// A service with registered instances cannot be deleted; the ECS
		// service's deletion deregisters them, shortly after.
		if err := retry(ctx, func() (bool, error) {
			_, err := c.DeleteService(ctx, &servicediscovery.DeleteServiceInput{Id: s.Id})
			if isCode(err, "ResourceInUse") {
				return false, nil
			}
			return true, ignoreCodes(err, "ServiceNotFound")
		}); err != nil {
			return fmt.Errorf("service %s: %w", aws.ToString(s.Id), err)
		}
	}
	out, err := c.DeleteNamespace(ctx, &servicediscovery.DeleteNamespaceInput{Id: aws.String(id)})
	if isCode(err, "NamespaceNotFound") {
		return nil
	}
	if err != nil {
		return fmt.Errorf("delete %s: %w", id, err)
	}
	return retry(ctx, func() (bool, error) {
		op, err := c.GetOperation(ctx, &servicediscovery.GetOperationInput{OperationId: out.OperationId})
		if err != nil {
			return false, err
		}
		switch op.Operation.Status {
		case sdtypes.OperationStatusSuccess:
			return true, nil
		case sdtypes.OperationStatusFail:
			return true, fmt.Errorf("delete %s: %s", id, aws.ToString(op.Operation.ErrorMessage))
		}
		return false, nil
	})
}

// deleteRole detaches managed policies and deletes inline ones, which
// DeleteRole requires first.
func deleteRole(ctx context.Context, c *iam.Client, role string) error {
	attached, err := c.ListAttachedRolePolicies(ctx, &iam.ListAttachedRolePoliciesInput{RoleName: aws.String(role)})
	if isCode(err, "NoSuchEntity") {
		return nil
	}
	if err != nil {
		return fmt.Errorf("attached policies: %w", err)
	}
	for _, p := range attached.AttachedPolicies {
		if _, err := c.DetachRolePolicy(ctx, &iam.DetachRolePolicyInput{RoleName: aws.String(role), PolicyArn: p.PolicyArn}); err != nil {
			return fmt.Errorf("detach %s: %w", aws.ToString(p.PolicyArn), err)
		}
	}
	inline, err := c.ListRolePolicies(ctx, &iam.ListRolePoliciesInput{RoleName: aws.String(role)})
	if err != nil {
		return fmt.Errorf("inline policies: %w", err)
	}
	for _, name := range inline.PolicyNames {
		if _, err := c.DeleteRolePolicy(ctx, &iam.DeleteRolePolicyInput{RoleName: aws.String(role), PolicyName: aws.String(name)}); err != nil {
			return fmt.Errorf("delete policy %s: %w", name, err)
		}
	}
	_, err = c.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: aws.String(role)})
	return ignoreCodes(err, "NoSuchEntity")
}

// deleteNetwork deletes the environment's NAT gateways and Elastic IPs, then
// each VPC with its internet gateway, subnets, route tables and security
// groups. Fargate's network interfaces outlive a stopped task by a few
// minutes, so deletions that meet DependencyViolation are retried.
func deleteNetwork(ctx context.Context, c *ec2.Client, env string) error {
	tagged := []ec2types.Filter{{Name: aws.String("tag:" + environmentTag), Values: []string{env}}}
	nats, err := c.DescribeNatGateways(ctx, &ec2.DescribeNatGatewaysInput{Filter: append(slices.Clone(tagged),
		ec2types.Filter{Name: aws.String("state"), Values: []string{"pending", "available"}})})
	if err != nil {
		return fmt.Errorf("nat gateways: %w", err)
	}
	var natIDs []string
	for _, n := range nats.NatGateways {
		if _, err := c.DeleteNatGateway(ctx, &ec2.DeleteNatGatewayInput{NatGatewayId: n.NatGatewayId}); err != nil {
			return fmt.Errorf("delete nat gateway %s: %w", aws.ToString(n.NatGatewayId), err)
		}
		natIDs = append(natIDs, aws.ToString(n.NatGatewayId))
	}
	if len(natIDs) > 0 {
		if err := ec2.NewNatGatewayDeletedWaiter(c).Wait(ctx, &ec2.DescribeNatGatewaysInput{NatGatewayIds: natIDs}, 15*time.Minute); err != nil {
			return fmt.Errorf("wait for nat gateways %v: %w", natIDs, err)
		}
	}
	eips, err := c.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{Filters: tagged})
	if err != nil {
		return fmt.Errorf("elastic ips: %w", err)
	}
	for _, a := range eips.Addresses {
		if err := retryDependency(ctx, func() error {
			_, err := c.ReleaseAddress(ctx, &ec2.ReleaseAddressInput{AllocationId: a.AllocationId})
			return err
		}); err != nil {
			return fmt.Errorf("release %s: %w", aws.ToString(a.AllocationId), err)
		}
	}
	vpcs, err := c.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{Filters: tagged})
	if err != nil {
		return fmt.Errorf("vpcs: %w", err)
	}
	for _, v := range vpcs.Vpcs {
		if err := deleteVPC(ctx, c, aws.ToString(v.VpcId)); err != nil {
			return fmt.Errorf("vpc %s: %w", aws.ToString(v.VpcId), err)
		}
	}
	return nil
}

func deleteVPC(ctx context.Context, c *ec2.Client, vpc string) error {
	inVPC := []ec2types.Filter{{Name: aws.String("vpc-id"), Values: []string{vpc}}}
	igws, err := c.DescribeInternetGateways(ctx, &ec2.DescribeInternetGatewaysInput{Filters: []ec2types.Filter{{Name: aws.String("attachment.vpc-id"), Values: []string{vpc}}}})
	if err != nil {
		return fmt.Errorf("internet gateways: %w", err)
	}
	for _, g := range igws.InternetGateways {
		if _, err := c.DetachInternetGateway(ctx, &ec2.DetachInternetGatewayInput{InternetGatewayId: g.InternetGatewayId, VpcId: aws.String(vpc)}); err != nil {
			return fmt.Errorf("detach %s: %w", aws.ToString(g.InternetGatewayId), err)
		}
		if _, err := c.DeleteInternetGateway(ctx, &ec2.DeleteInternetGatewayInput{InternetGatewayId: g.InternetGatewayId}); err != nil {
			return fmt.Errorf("delete %s: %w", aws.ToString(g.InternetGatewayId), err)
		}
	}
	subnets, err := c.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{Filters: inVPC})
	if err != nil {
		return fmt.Errorf("subnets: %w", err)
	}
	for _, s := range subnets.Subnets {
		if err := retryDependency(ctx, func() error {
			_, err := c.DeleteSubnet(ctx, &ec2.DeleteSubnetInput{SubnetId: s.SubnetId})
			return err
		}); err != nil {
			return fmt.Errorf("delete subnet %s: %w", aws.ToString(s.SubnetId), err)
		}
	}
	tables, err := c.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{Filters: inVPC})
	if err != nil {
		return fmt.Errorf("route tables: %w", err)
	}
	for _, rt := range tables.RouteTables {
		if slices.ContainsFunc(rt.Associations, func(a ec2types.RouteTableAssociation) bool { return aws.ToBool(a.Main) }) {
			continue // the main table goes with the VPC
		}
		if _, err := c.DeleteRouteTable(ctx, &ec2.DeleteRouteTableInput{RouteTableId: rt.RouteTableId}); err != nil {
			return fmt.Errorf("delete route table %s: %w", aws.ToString(rt.RouteTableId), err)
		}
	}
	groups, err := c.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{Filters: inVPC})
	if err != nil {
		return fmt.Errorf("security groups: %w", err)
	}
	// Rules naming another group block its deletion: revoke them all first.
	for _, g := range groups.SecurityGroups {
		if len(g.IpPermissions) > 0 {
			if _, err := c.RevokeSecurityGroupIngress(ctx, &ec2.RevokeSecurityGroupIngressInput{GroupId: g.GroupId, IpPermissions: g.IpPermissions}); err != nil {
				return fmt.Errorf("revoke ingress of %s: %w", aws.ToString(g.GroupId), err)
			}
		}
	}
	for _, g := range groups.SecurityGroups {
		if aws.ToString(g.GroupName) == "default" {
			continue // deleted with the VPC
		}
		if err := retryDependency(ctx, func() error {
			_, err := c.DeleteSecurityGroup(ctx, &ec2.DeleteSecurityGroupInput{GroupId: g.GroupId})
			return err
		}); err != nil {
			return fmt.Errorf("delete security group %s: %w", aws.ToString(g.GroupId), err)
		}
	}
	return retryDependency(ctx, func() error {
		_, err := c.DeleteVpc(ctx, &ec2.DeleteVpcInput{VpcId: aws.String(vpc)})
		return err
	})
}

// retry calls try until it reports done or fails, every pollEvery, until
// ctx's deadline.
func retry(ctx context.Context, try func() (bool, error)) error {
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	for {
		done, err := try()
		if done || err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("gave up: %w", ctx.Err())
		case <-tick.C:
		}
	}
}

// retryDependency retries a deletion while EC2 answers DependencyViolation
// (or InvalidIPAddress.InUse for an address a deleted NAT still holds).
func retryDependency(ctx context.Context, del func() error) error {
	return retry(ctx, func() (bool, error) {
		err := del()
		if isCode(err, "DependencyViolation", "InvalidIPAddress.InUse") {
			return false, nil
		}
		return true, err
	})
}

func isCode(err error, codes ...string) bool {
	var apiErr smithy.APIError
	return errors.As(err, &apiErr) && slices.Contains(codes, apiErr.ErrorCode())
}

func ignoreCodes(err error, codes ...string) error {
	if isCode(err, codes...) {
		return nil
	}
	return err
}
