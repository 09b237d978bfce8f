package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/go-git/go-git/v5"
	"github.com/spf13/cobra"

	"github.com/everruns/reconciler/internal/awsengine"
	"github.com/everruns/reconciler/internal/rollback"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
)

type rollbackOptions struct {
	file    string
	to      string
	release bool
	wait    time.Duration
	engine  awsengine.Options
}

// newRollbackCommand: reconciler rollback -f FILE SERVICE [--to REVISION]
// [--release]. It switches the service (its key under services:) to an
// earlier task definition revision, the previous one the environment owns
// unless --to names one, waits for the rollout to complete and holds the
// service there: passes leave it until the file changes its definition or
// --release ends the hold. It prints the git revert that makes the file
// agree. Exit 0 done, 1 error.
func newRollbackCommand(streams IO) *cobra.Command {
	o := rollbackOptions{wait: 15 * time.Minute, engine: awsengine.DefaultOptions()}
	cmd := &cobra.Command{
		Use:   "rollback -f FILE SERVICE [--to REVISION] | --release SERVICE",
		Short: "Roll a service back to an earlier revision and hold it there",
		Long: "Switch a service (its key under services:) to an earlier task definition revision,\n" +
			"wait for the rollout to complete and hold it there: passes leave it until the file\n" +
			"changes its definition, or --release ends the hold. Prints the git revert that makes\n" +
			"the file agree. Exit 0 done, 1 error.",
		Example: "  reconciler rollback -f deploy/environment.yaml api\n" +
			"  reconciler rollback -f deploy/environment.yaml api --to 41\n" +
			"  reconciler rollback -f deploy/environment.yaml --release api",
		Args: oneService,
		RunE: func(cmd *cobra.Command, args []string) error { return o.run(cmd.Context(), args[0], streams) },
	}
	fileFlag(cmd.Flags(), &o.file, "environment `FILE`")
	cmd.Flags().StringVar(&o.to, "to", "", "`REVISION` to roll back to: a number, family:number or an ARN (default: the previous one the environment owns)")
	cmd.Flags().BoolVar(&o.release, "release", false, "end the hold instead: the next pass rolls the service out to what the file names")
	cmd.Flags().DurationVar(&o.wait, "wait", o.wait, "how long to wait for the rollout to complete")
	engineFlags(cmd.Flags(), &o.engine)
	return cmd
}

// oneService takes exactly the service's key, and refuses any other word
// as every command does.
func oneService(_ *cobra.Command, args []string) error {
	switch len(args) {
	case 0:
		return errors.New("SERVICE is required: the service's key under services: (api, worker, …)")
	case 1:
		return nil
	}
	return fmt.Errorf("unexpected argument %q", args[1])
}

func (o *rollbackOptions) run(ctx context.Context, service string, streams IO) error {
	if o.file == "-" {
		return errors.New("-f - is not for rollback: the revert it prints names the file; give its path")
	}
	so := sessionOptions{file: o.file, output: "text", engine: o.engine}
	s, err := so.open(ctx, "rollback", streams)
	if err != nil {
		return err
	}
	svc, against, err := locate(ctx, s, service, streams.Stderr)
	if err != nil {
		return err
	}
	api := ecs.NewFromConfig(s.cfg)
	if o.release {
		if err := rollback.Release(ctx, api, svc); err != nil {
			return err
		}
		fmt.Fprintf(streams.Stdout, "Released %s: the next pass rolls it out to what the file names (%s).\n", svc.Address, rollback.Short(against))
		return nil
	}
	fileRev, commit := fileRevision(o.file)
	res, err := rollback.Run(ctx, api, rollback.Request{Service: svc, To: o.to, Against: against, FileRevision: fileRev,
		Poll: o.engine.PollInterval, Wait: o.wait})
	if err != nil {
		return err
	}
	printRollback(streams.Stdout, o.file, svc, res, commit)
	return nil
}

// locate finds the service in AWS through the engine's own observation
// (the service and its task definition, targeted): its cluster and ARN,
// and the revision the file names now (the newest one the environment
// registered for it).
func locate(ctx context.Context, s *session, service string, stderr io.Writer) (rollback.Service, string, error) {
	addr := desired.Address("service." + strings.TrimPrefix(service, "service."))
	engine, err := awsengine.New(s.cfg, s.engine, nil)
	if err != nil {
		return rollback.Service{}, "", err
	}
	resources, err := s.resources(ctx, engine, stderr)
	if err != nil {
		return rollback.Service{}, "", err
	}
	plan, err := engine.Plan(ctx, s.env.Identity(), resources, []string{string(addr)})
	if err != nil {
		return rollback.Service{}, "", err
	}
	live, ok := plan.Observed[addr]
	if !ok {
		return rollback.Service{}, "", fmt.Errorf("%s is not a service of the file that exists in AWS", addr)
	}
	cluster, _ := live.Fields[names.Service.Cluster].(string)
	td, ok := plan.Observed[addr+".task_definition"]
	if !ok || cluster == "" {
		return rollback.Service{}, "", errors.New(string(addr) + " has no task definition in AWS")
	}
	return rollback.Service{Cluster: cluster, ARN: live.ID, Address: addr, Identity: s.env.Identity()}, td.ID, nil
}

// fileRevision is the file's revision: the last commit that changed it
// when it is in a git work tree (that commit too), else its digest.
func fileRevision(path string) (string, *gitCommit) {
	if c := lastCommit(path); c != nil {
		return c.hash, c
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", nil
	}
	sum := sha256.Sum256(data)
	return "sha256:" + hex.EncodeToString(sum[:]), nil
}

type gitCommit struct{ hash, subject, path string }

// lastCommit is the last commit that changed path in the git work tree
// that holds it; nil when there is none.
func lastCommit(path string) *gitCommit {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil
	}
	repo, err := git.PlainOpenWithOptions(filepath.Dir(abs), &git.PlainOpenOptions{DetectDotGit: true})
	if err != nil {
		return nil
	}
	wt, err := repo.Worktree()
	if err != nil {
		return nil
	}
	rel, err := filepath.Rel(wt.Filesystem.Root(), abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return nil
	}
	rel = filepath.ToSlash(rel)
	log, err := repo.Log(&git.LogOptions{FileName: &rel})
	if err != nil {
		return nil
	}
	defer log.Close()
	c, err := log.Next()
	if err != nil {
		return nil
	}
	subject, _, _ := strings.Cut(c.Message, "\n")
	return &gitCommit{hash: c.Hash.String(), subject: subject, path: rel}
}

func printRollback(w io.Writer, file string, svc rollback.Service, res rollback.Result, commit *gitCommit) {
	name := strings.TrimPrefix(string(svc.Address), "service.")
	fmt.Fprintf(w, "Rolled %s back from %s to %s (image %s); the rollout completed.\n",
		svc.Address, rollback.Short(res.From), rollback.Short(res.To), res.Image)
	fmt.Fprintf(w, "It is held there: passes leave it until the file changes its definition, or until\n  reconciler rollback -f %s --release %s\n", file, name)
	fmt.Fprintln(w, "To make the file agree, revert the change that rolled it forward:")
	if commit != nil {
		fmt.Fprintf(w, "  git revert %s   # %q, the last commit that changed %s\n", commit.hash, commit.subject, commit.path)
		fmt.Fprintf(w, "or set services.%s back to the image %s.\n", name, res.Image)
		return
	}
	fmt.Fprintf(w, "  %s is not in a git work tree: set services.%s back to the image %s.\n", file, name, res.Image)
}
