package rds

import (
	"strings"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/rds"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// deleteDBInstance follows
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBInstance.html
// A final snapshot needs FinalDBSnapshotIdentifier unless SkipFinalSnapshot,
// and not both (InvalidParameterCombination); deletion protection refuses
// (InvalidParameterCombination); the instance must be available
// (InvalidDBInstanceState). It is "deleting", then gone.
func (s *Service) deleteDBInstance(r *core.Request) (any, error) {
	var in v1.DeleteDBInstanceInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	skip, final := aws.BoolValue(in.SkipFinalSnapshot), aws.StringValue(in.FinalDBSnapshotIdentifier)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tick()
	id := strings.ToLower(aws.StringValue(in.DBInstanceIdentifier))
	i, ok := s.instances[id]
	if !ok {
		return nil, instanceNotFound(id)
	}
	switch {
	case i.deletionProtection:
		return nil, core.BadRequest("InvalidParameterCombination", "Cannot delete protected DB Instance, please disable deletion protection and try again.")
	case !skip && final == "":
		return nil, core.BadRequest("InvalidParameterCombination", "FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified.")
	case skip && final != "":
		return nil, core.BadRequest("InvalidParameterCombination", "Cannot specify a final snapshot identifier when SkipFinalSnapshot is true.")
	}
	if _, err := s.available(id); err != nil {
		return nil, err
	}
	i.status, i.since = "deleting", s.env.Clock.Now()
	return &v1.DeleteDBInstanceOutput{DBInstance: s.view(i)}, nil
}

// available returns the instance if it exists and is available; otherwise
// DBInstanceNotFound or InvalidDBInstanceState. The caller holds s.mu.
func (s *Service) available(id string) (*instance, error) {
	id = strings.ToLower(id)
	i, ok := s.instances[id]
	if !ok {
		return nil, instanceNotFound(id)
	}
	if i.status != "available" {
		return nil, core.BadRequest("InvalidDBInstanceState", "Database instance is not in available state.")
	}
	return i, nil
}
