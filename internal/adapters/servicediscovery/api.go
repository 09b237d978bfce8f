package servicediscovery

import (
	"context"

	sd "github.com/aws/aws-sdk-go-v2/service/servicediscovery"
	"github.com/aws/aws-sdk-go-v2/service/servicediscovery/types"
)

// API is the part of the Cloud Map client the tier uses.
type API interface {
	CreatePrivateDnsNamespace(ctx context.Context, in *sd.CreatePrivateDnsNamespaceInput, optFns ...func(*sd.Options)) (*sd.CreatePrivateDnsNamespaceOutput, error)
	GetNamespace(ctx context.Context, in *sd.GetNamespaceInput, optFns ...func(*sd.Options)) (*sd.GetNamespaceOutput, error)
	DeleteNamespace(ctx context.Context, in *sd.DeleteNamespaceInput, optFns ...func(*sd.Options)) (*sd.DeleteNamespaceOutput, error)
	sd.ListNamespacesAPIClient
	GetOperation(ctx context.Context, in *sd.GetOperationInput, optFns ...func(*sd.Options)) (*sd.GetOperationOutput, error)
	CreateService(ctx context.Context, in *sd.CreateServiceInput, optFns ...func(*sd.Options)) (*sd.CreateServiceOutput, error)
	UpdateService(ctx context.Context, in *sd.UpdateServiceInput, optFns ...func(*sd.Options)) (*sd.UpdateServiceOutput, error)
	DeleteService(ctx context.Context, in *sd.DeleteServiceInput, optFns ...func(*sd.Options)) (*sd.DeleteServiceOutput, error)
	sd.ListServicesAPIClient
	ListTagsForResource(ctx context.Context, in *sd.ListTagsForResourceInput, optFns ...func(*sd.Options)) (*sd.ListTagsForResourceOutput, error)
	TagResource(ctx context.Context, in *sd.TagResourceInput, optFns ...func(*sd.Options)) (*sd.TagResourceOutput, error)
	UntagResource(ctx context.Context, in *sd.UntagResourceInput, optFns ...func(*sd.Options)) (*sd.UntagResourceOutput, error)
}

var _ API = (*sd.Client)(nil)

func fromTags(in []types.Tag) map[string]string {
	out := make(map[string]string, len(in))
	for _, t := range in {
		out[*t.Key] = *t.Value
	}
	return out
}

func toTags(in map[string]string) []types.Tag {
	out := make([]types.Tag, 0, len(in))
	for k, v := range in {
		out = append(out, types.Tag{Key: &k, Value: &v})
	}
	return out
}
