package logs

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/cloudwatchlogs"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// mergeTags returns old with add applied, refusing more than 50 tags.
func mergeTags(old map[string]string, add map[string]*string) (map[string]string, error) {
	out := make(map[string]string, len(old)+len(add))
	for k, v := range old {
		out[k] = v
	}
	for k, v := range add {
		if k == "" || len(k) > 128 || len(aws.StringValue(v)) > 256 {
			return nil, invalidParameter("Invalid tag key or value: %q", k)
		}
		out[k] = aws.StringValue(v)
	}
	if len(out) > 50 {
		return nil, core.BadRequest("TooManyTagsException", "A resource can have no more than 50 tags.")
	}
	return out, nil
}

func (g *group) tagShape() map[string]*string {
	out := make(map[string]*string, len(g.tags))
	for k, v := range g.tags {
		out[k] = aws.String(v)
	}
	return out
}

func (g *group) untag(keys []*string) {
	for _, k := range keys {
		delete(g.tags, aws.StringValue(k))
	}
}

// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_TagResource.html
func (s *Service) tagResource(req *core.Request) (any, error) {
	var in v1.TagResourceInput
	if err := req.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.byARN(aws.StringValue(in.ResourceArn))
	if err != nil {
		return nil, err
	}
	tags, err := mergeTags(g.tags, in.Tags)
	if err != nil {
		return nil, err
	}
	g.tags = tags
	return &v1.TagResourceOutput{}, nil
}

// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_UntagResource.html
func (s *Service) untagResource(req *core.Request) (any, error) {
	var in v1.UntagResourceInput
	if err := req.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.byARN(aws.StringValue(in.ResourceArn))
	if err != nil {
		return nil, err
	}
	g.untag(in.TagKeys)
	return &v1.UntagResourceOutput{}, nil
}

// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_ListTagsForResource.html
func (s *Service) listTagsForResource(req *core.Request) (any, error) {
	var in v1.ListTagsForResourceInput
	if err := req.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.byARN(aws.StringValue(in.ResourceArn))
	if err != nil {
		return nil, err
	}
	return &v1.ListTagsForResourceOutput{Tags: g.tagShape()}, nil
}

// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_TagLogGroup.html
// (deprecated by AWS in favour of TagResource, still served)
func (s *Service) tagLogGroup(req *core.Request) (any, error) {
	var in v1.TagLogGroupInput
	if err := req.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.lookup(req.Region, aws.StringValue(in.LogGroupName))
	if err != nil {
		return nil, err
	}
	tags, err := mergeTags(g.tags, in.Tags)
	if err != nil {
		return nil, err
	}
	g.tags = tags
	return &v1.TagLogGroupOutput{}, nil
}

// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_UntagLogGroup.html
func (s *Service) untagLogGroup(req *core.Request) (any, error) {
	var in v1.UntagLogGroupInput
	if err := req.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.lookup(req.Region, aws.StringValue(in.LogGroupName))
	if err != nil {
		return nil, err
	}
	g.untag(in.Tags)
	return &v1.UntagLogGroupOutput{}, nil
}

// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_ListTagsLogGroup.html
func (s *Service) listTagsLogGroup(req *core.Request) (any, error) {
	var in v1.ListTagsLogGroupInput
	if err := req.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.lookup(req.Region, aws.StringValue(in.LogGroupName))
	if err != nil {
		return nil, err
	}
	return &v1.ListTagsLogGroupOutput{Tags: g.tagShape()}, nil
}
