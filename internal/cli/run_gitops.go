package cli

import (
	"context"
	"errors"
	"flag"
	"io"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/everruns/reconciler/internal/github"
	"github.com/everruns/reconciler/internal/gitops"
	"github.com/everruns/reconciler/internal/lease"
	"github.com/everruns/reconciler/internal/metrics"
	notifications "github.com/everruns/reconciler/internal/notify"
)

// gitopsFlags are run's flags for what the daemon tells people: commit
// statuses on GitHub and incident notifications.
type gitopsFlags struct {
	statusRepo, tokenFile, publicURL, notifyFormat string
	notifyURLs                                     stringList
}

func (f *gitopsFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.statusRepo, "github-status", "", "set a commit status (context reconciler/<environment>) on OWNER/REPO for the revision each pass acts on; the token is GITHUB_TOKEN or --github-token-file, the API GITHUB_API_URL")
	fs.StringVar(&f.tokenFile, "github-token-file", "", "file holding the GitHub token (default: GITHUB_TOKEN)")
	fs.StringVar(&f.publicURL, "public-url", "", "the daemon's public URL: statuses and notifications link to its /drift")
	fs.Var(&f.notifyURLs, "notify-url", "incoming webhook told of each incident once when it opens and once when it is resolved (repeatable)")
	fs.StringVar(&f.notifyFormat, "notify-format", "slack", "body of --notify-url: slack (incoming-webhook JSON) or json (the event)")
}

// check validates the flags; gitSource says the file comes from
// --git-url, whose revisions are the commits statuses are set on.
func (f *gitopsFlags) check(w io.Writer, gitSource bool) bool {
	if _, err := notifications.ParseFormat(f.notifyFormat); err != nil {
		return gitopsFail(w, err)
	}
	if f.statusRepo != "" && !gitSource {
		return gitopsFail(w, errors.New("--github-status needs --git-url: a status is set on the commit a pass acts on"))
	}
	if f.statusRepo != "" {
		if _, err := github.ParseRepo(f.statusRepo); err != nil {
			return gitopsFail(w, errors.New("--github-status: "+err.Error()))
		}
	}
	return true
}

func gitopsFail(w io.Writer, err error) bool {
	_, _ = io.WriteString(w, "reconciler run: "+err.Error()+"\n")
	return false
}

// observer builds the daemon's observer and starts its senders, which stop
// with ctx; nil when no flag asks for one. With a lease l, only its holder
// posts, and a lease with no holder is an incident.
func (f *gitopsFlags) observer(ctx context.Context, staleAfter time.Duration, l *lease.Lease,
	m *metrics.Metrics, log *zap.Logger) (*gitops.Observer, error) {
	if f.statusRepo == "" && len(f.notifyURLs) == 0 {
		return nil, nil
	}
	gm := gitops.NewMetrics(m.Registry)
	link := ""
	if f.publicURL != "" {
		link = strings.TrimSuffix(f.publicURL, "/") + "/drift"
	}
	obs := &gitops.Observer{}
	var leader func() bool
	if l != nil {
		leader, obs.Leader, obs.LeaseLost = l.Held, l.Held, l.Holderless
	}
	if f.statusRepo != "" {
		repo, _ := github.ParseRepo(f.statusRepo)
		token, err := github.Token(f.tokenFile)
		if err != nil {
			return nil, err
		}
		client, err := github.NewClient(github.Options{APIURL: github.APIURL(), Token: token, OnFailure: gm.GitHubFailure})
		if err != nil {
			return nil, err
		}
		obs.Statuses = github.NewPoster(github.PosterConfig{Client: client, Repo: repo, Context: "reconciler",
			TargetURL: link, Leader: leader, OnDrop: gm.GitHubFailure, Log: log})
		go obs.Statuses.Run(ctx)
	}
	if len(f.notifyURLs) > 0 {
		format, _ := notifications.ParseFormat(f.notifyFormat)
		obs.Tracker = notifications.NewTracker(staleAfter)
		obs.Sender = notifications.NewSender(notifications.SenderConfig{URLs: f.notifyURLs, Format: format, Link: link,
			OnFailure: gm.NotifyFailure, Log: log})
		go obs.Sender.Run(ctx)
	}
	return obs, nil
}
