package lease

import (
	"testing"
	"time"
)

// BenchmarkHeld is the cost of the check the daemon makes before every
// mutating AWS call, from several goroutines at once.
func BenchmarkHeld(b *testing.B) {
	l, err := New(nil, testTable)
	if err != nil {
		b.Fatal(err)
	}
	l.held.Store(&holding{renewed: time.Now(), fence: 1})
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if !l.Held() {
				b.Error("not held")
			}
		}
	})
}
