package secretsmanager

import (
	"errors"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/secretsmanager"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// listSecrets follows
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_ListSecrets.html
// Secrets come by CreatedDate (SortOrder asc or desc); those scheduled for
// deletion only with IncludePlannedDeletion.
func (s *Service) listSecrets(r *core.Request) (any, error) {
	var in v1.ListSecretsInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	for _, f := range in.Filters {
		if !slices.Contains(v1.FilterNameStringType_Values(), aws.StringValue(f.Key)) {
			return nil, invalidParameter("Invalid filter key: " + aws.StringValue(f.Key))
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var match []*secret
	for _, sec := range s.sorted() {
		if sec.deletedAt != nil && !aws.BoolValue(in.IncludePlannedDeletion) {
			continue
		}
		if matchesAll(sec, in.Filters) {
			match = append(match, sec)
		}
	}
	if aws.StringValue(in.SortOrder) == v1.SortOrderTypeDesc {
		slices.Reverse(match)
	}
	start, end, next, err := core.Page(len(match), aws.StringValue(in.NextToken), int(aws.Int64Value(in.MaxResults)), 100)
	if err != nil {
		var e *core.Error
		if errors.As(err, &e) {
			e.Code = "InvalidNextTokenException"
		}
		return nil, err
	}
	out := &v1.ListSecretsOutput{SecretList: []*v1.SecretListEntry{}}
	for _, sec := range match[start:end] {
		out.SecretList = append(out.SecretList, entry(sec))
	}
	if next != "" {
		out.NextToken = aws.String(next)
	}
	return out, nil
}

func entry(sec *secret) *v1.SecretListEntry {
	return &v1.SecretListEntry{
		ARN:                    aws.String(sec.arn),
		Name:                   aws.String(sec.name),
		Description:            strOrNil(sec.description),
		KmsKeyId:               strOrNil(sec.kmsKeyID),
		CreatedDate:            aws.Time(sec.created),
		LastChangedDate:        aws.Time(sec.lastChanged),
		LastAccessedDate:       sec.lastAccessed,
		DeletedDate:            sec.deletedAt,
		Tags:                   sec.tagList(),
		SecretVersionsToStages: sec.versionsToStages(),
	}
}

// matchesAll applies the filters as https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_Filter.html
// describes them: every filter must match (AND), any of a filter's values
// may (OR), a value is a prefix, and a leading "!" negates it.
func matchesAll(sec *secret, filters []*v1.Filter) bool {
	for _, f := range filters {
		if !slices.ContainsFunc(f.Values, func(v *string) bool { return matches(sec, aws.StringValue(f.Key), aws.StringValue(v)) }) {
			return false
		}
	}
	return true
}

func matches(sec *secret, key, value string) bool {
	if neg, ok := strings.CutPrefix(value, "!"); ok {
		return !matches(sec, key, neg)
	}
	switch key {
	case v1.FilterNameStringTypeName:
		return strings.HasPrefix(sec.name, value)
	case v1.FilterNameStringTypeDescription: // not case-sensitive
		return strings.HasPrefix(strings.ToLower(sec.description), strings.ToLower(value))
	case v1.FilterNameStringTypeTagKey:
		return slices.ContainsFunc(sec.tags, func(t *v1.Tag) bool { return strings.HasPrefix(aws.StringValue(t.Key), value) })
	case v1.FilterNameStringTypeTagValue:
		return slices.ContainsFunc(sec.tags, func(t *v1.Tag) bool { return strings.HasPrefix(aws.StringValue(t.Value), value) })
	case v1.FilterNameStringTypeAll:
		return matchesWords(sec, value)
	}
	return false // primary-region, owning-service: this fake's secrets have neither
}

// matchesWords is the "all" filter: each word of the value must begin one
// of the secret's attributes, not case-sensitive.
func matchesWords(sec *secret, value string) bool {
	attrs := []string{sec.name, sec.description}
	for _, t := range sec.tags {
		attrs = append(attrs, aws.StringValue(t.Key), aws.StringValue(t.Value))
	}
	for _, w := range strings.Fields(strings.ToLower(value)) {
		if !slices.ContainsFunc(attrs, func(a string) bool { return strings.HasPrefix(strings.ToLower(a), w) }) {
			return false
		}
	}
	return true
}
