package concur

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
)

// Callers that ask while a read is in flight share it; a caller after it
// ended makes a new one.
func TestFlightSharesOnlyWhileInFlight(t *testing.T) {
	var joined sync.WaitGroup
	joined.Add(2)
	f := Flight[int]{onJoin: joined.Done}
	var calls atomic.Int32
	release := make(chan struct{})
	started := make(chan struct{})
	read := func(context.Context) (int, error) {
		if calls.Add(1) == 1 {
			close(started)
			<-release
		}
		return int(calls.Load()), nil
	}
	var wg sync.WaitGroup
	got := make([]int, 3)
	wg.Go(func() { got[0], _ = f.Do(t.Context(), "k", read) })
	<-started
	for i := 1; i < 3; i++ {
		wg.Go(func() { got[i], _ = f.Do(t.Context(), "k", read) })
	}
	joined.Wait()
	close(release)
	wg.Wait()
	if calls.Load() != 1 || got[0] != 1 || got[1] != 1 || got[2] != 1 {
		t.Fatalf("calls %d, results %v; want one call shared by three", calls.Load(), got)
	}
	if n, _ := f.Do(t.Context(), "k", read); n != 2 {
		t.Errorf("a read after the flight ended got %d, want a new read (2)", n)
	}
}

func TestEachRunsEveryItemAndReturnsTheFirstError(t *testing.T) {
	var ran atomic.Int32
	boom := errors.New("boom")
	err := Each(10, 3, func(i int) error {
		ran.Add(1)
		if i == 4 || i == 7 {
			return errors.Join(boom, errors.New(string(rune('0'+i))))
		}
		return nil
	})
	if ran.Load() != 10 || !errors.Is(err, boom) || err.Error() != "boom\n4" {
		t.Errorf("ran %d, err %q; want 10 and the error of item 4", ran.Load(), err)
	}
}
