package elbv2

import (
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired/names"
)

var af = names.Action

// redirectKeeps are the values AWS fills into a redirect's host, path and
// query when a request leaves them out: "keep the request's own". The
// file never names them, so they are left out when observed; any other
// value is reported and shows as drift.
var redirectKeeps = map[string]string{af.Host: "#{host}", af.Path: "/#{path}", af.Query: "#{query}"}

// actionsOf turns an action field (a listener's default_action, a rule's
// action) into the API's action list.
func actionsOf(fields map[string]any, key string) ([]types.Action, error) {
	m, err := kit.Map(fields, key)
	if err != nil {
		return nil, err
	}
	str := func(k string) string { s, _ := kit.String(m, k); return s }
	switch typ := str(af.Type); typ {
	case string(types.ActionTypeEnumForward):
		arn, err := kit.String(m, af.TargetGroupARN)
		if err != nil || arn == "" {
			return nil, kit.BadInput("field %s: a forward action needs %s (%v)", key, af.TargetGroupARN, err)
		}
		return []types.Action{{Type: types.ActionTypeEnumForward, TargetGroupArn: aws.String(arn)}}, nil
	case string(types.ActionTypeEnumRedirect):
		rc := &types.RedirectActionConfig{StatusCode: types.RedirectActionStatusCodeEnum(str(af.StatusCode))}
		for k, dst := range map[string]**string{af.Protocol: &rc.Protocol, af.Port: &rc.Port, af.Host: &rc.Host, af.Path: &rc.Path, af.Query: &rc.Query} {
			if v := str(k); v != "" {
				*dst = aws.String(v)
			}
		}
		return []types.Action{{Type: types.ActionTypeEnumRedirect, RedirectConfig: rc}}, nil
	default:
		return nil, kit.BadInput("field %s: action type %q is not one the reconciler writes", key, typ)
	}
}

// actionField is an observed action list in the file's vocabulary, with
// AWS's fillings normalised away: a forward to one group is its ARN
// (whether AWS described it as TargetGroupArn or as a one-group
// ForwardConfig), a redirect drops the keep-as-is placeholders. What the
// file cannot express (several actions, weighted groups, a fixed
// response) is still reported, so that it differs from the file.
func actionField(actions []types.Action) map[string]any {
	if len(actions) != 1 {
		var kinds []string
		for _, a := range actions {
			kinds = append(kinds, string(a.Type))
		}
		return map[string]any{af.Type: strings.Join(kinds, "+")}
	}
	a := actions[0]
	switch a.Type {
	case types.ActionTypeEnumForward:
		return map[string]any{af.Type: string(a.Type), af.TargetGroupARN: strings.Join(forwardGroups(a), ",")}
	case types.ActionTypeEnumRedirect:
		return redirectField(a.RedirectConfig)
	case types.ActionTypeEnumFixedResponse:
		out := map[string]any{af.Type: string(a.Type)}
		if a.FixedResponseConfig != nil {
			out[af.StatusCode] = aws.ToString(a.FixedResponseConfig.StatusCode)
		}
		return out
	}
	return map[string]any{af.Type: string(a.Type)}
}

// forwardGroups are the target groups a forward sends to, sorted.
func forwardGroups(a types.Action) []string {
	var out []string
	if a.ForwardConfig != nil {
		for _, t := range a.ForwardConfig.TargetGroups {
			out = append(out, aws.ToString(t.TargetGroupArn))
		}
	}
	if len(out) == 0 && a.TargetGroupArn != nil {
		out = append(out, aws.ToString(a.TargetGroupArn))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func redirectField(rc *types.RedirectActionConfig) map[string]any {
	out := map[string]any{af.Type: string(types.ActionTypeEnumRedirect)}
	if rc == nil {
		return out
	}
	out[af.StatusCode] = string(rc.StatusCode)
	for k, v := range map[string]*string{af.Protocol: rc.Protocol, af.Port: rc.Port, af.Host: rc.Host, af.Path: rc.Path, af.Query: rc.Query} {
		if s := aws.ToString(v); s != "" && s != redirectKeeps[k] {
			out[k] = s
		}
	}
	return out
}
