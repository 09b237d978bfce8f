// Package rollback switches an ECS service back to an earlier task
// definition revision and holds it there, so that the daemon's passes do
// not roll it forward again until the file changes the service's
// definition or the hold is released.
//
// The hold is three tags on the service (names.TagHold…): the revision it
// is held on, the revision the file named then, and the file's revision.
// The ECS adapter reads them (internal/adapters/ecs, hold.go): while the
// service runs the held revision and the file still names the revision it
// named then, the difference is reported as held and not acted on.
package rollback

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
)

// API is the part of ECS a rollback calls; *ecs.Client is one.
type API interface {
	DescribeServices(context.Context, *ecs.DescribeServicesInput, ...func(*ecs.Options)) (*ecs.DescribeServicesOutput, error)
	DescribeTaskDefinition(context.Context, *ecs.DescribeTaskDefinitionInput, ...func(*ecs.Options)) (*ecs.DescribeTaskDefinitionOutput, error)
	ListTaskDefinitions(context.Context, *ecs.ListTaskDefinitionsInput, ...func(*ecs.Options)) (*ecs.ListTaskDefinitionsOutput, error)
	UpdateService(context.Context, *ecs.UpdateServiceInput, ...func(*ecs.Options)) (*ecs.UpdateServiceOutput, error)
	TagResource(context.Context, *ecs.TagResourceInput, ...func(*ecs.Options)) (*ecs.TagResourceOutput, error)
	UntagResource(context.Context, *ecs.UntagResourceInput, ...func(*ecs.Options)) (*ecs.UntagResourceOutput, error)
}

// Service names the service to roll back.
type Service struct {
	// Cluster and ARN locate it (ARNs or names, as ECS takes them).
	Cluster, ARN string
	// Address is its address in the file ("service.api"): its task
	// definition's revisions carry "<address>.task_definition".
	Address  desired.Address
	Identity desired.Identity
}

// Request is one rollback.
type Request struct {
	Service
	// To is the revision to run: "" for the newest revision the
	// environment owns older than the one running, a revision number
	// ("41"), "family:41", or a revision ARN.
	To string
	// Against is the revision ARN the file names now, and FileRevision
	// the file's revision (a commit, or a file's sha256:… digest): the
	// hold holds until the file names another revision.
	Against, FileRevision string
	// Poll is how often to read the rollout; Wait bounds the wait for it.
	Poll, Wait time.Duration
}

// Result is what a rollback did.
type Result struct {
	// From and To are the revision ARNs before and after; Image is To's
	// first container's image (a digest with image_policy: digest).
	From, To, Image string
}

// Run switches the service to the requested revision, records the hold,
// and waits for the rollout to complete. The hold is written before the
// switch, so a pass that runs meanwhile never sees the service unheld on
// the older revision (a hold counts only while the service runs the held
// revision, so it means nothing before the switch).
func Run(ctx context.Context, api API, req Request) (Result, error) {
	svc, err := describe(ctx, api, req.Service)
	if err != nil {
		return Result{}, err
	}
	running := aws.ToString(svc.TaskDefinition)
	target, err := resolve(ctx, api, req.Service, running, req.To)
	if err != nil {
		return Result{}, err
	}
	res := Result{From: running, To: aws.ToString(target.def.TaskDefinitionArn)}
	if len(target.def.ContainerDefinitions) > 0 {
		res.Image = aws.ToString(target.def.ContainerDefinitions[0].Image)
	}
	if res.To == running {
		return res, fmt.Errorf("%s already runs %s", req.Address, Short(running))
	}
	hold := map[string]string{names.TagHold: res.To, names.TagHoldAgainst: cmp.Or(req.Against, running),
		// The rollout mark, as the adapter writes it for its own
		// rollouts: a failure of this one is then told as this
		// revision's, not as the one it replaces.
		names.TagRollout: target.tags[names.TagContentHash], names.TagRolloutAt: strconv.FormatInt(time.Now().Unix(), 10)}
	if req.FileRevision != "" {
		hold[names.TagHoldFile] = req.FileRevision
	}
	if err := tag(ctx, api, req.ARN, hold); err != nil {
		return res, fmt.Errorf("record the hold on %s: %w", req.Address, err)
	}
	if _, err := api.UpdateService(ctx, &ecs.UpdateServiceInput{Cluster: aws.String(req.Cluster), Service: aws.String(req.ARN),
		TaskDefinition: aws.String(res.To)}); err != nil {
		return res, errors.Join(fmt.Errorf("update service %s to %s: %w", req.Address, Short(res.To), err), Release(ctx, api, req.Service))
	}
	return res, wait(ctx, api, req, res.To)
}

