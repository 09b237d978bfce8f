package webhook

import (
	"bytes"
	"errors"
	"fmt"
	"os"
)

// ReadSecretFile reads the webhook secret from path (the value of
// --webhook-secret-file). A trailing newline, as editors and
// `kubectl create secret --from-file` leave, is not part of the secret. The
// error never carries the file's content.
func ReadSecretFile(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read webhook secret: %w", err)
	}
	b = bytes.TrimRight(b, "\r\n")
	if len(b) == 0 {
		return nil, fmt.Errorf("webhook secret file %s: %w", path, errors.New("empty"))
	}
	return b, nil
}
