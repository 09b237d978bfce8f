package daemon

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// headerGrace is how long a new connection may go without a complete
// request before, at the cap, it may be closed for a newcomer. A probe or
// a webhook sends its request at once; a client still silent after half a
// second is slow or a slowloris, and holds a slot someone else needs.
const headerGrace = 500 * time.Millisecond

// requestGrace is how long a request may be in progress before, at the
// cap, its connection may be closed for a newcomer. Every answer of this
// server takes milliseconds; a request still in progress after two
// seconds is a body trickled in on purpose (a slow-body slowloris).
const requestGrace = 2 * time.Second

// limitListener caps open connections like x/net/netutil's LimitListener,
// but never lets the connections it holds starve a newcomer (a health
// probe, a webhook) for long: at the cap it closes an idle keep-alive
// connection at once, or else the oldest connection that has not sent a
// complete request within headerGrace, or else the oldest whose request
// has been in progress for requestGrace.
//
// It accepts before it waits for a slot, so that the connection waiting is
// the newcomer and the choice of whom to close is made while it waits: a
// connection that turns idle while one waits is closed as it does.
type limitListener struct {
	net.Listener
	max  int
	now  func() time.Time
	done chan struct{}
	once sync.Once
	// freed wakes an Accept waiting for a slot: a slot was freed, or a
	// connection turned idle.
	freed chan struct{}

	mu      sync.Mutex
	conns   map[*limitConn]connState // open connections, by the server's ConnState
	waiting bool
}

type connState struct {
	state http.ConnState
	since time.Time
}

func newLimitListener(ln net.Listener, n int) *limitListener {
	return &limitListener{Listener: ln, max: max(n, 1), now: time.Now, done: make(chan struct{}),
		freed: make(chan struct{}, 1), conns: map[*limitConn]connState{}}
}

func (l *limitListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	lc := &limitConn{Conn: c, l: l}
	if err := l.admit(lc); err != nil {
		_ = c.Close()
		return nil, err
	}
	return lc, nil
}

// admit waits for a slot for c, freeing one when it can.
func (l *limitListener) admit(c *limitConn) error {
	for {
		l.mu.Lock()
		if len(l.conns) < l.max {
			l.conns[c] = connState{state: http.StateNew, since: l.now()}
			l.waiting = false
			l.mu.Unlock()
			return nil
		}
		victim, retry := l.victim()
		l.waiting = victim == nil
		l.mu.Unlock()
		if victim != nil {
			_ = victim.Close() // frees its slot
			continue
		}
		if err := l.wait(retry); err != nil {
			return err
		}
	}
}

// wait returns when a slot may have been freed, after retry (if not 0),
// or with net.ErrClosed once the listener is closed.
func (l *limitListener) wait(retry time.Duration) error {
	var timeout <-chan time.Time
	if retry > 0 {
		t := time.NewTimer(retry)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case <-l.freed:
	case <-timeout:
	case <-l.done:
		return net.ErrClosed
	}
	return nil
}

// victim returns the connection to close for a newcomer: an idle one,
// else the oldest still without a complete request after headerGrace,
// else the oldest whose request has been in progress for requestGrace.
// With none, retry says when the first candidate will qualify (0: none
// will; wait for a slot or an idle connection).
func (l *limitListener) victim() (victim *limitConn, retry time.Duration) {
	var candidates [2]struct {
		c     *limitConn
		since time.Time
	}
	for c, s := range l.conns {
		i := 0
		switch s.state {
		case http.StateIdle:
			return c, 0
		case http.StateNew:
			i = 0
		case http.StateActive:
			i = 1
		default:
			continue
		}
		if candidates[i].c == nil || s.since.Before(candidates[i].since) {
			candidates[i].c, candidates[i].since = c, s.since
		}
	}
	now := l.now()
	for i, grace := range [2]time.Duration{headerGrace, requestGrace} {
		cand := candidates[i]
		if cand.c == nil {
			continue
		}
		wait := grace - now.Sub(cand.since)
		if wait <= 0 {
			return cand.c, 0
		}
		if retry == 0 || wait < retry {
			retry = wait
		}
	}
	return nil, retry
}

func (l *limitListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return l.Listener.Close()
}

// track is the server's ConnState hook. A connection that turns idle
// while a newcomer waits is closed at once (by the waiting Accept).
func (l *limitListener) track(nc net.Conn, s http.ConnState) {
	c, ok := nc.(*limitConn)
	if !ok {
		return
	}
	if s == http.StateHijacked || s == http.StateClosed {
		c.release() // the server no longer holds it
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, open := l.conns[c]; !open {
		return
	}
	l.conns[c] = connState{state: s, since: l.now()}
	if s == http.StateIdle && l.waiting {
		l.wake()
	}
}

// wake tells a waiting Accept to look again; it never blocks.
func (l *limitListener) wake() {
	select {
	case l.freed <- struct{}{}:
	default:
	}
}

// limitConn frees its slot once, on the first Close.
type limitConn struct {
	net.Conn
	l    *limitListener
	once sync.Once
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.release()
	return err
}

func (c *limitConn) release() {
	c.once.Do(func() {
		c.l.mu.Lock()
		delete(c.l.conns, c)
		c.l.mu.Unlock()
		c.l.wake()
	})
}