// Release removes the hold: the next pass rolls the service out to what
// the file names.
func Release(ctx context.Context, api API, s Service) error {
	if _, err := api.UntagResource(ctx, &ecs.UntagResourceInput{ResourceArn: aws.String(s.ARN),
		TagKeys: []string{names.TagHold, names.TagHoldAgainst, names.TagHoldFile}}); err != nil {
		return fmt.Errorf("release the hold on %s: %w", s.Address, err)
	}
	return nil
}

// Held returns the revision ARN the service is held on, "" when none.
func Held(ctx context.Context, api API, s Service) (string, error) {
	svc, err := describe(ctx, api, s)
	if err != nil {
		return "", err
	}
	for _, t := range svc.Tags {
		if aws.ToString(t.Key) == names.TagHold {
			return aws.ToString(t.Value), nil
		}
	}
	return "", nil
}

func describe(ctx context.Context, api API, s Service) (types.Service, error) {
	out, err := api.DescribeServices(ctx, &ecs.DescribeServicesInput{Cluster: aws.String(s.Cluster), Services: []string{s.ARN},
		Include: []types.ServiceField{types.ServiceFieldTags}})
	if err != nil {
		return types.Service{}, fmt.Errorf("describe service %s: %w", s.Address, err)
	}
	if len(out.Services) != 1 || aws.ToString(out.Services[0].Status) != "ACTIVE" {
		return types.Service{}, fmt.Errorf("service %s is not in ECS", s.Address)
	}
	return out.Services[0], nil
}

// revision is a task definition revision with its tags.
type revision struct {
	def  *types.TaskDefinition
	tags map[string]string
}

// resolve finds the revision to roll back to, and checks that the
// environment owns it (it carries the service's task definition address)
// and that ECS can still run it (ACTIVE).
func resolve(ctx context.Context, api API, s Service, running, to string) (revision, error) {
	family, rev := familyOf(running)
	if to == "" {
		return previous(ctx, api, s, family, rev)
	}
	arn := to
	if n, err := strconv.Atoi(to); err == nil {
		arn = family + ":" + strconv.Itoa(n)
	}
	r, err := describeRevision(ctx, api, arn)
	if err != nil {
		return revision{}, err
	}
	if f, _ := familyOf(aws.ToString(r.def.TaskDefinitionArn)); f != family {
		return revision{}, fmt.Errorf("%s is not a revision of %s's family %s", to, s.Address, family)
	}
	if !owns(s, r) {
		return revision{}, fmt.Errorf("%s is not a revision the environment registered for %s", Short(aws.ToString(r.def.TaskDefinitionArn)), s.Address)
	}
	if r.def.Status != types.TaskDefinitionStatusActive {
		return revision{}, fmt.Errorf("%s is %s: ECS runs no new task from it", Short(aws.ToString(r.def.TaskDefinitionArn)), r.def.Status)
	}
	return r, nil
}

