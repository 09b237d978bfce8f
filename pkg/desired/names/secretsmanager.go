package names

import (
	"fmt"
	"slices"
	"strings"
)

// Kinds of Secrets Manager.
const (
	KindSecret              = "secretsmanager.secret"
	KindDatabaseCredentials = "secretsmanager.database_credentials"
)

// Tags a secret carries besides the identity: what the file declares about
// its value, recorded on the secret itself so that Observe can report the
// source, the declared keys and the password policy (none of which AWS
// stores otherwise) without reading the value, and so that a person in the
// console sees who writes it. Keys are listed sorted, separated by spaces
// (a JSON key of the file is [A-Za-z0-9_.-], all allowed in tag values).
const (
	TagSecretSource   = "everruns:secret-source"
	TagSecretKeys     = "everruns:secret-keys"
	TagPasswordPolicy = "everruns:password-policy"
)

// Field names of Secrets Manager's kinds (docs/resources.md).
var (
	Secret = kind[struct {
		Name             string `field:"name"`
		Description      string `field:"description"`
		KMSKeyID         string `field:"kms_key_id"`
		Source           string `field:"source"`
		Keys             string `field:"keys"`
		GeneratePassword string `field:"generate_password"`
		Tags             string `field:"tags"`
	}](KindSecret)
	DatabaseCredentials = kind[struct {
		SecretID   string `field:"secret_id"`
		DBInstance string `field:"db_instance"`
		Username   string `field:"username"`
		Database   string `field:"database"`
		SSLMode    string `field:"sslmode"`
		Keys       string `field:"keys"`
		Tags       string `field:"tags"`
	}](KindDatabaseCredentials)
)

// GeneratePassword holds the keys of Secret.GeneratePassword.
var GeneratePassword = fields[struct {
	Length             string `field:"length"`
	ExcludePunctuation string `field:"exclude_punctuation"`
}]()

// SecretKeysTag is the value of TagSecretKeys: the keys, sorted, separated
// by spaces.
func SecretKeysTag(keys []string) string {
	return strings.Join(slices.Sorted(slices.Values(keys)), " ")
}

// PasswordPolicyTag is the value of TagPasswordPolicy, such as
// "length=32 exclude_punctuation=true"; ParsePasswordPolicyTag reads it
// back as the generate_password field's map.
func PasswordPolicyTag(length int64, excludePunctuation bool) string {
	return fmt.Sprintf("%s=%d %s=%t", GeneratePassword.Length, length, GeneratePassword.ExcludePunctuation, excludePunctuation)
}

// ParsePasswordPolicyTag is the inverse of PasswordPolicyTag; ok is false
// for a value it did not write.
func ParsePasswordPolicyTag(v string) (policy map[string]any, ok bool) {
	var length int64
	var exclude bool
	format := GeneratePassword.Length + "=%d " + GeneratePassword.ExcludePunctuation + "=%t"
	if n, err := fmt.Sscanf(v, format, &length, &exclude); err != nil || n != 2 || PasswordPolicyTag(length, exclude) != v {
		return nil, false
	}
	return map[string]any{GeneratePassword.Length: length, GeneratePassword.ExcludePunctuation: exclude}, true
}
