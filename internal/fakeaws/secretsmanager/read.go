package secretsmanager

import (
	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/secretsmanager"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// describeSecret follows
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DescribeSecret.html
// A secret scheduled for deletion is still described, with its DeletedDate.
func (s *Service) describeSecret(r *core.Request) (any, error) {
	var in v1.DescribeSecretInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sec, err := s.lookup(in.SecretId)
	if err != nil {
		return nil, err
	}
	return &v1.DescribeSecretOutput{
		ARN:                aws.String(sec.arn),
		Name:               aws.String(sec.name),
		Description:        strOrNil(sec.description),
		KmsKeyId:           strOrNil(sec.kmsKeyID),
		CreatedDate:        aws.Time(sec.created),
		LastChangedDate:    aws.Time(sec.lastChanged),
		LastAccessedDate:   sec.lastAccessed,
		DeletedDate:        sec.deletedAt,
		Tags:               sec.tagList(),
		VersionIdsToStages: sec.versionsToStages(),
	}, nil
}

// getSecretValue follows
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
func (s *Service) getSecretValue(r *core.Request) (any, error) {
	var in v1.GetSecretValueInput
	if err := r.Decode(&in); err != nil {
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
	v, err := pick(sec, in.VersionId, in.VersionStage)
	if err != nil {
		return nil, err
	}
	day := dayOf(s.env.Clock.Now())
	sec.lastAccessed = &day
	return &v1.GetSecretValueOutput{
		ARN:           aws.String(sec.arn),
		Name:          aws.String(sec.name),
		VersionId:     aws.String(v.id),
		SecretString:  v.str,
		SecretBinary:  v.bin,
		VersionStages: aws.StringSlice(v.stages),
		CreatedDate:   aws.Time(v.created),
	}, nil
}

// pick selects the version by ID and/or staging label (AWSCURRENT when
// neither is given); both given must name the same version.
func pick(sec *secret, id, stage *string) (*version, error) {
	var v *version
	switch {
	case id != nil:
		v = sec.version(*id)
		if v != nil && stage != nil && sec.staged(*stage) != v {
			v = nil
		}
	case stage != nil:
		v = sec.staged(*stage)
	default:
		v = sec.staged(stageCurrent)
	}
	if v == nil {
		label := stageCurrent
		if stage != nil {
			label = *stage
		}
		if id != nil {
			return nil, core.BadRequest("ResourceNotFoundException",
				"Secrets Manager can't find the specified secret value for VersionId: %s", *id)
		}
		return nil, core.BadRequest("ResourceNotFoundException",
			"Secrets Manager can't find the specified secret value for staging label: %s", label)
	}
	return v, nil
}
