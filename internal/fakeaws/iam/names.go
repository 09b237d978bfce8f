package iam

import (
	"regexp"
	"strings"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

var (
	// The patterns and lengths of the IAM API model.
	namePattern = regexp.MustCompile(`^[\w+=,.@-]+$`)
	pathPattern = regexp.MustCompile(`^/([\x21-\x7E]*/)?$`)
)

func badRequest(code, msg string) error { return core.BadRequest(code, "%s", msg) }

func checkName(param, name string, max int) error {
	if name == "" {
		return core.MissingParameter(param)
	}
	if len(name) > max || !namePattern.MatchString(name) {
		return validationError("1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+ and have length at most %d", name, lowerFirst(param), max)
	}
	return nil
}

func checkPath(path string) error {
	if len(path) > 512 || !pathPattern.MatchString(path) {
		return validationError("1 validation error detected: Value '%s' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)", path)
	}
	return nil
}

func lowerFirst(s string) string { return strings.ToLower(s[:1]) + s[1:] }

// roleID is "AROA" and 17 upper-case letters and digits, as IAM shapes the
// unique ID of a role.
func roleID(ids *core.IDs) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	h := ids.Hex(34)
	var b strings.Builder
	b.WriteString("AROA")
	for i := 0; i < 34; i += 2 {
		n := hexVal(h[i])<<4 | hexVal(h[i+1])
		b.WriteByte(alphabet[n%len(alphabet)])
	}
	return b.String()
}

func hexVal(c byte) int {
	if c >= 'a' {
		return int(c-'a') + 10
	}
	return int(c - '0')
}

func roleARN(path, name string) string {
	return "arn:aws:iam::" + core.AccountID + ":role" + path + name
}
