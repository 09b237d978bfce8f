package github

import (
	"context"
	"fmt"
	"strings"

	gh "github.com/google/go-github/v88/github"
)

// Marker is the hidden line that identifies the reconciler's comment for
// one environment on a pull request: the comment is found by it, never by
// author or position, so that a token of another user, or comments added
// in between, still lead to the same comment.
func Marker(environment string) string {
	return "<!-- reconciler:environment=" + strings.NewReplacer("-->", "", "\n", "").Replace(environment) + " -->"
}

// MaxCommentChars is GitHub's limit on a comment's body.
const MaxCommentChars = 65536

// CommentResult says what UpsertComment did.
type CommentResult struct {
	ID      int64
	URL     string
	Created bool
}

// UpsertComment makes body the one comment of environment on pr: it edits
// the comment that carries the environment's marker, or creates it when
// there is none. body must fit MaxCommentChars with the marker's line
// (see Marker); GitHub refuses a longer one.
func UpsertComment(ctx context.Context, c *gh.Client, pr PR, environment, body string) (CommentResult, error) {
	ctx, cancel := context.WithTimeout(ctx, requestTimeout)
	defer cancel()
	marker := Marker(environment)
	full := marker + "\n" + body
	id, err := findComment(ctx, c, pr, marker)
	if err != nil {
		return CommentResult{}, err
	}
	if id != 0 {
		got, _, err := c.Issues.EditComment(ctx, pr.Owner, pr.Name, id, &gh.IssueComment{Body: &full})
		if err != nil {
			return CommentResult{}, fmt.Errorf("edit comment %d on %s: %w", id, pr, err)
		}
		return CommentResult{ID: id, URL: got.GetHTMLURL()}, nil
	}
	got, _, err := c.Issues.CreateComment(ctx, pr.Owner, pr.Name, pr.Number, &gh.IssueComment{Body: &full})
	if err != nil {
		return CommentResult{}, fmt.Errorf("comment on %s: %w", pr, err)
	}
	return CommentResult{ID: got.GetID(), URL: got.GetHTMLURL(), Created: true}, nil
}

// findComment pages through every comment of pr for the first that
// carries marker (0 when none does).
func findComment(ctx context.Context, c *gh.Client, pr PR, marker string) (int64, error) {
	opts := &gh.IssueListCommentsOptions{ListOptions: gh.ListOptions{PerPage: 100}}
	for {
		page, resp, err := c.Issues.ListComments(ctx, pr.Owner, pr.Name, pr.Number, opts)
		if err != nil {
			return 0, fmt.Errorf("list the comments of %s: %w", pr, err)
		}
		for _, cm := range page {
			if strings.Contains(cm.GetBody(), marker) {
				return cm.GetID(), nil
			}
		}
		if resp.NextPage == 0 {
			return 0, nil
		}
		opts.Page = resp.NextPage
	}
}
