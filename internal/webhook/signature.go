package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// signaturePrefix starts X-Hub-Signature-256: "sha256=" then 64 hex digits.
const signaturePrefix = "sha256="

// validSignature reports whether header is the HMAC-SHA256 of body under
// secret. The comparison is constant-time in the digest's content, so a
// caller cannot learn the expected signature byte by byte; a header of the
// wrong shape (missing, truncated, not hex) is refused without comparing.
func validSignature(secret, body []byte, header string) bool {
	hexDigest, ok := strings.CutPrefix(header, signaturePrefix)
	if !ok || len(hexDigest) != 2*sha256.Size {
		return false
	}
	got, err := hex.DecodeString(hexDigest)
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	return hmac.Equal(mac.Sum(nil), got)
}

// Sign returns the X-Hub-Signature-256 value GitHub would send for body:
// for tests and for tools that replay a delivery.
func Sign(secret, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	return signaturePrefix + hex.EncodeToString(mac.Sum(nil))
}
