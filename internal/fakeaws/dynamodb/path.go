package dynamodb

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"strconv"
	"strings"

	v1 "github.com/aws/aws-sdk-go/service/dynamodb"
)

// step is one element of a document path: a map key or a list index.
type step struct {
	name  string
	index int
	isIdx bool
}

type docPath []step

func (p docPath) String() string {
	var b strings.Builder
	for i, s := range p {
		switch {
		case s.isIdx:
			b.WriteString("[" + strconv.Itoa(s.index) + "]")
		case i > 0:
			b.WriteString("." + s.name)
		default:
			b.WriteString(s.name)
		}
	}
	return b.String()
}

// get returns the value at p in item, or nil when absent.
func (p docPath) get(item map[string]*v1.AttributeValue) *v1.AttributeValue {
	cur := item[p[0].name]
	for _, s := range p[1:] {
		switch {
		case cur == nil:
			return nil
		case s.isIdx:
			if s.index >= len(cur.L) {
				return nil
			}
			cur = cur.L[s.index]
		default:
			cur = cur.M[s.name]
		}
	}
	return cur
}

// set stores v at p (nil v removes it), copying the containers on the way
// so that values handed out earlier are never changed. It fails when a
// parent of p does not exist, as DynamoDB does.
func (p docPath) set(item map[string]*v1.AttributeValue, v *v1.AttributeValue) bool {
	if len(p) == 1 {
		if v == nil {
			delete(item, p[0].name)
		} else {
			item[p[0].name] = v
		}
		return true
	}
	parent := item[p[0].name]
	if parent == nil {
		return false
	}
	cp := copyContainer(parent)
	if !p[1:].setIn(cp, v) {
		return false
	}
	item[p[0].name] = cp
	return true
}

// setIn sets v at rest inside the container c (already a private copy).
func (rest docPath) setIn(c *v1.AttributeValue, v *v1.AttributeValue) bool {
	s := rest[0]
	if len(rest) == 1 {
		return setChild(c, s, v)
	}
	child := getChild(c, s)
	if child == nil {
		return false
	}
	cp := copyContainer(child)
	if !rest[1:].setIn(cp, v) {
		return false
	}
	return setChild(c, s, cp)
}

func getChild(c *v1.AttributeValue, s step) *v1.AttributeValue {
	if s.isIdx {
		if c.L == nil || s.index >= len(c.L) {
			return nil
		}
		return c.L[s.index]
	}
	if c.M == nil {
		return nil
	}
	return c.M[s.name]
}

func setChild(c *v1.AttributeValue, s step, v *v1.AttributeValue) bool {
	switch {
	case s.isIdx && c.L != nil:
		switch {
		case v == nil && s.index < len(c.L):
			c.L = append(c.L[:s.index:s.index], c.L[s.index+1:]...)
		case v == nil:
		case s.index < len(c.L):
			c.L[s.index] = v
		default: // past the end: DynamoDB appends
			c.L = append(c.L, v)
		}
		return true
	case !s.isIdx && c.M != nil:
		if v == nil {
			delete(c.M, s.name)
		} else {
			c.M[s.name] = v
		}
		return true
	}
	return false
}

func copyContainer(v *v1.AttributeValue) *v1.AttributeValue {
	cp := *v
	if v.M != nil {
		cp.M = make(map[string]*v1.AttributeValue, len(v.M))
		for k, e := range v.M {
			cp.M[k] = e
		}
	}
	if v.L != nil {
		cp.L = append([]*v1.AttributeValue(nil), v.L...)
	}
	return &cp
}
