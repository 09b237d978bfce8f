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

	"github.com/everruns/reconciler/internal/rollback"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
)

// runRollback: reconciler rollback -f FILE SERVICE [--to REVISION]
// [--release]. It switches the service (its key under services:) to an
// earlier task definition revision, the previous one the environment owns
// unless --to names one, waits for the rollout to complete and holds the
// service there: passes leave it until the file changes its definition or
// --release ends the hold. It prints the git revert that makes the file
// agree. Exit 0 done, 1 error.
func runRollback(ctx context.Context, args []string, io IO) int {
	fs := newFlags("rollback", io)
	s := &session{name: "rollback", output: "text"}
	fs.StringVar(&s.file, "f", "", "environment file")
	s.engine.register(fs)
	to := fs.String("to", "", "revision to roll back to: a number, family:number or an ARN (default: the previous one the environment owns)")
	release := fs.Bool("release", false, "end the hold instead: the next pass rolls the service out to what the file names")
	wait := fs.Duration("wait", 15*time.Minute, "how long to wait for the rollout to complete")
	service, rest := "", args
	if err := fs.Parse(args); err != nil {
		return ExitError
	}
	if fs.NArg() > 0 {
		service, rest = fs.Arg(0), fs.Args()[1:]
	}
	if !parse(fs, rest) {
		return ExitError
	}
	if service == "" {
		fmt.Fprintln(io.Stderr, "usage: reconciler rollback -f FILE SERVICE [--to REVISION] | --release SERVICE")
		return ExitError
	}
	if !s.open(ctx, io.Stderr) {
		return ExitError
	}
	svc, against, err := locate(ctx, s, service, io.Stderr)
	if err != nil {
		s.fail(io.Stderr, err)
		return ExitError
	}
	api := ecs.NewFromConfig(s.cfg)
	if *release {
		if err := rollback.Release(ctx, api, svc); err != nil {
			s.fail(io.Stderr, err)
			return ExitError
		}
		fmt.Fprintf(io.Stdout, "Released %s: the next pass rolls it out to what the file names (%s).\n", svc.Address, rollback.Short(against))
		return ExitOK
	}
	fileRev, commit := fileRevision(s.file)
	res, err := rollback.Run(ctx, api, rollback.Request{Service: svc, To: *to, Against: against, FileRevision: fileRev,
		Poll: s.engine.poll, Wait: *wait})
	if err != nil {
		s.fail(io.Stderr, err)
		return ExitError
	}
	printRollback(io.Stdout, s.file, svc, res, commit)
	return ExitOK
}

// locate finds the service in AWS through the engine's own observation
// (the service and its task definition, targeted): its cluster and ARN,
// and the revision the file names now (the newest one the environment
// registered for it).
func locate(ctx context.Context, s *session, service string, stderr io.Writer) (rollback.Service, string, error) {
	addr := desired.Address("service." + strings.TrimPrefix(service, "service."))
	engine, images, err := newEngine(s.cfg, s.engine, nil)
	if err != nil {
		return rollback.Service{}, "", err
	}
	resources, err := s.resources(ctx, images, stderr)
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
