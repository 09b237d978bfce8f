package lease

import (
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// The lease record's attributes. Every write goes through a #name
// placeholder, so no attribute can collide with a DynamoDB reserved word.
const (
	attrKey      = "lease_id"       // S, the table's partition key
	attrHolder   = "holder"         // S, absent when nobody holds the lease
	attrRVN      = "rvn"            // S, record version number: new on every write by a holder
	attrFence    = "fence"          // N, fencing token: +1 on every acquisition
	attrLeaseMS  = "lease_ms"       // N, the holder's lease duration in ms
	attrExpires  = "expires_at"     // S, RFC 3339 by the holder's clock: for people only
	attrRequests = "pass_requested" // N, incremented by Nudge; never changes rvn
)

// record is the lease record as read.
type record struct {
	holder, rvn    string
	fence, leaseMS int64
	requests       int64
}

func decodeRecord(item map[string]types.AttributeValue) record {
	return record{holder: stringAttr(item[attrHolder]), rvn: stringAttr(item[attrRVN]),
		fence: numberAttr(item[attrFence]), leaseMS: numberAttr(item[attrLeaseMS]),
		requests: numberAttr(item[attrRequests])}
}

func stringAttr(v types.AttributeValue) string {
	if s, ok := v.(*types.AttributeValueMemberS); ok {
		return s.Value
	}
	return ""
}

func numberAttr(v types.AttributeValue) int64 {
	if n, ok := v.(*types.AttributeValueMemberN); ok {
		i, _ := strconv.ParseInt(n.Value, 10, 64)
		return i
	}
	return 0
}

func str(s string) types.AttributeValue { return &types.AttributeValueMemberS{Value: s} }

func num(n int64) types.AttributeValue {
	return &types.AttributeValueMemberN{Value: strconv.FormatInt(n, 10)}
}

// newRVN is a fresh record version number: random, so that no two writes,
// by any replica, can produce the same one.
func newRVN() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// expiresAt is informational: readers never compare it with their clocks.
func expiresAt(now time.Time, d time.Duration) string {
	return now.Add(d).UTC().Format(time.RFC3339)
}
