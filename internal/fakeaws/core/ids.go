package core

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
)

// AccountID is the one account of the fake.
const AccountID = "123456789012"

// IDs generates AWS-shaped identifiers. It is seeded so that a test run is
// reproducible.
type IDs struct {
	mu  sync.Mutex
	rnd *rand.Rand
}

// NewIDs returns a generator seeded with seed.
func NewIDs(seed uint64) *IDs { return &IDs{rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))} }

// Hex returns n random lower-case hex digits.
func (g *IDs) Hex(n int) string {
	g.mu.Lock()
	defer g.mu.Unlock()
	var b strings.Builder
	for b.Len() < n {
		fmt.Fprintf(&b, "%016x", g.rnd.Uint64())
	}
	return b.String()[:n]
}

// EC2 returns an EC2 resource ID: prefix, a dash and 17 hex digits
// (vpc-0a1b2c3d4e5f60718).
func (g *IDs) EC2(prefix string) string { return prefix + "-" + g.Hex(17) }

// UUID returns a random version-4 UUID.
func (g *IDs) UUID() string {
	h := g.Hex(32)
	return h[0:8] + "-" + h[8:12] + "-4" + h[13:16] + "-a" + h[17:20] + "-" + h[20:32]
}

// ARN builds arn:aws:SERVICE:REGION:ACCOUNT:RESOURCE.
func ARN(service, region, resource string) string {
	return "arn:aws:" + service + ":" + region + ":" + AccountID + ":" + resource
}
