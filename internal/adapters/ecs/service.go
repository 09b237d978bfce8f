package ecs

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/everruns/reconciler/internal/adapters/concur"
	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// services is ecs.service. A change of the definition, the count, the
// network, the load balancer or registry binding or the deployment
// settings is one UpdateService, so one change of the file is one
// rollout; apply then waits for its outcome (AwaitAfterChange).
type services struct{ *shared }

// AwaitAfterChange: a service is not changed until its rollout completed.
func (k *services) AwaitAfterChange() bool { return true }

// Observe lists the cluster's services (or takes them from the tagging
// index, servicesOf) and describes them 10 at a time (DescribeServices'
// limit), tags included, the batches side by side: 40 services are one
// round trip, not four.
func (k *services) Observe(ctx context.Context, id desired.Identity) (map[desired.Address]reconcile.Live, error) {
	cluster, svcs, err := k.read(ctx, id)
	switch {
	case Errors.IsNotFound(err): // the cluster went
		k.cluster.forget()
		return kit.Observation{}, nil
	case err != nil:
		return nil, err
	case cluster == "":
		return kit.Observation{}, nil
	}
	// The claimed, ACTIVE services (a draining one is going).
	return kit.Collect(ctx, id, "services", kit.Items(svcs), func(s types.Service) map[string]string { return tagMap(s.Tags) },
		func(ctx context.Context, s types.Service) (reconcile.Live, bool, error) {
			if aws.ToString(s.Status) != "ACTIVE" {
				return reconcile.Live{}, false, nil
			}
			l, err := k.live(ctx, cluster, s)
			return l, true, err
		})
}

// read is the environment's cluster and its services, described. A new
// process finds the cluster and reads its services side by side: it reads
// the services of the cluster the tagging index claims (guess) while the
// account's clusters are read, and keeps them only if the read confirms
// the cluster, else reads again: a round trip less, the same calls.
func (k *services) read(ctx context.Context, id desired.Identity) (string, []types.Service, error) {
	type found struct {
		svcs      []types.Service
		fromIndex bool
		err       error
	}
	indexed := k.indexedServices(ctx, id)
	guess := k.cluster.guess(ctx, id)
	var early chan found
	if guess != "" {
		early = make(chan found, 1)
		go func() {
			svcs, fromIndex, err := k.servicesOf(ctx, guess, indexed)
			early <- found{svcs, fromIndex, err}
		}()
	}
	cluster, err := k.cluster.find(ctx, id)
	if early != nil {
		e := <-early
		if err == nil && cluster == guess && e.err == nil {
			return k.confirmed(ctx, id, cluster, e.svcs, e.fromIndex)
		}
	}
	if err != nil || cluster == "" {
		return cluster, nil, err
	}
	svcs, fromIndex, err := k.servicesOf(ctx, cluster, indexed)
	if err != nil {
		return cluster, nil, err
	}
	return k.confirmed(ctx, id, cluster, svcs, fromIndex)
}

// servicesOf describes the services of cluster: those the pass's tagging
// index names (fromIndex) when it names every service the file wants
// (indexedServices), else those ListServices lists.
func (k *services) servicesOf(ctx context.Context, cluster string, indexed *indexed) (svcs []types.Service, fromIndex bool, err error) {
	arns, fromIndex := indexed.of(cluster)
	if !fromIndex {
		if arns, err = k.list(ctx, cluster); err != nil {
			return nil, false, err
		}
	}
	svcs, err = k.describe(ctx, cluster, arns)
	return svcs, fromIndex, err
}

// confirmed is svcs, unless they were read from the index's ARNs and lack
// a service the file wants (observesAll): the index named it at an ARN
// ECS no longer holds ACTIVE (deleted, made again, its address tag
// changed), so ECS's own listing tells.
func (k *services) confirmed(ctx context.Context, id desired.Identity, cluster string, svcs []types.Service, fromIndex bool) (string, []types.Service, error) {
	if !fromIndex || observesAll(ctx, id, svcs) {
		return cluster, svcs, nil
	}
	svcs, _, err := k.servicesOf(ctx, cluster, nil)
	return cluster, svcs, err
}

// describe reads the services at arns of cluster, 10 a call, the batches
// side by side.
func (k *services) describe(ctx context.Context, cluster string, arns []string) ([]types.Service, error) {
	batches := slices.Collect(chunks(arns, 10))
	described := make([][]types.Service, len(batches))
	err := concur.Each(len(batches), describeConcurrency, func(i int) error {
		d, err := k.api.DescribeServices(ctx, &ecs.DescribeServicesInput{Cluster: aws.String(cluster), Services: batches[i],
			Include: []types.ServiceField{types.ServiceFieldTags}})
		if err != nil {
			return fmt.Errorf("describe services: %w", err)
		}
		described[i] = d.Services
		return nil
	})
	if err != nil {
		return nil, err
	}
	return slices.Concat(described...), nil
}

