package ec2

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
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
type internetGatewayKind struct {
	api internetGatewayAPI
	tw  twins
}

var igwF = names.InternetGateway

func (k internetGatewayKind) Observe(ctx context.Context, id desired.Identity) (kit.Observation, error) {
	p := ec2.NewDescribeInternetGatewaysPaginator(k.api, &ec2.DescribeInternetGatewaysInput{Filters: envFilter(id)})
	return collect(ctx, id, "internet gateways",
		kit.Pages(ctx, p.HasMorePages, p.NextPage, func(o *ec2.DescribeInternetGatewaysOutput) []types.InternetGateway { return o.InternetGateways }),
		func(g types.InternetGateway) []types.Tag { return g.Tags }, kit.Always(internetGatewayLive))
}

func internetGatewayLive(g types.InternetGateway) reconcile.Live {
	vpc := attachedVpc(g.Attachments)
	l := reconcile.Live{
		ID:     aws.ToString(g.InternetGatewayId),
		Fields: map[string]any{igwF.VPCID: vpc, igwF.Tags: observedTags(g.Tags)},
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
	// Settled before the attach: a twin is deleted only while detached.
	live, err := k.tw.create(ctx, id, r, types.ResourceTypeInternetGateway, func(ctx context.Context, tags []types.TagSpecification, opts ...func(*ec2.Options)) (reconcile.Live, error) {
		res, err := k.api.CreateInternetGateway(ctx, &ec2.CreateInternetGatewayInput{TagSpecifications: tags}, opts...)
		if err != nil {
			return reconcile.Live{}, err
		}
		return reconcile.Live{ID: aws.ToString(res.InternetGateway.InternetGatewayId),
			Fields: map[string]any{igwF.VPCID: ""}, Status: "detached"}, nil
	}, k.Observe)
	if err != nil {
		return reconcile.Live{}, err
	}
	// A crash before the attach leaves a tagged, detached gateway: the next
	// Observe reports vpc_id "" and Update attaches it.
	live, err = k.steps().Run(ctx, kit.Change{ID: id, Want: r, Live: live, Delta: kit.DeltaOf(r, live)})
	if err == nil {
		live.Ready, live.Status = live.Fields[igwF.VPCID] != "", "attached"
	}
	return live, err
}

// steps: the attachment, then tags.
func (k internetGatewayKind) steps() kit.Steps {
	return kit.Steps{kit.On(k.reattach, igwF.VPCID), kit.On(tagStep(k.api), igwF.Tags)}
}

func (k internetGatewayKind) attach(ctx context.Context, id, vpc string) error {
	if vpc == "" {
		return nil
	}
	if _, err := k.api.AttachInternetGateway(ctx, &ec2.AttachInternetGatewayInput{InternetGatewayId: aws.String(id), VpcId: aws.String(vpc)}); err != nil {
		if kit.Code(err) == "Resource.AlreadyAssociated" {
			// A VPC holds one gateway. Another one there is in use (routes
			// may point at it), so it is a person's call which goes: a twin
			// left by two creators racing without a lease, or one made by
			// hand.
			return reconcile.Terminal(fmt.Errorf("%w: attach %s to %s: the VPC already has another internet gateway attached; "+
				"detach and delete the one not wanted: %v", reconcile.ErrRefused, id, vpc, err))
		}
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
	if err != nil && !isNotFound(err) && kit.Code(err) != "Gateway.NotAttached" {
		return fmt.Errorf("detach from %s: %w", vpc, err)
	}
	return nil
}

func (k internetGatewayKind) Update(ctx context.Context, id desired.Identity, r desired.Resource, live reconcile.Live, delta drift.Delta) (reconcile.Live, error) {
	return k.steps().Run(ctx, kit.Change{ID: id, Want: r, Live: live, Delta: delta})
}

// reattach moves the attachment: a gateway attaches to one VPC at a time,
// so detach comes first.
func (k internetGatewayKind) reattach(ctx context.Context, c kit.Change) error {
	want, err := kit.String(c.Want.Fields, igwF.VPCID)
	if err != nil {
		return err
	}
	have, _ := c.Live.Fields[igwF.VPCID].(string)
	if err := k.detach(ctx, c.Live.ID, have); err != nil {
		return err
	}
	return k.attach(ctx, c.Live.ID, want)
}

func (k internetGatewayKind) Delete(ctx context.Context, live reconcile.Live) error {
	vpc, _ := live.Fields[igwF.VPCID].(string)
	if err := k.detach(ctx, live.ID, vpc); err != nil {
		return err
	}
	_, err := k.api.DeleteInternetGateway(ctx, &ec2.DeleteInternetGatewayInput{InternetGatewayId: aws.String(live.ID)})
	return Errors.IgnoreNotFound(err)
}