// previous is the newest ACTIVE revision of the family older than the
// running one that the environment registered for the service.
func previous(ctx context.Context, api API, s Service, family string, running int) (revision, error) {
	p := ecs.NewListTaskDefinitionsPaginator(api, &ecs.ListTaskDefinitionsInput{FamilyPrefix: aws.String(family),
		Status: types.TaskDefinitionStatusActive, Sort: types.SortOrderDesc})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return revision{}, fmt.Errorf("list revisions of %s: %w", family, err)
		}
		for _, arn := range page.TaskDefinitionArns {
			if f, n := familyOf(arn); f != family || n >= running {
				continue
			}
			r, err := describeRevision(ctx, api, arn)
			if err != nil {
				return revision{}, err
			}
			if owns(s, r) {
				return r, nil
			}
		}
	}
	return revision{}, fmt.Errorf("%s has no earlier ACTIVE revision of %s to roll back to", s.Address, family)
}

func owns(s Service, r revision) bool {
	return r.tags[names.TagAddress] == string(s.Address)+".task_definition" &&
		r.tags[names.TagProject] == s.Identity.Project && r.tags[names.TagEnvironment] == s.Identity.Environment
}

func describeRevision(ctx context.Context, api API, arn string) (revision, error) {
	out, err := api.DescribeTaskDefinition(ctx, &ecs.DescribeTaskDefinitionInput{TaskDefinition: aws.String(arn),
		Include: []types.TaskDefinitionField{types.TaskDefinitionFieldTags}})
	if err != nil {
		return revision{}, fmt.Errorf("describe task definition %s: %w", arn, err)
	}
	tags := map[string]string{}
	for _, t := range out.Tags {
		tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return revision{def: out.TaskDefinition, tags: tags}, nil
}

// wait polls the service until its PRIMARY deployment runs target with
// rollout state COMPLETED, or fails.
func wait(ctx context.Context, api API, req Request, target string) error {
	ctx, cancel := context.WithTimeout(ctx, req.Wait)
	defer cancel()
	tick := time.NewTicker(req.Poll)
	defer tick.Stop()
	for {
		svc, err := describe(ctx, api, req.Service)
		if err != nil {
			return err
		}
		for _, d := range svc.Deployments {
			if aws.ToString(d.Status) != "PRIMARY" {
				continue
			}
			if aws.ToString(d.TaskDefinition) != target {
				return fmt.Errorf("%s's rollout to %s was replaced by one to %s", req.Address, Short(target), Short(aws.ToString(d.TaskDefinition)))
			}
			switch d.RolloutState {
			case types.DeploymentRolloutStateCompleted:
				return nil
			case types.DeploymentRolloutStateFailed:
				return fmt.Errorf("%s's rollout to %s failed: %s", req.Address, Short(target), aws.ToString(d.RolloutStateReason))
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s's rollout to %s did not complete within %s (it holds there; ECS carries on)", req.Address, Short(target), req.Wait)
		case <-tick.C:
		}
	}
}

func tag(ctx context.Context, api API, arn string, tags map[string]string) error {
	keys := slices.Sorted(func(yield func(string) bool) {
		for k, v := range tags {
			if v != "" && !yield(k) {
				return
			}
		}
	})
	var ts []types.Tag
	for _, k := range keys {
		ts = append(ts, types.Tag{Key: aws.String(k), Value: aws.String(tags[k])})
	}
	_, err := api.TagResource(ctx, &ecs.TagResourceInput{ResourceArn: aws.String(arn), Tags: ts})
	return err
}

// familyOf splits a revision ARN or "family:rev".
func familyOf(arn string) (string, int) {
	if _, tail, ok := strings.Cut(arn, ":task-definition/"); ok {
		arn = tail
	}
	i := strings.LastIndex(arn, ":")
	if i < 0 {
		return arn, 0
	}
	n, _ := strconv.Atoi(arn[i+1:])
	return arn[:i], n
}

// Short is "family:rev" of a revision ARN.
func Short(arn string) string {
	f, n := familyOf(arn)
	return f + ":" + strconv.Itoa(n)
}