// indexed is what the pass's tagging index says of the identity's
// services: the address each claimed service ARN carries, and the
// addresses of the services the file wants.
type indexed struct {
	claimed map[string]desired.Address
	wanted  []desired.Address
}

// indexedServices is what the index says, when it can stand for
// ListServices: in a pass that says what the file wants
// (reconcile.Wanted), whose index names some service of the identity and
// one for every service the file wants. Nil otherwise: outside a pass,
// or when the index lags behind a service created a moment ago, the
// services are listed, so a wanted service is never believed missing
// (and created twice) because of the index. What the index costs: a
// service the file does not want (an orphan, claimed by hand or left by
// an older file) that the index does not name yet is not seen by this
// pass, only by a later one.
func (k *services) indexedServices(ctx context.Context, id desired.Identity) *indexed {
	want, ok := kit.Wanted(ctx, names.KindService)
	if !ok {
		return nil
	}
	tagged, err := k.cluster.index.OfType(ctx, "ecs", "service")
	if err != nil || len(tagged) == 0 {
		return nil
	}
	ix := &indexed{claimed: map[string]desired.Address{}, wanted: want}
	named := map[desired.Address]bool{}
	for arn, tags := range tagged {
		if a := kit.Claim(id, tags); a != "" {
			ix.claimed[arn] = a
			named[a] = true
		}
	}
	if len(ix.claimed) == 0 || !kit.Covers(named, want) {
		return nil
	}
	return ix
}

// of is the claimed ARNs of the services of cluster (ARN
// …:service/CLUSTER/NAME, ECS's long ARN format), sorted, if they name
// every wanted service.
func (ix *indexed) of(cluster string) ([]string, bool) {
	if ix == nil {
		return nil, false
	}
	prefix := strings.Replace(cluster, ":cluster/", ":service/", 1) + "/"
	var arns []string
	named := map[desired.Address]bool{}
	for arn, a := range ix.claimed {
		if strings.HasPrefix(arn, prefix) {
			arns = append(arns, arn)
			named[a] = true
		}
	}
	if !kit.Covers(named, ix.wanted) {
		return nil, false
	}
	slices.Sort(arns)
	return arns, len(arns) > 0
}

// observesAll says whether svcs, described from the index's ARNs, hold
// every service the file wants, ACTIVE and claimed at its address.
func observesAll(ctx context.Context, id desired.Identity, svcs []types.Service) bool {
	want, _ := kit.Wanted(ctx, names.KindService)
	seen := map[desired.Address]bool{}
	for _, s := range svcs {
		if aws.ToString(s.Status) == "ACTIVE" {
			seen[kit.Claim(id, tagMap(s.Tags))] = true
		}
	}
	return kit.Covers(seen, want)
}

// describeConcurrency bounds the DescribeServices batches in flight (ECS's
// read bucket is 100 with a refill of 20 a second; 8 batches are 80
// services).
const describeConcurrency = 8

func (k *services) list(ctx context.Context, cluster string) ([]string, error) {
	var arns []string
	p := ecs.NewListServicesPaginator(k.api, &ecs.ListServicesInput{Cluster: aws.String(cluster), MaxResults: aws.Int32(100)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list services: %w", err)
		}
		arns = append(arns, page.ServiceArns...)
	}
	return arns, nil
}

func (k *services) live(ctx context.Context, cluster string, s types.Service) (reconcile.Live, error) {
	arn := aws.ToString(s.ServiceArn)
	l := reconcile.Live{ID: arn, Fields: serviceFields(s), Attrs: map[string]string{"arn": arn, "name": aws.ToString(s.ServiceName)},
		Status: progress(s.Deployments)}
	r, err := k.rollout(ctx, cluster, s)
	if err != nil {
		return l, err
	}
	primary := primaryOf(s.Deployments)
	if primary != nil {
		l.Attrs[names.AttrServiceRunning] = strconv.Itoa(int(primary.RunningCount))
		l.Attrs[names.AttrServiceDesired] = strconv.Itoa(int(primary.DesiredCount))
		l.Attrs[names.AttrServiceRolloutState] = string(primary.RolloutState)
	}
	l.Ready = r.failure == "" && primary != nil && primary.RolloutState == types.DeploymentRolloutStateCompleted
	if r.failure != "" {
		l.Failure = r.failure
		l.Notes = []string{r.failure}
		l.Attrs[attrFailedHash], l.Attrs[attrFailedAt] = r.hash, r.at
		if r.rolledBackFrom != "" {
			l.Attrs[attrRolledBackFrom] = r.rolledBackFrom
		}
	}
	k.rollouts.observe(aws.ToString(s.ServiceName), r, l.Ready, tagMap(s.Tags))
	if h, ok := holdOf(tagMap(s.Tags), aws.ToString(s.TaskDefinition)); ok {
		h.mark(&l, tagMap(s.Tags)[names.TagAddress])
	}
	return l, nil
}

