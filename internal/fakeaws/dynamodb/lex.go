package dynamodb

//lint:file-ignore ST1005 these errors carry DynamoDB's own messages, which start with a capital, to the client.

import (
	"fmt"
	"strings"
)

// token is one lexeme of a condition or update expression.
type token struct {
	kind byte   // 'i' identifier, '#' name placeholder, ':' value placeholder, 'n' number, 'p' punctuation, 0 end
	text string // as written
}

// lex splits an expression into tokens. DynamoDB identifiers are letters,
// digits and underscores; placeholders start with # or :.
func lex(s string) ([]token, error) {
	var toks []token
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '#' || c == ':':
			j := i + 1
			for j < len(s) && isIdent(s[j]) {
				j++
			}
			if j == i+1 {
				return nil, syntaxError(string(c), s[i:])
			}
			toks = append(toks, token{c, s[i:j]})
			i = j
		case isDigit(c):
			j := i
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			toks = append(toks, token{'n', s[i:j]})
			i = j
		case isIdent(c):
			j := i
			for j < len(s) && isIdent(s[j]) {
				j++
			}
			toks = append(toks, token{'i', s[i:j]})
			i = j
		case strings.HasPrefix(s[i:], "<>") || strings.HasPrefix(s[i:], "<=") || strings.HasPrefix(s[i:], ">="):
			toks = append(toks, token{'p', s[i : i+2]})
			i += 2
		case strings.IndexByte("()[],.=<>+-", c) >= 0:
			toks = append(toks, token{'p', s[i : i+1]})
			i++
		default:
			return nil, syntaxError(string(c), s[i:])
		}
	}
	return append(toks, token{}), nil
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isIdent(c byte) bool {
	return c == '_' || isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func syntaxError(tok, near string) error {
	if len(near) > 20 {
		near = near[:20]
	}
	return fmt.Errorf("Syntax error; token: %q, near: %q", tok, near)
}
