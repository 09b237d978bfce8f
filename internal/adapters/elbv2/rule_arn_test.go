package elbv2

import "testing"

// The rule ARN's listener, on the ARNs of the Elastic Load Balancing API
// reference's DescribeRules and DescribeListeners examples.
func TestListenerOfRule(t *testing.T) {
	for arn, want := range map[string]string{
		"arn:aws:elasticloadbalancing:us-west-2:123456789012:listener-rule/app/my-load-balancer/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee": "arn:aws:elasticloadbalancing:us-west-2:123456789012:listener/app/my-load-balancer/50dc6c495c0c9188/f2f7dc8efc522ab2",
		"arn:aws:elasticloadbalancing:us-west-2:123456789012:listener/app/my-load-balancer/50dc6c495c0c9188/f2f7dc8efc522ab2":                       "",
		"arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067":                                               "",
	} {
		if got := listenerOfRule(arn); got != want {
			t.Errorf("listenerOfRule(%s) = %q, want %q", arn, got, want)
		}
	}
}
