package iampolicy

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// TagEnvironment is the identity tag every managed resource carries
// (names.TagEnvironment; repeated here so that this package stays a leaf).
const TagEnvironment = "everruns:environment"

// Input is what a policy is generated from.
type Input struct {
	Region, Account string // Account "*" when not known: the role acts in its own account only
	Project         string
	Environment     string
	Actions         []string // every IAM action, as RequiresAll returns them
	LogGroups       []string
	Secrets         []string
	DBNames         []string // "db:ID", "subgrp:NAME", "pg:NAME"
	LeaseTable      string
}

// Statement is one statement of a policy document.
type Statement struct {
	Effect    string                         `json:"Effect"`
	Action    []string                       `json:"Action"`
	Resource  []string                       `json:"Resource"`
	Condition map[string]map[string][]string `json:"Condition,omitempty"`
}

// Document is an identity-based policy document.
type Document struct {
	Version   string      `json:"Version"`
	Statement []Statement `json:"Statement"`
}

// grant is one (resources, condition) pair an action is allowed on.
type grant struct {
	resources []string
	condition map[string]map[string][]string
}

// Generate returns the least-privilege policy for in.Actions: actions
// allowed on the same resources under the same condition share a
// statement, statements are sorted, so the output is stable.
func Generate(in Input) (Document, error) {
	byGrant := map[string]*Statement{}
	for _, action := range in.Actions {
		s, err := scopeOf(action)
		if err != nil {
			return Document{}, err
		}
		grants, err := in.grants(s, action)
		if err != nil {
			return Document{}, err
		}
		for _, g := range grants {
			key := grantKey(g)
			st, ok := byGrant[key]
			if !ok {
				st = &Statement{Effect: "Allow", Resource: g.resources, Condition: g.condition}
				byGrant[key] = st
			}
			st.Action = append(st.Action, action)
		}
	}
	doc := Document{Version: "2012-10-17"}
	for _, st := range byGrant {
		slices.Sort(st.Action)
		doc.Statement = append(doc.Statement, *st)
	}
	slices.SortFunc(doc.Statement, func(a, b Statement) int {
		return strings.Compare(grantKey(grant{a.Resource, a.Condition}), grantKey(grant{b.Resource, b.Condition}))
	})
	return doc, nil
}

func grantKey(g grant) string {
	b, _ := json.Marshal(g.condition) // maps of strings always marshal, keys sorted
	return strings.Join(g.resources, ",") + "|" + string(b)
}

// Allows says whether doc has a statement allowing action (on some
// resource): the check of "every call the suites made is allowed".
func (d Document) Allows(action string) bool {
	for _, st := range d.Statement {
		if st.Effect == "Allow" && slices.Contains(st.Action, action) {
			return true
		}
	}
	return false
}

// Actions lists every action doc allows, sorted.
func (d Document) Actions() []string {
	var out []string
	for _, st := range d.Statement {
		out = append(out, st.Action...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func (in Input) arn(service, resource string) string {
	region := in.Region
	if service == "iam" || service == "route53" {
		region = "" // global services have no region in their ARNs
	}
	return fmt.Sprintf("arn:%s:%s:%s:%s:%s", partition(in.Region), service, region, in.Account, resource)
}

// partition is the ARN partition of region.
func partition(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}
