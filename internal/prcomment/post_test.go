package prcomment

import (
	"fmt"
	"strings"
	"testing"

	"github.com/everruns/reconciler/internal/github"
	"github.com/everruns/reconciler/internal/github/githubtest"
	"github.com/everruns/reconciler/pkg/desired"
)

// A huge report, cut to fit with the marker, is accepted by a GitHub that
// refuses a body over 65,536 characters.
func TestAHugeCommentIsAcceptedByGitHub(t *testing.T) {
	var head []desired.Resource
	live := map[string]map[string]any{}
	for i := range 2000 {
		addr := fmt.Sprintf("network.subnet.s%04d", i)
		head = append(head, res(addr, "ec2.subnet", map[string]any{"cidr_block": strings.Repeat("é", 100)}))
		live[addr] = map[string]any{"cidr_block": "x"}
	}
	body := Render(Input{Report: planOf(head, live), Head: head}, github.MaxCommentChars-len(github.Marker("production"))-1)
	if !strings.Contains(body, "resource section(s) left out") {
		t.Fatal("the report was not over the limit: the test proves nothing")
	}
	fake := githubtest.New(t, "tok")
	c, err := github.NewClient(github.Options{APIURL: fake.URL, Token: "tok"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := github.UpsertComment(t.Context(), c, github.PR{Repo: github.Repo{Owner: "acme", Name: "infra"}, Number: 1}, "production", body); err != nil {
		t.Fatalf("GitHub refused the comment: %v", err)
	}
}
