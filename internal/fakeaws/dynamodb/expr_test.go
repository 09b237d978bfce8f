package dynamodb

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"strings"
	"testing"

	v1 "github.com/aws/aws-sdk-go/service/dynamodb"
)

func s(v string) *v1.AttributeValue { return &v1.AttributeValue{S: &v} }
func n(v string) *v1.AttributeValue { return &v1.AttributeValue{N: &v} }

// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html
func TestConditions(t *testing.T) {
	it := item{
		"pk": s("lease"), "owner": s("a"), "expires": n("100"), "n": n("1.50"),
		"tags": {SS: []*string{strPtr("x"), strPtr("y")}},
		"m":    {M: item{"inner": {L: []*v1.AttributeValue{n("7")}}}},
	}
	names := map[string]*string{"#o": strPtr("owner"), "#e": strPtr("expires")}
	values := map[string]*v1.AttributeValue{":a": s("a"), ":b": s("b"), ":now": n("200"), ":early": n("50"), ":x": s("x"), ":le": s("le"), ":seven": n("7"), ":two": n("2"), ":S": s("S"), ":onefive": n("1.5")}
	for expr, want := range map[string]bool{
		"attribute_exists(pk)":                    true,
		"attribute_not_exists(pk)":                false,
		"attribute_not_exists(nope)":              true,
		"attribute_not_exists(pk) OR #e < :now":   true,
		"attribute_not_exists(pk) OR #e < :early": false,
		"#o = :a":                                 true,
		"#o <> :a":                                false,
		"#o = :b OR #o = :a AND #e > :early":      true, // AND binds tighter
		"(#o = :b OR #o = :a) AND #e > :now":      false,
		"NOT #o = :b":                             true,
		"not (#o = :a)":                           false,
		"#e >= :early AND #e <= :now":             true,
		"#e BETWEEN :early AND :now":              true,
		"#o IN (:b, :a)":                          true,
		"n = :onefive":                            true, // numbers compare by value
		"begins_with(pk, :le)":                    true,
		"contains(tags, :x)":                      true,
		"m.inner[0] = :seven":                     true,
		"size(tags) = :two":                       true,
		"attribute_type(pk, :S)":                  true,
		"missing <> :a":                           true, // absent: only <> holds
		"missing < :a":                            false,
		"#o < :now":                               false, // different types never order
		"attribute_exists(m.inner[3]) OR #o = :a": true,
		"((attribute_exists(pk)))":                true,
		"attribute_not_exists(pk) or #e < :now and #o=:b": false,
	} {
		ph := newPlaceholders(names, values)
		c, err := parseCondition(expr, ph)
		if err != nil {
			t.Errorf("%s: %v", expr, err)
			continue
		}
		if got := c(it); got != want {
			t.Errorf("%s = %v, want %v", expr, got, want)
		}
	}
}

func TestConditionErrors(t *testing.T) {
	values := map[string]*v1.AttributeValue{":a": s("a")}
	for expr, want := range map[string]string{
		"owner = :a":              "reserved keyword",
		"#x = :a":                 "attribute name",
		"pk = :missing":           "attribute value",
		"pk = ":                   "Syntax error",
		"(pk = :a":                "Syntax error",
		"pk = :a pk":              "Syntax error",
		"exists_not(pk)":          "Invalid function",
		"pk ! :a":                 "Syntax error",
		"attribute_exists(pk) OR": "Syntax error",
	} {
		_, err := parseCondition(expr, newPlaceholders(nil, values))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want it to mention %q", expr, err, want)
		}
	}
}

func TestUnusedPlaceholder(t *testing.T) {
	ph := newPlaceholders(nil, map[string]*v1.AttributeValue{":a": s("a"), ":b": s("b")})
	if _, err := parseCondition("pk = :a", ph); err != nil {
		t.Fatal(err)
	}
	if err := ph.unused(); err == nil || !strings.Contains(err.Error(), ":b") {
		t.Errorf("unused = %v, want :b reported", err)
	}
}

func TestUpdates(t *testing.T) {
	values := map[string]*v1.AttributeValue{":me": s("me"), ":one": n("1"), ":l": {L: []*v1.AttributeValue{n("9")}}, ":zero": n("0")}
	for expr, want := range map[string]string{
		"SET #o = :me":                           `owner:me`,
		"SET v = v + :one":                       `v:5`,
		"SET v = v - :one, c = :one":             `v:3 c:1`,
		"SET c = if_not_exists(c, :zero) + :one": `c:1`,
		"SET l = list_append(l, :l)":             `l:[2,9]`,
		"REMOVE v":                               `v:<nil>`,
		"SET #o = :me REMOVE v":                  `owner:me v:<nil>`,
		"ADD v :one":                             `v:5`,
		"ADD c :one":                             `c:1`,
		"SET m.a = :one":                         `m.a:1`,
		"set #o = :me remove v":                  `owner:me v:<nil>`,
	} {
		ph := newPlaceholders(map[string]*string{"#o": strPtr("owner")}, values)
		actions, err := parseUpdate(expr, ph)
		if err != nil {
			t.Errorf("%s: %v", expr, err)
			continue
		}
		it := item{"pk": s("k"), "v": n("4"), "l": {L: []*v1.AttributeValue{n("2")}}, "m": {M: item{}}}
		for _, a := range actions {
			if err := a.apply(it); err != nil {
				t.Errorf("%s: apply: %v", expr, err)
			}
		}
		for _, kv := range strings.Fields(want) {
			path, val, _ := strings.Cut(kv, ":")
			if got := render(lookupDotted(it, path)); got != val {
				t.Errorf("%s: %s = %s, want %s", expr, path, got, val)
			}
		}
	}
}

func TestUpdateErrors(t *testing.T) {
	values := map[string]*v1.AttributeValue{":a": s("a")}
	for _, expr := range []string{"SET", "SET x", "SET x = :a SET y = :a", "SET x = :a, x = :a", "DELETE x :a", "SET x = nope(y)"} {
		if _, err := parseUpdate(expr, newPlaceholders(nil, values)); err == nil {
			t.Errorf("%s: want an error", expr)
		}
	}
	ph := newPlaceholders(nil, values)
	actions, err := parseUpdate("SET x = x + :a", ph)
	if err != nil {
		t.Fatal(err)
	}
	if err := actions[0].apply(item{"x": s("b")}); err == nil {
		t.Error("string + string: want an operand type error")
	}
}

func strPtr(v string) *string { return &v }

func lookupDotted(it item, path string) *v1.AttributeValue {
	var p docPath
	for _, part := range strings.Split(path, ".") {
		p = append(p, step{name: part})
	}
	return p.get(it)
}

func render(v *v1.AttributeValue) string {
	switch {
	case v == nil:
		return "<nil>"
	case v.S != nil:
		return *v.S
	case v.N != nil:
		return *v.N
	case v.L != nil:
		var parts []string
		for _, e := range v.L {
			parts = append(parts, render(e))
		}
		return "[" + strings.Join(parts, ",") + "]"
	}
	return "?"
}
