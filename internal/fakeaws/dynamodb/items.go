package dynamodb

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"encoding/json"
	"fmt"
	"maps"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/private/protocol/json/jsonutil"
	v1 "github.com/aws/aws-sdk-go/service/dynamodb"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// keyOf checks that key holds exactly the table's key attributes with their
// types and returns its encoding, the index of the item map.
func (t *table) keyOf(key item, exact bool) (string, error) {
	names := []string{t.hash}
	if t.rng != "" {
		names = append(names, t.rng)
	}
	if exact && len(key) != len(names) {
		return "", validation("The provided key element does not match the schema")
	}
	parts := make([]string, 0, 2)
	for _, n := range names {
		v := key[n]
		if v == nil {
			if exact {
				return "", validation("The provided key element does not match the schema")
			}
			return "", validation("One or more parameter values were invalid: Missing the key %s in the item", n)
		}
		if typeOf(v) != t.types[n] {
			return "", validation("One or more parameter values were invalid: Type mismatch for key %s expected: %s actual: %s", n, t.types[n], typeOf(v))
		}
		b, _ := json.Marshal(v)
		parts = append(parts, string(b))
	}
	b, _ := json.Marshal(parts)
	return string(b), nil
}

// condition evaluates ConditionExpression (if any) against old, the item
// as stored (nil if none).
func condition(expr *string, ph *placeholders, old item) (bool, error) {
	if expr == nil {
		return true, nil
	}
	c, err := parseCondition(*expr, ph)
	if err != nil {
		return false, validation("Invalid ConditionExpression: %v", err)
	}
	return c(old), nil
}

func returnValues(rv *string, allowed ...string) (string, error) {
	v := aws.StringValue(rv)
	if v == "" {
		return "NONE", nil
	}
	for _, a := range allowed {
		if v == a {
			return v, nil
		}
	}
	return "", validation("ReturnValues can only be %v", allowed)
}

// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_GetItem.html
// An absent item is an empty answer, not an error.
func (s *Service) getItem(req *core.Request) (any, error) {
	var in v1.GetItemInput
	if err := req.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.lookup(req.Region, aws.StringValue(in.TableName))
	if err != nil {
		return nil, err
	}
	k, err := t.keyOf(in.Key, true)
	if err != nil {
		return nil, err
	}
	return &v1.GetItemOutput{Item: t.items[k]}, nil
}

// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html
func (s *Service) putItem(req *core.Request) (any, error) {
	var in v1.PutItemInput
	if err := req.Decode(&in); err != nil {
		return nil, err
	}
	w := conditionalWrite{table: in.TableName, key: in.Item, returnValues: in.ReturnValues, onFailure: in.ReturnValuesOnConditionCheckFailure,
		condition: in.ConditionExpression, names: in.ExpressionAttributeNames, values: in.ExpressionAttributeValues}
	old, err := s.write(req, w, func(t *table, k string) { t.items[k] = in.Item })
	if err != nil {
		return nil, err
	}
	return &v1.PutItemOutput{Attributes: old}, nil
}

// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DeleteItem.html
func (s *Service) deleteItem(req *core.Request) (any, error) {
	var in v1.DeleteItemInput
	if err := req.Decode(&in); err != nil {
		return nil, err
	}
	w := conditionalWrite{table: in.TableName, key: in.Key, keyOnly: true, returnValues: in.ReturnValues, onFailure: in.ReturnValuesOnConditionCheckFailure,
		condition: in.ConditionExpression, names: in.ExpressionAttributeNames, values: in.ExpressionAttributeValues}
	old, err := s.write(req, w, func(t *table, k string) { delete(t.items, k) })
	if err != nil {
		return nil, err
	}
	return &v1.DeleteItemOutput{Attributes: old}, nil
}

// conditionalWrite is what PutItem and DeleteItem share: a key, an
// optional condition on the current item, and ReturnValues NONE or ALL_OLD.
type conditionalWrite struct {
	table        *string
	key          map[string]*v1.AttributeValue
	keyOnly      bool // the key must hold the key attributes only (DeleteItem)
	returnValues *string
	onFailure    *string // ReturnValuesOnConditionCheckFailure
	condition    *string
	names        map[string]*string
	values       map[string]*v1.AttributeValue
}

