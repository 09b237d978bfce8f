package kit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/everruns/reconciler/pkg/desired"
)

// Token is the idempotency token of a create (EC2's ClientToken, ACM's
// IdempotencyToken, ECS's clientToken, …): the same resource (identity,
// address, immutable fields, tags, salt) always sends the same token, so a
// create retried after a crash or a lost answer returns the first result
// instead of a twin, while a replacement (an immutable field changed)
// sends a new one. Tags are hashed because they travel in the create
// call, and AWS refuses a known token with other parameters forever.
// maxLen is the service's limit (EC2 64, ACM 32, ECS 64); the token is
// alphanumeric (ACM allows only \w), which every service accepts.
func Token(id desired.Identity, r desired.Resource, salt string, maxLen int) (string, error) {
	imm := map[string]any{"tags": r.Fields["tags"]}
	for k := range r.Immutable {
		imm[k] = r.Fields[k]
	}
	b, err := json.Marshal(imm) // map keys sorted: the encoding is canonical
	if err != nil {
		return "", fmt.Errorf("idempotency token: %w", err)
	}
	h := sha256.New()
	for _, part := range []string{id.Project, id.Environment, string(r.Address), string(b), salt} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	tok := "er" + hex.EncodeToString(h.Sum(nil))
	if maxLen > 0 && len(tok) > maxLen {
		tok = tok[:maxLen]
	}
	return tok, nil
}
