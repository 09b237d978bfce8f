package daemon

import (
	"net"
	"net/http"
	"sync"
)

// limitListener caps open connections like x/net/netutil's
// LimitListener, but frees a slot held by an idle keep-alive connection
// rather than wait for it: otherwise a few idle clients could starve a
// health check until their idle timeout.
type limitListener struct {
	net.Listener
	slots chan struct{}
	done  chan struct{}
	once  sync.Once

	mu       sync.Mutex
	idle     map[net.Conn]struct{} // connections between requests, by ConnState
	wentIdle chan struct{}         // a connection went idle (buffer of one)
}

func newLimitListener(ln net.Listener, n int) *limitListener {
	return &limitListener{Listener: ln, slots: make(chan struct{}, max(n, 1)),
		done: make(chan struct{}), idle: map[net.Conn]struct{}{}, wentIdle: make(chan struct{}, 1)}
}

func (l *limitListener) Accept() (net.Conn, error) {
	// Accept is called again as soon as a connection is accepted, before
	// that connection has made its request and gone idle: so, with every
	// slot taken, it waits for a slot or for a connection to go idle, and
	// then frees that one.
	for acquired := false; !acquired; {
		select {
		case l.slots <- struct{}{}:
			acquired = true
			continue
		default:
		}
		l.closeAnIdle()
		select {
		case l.slots <- struct{}{}:
			acquired = true
		case <-l.wentIdle:
		case <-l.done:
			return nil, net.ErrClosed
		}
	}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.slots
		return nil, err
	}
	return &limitConn{Conn: c, release: func() { <-l.slots }}, nil
}

func (l *limitListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return l.Listener.Close()
}

// track is the server's ConnState hook.
func (l *limitListener) track(c net.Conn, s http.ConnState) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if s == http.StateIdle {
		l.idle[c] = struct{}{}
		select {
		case l.wentIdle <- struct{}{}:
		default:
		}
	} else {
		delete(l.idle, c)
	}
}

func (l *limitListener) closeAnIdle() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for c := range l.idle {
		delete(l.idle, c)
		_ = c.Close()
		return
	}
}

// limitConn frees its slot once, on the first Close.
type limitConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}
