// Package acm manages ACM certificates (acm.certificate) validated through
// DNS: it requests them, reports the CNAME records a person must create,
// and reports expiry and renewal.
package acm

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/internal/adapters/tagging"
	"github.com/everruns/reconciler/pkg/desired/names"
)

// Register adds acm.certificate and ACM's error table.
func Register(reg *kit.Registry, cfg aws.Config) error {
	if err := reg.Add(names.KindCertificate, New(acm.NewFromConfig(cfg), WithTagIndex(tagging.New(cfg)))); err != nil {
		return err
	}
	if err := reg.AddOperations(Operations); err != nil {
		return err
	}
	return reg.AddErrors(Errors)
}

// API is the part of ACM this package calls; *acm.Client satisfies it.
type API interface {
	ListCertificates(ctx context.Context, in *acm.ListCertificatesInput, optFns ...func(*acm.Options)) (*acm.ListCertificatesOutput, error)
	ListTagsForCertificate(ctx context.Context, in *acm.ListTagsForCertificateInput, optFns ...func(*acm.Options)) (*acm.ListTagsForCertificateOutput, error)
	DescribeCertificate(ctx context.Context, in *acm.DescribeCertificateInput, optFns ...func(*acm.Options)) (*acm.DescribeCertificateOutput, error)
	RequestCertificate(ctx context.Context, in *acm.RequestCertificateInput, optFns ...func(*acm.Options)) (*acm.RequestCertificateOutput, error)
	AddTagsToCertificate(ctx context.Context, in *acm.AddTagsToCertificateInput, optFns ...func(*acm.Options)) (*acm.AddTagsToCertificateOutput, error)
	RemoveTagsFromCertificate(ctx context.Context, in *acm.RemoveTagsFromCertificateInput, optFns ...func(*acm.Options)) (*acm.RemoveTagsFromCertificateOutput, error)
	DeleteCertificate(ctx context.Context, in *acm.DeleteCertificateInput, optFns ...func(*acm.Options)) (*acm.DeleteCertificateOutput, error)
}

// Option configures the adapter.
type Option func(*Kind)

// WithClock sets what "now" is for expiry warnings (default time.Now).
func WithClock(now func() time.Time) Option { return func(k *Kind) { k.now = now } }

// WithTagIndex has Observe find the certificates from the pass's tagging
// index, which it also reads their tags from.
func WithTagIndex(ix *tagging.Index) Option {
	return func(k *Kind) { k.index, k.api = ix, WithIndex(k.api, ix) }
}

// New returns the acm.certificate adapter.
func New(api API, opts ...Option) *Kind {
	k := &Kind{api: api, now: time.Now}
	for _, o := range opts {
		o(k)
	}
	return k
}

// Kind manages acm.certificate: domain_name*, subject_alternative_names*
// (the names besides domain_name), validation_method*, tags.
type Kind struct {
	api   API
	index *tagging.Index
	now   func() time.Time
}
