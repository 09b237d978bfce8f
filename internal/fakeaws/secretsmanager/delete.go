package secretsmanager

import (
	"time"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/secretsmanager"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

const day = 24 * time.Hour

// deleteSecret follows
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html
// The secret stays, with a DeletedDate, until the recovery window (7 to 30
// days, 30 by default) ends on the fake clock; ForceDeleteWithoutRecovery
// removes it at once and does not fail for a secret that is already gone.
func (s *Service) deleteSecret(r *core.Request) (any, error) {
	var in v1.DeleteSecretInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	force := aws.BoolValue(in.ForceDeleteWithoutRecovery)
	if force && in.RecoveryWindowInDays != nil {
		return nil, invalidParameter("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.")
	}
	window := int64(30)
	if in.RecoveryWindowInDays != nil {
		window = *in.RecoveryWindowInDays
		if window < 7 || window > 30 {
			return nil, invalidParameter("The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).")
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sec, err := s.lookup(in.SecretId)
	if err != nil {
		if force && in.SecretId != nil {
			return &v1.DeleteSecretOutput{Name: in.SecretId, DeletionDate: aws.Time(s.env.Clock.Now())}, nil
		}
		return nil, err
	}
	now := s.env.Clock.Now()
	if force {
		delete(s.secrets, sec.arn)
		return &v1.DeleteSecretOutput{ARN: aws.String(sec.arn), Name: aws.String(sec.name), DeletionDate: aws.Time(now)}, nil
	}
	if sec.deletedAt != nil {
		return nil, invalidRequest("You can't delete secret " + sec.name + " that is already scheduled for deletion.")
	}
	sec.deletedAt = &now
	sec.deletionDate = now.Add(time.Duration(window) * day)
	return &v1.DeleteSecretOutput{
		ARN: aws.String(sec.arn), Name: aws.String(sec.name), DeletionDate: aws.Time(sec.deletionDate),
	}, nil
}

// restoreSecret follows
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RestoreSecret.html
func (s *Service) restoreSecret(r *core.Request) (any, error) {
	var in v1.RestoreSecretInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sec, err := s.lookup(in.SecretId)
	if err != nil {
		return nil, err
	}
	sec.deletedAt = nil
	sec.deletionDate = time.Time{}
	return &v1.RestoreSecretOutput{ARN: aws.String(sec.arn), Name: aws.String(sec.name)}, nil
}
