package cli

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/everruns/reconciler/internal/awsengine"
	"github.com/everruns/reconciler/internal/taskpolicy"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
)

// session is what diff and apply share: their common flags, and the loaded
// file with the AWS configuration for its region.
type session struct {
	name    string
	file    string
	output  string
	targets stringList
	engine  awsengine.Options

	env    *desired.Environment
	cfg    aws.Config
	render func(io.Writer, drift.Report) error
}

func newSession(name string, fs *flag.FlagSet) *session {
	s := &session{name: name, engine: awsengine.DefaultOptions()}
	fs.StringVar(&s.file, "f", "", "environment file")
	fs.StringVar(&s.output, "o", "text", "output of the report: text, json or markdown")
	fs.Var(&s.targets, "target", "only addresses with this prefix, and what they depend on (repeatable)")
	engineFlags(fs, &s.engine)
	return s
}

// open checks the output format, loads the file (printing every
// diagnostic) and the AWS configuration; it reports each failure on
// stderr and returns false, before any AWS call.
func (s *session) open(ctx context.Context, stderr io.Writer) bool {
	var ok bool
	if s.render, ok = renderers[s.output]; !ok {
		fmt.Fprintf(stderr, "reconciler %s: -o must be text, json or markdown, not %q\n", s.name, s.output)
		return false
	}
	if s.env = load(s.file, stderr); s.env == nil {
		return false
	}
	var err error
	if s.cfg, err = awsengine.Config(ctx, s.env, nil); err != nil {
		return s.fail(stderr, err)
	}
	return true
}

// fail prints err as the command's error and returns false.
func (s *session) fail(stderr io.Writer, err error) bool {
	fmt.Fprintf(stderr, "reconciler %s: %v\n", s.name, err)
	return false
}

// engineFlags binds the flags every command that talks to AWS shares.
func engineFlags(fs *flag.FlagSet, o *awsengine.Options) {
	fs.DurationVar(&o.PollInterval, "poll-interval", o.PollInterval, "how often to observe a resource that is becoming ready")
	fs.IntVar(&o.Parallelism, "parallelism", o.Parallelism, "resources acted on at once")
}

// resources is what the engine gets of the loaded file: its expansion with
// the reconciler's generated policy filled in (taskpolicy), then
// digest-policy images pinned, whose trouble is printed to stderr.
func (s *session) resources(ctx context.Context, engine *awsengine.Engine, stderr io.Writer) ([]desired.Resource, error) {
	rs, err := taskpolicy.Resources(s.env)
	if err != nil {
		return nil, err
	}
	return engine.Images.Resolve(ctx, s.env, rs, printTrouble(stderr, s.name))
}
