package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"runtime/debug"
	"strings"
	"testing"
)

// runIn runs one command in process with stdin as its standard input.
func runIn(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Main(t.Context(), args, IO{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut})
	return code, out.String(), errOut.String()
}

// subcommands names every command the root has, completion and help
// included, so that a command added later is held to the same rules.
func subcommands() []string {
	var names []string
	for _, c := range newRoot(IO{}).Commands() {
		names = append(names, c.Name())
	}
	return names
}

// Help is asked for, not a failure: it goes to stdout with exit 0, for the
// root and for every command.
func TestHelpIsOnStdoutWithExitZero(t *testing.T) {
	cases := [][]string{{"--help"}, {"-h"}, {"help"}}
	for _, name := range subcommands() {
		cases = append(cases, []string{name, "--help"}, []string{"help", name})
	}
	for _, args := range cases {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			code, out, errOut := run(t, args...)
			if code != ExitOK || errOut != "" {
				t.Errorf("exit %d, stderr %q; want 0 and nothing", code, errOut)
			}
			if !strings.Contains(out, "Usage:") {
				t.Errorf("stdout has no usage:\n%s", out)
			}
		})
	}
	// Without a command it is a mistake: usage on stderr and exit 1.
	code, out, errOut := run(t)
	if code != ExitError || out != "" || !strings.Contains(errOut, "Available Commands:") {
		t.Errorf("no command: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// The flags kept their long/short pairs and their contract's names.
func TestDiffHelpNamesTheFlagsOfTheContract(t *testing.T) {
	_, out, _ := run(t, "diff", "--help")
	for _, want := range []string{"-f, --file FILE", "-o, --output", "--target PREFIX", "--poll-interval", "--parallelism"} {
		if !strings.Contains(out, want) {
			t.Errorf("diff --help lacks %q:\n%s", want, out)
		}
	}
}

func TestCompletionScripts(t *testing.T) {
	for shell, want := range map[string]string{
		"bash": "complete -o default -F __start_reconciler reconciler",
		"zsh":  "#compdef reconciler",
		"fish": "complete -c reconciler",
	} {
		code, out, errOut := run(t, "completion", shell)
		if code != ExitOK || !strings.Contains(out, want) {
			t.Errorf("completion %s: exit %d, stderr %q, script lacks %q", shell, code, errOut, want)
		}
	}
}

// A stray word is refused by every command that takes none, naming it.
func TestExtraArgumentsAreRefused(t *testing.T) {
	for _, name := range subcommands() {
		if name == "help" || name == "completion" { // cobra's: they take a command or a shell
			continue
		}
		t.Run(name, func(t *testing.T) {
			code, out, errOut := run(t, name, "-f", seedFile, "stray")
			switch name {
			case "schema", "version":
				code, out, errOut = run(t, name, "stray")
			case "rollback": // takes one: the service
				code, out, errOut = run(t, name, "-f", seedFile, "api", "stray")
			}
			if code != ExitError || !strings.Contains(errOut, `unexpected argument "stray"`) || out != "" {
				t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
			}
		})
	}
	code, _, errOut := run(t, "frobnicate")
	if code != ExitError || !strings.Contains(errOut, `unknown command "frobnicate"`) {
		t.Errorf("unknown command: exit %d, stderr %q", code, errOut)
	}
	code, _, errOut = run(t, "diff", "-f", seedFile, "--frobnicate")
	if code != ExitError || !strings.Contains(errOut, "reconciler diff: unknown flag: --frobnicate") {
		t.Errorf("unknown flag: exit %d, stderr %q", code, errOut)
	}
}

// -f - reads the file from standard input, and names it <stdin>.
func TestFileFromStandardInput(t *testing.T) {
	seed, err := os.ReadFile(seedFile)
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runIn(t, string(seed), "validate", "-f", "-")
	if code != ExitOK || !strings.HasPrefix(out, `<stdin>: valid: environment "production"`) {
		t.Errorf("validate -f - = %d, stdout %q, stderr %q", code, out, errOut)
	}
	code, out, _ = runIn(t, string(seed), "iam-policy", "--file", "-")
	if code != ExitOK || !strings.Contains(out, `"Statement"`) {
		t.Errorf("iam-policy --file - = %d:\n%s", code, out)
	}
	invalid := strings.Replace(string(seed), "region: us-east-1", "region: nowhere-1", 1)
	code, _, errOut = runIn(t, invalid, "cost", "-f", "-")
	if code != ExitError || !strings.HasPrefix(errOut, "<stdin>:") || !strings.Contains(errOut, "nowhere-1") {
		t.Errorf("an invalid file on stdin = %d, stderr %q; want it named <stdin>:LINE:COL", code, errOut)
	}
	code, _, errOut = runIn(t, string(seed), "run", "-f", "-")
	if code != ExitError || !strings.Contains(errOut, "-f - is not for run") {
		t.Errorf("run -f - = %d, stderr %q", code, errOut)
	}
}

// A file that is not there has no line to point at: no made-up :1:1.
func TestAMissingFileHasNoPosition(t *testing.T) {
	for _, cmd := range []string{"validate", "cost", "iam-policy", "diff", "apply"} {
		code, out, errOut := run(t, cmd, "-f", "no-such-file.yaml")
		if code != ExitError || out != "" || errOut != "no-such-file.yaml: no such file\n" {
			t.Errorf("%s of a missing file = %d, stdout %q, stderr %q", cmd, code, out, errOut)
		}
	}
}

// The version comes from the build: a link-time version wins (the
// Dockerfile's VERSION), else the module version Go recorded, with the
// checkout's VCS stamp; never a bare "dev" from a build that knows better.
func TestVersionFromTheBuildInfo(t *testing.T) {
	stamp := []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"},
		{Key: "vcs.time", Value: "2026-12-06T14:00:00Z"}, {Key: "vcs.modified", Value: "true"}, {Key: "-trimpath", Value: "true"}}
	built := func(main string, settings []debug.BuildSetting) *debug.BuildInfo {
		return &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/everruns/reconciler", Version: main}, Settings: settings}
	}
	for name, tc := range map[string]struct {
		linked string
		info   *debug.BuildInfo
		want   buildVersion
	}{
		"go install @tag": {"dev", built("v1.2.3", nil), buildVersion{Version: "v1.2.3", GoVersion: "go1.26.8"}},
		"go build in a checkout": {"dev", built("v0.0.0-20261206140000-0123456789ab+dirty", stamp),
			buildVersion{Version: "v0.0.0-20261206140000-0123456789ab+dirty", Revision: "0123456789abcdef0123456789abcdef01234567",
				Time: "2026-12-06T14:00:00Z", Modified: true, GoVersion: "go1.26.8"}},
		"a stamp without a module version": {"", built("(devel)", stamp), buildVersion{Version: "devel-0123456789ab",
			Revision: "0123456789abcdef0123456789abcdef01234567", Time: "2026-12-06T14:00:00Z", Modified: true, GoVersion: "go1.26.8"}},
		"the Dockerfile's VERSION": {"v2.0.0", built("(devel)", stamp), buildVersion{Version: "v2.0.0",
			Revision: "0123456789abcdef0123456789abcdef01234567", Time: "2026-12-06T14:00:00Z", Modified: true, GoVersion: "go1.26.8"}},
		"nothing known": {"dev", built("(devel)", nil), buildVersion{Version: "(devel)", GoVersion: "go1.26.8", Note: noStampNote}},
		"no build info": {"dev", nil, buildVersion{Version: "dev"}},
	} {
		if got := versionOf(tc.linked, tc.info); got != tc.want {
			t.Errorf("%s: %+v, want %+v", name, got, tc.want)
		}
	}
	// A build with no stamp says why, and how to get one: a machine's
	// `go env` may set GOFLAGS=-buildvcs=false.
	if text := formatVersion(versionOf("dev", built("(devel)", nil))); !strings.Contains(text, "-buildvcs=true") {
		t.Errorf("text of an unstamped build = %q, want it to say how to stamp one", text)
	}
	text := formatVersion(versionOf("dev", built("v1.2.3", stamp)))
	if want := "reconciler v1.2.3 (revision 0123456789abcdef0123456789abcdef01234567, 2026-12-06T14:00:00Z, modified, go1.26.8)"; text != want {
		t.Errorf("text = %q, want %q", text, want)
	}
}

func TestVersionCommandAndFlag(t *testing.T) {
	code, out, errOut := run(t, "version", "-o", "json")
	var v map[string]any
	if code != ExitOK || json.Unmarshal([]byte(out), &v) != nil || v["version"] == "" || v["modified"] == nil {
		t.Fatalf("version -o json = %d, stdout %q, stderr %q", code, out, errOut)
	}
	_, text, _ := run(t, "version")
	code, flag, _ := run(t, "--version")
	if code != ExitOK || flag != text || !strings.HasPrefix(text, "reconciler ") {
		t.Errorf("--version = %d %q, version = %q", code, flag, text)
	}
	if code, _, _ := run(t, "version", "-o", "yaml"); code != ExitError {
		t.Errorf("version -o yaml = %d, want 1", code)
	}
}

// Commands run at once in one process share nothing (the end-to-end
// tests run a daemon beside diff and apply): each has its own root,
// flags and options.
func TestCommandsRunConcurrently(t *testing.T) {
	done := make(chan string, 8)
	for i := range 8 {
		go func() {
			var out, errOut bytes.Buffer
			args := []string{"validate", "-f", seedFile}
			if i%2 == 1 {
				args = []string{"cost", "-f", seedFile, "-o", "json"}
			}
			code := Main(t.Context(), args, IO{Stdout: &out, Stderr: &errOut})
			if code != ExitOK {
				done <- strings.Join(args, " ") + ": " + errOut.String()
				return
			}
			done <- ""
		}()
	}
	for range 8 {
		if msg := <-done; msg != "" {
			t.Error(msg)
		}
	}
}
