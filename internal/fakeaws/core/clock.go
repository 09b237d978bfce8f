package core

import (
	"sync"
	"time"
)

// Clock is the fake's notion of now. Asynchronous resources compute their
// state from it lazily, so a test that advances the clock sees the
// transitions at once, and one that does not sees none.
type Clock struct {
	mu     sync.Mutex
	live   bool      // follow the wall clock (standalone server)
	base   time.Time // manual mode: the start
	offset time.Duration
}

// NewManualClock returns a clock that stands still until Advance is called.
func NewManualClock(start time.Time) *Clock { return &Clock{base: start} }

// NewLiveClock returns a clock that follows the wall clock, plus any Advance.
func NewLiveClock() *Clock { return &Clock{live: true} }

// Now returns the current fake time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.live {
		return time.Now().Add(c.offset).UTC()
	}
	return c.base.Add(c.offset).UTC()
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.offset += d
	c.mu.Unlock()
}