// write checks the condition against the current item and, when it holds,
// applies change under the service's lock; it returns the old item when
// ReturnValues asks for ALL_OLD.
func (s *Service) write(req *core.Request, w conditionalWrite, change func(t *table, key string)) (map[string]*v1.AttributeValue, error) {
	rv, err := returnValues(w.returnValues, "NONE", "ALL_OLD")
	if err != nil {
		return nil, err
	}
	onFailure, err := onConditionFailure(w.onFailure)
	if err != nil {
		return nil, err
	}
	ph := newPlaceholders(w.names, w.values)
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.lookup(req.Region, aws.StringValue(w.table))
	if err != nil {
		return nil, err
	}
	k, err := t.keyOf(w.key, w.keyOnly)
	if err != nil {
		return nil, err
	}
	old := t.items[k]
	ok, err := condition(w.condition, ph, old)
	if err != nil {
		return nil, err
	}
	if err := ph.unused(); err != nil {
		return nil, validation("%v", err)
	}
	if !ok {
		return nil, conditionFailedWith(onFailure, old)
	}
	change(t, k)
	if rv != "ALL_OLD" {
		return nil, nil
	}
	return old, nil
}

// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html
// An update of an absent item creates it from the key (an upsert).
func (s *Service) updateItem(req *core.Request) (any, error) {
	var in v1.UpdateItemInput
	if err := req.Decode(&in); err != nil {
		return nil, err
	}
	rv, err := returnValues(in.ReturnValues, "NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW")
	if err != nil {
		return nil, err
	}
	onFailure, err := onConditionFailure(in.ReturnValuesOnConditionCheckFailure)
	if err != nil {
		return nil, err
	}
	ph := newPlaceholders(in.ExpressionAttributeNames, in.ExpressionAttributeValues)
	var actions []action
	if in.UpdateExpression != nil {
		if actions, err = parseUpdate(*in.UpdateExpression, ph); err != nil {
			return nil, validation("Invalid UpdateExpression: %v", err)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.lookup(req.Region, aws.StringValue(in.TableName))
	if err != nil {
		return nil, err
	}
	k, err := t.keyOf(in.Key, true)
	if err != nil {
		return nil, err
	}
	old := t.items[k]
	ok, err := condition(in.ConditionExpression, ph, old)
	if err != nil {
		return nil, err
	}
	if err := ph.unused(); err != nil {
		return nil, validation("%v", err)
	}
	if !ok {
		return nil, conditionFailedWith(onFailure, old)
	}
	updated, err := t.apply(old, in.Key, actions)
	if err != nil {
		return nil, err
	}
	t.items[k] = updated
	return &v1.UpdateItemOutput{Attributes: returned(rv, old, updated, actions)}, nil
}

// apply runs the actions on a copy of old (or of the key, for a new item),
// refusing to change a key attribute.
func (t *table) apply(old, key item, actions []action) (item, error) {
	next := maps.Clone(old)
	if next == nil {
		next = maps.Clone(key)
	}
	for _, a := range actions {
		if n := a.path[0].name; n == t.hash || n == t.rng {
			return nil, validation("One or more parameter values were invalid: Cannot update attribute %s. This attribute is part of the key", n)
		}
		if err := a.apply(next); err != nil {
			return nil, validation("%v", err)
		}
	}
	return next, nil
}

// returned picks the attributes UpdateItem's ReturnValues asks for; the
// UPDATED_* variants hold the top-level attributes the actions touched.
func returned(rv string, old, updated item, actions []action) item {
	pick := func(from item) item {
		out := item{}
		for _, a := range actions {
			if v, ok := from[a.path[0].name]; ok {
				out[a.path[0].name] = v
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	}
	switch rv {
	case "ALL_OLD":
		return old
	case "ALL_NEW":
		return updated
	case "UPDATED_OLD":
		return pick(old)
	case "UPDATED_NEW":
		return pick(updated)
	}
	return nil
}

// onConditionFailure reads ReturnValuesOnConditionCheckFailure: NONE (the
// default) or ALL_OLD.
func onConditionFailure(v *string) (string, error) {
	switch aws.StringValue(v) {
	case "", "NONE":
		return "NONE", nil
	case "ALL_OLD":
		return "ALL_OLD", nil
	}
	return "", validation("1 validation error detected: Value '%s' at 'returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, NONE]", aws.StringValue(v))
}

// conditionFailedWith is ConditionalCheckFailedException carrying, when
// the request asked for ALL_OLD, the item as stored in its Item member
// (absent when there was no item), as the API reference documents for
// PutItem, UpdateItem and DeleteItem.
func conditionFailedWith(onFailure string, old item) error {
	e := conditionFailed()
	if onFailure != "ALL_OLD" || old == nil {
		return e
	}
	b, err := jsonutil.BuildJSON(&v1.GetItemOutput{Item: old})
	if err != nil {
		return fmt.Errorf("encode the item of a failed condition: %w", err)
	}
	var wrapped struct{ Item json.RawMessage }
	if err := json.Unmarshal(b, &wrapped); err != nil {
		return fmt.Errorf("encode the item of a failed condition: %w", err)
	}
	e.Fields = map[string]any{"Item": wrapped.Item}
	return e
}
