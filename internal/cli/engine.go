package cli

import (
	"context"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/spf13/pflag"

	"github.com/everruns/reconciler/internal/awsconfig"
	"github.com/everruns/reconciler/internal/awsengine"
	"github.com/everruns/reconciler/internal/taskpolicy"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
)

// sessionOptions are what diff and apply share: their common flags.
type sessionOptions struct {
	file    string
	output  string
	targets []string
	engine  awsengine.Options
}

func newSessionOptions() sessionOptions {
	return sessionOptions{output: "text", engine: awsengine.DefaultOptions()}
}

func (o *sessionOptions) bind(fs *pflag.FlagSet) {
	fileFlag(fs, &o.file, "environment `FILE` (- reads standard input)")
	fs.StringVarP(&o.output, "output", "o", o.output, "output of the report: text, json or markdown")
	targetFlag(fs, &o.targets)
	engineFlags(fs, &o.engine)
}

// session is the loaded file with the AWS configuration for its region.
type session struct {
	name string
	*sessionOptions
	env    *desired.Environment
	cfg    aws.Config
	render func(io.Writer, drift.Report) error
}

// open checks the output format, loads the file (printing every
// diagnostic) and the AWS configuration, before any AWS call.
func (o *sessionOptions) open(ctx context.Context, name string, streams IO) (*session, error) {
	render, ok := renderers[o.output]
	if !ok {
		return nil, oneOf(o.output, "text", "json", "markdown")
	}
	env, err := load(o.file, streams.Stdin, streams.Stderr)
	if err != nil {
		return nil, err
	}
	cfg, err := awsengine.Config(ctx, env, nil)
	if err != nil {
		return nil, err
	}
	// AWS out of reach is one short error within seconds: the pass's own
	// first calls tell (the clients mark it for the engine, which stops
	// there), and this bounds the wait for their answer.
	awsconfig.BoundFirstAnswer(&cfg, awsconfig.FirstAnswerWithin)
	return &session{name: name, sessionOptions: o, env: env, cfg: cfg, render: render}, nil
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
