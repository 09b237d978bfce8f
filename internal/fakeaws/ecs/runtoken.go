package ecs

import (
	"encoding/json"
	"net/http"
	"slices"
	"time"

	v1 "github.com/aws/aws-sdk-go/service/ecs"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// runTokenTTL is how long a RunTask clientToken is remembered at most
// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/ECS_Idempotency.html:
// 24 hours, or less if the tasks it started are gone sooner).
const runTokenTTL = 24 * time.Hour

// runToken is what one RunTask clientToken started, within one cluster
// (a token is idempotent per cluster).
type runToken struct {
	request string // the request's parameters, without the token
	tasks   []*task
	at      time.Time
}

// requestKey is a RunTask request's parameters without its clientToken,
// to tell a retry from another request that reuses the token.
func requestKey(in v1.RunTaskInput) string {
	in.ClientToken = nil
	b, _ := json.Marshal(in)
	return string(b)
}

// replay answers a RunTask whose clientToken was seen: the same tasks, no
// new ones, for the same parameters; ConflictException (with the tasks'
// ARNs) for different ones. It reports false for a new or expired token.
// The caller holds s.mu.
func (c *cluster) replay(in *v1.RunTaskInput, now time.Time) (*v1.RunTaskOutput, bool, error) {
	if in.ClientToken == nil {
		return nil, false, nil
	}
	rt, ok := c.runTokens[*in.ClientToken]
	if !ok || now.Sub(rt.at) >= runTokenTTL || !c.holdsAny(rt.tasks) {
		delete(c.runTokens, *in.ClientToken)
		return nil, false, nil
	}
	arns := make([]string, 0, len(rt.tasks))
	for _, t := range rt.tasks {
		arns = append(arns, t.arn)
	}
	if rt.request != requestKey(*in) {
		return nil, true, &core.Error{Status: http.StatusBadRequest, Code: "ConflictException",
			Message: "The clientToken is already in use with a different RunTask request.", Fields: map[string]any{"resourceIds": arns}}
	}
	out := &v1.RunTaskOutput{Tasks: []*v1.Task{}, Failures: []*v1.Failure{}}
	for _, t := range rt.tasks {
		out.Tasks = append(out.Tasks, t.view(now, true))
	}
	return out, true, nil
}

// remember records the tasks a token started.
func (c *cluster) remember(in *v1.RunTaskInput, tasks []*task, now time.Time) {
	if in.ClientToken == nil {
		return
	}
	if c.runTokens == nil {
		c.runTokens = map[string]*runToken{}
	}
	c.runTokens[*in.ClientToken] = &runToken{request: requestKey(*in), tasks: tasks, at: now}
}

// holdsAny reports whether any of the tasks is still known (not pruned).
func (c *cluster) holdsAny(tasks []*task) bool {
	return slices.ContainsFunc(tasks, func(t *task) bool { return slices.Contains(c.tasks, t) })
}
