package servicediscovery

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	sd "github.com/aws/aws-sdk-go-v2/service/servicediscovery"
	"github.com/aws/aws-sdk-go-v2/service/servicediscovery/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// maxReplays bounds how many failed operations of earlier attempts one
// Create walks past.
const maxReplays = 3

// Create submits the namespace and waits for its operation. The
// CreatorRequestId is derived from the address (kit.Token): a create
// retried after a crash or a lost answer — while the first operation is
// still pending and Observe cannot see the namespace — is answered with
// the first operation ("allows failed requests to be retried without the
// risk of running the operation twice"), so it waits for that one instead
// of making a twin. An operation already FAIL at the first look is an
// earlier attempt's (a fresh one is SUBMITTED or PENDING for seconds):
// the next token is derived from it, so the cause, once fixed, is tried
// afresh. A failure seen while waiting ends the create with its reason.
func (k namespaceKind) Create(ctx context.Context, id desired.Identity, r desired.Resource) (reconcile.Live, error) {
	in, err := namespaceInput(id, r)
	if err != nil {
		return reconcile.Live{}, err
	}
	salt := ""
	for range maxReplays {
		if in.CreatorRequestId, err = token(id, r, salt); err != nil {
			return reconcile.Live{}, err
		}
		out, err := k.api.CreatePrivateDnsNamespace(ctx, in)
		if err != nil {
			return reconcile.Live{}, fmt.Errorf("create namespace: %w", err)
		}
		op, fresh, err := k.w.waitFresh(ctx, k.api, aws.ToString(out.OperationId))
		if err != nil {
			return reconcile.Live{}, err
		}
		if op.Status == types.OperationStatusSuccess {
			return k.get(ctx, op.Targets[string(types.OperationTargetTypeNamespace)])
		}
		if fresh {
			return reconcile.Live{}, failure(op)
		}
		salt = aws.ToString(op.Id)
	}
	return reconcile.Live{}, kit.BadInput("the last %d operations creating the namespace failed", maxReplays)
}

func token(id desired.Identity, r desired.Resource, salt string) (*string, error) {
	t, err := kit.Token(id, r, salt, 64) // CreatorRequestId: at most 64 characters
	return aws.String(t), err
}

func namespaceInput(id desired.Identity, r desired.Resource) (*sd.CreatePrivateDnsNamespaceInput, error) {
	name, err := kit.String(r.Fields, names.Namespace.Name)
	if err != nil {
		return nil, err
	}
	vpc, err := kit.String(r.Fields, names.Namespace.VPCID)
	if err != nil {
		return nil, err
	}
	tags, err := kit.Tags(id, r)
	if err != nil {
		return nil, err
	}
	return &sd.CreatePrivateDnsNamespaceInput{Name: aws.String(name), Vpc: aws.String(vpc), Description: aws.String(description(vpc)), Tags: toTags(tags)}, nil
}

// waitFresh waits for the operation; fresh is false when it had already
// ended at the first look.
func (w waiter) waitFresh(ctx context.Context, api API, id string) (*types.Operation, bool, error) {
	out, err := api.GetOperation(ctx, &sd.GetOperationInput{OperationId: aws.String(id)})
	if err != nil {
		return nil, false, fmt.Errorf("get operation %s: %w", id, err)
	}
	if s := out.Operation.Status; s == types.OperationStatusSuccess || s == types.OperationStatusFail {
		return out.Operation, false, nil
	}
	op, err := w.wait(ctx, api, id)
	return op, true, err
}

// get reads the namespace just created, with its tags.
func (k namespaceKind) get(ctx context.Context, nsID string) (reconcile.Live, error) {
	out, err := k.api.GetNamespace(ctx, &sd.GetNamespaceInput{Id: aws.String(nsID)})
	if err != nil {
		return reconcile.Live{}, fmt.Errorf("get namespace %s: %w", nsID, err)
	}
	ns := out.Namespace
	tags, _, err := tagsOf(ctx, k.api, aws.ToString(ns.Arn))
	if err != nil {
		return reconcile.Live{}, err
	}
	return namespaceLive(types.NamespaceSummary{Id: ns.Id, Arn: ns.Arn, Name: ns.Name, Description: ns.Description}, tags), nil
}

// Update changes tags; name and VPC are fixed at creation.
func (k namespaceKind) Update(ctx context.Context, id desired.Identity, r desired.Resource, live reconcile.Live, delta drift.Delta) (reconcile.Live, error) {
	steps := kit.Steps{kit.On(func(ctx context.Context, c kit.Change) error { return tag(ctx, k.api, c) }, names.Namespace.Tags)}
	return steps.Run(ctx, kit.Change{ID: id, Want: r, Live: live, Delta: delta})
}

// Delete removes the namespace (a replacement) and waits for it to go.
func (k namespaceKind) Delete(ctx context.Context, live reconcile.Live) error {
	out, err := k.api.DeleteNamespace(ctx, &sd.DeleteNamespaceInput{Id: aws.String(live.ID)})
	if Errors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("delete namespace: %w", err)
	}
	op, err := k.w.wait(ctx, k.api, aws.ToString(out.OperationId))
	if err != nil {
		return err
	}
	if op.Status == types.OperationStatusFail {
		return failure(op)
	}
	return nil
}

// tag writes and removes tags by ARN, for namespaces and services alike.
func tag(ctx context.Context, api API, c kit.Change) error {
	put, remove := kit.TagChange(c.Delta)
	arn := aws.String(c.Live.Attrs["arn"])
	if len(put) > 0 {
		if _, err := api.TagResource(ctx, &sd.TagResourceInput{ResourceARN: arn, Tags: toTags(put)}); err != nil {
			return fmt.Errorf("tag: %w", err)
		}
	}
	if len(remove) > 0 {
		if _, err := api.UntagResource(ctx, &sd.UntagResourceInput{ResourceARN: arn, TagKeys: remove}); err != nil {
			return fmt.Errorf("untag: %w", err)
		}
	}
	return nil
}
