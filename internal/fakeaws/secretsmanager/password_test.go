package secretsmanager_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

const punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetRandomPassword.html
// Each option is honoured; RequireEachIncludedType (default true) puts one
// of each included class in every password. Each case draws many passwords
// so that a fake that ignores an option is caught.
func TestGetRandomPasswordOptions(t *testing.T) {
	_, c := start(t)
	has := func(pw, set string) bool { return strings.ContainsAny(pw, set) }
	cases := map[string]struct {
		in    sm.GetRandomPasswordInput
		len   int
		check func(pw string) bool
	}{
		"defaults: 32, every class": {sm.GetRandomPasswordInput{}, 32, func(pw string) bool {
			return has(pw, "abcdefghijklmnopqrstuvwxyz") && has(pw, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") && has(pw, "0123456789") && has(pw, punctuation) && !has(pw, " ")
		}},
		"ExcludePunctuation": {sm.GetRandomPasswordInput{PasswordLength: aws.Int64(64), ExcludePunctuation: aws.Bool(true)}, 64,
			func(pw string) bool { return !has(pw, punctuation) }},
		"ExcludeCharacters": {sm.GetRandomPasswordInput{PasswordLength: aws.Int64(64), ExcludeCharacters: aws.String("/@\"' aA0")}, 64,
			func(pw string) bool { return !has(pw, "/@\"' aA0") }},
		"only digits": {sm.GetRandomPasswordInput{PasswordLength: aws.Int64(12), ExcludeLowercase: aws.Bool(true), ExcludeUppercase: aws.Bool(true), ExcludePunctuation: aws.Bool(true)}, 12,
			func(pw string) bool { return strings.Trim(pw, "0123456789") == "" }},
		"IncludeSpace": {sm.GetRandomPasswordInput{PasswordLength: aws.Int64(4096), IncludeSpace: aws.Bool(true)}, 4096, // long enough that a space is certain
			func(pw string) bool { return has(pw, " ") }},
		"RequireEachIncludedType at minimal length": {sm.GetRandomPasswordInput{PasswordLength: aws.Int64(4)}, 4, func(pw string) bool {
			return has(pw, "abcdefghijklmnopqrstuvwxyz") && has(pw, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") && has(pw, "0123456789") && has(pw, punctuation)
		}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			for range 20 {
				out, err := c.GetRandomPassword(t.Context(), &tc.in)
				if err != nil {
					t.Fatalf("GetRandomPassword: %v", err)
				}
				pw := aws.ToString(out.RandomPassword)
				if len(pw) != tc.len || !tc.check(pw) {
					t.Fatalf("password %q (length %d) breaks the options", pw, len(pw))
				}
			}
		})
	}
}

// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetRandomPassword.html
// (PasswordLength 1 to 4096; a length shorter than the required classes, or
// every class excluded, cannot be honoured)
func TestGetRandomPasswordImpossibleOptions(t *testing.T) {
	_, c := start(t)
	for name, in := range map[string]*sm.GetRandomPasswordInput{
		"length 4097":        {PasswordLength: aws.Int64(4097)},
		"3 for 4 classes":    {PasswordLength: aws.Int64(3), RequireEachIncludedType: aws.Bool(true)},
		"everything removed": {ExcludeLowercase: aws.Bool(true), ExcludeUppercase: aws.Bool(true), ExcludeNumbers: aws.Bool(true), ExcludePunctuation: aws.Bool(true)},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := c.GetRandomPassword(t.Context(), in)
			wantCode(t, err, "InvalidParameterException")
		})
	}
}
