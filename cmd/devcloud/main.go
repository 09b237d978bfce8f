// Command devcloud serves the local fake AWS: every service the reconciler
// uses, on one endpoint, until interrupted.
//
//	devcloud -addr 127.0.0.1:4566
//	eval "$(devcloud -addr 127.0.0.1:4566 | head -2)"   # in another shell: the exports
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "devcloud:", err)
		os.Exit(1)
	}
}
