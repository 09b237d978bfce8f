// Package kit is what every adapter package shares, whatever the AWS
// service: identity tags as plain maps, idempotency tokens derived from the
// address, one paginated tag-filtered Observe, an Update dispatcher that
// runs each changed field's handler in a fixed order, typed readers of
// desired fields, per-service error tables, and the registry of adapters.
// It imports no AWS service package; each adapter package converts its
// service's tag and error shapes at its edge.
package kit
