package elbv2

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/elbv2"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeListeners.html
func (s *Service) describeListeners(r *core.Request) (any, error) {
	var in v1.DescribeListenersInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	if in.LoadBalancerArn == nil && len(in.ListenerArns) == 0 {
		return nil, validation("You must specify either listener ARNs or a load balancer ARN")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var found []*listener
	if in.LoadBalancerArn != nil {
		if _, ok := s.lbs[*in.LoadBalancerArn]; !ok {
			return nil, lbNotFound()
		}
		for _, l := range s.sortedListeners() {
			if l.lbARN == *in.LoadBalancerArn {
				found = append(found, l)
			}
		}
	}
	for _, arn := range in.ListenerArns {
		l, ok := s.listeners[aws.StringValue(arn)]
		if !ok {
			return nil, listenerNotFound()
		}
		found = append(found, l)
	}
	start, end, next, err := page(len(found), in.Marker, in.PageSize)
	if err != nil {
		return nil, err
	}
	out := &v1.DescribeListenersOutput{Listeners: []*v1.Listener{}, NextMarker: next}
	for _, l := range found[start:end] {
		out.Listeners = append(out.Listeners, l.view())
	}
	return out, nil
}

// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_ModifyListener.html
// "Any properties that you do not specify retain their current values";
// changing to HTTP drops the certificate and the policy, as AWS does.
func (s *Service) modifyListener(r *core.Request) (any, error) {
	var in v1.ModifyListenerInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := s.listeners[aws.StringValue(in.ListenerArn)]
	if !ok {
		return nil, listenerNotFound()
	}
	cur := l.shape
	port, protocol, actions := cur.Port, cur.Protocol, cur.DefaultActions
	certs, policy := cur.Certificates, cur.SslPolicy
	if in.Port != nil {
		port = in.Port
	}
	if in.Protocol != nil {
		protocol = in.Protocol
	}
	if len(in.DefaultActions) > 0 {
		actions = in.DefaultActions
	}
	if len(in.Certificates) > 0 {
		certs = in.Certificates
	}
	if in.SslPolicy != nil {
		policy = in.SslPolicy
	}
	if aws.StringValue(protocol) == v1.ProtocolEnumHttp && in.Certificates == nil && in.SslPolicy == nil {
		certs, policy = nil, nil
	}
	next, err := s.listenerShape(port, protocol, certs, policy, actions)
	if err != nil {
		return nil, err
	}
	if other := s.listenerOnPort(l.lbARN, *next.Port); other != nil && other != l {
		return nil, core.BadRequest("DuplicateListener", "A listener already exists on port %d for this load balancer", *next.Port)
	}
	next.ListenerArn, next.LoadBalancerArn = cur.ListenerArn, cur.LoadBalancerArn
	l.shape = next
	return &v1.ModifyListenerOutput{Listeners: []*v1.Listener{l.view()}}, nil
}

// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DeleteListener.html
// Deleting a listener deletes its rules; the target groups stay.
func (s *Service) deleteListener(r *core.Request) (any, error) {
	var in v1.DeleteListenerInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	arn := aws.StringValue(in.ListenerArn)
	if _, ok := s.listeners[arn]; !ok {
		return nil, listenerNotFound()
	}
	s.dropListener(arn)
	return &v1.DeleteListenerOutput{}, nil
}
