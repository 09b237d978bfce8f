package secretsmanager

import (
	"bytes"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/secretsmanager"
)

const (
	stageCurrent  = "AWSCURRENT"
	stagePrevious = "AWSPREVIOUS"
)

// secret is one stored secret. Dates are kept as AWS reports them.
type secret struct {
	arn, name, description, kmsKeyID string
	tags                             []*v1.Tag // in the order given: AWS keeps it
	created, lastChanged             time.Time
	lastAccessed                     *time.Time
	deletedAt                        *time.Time // when DeleteSecret was called
	deletionDate                     time.Time  // end of the recovery window
	versions                         []*version // oldest first
}

type version struct {
	id      string
	str     *string
	bin     []byte
	stages  []string
	created time.Time
}

// partialARN is the ARN without the random suffix AWS appends to the name.
func (s *secret) partialARN() string { return s.arn[:len(s.arn)-7] }

func (s *secret) version(id string) *version {
	for _, v := range s.versions {
		if v.id == id {
			return v
		}
	}
	return nil
}

func (s *secret) staged(stage string) *version {
	for _, v := range s.versions {
		if slices.Contains(v.stages, stage) {
			return v
		}
	}
	return nil
}

// addVersion stores a new version under stages (AWSCURRENT by default).
// Each label moves to it from the version that held it; when AWSCURRENT
// moves, the version that held it becomes AWSPREVIOUS, as AWS does.
func (s *secret) addVersion(v *version, stages []string) {
	if len(stages) == 0 {
		stages = []string{stageCurrent}
	}
	if slices.Contains(stages, stageCurrent) {
		if old := s.staged(stageCurrent); old != nil {
			s.unstage(stagePrevious)
			old.stages = append(old.stages, stagePrevious)
		}
	}
	for _, st := range stages {
		s.unstage(st)
	}
	v.stages = slices.Clone(stages)
	s.versions = append(s.versions, v)
}

func (s *secret) unstage(stage string) {
	for _, v := range s.versions {
		v.stages = slices.DeleteFunc(v.stages, func(x string) bool { return x == stage })
	}
}

// sameValue reports whether v holds exactly this value, for the
// idempotency of a repeated ClientRequestToken.
func (v *version) sameValue(str *string, bin []byte) bool {
	return aws.StringValue(v.str) == aws.StringValue(str) && (v.str == nil) == (str == nil) && bytes.Equal(v.bin, bin)
}

// versionsToStages is the VersionIdsToStages map; versions without labels
// are deprecated and AWS omits them.
func (s *secret) versionsToStages() map[string][]*string {
	out := map[string][]*string{}
	for _, v := range s.versions {
		if len(v.stages) > 0 {
			out[v.id] = aws.StringSlice(v.stages)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func (s *secret) setTags(tags []*v1.Tag) {
	for _, t := range tags {
		i := slices.IndexFunc(s.tags, func(x *v1.Tag) bool { return aws.StringValue(x.Key) == aws.StringValue(t.Key) })
		if i >= 0 {
			s.tags[i] = t
		} else {
			s.tags = append(s.tags, t)
		}
	}
}

func (s *secret) removeTags(keys []*string) {
	s.tags = slices.DeleteFunc(s.tags, func(t *v1.Tag) bool {
		return slices.Contains(aws.StringValueSlice(keys), aws.StringValue(t.Key))
	})
}

// tagList returns a copy, or nil when there are none: AWS omits Tags then.
func (s *secret) tagList() []*v1.Tag {
	if len(s.tags) == 0 {
		return nil
	}
	return slices.Clone(s.tags)
}

// strOrNil is nil for "": AWS omits empty members.
func strOrNil(s string) *string {
	if s == "" {
		return nil
	}
	return aws.String(s)
}
