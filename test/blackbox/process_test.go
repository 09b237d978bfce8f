// Package blackbox runs the built binaries as a user would: devcloud on a
// free loopback port, and reconciler against it through the SDK's
// standard environment variables, with nothing in process.
package blackbox

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const repo = "../.."

// devcloud starts the fake on a free port and returns its endpoint; the
// process is ended when the test ends.
func devcloud(t *testing.T, bin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"-addr", "127.0.0.1:0", "-quiet"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start devcloud: %v", err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n') // export AWS_ENDPOINT_URL=http://…
	endpoint, ok := strings.CutPrefix(strings.TrimSpace(line), "export AWS_ENDPOINT_URL=")
	if err != nil || !ok {
		t.Fatalf("devcloud's first line %q (%v), want its endpoint", line, err)
	}
	go func() { _, _ = bufio.NewReader(stdout).WriteTo(discard{}) }()
	return endpoint
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// userEnv is the environment a user's shell has after devcloud's export
// lines, with no file of the machine's AWS configuration in it.
func userEnv(t *testing.T, endpoint string) []string {
	dir := t.TempDir()
	env := []string{"AWS_ENDPOINT_URL=" + endpoint, "AWS_REGION=us-east-1", "AWS_ACCESS_KEY_ID=AKIDEVCLOUD",
		"AWS_SECRET_ACCESS_KEY=devcloud", "AWS_CONFIG_FILE=" + filepath.Join(dir, "config"),
		"AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(dir, "credentials"), "AWS_EC2_METADATA_DISABLED=true",
		"HOME=" + dir, "PATH=" + os.Getenv("PATH")}
	return env
}

// run runs a binary to its end and returns its exit code and outputs.
func run(ctx context.Context, env []string, bin string, args ...string) (int, string, string) {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = env
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return exit.ExitCode(), out.String(), errOut.String()
	case err != nil:
		return -1, out.String(), err.Error()
	}
	return 0, out.String(), errOut.String()
}

// hook calls one of devcloud's test hooks and decodes its answer into v
// (if not nil).
func hook(t *testing.T, method, url string, v any) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		t.Fatalf("%s %s: %s", method, url, resp.Status)
	}
	if v != nil {
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			t.Fatalf("%s %s: %v", method, url, err)
		}
	}
}
