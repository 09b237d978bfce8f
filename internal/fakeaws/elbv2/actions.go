package elbv2

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"regexp"
	"slices"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/elbv2"
)

var fixedStatus = regexp.MustCompile(`^(2|4|5)\d\d$`)

var contentTypes = []string{"text/plain", "text/css", "text/html", "application/javascript", "application/json"}

// normalizeActions validates listener or rule actions and returns them as
// AWS stores and describes them: given fields kept exactly, omitted ones
// filled as AWS fills them (a forward action gains its ForwardConfig, a
// redirect the #{…} placeholders, every action its Order).
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_Action.html
func (s *Service) normalizeActions(in []*v1.Action) ([]*v1.Action, error) {
	if len(in) == 0 {
		return nil, validation("At least one action must be specified")
	}
	out := make([]*v1.Action, 0, len(in))
	terminal := 0
	for i, a := range in {
		n, err := s.normalizeAction(a)
		if err != nil {
			return nil, err
		}
		if n.Order == nil {
			n.Order = aws.Int64(int64(i + 1))
		}
		switch aws.StringValue(n.Type) {
		case v1.ActionTypeEnumForward, v1.ActionTypeEnumRedirect, v1.ActionTypeEnumFixedResponse:
			terminal++
		}
		out = append(out, n)
	}
	if terminal != 1 {
		return nil, invalidAction("A rule must have exactly one forward, redirect or fixed-response action")
	}
	return out, nil
}

func (s *Service) normalizeAction(a *v1.Action) (*v1.Action, error) {
	switch aws.StringValue(a.Type) {
	case v1.ActionTypeEnumForward:
		return s.normalizeForward(a)
	case v1.ActionTypeEnumRedirect:
		return normalizeRedirect(a)
	case v1.ActionTypeEnumFixedResponse:
		return normalizeFixed(a)
	case v1.ActionTypeEnumAuthenticateOidc, v1.ActionTypeEnumAuthenticateCognito:
		return &v1.Action{Type: a.Type, Order: a.Order, AuthenticateOidcConfig: a.AuthenticateOidcConfig, AuthenticateCognitoConfig: a.AuthenticateCognitoConfig}, nil
	case "":
		return nil, validation("An action type must be specified")
	}
	return nil, validation("Action type '%s' is not valid", aws.StringValue(a.Type))
}

// normalizeForward checks the target groups exist and describes the action
// both ways AWS does: TargetGroupArn (when there is one group) and
// ForwardConfig with weights and stickiness.
func (s *Service) normalizeForward(a *v1.Action) (*v1.Action, error) {
	fc := &v1.ForwardActionConfig{}
	if a.ForwardConfig != nil {
		for _, t := range a.ForwardConfig.TargetGroups {
			fc.TargetGroups = append(fc.TargetGroups, &v1.TargetGroupTuple{TargetGroupArn: t.TargetGroupArn, Weight: aws.Int64(aws.Int64Value(orInt(t.Weight, 1)))})
		}
		fc.TargetGroupStickinessConfig = a.ForwardConfig.TargetGroupStickinessConfig
	}
	if arn := aws.StringValue(a.TargetGroupArn); arn != "" && len(fc.TargetGroups) == 0 {
		fc.TargetGroups = []*v1.TargetGroupTuple{{TargetGroupArn: a.TargetGroupArn, Weight: aws.Int64(1)}}
	}
	if len(fc.TargetGroups) == 0 {
		return nil, validation("A target group ARN must be specified for a forward action")
	}
	if fc.TargetGroupStickinessConfig == nil {
		fc.TargetGroupStickinessConfig = &v1.TargetGroupStickinessConfig{Enabled: aws.Bool(false)}
	}
	for _, t := range fc.TargetGroups {
		if _, ok := s.tgs[aws.StringValue(t.TargetGroupArn)]; !ok {
			return nil, tgNotFound()
		}
	}
	out := &v1.Action{Type: a.Type, Order: a.Order, ForwardConfig: fc}
	if len(fc.TargetGroups) == 1 {
		out.TargetGroupArn = fc.TargetGroups[0].TargetGroupArn
	}
	return out, nil
}

func orInt(p *int64, def int64) *int64 {
	if p == nil {
		return &def
	}
	return p
}

// normalizeRedirect keeps the given components and fills the others with
// the placeholders that keep the request's own value.
func normalizeRedirect(a *v1.Action) (*v1.Action, error) {
	rc := a.RedirectConfig
	if rc == nil {
		return nil, validation("A redirect configuration must be specified for a redirect action")
	}
	code := aws.StringValue(rc.StatusCode)
	if code != v1.RedirectActionStatusCodeEnumHttp301 && code != v1.RedirectActionStatusCodeEnumHttp302 {
		return nil, validation("Redirect status code must be HTTP_301 or HTTP_302")
	}
	p := aws.StringValue(rc.Protocol)
	if p != "" && p != "HTTP" && p != "HTTPS" && p != "#{protocol}" {
		return nil, validation("Redirect protocol must be HTTP, HTTPS or #{protocol}")
	}
	out := &v1.RedirectActionConfig{
		StatusCode: aws.String(code),
		Protocol:   aws.String(orDefault(rc.Protocol, "#{protocol}")),
		Port:       aws.String(orDefault(rc.Port, "#{port}")),
		Host:       aws.String(orDefault(rc.Host, "#{host}")),
		Path:       aws.String(orDefault(rc.Path, "/#{path}")),
		Query:      aws.String(orDefault(rc.Query, "#{query}")),
	}
	return &v1.Action{Type: a.Type, Order: a.Order, RedirectConfig: out}, nil
}

func normalizeFixed(a *v1.Action) (*v1.Action, error) {
	fr := a.FixedResponseConfig
	if fr == nil {
		return nil, validation("A fixed-response configuration must be specified for a fixed-response action")
	}
	if !fixedStatus.MatchString(aws.StringValue(fr.StatusCode)) {
		return nil, validation("Fixed-response status code must be 2XX, 4XX or 5XX")
	}
	if ct := aws.StringValue(fr.ContentType); ct != "" && !slices.Contains(contentTypes, ct) {
		return nil, validation("Fixed-response content type '%s' is not valid", ct)
	}
	if len(aws.StringValue(fr.MessageBody)) > 1024 {
		return nil, validation("Fixed-response message body cannot be longer than 1024 characters")
	}
	out := &v1.FixedResponseActionConfig{StatusCode: fr.StatusCode, ContentType: fr.ContentType, MessageBody: fr.MessageBody}
	return &v1.Action{Type: a.Type, Order: a.Order, FixedResponseConfig: out}, nil
}
