package desired

// RedactCredentials replaces in s every credential-shaped run (an API
// key, a token, a PEM block, a URL with a password) by the name of its
// kind: the guard that messages leaving the process (notifications,
// statuses) share with the file's diagnostics.
func RedactCredentials(s string) string { return redactCredentials(s) }
