package lease

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Nudge asks the holder, whichever replica it is, for a pass: a trigger (a
// webhook) may reach a replica that does not hold the lease. It atomically
// increments the record's pass_requested; the holder sees the change at its
// next renewal, within one retry period, and signals Nudged. It leaves the
// rvn alone, so a nudge never makes a dead holder look alive. Without a
// record nobody holds the lease, and the first holder starts with a pass
// anyway, so there is nothing to do.
func (l *Lease) Nudge(ctx context.Context) error {
	e := newExpr()
	_, err := l.api.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String(l.table), Key: l.key(),
		ConditionExpression:      aws.String("attribute_exists(" + e.n(attrKey) + ")"),
		UpdateExpression:         aws.String("ADD " + e.n(attrRequests) + " " + e.v(num(1))),
		ExpressionAttributeNames: e.names, ExpressionAttributeValues: e.values})
	var noRecord *types.ConditionalCheckFailedException
	if err != nil && !errors.As(err, &noRecord) {
		return fmt.Errorf("nudge lease %s: %w", l.cfg.key, err)
	}
	return nil
}
