package e2e

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/everruns/reconciler/internal/awsconfig"
	"github.com/everruns/reconciler/internal/cli"
	"github.com/everruns/reconciler/internal/fakeaws"
	"github.com/everruns/reconciler/internal/verify"
	"github.com/everruns/reconciler/pkg/iampolicy"
)

// reconcilerCalls collects, across every fake of the package, the AWS
// operations the reconciler made: calls whose User-Agent carries
// awsconfig.AppID (awsconfig.Load and adapters.New set it). A test's own
// clients (a person's console changes, its audits) carry no application
// ID, and hooks under /_devcloud/ are not AWS calls, so neither counts.
var reconcilerCalls = &callRecorder{ops: map[string]int{}}

type callRecorder struct {
	mu  sync.Mutex
	ops map[string]int
}

func (r *callRecorder) record(c fakeaws.Call) {
	// verify's reads are a person's preflight, made with the operator's
	// credentials: the daemon's policy does not grant them.
	if !strings.Contains(c.UserAgent, "app/"+awsconfig.AppID) || strings.Contains(c.UserAgent, "app/"+verify.AppID) {
		return
	}
	r.mu.Lock()
	r.ops[c.Service+":"+c.Operation]++
	r.mu.Unlock()
}

// operations lists the recorded "service:Operation" keys, sorted.
func (r *callRecorder) operations() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, 0, len(r.ops))
	for op := range r.ops {
		out = append(out, op)
	}
	sort.Strings(out)
	return out
}

// TestMain runs the suites, then checks the generated IAM policy against
// every operation they saw the reconciler make (policy_check_test.go).
func TestMain(m *testing.M) {
	code := m.Run()
	if problems := checkPolicy(reconcilerCalls.operations(), wholePackageRan()); len(problems) > 0 {
		fmt.Fprintln(os.Stderr, "--- FAIL: the generated IAM policy and the suites' calls disagree:")
		for _, p := range problems {
			fmt.Fprintln(os.Stderr, "    "+p)
		}
		code = 1
	}
	os.Exit(code)
}

// wholePackageRan says whether every test ran: "allowed but never needed"
// means something only then. -run, -skip and -short leave tests out.
func wholePackageRan() bool {
	for _, name := range []string{"test.run", "test.skip"} {
		if f := flag.Lookup(name); f != nil && f.Value.String() != "" {
			return false
		}
	}
	return !testing.Short()
}

// policy runs `reconciler iam-policy` on the shipped file.
func policy(args ...string) (iampolicy.Document, error) {
	code, out, errOut := reconciler(context.Background(), append([]string{"iam-policy", "-f", envFile}, args...)...)
	if code != cli.ExitOK {
		return iampolicy.Document{}, fmt.Errorf("iam-policy %v: exit %d: %s", args, code, errOut)
	}
	var doc iampolicy.Document
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		return iampolicy.Document{}, fmt.Errorf("iam-policy %v printed no policy: %w", args, err)
	}
	return doc, nil
}

// leaseFlags are the daemon flags the suites ran with, as far as the
// policy cares: --lease-table when some suite's daemon used a lease.
func leaseFlags(ops []string) []string {
	for _, op := range ops {
		if strings.HasPrefix(op, "dynamodb:") {
			return []string{"--lease-table", "reconciler-lease"}
		}
	}
	return nil
}
