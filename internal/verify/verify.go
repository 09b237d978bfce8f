// Package verify asks AWS and the container registries what `validate`
// cannot know, before anything is changed: that the images exist for the
// tasks' architecture, that the operator secrets hold every key the file
// reads, that the database can be ordered in the region, that the zones
// exist, that there is room under the quotas, where the certificate
// stands, and that the caller may make every call the plan needs. It is
// read-only (ecspresso's verify and Terraform's plan-time data checks are
// the models): each check is a small function, run concurrently, and the
// report names each problem.
package verify

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/everruns/reconciler/internal/awsconfig"
	"github.com/everruns/reconciler/internal/registry"
	"github.com/everruns/reconciler/pkg/desired"
)

// Severity of a finding: an error would stop an apply; a warning is
// something verify could not establish, or that deserves attention.
type Severity string

const (
	SeverityOK      Severity = "ok"
	SeverityWarning Severity = "warning"
	SeverityError   Severity = "error"
)

// Finding is one thing a check established.
type Finding struct {
	Severity Severity `json:"severity"`
	// Subject is what the finding is about: an address, an image, a
	// secret's name, an IAM action.
	Subject string `json:"subject"`
	Message string `json:"message"`
}

// Check is the outcome of one check.
type Check struct {
	Name     string    `json:"name"`
	Findings []Finding `json:"findings"`
}

// Report is the outcome of every check, in a fixed order.
type Report struct {
	Environment string  `json:"environment"`
	Region      string  `json:"region"`
	Checks      []Check `json:"checks"`
	Errors      int     `json:"errors"`
	Warnings    int     `json:"warnings"`
	// OK is true when nothing found would stop an apply.
	OK bool `json:"ok"`
}

// Options adjust a run.
type Options struct {
	// Strict makes every warning an error: an unreachable registry, a
	// check that could not ask AWS, permissions that could not be
	// simulated.
	Strict bool
	// Principal is the IAM role or user whose permissions are simulated;
	// default the caller (sts:GetCallerIdentity). Set it to check the
	// daemon's task role from an operator's machine.
	Principal string
	// RegistryClient sends the registry requests (default
	// http.DefaultClient; tests: a client for a local registry).
	RegistryClient *http.Client
	// RegistryTimeout bounds one image's questions. Default 10 s.
	RegistryTimeout time.Duration
}

// AppID names verify in the User-Agent of its calls
// ("app/everruns-reconciler-verify"): CloudTrail tells a person's
// preflight from the daemon's work, and its reads are not the daemon's
// (`reconciler iam-policy` does not grant them; the operator's own
// credentials do).
const AppID = awsconfig.AppID + "-verify"

// checker is what every check shares.
type checker struct {
	cfg  aws.Config
	env  *desired.Environment
	opts Options
	reg  *registry.Resolver
}

// checks are run concurrently; the report keeps this order.
var checks = []struct {
	name string
	run  func(context.Context, *checker) []Finding
}{
	{"images", checkImages},
	{"secrets", checkSecrets},
	{"database", checkDatabase},
	{"zones", checkZones},
	{"quotas", checkQuotas},
	{"certificate", checkCertificates},
	{"permissions", checkPermissions},
}

// Run runs every check against the account and registries cfg and the
// file reach. It makes no change anywhere. The error is reserved for a
// context that ended; AWS and registry failures are findings.
func Run(ctx context.Context, cfg aws.Config, env *desired.Environment, opts Options) (Report, error) {
	cfg.AppID = AppID
	c := &checker{cfg: cfg, env: env, opts: opts, reg: &registry.Resolver{
		Credentials: registry.NewSecretsManager(cfg), Timeout: opts.RegistryTimeout, HTTPClient: opts.RegistryClient,
	}}
	rep := Report{Environment: env.Name, Region: env.Region, Checks: make([]Check, len(checks))}
	var wg sync.WaitGroup
	for i, ch := range checks {
		wg.Go(func() {
			fs := ch.run(ctx, c)
			if fs == nil {
				fs = []Finding{} // a check with nothing to check (no database): [] in JSON, not null
			}
			rep.Checks[i] = Check{Name: ch.name, Findings: fs}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return Report{}, err
	}
	for i := range rep.Checks {
		for j, f := range rep.Checks[i].Findings {
			if f.Severity == SeverityWarning && opts.Strict {
				f.Severity = SeverityError
				rep.Checks[i].Findings[j] = f
			}
			switch f.Severity {
			case SeverityError:
				rep.Errors++
			case SeverityWarning:
				rep.Warnings++
			}
		}
	}
	rep.OK = rep.Errors == 0
	return rep, nil
}

func ok(subject, format string, args ...any) Finding {
	return Finding{Severity: SeverityOK, Subject: subject, Message: sprintf(format, args...)}
}

func problem(subject, format string, args ...any) Finding {
	return Finding{Severity: SeverityError, Subject: subject, Message: sprintf(format, args...)}
}

func warning(subject, format string, args ...any) Finding {
	return Finding{Severity: SeverityWarning, Subject: subject, Message: sprintf(format, args...)}
}
