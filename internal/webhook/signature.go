package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// signaturePrefix starts X-Hub-Signature-256: "sha256=" then 64 hex digits.
const signaturePrefix = "sha256="

// parseSignature decodes an X-Hub-Signature-256 header; a header of the
// wrong shape (missing, truncated, not hex, another algorithm) is refused
// before the body is even read.
func parseSignature(header string) ([]byte, bool) {
	hexDigest, ok := strings.CutPrefix(header, signaturePrefix)
	if !ok || len(hexDigest) != 2*sha256.Size {
		return nil, false
	}
	digest, err := hex.DecodeString(hexDigest)
	return digest, err == nil
}

// validSignature reports whether digest is the HMAC-SHA256 of body under
// secret, comparing in constant time so that a sender cannot learn the
// expected digest byte by byte.
func validSignature(secret, body, digest []byte) bool {
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	return hmac.Equal(mac.Sum(nil), digest)
}

// Sign returns the X-Hub-Signature-256 value GitHub would send for body:
// for tests and for tools that replay a delivery.
func Sign(secret, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	return signaturePrefix + hex.EncodeToString(mac.Sum(nil))
}
