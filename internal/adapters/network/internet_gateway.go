package network

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

type internetGatewayAPI interface {
	tagsAPI
	CreateInternetGateway(ctx context.Context, in *ec2.CreateInternetGatewayInput, optFns ...func(*ec2.Options)) (*ec2.CreateInternetGatewayOutput, error)
	DescribeInternetGateways(ctx context.Context, in *ec2.DescribeInternetGatewaysInput, optFns ...func(*ec2.Options)) (*ec2.DescribeInternetGatewaysOutput, error)
	AttachInternetGateway(ctx context.Context, in *ec2.AttachInternetGatewayInput, optFns ...func(*ec2.Options)) (*ec2.AttachInternetGatewayOutput, error)
	DetachInternetGateway(ctx context.Context, in *ec2.DetachInternetGatewayInput, optFns ...func(*ec2.Options)) (*ec2.DetachInternetGatewayOutput, error)
	DeleteInternetGateway(ctx context.Context, in *ec2.DeleteInternetGatewayInput, optFns ...func(*ec2.Options)) (*ec2.DeleteInternetGatewayOutput, error)
}

// internetGatewayKind manages ec2.internet_gateway: vpc_id (the
// attachment, changed by detach + attach), tags.
type internetGatewayKind struct{ api internetGatewayAPI }

func (k internetGatewayKind) Observe(ctx context.Context, id desired.Identity) (map[desired.Address]reconcile.Live, error) {
	pages := ec2.NewDescribeInternetGatewaysPaginator(k.api, &ec2.DescribeInternetGatewaysInput{Filters: envFilter(id)})
	return observeAll(ctx, id, "internet gateways", pages,
		func(p *ec2.DescribeInternetGatewaysOutput) []types.InternetGateway { return p.InternetGateways },
		func(g types.InternetGateway) []types.Tag { return g.Tags }, always(internetGatewayLive))
}

func internetGatewayLive(g types.InternetGateway) reconcile.Live {
	vpc := attachedVpc(g.Attachments)
	l := reconcile.Live{
		ID:     aws.ToString(g.InternetGatewayId),
		Fields: map[string]any{"vpc_id": vpc, "tags": observedTags(g.Tags)},
		// A gateway is usable once attached; its dependents (routes)
		// need exactly that.
		Ready:  vpc != "",
		Status: "detached",
	}
	if vpc != "" {
		l.Status = "attached"
	}
	return l
}

// attachedVpc is the VPC the gateway is (being) attached to. AWS reports an
// attached gateway's state as "available"; one detaching or detached
// counts as not attached.
func attachedVpc(atts []types.InternetGatewayAttachment) string {
	for _, a := range atts {
		switch a.State {
		case types.AttachmentStatusAttached, types.AttachmentStatusAttaching, "available":
			return aws.ToString(a.VpcId)
		}
	}
	return ""
}

func (k internetGatewayKind) Create(ctx context.Context, id desired.Identity, r desired.Resource) (reconcile.Live, error) {
	vpc, err := str(r.Fields, "vpc_id")
	if err != nil {
		return reconcile.Live{}, fmt.Errorf("create internet gateway %s: %w", r.Address, err)
	}
	tags, err := desiredTags(id, r)
	if err != nil {
		return reconcile.Live{}, fmt.Errorf("create internet gateway %s: %w", r.Address, err)
	}
	// No ClientToken in CreateInternetGateway: see noRetry.
	res, err := k.api.CreateInternetGateway(ctx, &ec2.CreateInternetGatewayInput{TagSpecifications: tagSpec(types.ResourceTypeInternetGateway, tags)}, noRetry)
	if err != nil {
		return reconcile.Live{}, fmt.Errorf("create internet gateway %s: %w", r.Address, err)
	}
	live := reconcile.Live{Address: r.Address, ID: aws.ToString(res.InternetGateway.InternetGatewayId),
		Fields: map[string]any{"vpc_id": "", "tags": tagsOf(tags)}, Status: "detached"}
	// A crash before the attach leaves a tagged, detached gateway: the next
	// Observe reports vpc_id "" and Update attaches it.
	if err := k.attach(ctx, live.ID, vpc); err != nil {
		return live, fmt.Errorf("create internet gateway %s: %w", r.Address, err)
	}
	live.Fields["vpc_id"], live.Ready, live.Status = vpc, vpc != "", "attached"
	return live, nil
}

func (k internetGatewayKind) attach(ctx context.Context, id, vpc string) error {
	if vpc == "" {
		return nil
	}
	if _, err := k.api.AttachInternetGateway(ctx, &ec2.AttachInternetGatewayInput{InternetGatewayId: aws.String(id), VpcId: aws.String(vpc)}); err != nil {
		return fmt.Errorf("attach to %s: %w", vpc, err)
	}
	return nil
}

// detach tolerates a gateway already detached: the goal is reached.
func (k internetGatewayKind) detach(ctx context.Context, id, vpc string) error {
	if vpc == "" {
		return nil
	}
	_, err := k.api.DetachInternetGateway(ctx, &ec2.DetachInternetGatewayInput{InternetGatewayId: aws.String(id), VpcId: aws.String(vpc)})
	if err != nil && !isNotFound(err) && errorCode(err) != "Gateway.NotAttached" {
		return fmt.Errorf("detach from %s: %w", vpc, err)
	}
	return nil
}

func (k internetGatewayKind) Update(ctx context.Context, id desired.Identity, r desired.Resource, live reconcile.Live, delta drift.Delta) (reconcile.Live, error) {
	fields := changed(delta)
	for f := range fields {
		var err error
		switch f {
		case "vpc_id":
			err = k.reattach(ctx, r, live)
		case "tags":
			err = syncTags(ctx, k.api, live.ID, delta)
		default:
			err = immutable(f)
		}
		if err != nil {
			return live, fmt.Errorf("update internet gateway %s: %w", r.Address, err)
		}
	}
	return applied(id, r, live, fields)
}

// reattach moves the attachment: a gateway attaches to one VPC at a time,
// so detach comes first.
func (k internetGatewayKind) reattach(ctx context.Context, r desired.Resource, live reconcile.Live) error {
	want, err := str(r.Fields, "vpc_id")
	if err != nil {
		return err
	}
	have, _ := live.Fields["vpc_id"].(string)
	if err := k.detach(ctx, live.ID, have); err != nil {
		return err
	}
	return k.attach(ctx, live.ID, want)
}

func (k internetGatewayKind) Delete(ctx context.Context, live reconcile.Live) error {
	vpc, _ := live.Fields["vpc_id"].(string)
	if err := k.detach(ctx, live.ID, vpc); err != nil {
		return fmt.Errorf("delete internet gateway %s: %w", live.Address, err)
	}
	if _, err := k.api.DeleteInternetGateway(ctx, &ec2.DeleteInternetGatewayInput{InternetGatewayId: aws.String(live.ID)}); err != nil && !isNotFound(err) {
		return fmt.Errorf("delete internet gateway %s: %w", live.Address, err)
	}
	return nil
}
