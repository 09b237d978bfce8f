package dynamodb

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.
//lint:file-ignore ST1005 these errors carry DynamoDB's own messages, which start with a capital, to the client.

import (
	"fmt"
	"strconv"
	"strings"

	v1 "github.com/aws/aws-sdk-go/service/dynamodb"
)

// placeholders are the ExpressionAttributeNames and Values of one request,
// with the ones the request's expressions used: DynamoDB rejects a request
// that defines a placeholder no expression uses.
type placeholders struct {
	names      map[string]*string
	values     map[string]*v1.AttributeValue
	usedNames  map[string]bool
	usedValues map[string]bool
}

func newPlaceholders(names map[string]*string, values map[string]*v1.AttributeValue) *placeholders {
	return &placeholders{names: names, values: values, usedNames: map[string]bool{}, usedValues: map[string]bool{}}
}

// unused reports a defined placeholder no expression used.
func (ph *placeholders) unused() error {
	for k := range ph.names {
		if !ph.usedNames[k] {
			return fmt.Errorf("Value provided in ExpressionAttributeNames unused in expressions: keys: {%s}", k)
		}
	}
	for k := range ph.values {
		if !ph.usedValues[k] {
			return fmt.Errorf("Value provided in ExpressionAttributeValues unused in expressions: keys: {%s}", k)
		}
	}
	return nil
}

// parser reads one expression.
type parser struct {
	toks []token
	pos  int
	ph   *placeholders
}

func newParser(expr string, ph *placeholders) (*parser, error) {
	toks, err := lex(expr)
	if err != nil {
		return nil, err
	}
	return &parser{toks: toks, ph: ph}, nil
}

func (p *parser) peek() token { return p.toks[p.pos] }
func (p *parser) next() token { t := p.toks[p.pos]; p.pos++; return t }

// is reports whether the next token is the punctuation or (case-insensitive)
// keyword s.
func (p *parser) is(s string) bool {
	t := p.peek()
	return (t.kind == 'p' || t.kind == 'i') && strings.EqualFold(t.text, s)
}

func (p *parser) accept(s string) bool {
	if p.is(s) {
		p.pos++
		return true
	}
	return false
}

func (p *parser) expect(s string) error {
	if !p.accept(s) {
		return p.unexpected()
	}
	return nil
}

func (p *parser) unexpected() error {
	t := p.peek()
	if t.kind == 0 {
		return fmt.Errorf("Syntax error; token: <EOF>, near: end of expression")
	}
	return syntaxError(t.text, t.text)
}

func (p *parser) end() error {
	if p.peek().kind != 0 {
		return p.unexpected()
	}
	return nil
}

// path reads a document path: name ( "." name | "[" index "]" )*.
func (p *parser) path() (docPath, error) {
	first, err := p.name()
	if err != nil {
		return nil, err
	}
	path := docPath{{name: first}}
	for {
		switch {
		case p.accept("."):
			n, err := p.name()
			if err != nil {
				return nil, err
			}
			path = append(path, step{name: n})
		case p.accept("["):
			t := p.next()
			i, err := strconv.Atoi(t.text)
			if t.kind != 'n' || err != nil {
				return nil, syntaxError(t.text, t.text)
			}
			if err := p.expect("]"); err != nil {
				return nil, err
			}
			path = append(path, step{index: i, isIdx: true})
		default:
			return path, nil
		}
	}
}

func (p *parser) name() (string, error) {
	t := p.next()
	switch t.kind {
	case '#':
		n, ok := p.ph.names[t.text]
		if !ok {
			return "", fmt.Errorf("An expression attribute name used in the document path is not defined; attribute name: %s", t.text)
		}
		p.ph.usedNames[t.text] = true
		return *n, nil
	case 'i':
		if reserved[strings.ToUpper(t.text)] {
			return "", fmt.Errorf("Attribute name is a reserved keyword; reserved keyword: %s", t.text)
		}
		return t.text, nil
	}
	return "", syntaxError(t.text, t.text)
}

func (p *parser) value() (*v1.AttributeValue, error) {
	t := p.next()
	v, ok := p.ph.values[t.text]
	if !ok {
		return nil, fmt.Errorf("An expression attribute value used in expression is not defined; attribute value: %s", t.text)
	}
	p.ph.usedValues[t.text] = true
	return v, nil
}
