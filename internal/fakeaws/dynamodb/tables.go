package dynamodb

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"regexp"
	"time"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/dynamodb"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

type table struct {
	name, region, arn, id string
	hash, rng             string            // key attribute names; rng may be ""
	types                 map[string]string // key attribute → S, N or B
	billing               string
	throughput            *v1.ProvisionedThroughput
	created               time.Time
	items                 map[string]item // by encoded key
}

var tableName = regexp.MustCompile(`^[a-zA-Z0-9_.-]{3,255}$`)

func (t *table) shape(status string) *v1.TableDescription {
	keys := []*v1.KeySchemaElement{{AttributeName: aws.String(t.hash), KeyType: aws.String("HASH")}}
	defs := []*v1.AttributeDefinition{{AttributeName: aws.String(t.hash), AttributeType: aws.String(t.types[t.hash])}}
	if t.rng != "" {
		keys = append(keys, &v1.KeySchemaElement{AttributeName: aws.String(t.rng), KeyType: aws.String("RANGE")})
		defs = append(defs, &v1.AttributeDefinition{AttributeName: aws.String(t.rng), AttributeType: aws.String(t.types[t.rng])})
	}
	pt := &v1.ProvisionedThroughputDescription{NumberOfDecreasesToday: aws.Int64(0), ReadCapacityUnits: aws.Int64(0), WriteCapacityUnits: aws.Int64(0)}
	if t.throughput != nil {
		pt.ReadCapacityUnits, pt.WriteCapacityUnits = t.throughput.ReadCapacityUnits, t.throughput.WriteCapacityUnits
	}
	return &v1.TableDescription{
		TableName: aws.String(t.name), TableArn: aws.String(t.arn), TableId: aws.String(t.id),
		TableStatus: aws.String(status), KeySchema: keys, AttributeDefinitions: defs,
		CreationDateTime: aws.Time(t.created), ItemCount: aws.Int64(int64(len(t.items))), TableSizeBytes: aws.Int64(0),
		BillingModeSummary:        &v1.BillingModeSummary{BillingMode: aws.String(t.billing)},
		ProvisionedThroughput:     pt,
		DeletionProtectionEnabled: aws.Bool(false),
	}
}

// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html
// The answer says CREATING; the fake makes the table ACTIVE at once, which
// AWS allows (a waiter or a DescribeTable poll sees ACTIVE at the first try).
func (s *Service) createTable(req *core.Request) (any, error) {
	var in v1.CreateTableInput
	if err := req.Decode(&in); err != nil {
		return nil, err
	}
	t, err := s.newTable(req.Region, &in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, exists := s.tables[req.Region+"/"+t.name]; exists {
		return nil, core.BadRequest("ResourceInUseException", "Table already exists: %s", t.name)
	}
	t.created = s.env.Clock.Now()
	s.tables[req.Region+"/"+t.name] = t
	return &v1.CreateTableOutput{TableDescription: t.shape("CREATING")}, nil
}

// newTable validates a CreateTable request as DynamoDB does: a HASH key and
// an optional RANGE key, each defined exactly once in AttributeDefinitions
// with type S, N or B, and a billing mode consistent with the throughput.
func (s *Service) newTable(region string, in *v1.CreateTableInput) (*table, error) {
	name := aws.StringValue(in.TableName)
	if !tableName.MatchString(name) {
		return nil, validation("1 validation error detected: Value '%s' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+ and length 3 to 255", name)
	}
	t := &table{name: name, region: region, arn: core.ARN("dynamodb", region, "table/"+name), id: s.env.IDs.UUID(), types: map[string]string{}, items: map[string]item{}}
	for _, d := range in.AttributeDefinitions {
		typ := aws.StringValue(d.AttributeType)
		if typ != "S" && typ != "N" && typ != "B" {
			return nil, validation("Member must satisfy enum value set: [B, N, S]")
		}
		t.types[aws.StringValue(d.AttributeName)] = typ
	}
	for _, k := range in.KeySchema {
		n := aws.StringValue(k.AttributeName)
		if _, ok := t.types[n]; !ok {
			return nil, validation("One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [%s], AttributeDefinitions: %v", n, keysOf(t.types))
		}
		switch {
		case aws.StringValue(k.KeyType) == "HASH" && t.hash == "":
			t.hash = n
		case aws.StringValue(k.KeyType) == "RANGE" && t.rng == "":
			t.rng = n
		default:
			return nil, validation("Invalid KeySchema: Some index key attribute have no definition")
		}
	}
	if t.hash == "" {
		return nil, validation("1 validation error detected: Value null at 'keySchema' failed to satisfy constraint: Member must not be null")
	}
	want := 1
	if t.rng != "" {
		want = 2
	}
	if len(t.types) != want {
		return nil, validation("One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions")
	}
	return t, s.billing(t, in)
}

func (s *Service) billing(t *table, in *v1.CreateTableInput) error {
	t.billing = aws.StringValue(in.BillingMode)
	if t.billing == "" {
		t.billing = "PROVISIONED"
	}
	switch {
	case t.billing == "PAY_PER_REQUEST" && in.ProvisionedThroughput != nil:
		return validation("One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST")
	case t.billing == "PROVISIONED" && in.ProvisionedThroughput == nil:
		return validation("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED")
	case t.billing != "PROVISIONED" && t.billing != "PAY_PER_REQUEST":
		return validation("Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]")
	}
	t.throughput = in.ProvisionedThroughput
	return nil
}

func keysOf(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeTable.html
func (s *Service) describeTable(req *core.Request) (any, error) {
	var in v1.DescribeTableInput
	if err := req.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.lookup(req.Region, aws.StringValue(in.TableName))
	if err != nil {
		return nil, err
	}
	return &v1.DescribeTableOutput{Table: t.shape("ACTIVE")}, nil
}

// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DeleteTable.html
// The table is gone at once; the answer says DELETING.
func (s *Service) deleteTable(req *core.Request) (any, error) {
	var in v1.DeleteTableInput
	if err := req.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.lookup(req.Region, aws.StringValue(in.TableName))
	if err != nil {
		return nil, err
	}
	delete(s.tables, req.Region+"/"+t.name)
	return &v1.DeleteTableOutput{TableDescription: t.shape("DELETING")}, nil
}
