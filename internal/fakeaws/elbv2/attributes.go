package elbv2

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"slices"
	"sort"
	"strconv"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/elbv2"
)

// attrSpec is one attribute AWS knows: its default and what values it
// accepts. Unknown keys and invalid values are refused, as AWS does, so a
// reconciler with a typo in an attribute key fails in tests, not in
// production.
type attrSpec struct {
	def   string
	valid func(string) bool
}

func boolAttr(def bool) attrSpec {
	return attrSpec{def: strconv.FormatBool(def), valid: func(v string) bool { return v == "true" || v == "false" }}
}

func intAttr(def, lo, hi int) attrSpec {
	return attrSpec{def: strconv.Itoa(def), valid: func(v string) bool {
		n, err := strconv.Atoi(v)
		return err == nil && n >= lo && n <= hi
	}}
}

func enumAttr(def string, values ...string) attrSpec {
	return attrSpec{def: def, valid: func(v string) bool { return v == def || slices.Contains(values, v) }}
}

func stringAttr(def string) attrSpec {
	return attrSpec{def: def, valid: func(string) bool { return true }}
}

// defaults returns a fresh attribute map holding every default.
func defaults(specs map[string]attrSpec) map[string]string {
	m := make(map[string]string, len(specs))
	for k, s := range specs {
		m[k] = s.def
	}
	return m
}

// applyAttrs validates every change before applying any, so a refused
// request changes nothing. kind names the resource in AWS's message.
func applyAttrs(kind string, specs map[string]attrSpec, cur map[string]string, changes []*v1.TargetGroupAttribute) error {
	for _, c := range changes {
		k, v := aws.StringValue(c.Key), aws.StringValue(c.Value)
		spec, ok := specs[k]
		if !ok {
			return invalidConfig("%s attribute key '%s' is not recognized", kind, k)
		}
		if !spec.valid(v) {
			return invalidConfig("%s attribute '%s' value '%s' is not valid", kind, k, v)
		}
	}
	for _, c := range changes {
		cur[aws.StringValue(c.Key)] = aws.StringValue(c.Value)
	}
	return nil
}

// sortedKeys gives attributes in a stable order for Describe answers.
func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
