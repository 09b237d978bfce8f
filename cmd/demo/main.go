// Command demo shows the reconciler converge the whole environment with no
// AWS account: it starts the fake AWS (the same one devcloud serves) on a
// loopback port with its transitions sped up, points the SDK's standard
// environment variables at it, and runs the real commands. It plays the
// person's part where the reconciler asks for one (the operator secrets'
// values, the certificate's DNS record), checks the result with diff,
// repairs a change made through the ECS API, and rolls one service out by
// changing its image tag.
//
//	go run ./cmd/demo [-f deploy/environment.yaml]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/everruns/reconciler/internal/cli"
	"github.com/everruns/reconciler/internal/fakeaws"
	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// speedUp divides the fake's transition times (a NAT gateway's 3 s, an RDS
// instance's, a rollout's) so that the demo takes seconds.
const speedUp = 10

func main() {
	file := flag.String("f", "deploy/environment.yaml", "environment file")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := demo(ctx, *file); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

// world is the running fake and the reconciler's command line against it.
type world struct {
	ctx      context.Context
	srv      *fakeaws.Server
	endpoint string
}

func start(ctx context.Context) (*world, error) {
	timing := core.DefaultTiming()
	for _, d := range []*time.Duration{&timing.NATGateway, &timing.DBInstance, &timing.LoadBalancer, &timing.CloudMapOp,
		&timing.ECSTaskStart, &timing.ECSDeployment, &timing.CertificateDNS} {
		*d /= speedUp
	}
	srv := fakeaws.New(fakeaws.WithClock(core.NewLiveClock()), fakeaws.WithTiming(timing))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	go http.Serve(ln, srv) //nolint:errcheck // ends with the process
	w := &world{ctx: ctx, srv: srv, endpoint: "http://" + ln.Addr().String()}
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL": w.endpoint, "AWS_REGION": "us-east-1",
		"AWS_ACCESS_KEY_ID": "AKIDEVCLOUD", "AWS_SECRET_ACCESS_KEY": "devcloud",
		"AWS_CONFIG_FILE": os.DevNull, "AWS_SHARED_CREDENTIALS_FILE": os.DevNull,
	} {
		os.Setenv(k, v) //nolint:errcheck // valid names
	}
	fmt.Printf("fake AWS on %s (its transitions %d× faster than AWS's)\n", w.endpoint, speedUp)
	return w, nil
}

// step runs one reconciler command, printed as a person would type it.
func (w *world) step(title string, args ...string) int {
	return w.run(os.Stdout, title, args...)
}

// run is step with the command's report (its stdout) sent to report.
func (w *world) run(report io.Writer, title string, args ...string) int {
	fmt.Printf("\n==> %s\n$ reconciler %s\n", title, strings.Join(args, " "))
	return cli.Main(w.ctx, append(args, "--poll-interval", "200ms"), cli.IO{Stdout: report, Stderr: os.Stdout})
}

// say prints what the demo does in a person's place.
func say(title string, lines ...string) {
	fmt.Printf("\n==> %s\n", title)
	for _, l := range lines {
		fmt.Println(l)
	}
}

func demo(ctx context.Context, file string) error {
	w, err := start(ctx)
	if err != nil {
		return err
	}
	// Its final report lists the ~30 resources still to make: left out.
	if code := w.run(io.Discard, "converge an empty account: it stops where a person must act", "apply", "-f", file, "--wait", "3s"); code != cli.ExitError {
		return fmt.Errorf("first apply exited %d, want 1 (operator secrets and certificate)", code)
	}
	if err := w.actAsPerson(); err != nil {
		return err
	}
	if code := w.step("converge again, now that the person has acted", "apply", "-f", file); code != cli.ExitOK {
		return fmt.Errorf("apply exited %d", code)
	}
	w.srv.ResetCalls()
	if code := w.step("check: in sync, and only read calls were made", "diff", "-f", file); code != cli.ExitOK {
		return fmt.Errorf("diff exited %d, want 0", code)
	}
	printCalls(w.srv.Calls())
	return w.repairAndRoll(file)
}

func (w *world) repairAndRoll(file string) error {
	if err := w.scaleAPI(3); err != nil {
		return err
	}
	say("someone scaled the API service to 3 tasks in the console (ecs update-service --desired-count 3)")
	w.step("diff sees it", "diff", "-f", file)
	if code := w.step("repair", "apply", "-f", file); code != cli.ExitOK {
		return fmt.Errorf("apply exited %d", code)
	}
	const next = "v0.5.1"
	release, old, err := withTag(file, "worker", next)
	if err != nil {
		return err
	}
	defer os.RemoveAll(filepath.Dir(release))
	say(fmt.Sprintf("release: the worker's tag changed from %s to %s in a copy of the file", old, next), "  "+release)
	w.srv.ResetCalls()
	if code := w.step("roll it out", "apply", "-f", release); code != cli.ExitOK {
		return fmt.Errorf("apply exited %d", code)
	}
	fmt.Printf("ECS calls that changed something: %d RegisterTaskDefinition, %d UpdateService (the worker only)\n",
		w.srv.Calls()["ecs:RegisterTaskDefinition"], w.srv.Calls()["ecs:UpdateService"])
	return nil
}
