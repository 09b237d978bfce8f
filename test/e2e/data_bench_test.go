package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/everruns/reconciler/internal/cli"
	"github.com/everruns/reconciler/internal/fakeaws"
	"github.com/everruns/reconciler/internal/fakeaws/core"
	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
)

// BenchmarkNoOpDiffOverTheDataTiers converges network, database, secrets
// and certificate through the command line, then measures `reconciler
// diff` over them, in process (a new engine, clients and caches per run,
// as from a shell): wall time and AWS calls per diff, by operation.
func BenchmarkNoOpDiffOverTheDataTiers(b *testing.B) {
	srv := fakeaws.New(fakeaws.WithClock(core.NewLiveClock()), fakeaws.WithTiming(fastTiming()))
	hs := httptest.NewServer(srv)
	defer hs.Close()
	dtBenchEnv(b, hs.URL)
	args := append([]string{"apply", "-f", envFile, "--poll-interval", poll}, dtTargets...)
	ctx := b.Context()
	reconciler(ctx, args...) // stops at the operator secrets
	dtBenchPerson(b, hs.URL)
	if code, out, errOut := reconciler(ctx, args...); code != cli.ExitOK {
		b.Fatalf("apply: %d\n%s%s", code, out, errOut)
	}
	args[0] = "diff"
	srv.ResetCalls()
	b.ResetTimer()
	for b.Loop() {
		if code, out, errOut := reconciler(ctx, args...); code != cli.ExitOK {
			b.Fatalf("diff: %d\n%s%s", code, out, errOut)
		}
	}
	b.StopTimer()
	calls, all := srv.Calls(), 0
	var ops []string
	for op, n := range calls {
		all += n
		ops = append(ops, fmt.Sprintf("%s=%.0f", op, float64(n)/float64(b.N)))
	}
	sort.Strings(ops)
	b.ReportMetric(float64(all)/float64(b.N), "calls/diff")
	b.Logf("calls per diff: %s", strings.Join(ops, " "))
}

// dtBenchEnv is useFake for a benchmark.
func dtBenchEnv(b *testing.B, url string) {
	dir := b.TempDir()
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL": url, "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "AKIDEVCLOUD",
		"AWS_SECRET_ACCESS_KEY": "devcloud", "AWS_SESSION_TOKEN": "", "AWS_PROFILE": "",
		"AWS_CONFIG_FILE": filepath.Join(dir, "config"), "AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "credentials"),
		"AWS_EC2_METADATA_DISABLED": "true",
	} {
		b.Setenv(k, v)
	}
}

// dtBenchPerson puts the operator values and validates the certificate.
func dtBenchPerson(b *testing.B, url string) {
	api := sm.NewFromConfig(fakeawstest.Config(url))
	for name, v := range scOperatorValues {
		if _, err := api.PutSecretValue(b.Context(), &sm.PutSecretValueInput{SecretId: aws.String(name), SecretString: aws.String(v)}); err != nil {
			b.Fatal(err)
		}
	}
	resp, err := http.Post(url+"/_devcloud/acm/validate?domain="+dtDomain, "", nil)
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
}
