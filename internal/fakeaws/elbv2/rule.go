package elbv2

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/aws/awsutil"
	v1 "github.com/aws/aws-sdk-go/service/elbv2"
)

// rule is a listener rule. The default rule is stored too (so it can be
// tagged and described by ARN); its actions are the listener's.
type rule struct {
	seq         int
	listenerARN string
	shape       *v1.Rule
	tags        tags
}

func (ru *rule) isDefault() bool { return aws.BoolValue(ru.shape.IsDefault) }

// priority is the rule's number; the default rule sorts last.
func (ru *rule) priority() int {
	if ru.isDefault() {
		return 1 << 30
	}
	n, _ := strconv.Atoi(aws.StringValue(ru.shape.Priority))
	return n
}

func (s *Service) ruleView(ru *rule) *v1.Rule {
	out := awsutil.CopyOf(ru.shape).(*v1.Rule)
	if ru.isDefault() {
		if l, ok := s.listeners[ru.listenerARN]; ok {
			out.Actions = l.view().DefaultActions
		}
	}
	return out
}

// conditionFields are the fields a rule condition may test.
var conditionFields = map[string]bool{
	"host-header": true, "path-pattern": true, "http-header": true,
	"http-request-method": true, "query-string": true, "source-ip": true,
}

// normalizeConditions validates conditions and describes them as AWS does:
// for host-header and path-pattern, both Values and the *Config carry the
// same values, whichever was given.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_RuleCondition.html
func normalizeConditions(in []*v1.RuleCondition) ([]*v1.RuleCondition, error) {
	if len(in) == 0 {
		return nil, validation("A rule must have at least one condition")
	}
	out := make([]*v1.RuleCondition, 0, len(in))
	for _, c := range in {
		f := aws.StringValue(c.Field)
		if !conditionFields[f] {
			return nil, validation("Condition field '%s' must be one of '[%s]'", f, strings.Join(fieldNames(), ", "))
		}
		n := awsutil.CopyOf(c).(*v1.RuleCondition)
		switch f {
		case "path-pattern":
			vals, err := oneOf(n.Values, n.PathPatternConfig, func() []*string { return n.PathPatternConfig.Values })
			if err != nil {
				return nil, err
			}
			n.Values, n.PathPatternConfig = vals, &v1.PathPatternConditionConfig{Values: aws.StringSlice(aws.StringValueSlice(vals))}
		case "host-header":
			vals, err := oneOf(n.Values, n.HostHeaderConfig, func() []*string { return n.HostHeaderConfig.Values })
			if err != nil {
				return nil, err
			}
			n.Values, n.HostHeaderConfig = vals, &v1.HostHeaderConditionConfig{Values: aws.StringSlice(aws.StringValueSlice(vals))}
		}
		out = append(out, n)
	}
	return out, nil
}

// oneOf takes a condition's values from Values or from its config, which
// AWS accepts one at a time, and requires 1–5 of them.
func oneOf[T any](values []*string, cfg *T, cfgValues func() []*string) ([]*string, error) {
	if len(values) > 0 && cfg != nil {
		return nil, validation("You cannot specify both Values and a condition configuration")
	}
	if cfg != nil {
		values = cfgValues()
	}
	if len(values) == 0 || len(values) > 5 {
		return nil, validation("A condition must have between 1 and 5 values")
	}
	return values, nil
}

func fieldNames() []string {
	return []string{"host-header", "path-pattern", "http-header", "http-request-method", "query-string", "source-ip"}
}

// ruleARN derives a new rule's ARN from its listener's.
func ruleARN(listenerARN, id string) string {
	return strings.Replace(listenerARN, ":listener/", ":listener-rule/", 1) + "/" + id
}
