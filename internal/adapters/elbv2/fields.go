package elbv2

import (
	"strconv"

	"github.com/everruns/reconciler/pkg/desired"
)

// stringSet is a listing's strings as a desired.Set, sorted.
func stringSet(s []string) desired.Set {
	out := desired.Set{}
	for _, v := range sorted(s) {
		out = append(out, v)
	}
	return out
}

// atoi reads a number AWS gives as a string; a missing one is 0, which
// differs from any value the file may hold, so it shows as drift.
func atoi(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

// firstErr is the first of several field reads' errors, so a create reads
// every field before it checks.
func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
