package elbv2

import (
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/everruns/reconciler/internal/adapters/concur"
)

// readConcurrency bounds the per-item reads of one Observe in flight.
const readConcurrency = 8

// reads are the listings the tier's kinds share (concur.Flight): three
// of them begin with the same listing of load balancers, two with the
// same listeners.
type reads struct {
	loadBalancers concur.Flight[tagged[types.LoadBalancer]]
	listeners     concur.Flight[[]types.Listener]
}
