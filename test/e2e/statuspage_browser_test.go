package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/chromedp/chromedp"

	"github.com/everruns/reconciler/internal/cli"
)

// chromium returns the path of Debian's chromium. Without it the browser
// test is skipped on a workstation and fails in CI, whose .ci/run
// installs it.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed, and CI=true: .ci/run installs it (apt-get install chromium)")
	}
	t.Skip("chromium is not installed: apt-get install -y chromium to run the status page in a browser")
	return ""
}

// withReconcilerTier is the shipped file with the reconciler's own
// service, so that the environment has every tier.
func withReconcilerTier(t *testing.T) string {
	t.Helper()
	body, err := os.ReadFile(envFile)
	must(t, "read file", err)
	body = append(body, []byte(`
reconciler:
  image: ghcr.io/everruns/reconciler
  tag: v0.6.0
  registry_credentials: ghcr
  git_url: https://github.com/everruns/infrastructure
  desired_count: 1
`)...)
	path := filepath.Join(t.TempDir(), "environment.yaml")
	must(t, "write file", os.WriteFile(path, body, 0o600))
	return path
}

// pageRow is what the browser shows of one resource.
type pageRow struct {
	Address string `json:"address"`
	Kind    string `json:"kind"`
	Sync    string `json:"sync"`
	Health  string `json:"health"`
	Text    string `json:"text"`
}

// pageDOM is what the test reads of the rendered page.
type pageDOM struct {
	Tiers  []string  `json:"tiers"`
	Rows   []pageRow `json:"rows"`
	Commit string    `json:"commit"`
	Title  string    `json:"title"`
	HTML   string    `json:"html"`
}

const readPageDOM = `({
  tiers: Array.from(document.querySelectorAll("details[data-tier]")).map(e => e.dataset.tier),
  rows: Array.from(document.querySelectorAll("tr[data-address]")).map(e => ({
    address: e.dataset.address, kind: e.dataset.kind, sync: e.dataset.sync, health: e.dataset.health, text: e.textContent})),
  commit: (document.getElementById("commit") || {textContent: ""}).textContent,
  title: document.title,
  html: document.documentElement.outerHTML,
})`

// The status page, loaded in headless Chromium from a daemon over a
// converged devcloud environment: every tier is shown, and a VPC whose
// DNS hostnames were turned off through the EC2 API is shown drifted with
// the field that differs, while the rest is in sync and healthy. The
// daemon runs --dry-run, so the drift stays for the browser to see.
func TestStatusPageInABrowser(t *testing.T) {
	browser := chromium(t)
	e := newFullEnv(t)
	file := withReconcilerTier(t)
	if code, out, errOut := e.run(file, "apply", "--wait", "2s"); code != cli.ExitError {
		t.Fatalf("first apply: exit %d, want 1 (operator secrets without values)\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	e.actAsPerson()
	e.apply(file)
	_, err := e.f.ec2.ModifyVpcAttribute(t.Context(), &ec2.ModifyVpcAttributeInput{
		VpcId: aws.String(vpcID(t, e.f)), EnableDnsHostnames: &types.AttributeBooleanValue{Value: aws.Bool(false)}})
	must(t, "ModifyVpcAttribute", err)

	ctx, cancel := context.WithCancel(t.Context())
	stderr := &lockedBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- cli.Main(ctx, []string{"run", "-f", file, "--dry-run", "--poll-interval", poll, "--interval", "1h",
			"--listen", "127.0.0.1:0", "--log-format", "json"}, cli.IO{Stdout: &lockedBuffer{}, Stderr: stderr})
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	base := "http://" + listenAddr(t, stderr, done)
	eventually(t, "a pass to observe the environment", func() bool {
		return strings.Contains(get(t, base+"/drift").body, `"network.vpc"`)
	})

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(browser), chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.Flag("disable-dev-shm-usage", true))
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(t.Context(), opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()
	if err := chromedp.Do(bctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(`details[data-tier="network"]`))); err != nil {
		t.Fatalf("load the status page in chromium: %v", err)
	}
	dom, err := chromedp.Run(bctx, chromedp.Evaluate[pageDOM](readPageDOM))
	if err != nil {
		t.Fatalf("read the status page's DOM: %v", err)
	}

	wantTiers := []string{"network", "database", "secrets", "certificate", "cluster", "loadbalancer", "service", "task", "reconciler"}
	if !slices.Equal(dom.Tiers, wantTiers) {
		t.Errorf("tiers shown %v, want %v", dom.Tiers, wantTiers)
	}
	if !strings.Contains(dom.Title, envName) {
		t.Errorf("title %q does not name the environment", dom.Title)
	}
	rows := map[string]pageRow{}
	for _, r := range dom.Rows {
		rows[r.Address] = r
	}
	vpc, ok := rows["network.vpc"]
	if !ok || vpc.Sync != "drifted" || !strings.Contains(vpc.Text, "enable_dns_hostnames: false → true") {
		t.Errorf("network.vpc on the page: %+v, want drifted with its field", vpc)
	}
	var services int
	for addr, r := range rows {
		if addr == "network.vpc" {
			continue
		}
		if r.Sync != "in sync" {
			t.Errorf("%s shown %s, want in sync (only the VPC drifted)", addr, r.Sync)
		}
		if r.Kind == "ecs.service" {
			services++
			if r.Health != "Healthy" || !strings.Contains(r.Text, "running") {
				t.Errorf("%s: health %s, text %q; want Healthy with its running count", addr, r.Health, r.Text)
			}
		}
	}
	if services == 0 {
		t.Errorf("no service on the page")
	}
	for _, secret := range []string{"sk-e2e-full-OPENAI", "ghp-e2e-full-GHCR"} {
		if strings.Contains(dom.HTML, secret) {
			t.Errorf("the page shows an operator secret's value")
		}
	}
}
