package secretsmanager

import (
	"fmt"
	"strings"
	"time"
)

// valueMissing says what a person must do for an operator secret: which
// keys its value lacks, and the command that sets it. The command lists
// every declared key, since put-secret-value replaces the whole value.
// It never carries a value.
func valueMissing(name string, lacking, declared []string, hasValue bool) string {
	what := "has no value"
	if hasValue {
		what = "lacks key(s) " + strings.Join(lacking, ", ")
	}
	return fmt.Sprintf("value missing: secret %s %s; it must hold %s; set it with: %s",
		name, what, strings.Join(declared, ", "), putCommand(name, declared))
}

func putCommand(name string, keys []string) string {
	pairs := make([]string, len(keys))
	for i, k := range keys {
		pairs[i] = fmt.Sprintf("%q:%q", k, "…")
	}
	return fmt.Sprintf("aws secretsmanager put-secret-value --secret-id %s --secret-string '{%s}'", name, strings.Join(pairs, ","))
}

// undeclared says that a value holds keys the file does not declare.
func undeclared(name string, extra []string) string {
	return fmt.Sprintf("secret %s holds key(s) %s that the file does not declare: add them to its keys, or remove them from the value",
		name, strings.Join(extra, ", "))
}

func scheduledNote(name string, deleted time.Time) string {
	return fmt.Sprintf("secret %s was scheduled for deletion on %s; apply restores it (RestoreSecret)", name, deleted.UTC().Format(time.RFC3339))
}

func restoredNote(name string) string {
	return fmt.Sprintf("restored secret %s, which was scheduled for deletion", name)
}
