package desired

import (
	"regexp"
	"strings"
)

// credentialPatterns recognise values that are secrets by their shape. The
// name of the kind is reported, never the value.
var credentialPatterns = []struct {
	kind string
	re   *regexp.Regexp
}{
	{"an OpenAI/Anthropic-style API key (sk-…)", regexp.MustCompile(`\bsk-[A-Za-z0-9_-]{16,}`)},
	{"a GitHub token (ghp_…)", regexp.MustCompile(`\bgh[pousr]_[A-Za-z0-9]{20,}`)},
	{"a GitHub fine-grained token (github_pat_…)", regexp.MustCompile(`\bgithub_pat_[A-Za-z0-9_]{20,}`)},
	{"an AWS access key ID (AKIA…)", regexp.MustCompile(`\b(AKIA|ASIA)[A-Z0-9]{16}\b`)},
	{"a PEM block", regexp.MustCompile(`-----BEGIN [A-Z0-9 ]+-----`)},
	{"a Slack token (xox…)", regexp.MustCompile(`\bxox[abposr]-[A-Za-z0-9-]{10,}`)},
	{"a GitLab token (glpat-…)", regexp.MustCompile(`\bglpat-[A-Za-z0-9_-]{20,}`)},
	{"a Google API key (AIza…)", regexp.MustCompile(`\bAIza[A-Za-z0-9_-]{35}`)},
	{"a JSON Web Token", regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.`)},
	{"a URL with a password", regexp.MustCompile(`://[^/\s:@]+:[^/\s@]+@`)},
}

// looksLikeCredential returns what kind of credential value resembles, or "".
func looksLikeCredential(value string) string {
	for _, p := range credentialPatterns {
		if p.re.MatchString(value) {
			return p.kind
		}
	}
	return ""
}

// secretishName reports whether an environment variable's name suggests it
// holds a secret (warned about: names alone give false positives such as
// TOKEN_TTL).
func secretishName(name string) bool {
	n := strings.ToUpper(name)
	for _, w := range []string{"PASSWORD", "PASSWD", "SECRET", "API_KEY", "APIKEY", "TOKEN", "PRIVATE_KEY"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// redactCredentials replaces in s every credential-shaped run by its kind:
// the last guard that keeps a value out of a message, whatever produced it
// (a validation message quoting a value, the YAML decoder echoing one).
func redactCredentials(s string) string {
	for _, p := range credentialPatterns {
		s = p.re.ReplaceAllString(s, "[redacted: "+p.kind+"]")
	}
	return s
}

// redacted is ds with credential-shaped values removed from every message.
func (ds Diagnostics) redacted() Diagnostics {
	for i := range ds {
		ds[i].Message = redactCredentials(ds[i].Message)
	}
	return ds
}
