package elbv2

import "github.com/everruns/reconciler/internal/fakeaws/core"

// page applies ELBv2's Marker/PageSize paging (PageSize 1–400) to n items
// in a stable order.
func page(n int, marker *string, pageSize *int64) (start, end int, next *string, err error) {
	size := 0
	if pageSize != nil {
		if *pageSize < 1 || *pageSize > 400 {
			return 0, 0, nil, validation("1 validation error detected: Value '%d' at 'pageSize' failed to satisfy constraint: Member must have value between 1 and 400", *pageSize)
		}
		size = int(*pageSize)
	}
	m := ""
	if marker != nil {
		m = *marker
	}
	start, end, tok, err := core.Page(n, m, size, 400)
	if err != nil {
		return 0, 0, nil, validation("Invalid marker '%s'", m)
	}
	if tok != "" {
		next = &tok
	}
	return start, end, next, nil
}
