package acm

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/acm/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// tokenLen is IdempotencyToken's limit (32 characters of \w).
const tokenLen = 32

// Create requests the certificate, tagged, with an idempotency token from
// the address: a request repeated within the hour ACM remembers returns
// the same certificate instead of a twin. It then describes it once, so
// the validation CNAME is reported by the apply that requested it.
func (k *Kind) Create(ctx context.Context, id desired.Identity, r desired.Resource) (reconcile.Live, error) {
	domain, err := kit.String(r.Fields, names.Certificate.DomainName)
	if err != nil {
		return reconcile.Live{}, err
	}
	sans, err := kit.Strings(r.Fields, names.Certificate.SubjectAlternativeNames)
	if err != nil {
		return reconcile.Live{}, err
	}
	method, err := kit.String(r.Fields, names.Certificate.ValidationMethod)
	if err != nil {
		return reconcile.Live{}, err
	}
	if method != string(types.ValidationMethodDns) {
		return reconcile.Live{}, kit.BadInput("validation method %s: only DNS is supported", method)
	}
	tags, err := kit.Tags(id, r)
	if err != nil {
		return reconcile.Live{}, err
	}
	in := &acm.RequestCertificateInput{DomainName: aws.String(domain), ValidationMethod: types.ValidationMethodDns, Tags: acmTags(tags)}
	if len(sans) > 0 {
		in.SubjectAlternativeNames = append([]string{domain}, sans...)
	}
	arn, err := k.request(ctx, id, r, in, "")
	if err != nil {
		return reconcile.Live{}, err
	}
	d, err := k.describe(ctx, arn)
	if Errors.IsNotFound(err) {
		// The token named a certificate deleted within the hour ACM
		// remembers tokens: request anew with a token salted by it.
		if arn, err = k.request(ctx, id, r, in, arn); err != nil {
			return reconcile.Live{}, err
		}
		d, err = k.describe(ctx, arn)
	}
	if err != nil { // requested: the next Observe reports it
		return reconcile.Live{ID: arn, Attrs: map[string]string{"arn": arn}, Status: string(types.CertificateStatusPendingValidation),
			Fields: maps.Clone(r.Fields)}, nil
	}
	return k.live(d, tags), nil
}

func (k *Kind) request(ctx context.Context, id desired.Identity, r desired.Resource, in *acm.RequestCertificateInput, salt string) (string, error) {
	token, err := kit.Token(id, r, salt, tokenLen)
	if err != nil {
		return "", err
	}
	in.IdempotencyToken = aws.String(token)
	out, err := k.api.RequestCertificate(ctx, in)
	if err != nil {
		return "", fmt.Errorf("request certificate: %w", err)
	}
	return aws.ToString(out.CertificateArn), nil
}

// Update changes tags, the one field ACM changes in place.
func (k *Kind) Update(ctx context.Context, id desired.Identity, r desired.Resource, live reconcile.Live, delta drift.Delta) (reconcile.Live, error) {
	return kit.Steps{kit.On(k.retag, names.Certificate.Tags)}.Run(ctx, kit.Change{ID: id, Want: r, Live: live, Delta: delta})
}

func (k *Kind) retag(ctx context.Context, c kit.Change) error {
	put, remove := kit.TagChange(c.Delta)
	if len(put) > 0 {
		if _, err := k.api.AddTagsToCertificate(ctx, &acm.AddTagsToCertificateInput{CertificateArn: aws.String(c.Live.ID), Tags: acmTags(put)}); err != nil {
			return fmt.Errorf("tag certificate: %w", err)
		}
	}
	if len(remove) > 0 {
		gone := make([]types.Tag, len(remove))
		for i, key := range remove {
			gone[i] = types.Tag{Key: aws.String(key)}
		}
		if _, err := k.api.RemoveTagsFromCertificate(ctx, &acm.RemoveTagsFromCertificateInput{CertificateArn: aws.String(c.Live.ID), Tags: gone}); err != nil {
			return fmt.Errorf("untag certificate: %w", err)
		}
	}
	return nil
}

// Delete deletes the certificate (a replacement). One a load balancer
// still uses cannot be deleted: a terminal error that names its users.
func (k *Kind) Delete(ctx context.Context, live reconcile.Live) error {
	_, err := k.api.DeleteCertificate(ctx, &acm.DeleteCertificateInput{CertificateArn: aws.String(live.ID)})
	if kit.Code(err) == "ResourceInUseException" {
		users := "a load balancer"
		if d, derr := k.describe(ctx, live.ID); derr == nil && len(d.InUseBy) > 0 {
			users = strings.Join(d.InUseBy, ", ")
		}
		return reconcile.Terminal(fmt.Errorf("delete certificate: in use by %s; detach it from its listeners first: %w", users, err))
	}
	if err = Errors.IgnoreNotFound(err); err != nil {
		return fmt.Errorf("delete certificate: %w", err)
	}
	return nil
}

func acmTags(tags map[string]string) []types.Tag {
	out := make([]types.Tag, 0, len(tags))
	for _, key := range slices.Sorted(maps.Keys(tags)) {
		out = append(out, types.Tag{Key: aws.String(key), Value: aws.String(tags[key])})
	}
	return out
}
