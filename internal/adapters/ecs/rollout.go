package ecs

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// Live.Attrs of a service whose last rollout failed: the content hash of
// the definition that failed and when its rollout started (Unix seconds).
const (
	attrFailedHash = "failed_content_hash"
	attrFailedAt   = "failed_rollout_at"
	// attrRolledBackFrom is the revision ECS rolled the service back from.
	attrRolledBackFrom = "rolled_back_from"
)

// rolloutState is what Observe learnt of a service's last rollout.
type rolloutState struct {
	failure   string // "" unless the rollout failed
	hash, at  string // the rollout mark: definition and start
	failedARN string
	// rolledBackFrom is failedARN when ECS rolled the service back from
	// it (it runs another revision now).
	rolledBackFrom string
}

// rollout reads a failed rollout from what ECS keeps: a deployment in
// rolloutState FAILED (while ECS still lists it), or the event "rolling
// back to deployment <id>" naming the current PRIMARY deployment (ECS
// keeps the latest 100 events, and a later deployment has another ID, so
// this holds exactly until the next rollout). Which definition failed is
// the service's rollout mark, written by the update that started it.
func (k *services) rollout(ctx context.Context, cluster string, s types.Service) (rolloutState, error) {
	tags := tagMap(s.Tags)
	st := rolloutState{hash: tags[tagRollout], at: tags[tagRolloutAt]}
	failed, primary := failedDeployment(s.Deployments), primaryOf(s.Deployments)
	stuck, rolledBack := rolloutEnd(failed, primary, s.Events)
	if !stuck && !rolledBack {
		return st, nil
	}
	if failed != nil {
		st.failedARN = aws.ToString(failed.TaskDefinition)
	} else {
		fam, _ := familyOf(aws.ToString(primary.TaskDefinition))
		arn, err := k.revisions.findByHash(ctx, fam, st.hash)
		if err != nil {
			return st, err
		}
		st.failedARN = arn
	}
	if rolledBack && st.failedARN != "" && st.failedARN != aws.ToString(primary.TaskDefinition) {
		st.rolledBackFrom = st.failedARN
	}
	if h := k.hashOf(ctx, st.failedARN); h != "" {
		st.hash = h
	}
	facts, err := k.stoppedFacts(ctx, cluster, aws.ToString(s.ServiceName), st.failedARN)
	if err != nil {
		return st, err
	}
	back := "it stays failed (rollback is off)"
	if rolledBack {
		back = "ECS rolled back to " + shortRevision(aws.ToString(primary.TaskDefinition))
	}
	st.failure = fmt.Sprintf("rollout of service %s failed and %s: revision %s (image %s): %s",
		aws.ToString(s.ServiceName), back, shortRevision(st.failedARN), k.imageOf(ctx, st.failedARN), facts)
	return st, nil
}

// rolloutEnd tells a failed last rollout: the PRIMARY deployment itself
// FAILED (rollback off: stuck), or the PRIMARY is older than a FAILED
// deployment or named by a "rolling back to deployment" event (rolled
// back). A FAILED deployment older than the PRIMARY is an earlier failure
// that a newer rollout is replacing: not this rollout's outcome.
func rolloutEnd(failed, primary *types.Deployment, events []types.ServiceEvent) (stuck, rolledBack bool) {
	if primary == nil {
		return false, false
	}
	if failed != nil && aws.ToString(failed.Id) == aws.ToString(primary.Id) {
		return true, false
	}
	newer := failed != nil && failed.CreatedAt != nil && primary.CreatedAt != nil && failed.CreatedAt.After(*primary.CreatedAt)
	return false, newer || rollingBackTo(events, aws.ToString(primary.Id))
}

func failedDeployment(ds []types.Deployment) *types.Deployment {
	for i := range ds {
		if ds[i].RolloutState == types.DeploymentRolloutStateFailed {
			return &ds[i]
		}
	}
	return nil
}

func rollingBackTo(events []types.ServiceEvent, id string) bool {
	for _, e := range events {
		if id != "" && strings.Contains(aws.ToString(e.Message), "rolling back to deployment "+id) {
			return true
		}
	}
	return false
}

// shortRevision is "family:rev" of a revision ARN.
func shortRevision(arn string) string {
	if arn == "" {
		return "(unknown)"
	}
	fam, rev := familyOf(arn)
	return fam + ":" + strconv.Itoa(rev)
}

// hashOf is a revision's content hash, "" when unknown.
func (k *services) hashOf(ctx context.Context, arn string) string {
	if arn == "" {
		return ""
	}
	r, err := k.revisions.describe(ctx, arn)
	if err != nil {
		return ""
	}
	if h := r.tags[tagContentHash]; h != "" {
		return h
	}
	in, err := registerInput(definitionFields(r))
	if err != nil {
		return ""
	}
	return contentHash(in)
}

func (k *services) imageOf(ctx context.Context, arn string) string {
	r, err := k.revisions.describe(ctx, arn)
	if err != nil || arn == "" || len(r.def.ContainerDefinitions) == 0 {
		return "unknown"
	}
	return aws.ToString(r.def.ContainerDefinitions[0].Image)
}

// rolloutMark is the service's tags that record a rollout to revision arn.
func (k *services) rolloutMark(ctx context.Context, arn string) map[string]string {
	return map[string]string{tagRollout: k.hashOf(ctx, arn), tagRolloutAt: strconv.FormatInt(k.now().Unix(), 10)}
}

