package dynamodb_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go/logging"

	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
)

// checksumLogger records every line the SDK logs: the v2 SDK logs a
// DynamoDB answer whose X-Amz-Crc32 does not match its body instead of
// failing the call, so only the log shows it.
type checksumLogger struct {
	mu    sync.Mutex
	lines []string
}

func (l *checksumLogger) Logf(c logging.Classification, format string, v ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, string(c)+" "+fmt.Sprintf(format, v...))
}

// Every answer, a success or an error, carries the CRC32 of its body in
// X-Amz-Crc32, which the SDK checks: a lease's calls log no "did not match
// expected checksum" warning.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.LowLevelAPI.html (CRC32 checksum)
func TestAnswersCarryTheirCRC32(t *testing.T) {
	_, cfg := fakeawstest.Start(t)
	log := &checksumLogger{}
	cfg.Logger = log
	c := dynamodb.NewFromConfig(cfg)
	createLeases(t, c)
	ctx := t.Context()
	key := map[string]types.AttributeValue{"pk": str("reconciler")}
	if _, err := c.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("leases"), Item: map[string]types.AttributeValue{"pk": str("reconciler"), "owner": str("a")}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("leases"), Key: key}); err != nil {
		t.Fatal(err)
	}
	_, err := c.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("leases"), Item: map[string]types.AttributeValue{"pk": str("reconciler")},
		ConditionExpression: aws.String("attribute_not_exists(pk)")})
	wantCode(t, err, "ConditionalCheckFailedException")
	if _, err := c.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("none")}); err == nil {
		t.Fatal("DescribeTable of a missing table succeeded")
	}
	log.mu.Lock()
	defer log.mu.Unlock()
	for _, l := range log.lines {
		if strings.Contains(l, "checksum") {
			t.Errorf("the SDK logged %q", l)
		}
	}
}

// With ReturnValuesOnConditionCheckFailure=ALL_OLD a failed condition
// returns the item as stored in the exception's Item; without it, no item.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html#DDB-UpdateItem-request-ReturnValuesOnConditionCheckFailure
func TestConditionFailureReturnsTheOldItem(t *testing.T) {
	_, c := start(t)
	createLeases(t, c)
	ctx := t.Context()
	stored := map[string]types.AttributeValue{"pk": str("reconciler"), "owner": str("a"), "expires": num(100)}
	if _, err := c.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("leases"), Item: stored}); err != nil {
		t.Fatal(err)
	}
	cond := aws.String("#o = :me")
	names := map[string]string{"#o": "owner"}
	values := map[string]types.AttributeValue{":me": str("b")}
	key := map[string]types.AttributeValue{"pk": str("reconciler")}
	calls := map[string]func(types.ReturnValuesOnConditionCheckFailure) error{
		"UpdateItem": func(rv types.ReturnValuesOnConditionCheckFailure) error {
			_, err := c.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String("leases"), Key: key,
				UpdateExpression: aws.String("SET expires = :e"), ConditionExpression: cond, ExpressionAttributeNames: names,
				ExpressionAttributeValues: map[string]types.AttributeValue{":me": str("b"), ":e": num(200)}, ReturnValuesOnConditionCheckFailure: rv})
			return err
		},
		"PutItem": func(rv types.ReturnValuesOnConditionCheckFailure) error {
			_, err := c.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("leases"), Item: map[string]types.AttributeValue{"pk": str("reconciler")},
				ConditionExpression: cond, ExpressionAttributeNames: names, ExpressionAttributeValues: values, ReturnValuesOnConditionCheckFailure: rv})
			return err
		},
		"DeleteItem": func(rv types.ReturnValuesOnConditionCheckFailure) error {
			_, err := c.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String("leases"), Key: key,
				ConditionExpression: cond, ExpressionAttributeNames: names, ExpressionAttributeValues: values, ReturnValuesOnConditionCheckFailure: rv})
			return err
		},
	}
	for op, call := range calls {
		var ccf *types.ConditionalCheckFailedException
		if err := call(types.ReturnValuesOnConditionCheckFailureAllOld); !errors.As(err, &ccf) {
			t.Fatalf("%s: err = %v, want ConditionalCheckFailedException", op, err)
		}
		owner, _ := ccf.Item["owner"].(*types.AttributeValueMemberS)
		expires, _ := ccf.Item["expires"].(*types.AttributeValueMemberN)
		if len(ccf.Item) != 3 || owner == nil || owner.Value != "a" || expires == nil || expires.Value != "100" {
			t.Errorf("%s with ALL_OLD: Item = %#v, want the stored item", op, ccf.Item)
		}
		if err := call(types.ReturnValuesOnConditionCheckFailureNone); !errors.As(err, &ccf) || ccf.Item != nil {
			t.Errorf("%s with NONE: err = %v, item %v; want the exception without an item", op, err, ccf.Item)
		}
	}
	// Nothing changed.
	got, err := c.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("leases"), Key: key})
	if err != nil {
		t.Fatal(err)
	}
	if e, _ := got.Item["expires"].(*types.AttributeValueMemberN); e == nil || e.Value != "100" {
		t.Errorf("after the failed writes the item is %v", got.Item)
	}
}
