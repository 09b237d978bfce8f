package elbv2

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

type listenerAPI interface {
	describeListenersAPI
	CreateListener(ctx context.Context, in *elb.CreateListenerInput, optFns ...func(*elb.Options)) (*elb.CreateListenerOutput, error)
	ModifyListener(ctx context.Context, in *elb.ModifyListenerInput, optFns ...func(*elb.Options)) (*elb.ModifyListenerOutput, error)
	DeleteListener(ctx context.Context, in *elb.DeleteListenerInput, optFns ...func(*elb.Options)) (*elb.DeleteListenerOutput, error)
}

type describeListenersAPI interface {
	describeLoadBalancersAPI
	DescribeListeners(ctx context.Context, in *elb.DescribeListenersInput, optFns ...func(*elb.Options)) (*elb.DescribeListenersOutput, error)
}

// listenerKind manages elbv2.listener: load_balancer_arn*, port,
// protocol, default_action, certificate_arn, ssl_policy, tags.
type listenerKind struct {
	api   listenerAPI
	reads *reads
}

var lf = names.Listener

// listListeners reads the listeners of the claimed load balancers, shared
// with the kinds that ask at the same time.
func (r *reads) listListeners(ctx context.Context, api describeListenersAPI, id desired.Identity) ([]types.Listener, error) {
	key := id.Project + "/" + id.Environment
	return reconcile.Shared(ctx, "elasticloadbalancing:DescribeListeners/"+key, func(ctx context.Context) ([]types.Listener, error) {
		return r.listeners.Do(ctx, key, func(ctx context.Context) ([]types.Listener, error) { return r.readListeners(ctx, api, id) })
	})
}

func (r *reads) readListeners(ctx context.Context, api describeListenersAPI, id desired.Identity) ([]types.Listener, error) {
	lbs, err := r.claimedLoadBalancers(ctx, api, id)
	if err != nil {
		return nil, err
	}
	var all []types.Listener
	for _, lb := range lbs {
		p := elb.NewDescribeListenersPaginator(api, &elb.DescribeListenersInput{LoadBalancerArn: aws.String(lb)})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err = Errors.IgnoreNotFound(err); err != nil { // a load balancer deleted meanwhile has none
				return nil, fmt.Errorf("list listeners: %w", err)
			}
			if page == nil {
				break
			}
			all = append(all, page.Listeners...)
		}
	}
	return all, nil
}

func (k listenerKind) Observe(ctx context.Context, id desired.Identity) (kit.Observation, error) {
	all, err := k.reads.listListeners(ctx, k.api, id)
	if err != nil {
		return nil, err
	}
	arns := make([]string, len(all))
	for i, l := range all {
		arns[i] = aws.ToString(l.ListenerArn)
	}
	tags, err := describeTags(ctx, k.api, arns)
	if err != nil {
		return nil, err
	}
	return kit.Collect(ctx, id, "listeners", kit.Items(all),
		byARN(tags, func(l types.Listener) *string { return l.ListenerArn }),
		kit.Always(func(l types.Listener) reconcile.Live { return listenerLive(l, tags[aws.ToString(l.ListenerArn)]) }))
}

func listenerLive(l types.Listener, tags map[string]string) reconcile.Live {
	fields := map[string]any{
		lf.LoadBalancerARN: aws.ToString(l.LoadBalancerArn),
		lf.Port:            int64(aws.ToInt32(l.Port)),
		lf.Protocol:        string(l.Protocol),
		lf.DefaultAction:   actionField(l.DefaultActions),
		tagsField:          kit.Observed(tags),
	}
	// DescribeListeners lists the default certificate only: the one the
	// file manages. An HTTP listener has neither, and reports neither.
	if len(l.Certificates) > 0 {
		fields[lf.CertificateARN] = aws.ToString(l.Certificates[0].CertificateArn)
	}
	if l.SslPolicy != nil {
		fields[lf.SSLPolicy] = aws.ToString(l.SslPolicy)
	}
	return reconcile.Live{
		ID: aws.ToString(l.ListenerArn), Fields: fields,
		Attrs: map[string]string{"arn": aws.ToString(l.ListenerArn)}, Ready: true, Status: "active",
	}
}

