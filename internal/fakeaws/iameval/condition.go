package iameval

import "strings"

// condition evaluates one condition key of one operator: op as written
// ("ForAnyValue:StringLike", "StringEqualsIfExists"), the policy's values
// for the key, and the request's values (present says whether the request
// has the key at all).
//
// The rules, from "Condition operators" and "Set operators for
// multivalued context keys":
//   - the policy's values are alternatives: one matching is enough;
//   - without a set operator, a missing key makes a positive operator
//     false and a negated one (StringNotEquals, ArnNotLike) true; with a
//     present key, a positive operator holds when any of the request's
//     values matches, a negated one when none does;
//   - ForAnyValue: a missing or empty key is false; otherwise true when
//     some request value satisfies the operator;
//   - ForAllValues: a missing or empty key is true; otherwise true when
//     every request value satisfies the operator;
//   - …IfExists: a missing key is true;
//   - Null: "true" holds when the key is missing, "false" when present.
func condition(op string, want, got []string, present bool) bool {
	set, base := "", op
	if s, rest, ok := strings.Cut(op, ":"); ok {
		set, base = s, rest
	}
	ifExists := strings.HasSuffix(base, "IfExists")
	base = strings.TrimSuffix(base, "IfExists")
	if base == "Null" {
		for _, w := range want {
			if strings.EqualFold(w, "true") != present {
				return true
			}
		}
		return false
	}
	match, negated, known := operator(base)
	if !known {
		return false // an operator this evaluator does not know never holds: it cannot allow
	}
	if !present && ifExists {
		return true
	}
	satisfies := func(v string) bool {
		for _, w := range want {
			if match(w, v) {
				return !negated
			}
		}
		return negated
	}
	switch set {
	case "ForAnyValue":
		for _, v := range got {
			if satisfies(v) {
				return true
			}
		}
		return false
	case "ForAllValues":
		for _, v := range got {
			if !satisfies(v) {
				return false
			}
		}
		return true
	case "":
		if !present {
			return negated
		}
		for _, v := range got {
			for _, w := range want {
				if match(w, v) {
					return !negated
				}
			}
		}
		return negated
	}
	return false
}

// operator returns an operator's positive match (policy value, request
// value) and whether the operator is its negation.
func operator(name string) (match func(want, got string) bool, negated, known bool) {
	equal := func(w, g string) bool { return w == g }
	switch name {
	case "StringEquals":
		return equal, false, true
	case "StringNotEquals":
		return equal, true, true
	case "StringEqualsIgnoreCase":
		return strings.EqualFold, false, true
	case "StringNotEqualsIgnoreCase":
		return strings.EqualFold, true, true
	case "StringLike":
		return glob, false, true
	case "StringNotLike":
		return glob, true, true
	case "ArnEquals", "ArnLike": // the same match, as the reference says
		return matchARN, false, true
	case "ArnNotEquals", "ArnNotLike":
		return matchARN, true, true
	case "Bool":
		return strings.EqualFold, false, true
	}
	return nil, false, false
}
