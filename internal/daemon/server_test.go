package daemon

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/everruns/reconciler/internal/pass"
)

// Idle keep-alive clients holding every connection slot cannot starve
// /healthz: the idle timeout is an hour here, so only freeing an idle slot
// lets the health check in.
func TestIdleKeepAlivesCannotStarveHealthz(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	d := newDaemon(t, Config{Pass: func(context.Context, pass.Mode) (pass.Outcome, error) { return pass.Outcome{}, nil }})
	lim := ServerLimits{ReadHeader: time.Hour, Read: time.Hour, Write: time.Hour, Idle: time.Hour, MaxConns: 2}
	srv := Serve(ln, d.Handler(), lim, zap.NewNop())
	t.Cleanup(func() { _ = srv.Close() })
	addr := ln.Addr().String()
	for range lim.MaxConns {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = c.Close() })
		fmt.Fprintf(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close() // the connection stays open, idle
	}
	client := &http.Client{Timeout: 10 * time.Second}
	if err := healthz(client, addr); err != nil {
		t.Fatalf("/healthz with every slot held by an idle client: %v", err)
	}
}

func TestServerHasEveryTimeoutAndLogsThroughZap(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := Serve(ln, http.NotFoundHandler(), DefaultServerLimits(), zap.NewNop())
	t.Cleanup(func() { _ = srv.Close() })
	if srv.ReadHeaderTimeout <= 0 || srv.ReadTimeout <= 0 || srv.WriteTimeout <= 0 || srv.IdleTimeout <= 0 || srv.ErrorLog == nil {
		t.Errorf("server = %+v, want every timeout set and an error log", srv)
	}
}
