//go:build kumo

package crosscheck

import (
	"context"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

const ddbRef = "https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/"

func createTable(ctx context.Context, c *dynamodb.Client, name string) error {
	_, err := c.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:            aws.String(name),
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
		BillingMode:          types.BillingModePayPerRequest,
	})
	return err
}

func str(s string) types.AttributeValue { return &types.AttributeValueMemberS{Value: s} }
func num(n int) types.AttributeValue    { return &types.AttributeValueMemberN{Value: strconv.Itoa(n)} }

func key(pk string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{"pk": str(pk)}
}

// tableWith creates a table holding the item {pk: "k", v: 1}.
func tableWith(ctx context.Context, c *dynamodb.Client, name string) error {
	if err := createTable(ctx, c, name); err != nil {
		return err
	}
	_, err := c.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(name), Item: map[string]types.AttributeValue{"pk": str("k"), "v": num(1)}})
	return err
}

// leaseNames spells the lease's attributes through placeholders: OWNER is a
// DynamoDB reserved word.
var leaseNames = map[string]string{"#o": "owner", "#e": "expires"}

// acquire takes the lease for owner at time now if nobody holds it or the
// holder's lease has expired.
func acquire(ctx context.Context, c *dynamodb.Client, table, owner string, now, until int) error {
	_, err := c.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:                 aws.String(table),
		Item:                      map[string]types.AttributeValue{"pk": str("lease"), "owner": str(owner), "expires": num(until)},
		ConditionExpression:       aws.String("attribute_not_exists(pk) OR #e < :now"),
		ExpressionAttributeNames:  map[string]string{"#e": "expires"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":now": num(now)},
	})
	return err
}

// renew extends the lease only while owner still holds it.
func renew(ctx context.Context, c *dynamodb.Client, table, owner string, until int) error {
	_, err := c.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 aws.String(table),
		Key:                       key("lease"),
		UpdateExpression:          aws.String("SET #e = :until"),
		ConditionExpression:       aws.String("#o = :me"),
		ExpressionAttributeNames:  leaseNames,
		ExpressionAttributeValues: map[string]types.AttributeValue{":until": num(until), ":me": str(owner)},
	})
	return err
}

