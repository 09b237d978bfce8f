package ec2

import (
	"sort"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// page cuts one page out of items, which must be in a stable order.
// Without MaxResults AWS returns everything; with it, the value must lie in
// the operation's documented range, else InvalidParameterValue.
func page[T any](items []T, maxResults *int64, token *string, lo, hi int64) ([]T, *string, error) {
	limit := 0
	if maxResults != nil {
		if *maxResults < lo || *maxResults > hi {
			return nil, nil, core.BadRequest("InvalidParameterValue",
				"Value ( %d ) for parameter maxResults is invalid. Expecting a value between %d and %d.", *maxResults, lo, hi)
		}
		limit = int(*maxResults)
	}
	all := len(items)
	if all == 0 {
		all = 1
	}
	start, end, next, err := core.Page(len(items), deref(token), limit, all)
	if err != nil {
		return nil, nil, err
	}
	if next == "" {
		return items[start:end], nil, nil
	}
	return items[start:end], &next, nil
}

// sortedIDs returns the keys of m in order, the stable order paging needs.
func sortedIDs[V any](m map[string]V) []string {
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// pick returns the IDs a Describe call looks at: those asked for, each of
// which must exist (else the operation's NotFound error, naming the first
// missing one), or all of them in order.
func pick[V any](m map[string]V, asked []*string, notFound func(id string) error) ([]string, error) {
	if len(asked) == 0 {
		return sortedIDs(m), nil
	}
	seen := map[string]bool{}
	var ids []string
	for _, p := range asked {
		id := deref(p)
		if _, ok := m[id]; !ok {
			return nil, notFound(id)
		}
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids, nil
}
