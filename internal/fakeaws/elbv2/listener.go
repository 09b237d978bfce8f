package elbv2

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"reflect"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/aws/awsutil"
	v1 "github.com/aws/aws-sdk-go/service/elbv2"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

type listener struct {
	seq            int
	shape          *v1.Listener
	lbARN          string
	defaultRuleARN string
	tags           tags
}

func (l *listener) view() *v1.Listener { return awsutil.CopyOf(l.shape).(*v1.Listener) }

// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateListener.html
// "If you attempt to create multiple listeners with the same settings, each
// call succeeds"; another listener on the same port is DuplicateListener.
func (s *Service) createListener(r *core.Request) (any, error) {
	var in v1.CreateListenerInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	if err := checkTags(in.Tags); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	lb, ok := s.lbs[aws.StringValue(in.LoadBalancerArn)]
	if !ok {
		return nil, lbNotFound()
	}
	shape, err := s.listenerShape(in.Port, in.Protocol, in.Certificates, in.SslPolicy, in.DefaultActions)
	if err != nil {
		return nil, err
	}
	shape.LoadBalancerArn = lb.shape.LoadBalancerArn
	if l := s.listenerOnPort(*lb.shape.LoadBalancerArn, *shape.Port); l != nil {
		have := l.view()
		have.ListenerArn = nil
		if reflect.DeepEqual(have, shape) {
			return &v1.CreateListenerOutput{Listeners: []*v1.Listener{l.view()}}, nil
		}
		return nil, core.BadRequest("DuplicateListener", "A listener already exists on this port for this load balancer '%s'", *lb.shape.LoadBalancerArn)
	}
	t, err := tags(nil).merged(in.Tags)
	if err != nil {
		return nil, err
	}
	lbPath := strings.TrimPrefix(*lb.shape.LoadBalancerArn, core.ARN("elasticloadbalancing", r.Region, "loadbalancer/"))
	id := s.env.IDs.Hex(16)
	shape.ListenerArn = aws.String(core.ARN("elasticloadbalancing", r.Region, "listener/"+lbPath+"/"+id))
	l := &listener{seq: s.nextSeq(), shape: shape, lbARN: *lb.shape.LoadBalancerArn, tags: t}
	l.defaultRuleARN = core.ARN("elasticloadbalancing", r.Region, "listener-rule/"+lbPath+"/"+id+"/"+s.env.IDs.Hex(16))
	s.listeners[*shape.ListenerArn] = l
	s.rules[l.defaultRuleARN] = &rule{seq: s.nextSeq(), listenerARN: *shape.ListenerArn, shape: &v1.Rule{
		RuleArn: aws.String(l.defaultRuleARN), IsDefault: aws.Bool(true), Priority: aws.String("default"), Conditions: []*v1.RuleCondition{},
	}}
	return &v1.CreateListenerOutput{Listeners: []*v1.Listener{l.view()}}, nil
}

// listenerShape validates and normalizes the settings a create or modify
// ends with.
func (s *Service) listenerShape(port *int64, protocol *string, certs []*v1.Certificate, policy *string, actions []*v1.Action) (*v1.Listener, error) {
	if port == nil {
		return nil, validation("A listener port must be specified")
	}
	if *port < 1 || *port > 65535 {
		return nil, validation("Listener port must be between 1 and 65535")
	}
	if protocol == nil {
		return nil, validation("A listener protocol must be specified")
	}
	certs, pol, err := s.tlsSettings(*protocol, certs, policy)
	if err != nil {
		return nil, err
	}
	acts, err := s.normalizeActions(actions)
	if err != nil {
		return nil, err
	}
	return &v1.Listener{Port: aws.Int64(*port), Protocol: aws.String(*protocol), Certificates: certs, SslPolicy: pol, DefaultActions: acts}, nil
}

func (s *Service) listenerOnPort(lbARN string, port int64) *listener {
	for _, l := range s.listeners {
		if l.lbARN == lbARN && aws.Int64Value(l.shape.Port) == port {
			return l
		}
	}
	return nil
}

// dropListener deletes a listener with its rules; callers hold s.mu.
func (s *Service) dropListener(arn string) {
	for rarn, ru := range s.rules {
		if ru.listenerARN == arn {
			delete(s.rules, rarn)
		}
	}
	delete(s.listeners, arn)
}

func (s *Service) sortedListeners() []*listener {
	out := make([]*listener, 0, len(s.listeners))
	for _, l := range s.listeners {
		out = append(out, l)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].seq < out[j].seq })
	return out
}

func (s *Service) sortedLBs() []*loadBalancer {
	out := make([]*loadBalancer, 0, len(s.lbs))
	for _, lb := range s.lbs {
		out = append(out, lb)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].seq < out[j].seq })
	return out
}
