package e2e

import (
	"context"
	"maps"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/everruns/reconciler/internal/cli"
)

// daemonProc is one `reconciler run` in process, as from a shell.
type daemonProc struct {
	base   string // http://host:port
	stderr *lockedBuffer
	done   chan int
	cancel context.CancelFunc // SIGTERM
}

// launchDaemon runs `reconciler run ARGS` over the network tier, with fast
// engine polls, no resync (the interval is an hour) and a JSON log, and
// waits for it to serve.
func launchDaemon(t testing.TB, args ...string) *daemonProc {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	p := &daemonProc{stderr: &lockedBuffer{}, done: make(chan int, 1), cancel: cancel}
	args = append([]string{"run", "--target", target, "--poll-interval", poll, "--interval", "1h",
		"--listen", "127.0.0.1:0", "--log-format", "json"}, args...)
	go func() { p.done <- cli.Main(ctx, args, cli.IO{Stdout: &lockedBuffer{}, Stderr: p.stderr}) }()
	t.Cleanup(func() {
		cancel()
		<-p.done
	})
	p.base = "http://" + listenAddr(t, p.stderr, p.done)
	return p
}

// stop sends SIGTERM and returns the exit code.
func (p *daemonProc) stop() int {
	p.cancel()
	code := <-p.done
	p.done <- code // for the cleanup
	return code
}

func (p *daemonProc) metrics(t testing.TB) string { return get(t, p.base+"/metrics").body }

// has says whether /metrics has a line starting with prefix.
func (p *daemonProc) has(t testing.TB, prefix string) bool {
	return strings.Contains("\n"+p.metrics(t), "\n"+prefix)
}

func (p *daemonProc) leader(t *testing.T) bool { return p.has(t, "reconciler_leader 1") }

func (p *daemonProc) ready(t *testing.T) bool { return get(t, p.base+"/readyz").code == http.StatusOK }

// awsMutations are the counted mutating calls, leaving out DynamoDB's:
// the lease writes its record, the environment is in EC2.
func awsMutations(calls map[string]int) map[string]int {
	out := map[string]int{}
	for _, op := range mutations(calls) {
		if !strings.HasPrefix(op, "dynamodb:") {
			out[op] = calls[op]
		}
	}
	return out
}

// driftTwoWays turns DNS hostnames off on the VPC and opens SSH on the
// load balancer's group, as a person in the console would.
func driftTwoWays(t *testing.T, f *fake) {
	t.Helper()
	_, err := f.ec2.ModifyVpcAttribute(t.Context(), &ec2.ModifyVpcAttributeInput{
		VpcId: aws.String(vpcID(t, f)), EnableDnsHostnames: &types.AttributeBooleanValue{Value: aws.Bool(false)}})
	must(t, "ModifyVpcAttribute", err)
	_, err = f.ec2.AuthorizeSecurityGroupIngress(t.Context(), &ec2.AuthorizeSecurityGroupIngressInput{
		GroupId: aws.String(groupID(t, f, "network.security_group.alb")), IpPermissions: []types.IpPermission{tcp(22, "203.0.113.0/24")}})
	must(t, "AuthorizeSecurityGroupIngress", err)
}

// inSync runs diff: true when it exits 0.
func inSync(t *testing.T) bool {
	code, _ := diff(t)
	return code == cli.ExitOK
}

func sameCalls(a, b map[string]int) bool { return maps.Equal(a, b) }
