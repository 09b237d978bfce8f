package dynamodb_test

import (
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"

	"github.com/everruns/reconciler/internal/fakeaws"
	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
)

func start(t *testing.T) (*fakeaws.Server, *dynamodb.Client) {
	t.Helper()
	srv, cfg := fakeawstest.Start(t)
	return srv, dynamodb.NewFromConfig(cfg)
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("err = %v, want %s", err, code)
	}
	if ae.ErrorCode() != code {
		t.Errorf("code = %s (%s), want %s", ae.ErrorCode(), ae.ErrorMessage(), code)
	}
}

func createLeases(t *testing.T, c *dynamodb.Client) *dynamodb.CreateTableOutput {
	t.Helper()
	out, err := c.CreateTable(t.Context(), &dynamodb.CreateTableInput{
		TableName:            aws.String("leases"),
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
		BillingMode:          types.BillingModePayPerRequest,
	})
	if err != nil {
		t.Fatalf("CreateTable: %v", err)
	}
	return out
}

func str(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }
func num(v int64) types.AttributeValue {
	return &types.AttributeValueMemberN{Value: strconv.FormatInt(v, 10)}
}

// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeTable.html
func TestCreateThenDescribeTable(t *testing.T) {
	_, c := start(t)
	created := createLeases(t, c)
	if created.TableDescription.TableStatus != types.TableStatusCreating {
		t.Errorf("CreateTable status = %s, want CREATING", created.TableDescription.TableStatus)
	}
	out, err := c.DescribeTable(t.Context(), &dynamodb.DescribeTableInput{TableName: aws.String("leases")})
	if err != nil {
		t.Fatal(err)
	}
	d := out.Table
	if d.TableStatus != types.TableStatusActive || aws.ToString(d.TableArn) != "arn:aws:dynamodb:us-east-1:123456789012:table/leases" {
		t.Errorf("status %s arn %s", d.TableStatus, aws.ToString(d.TableArn))
	}
	if d.BillingModeSummary == nil || d.BillingModeSummary.BillingMode != types.BillingModePayPerRequest {
		t.Errorf("billing = %+v", d.BillingModeSummary)
	}
	if len(d.KeySchema) != 1 || aws.ToString(d.KeySchema[0].AttributeName) != "pk" {
		t.Errorf("key schema = %+v", d.KeySchema)
	}
}

// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html (Errors)
func TestCreateTableErrors(t *testing.T) {
	_, c := start(t)
	createLeases(t, c)
	_, err := c.CreateTable(t.Context(), &dynamodb.CreateTableInput{
		TableName:            aws.String("leases"),
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
		BillingMode:          types.BillingModePayPerRequest,
	})
	wantCode(t, err, "ResourceInUseException")
	_, err = c.CreateTable(t.Context(), &dynamodb.CreateTableInput{
		TableName:            aws.String("other"),
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
	})
	wantCode(t, err, "ValidationException") // PROVISIONED needs throughput
}

// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeTable.html (Errors)
func TestDescribeMissingTable(t *testing.T) {
	_, c := start(t)
	_, err := c.DescribeTable(t.Context(), &dynamodb.DescribeTableInput{TableName: aws.String("nope")})
	wantCode(t, err, "ResourceNotFoundException")
	_, err = c.GetItem(t.Context(), &dynamodb.GetItemInput{TableName: aws.String("nope"), Key: map[string]types.AttributeValue{"pk": str("x")}})
	wantCode(t, err, "ResourceNotFoundException")
}

// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_GetItem.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DeleteItem.html
func TestPutGetDeleteItem(t *testing.T) {
	_, c := start(t)
	createLeases(t, c)
	ctx, key := t.Context(), map[string]types.AttributeValue{"pk": str("a")}
	if _, err := c.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("leases"), Item: map[string]types.AttributeValue{"pk": str("a"), "n": num(1)}}); err != nil {
		t.Fatal(err)
	}
	prev, err := c.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("leases"), Item: map[string]types.AttributeValue{"pk": str("a"), "n": num(2)}, ReturnValues: types.ReturnValueAllOld})
	if err != nil {
		t.Fatal(err)
	}
	if got := prev.Attributes["n"].(*types.AttributeValueMemberN).Value; got != "1" {
		t.Errorf("ALL_OLD n = %s, want 1", got)
	}
	got, err := c.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("leases"), Key: key})
	if err != nil || got.Item["n"].(*types.AttributeValueMemberN).Value != "2" {
		t.Fatalf("GetItem = %+v, %v", got, err)
	}
	if _, err := c.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String("leases"), Key: key}); err != nil {
		t.Fatal(err)
	}
	got, err = c.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("leases"), Key: key})
	if err != nil || got.Item != nil {
		t.Errorf("after delete: %+v, %v; want no item and no error", got.Item, err)
	}
}

// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_GetItem.html (key must match the schema)
func TestKeyMustMatchSchema(t *testing.T) {
	_, c := start(t)
	createLeases(t, c)
	_, err := c.GetItem(t.Context(), &dynamodb.GetItemInput{TableName: aws.String("leases"), Key: map[string]types.AttributeValue{"pk": num(1)}})
	wantCode(t, err, "ValidationException")
	_, err = c.PutItem(t.Context(), &dynamodb.PutItemInput{TableName: aws.String("leases"), Item: map[string]types.AttributeValue{"other": str("x")}})
	wantCode(t, err, "ValidationException")
}

// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html
func TestUpdateItemSetRemoveReturnValues(t *testing.T) {
	_, c := start(t)
	createLeases(t, c)
	ctx, key := t.Context(), map[string]types.AttributeValue{"pk": str("a")}
	out, err := c.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName: aws.String("leases"), Key: key,
		UpdateExpression:          aws.String("SET #o = :me, fence = if_not_exists(fence, :zero) + :one"),
		ExpressionAttributeNames:  map[string]string{"#o": "owner"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":me": str("me"), ":zero": num(0), ":one": num(1)},
		ReturnValues:              types.ReturnValueAllNew,
	})
	if err != nil {
		t.Fatal(err)
	}
	if out.Attributes["fence"].(*types.AttributeValueMemberN).Value != "1" || out.Attributes["pk"] == nil {
		t.Errorf("ALL_NEW = %+v, want the new item with fence 1 (update creates the item)", out.Attributes)
	}
	out, err = c.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName: aws.String("leases"), Key: key,
		UpdateExpression: aws.String("REMOVE fence"), ReturnValues: types.ReturnValueUpdatedOld,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Attributes) != 1 || out.Attributes["fence"] == nil {
		t.Errorf("UPDATED_OLD = %+v, want only the old fence", out.Attributes)
	}
	_, err = c.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName: aws.String("leases"), Key: key, UpdateExpression: aws.String("SET pk = :x"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":x": str("x")},
	})
	wantCode(t, err, "ValidationException") // key attributes cannot be updated
}

// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ExpressionAttributeNames.html
func TestExpressionValidation(t *testing.T) {
	_, c := start(t)
	createLeases(t, c)
	ctx := t.Context()
	item := map[string]types.AttributeValue{"pk": str("a")}
	for name, in := range map[string]*dynamodb.PutItemInput{
		"reserved word":     {ConditionExpression: aws.String("owner = :me"), ExpressionAttributeValues: map[string]types.AttributeValue{":me": str("me")}},
		"syntax":            {ConditionExpression: aws.String("attribute_not_exists(pk) OR")},
		"undefined value":   {ConditionExpression: aws.String("pk = :nope")},
		"unused value":      {ConditionExpression: aws.String("attribute_not_exists(pk)"), ExpressionAttributeValues: map[string]types.AttributeValue{":x": str("x")}},
		"bad return values": {ReturnValues: types.ReturnValueAllNew},
	} {
		t.Run(name, func(t *testing.T) {
			in.TableName, in.Item = aws.String("leases"), item
			_, err := c.PutItem(ctx, in)
			wantCode(t, err, "ValidationException")
		})
	}
}

// The lease of docs/architecture.md: acquire with a conditional put that
// succeeds when nobody holds the lease or it has expired, renew with a
// conditional update on the owner. Expiry follows the fake's clock.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html (ConditionExpression)
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html (ConditionExpression)
func TestLeaseAcquireRenewTakeover(t *testing.T) {
	srv, c := start(t)
	createLeases(t, c)
	ctx := t.Context()
	acquire := func(who string) error {
		now := srv.Clock().Now().Unix()
		_, err := c.PutItem(ctx, &dynamodb.PutItemInput{
			TableName:                 aws.String("leases"),
			Item:                      map[string]types.AttributeValue{"pk": str("reconciler"), "owner": str(who), "expires": num(now + 30)},
			ConditionExpression:       aws.String("attribute_not_exists(pk) OR expires < :now"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":now": num(now)},
		})
		return err
	}
	renew := func(who string) error {
		now := srv.Clock().Now().Unix()
		_, err := c.UpdateItem(ctx, &dynamodb.UpdateItemInput{
			TableName: aws.String("leases"), Key: map[string]types.AttributeValue{"pk": str("reconciler")},
			UpdateExpression:          aws.String("SET expires = :exp"),
			ConditionExpression:       aws.String("#owner = :me"),
			ExpressionAttributeNames:  map[string]string{"#owner": "owner"},
			ExpressionAttributeValues: map[string]types.AttributeValue{":me": str(who), ":exp": num(now + 30)},
		})
		return err
	}
	if err := acquire("a"); err != nil {
		t.Fatalf("a acquires a free lease: %v", err)
	}
	wantCode(t, acquire("b"), "ConditionalCheckFailedException")
	wantCode(t, renew("b"), "ConditionalCheckFailedException")
	srv.Clock().Advance(20 * time.Second)
	if err := renew("a"); err != nil {
		t.Fatalf("a renews: %v", err)
	}
	srv.Clock().Advance(20 * time.Second)
	wantCode(t, acquire("b"), "ConditionalCheckFailedException") // renewed: not yet expired
	srv.Clock().Advance(20 * time.Second)
	if err := acquire("b"); err != nil {
		t.Fatalf("b takes over an expired lease: %v", err)
	}
	wantCode(t, renew("a"), "ConditionalCheckFailedException")
}

// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DeleteItem.html (ConditionExpression)
func TestConditionalDelete(t *testing.T) {
	_, c := start(t)
	createLeases(t, c)
	ctx := t.Context()
	if _, err := c.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("leases"), Item: map[string]types.AttributeValue{"pk": str("a"), "owner": str("x")}}); err != nil {
		t.Fatal(err)
	}
	del := &dynamodb.DeleteItemInput{
		TableName: aws.String("leases"), Key: map[string]types.AttributeValue{"pk": str("a")},
		ConditionExpression: aws.String("#o = :me"), ExpressionAttributeNames: map[string]string{"#o": "owner"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":me": str("y")},
	}
	_, err := c.DeleteItem(ctx, del)
	wantCode(t, err, "ConditionalCheckFailedException")
	del.ExpressionAttributeValues[":me"] = str("x")
	if _, err := c.DeleteItem(ctx, del); err != nil {
		t.Errorf("owner deletes: %v", err)
	}
}