func primaryOf(ds []types.Deployment) *types.Deployment {
	for i := range ds {
		if aws.ToString(ds[i].Status) == "PRIMARY" {
			return &ds[i]
		}
	}
	return nil
}

// progress is the rollout for people: per deployment, its revision,
// running/pending/desired counts and rollout state.
func progress(ds []types.Deployment) string {
	s := ""
	for i, d := range ds {
		if i > 0 {
			s += "; "
		}
		fam, rev := familyOf(aws.ToString(d.TaskDefinition))
		s += fmt.Sprintf("%s %s:%d %d/%d running, %d pending (%s)", aws.ToString(d.Status), fam, rev,
			d.RunningCount, d.DesiredCount, d.PendingCount, d.RolloutState)
	}
	return s
}

// Create makes the service with its tags (propagated to its tasks) and
// the rollout mark, idempotently by clientToken.
func (k *services) Create(ctx context.Context, id desired.Identity, r desired.Resource) (reconcile.Live, error) {
	f := r.Fields
	tags, err := kit.Tags(id, r)
	if err != nil {
		return reconcile.Live{}, err
	}
	token, err := kit.Token(id, r, "", 32)
	if err != nil {
		return reconcile.Live{}, err
	}
	var rd kit.Reader
	in := &ecs.CreateServiceInput{
		ServiceName: aws.String(rd.String(f, names.Service.ServiceName)), Cluster: aws.String(rd.String(f, names.Service.Cluster)),
		TaskDefinition: aws.String(rd.String(f, names.Service.TaskDefinition)), DesiredCount: aws.Int32(int32(rd.Int(f, names.Service.DesiredCount))),
		LaunchType: types.LaunchType(rd.String(f, names.Service.LaunchType)), NetworkConfiguration: networkInput(&rd, f, names.Service.Network),
		LoadBalancers: loadBalancersInput(&rd, f), ServiceRegistries: registriesInput(&rd, f), DeploymentConfiguration: deploymentInput(&rd, f),
		PropagateTags: types.PropagateTagsService, EnableECSManagedTags: true, ClientToken: aws.String(token),
	}
	if err := rd.Err(); err != nil {
		return reconcile.Live{}, err
	}
	for key, v := range k.rolloutMark(ctx, aws.ToString(in.TaskDefinition)) {
		tags[key] = v
	}
	in.Tags = ecsTags(tags)
	out, err := k.api.CreateService(ctx, in)
	if err != nil { // a name still draining is not ready (Errors.NotReadyWhen)
		return reconcile.Live{}, fmt.Errorf("create service: %w", err)
	}
	arn := aws.ToString(out.Service.ServiceArn)
	return reconcile.Live{ID: arn, Fields: serviceFields(*out.Service), Attrs: map[string]string{"arn": arn},
		Status: progress(out.Service.Deployments)}, nil
}

// serviceSteps: the rollout first (one UpdateService for every field it
// takes), then the tags, which ECS changes without a deployment.
func (k *services) steps() kit.Steps {
	s := names.Service
	return kit.Steps{
		kit.On(k.updateService, s.TaskDefinition, s.DesiredCount, s.Network, s.LoadBalancers, s.ServiceRegistries, s.Deployment),
		kit.On(k.retag, s.Tags),
	}
}

// Update runs the steps; after an UpdateService the service is not ready
// until the rollout it started completes, which the engine waits for.
func (k *services) Update(ctx context.Context, id desired.Identity, r desired.Resource, live reconcile.Live, delta drift.Delta) (reconcile.Live, error) {
	l, err := k.steps().Run(ctx, kit.Change{ID: id, Want: r, Live: live, Delta: delta})
	if err == nil && delta.HasAny(k.steps()[0].Fields...) {
		l.Ready, l.Failure, l.Notes = false, "", nil
	}
	return l, err
}

// Delete removes the service with force (its tasks are stopped by ECS);
// the service drains, and Observe no longer reports it.
func (k *services) Delete(ctx context.Context, live reconcile.Live) error {
	cluster, err := kit.String(live.Fields, names.Service.Cluster)
	if err != nil {
		return err
	}
	_, err = k.api.DeleteService(ctx, &ecs.DeleteServiceInput{Cluster: aws.String(cluster), Service: aws.String(live.ID), Force: aws.Bool(true)})
	if err = Errors.IgnoreNotFound(err); err != nil {
		return fmt.Errorf("delete service: %w", err)
	}
	return nil
}

func unix(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}
