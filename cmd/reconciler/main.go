// Command reconciler keeps one AWS environment equal to a declarative file.
// See internal/cli for the commands; main only wires signals and streams.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/everruns/reconciler/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], cli.IO{Stdout: os.Stdout, Stderr: os.Stderr})
	stop()
	os.Exit(code)
}
