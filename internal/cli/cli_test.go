package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/everruns/reconciler/internal/registry"
)

// run runs one command in process and returns its exit code and output.
func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Main(t.Context(), args, IO{Stdout: &out, Stderr: &errOut})
	return code, out.String(), errOut.String()
}

const seedFile = "../../deploy/environment.yaml"

func TestValidateShippedFiles(t *testing.T) {
	files, _ := filepath.Glob("../../deploy/examples/*.yaml")
	files = append(files, seedFile)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			code, out, errOut := run(t, "validate", "-f", f)
			if code != ExitOK {
				t.Fatalf("validate %s = %d, want 0; stderr:\n%s", f, code, errOut)
			}
			if !strings.Contains(out, "valid") || !strings.Contains(out, "ec2.vpc") {
				t.Errorf("validate printed no summary by kind:\n%s", out)
			}
		})
	}
}

// wantLine reads the "# want: LINE: message" header of an invalid file.
var wantLine = regexp.MustCompile(`^# want: (\d+): (.+)`)

// Every invalid file is refused with exit 1, naming FILE:LINE: of its
// error; diff and apply refuse it the same way before any AWS call (the
// endpoint is unreachable, so a call would fail differently).
func TestInvalidFilesAreRefusedWithTheirLine(t *testing.T) {
	t.Setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1")
	t.Setenv("AWS_ACCESS_KEY_ID", "x")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "x")
	files, _ := filepath.Glob("../../test/testdata/invalid/*.yaml")
	if len(files) < 40 {
		t.Fatalf("found %d invalid files, want at least 40", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			m := wantLine.FindStringSubmatch(strings.SplitN(string(b), "\n", 2)[0])
			if m == nil {
				t.Fatalf("%s has no '# want: LINE: message' first line", f)
			}
			for _, cmd := range []string{"validate", "diff", "apply", "cost"} {
				code, out, errOut := run(t, cmd, "-f", f)
				if code != ExitError {
					t.Errorf("%s %s = %d, want 1", cmd, f, code)
				}
				if want := f + ":" + m[1] + ":"; !strings.Contains(errOut, want) {
					t.Errorf("%s: stderr lacks %q:\n%s", cmd, want, errOut)
				}
				if out != "" {
					t.Errorf("%s printed to stdout for an invalid file:\n%s", cmd, out)
				}
				if strings.Contains(errOut, "127.0.0.1:1") {
					t.Errorf("%s reached for AWS with an invalid file:\n%s", cmd, errOut)
				}
			}
		})
	}
}

func TestCostJSONHasTotalAndItems(t *testing.T) {
	code, out, errOut := run(t, "cost", "-f", seedFile, "-o", "json")
	if code != ExitOK && code != ExitError {
		t.Fatalf("cost = %d; stderr:\n%s", code, errOut)
	}
	var est struct {
		MonthlyUSD float64 `json:"monthlyUSD"`
		Items      []struct {
			Category   string  `json:"category"`
			MonthlyUSD float64 `json:"monthlyUSD"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(out), &est); err != nil {
		t.Fatalf("cost -o json is not JSON: %v\n%s", err, out)
	}
	sum, cats := 0.0, map[string]bool{}
	for _, it := range est.Items {
		sum += it.MonthlyUSD
		cats[it.Category] = true
	}
	if d := sum - est.MonthlyUSD; d > 0.01 || d < -0.01 {
		t.Errorf("items add up to %.2f, monthlyUSD is %.2f", sum, est.MonthlyUSD)
	}
	for _, c := range []string{"fargate", "nat", "alb", "ipv4", "rds", "secrets", "cloudmap", "logs"} {
		if !cats[c] {
			t.Errorf("no %s item in the estimate", c)
		}
	}
}

func TestCostOverBudgetExitsOne(t *testing.T) {
	b, err := os.ReadFile(seedFile)
	if err != nil {
		t.Fatal(err)
	}
	text := regexp.MustCompile(`(?m)^(\s+monthly_usd:)\s*[0-9.]+`).ReplaceAllString(string(b), "$1 10")
	if !strings.Contains(text, "monthly_usd: 10") {
		t.Fatal("could not set the budget in a copy of the seed file")
	}
	f := filepath.Join(t.TempDir(), "env.yaml")
	if err := os.WriteFile(f, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := run(t, "cost", "-f", f)
	if code != ExitError || !strings.Contains(errOut, "exceeds the budget of $10.00") {
		t.Errorf("cost over budget = %d, stderr:\n%s", code, errOut)
	}
	code, _, errOut = run(t, "validate", "-f", f)
	if code != ExitOK || !strings.Contains(errOut, "warning") {
		t.Errorf("validate over budget = %d (want 0 with a warning), stderr:\n%s", code, errOut)
	}
}

func TestUsageErrors(t *testing.T) {
	for name, args := range map[string][]string{
		"no command":      nil,
		"unknown command": {"frobnicate"},
		"no file":         {"validate"},
		"bad output":      {"diff", "-f", seedFile, "-o", "yaml"},
		"stray argument":  {"validate", "-f", seedFile, "extra"},
	} {
		t.Run(name, func(t *testing.T) {
			if code, _, _ := run(t, args...); code != ExitError {
				t.Errorf("exit = %d, want 1", code)
			}
		})
	}
}

// A configuration that points at another region than the file's must not
// act there: it would build a second environment.
func TestRefusesAnotherRegionThanTheFiles(t *testing.T) {
	t.Setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1")
	t.Setenv("AWS_REGION", "eu-west-1")
	t.Setenv("AWS_ACCESS_KEY_ID", "x")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "x")
	for _, cmd := range []string{"diff", "apply"} {
		code, _, errOut := run(t, cmd, "-f", seedFile, "--target", "network")
		if code != ExitError || !strings.Contains(errOut, "refusing to act on another region") {
			t.Errorf("%s with AWS_REGION=eu-west-1 = %d, stderr:\n%s", cmd, code, errOut)
		}
	}
}

// diff and apply report registry trouble as one line naming the task
// definition and the image it keeps.
func TestRegistryTroubleIsPrinted(t *testing.T) {
	var out strings.Builder
	printTrouble(&out, "diff")(registry.Trouble{Owner: "api", Address: "service.api.task_definition",
		Kept: "ghcr.io/everruns/api@sha256:1", Err: errors.New("head manifest: 429 Too Many Requests")})
	if want := "reconciler diff: service.api.task_definition: image not resolved, keeping ghcr.io/everruns/api@sha256:1: head manifest: 429 Too Many Requests\n"; out.String() != want {
		t.Errorf("stderr = %q, want %q", out.String(), want)
	}
}
