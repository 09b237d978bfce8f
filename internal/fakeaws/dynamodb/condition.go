package dynamodb

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"bytes"
	"strings"

	v1 "github.com/aws/aws-sdk-go/service/dynamodb"
)

// item is the value a condition is evaluated against (nil: no item).
type item = map[string]*v1.AttributeValue

// cond is a parsed condition expression.
type cond func(it item) bool

// operand yields a value from the item or the placeholders (nil: absent).
type operand func(it item) *v1.AttributeValue

// parseCondition parses a ConditionExpression:
//
//	cond    = and { OR and }
//	and     = not { AND not }
//	not     = NOT not | primary
//	primary = "(" cond ")" | function | operand cmp operand
//	        | operand BETWEEN operand AND operand | operand IN "(" operand {"," operand} ")"
func parseCondition(expr string, ph *placeholders) (cond, error) {
	p, err := newParser(expr, ph)
	if err != nil {
		return nil, err
	}
	c, err := p.or()
	if err != nil {
		return nil, err
	}
	return c, p.end()
}

func (p *parser) or() (cond, error) {
	left, err := p.and()
	for err == nil && p.accept("OR") {
		var right cond
		if right, err = p.and(); err == nil {
			l, r := left, right
			left = func(it item) bool { return l(it) || r(it) }
		}
	}
	return left, err
}

func (p *parser) and() (cond, error) {
	left, err := p.not()
	for err == nil && p.accept("AND") {
		var right cond
		if right, err = p.not(); err == nil {
			l, r := left, right
			left = func(it item) bool { return l(it) && r(it) }
		}
	}
	return left, err
}

func (p *parser) not() (cond, error) {
	if p.accept("NOT") {
		c, err := p.not()
		if err != nil {
			return nil, err
		}
		return func(it item) bool { return !c(it) }, nil
	}
	return p.primary()
}

func (p *parser) primary() (cond, error) {
	if p.accept("(") {
		c, err := p.or()
		if err != nil {
			return nil, err
		}
		return c, p.expect(")")
	}
	if t := p.peek(); t.kind == 'i' && p.toks[p.pos+1].text == "(" && t.text != "size" {
		return p.function()
	}
	left, err := p.operand()
	if err != nil {
		return nil, err
	}
	switch {
	case p.accept("BETWEEN"):
		return p.between(left)
	case p.accept("IN"):
		return p.in(left)
	}
	op := p.next()
	cmp, ok := comparators[op.text]
	if op.kind != 'p' || !ok {
		return nil, syntaxError(op.text, op.text)
	}
	right, err := p.operand()
	if err != nil {
		return nil, err
	}
	return func(it item) bool { return cmp(left(it), right(it)) }, nil
}

// comparators follow DynamoDB: values of different types (or an absent
// attribute) are never equal nor ordered, so only "<>" holds for them.
var comparators = map[string]func(a, b *v1.AttributeValue) bool{
	"=":  equal,
	"<>": func(a, b *v1.AttributeValue) bool { return !equal(a, b) },
	"<":  func(a, b *v1.AttributeValue) bool { c, ok := compare(a, b); return ok && c < 0 },
	"<=": func(a, b *v1.AttributeValue) bool { c, ok := compare(a, b); return ok && c <= 0 },
	">":  func(a, b *v1.AttributeValue) bool { c, ok := compare(a, b); return ok && c > 0 },
	">=": func(a, b *v1.AttributeValue) bool { c, ok := compare(a, b); return ok && c >= 0 },
}

func (p *parser) between(x operand) (cond, error) {
	lo, err := p.operand()
	if err != nil {
		return nil, err
	}
	if err := p.expect("AND"); err != nil {
		return nil, err
	}
	hi, err := p.operand()
	if err != nil {
		return nil, err
	}
	return func(it item) bool {
		v := x(it)
		a, okA := compare(v, lo(it))
		b, okB := compare(v, hi(it))
		return okA && okB && a >= 0 && b <= 0
	}, nil
}

func (p *parser) in(x operand) (cond, error) {
	if err := p.expect("("); err != nil {
		return nil, err
	}
	var list []operand
	for {
		o, err := p.operand()
		if err != nil {
			return nil, err
		}
		list = append(list, o)
		if !p.accept(",") {
			break
		}
	}
	if err := p.expect(")"); err != nil {
		return nil, err
	}
	return func(it item) bool {
		v := x(it)
		for _, o := range list {
			if equal(v, o(it)) {
				return true
			}
		}
		return false
	}, nil
}

// operand = path | :value | size "(" path ")".
func (p *parser) operand() (operand, error) {
	t := p.peek()
	switch {
	case t.kind == ':':
		v, err := p.value()
		return func(item) *v1.AttributeValue { return v }, err
	case t.kind == 'i' && t.text == "size" && p.toks[p.pos+1].text == "(":
		p.pos += 2
		path, err := p.path()
		if err != nil {
			return nil, err
		}
		return func(it item) *v1.AttributeValue { return sizeOf(path.get(it)) }, p.expect(")")
	}
	path, err := p.path()
	if err != nil {
		return nil, err
	}
	return func(it item) *v1.AttributeValue { return path.get(it) }, nil
}

// function parses attribute_exists, attribute_not_exists, attribute_type,
// begins_with and contains (function names are case-sensitive).
func (p *parser) function() (cond, error) {
	name := p.next().text
	p.pos++ // "("
	path, err := p.path()
	if err != nil {
		return nil, err
	}
	var arg operand
	switch name {
	case "attribute_exists", "attribute_not_exists":
	case "attribute_type", "begins_with", "contains":
		if err := p.expect(","); err != nil {
			return nil, err
		}
		if arg, err = p.operand(); err != nil {
			return nil, err
		}
	default:
		return nil, errInvalidFunction(name)
	}
	if err := p.expect(")"); err != nil {
		return nil, err
	}
	return functions[name](path, arg), nil
}

var functions = map[string]func(path docPath, arg operand) cond{
	"attribute_exists":     func(path docPath, _ operand) cond { return func(it item) bool { return path.get(it) != nil } },
	"attribute_not_exists": func(path docPath, _ operand) cond { return func(it item) bool { return path.get(it) == nil } },
	"attribute_type": func(path docPath, arg operand) cond {
		return func(it item) bool {
			v, t := path.get(it), arg(it)
			return v != nil && t != nil && t.S != nil && typeOf(v) == *t.S
		}
	},
	"begins_with": func(path docPath, arg operand) cond {
		return func(it item) bool {
			v, pre := path.get(it), arg(it)
			switch {
			case v == nil || pre == nil:
				return false
			case v.S != nil && pre.S != nil:
				return strings.HasPrefix(*v.S, *pre.S)
			case v.B != nil && pre.B != nil:
				return bytes.HasPrefix(v.B, pre.B)
			}
			return false
		}
	},
	"contains": func(path docPath, arg operand) cond {
		return func(it item) bool { return contains(path.get(it), arg(it)) }
	},
}

func contains(v, x *v1.AttributeValue) bool {
	if v == nil || x == nil {
		return false
	}
	switch {
	case v.S != nil && x.S != nil:
		return strings.Contains(*v.S, *x.S)
	case v.SS != nil && x.S != nil:
		return sliceHas(deref(v.SS), *x.S)
	case v.NS != nil && x.N != nil:
		return sliceHas(normNumbers(v.NS), normNumbers([]*string{x.N})[0])
	case v.L != nil:
		for _, e := range v.L {
			if equal(e, x) {
				return true
			}
		}
	}
	return false
}

func sliceHas(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}
