// Command reconciler keeps one AWS environment equal to a declarative file.
// See internal/cli for the commands; main only wires signals and streams.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	// IANA zones compiled in: the image has no /usr/share/zoneinfo, and
	// freeze windows name their time zone.
	_ "time/tzdata"

	// CA roots compiled in, used only when the system has none: the image
	// is FROM scratch, with no /etc/ssl, and still verifies AWS and GitHub.
	_ "golang.org/x/crypto/x509roots/fallback"

	"github.com/everruns/reconciler/internal/cli"
)

func main() {
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	ctx, cancel := cli.ShutdownContext(context.Background(), sigs, os.Stderr, os.Exit)
	code := cli.Main(ctx, os.Args[1:], cli.IO{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr})
	cancel()
	os.Exit(code)
}
