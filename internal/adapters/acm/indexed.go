package acm

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/acm/types"

	"github.com/everruns/reconciler/internal/adapters/tagging"
)

// indexed answers ListTagsForCertificate from the pass's tagging index for
// the certificates it holds; what it lacks, and every call outside a
// pass, goes to ACM.
type indexed struct {
	API
	index *tagging.Index
}

// WithIndex is api answering ListTagsForCertificate from index where it can.
func WithIndex(api API, index *tagging.Index) API { return indexed{api, index} }

func (c indexed) ListTagsForCertificate(ctx context.Context, in *acm.ListTagsForCertificateInput, optFns ...func(*acm.Options)) (*acm.ListTagsForCertificateOutput, error) {
	arn := aws.ToString(in.CertificateArn)
	known, err := c.index.Tags(ctx, []string{arn})
	if err != nil {
		return nil, fmt.Errorf("tags from the index: %w", err)
	}
	t, ok := known[arn]
	if !ok {
		return c.API.ListTagsForCertificate(ctx, in, optFns...)
	}
	out := &acm.ListTagsForCertificateOutput{Tags: []types.Tag{}}
	for _, k := range slices.Sorted(maps.Keys(t)) {
		out.Tags = append(out.Tags, types.Tag{Key: aws.String(k), Value: aws.String(t[k])})
	}
	return out, nil
}

// ListCertificates starts the index's read beside the listing whose tags
// are asked next.
func (c indexed) ListCertificates(ctx context.Context, in *acm.ListCertificatesInput, optFns ...func(*acm.Options)) (*acm.ListCertificatesOutput, error) {
	c.index.Prefetch(ctx)
	return c.API.ListCertificates(ctx, in, optFns...)
}

// AddTagsToCertificate marks the certificate as changed by this process
// (tagging.Index.Changed).
func (c indexed) AddTagsToCertificate(ctx context.Context, in *acm.AddTagsToCertificateInput, optFns ...func(*acm.Options)) (*acm.AddTagsToCertificateOutput, error) {
	c.index.Changed(aws.ToString(in.CertificateArn))
	return c.API.AddTagsToCertificate(ctx, in, optFns...)
}

// RemoveTagsFromCertificate marks the certificate as changed by this
// process.
func (c indexed) RemoveTagsFromCertificate(ctx context.Context, in *acm.RemoveTagsFromCertificateInput, optFns ...func(*acm.Options)) (*acm.RemoveTagsFromCertificateOutput, error) {
	c.index.Changed(aws.ToString(in.CertificateArn))
	return c.API.RemoveTagsFromCertificate(ctx, in, optFns...)
}