func (k listenerKind) Create(ctx context.Context, id desired.Identity, r desired.Resource) (reconcile.Live, error) {
	lb, err := kit.String(r.Fields, lf.LoadBalancerARN)
	if err != nil {
		return reconcile.Live{}, err
	}
	s, err := listenerSettingsOf(r)
	if err != nil {
		return reconcile.Live{}, err
	}
	tags, err := kit.Tags(id, r)
	if err != nil {
		return reconcile.Live{}, err
	}
	// CreateListener is idempotent for the same settings on the same
	// port, so the SDK's retries cannot make twins.
	res, err := k.api.CreateListener(ctx, &elb.CreateListenerInput{
		LoadBalancerArn: aws.String(lb), Port: s.Port, Protocol: s.Protocol, DefaultActions: s.DefaultActions,
		Certificates: s.Certificates, SslPolicy: s.SslPolicy, Tags: sdkTags(tags),
	})
	if err != nil {
		return reconcile.Live{}, fmt.Errorf("create listener: %w", err)
	}
	if len(res.Listeners) != 1 {
		return reconcile.Live{}, fmt.Errorf("create listener: AWS answered %d listeners", len(res.Listeners))
	}
	return kit.Applied(id, r, listenerLive(res.Listeners[0], nil), []string{tagsField})
}

// listenerSettingsOf reads what CreateListener and ModifyListener share.
func listenerSettingsOf(r desired.Resource) (*elb.ModifyListenerInput, error) {
	port, err1 := kit.Int(r.Fields, lf.Port)
	protocol, err2 := kit.String(r.Fields, lf.Protocol)
	cert, err3 := kit.String(r.Fields, lf.CertificateARN)
	policy, err4 := kit.String(r.Fields, lf.SSLPolicy)
	actions, err5 := actionsOf(r.Fields, lf.DefaultAction)
	if err := firstErr(err1, err2, err3, err4, err5); err != nil {
		return nil, err
	}
	in := &elb.ModifyListenerInput{Port: aws.Int32(int32(port)), Protocol: types.ProtocolEnum(protocol), DefaultActions: actions}
	if cert != "" {
		in.Certificates = []types.Certificate{{CertificateArn: aws.String(cert)}}
	}
	if policy != "" {
		in.SslPolicy = aws.String(policy)
	}
	return in, nil
}

// Update sends every setting in one ModifyListener: AWS checks protocol,
// port, certificate and policy together, so changing one alone can be
// refused where the whole is valid. Tags follow.
func (k listenerKind) Update(ctx context.Context, id desired.Identity, r desired.Resource, live reconcile.Live, delta drift.Delta) (reconcile.Live, error) {
	steps := kit.Steps{
		kit.On(k.modify, lf.Port, lf.Protocol, lf.DefaultAction, lf.CertificateARN, lf.SSLPolicy),
		tagsStep(k.api),
	}
	return steps.Run(ctx, kit.Change{ID: id, Want: r, Live: live, Delta: delta})
}

func (k listenerKind) modify(ctx context.Context, c kit.Change) error {
	in, err := listenerSettingsOf(c.Want)
	if err != nil {
		return err
	}
	in.ListenerArn = aws.String(c.Live.ID)
	if _, err := k.api.ModifyListener(ctx, in); err != nil {
		return fmt.Errorf("modify listener: %w", err)
	}
	return nil
}

func (k listenerKind) Delete(ctx context.Context, live reconcile.Live) error {
	_, err := k.api.DeleteListener(ctx, &elb.DeleteListenerInput{ListenerArn: aws.String(live.ID)})
	if err = Errors.IgnoreNotFound(err); err != nil {
		return fmt.Errorf("delete listener: %w", err)
	}
	return nil
}
