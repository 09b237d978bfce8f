package lease

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// EnsureTable creates the lease table if it does not exist (on-demand
// billing, partition key lease_id of type string) and waits until it is
// ACTIVE. An existing table must have that key. Two replicas starting
// together may both try to create it; the loser waits like the winner.
func (l *Lease) EnsureTable(ctx context.Context) error {
	for {
		desc, err := l.api.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(l.table)})
		var missing *types.ResourceNotFoundException
		switch {
		case errors.As(err, &missing):
			if err := l.createTable(ctx); err != nil {
				return err
			}
			continue
		case err != nil:
			return fmt.Errorf("describe lease table %s: %w", l.table, err)
		}
		if err := checkKeySchema(desc.Table); err != nil {
			return fmt.Errorf("lease table %s: %w", l.table, err)
		}
		if desc.Table.TableStatus == types.TableStatusActive {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("wait for lease table %s: %w", l.table, ctx.Err())
		case <-l.cfg.clock.After(l.cfg.retryPeriod / 5):
		}
	}
}

func (l *Lease) createTable(ctx context.Context) error {
	_, err := l.api.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:            aws.String(l.table),
		BillingMode:          types.BillingModePayPerRequest,
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String(attrKey), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String(attrKey), KeyType: types.KeyTypeHash}},
	})
	var exists *types.ResourceInUseException
	if err != nil && !errors.As(err, &exists) {
		return fmt.Errorf("create lease table %s: %w", l.table, err)
	}
	return nil
}

// errUnusableTable says the table exists but the lease cannot use it:
// trying again will not help.
var errUnusableTable = errors.New("unusable table")

// checkKeySchema refuses a table the lease cannot use, rather than failing
// every write with a validation error.
func checkKeySchema(t *types.TableDescription) error {
	if len(t.KeySchema) != 1 || aws.ToString(t.KeySchema[0].AttributeName) != attrKey {
		return fmt.Errorf("%w: want one key, %s", errUnusableTable, attrKey)
	}
	for _, d := range t.AttributeDefinitions {
		if aws.ToString(d.AttributeName) == attrKey && d.AttributeType != types.ScalarAttributeTypeS {
			return fmt.Errorf("%w: want key %s of type S", errUnusableTable, attrKey)
		}
	}
	return nil
}
