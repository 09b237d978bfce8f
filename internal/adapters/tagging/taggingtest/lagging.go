// Package taggingtest holds test doubles of the Resource Groups Tagging
// API for the adapters' tests.
package taggingtest

import (
	"context"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	rgt "github.com/aws/aws-sdk-go-v2/service/resourcegroupstaggingapi"
	rgttypes "github.com/aws/aws-sdk-go-v2/service/resourcegroupstaggingapi/types"

	"github.com/everruns/reconciler/internal/adapters/tagging"
)

// Lagging answers GetResources as an index behind its services would (AWS
// documents the index as eventually consistent): without the resources
// Drop names, and with Extra mappings the services no longer hold, on the
// first page.
type Lagging struct {
	tagging.API
	Drop  func(arn string) bool
	Extra []rgttypes.ResourceTagMapping
}

func (l Lagging) GetResources(ctx context.Context, in *rgt.GetResourcesInput, opts ...func(*rgt.Options)) (*rgt.GetResourcesOutput, error) {
	out, err := l.API.GetResources(ctx, in, opts...)
	if err != nil {
		return nil, err
	}
	out.ResourceTagMappingList = slices.DeleteFunc(out.ResourceTagMappingList, func(m rgttypes.ResourceTagMapping) bool {
		return l.Drop != nil && l.Drop(aws.ToString(m.ResourceARN))
	})
	if aws.ToString(in.PaginationToken) == "" {
		out.ResourceTagMappingList = append(out.ResourceTagMappingList, l.Extra...)
	}
	return out, nil
}
