package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"github.com/everruns/reconciler/internal/awsengine"
	"github.com/everruns/reconciler/internal/cost"
	"github.com/everruns/reconciler/internal/github"
	"github.com/everruns/reconciler/internal/prcomment"
	"github.com/everruns/reconciler/internal/taskpolicy"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/iampolicy"
)

// prFlags are diff's flags for the pull-request comment: with either,
// -o markdown is the whole comment (internal/prcomment); with --github-pr
// it is also posted, as the one comment of the environment.
type prFlags struct {
	pr, tokenFile, baseFile string

	target github.PR
	token  string
}

func (f *prFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.pr, "github-pr", "", "post the report (-o markdown) as the environment's one comment on OWNER/REPO#N, edited on later runs; the token is GITHUB_TOKEN or --github-token-file, the API GITHUB_API_URL")
	fs.StringVar(&f.tokenFile, "github-token-file", "", "file holding the GitHub token (default: GITHUB_TOKEN)")
	fs.StringVar(&f.baseFile, "base-file", "", "the file at the pull request's base: the comment then tells its changes from drift, and shows cost and IAM policy before and after")
}

func (f *prFlags) enabled() bool { return f.pr != "" || f.baseFile != "" }

// check validates the flags before anything reaches AWS.
func (f *prFlags) check(output string) error {
	if !f.enabled() {
		return nil
	}
	if output != "markdown" {
		return errors.New("--github-pr and --base-file need -o markdown")
	}
	if f.pr == "" {
		return nil
	}
	var err error
	if f.target, err = github.ParsePR(f.pr); err != nil {
		return fmt.Errorf("--github-pr: %w", err)
	}
	f.token, err = github.Token(f.tokenFile)
	return err
}

// comment renders the plan as the pull request's comment, prints it, and
// posts it when --github-pr is set.
func (f *prFlags) comment(ctx context.Context, s *session, report drift.Report, head []desired.Resource,
	images *awsengine.Images, stdin io.Reader, out, stderr io.Writer) error {
	in := prcomment.Input{Report: report, Head: head, Targets: s.targets}
	in.CostAfter, in.PolicyAfter = estimate(s.env, stderr), ownPolicy(s.env, stderr)
	if f.baseFile != "" {
		base, err := load(f.baseFile, stdin, stderr)
		if err != nil {
			return fmt.Errorf("--base-file %s is invalid: %w", f.baseFile, err)
		}
		rs, err := taskpolicy.Resources(base)
		if err != nil {
			return fmt.Errorf("--base-file: %w", err)
		}
		if in.Base, err = images.Resolve(ctx, base, rs, printTrouble(stderr, s.name)); err != nil {
			return fmt.Errorf("--base-file: %w", err)
		}
		in.HasBase = true
		in.CostBefore, in.PolicyBefore = estimate(base, stderr), ownPolicy(base, stderr)
	}
	body := prcomment.Render(in, github.MaxCommentChars-len(github.Marker(s.env.Name))-1)
	if _, err := io.WriteString(out, body); err != nil {
		return err
	}
	if f.pr == "" {
		return nil
	}
	client, err := github.NewClient(github.Options{APIURL: github.APIURL(), Token: f.token})
	if err != nil {
		return err
	}
	res, err := github.UpsertComment(ctx, client, f.target, s.env.Name, body)
	if err != nil {
		return err
	}
	verb := "edited"
	if res.Created {
		verb = "created"
	}
	fmt.Fprintf(stderr, "reconciler %s: comment %d %s on %s\n", s.name, res.ID, verb, f.target)
	return nil
}

// estimate is env's monthly cost, or nil (said on stderr) when it cannot
// be priced: the comment then says so instead of failing.
func estimate(env *desired.Environment, stderr io.Writer) *cost.Estimate {
	prices, err := cost.PricesFor(env.Region)
	if err == nil {
		var est *cost.Estimate
		if est, err = prices.Estimate(env); err == nil {
			return est
		}
	}
	fmt.Fprintf(stderr, "reconciler diff: cost of %s: %v\n", env.Name, err)
	return nil
}

func ownPolicy(env *desired.Environment, stderr io.Writer) *iampolicy.Document {
	doc, err := policyFor(env, "", "*", false)
	if err != nil {
		fmt.Fprintf(stderr, "reconciler diff: the reconciler's policy for %s: %v\n", env.Name, err)
		return nil
	}
	return &doc
}
