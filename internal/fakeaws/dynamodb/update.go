package dynamodb

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.
//lint:file-ignore ST1005 these errors carry DynamoDB's own messages, which start with a capital, to the client.

import (
	"fmt"
	"strings"

	v1 "github.com/aws/aws-sdk-go/service/dynamodb"
)

func errInvalidFunction(name string) error {
	return fmt.Errorf("Invalid function name; function: %s", name)
}

// action is one clause of an update expression, applied to a private copy
// of the item.
type action struct {
	path  docPath
	apply func(it item) error
}

// parseUpdate parses an UpdateExpression:
//
//	update = { SET set {"," set} | REMOVE path {"," path} | ADD path :v {"," path :v} }
//	set    = path "=" value
//	value  = term [ ("+" | "-") term ]
//	term   = operand | if_not_exists "(" path "," value ")" | list_append "(" value "," value ")"
func parseUpdate(expr string, ph *placeholders) ([]action, error) {
	p, err := newParser(expr, ph)
	if err != nil {
		return nil, err
	}
	var actions []action
	seen := map[string]bool{}
	for p.peek().kind != 0 {
		clause := strings.ToUpper(p.next().text)
		parse, ok := map[string]func() (action, error){"SET": p.setAction, "REMOVE": p.removeAction, "ADD": p.addAction}[clause]
		if !ok {
			return nil, syntaxError(clause, clause)
		}
		if seen[clause] {
			return nil, fmt.Errorf("The %q section can only be used once in an update expression", clause)
		}
		seen[clause] = true
		for {
			a, err := parse()
			if err != nil {
				return nil, err
			}
			actions = append(actions, a)
			if !p.accept(",") {
				break
			}
		}
	}
	if len(actions) == 0 {
		return nil, fmt.Errorf("Syntax error; token: <EOF>, near: empty expression")
	}
	return actions, overlapping(actions)
}

// overlapping refuses two actions on the same path, as DynamoDB does.
func overlapping(actions []action) error {
	seen := map[string]bool{}
	for _, a := range actions {
		k := a.path.String()
		if seen[k] {
			return fmt.Errorf("Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [%s], path two: [%s]", k, k)
		}
		seen[k] = true
	}
	return nil
}

func (p *parser) setAction() (action, error) {
	path, err := p.path()
	if err != nil {
		return action{}, err
	}
	if err := p.expect("="); err != nil {
		return action{}, err
	}
	val, err := p.setValue()
	if err != nil {
		return action{}, err
	}
	return action{path: path, apply: func(it item) error {
		v, err := val(it)
		if err != nil {
			return err
		}
		if !path.set(it, v) {
			return fmt.Errorf("The document path provided in the update expression is invalid for update")
		}
		return nil
	}}, nil
}

func (p *parser) removeAction() (action, error) {
	path, err := p.path()
	return action{path: path, apply: func(it item) error { path.set(it, nil); return nil }}, err
}

// addAction adds a number to a number (absent counts as 0) or elements to
// a set (absent counts as empty).
func (p *parser) addAction() (action, error) {
	path, err := p.path()
	if err != nil {
		return action{}, err
	}
	if p.peek().kind != ':' {
		return action{}, p.unexpected()
	}
	v, err := p.value()
	if err != nil {
		return action{}, err
	}
	return action{path: path, apply: func(it item) error {
		sum, err := add(path.get(it), v)
		if err != nil {
			return err
		}
		path.set(it, sum)
		return nil
	}}, nil
}

// valueFn computes the new value of a SET action from the old item.
type valueFn func(it item) (*v1.AttributeValue, error)

func (p *parser) setValue() (valueFn, error) {
	left, err := p.term()
	if err != nil {
		return nil, err
	}
	for _, sign := range []string{"+", "-"} {
		if p.accept(sign) {
			right, err := p.term()
			if err != nil {
				return nil, err
			}
			return arithmetic(left, right, sign == "-"), nil
		}
	}
	return left, nil
}

func (p *parser) term() (valueFn, error) {
	t := p.peek()
	if t.kind == 'i' && p.toks[p.pos+1].text == "(" {
		switch t.text {
		case "if_not_exists":
			return p.ifNotExists()
		case "list_append":
			return p.listAppend()
		default:
			return nil, errInvalidFunction(t.text)
		}
	}
	o, err := p.operand()
	if err != nil {
		return nil, err
	}
	return func(it item) (*v1.AttributeValue, error) {
		v := o(it)
		if v == nil {
			return nil, fmt.Errorf("The provided expression refers to an attribute that does not exist in the item")
		}
		return v, nil
	}, nil
}

func (p *parser) ifNotExists() (valueFn, error) {
	p.pos += 2
	path, err := p.path()
	if err != nil {
		return nil, err
	}
	if err := p.expect(","); err != nil {
		return nil, err
	}
	def, err := p.setValue()
	if err != nil {
		return nil, err
	}
	return func(it item) (*v1.AttributeValue, error) {
		if v := path.get(it); v != nil {
			return v, nil
		}
		return def(it)
	}, p.expect(")")
}

func (p *parser) listAppend() (valueFn, error) {
	p.pos += 2
	a, err := p.setValue()
	if err != nil {
		return nil, err
	}
	if err := p.expect(","); err != nil {
		return nil, err
	}
	b, err := p.setValue()
	if err != nil {
		return nil, err
	}
	return func(it item) (*v1.AttributeValue, error) {
		x, err := a(it)
		if err != nil {
			return nil, err
		}
		y, err := b(it)
		if err != nil {
			return nil, err
		}
		if x.L == nil || y.L == nil {
			return nil, fmt.Errorf("An operand in the update expression has an incorrect data type")
		}
		return &v1.AttributeValue{L: append(append([]*v1.AttributeValue{}, x.L...), y.L...)}, nil
	}, p.expect(")")
}
