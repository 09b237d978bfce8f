// Package testnet holds network peers that misbehave on purpose, for
// tests of what the reconciler does when the world outside hangs.
package testnet

import (
	"net"
	"testing"
)

// Silent listens on 127.0.0.1, accepts every connection and never
// answers: a server that hangs (a git host, an AWS endpoint behind a
// broken proxy). It returns the listener's address; everything is closed
// when the test ends.
func Silent(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { _ = c.Close() })
		}
	}()
	return ln.Addr().String()
}
