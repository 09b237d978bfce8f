package ec2

import (
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/service/ec2"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// maxTags is the per-resource tag limit
// (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Tags.html#tag-restrictions).
const maxTags = 50

// tagSpecs validates the TagSpecifications of a create call for a resource
// of type want, before anything is created, and returns the tags.
func tagSpecs(specs []*ec2.TagSpecification, want string) (map[string]string, error) {
	tags := map[string]string{}
	for _, s := range specs {
		if rt := deref(s.ResourceType); rt != want {
			return nil, core.BadRequest("InvalidParameterValue", "'%s' is not a valid taggable resource type for this operation.", rt)
		}
		if err := checkTags(s.Tags); err != nil {
			return nil, err
		}
		for _, t := range s.Tags {
			tags[deref(t.Key)] = deref(t.Value)
		}
	}
	if len(tags) > maxTags {
		return nil, core.BadRequest("TagLimitExceeded", "The maximum number of Tags for a resource has been reached.")
	}
	return tags, nil
}

// checkTags applies the documented key and value restrictions.
func checkTags(tags []*ec2.Tag) error {
	for _, t := range tags {
		k := deref(t.Key)
		switch {
		case k == "" || len(k) > 128:
			return core.BadRequest("InvalidParameterValue", "Tag key must be between 1 and 128 characters: '%s'", k)
		case strings.HasPrefix(strings.ToLower(k), "aws:"):
			return core.BadRequest("InvalidParameterValue", "Tag keys starting with 'aws:' are reserved for internal use")
		case len(deref(t.Value)) > 256:
			return core.BadRequest("InvalidParameterValue", "Tag value must be at most 256 characters for key '%s'", k)
		}
	}
	return nil
}

func (st *state) setTags(id string, tags map[string]string) {
	if len(tags) == 0 {
		return
	}
	m := st.tags[id]
	if m == nil {
		m = map[string]string{}
		st.tags[id] = m
	}
	for k, v := range tags {
		m[k] = v
	}
}

// tagList renders the tags of a resource in key order; nil when it has
// none, as AWS omits the tagSet then.
func (st *state) tagList(id string) []*ec2.Tag {
	m := st.tags[id]
	if len(m) == 0 {
		return nil
	}
	keys := sortedIDs(m)
	out := make([]*ec2.Tag, 0, len(keys))
	for _, k := range keys {
		out = append(out, &ec2.Tag{Key: aws.String(k), Value: aws.String(m[k])})
	}
	return out
}

// forget removes what belongs to a deleted resource.
func (st *state) forget(id string) { delete(st.tags, id) }

// checkResources verifies that every resource of a CreateTags or DeleteTags
// call exists, answering with the NotFound code of its kind.
func (st *state) checkResources(ids []*string) error {
	if len(ids) == 0 {
		return core.MissingParameter("resourceIdSet")
	}
	for _, p := range ids {
		id := deref(p)
		k, ok := kindOf(id)
		if !ok {
			return core.BadRequest("InvalidID", "The ID '%s' is not valid", id)
		}
		if !st.exists(id) {
			return k.missing(id)
		}
	}
	return nil
}

// createTags follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateTags.html
func (s *Service) createTags(st *state, r *core.Request) (any, error) {
	var in ec2.CreateTagsInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	if len(in.Tags) == 0 {
		return nil, core.MissingParameter("tagSet")
	}
	if err := st.checkResources(in.Resources); err != nil {
		return nil, err
	}
	if err := checkTags(in.Tags); err != nil {
		return nil, err
	}
	for _, p := range in.Resources {
		keys := map[string]bool{}
		for k := range st.tags[*p] {
			keys[k] = true
		}
		for _, t := range in.Tags {
			keys[deref(t.Key)] = true
		}
		if len(keys) > maxTags {
			return nil, core.BadRequest("TagLimitExceeded", "The maximum number of Tags for resource %s has been reached.", *p)
		}
	}
	for _, p := range in.Resources {
		tags := map[string]string{}
		for _, t := range in.Tags {
			tags[deref(t.Key)] = deref(t.Value)
		}
		st.setTags(*p, tags)
	}
	return &ec2.CreateTagsOutput{}, nil
}

// deleteTags follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteTags.html:
// no Tags deletes every tag; a tag with a value deletes it only if the value
// matches; a tag without a value deletes it whatever its value.
func (s *Service) deleteTags(st *state, r *core.Request) (any, error) {
	var in ec2.DeleteTagsInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	if err := st.checkResources(in.Resources); err != nil {
		return nil, err
	}
	for _, p := range in.Resources {
		m := st.tags[*p]
		if len(in.Tags) == 0 {
			delete(st.tags, *p)
			continue
		}
		for _, t := range in.Tags {
			k := deref(t.Key)
			if v, ok := m[k]; ok && (t.Value == nil || *t.Value == v) {
				delete(m, k)
			}
		}
	}
	return &ec2.DeleteTagsOutput{}, nil
}

type tagRow struct{ id, typ, key, value string }

var tagFields = fields[tagRow]{
	"key":           func(t tagRow) []string { return one(t.key) },
	"value":         func(t tagRow) []string { return one(t.value) },
	"resource-id":   func(t tagRow) []string { return one(t.id) },
	"resource-type": func(t tagRow) []string { return one(t.typ) },
}

// describeTags follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeTags.html
// (MaxResults 5–1000).
func (s *Service) describeTags(st *state, r *core.Request) (any, error) {
	var in ec2.DescribeTagsInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	m, err := compile(tagFields, in.Filters)
	if err != nil {
		return nil, err
	}
	var rows []tagRow
	for _, id := range sortedIDs(st.tags) {
		if !st.exists(id) {
			continue
		}
		k, _ := kindOf(id)
		tags := st.tags[id]
		for _, key := range sortedIDs(tags) {
			row := tagRow{id, k.resourceType, key, tags[key]}
			if m.match(row, tags) {
				rows = append(rows, row)
			}
		}
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].id < rows[j].id })
	got, next, err := page(rows, in.MaxResults, in.NextToken, 5, 1000)
	if err != nil {
		return nil, err
	}
	out := &ec2.DescribeTagsOutput{NextToken: next, Tags: []*ec2.TagDescription{}}
	for _, t := range got {
		out.Tags = append(out.Tags, &ec2.TagDescription{
			ResourceId: aws.String(t.id), ResourceType: aws.String(t.typ),
			Key: aws.String(t.key), Value: aws.String(t.value),
		})
	}
	return out, nil
}
