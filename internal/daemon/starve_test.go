package daemon

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/everruns/reconciler/internal/pass"
)

// notifyListener tells the test of every connection the server accepted.
type notifyListener struct {
	net.Listener
	accepted chan struct{}
}

func (l notifyListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.accepted <- struct{}{}
	}
	return c, err
}

// Health probes are answered whatever holds the connection cap: keep-alive
// connections that turned idle only after the cap was reached, clients
// that never finish their request headers (a slowloris), or that send a
// body a byte at a time. Every timeout of the server is an hour here, so
// only the listener freeing a slot lets the probe in; the client's
// deadline bounds the wait, it measures nothing.
func TestProbesAreAnsweredWhateverHoldsTheCap(t *testing.T) {
	for name, tc := range map[string]struct{ idle, slowHeaders, slowBodies int }{
		"IdleKeepAlives": {idle: 4},
		"Slowloris":      {slowHeaders: 4},
		"SlowBodies":     {slowBodies: 4},
		"All":            {idle: 1, slowHeaders: 1, slowBodies: 2},
	} {
		t.Run(name, func(t *testing.T) {
			maxConns := tc.idle + tc.slowHeaders + tc.slowBodies
			raw, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			ln := notifyListener{Listener: raw, accepted: make(chan struct{}, 100)}
			reading := make(chan struct{}, maxConns)
			d := newDaemon(t, Config{Pass: func(context.Context, pass.Mode) (pass.Outcome, error) { return pass.Outcome{}, nil },
				Routes: map[string]http.Handler{"POST /hooks/github": http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					reading <- struct{}{}
					_, _ = io.ReadAll(r.Body)
				})}})
			lim := ServerLimits{ReadHeader: time.Hour, Read: time.Hour, Write: time.Hour, Idle: time.Hour, MaxConns: maxConns}
			srv := Serve(ln, d.Handler(), lim, zap.NewNop())
			t.Cleanup(func() { _ = srv.Close() })
			addr := raw.Addr().String()

			// Every slot is taken before any connection sends a byte.
			conns := make([]net.Conn, maxConns)
			for i := range conns {
				c, err := net.Dial("tcp", addr)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { _ = c.Close() })
				conns[i] = c
				waitFor(t, ln.accepted, "the server to accept a connection")
			}
			for i, c := range conns {
				switch {
				case i < tc.idle:
					fmt.Fprintf(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
					resp, err := http.ReadResponse(bufio.NewReader(c), nil)
					if err != nil {
						t.Fatal(err)
					}
					resp.Body.Close() // the connection stays open, idle
				case i < tc.idle+tc.slowHeaders:
					fmt.Fprintf(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n") // and never the blank line
				default:
					fmt.Fprintf(c, "POST /hooks/github HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{") // and no more
					waitFor(t, reading, "the handler to read the slow body")
				}
			}

			client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
			for range 2 {
				if err := healthz(client, addr); err != nil {
					t.Fatalf("/healthz with every slot held: %v", err)
				}
			}
		})
	}
}

// A flood of webhook-like clients, each keeping its connection alive
// after its answer, many times the cap: every one is answered within
// GitHub's 10 s (the client's deadline), as the idle ones make way.
func TestAFloodOfKeepAliveClientsIsServed(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	d := newDaemon(t, Config{Pass: func(context.Context, pass.Mode) (pass.Outcome, error) { return pass.Outcome{}, nil }})
	lim := ServerLimits{ReadHeader: time.Hour, Read: time.Hour, Write: time.Hour, Idle: time.Hour, MaxConns: 8}
	srv := Serve(ln, d.Handler(), lim, zap.NewNop())
	t.Cleanup(func() { _ = srv.Close() })
	const clients = 200
	errs := make(chan error, clients)
	for range clients {
		tr := &http.Transport{} // its connection stays open, idle, until the test ends
		t.Cleanup(tr.CloseIdleConnections)
		go func() {
			client := &http.Client{Timeout: 10 * time.Second, Transport: tr}
			errs <- healthz(client, ln.Addr().String())
		}()
	}
	for range clients {
		if err := waitFor(t, errs, "a client's answer"); err != nil {
			t.Errorf("a client of the flood: %v", err)
		}
	}
}