func dynamoCases() []testCase {
	return []testCase{
		{
			name: "dynamodb: CreateTable twice", ref: ddbRef + "API_CreateTable.html",
			want: "error:ResourceInUseException",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				c := dynamodb.NewFromConfig(cfg)
				if err := createTable(ctx, c, p+"-t"); err != nil {
					return "first " + errorOutcome(err)
				}
				return outcome(createTable(ctx, c, p+"-t"))
			},
		},
		{
			name: "dynamodb: GetItem on a missing table", ref: ddbRef + "API_GetItem.html",
			want: "error:ResourceNotFoundException",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				_, err := dynamodb.NewFromConfig(cfg).GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(p + "-missing"), Key: key("k")})
				return outcome(err)
			},
		},
		{
			name: "dynamodb: GetItem of a missing item returns no Item", ref: ddbRef + "API_GetItem.html",
			want: "ok:no item",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				c := dynamodb.NewFromConfig(cfg)
				if err := createTable(ctx, c, p+"-t"); err != nil {
					return "setup " + errorOutcome(err)
				}
				out, err := c.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(p + "-t"), Key: key("nobody")})
				if err != nil {
					return errorOutcome(err)
				}
				if out.Item == nil {
					return "ok:no item"
				}
				return "ok:item with " + strconv.Itoa(len(out.Item)) + " attributes"
			},
		},
		{
			name: "dynamodb: PutItem with attribute_not_exists(pk) on an existing item", ref: ddbRef + "API_PutItem.html",
			want: "error:ConditionalCheckFailedException",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				c := dynamodb.NewFromConfig(cfg)
				if err := tableWith(ctx, c, p+"-t"); err != nil {
					return "setup " + errorOutcome(err)
				}
				_, err := c.PutItem(ctx, &dynamodb.PutItemInput{
					TableName: aws.String(p + "-t"), Item: map[string]types.AttributeValue{"pk": str("k"), "v": num(2)},
					ConditionExpression: aws.String("attribute_not_exists(pk)"),
				})
				return outcome(err)
			},
		},
		{
			name: "dynamodb: UpdateItem with a failing condition", ref: ddbRef + "API_UpdateItem.html",
			want: "error:ConditionalCheckFailedException",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				c := dynamodb.NewFromConfig(cfg)
				if err := tableWith(ctx, c, p+"-t"); err != nil {
					return "setup " + errorOutcome(err)
				}
				_, err := c.UpdateItem(ctx, &dynamodb.UpdateItemInput{
					TableName: aws.String(p + "-t"), Key: key("k"),
					UpdateExpression:          aws.String("SET v = :two"),
					ConditionExpression:       aws.String("v = :three"),
					ExpressionAttributeValues: map[string]types.AttributeValue{":two": num(2), ":three": num(3)},
				})
				return outcome(err)
			},
		},
		{
			name: "dynamodb: UpdateItem with ReturnValues ALL_NEW", ref: ddbRef + "API_UpdateItem.html",
			want: "ok:pk=k,v=2",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				c := dynamodb.NewFromConfig(cfg)
				if err := tableWith(ctx, c, p+"-t"); err != nil {
					return "setup " + errorOutcome(err)
				}
				out, err := c.UpdateItem(ctx, &dynamodb.UpdateItemInput{
					TableName: aws.String(p + "-t"), Key: key("k"),
					UpdateExpression:          aws.String("SET v = v + :one"),
					ExpressionAttributeValues: map[string]types.AttributeValue{":one": num(1)},
					ReturnValues:              types.ReturnValueAllNew,
				})
				if err != nil {
					return errorOutcome(err)
				}
				return "ok:" + render(out.Attributes)
			},
		},
		{
			name: "dynamodb: UpdateItem of a missing item creates it", ref: ddbRef + "API_UpdateItem.html",
			want: "ok:pk=new,v=5",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				c := dynamodb.NewFromConfig(cfg)
				if err := createTable(ctx, c, p+"-t"); err != nil {
					return "setup " + errorOutcome(err)
				}
				if _, err := c.UpdateItem(ctx, &dynamodb.UpdateItemInput{
					TableName: aws.String(p + "-t"), Key: key("new"),
					UpdateExpression:          aws.String("SET v = :five"),
					ExpressionAttributeValues: map[string]types.AttributeValue{":five": num(5)},
				}); err != nil {
					return errorOutcome(err)
				}
				out, err := c.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(p + "-t"), Key: key("new"), ConsistentRead: aws.Bool(true)})
				if err != nil {
					return "get " + errorOutcome(err)
				}
				return "ok:" + render(out.Item)
			},
		},
		{
			name: "dynamodb: DeleteItem with ReturnValues ALL_OLD", ref: ddbRef + "API_DeleteItem.html",
			want: "ok:pk=k,v=1",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				c := dynamodb.NewFromConfig(cfg)
				if err := tableWith(ctx, c, p+"-t"); err != nil {
					return "setup " + errorOutcome(err)
				}
				out, err := c.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(p + "-t"), Key: key("k"), ReturnValues: types.ReturnValueAllOld})
				if err != nil {
					return errorOutcome(err)
				}
				return "ok:" + render(out.Attributes)
			},
		},
		{
			name: "dynamodb: a conditional lease: acquire, contested, renew, expire, take over, stale renew", ref: ddbRef + "API_PutItem.html",
			want: "ok:acquire=ok,contest=ConditionalCheckFailedException,renew=ok,takeover=ok,stale renew=ConditionalCheckFailedException",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				c := dynamodb.NewFromConfig(cfg)
				table := p + "-leases"
				if err := createTable(ctx, c, table); err != nil {
					return "setup " + errorOutcome(err)
				}
				short := func(err error) string { return strings.TrimPrefix(outcome(err), "error:") }
				steps := []string{
					"acquire=" + short(acquire(ctx, c, table, "a", 0, 100)),
					"contest=" + short(acquire(ctx, c, table, "b", 50, 150)),
					"renew=" + short(renew(ctx, c, table, "a", 200)),
					"takeover=" + short(acquire(ctx, c, table, "b", 250, 350)),
					"stale renew=" + short(renew(ctx, c, table, "a", 400)),
				}
				return "ok:" + strings.Join(steps, ",")
			},
		},
	}
}

// render prints an item's string and number attributes in name order.
func render(item map[string]types.AttributeValue) string {
	if item == nil {
		return "no attributes"
	}
	var parts []string
	for _, name := range []string{"pk", "v"} {
		switch v := item[name].(type) {
		case *types.AttributeValueMemberS:
			parts = append(parts, name+"="+v.Value)
		case *types.AttributeValueMemberN:
			parts = append(parts, name+"="+v.Value)
		}
	}
	if len(parts) != len(item) {
		parts = append(parts, strconv.Itoa(len(item))+" attributes")
	}
	return strings.Join(parts, ",")
}
