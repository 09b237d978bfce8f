package rds

import (
	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/rds"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// rebootDBInstance follows
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RebootDBInstance.html
// The instance must be available (InvalidDBInstanceState); it is
// "rebooting" for one DBInstance step, after which the parameters that
// waited for a reboot are in effect (ParameterApplyStatus in-sync).
// ForceFailover needs a Multi-AZ instance (InvalidParameterCombination).
// Changes waiting for the maintenance window still wait.
func (s *Service) rebootDBInstance(r *core.Request) (any, error) {
	var in v1.RebootDBInstanceInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tick()
	i, err := s.available(aws.StringValue(in.DBInstanceIdentifier))
	if err != nil {
		return nil, err
	}
	if aws.BoolValue(in.ForceFailover) && !i.multiAZ {
		return nil, core.BadRequest("InvalidParameterCombination", "ForceFailover is only valid for a Multi-AZ DB instance.")
	}
	i.status, i.since = "rebooting", s.env.Clock.Now()
	return &v1.RebootDBInstanceOutput{DBInstance: s.view(i)}, nil
}
