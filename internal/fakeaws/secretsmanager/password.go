package secretsmanager

import (
	"math/rand/v2"
	"strings"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/secretsmanager"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// The character classes of
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetRandomPassword.html
const (
	lowercase   = "abcdefghijklmnopqrstuvwxyz"
	uppercase   = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	digits      = "0123456789"
	punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
)

// getRandomPassword honours every option of the reference: the length (32
// by default, 1 to 4096), the excluded classes and characters, the space,
// and RequireEachIncludedType (true by default: one of each included class
// among lower, upper, digits and punctuation).
func (s *Service) getRandomPassword(r *core.Request) (any, error) {
	var in v1.GetRandomPasswordInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	length := int64(32)
	if in.PasswordLength != nil {
		length = *in.PasswordLength
	}
	if length < 1 || length > 4096 {
		return nil, invalidParameter("PasswordLength must be between 1 and 4096.")
	}
	classes := includedClasses(&in)
	var pool string
	for _, c := range classes {
		pool += c
	}
	if aws.BoolValue(in.IncludeSpace) && !strings.Contains(aws.StringValue(in.ExcludeCharacters), " ") {
		pool += " "
	}
	if pool == "" {
		return nil, invalidParameter("The password must contain at least one character type; every type is excluded.")
	}
	requireEach := in.RequireEachIncludedType == nil || *in.RequireEachIncludedType
	if requireEach && int64(len(classes)) > length {
		return nil, invalidParameter("The password length is too short to include every required character type.")
	}
	pw := make([]byte, 0, length)
	if requireEach {
		for _, c := range classes {
			pw = append(pw, c[rand.IntN(len(c))])
		}
	}
	for int64(len(pw)) < length {
		pw = append(pw, pool[rand.IntN(len(pool))])
	}
	rand.Shuffle(len(pw), func(i, j int) { pw[i], pw[j] = pw[j], pw[i] })
	return &v1.GetRandomPasswordOutput{RandomPassword: aws.String(string(pw))}, nil
}

// includedClasses returns the classes that are not excluded, each without
// the excluded characters; a class left empty is not included.
func includedClasses(in *v1.GetRandomPasswordInput) []string {
	drop := aws.StringValue(in.ExcludeCharacters)
	var out []string
	for _, c := range []struct {
		chars    string
		excluded *bool
	}{{lowercase, in.ExcludeLowercase}, {uppercase, in.ExcludeUppercase}, {digits, in.ExcludeNumbers}, {punctuation, in.ExcludePunctuation}} {
		if aws.BoolValue(c.excluded) {
			continue
		}
		kept := strings.Map(func(r rune) rune {
			if strings.ContainsRune(drop, r) {
				return -1
			}
			return r
		}, c.chars)
		if kept != "" {
			out = append(out, kept)
		}
	}
	return out
}
