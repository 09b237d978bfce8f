package wire

import (
	"strings"
	"testing"
	"time"
)

func fileOptions(file string) Options {
	o := DefaultOptions()
	o.Source.File = file
	return o
}

func gitOptions() Options {
	o := DefaultOptions()
	o.Source.GitURL = "file:///nowhere"
	return o
}

// Check refuses every combination the daemon cannot run, naming the flag
// that is wrong, and accepts the defaults with one source.
func TestCheckRefusesBadCombinations(t *testing.T) {
	for name, tc := range map[string]struct {
		edit func(*Options)
		want string
	}{
		"no source":                   {func(o *Options) { o.Source.GitURL = "" }, "exactly one of -f FILE and --git-url URL"},
		"both sources":                {func(o *Options) { o.Source.File = "env.yaml" }, "exactly one of -f FILE and --git-url URL"},
		"webhook secret file and env": {func(o *Options) { o.Webhook.SecretFile, o.Webhook.SecretEnv = "f", "X" }, "not both"},
		"webhook on a file source": {func(o *Options) { *o = fileOptions("env.yaml"); o.Webhook.SecretEnv = "X" },
			"--webhook-secret-env needs --git-url"},
		"webhook file on a file source": {func(o *Options) { *o = fileOptions("env.yaml"); o.Webhook.SecretFile = "f" },
			"--webhook-secret-file needs --git-url"},
		"relative webhook path": {func(o *Options) { o.Webhook.Path = "hooks" }, "--webhook-path"},
		"the daemon's own path": {func(o *Options) { o.Webhook.Path = "/metrics" }, "--webhook-path"},
		"a wildcard path":       {func(o *Options) { o.Webhook.Path = "/hooks/{x}" }, "--webhook-path"},
		"zero interval":         {func(o *Options) { o.Interval = 0 }, "--interval must be a positive duration"},
		"negative git poll":     {func(o *Options) { o.Source.GitPoll = -time.Minute }, "--git-poll must be a positive duration"},
		"zero lease duration":   {func(o *Options) { o.Lease.Table, o.Lease.Duration = "t", 0 }, "--lease-duration must be"},
		"no parallelism":        {func(o *Options) { o.Engine.Parallelism = 0 }, "--parallelism must be a positive number"},
	} {
		t.Run(name, func(t *testing.T) {
			o := gitOptions()
			tc.edit(&o)
			err := o.Check()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Check() = %v, want an error with %q", err, tc.want)
			}
		})
	}
	for name, o := range map[string]Options{"file": fileOptions("env.yaml"), "git": gitOptions()} {
		if err := o.Check(); err != nil {
			t.Errorf("%s source with defaults: %v", name, err)
		}
	}
	withAll := gitOptions()
	withAll.Lease.Table, withAll.Webhook.SecretEnv = "t", "X"
	if err := withAll.Check(); err != nil {
		t.Errorf("git, lease and webhook together: %v", err)
	}
}

func TestGitTokenComesFromTheFileOrTheEnvironment(t *testing.T) {
	t.Setenv("GIT_TOKEN", "from-env")
	o := SourceOptions{}
	if tok, err := o.token(); err != nil || tok != "from-env" {
		t.Errorf("token from $GIT_TOKEN = %q, %v", tok, err)
	}
	o.TokenFile = t.TempDir() + "/token"
	if _, err := o.token(); err == nil || !strings.Contains(err.Error(), "--git-token-file") {
		t.Errorf("missing token file: %v", err)
	}
	writeFile(t, o.TokenFile, "from-file\n")
	if tok, err := o.token(); err != nil || tok != "from-file" {
		t.Errorf("token from the file = %q, %v", tok, err)
	}
	writeFile(t, o.TokenFile, "\n")
	if _, err := o.token(); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Errorf("empty token file: %v", err)
	}
}

// In a Fargate task the webhook's secret arrives as an environment
// variable (ECS injects Secrets Manager values only so): it is read from
// there, trailing newline dropped; an unset one is an error that does not
// print any value.
func TestWebhookSecretFromTheEnvironment(t *testing.T) {
	t.Setenv("HOOK_SECRET", "s3cr3t-value\n")
	o := WebhookOptions{SecretEnv: "HOOK_SECRET", Path: "/hooks/github"}
	if b, err := o.secret(); err != nil || string(b) != "s3cr3t-value" {
		t.Errorf("secret from $HOOK_SECRET = %q, %v", b, err)
	}
	o.SecretEnv = "HOOK_SECRET_UNSET"
	if _, err := o.secret(); err == nil || !strings.Contains(err.Error(), "HOOK_SECRET_UNSET") {
		t.Errorf("unset variable: %v", err)
	}
}

// The lease's renew deadline and retry period follow its duration in
// client-go's proportions.
func TestLeaseDurationsFollowClientGo(t *testing.T) {
	d, r, p := LeaseOptions{Duration: 30 * time.Second}.durations()
	if d != 30*time.Second || r != 20*time.Second || p != 5*time.Second {
		t.Errorf("durations of 30s = %s, %s, %s; want 30s, 20s, 5s", d, r, p)
	}
}
