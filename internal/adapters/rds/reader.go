package rds

import (
	"math"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/everruns/reconciler/internal/adapters/kit"
)

// reader reads desired fields into SDK pointers, keeping the first error,
// so that a create or modify input reads as one literal.
type reader struct {
	fields map[string]any
	err    error
}

func (r *reader) keep(err error) {
	if r.err == nil {
		r.err = err
	}
}

func (r *reader) str(key string) *string {
	v, err := kit.String(r.fields, key)
	r.keep(err)
	return aws.String(v)
}

func (r *reader) bool(key string) *bool {
	v, err := kit.Bool(r.fields, key)
	r.keep(err)
	return aws.Bool(v)
}

func (r *reader) int32(key string) *int32 {
	v, err := kit.Int(r.fields, key)
	r.keep(err)
	if v > math.MaxInt32 || v < math.MinInt32 {
		r.keep(kit.BadInput("field %s: %d is out of range", key, v))
	}
	return aws.Int32(int32(v))
}

func (r *reader) strs(key string) []string {
	v, err := kit.Strings(r.fields, key)
	r.keep(err)
	return v
}
