package wire

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"go.uber.org/zap"

	"github.com/everruns/reconciler/internal/source"
)

// open builds the source and says, safely for a log, where it reads.
func (o SourceOptions) open(log *zap.Logger) (source.Source, string, error) {
	if o.File != "" {
		s := source.NewFile(o.File)
		s.Poll = o.FilePoll
		s.OnWatchError = func(err error) { log.Warn("file watch", zap.Error(err)) }
		return s, o.File, nil
	}
	token, err := o.token()
	if err != nil {
		return nil, "", err
	}
	g, err := source.NewGit(source.GitOptions{URL: o.GitURL, Branch: o.GitBranch, Path: o.GitPath,
		Token: token, Poll: o.GitPoll, Timeout: o.GitTimeout,
		OnPollError: func(err error) { log.Warn("git poll", zap.Error(err)) }})
	if err != nil {
		return nil, "", err
	}
	return g, fmt.Sprintf("%s %s:%s", g.URL(), o.GitBranch, o.GitPath), nil
}

// token reads TokenFile, else $GIT_TOKEN. It is never logged.
func (o SourceOptions) token() (string, error) {
	if o.TokenFile == "" {
		return os.Getenv("GIT_TOKEN"), nil
	}
	b, err := os.ReadFile(o.TokenFile)
	if err != nil {
		return "", fmt.Errorf("read --git-token-file: %w", err)
	}
	token := strings.TrimSpace(string(b))
	if token == "" {
		return "", errors.New("--git-token-file is empty")
	}
	return token, nil
}
