// Package github is what the reconciler says to GitHub: the plan as one
// comment on a pull request, edited in place run after run, and the
// result of each pass as a commit status that is set only when it
// changes. It uses github.com/google/go-github over a transport that
// retries rate limits, 5xx and timeouts with back-off.
package github

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	gh "github.com/google/go-github/v88/github"

	"github.com/everruns/reconciler/internal/retryhttp"
)

// DefaultAPIURL is GitHub's; GitHub Enterprise Server's is
// https://HOST/api/v3 (GITHUB_API_URL in its Actions).
const DefaultAPIURL = "https://api.github.com"

// Options configure a client.
type Options struct {
	// APIURL is the REST API's root (default DefaultAPIURL).
	APIURL string
	Token  string
	// OnFailure counts each failed request (reconciler_github_errors_total).
	OnFailure func(reason string)
	// Retry tunes the retries; its OnFailure and Base are set from these
	// options. Nil is the defaults.
	Retry *retryhttp.Transport
}

// NewClient returns a go-github client for opts.
func NewClient(opts Options) (*gh.Client, error) {
	if opts.Token == "" {
		return nil, errors.New("no GitHub token: set GITHUB_TOKEN or --github-token-file")
	}
	api := opts.APIURL
	if api == "" {
		api = DefaultAPIURL
	}
	if !strings.HasSuffix(api, "/") {
		api += "/"
	}
	rt := &retryhttp.Transport{}
	if opts.Retry != nil {
		rt = opts.Retry
	}
	rt.OnFailure = opts.OnFailure
	// The client's own pre-emptive rate-limit check would fail a request
	// without sending it; the transport waits for the reset instead.
	return gh.NewClient(gh.WithHTTPClient(&http.Client{Transport: rt}), gh.WithAuthToken(opts.Token),
		gh.WithURLs(&api, &api), gh.WithDisableRateLimitCheck(), gh.WithUserAgent("reconciler"))
}

// Token reads the token: the file's content when file is set, else
// GITHUB_TOKEN.
func Token(file string) (string, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("read the GitHub token: %w", err)
		}
		return strings.TrimSpace(string(b)), nil
	}
	if t := os.Getenv("GITHUB_TOKEN"); t != "" {
		return t, nil
	}
	return "", errors.New("no GitHub token: set GITHUB_TOKEN or --github-token-file")
}

// APIURL is GITHUB_API_URL, or DefaultAPIURL.
func APIURL() string {
	if u := os.Getenv("GITHUB_API_URL"); u != "" {
		return u
	}
	return DefaultAPIURL
}

// Repo is OWNER/REPO.
type Repo struct{ Owner, Name string }

func (r Repo) String() string { return r.Owner + "/" + r.Name }

// PR is OWNER/REPO#N.
type PR struct {
	Repo
	Number int
}

func (p PR) String() string { return p.Repo.String() + "#" + strconv.Itoa(p.Number) }

var (
	repoPattern = regexp.MustCompile(`^([A-Za-z0-9][A-Za-z0-9-]*)/([A-Za-z0-9._-]+)$`)
	prPattern   = regexp.MustCompile(`^([A-Za-z0-9][A-Za-z0-9-]*)/([A-Za-z0-9._-]+)#([1-9][0-9]*)$`)
)

// ParseRepo parses OWNER/REPO.
func ParseRepo(s string) (Repo, error) {
	m := repoPattern.FindStringSubmatch(s)
	if m == nil {
		return Repo{}, fmt.Errorf("%q is not OWNER/REPO", s)
	}
	return Repo{m[1], m[2]}, nil
}

// ParsePR parses OWNER/REPO#N.
func ParsePR(s string) (PR, error) {
	m := prPattern.FindStringSubmatch(s)
	if m == nil {
		return PR{}, fmt.Errorf("%q is not OWNER/REPO#NUMBER", s)
	}
	n, err := strconv.Atoi(m[3])
	if err != nil {
		return PR{}, fmt.Errorf("%q: %w", s, err)
	}
	return PR{Repo{m[1], m[2]}, n}, nil
}

// requestTimeout bounds one GitHub call, its retries included, for the
// command line (the daemon's poster sets its own).
const requestTimeout = 2 * time.Minute
