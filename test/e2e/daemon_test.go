package e2e

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/everruns/reconciler/internal/cli"
)

// The daemon converges at start, serves its endpoints, and converges again
// when the file changes: here a tag added to every resource of the file.
func TestDaemonConvergesAndFollowsTheFile(t *testing.T) {
	f := newFake(t)
	useFake(t, f)
	src, err := os.ReadFile(envFile)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "environment.yaml")
	if err := os.WriteFile(file, src, 0o600); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var stderr lockedBuffer
	done := make(chan int, 1)
	go func() {
		done <- cli.Main(ctx, []string{"run", "-f", file, "--target", target, "--poll-interval", poll,
			"--interval", "1h", "--file-poll", "10ms", "--listen", "127.0.0.1:0", "--log-format", "json"},
			cli.IO{Stdout: &lockedBuffer{}, Stderr: &stderr})
	}()
	base := "http://" + listenAddr(t, &stderr, done)

	eventually(t, "/readyz to answer 200", func() bool { return get(t, base+"/readyz").code == http.StatusOK })
	var drift report
	if err := json.Unmarshal([]byte(get(t, base+"/drift").body), &drift); err != nil {
		t.Fatalf("/drift: %v", err)
	}
	if !drift.InSync || len(drift.Changes) != 0 {
		t.Errorf("/drift after the first pass = %+v, want in sync", drift)
	}
	if d := readDrift(t, base); !strings.HasPrefix(d.Revision, "sha256:") || !d.Source.Valid {
		t.Errorf("/drift revision = %q (source %+v), want the file's sha256", d.Revision, d.Source)
	}
	metrics := get(t, base+"/metrics").body
	// Only resources in scope are managed: not the database, outside
	// --target network (and without an adapter yet).
	if strings.Contains(metrics, `reconciler_managed_resources{kind="rds.`) {
		t.Errorf("/metrics counts resources outside --target as managed")
	}
	for _, want := range []string{
		`reconciler_passes_total{result="success"} 1`,
		`reconciler_managed_resources{kind="ec2.subnet"} 4`,
		`reconciler_aws_api_calls_total{aws_service="ec2",code="",operation="CreateVpc"} 1`,
		`reconciler_last_success_timestamp_seconds `,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}

	// A person pushes a change to the file: every resource gets a new tag.
	changed := strings.Replace(string(src), "project: everruns\n", "project: everruns\ntags:\n  Team: platform\n", 1)
	if changed == string(src) {
		t.Fatal("could not add tags to the file")
	}
	if err := os.WriteFile(file, []byte(changed), 0o600); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the VPC to carry the file's new tag", func() bool { return vpcTag(t, f, "Team") == "platform" })
	eventually(t, "a second successful pass", func() bool {
		return strings.Contains(get(t, base+"/metrics").body, `reconciler_passes_total{result="success"} 2`)
	})

	cancel()
	if code := <-done; code != cli.ExitOK {
		t.Errorf("run exit %d after SIGTERM, want 0:\n%s", code, stderr.String())
	}
	if strings.Contains(stderr.String(), `"level":"error"`) {
		t.Errorf("the daemon logged errors:\n%s", stderr.String())
	}
}

var listenLine = regexp.MustCompile(`"listen":"([^"]+)"`)

// listenAddr reads the address the daemon bound from its start-up log.
func listenAddr(t testing.TB, log *lockedBuffer, done <-chan int) string {
	t.Helper()
	var addr string
	eventually(t, "the daemon to log its address", func() bool {
		select {
		case code := <-done:
			t.Fatalf("run exited %d at start:\n%s", code, log.String())
		default:
		}
		if m := listenLine.FindStringSubmatch(log.String()); m != nil {
			addr = m[1]
		}
		return addr != ""
	})
	return addr
}

type response struct {
	code int
	body string
}

func get(t testing.TB, url string) response {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{resp.StatusCode, string(b)}
}

// eventually polls cond with a deadline; it asserts no timing.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func vpcTag(t *testing.T, f *fake, key string) string {
	t.Helper()
	out, err := f.ec2.DescribeVpcs(t.Context(), &ec2.DescribeVpcsInput{Filters: []ec2types.Filter{
		{Name: aws.String("tag:everruns:address"), Values: []string{"network.vpc"}}}})
	if err != nil || len(out.Vpcs) != 1 {
		t.Fatalf("find the VPC: %v (%d found)", err, len(out.Vpcs))
	}
	for _, tag := range out.Vpcs[0].Tags {
		if aws.ToString(tag.Key) == key {
			return aws.ToString(tag.Value)
		}
	}
	return ""
}
