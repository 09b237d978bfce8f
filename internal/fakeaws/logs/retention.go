package logs

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/cloudwatchlogs"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// retentionDays are the only retention periods CloudWatch Logs accepts.
var retentionDays = map[int64]bool{
	1: true, 3: true, 5: true, 7: true, 14: true, 30: true, 60: true, 90: true,
	120: true, 150: true, 180: true, 365: true, 400: true, 545: true, 731: true,
	1096: true, 1827: true, 2192: true, 2557: true, 2922: true, 3288: true, 3653: true,
}

// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
func (s *Service) putRetentionPolicy(req *core.Request) (any, error) {
	var in v1.PutRetentionPolicyInput
	if err := req.Decode(&in); err != nil {
		return nil, err
	}
	days := aws.Int64Value(in.RetentionInDays)
	if !retentionDays[days] {
		return nil, invalidParameter("1 validation error detected: Value '%d' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]", days)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.lookup(req.Region, aws.StringValue(in.LogGroupName))
	if err != nil {
		return nil, err
	}
	g.retention = days
	return &v1.PutRetentionPolicyOutput{}, nil
}

// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DeleteRetentionPolicy.html
// Afterwards the group's events never expire and DescribeLogGroups omits
// retentionInDays.
func (s *Service) deleteRetentionPolicy(req *core.Request) (any, error) {
	var in v1.DeleteRetentionPolicyInput
	if err := req.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.lookup(req.Region, aws.StringValue(in.LogGroupName))
	if err != nil {
		return nil, err
	}
	g.retention = 0
	return &v1.DeleteRetentionPolicyOutput{}, nil
}
