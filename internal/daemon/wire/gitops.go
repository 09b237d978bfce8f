package wire

import (
	"context"
	"errors"
	"strings"

	"go.uber.org/zap"

	"github.com/everruns/reconciler/internal/github"
	"github.com/everruns/reconciler/internal/gitops"
	"github.com/everruns/reconciler/internal/lease"
	"github.com/everruns/reconciler/internal/metrics"
	notifications "github.com/everruns/reconciler/internal/notify"
	"github.com/everruns/reconciler/internal/statuspage"
)

// GitOpsOptions say what the daemon tells people: commit statuses on
// GitHub and incident notifications.
type GitOpsOptions struct {
	// StatusRepo (OWNER/REPO) gets a commit status, context
	// reconciler/<environment>, on the revision each pass acts on.
	StatusRepo string
	// TokenFile holds the GitHub token (default: $GITHUB_TOKEN).
	TokenFile string
	// PublicURL is the daemon's public URL: statuses and notifications
	// link to its /drift.
	PublicURL string
	// NotifyURLs are incoming webhooks told of each incident once when it
	// opens and once when it is resolved; NotifyFormat is slack or json.
	NotifyURLs   []string
	NotifyFormat string
}

// check validates the options; gitSource says the file comes from a git
// branch, whose revisions are the commits statuses are set on.
func (g GitOpsOptions) check(gitSource bool) error {
	if _, err := notifications.ParseFormat(g.NotifyFormat); err != nil {
		return err
	}
	if g.StatusRepo == "" {
		return nil
	}
	if !gitSource {
		return errors.New("--github-status needs --git-url: a status is set on the commit a pass acts on")
	}
	if _, err := github.ParseRepo(g.StatusRepo); err != nil {
		return errors.New("--github-status: " + err.Error())
	}
	return nil
}

// observer builds the daemon's observer and starts its senders, which stop
// with ctx; nil when no option asks for one. With a lease l, only its
// holder posts, and a lease with no holder is an incident.
func (g GitOpsOptions) observer(ctx context.Context, o Options, l *lease.Lease,
	m *metrics.Metrics, log *zap.Logger) (*gitops.Observer, error) {
	if g.StatusRepo == "" && len(g.NotifyURLs) == 0 {
		return nil, nil
	}
	gm := gitops.NewMetrics(m.Registry)
	link := ""
	if g.PublicURL != "" {
		link = strings.TrimSuffix(g.PublicURL, "/") + "/drift"
	}
	obs := &gitops.Observer{}
	var leader func() bool
	if l != nil {
		leader, obs.Leader, obs.LeaseLost = l.Held, l.Held, l.Holderless
	}
	if g.StatusRepo != "" {
		repo, _ := github.ParseRepo(g.StatusRepo)
		token, err := github.Token(g.TokenFile)
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
	if len(g.NotifyURLs) > 0 {
		format, _ := notifications.ParseFormat(g.NotifyFormat)
		obs.Tracker = notifications.NewTracker(o.StaleAfter)
		obs.Sender = notifications.NewSender(notifications.SenderConfig{URLs: g.NotifyURLs, Format: format, Link: link,
			OnFailure: gm.NotifyFailure, Log: log})
		go obs.Sender.Run(ctx)
	}
	return obs, nil
}

// pageIncidents are the notifications' open incidents as the status page
// lists them.
func pageIncidents(open []notifications.Incident) []statuspage.Incident {
	out := make([]statuspage.Incident, 0, len(open))
	for _, i := range open {
		out = append(out, statuspage.Incident{Kind: string(i.Kind), Summary: i.Summary, Details: i.Details,
			Commit: i.Commit, Resources: i.Resources, Since: i.Since})
	}
	return out
}
