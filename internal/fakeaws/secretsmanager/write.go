package secretsmanager

import (
	"regexp"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/secretsmanager"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

var validName = regexp.MustCompile(`^[A-Za-z0-9/_+=.@-]{1,512}$`)

// createSecret follows
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html
func (s *Service) createSecret(r *core.Request) (any, error) {
	var in v1.CreateSecretInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	name := aws.StringValue(in.Name)
	if !validName.MatchString(name) {
		return nil, invalidParameter("Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!")
	}
	if err := checkValue(in.SecretString, in.SecretBinary); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if old := s.find(name); old != nil && old.name == name {
		if old.deletedAt != nil {
			return nil, invalidRequest("You can't create this secret because a secret with this name is already scheduled for deletion.")
		}
		return nil, core.BadRequest("ResourceExistsException", "The operation failed because the secret %s already exists.", name)
	}
	now := s.env.Clock.Now()
	sec := &secret{
		arn:         core.ARN("secretsmanager", r.Region, "secret:"+name+"-"+s.suffix()),
		name:        name,
		description: aws.StringValue(in.Description),
		kmsKeyID:    aws.StringValue(in.KmsKeyId),
		created:     now,
		lastChanged: now,
	}
	sec.setTags(in.Tags)
	out := &v1.CreateSecretOutput{ARN: aws.String(sec.arn), Name: aws.String(name)}
	if in.SecretString != nil || in.SecretBinary != nil {
		id := s.token(in.ClientRequestToken)
		sec.addVersion(&version{id: id, str: in.SecretString, bin: in.SecretBinary, created: now}, nil)
		out.VersionId = aws.String(id)
	}
	s.secrets[sec.arn] = sec
	return out, nil
}

// putSecretValue follows
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html
func (s *Service) putSecretValue(r *core.Request) (any, error) {
	var in v1.PutSecretValueInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	if in.SecretString == nil && in.SecretBinary == nil {
		return nil, invalidParameter("You must provide either SecretString or SecretBinary.")
	}
	if err := checkValue(in.SecretString, in.SecretBinary); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sec, err := s.lookup(in.SecretId)
	if err != nil {
		return nil, err
	}
	if sec.deletedAt != nil {
		return nil, errMarkedForDeletion
	}
	v, err := s.newVersion(sec, in.ClientRequestToken, in.SecretString, in.SecretBinary, aws.StringValueSlice(in.VersionStages))
	if err != nil {
		return nil, err
	}
	return &v1.PutSecretValueOutput{
		ARN: aws.String(sec.arn), Name: aws.String(sec.name),
		VersionId: aws.String(v.id), VersionStages: aws.StringSlice(v.stages),
	}, nil
}

// newVersion stores a value under the client request token. A token that
// names an existing version is idempotent when the value is the same and an
// error otherwise: a version is immutable. The caller holds s.mu.
func (s *Service) newVersion(sec *secret, token *string, str *string, bin []byte, stages []string) (*version, error) {
	id := s.token(token)
	if v := sec.version(id); v != nil {
		if v.sameValue(str, bin) {
			return v, nil
		}
		return nil, core.BadRequest("ResourceExistsException",
			"You can't modify an existing version, you can only create a new version.")
	}
	now := s.env.Clock.Now()
	v := &version{id: id, str: str, bin: bin, created: now}
	sec.addVersion(v, stages)
	sec.lastChanged = now
	return v, nil
}

// updateSecret follows
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_UpdateSecret.html
func (s *Service) updateSecret(r *core.Request) (any, error) {
	var in v1.UpdateSecretInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	if err := checkValue(in.SecretString, in.SecretBinary); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sec, err := s.lookup(in.SecretId)
	if err != nil {
		return nil, err
	}
	if sec.deletedAt != nil {
		return nil, errMarkedForDeletion
	}
	out := &v1.UpdateSecretOutput{ARN: aws.String(sec.arn), Name: aws.String(sec.name)}
	if in.Description != nil {
		sec.description = *in.Description
	}
	if in.KmsKeyId != nil {
		sec.kmsKeyID = *in.KmsKeyId
	}
	sec.lastChanged = s.env.Clock.Now()
	if in.SecretString != nil || in.SecretBinary != nil {
		v, err := s.newVersion(sec, in.ClientRequestToken, in.SecretString, in.SecretBinary, nil)
		if err != nil {
			return nil, err
		}
		out.VersionId = aws.String(v.id)
	}
	return out, nil
}

func checkValue(str *string, bin []byte) error {
	if str != nil && bin != nil {
		return invalidParameter("You can't specify both a binary secret value and a string secret value in the same secret.")
	}
	return nil
}

// token is the version ID: the client's request token, or a new UUID when
// the caller sent none (the SDKs always fill it in).
func (s *Service) token(t *string) string {
	if t != nil && *t != "" {
		return *t
	}
	return s.env.IDs.UUID()
}

// suffix is the six random characters AWS appends to a secret's name in
// its ARN.
func (s *Service) suffix() string {
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	n, _ := strconv.ParseUint(s.env.IDs.Hex(12), 16, 64) // 48 bits > 62⁶
	b := make([]byte, 6)
	for i := range b {
		b[i] = alphabet[n%uint64(len(alphabet))]
		n /= uint64(len(alphabet))
	}
	return string(b)
}

// dayOf truncates to the day: AWS reports LastAccessedDate as a date.
func dayOf(t time.Time) time.Time { return t.Truncate(24 * time.Hour) }