// refuseFailed stops the daemon from rolling the same failing definition
// every pass: a definition whose rollout failed is tried again only when
// the file changes it, or once the back-off has passed.
func (k *services) refuseFailed(ctx context.Context, live reconcile.Live, target string) error {
	failed := live.Attrs[attrFailedHash]
	if failed == "" || failed != k.hashOf(ctx, target) {
		return nil
	}
	retry := time.Unix(unix(live.Attrs[attrFailedAt]), 0).Add(k.backoff)
	if !k.now().Before(retry) {
		return nil
	}
	return reconcile.Terminal(fmt.Errorf("not rolling out again a definition that failed (%s); it is tried again when the file changes it, or after %s",
		live.Failure, retry.UTC().Format(time.RFC3339)))
}

// dropRolledBack deregisters the revision ECS rolled the service back
// from once the file has moved on from it (target is another revision):
// nothing runs it, nothing will, and the cleanup before a rollout keeps
// only revisions older than the running one, which a failed revision is
// not; left alone it would stay ACTIVE beside the previous and the
// current ones. While the file still names it, it is the file's current
// revision and stays, to be tried again after the back-off. ECS lists the
// FAILED deployment only for a while; after that the revision is the
// newest one with the content the rollout mark names, which a new
// registration of the same content would share, but then the file names
// that content and nothing is dropped. Only a revision the service's task
// definition address owns is touched.
func (k *services) dropRolledBack(ctx context.Context, live reconcile.Live, target string) error {
	arn := live.Attrs[attrRolledBackFrom]
	if arn == "" || arn == target {
		return nil
	}
	return deregisterOwned(ctx, k.shared, arn, desired.Address(live.Address+".task_definition"))
}

// updateService is the one UpdateService of a change. A new definition is
// first checked against the failure memory; the revisions older than the
// one running now are deregistered (it stays, as the rollback target);
// the rollout mark is written after the call, so that a crash before it
// cannot make a rollout that never started look failed.
func (k *services) updateService(ctx context.Context, c kit.Change) error {
	f, s := c.Want.Fields, names.Service
	var rd kit.Reader
	in := &ecs.UpdateServiceInput{Cluster: aws.String(rd.String(f, s.Cluster)), Service: aws.String(c.Live.ID)}
	target := rd.String(f, s.TaskDefinition)
	if err := rd.Err(); err != nil {
		return err
	}
	held, release := c.Live.Attrs[names.AttrServiceHeld] != "", false
	switch {
	case c.Delta.Has(s.TaskDefinition) && held && target == c.Live.Attrs[attrHoldAgainst]:
		// A rollback holds the service and the file still names what it
		// named then: not rolled forward (Observe reports this as
		// pending, so it is reached only when that was bypassed).
	case c.Delta.Has(s.TaskDefinition):
		// A new definition; for a held service, the file changed it
		// since the hold, which ends with this rollout.
		release = held
		if err := k.refuseFailed(ctx, c.Live, target); err != nil {
			return err
		}
		if err := k.dropRolledBack(ctx, c.Live, target); err != nil {
			return err
		}
		if err := k.cleanup(ctx, c.Live, target); err != nil {
			return err
		}
		in.TaskDefinition = aws.String(target)
	}
	if c.Delta.Has(s.DesiredCount) {
		in.DesiredCount = aws.Int32(int32(rd.Int(f, s.DesiredCount)))
	}
	if c.Delta.Has(s.Network) {
		in.NetworkConfiguration = networkInput(&rd, f, s.Network)
	}
	if c.Delta.HasAny(s.LoadBalancers) {
		in.LoadBalancers = loadBalancersInput(&rd, f)
	}
	if c.Delta.HasAny(s.ServiceRegistries) {
		in.ServiceRegistries = registriesInput(&rd, f)
	}
	if c.Delta.Has(s.Deployment) {
		in.DeploymentConfiguration = deploymentInput(&rd, f)
	}
	if err := rd.Err(); err != nil {
		return err
	}
	if in.TaskDefinition == nil && in.DesiredCount == nil && in.NetworkConfiguration == nil && in.LoadBalancers == nil &&
		in.ServiceRegistries == nil && in.DeploymentConfiguration == nil {
		return nil // only the held definition differed
	}
	if _, err := k.api.UpdateService(ctx, in); err != nil {
		return fmt.Errorf("update service: %w", err)
	}
	if in.TaskDefinition == nil {
		return nil
	}
	if err := k.tag(ctx, c.Live.ID, k.rolloutMark(ctx, target)); err != nil {
		return err
	}
	if !release {
		return nil
	}
	if _, err := k.api.UntagResource(ctx, &ecs.UntagResourceInput{ResourceArn: aws.String(c.Live.ID),
		TagKeys: []string{names.TagHold, names.TagHoldAgainst, names.TagHoldFile}}); err != nil {
		return fmt.Errorf("release the hold: %w", err)
	}
	return nil
}

func (k *services) tag(ctx context.Context, arn string, tags map[string]string) error {
	if len(tags) == 0 {
		return nil
	}
	if _, err := k.api.TagResource(ctx, &ecs.TagResourceInput{ResourceArn: aws.String(arn), Tags: ecsTags(tags)}); err != nil {
		return fmt.Errorf("tag: %w", err)
	}
	return nil
}

// retag writes and removes tags as the drift says.
func (k *services) retag(ctx context.Context, c kit.Change) error {
	put, remove := kit.TagChange(c.Delta)
	if err := k.tag(ctx, c.Live.ID, put); err != nil {
		return err
	}
	if len(remove) == 0 {
		return nil
	}
	_, err := k.api.UntagResource(ctx, &ecs.UntagResourceInput{ResourceArn: aws.String(c.Live.ID), TagKeys: remove})
	if err != nil {
		return fmt.Errorf("untag: %w", err)
	}
	return nil
}
