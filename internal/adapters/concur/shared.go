// Package concur holds what several adapter packages use to keep a pass
// to few AWS calls and few round trips: one read shared by the kinds that
// ask for it at once (Flight), and per-item reads side by side (Each).
package concur

import (
	"context"
	"sync"
)

// Flight shares one read among the kinds that ask for it at the same
// time: the engine observes every kind at once, and some kinds of one
// service begin with the same listing (ELBv2's load balancers, ECS's task
// definitions). A caller joins a read in flight, else starts one;
// nothing is kept once the read ends, so no answer is older than the
// call that asked for it, give or take the read in progress (as if the
// caller had called a moment earlier). It is x/sync's singleflight,
// without the dependency.
type Flight[T any] struct {
	mu    sync.Mutex
	calls map[string]*call[T]
	// onJoin, if set, is called when a caller joins a read (tests).
	onJoin func()
}

type call[T any] struct {
	done chan struct{}
	val  T
	err  error
}

// OnJoin sets fn to be called whenever a caller joins a read in flight:
// a test holds the first read until the others have joined, so that it
// knows they shared it rather than came after it.
func (f *Flight[T]) OnJoin(fn func()) {
	f.mu.Lock()
	f.onJoin = fn
	f.mu.Unlock()
}

// Do returns fn's result for key, shared with the callers that ask for
// key while it runs. A joiner stops waiting when its own ctx ends.
func (f *Flight[T]) Do(ctx context.Context, key string, fn func(context.Context) (T, error)) (T, error) {
	f.mu.Lock()
	if c, ok := f.calls[key]; ok {
		onJoin := f.onJoin
		f.mu.Unlock()
		if onJoin != nil {
			onJoin()
		}
		select {
		case <-c.done:
			return c.val, c.err
		case <-ctx.Done():
			var zero T
			return zero, ctx.Err()
		}
	}
	if f.calls == nil {
		f.calls = map[string]*call[T]{}
	}
	c := &call[T]{done: make(chan struct{})}
	f.calls[key] = c
	f.mu.Unlock()

	c.val, c.err = fn(ctx)
	f.mu.Lock()
	delete(f.calls, key)
	f.mu.Unlock()
	close(c.done)
	return c.val, c.err
}

// Each runs fn for 0..n-1 at most limit at a time and returns the
// first error by index: for the reads the API answers only per item.
func Each(n, limit int, fn func(i int) error) error {
	errs := make([]error, n)
	sem := make(chan struct{}, limit)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			errs[i] = fn(i)
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
