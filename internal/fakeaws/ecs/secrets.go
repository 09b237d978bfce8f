package ecs

import (
	"encoding/json"
	"errors"
	"strings"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// secretRef is a Secrets Manager valueFrom: the secret's ARN, optionally
// followed by ":json-key:version-stage:version-id", each part possibly
// empty
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html).
type secretRef struct {
	arn, jsonKey, stage, versionID string
}

// parseSecretRef recognises a Secrets Manager reference. Parameter Store
// references are not checked (no SSM in the fake).
func parseSecretRef(ref string) (secretRef, bool) {
	parts := strings.Split(ref, ":")
	if len(parts) < 7 || parts[0] != "arn" || parts[2] != "secretsmanager" || parts[5] != "secret" {
		return secretRef{}, false
	}
	r := secretRef{arn: strings.Join(parts[:7], ":")}
	for i, dst := range []*string{&r.jsonKey, &r.stage, &r.versionID} {
		if len(parts) > 7+i {
			*dst = parts[7+i]
		}
	}
	return r, true
}

// asmPrefix is how the ECS agent (and Fargate) words a failure to read a
// secret from Secrets Manager in the task's stoppedReason
// (https://repost.aws/knowledge-center/ecs-unable-to-pull-secrets).
const asmPrefix = "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): "

// secretFailure resolves one reference as the agent does when a task
// starts and returns the stoppedReason if that fails: the secret (or its
// version) cannot be read, or its JSON value lacks the named key. The
// reason never contains the secret's value. "" means it resolves.
func (s *Service) secretFailure(ref string) string {
	r, ok := parseSecretRef(ref)
	if !ok || s.env.Dir == nil {
		return ""
	}
	if s.env.Dir.SecretValue == nil {
		if s.env.Dir.SecretExists != nil && !s.env.Dir.SecretExists(r.arn) {
			return asmPrefix + "failed to fetch secret " + r.arn + " from secrets manager: ResourceNotFoundException: Secrets Manager can't find the specified secret."
		}
		return ""
	}
	value, err := s.env.Dir.SecretValue(r.arn, r.versionID, r.stage)
	if err != nil {
		var apiErr *core.Error
		if errors.As(err, &apiErr) {
			return asmPrefix + "failed to fetch secret " + r.arn + " from secrets manager: " + apiErr.Code + ": " + apiErr.Message
		}
		return asmPrefix + "failed to fetch secret " + r.arn + " from secrets manager"
	}
	if r.jsonKey == "" {
		return ""
	}
	var fields map[string]any
	if json.Unmarshal([]byte(value), &fields) != nil {
		return asmPrefix + "retrieved secret from Secrets Manager did not contain json key " + r.jsonKey
	}
	if _, ok := fields[r.jsonKey]; !ok {
		return asmPrefix + "retrieved secret from Secrets Manager did not contain json key " + r.jsonKey
	}
	return ""
}
