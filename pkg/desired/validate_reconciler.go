package desired

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
)

var (
	// dynamoTable: DynamoDB table names are 3–255 of letters, digits, _ . -.
	dynamoTable = regexp.MustCompile(`^[A-Za-z0-9_.-]{3,255}$`)
	// gitBranch is the subset of git check-ref-format the daemon's flag
	// can carry safely.
	gitBranch = regexp.MustCompile(`^[A-Za-z0-9._/-]+$`)
)

const rp = "reconciler."

// daemonPaths are the daemon's own endpoints (reconciler run).
var daemonPaths = []string{"/metrics", "/healthz", "/readyz", "/drift"}

func (v *validator) reconciler() {
	v.freeze()
	r := v.env.SelfHosted()
	if r == nil {
		return
	}
	// The rules a service's container has (image, pinned tag, registry
	// credentials, Fargate size, architecture, security groups). The
	// secrets and the command are the reconciler's own, checked below
	// where the file wrote them.
	c := r.container()
	c.Secrets, c.Command = nil, nil
	v.container("reconciler", c)
	v.gitSource(r)
	v.reconcilerSecret(rp+"git_token_secret", r.GitTokenSecret, "token")
	v.reconcilerSecret(rp+"webhook_secret", r.WebhookSecret, "secret")
	v.webhookRoute(r)
	if r.LeaseTable != "" && !dynamoTable.MatchString(r.LeaseTable) {
		v.errorf(rp+"lease_table", "lease_table %q: a DynamoDB table name is 3–255 letters, digits, _ . and -", r.LeaseTable)
	}
	switch n := *r.DesiredCount; {
	case n < 0:
		v.errorf(rp+"desired_count", "desired_count %d must be 0 or more", n)
	case n > 1 && r.LeaseTable == "":
		v.errorf(rp+"desired_count", "desired_count %d needs lease_table: without a lease, replicas would act on AWS at once", n)
	}
	if d, err := time.ParseDuration(r.Interval); err != nil || d <= 0 {
		v.errorf(rp+"interval", "interval %q: use a positive Go duration such as 1m or 30s", r.Interval)
	}
	for k, s := range v.env.Services {
		if s.Name == reconcilerServiceName {
			v.errorf("services."+k, "service %q is named %s, the name of the reconciler's own service", k, reconcilerServiceName)
		}
	}
}

// gitSource checks what the daemon follows. The URL is never repeated in
// a message: it may carry a credential.
func (v *validator) gitSource(r *Reconciler) {
	u, err := url.Parse(r.GitURL)
	switch {
	case r.GitURL == "":
		v.errorf("reconciler", "git_url: required")
	case err != nil || u.Scheme != "https" || u.Host == "":
		v.errorf(rp+"git_url", "git_url must be an https:// URL of the repository")
	case u.User != nil:
		v.errorf(rp+"git_url", "git_url must not carry credentials: put a token in a secret and name it in git_token_secret")
	}
	b := r.GitBranch
	if !gitBranch.MatchString(b) || strings.HasPrefix(b, "-") || strings.HasPrefix(b, "/") || strings.HasSuffix(b, "/") ||
		strings.HasSuffix(b, ".lock") || strings.Contains(b, "..") || strings.Contains(b, "//") {
		v.errorf(rp+"git_branch", "git_branch %q is not a branch name git accepts", b)
	}
	p := r.GitPath
	if p == "" || strings.HasPrefix(p, "/") || strings.HasPrefix(p, "-") || slices.Contains(strings.Split(p, "/"), "..") {
		v.errorf(rp+"git_path", "git_path %q: a path inside the repository, relative, without ..", p)
	}
}

// reconcilerSecret checks a secret the daemon reads through an
// environment variable: declared, operator-written, with the one key.
func (v *validator) reconcilerSecret(path, name, key string) {
	if name == "" {
		return
	}
	s, ok := v.env.Secrets[name]
	switch {
	case !ok:
		v.errorf(path, "secret %q is not declared under secrets", name)
	case s.Source != SourceOperator:
		v.errorf(path, "secret %q must be an operator secret (a person puts its value)", name)
	case !slices.Contains(s.Keys, key):
		v.errorf(path, "secret %q must declare the key %s", name, key)
	}
}

// webhookRoute checks the load balancer route to the daemon's webhook.
func (v *validator) webhookRoute(r *Reconciler) {
	if r.WebhookPath == "" {
		return
	}
	const path = rp + "webhook_path"
	lb := v.env.LoadBalancer
	switch p := r.WebhookPath; {
	case lb == nil:
		v.errorf(path, "webhook_path needs a load_balancer to route it")
	case r.WebhookSecret == "":
		v.errorf(path, "webhook_path needs webhook_secret: the daemon serves the webhook only with a secret to check signatures")
	case !strings.HasPrefix(p, "/") || len(p) > 128 || strings.ContainsAny(p, "*?{} "):
		// A wildcard would send other paths to the daemon, which
		// serves the webhook at this exact path only.
		v.errorf(path, "webhook_path %q: an exact path starting with /, at most 128 characters, without * or ?", p)
	case slices.Contains(daemonPaths, p):
		v.errorf(path, "webhook_path %q is one of the daemon's own endpoints (%s)", p, strings.Join(daemonPaths, ", "))
	}
	if lb == nil {
		return
	}
	if !elbName.MatchString(v.env.reconcilerTargetGroupName()) {
		v.errorf(path, "the webhook's target group name %q would be longer than 32 characters: use a shorter environment name", v.env.reconcilerTargetGroupName())
	}
	for k, tg := range lb.TargetGroups {
		if tg.Name == v.env.reconcilerTargetGroupName() {
			v.errorf("load_balancer.target_groups."+k, "target group %q is named %s, the name of the reconciler's webhook target group", k, tg.Name)
		}
	}
	if p := r.WebhookPriority; p < 1 || p > 50000 {
		v.errorf(rp+"webhook_priority", "webhook_priority %d is outside 1–50000", p)
	}
	for k, rule := range lb.Rules {
		if rule.Priority == r.WebhookPriority {
			v.errorf(rp+"webhook_priority", "webhook_priority %d is used by load_balancer.rules.%s; priorities must be unique", r.WebhookPriority, k)
		}
	}
}
