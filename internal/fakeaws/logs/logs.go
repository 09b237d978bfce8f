// Package logs fakes Amazon CloudWatch Logs for log groups: create, describe,
// delete, retention and tags (by ARN and the older by-name operations).
package logs

import (
	"regexp"
	"sync"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// Service is the fake CloudWatch Logs.
type Service struct {
	env *core.Env

	mu     sync.Mutex
	groups map[string]*group // by region + "/" + name: log groups are regional
}

// New returns the fake CloudWatch Logs.
func New(env *core.Env) *Service {
	s := &Service{env: env, groups: map[string]*group{}}
	env.Dir.AddTagged(s.tagged)
	return s
}

func (s *Service) Name() string            { return "logs" }
func (s *Service) Protocol() core.Protocol { return core.JSON }

func (s *Service) Handlers() map[string]core.Handler {
	return map[string]core.Handler{
		"CreateLogGroup":        s.createLogGroup,
		"DescribeLogGroups":     s.describeLogGroups,
		"DeleteLogGroup":        s.deleteLogGroup,
		"PutRetentionPolicy":    s.putRetentionPolicy,
		"DeleteRetentionPolicy": s.deleteRetentionPolicy,
		"TagResource":           s.tagResource,
		"UntagResource":         s.untagResource,
		"ListTagsForResource":   s.listTagsForResource,
		"TagLogGroup":           s.tagLogGroup,
		"UntagLogGroup":         s.untagLogGroup,
		"ListTagsLogGroup":      s.listTagsLogGroup,
	}
}

var groupName = regexp.MustCompile(`^[\.\-_/#A-Za-z0-9]{1,512}$`)

func invalidParameter(format string, args ...any) *core.Error {
	return core.BadRequest("InvalidParameterException", format, args...)
}

func notFound() *core.Error {
	return core.BadRequest("ResourceNotFoundException", "The specified log group does not exist.")
}

func checkGroupName(name string) error {
	if !groupName.MatchString(name) {
		return invalidParameter("1 validation error detected: Value '%s' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+", name)
	}
	return nil
}

// lookup finds a log group by region and name; the caller holds s.mu.
func (s *Service) lookup(region, name string) (*group, error) {
	if err := checkGroupName(name); err != nil {
		return nil, err
	}
	g, ok := s.groups[region+"/"+name]
	if !ok {
		return nil, notFound()
	}
	return g, nil
}

// byARN finds a log group by its ARN, with or without the ":*" suffix that
// DescribeLogGroups' arn field carries; the caller holds s.mu.
func (s *Service) byARN(arn string) (*group, error) {
	for _, g := range s.groups {
		if g.arn == arn || g.arn+":*" == arn {
			return g, nil
		}
	}
	return nil, core.BadRequest("ResourceNotFoundException", "The specified resource does not exist.")
}
