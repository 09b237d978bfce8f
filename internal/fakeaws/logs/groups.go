package logs

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/cloudwatchlogs"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

type group struct {
	name, region, arn string
	created           int64 // milliseconds since the epoch, as Logs reports it
	retention         int64 // days; 0 means never expire
	kmsKeyID          string
	tags              map[string]string
}

func (g *group) shape() *v1.LogGroup {
	out := &v1.LogGroup{
		Arn:               aws.String(g.arn + ":*"),
		LogGroupArn:       aws.String(g.arn),
		CreationTime:      aws.Int64(g.created),
		LogGroupName:      aws.String(g.name),
		LogGroupClass:     aws.String(v1.LogGroupClassStandard),
		MetricFilterCount: aws.Int64(0),
		StoredBytes:       aws.Int64(0),
	}
	if g.retention > 0 {
		out.RetentionInDays = aws.Int64(g.retention)
	}
	if g.kmsKeyID != "" {
		out.KmsKeyId = aws.String(g.kmsKeyID)
	}
	return out
}

// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
func (s *Service) createLogGroup(req *core.Request) (any, error) {
	var in v1.CreateLogGroupInput
	if err := req.Decode(&in); err != nil {
		return nil, err
	}
	name := aws.StringValue(in.LogGroupName)
	if err := checkGroupName(name); err != nil {
		return nil, err
	}
	tags, err := mergeTags(nil, in.Tags)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k := req.Region + "/" + name
	if _, exists := s.groups[k]; exists {
		return nil, core.BadRequest("ResourceAlreadyExistsException", "The specified log group already exists")
	}
	s.groups[k] = &group{
		name: name, region: req.Region, arn: core.ARN("logs", req.Region, "log-group:"+name),
		created: s.env.Clock.Now().UnixMilli(), kmsKeyID: aws.StringValue(in.KmsKeyId), tags: tags,
	}
	return &v1.CreateLogGroupOutput{}, nil
}

// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogGroups.html
// Groups come sorted by name; limit is 1..50 (default 50).
func (s *Service) describeLogGroups(req *core.Request) (any, error) {
	var in v1.DescribeLogGroupsInput
	if err := req.Decode(&in); err != nil {
		return nil, err
	}
	prefix, pattern := aws.StringValue(in.LogGroupNamePrefix), aws.StringValue(in.LogGroupNamePattern)
	if prefix != "" && pattern != "" {
		return nil, invalidParameter("LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.")
	}
	limit := aws.Int64Value(in.Limit)
	if in.Limit != nil && (limit < 1 || limit > 50) {
		return nil, invalidParameter("1 validation error detected: Value '%d' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50", limit)
	}
	s.mu.Lock()
	var groups []*v1.LogGroup
	for _, g := range s.groups {
		if g.region == req.Region && strings.HasPrefix(g.name, prefix) && strings.Contains(g.name, pattern) {
			groups = append(groups, g.shape())
		}
	}
	s.mu.Unlock()
	sort.Slice(groups, func(i, j int) bool { return *groups[i].LogGroupName < *groups[j].LogGroupName })
	start, end, next, err := core.Page(len(groups), aws.StringValue(in.NextToken), int(limit), 50)
	if err != nil {
		return nil, invalidParameter("The specified nextToken is invalid.")
	}
	out := &v1.DescribeLogGroupsOutput{LogGroups: groups[start:end]}
	if next != "" {
		out.NextToken = aws.String(next)
	}
	return out, nil
}

// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DeleteLogGroup.html
func (s *Service) deleteLogGroup(req *core.Request) (any, error) {
	var in v1.DeleteLogGroupInput
	if err := req.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.lookup(req.Region, aws.StringValue(in.LogGroupName))
	if err != nil {
		return nil, err
	}
	delete(s.groups, g.region+"/"+g.name)
	return &v1.DeleteLogGroupOutput{}, nil
}
