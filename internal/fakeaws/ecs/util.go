package ecs

import (
	"strconv"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/aws/awsutil"
	v1 "github.com/aws/aws-sdk-go/service/ecs"
)

// clone deep-copies a v1 shape, so that what is stored never aliases what
// a request decoded or a response encodes.
func clone[T any](v *T) *T {
	if v == nil {
		return nil
	}
	return awsutil.CopyOf(v).(*T)
}

// cloneAll deep-copies a list of v1 shapes; nil stays nil.
func cloneAll[T any](in []*T) []*T {
	if in == nil {
		return nil
	}
	out := make([]*T, len(in))
	for i, v := range in {
		out[i] = clone(v)
	}
	return out
}

func copySettings(in []*v1.ClusterSetting) []*v1.ClusterSetting { return cloneAll(in) }

// copyTags returns a copy that is never nil, as AWS answers "tags": [].
func copyTags(in []*v1.Tag) []*v1.Tag {
	out := cloneAll(in)
	if out == nil {
		out = []*v1.Tag{}
	}
	return out
}

func includes(in []*string) map[string]bool {
	m := map[string]bool{}
	for _, v := range in {
		m[aws.StringValue(v)] = true
	}
	return m
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
