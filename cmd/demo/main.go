// Command demo shows the reconciler converge an environment with no AWS
// account: it starts the fake AWS (the same one devcloud serves) on a
// loopback port, points the SDK's standard environment variables at it, and
// runs the real commands: diff (everything to create), apply, diff again
// (in sync), then an out-of-band change made through the EC2 API, and the
// diff and apply that repair it.
//
//	go run ./cmd/demo [-f deploy/environment.yaml] [-target network]
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sort"
	"syscall"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/everruns/reconciler/internal/cli"
	"github.com/everruns/reconciler/internal/fakeaws"
	"github.com/everruns/reconciler/internal/fakeaws/core"
)

func main() {
	file := flag.String("f", "deploy/environment.yaml", "environment file")
	target := flag.String("target", "network", "address prefix to reconcile (the tiers with adapters)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := demo(ctx, *file, *target); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

func demo(ctx context.Context, file, target string) error {
	srv := fakeaws.New(fakeaws.WithClock(core.NewLiveClock()))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	go http.Serve(ln, srv) //nolint:errcheck // ends with the process
	endpoint := "http://" + ln.Addr().String()
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL": endpoint, "AWS_REGION": "us-east-1",
		"AWS_ACCESS_KEY_ID": "AKIDEVCLOUD", "AWS_SECRET_ACCESS_KEY": "devcloud",
		"AWS_CONFIG_FILE": os.DevNull, "AWS_SHARED_CREDENTIALS_FILE": os.DevNull,
	} {
		os.Setenv(k, v) //nolint:errcheck // valid names
	}
	fmt.Printf("fake AWS on %s (NAT gateways take a few seconds to become available, as in AWS)\n", endpoint)

	io := cli.IO{Stdout: os.Stdout, Stderr: os.Stdout}
	step := func(title string, args ...string) int {
		fmt.Printf("\n==> %s\n$ reconciler %v\n", title, args)
		return cli.Main(ctx, args, io)
	}
	args := func(cmd string, extra ...string) []string {
		return append([]string{cmd, "-f", file, "--target", target, "--poll-interval", "500ms"}, extra...)
	}
	step("what would change in an empty account", args("diff")...)
	if code := step("converge", args("apply")...); code != 0 {
		return fmt.Errorf("apply exited %d", code)
	}
	srv.ResetCalls()
	step("check: in sync, and only read calls were made", args("diff")...)
	printCalls(srv.Calls())

	if err := flipDNSHostnames(ctx); err != nil {
		return err
	}
	step("someone turned DNS host names off in the console", args("diff")...)
	if code := step("repair", args("apply")...); code != 0 {
		return fmt.Errorf("apply exited %d", code)
	}
	return nil
}

// flipDNSHostnames changes the VPC out of band, through the EC2 API as the
// console would.
func flipDNSHostnames(ctx context.Context) error {
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return err
	}
	client := ec2.NewFromConfig(cfg)
	out, err := client.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{Filters: []ec2types.Filter{
		{Name: aws.String("tag:everruns:address"), Values: []string{"network.vpc"}},
	}})
	if err != nil || len(out.Vpcs) == 0 {
		return fmt.Errorf("find the VPC: %v", err)
	}
	_, err = client.ModifyVpcAttribute(ctx, &ec2.ModifyVpcAttributeInput{
		VpcId: out.Vpcs[0].VpcId, EnableDnsHostnames: &ec2types.AttributeBooleanValue{Value: aws.Bool(false)},
	})
	return err
}

func printCalls(calls map[string]int) {
	keys := make([]string, 0, len(calls))
	for k := range calls {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Println("AWS calls made by that diff:")
	for _, k := range keys {
		fmt.Printf("  %-36s %d\n", k, calls[k])
	}
}
