package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/everruns/reconciler/internal/source"
)

// sourceFlags say where the environment file comes from: -f FILE, or a
// git branch.
type sourceFlags struct {
	file       string
	filePoll   time.Duration
	gitURL     string
	gitBranch  string
	gitPath    string
	gitPoll    time.Duration
	gitTimeout time.Duration
	tokenFile  string
}

func (f *sourceFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.file, "f", "", "environment file, watched for changes")
	fs.DurationVar(&f.filePoll, "file-poll", 2*time.Second, "how often to read the file whatever the filesystem watch says")
	fs.StringVar(&f.gitURL, "git-url", "", "follow the file in this git repository instead (https://… or file://…)")
	fs.StringVar(&f.gitBranch, "git-branch", "main", "branch of --git-url")
	fs.StringVar(&f.gitPath, "git-path", "deploy/environment.yaml", "path of the file in --git-url")
	fs.DurationVar(&f.gitPoll, "git-poll", time.Minute, "how often to ask --git-url for the branch head")
	fs.DurationVar(&f.gitTimeout, "git-timeout", source.DefaultGitTimeout, "how long one git operation (asking for the head, cloning) may take; past it, a source error")
	fs.StringVar(&f.tokenFile, "git-token-file", "", "file holding an HTTPS token for --git-url (default: $GIT_TOKEN)")
}

// check says, on w, what is wrong with the combination.
func (f *sourceFlags) check(w io.Writer) bool {
	if (f.file == "") == (f.gitURL == "") {
		fmt.Fprintln(w, "reconciler run: exactly one of -f FILE and --git-url URL is required")
		return false
	}
	return true
}

// open builds the source and says, safely for a log, where it reads.
func (f *sourceFlags) open(log *zap.Logger) (source.Source, string, error) {
	if f.file != "" {
		s := source.NewFile(f.file)
		s.Poll = f.filePoll
		s.OnWatchError = func(err error) { log.Warn("file watch", zap.Error(err)) }
		return s, f.file, nil
	}
	token, err := f.token()
	if err != nil {
		return nil, "", err
	}
	g, err := source.NewGit(source.GitOptions{URL: f.gitURL, Branch: f.gitBranch, Path: f.gitPath,
		Token: token, Poll: f.gitPoll, Timeout: f.gitTimeout,
		OnPollError: func(err error) { log.Warn("git poll", zap.Error(err)) }})
	if err != nil {
		return nil, "", err
	}
	return g, fmt.Sprintf("%s %s:%s", g.URL(), f.gitBranch, f.gitPath), nil
}

// token reads --git-token-file, else $GIT_TOKEN. It is never logged.
func (f *sourceFlags) token() (string, error) {
	if f.tokenFile == "" {
		return os.Getenv("GIT_TOKEN"), nil
	}
	b, err := os.ReadFile(f.tokenFile)
	if err != nil {
		return "", fmt.Errorf("read --git-token-file: %w", err)
	}
	token := strings.TrimSpace(string(b))
	if token == "" {
		return "", errors.New("--git-token-file is empty")
	}
	return token, nil
}
