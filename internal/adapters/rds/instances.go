package rds

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/rds/types"

	"github.com/everruns/reconciler/pkg/reconcile"
)

// InstancesAPI is the one call Instances makes.
type InstancesAPI interface {
	DescribeDBInstances(ctx context.Context, in *rds.DescribeDBInstancesInput, optFns ...func(*rds.Options)) (*rds.DescribeDBInstancesOutput, error)
}

// Instances is every DB instance of the region: one paginated
// DescribeDBInstances per pass, shared by the instance kind and the
// database credentials kind of package secretsmanager (which finds the
// instance a secret points at by its endpoint). RDS has no tag filter on
// instances, so both read the whole list anyway.
func Instances(ctx context.Context, api InstancesAPI) ([]types.DBInstance, error) {
	return reconcile.Shared(ctx, "rds:DescribeDBInstances", func(ctx context.Context) ([]types.DBInstance, error) {
		var all []types.DBInstance
		p := rds.NewDescribeDBInstancesPaginator(api, &rds.DescribeDBInstancesInput{})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, fmt.Errorf("list db instances: %w", err)
			}
			all = append(all, page.DBInstances...)
		}
		return all, nil
	})
}
